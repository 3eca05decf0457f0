using System.Globalization;
using System.Text;
using CsvHelper;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Repair.Demo;

/// <summary>Generated crews, repair work orders and the complaints late crews caused.</summary>
/// <param name="Crews">The crew register.</param>
/// <param name="Orders">The work orders, by call time.</param>
/// <param name="Complaints">Slow-repair complaints (抢修不及时) caused by the wait for the crew, by order.</param>
public sealed record DemoRepair(IReadOnlyList<Crew> Crews, IReadOnlyList<WorkOrder> Orders, IReadOnlyList<Complaint> Complaints);

/// <summary>
/// Generates a crew register and the repair work orders of an outage history: one order per fault outage (called in
/// from an affected load point a few minutes after the start), plus faults on the customer's side that have no
/// outage. The dispatcher sends the crew that can arrive first; crews drive at road speeds that depend on the area, are
/// slower on storm days, and stay busy until their repair is done, so arrival delays grow with distance and with the
/// day's load. Bases sit at the substations of the densest areas, so remote areas wait longest. Waiting for the crew
/// makes customers complain on top of what the outage's duration makes them do: each outage order brings
/// Poisson(<see cref="SlowRepairComplaintsPerCustomer"/> × customers interrupted × (exp(<see cref="SlowRepairPerArrivalHour"/>
/// × arrival hours) − 1)) slow-repair complaints from the caller's area while the crew is on its way.
/// </summary>
/// <remarks>
/// Deterministic for a seed (System.Random with a seed). Reads only the network and the history's public files. Some
/// orders name their outage event, the others are to be linked by time and place; some give coordinates instead of a
/// location id; a few miss their dispatch or arrival time, as real registers do.
/// </remarks>
public static class DemoRepairGenerator
{
    /// <summary>The true road speeds of the generator by area class (urban, rural, remote), km/h; the default rule table assumes 25, 40 and 30.</summary>
    public static readonly IReadOnlyList<double> TrueSpeedsKmPerHour = [22, 38, 28];

    /// <summary>The true detour factor of the generator.</summary>
    public const double TrueDetourFactor = 1.35;

    /// <summary>Scale of the slow-repair complaints per customer interrupted.</summary>
    public const double SlowRepairComplaintsPerCustomer = 0.003;

    /// <summary>Growth of the slow-repair complaints with the call-to-arrival time, per hour.</summary>
    public const double SlowRepairPerArrivalHour = 0.5;

