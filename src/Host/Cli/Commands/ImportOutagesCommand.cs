using System.ComponentModel;
using Lumen.Reliability.History;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>
/// <c>lumen import outages</c>: validate outage records against the store's newest network and store them as the new
/// outage dataset (a new batch; older batches stay). All or nothing; the same content again is reported unchanged.
/// </summary>
internal sealed class ImportOutagesCommand(IAnsiConsole console) : Command<ImportOutagesCommand.Settings>
{
    /// <summary>Options of <c>import outages</c>.</summary>
    internal sealed class Settings : HistoryImportSettings
    {
        [CommandOption("--history <DIR>")]
        [Description("Folder with outages.csv and, when present, restoration_steps.csv and momentary.csv.")]
        public string? History { get; init; }

        [CommandOption("--outages <FILE>")]
        [Description("outages.csv: event_id,start,end,device_id,cause,nature.")]
        public string? Outages { get; init; }

        [CommandOption("--steps <FILE>")]
        [Description("restoration_steps.csv: event_id,time,device_id (or customers_restored).")]
        public string? Steps { get; init; }

        [CommandOption("--momentary <FILE>")]
        [Description("momentary.csv: event_id,time,device_id,operations.")]
        public string? Momentary { get; init; }

        public override ValidationResult Validate()
        {
            if ((History is null) == (Outages is null))
            {
                return ValidationResult.Error("give either --history DIR or --outages FILE");
            }

            return History is not null && (Steps is not null || Momentary is not null)
                ? ValidationResult.Error("--steps and --momentary go with --outages; --history takes them from the folder")
                : ValidationResult.Success();
        }

        public OutageFiles Files()
        {
            if (History is null)
            {
                return new OutageFiles(Outages!) { Steps = Steps, Momentary = Momentary };
            }

            string steps = Path.Combine(History, "restoration_steps.csv");
            string momentary = Path.Combine(History, "momentary.csv");
            return new OutageFiles(Path.Combine(History, "outages.csv"))
            {
                Steps = File.Exists(steps) ? steps : null,
                Momentary = File.Exists(momentary) ? momentary : null,
            };
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        HistoryImportRunner.Run(console, settings, (repository, network, version, progress) => repository.ImportOutages(network, version, settings.Files(), progress));
}
