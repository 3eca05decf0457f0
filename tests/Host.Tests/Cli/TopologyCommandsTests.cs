using System.Text.Json;
using Lumen.Host.Cli;
using Lumen.TestSupport;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

public sealed class TopologyCommandsTests
{
    private const string Rbts = "data/reliability/rbts-bus2";

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(200);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    [SharedDataFact(Rbts)]
    public void Summary_RbtsJson_HasStableSnakeCaseCounts()
    {
        (int code, string output) = Run("topology", "summary", SharedData.PathOf(Rbts), "--case", "A", "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement counts = doc.RootElement.GetProperty("counts");
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(4, counts.GetProperty("feeders").GetInt32());
        Assert.Equal(1908, counts.GetProperty("customers").GetInt32());
        Assert.Equal(2, counts.GetProperty("switches_open").GetInt32());
        Assert.Equal(26, counts.GetProperty("protective_devices").GetInt32());
        Assert.Equal(0, counts.GetProperty("islands").GetInt32());
    }

    [Fact]
    public void Summary_InvalidNetwork_PrintsErrorsAndExitsNonZero()
    {
        string folder = Directory.CreateTempSubdirectory("lumen-cli-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "buses.csv"), "bus_id,kind\nS,source\nA,node\nZ,node\n");
            File.WriteAllText(Path.Combine(folder, "branches.csv"), "branch_id,from_bus,to_bus,type,length_km\nB1,S,A,line,1\nB2,A,Q,line,1\n");

            (int code, string output) = Run("topology", "summary", folder);

            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("branches.csv:3: error: to_bus: branch 'B2': unknown bus 'Q'", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Summary_IslandsAreCountedEvenWhenInvalid()
    {
        string folder = Directory.CreateTempSubdirectory("lumen-cli-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "buses.csv"), "bus_id,kind\nS,source\nA,node\nZ,node\nY,node\n");
            File.WriteAllText(Path.Combine(folder, "branches.csv"), "branch_id,from_bus,to_bus,type,length_km\nB1,S,A,line,1\nB2,Z,Y,line,1\n");

            (int code, string output) = Run("topology", "summary", folder, "--format", "json");

            Assert.Equal(ExitCodes.InvalidInput, code);
            using JsonDocument doc = JsonDocument.Parse(output);
            Assert.Equal(1, doc.RootElement.GetProperty("counts").GetProperty("islands").GetInt32());
            JsonElement error = doc.RootElement.GetProperty("diagnostics")[0];
            Assert.Equal("buses.csv", error.GetProperty("file").GetString());
            Assert.Equal(4, error.GetProperty("line").GetInt32());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [SharedDataTheory("data/feeders")]
    [InlineData("ieee13/IEEE13Nodeckt.dss", 16, 12, 5, 15)]
    [InlineData("ieee123/IEEE123Master.dss", 132, 126, 8, 91)]
    public void Summary_IeeeFeeders_PrintCountsOfTheirReadmes(string master, int buses, int lines, int transformers, int loads)
    {
        (int code, string output) = Run("topology", "summary", SharedData.PathOf("data/feeders/" + master), "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement objects = doc.RootElement.GetProperty("source_objects");
        Assert.Equal(buses, objects.GetProperty("bus").GetInt32());
        Assert.Equal(lines, objects.GetProperty("line").GetInt32());
        Assert.Equal(transformers, objects.GetProperty("transformer").GetInt32());
        Assert.Equal(loads, objects.GetProperty("load").GetInt32());
        Assert.Equal(loads, doc.RootElement.GetProperty("counts").GetProperty("load_points").GetInt32());
    }

    [SharedDataFact(Rbts)]
    public void Trace_RbtsLp1_ShowsFuseAndPath()
    {
        (int code, string output) = Run("topology", "trace", SharedData.PathOf(Rbts), "--case", "A", "--node", "F1N4", "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal("F1", doc.RootElement.GetProperty("feeder").GetString());
        Assert.Equal("CB_F1", doc.RootElement.GetProperty("protective_device").GetString());
        Assert.Equal("TIE_F1_F2", doc.RootElement.GetProperty("alternate_supplies")[0].GetProperty("branch").GetString());
    }

    [SharedDataFact(Rbts)]
    public void Trace_UnknownNode_IsAnInputError()
    {
        (int code, string output) = Run("topology", "trace", SharedData.PathOf(Rbts), "--node", "NOPE");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("no bus 'NOPE'", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("topology", "summary", ".", "--bogus")]
    [InlineData("topology", "summary")]
    [InlineData("topology", "trace", ".")]
    [InlineData("nonsense")]
    public void UsageErrors_ExitWithUsageCode(params string[] args)
    {
        Assert.Equal(ExitCodes.Usage, Run(args).Code);
    }
}
