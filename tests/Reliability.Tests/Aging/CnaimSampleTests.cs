using System.Globalization;
using Lumen.Reliability.Aging;
using Lumen.TestSupport;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

public sealed class CnaimSampleTests
{
    private const string Sample = "data/assets/cnaim-sample.csv";

    [SharedDataFact(Sample)]
    public void Read_RPackageMode_MatchesEveryReferenceValue()
    {
        string path = SharedData.PathOf(Sample);
        CnaimSampleResult result = CnaimSampleFile.Read(path, CnaimMode.RPackage);
        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
        List<Dictionary<string, string>> expected = ReadRows(path);
        Assert.Equal(expected.Count, result.Rows.Count);
        var writer = new StringWriter();
        CnaimSampleFile.Write(result, writer);
        List<Dictionary<string, string>> actual = ReadRows(new StringReader(writer.ToString()));
        int compared = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            foreach (string column in CnaimSampleFile.OutputColumns)
            {
                string want = expected[i][column];
                string got = actual[i][column];
                if (column == "cof_currency")
                {
                    Assert.Equal(want, got);
                    continue;
                }

                if (want.Length == 0)
                {
                    // The package has no value (error or no future function); Lumen writes none only for the future PoF.
                    if (column.Contains("future", StringComparison.Ordinal))
                    {
                        Assert.True(got.Length == 0, $"row {i + 2} {column}: expected empty, got {got}");
                    }

                    continue;
                }

                double w = double.Parse(want, CultureInfo.InvariantCulture);
                double g = double.Parse(got, CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(g - w) <= 1e-9 * Math.Abs(w), $"row {i + 2} ({expected[i]["asset_class"]} age {expected[i]["in_age"]}) {column}: expected {w:R}, got {g:R}");
                compared++;
            }
        }

        Assert.True(compared > 300, $"only {compared} values compared");
    }

    [SharedDataFact(Sample)]
    public void Read_SpecMode_FloorsCurrentPofAtHealthFour()
    {
        CnaimSampleResult result = CnaimSampleFile.Read(SharedData.PathOf(Sample), CnaimMode.Spec);
        Assert.True(result.Succeeded);
        foreach (CnaimSampleRow row in result.Rows)
        {
            Assert.True(row.Health.PofPerYear >= row.Health.K * Cnaim.Polynomial(4) * (1 - 1e-12));
        }
    }

    [Fact]
    public void Read_UnknownCategoryAndBadLabel_ReportsFileLineAndField()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cnaim-bad-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "asset_class,in_asset_category,in_age,in_partial_discharge\nX,Flux capacitor,10,Default\nY,6.6/11kV Transformer (GM),10,Sparkly\n");
        try
        {
            CnaimSampleResult result = CnaimSampleFile.Read(path, CnaimMode.RPackage);
            Assert.False(result.Succeeded);
            Assert.Empty(result.Rows);
            Assert.Contains(result.Diagnostics, d => d.Location.Line == 2 && d.Field == "in_asset_category");
            Assert.Contains(result.Diagnostics, d => d.Location.Line == 3 && d.Field == "in_partial_discharge" && d.Message.Contains("High (Confirmed)", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<Dictionary<string, string>> ReadRows(string path)
    {
        using var reader = new StreamReader(path);
        return ReadRows(reader);
    }

    private static List<Dictionary<string, string>> ReadRows(TextReader reader)
    {
        using var parser = new CsvHelper.CsvParser(reader, CultureInfo.InvariantCulture);
        parser.Read();
        string[] header = parser.Record!;
        var rows = new List<Dictionary<string, string>>();
        while (parser.Read())
        {
            var row = new Dictionary<string, string>();
            for (int i = 0; i < header.Length; i++)
            {
                row[header[i]] = parser.Record![i];
            }

            rows.Add(row);
        }

        return rows;
    }
}
