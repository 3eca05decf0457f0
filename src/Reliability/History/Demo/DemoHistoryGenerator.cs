using System.Globalization;
using Lumen.Reliability.Complaints;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.History.Demo;

/// <summary>A generated outage and complaint history, and the storm days behind it.</summary>
/// <param name="Events">Outage events (faults, planned, temporary and supply-shortage outages).</param>
/// <param name="Steps">Restoration steps of the faults cleared upstream of a sectionalising switch.</param>
/// <param name="Momentary">Recloser and breaker trip-and-reclose sequences.</param>
/// <param name="Complaints">95598 work orders, outage-related and background (billing, low voltage).</param>
/// <param name="StormDays">The local days generated as storm days.</param>
public sealed record DemoHistory(
    IReadOnlyList<OutageEvent> Events,
    IReadOnlyList<RestorationStep> Steps,
    IReadOnlyList<MomentaryInterruption> Momentary,
    IReadOnlyList<Complaint> Complaints,
    IReadOnlyList<DateOnly> StormDays);

/// <summary>
/// Generates years of plausible outage history for a network: component failures drawn from each branch's
/// <c>FailureRatePerYear</c> (seasonal, and multiplied on weather-driven storm days, mostly in the typhoon and
/// thunderstorm season), each cleared by the branch's protective device and, when a sectionalising switch separates the
/// fault from the protector, restored in two steps; planned, temporary and supply-shortage outages; momentary
/// interruptions from reclosing; and complaints whose probability rises with duration and repetition.
/// </summary>
/// <remarks>
/// Deterministic for a seed (System.Random with a seed, stable within a .NET version). O(days × log E + events ×
/// affected load points). Times are written with the zone's offset (default +08:00).
/// </remarks>
public static class DemoHistoryGenerator
{
    /// <summary>The true complaint model behind the generated complaints: logit p = −8.3 + 0.2·min(d, 48 h) + 0.45·(k − 1).</summary>
    public static readonly ComplaintRateModel TrueComplaintModel = new(ComplaintModelKind.Logistic, -8.3, 0.2, 0.45);

    private static readonly string[] s_faultCauses = ["equipment", "equipment", "equipment", "external_damage", "external_damage", "animal", "weather", "overload", "unknown", "unknown"];

