using Lumen.Reliability.Aging;
using Lumen.Reliability.Planning;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Network;
using Lumen.Topology.PowerFlow;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Investment;

/// <summary>What the engines say about one feeder in one state of the network (all per year).</summary>
/// <param name="Customers">Customers of the feeder.</param>
/// <param name="CustomerInterruptions">Σ customers × λ (SAIFI × customers).</param>
/// <param name="CustomerHours">Σ customers × U (SAIDI × customers).</param>
/// <param name="EnsMwh">Energy not supplied, MWh.</param>
/// <param name="Complaints">Expected complaints: Σ customers × λ × complaints per customer interruption of the mean duration U/λ.</param>
/// <param name="LowVoltageCustomers">Customers of transformer areas below the voltage limit at peak (power flow).</param>
/// <param name="N1Failures">N-1 contingencies failing at peak.</param>
/// <param name="Overloads">Branches above their rating at peak (power flow).</param>
/// <param name="Tied">Whether the feeder has a normally-open tie to another feeder.</param>
internal readonly record struct FeederMetrics(
    double Customers, double CustomerInterruptions, double CustomerHours, double EnsMwh, double Complaints,
    double LowVoltageCustomers, int N1Failures, int Overloads, bool Tied)
{
    public static FeederMetrics operator -(FeederMetrics a, FeederMetrics b) => new(
        a.Customers - b.Customers, a.CustomerInterruptions - b.CustomerInterruptions, a.CustomerHours - b.CustomerHours, a.EnsMwh - b.EnsMwh,
        a.Complaints - b.Complaints, a.LowVoltageCustomers - b.LowVoltageCustomers, a.N1Failures - b.N1Failures, a.Overloads - b.Overloads, a.Tied && !b.Tied);

    public static FeederMetrics operator +(FeederMetrics a, FeederMetrics b) => new(
        a.Customers + b.Customers, a.CustomerInterruptions + b.CustomerInterruptions, a.CustomerHours + b.CustomerHours, a.EnsMwh + b.EnsMwh,
        a.Complaints + b.Complaints, a.LowVoltageCustomers + b.LowVoltageCustomers, a.N1Failures + b.N1Failures, a.Overloads + b.Overloads, a.Tied || b.Tied);
}

/// <summary>
/// Evaluates feeders of the network with project edits applied, re-assessing only the part of the network that can
/// change: the reliability engine restores a feeder's dead parts through its ties, and a receiving feeder may hand a
/// subtree on through one more tie (a chained transfer), so a feeder's indices depend on the feeders up to two ties
/// away. A project touching feeders T changes the indices of the feeders up to two ties from T; those are re-assessed
/// on a network holding them and the feeders up to two ties from them.
/// </summary>
/// <remarks>Thread-safe: each call builds its own network; the adjacency is read-only.</remarks>
internal sealed class FeederEvaluator
{
    private readonly Net _network;
    private readonly StudyCase _study;
    private readonly ReliabilityOptions _options;
    private readonly RestorationLimits _limits;
    private readonly IComplaintRateModel _complaints;
    private readonly VoltageProfile _profile;
    private readonly double _sourceVoltagePu;
    private readonly Dictionary<string, int> _feederByName;
    private readonly List<int>[] _tiedTo;
    private readonly FeederElements _elements;

    // How far a change reaches: restoration hands load on through at most two ties (a chained transfer), so a
    // feeder's indices depend on the feeders up to two ties away.
    public const int Reach = 2;

    public FeederEvaluator(Net network, StudyCase study, RestorationLimits limits, IComplaintRateModel complaints, VoltageProfile profile)
    {
        _network = network;
        _study = study;
        _limits = limits;
        _options = new ReliabilityOptions { Restoration = limits };
        _complaints = complaints;
        _profile = profile;
        _sourceVoltagePu = limits.SourceVoltagePu;
        ReadOnlySpan<string> names = network.Normal.FeederNames;
        _feederByName = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (int f = 0; f < names.Length; f++)
        {
            _feederByName[names[f]] = f;
        }

        _elements = new FeederElements(network);
        _tiedTo = new List<int>[names.Length];
        for (int f = 0; f < names.Length; f++)
        {
            _tiedTo[f] = [];
        }

        ReadOnlySpan<int> feederOf = network.Normal.FeederOf;
        for (int e = 0; e < network.EdgeCount; e++)
        {
            if (!IsOpen(network, e))
            {
                continue;
            }

            int a = feederOf[network.EdgeFrom[e]];
            int b = feederOf[network.EdgeTo[e]];
            Link(a, b);
        }
    }

