using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>
/// Brute-force reference for <see cref="ReliabilityAssessor"/>: for every failure and every protection outcome it
/// traces the network breadth-first with the switching actions applied (clearing device open, faulted zone isolated,
/// ties closed) and reads off who is interrupted and for how long. With capacity limits on, it also serves the cut-off
/// parts at every load level by the rule of <c>TransferSolver</c>, checking every candidate with a power flow (the
/// second-order DistFlow bounds of <c>TransferNetwork</c>) of the whole re-switched network solved from scratch. Test
/// oracle and benchmark baseline only.
/// </summary>
/// <remarks>
/// Independent of <c>RadialTrace</c> and of the segment plan: it shares only the per-device parameter rules
/// (switching time, operating probability). O(F · K · (N + E)) for F failures and K protection outcomes each.
/// Thread-safe: it keeps no state.
/// </remarks>
public static class ReferenceAssessor
{
    /// <summary>λ (f/yr) and U (h/yr) per load point by brute force.</summary>
    /// <param name="network">The network.</param>
    /// <param name="study">Study options.</param>
    /// <param name="options">Assessment options; null for the defaults.</param>
    /// <returns>λ and U indexed by load point.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="study"/> is null.</exception>
    public static (double[] FailureRatePerYear, double[] UnavailabilityHoursPerYear) Assess(Net network, StudyCase study, ReliabilityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ReliabilityAssessor.Validate(study);
        options ??= ReliabilityOptions.Default;
        return new Tracer(network, study, options).Run();
    }

    private sealed class Tracer
    {
        private readonly Net _net;
        private readonly StudyCase _study;
        private readonly double _automatedHours;
        private readonly int _n;
        private readonly bool[] _closed;
        private readonly int[] _queue;
        private readonly bool[] _alive0;
        private readonly int[] _parent0;
        private readonly int[] _parentEdge0;
        private readonly int[] _source0;
        private readonly int[] _head0;
        private readonly RestorationLimits? _limits;
        private readonly LoadLevels _levels;

        public Tracer(Net network, StudyCase study, ReliabilityOptions options)
        {
            _net = network;
            _study = study;
            _automatedHours = options.AutomatedSwitchingTime.TotalHours;
            RestorationLimits limits = options.Restoration ?? RestorationLimits.Default;
            limits.Validate();
            _limits = limits.Enabled ? limits : null;
            _levels = limits.Levels ?? LoadLevels.Default(ReliabilityModel.LoadFactor(network));
            _n = network.NodeCount;
            _closed = network.NormalState.EdgeClosed.ToArray();
            _queue = new int[_n];
            _alive0 = new bool[_n];
            _parent0 = new int[_n];
            _parentEdge0 = new int[_n];
            _source0 = new int[_n];
            _head0 = new int[_n];
            Array.Fill(_head0, -1);
            Array.Fill(_parent0, -1);
            Array.Fill(_parentEdge0, -1);
            Array.Fill(_source0, -1);
            foreach (int s in network.Sources)
            {
                int head = 0;
                int tail = 0;
                _alive0[s] = true;
                _source0[s] = s;
                _queue[tail++] = s;
                while (head < tail)
                {
                    int x = _queue[head++];
                    ReadOnlySpan<int> nb = network.Neighbors(x);
                    ReadOnlySpan<int> ed = network.IncidentEdges(x);
                    for (int i = 0; i < nb.Length; i++)
                    {
                        if (_closed[ed[i]] && !_alive0[nb[i]])
                        {
                            _alive0[nb[i]] = true;
                            _parent0[nb[i]] = x;
                            _parentEdge0[nb[i]] = ed[i];
                            _source0[nb[i]] = s;
                            _head0[nb[i]] = x == s ? ed[i] : _head0[x];
                            _queue[tail++] = nb[i];
                        }
                    }
                }
            }
        }

