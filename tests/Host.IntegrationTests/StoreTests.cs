using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Voltage.Demo;
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
        LumenCsvWriter.Write(DemoGrid.Generate(nodes, seed).Build().Network!, folder);
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
        Assert.Equal(0, RowsOf("buses", 2) + RowsOf("network_files", 2) + RowsOf("branches", 2));
        Assert.Single(ImageFiles());

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
        Assert.True(File.Exists(_repository.ImagePath(outcome.Version!)));

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
        File.Delete(_repository.ImagePath(outcome.Version!));

        NetworkImportResult fromFiles = _repository.Load(_repository.Find(1)!);
        Assert.Single(ImageFiles());
        Execute("DELETE FROM network_files WHERE version = 1");
        NetworkImportResult fromImage = _repository.Load(_repository.Find(1)!);

        SameElements(outcome.Network!, fromFiles.Network!);
        SameElements(outcome.Network!, fromImage.Network!);
        Assert.Single(ImageFiles());
    }

    [Fact]
    public void Load_DamagedImage_FallsBackToTheFilesAndReplacesIt()
    {
        ImportOutcome outcome = _repository.Import(Network(400, 6), "a", null);
        string image = _repository.ImagePath(outcome.Version!);
        File.WriteAllText(image, "LUMENNET damaged");

        NetworkImportResult loaded = _repository.Load(_repository.Find(1)!);

        SameElements(outcome.Network!, loaded.Network!);
        Execute("DELETE FROM network_files WHERE version = 1");
        SameElements(outcome.Network!, _repository.Load(_repository.Find(1)!).Network!);
    }

    [Fact]
    public void ImageWrite_FailingHalfWay_LeavesEveryStoredNetworkLoadable()
    {
        // Version 1 is stored with its image; writing version 2's image fails after part of it reached the disk (a
        // crash or a full disk): the import still stands, version 1's image is untouched, version 2 loads from its files.
        ImportOutcome first = _repository.Import(Network(400, 7), "a", null);
        byte[] firstImage = File.ReadAllBytes(_repository.ImagePath(first.Version!));
        _repository.FaultInjection = stage =>
        {
            if (stage == "image")
            {
                throw new IOException("disk full (injected)");
            }
        };
        ImportOutcome second = _repository.Import(Network(400, 8), "b", null);
        _repository.FaultInjection = null;

        Assert.Equal(ImportStatus.Created, second.Status);
        Assert.False(File.Exists(_repository.ImagePath(second.Version!)));
        Assert.Equal(firstImage, File.ReadAllBytes(_repository.ImagePath(first.Version!)));
        Assert.Empty(Directory.GetFiles(_store.Temp.Root));
        Execute("DELETE FROM network_files WHERE version = 1");
        SameElements(first.Network!, _repository.Load(first.Version!).Network!);
        SameElements(second.Network!, _repository.Load(second.Version!).Network!);
        Assert.True(File.Exists(_repository.ImagePath(second.Version!)));
    }

    [Fact]
    public void StoreWithImagesInTheDatabase_OpensAndRebuildsTheImageFileFromItsFiles()
    {
        // A store written when images were blobs of format 1 in the network_images table, and had no image files.
        ImportOutcome outcome = _repository.Import(Network(400, 9), "a", null);
        File.Delete(_repository.ImagePath(outcome.Version!));
        Execute("CREATE TABLE network_images(version INTEGER PRIMARY KEY, format INTEGER NOT NULL, content BLOB NOT NULL)");
        Execute("INSERT INTO network_images VALUES (1, 1, 'LUMENNET format 1'::BLOB)");
        _store.Dispose();

        for (int open = 0; open < 2; open++)
        {
            using var store = new DuckDbStore(_store.DatabasePath);
            var repository = new NetworkRepository(store, TimeProvider.System);
            NetworkImportResult loaded = repository.Load(repository.Latest()!);
            SameElements(outcome.Network!, loaded.Network!);
            Assert.True(File.Exists(repository.ImagePath(outcome.Version!)));
            using var connection = store.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'network_images'";
            Assert.Equal(0L, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private string[] ImageFiles() => Directory.GetFiles(Path.Combine(_root, "db", "network-images"));

    [Fact]
    public async Task StoreWithTheOldColumnNames_IsMigratedOnOpen_ValuesKept()
    {
        // A store written before the reliability columns took their JSON names (saidi_hours → saidi, …).
        string path = Path.Combine(_root, "old", "lumen.duckdb");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var old = new DuckDB.NET.Data.DuckDBConnection("Data Source=" + path))
        {
            old.Open();
            using var command = old.CreateCommand();
            command.CommandText = """
                CREATE TABLE reliability_system(version INTEGER NOT NULL, computed_at TIMESTAMP NOT NULL, case_id VARCHAR,
                    saifi DOUBLE, saidi_hours DOUBLE, caidi_hours DOUBLE, asai DOUBLE, rs1_percent DOUBLE, ens_mwh_per_year DOUBLE, customers DOUBLE);
                CREATE TABLE reliability_feeders(version INTEGER NOT NULL, feeder VARCHAR NOT NULL, saifi DOUBLE, saidi_hours DOUBLE,
                    caidi_hours DOUBLE, asai DOUBLE, ens_mwh_per_year DOUBLE, customers DOUBLE);
                CREATE TABLE reliability_load_points(version INTEGER NOT NULL, id VARCHAR NOT NULL, feeder VARCHAR, customers DOUBLE,
                    lambda_per_year DOUBLE, r_hours DOUBLE, u_hours_per_year DOUBLE, ens_mwh_per_year DOUBLE);
                INSERT INTO reliability_system VALUES (1, TIMESTAMP '2025-01-01 00:00:00', 'base', 0.5, 2.5, 5.0, 0.9997, 99.97, 12.5, 1000);
                INSERT INTO reliability_load_points VALUES (1, 'LP1', 'F1', 100, 0.25, 4.0, 1.0, 0.75);
                """;
            command.ExecuteNonQuery();
        }

        for (int open = 0; open < 2; open++)
        {
            using var store = new DuckDbStore(path);
            var repository = new NetworkRepository(store, TimeProvider.System);
            StoredSystemReliability stored = repository.SystemReliability(1)!;
            Assert.Equal((0.5, 2.5, 5.0, 99.97, 12.5, 1000.0), (stored.Saifi, stored.Saidi, stored.Caidi, stored.Rs1, stored.EnsMwh, stored.Customers));
            var csv = new StringWriter();
            Assert.True(await repository.ExportCsvAsync("reliability_load_points", 1, csv, CancellationToken.None));
            Assert.Equal(["id,feeder,customers,lambda,r_hours,u_hours,ens_mwh", "LP1,F1,100,0.25,4,1,0.75"], csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            var header = new StringWriter();
            Assert.True(await repository.ExportCsvAsync("reliability_system", 1, header, CancellationToken.None));
            Assert.StartsWith("computed_at,case_id,saifi,saidi,caidi,asai,rs_1,ens_mwh,customers\n", header.ToString(), StringComparison.Ordinal);
        }
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

    /// <summary>
    /// One value as the exports write it: through the one CSV writer (Topology.Import.CsvTableWriter), in a row of two
    /// cells as every export has (CsvHelper 34 writes a row whose only cell is empty as <c>""</c>, so that it does not
    /// read as a blank line).
    /// </summary>
    private static string CsvField(object? value)
    {
        var text = new StringWriter();
        using (var csv = new Lumen.Topology.Import.CsvTableWriter(text, ["value", "next"]))
        {
            csv.WriteRow(value, "next");
        }

        string row = text.ToString().Split('\n')[1];
        return row[..^",next".Length];
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