    /// <summary>The year of the horizon evaluated (grown loads, aged failure rates); null for today. Set between evaluations only.</summary>
    public PlanYear? Year { get; set; }

    /// <summary>
    /// Whether the capacity-limited restoration of a part is worked out only for the faults of the feeders read (false:
    /// for every feeder of the part, the oracle of tests). A part holds the feeders up to two ties beyond those read, whose
    /// own faults change no figure read (<see cref="CapacityRestoration.Build"/>).
    /// </summary>
    internal bool RestoresOnlyFeedersRead { get; init; } = true;

    /// <summary>The network every project applies to.</summary>
    public Net Network => _network;

    /// <summary>Feeder count.</summary>
    public int FeederCount => _tiedTo.Length;

    /// <summary>The feeders tied to <paramref name="feeder"/> in the present network.</summary>
    public IReadOnlyList<int> TiedTo(int feeder) => _tiedTo[feeder];

    /// <summary>Whether branch <paramref name="edge"/> is open in the normal state (itself or a device on it).</summary>
    public static bool IsOpen(Net network, int edge)
    {
        if (network.EdgeNormallyOpen[edge])
        {
            return true;
        }

        foreach (int d in network.DevicesOn(edge))
        {
            if (network.DeviceNormallyOpen[d])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The base feeder of bus <paramref name="busId"/>, or -1.</summary>
    public int FeederOfBus(string busId) => _network.TryGetNode(busId, out NodeIndex n) ? _network.Normal.FeederOf[n.Value] : -1;

    /// <summary>The feeders whose figures change when <paramref name="touched"/> change: those and the feeders tied to them (with <paramref name="edits"/>' new ties).</summary>
    public HashSet<int> Affected(IEnumerable<int> touched, IReadOnlyList<ProjectEdit> edits)
    {
        return Within(touched, Reach, NewTies(edits));
    }

    /// <summary>
    /// The base feeders whose own elements <paramref name="edits"/> change (both ends of a branch, the bus of a new tie
    /// end or capacitor, the bus of a split area's load point); -1 stands for an element outside every feeder.
    /// </summary>
    public SortedSet<int> FeedersOf(IEnumerable<ProjectEdit> edits)
    {
        var set = new SortedSet<int>();
        foreach (ProjectEdit edit in edits)
        {
            switch (edit)
            {
                case ReduceFailureRate r: Branch(r.BranchId); break;
                case NewDevice d: Branch(d.BranchId); break;
                case AutomateDevice a: Branch(a.BranchId); break;
                case NewConductor c: Branch(c.BranchId); break;
                case SetTap t: Branch(t.BranchId); break;
                case NewTie t: Bus(t.BusA); Bus(t.BusB); break;
                case NewCapacitor c: Bus(c.BusId); break;
                case SplitArea s:
                    Branch(s.TransformerId);
                    set.Add(_network.TryGetLoadPoint(s.LoadPointId, out int l) ? _network.Normal.FeederOf[_network.LoadPointNode[l]] : -1);
                    break;
                default: set.Add(-1); break;
            }
        }

        return set;

        void Branch(string id)
        {
            int a = -1;
            int b = -1;
            if (_network.TryGetEdge(id, out EdgeIndex e))
            {
                (a, b) = (_network.Normal.FeederOf[_network.EdgeFrom[e.Value]], _network.Normal.FeederOf[_network.EdgeTo[e.Value]]);
            }

            // A feeder's head branch starts at the source (in no feeder): it belongs to the feeder at its other end.
            set.Add(a >= 0 || b >= 0 ? Math.Max(a, b) : -1);
            if (a >= 0 && b >= 0)
            {
                set.Add(Math.Min(a, b));
            }
        }

        void Bus(string id) => set.Add(_network.TryGetNode(id, out NodeIndex n) ? _network.Normal.FeederOf[n.Value] : -1);
    }

    /// <summary>Evaluates feeders <paramref name="feeders"/> with <paramref name="edits"/> applied.</summary>
    /// <param name="feeders">Base feeder indices to evaluate.</param>
    /// <param name="edits">Every edit in force.</param>
    /// <param name="unchanged">
    /// When given, the figures of the parts the last edits cannot change are taken from it instead of being recomputed:
    /// the power flow (low voltage, overloads) when <paramref name="powerFlow"/> is false, N-1 when <paramref name="n1"/> is false.
    /// </param>
    /// <param name="powerFlow">Whether to run the power flow.</param>
    /// <param name="n1">Whether to run N-1.</param>
    /// <returns>Metrics by base feeder index.</returns>
    public Dictionary<int, FeederMetrics> Evaluate(IReadOnlyCollection<int> feeders, IReadOnlyList<ProjectEdit> edits, Func<int, FeederMetrics>? unchanged = null, bool powerFlow = true, bool n1 = true) =>
        EvaluatePart(feeders, Within(feeders, Reach, NewTies(edits)), edits, unchanged, powerFlow, n1);

    /// <summary>
    /// <see cref="Evaluate"/> on the part <paramref name="part"/> worked out by the caller (the feeders up to two ties
    /// from <paramref name="feeders"/>, <see cref="Within"/>).
    /// </summary>
    public Dictionary<int, FeederMetrics> EvaluatePart(IReadOnlyCollection<int> feeders, IReadOnlyCollection<int> part, IReadOnlyList<ProjectEdit> edits, Func<int, FeederMetrics>? unchanged = null, bool powerFlow = true, bool n1 = true) =>
        EvaluatePart(feeders, part, edits, unchanged is null || powerFlow ? null : unchanged, unchanged is null || n1 ? null : unchanged);

    /// <summary><see cref="EvaluatePart(IReadOnlyCollection{int}, IReadOnlyCollection{int}, IReadOnlyList{ProjectEdit}, Func{int, FeederMetrics}?, bool, bool)"/> with the power flow taken from <paramref name="powerFlowFrom"/> and N-1 from <paramref name="n1From"/> when given (run when null).</summary>
    public Dictionary<int, FeederMetrics> EvaluatePart(IReadOnlyCollection<int> feeders, IReadOnlyCollection<int> part, IReadOnlyList<ProjectEdit> edits, Func<int, FeederMetrics>? powerFlowFrom, Func<int, FeederMetrics>? n1From) =>
        Measure(EditedNetwork.Build(_network, part, edits, _elements, Year), feeders, powerFlowFrom, n1From);

    /// <summary>
    /// Builds part <paramref name="part"/> with <paramref name="edits"/> (the chosen projects that reach it) once, to
    /// value on it the projects that only lower failure rates (<see cref="EvaluateRates"/>) and read the figures of
    /// <paramref name="feeders"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The edited part does not build.</exception>
    public RatePart BuildRatePart(IReadOnlyCollection<int> feeders, IReadOnlyCollection<int> part, IReadOnlyList<ProjectEdit> edits)
    {
        EditedNetwork edited = EditedNetwork.Build(_network, part, edits, _elements, Year);
        var cuts = new Dictionary<string, double>(StringComparer.Ordinal);
        var rebuilt = new HashSet<string>(StringComparer.Ordinal);
        foreach (ProjectEdit edit in edits)
        {
            if (edit is ReduceFailureRate r)
            {
                EditedNetwork.AddCut(cuts, r, Year);
            }
            else if (edit is NewConductor c)
            {
                rebuilt.Add(c.BranchId);
            }
        }

        ReliabilityAssessor.Validate(_study);
        var model = ReliabilityModel.Create(edited.Network, _study, _options);
        bool[]? read = RestoresOnlyFeedersRead ? Wanted(edited.Network, feeders).Want : null;
        return new RatePart(edited, model, new FailurePlan(model, capacityFeeders: read), cuts, rebuilt, Year, [.. feeders]);
    }

    /// <summary>
    /// <see cref="EvaluatePart(IReadOnlyCollection{int}, IReadOnlyCollection{int}, IReadOnlyList{ProjectEdit}, Func{int, FeederMetrics}?, Func{int, FeederMetrics}?)"/> of the edits <paramref name="edits"/> (each a <see cref="ReduceFailureRate"/>) on a part
    /// built by <see cref="BuildRatePart"/> with the other edits: the same figures, from the part's failure plan with
    /// only the failures worked out again. The power flow and N-1, which failure rates do not change, come from
    /// <paramref name="unchanged"/>. Null when that does not apply (a section rebuilt with a new conductor, another
    /// year), and the part must be built with the edits.
    /// </summary>
    public Dictionary<int, FeederMetrics>? EvaluateRates(RatePart part, IReadOnlyCollection<int> feeders, IReadOnlyList<ProjectEdit> edits, Func<int, FeederMetrics> unchanged)
    {
        if (part.Year != Year || !part.Feeders.SetEquals(feeders))
        {
            return null;
        }

        Net net = part.Edited.Network;
        var cuts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (ProjectEdit edit in edits)
        {
            if (edit is not ReduceFailureRate r || part.Rebuilt.Contains(r.BranchId))
            {
                return null;
            }

            if (!cuts.ContainsKey(r.BranchId))
            {
                cuts[r.BranchId] = part.Cuts.GetValueOrDefault(r.BranchId);
            }

            EditedNetwork.AddCut(cuts, r, Year);
        }

        ReliabilityModel model = part.Model.Clone();
        ReadOnlySpan<int> parentEdge = model.Trace.ParentEdge;
        foreach ((string id, double cut) in cuts)
        {
            if (!_network.TryGetEdge(id, out EdgeIndex original) || !net.TryGetEdge(id, out EdgeIndex e))
            {
                continue;
            }

            // The model keeps a branch's rate at its downstream node; a branch off the tree (open, de-energised) has none.
            int child = parentEdge[net.EdgeTo[e.Value]] == e.Value ? net.EdgeTo[e.Value] : parentEdge[net.EdgeFrom[e.Value]] == e.Value ? net.EdgeFrom[e.Value] : -1;
            if (child >= 0)
            {
                model.FailureRatePerYear[child] = EditedNetwork.FailureRate(_network, original.Value, Year, cut);
            }
        }

        // When a segment loses its last failure (or gains its first) the plan is worked out again on the model.
        FailurePlan plan = part.Plan.WithFailureRates(model) ?? new FailurePlan(model, capacityFeeders: RestoresOnlyFeedersRead ? Wanted(net, feeders).Want : null);
        return Measure(part.Edited, feeders, unchanged, unchanged, ReliabilityAssessor.AssessPlan(plan, _options));
    }

    /// <summary>Evaluates every feeder on the whole network with <paramref name="edits"/> applied (the full re-assessment).</summary>
    /// <param name="edits">The edits.</param>
    /// <param name="loadFiguresFrom">When given, the power flow and N-1 figures (which failure rates do not change) are taken from it instead of being worked out.</param>
    public Dictionary<int, FeederMetrics> EvaluateAll(IReadOnlyList<ProjectEdit> edits, Func<int, FeederMetrics>? loadFiguresFrom = null)
    {
        var all = new int[_tiedTo.Length];
        for (int f = 0; f < all.Length; f++)
        {
            all[f] = f;
        }

        return Measure(EditedNetwork.Build(_network, null, edits, null, Year), all, loadFiguresFrom, loadFiguresFrom);
    }

    /// <summary>Whether <paramref name="edits"/> can change the power flow in the normal state (impedances, taps, capacitors, loads).</summary>
    public static bool ChangesPowerFlow(IEnumerable<ProjectEdit> edits) => edits.Any(e => e is NewConductor or SetTap or NewCapacitor or SplitArea);

    /// <summary>Whether <paramref name="edits"/> can change N-1 (anything but failure rates).</summary>
    public static bool ChangesN1(IEnumerable<ProjectEdit> edits) => edits.Any(e => e is not ReduceFailureRate);

    private Dictionary<int, FeederMetrics> Measure(EditedNetwork edited, IReadOnlyCollection<int> wanted, Func<int, FeederMetrics>? powerFlowFrom = null, Func<int, FeederMetrics>? n1From = null, ReliabilityResult? reliability = null)
    {
        Net net = edited.Network;
        (int[] baseOf, bool[] want) = Wanted(net, wanted);
        int count = baseOf.Length;
        var customers = new double[count];
        var interruptions = new double[count];
        var hours = new double[count];
        var ens = new double[count];
        var complaints = new double[count];
        var low = new double[count];
        var overloads = new int[count];

        FailurePlan? plan = null;
        TransferNetwork? grid = null;
        if (reliability is null)
        {
            ReliabilityAssessor.Validate(_study);
            var model = ReliabilityModel.Create(net, _study, _options);

            // N-1 runs on this plan and its transfer network when they are the ones it would build (one model, plan and
            // transfer network a valuation instead of two).
            grid = n1From is null && N1Analysis.SharesPlanOf(model) ? new TransferNetwork(net, model.Trace, _limits) : null;
            plan = new FailurePlan(model, capacityFeeders: RestoresOnlyFeedersRead ? want : null, grid: grid);
            reliability = ReliabilityAssessor.AssessPlan(plan, _options);
        }

        LoadPointResults lp = reliability.LoadPoints;
        ReadOnlySpan<int> lpCustomers = net.Customers;
        for (int l = 0; l < lp.Count; l++)
        {
            int f = lp.Feeder[l];
            if (f < 0 || !want[f])
            {
                continue;
            }

            double n = lpCustomers[l];
            double lambda = lp.FailureRatePerYear[l];
            double u = lp.UnavailabilityHoursPerYear[l];
            customers[f] += n;
            interruptions[f] += n * lambda;
            hours[f] += n * u;
            ens[f] += lp.EnsMwhPerYear[l];
            if (lambda > 0)
            {
                complaints[f] += n * lambda * _complaints.ComplaintsPerCustomerInterruption(u / lambda);
            }
        }

        IReadOnlyList<FeederN1>? n1 = n1From is not null ? null
            : plan is not null && grid is not null ? N1Analysis.Run(plan, grid, _limits, LoadLevels.PeakOnly, want)
            : N1Analysis.Run(net, _limits, LoadLevels.PeakOnly, want);
        if (powerFlowFrom is null)
        {
            var scenario = new PowerFlowScenario { SourceVoltagePu = _sourceVoltagePu, CapacitorKvar = edited.CapacitorKvar };
            LowVoltageReport voltage = LowVoltagePrediction.Predict(net, scenario, _profile);
            ReadOnlySpan<int> feederOfNode = voltage.PowerFlow.Trace.FeederOf;
            foreach (LowVoltageArea area in voltage.LowAreas)
            {
                int f = feederOfNode[net.LoadPointNode[area.LoadPoint]];
                if (f >= 0)
                {
                    low[f] += area.Customers;
                }
            }

            foreach (OverloadedBranch o in voltage.Overloaded)
            {
                int f = net.Normal.FeederOfEdge[o.Edge];
                if (f >= 0)
                {
                    overloads[f]++;
                }
            }
        }

        var result = new Dictionary<int, FeederMetrics>(wanted.Count);
        for (int f = 0; f < count; f++)
        {
            if (!want[f])
            {
                continue;
            }

            int b = baseOf[f];
            int failing = 0;
            bool tied;
            if (n1 is null)
            {
                (failing, tied) = (n1From!(b).N1Failures, n1From(b).Tied);
            }
            else
            {
                foreach (N1Failure failure in n1[f].Failures)
                {
                    if (failure.FractionOfPeak >= 1)
                    {
                        failing++;
                    }
                }

                tied = n1[f].Tied;
            }

            (double lowCustomers, int overloaded) = powerFlowFrom is null ? (low[f], overloads[f]) : (powerFlowFrom(b).LowVoltageCustomers, powerFlowFrom(b).Overloads);
            result[b] = new FeederMetrics(customers[f], interruptions[f], hours[f], ens[f], complaints[f], lowCustomers, failing, overloaded, tied);
        }

        return result;
    }

    // The base feeder of each feeder of a part, and whether it is one of `wanted` (base indices).
    private (int[] BaseOf, bool[] Want) Wanted(Net part, IReadOnlyCollection<int> wanted)
    {
        ReadOnlySpan<string> names = part.Normal.FeederNames;
        var baseOf = new int[names.Length];
        var want = new bool[names.Length];
        var wantedSet = wanted as IReadOnlySet<int> ?? new HashSet<int>(wanted);
        for (int f = 0; f < names.Length; f++)
        {
            baseOf[f] = _feederByName.TryGetValue(names[f], out int b) ? b : -1;
            want[f] = baseOf[f] >= 0 && wantedSet.Contains(baseOf[f]);
        }

        return (baseOf, want);
    }

    /// <summary>The feeder pairs the new ties of <paramref name="edits"/> join, both ways.</summary>
    public Dictionary<int, List<int>> NewTies(IEnumerable<ProjectEdit> edits)
    {
        var extra = new Dictionary<int, List<int>>();
        foreach (ProjectEdit edit in edits)
        {
            if (edit is NewTie t)
            {
                int a = FeederOfBus(t.BusA);
                int b = FeederOfBus(t.BusB);
                if (a >= 0 && b >= 0 && a != b)
                {
                    Add(extra, a, b);
                    Add(extra, b, a);
                }
            }
        }

        return extra;

        static void Add(Dictionary<int, List<int>> map, int from, int to)
        {
            if (!map.TryGetValue(from, out List<int>? list))
            {
                map[from] = list = [];
            }

            list.Add(to);
        }
    }

    /// <summary>The feeders at most <paramref name="hops"/> ties away from <paramref name="start"/> (existing ties and <paramref name="extra"/>, new ones by feeder).</summary>
    public HashSet<int> Within(IEnumerable<int> start, int hops, Dictionary<int, List<int>> extra)
    {
        var set = new HashSet<int>(start);
        List<int> frontier = [.. set];
        for (int h = 0; h < hops && frontier.Count > 0; h++)
        {
            var next = new List<int>();
            foreach (int f in frontier)
            {
                IEnumerable<int> neighbours = extra.TryGetValue(f, out List<int>? more) ? _tiedTo[f].Concat(more) : _tiedTo[f];
                foreach (int g in neighbours)
                {
                    if (set.Add(g))
                    {
                        next.Add(g);
                    }
                }
            }

            frontier = next;
        }

        return set;
    }

    private void Link(int a, int b)
    {
        if (a < 0 || b < 0 || a == b || _tiedTo[a].Contains(b))
        {
            return;
        }

        _tiedTo[a].Add(b);
        _tiedTo[b].Add(a);
    }
}

/// <summary>A part of the network built once with the chosen projects that reach it, for valuing failure-rate changes on it (<see cref="FeederEvaluator.EvaluateRates"/>).</summary>
/// <param name="Edited">The built part.</param>
/// <param name="Model">Its reliability model.</param>
/// <param name="Plan">Its failure plan (with the capacity-limited restoration).</param>
/// <param name="Cuts">Failures a year the part's edits remove, by branch id.</param>
/// <param name="Rebuilt">Branches the part's edits rebuild with a new conductor (their rate is the conductor's).</param>
/// <param name="Year">The year of the horizon it was built for.</param>
/// <param name="Feeders">The feeders read on it (base indices): its restoration is worked out for their faults.</param>
internal sealed record RatePart(EditedNetwork Edited, ReliabilityModel Model, FailurePlan Plan, Dictionary<string, double> Cuts, HashSet<string> Rebuilt, PlanYear? Year, HashSet<int> Feeders);
