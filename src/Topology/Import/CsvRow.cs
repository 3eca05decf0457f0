using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;
using Lumen.Topology.Network;

namespace Lumen.Topology.Import;

/// <summary>One data row of a <see cref="CsvTable"/>, with typed cell readers that report bad values as diagnostics.</summary>
/// <remarks>
/// A cell is its text trimmed as <see cref="string.Trim()"/> trims it. Cells are read from the parser's UTF-8 bytes:
/// numbers, booleans and keywords are parsed there, and a text becomes a string only when asked for one. A cell that
/// does not parse, or whose trim the bytes cannot settle (a non-ASCII character at either end), takes the string path,
/// which gives every value and message (the oracle of the fast path).
/// </remarks>
internal sealed class CsvRow
{
    /// <summary>Longest cell decoded on the stack for <see cref="Chars"/>; a longer one is read as a string.</summary>
    public const int MaxStackChars = 256;

    private readonly CsvTable _table;
    private readonly Dictionary<string, int> _columns;

    // Column names come from the importers' literals: looking them up by reference saves hashing the name per cell.
    private readonly Dictionary<string, int> _byReference = new(ReferenceEqualityComparer.Instance);

    // A row callback asks for its columns in the same order on every row, so the k-th lookup of a row is first checked
    // against the k-th of the row before (one reference comparison instead of a dictionary lookup per cell). A callback
    // that asks in another order only falls back to the dictionary.
    private readonly string?[] _recentNames = new string?[64];
    private readonly int[] _recentIndices = new int[64];
    private int _lookups;
    private CsvReader? _reader;
    private int _fieldCount;

    public CsvRow(CsvTable table, Dictionary<string, int> columns)
    {
        _table = table;
        _columns = columns;
    }

    public SourceLocation Location { get; private set; }

    /// <summary>Moves to the parser's current record, which starts on <paramref name="line"/> of the file.</summary>
    public void Reset(int line, CsvReader reader, int count)
    {
        Location = new SourceLocation(_table.DisplayName, line);
        _reader = reader;
        _fieldCount = count;
        _lookups = 0;
    }

    public bool Has(string column)
    {
        int i = IndexOf(column);
        return i >= 0 && (TryCell(i, out ReadOnlySpan<byte> cell) ? !cell.IsEmpty : TextAt(i).Length > 0);
    }

    public string Text(string column) => TextAt(IndexOf(column));

    public void Error(string column, string message) => _table.Diagnostics.Add(new Diagnostic(Location, column, message));

    public string Required(string column)
    {
        string value = Text(column);
        if (value.Length == 0)
        {
            Error(column, "value is required");
        }

        return value;
    }

    /// <summary>
    /// The cell as UTF-16 in <paramref name="buffer"/> (at least <see cref="MaxStackChars"/> long) when it fits, else as
    /// a string's characters; "value is required" when it is empty and <paramref name="required"/>.
    /// </summary>
    public ReadOnlySpan<char> Chars(string column, Span<char> buffer, bool required)
    {
        int i = IndexOf(column);
        ReadOnlySpan<char> chars = TryCell(i, out ReadOnlySpan<byte> cell) && cell.Length <= buffer.Length
            ? buffer[..Utf8ToUtf16(cell, buffer)]
            : TextAt(i);
        if (required && chars.IsEmpty)
        {
            Error(column, "value is required");
        }

        return chars;
    }

    /// <summary>The cell in lower case (invariant), in <paramref name="buffer"/> when it is short ASCII; "value is required" when empty.</summary>
    public ReadOnlySpan<char> RequiredLower(string column, Span<char> buffer)
    {
        int i = IndexOf(column);
        ReadOnlySpan<char> lower;
        if (TryCell(i, out ReadOnlySpan<byte> cell) && cell.Length <= buffer.Length && Ascii.IsValid(cell))
        {
            Ascii.ToLower(cell, buffer, out int written);
            lower = buffer[..written];
        }
        else
        {
            lower = TextAt(i).ToLowerInvariant();
        }

        if (lower.IsEmpty)
        {
            Error(column, "value is required");
        }

        return lower;
    }