    /// <summary>Generates a history of <paramref name="years"/> years from local midnight of <paramref name="startDate"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="years"/> is not 1..50.</exception>
    public static DemoHistory Generate(Net network, int seed, DateOnly startDate, int years, TimeSpan? zone = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(years, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(years, 50);
        return new Simulation(network, seed, zone ?? HistoryTime.ChinaOffset).Run(startDate, years);
    }

    /// <summary>
    /// Generates a history and writes <c>outages.csv</c>, <c>restoration_steps.csv</c>, <c>momentary.csv</c>,
    /// <c>complaints.csv</c> and <c>storm_days.csv</c> into <paramref name="folder"/> (created if needed).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="years"/> is not 1..50.</exception>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static DemoHistory Write(Net network, int seed, string folder, DateOnly startDate, int years = 5)
    {
        ArgumentNullException.ThrowIfNull(folder);
        DemoHistory history = Generate(network, seed, startDate, years);
        Directory.CreateDirectory(folder);
        CsvTableWriter.WriteFile(Path.Combine(folder, "outages.csv"), ["event_id", "start", "end", "device_id", "cause", "nature"],
            history.Events.Select(e => (object?[])[e.EventId, e.Start, e.End, e.DeviceId, e.Cause, e.Nature.ToSnakeCase()]));
        CsvTableWriter.WriteFile(Path.Combine(folder, "restoration_steps.csv"), ["event_id", "time", "device_id"],
            history.Steps.Select(s => (object?[])[s.EventId, s.Time, s.DeviceId]));
        CsvTableWriter.WriteFile(Path.Combine(folder, "momentary.csv"), ["event_id", "time", "device_id", "operations"],
            history.Momentary.Select(m => (object?[])[m.EventId, m.Time, m.DeviceId, m.Operations]));
        CsvTableWriter.WriteFile(Path.Combine(folder, "complaints.csv"), ["complaint_id", "time", "location_id", "category", "text"],
            history.Complaints.Select(c => (object?[])[c.ComplaintId, c.Time, c.LocationId, c.Category, c.Text]));
        CsvTableWriter.WriteFile(Path.Combine(folder, "storm_days.csv"), ["date"],
            history.StormDays.Select(d => (object?[])[d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]));
        return history;
    }

    private sealed class Simulation(Net network, int seed, TimeSpan zone)
    {
        private readonly Random _rng = new(seed);
        private readonly RadialTrace _trace = network.Normal;
        private readonly HistoryTopology _topology = new(network);
        private readonly Dictionary<int, DateTimeOffset> _busyUntil = [];
        private readonly List<OutageEvent> _events = [];
        private readonly List<RestorationStep> _steps = [];
        private readonly List<MomentaryInterruption> _momentary = [];
        private readonly List<Complaint> _complaints = [];
        private readonly List<DateOnly> _storms = [];

        public DemoHistory Run(DateOnly startDate, int years)
        {
            // Failure pools: overhead lines (storm-sensitive) and everything else, as cumulative rate arrays.
            var overhead = new List<int>();
            var other = new List<int>();
            for (int e = 0; e < network.EdgeCount; e++)
            {
                if (network.FailureRatePerYear[e] > 0 && _trace.FaultProtector[e] >= 0 && _topology.ChildOf(e) >= 0)
                {
                    (network.EdgeKinds[e] == BranchKind.OverheadLine ? overhead : other).Add(e);
                }
            }

            (int[] ohEdges, double[] ohCum) = Cumulative(overhead);
            (int[] otEdges, double[] otCum) = Cumulative(other);
            DateOnly end = startDate.AddYears(years);
            for (DateOnly day = startDate; day < end; day = day.AddDays(1))
            {
                bool summer = day.Month is >= 6 and <= 9;
                bool storm = _rng.NextDouble() < (summer ? 0.03 : 0.003);
                double season = summer ? 1.3 : day.Month is 12 or 1 or 2 ? 1.0 : 0.85;
                double ohMultiplier = storm ? 25 + (_rng.NextDouble() * 40) : 1;
                double otMultiplier = storm ? 3 : 1;
                if (storm)
                {
                    _storms.Add(day);
                }

                DateTimeOffset midnight = new(day.ToDateTime(TimeOnly.MinValue), zone);
                int ohFailures = Poisson(ohCum.Length == 0 ? 0 : ohCum[^1] * season * ohMultiplier / 365.0);
                int otFailures = Poisson(otCum.Length == 0 ? 0 : otCum[^1] * season * otMultiplier / 365.0);
                for (int k = 0; k < ohFailures; k++)
                {
                    Fault(Pick(ohEdges, ohCum), midnight, storm);
                }

                for (int k = 0; k < otFailures; k++)
                {
                    Fault(Pick(otEdges, otCum), midnight, storm);
                }

                PreArranged(day, midnight, summer);
            }

            AddComplaints(startDate, end);
            return new DemoHistory(_events, _steps, _momentary, _complaints, _storms);
        }

        private void Fault(int edge, DateTimeOffset midnight, bool storm)
        {
            int protector = _trace.FaultProtector[edge];
            DateTimeOffset start = midnight.AddHours(storm ? 10 + (_rng.NextDouble() * 12) : _rng.NextDouble() * 24).AddSeconds(_rng.Next(60));

            // Most overhead faults are transient and cleared by reclosing: a momentary interruption, no sustained outage.
            bool overhead = network.EdgeKinds[edge] == BranchKind.OverheadLine;
            if (overhead && _rng.NextDouble() < 0.5)
            {
                int recloser = UpstreamRecloser(edge);
                if (recloser >= 0)
                {
                    _momentary.Add(new MomentaryInterruption($"M{_momentary.Count + 1:D6}", start, network.DeviceIds[recloser], 1 + _rng.Next(2)));
                    return;
                }
            }

            if (IsBusy(protector, start))
            {
                return;
            }

            bool transformer = network.EdgeKinds[edge] == BranchKind.Transformer;
            double repair = transformer && double.IsFinite(network.ReplacementHours[edge]) ? network.ReplacementHours[edge] + 1 : network.RepairHours[edge];
            double hours = Math.Clamp(repair * Math.Exp(0.4 * Normal()) * (storm ? 1.3 : 1.0), 0.5, 72);
            DateTimeOffset endTime = start.AddHours(hours);
            string id = $"E{_events.Count + 1:D6}";
            string cause = storm ? "weather" : transformer ? (_rng.NextDouble() < 0.7 ? "equipment" : "overload") : s_faultCauses[_rng.Next(s_faultCauses.Length)];
            _events.Add(new OutageEvent(id, start, endTime, network.DeviceIds[protector], cause, OutageNature.Fault));
            _busyUntil[protector] = endTime;

            // Isolation: when a switch separates the fault from the protector, the crew opens it and recloses the
            // protector (step 1), then closes the switch after the repair (step 2, at the end).
            int segment = _trace.SegmentOfEdge[edge];
            int protectorTop = _topology.ChildOf(network.DeviceEdge[protector]);
            int entry = segment >= 0 ? _trace.SegmentEntryEdge[segment] : -1;
            if (entry >= 0 && _trace.SegmentTop[segment] != protectorTop && _trace.IsInSubtree(_trace.SegmentTop[segment], protectorTop))
            {
                int sw = -1;
                foreach (int d in network.DevicesOn(entry))
                {
                    if (!network.DeviceNormallyOpen[d] && !network.DeviceKinds[d].IsProtective())
                    {
                        sw = d;
                        break;
                    }
                }

                if (sw >= 0)
                {
                    double switching = double.IsFinite(network.DeviceOperatingTimeHours[sw]) ? network.DeviceOperatingTimeHours[sw] : 1.0;
                    DateTimeOffset first = start.AddHours(Math.Min(hours * 0.8, switching + 0.25 + (_rng.NextDouble() * 0.5)));
                    _steps.Add(new RestorationStep(id, first) { DeviceId = network.DeviceIds[protector] });
                    _steps.Add(new RestorationStep(id, endTime) { DeviceId = network.DeviceIds[sw] });
                }
            }
        }

        private void PreArranged(DateOnly day, DateTimeOffset midnight, bool summer)
        {
            int feeders = _trace.FeederHeadEdge.Length;
            bool weekday = day.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday;

            // Planned maintenance: about 0.4 per feeder-year, on weekdays, 3–6 h from the morning, on a section or the whole feeder.
            if (weekday)
            {
                int planned = Poisson(feeders * 0.4 / 260.0);
                for (int k = 0; k < planned; k++)
                {
                    int device = PlannedDevice(_rng.Next(feeders));
                    DateTimeOffset start = midnight.AddHours(7 + _rng.Next(3)).AddMinutes(30 * _rng.Next(2));
                    AddPreArranged(device, start, 3 + (_rng.NextDouble() * 3), OutageNature.Planned, "maintenance");
                }
            }

            int temporary = Poisson(feeders * 0.1 / 365.0);
            for (int k = 0; k < temporary; k++)
            {
                AddPreArranged(PlannedDevice(_rng.Next(feeders)), midnight.AddHours(9 + _rng.Next(8)), 1 + (_rng.NextDouble() * 3), OutageNature.Temporary, "urgent_repair");
            }

            // Load shedding on a few summer peak evenings.
            if (summer && _rng.NextDouble() < 0.02)
            {
                int count = 1 + _rng.Next(Math.Max(1, feeders / 20));
                for (int k = 0; k < count; k++)
                {
                    int head = HeadBreaker(_rng.Next(feeders));
                    if (head >= 0)
                    {
                        AddPreArranged(head, midnight.AddHours(18 + _rng.NextDouble()), 2 + _rng.NextDouble(), OutageNature.SupplyShortage, "supply_shortage");
                    }
                }
            }
        }

        private void AddPreArranged(int device, DateTimeOffset start, double hours, OutageNature nature, string cause)
        {
            if (device < 0 || IsBusy(device, start))
            {
                return;
            }

            DateTimeOffset end = start.AddHours(hours);
            _events.Add(new OutageEvent($"E{_events.Count + 1:D6}", start, end, network.DeviceIds[device], cause, nature));
            _busyUntil[device] = end;
        }

        private int PlannedDevice(int feeder)
        {
            // A sectionalising switch downstream on the feeder when there is one (work on a section), else the head breaker.
            int head = _trace.FeederHeadEdge[feeder];
            int top = _topology.ChildOf(head);
            ReadOnlySpan<int> below = _trace.Downstream(top);
            for (int tries = 0; tries < 8 && below.Length > 1; tries++)
            {
                int v = below[1 + _rng.Next(below.Length - 1)];
                int e = _trace.ParentEdge[v];
                foreach (int d in network.DevicesOn(e))
                {
                    if (!network.DeviceNormallyOpen[d] && network.DeviceKinds[d] is DeviceKind.LoadBreakSwitch or DeviceKind.Disconnector)
                    {
                        return d;
                    }
                }
            }

            return HeadBreaker(feeder);
        }

        private int HeadBreaker(int feeder)
        {
            foreach (int d in network.DevicesOn(_trace.FeederHeadEdge[feeder]))
            {
                if (!network.DeviceNormallyOpen[d])
                {
                    return d;
                }
            }

            return -1;
        }

        private int UpstreamRecloser(int edge)
        {
            for (int v = _topology.ChildOf(edge); v >= 0 && _trace.ParentEdge[v] >= 0; v = _trace.Parent[v])
            {
                foreach (int d in network.DevicesOn(_trace.ParentEdge[v]))
                {
                    if (network.DeviceKinds[d] is DeviceKind.Recloser or DeviceKind.Breaker && !network.DeviceNormallyOpen[d])
                    {
                        return d;
                    }
                }
            }

            return -1;
        }

        private bool IsBusy(int device, DateTimeOffset start) => _busyUntil.TryGetValue(device, out DateTimeOffset until) && until > start;

        private void AddComplaints(DateOnly startDate, DateOnly end)
        {
            OutageHistory history = OutageHistory.Build(_topology, _events, _steps, [], new OutageHistoryOptions { Lenient = true }).History!;
            int[] customersByRank = _topology.CustomersByRank;
            var recent = new Queue<long>?[customersByRank.Length];
            long window = TimeSpan.FromDays(365).Ticks;
            ReadOnlySpan<string> feederNames = _trace.FeederNames;
            int id = 0;
            for (int e = 0; e < history.EventCount; e++)
            {
                long start = history.StartTicks[e];
                for (int r = history.LpFirst[e]; r < history.LpEnd[e]; r++)
                {
                    long restore = history.LoadPointRestoreTicks(e, r);
                    double hours = (restore - start) / (double)TimeSpan.TicksPerHour;
                    Queue<long> q = recent[r] ??= new Queue<long>();
                    while (q.Count > 0 && q.Peek() <= start - window)
                    {
                        q.Dequeue();
                    }

                    q.Enqueue(start);
                    int complaints = Poisson(TrueComplaintModel.ExpectedComplaints(customersByRank[r], hours, q.Count));
                    for (int k = 0; k < complaints; k++)
                    {
                        double u = _rng.NextDouble();
                        string category = q.Count >= 3 && u < 0.4 ? "frequent_outages" : hours > 4 && u < 0.5 ? "slow_repair" : "outage";
                        DateTimeOffset at = new DateTimeOffset(start, TimeSpan.Zero).ToOffset(zone).AddHours(category == "frequent_outages" ? hours + (_rng.NextDouble() * 24) : hours * (0.1 + (0.9 * _rng.NextDouble())));
                        string location = _rng.NextDouble() < 0.85 ? network.LoadPointIds[_topology.LoadPointByRank[r]] : feederNames[_topology.FeederByRank[r]];
                        _complaints.Add(new Complaint($"C{++id:D7}", at, location, category) { Text = category.Replace('_', ' ') });
                    }
                }
            }

            // Background work orders that no outage explains: billing and low voltage, about 3 a day per 100,000 customers.
            double perDay = 3e-5 * _topology.TotalCustomers;
            for (DateOnly day = startDate; day < end; day = day.AddDays(1))
            {
                int n = Poisson(perDay);
                for (int k = 0; k < n && customersByRank.Length > 0; k++)
                {
                    int r = _rng.Next(customersByRank.Length);
                    DateTimeOffset at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), zone).AddHours(8 + (_rng.NextDouble() * 12));
                    string category = _rng.NextDouble() < 0.7 ? "billing" : "low_voltage";
                    _complaints.Add(new Complaint($"C{++id:D7}", at, network.LoadPointIds[_topology.LoadPointByRank[r]], category) { Text = category.Replace('_', ' ') });
                }
            }

            _complaints.Sort((a, b) => a.Time.CompareTo(b.Time));
        }

        private (int[] Edges, double[] Cumulative) Cumulative(List<int> edges)
        {
            var cum = new double[edges.Count];
            double sum = 0;
            for (int i = 0; i < edges.Count; i++)
            {
                sum += network.FailureRatePerYear[edges[i]];
                cum[i] = sum;
            }

            return (edges.ToArray(), cum);
        }

        private int Pick(int[] edges, double[] cum)
        {
            double u = _rng.NextDouble() * cum[^1];
            int i = Array.BinarySearch(cum, u);
            return edges[Math.Min(i < 0 ? ~i : i, edges.Length - 1)];
        }

        private int Poisson(double mean)
        {
            if (mean <= 0)
            {
                return 0;
            }

            if (mean > 30)
            {
                return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Normal())));
            }

            double l = Math.Exp(-mean);
            int k = 0;
            double p = 1;
            do
            {
                k++;
                p *= _rng.NextDouble();
            }
            while (p > l);
            return k - 1;
        }

        private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());
    }
}