        public (double[] Lambda, double[] Unavailability) Run()
        {
            int lpCount = _net.LoadPointCount;
            var lambda = new double[lpCount];
            var unavailability = new double[lpCount];
            var nodeLambda = new double[_n];
            var nodeHours = new double[_n];
            var ties = new List<(int A, int B, double Hours, int Edge)>();
            if (_study.AlternateSupply)
            {
                for (int e = 0; e < _net.EdgeCount; e++)
                {
                    if (!_closed[e] && _alive0[_net.EdgeFrom[e]] && _alive0[_net.EdgeTo[e]])
                    {
                        double hours = double.PositiveInfinity;
                        foreach (int d in _net.DevicesOn(e))
                        {
                            hours = Math.Min(hours, Switching(d));
                        }

                        ties.Add((_net.EdgeFrom[e], _net.EdgeTo[e], double.IsPositiveInfinity(hours) ? _study.SwitchingTimeHours : hours, e));
                    }
                }
            }

            var interrupted = new bool[_n];
            var inZone = new bool[_n];
            var alive1 = new bool[_n];
            var component = new int[_n];
            for (int e = 0; e < _net.EdgeCount; e++)
            {
                double rate = _net.FailureRatePerYear[e];
                int v = _parentEdge0[_net.EdgeTo[e]] == e ? _net.EdgeTo[e] : _parentEdge0[_net.EdgeFrom[e]] == e ? _net.EdgeFrom[e] : -1;
                if (rate <= 0 || v < 0)
                {
                    continue;
                }

                int p = _parent0[v];
                double repair = Outage(e);
                foreach ((int clearingEdge, double probability) in ProtectionOutcomes(e, v, p))
                {
                    if (probability <= 0)
                    {
                        continue;
                    }

                    // 1. Interrupted: alive before, dead with the clearing device open (or the whole source tree).
                    Reach(alive1, clearingEdge, clearingEdge < 0 ? _source0[v] : -1, null);
                    for (int x = 0; x < _n; x++)
                    {
                        interrupted[x] = _alive0[x] && !alive1[x];
                    }

                    // 2. Faulted zone: connected to the failed edge without crossing a device.
                    Zone(inZone, e, v, p);

                    // 3. After isolation: reachable from the sources without entering the zone or the failed edge.
                    Reach(alive1, e, -1, inZone);
                    double upstream = UpstreamIsolation(e, p);

                    // 4. Transfers through ties into the dead components below the zone.
                    Array.Fill(component, -1);
                    var componentHours = new List<double>();
                    var options = new List<Option>();
                    foreach ((int a, int b, double hours, int edge) in ties)
                    {
                        TryTie(a, b, hours, edge, e, v, upstream, interrupted, inZone, alive1, component, componentHours, options);
                        TryTie(b, a, hours, edge, e, v, upstream, interrupted, inZone, alive1, component, componentHours, options);
                    }

                    if (_limits is not null && options.Count > 0)
                    {
                        // Capacity- and voltage-limited transfers: the expected time over the load levels, per node.
                        var levelHours = new Transfers(this, e, alive1, interrupted, component, options, ties).ExpectedHours(repair);
                        for (int x = 0; x < _n; x++)
                        {
                            if (interrupted[x] && !inZone[x] && !alive1[x] && component[x] >= 0)
                            {
                                nodeLambda[x] += probability * rate;
                                nodeHours[x] += probability * rate * levelHours[x];
                                interrupted[x] = false;
                            }
                        }
                    }

                    for (int x = 0; x < _n; x++)
                    {
                        if (!interrupted[x])
                        {
                            continue;
                        }

                        double t = repair;
                        if (!inZone[x] && alive1[x])
                        {
                            t = Math.Min(upstream, repair);
                        }
                        else if (!inZone[x] && component[x] >= 0)
                        {
                            t = Math.Min(componentHours[component[x]], repair);
                        }

                        nodeLambda[x] += probability * rate;
                        nodeHours[x] += probability * rate * t;
                    }
                }
            }

            for (int l = 0; l < lpCount; l++)
            {
                lambda[l] = nodeLambda[_net.LoadPointNode[l]];
                unavailability[l] = nodeHours[_net.LoadPointNode[l]];
            }

            return (lambda, unavailability);
        }

