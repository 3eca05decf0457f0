using System.Globalization;

namespace Lumen.Topology.Import.OpenDss;

/// <summary>One token of an OpenDSS command line: <c>name=value</c> or a positional <c>value</c>.</summary>
/// <param name="Name">Lower-case property name; null for a positional token.</param>
/// <param name="Value">The value with one level of enclosing quotes or brackets removed.</param>
/// <param name="Grouped">True when the value was written inside quotes or brackets.</param>
internal readonly record struct DssToken(string? Name, string Value, bool Grouped);

/// <summary>
/// Splits OpenDSS script lines into tokens and parses values (numbers, in-line RPN expressions, arrays, matrices).
/// </summary>
/// <remarks>
/// OpenDSS delimits tokens by white space and commas; a value may be grouped by <c>"…"</c>, <c>'…'</c>, <c>(…)</c>,
/// <c>[…]</c> or <c>{…}</c>, and white space is allowed around <c>=</c> (<c>kV= 24.9</c>, <c>rmatrix = (…)</c>).
/// <c>!</c> and <c>//</c> start a comment outside a group. Stateless and thread-safe.
/// </remarks>
internal static class OpenDssLexer
{
    /// <summary>Tokenizes one physical line (without its line end).</summary>
    /// <param name="line">The line.</param>
    /// <param name="tokens">Receives the tokens; cleared first.</param>
    /// <param name="error">A description of an unbalanced quote or bracket; null when the line is well formed.</param>
    /// <param name="errorField">The property whose value is malformed; empty when positional.</param>
    public static void Tokenize(string line, List<DssToken> tokens, out string? error, out string errorField)
    {
        tokens.Clear();
        error = null;
        errorField = string.Empty;
        int pos = 0;
        int n = line.Length;
        SkipDelimiters(line, ref pos);
        if (pos < n && line[pos] == '~')
        {
            tokens.Add(new DssToken(null, "~", false));
            pos++;
        }

        while (true)
        {
            SkipDelimiters(line, ref pos);
            if (pos >= n || IsCommentStart(line, pos))
            {
                return;
            }

            string first;
            bool grouped = IsOpener(line[pos]);
            if (grouped)
            {
                if (!TryReadGroup(line, ref pos, out first))
                {
                    error = $"unbalanced '{line[pos]}': no matching '{Closer(line[pos])}' on this line";
                    return;
                }
            }
            else
            {
                first = ReadBare(line, ref pos, stopAtEquals: true);
            }

            int look = pos;
            while (look < n && (line[look] == ' ' || line[look] == '\t'))
            {
                look++;
            }

            if (!grouped && look < n && line[look] == '=')
            {
                string name = first.ToLowerInvariant();
                pos = look + 1;
                while (pos < n && (line[pos] == ' ' || line[pos] == '\t'))
                {
                    pos++;
                }

                if (pos >= n || IsCommentStart(line, pos))
                {
                    tokens.Add(new DssToken(name, string.Empty, false));
                    return;
                }

                if (IsOpener(line[pos]))
                {
                    char opener = line[pos];
                    if (!TryReadGroup(line, ref pos, out string value))
                    {
                        error = $"unbalanced '{opener}': no matching '{Closer(opener)}' on this line";
                        errorField = name;
                        return;
                    }

                    tokens.Add(new DssToken(name, value, true));
                }
                else
                {
                    tokens.Add(new DssToken(name, ReadBare(line, ref pos, stopAtEquals: false), false));
                }
            }
            else
            {
                tokens.Add(new DssToken(null, first, grouped));
            }
        }
    }

    /// <summary>Parses a scalar: a plain number, or an in-line RPN expression such as <c>8 1000 /</c>.</summary>
    /// <param name="text">The value with its brackets already removed.</param>
    /// <param name="value">The number.</param>
    /// <param name="error">Why it is not a number; null on success.</param>
    public static bool TryParseDouble(string text, out double value, out string? error)
    {
        error = null;
        string trimmed = text.Trim();
        if (TryParsePlain(trimmed, out value))
        {
            return true;
        }

        if (trimmed.Length == 0)
        {
            error = "empty value where a number is expected";
            return false;
        }

        if (trimmed.IndexOfAny([' ', '\t', ',']) < 0)
        {
            error = $"'{trimmed}' is not a number";
            return false;
        }

        return TryEvaluateRpn(trimmed, out value, out error);
    }

    /// <summary>Parses an array of numbers separated by white space, commas or <c>|</c>.</summary>
    public static bool TryParseArray(string text, List<double> values, out string? error)
    {
        values.Clear();
        error = null;
        foreach (string part in text.Split([' ', '\t', ',', '|'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryParsePlain(part, out double v))
            {
                error = $"'{part}' in array '{text}' is not a number";
                return false;
            }

            values.Add(v);
        }

        return true;
    }

    /// <summary>Splits an array of words (bus names, connections) on white space and commas.</summary>
    public static string[] SplitWords(string text) =>
        text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Parses a symmetric matrix written as a lower triangle (<c>a | b c | d e f</c>) or in full
    /// (<c>a b | c d</c>), with or without row separators, and returns the average diagonal and off-diagonal entries.
    /// </summary>
    /// <param name="text">The matrix text.</param>
    /// <param name="self">Average of the diagonal (the self impedance Zs).</param>
    /// <param name="mutual">Average of the entries below the diagonal (the mutual impedance Zm); 0 for 1x1.</param>
    /// <param name="order">The matrix order.</param>
    /// <param name="error">Why it is not a matrix; null on success.</param>
    public static bool TryParseMatrix(string text, out double self, out double mutual, out int order, out string? error)
    {
        self = 0;
        mutual = 0;
        order = 0;
        var values = new List<double>();
        if (!TryParseArray(text, values, out error))
        {
            return false;
        }

        int count = values.Count;
        int tri = 0;
        while ((tri + 1) * (tri + 2) / 2 <= count)
        {
            tri++;
        }

        int full = (int)Math.Round(Math.Sqrt(count));
        bool isTriangle = tri * (tri + 1) / 2 == count;
        bool isFull = full * full == count;
        if (count == 0 || (!isTriangle && !isFull))
        {
            error = $"matrix '{text}' has {count} entries: neither a lower triangle nor a full square";
            return false;
        }

        // 1 entry is both a 1x1 triangle and a 1x1 square; for larger counts the two readings never coincide.
        order = isTriangle ? tri : full;
        double diagonal = 0;
        double offDiagonal = 0;
        int offCount = 0;
        for (int i = 0; i < order; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double v = isTriangle ? values[(i * (i + 1) / 2) + j] : values[(i * order) + j];
                if (i == j)
                {
                    diagonal += v;
                }
                else
                {
                    offDiagonal += v;
                    offCount++;
                }
            }
        }

        self = diagonal / order;
        mutual = offCount == 0 ? 0 : offDiagonal / offCount;
        return true;
    }

