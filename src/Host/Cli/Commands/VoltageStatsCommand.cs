using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.Voltage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen voltage stats --readings FILE</c>: compliance rate, missing time and low-voltage customers.</summary>
internal sealed class VoltageStatsCommand(IAnsiConsole console) : Command<VoltageStatsCommand.Settings>
{
    /// <summary>Grouping of the report.</summary>
    internal enum Grouping
    {
        /// <summary>Per transformer area.</summary>
        Area,

        /// <summary>Per feeder.</summary>
        Feeder,

        /// <summary>Per calendar month.</summary>
        Month,

        /// <summary>Per metered point.</summary>
        Point,
    }

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
        [DefaultValue(Grouping.Area)]
        public Grouping By { get; init; } = Grouping.Area;

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

    /// <summary>JSON shape of a group or the total.</summary>
    internal sealed record GroupDocument(
        string Key,
        int Points,
        double MonitoredMinutes,
        double MissingMinutes,
        double MinutesAbove,
        double MinutesBelow,
        double ComplianceRate,
        int LowVoltageCustomers,
        int Episodes)
    {
        public static GroupDocument Of(VoltageGroupSummary g) => new(
            g.Key, g.Points, g.Totals.MonitoredMinutes, g.Totals.MissingMinutes, g.Totals.MinutesAbove, g.Totals.MinutesBelow,
            Math.Round(g.Totals.ComplianceRate, 6), g.LowVoltageCustomers, g.Episodes);
    }

    /// <summary>JSON shape of an episode.</summary>
    internal sealed record EpisodeDocument(string PointId, string AreaId, string? FeederId, string Start, string End, double DurationMinutes, double MinVoltageV);

    /// <summary>JSON shape of the report.</summary>
    internal sealed record StatsDocument(
        string Readings,
        string Profile,
        double MinimumLowDurationMinutes,
        long ReadingCount,
        string By,
        GroupDocument Total,
        IReadOnlyList<GroupDocument> Groups,
        IReadOnlyList<EpisodeDocument> Episodes,
        IReadOnlyList<string> Warnings);

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

        IReadOnlyList<VoltageGroupSummary> groups = settings.By switch
        {
            Grouping.Feeder => stats.Feeders,
            Grouping.Month => stats.Months,
            Grouping.Point => stats.Points.Select(p => new VoltageGroupSummary(p.PointId, p.Readings > 0 ? 1 : 0, p.Totals, p.IsLowVoltageCustomer ? 1 : 0, p.Episodes)).ToList(),
            _ => stats.Areas,
        };
        string by = settings.By.ToString().ToLowerInvariant();
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, new StatsDocument(
                settings.Readings, profile.Name, profile.MinimumLowDuration.TotalMinutes, result.Readings, by, GroupDocument.Of(stats.Total),
                groups.Select(GroupDocument.Of).ToList(),
                stats.Episodes.Select(e => new EpisodeDocument(e.PointId, e.AreaId, e.FeederId, e.Start.ToString("O", CultureInfo.InvariantCulture), e.End.ToString("O", CultureInfo.InvariantCulture), e.Duration.TotalMinutes, e.MinVoltageV)).ToList(),
                stats.Warnings));
            return ExitCodes.Ok;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        var table = new Table().Title($"Voltage by {by} ({Markup.Escape(profile.Name)}, {result.Readings:N0} readings)")
            .AddColumn(by).AddColumn(new TableColumn("Points").RightAligned()).AddColumn(new TableColumn("Compliance").RightAligned())
            .AddColumn(new TableColumn("Below (h)").RightAligned()).AddColumn(new TableColumn("Above (h)").RightAligned())
            .AddColumn(new TableColumn("Monitored (h)").RightAligned()).AddColumn(new TableColumn("Missing").RightAligned())
            .AddColumn(new TableColumn("LV customers").RightAligned()).AddColumn(new TableColumn("Episodes").RightAligned());
        foreach (VoltageGroupSummary g in groups.Append(stats.Total))
        {
            VoltageTotals t = g.Totals;
            table.AddRow(
                Markup.Escape(g.Key),
                g.Points.ToString("N0", c),
                double.IsNaN(t.ComplianceRate) ? "-" : t.ComplianceRate.ToString("P3", c),
                (t.MinutesBelow / 60).ToString("N1", c),
                (t.MinutesAbove / 60).ToString("N1", c),
                (t.MonitoredMinutes / 60).ToString("N1", c),
                double.IsNaN(t.MissingShare) ? "-" : t.MissingShare.ToString("P2", c),
                g.LowVoltageCustomers.ToString("N0", c),
                g.Episodes.ToString("N0", c));
        }

        console.Write(table);
        foreach (string warning in stats.Warnings.Take(10))
        {
            console.MarkupLine($"[yellow]{Markup.Escape(warning)}[/]");
        }

        if (stats.Warnings.Count > 10)
        {
            console.MarkupLine(string.Create(c, $"[yellow]... and {stats.Warnings.Count - 10} more warning(s)[/]"));
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
