using System.Globalization;

namespace Lumen.Reliability.Voltage;

/// <summary>Outcome of adding one reading to a <see cref="VoltageStatisticsAccumulator"/>.</summary>
public enum ReadingStatus : byte
{
    /// <summary>Counted.</summary>
    Ok = 0,

    /// <summary>Earlier than the point's previous reading: series must be in time order per point. Not counted.</summary>
    OutOfOrder = 1,

    /// <summary>Same instant as the point's previous reading. Not counted.</summary>
    Duplicate = 2,

    /// <summary>Not a finite, non-negative voltage. Not counted.</summary>
    InvalidVoltage = 3,
}

/// <summary>
/// Streams voltage readings into compliance, missing-time and low-voltage statistics per point, transformer area,
/// feeder and month, in memory bounded by the number of points and groups (not readings).
/// </summary>
/// <remarks>
/// <para><b>Time.</b> Durations are measured between UTC instants, so a day with a daylight-saving change has 23 or 25
/// monitored hours; months are calendar months in the offset each reading was written with. A reading covers the time
/// until the next one, at most the sampling interval (<see cref="VoltageStatisticsOptions.Interval"/>); the rest of
/// the spacing is missing and counts neither way. A span crossing a month end is split between the months.</para>
/// <para><b>Episodes.</b> Consecutive readings below the lower limit with no missing time between them form an
/// episode from the first reading to the end of the last one's coverage; a gap ends it, since continuity cannot be
/// shown across missing data. Midnight and month ends do not end an episode. It counts when it lasts strictly longer
/// than <see cref="VoltageProfile.MinimumLowDuration"/>, and makes its point a low-voltage customer in every month it
/// overlaps.</para>
/// <para><b>Cost.</b> <see cref="Add"/> is O(1) and allocation-free except when an episode is kept; memory is O(points +
/// areas + feeders + months + kept episodes). Readings must come in time order per point; points may interleave.
/// Not thread-safe.</para>
/// </remarks>
public sealed class VoltageStatisticsAccumulator
{
    private const byte Normal = 0;
    private const byte Above = 1;
    private const byte Below = 2;

    private static readonly long[] s_standardIntervalTicks =
    [
        TimeSpan.FromMinutes(60).Ticks, TimeSpan.FromMinutes(30).Ticks, TimeSpan.FromMinutes(15).Ticks,
        TimeSpan.FromMinutes(10).Ticks, TimeSpan.FromMinutes(5).Ticks, TimeSpan.FromMinutes(1).Ticks,
    ];

    private readonly VoltageProfile _profile;
    private readonly VoltageStatisticsOptions _options;
    private readonly long _minimumLowTicks;
    private readonly Dictionary<string, int> _pointByName = new(StringComparer.Ordinal);
    private readonly List<string> _pointIds = [];
    private readonly List<string> _areaIds = [];
    private readonly List<string?> _feederIds = [];
    private readonly List<VoltageLimit> _limits = [];
    private readonly Dictionary<int, GroupTotals> _months = [];
    private readonly List<LowVoltageEpisode> _episodes = [];
    private readonly List<string> _warnings = [];
    private PointState[] _state = new PointState[64];

    /// <summary>Creates an accumulator for <paramref name="profile"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is null.</exception>
    public VoltageStatisticsAccumulator(VoltageProfile profile, VoltageStatisticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _profile = profile;
        _options = options ?? VoltageStatisticsOptions.Default;
        _minimumLowTicks = profile.MinimumLowDuration.Ticks;
    }

    /// <summary>The profile applied.</summary>
    public VoltageProfile Profile => _profile;

    /// <summary>Number of points registered.</summary>
    public int PointCount => _pointIds.Count;

    /// <summary>Looks up a registered point.</summary>
    public bool TryGetPoint(string pointId, out int point) => _pointByName.TryGetValue(pointId, out point);

    /// <summary>The nominal voltage, area and feeder a point was registered with.</summary>
    public (double NominalV, string AreaId, string? FeederId) PointInfo(int point) => (_limits[point].NominalV, _areaIds[point], _feederIds[point]);

    /// <summary>
    /// Registers a point. Returns its index, or -1 with <paramref name="error"/> set when the profile has no limit for
    /// <paramref name="nominalV"/> or the point is already registered.
    /// </summary>
    /// <param name="pointId">Meter, customer or transformer-area id.</param>
    /// <param name="nominalV">Nominal voltage, V.</param>
    /// <param name="areaId">Transformer area; null to use the point id (a transformer area's own series).</param>
    /// <param name="feederId">Feeder; null when unknown.</param>
    /// <param name="error">Why registration failed.</param>
    public int RegisterPoint(string pointId, double nominalV, string? areaId, string? feederId, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pointId);
        if (_pointByName.ContainsKey(pointId))
        {
            error = $"point '{pointId}' is already registered";
            return -1;
        }

