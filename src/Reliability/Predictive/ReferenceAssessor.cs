using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>
/// Brute-force reference for <see cref="ReliabilityAssessor"/>: for every failure and every protection outcome it
/// traces the network breadth-first with the switching actions applied (clearing device open, faulted zone isolated,
/// ties closed) and reads off who is interrupted and for how long. Test oracle and benchmark baseline only.
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
        return new Tracer(network, study, options.AutomatedSwitchingTime.TotalHours).Run();
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

        public Tracer(Net network, StudyCase study, double automatedHours)
        {
            _net = network;
            _study = study;
            _automatedHours = automatedHours;
            _n = network.NodeCount;
            _closed = network.NormalState.EdgeClosed.ToArray();
            _queue = new int[_n];
            _alive0 = new bool[_n];
            _parent0 = new int[_n];
            _parentEdge0 = new int[_n];
            _source0 = new int[_n];
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
            var ties = new List<(int A, int B, double Hours)>();
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

                        ties.Add((_net.EdgeFrom[e], _net.EdgeTo[e], double.IsPositiveInfinity(hours) ? _study.SwitchingTimeHours : hours));
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
                    foreach ((int a, int b, double hours) in ties)
                    {
                        TryTie(a, b, hours, e, v, upstream, interrupted, inZone, alive1, component, componentHours);
                        TryTie(b, a, hours, e, v, upstream, interrupted, inZone, alive1, component, componentHours);
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
            int e,
            int v,
            double upstream,
            bool[] interrupted,
            bool[] zone,
            bool[] alive1,
            int[] component,
            List<double> componentHours)
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
        }
    }
}
