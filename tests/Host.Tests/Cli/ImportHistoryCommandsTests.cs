using System.Text.Json;
using Lumen.Host.Cli;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.History.Demo;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

/// <summary><c>lumen import outages</c> and <c>lumen import complaints</c> into a fresh store holding a small demo network.</summary>
public sealed class ImportHistoryCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lumen-import-history-").FullName;

    public ImportHistoryCommandsTests()
    {
        Network network = DemoGrid.Generate(DemoScale.Small, 3).Build().Network!;
        LumenCsvWriter.Write(network, NetworkFolder);
        DemoHistoryGenerator.Write(network, 5, HistoryFolder, new DateOnly(2023, 1, 1), 1);
        Assert.Equal(ExitCodes.Ok, Run("import", "network", NetworkFolder, "--data", Store).Code);
    }

    private string NetworkFolder => Path.Combine(_folder, "network");

    private string HistoryFolder => Path.Combine(_folder, "history");

    private string Store => Path.Combine(_folder, "data");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    private static JsonElement Json(string output) => JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]).RootElement.Clone();

    [Fact]
    public void ImportOutages_HistoryFolder_CreatedThenUnchanged()
    {
        (int code, string output) = Run("import", "outages", "--history", HistoryFolder, "--data", Store, "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        JsonElement doc = Json(output);
        Assert.True(doc.GetProperty("created").GetBoolean());
        int rows = File.ReadAllLines(Path.Combine(HistoryFolder, "outages.csv")).Length + File.ReadAllLines(Path.Combine(HistoryFolder, "restoration_steps.csv")).Length
            + File.ReadAllLines(Path.Combine(HistoryFolder, "momentary.csv")).Length - 3;
        Assert.Equal(rows, doc.GetProperty("rows").GetInt32());

        (code, output) = Run("import", "outages", "--outages", Path.Combine(HistoryFolder, "outages.csv"), "--steps", Path.Combine(HistoryFolder, "restoration_steps.csv"),
            "--momentary", Path.Combine(HistoryFolder, "momentary.csv"), "--data", Store, "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.False(Json(output).GetProperty("created").GetBoolean());
    }

    [Fact]
    public void ImportOutages_BadRow_ExitsInvalidNamingFileLineField_AndStoresNothing()
    {
        string path = Path.Combine(HistoryFolder, "outages.csv");
        string[] lines = File.ReadAllLines(path);
        lines[2] = lines[2][..lines[2].LastIndexOf(',')] + ",sometimes";
        File.WriteAllLines(path, lines);

        (int code, string output) = Run("import", "outages", "--outages", path, "--data", Store);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("outages.csv:3", output, StringComparison.Ordinal);
        Assert.Contains("nature", output, StringComparison.Ordinal);
        using var store = new DuckDbStore(Path.Combine(Store, "lumen.duckdb"));
        Assert.Empty(new HistoryRepository(store, TimeProvider.System).Batches());
    }

    [Fact]
    public void ImportComplaints_Created_AndUsageErrors()
    {
        (int code, string output) = Run("import", "complaints", Path.Combine(HistoryFolder, "complaints.csv"), "--data", Store);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Imported as batch", output, StringComparison.Ordinal);

        Assert.NotEqual(ExitCodes.Ok, Run("import", "outages", "--data", Store).Code);
        Assert.NotEqual(ExitCodes.Ok, Run("import", "outages", "--history", HistoryFolder, "--steps", "x.csv", "--data", Store).Code);
        Assert.Equal(ExitCodes.InvalidInput, Run("import", "complaints", Path.Combine(HistoryFolder, "complaints.csv"), "--data", Path.Combine(_folder, "empty")).Code);
    }
}
