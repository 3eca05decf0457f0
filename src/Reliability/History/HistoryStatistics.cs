using System.Globalization;

namespace Lumen.Reliability.History;

/// <summary>Ways to split the indices.</summary>
[Flags]
public enum HistorySplits
{
    /// <summary>System indices only.</summary>
    None = 0,

    /// <summary>By 10 kV feeder (denominators: the feeder's customers, transformers and kVA).</summary>
    Feeder = 1,

    /// <summary>By substation (source bus; denominators: what it serves).</summary>
    Substation = 2,

    /// <summary>By cause (system denominators; momentary records carry no cause and are left out).</summary>
    Cause = 4,

    /// <summary>By outage nature (system denominators; momentary records left out).</summary>
    Nature = 8,

    /// <summary>By local calendar month (system denominators; each month's own hours; events clipped to the month).</summary>
    Month = 16,
}

/// <summary>What to compute: period, major event day handling, splits and worst-served lists.</summary>
/// <param name="From">Start of the period (inclusive); null for local midnight of the first record's day.</param>
/// <param name="To">End of the period (exclusive); null for local midnight after the last restoration.</param>
/// <remarks>A request DTO; immutable.</remarks>
public sealed record HistoryQuery(DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    /// <summary>Report <see cref="HistoryReport.System"/> and the splits without events that began on major event days.</summary>
    public bool ExcludeMajorEventDays { get; init; }

    /// <summary>Which splits to compute.</summary>
    public HistorySplits Splits { get; init; }

    /// <summary>Length of each worst-served list; 0 for none.</summary>
    public int WorstServedCount { get; init; }

    /// <summary>Thresholds, n/s/t and zone.</summary>
    public HistoryIndexOptions Options { get; init; } = new();

    /// <summary>
    /// Only this feeder: the indices are over its customers, transformers and kVA (no splits then). Null for the system.
    /// </summary>
    public string? Feeder { get; init; }

    /// <summary>
    /// Only events of this cause: its share of the indices (momentary records carry no cause and are left out). The
    /// major event days stay the system's, found on every record. Null for every cause.
    /// </summary>
    public string? Cause { get; init; }
}

/// <summary>Indices of one split group.</summary>
/// <param name="Key">Feeder or substation name, cause, nature or month (<c>yyyy-MM</c>).</param>
/// <param name="Indices">Its indices.</param>
public sealed record SplitIndices(string Key, HistoricalIndices Indices);

/// <summary>The result of <see cref="HistoryStatistics.Compute"/>.</summary>
/// <remarks>Immutable. Durations in hours.</remarks>
public sealed record HistoryReport
{
    /// <summary>Start of the period.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>End of the period (exclusive).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>The system indices as requested (without major event days when the query says so).</summary>
    public required HistoricalIndices System { get; init; }

    /// <summary>System indices over all days.</summary>
    public required HistoricalIndices AllDays { get; init; }

    /// <summary>System indices without events that began on major event days.</summary>
    public required HistoricalIndices ExcludingMajorEventDays { get; init; }

    /// <summary>The 2.5β threshold and the major event days of the period.</summary>
    public required MajorEventDayResult MajorEventDays { get; init; }

    /// <summary>Requested splits by name (<c>feeder</c>, <c>substation</c>, <c>cause</c>, <c>nature</c>, <c>month</c>).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<SplitIndices>> Splits { get; init; }

    /// <summary>Worst-served lists; null when not requested.</summary>
    public WorstServedReport? WorstServed { get; init; }
}

/// <summary>Computes IEEE 1366 / DL/T 836 indices, major event days, splits and worst-served lists from an <see cref="OutageHistory"/>.</summary>
public static class HistoryStatistics
{
    /// <summary>Computes the report for <paramref name="query"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// The period is empty or reversed, the history is empty and no period is given, the feeder or cause is unknown, or
    /// splits are asked for with a feeder filter.
    /// </exception>
    /// <remarks>
    /// O(E + M + S + affected load points and transformers) per split kind, plus O(days) for major event days.
    /// Thread-safe for distinct calls (each call has its own scratch).
    /// </remarks>
    public static HistoryReport Compute(OutageHistory history, HistoryQuery query)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(query);
        HistoryIndexOptions options = query.Options;
        (DateTimeOffset from, DateTimeOffset to) = ResolvePeriod(history, query);
        long fromTicks = from.UtcTicks;
        long toTicks = to.UtcTicks;
        HistoryTopology topology = history.Topology;
        var served = new ServedTotals(topology.TotalCustomers, topology.TotalTransformers, topology.TotalKva);

