using System.ComponentModel;
using System.Globalization;
using Lumen.Host.Storage.DuckDb;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>
/// <c>lumen import network &lt;PATH&gt;</c>: validate a network and store it as a new version in the embedded store.
/// All or nothing: an invalid network, or an interrupted import, leaves the store at its previous version.
/// </summary>
internal sealed class ImportNetworkCommand(IAnsiConsole console) : Command<ImportNetworkCommand.Settings>
{
    /// <summary>Options of <c>import network</c>.</summary>
    internal sealed class Settings : NetworkSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("Data folder of the store (default lumen-data). The service must not be running on it (use POST /api/networks then).")]
        public string Store { get; init; } = "lumen-data";

        [CommandOption("--name <NAME>")]
        [Description("Name recorded with the version (default: the folder or file name).")]
        public string? Name { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var store = new DuckDbStore(Path.Combine(Path.GetFullPath(settings.Store), "lumen.duckdb"));
        var repository = new NetworkRepository(store, TimeProvider.System);
        string name = settings.Name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(settings.Path)));
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

        ImportOutcome outcome = repository.Import(settings.Path, name, settings.Case, stage =>
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

        NetworkVersionInfo v = outcome.Version!;
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, new { created = outcome.Status == ImportStatus.Created, v.Version, v.Name, v.ContentSha256, v.Buses, v.Branches, v.LoadPoints, v.Customers, store = store.DatabasePath });
            return ExitCodes.Ok;
        }

        string what = outcome.Status == ImportStatus.Created ? "Imported as version" : "Unchanged: the same content is already version";
        console.MarkupLine($"{what} [bold]{v.Version.ToString(CultureInfo.InvariantCulture)}[/] ({Markup.Escape(v.Name)}): {v.Buses:N0} buses, {v.Branches:N0} branches, {v.LoadPoints:N0} load points, {v.Customers:N0} customers; store {Markup.Escape(store.DatabasePath)}");
        return ExitCodes.Ok;
    }
}
