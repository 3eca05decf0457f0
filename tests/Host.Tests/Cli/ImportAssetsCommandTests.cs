using Lumen.Host.Cli;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Aging.Demo;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

/// <summary><c>lumen import assets</c>: store, idempotency, all-or-nothing, placement on the stored network.</summary>
public sealed class ImportAssetsCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lumen-assets-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    private (string Network, string Register) Demo()
    {
        string network = Path.Combine(_root, "net");
        Network built = DemoGrid.Generate(400, 5).Build().Network!;
        LumenCsvWriter.Write(built, network);
        DemoAssetFiles files = DemoAssetGenerator.Write(built, 5, Path.Combine(_root, "assets"));
        return (network, files.RegisterPath);
    }

    private int Revisions(string data)
    {
        using var store = new DuckDbStore(Path.Combine(data, "lumen.duckdb"));
        return new AssetRepository(store, TimeProvider.System).List().Count;
    }

    [Fact]
    public void ImportAssets_Valid_CreatesRevision_ThenDetectsTheSameFile()
    {
        (string network, string register) = Demo();
        string data = Path.Combine(_root, "data");
        Assert.Equal(ExitCodes.Ok, Run("import", "network", network, "--data", data).Code);
        (int code, string output) = Run("import", "assets", register, "--data", data);
        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("Imported as register revision 1", output, StringComparison.Ordinal);

        (code, output) = Run("import", "assets", register, "--data", data, "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("\"created\": false", output, StringComparison.Ordinal);
        Assert.Equal(1, Revisions(data));
    }

    [Fact]
    public void ImportAssets_BadRow_Exit1_NamingFileLineAndField_StoreUnchanged()
    {
        (_, string register) = Demo();
        string data = Path.Combine(_root, "data");
        Assert.Equal(ExitCodes.Ok, Run("import", "assets", register, "--data", data).Code);
        string[] lines = File.ReadAllLines(register);
        string[] cells = lines[2].Split(',');
        cells[1] = "teapot";
        lines[2] = string.Join(',', cells);
        string bad = Path.Combine(_root, "bad.csv");
        File.WriteAllLines(bad, lines);
        (int code, string output) = Run("import", "assets", bad, "--data", data);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad.csv:3", output, StringComparison.Ordinal);
        Assert.Contains("class", output, StringComparison.Ordinal);
        Assert.Equal(1, Revisions(data));
    }

    [Fact]
    public void ImportAssets_AssetNotOnTheStoredNetwork_Exit1_NamingComponent()
    {
        (string network, string register) = Demo();
        string data = Path.Combine(_root, "data");
        Assert.Equal(ExitCodes.Ok, Run("import", "network", network, "--data", data).Code);
        string[] lines = File.ReadAllLines(register);
        string[] cells = lines[1].Split(',');
        cells[2] = "NO-SUCH-BRANCH";
        lines[1] = string.Join(',', cells);
        string bad = Path.Combine(_root, "elsewhere.csv");
        File.WriteAllLines(bad, lines);
        (int code, string output) = Run("import", "assets", bad, "--data", data);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("elsewhere.csv:2", output, StringComparison.Ordinal);
        Assert.Contains("NO-SUCH-BRANCH", output, StringComparison.Ordinal);
        Assert.Equal(0, Revisions(data));
    }

    [Fact]
    public void ImportAssets_MissingFile_Exit1_AndUnknownOption_IsUsageError()
    {
        (int code, string output) = Run("import", "assets", Path.Combine(_root, "none.csv"), "--data", Path.Combine(_root, "data"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("none.csv", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, Run("import", "assets", "x.csv", "--bogus").Code);
    }
}
