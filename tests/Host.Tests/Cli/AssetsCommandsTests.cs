using System.Text.Json;
using Lumen.Host.Cli;
using Lumen.Reliability.Aging.Demo;
using Lumen.TestSupport;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

public sealed class AssetsCommandsTests : IClassFixture<AssetsCommandsTests.DemoFolder>
{
    private const string Sample = "data/assets/cnaim-sample.csv";
    private readonly DemoFolder _demo;

    public AssetsCommandsTests(DemoFolder demo) => _demo = demo;

    public sealed class DemoFolder : IDisposable
    {
        public DemoFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lumen-assets-{Guid.NewGuid():N}");
            Network network = DemoNetworkGenerator.Generate(1_000, 9).Build().Network!;
            LumenCsvWriter.Write(network, Path);
            DemoAssetGenerator.Write(network, 9, Path);
        }

        public string Path { get; }

        public string Register => System.IO.Path.Combine(Path, DemoAssetGenerator.RegisterFileName);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    [Fact]
    public void Health_DemoRegister_TableAndJson()
    {
        (int code, string output) = Run("assets", "health", "--register", _demo.Register);
        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("Asset health", output, StringComparison.Ordinal);
        (code, output) = Run("assets", "health", "--register", _demo.Register, "--method", "weibull", "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("assets").GetArrayLength() > 100);
        Assert.Equal("weibull", doc.RootElement.GetProperty("assets")[0].GetProperty("method").GetString());
    }

    [SharedDataFact(Sample)]
    public void Health_PackageLayoutRPackageMode_WritesCsvWithOutputColumns()
    {
        (int code, string output) = Run("assets", "health", "--register", SharedData.PathOf(Sample), "--mode", "r-package", "--format", "csv");
        Assert.Equal(ExitCodes.Ok, code);
        string header = output.Split('\n')[0];
        foreach (string column in (string[])["chs", "pof", "pof_future_y10", "cof_total"])
        {
            Assert.Contains(column, header.Split(','));
        }

        Assert.Equal(34, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Rank_Demo_JsonHasReasonsAndRanksInOrder()
    {
        (int code, string output) = Run("assets", "rank", "--network", _demo.Path, "--register", _demo.Register, "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement assets = doc.RootElement.GetProperty("assets");
        Assert.Equal(1, assets[0].GetProperty("rank").GetInt32());
        Assert.True(assets[0].GetProperty("risk_per_year").GetDouble() >= assets[1].GetProperty("risk_per_year").GetDouble());
        Assert.Contains("customers", assets[0].GetProperty("reasons").GetString(), StringComparison.Ordinal);
        Assert.Equal("CNY", doc.RootElement.GetProperty("currency").GetString());
    }

    [Fact]
    public void Rank_Table_ShowsReasons()
    {
        (int code, string output) = Run("assets", "rank", "--network", _demo.Path, "--register", _demo.Register, "--top", "5");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("alternate_supply:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Demo_JsonHasFiveYearsAndGap()
    {
        (int code, string output) = Run("assets", "plan", "--network", _demo.Path, "--register", _demo.Register, "--budget-per-year", "1000000", "--years", "5", "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal(5, doc.RootElement.GetProperty("years").GetArrayLength());
        double gap = doc.RootElement.GetProperty("optimality_gap").GetDouble();
        Assert.InRange(gap, 0, 1);
    }

    [Fact]
    public void Health_BadRegister_ExitCodeOneWithFileLineField()
    {
        string path = System.IO.Path.Combine(_demo.Path, "bad.csv");
        File.WriteAllText(path, "asset_id,class,install_year\nA,warp_core,1990\n");
        (int code, string output) = Run("assets", "health", "--register", path);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad.csv:2", output, StringComparison.Ordinal);
        Assert.Contains("class", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MissingBudget_IsUsageError()
    {
        (int code, _) = Run("assets", "plan", "--network", _demo.Path, "--register", _demo.Register);
        Assert.NotEqual(ExitCodes.Ok, code);
    }
}
