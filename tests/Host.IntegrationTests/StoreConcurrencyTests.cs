using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Aging.Demo;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// Reads of the store while an import commits its first batch into empty tables (the service reads the register's
/// latest revision while an upload stores it): no read may see a row that was never written. DuckDB returns garbage
/// rows to a sorting query that overlaps such a commit (<see cref="CommitGate"/>); without the gate these tests fail
/// within a few rounds (CI once saw "register revision 633816312" on a fresh store).
/// </summary>
public sealed class StoreConcurrencyTests : IDisposable
{
    private const int Rounds = 12;
    private const int Readers = 6;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "lumen-race-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void RegisterRevisions_ReadWhileTheFirstOneCommits_AreAbsentOrTheOneWritten()
    {
        var network = DemoGrid.Generate(300, 3).Build().Network!;
        string register = DemoAssetGenerator.Write(network, 3, Path.Combine(_root, "assets")).RegisterPath;
        for (int round = 0; round < Rounds; round++)
        {
            using var store = new DuckDbStore(Path.Combine(_root, $"assets{round}", "lumen.duckdb"));
            var repository = new AssetRepository(store, TimeProvider.System);
            AssetRegisterRevision written = WhileReading(
                round,
                r => (r.Revision, r.FileName, r.ContentSha256, r.Rows, r.ConditionObservations, r.Failures),
                () => repository.Import(register, null).Revision!,
                () => repository.Latest() is { } latest ? [latest] : [],
                repository.List);
            Assert.Equal(1, written.Revision);
        }
    }

    [Fact]
    public void NetworkVersions_ReadWhileTheFirstOneCommits_AreAbsentOrTheOneWritten()
    {
        string folder = Path.Combine(_root, "network");
        LumenCsvWriter.Write(DemoGrid.Generate(300, 4).Build().Network!, folder);
        for (int round = 0; round < Rounds; round++)
        {
            using var store = new DuckDbStore(Path.Combine(_root, $"network{round}", "lumen.duckdb"));
            var repository = new NetworkRepository(store, TimeProvider.System);
            NetworkVersionInfo written = WhileReading(
                round,
                v => (v.Version, v.Name, v.ContentSha256, v.Buses, v.Branches, v.Customers),
                () => repository.Import(folder, "n", null).Version!,
                () => repository.Latest() is { } latest ? [latest] : [],
                repository.List);
            Assert.Equal(1, written.Version);
        }
    }

    [Fact]
    public async Task ACommit_DoesNotWaitForTheReadsOfItsOwnFlow_OnlyForOthers()
    {
        string first = Path.Combine(_root, "own-1");
        string second = Path.Combine(_root, "own-2");
        LumenCsvWriter.Write(DemoGrid.Generate(300, 5).Build().Network!, first);
        LumenCsvWriter.Write(DemoGrid.Generate(300, 6).Build().Network!, second);
        using var store = new DuckDbStore(Path.Combine(_root, "own-db", "lumen.duckdb"));
        var repository = new NetworkRepository(store, TimeProvider.System);

        // A connection held open by this flow while it imports (the commit would otherwise wait for it for ever).
        using (store.Open())
        {
            Assert.Equal(1, repository.Import(first, "a", null).Version!.Version);
            Assert.Equal(2, repository.Import(second, "b", null).Version!.Version);
        }

        // Another flow's open read holds a commit (making version 1 current again) back until it closes.
        using var opened = new ManualResetEventSlim();
        using var close = new ManualResetEventSlim();
        Task reader = Task.Run(() =>
        {
            using DuckDB.NET.Data.DuckDBConnection connection = store.Open();
            opened.Set();
            close.Wait(TimeSpan.FromMinutes(1));
        });
        opened.Wait();
        Task<(NetworkVersionInfo, bool)?> current = Task.Run(() => repository.MakeCurrent(1, "test"));
        Assert.NotSame(current, await Task.WhenAny(current, Task.Delay(300)));
        close.Set();
        await reader;
        Assert.Same(current, await Task.WhenAny(current, Task.Delay(TimeSpan.FromMinutes(1))));
        Assert.True((await current)!.Value.Item2);
    }

    // Runs write on this thread while Readers threads call the reads (one each, in turn) until it returns; each row
    // they read must be the one written (the same key: stored times are rounded to microseconds).
    private static T WhileReading<T>(int round, Func<T, object> key, Func<T> write, params Func<IReadOnlyList<T>>[] reads)
    {
        using var done = new CancellationTokenSource();
        var seen = new System.Collections.Concurrent.ConcurrentBag<T>();
        Task[] readers = [.. Enumerable.Range(0, Readers).Select(r => Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                foreach (T row in reads[r % reads.Length]())
                {
                    seen.Add(row);
                }
            }
        }))];
        T written;
        try
        {
            Thread.Sleep(5);
            written = write();
            Thread.Sleep(5);
        }
        finally
        {
            done.Cancel();
            Task.WaitAll(readers);
        }

        string[] wrong = [.. seen.Where(row => !Equals(key(row), key(written))).Select(row => $"round {round}: {row}")];
        Assert.True(wrong.Length == 0, $"read rows never written (wrote {written}):\n{string.Join('\n', wrong.Distinct().Take(5))}");
        return written;
    }
}
