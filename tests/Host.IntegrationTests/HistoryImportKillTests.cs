using System.Diagnostics;
using System.Globalization;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Host.IntegrationTests;

/// <summary>Fault test: <c>kill -9</c> of a <c>lumen import outages</c> process leaves no half batch in the store.</summary>
public sealed class HistoryImportKillTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lumen-hkill-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("batch")]
    [InlineData("events")]
    public async Task KillDuringOutageImport_LeavesNoBatchAndNoRows(string pauseAfter)
    {
        string store = Path.Combine(_root, "store");
        Net network = DemoGrid.Generate(DemoScale.Small, 7).Build().Network!;
        string folder = Path.Combine(_root, "demo");
        LumenCsvWriter.Write(network, folder);
        DemoDataset.Layout layout = DemoDataset.In(folder);
        DemoDataset.WriteHistory(network, 7, layout, 2);
        using (var db = new DuckDbStore(Path.Combine(store, "lumen.duckdb")))
        {
            Assert.Equal(ImportStatus.Created, new NetworkRepository(db, TimeProvider.System).Import(folder, "net", null).Status);
        }

        int code = await RunAsync(store, layout.History, pauseAfter, $"[import] {pauseAfter}-written");
        Assert.Equal(137, code);

        using (var db = new DuckDbStore(Path.Combine(store, "lumen.duckdb")))
        {
            using var connection = db.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT count(*) FROM history_batches) + (SELECT count(*) FROM outage_events) + (SELECT count(*) FROM outage_restoration_steps) + (SELECT count(*) FROM outage_momentary)";
            Assert.Equal(0L, Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture));
        }

        // And the store still takes the import afterwards, whole.
        Assert.Equal(0, await RunAsync(store, layout.History, null, null));
        using var after = new DuckDbStore(Path.Combine(store, "lumen.duckdb"));
        StoredOutages stored = new HistoryRepository(after, TimeProvider.System).LoadOutages()!;
        Assert.Equal(1, stored.Batch.Batch);
        Assert.Equal(File.ReadAllLines(Path.Combine(layout.History, "outages.csv")).Length - 1, stored.Events.Count);
    }

    private static Task<int> RunAsync(string store, string history, string? pauseAfter, string? killAt) =>
        ImportKillTests.RunLumenAsync(["import", "outages", "--history", history, "--data", store], pauseAfter, killAt);
}
