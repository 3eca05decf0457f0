using System.ComponentModel;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Network;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary>Options shared by the complaint commands.</summary>
internal class ComplaintSettings : OutageSettings
{
    [CommandOption("--complaints <FILE>")]
    [Description("complaints.csv: complaint_id,time,location_id,category[,text].")]
    public string Complaints { get; init; } = string.Empty;

    [CommandOption("--episodes <FILE>")]
    [Description("Further episodes to link to (e.g. low voltage): episode_id,kind,area_id,start,end.")]
    public string? Episodes { get; init; }

    [CommandOption("--low-voltage-at-peak")]
    [Description("Also link to the transformer areas the peak-load power flow finds below the limit, each a standing episode over the complaints' period (what the service does without meter episodes).")]
    public bool LowVoltageAtPeak { get; init; }

    [CommandOption("--peak-load-scale <X>")]
    [Description("Coincidence factor of the peak-load power flow for --low-voltage-at-peak (default 1.0, as the service).")]
    [DefaultValue(1.0)]
    public double PeakLoadScale { get; init; } = 1.0;

    [CommandOption("--source-voltage-pu <PU>")]
    [Description("Source voltage of that power flow (default 1.05, as the service).")]
    [DefaultValue(1.05)]
    public double SourceVoltagePu { get; init; } = 1.05;

    [CommandOption("--window-before-minutes <MIN>")]
    [Description("How long before an episode starts a complaint may be linked to it (default 30).")]
    [DefaultValue(30.0)]
    public double WindowBeforeMinutes { get; init; } = 30;

    [CommandOption("--window-after-hours <H>")]
    [Description("How long after an episode ends a complaint may be linked to it (default 48).")]
    [DefaultValue(48.0)]
    public double WindowAfterHours { get; init; } = 48;

    public override ValidationResult Validate()
    {
        ValidationResult b = base.Validate();
        if (!b.Successful)
        {
            return b;
        }

        if (string.IsNullOrWhiteSpace(Complaints))
        {
            return ValidationResult.Error("--complaints is required");
        }

        if (!(PeakLoadScale > 0 && PeakLoadScale <= 10) || !(SourceVoltagePu >= 0.8 && SourceVoltagePu <= 1.2))
        {
            return ValidationResult.Error("--peak-load-scale must be in (0, 10] and --source-voltage-pu in [0.8, 1.2]");
        }

        return WindowBeforeMinutes < 0 || WindowAfterHours < 0 ? ValidationResult.Error("the link windows must not be negative") : ValidationResult.Success();
    }
}

/// <summary>Loads history, complaints and episodes, and links them.</summary>
internal static class ComplaintLoader
{
    public static (OutageHistory? History, ComplaintLinkResult? Links, int Rejected, int ExitCode) Link(IAnsiConsole console, ComplaintSettings settings)
    {
        (Network? network, OutageHistory? history, HistoryImportResult? import, int code) = HistoryLoader.Load(console, settings);
        if (history is null || network is null)
        {
            return (null, null, 0, code);
        }

        var options = new HistoryImportOptions { Lenient = settings.Lenient, NaiveTimestampOffset = settings.NaiveTimestamps ? settings.ZoneOffset : null };
        ComplaintImportResult complaints = ComplaintImporter.Import(network, settings.Complaints, options);
        if (settings.Lenient && complaints.Rejected.Count > 0)
        {
            string report = settings.Report is null
                ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.Complaints)) ?? ".", "rejected_complaints.csv")
                : Path.ChangeExtension(settings.Report, ".complaints.csv");
            OutageHistoryImporter.WriteRejectionReport(report, complaints.Rejected);
        }

        if (!complaints.Succeeded)
        {
            DiagnosticsView.Write(console, complaints.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList());
            return (history, null, 0, ExitCodes.InvalidInput);
        }

        var episodes = new List<Episode>();
        if (settings.Episodes is not null)
        {
            (IReadOnlyList<Episode> read, IReadOnlyList<Diagnostic> diagnostics) = EpisodeImporter.Import(settings.Episodes, options);
            if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                DiagnosticsView.Write(console, diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList());
                return (history, null, 0, ExitCodes.InvalidInput);
            }

            episodes.AddRange(read);
        }

        if (settings.LowVoltageAtPeak)
        {
            PowerFlowScenario peak = PowerFlowScenario.Base with { LoadScale = settings.PeakLoadScale, SourceVoltagePu = settings.SourceVoltagePu };
            LowVoltageReport voltage = LowVoltagePrediction.Predict(network, peak, VoltageProfile.GbT12325);
            if (voltage.PowerFlow.Converged)
            {
                episodes.AddRange(ComplaintSummaries.StandingLowVoltageEpisodes(voltage.LowAreas.Select(a => a.LoadPointId), complaints.Complaints));
            }
            else
            {
                console.MarkupLine("[yellow]the peak-load power flow did not converge: no low-voltage areas linked[/]");
            }
        }

        var linkOptions = new ComplaintLinkOptions
        {
            WindowBefore = TimeSpan.FromMinutes(settings.WindowBeforeMinutes),
            WindowAfter = TimeSpan.FromHours(settings.WindowAfterHours),
        };
        ComplaintLinkResult links = ComplaintLinker.Link(history, episodes, complaints.Complaints, linkOptions, out IReadOnlyList<string> unknown);
        foreach (string id in unknown)
        {
            console.MarkupLine($"[yellow]episode '{Markup.Escape(id)}': unknown area, ignored[/]");
        }

        return (history, links, import!.Rejected.Count + complaints.Rejected.Count, ExitCodes.Ok);
    }
}
