using System.ComponentModel;
using System.Globalization;
using Lumen.Host.Storage.DuckDb;
using Lumen.Topology.Import;
using Spectre.Console;
using Spectre.Console.Cli;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Host.Cli.Commands;

/// <summary>
/// <c>lumen import assets &lt;FILE&gt;</c>: validate an asset register and store it as the new current revision, as
/// <c>POST /api/assets/register</c> does. All or nothing; importing the current file again changes nothing.
/// </summary>
internal sealed class ImportAssetsCommand(IAnsiConsole console) : Command<ImportAssetsCommand.Settings>
{
    /// <summary>Options of <c>import assets</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Asset register CSV (docs/assets.md).")]
        public string File { get; init; } = string.Empty;

        [CommandOption("--data <DIR>")]
        [Description("Data folder of the store (default lumen-data). The service must not be running on it (use POST /api/assets/register then).")]
        public string Data { get; init; } = "lumen-data";

        [CommandOption("--format <FORMAT>")]
        [Description("table (default) or json.")]
        [DefaultValue(OutputFormat.Table)]
        public OutputFormat Format { get; init; } = OutputFormat.Table;

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(File) ? ValidationResult.Error("a register file is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var store = new DuckDbStore(Path.Combine(Path.GetFullPath(settings.Data), "lumen.duckdb"));
        var repository = new AssetRepository(store, TimeProvider.System);
        AssetImportOutcome? outcome = null;
        int code = ExitCodes.Ok;
        void Run()
        {
            // Like the service: when the store holds a network, every asset must sit on its newest version.
            var networks = new NetworkRepository(store, TimeProvider.System);
            Net? network = null;
            if (networks.Latest() is { } latest)
            {
                NetworkImportResult loaded = networks.Load(latest);
                if (loaded.Network is null)
                {
                    DiagnosticsView.Write(console, loaded.Diagnostics);
                    code = ExitCodes.InvalidInput;
                    return;
                }

                network = loaded.Network;
            }

            outcome = repository.Import(settings.File, network);
        }

        if (settings.Format == OutputFormat.Table)
        {
            Progress.Run(console, "Import assets", [("validate and store", Run)]);
        }
        else
        {
            Run();
        }

        if (code != ExitCodes.Ok)
        {
            return code;
        }

        if (outcome!.Status == ImportStatus.Invalid)
        {
            DiagnosticsView.Write(console, outcome.Diagnostics);
            return ExitCodes.InvalidInput;
        }

        AssetRegisterRevision r = outcome.Revision!;
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, new { created = outcome.Status == ImportStatus.Created, r.Revision, r.FileName, r.ContentSha256, r.Rows, r.ConditionObservations, r.Failures, store = store.DatabasePath });
            return ExitCodes.Ok;
        }

        string what = outcome.Status == ImportStatus.Created ? "Imported as register revision" : "Unchanged: the same file is already the current revision";
        console.MarkupLine($"{what} [bold]{r.Revision.ToString(CultureInfo.InvariantCulture)}[/] ({Markup.Escape(r.FileName)}): {r.Rows:N0} assets, {r.ConditionObservations:N0} condition observations, {r.Failures:N0} failures; store {Markup.Escape(store.DatabasePath)}");
        return ExitCodes.Ok;
    }
}
