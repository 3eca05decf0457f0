using System.Text.Json;
using Lumen.Host.Cli;
using Lumen.TestSupport;
using MiniExcelLibs;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

/// <summary><c>lumen plan diagnose --xlsx</c>: the workbook holds the JSON document's lists, one sheet each, named as its fields.</summary>
public sealed class PlanDiagnoseWorkbookTests
{
    private const string Rbts = "data/reliability/rbts-bus2";

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    [SharedDataFact(Rbts)]
    public void Diagnose_Xlsx_SheetsAndHeadersFollowTheJsonDocument()
    {
        string file = Path.Combine(Path.GetTempPath(), $"lumen-diagnosis-{Guid.NewGuid():N}.xlsx");
        try
        {
            (int code, string output) = Run("plan", "diagnose", SharedData.PathOf(Rbts), "--case", "A", "--format", "json", "--xlsx", file);
            Assert.True(code == ExitCodes.Ok, output);
            using JsonDocument doc = JsonDocument.Parse(output);
            JsonElement root = doc.RootElement;

            using FileStream stream = File.OpenRead(file);
            Assert.Equal(["summaries", "problems", "feeders", "n1_failures", "load_levels"], MiniExcel.GetSheetNames(stream));
            Assert.Equal(
                ["severity", "rule", "feeder", "substation", "zone", "figure", "limit", "unit", "detail"],
                Headers(stream, "problems"));
            Assert.Equal(
                ["feeder", "section", "fraction_of_peak", "not_restorable_mw (MW)", "not_restorable_customers", "binding_limit", "binding_element", "binding_loading_percent (%)", "binding_voltage_pu (pu)"],
                Headers(stream, "n1_failures"));
            Assert.Equal(["fraction_of_peak", "hours (h)"], Headers(stream, "load_levels"));

            // Every header is a field of the JSON rows it comes from (units in brackets aside).
            JsonElement firstFeeder = root.GetProperty("feeders")[0];
            foreach (string header in Headers(stream, "feeders"))
            {
                Assert.True(firstFeeder.TryGetProperty(header.Split(' ')[0], out _), header);
            }

            JsonElement system = root.GetProperty("system");
            foreach (string header in Headers(stream, "summaries"))
            {
                Assert.True(system.TryGetProperty(header.Split(' ')[0], out _), header);
            }

            // Rows: one per item of the document, in its order, with its values.
            List<IDictionary<string, object?>> Sheet(string name) =>
                [.. MiniExcel.Query(stream, useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>()];
            List<IDictionary<string, object?>> feeders = Sheet("feeders");
            Assert.Equal(root.GetProperty("feeders").GetArrayLength(), feeders.Count);
            Assert.Equal(firstFeeder.GetProperty("feeder").GetString(), feeders[0]["feeder"]);
            Assert.Equal(firstFeeder.GetProperty("peak_mw").GetDouble(), Convert.ToDouble(feeders[0]["peak_mw (MW)"], System.Globalization.CultureInfo.InvariantCulture), 9);
            Assert.Equal(root.GetProperty("problems").GetArrayLength(), Sheet("problems").Count);
            Assert.Equal(1 + root.GetProperty("zones").GetArrayLength() + root.GetProperty("substations").GetArrayLength(), Sheet("summaries").Count);
            Assert.Equal("system", Sheet("summaries")[0]["group"]);
            Assert.Equal(root.GetProperty("feeders").EnumerateArray().Sum(f => f.GetProperty("n1_failures").GetArrayLength()), Sheet("n1_failures").Count);
            Assert.Equal(root.GetProperty("load_levels").GetArrayLength(), Sheet("load_levels").Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // The first row's cells (a sheet may hold the header alone).
    private static List<string> Headers(Stream stream, string sheet) =>
        [.. MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().First().Values.Select(v => (string)v!)];

    [SharedDataFact(Rbts)]
    public void Diagnose_XlsxIntoAMissingFolder_FailsNamingTheFile()
    {
        string file = Path.Combine(Path.GetTempPath(), $"lumen-missing-{Guid.NewGuid():N}", "d.xlsx");
        (int code, string output) = Run("plan", "diagnose", SharedData.PathOf(Rbts), "--case", "A", "--xlsx", file);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--xlsx", output, StringComparison.Ordinal);
        Assert.Contains("d.xlsx", output, StringComparison.Ordinal);
    }
}
