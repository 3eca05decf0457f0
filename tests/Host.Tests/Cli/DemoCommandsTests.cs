using Lumen.Host.Cli;
using Lumen.Topology.Import;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

public sealed class DemoCommandsTests
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(200);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    [Fact]
    public void Generate_Small_WritesAValidNetworkAndItsData()
    {
        string folder = Directory.CreateTempSubdirectory("lumen-demo-").FullName;
        try
        {
            (int code, _) = Run("demo", "generate", "--scale", "small", "--seed", "3", "--voltage-days", "2", "--load-series", "3", "--load-years", "1", "--out", folder);

            Assert.Equal(ExitCodes.Ok, code);
            NetworkImportResult network = NetworkImporter.Import(Path.Combine(folder, "network"));
            Assert.True(network.Succeeded, string.Join("\n", network.Diagnostics));
            Assert.InRange(network.Network!.NodeCount, 950, 1100);
            Assert.True(new FileInfo(Path.Combine(folder, "voltage", "readings.csv")).Length > 0);
            Assert.True(new FileInfo(Path.Combine(folder, "history", "outages.csv")).Length > 0);
            Assert.True(new FileInfo(Path.Combine(folder, "assets", "assets.csv")).Length > 0);
            Assert.Equal(4, Directory.GetFiles(Path.Combine(folder, "load"), "*.csv").Length); // 3 series + temperature
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ForecastPeaks_OnTheDemoLoadFolder_ReadsOnlyTheSeries()
    {
        string folder = Directory.CreateTempSubdirectory("lumen-demo-").FullName;
        try
        {
            Assert.Equal(ExitCodes.Ok, Run("demo", "generate", "--scale", "small", "--voltage-days", "0", "--history-years", "0", "--load-series", "2", "--load-years", "1", "--out", folder).Code);

            (int code, string output) = Run("forecast", "peaks", "--data", Path.Combine(folder, "load"), "--years", "2", "--network", Path.Combine(folder, "network"));

            Assert.Equal(ExitCodes.Ok, code);
            Assert.DoesNotContain("temperature.csv", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Run_Small_PrintsNetworkAndReliability()
    {
        string folder = Directory.CreateTempSubdirectory("lumen-demo-").FullName;
        try
        {
            (int code, string output) = Run("demo", "run", "--scale", "small", "--out", folder);

            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("System indices", output, StringComparison.Ordinal);
            Assert.Contains("Worst", output, StringComparison.Ordinal);
            Assert.True(NetworkImporter.Import(Path.Combine(folder, "network")).Succeeded);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("demo", "generate", "--out", "x", "--load-years", "9")]
    [InlineData("demo", "generate", "--scale", "huge", "--out", "x")]
    [InlineData("demo", "generate")]
    public void Generate_BadOptions_AreUsageErrors(params string[] args) => Assert.Equal(ExitCodes.Usage, Run(args).Code);
}
