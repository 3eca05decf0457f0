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
            foreach (string column in CnaimSampleFile.OutputColumns.Where(c => !c.StartsWith("error", StringComparison.Ordinal)))
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

        // The package's refusals are the same, per function (the future PoF at age 0 with H = 0.5).
        for (int i = 0; i < expected.Count; i++)
        {
            foreach (string column in (string[])["error_pof", "error_pof_age_plus_10", "error_pof_future", "error_cof"])
            {
                Assert.Equal(expected[i][column], actual[i][column]);
            }
        }
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
    public void Read_UnknownCategoryAndBadLabel_SpecRefusesTheFile_RPackageGivesEachRowItsError()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cnaim-bad-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "asset_class,in_asset_category,in_age,in_partial_discharge,in_kva,in_access_type,in_no_customers\n" +
            "X,Flux capacitor,10,Default,500,Type A,150\nY,6.6/11kV Transformer (GM),10,Sparkly,500,Type A,150\nZ,6.6/11kV Transformer (GM),10,Low,lots,Type A,150\n" +
            "W,6.6/11kV Transformer (GM),10,Low,500,Type A,150\nV,6.6/11kV Transformer (GM),10,Low,500,Default,150\n");
        try
        {
            CnaimSampleResult spec = CnaimSampleFile.Read(path, CnaimMode.Spec);
            Assert.False(spec.Succeeded);
            Assert.Empty(spec.Rows);
            Assert.Contains(spec.Diagnostics, d => d.Location.Line == 2 && d.Field == "in_asset_category");
            Assert.Contains(spec.Diagnostics, d => d.Location.Line == 3 && d.Field == "in_partial_discharge" && d.Message.Contains("High (Confirmed)", StringComparison.Ordinal));

            // R-package mode: one row per input row, each refused function with its reason, the rest computed.
            CnaimSampleResult package = CnaimSampleFile.Read(path, CnaimMode.RPackage);
            Assert.True(package.Succeeded);
            Assert.Equal(5, package.Rows.Count);
            Assert.Contains("in_asset_category", package.Rows[0].Errors.Pof, StringComparison.Ordinal);
            Assert.NotNull(package.Rows[0].Errors.Cof);
            Assert.Contains("Sparkly", package.Rows[1].Errors.Pof, StringComparison.Ordinal);
            Assert.Null(package.Rows[1].Errors.Cof);
            Assert.True(package.Rows[1].Cof.Total > 0);
            Assert.Null(package.Rows[2].Errors.Pof);
            Assert.Contains("in_kva", package.Rows[2].Errors.Cof, StringComparison.Ordinal);
            Assert.True(package.Rows[2].Health.PofPerYear > 0);
            Assert.False(package.Rows[3].Errors.Any);

            // An access type the package's branches do not know refuses its CoF with the package's own message.
            Assert.Equal("object 'access_finacial_factor' not found", package.Rows[4].Errors.Cof);
            Assert.Null(package.Rows[4].Errors.Pof);
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
        using CsvHelper.CsvReader parser = CsvHelper.CsvReader.Create(reader, new CsvHelper.CsvReaderOptions { Separator = ',', HasHeader = false, MalformedData = CsvHelper.CsvMalformedDataHandling.Throw }, leaveOpen: true);
        parser.Read();
        string[] header = parser.Current.ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (parser.Read())
        {
            string[] record = parser.Current.ToArray();
            var row = new Dictionary<string, string>();
            for (int i = 0; i < header.Length; i++)
            {
                row[header[i]] = record[i];
            }

            rows.Add(row);
        }

        return rows;
    }
}
