using System.Text.Json;
using Lumen.Host.Cli;
using Lumen.TestSupport;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

public sealed class VoltageCommandsTests : IDisposable
{
    private const string Ieee33 = "data/powerflow/ieee33";
    private const string Ieee13 = "data/feeders/ieee13/IEEE13Nodeckt.dss";
    private const string EuropeanLv = "data/feeders/european_lv/Master.dss";
    private readonly string _folder = Directory.CreateTempSubdirectory("lumen-voltage-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(200);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [SharedDataFact(Ieee33)]
    public void PowerFlow_Ieee33Json_HasTheDocumentedFields()
    {
        (int code, string output) = Run("voltage", "powerflow", SharedData.PathOf(Ieee33), "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.True(root.GetProperty("converged").GetBoolean());
        Assert.InRange(root.GetProperty("iterations").GetInt32(), 1, 20);
        Assert.Equal(202.67, root.GetProperty("losses_kw").GetDouble(), 0.01);
        Assert.Equal(135.14, root.GetProperty("losses_kvar").GetDouble(), 0.01);
        Assert.Equal(0.9131, root.GetProperty("min_voltage_pu").GetDouble(), 0.0001);
        Assert.Equal("18", root.GetProperty("min_voltage_bus").GetString());
        JsonElement bus = root.GetProperty("buses")[17];
        Assert.Equal("18", bus.GetProperty("id").GetString());
        Assert.True(bus.TryGetProperty("v_pu", out _) && bus.TryGetProperty("angle_deg", out _));
        JsonElement branch = root.GetProperty("branches")[0];
        Assert.True(branch.GetProperty("current_a").GetDouble() > 0);
        Assert.True(branch.TryGetProperty("loading_pct", out _));
    }

    [SharedDataFact(Ieee13)]
    public void PowerFlow_Ieee13_IsSolvedThreePhaseWithRegulatorTaps()
    {
        // The balanced solve predicted 0.914 pu and 10 low-voltage customers; with phases and regulators none are low.
        (int code, string output) = Run("voltage", "powerflow", SharedData.PathOf(Ieee13), "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.Equal("three_phase", root.GetProperty("model").GetString());
        Assert.Equal(0, root.GetProperty("low_voltage_customers").GetInt64());
        Assert.Equal([10, 8, 11], root.GetProperty("regulators").EnumerateArray().Select(r => r.GetProperty("tap").GetInt32()));
        JsonElement bus611 = root.GetProperty("buses").EnumerateArray().Single(b => b.GetProperty("id").GetString() == "611");
        JsonElement phase = Assert.Single(bus611.GetProperty("phases").EnumerateArray());
        Assert.Equal("c", phase.GetProperty("phase").GetString());
        Assert.Equal(0.9738, phase.GetProperty("v_pu").GetDouble(), 0.005);
        Assert.Equal(115.78, phase.GetProperty("angle_deg").GetDouble(), 0.2);

        (int tableCode, string table) = Run("voltage", "powerflow", SharedData.PathOf(Ieee13));
        Assert.Equal(ExitCodes.Ok, tableCode);
        Assert.Contains("three-phase unbalanced", table, StringComparison.Ordinal);
        Assert.Contains("Regulators", table, StringComparison.Ordinal);
    }

    [SharedDataFact(EuropeanLv)]
    public void Day_EuropeanLv_Json_HasMinutesPerCustomerAndTransformerUnbalance()
    {
        (int code, string output) = Run("voltage", "day", SharedData.PathOf(EuropeanLv), "--load-scale", "3", "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.Equal(1440, root.GetProperty("steps").GetInt32());
        JsonElement[] customers = [.. root.GetProperty("customers").EnumerateArray()];
        Assert.Equal(55, customers.Length);
        Assert.Equal(root.GetProperty("customer_minutes_below").GetDouble(), customers.Sum(c => c.GetProperty("minutes_below").GetDouble()));
        Assert.Contains(customers, c => c.GetProperty("cause").ValueKind == JsonValueKind.String);
        Assert.Equal("transformer.tr1", root.GetProperty("transformers")[0].GetProperty("transformer").GetString());

        (int balanced, string message) = Run("voltage", "day", SharedData.PathOf(Ieee33));
        Assert.Equal(ExitCodes.InvalidInput, balanced);
        Assert.Contains("no phase model", message, StringComparison.Ordinal);
    }

    [SharedDataFact(Ieee33)]
    public void PowerFlow_Ieee33_StaysBalanced()
    {
        (_, string output) = Run("voltage", "powerflow", SharedData.PathOf(Ieee33), "--format", "json");
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal("balanced", doc.RootElement.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("buses")[0].GetProperty("phases").ValueKind);
        Assert.Empty(doc.RootElement.GetProperty("regulators").EnumerateArray());
    }

    [SharedDataFact(Ieee33)]
    public void PowerFlow_ScenarioWithTieTransferAndScale_IsApplied()
    {
        string scenario = Write("s.csv", "kind,target,value\nclose,33,\nclose,34,\nclose,35,\nclose,36,\nopen,7,\nopen,9,\nopen,14,\nopen,32,\nopen,37,\n");
        (int code, string output) = Run("voltage", "powerflow", SharedData.PathOf(Ieee33), "--scenario", scenario, "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal(139.55, doc.RootElement.GetProperty("losses_kw").GetDouble(), 0.01);

        (int scaled, string table) = Run("voltage", "powerflow", SharedData.PathOf(Ieee33), "--load-scale", "1.2");
        Assert.Equal(ExitCodes.Ok, scaled);
        Assert.Contains("Lowest buses", table, StringComparison.Ordinal);
        Assert.Contains("4,458.0 kW", table, StringComparison.Ordinal);
    }

    [SharedDataFact(Ieee33)]
    public void PowerFlow_BadScenario_NamesLineAndField()
    {
        string scenario = Write("bad.csv", "kind,target,value\npeak_kw,nowhere,10\ntap_pu,5,1.05\n");
        (int code, string output) = Run("voltage", "powerflow", SharedData.PathOf(Ieee33), "--scenario", scenario);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad.csv:2: error: target: 'nowhere' is not a load point", output, StringComparison.Ordinal);
        Assert.Contains("bad.csv:3: error: target: '5' is not a transformer", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_Json_GroupsByFeederAndListsEpisodes()
    {
        string readings = Write("r.csv", """
            point_id,timestamp,voltage_v,nominal_v,area_id,feeder_id
            M1,2024-07-01T19:00:00+08:00,190,220,TA1,F1
            M1,2024-07-01T20:00:00+08:00,191,220,TA1,F1
            M1,2024-07-01T21:00:00+08:00,215,220,TA1,F1
            M2,2024-07-01T19:00:00+08:00,221,220,TA2,F2
            M2,2024-07-01T21:00:00+08:00,222,220,TA2,F2
            """);
        (int code, string output) = Run("voltage", "stats", "--readings", readings, "--profile", "sgcc-low-voltage", "--by", "feeder", "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.Equal(5, root.GetProperty("reading_count").GetInt64());
        Assert.Equal(["F1", "F2"], root.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString()));
        JsonElement f1 = root.GetProperty("groups")[0];
        Assert.Equal(100.0 / 3, f1.GetProperty("compliance_percent").GetDouble(), 4);
        Assert.Equal(1, f1.GetProperty("low_voltage_customers").GetInt32());
        JsonElement f2 = root.GetProperty("groups")[1];
        Assert.Equal(120, f2.GetProperty("monitored_hours").GetDouble() * 60, 9);
        Assert.Equal(60, f2.GetProperty("missing_hours").GetDouble() * 60, 9);
        JsonElement episode = Assert.Single(root.GetProperty("episodes").EnumerateArray());
        Assert.Equal("2024-07-01T19:00:00+08:00", episode.GetProperty("start").GetString());
        Assert.Equal(120, episode.GetProperty("hours").GetDouble() * 60, 9);
    }

    [Fact]
    public void Stats_Table_ShowsTotalRow()
    {
        string readings = Write("r.csv", "point_id,timestamp,voltage_v,nominal_v\nM1,2024-07-01T19:00:00,190,220\nM1,2024-07-01T20:00:00,221,220\n");
        (int code, string output) = Run("voltage", "stats", "--readings", readings, "--by", "month");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("2024-07", output, StringComparison.Ordinal);
        Assert.Contains("50.000", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_BadRowsAndUnknownProfile_ExitNonZero()
    {
        string readings = Write("r.csv", "point_id,timestamp,voltage_v,nominal_v\nM1,2024-07-01T19:00:00,abc,220\n");
        (int code, string output) = Run("voltage", "stats", "--readings", readings);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("r.csv:2: error: voltage_v", output, StringComparison.Ordinal);
        (int usage, _) = Run("voltage", "stats", "--readings", readings, "--profile", "nope");
        Assert.Equal(ExitCodes.Usage, usage);
        (int missing, _) = Run("voltage", "stats");
        Assert.Equal(ExitCodes.Usage, missing);
    }
}