        private double Switching(int device) => ReliabilityModel.SwitchingHours(_net, device, _study, _automatedHours);

        private double Outage(int e)
        {
            bool replace = _study.TransformerOutage == TransformerOutageMode.Replacement && _net.EdgeKinds[e] == BranchKind.Transformer;
            return replace && !double.IsNaN(_net.ReplacementHours[e]) ? _net.ReplacementHours[e] : _net.RepairHours[e];
        }

        // Protective devices between the fault and the source, nearest first, each with the probability that it is the
        // one that clears (earlier ones having failed); the last entry (edge -1) is the source's own protection.
        private List<(int ClearingEdge, double Probability)> ProtectionOutcomes(int e, int v, int p)
        {
            var chain = new List<(int Edge, double Success)>();
            AddProtective(chain, e, p);
            for (int u = p; _parentEdge0[u] >= 0; u = _parent0[u])
            {
                AddProtective(chain, _parentEdge0[u], u);
                AddProtective(chain, _parentEdge0[u], _parent0[u]);
            }

            var outcomes = new List<(int, double)>();
            double remaining = 1;
            foreach ((int edge, double success) in chain)
            {
                outcomes.Add((edge, remaining * success));
                remaining *= 1 - success;
            }

            outcomes.Add((-1, remaining));
            return outcomes;
        }

        private void AddProtective(List<(int Edge, double Success)> chain, int edge, int atNode)
        {
            foreach (int d in _net.DevicesOn(edge))
            {
                if (_net.DeviceNode[d] == atNode && _net.DeviceKinds[d].IsProtective())
                {
                    chain.Add((edge, ReliabilityModel.SuccessProbability(_net, d, _study)));
                }
            }
        }

        // Breadth-first search from every source except deadSource, over closed edges except blockedEdge, never entering
        // a node of the zone.
        private void Reach(bool[] alive, int blockedEdge, int deadSource, bool[]? zone)
        {
            Array.Clear(alive);
            int head = 0;
            int tail = 0;
            foreach (int s in _net.Sources)
            {
                if (s != deadSource && (zone is null || !zone[s]))
                {
                    alive[s] = true;
                    _queue[tail++] = s;
                }
            }

            while (head < tail)
            {
                int x = _queue[head++];
                ReadOnlySpan<int> nb = _net.Neighbors(x);
                ReadOnlySpan<int> ed = _net.IncidentEdges(x);
                for (int i = 0; i < nb.Length; i++)
                {
                    int y = nb[i];
                    if (_closed[ed[i]] && ed[i] != blockedEdge && !alive[y] && (zone is null || !zone[y]))
                    {
                        alive[y] = true;
                        _queue[tail++] = y;
                    }
                }
            }
        }

        private void Zone(bool[] zone, int e, int v, int p)
        {
            Array.Clear(zone);
            int head = 0;
            int tail = 0;
            if (!HasDeviceAt(e, p))
            {
                zone[p] = true;
                _queue[tail++] = p;
            }

            if (!HasDeviceAt(e, v))
            {
                zone[v] = true;
                _queue[tail++] = v;
            }

            while (head < tail)
            {
                int x = _queue[head++];
                ReadOnlySpan<int> nb = _net.Neighbors(x);
                ReadOnlySpan<int> ed = _net.IncidentEdges(x);
                for (int i = 0; i < nb.Length; i++)
                {
                    int f = ed[i];
                    if (f != e && _closed[f] && _net.DevicesOn(f).Length == 0 && !zone[nb[i]])
                    {
                        zone[nb[i]] = true;
                        _queue[tail++] = nb[i];
                    }
                }
            }
        }

        private bool HasDeviceAt(int edge, int node)
        {
            foreach (int d in _net.DevicesOn(edge))
            {
                if (_net.DeviceNode[d] == node)
                {
                    return true;
                }
            }

            return false;
        }

