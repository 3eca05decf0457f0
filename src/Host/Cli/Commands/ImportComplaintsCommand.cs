using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>
/// <c>lumen import complaints FILE</c>: validate 95598 complaints against the store's newest network and store them as
/// the new complaint dataset (a new batch). All or nothing; the same content again is reported unchanged.
/// </summary>
internal sealed class ImportComplaintsCommand(IAnsiConsole console) : Command<ImportComplaintsCommand.Settings>
{
    /// <summary>Options of <c>import complaints</c>.</summary>
    internal sealed class Settings : HistoryImportSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("complaints.csv: complaint_id,time,location_id,category[,text].")]
        public string File { get; init; } = string.Empty;

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(File) ? ValidationResult.Error("a complaints file is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        HistoryImportRunner.Run(console, settings, (repository, network, version, progress) => repository.ImportComplaints(network, version, settings.File, progress));
}
