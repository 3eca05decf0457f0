using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Tests.Demo;
using Xunit;

namespace Lumen.Topology.Tests.Import;

/// <summary>
/// <see cref="CsvRow"/> reads cells from the parser's UTF-8 bytes (numbers, booleans, keywords and references without a
/// string). Every reader must give what the string path gives for the cell's text trimmed by <see cref="string.Trim()"/>
/// (the oracle: <see cref="CsvRow.DoubleOf"/>, <see cref="CsvRow.IntOf"/>, <see cref="CsvRow.BoolOf"/>, the text
/// itself), value for value and diagnostic for diagnostic, on random cells good and bad, padded with ASCII and other
/// whitespace, in files with quotes (parsed trimmed) and without (parsed untrimmed).
/// </summary>
public sealed class CsvRowSpanTests
{
    private static readonly string[] s_columns = ["a", "b", "c"];

    private static readonly string[] s_pads = ["", "", " ", "  ", "\t", " \t ", "\v", "\f", "\u00A0", "\u3000", "\u2028", "\u0085", " \u00A0 "];

    private static readonly string[] s_cells =
    [
        "", "0", "-0", "1", "+1", "-1", "007", "1.5", "-2.25e3", "1E+21", ".5", "5.", "1e-320", "1e999", "-1e999", "NaN", "Infinity",
        "-Infinity", "∞", "1,5", "1.2.3", "0x1F", "1_000", "12abc", "5 kV", "abc", "-", "+", ".", "e5", "2147483647", "2147483648",
        "-2147483648", "-2147483649", "99999999999999999999", "١٢٣", "１２３", "true", "TRUE", "True", "yes", "Y", "no", "N", "false",
        "FALSE", "t", "f", "on", "line", "Cable", "OVERHEAD_LINE", "load_break_switch", "Transformer", "bus_tie", "source", "Node",
        "load_point", "İ", "ǅ", "K", "é", "馈线", "𝄞", "SS001-F01-N1", "a b", "x\u00A0y",
    ];

    [Property(MaxTest = 200)]
    public Property Cells_ReadFromBytes_AreThoseOfTheStringPath(int seed, bool quoted, NonNull<string> random)
    {
        var rng = new Random(seed);
        string Cell()
        {
            string core = rng.Next(8) switch
            {
                0 => rng.NextDouble().ToString(rng.Next(2) == 0 ? "R" : "E3", CultureInfo.InvariantCulture),
                1 => rng.Next(int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture),
                2 => Printable(random.Get),
                _ => s_cells[rng.Next(s_cells.Length)],
            };
            return s_pads[rng.Next(s_pads.Length)] + core + s_pads[rng.Next(s_pads.Length)];
        }

        int rows = 1 + rng.Next(12);
        string[][] cells = [.. Enumerable.Range(0, rows).Select(_ => s_columns.Select(_ => Cell()).ToArray())];
        if (!quoted)
        {
            // Without quotes a cell may hold no separator or line break.
            cells = [.. cells.Select(row => row.Select(c => c.Replace(",", ";").Replace("\"", "'").Replace("\r", " ").Replace("\n", " ")).ToArray())];
        }

        int bufferLength = 2 + rng.Next(40);
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "t.csv");
        string Line(IEnumerable<string> row) => string.Join(',', row.Select(c => quoted ? "\"" + c.Replace("\"", "\"\"") + "\"" : c));
        File.WriteAllText(path, string.Join('\n', [Line(s_columns), .. cells.Select(Line)]) + "\n", new UTF8Encoding(false));

        (List<string> Values, List<Diagnostic> Diagnostics) Read(Action<CsvRow, int, List<string>> readRow)
        {
            var values = new List<string>();
            var diagnostics = new List<Diagnostic>();
            int row = 0;
            Assert.True(CsvTable.Read(path, s_columns, [], diagnostics, csvRow => readRow(csvRow, row++, values)));
            Assert.Equal(rows, row);
            return (values, diagnostics);
        }

        (List<string> fast, List<Diagnostic> fastDiagnostics) = Read((row, _, values) =>
        {
            Span<char> buffer = stackalloc char[bufferLength];
            foreach (string c in s_columns)
            {
                values.Add(row.Double(c, double.NaN).ToString("R", CultureInfo.InvariantCulture));
                values.Add(row.Int(c, -7).ToString(CultureInfo.InvariantCulture));
                values.Add(row.Bool(c, false) ? "true" : "false");
                values.Add(row.Text(c));
                values.Add(row.Has(c) ? "has" : "empty");
                values.Add(row.Chars(c, buffer, required: true).ToString());
                values.Add(row.RequiredLower(c, buffer).ToString());
            }
        });
        (List<string> oracle, List<Diagnostic> oracleDiagnostics) = Read((row, r, values) =>
        {
            for (int i = 0; i < s_columns.Length; i++)
            {
                string c = s_columns[i];
                string text = cells[r][i].Trim();
                values.Add(row.DoubleOf(c, text, double.NaN).ToString("R", CultureInfo.InvariantCulture));
                values.Add(row.IntOf(c, text, -7).ToString(CultureInfo.InvariantCulture));
                values.Add(row.BoolOf(c, text, false) ? "true" : "false");
                values.Add(text);
                values.Add(text.Length > 0 ? "has" : "empty");
                Required(row, c, text);
                values.Add(text);
                Required(row, c, text);
                values.Add(text.ToLowerInvariant());
            }
        });

        Assert.Equal(oracle, fast);
        Assert.Equal(oracleDiagnostics, fastDiagnostics);
        return true.ToProperty();
    }

    private static void Required(CsvRow row, string column, string text)
    {
        if (text.Length == 0)
        {
            row.Error(column, "value is required");
        }
    }

    // A random string as a cell can hold it in a UTF-8 file: no NUL and no lone surrogate.
    private static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (c != '\0' && !char.IsSurrogate(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
