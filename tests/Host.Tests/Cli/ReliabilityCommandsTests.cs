using System.Text.Json;
using Lumen.Host.Cli;
using Lumen.TestSupport;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

public sealed class ReliabilityCommandsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lumen-whatif-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private const string Rbts = "data/reliability/rbts-bus2";

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(200);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    [SharedDataFact(Rbts)]
    public void Assess_RbtsCaseA_JsonHasPublishedIndicesAndSnakeCaseFields()
    {
        (int code, string output) = Run("reliability", "assess", SharedData.PathOf(Rbts), "--case", "A", "--explain", "LP1", "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement system = doc.RootElement.GetProperty("system");
        // Allan et al. 1991, RBTS Bus 2 base case: SAIFI 0.248, SAIDI 3.61 h, CAIDI 14.6 h, ENS 37.745 MWh/yr.
        Assert.Equal(0.248, system.GetProperty("saifi").GetDouble(), 0.0005);
        Assert.Equal(3.61, system.GetProperty("saidi").GetDouble(), 0.005);
        Assert.Equal(14.6, system.GetProperty("caidi").GetDouble(), 0.05);
        Assert.Equal(37.745, system.GetProperty("ens_mwh").GetDouble(), 0.001);
        Assert.Equal(1908, system.GetProperty("customers").GetDouble());
        Assert.Equal(system.GetProperty("asai").GetDouble() * 100, system.GetProperty("rs_1").GetDouble(), 9);
        Assert.Equal(4, doc.RootElement.GetProperty("feeders").GetArrayLength());

        JsonElement lp1 = doc.RootElement.GetProperty("load_points").EnumerateArray().Single(l => l.GetProperty("id").GetString() == "LP1");
        Assert.Equal(0.23925, lp1.GetProperty("lambda").GetDouble(), 9);
        Assert.Equal(3.57525, lp1.GetProperty("u_hours").GetDouble(), 9);
        JsonElement explanation = doc.RootElement.GetProperty("explanation");
        Assert.Equal(6, explanation.GetProperty("contributions").GetArrayLength());
        Assert.Equal(3.57525, explanation.GetProperty("u_hours").GetDouble(), 9);
        Assert.Equal(0.23925, explanation.GetProperty("lambda").GetDouble(), 9);
    }

    [SharedDataFact(Rbts)]
    public void Assess_MonteCarlo_ReportsDistributions()
    {
        (int code, string output) = Run("reliability", "assess", SharedData.PathOf(Rbts), "--case", "E", "--monte-carlo", "--years", "2000", "--seed", "3", "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement saidi = doc.RootElement.GetProperty("monte_carlo").GetProperty("saidi");
        Assert.True(saidi.GetProperty("p5").GetDouble() <= saidi.GetProperty("p50").GetDouble());
        Assert.True(saidi.GetProperty("p50").GetDouble() <= saidi.GetProperty("p95").GetDouble());
        Assert.Equal(2000, doc.RootElement.GetProperty("monte_carlo").GetProperty("years").GetInt32());
    }

    [SharedDataFact(Rbts)]
    public void Assess_TableView_ShowsChartAndExplanation()
    {
        (int code, string output) = Run("reliability", "assess", SharedData.PathOf(Rbts), "--case", "A", "--explain", "LP1");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Worst 4 feeders by SAIDI", output, StringComparison.Ordinal);
        Assert.Contains("Why LP1", output, StringComparison.Ordinal);
        Assert.Contains("TX_LP1", output, StringComparison.Ordinal);
    }

    [SharedDataFact(Rbts)]
    public void Placement_RbtsCaseB_RanksMainSectionsBySaidiGain()
    {
        (int code, string output) = Run("reliability", "placement", SharedData.PathOf(Rbts), "--case", "B", "--feeder", "F1", "--count", "3", "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        var deltas = doc.RootElement.EnumerateArray().Select(c => c.GetProperty("delta_saidi").GetDouble()).ToList();
        Assert.Equal(3, deltas.Count);
        Assert.All(deltas, d => Assert.True(d < 0));
        Assert.Equal(deltas.OrderBy(d => d), deltas);
    }

    [SharedDataTheory(Rbts)]
    [InlineData("--feeder", "F9")]
    [InlineData("--explain", "LP99")]
    public void UnknownNames_AreInputErrors(string option, string value)
    {
        string verb = option == "--feeder" ? "placement" : "assess";
        (int code, string output) = Run("reliability", verb, SharedData.PathOf(Rbts), "--case", "A", option, value);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(value, output, StringComparison.Ordinal);
    }

    private string ChangesFile(string json)
    {
        Directory.CreateDirectory(_folder);
        string path = Path.Combine(_folder, "changes.json");
        File.WriteAllText(path, json);
        return path;
    }

    [SharedDataFact(Rbts)]
    public void WhatIf_RbtsCaseA_AutomatedTieAndBetterLine_LowerSaidi_JsonAndTable()
    {
        string changes = ChangesFile("""
            {"changes":[
              {"type":"automate_device","device":"NO_F1_F2"},
              {"type":"change_failure_rate","branch":"S1","failure_rate_per_year":0}
            ]}
            """);
        (int code, string output) = Run("reliability", "whatif", SharedData.PathOf(Rbts), "--case", "A", "--changes", changes, "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("delta_saidi").GetDouble() < 0);
        Assert.True(doc.RootElement.GetProperty("delta_saifi").GetDouble() < 0);

        // F1's seven load points are behind S1; the published base case is the baseline.
        Assert.True(doc.RootElement.GetProperty("load_points_affected").GetInt32() >= 7);
        Assert.Equal(3.61, doc.RootElement.GetProperty("baseline").GetProperty("saidi").GetDouble(), 0.005);

        (code, output) = Run("reliability", "whatif", SharedData.PathOf(Rbts), "--case", "A", "--changes", changes);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("With the changes", output, StringComparison.Ordinal);
        Assert.Contains("customers affected", output, StringComparison.Ordinal);
    }

    [SharedDataTheory(Rbts)]
    [InlineData("""{"changes":[{"type":"change_failure_rate","branch":"NOPE","failure_rate_per_year":1}]}""", "changes.json: error: changes[0].branch: no branch 'NOPE'")]
    [InlineData("""{"changes":[{"type":"remove_tie","branch":"S1"}]}""", "changes.json: error: changes[0].branch: branch 'S1' is not a normally-open tie")]
    [InlineData("""{"changes":[{"type":"add_tie","bus_a":"LP1","bus_b":"LP1"}]}""", "changes.json: error: changes[0].bus_b: a tie needs two different buses")]
    [InlineData("""{"changes":[]}""", "changes.json: error: changes: between 1 and 1000 changes")]
    [InlineData("{\n\"changes\": [{\"type\": \"remove_tie\", \"colour\": \"red\"}]}", "changes.json:2: error: $.changes[0].colour")]
    [InlineData("{\"changes\":[{\"type\":\"change_failure_rate\",\"failure_rate_per_year\":\"high\"}]}", "changes.json:1: error: $.changes[0].failure_rate_per_year")]
    [InlineData("[1,2]", "changes.json:1: error: $")]
    public void WhatIf_BadChanges_ExitNonZero_NamingFileAndField(string json, string expected)
    {
        (int code, string output) = Run("reliability", "whatif", SharedData.PathOf(Rbts), "--case", "A", "--changes", ChangesFile(json));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(expected, output.ReplaceLineEndings(string.Empty), StringComparison.Ordinal);
    }

    [SharedDataFact(Rbts)]
    public void WhatIf_MissingFile_ExitNonZero_NamingIt()
    {
        (int code, string output) = Run("reliability", "whatif", SharedData.PathOf(Rbts), "--changes", "/no/such/changes.json");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("changes.json: error: the file does not exist", output, StringComparison.Ordinal);
    }

    [SharedDataFact(Rbts)]
    public void Placement_BadDeviceAndCount_AreNamed()
    {
        (int code, string output) = Run("reliability", "placement", SharedData.PathOf(Rbts), "--case", "A", "--feeder", "F1", "--device", "teleporter", "--count", "0");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--device: 'teleporter' is not a device kind", output, StringComparison.Ordinal);
        Assert.Contains("--count: between 1 and 100", output, StringComparison.Ordinal);
    }

    [SharedDataFact(Rbts)]
    public void Diagram_RbtsF1_IsTheFeedersTree_JsonAndTable()
    {
        (int code, string output) = Run("reliability", "diagram", SharedData.PathOf(Rbts), "--case", "A", "--feeder", "F1", "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("version").ValueKind);
        JsonElement[] nodes = [.. doc.RootElement.GetProperty("nodes").EnumerateArray()];
        Assert.Equal(JsonValueKind.Null, nodes[0].GetProperty("parent").ValueKind);

        // F1 has LP1-LP7 (the published case A: LP1 U = 3.57525 h/yr).
        Assert.Equal(7, nodes.Count(n => n.GetProperty("load_point").ValueKind == JsonValueKind.String));
        Assert.Equal(3.57525, nodes.Single(n => n.GetProperty("load_point").GetString() == "LP1").GetProperty("u_hours").GetDouble(), 9);

        (code, output) = Run("reliability", "diagram", SharedData.PathOf(Rbts), "--case", "A", "--feeder", "F1");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("TX_LP1 → LP1 — area LP1: 210 customers, U 3.575 h/yr", output, StringComparison.Ordinal);

        (code, output) = Run("reliability", "diagram", SharedData.PathOf(Rbts), "--case", "A", "--feeder", "F9");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--feeder: no feeder 'F9'", output, StringComparison.Ordinal);
    }
}