        if (!_profile.TryGetLimit(nominalV, out VoltageLimit limit))
        {
            error = string.Create(CultureInfo.InvariantCulture, $"profile '{_profile.Name}' has no limits for a nominal voltage of {nominalV} V");
            return -1;
        }

        int index = _pointIds.Count;
        _pointByName.Add(pointId, index);
        _pointIds.Add(pointId);
        _areaIds.Add(areaId ?? pointId);
        _feederIds.Add(feederId);
        _limits.Add(limit);
        if (index == _state.Length)
        {
            Array.Resize(ref _state, index * 2);
        }

        _state[index] = new PointState { LastTicks = long.MinValue, IntervalTicks = _options.Interval?.Ticks ?? 0, LastLowMonth = int.MinValue, MinV = double.PositiveInfinity, MaxV = double.NegativeInfinity };
        error = null;
        return index;
    }

    /// <summary>Adds one reading of <paramref name="point"/>. O(1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="point"/> is not a registered point.</exception>
    public ReadingStatus Add(int point, DateTimeOffset timestamp, double voltageV)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(point);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(point, _pointIds.Count);
        if (!double.IsFinite(voltageV) || voltageV < 0)
        {
            return ReadingStatus.InvalidVoltage;
        }

        ref PointState s = ref _state[point];
        long ticks = timestamp.UtcTicks;
        if (s.Readings > 0)
        {
            if (ticks < s.LastTicks)
            {
                return ReadingStatus.OutOfOrder;
            }

            if (ticks == s.LastTicks)
            {
                return ReadingStatus.Duplicate;
            }

            long spacing = ticks - s.LastTicks;
            if (s.IntervalTicks == 0)
            {
                s.IntervalTicks = Snap(spacing);
            }
            else if (spacing < s.IntervalTicks && _options.Interval is null)
            {
                long snapped = Snap(spacing);
                _warnings.Add(string.Create(CultureInfo.InvariantCulture, $"point '{_pointIds[point]}': readings {TimeSpan.FromTicks(spacing).TotalMinutes} min apart at {timestamp:O}; sampling interval lowered from {TimeSpan.FromTicks(s.IntervalTicks).TotalMinutes} to {TimeSpan.FromTicks(snapped).TotalMinutes} min (earlier coverage may be overstated; pass the interval explicitly)"));
                s.IntervalTicks = snapped;
            }

            CloseReading(point, ref s, spacing, timestamp.Offset);
        }
        else
        {
            StartMonth(ref s, timestamp);
        }

        VoltageLimit limit = _limits[point];
        s.LastTicks = ticks;
        s.LastOffsetTicks = timestamp.Offset.Ticks;
        s.LastV = voltageV;
        s.LastClass = voltageV < limit.LowerV ? Below : voltageV > limit.UpperV ? Above : Normal;
        s.Readings++;
        if (voltageV < s.MinV)
        {
            s.MinV = voltageV;
        }

        if (voltageV > s.MaxV)
        {
            s.MaxV = voltageV;
        }

        return ReadingStatus.Ok;
    }

    /// <summary>Closes every series and returns the statistics. The accumulator must not be used afterwards.</summary>
    /// <remarks>O(points log points + groups).</remarks>
    public VoltageStatistics Complete()
    {
        int count = _pointIds.Count;
        for (int p = 0; p < count; p++)
        {
            ref PointState s = ref _state[p];
            if (s.Readings == 0)
            {
                continue;
            }

            if (s.IntervalTicks == 0)
            {
                s.IntervalTicks = _options.SingleReadingInterval.Ticks;
            }

            CloseReading(p, ref s, s.IntervalTicks, TimeSpan.FromTicks(s.LastOffsetTicks));
            if (s.InEpisode)
            {
                CloseEpisode(p, ref s);
            }

            FlushMonth(ref s);
        }

        var points = new List<PointVoltageSummary>(count);
        var areas = new SortedDictionary<string, GroupTotals>(StringComparer.Ordinal);
        var feeders = new SortedDictionary<string, GroupTotals>(StringComparer.Ordinal);
        var total = new GroupTotals();
        for (int p = 0; p < count; p++)
        {
            ref PointState s = ref _state[p];
            VoltageLimit limit = _limits[p];
            VoltageTotals totals = Totals(s.MonitoredTicks, s.MissingTicks, s.AboveTicks, s.BelowTicks);
            points.Add(new PointVoltageSummary(
                _pointIds[p], _areaIds[p], _feederIds[p], limit.NominalV, limit.LowerV, limit.UpperV, s.Readings, totals,
                s.Readings > 0 ? s.MinV : double.NaN, s.Readings > 0 ? s.MaxV : double.NaN, s.Episodes, s.Episodes > 0));
            if (s.Readings == 0)
            {
                continue;
            }

            AddTo(total, ref s);
            AddTo(Group(areas, _areaIds[p]), ref s);
            if (_feederIds[p] is string feeder)
            {
                AddTo(Group(feeders, feeder), ref s);
            }
        }

        var months = new List<VoltageGroupSummary>(_months.Count);
        foreach (int key in _months.Keys.Order())
        {
            months.Add(_months[key].ToSummary(string.Create(CultureInfo.InvariantCulture, $"{key / 12:D4}-{(key % 12) + 1:D2}")));
        }

        return new VoltageStatistics(
            _profile,
            total.ToSummary("all"),
            points,
            areas.Select(a => a.Value.ToSummary(a.Key)).ToList(),
            feeders.Select(f => f.Value.ToSummary(f.Key)).ToList(),
            months,
            _episodes,
            _warnings);
    }

    private static void AddTo(GroupTotals g, ref PointState s)
    {
        g.Points++;
        g.MonitoredTicks += s.MonitoredTicks;
        g.MissingTicks += s.MissingTicks;
        g.AboveTicks += s.AboveTicks;
        g.BelowTicks += s.BelowTicks;
        g.Episodes += s.Episodes;
        if (s.Episodes > 0)
        {
            g.LowVoltageCustomers++;
        }
    }

    private static GroupTotals Group(SortedDictionary<string, GroupTotals> groups, string key)
    {
        if (!groups.TryGetValue(key, out GroupTotals? g))
        {
            g = new GroupTotals();
            groups.Add(key, g);
        }

        return g;
    }

    private static VoltageTotals Totals(long monitored, long missing, long above, long below) =>
        new(TimeSpan.FromTicks(monitored).TotalMinutes, TimeSpan.FromTicks(missing).TotalMinutes, TimeSpan.FromTicks(above).TotalMinutes, TimeSpan.FromTicks(below).TotalMinutes);

    /// <summary>The largest standard interval dividing <paramref name="spacing"/>, or the spacing itself when none does.</summary>
    private static long Snap(long spacing)
    {
        foreach (long standard in s_standardIntervalTicks)
        {
            if (spacing >= standard && spacing % standard == 0)
            {
                return standard;
            }
        }

        return spacing;
    }

    /// <summary>Accounts for the point's last reading, now that the next one is <paramref name="spacing"/> later.</summary>
    private void CloseReading(int point, ref PointState s, long spacing, TimeSpan nextOffset)
    {
        long covered = Math.Min(spacing, s.IntervalTicks);
        long start = s.LastTicks;
        AddSpan(ref s, start, start + covered, s.LastClass, nextOffset);
        if (spacing > covered)
        {
            AddSpan(ref s, start + covered, start + spacing, Missing, nextOffset);
        }

        if (s.LastClass == Below)
        {
            if (!s.InEpisode)
            {
                s.InEpisode = true;
                s.EpisodeStartTicks = start;
                s.EpisodeStartOffsetTicks = s.LastOffsetTicks;
                s.EpisodeMinV = s.LastV;
                s.EpisodeStartMonth = MonthKey(start, s.LastOffsetTicks);
            }
            else if (s.LastV < s.EpisodeMinV)
            {
                s.EpisodeMinV = s.LastV;
            }

            s.EpisodeEndTicks = start + covered;
            if (spacing > covered)
            {
                CloseEpisode(point, ref s);
            }
        }
        else if (s.InEpisode)
        {
            CloseEpisode(point, ref s);
        }
    }

    private const byte Missing = 3;

    private void CloseEpisode(int point, ref PointState s)
    {
        s.InEpisode = false;
        if (s.EpisodeEndTicks - s.EpisodeStartTicks <= _minimumLowTicks)
        {
            return;
        }

        s.Episodes++;
        int endMonth = MonthKey(s.EpisodeEndTicks - 1, s.LastOffsetTicks);
        MonthOf(s.EpisodeStartMonth).Episodes++;
        for (int m = Math.Max(s.EpisodeStartMonth, s.LastLowMonth + 1); m <= endMonth; m++)
        {
            MonthOf(m).LowVoltageCustomers++;
            s.LastLowMonth = m;
        }

        if (_options.KeepEpisodes)
        {
            var offset = TimeSpan.FromTicks(s.EpisodeStartOffsetTicks);
            _episodes.Add(new LowVoltageEpisode(
                _pointIds[point],
                _areaIds[point],
                _feederIds[point],
                new DateTimeOffset(s.EpisodeStartTicks + offset.Ticks, offset),
                new DateTimeOffset(s.EpisodeEndTicks + s.LastOffsetTicks, TimeSpan.FromTicks(s.LastOffsetTicks)),
                s.EpisodeMinV,
                _limits[point].LowerV));
        }
    }

    /// <summary>Adds [<paramref name="start"/>, <paramref name="end"/>) (UTC ticks) of one kind, split at month ends.</summary>
    private void AddSpan(ref PointState s, long start, long end, byte kind, TimeSpan offset)
    {
        while (end > s.MonthEndTicks)
        {
            AddToMonth(ref s, s.MonthEndTicks - start, kind);
            start = s.MonthEndTicks;
            FlushMonth(ref s);
            StartMonth(ref s, new DateTimeOffset(start + offset.Ticks, offset));
        }

        AddToMonth(ref s, end - start, kind);
    }

    private static void AddToMonth(ref PointState s, long ticks, byte kind)
    {
        if (ticks <= 0)
        {
            return;
        }

        switch (kind)
        {
            case Missing:
                s.MonthMissing += ticks;
                s.MissingTicks += ticks;
                return;
            case Above:
                s.MonthAbove += ticks;
                s.AboveTicks += ticks;
                break;
            case Below:
                s.MonthBelow += ticks;
                s.BelowTicks += ticks;
                break;
        }

        s.MonthMonitored += ticks;
        s.MonitoredTicks += ticks;
    }

    private void StartMonth(ref PointState s, DateTimeOffset at)
    {
        var first = new DateTimeOffset(at.Year, at.Month, 1, 0, 0, 0, at.Offset);
        s.MonthKey = (at.Year * 12) + at.Month - 1;
        s.MonthEndTicks = first.AddMonths(1).UtcTicks;
        s.MonthMonitored = s.MonthMissing = s.MonthAbove = s.MonthBelow = 0;
    }

    private void FlushMonth(ref PointState s)
    {
        if (s.MonthMonitored == 0 && s.MonthMissing == 0)
        {
            return;
        }

        GroupTotals m = MonthOf(s.MonthKey);
        if (s.MonthMonitored > 0)
        {
            m.Points++;
        }

        m.MonitoredTicks += s.MonthMonitored;
        m.MissingTicks += s.MonthMissing;
        m.AboveTicks += s.MonthAbove;
        m.BelowTicks += s.MonthBelow;
        s.MonthMonitored = s.MonthMissing = s.MonthAbove = s.MonthBelow = 0;
    }

    private GroupTotals MonthOf(int key)
    {
        if (!_months.TryGetValue(key, out GroupTotals? m))
        {
            m = new GroupTotals();
            _months.Add(key, m);
        }

        return m;
    }

    private static int MonthKey(long utcTicks, long offsetTicks)
    {
        var local = new DateTime(utcTicks + offsetTicks, DateTimeKind.Unspecified);
        return (local.Year * 12) + local.Month - 1;
    }

    /// <summary>Per-point streaming state. Invariant: readings of the point arrive with strictly increasing LastTicks.</summary>
    private struct PointState
    {
        public long Readings;
        public long LastTicks;          // UTC ticks of the last reading, not yet accounted for
        public long LastOffsetTicks;
        public double LastV;
        public byte LastClass;
        public long IntervalTicks;      // 0 until known
        public double MinV;
        public double MaxV;
        public long MonitoredTicks;
        public long MissingTicks;
        public long AboveTicks;
        public long BelowTicks;
        public int MonthKey;            // year*12 + month-1 of the month being accumulated
        public long MonthEndTicks;      // UTC ticks where that month ends
        public long MonthMonitored;
        public long MonthMissing;
        public long MonthAbove;
        public long MonthBelow;
        public bool InEpisode;
        public long EpisodeStartTicks;
        public long EpisodeStartOffsetTicks;
        public long EpisodeEndTicks;
        public double EpisodeMinV;
        public int EpisodeStartMonth;
        public int LastLowMonth;        // last month in which the point was counted as a low-voltage customer
        public int Episodes;
    }

    /// <summary>Sums over the points of an area, a feeder, a month or the whole set.</summary>
    private sealed class GroupTotals
    {
        public int Points;
        public long MonitoredTicks;
        public long MissingTicks;
        public long AboveTicks;
        public long BelowTicks;
        public int LowVoltageCustomers;
        public int Episodes;

        public VoltageGroupSummary ToSummary(string key) =>
            new(key, Points, Totals(MonitoredTicks, MissingTicks, AboveTicks, BelowTicks), LowVoltageCustomers, Episodes);
    }
}
