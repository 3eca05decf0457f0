using Lumen.Host.Cli;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

/// <summary><c>lumen import network</c> and <c>lumen serve</c>: exit codes and messages.</summary>
public sealed class ServiceCommandsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lumen-svc-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    private string Network()
    {
        string folder = Path.Combine(_root, "net");
        LumenCsvWriter.Write(DemoGrid.Generate(400, 5).Build().Network!, folder);
        return folder;
    }

    [Fact]
    public void ImportNetwork_Valid_CreatesVersion_ThenDetectsTheSameContent()
    {
        string store = Path.Combine(_root, "store");
        string network = Network();
        (int code, string output) = Run("import", "network", network, "--data", store, "--name", "north");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Imported as version 1", output, StringComparison.Ordinal);
        Assert.Contains("[import] committed", output, StringComparison.Ordinal);

        (code, output) = Run("import", "network", network, "--data", store);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Unchanged", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(store, "lumen.duckdb")));
    }

    [Fact]
    public void ImportNetwork_Invalid_Exit1_NamingFileAndField()
    {
        string network = Network();
        File.WriteAllText(Path.Combine(network, "buses.csv"), "id,kind,nominal_kv\nS1,source,abc\n");
        (int code, string output) = Run("import", "network", network, "--data", Path.Combine(_root, "store"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("buses.csv", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportNetwork_UnknownOption_IsUsageError() =>
        Assert.Equal(ExitCodes.Usage, Run("import", "network", "x", "--bogus").Code);

    [Theory]
    [InlineData("--port", "70000", "Port")]
    [InlineData("--address", "0.0.0.0", "ApiKey")]
    [InlineData("--address", "nowhere", "Address")]
    public void Serve_InvalidSetting_Exit1_NamingIt(string option, string value, string named)
    {
        (int code, string output) = Run("serve", option, value, "--data", Path.Combine(_root, "data"), "--no-demo");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(named, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_UnknownOption_IsUsageError() =>
        Assert.Equal(ExitCodes.Usage, Run("serve", "--colour", "blue").Code);
}