    public double Double(string column, double missing)
    {
        int i = IndexOf(column);
        if (TryCell(i, out ReadOnlySpan<byte> cell))
        {
            if (cell.IsEmpty)
            {
                return missing;
            }

            if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double fast) && double.IsFinite(fast))
            {
                return fast;
            }
        }

        return DoubleOf(column, TextAt(i), missing);
    }

    public int Int(string column, int missing)
    {
        int i = IndexOf(column);
        if (TryCell(i, out ReadOnlySpan<byte> cell))
        {
            if (cell.IsEmpty)
            {
                return missing;
            }

            if (int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out int fast))
            {
                return fast;
            }
        }

        return IntOf(column, TextAt(i), missing);
    }

    public bool Bool(string column, bool missing)
    {
        int i = IndexOf(column);
        if (TryCell(i, out ReadOnlySpan<byte> cell))
        {
            if (cell.IsEmpty)
            {
                return missing;
            }

            if (Ascii.EqualsIgnoreCase(cell, "true"u8) || Ascii.EqualsIgnoreCase(cell, "1"u8) || Ascii.EqualsIgnoreCase(cell, "yes"u8) || Ascii.EqualsIgnoreCase(cell, "y"u8))
            {
                return true;
            }

            if (Ascii.EqualsIgnoreCase(cell, "false"u8) || Ascii.EqualsIgnoreCase(cell, "0"u8) || Ascii.EqualsIgnoreCase(cell, "no"u8) || Ascii.EqualsIgnoreCase(cell, "n"u8))
            {
                return false;
            }
        }

        return BoolOf(column, TextAt(i), missing);
    }

    /// <summary>The number in <paramref name="text"/> (a trimmed cell) as the string path reads it, reporting a bad one.</summary>
    public double DoubleOf(string column, string text, double missing)
    {
        if (text.Length == 0)
        {
            return missing;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            string hint = text.Any(char.IsLetter) && text.Any(char.IsDigit) ? " (write the bare number in the column's unit)" : string.Empty;
            Error(column, $"'{text}' is not a number{hint}");
            return missing;
        }

        if (!double.IsFinite(value))
        {
            Error(column, $"'{text}' is out of range");
            return missing;
        }

        return value;
    }

    /// <summary>The whole number in <paramref name="text"/> (a trimmed cell) as the string path reads it, reporting a bad one.</summary>
    public int IntOf(string column, string text, int missing)
    {
        if (text.Length == 0)
        {
            return missing;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            bool tooBig = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) || text.All(char.IsDigit);
            Error(column, tooBig ? $"'{text}' is too large" : $"'{text}' is not a whole number");
            return missing;
        }

        return value;
    }

    /// <summary>The boolean in <paramref name="text"/> (a trimmed cell) as the string path reads it, reporting a bad one.</summary>
    public bool BoolOf(string column, string text, bool missing)
    {
        switch (text.ToLowerInvariant())
        {
            case "":
                return missing;
            case "true" or "1" or "yes" or "y":
                return true;
            case "false" or "0" or "no" or "n":
                return false;
            default:
                Error(column, $"'{text}' is not true/false");
                return missing;
        }
    }

    // The cell's UTF-8 bytes trimmed, when the bytes settle the trim (StrictCsv.TryTrimUtf8): else the string path decides.
    private bool TryCell(int i, out ReadOnlySpan<byte> cell) => StrictCsv.TryTrimUtf8(i >= 0 && i < _fieldCount ? _reader!.GetSpan(i) : [], out cell);

    private string TextAt(int i)
    {
        if (TryCell(i, out ReadOnlySpan<byte> cell))
        {
            return cell.IsEmpty ? string.Empty : Encoding.UTF8.GetString(cell);
        }

        return _reader!.GetString(i).Trim();
    }

    private static int Utf8ToUtf16(ReadOnlySpan<byte> cell, Span<char> buffer)
    {
        // The parser's bytes were checked as UTF-8, and a cell has no more characters than bytes.
        Utf8.ToUtf16(cell, buffer, out _, out int written, replaceInvalidSequences: false);
        return written;
    }

    private int IndexOf(string column)
    {
        int k = _lookups++;
        if (k < _recentNames.Length && ReferenceEquals(_recentNames[k], column))
        {
            return _recentIndices[k];
        }

        int i = Lookup(column);
        if (k < _recentNames.Length)
        {
            _recentNames[k] = column;
            _recentIndices[k] = i;
        }

        return i;
    }

    private int Lookup(string column)
    {
        if (!_byReference.TryGetValue(column, out int i))
        {
            i = _columns.TryGetValue(column, out int found) ? found : -1;
            _byReference.Add(column, i);
        }

        return i;
    }
}