        private double MinSwitching(int edge, int atNode)
        {
            double best = double.PositiveInfinity;
            foreach (int d in _net.DevicesOn(edge))
            {
                if (atNode < 0 || _net.DeviceNode[d] == atNode)
                {
                    best = Math.Min(best, Switching(d));
                }
            }

            return best;
        }

        // The switch that separates the faulted zone from the source side: on the failed edge's source end, else the first
        // edge with a device on the way up. NaN when the zone reaches the source.
        private double UpstreamIsolation(int e, int p)
        {
            if (HasDeviceAt(e, p))
            {
                return MinSwitching(e, p);
            }

            for (int u = p; _parentEdge0[u] >= 0; u = _parent0[u])
            {
                int f = _parentEdge0[u];
                if (_net.DevicesOn(f).Length > 0)
                {
                    return MinSwitching(f, -1);
                }
            }

            return double.NaN;
        }

        private void TryTie(
            int near,
            int far,
            double tieHours,
            int tieEdge,
            int e,
            int v,
            double upstream,
            bool[] interrupted,
            bool[] zone,
            bool[] alive1,
            int[] component,
            List<double> componentHours,
            List<Option> options)
        {
            if (!alive1[far] || alive1[near] || zone[near] || !interrupted[near])
            {
                return;
            }

            if (component[near] < 0)
            {
                // Label the dead component holding near and find the edge joining it to the faulted zone.
                int id = componentHours.Count;
                componentHours.Add(double.PositiveInfinity);
                int head = 0;
                int tail = 0;
                component[near] = id;
                _queue[tail++] = near;
                while (head < tail)
                {
                    int x = _queue[head++];
                    ReadOnlySpan<int> nb = _net.Neighbors(x);
                    ReadOnlySpan<int> ed = _net.IncidentEdges(x);
                    for (int i = 0; i < nb.Length; i++)
                    {
                        int y = nb[i];
                        if (_closed[ed[i]] && ed[i] != e && !zone[y] && !alive1[y] && component[y] < 0)
                        {
                            component[y] = id;
                            _queue[tail++] = y;
                        }
                    }
                }
            }

            // Isolation from the zone: the component's top edge (the failed edge itself when the zone is that lone edge).
            int c = component[near];
            int top = near;
            while (_parent0[top] >= 0 && component[_parent0[top]] == c)
            {
                top = _parent0[top];
            }

            int entry = _parentEdge0[top];
            double isolation = entry == e ? MinSwitching(e, v) : MinSwitching(entry, -1);
            double transfer = interrupted[far] ? Math.Max(tieHours, upstream) : tieHours;
            componentHours[c] = Math.Min(componentHours[c], Math.Max(transfer, isolation));
            options.Add(new Option(c, top, near, far, tieEdge, Math.Max(transfer, isolation)));
        }

        /// <summary>A tie that can pick up dead component <paramref name="Component"/> (top node <paramref name="Top"/>) after <paramref name="Hours"/>.</summary>
        private readonly record struct Option(int Component, int Top, int Near, int Far, int TieEdge, double Hours);

        /// <summary>A set of dead nodes fed through a tie, or (<paramref name="HandOver"/>) live nodes a feeder hands on to another.</summary>
        private sealed record Fed(int Near, int Far, int TieEdge, bool[] Nodes, double Hours, bool HandOver = false);

        /// <summary>
        /// The brute-force side of the capacity rule: for each load level the components are served in priority order and
        /// every candidate configuration is checked with a power flow (the DistFlow bounds of TransferNetwork) of the whole network as
        /// switched, computed from scratch by breadth-first search.
        /// </summary>
        private sealed class Transfers
        {
            private const double Slack = 1e-9;
            private readonly Tracer _t;
            private readonly int _failed;
            private readonly bool[] _alive;
            private readonly int[] _component;
            private readonly List<Option> _options;
            private readonly bool[] _interrupted;
            private readonly List<(int A, int B, double Hours, int Edge)> _ties;
            private readonly int _faultedFeeder;
            private readonly double[] _kw;
            private readonly double[] _kvar;
            private readonly double[] _customers;

