using System.Text.Json;
using Lumen.Host.Cli;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

/// <summary><c>lumen network current</c>: the way back from a bad import, recorded in the store.</summary>
public sealed class NetworkCurrentCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lumen-network-current-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Store => Path.Combine(_folder, "data");

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    [Fact]
    public void MakeVersion1Current_AfterASecondImport_IsCurrentAndAudited()
    {
        foreach (int seed in new[] { 1, 2 })
        {
            string network = Path.Combine(_folder, $"network-{seed}");
            LumenCsvWriter.Write(DemoGrid.Generate(300, seed).Build().Network!, network);
            Assert.Equal(ExitCodes.Ok, Run("import", "network", network, "--data", Store).Code);
        }

        // Importing the first files again is "unchanged" and leaves version 2 current: only `network current` goes back.
        Assert.Equal(ExitCodes.Ok, Run("import", "network", Path.Combine(_folder, "network-1"), "--data", Store).Code);
        Assert.Equal(2, Current());

        (int code, string output) = Run("network", "current", "1", "--data", Store, "--format", "json");
        Assert.True(code == ExitCodes.Ok, output);
        using (JsonDocument made = JsonDocument.Parse(output))
        {
            Assert.True(made.RootElement.GetProperty("changed").GetBoolean());
            Assert.Equal(2, made.RootElement.GetProperty("previous").GetInt32());
        }

        Assert.Equal(1, Current());
        (code, output) = Run("network", "current", "--data", Store, "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument changes = JsonDocument.Parse(output);
        Assert.Equal(["1:import", "2:import", "1:cli"], changes.RootElement.EnumerateArray().Select(c => $"{c.GetProperty("network_version").GetInt32()}:{c.GetProperty("reason").GetString()}"));

        (code, output) = Run("network", "current", "7", "--data", Store);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("not a stored version", output, StringComparison.Ordinal);
        Assert.Equal(1, Current());
    }

    private int? Current()
    {
        using var store = new DuckDbStore(Path.Combine(Store, "lumen.duckdb"));
        return new NetworkRepository(store, TimeProvider.System).Latest()?.Version;
    }
}
