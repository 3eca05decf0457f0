using System.ComponentModel;
using System.Globalization;
using Lumen.Host.Storage.DuckDb;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>
/// <c>lumen network current &lt;VERSION&gt;</c>: makes a stored network version current again (the way back from a
/// bad import), recorded in the store's <c>network_current_changes</c>; without a version, lists those changes.
/// </summary>
internal sealed class NetworkCurrentCommand(IAnsiConsole console) : Command<NetworkCurrentCommand.Settings>
{
    /// <summary>Options of <c>network current</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[VERSION]")]
        [Description("The stored version to make current; without it, the changes of the current version are listed.")]
        public int? Version { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("Data folder of the store (default lumen-data). The service must not be running on it (use POST /api/networks/{version}/current then).")]
        public string Store { get; init; } = "lumen-data";

        [CommandOption("--format <FORMAT>")]
        [Description("table (default) or json.")]
        public OutputFormat Format { get; init; } = OutputFormat.Table;

        public override ValidationResult Validate() =>
            Version is < 1 ? ValidationResult.Error("VERSION is a stored version number (1 or more)") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var store = new DuckDbStore(Path.Combine(Path.GetFullPath(settings.Store), "lumen.duckdb"));
        var repository = new NetworkRepository(store, TimeProvider.System);
        if (settings.Version is not int version)
        {
            IReadOnlyList<CurrentVersionChange> changes = repository.CurrentChanges();
            if (settings.Format == OutputFormat.Json)
            {
                LumenJson.Write(console, changes);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("change", "network version", "changed at (UTC)", "reason");
            foreach (CurrentVersionChange c in changes)
            {
                table.AddRow(c.Change.ToString(CultureInfo.InvariantCulture), c.NetworkVersion.ToString(CultureInfo.InvariantCulture), c.ChangedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Markup.Escape(c.Reason));
            }

            console.Write(table);
            return ExitCodes.Ok;
        }

        int? previous = repository.Latest()?.Version;
        if (repository.MakeCurrent(version, "cli") is not (NetworkVersionInfo info, bool changed))
        {
            console.MarkupLine($"[red]error: version: {version.ToString(CultureInfo.InvariantCulture)} is not a stored version (see lumen network current)[/]");
            return ExitCodes.InvalidInput;
        }

        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, new { changed, previous, info.Version, info.Name, info.ContentSha256 });
            return ExitCodes.Ok;
        }

        console.MarkupLine(changed
            ? $"Version [bold]{info.Version.ToString(CultureInfo.InvariantCulture)}[/] ({Markup.Escape(info.Name)}) is current again (was {previous?.ToString(CultureInfo.InvariantCulture) ?? "none"}); the service recomputes its results on start."
            : $"Version {info.Version.ToString(CultureInfo.InvariantCulture)} is already current; nothing changed.");
        return ExitCodes.Ok;
    }
}
