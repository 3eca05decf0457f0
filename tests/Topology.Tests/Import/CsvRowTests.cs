using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Tests.Demo;
using Xunit;

namespace Lumen.Topology.Tests.Import;

/// <summary>
/// <see cref="CsvRow"/> remembers the order in which a callback asked for the columns of the row before; a cell read in
/// any other order must still be the cell of the column asked for (oracle: the header's position of the column).
/// </summary>
public sealed class CsvRowTests
{
    private static readonly string[] s_columns = ["a", "b", "c", "d", "e"];

    [Property(MaxTest = 50)]
    public Property Cells_ReadInAnyOrderPerRow_AreTheColumnsAsked(int seed, byte rowCount)
    {
        var random = new Random(seed);
        int rows = 1 + (rowCount % 40);
        string[][] cells = [.. Enumerable.Range(0, rows).Select(r => s_columns.Select(c => $"{c}{r}x{random.Next(100)}").ToArray())];
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "t.csv");
        File.WriteAllLines(path, [string.Join(',', s_columns), .. cells.Select(row => string.Join(',', row))]);

        // Most rows ask in the order of the row before (the fast path), some in a new order or for only some columns.
        int[] order = [.. Enumerable.Range(0, s_columns.Length)];
        var seen = new List<string>();
        var expected = new List<string>();
        int row = 0;
        var diagnostics = new List<Diagnostic>();
        bool read = CsvTable.Read(path, ["a"], s_columns[1..], diagnostics, csvRow =>
        {
            if (random.Next(3) == 0)
            {
                random.Shuffle(order);
            }

            foreach (int c in order.Take(1 + random.Next(order.Length)))
            {
                seen.Add(csvRow.Text(s_columns[c]));
                expected.Add(cells[row][c]);
            }

            row++;
        });

        Assert.True(read);
        Assert.Empty(diagnostics);
        Assert.Equal(rows, row);
        Assert.Equal(expected, seen);
        return true.ToProperty();
    }

    /// <summary>
    /// A file without quotes is parsed untrimmed and its cells trimmed by <see cref="CsvRow"/>; the cells and the
    /// diagnostics (field lengths counted after a trim of spaces) must be those of the parser that trims, which reads
    /// the file when one column is quoted (oracle).
    /// </summary>
    [Property(MaxTest = 50)]
    public Property Cells_OfTextWithoutQuotes_AreThoseOfTheQuoteAwareParser(int seed, byte rowCount)
    {
        var random = new Random(seed);
        string[] pads = ["", " ", "  ", "\t", " \t ", "\u3000"];
        string Cell(int r, int c)
        {
            string core = random.Next(20) == 0 ? new string('v', StrictCsv.MaxFieldLength - 2 + random.Next(4)) : $"{s_columns[c]}{r}";
            return pads[random.Next(pads.Length)] + core + pads[random.Next(pads.Length)];
        }

        int rows = 1 + (rowCount % 30);
        string[][] cells = [.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, s_columns.Length).Select(c => Cell(r, c)).ToArray())];
        using var folder = new TempFolder();
        (List<string> Cells, List<Diagnostic> Diagnostics) Read(string name, string last)
        {
            string path = Path.Combine(folder.Path, name);
            File.WriteAllLines(path, [string.Join(',', [.. s_columns, "q"]), .. cells.Select(row => string.Join(',', [.. row, last]))]);
            var seen = new List<string>();
            var diagnostics = new List<Diagnostic>();
            CsvTable.Read(path, ["a"], [.. s_columns[1..], "q"], diagnostics, csvRow => seen.AddRange(s_columns.Select(csvRow.Text)));
            return (seen, [.. diagnostics.Select(d => d with { Location = d.Location with { File = "t.csv" } })]);
        }

        (List<string> plainCells, List<Diagnostic> plainDiagnostics) = Read("plain.csv", "q");
        (List<string> quotedCells, List<Diagnostic> quotedDiagnostics) = Read("quoted.csv", "\"q\"");
        Assert.Equal(quotedCells, plainCells);
        Assert.Equal(quotedDiagnostics, plainDiagnostics);
        return true.ToProperty();
    }
}
