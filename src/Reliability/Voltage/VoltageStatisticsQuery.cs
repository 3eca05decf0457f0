using Lumen.Topology.Requests;

namespace Lumen.Reliability.Voltage;

/// <summary>How to report voltage statistics: the grouping and how many of the longest low-voltage episodes to list.</summary>
/// <param name="By"><c>area</c> (transformer area, the default), <c>feeder</c>, <c>month</c> or <c>point</c>.</param>
/// <param name="Top">Longest episodes listed, 0 to 1,000.</param>
public sealed record VoltageStatisticsRequest(string By = "area", int Top = 100);

/// <summary>Time totals and compliance (电压合格率) of a group of metered points; hours and percent.</summary>
/// <param name="Key">Area, feeder, month (<c>yyyy-MM</c>) or point; <c>all</c> for the total.</param>
/// <param name="Points">Points with readings.</param>
/// <param name="CompliancePercent">Share of the monitored time within the limits; null when nothing was monitored.</param>
/// <param name="MonitoredHours">Time covered by readings.</param>
/// <param name="MissingHours">Gaps in the readings.</param>
/// <param name="HoursAbove">Monitored time above the upper limit.</param>
/// <param name="HoursBelow">Monitored time below the lower limit.</param>
/// <param name="LowVoltageCustomers">Points that are low-voltage customers (低电压用户) under the profile.</param>
/// <param name="Episodes">Low-voltage episodes.</param>
public sealed record VoltageGroupReport(string Key, int Points, double? CompliancePercent, double MonitoredHours, double MissingHours, double HoursAbove, double HoursBelow, int LowVoltageCustomers, int Episodes)
{
    /// <summary>The report of a group summary.</summary>
    public static VoltageGroupReport Of(VoltageGroupSummary g)
    {
        ArgumentNullException.ThrowIfNull(g);
        VoltageTotals t = g.Totals;
        double? compliance = double.IsNaN(t.ComplianceRate) ? null : t.ComplianceRate * 100;
        return new(g.Key, g.Points, compliance, t.MonitoredMinutes / 60, t.MissingMinutes / 60, t.MinutesAbove / 60, t.MinutesBelow / 60, g.LowVoltageCustomers, g.Episodes);
    }
}

/// <summary>One low-voltage episode.</summary>
public sealed record VoltageEpisodeReport(string PointId, string AreaId, string? FeederId, DateTimeOffset Start, DateTimeOffset End, double Hours, double MinVoltageV, double LowerLimitV);

/// <summary>Voltage statistics of meter readings under a profile (GB/T 12325 by default).</summary>
/// <param name="Profile">The profile's name.</param>
/// <param name="MinimumLowDurationMinutes">The profile's shortest low-voltage episode.</param>
/// <param name="ReadingCount">Readings counted.</param>
/// <param name="By">The grouping of <paramref name="Groups"/>.</param>
/// <param name="Total">All points.</param>
/// <param name="Groups">The groups, in key order.</param>
/// <param name="Months">By month, oldest first.</param>
/// <param name="EpisodeCount">Low-voltage episodes in all.</param>
/// <param name="Episodes">The longest <see cref="VoltageStatisticsRequest.Top"/> episodes, longest first.</param>
/// <param name="Warnings">What the statistics could not use or had to assume.</param>
public sealed record VoltageStatisticsReport(
    string Profile, double MinimumLowDurationMinutes, long ReadingCount, string By, VoltageGroupReport Total, IReadOnlyList<VoltageGroupReport> Groups,
    IReadOnlyList<VoltageGroupReport> Months, int EpisodeCount, IReadOnlyList<VoltageEpisodeReport> Episodes, IReadOnlyList<string> Warnings);

/// <summary>The one entry point of voltage statistics (CLI <c>voltage stats</c>, API <c>/api/voltage/stats</c>).</summary>
public static class VoltageStatisticsQuery
{
    /// <summary>Groupings, in the order they are offered.</summary>
    public static IReadOnlyList<string> Groupings { get; } = ["area", "feeder", "month", "point"];

    /// <summary>Most episodes listed.</summary>
    public const int MaxTop = 1000;

    /// <summary>What is wrong with <paramref name="request"/>, before any reading is read; empty when nothing is.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static IReadOnlyList<FieldProblem> Check(VoltageStatisticsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<FieldProblem>();
        if (!Groupings.Contains(request.By))
        {
            problems.Add(new("by", $"'{(request.By.Length <= 40 ? request.By : request.By[..40] + "…")}' is not one of {string.Join(", ", Groupings)}"));
        }

        if (request.Top is < 0 or > MaxTop)
        {
            problems.Add(new("top", $"between 0 and {MaxTop}"));
        }

        return problems;
    }

    /// <summary>The report of <paramref name="stats"/> for <paramref name="request"/>, or the problems with the request.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static QueryResult<VoltageStatisticsReport> Run(VoltageStatistics stats, VoltageStatisticsRequest request)
    {
        ArgumentNullException.ThrowIfNull(stats);
        IReadOnlyList<FieldProblem> problems = Check(request);
        if (problems.Count > 0)
        {
            return QueryResult<VoltageStatisticsReport>.Invalid(problems);
        }

        IReadOnlyList<VoltageGroupSummary> groups = request.By switch
        {
            "feeder" => stats.Feeders,
            "month" => stats.Months,
            "point" => stats.Points.OrderBy(p => p.PointId, StringComparer.Ordinal)
                .Select(p => new VoltageGroupSummary(p.PointId, p.Readings > 0 ? 1 : 0, p.Totals, p.IsLowVoltageCustomer ? 1 : 0, p.Episodes)).ToList(),
            _ => stats.Areas,
        };
        List<VoltageEpisodeReport> episodes = stats.Episodes.OrderByDescending(e => e.Duration).ThenBy(e => e.PointId, StringComparer.Ordinal).ThenBy(e => e.Start).Take(request.Top)
            .Select(e => new VoltageEpisodeReport(e.PointId, e.AreaId, e.FeederId, e.Start, e.End, e.Duration.TotalHours, e.MinVoltageV, e.LowerLimitV)).ToList();
        return QueryResult<VoltageStatisticsReport>.Answer(new VoltageStatisticsReport(
            stats.Profile.Name, stats.Profile.MinimumLowDuration.TotalMinutes, stats.Points.Sum(p => p.Readings), request.By, VoltageGroupReport.Of(stats.Total),
            groups.Select(VoltageGroupReport.Of).ToList(), stats.Months.Select(VoltageGroupReport.Of).ToList(), stats.Episodes.Count, episodes, stats.Warnings));
    }
}
