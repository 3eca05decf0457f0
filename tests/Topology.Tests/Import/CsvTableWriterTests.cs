using System.Globalization;
using CsvHelper;
using FsCheck;
using FsCheck.Xunit;
using Lumen.Topology.Import;
using Xunit;

namespace Lumen.Topology.Tests.Import;

public sealed class CsvTableWriterTests
{
    [Theory]
    [InlineData(double.NaN, "")]
    [InlineData(double.PositiveInfinity, "")]
    [InlineData(double.NegativeInfinity, "")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    public void Cell_Numbers_InvariantShortestAndNoNaN(double value, string expected)
    {
        Assert.Equal(expected, CsvTableWriter.Cell(value));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("F1", "F1")]
    [InlineData("", "")]
    public void Cell_Text_FormulaGuarded(string value, string expected)
    {
        Assert.Equal(expected, CsvTableWriter.Cell(value));
    }

    [Fact]
    public void Cell_TimesBoolsNull()
    {
        Assert.Equal("2025-03-01T06:30:00.000Z", CsvTableWriter.Cell(new DateTime(2025, 3, 1, 6, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("2025-03-01T06:30:00", CsvTableWriter.Cell(new DateTime(2025, 3, 1, 6, 30, 0)));
        Assert.Equal("2025-03-01T06:30:00+08:00", CsvTableWriter.Cell(new DateTimeOffset(2025, 3, 1, 6, 30, 0, TimeSpan.FromHours(8))));
        Assert.Equal("true", CsvTableWriter.Cell(true));
        Assert.Equal(string.Empty, CsvTableWriter.Cell(null));
        Assert.Equal("42", CsvTableWriter.Cell(42L));
    }

    [Property(MaxTest = 200)]
    public void WrittenRows_ReadBackByCsvHelper_AsTheirCells(NonNull<string>[] texts, double[] numbers)
    {
        object?[] row = [.. texts.Select(t => (object?)t.Get), .. numbers.Select(n => (object?)n), "last"];
        string[] header = [.. row.Select((_, i) => "c" + i.ToString(CultureInfo.InvariantCulture))];
        var text = new StringWriter();
        using (var table = new CsvTableWriter(text, header))
        {
            table.WriteRow(row);
        }

        using CsvReader reader = CsvReader.FromText(text.ToString(), new CsvReaderOptions { Separator = ',' });
        Assert.True(reader.Read());
        Assert.Equal(header, reader.Headers);
        Assert.Equal(row.Select(CsvTableWriter.Cell), Enumerable.Range(0, reader.FieldCount).Select(reader.GetString));
    }
}
