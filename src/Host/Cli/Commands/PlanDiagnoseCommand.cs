using System.ComponentModel;
using System.Globalization;
using Lumen.Host.Documents;
using Lumen.Host.Services;
using Lumen.Reliability.History;
using Lumen.Reliability.Planning;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen plan diagnose</c>: the diagnosis of the present grid, feeder by feeder.</summary>
internal sealed class PlanDiagnoseCommand(IAnsiConsole console) : Command<PlanDiagnoseCommand.Settings>
{
    /// <summary>Options of <c>plan diagnose</c>.</summary>
    internal sealed class Settings : NetworkSettings
    {
        [CommandOption("--load <PATH>")]
        [Description("Load series (a CSV file or folder, timestamp,load_mw; each named after its feeder, transformer branch or load point): loading, heavy/overload hours and the load levels.")]
        public string? Load { get; init; }

        [CommandOption("--history <DIR>")]
        [Description("Outage history folder (outages.csv, optional restoration_steps.csv and momentary.csv): historical RS-1 and SAIDI against the zone targets.")]
        public string? History { get; init; }

        [CommandOption("--zones <FILE>")]
        [Description("Supply zones given by the utility (id,zone: substation source bus or feeder, and A+, A, B, C, D or E); the rest from load density.")]
        public string? Zones { get; init; }

        [CommandOption("--rules <FILE>")]
        [Description("Rule table overrides (JSON, snake_case, see docs/diagnosis.md).")]
        public string? Rules { get; init; }

        [CommandOption("--unconstrained")]
        [Description("Transfers unlimited by ratings and voltage (N-1 and the reliability prediction).")]
        public bool Unconstrained { get; init; }

        [CommandOption("--source-voltage <PU>")]
        [Description("Substation bus voltage for the transfer voltage check, per unit (default 1.05, as the service).")]
        [DefaultValue(1.05)]
        public double SourceVoltagePu { get; init; } = 1.05;

        [CommandOption("--name <NAME>")]
        [Description("Network name in the report (default: the folder's name).")]
        public string? Name { get; init; }

        [CommandOption("--xlsx <FILE>")]
        [Description("Also write the diagnosis as an Excel workbook (sheets summaries, problems, feeders, n1_failures, load_levels), as GET /api/export/diagnosis.xlsx.")]
        public string? Xlsx { get; init; }

        [CommandOption("--top <N>")]
        [Description("Problems shown in the table view (default 20).")]
        [DefaultValue(20)]
        public int Top { get; init; } = 20;

        public override ValidationResult Validate()
        {
            if (!(SourceVoltagePu >= 0.8 && SourceVoltagePu <= 1.2))
            {
                return ValidationResult.Error("--source-voltage must lie in 0.8..1.2");
            }

            return Top < 1 ? ValidationResult.Error("--top must be at least 1") : base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Import(console) is not { Network: Network network } imported)
        {
            return ExitCodes.InvalidInput;
        }

        DiagnosisRules rules = DiagnosisRules.Default;
        if (settings.Rules is not null)
        {
            (DiagnosisRules? read, string? problem) = DiagnosisRules.Read(settings.Rules);
            if (read is null)
            {
                console.MarkupLine($"[red]error: --rules {Markup.Escape(problem!)}[/]");
                return ExitCodes.InvalidInput;
            }

            rules = read;
        }

        IReadOnlyDictionary<string, string> zones = new Dictionary<string, string>();
        if (settings.Zones is not null)
        {
            (IReadOnlyDictionary<string, string>? read, IReadOnlyList<Diagnostic> diagnostics) = SupplyZonesReader.Read(settings.Zones, rules);
            DiagnosticsView.Write(console, diagnostics);
            if (read is null)
            {
                return ExitCodes.InvalidInput;
            }

            zones = read;
        }

        IReadOnlyList<ElementLoadSeries> load = [];
        if (settings.Load is not null)
        {
            if (LoadSeriesInput.Read(console, settings.Load, settings.Format == OutputFormat.Json) is not { } series)
            {
                return ExitCodes.InvalidInput;
            }

            load = series;
        }

        HistoryReport? history = null;
        if (settings.History is not null)
        {
            HistoryImportResult read = OutageHistoryImporter.Import(network, HistoryFiles(settings.History));
            if (read.History is not OutageHistory outages)
            {
                DiagnosticsView.Write(console, read.Diagnostics);
                return ExitCodes.InvalidInput;
            }

            history = HistoryStatistics.Compute(outages, PlanningInputs.HistoryQuery);
        }

