using System.Globalization;
using Lumen.Topology.Requests;

namespace Lumen.Reliability.History;

/// <summary>
/// The question "what were the outage indices of this period?", as a user asks it: from <c>lumen outages stats</c>
/// and from <c>GET /api/outages</c> alike (same names, same defaults, same checks).
/// </summary>
/// <remarks>A request DTO; immutable.</remarks>
public sealed record OutageStatisticsRequest
{
    /// <summary>Period start: a date (local midnight in <see cref="Zone"/>) or an ISO 8601 time; null for the first record's day.</summary>
    public string? From { get; init; }

    /// <summary>Period end (exclusive): a date or an ISO 8601 time; null for the day after the last restoration.</summary>
    public string? To { get; init; }

    /// <summary>The local zone of dates, days and months, e.g. <c>+08:00</c>.</summary>
    public string Zone { get; init; } = "+08:00";

    /// <summary>Only this feeder (indices over its customers); null for the system.</summary>
    public string? Feeder { get; init; }

    /// <summary>Only events of this cause (its share of the system indices); null for every cause.</summary>
    public string? Cause { get; init; }

    /// <summary>Report the indices and splits without events that began on major event days (2.5β).</summary>
    public bool ExcludeMed { get; init; }

    /// <summary>Splits by name: <c>feeder</c>, <c>substation</c>, <c>cause</c>, <c>nature</c>, <c>month</c>.</summary>
    public IReadOnlyList<string> By { get; init; } = [];

    /// <summary>Length of the worst-served lists; 0 for none.</summary>
    public int Worst { get; init; }

    /// <summary>The n of CEMI_n and CEMSMI_n.</summary>
    public int CemiN { get; init; } = 3;

    /// <summary>The s of CELID-s, hours.</summary>
    public double CelidSHours { get; init; } = 8;

    /// <summary>The t of CELID-t, hours.</summary>
    public double CelidTHours { get; init; } = 12;

    /// <summary>IEEE 1366 sustained threshold, minutes.</summary>
    public double SustainedMinutes { get; init; } = 5;

    /// <summary>Use the population standard deviation in the 2.5β method (default: sample).</summary>
    public bool PopulationSd { get; init; }
}

/// <summary>The parameters the indices were computed with.</summary>
/// <param name="Zone">The local zone of days and months.</param>
/// <param name="CemiN">n of CEMI_n and CEMSMI_n.</param>
/// <param name="CelidSHours">s of CELID-s, hours.</param>
/// <param name="CelidTHours">t of CELID-t, hours.</param>
/// <param name="SustainedMinutes">The sustained threshold, minutes.</param>
/// <param name="StandardDeviation"><c>sample</c> or <c>population</c> (2.5β).</param>
public sealed record OutageIndexParameters(string Zone, int CemiN, double CelidSHours, double CelidTHours, double SustainedMinutes, string StandardDeviation);

/// <summary>The period of a report.</summary>
/// <param name="From">Start (inclusive).</param>
/// <param name="To">End (exclusive).</param>
/// <param name="Hours">Its length in hours.</param>
public sealed record ReportPeriod(DateTimeOffset From, DateTimeOffset To, double Hours);

/// <summary>
/// The answer of <see cref="OutageStatistics.Run"/>: IEEE 1366 and DL/T 836 indices of a period, with and without major
/// event days, the major event days, the requested splits and worst-served lists. Indices are totals over the period
/// (hours and interruptions per customer); an index that is undefined (no customers) is null in JSON.
/// </summary>
/// <param name="Period">The period.</param>
/// <param name="Feeder">The feeder filter, or null.</param>
/// <param name="Cause">The cause filter, or null.</param>
/// <param name="ExcludeMed">Whether <paramref name="Indices"/> and the splits leave out major event days.</param>
/// <param name="Parameters">The parameters the indices were computed with.</param>
/// <param name="Indices">The indices as requested.</param>
/// <param name="AllDays">The same selection over all days.</param>
/// <param name="ExcludingMajorEventDays">The same selection without events that began on major event days.</param>
/// <param name="MajorEventDays">The system's 2.5β threshold and major event days of the period (found on all records, before filters).</param>
/// <param name="Splits">The requested splits by name; months in calendar order, the others worst SAIDI first.</param>
/// <param name="WorstServed">Worst-served lists; null when not requested.</param>
/// <param name="RejectedRows">Rows a lenient import rejected before the history was built (0 for a stored, all-or-nothing import).</param>
public sealed record OutageStatisticsReport(
    ReportPeriod Period,
    string? Feeder,
    string? Cause,
    bool ExcludeMed,
    OutageIndexParameters Parameters,
    HistoricalIndices Indices,
    HistoricalIndices AllDays,
    HistoricalIndices ExcludingMajorEventDays,
    MajorEventDayResult MajorEventDays,
    IReadOnlyDictionary<string, IReadOnlyList<SplitIndices>> Splits,
    WorstServedReport? WorstServed,
    int RejectedRows);

/// <summary>The one entry point of outage statistics (CLI <c>outages stats</c>, API <c>/api/outages</c>).</summary>
public static class OutageStatistics
{
    /// <summary>Split names in the order they are reported.</summary>
    public static IReadOnlyList<string> SplitNames { get; } = ["feeder", "substation", "cause", "nature", "month"];

    /// <summary>Largest length of a worst-served list.</summary>
    public const int MaxWorst = 10_000;

