using Lumen.Host.Api;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Lumen.Host.Storage.Series;
using Xunit;

namespace Lumen.Host.Tests.Api;

/// <summary>
/// What <c>/api/status</c> compares the published results with: read from the store once per signalled change (an import,
/// a recomputation pass), not once per request, and never missing a signalled change.
/// </summary>
public sealed class StoredDataReaderTests
{
    [Fact]
    public void Current_ReadsTheStoreAgainOnlyAfterASignalledChange()
    {
        string folder = Directory.CreateTempSubdirectory("lumen-stored-data-").FullName;
        var store = new DuckDbStore(Path.Combine(folder, "lumen.duckdb"));
        try
        {
            var networks = new NetworkRepository(store, TimeProvider.System);
            var series = new SeriesRepository(store, new DuckDbSeriesStore(store), TimeProvider.System);
            var catalog = new NetworkCatalog(networks, Microsoft.Extensions.Options.Options.Create(new ServerOptions()));
            var reader = new StoredDataReader(catalog, networks, new HistoryRepository(store, TimeProvider.System), series,
                new AssetRepository(store, TimeProvider.System), new RepairRepository(store, TimeProvider.System));
            Assert.Equal(new StoredData(null, null, null, 0, null, null, null), reader.Current());

            Assert.Equal(ImportStatus.Created, series.ImportLoad([LoadFile(folder, "F1")], "t").Status);

            // Not signalled yet: the remembered answer, no query.
            Assert.Equal(0, reader.Current().SeriesRevision);

            catalog.SignalChanged();
            Assert.Equal(1, reader.Current().SeriesRevision);

            // A recomputation pass counts as a change too (the first start's seed writes without an import's signal).
            Assert.Equal(ImportStatus.Created, series.ImportLoad([LoadFile(folder, "F2")], "t").Status);
            Assert.Equal(1, reader.Current().SeriesRevision);
            catalog.MarkAnalysesRefreshed();
            Assert.Equal(2, reader.Current().SeriesRevision);
        }
        finally
        {
            store.Dispose();
            Directory.Delete(folder, true);
        }
    }

    private static string LoadFile(string folder, string series)
    {
        string path = Path.Combine(folder, series + ".csv");
        File.WriteAllText(path, "timestamp,load_mw\n" + string.Concat(Enumerable.Range(0, 48).Select(h => $"{new DateTime(2025, 1, 1).AddHours(h):yyyy-MM-dd'T'HH:mm},{h}\n")));
        return path;
    }
}