    /// <summary>Parses yes/no/true/false/y/n (OpenDSS looks at the first letter).</summary>
    public static bool TryParseBool(string text, out bool value)
    {
        string t = text.Trim();
        value = false;
        if (t.Length == 0)
        {
            return false;
        }

        switch (char.ToLowerInvariant(t[0]))
        {
            case 'y':
            case 't':
                value = true;
                return true;
            case 'n':
            case 'f':
                return true;
            default:
                return false;
        }
    }

    /// <summary>Bus name without node suffixes, lower case: <c>692.3.1</c> → <c>692</c>.</summary>
    public static string BusName(string text)
    {
        string t = text.Trim();
        int dot = t.IndexOf('.');
        return (dot < 0 ? t : t[..dot]).ToLowerInvariant();
    }

    private static bool TryParsePlain(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static bool TryEvaluateRpn(string text, out double value, out string? error)
    {
        value = double.NaN;
        error = null;
        var stack = new Stack<double>();
        foreach (string part in text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParsePlain(part, out double number))
            {
                stack.Push(number);
                continue;
            }

            string op = part.ToLowerInvariant();
            int arity = op switch
            {
                "+" or "-" or "*" or "/" or "^" => 2,
                "sqr" or "sqrt" or "inv" or "ln" or "exp" or "log10" or "abs" or "neg" or "sin" or "cos" or "tan" => 1,
                "pi" => 0,
                _ => -1,
            };
            if (arity < 0)
            {
                error = $"'{part}' in '{text}' is neither a number nor an RPN operator";
                return false;
            }

            if (stack.Count < arity)
            {
                error = $"RPN expression '{text}': operator '{part}' needs {arity} operand(s)";
                return false;
            }

            double y = arity >= 1 ? stack.Pop() : 0;
            double x = arity == 2 ? stack.Pop() : 0;
            stack.Push(op switch
            {
                "+" => x + y,
                "-" => x - y,
                "*" => x * y,
                "/" => x / y,
                "^" => Math.Pow(x, y),
                "sqr" => y * y,
                "sqrt" => Math.Sqrt(y),
                "inv" => 1 / y,
                "ln" => Math.Log(y),
                "exp" => Math.Exp(y),
                "log10" => Math.Log10(y),
                "abs" => Math.Abs(y),
                "neg" => -y,
                "sin" => Math.Sin(y * Math.PI / 180),
                "cos" => Math.Cos(y * Math.PI / 180),
                "tan" => Math.Tan(y * Math.PI / 180),
                _ => Math.PI,
            });
        }

        if (stack.Count != 1)
        {
            error = $"RPN expression '{text}' leaves {stack.Count} values on the stack instead of 1";
            return false;
        }

        value = stack.Pop();
        if (!double.IsFinite(value))
        {
            error = $"RPN expression '{text}' is not finite";
            return false;
        }

        return true;
    }

    private static void SkipDelimiters(string line, ref int pos)
    {
        while (pos < line.Length && (line[pos] == ' ' || line[pos] == '\t' || line[pos] == ','))
        {
            pos++;
        }
    }

    private static bool IsCommentStart(string line, int pos) =>
        line[pos] == '!' || (line[pos] == '/' && pos + 1 < line.Length && line[pos + 1] == '/');

    private static bool IsOpener(char c) => c is '"' or '\'' or '(' or '[' or '{';

    private static char Closer(char opener) => opener switch
    {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        _ => opener,
    };

    private static bool TryReadGroup(string line, ref int pos, out string value)
    {
        char opener = line[pos];
        char closer = Closer(opener);
        int depth = 0;
        for (int i = pos; i < line.Length; i++)
        {
            char c = line[i];
            if (c == closer && (opener == closer ? i > pos : true))
            {
                if (opener == closer || depth == 1)
                {
                    value = line.Substring(pos + 1, i - pos - 1);
                    pos = i + 1;
                    return true;
                }

                depth--;
            }
            else if (c == opener)
            {
                depth++;
            }
        }

        value = string.Empty;
        return false;
    }

    private static string ReadBare(string line, ref int pos, bool stopAtEquals)
    {
        int start = pos;
        while (pos < line.Length)
        {
            char c = line[pos];
            if (c == ' ' || c == '\t' || c == ',' || (stopAtEquals && c == '=') || IsCommentStart(line, pos))
            {
                break;
            }

            pos++;
        }

        return line[start..pos];
    }
}
