using Lumen.Host.Storage.DuckDb;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>The DuckDB network repository: versions, idempotency, all-or-nothing transactions.</summary>
public sealed class StoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lumen-store-" + Guid.NewGuid().ToString("N"));
    private readonly DuckDbStore _store;
    private readonly NetworkRepository _repository;

    public StoreTests()
    {
        _store = new DuckDbStore(Path.Combine(_root, "db", "lumen.duckdb"));
        _repository = new NetworkRepository(_store, TimeProvider.System);
    }

    public void Dispose()
    {
        _store.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string Network(int nodes, int seed)
    {
        string folder = Path.Combine(_root, $"net-{nodes}-{seed}");
        LumenCsvWriter.Write(DemoNetworkGenerator.Generate(nodes, seed).Build().Network!, folder);
        return folder;
    }

    [Fact]
    public void Import_NewContent_CreatesNextVersion_NeverOverwrites()
    {
        ImportOutcome first = _repository.Import(Network(400, 1), "a", null);
        ImportOutcome second = _repository.Import(Network(400, 2), "b", null);
        Assert.Equal((ImportStatus.Created, 1), (first.Status, first.Version!.Version));
        Assert.Equal((ImportStatus.Created, 2), (second.Status, second.Version!.Version));
        Assert.Equal(["a", "b"], _repository.List().Select(v => v.Name));
        Assert.Equal(first.Network!.NodeCount, _repository.Load(_repository.Find(1)!).Network!.NodeCount);
    }

    [Fact]
    public void Import_SameContent_IsUnchanged()
    {
        string folder = Network(400, 1);
        _repository.Import(folder, "a", null);
        ImportOutcome again = _repository.Import(folder, "renamed", null);
        Assert.Equal(ImportStatus.Unchanged, again.Status);
        Assert.Equal(1, again.Version!.Version);
        Assert.Single(_repository.List());
    }

    [Fact]
    public void Import_Invalid_WritesNothing()
    {
        string folder = Network(400, 1);
        File.WriteAllText(Path.Combine(folder, "buses.csv"), "id,kind\nA,nonsense\n");
        ImportOutcome outcome = _repository.Import(folder, "bad", null);
        Assert.Equal(ImportStatus.Invalid, outcome.Status);
        Assert.NotEmpty(outcome.Diagnostics);
        Assert.Empty(_repository.List());
    }

    [Theory]
    [InlineData("files")]
    [InlineData("elements")]
    public void Import_FailureInsideTransaction_LeavesPreviousVersion(string stage)
    {
        _repository.Import(Network(400, 1), "a", null);
        _repository.FaultInjection = s =>
        {
            if (s == stage)
            {
                throw new IOException("disk full (injected)");
            }
        };
        Assert.Throws<IOException>(() => _repository.Import(Network(400, 2), "b", null));
        _repository.FaultInjection = null;
        Assert.Single(_repository.List());
        Assert.Equal(0, RowsOf("buses", 2) + RowsOf("network_files", 2) + RowsOf("network_images", 2) + RowsOf("branches", 2));

        // The next import takes version 2: nothing of the failed one is left.
        Assert.Equal(2, _repository.Import(Network(400, 2), "b", null).Version!.Version);
    }

    [Fact]
    public void Elements_AreStoredPerVersion()
    {
        ImportOutcome outcome = _repository.Import(Network(400, 3), "a", null);
        Assert.Equal(outcome.Network!.NodeCount, RowsOf("buses", 1));
        Assert.Equal(outcome.Network.EdgeCount, RowsOf("branches", 1));
        Assert.Equal(outcome.Network.LoadPointCount, RowsOf("load_points", 1));
    }

    [Fact]
    public void Load_StoredVersion_ComesFromItsImageWithoutTheFiles()
    {
        ImportOutcome outcome = _repository.Import(Network(400, 4), "a", null);
        Assert.Equal(1, RowsOf("network_images", 1));

        // Without its files, only the image can give the network back.
        Execute("DELETE FROM network_files WHERE version = 1");
        NetworkImportResult loaded = _repository.Load(_repository.Find(1)!);

        SameElements(outcome.Network!, loaded.Network!);
        Assert.Equal(outcome.Case, loaded.Case);
    }

    [Fact]
    public void Load_StoreWithoutImage_RebuildsFromFilesAndWritesTheImageOnce()
    {
        ImportOutcome outcome = _repository.Import(Network(400, 5), "a", null);
        Execute("DELETE FROM network_images");

        NetworkImportResult fromFiles = _repository.Load(_repository.Find(1)!);
        Assert.Equal(1, RowsOf("network_images", 1));
        Execute("DELETE FROM network_files WHERE version = 1");
        NetworkImportResult fromImage = _repository.Load(_repository.Find(1)!);

        SameElements(outcome.Network!, fromFiles.Network!);
        SameElements(outcome.Network!, fromImage.Network!);
        Assert.Equal(1, RowsOf("network_images", 1));
    }

    [Fact]
    public void Load_DamagedImage_FallsBackToTheFilesAndReplacesIt()
    {
        ImportOutcome outcome = _repository.Import(Network(400, 6), "a", null);
        Execute("UPDATE network_images SET content = 'LUMENNET damaged'::BLOB");

        NetworkImportResult loaded = _repository.Load(_repository.Find(1)!);

        SameElements(outcome.Network!, loaded.Network!);
        Execute("DELETE FROM network_files WHERE version = 1");
        SameElements(outcome.Network!, _repository.Load(_repository.Find(1)!).Network!);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK()", "'=HYPERLINK()")]
    public void CsvField_QuotesAndDefusesFormulas(string value, string expected) =>
        Assert.Equal(expected, CsvField(value));

    [Fact]
    public void CsvField_NaNIsEmpty() => Assert.Equal(string.Empty, CsvField(double.NaN));

    /// <summary>One value as the exports write it: through the one CSV writer (Topology.Import.CsvTableWriter).</summary>
    private static string CsvField(object? value)
    {
        var text = new StringWriter();
        using (var csv = new Lumen.Topology.Import.CsvTableWriter(text, ["value"]))
        {
            csv.WriteRow(value);
        }

        return text.ToString().Split('\n')[1];
    }

    private static void SameElements(Lumen.Topology.Network.Network expected, Lumen.Topology.Network.Network actual)
    {
        Assert.Equal(expected.NodeIds.ToArray(), actual.NodeIds.ToArray());
        Assert.Equal(expected.EdgeIds.ToArray(), actual.EdgeIds.ToArray());
        Assert.Equal(expected.EdgeFrom.ToArray(), actual.EdgeFrom.ToArray());
        Assert.Equal(expected.FailureRatePerYear.ToArray(), actual.FailureRatePerYear.ToArray());
        Assert.Equal(expected.DeviceIds.ToArray(), actual.DeviceIds.ToArray());
        Assert.Equal(expected.LoadPointIds.ToArray(), actual.LoadPointIds.ToArray());
        Assert.Equal(expected.Customers.ToArray(), actual.Customers.ToArray());
        Assert.Equal(expected.Normal.FeederOf, actual.Normal.FeederOf);
    }

    private void Execute(string sql)
    {
        using var connection = _store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long RowsOf(string table, int version)
    {
        using var connection = _store.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table} WHERE version = $v";
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("v", version));
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