        MajorEventDayResult med = ComputeMajorEventDays(history, from, to, options);
        var medDays = new HashSet<DateOnly>();
        foreach (MajorEventDay d in med.Days)
        {
            medDays.Add(d.Date);
        }

        int[] allEvents = EventsOverlapping(history, fromTicks, toTicks, medDays: null, options.Zone);
        int[] allMomentary = MomentaryIn(history, fromTicks, toTicks, medDays: null, options.Zone);
        int[] normalEvents = EventsOverlapping(history, fromTicks, toTicks, medDays, options.Zone);
        int[] normalMomentary = MomentaryIn(history, fromTicks, toTicks, medDays, options.Zone);
        if (query.Cause is { } cause)
        {
            int causeIndex = IndexOf(history.Causes, cause, "cause", query);
            allEvents = Where(allEvents, history.CauseIndex, causeIndex);
            normalEvents = Where(normalEvents, history.CauseIndex, causeIndex);
            allMomentary = [];
            normalMomentary = [];
        }

        var kernel = new IndexKernel(history);
        HistoricalIndices excluding;
        HistoricalIndices all;
        int feederIndex = -1;
        if (query.Feeder is { } feeder)
        {
            if (query.Splits != HistorySplits.None)
            {
                throw new ArgumentException("Splits are over system customers and are not available with a feeder filter.", nameof(query));
            }

            feederIndex = IndexOf([.. history.Topology.Trace.FeederNames], feeder, "feeder", query);
            double hours = TimeSpan.FromTicks(toTicks - fromTicks).TotalHours;
            excluding = FeederRow(ByArea(history, kernel, normalEvents, normalMomentary, fromTicks, toTicks, options, feeder: true), feeder, hours);
            all = FeederRow(ByArea(history, kernel, allEvents, allMomentary, fromTicks, toTicks, options, feeder: true), feeder, hours);
        }
        else
        {
            excluding = kernel.Compute(normalEvents, normalMomentary, fromTicks, toTicks, served, options);
            all = kernel.Compute(allEvents, allMomentary, fromTicks, toTicks, served, options);
        }

        int[] events = query.ExcludeMajorEventDays ? normalEvents : allEvents;
        int[] momentary = query.ExcludeMajorEventDays ? normalMomentary : allMomentary;
        if (feederIndex >= 0)
        {
            // The worst-served lists of a feeder are its own load points and transformers.
            events = Where(events, history.Feeder, feederIndex);
            momentary = Where(momentary, history.MomentaryFeeder, feederIndex);
        }

        WorstServedReport? worst = null;
        if (query.WorstServedCount > 0)
        {
            kernel.Compute(events, momentary, fromTicks, toTicks, served, options);
            worst = WorstServedReport.FromKernel(history, kernel, query.WorstServedCount);
        }

        var splits = new Dictionary<string, IReadOnlyList<SplitIndices>>(StringComparer.Ordinal);
        HistorySplits kinds = query.Splits;
        if ((kinds & HistorySplits.Feeder) != 0)
        {
            splits["feeder"] = ByArea(history, kernel, events, momentary, fromTicks, toTicks, options, feeder: true);
        }

        if ((kinds & HistorySplits.Substation) != 0)
        {
            splits["substation"] = ByArea(history, kernel, events, momentary, fromTicks, toTicks, options, feeder: false);
        }

        if ((kinds & HistorySplits.Cause) != 0)
        {
            splits["cause"] = ByKey(kernel, events, history.Causes.Count, e => history.CauseIndex[e], k => history.Causes[k], fromTicks, toTicks, served, options);
        }

        if ((kinds & HistorySplits.Nature) != 0)
        {
            splits["nature"] = ByKey(kernel, events, OutageNatures.All.Count, e => (int)history.Natures[e], k => ((OutageNature)k).ToSnakeCase(), fromTicks, toTicks, served, options);
        }