        var request = new DiagnosisRequest(network, settings.Name ?? System.IO.Path.GetFileName(System.IO.Path.GetFullPath(settings.Path).TrimEnd(System.IO.Path.DirectorySeparatorChar)), imported.Case)
        {
            Load = load,
            History = history,
            Zones = zones,
            Rules = rules,
            Limits = PlanningInputs.Limits(!settings.Unconstrained, settings.SourceVoltagePu),
        };
        DiagnosisReport report = null!;
        if (settings.Format == OutputFormat.Json)
        {
            report = DiagnosisQuery.Run(request);
            LumenJson.Write(console, report);
        }
        else
        {
            Progress.Run(console, "Diagnosis", [("N-1, loading and reliability", () => report = DiagnosisQuery.Run(request))]);
            Write(console, report, settings.Top);
        }

        return settings.Xlsx is null ? ExitCodes.Ok : WriteWorkbook(console, settings, report, cancellationToken);
    }

    private static int WriteWorkbook(IAnsiConsole console, Settings settings, DiagnosisReport report, CancellationToken cancellationToken)
    {
        try
        {
            using (FileStream file = File.Create(settings.Xlsx!))
            {
                DiagnosisWorkbook.WriteAsync(file, report, cancellationToken).GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]error: --xlsx {Markup.Escape(settings.Xlsx!)}: {Markup.Escape(e.Message)}[/]");
            return ExitCodes.InvalidInput;
        }

        if (settings.Format != OutputFormat.Json)
        {
            console.MarkupLine($"wrote [bold]{Markup.Escape(settings.Xlsx!)}[/]");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The outage files of a history folder (outages.csv and, when present, restoration_steps.csv and momentary.csv).</summary>
    internal static OutageFiles HistoryFiles(string folder)
    {
        string steps = System.IO.Path.Combine(folder, "restoration_steps.csv");
        string momentary = System.IO.Path.Combine(folder, "momentary.csv");
        return new OutageFiles(System.IO.Path.Combine(folder, "outages.csv"))
        {
            Steps = File.Exists(steps) ? steps : null,
            Momentary = File.Exists(momentary) ? momentary : null,
        };
    }

    private static void Write(IAnsiConsole console, DiagnosisReport report, int top)
    {
        var summary = new Table().Title("Diagnosis by supply zone").AddColumns("group", "feeders", "peak MW", "N-1 pass", "tied", "inter-substation", "heavy", "overloaded", "radius km", "RS-1 predicted %", "target %");
        foreach (DiagnosisSummary s in report.Zones.Append(report.System))
        {
            summary.AddRow(
                Markup.Escape(s.Key),
                s.Feeders.ToString(CultureInfo.InvariantCulture),
                F(s.PeakMw, "F1"),
                P(s.N1PassRate),
                P(s.InterconnectionRate),
                P(s.InterSubstationRate),
                s.HeavyFeeders.ToString(CultureInfo.InvariantCulture),
                s.OverloadedFeeders.ToString(CultureInfo.InvariantCulture),
                F(s.AverageSupplyRadiusKm, "F1"),
                F(s.PredictedRs1, "F3"),
                F(s.Rs1Target, "F3"));
        }

        console.Write(summary);
        if (report.Zones.Count > 0)
        {
            var chart = new BarChart().Label("N-1 pass rate by zone, %").WithMaxValue(100);
            foreach (DiagnosisSummary z in report.Zones)
            {
                chart.AddItem(z.Key, Math.Round(100 * (z.N1PassRate ?? 0), 1), Color.Green);
            }

            console.Write(chart);
        }

        var problems = new Table().Title($"Problems ({report.Problems.Count}), most severe first").AddColumns("severity", "rule", "feeder", "zone", "figure", "limit", "detail");
        foreach (DiagnosisProblem p in report.Problems.Take(top))
        {
            problems.AddRow(p.Severity, p.Rule, Markup.Escape(p.Feeder ?? "—"), Markup.Escape(p.Zone ?? "—"), F(p.Figure, "G4") + " " + Markup.Escape(p.Unit), F(p.Limit, "G4"), Markup.Escape(p.Detail));
        }

        console.Write(problems);
    }

    private static string F(double? x, string format) => x is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    private static string P(double? share) => share is double v ? (100 * v).ToString("F1", CultureInfo.InvariantCulture) + " %" : "—";
}
