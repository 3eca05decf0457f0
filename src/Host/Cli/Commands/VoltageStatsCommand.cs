using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Complaints;
using Lumen.Topology.Requests;
using Lumen.Reliability.Voltage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen voltage stats --readings FILE</c>: compliance rate, missing time and low-voltage customers.</summary>
internal sealed class VoltageStatsCommand(IAnsiConsole console) : Command<VoltageStatsCommand.Settings>
{
    /// <summary>Options of <c>voltage stats</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--readings <FILE>", true)]
        [Description("Readings CSV: point_id,timestamp,voltage_v,nominal_v[,area_id][,feeder_id]; ISO 8601 timestamps (no offset = +08:00).")]
        public string Readings { get; init; } = string.Empty;

        [CommandOption("--profile <NAME>")]
        [Description("gbt12325 (default), sgcc-low-voltage, or a profile from --profiles.")]
        public string Profile { get; init; } = "gbt12325";

        [CommandOption("--profiles <FILE>")]
        [Description("JSON file of user-defined profiles (limits by nominal voltage, minimum duration).")]
        public string? Profiles { get; init; }

        [CommandOption("--by <GROUP>")]
        [Description("area (default), feeder, month or point.")]
        [DefaultValue("area")]
        public string By { get; init; } = "area";

        [CommandOption("--top <N>")]
        [Description("The N longest low-voltage episodes in the report (default 100, at most 1,000).")]
        [DefaultValue(100)]
        public int Top { get; init; } = 100;

        [CommandOption("--episodes-out <FILE>")]
        [Description("Also write the low-voltage episodes as episodes.csv for 'lumen complaints link --episodes'.")]
        public string? EpisodesOut { get; init; }

        [CommandOption("--interval <MINUTES>")]
        [Description("Sampling interval in minutes; inferred per point from the spacing of its readings when omitted.")]
        public double? IntervalMinutes { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("table (default) or json.")]
        [DefaultValue(OutputFormat.Table)]
        public OutputFormat Format { get; init; } = OutputFormat.Table;

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Readings))
            {
                return ValidationResult.Error("--readings is required");
            }

            return IntervalMinutes is double m && !(m > 0) ? ValidationResult.Error("--interval must be positive") : ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<VoltageProfile> user = [];
        if (settings.Profiles is not null)
        {
            VoltageProfileReadResult read = VoltageProfileCatalog.Read(settings.Profiles);
            if (!read.Succeeded)
            {
                DiagnosticsView.Write(console, read.Diagnostics);
                return ExitCodes.InvalidInput;
            }

            user = read.Profiles;
        }

        VoltageProfile? profile = VoltageProfileCatalog.Find(settings.Profile, user);
        if (profile is null)
        {
            console.MarkupLine($"[red]unknown profile '{Markup.Escape(settings.Profile)}'[/] (built in: gbt12325, sgcc-low-voltage)");
            return ExitCodes.Usage;
        }

        var request = new VoltageStatisticsRequest(settings.By, settings.Top);
        if (VoltageStatisticsQuery.Check(request) is { Count: > 0 } problems)
        {
            return RequestProblemsView.Write(console, problems);
        }

        var options = new VoltageStatisticsOptions { Interval = settings.IntervalMinutes is double m ? TimeSpan.FromMinutes(m) : null };
        VoltageStatisticsReadResult result = Read(settings, profile, options, cancellationToken);
        if (result.Statistics is not VoltageStatistics stats)
        {
            DiagnosticsView.Write(console, result.Diagnostics);
            return ExitCodes.InvalidInput;
        }

        if (settings.EpisodesOut is not null)
        {
            EpisodeWriter.Write(settings.EpisodesOut, stats.Episodes.Select((e, i) => e.ToEpisode($"LV{i + 1:D6}")));
        }

        VoltageStatisticsReport report = VoltageStatisticsQuery.Run(stats, request).Value!;
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, report);
            return ExitCodes.Ok;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        var table = new Table().Title($"Voltage by {report.By} ({Markup.Escape(report.Profile)}, {report.ReadingCount:N0} readings)")
            .AddColumn(report.By).AddColumn(new TableColumn("Points").RightAligned()).AddColumn(new TableColumn("Compliance %").RightAligned())
            .AddColumn(new TableColumn("Below (h)").RightAligned()).AddColumn(new TableColumn("Above (h)").RightAligned())
            .AddColumn(new TableColumn("Monitored (h)").RightAligned()).AddColumn(new TableColumn("Missing (h)").RightAligned())
            .AddColumn(new TableColumn("LV customers").RightAligned()).AddColumn(new TableColumn("Episodes").RightAligned());
        foreach (VoltageGroupReport g in report.Groups.Append(report.Total))
        {
            table.AddRow(
                Markup.Escape(g.Key),
                g.Points.ToString("N0", c),
                g.CompliancePercent is double p ? p.ToString("F3", c) : "-",
                g.HoursBelow.ToString("N1", c),
                g.HoursAbove.ToString("N1", c),
                g.MonitoredHours.ToString("N1", c),
                g.MissingHours.ToString("N1", c),
                g.LowVoltageCustomers.ToString("N0", c),
                g.Episodes.ToString("N0", c));
        }

        console.Write(table);
        foreach (string warning in report.Warnings.Take(10))
        {
            console.MarkupLine($"[yellow]{Markup.Escape(warning)}[/]");
        }

        if (report.Warnings.Count > 10)
        {
            console.MarkupLine(string.Create(c, $"[yellow]... and {report.Warnings.Count - 10} more warning(s)[/]"));
        }

        return ExitCodes.Ok;
    }

    private VoltageStatisticsReadResult Read(Settings settings, VoltageProfile profile, VoltageStatisticsOptions options, CancellationToken cancellationToken)
    {
        if (settings.Format == OutputFormat.Json)
        {
            return VoltageReadingsReader.Read(settings.Readings, profile, options, null, cancellationToken);
        }

        if (console.Profile.Capabilities.Interactive)
        {
            VoltageStatisticsReadResult? result = null;
            console.Progress().Start(ctx =>
            {
                ProgressTask task = ctx.AddTask("reading voltages", maxValue: 1.0);
                result = VoltageReadingsReader.Read(settings.Readings, profile, options, new Progress<double>(p => task.Value = p), cancellationToken);
                task.Value = 1.0;
            });
            return result!;
        }

        int reported = 0;
        var plain = new SyncProgress(p =>
        {
            int quarter = (int)(p * 4);
            if (quarter > reported && quarter < 4)
            {
                reported = quarter;
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read {quarter * 25} %"));
            }
        });
        return VoltageReadingsReader.Read(settings.Readings, profile, options, plain, cancellationToken);
    }

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