    /// <summary>
    /// Reads <c>outages.csv</c>, <c>restoration_steps.csv</c> and <c>storm_days.csv</c> from <paramref name="historyFolder"/>,
    /// writes <c>crews.csv</c> and <c>work_orders.csv</c> into <paramref name="folder"/>, and appends the slow-repair
    /// complaints to the history's <c>complaints.csv</c> (when it exists), where the utility's 95598 export would have them.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">The history files do not import on <paramref name="network"/>.</exception>
    /// <exception cref="IOException">A file cannot be read or written.</exception>
    public static DemoRepair Write(Net network, string historyFolder, string folder, int seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(historyFolder);
        ArgumentNullException.ThrowIfNull(folder);
        string steps = Path.Combine(historyFolder, "restoration_steps.csv");
        HistoryImportResult imported = OutageHistoryImporter.Import(network, new OutageFiles(Path.Combine(historyFolder, "outages.csv")) { Steps = File.Exists(steps) ? steps : null });
        if (imported.History is not OutageHistory history)
        {
            throw new InvalidDataException("the demo outage history does not import: " + string.Join("; ", imported.Diagnostics.Take(3)));
        }

        var storms = new HashSet<DateOnly>();
        string stormFile = Path.Combine(historyFolder, "storm_days.csv");
        if (File.Exists(stormFile))
        {
            foreach (string line in File.ReadLines(stormFile).Skip(1))
            {
                if (DateOnly.TryParseExact(line.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
                {
                    storms.Add(day);
                }
            }
        }

        DemoRepair repair = Generate(history, storms, seed);
        Directory.CreateDirectory(folder);
        WriteCrews(Path.Combine(folder, "crews.csv"), repair.Crews);
        WriteOrders(Path.Combine(folder, "work_orders.csv"), repair.Orders);
        string complaints = Path.Combine(historyFolder, "complaints.csv");
        if (File.Exists(complaints))
        {
            AppendComplaints(complaints, repair.Complaints);
        }

        return repair;
    }

    /// <summary>Generates the crews and work orders of <paramref name="history"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static DemoRepair Generate(OutageHistory history, IReadOnlySet<DateOnly> stormDays, int seed, TimeSpan? zone = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(stormDays);
        return new Simulation(history, stormDays, seed, zone ?? HistoryTime.ChinaOffset).Run();
    }

    /// <summary>Writes a crew register in the <c>crews.csv</c> layout.</summary>
    public static void WriteCrews(string path, IEnumerable<Crew> crews)
    {
        ArgumentNullException.ThrowIfNull(crews);
        using CsvWriter csv = CsvWriter.ToFile(path, PlainCsv.Writer);
        foreach (string h in (string[])["crew_id", "base_id", "bus_id", "x", "y", "shift_start", "shift_end", "size"])
        {
            csv.WriteField(h);
        }

        csv.EndRecord();
        foreach (Crew c in crews)
        {
            csv.WriteField(c.CrewId);
            csv.WriteField(c.BaseId);
            csv.WriteField(c.BusId);
            csv.WriteField(c.BusId.Length > 0 ? string.Empty : c.X.ToString("0.###", CultureInfo.InvariantCulture));
            csv.WriteField(c.BusId.Length > 0 ? string.Empty : c.Y.ToString("0.###", CultureInfo.InvariantCulture));
            csv.WriteField(c.ShiftStart.ToString("HH:mm", CultureInfo.InvariantCulture));
            csv.WriteField(c.ShiftEnd.ToString("HH:mm", CultureInfo.InvariantCulture));
            csv.WriteField(c.Size.ToString(CultureInfo.InvariantCulture));
            csv.EndRecord();
        }
    }

    /// <summary>Writes work orders in the <c>work_orders.csv</c> layout (times ISO 8601 with their offset).</summary>
    public static void WriteOrders(string path, IEnumerable<WorkOrder> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        using CsvWriter csv = CsvWriter.ToFile(path, PlainCsv.Writer);
        foreach (string h in (string[])["order_id", "call_time", "location_id", "x", "y", "category", "dispatch_time", "crew_id", "arrival_time", "fault_found", "restoration_time", "outage_event_id", "area_class"])
        {
            csv.WriteField(h);
        }

        csv.EndRecord();
        foreach (WorkOrder o in orders)
        {
            csv.WriteField(o.OrderId);
            csv.WriteField(T(o.CallTime));
            csv.WriteField(o.LocationId);
            csv.WriteField(o.X?.ToString("0.###", CultureInfo.InvariantCulture) ?? string.Empty);
            csv.WriteField(o.Y?.ToString("0.###", CultureInfo.InvariantCulture) ?? string.Empty);
            csv.WriteField(o.Category);
            csv.WriteField(T(o.DispatchTime));
            csv.WriteField(o.CrewId);
            csv.WriteField(T(o.ArrivalTime));
            csv.WriteField(o.FaultFound);
            csv.WriteField(T(o.RestorationTime));
            csv.WriteField(o.OutageEventId);
            csv.WriteField(o.AreaClass);
            csv.EndRecord();
        }
    }

    private static void AppendComplaints(string path, IEnumerable<Complaint> complaints)
    {
        string[] header = File.ReadLines(path).First().Split(',');
        using var writer = new StreamWriter(path, true, new UTF8Encoding(false));
        using CsvWriter csv = CsvWriter.Create(writer, PlainCsv.Writer, leaveOpen: false);
        foreach (Complaint c in complaints)
        {
            foreach (string column in header)
            {
                csv.WriteField(column switch
                {
                    "complaint_id" => c.ComplaintId,
                    "time" => T(c.Time),
                    "location_id" => c.LocationId,
                    "category" => c.Category,
                    "text" => c.Text,
                    _ => string.Empty,
                });
            }

            csv.EndRecord();
        }
    }

    private static string T(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) ?? string.Empty;

    private sealed class Simulation(OutageHistory history, IReadOnlySet<DateOnly> storms, int seed, TimeSpan zone)
    {
        private readonly Random _rng = new(seed);
        private readonly Net _net = history.Network;
        private readonly List<Crew> _crews = [];
        private readonly List<WorkOrder> _orders = [];
        private readonly List<Complaint> _complaints = [];
        private int[] _classOf = [];
        private DateTimeOffset[] _busyUntil = [];

        public DemoRepair Run()
        {
            _classOf = AreaClassRules.Default.Classify(_net);
            PlaceCrews();
            _busyUntil = new DateTimeOffset[_crews.Count];
            var calls = new List<(DateTimeOffset Call, int Event, int LoadPoint)>();
            for (int e = 0; e < history.EventCount; e++)
            {
                OutageEvent ev = history.Events[e];
                if (ev.Nature != OutageNature.Fault)
                {
                    continue;
                }

                int[] affected = history.AffectedLoadPoints(e);
                if (affected.Length == 0)
                {
                    continue;
                }

                int pick = PickByCustomers(affected);
                double delay = Math.Min(-6 * Math.Log(1 - _rng.NextDouble()), Math.Max(1, (ev.End - ev.Start).TotalMinutes / 2));
                calls.Add((ev.Start.AddMinutes(delay).AddSeconds(_rng.Next(60)), e, affected[pick]));
            }

            // Faults on the customer's side, about a quarter as many as the outage calls, spread over the same period.
            if (calls.Count > 0)
            {
                DateTimeOffset from = calls.Min(c => c.Call), to = calls.Max(c => c.Call);
                int customerSide = calls.Count / 4;
                long[] cumulative = CumulativeCustomers();
                for (int k = 0; k < customerSide; k++)
                {
                    DateTimeOffset t = from.AddSeconds(_rng.NextDouble() * (to - from).TotalSeconds);
                    calls.Add((t, -1, PickLoadPoint(cumulative)));
                }
            }

            calls.Sort((a, b) => a.Call.CompareTo(b.Call));
            var perDay = new Dictionary<DateOnly, int>();
            foreach ((DateTimeOffset call, int e, int lp) in calls)
            {
                Dispatch(call, e, lp, perDay);
            }

            return new DemoRepair(_crews, _orders, _complaints);
        }

        /// <summary>Bases at the substations with the most load within 3 km: the towns.</summary>
        private void PlaceCrews()
        {
            ReadOnlySpan<int> sources = _net.Sources;
            var scored = new List<(double Load, int Source)>();
            foreach (int s in sources)
            {
                double x = _net.NodeX[s], y = _net.NodeY[s];
                if (!double.IsFinite(x) || !double.IsFinite(y))
                {
                    continue;
                }

                double load = 0;
                for (int l = 0; l < _net.LoadPointCount; l++)
                {
                    int node = _net.LoadPointNode[l];
                    double dx = _net.NodeX[node] - x, dy = _net.NodeY[node] - y;
                    load += (dx * dx) + (dy * dy) <= 9 ? _net.PeakKw[l] : 0;
                }

                scored.Add((load, s));
            }

            scored.Sort((a, b) => b.Load != a.Load ? b.Load.CompareTo(a.Load) : a.Source.CompareTo(b.Source));
            int bases = Math.Clamp(scored.Count / 4, 1, 12);
            int crew = 0;
            for (int b = 0; b < bases && b < scored.Count; b++)
            {
                int s = scored[b].Source;
                string bus = _net.NodeIds[s];
                int crews = 2 + _rng.Next(3);
                for (int c = 0; c < crews; c++)
                {
                    // The first crew of a base is on call round the clock, the others work day shifts.
                    (TimeOnly start, TimeOnly end) = c == 0 ? (TimeOnly.MinValue, TimeOnly.MinValue) : (new TimeOnly(8, 0), new TimeOnly(20, 0));
                    _crews.Add(new Crew($"CREW{++crew:D2}", "BASE-" + bus, _net.NodeX[s], _net.NodeY[s], start, end, 3 + _rng.Next(4)) { BusId = bus });
                }
            }
        }

        private void Dispatch(DateTimeOffset call, int e, int lp, Dictionary<DateOnly, int> perDay)
        {
            DateOnly day = DateOnly.FromDateTime(call.ToOffset(zone).DateTime);
            bool storm = storms.Contains(day);
            int load = perDay[day] = perDay.GetValueOrDefault(day) + 1;
            int cls = _classOf[lp];
            int node = _net.LoadPointNode[lp];
            double x = _net.NodeX[node], y = _net.NodeY[node];

            // The dispatcher takes longer on busy days.
            double dispatchMinutes = Math.Exp(Math.Log(6) + (0.5 * Normal())) * (storm ? 1.5 + Math.Min(2, load / 20.0) : 1);
            DateTimeOffset dispatch = call.AddMinutes(dispatchMinutes);
            TimeOnly local = TimeOnly.FromDateTime(dispatch.ToOffset(zone).DateTime);
            int best = -1;
            DateTimeOffset bestArrival = DateTimeOffset.MaxValue;
            for (int c = 0; c < _crews.Count; c++)
            {
                Crew crew = _crews[c];
                double dx = crew.X - x, dy = crew.Y - y;
                double travel = Math.Sqrt((dx * dx) + (dy * dy)) * TrueDetourFactor / TrueSpeedsKmPerHour[Math.Min(cls, 2)] * 60 * (storm ? 1.3 : 1);
                travel = double.IsFinite(travel) ? travel : 30;
                DateTimeOffset leave = _busyUntil[c] > dispatch ? _busyUntil[c] : dispatch;
                if (!crew.OnShift(local))
                {
                    leave = leave.AddMinutes(40);
                }

                DateTimeOffset arrive = leave.AddMinutes(travel);
                if (arrive < bestArrival)
                {
                    (best, bestArrival) = (c, arrive);
                }
            }

            double noise = Math.Exp(0.25 * Normal());
            DateTimeOffset arrival = dispatch + ((bestArrival - dispatch) * noise);
            OutageEvent? ev = e >= 0 ? history.Events[e] : null;

            // The order closes when the fault is repaired: the outage's end (customers restored earlier by switching
            // are the outage record's restoration steps). The recorded outage could not end before a crew was there:
            // a crew that would come later came just before the end (another crew's patrol found the fault first).
            DateTimeOffset restoration;
            if (ev is null)
            {
                restoration = arrival.AddMinutes(20 + (_rng.NextDouble() * 70));
            }
            else
            {
                restoration = ev.End;
                DateTimeOffset latest = ev.End.AddMinutes(-10 - (_rng.NextDouble() * 10));
                if (arrival > latest && latest > dispatch)
                {
                    arrival = latest;
                }
                else if (arrival > latest)
                {
                    dispatch = call + ((ev.End - call) / 3);
                    arrival = call + ((ev.End - call) * 2 / 3);
                }
            }

            // A crew makes safe and repairs; a long job (cable jointing, a transformer replacement) is handed over to a
            // construction team after a few hours, so the crew is free again then.
            _busyUntil[best] = arrival + TimeSpan.FromHours(Math.Min((restoration - arrival).TotalHours, 3)) + TimeSpan.FromMinutes(20);
            bool coordinates = _rng.NextDouble() < 0.3;
            bool missingDispatch = _rng.NextDouble() < 0.02;
            bool missingArrival = _rng.NextDouble() < 0.01;
            _orders.Add(new WorkOrder($"WO{_orders.Count + 1:D7}", Whole(call), ev is null ? "customer_side" : "outage")
            {
                LocationId = coordinates ? string.Empty : _net.LoadPointIds[lp],
                X = coordinates ? Math.Round(x + ((_rng.NextDouble() - 0.5) * 0.1), 3) : null,
                Y = coordinates ? Math.Round(y + ((_rng.NextDouble() - 0.5) * 0.1), 3) : null,
                DispatchTime = missingDispatch ? null : Whole(dispatch),
                CrewId = _crews[best].CrewId,
                ArrivalTime = missingArrival ? null : Whole(arrival),
                FaultFound = ev is null ? "customer installation" : ev.Cause.Replace('_', ' '),
                RestorationTime = Whole(restoration),
                OutageEventId = ev is not null && _rng.NextDouble() < 0.8 ? ev.EventId : string.Empty,
            });
            if (ev is not null && !missingArrival)
            {
                double hours = (arrival - call).TotalHours;
                double expected = SlowRepairComplaintsPerCustomer * history.CustomersInterrupted(e) * (Math.Exp(SlowRepairPerArrivalHour * hours) - 1);
                int count = Poisson(expected);
                for (int k = 0; k < count; k++)
                {
                    DateTimeOffset at = Whole(call + ((arrival - call) * (0.3 + (0.7 * _rng.NextDouble()))));
                    _complaints.Add(new Complaint($"CR{_complaints.Count + 1:D7}", at, _net.LoadPointIds[lp], "slow_repair") { Text = "slow repair" });
                }
            }
        }

        private static DateTimeOffset Whole(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Offset);

        private int PickByCustomers(int[] loadPoints)
        {
            long total = 0;
            foreach (int lp in loadPoints)
            {
                total += Math.Max(1, _net.Customers[lp]);
            }

            long pick = (long)(_rng.NextDouble() * total);
            for (int i = 0; i < loadPoints.Length; i++)
            {
                pick -= Math.Max(1, _net.Customers[loadPoints[i]]);
                if (pick < 0)
                {
                    return i;
                }
            }

            return loadPoints.Length - 1;
        }

        private long[] CumulativeCustomers()
        {
            var cumulative = new long[_net.LoadPointCount];
            long total = 0;
            for (int l = 0; l < cumulative.Length; l++)
            {
                total += Math.Max(0, _net.Customers[l]);
                cumulative[l] = total;
            }

            return cumulative;
        }

        private int PickLoadPoint(long[] cumulative)
        {
            long pick = (long)(_rng.NextDouble() * cumulative[^1]);
            int i = Array.BinarySearch(cumulative, pick + 1);
            return i >= 0 ? i : ~i;
        }

        private int Poisson(double mean)
        {
            // Knuth for small means, a rounded normal beyond (only the rare very late, very large outage).
            if (mean > 30)
            {
                return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Normal())));
            }

            double limit = Math.Exp(-mean), p = 1;
            int k = -1;
            do
            {
                k++;
                p *= _rng.NextDouble();
            }
            while (p > limit);
            return k;
        }

        private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());
    }
}