            public Transfers(Tracer tracer, int failedEdge, bool[] alive, bool[] interrupted, int[] component, List<Option> options, List<(int A, int B, double Hours, int Edge)> ties)
            {
                _t = tracer;
                _failed = failedEdge;
                _alive = alive;
                _interrupted = interrupted;
                _component = component;
                _options = options;
                _ties = ties;
                Net n0 = tracer._net;
                int lower = tracer._parentEdge0[n0.EdgeTo[failedEdge]] == failedEdge ? n0.EdgeTo[failedEdge] : n0.EdgeFrom[failedEdge];
                _faultedFeeder = tracer._head0[lower];
                Net net = tracer._net;
                _kw = new double[tracer._n];
                _kvar = new double[tracer._n];
                _customers = new double[tracer._n];
                for (int l = 0; l < net.LoadPointCount; l++)
                {
                    int x = net.LoadPointNode[l];
                    bool peak = net.PeakKw[l] > 0;
                    _kw[x] += peak ? net.PeakKw[l] : Math.Max(0, net.AverageKw[l]);
                    _kvar[x] += peak ? Math.Max(0, net.PeakKvar[l]) : 0;
                    _customers[x] += net.Customers[l];
                }
            }

            public double[] ExpectedHours(double repair)
            {
                var expected = new double[_t._n];
                LoadLevels levels = _t._levels;
                for (int level = 0; level < levels.Count; level++)
                {
                    double[] hours = Solve(levels.Levels[level].FractionOfPeak);
                    for (int x = 0; x < expected.Length; x++)
                    {
                        expected[x] += levels.Weights[level] * Math.Min(hours[x], repair);
                    }
                }

                return expected;
            }

            private double[] Solve(double fraction)
            {
                var hours = new double[_t._n];
                Array.Fill(hours, double.PositiveInfinity);
                var accepted = new List<Fed>();
                var components = new List<(int Id, int Top)>();
                foreach (Option o in _options)
                {
                    if (!components.Exists(c => c.Id == o.Component))
                    {
                        components.Add((o.Component, o.Top));
                    }
                }

                components.Sort((a, b) => TransferSolver.ComparePriority(
                    Sum(_customers, a.Id), Sum(_kw, a.Id), a.Top, Sum(_customers, b.Id), Sum(_kw, b.Id), b.Top));
                foreach ((int id, int top) in components)
                {
                    List<Option> options = _options.FindAll(o => o.Component == id);
                    options.Sort((a, b) => a.Hours != b.Hours ? a.Hours.CompareTo(b.Hours) : a.TieEdge.CompareTo(b.TieEdge));
                    options.RemoveAll(o => HandedOn(o.Far, accepted));
                    List<Fed>? pieces = Whole(options, id, accepted, fraction) ?? Split(options, id, top, accepted, fraction)
                        ?? Chained(options, id, accepted, fraction) ?? Partial(options, id, top, accepted, fraction);
                    foreach (Fed piece in pieces ?? [])
                    {
                        accepted.Add(piece);
                        if (piece.HandOver)
                        {
                            continue;
                        }

                        for (int x = 0; x < hours.Length; x++)
                        {
                            if (piece.Nodes[x])
                            {
                                hours[x] = piece.Hours;
                            }
                        }
                    }
                }

                return hours;
            }

            private List<Fed>? Whole(List<Option> options, int id, List<Fed> accepted, double fraction)
            {
                foreach (Option o in options)
                {
                    var piece = new Fed(o.Near, o.Far, o.TieEdge, Piece(id, o.Near, -1), o.Hours);
                    if (Fits(accepted, [piece], fraction))
                    {
                        return [piece];
                    }
                }

                return null;
            }

