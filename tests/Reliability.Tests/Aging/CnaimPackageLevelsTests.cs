using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using Lumen.Reliability.Aging;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

/// <summary>
/// R-package mode against reference rows derived by running the public CNAIM R package (Utiligize/CNAIM 2.1.4, Debian
/// R 4.2.2) on every category and input level of the package layout: each input varied alone from a category's base row
/// (ages, location, duty, every condition level, oil and fault-history bands, every CoF input and band edge), pole
/// sub-divisions, and a few combinations. <c>Data/cnaim-r-package-levels.csv</c> holds one row per case: the inputs that
/// are not Default, the package's outputs (13 significant digits) and its error per function. Values compare to 1e-9
/// relative; a function the package refuses must be refused with the package's reason.
/// </summary>
public sealed class CnaimPackageLevelsTests
{
    private static readonly string[] s_numbers =
    [
        "chs", "pof", "pof_future_y0", "fhs_future_y0", "pof_future_y10", "fhs_future_y10", "chs_age_plus_10", "pof_age_plus_10",
        "cof_financial", "cof_safety", "cof_environmental", "cof_network", "cof_total",
    ];

    private static readonly string[] s_errors = ["error_pof", "error_pof_age_plus_10", "error_pof_future", "error_cof"];

    private static string DataPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Data", "cnaim-r-package-levels.csv");

    private static List<Dictionary<string, string>> Reference()
    {
        using var reader = new StreamReader(DataPath());
        using CsvReader csv = CsvReader.Create(reader, new CsvReaderOptions { Separator = ',', HasHeader = false, MalformedData = CsvMalformedDataHandling.Throw }, leaveOpen: true);
        csv.Read();
        string[] header = csv.Current.ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            string[] record = csv.Current.ToArray();
            rows.Add(header.Select((h, i) => (h, record[i])).ToDictionary(p => p.h, p => p.Item2, StringComparer.Ordinal));
        }

        return rows;
    }

    public static TheoryData<string> Classes()
    {
        var data = new TheoryData<string>();
        foreach (string c in Reference().Select(r => r["asset_class"]).Distinct())
        {
            data.Add(c);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void RPackageMode_Category_MatchesThePackageOnEveryLevel(string assetClass)
    {
        List<Dictionary<string, string>> expected = Reference().Where(r => r["asset_class"] == assetClass).ToList();
        Assert.NotEmpty(expected);

        // The package layout: every input column the cases use, Default where a case leaves it out.
        var inputs = expected.Select(r => r["inputs"].Split('|', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal)).ToList();
        string[] columns = ["asset_class", "in_asset_category", "in_age", .. inputs.SelectMany(d => d.Keys).Distinct().Order(StringComparer.Ordinal)];
        string path = Path.Combine(Path.GetTempPath(), $"cnaim-levels-{Guid.NewGuid():N}.csv");
        try
        {
            using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
            using (CsvWriter csv = CsvWriter.Create(writer, new CsvWriterOptions(), leaveOpen: true))
            {
                foreach (string c in columns)
                {
                    csv.WriteField(c);
                }

                csv.EndRecord();
                for (int i = 0; i < expected.Count; i++)
                {
                    foreach (string c in columns)
                    {
                        csv.WriteField(c is "asset_class" or "in_asset_category" or "in_age" ? expected[i][c] : inputs[i].GetValueOrDefault(c, "Default"));
                    }

                    csv.EndRecord();
                }
            }

            CnaimSampleResult result = CnaimSampleFile.Read(path, CnaimMode.RPackage);
            Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
            Assert.Equal(expected.Count, result.Rows.Count);
            var output = new StringWriter();
            CnaimSampleFile.Write(result, output);
            using CsvReader parser = CsvReader.Create(new StringReader(output.ToString()), new CsvReaderOptions { Separator = ',', HasHeader = false, MalformedData = CsvMalformedDataHandling.Throw }, leaveOpen: false);
            parser.Read();
            string[] header = parser.Current.ToArray();
            int compared = 0;
            for (int i = 0; parser.Read(); i++)
            {
                string[] record = parser.Current.ToArray();
                Dictionary<string, string> got = header.Select((h, k) => (h, record[k])).ToDictionary(p => p.h, p => p.Item2, StringComparer.Ordinal);
                string where = $"{assetClass} case {i + 1} (age {expected[i]["in_age"]}; {expected[i]["inputs"]})";
                foreach (string e in s_errors)
                {
                    Assert.True(expected[i][e] == got[e], $"{where} {e}: package '{expected[i][e]}', Lumen '{got[e]}'");
                }

                foreach (string c in s_numbers)
                {
                    string want = expected[i][c];
                    if (want.Length == 0)
                    {
                        // No value where the package refuses or has no such function; the DK transformer's CoF has only a total.
                        Assert.True(got[c].Length == 0 || (c.StartsWith("cof_", StringComparison.Ordinal) && assetClass.StartsWith("DK_TF", StringComparison.Ordinal)), $"{where} {c}: expected none, got {got[c]}");
                        continue;
                    }

                    double w = double.Parse(want, CultureInfo.InvariantCulture);
                    Assert.True(got[c].Length > 0, $"{where} {c}: expected {want}, got none");
                    double g = double.Parse(got[c], CultureInfo.InvariantCulture);
                    Assert.True(Math.Abs(g - w) <= 1e-9 * Math.Max(Math.Abs(w), 1e-300), $"{where} {c}: package {w:R}, Lumen {g:R}");
                    compared++;
                }

                Assert.Equal(expected[i]["cof_currency"], got["cof_currency"]);
            }

            Assert.True(compared >= 4 * expected.Count, $"{assetClass}: only {compared} values compared");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
