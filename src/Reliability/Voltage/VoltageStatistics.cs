namespace Lumen.Reliability.Voltage;

/// <summary>
/// One low-voltage episode: a point below its lower limit continuously (no missing reading in between) for longer
/// than the profile's minimum duration. Plain data for the complaint linker (a low-voltage complaint links to an
/// episode in the same area and time window).
/// </summary>
/// <param name="PointId">Meter, customer or transformer-area id of the series.</param>
/// <param name="AreaId">Transformer area (台区) of the point.</param>
/// <param name="FeederId">Feeder of the point; null when not given.</param>
/// <param name="Start">Time of the first reading below the limit (with the offset it was written in).</param>
/// <param name="End">End of the time covered by the last reading below the limit.</param>
/// <param name="MinVoltageV">Lowest voltage in the episode, V.</param>
/// <param name="LowerLimitV">The lower limit that was violated, V.</param>
public sealed record LowVoltageEpisode(string PointId, string AreaId, string? FeederId, DateTimeOffset Start, DateTimeOffset End, double MinVoltageV, double LowerLimitV)
{
    /// <summary>Length of the episode.</summary>
    public TimeSpan Duration => End - Start;

    /// <summary>This episode as a complaint-linkage episode of kind <c>low_voltage</c> in its transformer area.</summary>
    /// <param name="id">Episode id to use.</param>
    public Complaints.Episode ToEpisode(string id) => new(id, Complaints.ComplaintLinkOptions.LowVoltageKind, AreaId, Start, End);
}

/// <summary>Statistics of one metered point over the whole input.</summary>
/// <param name="PointId">Point id.</param>
/// <param name="AreaId">Transformer area.</param>
/// <param name="FeederId">Feeder; null when not given.</param>
/// <param name="NominalV">Nominal voltage, V.</param>
/// <param name="LowerV">Lower limit applied, V.</param>
/// <param name="UpperV">Upper limit applied, V.</param>
/// <param name="Readings">Readings counted.</param>
/// <param name="Totals">Monitored, missing, above and below time and the compliance rate.</param>
/// <param name="MinVoltageV">Lowest reading, V.</param>
/// <param name="MaxVoltageV">Highest reading, V.</param>
/// <param name="Episodes">Low-voltage episodes.</param>
/// <param name="IsLowVoltageCustomer">True when the point had at least one episode (低电压用户).</param>
public sealed record PointVoltageSummary(
    string PointId,
    string AreaId,
    string? FeederId,
    double NominalV,
    double LowerV,
    double UpperV,
    long Readings,
    VoltageTotals Totals,
    double MinVoltageV,
    double MaxVoltageV,
    int Episodes,
    bool IsLowVoltageCustomer);

/// <summary>Time totals and the compliance rate (电压合格率) of a point or group.</summary>
/// <param name="MonitoredMinutes">Time covered by readings, minutes (gaps excluded).</param>
/// <param name="MissingMinutes">Gaps between a point's first and last reading, minutes.</param>
/// <param name="MinutesAbove">Monitored time above the upper limit, minutes.</param>
/// <param name="MinutesBelow">Monitored time below the lower limit, minutes.</param>
public readonly record struct VoltageTotals(double MonitoredMinutes, double MissingMinutes, double MinutesAbove, double MinutesBelow)
{
    /// <summary>1 − (above + below) / monitored; NaN when nothing was monitored.</summary>
    public double ComplianceRate => MonitoredMinutes > 0 ? 1.0 - ((MinutesAbove + MinutesBelow) / MonitoredMinutes) : double.NaN;

    /// <summary>Missing time as a share of monitored plus missing time; NaN when both are zero.</summary>
    public double MissingShare => MonitoredMinutes + MissingMinutes > 0 ? MissingMinutes / (MonitoredMinutes + MissingMinutes) : double.NaN;
}

/// <summary>Statistics of a group of points: a transformer area, a feeder, a month or everything.</summary>
/// <param name="Key">Area id, feeder id, month (<c>yyyy-MM</c>, local time of the readings) or <c>all</c>.</param>
/// <param name="Points">Points with monitored time in the group.</param>
/// <param name="Totals">Summed time totals and the compliance rate.</param>
/// <param name="LowVoltageCustomers">Points with at least one episode overlapping the group (each counted once).</param>
/// <param name="Episodes">Episodes (a month counts the episodes starting in it).</param>
public sealed record VoltageGroupSummary(string Key, int Points, VoltageTotals Totals, int LowVoltageCustomers, int Episodes);

/// <summary>The result of <see cref="VoltageStatisticsAccumulator.Complete"/>.</summary>
/// <param name="Profile">The profile applied.</param>
/// <param name="Total">Everything together.</param>
/// <param name="Points">Per point, in first-seen order.</param>
/// <param name="Areas">Per transformer area, ordered by id.</param>
/// <param name="Feeders">Per feeder (points with a feeder only), ordered by id.</param>
/// <param name="Months">Per calendar month, in order.</param>
/// <param name="Episodes">Every episode, per point in time order (empty when not kept, see <see cref="VoltageStatisticsOptions.KeepEpisodes"/>).</param>
/// <param name="Warnings">Non-fatal remarks (sampling interval changes).</param>
public sealed record VoltageStatistics(
    VoltageProfile Profile,
    VoltageGroupSummary Total,
    IReadOnlyList<PointVoltageSummary> Points,
    IReadOnlyList<VoltageGroupSummary> Areas,
    IReadOnlyList<VoltageGroupSummary> Feeders,
    IReadOnlyList<VoltageGroupSummary> Months,
    IReadOnlyList<LowVoltageEpisode> Episodes,
    IReadOnlyList<string> Warnings);

/// <summary>Options of <see cref="VoltageStatisticsAccumulator"/>.</summary>
public sealed record VoltageStatisticsOptions
{
    /// <summary>Defaults: interval inferred, episodes kept, timestamps without offset at UTC+8.</summary>
    public static VoltageStatisticsOptions Default { get; } = new();

    /// <summary>
    /// Sampling interval of every series; null to infer it per point from the spacing of its readings (the largest of
    /// 1, 5, 10, 15, 30, 60 min dividing the first spacing, lowered if a closer spacing follows).
    /// A reading covers the interval after it, or less when the next reading comes sooner; beyond that is missing.
    /// </summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>Interval assumed for a point with a single reading when none is given. Default 15 min.</summary>
    public TimeSpan SingleReadingInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Keep every episode in <see cref="VoltageStatistics.Episodes"/> (memory grows with episodes). Default true.</summary>
    public bool KeepEpisodes { get; init; } = true;

    /// <summary>Offset given to timestamps written without one. Default +08:00 (China Standard Time).</summary>
    public TimeSpan DefaultOffset { get; init; } = TimeSpan.FromHours(8);
}
