using System.Text.Json;
using Lumen.Host.Cli;
using Lumen.Reliability.History.Demo;
using Lumen.Reliability.Repair.Demo;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

/// <summary><c>lumen import repairs</c>, <c>lumen repair stats</c> and <c>lumen repair placement</c> on a small demo with two years of history.</summary>
public sealed class RepairCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lumen-repair-cli-").FullName;

    public RepairCommandsTests()
    {
        Network network = DemoGrid.Generate(DemoScale.Small, 3).Build().Network!;
        LumenCsvWriter.Write(network, Path.Combine(_folder, "network"));
        DemoHistoryGenerator.Write(network, 5, Path.Combine(_folder, "history"), new DateOnly(2023, 1, 1), 2);
        DemoRepairGenerator.Write(network, Path.Combine(_folder, "history"), Path.Combine(_folder, "repair"), 5);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string[] Inputs(params string[] more) =>
    [
        "--network", Path.Combine(_folder, "network"), "--orders", Path.Combine(_folder, "repair", "work_orders.csv"),
        "--crews", Path.Combine(_folder, "repair", "crews.csv"), "--outages", Path.Combine(_folder, "history", "outages.csv"),
        "--complaints", Path.Combine(_folder, "history", "complaints.csv"), .. more,
    ];

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    [Fact]
    public void Stats_TableAndJson()
    {
        (int code, string table) = Run(["repair", "stats", .. Inputs("--by", "feeder")]);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Response by feeder", table, StringComparison.Ordinal);

        (code, string json) = Run(["repair", "stats", .. Inputs("--format", "json")]);
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.Equal("class", doc.RootElement.GetProperty("by").GetString());
        Assert.Equal(3, doc.RootElement.GetProperty("classes").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("overall").GetProperty("call_to_arrival").GetProperty("median_minutes").GetDouble() > 0);
    }

    [Fact]
    public void Placement_TableShowsBasesAndEffect()
    {
        (int code, string output) = Run(["repair", "placement", .. Inputs("--count", "1")]);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("New bases", output, StringComparison.Ordinal);
        Assert.Contains("SAIDI", output, StringComparison.Ordinal);

        // One more base, and one existing base free to move: the new sites say which base moves there, if any.
        (code, string json) = Run(["repair", "placement", .. Inputs("--count", "1", "--relocations", "1", "--format", "json")]);
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("relocations").GetInt32());
        JsonElement[] bases = [.. root.GetProperty("bases").EnumerateArray()];
        Assert.InRange(bases.Length, 1, 2);
        Assert.Equal(bases.Length - 1, bases.Count(b => b.GetProperty("moved_from").ValueKind == JsonValueKind.String));
        Assert.True(root.GetProperty("after").GetProperty("late_arrivals_per_year").GetDouble() <= root.GetProperty("before").GetProperty("late_arrivals_per_year").GetDouble());
        Assert.Equal(root.GetProperty("after").GetProperty("saidi").GetDouble() - root.GetProperty("before").GetProperty("saidi").GetDouble(), root.GetProperty("delta_saidi").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("delta_ens_mwh").ValueKind);

        Assert.Equal(ExitCodes.Usage, Run(["repair", "placement", .. Inputs("--count", "0")]).Code);
    }

    [Fact]
    public void BadInput_NamesFileLineField_Exit1_AndUsageErrorsExit2()
    {
        string bad = Path.Combine(_folder, "bad_orders.csv");
        File.WriteAllText(bad, "order_id,call_time,category,location_id\nW1,2024-01-01T10:00:00+08:00,outage,NOWHERE\n");
        (int code, string output) = Run("repair", "stats", "--network", Path.Combine(_folder, "network"), "--orders", bad, "--crews", Path.Combine(_folder, "repair", "crews.csv"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad_orders.csv:2: error: location_id:", output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Usage, Run("repair", "stats", "--network", Path.Combine(_folder, "network")).Code);
        Assert.Equal(ExitCodes.Usage, Run(["repair", "placement", .. Inputs("--objective", "fastest")]).Code);
    }

    [Fact]
    public void ImportRepairs_StoresOneBatch_AndTheSameFilesAgainAreUnchanged()
    {
        string store = Path.Combine(_folder, "data");
        Assert.Equal(ExitCodes.Ok, Run("import", "network", Path.Combine(_folder, "network"), "--data", store).Code);
        (int code, string output) = Run("import", "repairs", Path.Combine(_folder, "repair"), "--data", store);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Imported as batch 1", output, StringComparison.Ordinal);
        (code, output) = Run("import", "repairs", "--orders", Path.Combine(_folder, "repair", "work_orders.csv"), "--crews", Path.Combine(_folder, "repair", "crews.csv"), "--data", store);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Unchanged", output, StringComparison.Ordinal);
    }
}