            private List<Fed>? Split(List<Option> options, int id, int top, List<Fed> accepted, double fraction)
            {
                for (int i = 0; i < options.Count; i++)
                {
                    List<int> cuts = Cuts(options[i].Near, top);
                    for (int j = 0; j < options.Count; j++)
                    {
                        if (j == i)
                        {
                            continue;
                        }

                        for (int c = cuts.Count - 1; c >= 0; c--)
                        {
                            int w = cuts[c];
                            int cutEdge = _t._parentEdge0[w];
                            bool[] lower = Piece(id, options[i].Near, cutEdge);
                            if (lower[options[j].Near])
                            {
                                continue;
                            }

                            double cutHours = _t.MinSwitching(cutEdge, -1);
                            var a = new Fed(options[i].Near, options[i].Far, options[i].TieEdge, lower, Math.Max(options[i].Hours, cutHours));
                            var b = new Fed(options[j].Near, options[j].Far, options[j].TieEdge, Piece(id, options[j].Near, cutEdge), Math.Max(options[j].Hours, cutHours));
                            if (Fits(accepted, [a, b], fraction))
                            {
                                return [a, b];
                            }
                        }
                    }
                }

                return null;
            }

            // Whole through a tie after the receiving feeder hands one of its subtrees on to a third feeder (TransferSolver's
            // rule): options in order, then the ties of the receiving feeder to other feeders by branch index, then the
            // switching points from that tie up to the receiving feeder's first bus, nearest the tie first.
            private List<Fed>? Chained(List<Option> options, int id, List<Fed> accepted, double fraction)
            {
                int[] head0 = _t._head0;
                foreach (Option o in options)
                {
                    int receiving = head0[o.Far];
                    if (receiving < 0 || receiving == _faultedFeeder || _interrupted[o.Far])
                    {
                        continue;
                    }

                    var whole = new Fed(o.Near, o.Far, o.TieEdge, Piece(id, o.Near, -1), o.Hours);
                    foreach ((int a, int b, double tieHours, int edge) in _ties)
                    {
                        foreach ((int near, int far) in new[] { (a, b), (b, a) })
                        {
                            if (head0[near] != receiving || head0[far] < 0 || head0[far] == receiving || head0[far] == _faultedFeeder
                                || HandedOn(near, accepted) || HandedOn(far, accepted) || _interrupted[far])
                            {
                                continue;
                            }

                            for (int w = near; _t._parent0[_t._parent0[w]] >= 0; w = _t._parent0[w])
                            {
                                int cutEdge = _t._parentEdge0[w];
                                if (_t._net.DevicesOn(cutEdge).Length == 0 || Below(o.Far, w) || Overlaps(w, accepted))
                                {
                                    continue;
                                }

                                var nodes = new bool[_t._n];
                                for (int x = 0; x < _t._n; x++)
                                {
                                    nodes[x] = _t._alive0[x] && Below(x, w);
                                }

                                var hand = new Fed(near, far, edge, nodes, 0, HandOver: true);
                                if (Fits(accepted, [hand, whole], fraction))
                                {
                                    double hours = Math.Max(o.Hours, Math.Max(tieHours, _t.MinSwitching(cutEdge, -1)));
                                    return [hand, whole with { Hours = hours }];
                                }
                            }
                        }
                    }
                }

                return null;
            }

            private static bool HandedOn(int node, List<Fed> accepted) => accepted.Exists(f => f.HandOver && f.Nodes[node]);

            // Whether the subtree of w feeds a piece taken in this event or overlaps a subtree handed on.
            private bool Overlaps(int w, List<Fed> accepted)
            {
                foreach (Fed f in accepted)
                {
                    if (Below(f.Far, w) || (f.HandOver && f.Nodes[w]))
                    {
                        return true;
                    }

                    if (f.HandOver)
                    {
                        for (int x = 0; x < _t._n; x++)
                        {
                            if (f.Nodes[x] && Below(x, w))
                            {
                                return true;
                            }
                        }
                    }
                }

                return false;
            }