    /// <summary>Answers <paramref name="request"/> on <paramref name="history"/>, or says what is wrong with the request.</summary>
    /// <remarks>O(E + M + S) per split kind, plus O(days) for major event days (see <see cref="HistoryStatistics.Compute"/>).</remarks>
    public static QueryResult<OutageStatisticsReport> Run(OutageHistory history, OutageStatisticsRequest request)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<FieldProblem>();
        if (!HistoryTime.TryParseOffset(request.Zone, out TimeSpan zone))
        {
            problems.Add(new("zone", $"'{Clip(request.Zone)}' is not a zone offset such as +08:00"));
        }

        DateTimeOffset? from = Bound("from", request.From, zone, problems);
        DateTimeOffset? to = Bound("to", request.To, zone, problems);
        if (from is not null && to is not null && to <= from)
        {
            problems.Add(new("to", "must be after from (the period is [from, to))"));
        }

        HistorySplits splits = HistorySplits.None;
        foreach (string name in request.By)
        {
            HistorySplits split = ParseSplit(name);
            if (split == HistorySplits.None)
            {
                problems.Add(new("by", $"'{Clip(name)}' is not one of {string.Join(", ", SplitNames)}"));
            }

            splits |= split;
        }

        if (splits != HistorySplits.None && request.Feeder is not null)
        {
            problems.Add(new("by", "splits are over system customers and are not available with a feeder filter"));
        }

        Range(problems, "worst", request.Worst, 0, MaxWorst);
        Range(problems, "cemi_n", request.CemiN, 0, 1000);
        Range(problems, "celid_s_hours", request.CelidSHours, 0.001, 8760);
        Range(problems, "celid_t_hours", request.CelidTHours, 0.001, 87_600);
        Range(problems, "sustained_minutes", request.SustainedMinutes, 0, 1440);
        if (request.Feeder is { } feeder && history.Topology.Trace.FeederNames.IndexOf(feeder) < 0)
        {
            problems.Add(new("feeder", $"no feeder '{Clip(feeder)}' in the network", NotFound: true));
        }

        string? cause = request.Cause?.Trim().ToLowerInvariant();
        if (cause is not null && !history.Causes.Contains(cause))
        {
            problems.Add(new("cause", $"'{Clip(request.Cause!)}' is not a cause of the outages ({string.Join(", ", history.Causes)})", NotFound: true));
        }

        if (problems.Count == 0 && history.EventCount == 0 && history.Momentary.Count == 0 && (from is null || to is null))
        {
            problems.Add(new(from is null ? "from" : "to", "the history is empty: give from and to to report a period"));
        }

        if (problems.Count > 0)
        {
            return QueryResult<OutageStatisticsReport>.Invalid(problems);
        }

        var options = new HistoryIndexOptions
        {
            Zone = zone,
            CemiN = request.CemiN,
            CemsmiN = request.CemiN,
            CelidSingle = TimeSpan.FromHours(request.CelidSHours),
            CelidTotal = TimeSpan.FromHours(request.CelidTHours),
            SustainedThreshold = TimeSpan.FromMinutes(request.SustainedMinutes),
            MajorEvents = { Deviation = request.PopulationSd ? DeviationKind.Population : DeviationKind.Sample },
        };
        HistoryReport report = HistoryStatistics.Compute(history, new HistoryQuery(from, to)
        {
            ExcludeMajorEventDays = request.ExcludeMed,
            Splits = splits,
            WorstServedCount = request.Worst,
            Options = options,
            Feeder = request.Feeder,
            Cause = cause,
        });
        var parameters = new OutageIndexParameters(HistoryTime.FormatOffset(zone), request.CemiN, request.CelidSHours, request.CelidTHours, request.SustainedMinutes,
            request.PopulationSd ? "population" : "sample");
        var ordered = new Dictionary<string, IReadOnlyList<SplitIndices>>(StringComparer.Ordinal);
        foreach (string name in SplitNames)
        {
            if (report.Splits.TryGetValue(name, out IReadOnlyList<SplitIndices>? rows))
            {
                ordered[name] = name == "month" ? rows : WorstFirst(rows);
            }
        }

        return QueryResult<OutageStatisticsReport>.Answer(new OutageStatisticsReport(
            new ReportPeriod(report.From, report.To, (report.To - report.From).TotalHours),
            request.Feeder,
            cause,
            request.ExcludeMed,
            parameters,
            report.System,
            report.AllDays,
            report.ExcludingMajorEventDays,
            report.MajorEventDays,
            ordered,
            report.WorstServed,
            history.RejectedRows));
    }

    /// <summary>Feeders, substations, causes and natures: highest SAIDI first (undefined last), then by name.</summary>
    private static IReadOnlyList<SplitIndices> WorstFirst(IReadOnlyList<SplitIndices> rows) =>
        rows.OrderByDescending(r => double.IsNaN(r.Indices.Saidi) ? double.NegativeInfinity : r.Indices.Saidi).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();

    private static HistorySplits ParseSplit(string name) => name.Trim().ToLowerInvariant() switch
    {
        "feeder" => HistorySplits.Feeder,
        "substation" => HistorySplits.Substation,
        "cause" => HistorySplits.Cause,
        "nature" => HistorySplits.Nature,
        "month" => HistorySplits.Month,
        _ => HistorySplits.None,
    };

    private static DateTimeOffset? Bound(string field, string? text, TimeSpan zone, List<FieldProblem> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (!HistoryTime.TryParsePeriodBound(text, zone, out DateTimeOffset value, out string? error))
        {
            problems.Add(new(field, error!));
            return null;
        }

        return value;
    }

    private static void Range(List<FieldProblem> problems, string field, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            problems.Add(new(field, $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString("N0", CultureInfo.InvariantCulture)}"));
        }
    }

    /// <summary>A bad value quoted in a message: at most 40 characters, so that a 10 MB value is not echoed back.</summary>
    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
