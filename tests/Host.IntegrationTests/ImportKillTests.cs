using System.Diagnostics;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>Fault test: <c>kill -9</c> of a <c>lumen import</c> process leaves the store at its previous version.</summary>
public sealed class ImportKillTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lumen-kill-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("files")]
    [InlineData("elements")]
    [InlineData(null)]
    public async Task KillDuringImport_StoreStaysAtPreviousVersion(string? pauseAfter)
    {
        string store = Path.Combine(_root, "store");
        string v1 = Write(500, 1);
        string v2 = Write(pauseAfter is null ? 8_000 : 2_000, 2);
        Assert.Equal(0, await RunLumenAsync(["import", "network", v1, "--data", store], null, null));

        // Killed inside the transaction (paused after the named stage), or, without a pause, as soon as it starts storing.
        // Unpaused, the kill races the commit (a few hundred ms on a busy machine): the import may have finished whole.
        bool paused = pauseAfter is not null;
        int code = await RunLumenAsync(["import", "network", v2, "--data", store], pauseAfter, paused ? $"[import] {pauseAfter}-written" : "[import] store", killMayMiss: !paused);

        using var db = new DuckDbStore(Path.Combine(store, "lumen.duckdb"));
        var repository = new NetworkRepository(db, TimeProvider.System);
        IReadOnlyList<NetworkVersionInfo> versions = repository.List();
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        // Finished before the kill, or (unpaused) killed after its commit but before it exited: then version 2 is there
        // whole, every bus of its file.
        if (code == 0 || (!paused && versions.Count == 2))
        {
            Assert.Equal([1, 2], versions.Select(v => v.Version));
            command.CommandText = "SELECT count(*) FROM buses WHERE version = 2";
            Assert.Equal(File.ReadAllLines(Path.Combine(v2, "buses.csv")).Length - 1, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
            return;
        }

        Assert.Equal(137, code);
        Assert.Single(versions);
        Assert.Equal(1, versions[0].Version);
        command.CommandText = "SELECT (SELECT count(*) FROM buses WHERE version <> 1) + (SELECT count(*) FROM network_files WHERE version <> 1)";
        Assert.Equal(0L, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));

        // And the store still takes the import afterwards.
        Assert.Equal(2, repository.Import(v2, "again", null).Version!.Version);
    }

    /// <summary>
    /// The lumen executable as its own build laid it out (the copy in this test's folder has the test's native-library
    /// layout, which lumen's deps.json does not describe). Same configuration as this test assembly.
    /// </summary>
    internal static string LumenDll
    {
        get
        {
            string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            return Path.Combine(Lumen.TestSupport.SharedData.RepositoryRoot, "src", "Host", "bin", configuration, "net10.0", "lumen.dll");
        }
    }

    private string Write(int nodes, int seed)
    {
        string folder = Path.Combine(_root, $"net{seed}");
        LumenCsvWriter.Write(DemoGrid.Generate(nodes, seed).Build().Network!, folder);
        return folder;
    }

    /// <summary>
    /// Runs <c>lumen <paramref name="args"/></c> as a child process, paused inside its import transaction after stage
    /// <paramref name="pauseAfter"/> (LUMEN_FAULT_PAUSE_AFTER) and killed with SIGKILL at the first output line starting
    /// with <paramref name="killAt"/>; asserts exit 0 when not killed, 137 when killed (or either, when
    /// <paramref name="killMayMiss"/>: the process may finish before the kill lands).
    /// </summary>
    internal static async Task<int> RunLumenAsync(IEnumerable<string> args, string? pauseAfter, string? killAt, bool killMayMiss = false)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(LumenDll);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        if (pauseAfter is not null)
        {
            start.Environment["LUMEN_FAULT_PAUSE_AFTER"] = pauseAfter;
        }

        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.AppendLine(line);
            if (killAt is not null && line.StartsWith(killAt, StringComparison.Ordinal))
            {
                // SIGKILL: no finally blocks, no rollback by the process itself.
                process.Kill(entireProcessTree: false);
                break;
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        bool expected = killAt is null ? process.ExitCode == 0 : process.ExitCode == 137 || (killMayMiss && process.ExitCode == 0);
        Assert.True(expected, $"exit {process.ExitCode}; output:\n{output}\n{await errors}");
        return process.ExitCode;
    }
}