            // Whether x lies in the normal subtree of w.
            private bool Below(int x, int w)
            {
                for (int u = x; u >= 0; u = _t._parent0[u])
                {
                    if (u == w)
                    {
                        return true;
                    }
                }

                return false;
            }

            private List<Fed>? Partial(List<Option> options, int id, int top, List<Fed> accepted, double fraction)
            {
                foreach (Option o in options)
                {
                    List<int> cuts = Cuts(o.Near, top);
                    for (int c = cuts.Count - 1; c >= 0; c--)
                    {
                        int cutEdge = _t._parentEdge0[cuts[c]];
                        var piece = new Fed(o.Near, o.Far, o.TieEdge, Piece(id, o.Near, cutEdge), Math.Max(o.Hours, _t.MinSwitching(cutEdge, -1)));
                        if (Fits(accepted, [piece], fraction))
                        {
                            return [piece];
                        }
                    }
                }

                return null;
            }

            // Nodes below `near` on its way up to the component's top whose edge above carries a device, nearest first.
            private List<int> Cuts(int near, int top)
            {
                var cuts = new List<int>();
                for (int w = near; w != top; w = _t._parent0[w])
                {
                    if (_t._net.DevicesOn(_t._parentEdge0[w]).Length > 0)
                    {
                        cuts.Add(w);
                    }
                }

                return cuts;
            }

            // The nodes of the component reached from `near` over closed edges without crossing `cutEdge`.
            private bool[] Piece(int id, int near, int cutEdge)
            {
                Net net = _t._net;
                var inside = new bool[_t._n];
                var queue = new Queue<int>();
                inside[near] = true;
                queue.Enqueue(near);
                while (queue.Count > 0)
                {
                    int x = queue.Dequeue();
                    ReadOnlySpan<int> nb = net.Neighbors(x);
                    ReadOnlySpan<int> ed = net.IncidentEdges(x);
                    for (int i = 0; i < nb.Length; i++)
                    {
                        if (_t._closed[ed[i]] && ed[i] != cutEdge && ed[i] != _failed && _component[nb[i]] == id && !inside[nb[i]])
                        {
                            inside[nb[i]] = true;
                            queue.Enqueue(nb[i]);
                        }
                    }
                }

                return inside;
            }

            private double Sum(double[] values, int id)
            {
                double sum = 0;
                for (int x = 0; x < values.Length; x++)
                {
                    if (_component[x] == id)
                    {
                        sum += values[x];
                    }
                }

                return sum;
            }

