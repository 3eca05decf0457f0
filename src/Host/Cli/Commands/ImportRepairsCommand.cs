using System.ComponentModel;
using System.Globalization;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Repair;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>
/// <c>lumen import repairs DIR | --orders FILE --crews FILE</c>: validate repair work orders and their crew register
/// against the store's newest network and store them as the new repair dataset (one batch, one transaction; all or
/// nothing; the same files again are reported unchanged).
/// </summary>
internal sealed class ImportRepairsCommand(IAnsiConsole console) : Command<ImportRepairsCommand.Settings>
{
    /// <summary>Options of <c>import repairs</c>.</summary>
    internal sealed class Settings : HistoryImportSettings
    {
        [CommandArgument(0, "[DIR]")]
        [Description("A folder with work_orders.csv and crews.csv (e.g. the demo's repair/).")]
        public string? Folder { get; init; }

        [CommandOption("--orders <FILE>")]
        [Description("work_orders.csv (instead of DIR).")]
        public string? Orders { get; init; }

        [CommandOption("--crews <FILE>")]
        [Description("crews.csv (instead of DIR).")]
        public string? Crews { get; init; }

        public RepairFiles Files => Folder is not null
            ? new RepairFiles(Path.Combine(Folder, "work_orders.csv"), Path.Combine(Folder, "crews.csv"))
            : new RepairFiles(Orders ?? string.Empty, Crews ?? string.Empty);

        public override ValidationResult Validate() =>
            (Folder is not null ? Orders is null && Crews is null : Orders is not null && Crews is not null)
                ? ValidationResult.Success()
                : ValidationResult.Error("give a folder, or --orders and --crews");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
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

        RepairFiles files = settings.Files;
        foreach (string path in new[] { files.Orders, files.Crews })
        {
            if (!File.Exists(path))
            {
                console.MarkupLine($"[red]{Markup.Escape(path)}: error: the file does not exist[/]");
                return ExitCodes.InvalidInput;
            }
        }

        RepairImportOutcome outcome = new RepairRepository(store, TimeProvider.System).Import(network, latest.Version, files);
        if (outcome.Status == ImportStatus.Invalid)
        {
            DiagnosticsView.Write(console, outcome.Diagnostics);
            return ExitCodes.InvalidInput;
        }

        RepairBatch b = outcome.Batch!;
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, new { created = outcome.Status == ImportStatus.Created, batch = b, store = store.DatabasePath });
            return ExitCodes.Ok;
        }

        string what = outcome.Status == ImportStatus.Created ? "Imported as batch" : "Unchanged: the same files are already the current batch";
        console.MarkupLine($"{what} [bold]{b.Batch.ToString(CultureInfo.InvariantCulture)}[/] ({Markup.Escape(b.FileName)}): {b.Orders:N0} work orders, {b.Crews:N0} crews, validated on network version {b.NetworkVersion}; store {Markup.Escape(store.DatabasePath)}");
        return ExitCodes.Ok;
    }
}