        if ((kinds & HistorySplits.Month) != 0)
        {
            splits["month"] = ByMonth(history, kernel, events, momentary, from, to, served, options);
        }

        if (worst is not null && (kinds & HistorySplits.Feeder) != 0)
        {
            worst = worst with { Feeders = WorstServedReport.WorstFeeders(splits["feeder"], query.WorstServedCount) };
        }
        else if (worst is not null)
        {
            worst = worst with { Feeders = WorstServedReport.WorstFeeders(ByArea(history, kernel, events, momentary, fromTicks, toTicks, options, feeder: true), query.WorstServedCount) };
        }

        return new HistoryReport
        {
            From = from,
            To = to,
            System = query.ExcludeMajorEventDays ? excluding : all,
            AllDays = all,
            ExcludingMajorEventDays = excluding,
            MajorEventDays = med,
            Splits = splits,
            WorstServed = worst,
        };
    }

    /// <summary>
    /// Daily SAIDI (hours) for each local day in [<paramref name="firstDay"/>, <paramref name="endDay"/>): sustained
    /// customer-hours of events that began that day over customers served (IEEE 1366 assigns an event to its start day).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>O(E + days + affected load points).</remarks>
    public static double[] DailySaidi(OutageHistory history, DateOnly firstDay, DateOnly endDay, HistoryIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        int days = Math.Max(0, endDay.DayNumber - firstDay.DayNumber);
        var daily = new double[days];
        double customers = history.Topology.TotalCustomers;
        long sustained = options.SustainedThreshold.Ticks;
        for (int e = 0; e < history.EventCount; e++)
        {
            OutageNature nature = history.Natures[e];
            if (!options.MajorEvents.IncludePreArranged && nature is OutageNature.Planned or OutageNature.Temporary)
            {
                continue;
            }

            int day = HistoryTime.LocalDay(new DateTimeOffset(history.StartTicks[e], TimeSpan.Zero), options.Zone).DayNumber - firstDay.DayNumber;
            if ((uint)day < (uint)days)
            {
                daily[day] += EventSums.CustomerHours(history, e, sustained);
            }
        }

        if (customers > 0)
        {
            for (int d = 0; d < days; d++)
            {
                daily[d] /= customers;
            }
        }

        return daily;
    }

    private static MajorEventDayResult ComputeMajorEventDays(OutageHistory history, DateTimeOffset from, DateTimeOffset to, HistoryIndexOptions options)
    {
        TimeSpan zone = options.Zone;
        DateOnly periodFirst = HistoryTime.LocalDay(from, zone);
        DateOnly periodEnd = HistoryTime.LocalDay(to.AddTicks(-1), zone).AddDays(1);
        DateOnly learnFrom = periodFirst.AddYears(-options.MajorEvents.LearningYears);
        double[] before = DailySaidi(history, learnFrom, periodFirst, options);
        bool preceding = false;
        foreach (double v in before)
        {
            preceding |= v > 0;
        }

        double[] inPeriod = DailySaidi(history, periodFirst, periodEnd, options);
        (double alpha, double beta, double threshold, int n) = MajorEventDays.Threshold(preceding ? before : inPeriod, options.MajorEvents);
        var days = new List<MajorEventDay>();
        if (!double.IsNaN(threshold))
        {
            for (int d = 0; d < inPeriod.Length; d++)
            {
                if (inPeriod[d] > threshold)
                {
                    days.Add(new MajorEventDay(periodFirst.AddDays(d), inPeriod[d]));
                }
            }
        }

        return new MajorEventDayResult(
            threshold,
            alpha,
            beta,
            n,
            preceding ? learnFrom : periodFirst,
            preceding ? periodFirst : periodEnd,
            preceding ? "preceding_years" : "in_period",
            days);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name, string what, HistoryQuery query)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"No {what} '{name}' in the history.", nameof(query));
    }

    /// <summary>The items whose <paramref name="key"/> is <paramref name="value"/>, in order.</summary>
    private static int[] Where(int[] items, int[] key, int value)
    {
        var kept = new List<int>(items.Length);
        foreach (int i in items)
        {
            if (key[i] == value)
            {
                kept.Add(i);
            }
        }

        return kept.ToArray();
    }

    /// <summary>The feeder's row; a feeder without customers, transformers or events has none, and undefined per-customer indices.</summary>
    private static HistoricalIndices FeederRow(List<SplitIndices> feeders, string feeder, double periodHours) =>
        feeders.Find(r => r.Key == feeder)?.Indices
            ?? new HistoricalIndices { PeriodHours = periodHours, Saifi = double.NaN, Saidi = double.NaN, Caidi = double.NaN, Maifi = double.NaN };

    private static (DateTimeOffset From, DateTimeOffset To) ResolvePeriod(OutageHistory history, HistoryQuery query)
    {
        TimeSpan zone = query.Options.Zone;
        DateTimeOffset? from = query.From;
        DateTimeOffset? to = query.To;
        if (from is null || to is null)
        {
            long min = long.MaxValue;
            long max = long.MinValue;
            for (int e = 0; e < history.EventCount; e++)
            {
                min = Math.Min(min, history.StartTicks[e]);
                max = Math.Max(max, history.EndTicks[e]);
            }

            foreach (long t in history.MomentaryTicks)
            {
                min = Math.Min(min, t);
                max = Math.Max(max, t + 1);
            }

            if (min == long.MaxValue)
            {
                throw new ArgumentException("The history is empty: give the period explicitly.", nameof(query));
            }

            DateOnly first = HistoryTime.LocalDay(new DateTimeOffset(min, TimeSpan.Zero), zone);
            DateOnly last = HistoryTime.LocalDay(new DateTimeOffset(max - 1, TimeSpan.Zero), zone);
            from ??= new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), zone);
            to ??= new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        }

        if (to.Value <= from.Value)
        {
            throw new ArgumentException($"The period is empty: {to:O} is not after {from:O}.", nameof(query));
        }

        return (from.Value, to.Value);
    }

    private static int[] EventsOverlapping(OutageHistory h, long fromTicks, long toTicks, HashSet<DateOnly>? medDays, TimeSpan zone)
    {
        var list = new List<int>();
        for (int e = 0; e < h.EventCount; e++)
        {
            if (h.StartTicks[e] < toTicks && h.EndTicks[e] > fromTicks && !OnMed(h.StartTicks[e], medDays, zone))
            {
                list.Add(e);
            }
        }

        return list.ToArray();
    }

    private static int[] MomentaryIn(OutageHistory h, long fromTicks, long toTicks, HashSet<DateOnly>? medDays, TimeSpan zone)
    {
        var list = new List<int>();
        for (int m = 0; m < h.MomentaryTicks.Length; m++)
        {
            long t = h.MomentaryTicks[m];
            if (t >= fromTicks && t < toTicks && !OnMed(t, medDays, zone))
            {
                list.Add(m);
            }
        }

        return list.ToArray();
    }

    private static bool OnMed(long ticks, HashSet<DateOnly>? medDays, TimeSpan zone) =>
        medDays is { Count: > 0 } && medDays.Contains(HistoryTime.LocalDay(new DateTimeOffset(ticks, TimeSpan.Zero), zone));

    private static List<SplitIndices> ByArea(OutageHistory h, IndexKernel kernel, int[] events, int[] momentary, long fromTicks, long toTicks, HistoryIndexOptions options, bool feeder)
    {
        HistoryTopology topology = h.Topology;
        ReadOnlySpan<int> sources = topology.Network.Sources;

        // Substations are keyed by source node; remap them to 0..S-1 so that buckets are dense.
        var sourceIndex = new int[feeder ? 0 : topology.Network.NodeCount];
        Array.Fill(sourceIndex, -1);
        for (int i = 0; sourceIndex.Length > 0 && i < sources.Length; i++)
        {
            sourceIndex[sources[i]] = i;
        }

        int Key(int raw) => feeder || raw < 0 ? raw : sourceIndex[raw];
        int groups = feeder ? topology.Trace.FeederNames.Length : sources.Length;
        var customers = new long[groups];
        var transformers = new long[groups];
        var kva = new double[groups];
        int[] lpKey = feeder ? topology.FeederByRank : topology.SourceByRank;
        int[] trKey = feeder ? topology.TransformerFeederByRank : topology.TransformerSourceByRank;
        for (int r = 0; r < lpKey.Length; r++)
        {
            int k = Key(lpKey[r]);
            if (k >= 0)
            {
                customers[k] += topology.CustomersByRank[r];
            }
        }

        for (int r = 0; r < trKey.Length; r++)
        {
            int k = Key(trKey[r]);
            if (k >= 0)
            {
                transformers[k]++;
                kva[k] += topology.KvaByRank[r];
            }
        }

        int[] eventKey = feeder ? h.Feeder : h.Substation;
        int[] momentaryKey = feeder ? h.MomentaryFeeder : h.MomentarySubstation;
        List<int>[] eventsBy = Bucket(events, eventKey, groups, Key);
        List<int>[] momentaryBy = Bucket(momentary, momentaryKey, groups, Key);
        var rows = new List<SplitIndices>();
        for (int g = 0; g < groups; g++)
        {
            if (customers[g] == 0 && transformers[g] == 0 && eventsBy[g].Count == 0)
            {
                continue;
            }

            string name = feeder ? topology.Trace.FeederNames[g] : topology.Network.NodeIds[sources[g]];
            var served = new ServedTotals(customers[g], transformers[g], kva[g]);
            rows.Add(new SplitIndices(name, kernel.Compute(eventsBy[g].ToArray(), momentaryBy[g].ToArray(), fromTicks, toTicks, served, options)));
        }

        return rows;
    }

    private static List<int>[] Bucket(int[] items, int[] key, int groups, Func<int, int> remap)
    {
        var buckets = new List<int>[groups];
        for (int g = 0; g < groups; g++)
        {
            buckets[g] = [];
        }

        foreach (int i in items)
        {
            int k = key[i] < 0 ? -1 : remap(key[i]);
            if (k >= 0)
            {
                buckets[k].Add(i);
            }
        }

        return buckets;
    }

    private static List<SplitIndices> ByKey(IndexKernel kernel, int[] events, int groups, Func<int, int> keyOf, Func<int, string> nameOf, long fromTicks, long toTicks, ServedTotals served, HistoryIndexOptions options)
    {
        var buckets = new List<int>[groups];
        for (int g = 0; g < groups; g++)
        {
            buckets[g] = [];
        }

        foreach (int e in events)
        {
            buckets[keyOf(e)].Add(e);
        }

        var rows = new List<SplitIndices>();
        for (int g = 0; g < groups; g++)
        {
            if (buckets[g].Count > 0)
            {
                rows.Add(new SplitIndices(nameOf(g), kernel.Compute(buckets[g].ToArray(), [], fromTicks, toTicks, served, options)));
            }
        }

        return rows;
    }

    private static List<SplitIndices> ByMonth(OutageHistory h, IndexKernel kernel, int[] events, int[] momentary, DateTimeOffset from, DateTimeOffset to, ServedTotals served, HistoryIndexOptions options)
    {
        var rows = new List<SplitIndices>();
        TimeSpan zone = options.Zone;
        DateTimeOffset local = from.ToOffset(zone);
        var monthStart = new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, zone);
        var inMonth = new List<int>();
        var momentaryInMonth = new List<int>();
        while (monthStart < to)
        {
            DateTimeOffset monthEnd = monthStart.AddMonths(1);
            long a = Math.Max(monthStart.UtcTicks, from.UtcTicks);
            long b = Math.Min(monthEnd.UtcTicks, to.UtcTicks);
            inMonth.Clear();
            momentaryInMonth.Clear();
            foreach (int e in events)
            {
                if (h.StartTicks[e] < b && h.EndTicks[e] > a)
                {
                    inMonth.Add(e);
                }
            }

            foreach (int m in momentary)
            {
                if (h.MomentaryTicks[m] >= a && h.MomentaryTicks[m] < b)
                {
                    momentaryInMonth.Add(m);
                }
            }

            string key = monthStart.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            rows.Add(new SplitIndices(key, kernel.Compute(inMonth.ToArray(), momentaryInMonth.ToArray(), a, b, served, options)));
            monthStart = monthEnd;
        }

        return rows;
    }
}