            // Switches the network with every accepted and candidate piece fed, solves the power flow and checks the feeders
            // that feed the candidates.
            private bool Fits(List<Fed> accepted, Fed[] candidates, double fraction)
            {
                Net net = _t._net;
                int n = _t._n;
                var pieceOf = new int[n];
                Array.Fill(pieceOf, -1);
                var all = new List<Fed>(accepted);
                all.AddRange(candidates);
                for (int i = 0; i < all.Count; i++)
                {
                    for (int x = 0; x < n; x++)
                    {
                        if (all[i].Nodes[x])
                        {
                            pieceOf[x] = i;
                        }
                    }
                }

                // Breadth-first tree from the sources over the switched network.
                var parent = new int[n];
                var parentEdge = new int[n];
                var head = new int[n];
                var on = new bool[n];
                var order = new List<int>(n);
                Array.Fill(parent, -1);
                Array.Fill(parentEdge, -1);
                Array.Fill(head, -1);
                foreach (int s in net.Sources)
                {
                    if (_alive[s])
                    {
                        on[s] = true;
                        order.Add(s);
                    }
                }

                for (int q = 0; q < order.Count; q++)
                {
                    int x = order[q];
                    ReadOnlySpan<int> nb = net.Neighbors(x);
                    ReadOnlySpan<int> ed = net.IncidentEdges(x);
                    for (int i = 0; i < nb.Length; i++)
                    {
                        int y = nb[i];
                        if (on[y])
                        {
                            continue;
                        }

                        bool normal = _t._closed[ed[i]] && ed[i] != _failed
                            && ((_alive[x] && _alive[y]) || pieceOf[x] >= 0 || pieceOf[y] >= 0) && pieceOf[x] == pieceOf[y];
                        bool tie = pieceOf[y] >= 0 && all[pieceOf[y]].Near == y && all[pieceOf[y]].Far == x && all[pieceOf[y]].TieEdge == ed[i];
                        if (normal || tie)
                        {
                            on[y] = true;
                            parent[y] = x;
                            parentEdge[y] = ed[i];
                            head[y] = net.NodeKinds[x] == NodeKind.Source && parent[x] < 0 ? ed[i] : head[x];
                            order.Add(y);
                        }
                    }
                }

                // Flows at peak and the losses they cause from the leaves up, voltage terms from the sources down; the
                // checks of TransferNetwork's model at this load level.
                RestorationLimits limits = _t._limits!;
                double v0 = limits.SourceVoltagePu;
                double vMin = limits.MinimumVoltagePu;
                var p = new double[n];
                var qv = new double[n];
                var lossP = new double[n];
                var lossQ = new double[n];
                for (int i = order.Count - 1; i >= 0; i--)
                {
                    int x = order[i];
                    p[x] += _kw[x];
                    qv[x] += _kvar[x];
                    if (parent[x] >= 0)
                    {
                        double s2 = ((p[x] * p[x]) + (qv[x] * qv[x])) / (vMin * vMin);
                        lossP[x] += PerUnit(parentEdge[x], net.ROhm) * s2;
                        lossQ[x] += PerUnit(parentEdge[x], net.XOhm) * s2;
                        p[parent[x]] += p[x];
                        qv[parent[x]] += qv[x];
                        lossP[parent[x]] += lossP[x];
                        lossQ[parent[x]] += lossQ[x];
                    }
                }

                var a = new double[n];
                var b = new double[n];
                foreach (int x in order)
                {
                    if (parentEdge[x] >= 0)
                    {
                        double r = PerUnit(parentEdge[x], net.ROhm);
                        double xx = PerUnit(parentEdge[x], net.XOhm);
                        a[x] = a[parent[x]] + (r * p[x]) + (xx * qv[x]);
                        b[x] = b[parent[x]] + (r * lossP[x]) + (xx * lossQ[x]);
                    }
                }

                double f = fraction;
                foreach (Fed candidate in candidates)
                {
                    int feeder = head[candidate.Near];
                    foreach (int x in order)
                    {
                        if (head[x] != feeder || parentEdge[x] < 0)
                        {
                            continue;
                        }

                        int e = parentEdge[x];
                        int up = parent[x];
                        double flow = (f * Math.Sqrt((p[x] * p[x]) + (qv[x] * qv[x]))) + (f * f * Math.Sqrt((lossP[x] * lossP[x]) + (lossQ[x] * lossQ[x])));
                        if (Ratings.BranchKva(net, e) is double rating)
                        {
                            // A transformer is rated in kVA; a line's current is checked at its from bus's lowest possible voltage.
                            bool fits = net.EdgeKinds[e] == BranchKind.Transformer
                                ? flow <= rating * (1 + Slack)
                                : flow + (rating * 2 / (v0 + vMin) * ((f * a[up]) + (f * f * b[up]))) <= rating * v0 * (1 + Slack);
                            if (!fits)
                            {
                                return false;
                            }
                        }

                        if (net.NominalKv[x] >= 1 && (f * a[x]) + (f * f * b[x]) > ((v0 * v0) - (vMin * vMin)) / 2 * (1 + Slack))
                        {
                            return false;
                        }
                    }
                }

                return true;
            }

            // R or X of an edge over 1000·kV² (kV at its from bus): per unit per kW.
            private double PerUnit(int edge, ReadOnlySpan<double> ohms)
            {
                double kv = _t._net.NominalKv[_t._net.EdgeFrom[edge]];
                return kv > 0 ? Math.Max(0, ohms[edge]) / (1000 * kv * kv) : 0;
            }
        }
    }
}
