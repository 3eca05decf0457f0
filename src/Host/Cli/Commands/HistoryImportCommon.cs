using System.ComponentModel;
using System.Globalization;
using Lumen.Host.Storage.DuckDb;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>Options shared by <c>import outages</c> and <c>import complaints</c>.</summary>
internal class HistoryImportSettings : CommandSettings
{
    [CommandOption("--data <DIR>")]
    [Description("Data folder of the store (default lumen-data). The service must not be running on it (use POST /api/outages or /api/complaints then).")]
    public string Store { get; init; } = "lumen-data";

    [CommandOption("--format <FORMAT>")]
    [Description("table (default) or json.")]
    [DefaultValue(OutputFormat.Table)]
    public OutputFormat Format { get; init; } = OutputFormat.Table;
}

/// <summary>Runs an outage or complaint import into the embedded store against its newest network version.</summary>
internal static class HistoryImportRunner
{
    public static int Run(IAnsiConsole console, HistoryImportSettings settings, Func<HistoryRepository, Network, int, Action<string>, HistoryImportOutcome> import)
    {
        using var store = new DuckDbStore(Path.Combine(Path.GetFullPath(settings.Store), "lumen.duckdb"));
        var networks = new NetworkRepository(store, TimeProvider.System);
        if (networks.Latest() is not NetworkVersionInfo latest)
        {
            console.MarkupLine($"[red]the store {Markup.Escape(store.DatabasePath)} holds no network: import one first (lumen import network)[/]");
            return ExitCodes.InvalidInput;
        }

        NetworkImportResult loaded = networks.Load(latest);
        if (loaded.Network is not Network network)
        {
            DiagnosticsView.Write(console, loaded.Diagnostics);
            return ExitCodes.InvalidInput;
        }

        var repository = new HistoryRepository(store, TimeProvider.System);
        TextWriter progress = console.Profile.Out.Writer;

        // Fault-injection hook for the kill -9 test: pause inside the transaction after the named stage.
        if (Environment.GetEnvironmentVariable("LUMEN_FAULT_PAUSE_AFTER") is { Length: > 0 } pauseAfter)
        {
            repository.FaultInjection = stage =>
            {
                if (stage == pauseAfter)
                {
                    Thread.Sleep(TimeSpan.FromSeconds(60));
                }
            };
        }

        HistoryImportOutcome outcome = import(repository, network, latest.Version, stage =>
        {
            // One plain line per stage: the fault tests (and a log collector) watch them.
            progress.WriteLine($"[import] {stage}");
            progress.Flush();
        });
        if (outcome.Status == ImportStatus.Invalid)
        {
            DiagnosticsView.Write(console, outcome.Diagnostics);
            return ExitCodes.InvalidInput;
        }

        HistoryBatch b = outcome.Batch!;
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, new { created = outcome.Status == ImportStatus.Created, b.Batch, b.Kind, b.FileName, b.ContentSha256, rows = b.RowCount, b.NetworkVersion, store = store.DatabasePath });
            return ExitCodes.Ok;
        }

        string what = outcome.Status == ImportStatus.Created ? "Imported as batch" : "Unchanged: the same content is already the current batch";
        console.MarkupLine($"{what} [bold]{b.Batch.ToString(CultureInfo.InvariantCulture)}[/] ({Markup.Escape(b.Kind)}: {Markup.Escape(b.FileName)}): {b.RowCount:N0} rows, validated on network version {b.NetworkVersion}; store {Markup.Escape(store.DatabasePath)}");
        return ExitCodes.Ok;
    }
}
