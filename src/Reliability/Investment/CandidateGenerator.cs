using System.Globalization;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Planning;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Investment;

/// <summary>
/// Generates candidate projects from the network, its diagnosis, its peak power flow and the asset model
/// (docs/investment.md §2): where each kind of project can help, and what it would cost.
/// </summary>
internal sealed class CandidateGenerator
{
    private static readonly double[] s_tapPositions = [1 / 1.05, 1 / 1.025, 1.0, 1 / 0.975, 1 / 0.95];
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    private readonly Net _network;
    private readonly RadialTrace _trace;
    private readonly InvestmentCosts _costs;
    private readonly double[] _customersBelow;
    private readonly List<Candidate> _out = [];
    private (Net Loads, double[] Kvar)? _feederKvar;

    public CandidateGenerator(Net network, InvestmentCosts costs)
    {
        _network = network;
        _trace = network.Normal;
        _costs = costs;
        int n = network.NodeCount;
        _customersBelow = new double[n];
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            _customersBelow[network.LoadPointNode[l]] += network.Customers[l];
        }

        ReadOnlySpan<int> order = _trace.Order;
        for (int i = order.Length - 1; i >= 0; i--)
        {
            int v = order[i];
            int p = _trace.Parent[v];
            if (p >= 0)
            {
                _customersBelow[p] += _customersBelow[v];
            }
        }
    }

    /// <summary>The new sections' conductors: a tie on overhead line (JKLYJ-240) or cable (YJV22-3×300).</summary>
    public static ConductorType OverheadTie { get; } = new("JKLYJ-240", BranchKind.OverheadLine, 0.125, 0.34, 610, 0.05, 5);

    /// <inheritdoc cref="OverheadTie"/>
    public static ConductorType CableTie { get; } = new("YJV22-3x300", BranchKind.Cable, 0.0601, 0.09, 480, 0.02, 20);

    /// <summary>
    /// Every candidate of every kind for the problems of today's network (<paramref name="diagnosis"/>, <paramref name="peak"/>)
    /// and, with load growth, for those that appear only on the grown network of a later year (<paramref name="grown"/>,
    /// in year order): voltage fixes for a feeder whose low voltage appears then, ties and reinforcement for a feeder that
    /// fails N-1 then, reinforcement of the sections overloaded then; each justified by the year its problem appears.
    /// </summary>
    public IReadOnlyList<Candidate> Generate(DiagnosisReport diagnosis, LowVoltageReport peak, AssetRiskResult? assets, int maxReplacements, double maxTieKm, IReadOnlyList<GrownYear>? grown = null)
    {
        grown ??= [];
        if (assets is not null)
        {
            Replacements(assets, maxReplacements);
        }

        int feeders = _trace.FeederNames.Length;
        List<int>[] edges = EdgesByFeeder(feeders);
        for (int f = 0; f < feeders; f++)
        {
            Switches(f, edges[f]);
        }

        Automation(feeders);
        Ties(TieTargets(diagnosis, grown), maxTieKm);
        var voltage = new HashSet<string>(StringComparer.Ordinal);
        Voltage(peak, _network, null, voltage);
        foreach (GrownYear year in grown)
        {
            Voltage(year.Peak, year.Network, year.Year, voltage);
        }

        Reinforcement(diagnosis, peak, grown);
        return _out;
    }

    private List<int>[] EdgesByFeeder(int feeders)
    {
        var edges = new List<int>[feeders];
        for (int f = 0; f < feeders; f++)
        {
            edges[f] = [];
        }

        ReadOnlySpan<int> feederOfEdge = _trace.FeederOfEdge;
        for (int e = 0; e < _network.EdgeCount; e++)
        {
            if (feederOfEdge[e] >= 0)
            {
                edges[feederOfEdge[e]].Add(e);
            }
        }

        return edges;
    }

    private void Replacements(AssetRiskResult assets, int max)
    {
        var order = new List<int>();
        for (int i = 0; i < assets.Register.Count; i++)
        {
            int e = assets.EdgeOf[i];
            if (e >= 0 && _trace.FeederOfEdge[e] >= 0 && assets.PofPerYear[i] > assets.NewPofPerYear[i] && assets.ReplacementCost[i] > 0)
            {
                order.Add(i);
            }
        }

        order.Sort((a, b) => assets.RiskRemovedPerCost[b].CompareTo(assets.RiskRemovedPerCost[a]));
        for (int k = 0; k < order.Count && k < max; k++)
        {
            int i = order[k];
            int e = assets.EdgeOf[i];
            string id = assets.Register.Ids[i];
            double removed = assets.PofPerYear[i] - assets.NewPofPerYear[i];
            int child = Child(e);
            Add(new Candidate(
                "R-" + id, ProjectKinds.Replacement,
                string.Create(s_inv, $"replace {AssetClasses.Name(assets.Register.Classes[i])} {id} on {_network.EdgeIds[e]} (PoF {assets.PofPerYear[i]:0.####} → {assets.NewPofPerYear[i]:0.####} a year)"),
                [new ReduceFailureRate(_network.EdgeIds[e], removed) { AssetId = id }], assets.ReplacementCost[i], [_trace.FeederOfEdge[e]], "asset_risk", id, _network.NodeX[child], _network.NodeY[child]));
        }
    }

    // A sectionaliser at a half and at a third of the feeder's customers, a recloser at the half, a fuse at a fifth:
    // the positions the placement search finds best on a uniform feeder; the engine then says what each really does.
    private void Switches(int f, List<int> edges)
    {
        int head = _trace.FeederHeadEdge[f];
        double total = head >= 0 ? _customersBelow[Child(head)] : 0;
        if (total <= 0)
        {
            return;
        }

        var used = new HashSet<int>();
        string feeder = _trace.FeederNames[f];
        int half = Nearest(edges, total / 2, used, requireLine: true);
        if (half >= 0)
        {
            used.Add(half);
            Device(f, feeder, half, DeviceKind.LoadBreakSwitch, ProjectKinds.Sectionaliser, _costs.AutomatedSwitch, "S1");
            Device(f, feeder, half, DeviceKind.Recloser, ProjectKinds.Recloser, _costs.Recloser, "C1");
        }

        int third = Nearest(edges, total / 3, used, requireLine: true);
        if (third >= 0)
        {
            used.Add(third);
            Device(f, feeder, third, DeviceKind.LoadBreakSwitch, ProjectKinds.Sectionaliser, _costs.AutomatedSwitch, "S2");
        }

        int fifth = Nearest(edges, total / 5, used, requireLine: true);
        if (fifth >= 0)
        {
            Device(f, feeder, fifth, DeviceKind.Fuse, ProjectKinds.Fuse, _costs.Fuse, "F1");
        }
    }

    private void Device(int f, string feeder, int edge, DeviceKind kind, string projectKind, double cost, string suffix)
    {
        int child = Child(edge);
        string at = _network.NodeIds[_trace.Parent[child]];
        string id = $"{projectKind[..3].ToUpperInvariant()}-{feeder}-{suffix}";
        bool automated = kind is DeviceKind.LoadBreakSwitch or DeviceKind.Recloser;
        string what = projectKind switch
        {
            ProjectKinds.Sectionaliser => "remote-controlled sectionalising switch",
            ProjectKinds.Recloser => "recloser",
            _ => "fuse",
        };
        Add(new Candidate(
            id, projectKind, string.Create(s_inv, $"new {what} on {_network.EdgeIds[edge]} ({_customersBelow[child]:0} customers below)"),
            [new NewDevice(id, _network.EdgeIds[edge], at, kind, automated)], cost, [f], "outages", feeder, _network.NodeX[child], _network.NodeY[child]));
    }

    // The line or cable branch without devices whose customers below are nearest the target.
    private int Nearest(List<int> edges, double target, HashSet<int> used, bool requireLine)
    {
        int best = -1;
        double bestGap = double.PositiveInfinity;
        foreach (int e in edges)
        {
            if (used.Contains(e) || _network.DevicesOn(e).Length > 0 || (requireLine && _network.EdgeKinds[e] is not (BranchKind.OverheadLine or BranchKind.Cable)))
            {
                continue;
            }

            int child = Child(e);
            if (child < 0 || _network.NominalKv[child] < 1)
            {
                continue;
            }

            double gap = Math.Abs(_customersBelow[child] - target);
            if (gap < bestGap)
            {
                (best, bestGap) = (e, gap);
            }
        }

        return best;
    }

    // Every manual tie switch, and the two manual sectionalising switches with most customers below on each feeder.
    private void Automation(int feeders)
    {
        var best = new (int Device, double Customers)[feeders * 2];
        Array.Fill(best, (-1, -1.0));
        for (int d = 0; d < _network.DeviceCount; d++)
        {
            DeviceKind kind = _network.DeviceKinds[d];
            if (_network.DeviceAutomated[d] || kind is not (DeviceKind.LoadBreakSwitch or DeviceKind.Disconnector))
            {
                continue;
            }

            int e = _network.DeviceEdge[d];
            if (_network.DeviceNormallyOpen[d] || _network.EdgeNormallyOpen[e])
            {
                int a = _trace.FeederOf[_network.EdgeFrom[e]];
                int b = _trace.FeederOf[_network.EdgeTo[e]];
                if (a >= 0 && b >= 0)
                {
                    int node = _network.DeviceNode[d];
                    Add(new Candidate(
                        "AUT-" + _network.DeviceIds[d], ProjectKinds.Automation, $"automate tie switch {_network.DeviceIds[d]} ({_trace.FeederNames[a]} – {_trace.FeederNames[b]})",
                        [new AutomateDevice(_network.DeviceIds[d], _network.EdgeIds[e])], _costs.Automation, a == b ? [a] : [a, b], "outages", _trace.FeederNames[a], _network.NodeX[node], _network.NodeY[node]));
                }

                continue;
            }

            int f = _trace.FeederOfEdge[e];
            if (f < 0)
            {
                continue;
            }

            double below = _customersBelow[Child(e)];
            if (below > best[2 * f].Customers)
            {
                best[(2 * f) + 1] = best[2 * f];
                best[2 * f] = (d, below);
            }
            else if (below > best[(2 * f) + 1].Customers)
            {
                best[(2 * f) + 1] = (d, below);
            }
        }

        foreach ((int d, double customers) in best)
        {
            if (d < 0)
            {
                continue;
            }

            int e = _network.DeviceEdge[d];
            int f = _trace.FeederOfEdge[e];
            int node = _network.DeviceNode[d];
            Add(new Candidate(
                "AUT-" + _network.DeviceIds[d], ProjectKinds.Automation, string.Create(s_inv, $"automate switch {_network.DeviceIds[d]} ({customers:0} customers below)"),
                [new AutomateDevice(_network.DeviceIds[d], _network.EdgeIds[e])], _costs.Automation, [f], "outages", _trace.FeederNames[f], _network.NodeX[node], _network.NodeY[node]));
        }
    }

    // The feeders that need a tie: radial or failing N-1 today, then those that fail N-1 only on a grown year's network
    // (the first year they fail), with what justifies the tie.
    private List<(int Feeder, string Problem, int? Year, string? Fixes)> TieTargets(DiagnosisReport diagnosis, IReadOnlyList<GrownYear> grown)
    {
        var targets = new List<(int, string, int?, string?)>();
        var done = new HashSet<int>();
        for (int f = 0; f < _trace.FeederNames.Length && f < diagnosis.Feeders.Count; f++)
        {
            FeederDiagnosis row = diagnosis.Feeders[f];
            if (!row.Interconnected || !row.N1Passes)
            {
                targets.Add((f, row.Interconnected ? "n1" : "radial_feeder", null, null));
                done.Add(f);
            }
        }

        foreach (GrownYear year in grown)
        {
            for (int f = 0; f < year.N1.Count; f++)
            {
                if (year.N1[f] is { Passes: false } n1 && done.Add(f))
                {
                    targets.Add((f, "n1", year.Year, GrownN1Fixes(year.Year, n1)));
                }
            }
        }

        return targets;
    }

    private static string GrownN1Fixes(int year, FeederN1 n1)
    {
        string head = string.Create(s_inv, $"n1 appears with load growth by year {year}: {n1.Feeder} fails N-1 at peak then");
        return n1.Failures.MaxBy(x => x.NotRestorableMw) is not N1Failure worst ? head
            : string.Create(s_inv, $"{head}, {worst.NotRestorableMw:0.###} MW not restorable after losing {worst.Section} ({worst.BindingLimit}{(worst.BindingElement is null ? string.Empty : " " + worst.BindingElement)})");
    }

    // For each target feeder: the nearest medium-voltage bus of another feeder from the feeder's far half (a tie near the
    // head transfers little), for the two nearest other feeders.
    private void Ties(List<(int Feeder, string Problem, int? Year, string? Fixes)> targets, double maxKm)
    {
        if (targets.Count == 0)
        {
            return;
        }

        var search = new TieSearch(_network, maxKm, _costs.RouteFactor);
        var pairs = new HashSet<(int, int)>();
        foreach ((int f, string problem, int? year, string? fixes) in targets)
        {
            foreach ((int g, int from, int to, double km) in search.Nearest(f))
            {
                if (!pairs.Add((Math.Min(f, g), Math.Max(f, g))))
                {
                    continue;
                }

                bool cable = _network.EdgeKinds[_trace.ParentEdge[from]] == BranchKind.Cable;
                ConductorType conductor = cable ? CableTie : OverheadTie;
                string id = $"TIE-{_trace.FeederNames[f]}-{_trace.FeederNames[g]}";
                bool automated = true;
                double cost = _costs.Line(conductor.Kind, km) + _costs.TieSwitch + _costs.Automation;
                Add(new Candidate(
                    id, ProjectKinds.Tie,
                    string.Create(s_inv, $"new automated tie {_network.NodeIds[from]} ({_trace.FeederNames[f]}) – {_network.NodeIds[to]} ({_trace.FeederNames[g]}), {km:0.00} km {conductor.Name}"),
                    [new NewTie(id, _network.NodeIds[from], _network.NodeIds[to], Math.Round(km, 3), conductor, automated)], cost, [f, g],
                    problem, _trace.FeederNames[f],
                    (_network.NodeX[from] + _network.NodeX[to]) / 2, (_network.NodeY[from] + _network.NodeY[to]) / 2) { AppearsInYear = year, Fixes = fixes });
            }
        }
    }

    // Per feeder with low-voltage areas (and not in `done`, the feeders that have their voltage candidates): one step up
    // on the low areas' transformer taps, a capacitor at the lowest medium-voltage bus, reconductoring the path to it, and
    // a new transformer splitting the worst area. `peak` is the power flow of today's network (year null) or of the grown
    // network `loads` of plan year `year` (today's with other loads: the same indices), where the low voltage first appears.
    private void Voltage(LowVoltageReport peak, Net loads, int? year, HashSet<string> done)
    {
        if (!peak.PowerFlow.Solved)
        {
            return;
        }

        ReadOnlySpan<double> v = peak.PowerFlow.VoltagePu;
        foreach (IGrouping<string?, LowVoltageArea> group in peak.LowAreas.GroupBy(a => a.Feeder).Where(g => g.Key is not null).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string feeder = group.Key!;
            if (!done.Add(feeder))
            {
                continue;
            }

            int f = _trace.FeederNames.IndexOf(feeder);
            string? fixes = year is int y
                ? string.Create(s_inv, $"low_voltage appears with load growth by year {y}: {group.Sum(a => a.Customers):0} customers of {group.Count()} area(s) below the voltage limit at peak on {feeder} then (power flow of the grown network)")
                : null;
            var taps = new List<ProjectEdit>();
            foreach (LowVoltageArea area in group)
            {
                int tx = _trace.ParentEdge[_network.LoadPointNode[area.LoadPoint]];
                if (tx >= 0 && _network.EdgeKinds[tx] == BranchKind.Transformer && NextTap(_network.EdgeTapPu[tx]) is double up)
                {
                    taps.Add(new SetTap(_network.EdgeIds[tx], up));
                }
            }

            LowVoltageArea worst = group.First();
            int lvNode = _network.LoadPointNode[worst.LoadPoint];
            if (taps.Count > 0)
            {
                Add(new Candidate(
                    "TAP-" + feeder, ProjectKinds.Tap, string.Create(s_inv, $"raise the tap one step on {taps.Count} transformers of {feeder}'s low-voltage areas"),
                    taps, _costs.TapChange * taps.Count, [f], "low_voltage", feeder, _network.NodeX[lvNode], _network.NodeY[lvNode]) { AppearsInYear = year, Fixes = fixes });
            }

            // The medium-voltage bus with the lowest voltage on the way to the worst area.
            int lowest = -1;
            for (int u = lvNode; u >= 0; u = _trace.Parent[u])
            {
                if (_network.NominalKv[u] >= 1 && _trace.Parent[u] >= 0 && (lowest < 0 || v[u] < v[lowest]))
                {
                    lowest = u;
                }
            }

            if (lowest >= 0)
            {
                double kvar = Math.Max(100, Math.Round(FeederPeakKvar(loads, f) * 0.3 / 100) * 100);
                Add(new Candidate(
                    "CAP-" + feeder, ProjectKinds.Capacitor, string.Create(s_inv, $"{kvar:0} kvar capacitor bank at {_network.NodeIds[lowest]}"),
                    [new NewCapacitor(_network.NodeIds[lowest], kvar)], _costs.CapacitorPerKvar * kvar, [f], "low_voltage", feeder, _network.NodeX[lowest], _network.NodeY[lowest]) { AppearsInYear = year, Fixes = fixes });
                var sections = new List<ProjectEdit>();
                double km = 0;
                double cost = 0;
                for (int u = lowest; _trace.Parent[u] >= 0; u = _trace.Parent[u])
                {
                    int e = _trace.ParentEdge[u];
                    double len = _network.LengthKm[e];
                    if (_network.EdgeKinds[e] is BranchKind.OverheadLine or BranchKind.Cable && len > 0)
                    {
                        ConductorType c = _network.EdgeKinds[e] == BranchKind.Cable ? CableTie : OverheadTie;
                        if (_network.ROhm[e] / len > c.ROhmPerKm * 1.2)
                        {
                            sections.Add(new NewConductor(_network.EdgeIds[e], c with { FailuresPerKmYear = double.NaN, RepairHours = double.NaN }));
                            km += len;
                            cost += _costs.Line(c.Kind, len);
                        }
                    }
                }

                if (sections.Count > 0)
                {
                    Add(new Candidate(
                        "REC-" + feeder, ProjectKinds.Reconductor, string.Create(s_inv, $"reconductor {sections.Count} sections ({km:0.00} km) from the source to {_network.NodeIds[lowest]}"),
                        sections, cost, [f], "low_voltage", feeder, _network.NodeX[lowest], _network.NodeY[lowest]) { AppearsInYear = year, Fixes = fixes });
                }
            }

            int transformer = _trace.ParentEdge[lvNode];
            if (transformer >= 0 && _network.EdgeKinds[transformer] == BranchKind.Transformer && _network.EdgeRating[transformer] > 0)
            {
                Add(new Candidate(
                    "SPL-" + worst.LoadPointId, ProjectKinds.SplitArea, string.Create(s_inv, $"new {_network.EdgeRating[transformer]:0} kVA transformer taking half of area {worst.LoadPointId}"),
                    [new SplitArea(worst.LoadPointId, _network.EdgeIds[transformer], 0.5, _network.EdgeRating[transformer])], _costs.AreaSplit, [f], "low_voltage", feeder,
                    _network.NodeX[lvNode], _network.NodeY[lvNode]) { AppearsInYear = year, Fixes = fixes });
            }
        }
    }

    // Per feeder: a second circuit on its overloaded sections and on the sections that bind its N-1 transfers, today and
    // on the grown networks of later years (the same branch indices). Its problem is the feeder's overload if it has one,
    // else N-1; justified by the first year that problem shows (null: today).
    private void Reinforcement(DiagnosisReport diagnosis, LowVoltageReport peak, IReadOnlyList<GrownYear> grown)
    {
        var byFeeder = new SortedDictionary<int, SortedSet<int>>();
        var first = new Dictionary<(int Feeder, string Rule), int>();
        var sections = new Dictionary<(int Feeder, string Rule), HashSet<int>>();
        foreach (OverloadedBranch o in peak.Overloaded)
        {
            _ = Mark(o.Edge, "feeder_overload", 0);
        }

        // The feeders whose N-1 a feeder's reinforcement helps (its transfers bind on that feeder's sections).
        var helps = new Dictionary<int, SortedSet<int>>();
        for (int f = 0; f < diagnosis.Feeders.Count; f++)
        {
            MarkN1(f, diagnosis.Feeders[f].N1Failures, 0);
        }

        foreach (GrownYear year in grown)
        {
            foreach (OverloadedBranch o in year.Peak.Overloaded)
            {
                _ = Mark(o.Edge, "feeder_overload", year.Year);
            }

            for (int f = 0; f < year.N1.Count; f++)
            {
                MarkN1(f, year.N1[f]?.Failures ?? [], year.Year);
            }
        }

        foreach ((int f, SortedSet<int> edges) in byFeeder)
        {
            string feeder = _trace.FeederNames[f];
            var edits = new List<ProjectEdit>();
            double km = 0;
            double cost = 0;
            foreach (int e in edges)
            {
                double len = _network.LengthKm[e];
                ConductorType c = _network.EdgeKinds[e] == BranchKind.Cable ? CableTie : OverheadTie;
                edits.Add(new NewConductor(_network.EdgeIds[e], SecondCircuit(_network, e)));
                km += len;
                cost += _costs.Line(c.Kind, len);
            }

            string problem = first.ContainsKey((f, "feeder_overload")) ? "feeder_overload" : "n1";
            int year = first[(f, problem)];
            string? fixes = year == 0 ? null : problem == "feeder_overload"
                ? string.Create(s_inv, $"feeder_overload appears with load growth by year {year}: {sections[(f, problem)].Count} section(s) of {feeder} above their rating at peak then (power flow of the grown network)")
                : string.Create(s_inv, $"n1 appears with load growth by year {year}: {sections[(f, problem)].Count} section(s) of {feeder} bind its N-1 transfers at peak then (branch_rating)");
            int firstChild = Child(edges.Min);
            // It touches its own feeder and the feeders whose N-1 it helps (a transfer binding on its sections), so that
            // it is a candidate for their N-1 constraint too.
            int[] touched = [f, .. helps.GetValueOrDefault(f)?.Where(g => g != f) ?? []];
            Add(new Candidate(
                "REI-" + feeder, ProjectKinds.Reinforcement, string.Create(s_inv, $"second circuit on {edits.Count} sections ({km:0.00} km) of {feeder}"),
                edits, cost, touched, problem, feeder, _network.NodeX[firstChild], _network.NodeY[firstChild]) { AppearsInYear = year == 0 ? null : year, Fixes = fixes });
        }

        void MarkN1(int failing, IReadOnlyList<N1Failure> failures, int year)
        {
            foreach (N1Failure failure in failures)
            {
                if (failure.BindingLimit == "branch_rating" && failure.BindingElement is string id && _network.TryGetEdge(id, out EdgeIndex e) && Mark(e.Value, "n1", year))
                {
                    int f = _trace.FeederOfEdge[e.Value];
                    if (!helps.TryGetValue(f, out SortedSet<int>? set))
                    {
                        helps[f] = set = [];
                    }

                    set.Add(failing);
                }
            }
        }

        // Year 0 is today; a rule's first year and its sections that year justify the candidate. False: not a section to reinforce.
        bool Mark(int e, string rule, int year)
        {
            int f = _trace.FeederOfEdge[e];
            if (f < 0 || _network.EdgeKinds[e] is not (BranchKind.OverheadLine or BranchKind.Cable) || !(_network.LengthKm[e] > 0))
            {
                return false;
            }

            if (!byFeeder.TryGetValue(f, out SortedSet<int>? set))
            {
                byFeeder[f] = set = [];
            }

            set.Add(e);
            if (!first.TryGetValue((f, rule), out int had))
            {
                first[(f, rule)] = year;
                sections[(f, rule)] = [e];
            }
            else if (had == year)
            {
                sections[(f, rule)].Add(e);
            }

            return true;
        }
    }

    /// <summary>
    /// Section <paramref name="edge"/> with a second circuit of the standard conductor beside it (overhead JKLYJ-240 or
    /// cable YJV22-3×300, as the section): the impedances in parallel, the ratings added.
    /// </summary>
    public static ConductorType SecondCircuit(Net network, int edge)
    {
        double len = network.LengthKm[edge];
        ConductorType c = network.EdgeKinds[edge] == BranchKind.Cable ? CableTie : OverheadTie;
        double r = network.ROhm[edge] / len;
        double x = network.XOhm[edge] / len;
        double rating = network.EdgeRating[edge] > 0 ? network.EdgeRating[edge] : c.RatingAmps;
        return new ConductorType(
            "second circuit " + c.Name, network.EdgeKinds[edge], r > 0 ? 1 / ((1 / r) + (1 / c.ROhmPerKm)) : 0, x > 0 ? 1 / ((1 / x) + (1 / c.XOhmPerKm)) : 0,
            rating + c.RatingAmps, double.NaN, double.NaN);
    }

    // The feeder's peak kvar on `loads` (today's network or a grown year's: the same load points).
    private double FeederPeakKvar(Net loads, int f)
    {
        if (_feederKvar?.Loads != loads)
        {
            var kvar = new double[_trace.FeederNames.Length];
            for (int l = 0; l < loads.LoadPointCount; l++)
            {
                int g = _trace.FeederOf[loads.LoadPointNode[l]];
                if (g >= 0)
                {
                    kvar[g] += Math.Max(0, loads.PeakKvar[l]);
                }
            }

            _feederKvar = (loads, kvar);
        }

        return _feederKvar.Value.Kvar[f];
    }

    private static double? NextTap(double tap)
    {
        foreach (double p in s_tapPositions)
        {
            if (p > tap + 1e-6)
            {
                return p;
            }
        }

        return null;
    }

    private int Child(int edge) => _trace.ParentEdge[_network.EdgeTo[edge]] == edge ? _network.EdgeTo[edge] : _network.EdgeFrom[edge];

    private void Add(Candidate candidate) => _out.Add(candidate);
}
