using System.Globalization;
using System.Runtime.CompilerServices;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Voltage.PowerFlow;

/// <summary>
/// Balanced single-line-equivalent power flow of a radial network by backward/forward sweep (current summation):
/// ZIP loads, shunt capacitors, transformers with off-nominal taps, any radial switch state.
/// </summary>
/// <remarks>
/// <para><b>Model.</b> Per unit on 1 MVA and each bus's base voltage: its nominal kV (<see cref="Net.NominalKv"/>), or
/// across a line, cable or bus-tie the upstream bus's base when the bus has none. A transformer's nominal ratio is the
/// ratio of its two end buses' nominal kV, so in per unit it is 1:1 times its off-nominal tap (the network's
/// <see cref="Net.EdgeTapPu"/>, or the scenario's <see cref="PowerFlowScenario.TapPu"/>); both its end buses must have a nominal kV. Branch impedances
/// (<see cref="Net.ROhm"/>, <see cref="Net.XOhm"/>) are series ohms; a transformer's are referred to its from side
/// (<see cref="Net.EdgeFrom"/>, the winding the demo generator and the OpenDSS importer compute them for: the 10 kV
/// side of a distribution transformer), converted with that side's base. Sources hold
/// <see cref="PowerFlowScenario.SourceVoltagePu"/> at angle 0. Shunts other than capacitors (line charging,
/// magnetising branch) are not modelled.</para>
/// <para><b>Sweep.</b> The per-bus state (parent position, ratio, impedance, voltage, current: one 64-byte cache line)
/// is packed in one struct array laid out in the trace's depth-first <see cref="RadialTrace.Order"/>; load coefficients
/// sit in a dense side array for loaded buses only. Backward: in reverse order each bus's load current
/// <c>conj(S(V)/V)</c> plus its children's currents is passed to its parent. Forward: in order
/// <c>V = b·(V_parent − z·I)</c>. Sources hold their voltage, so the feeders below them (each a contiguous subtree of
/// <see cref="RadialTrace.Order"/>) are independent: each feeder is swept to its own convergence while its few
/// kilobytes stay in cache, then the sources collect their feeders' currents. Each sweep is O(feeder size), iterative
/// (no recursion) and allocation-free; a feeder has converged when none of its voltage phasors moves by more than
/// <see cref="PowerFlowOptions.TolerancePu"/>, and the solve when every feeder has. <see cref="PowerFlowResult.Iterations"/>
/// is the largest number of sweeps any feeder needed.</para>
/// <para><b>Use.</b> One instance owns scratch arrays for its network and can solve many scenarios; it is not
/// thread-safe (use one per thread). The network itself is shared read-only.</para>
/// </remarks>
public sealed class RadialPowerFlow
{
    /// <summary>System base power in MVA: per-unit powers are MW, so kW = pu × 1000.</summary>
    private const double BaseMva = 1.0;
    private const double KwPerPu = BaseMva * 1000.0;

    private static readonly double s_sqrt3 = Math.Sqrt(3.0);

    private readonly Net _network;

    // Per position i in the trace's Order (not per node): the sweeps walk this array sequentially.
    // Invariant after Prepare: Parent < i for every non-source position (preorder), -1 for sources.
    private readonly SweepNode[] _nodes;

    // Load coefficients of loaded positions, indexed by SweepNode.Load; _loadCount slots in use.
    private readonly LoadCoefficients[] _loads;
    private readonly double[] _baseKv;      // base kV by node index
    private int _loadCount;

    private RadialTrace? _trace;

    /// <summary>Creates a solver for <paramref name="network"/>, allocating its scratch arrays (O(N) memory).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    public RadialPowerFlow(Net network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        int n = network.NodeCount;
        _nodes = new SweepNode[n];
        _loads = new LoadCoefficients[n];
        _baseKv = new double[n];
    }

    /// <summary>The network this solver works on.</summary>
    public Net Network => _network;

    /// <summary>Solves one scenario of a network (convenience for a single solve).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <remarks>See <see cref="Solve(PowerFlowScenario?, PowerFlowOptions?)"/>.</remarks>
    public static PowerFlowResult Solve(Net network, PowerFlowScenario? scenario = null, PowerFlowOptions? options = null) =>
        new RadialPowerFlow(network).Solve(scenario, options);

    /// <summary>Solves <paramref name="scenario"/> (the network's peaks in its normal state when null).</summary>
    /// <returns>
    /// The solution. Expected failures are not exceptions: a non-radial state, missing nominal voltages or bad scenario
    /// entries give <see cref="PowerFlowResult.Solved"/> false, non-convergence of any feeder gives
    /// <see cref="PowerFlowResult.Converged"/> false; both with diagnostics naming the bus or branch.
    /// </returns>
    /// <exception cref="ArgumentException">The scenario's switch state belongs to another network.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="PowerFlowOptions.Validate"/>).</exception>
    /// <remarks>
    /// O(N + L) to set up, then O(feeder size) per sweep of each feeder with no allocation; a new switch state costs one
    /// <see cref="RadialTrace.Compute"/>. Typical feeders converge in 3–8 sweeps, long heavily loaded ones in 10–25.
    /// </remarks>
    public PowerFlowResult Solve(PowerFlowScenario? scenario = null, PowerFlowOptions? options = null)
    {
        scenario ??= PowerFlowScenario.Base;
        options ??= PowerFlowOptions.Default;
        options.Validate();
        SwitchState state = scenario.State ?? _network.NormalState;
        if (!ReferenceEquals(state.Network, _network))
        {
            throw new ArgumentException("The scenario's switch state belongs to another network.", nameof(scenario));
        }

        RadialTrace trace = TraceOf(state);
        var result = new PowerFlowResult(trace, _network.NodeCount, _network.EdgeCount);
        var diagnostics = new List<Diagnostic>();
        int count = trace.Order.Length;
        if (!Prepare(trace, scenario, diagnostics, result))
        {
            result.Diagnostics = diagnostics;
            return result;
        }

        result.Solved = true;
        double tolerance2 = options.TolerancePu * options.TolerancePu;
        double collapse2 = options.CollapseVoltagePu * options.CollapseVoltagePu;
        ReadOnlySpan<int> order = trace.Order;
        ReadOnlySpan<int> subtreeSize = trace.SubtreeSize;
        SweepNode[] nodes = _nodes;
        LoadCoefficients[] loads = _loads;

        // Feeders are the subtrees of the sources' children: contiguous in preorder, each solved on its own.
        int maxIterations = 0;
        double maxChange2 = 0;
        int failedFeeders = 0;
        int failedPosition = -1;
        int failedIterations = 0;
        double failedChange2 = double.NaN;
        bool failedCollapse = false;
        int root = -1;
        int i = 0;
        while (i < count)
        {
            if (nodes[i].Parent < 0)
            {
                if (root >= 0)
                {
                    FinishSource(nodes, loads, root);
                }

                root = i;
                i++;
                continue;
            }

            int end = i + subtreeSize[order[i]];
            FeederOutcome outcome = SolveFeeder(nodes, loads, i, end, options.MaxIterations, tolerance2, collapse2);
            maxIterations = Math.Max(maxIterations, outcome.Iterations);
            if (!(outcome.Change2 <= maxChange2))
            {
                maxChange2 = outcome.Change2;
            }

            if (!outcome.Converged)
            {
                failedFeeders++;

                // Report the first collapse if any, else the first feeder that ran out of sweeps.
                if (failedPosition < 0 || (outcome.Collapsed && !failedCollapse))
                {
                    failedPosition = outcome.Worst;
                    failedIterations = outcome.Iterations;
                    failedChange2 = outcome.Change2;
                    failedCollapse = outcome.Collapsed;
                }
            }

            i = end;
        }

        if (root >= 0)
        {
            FinishSource(nodes, loads, root);
        }

        result.Converged = failedFeeders == 0;
        result.Iterations = maxIterations;
        result.LastChangePu = Math.Sqrt(maxChange2);
        Publish(trace, scenario, result);
        if (failedFeeders > 0)
        {
            int node = order[failedPosition];
            double v = Math.Sqrt((nodes[failedPosition].VRe * nodes[failedPosition].VRe) + (nodes[failedPosition].VIm * nodes[failedPosition].VIm));
            string why = !failedCollapse
                ? string.Create(CultureInfo.InvariantCulture, $"did not converge in {failedIterations} sweeps (tolerance {options.TolerancePu:G3} pu): the voltage at bus '{_network.NodeIds[node]}' still moved by {Math.Sqrt(failedChange2):G3} pu (now {v:F4} pu)")
                : string.Create(CultureInfo.InvariantCulture, $"diverged after {failedIterations} sweeps: the voltage at bus '{_network.NodeIds[node]}' fell to {v:F4} pu (below {options.CollapseVoltagePu} pu: the load exceeds what the network can carry)");
            if (failedFeeders > 1)
            {
                why += string.Create(CultureInfo.InvariantCulture, $"; {failedFeeders} feeders did not converge");
            }

            diagnostics.Add(new Diagnostic(SourceLocation.None, "power_flow", "power flow " + why));
        }

        result.Diagnostics = diagnostics;
        return result;
    }

    private RadialTrace TraceOf(SwitchState state)
    {
        if (ReferenceEquals(state, _network.NormalState))
        {
            return _network.Normal;
        }

        if (_trace is not null && ReferenceEquals(_trace.State, state))
        {
            return _trace;
        }

        _trace = RadialTrace.Compute(_network, state);
        return _trace;
    }

    /// <summary>Fills the position-indexed model arrays. False (with error diagnostics) when the input cannot be solved.</summary>
    private bool Prepare(RadialTrace trace, PowerFlowScenario scenario, List<Diagnostic> diagnostics, PowerFlowResult result)
    {
        Net net = _network;
        int errors = diagnostics.Count;
        foreach (int e in trace.LoopEdges)
        {
            diagnostics.Add(new Diagnostic(SourceLocation.None, "state", $"branch '{net.EdgeIds[e]}' closes a loop: the sweep needs a radial switch state (open a switch in the loop)"));
        }

        if (!double.IsFinite(scenario.LoadScale) || scenario.LoadScale < 0)
        {
            diagnostics.Add(new Diagnostic(SourceLocation.None, "load_scale", $"load scale {scenario.LoadScale} must be a non-negative number"));
        }

        if (!(scenario.SourceVoltagePu > 0) || !double.IsFinite(scenario.SourceVoltagePu))
        {
            diagnostics.Add(new Diagnostic(SourceLocation.None, "source_pu", $"source voltage {scenario.SourceVoltagePu} pu must be positive"));
        }

        if (!scenario.LoadModel.IsValid)
        {
            diagnostics.Add(new Diagnostic(SourceLocation.None, "zip", $"load model {scenario.LoadModel}: shares must lie in 0..1 and sum to at most 1"));
        }

        ReadOnlySpan<int> order = trace.Order;
        ReadOnlySpan<int> pre = trace.PreIndex;
        ReadOnlySpan<int> parent = trace.Parent;
        ReadOnlySpan<int> parentEdge = trace.ParentEdge;
        ReadOnlySpan<double> nominalKv = net.NominalKv;
        ReadOnlySpan<int> edgeFrom = net.EdgeFrom;
        ReadOnlySpan<BranchKind> kinds = net.EdgeKinds;
        ReadOnlySpan<double> rOhm = net.ROhm;
        ReadOnlySpan<double> xOhm = net.XOhm;
        double[] baseKv = _baseKv;
        Array.Fill(baseKv, double.NaN);
        SweepNode[] nodes = _nodes;
        _loadCount = 0;
        int count = order.Length;
        for (int i = 0; i < count; i++)
        {
            int v = order[i];
            int p = parent[v];
            double kv = nominalKv[v];
            ref SweepNode node = ref nodes[i];
            node.Load = -1;
            node.IRe = 0;
            node.IIm = 0;
            if (p < 0)
            {
                node.Parent = -1;
                node.Ratio = 1;
                node.RPu = 0;
                node.XPu = 0;
                node.VRe = scenario.SourceVoltagePu;
                node.VIm = 0;
                if (!(kv > 0))
                {
                    diagnostics.Add(new Diagnostic(SourceLocation.None, "nominal_kv", $"source bus '{net.NodeIds[v]}' has no nominal voltage: the power flow needs one at every source"));
                }

                baseKv[v] = kv;
                continue;
            }

            int e = parentEdge[v];
            node.Parent = pre[p];
            node.VRe = 0;
            node.VIm = 0;
            double r = rOhm[e];
            double x = xOhm[e];
            if (scenario.Branches.TryGetValue(e, out BranchImpedance replaced))
            {
                r = replaced.ROhm;
                x = replaced.XOhm;
            }

            double tap = scenario.TapPu.TryGetValue(e, out double t) ? t : net.EdgeTapPu[e];
            if (kinds[e] == BranchKind.Transformer)
            {
                if (!(kv > 0))
                {
                    diagnostics.Add(new Diagnostic(SourceLocation.None, "nominal_kv", $"bus '{net.NodeIds[v]}' below transformer '{net.EdgeIds[e]}' has no nominal voltage: the transformer ratio comes from its end buses' nominal kV"));
                    kv = baseKv[p];
                }

                baseKv[v] = kv;
                double fromKv = edgeFrom[e] == p ? baseKv[p] : kv;
                double zBase = fromKv * fromKv / BaseMva;
                if (edgeFrom[e] == p)
                {
                    // Impedance on the upstream (from) side, then the ideal transformer.
                    node.Ratio = tap;
                    node.RPu = r / zBase;
                    node.XPu = x / zBase;
                }
                else
                {
                    // Fed from its to side: ideal transformer first, impedance on the downstream side, which referred
                    // upstream through ratio b = 1/tap is z/b².
                    double b = 1.0 / tap;
                    node.Ratio = b;
                    node.RPu = r / zBase / (b * b);
                    node.XPu = x / zBase / (b * b);
                }
            }
            else
            {
                // Lines and ties keep the voltage level; a bus without a nominal kV takes its parent's.
                baseKv[v] = baseKv[p];
                double zBase = baseKv[p] * baseKv[p] / BaseMva;
                node.Ratio = 1;
                node.RPu = r / zBase;
                node.XPu = x / zBase;
            }
        }

        foreach (KeyValuePair<int, double> tap in scenario.TapPu)
        {
            if ((uint)tap.Key >= (uint)net.EdgeCount || kinds[tap.Key] != BranchKind.Transformer)
            {
                diagnostics.Add(new Diagnostic(SourceLocation.None, "tap_pu", $"edge {Describe(net.EdgeIds, tap.Key)} is not a transformer: a tap applies only to transformers"));
            }
            else if (!(tap.Value > 0) || !double.IsFinite(tap.Value))
            {
                diagnostics.Add(new Diagnostic(SourceLocation.None, "tap_pu", $"transformer '{net.EdgeIds[tap.Key]}': tap {tap.Value} must be positive"));
            }
        }

        foreach (KeyValuePair<int, BranchImpedance> b in scenario.Branches)
        {
            if ((uint)b.Key >= (uint)net.EdgeCount || !(b.Value.ROhm >= 0) || !(b.Value.XOhm >= 0) || double.IsInfinity(b.Value.ROhm) || double.IsInfinity(b.Value.XOhm))
            {
                diagnostics.Add(new Diagnostic(SourceLocation.None, "impedance", $"edge {Describe(net.EdgeIds, b.Key)}: impedance {b.Value.ROhm}+j{b.Value.XOhm} ohm must be finite and non-negative"));
            }
        }

        ReadOnlySpan<int> lpNode = net.LoadPointNode;
        ReadOnlySpan<double> peakKw = net.PeakKw;
        ReadOnlySpan<double> peakKvar = net.PeakKvar;
        double scale = scenario.LoadScale / KwPerPu;
        int unserved = 0;
        for (int l = 0; l < lpNode.Length; l++)
        {
            int i = pre[lpNode[l]];
            LoadKva load = scenario.Loads.Count > 0 && scenario.Loads.TryGetValue(l, out LoadKva o) ? o : new LoadKva(peakKw[l], peakKvar[l]);
            if (load.Kw == 0 && load.Kvar == 0)
            {
                continue;
            }

            if (i < 0)
            {
                unserved++;
                continue;
            }

            LoadModel model = scenario.LoadModels.Count > 0 && scenario.LoadModels.TryGetValue(l, out LoadModel m) ? m : scenario.LoadModel;
            if (!model.IsValid)
            {
                diagnostics.Add(new Diagnostic(SourceLocation.None, "zip", $"load point '{net.LoadPointIds[l]}': shares {model} must lie in 0..1 and sum to at most 1"));
            }

            double p = load.Kw * scale;
            double q = load.Kvar * scale;
            ref LoadCoefficients c = ref LoadAt(i);
            c.PPower += p * model.ConstantPowerShare;
            c.QPower += q * model.ConstantPowerShare;
            c.PCurrent += p * model.ConstantCurrentShare;
            c.QCurrent += q * model.ConstantCurrentShare;
            c.PImpedance += p * model.ConstantImpedanceShare;
            c.QImpedance += q * model.ConstantImpedanceShare;
        }

        foreach (KeyValuePair<int, double> cap in scenario.CapacitorKvar)
        {
            if ((uint)cap.Key >= (uint)net.NodeCount || !double.IsFinite(cap.Value))
            {
                diagnostics.Add(new Diagnostic(SourceLocation.None, "capacitor_kvar", $"capacitor at node {Describe(net.NodeIds, cap.Key)}: {cap.Value} kvar is not usable"));
                continue;
            }

            int i = pre[cap.Key];
            if (i < 0)
            {
                diagnostics.Add(new Diagnostic(SourceLocation.None, "capacitor_kvar", $"capacitor at bus '{net.NodeIds[cap.Key]}' is de-energised in this state and left out", DiagnosticSeverity.Warning));
                continue;
            }

            LoadAt(i).QImpedance -= cap.Value / KwPerPu;
        }

        if (unserved > 0)
        {
            diagnostics.Add(new Diagnostic(SourceLocation.None, "state", $"{unserved} load point(s) are de-energised in this switch state and not served", DiagnosticSeverity.Warning));
        }

        result.UnservedLoadPoints = unserved;
        for (int k = errors; k < diagnostics.Count; k++)
        {
            if (diagnostics[k].Severity == DiagnosticSeverity.Error)
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(ReadOnlySpan<string> ids, int index) =>
        (uint)index < (uint)ids.Length ? $"'{ids[index]}'" : index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The load slot of position <paramref name="i"/>, taking a zeroed new one on first use.</summary>
    private ref LoadCoefficients LoadAt(int i)
    {
        ref SweepNode node = ref _nodes[i];
        if (node.Load < 0)
        {
            node.Load = _loadCount++;
            _loads[node.Load] = default;
        }

        return ref _loads[node.Load];
    }

    /// <summary>
    /// Sweeps the feeder at positions <paramref name="start"/>..<paramref name="end"/> (a source's child and its
    /// subtree) to convergence, then once more backward for currents consistent with the final voltages, and adds the
    /// feeder's current to its source. O(size × sweeps), no allocation.
    /// </summary>
    private static FeederOutcome SolveFeeder(SweepNode[] nodes, LoadCoefficients[] loads, int start, int end, int maxIterations, double tolerance2, double collapse2)
    {
        // Currents are zero (Prepare): a forward sweep now gives the flat start, the source voltage times the taps.
        ForwardSweep(nodes, start, end, out _, out _, out _);
        var outcome = new FeederOutcome { Change2 = double.NaN, Worst = start };
        while (outcome.Iterations < maxIterations)
        {
            outcome.Iterations++;
            BackwardSweep(nodes, loads, start, end);
            ForwardSweep(nodes, start, end, out double change2, out int worst, out double min2);
            outcome.Change2 = change2;
            outcome.Worst = worst < 0 ? start : worst;
            if (!(min2 >= collapse2))
            {
                // Voltage collapse (or NaN): the load exceeds what the feeder can carry; further sweeps only oscillate.
                outcome.Worst = LowestPosition(nodes, start, end);
                outcome.Collapsed = true;
                break;
            }

            if (change2 <= tolerance2)
            {
                outcome.Converged = true;
                break;
            }
        }

        BackwardSweep(nodes, loads, start, end);
        ref SweepNode source = ref nodes[nodes[start].Parent];
        source.IRe += nodes[start].IRe;
        source.IIm += nodes[start].IIm;
        return outcome;
    }

    /// <summary>A source's current: its own load plus its feeders' currents (already added to its I).</summary>
    private static void FinishSource(SweepNode[] nodes, LoadCoefficients[] loads, int position)
    {
        ref SweepNode node = ref nodes[position];
        (double jr, double ji) = LoadCurrent(ref node, loads);
        node.IRe += jr;
        node.IIm += ji;
    }

    /// <summary>The load current <c>conj(S(V)/V)</c> drawn at a position at its present voltage (zero when unloaded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Re, double Im) LoadCurrent(ref SweepNode node, LoadCoefficients[] loads)
    {
        int slot = node.Load;
        if (slot < 0)
        {
            return (0, 0);
        }

        ref LoadCoefficients c = ref loads[slot];
        double vr = node.VRe;
        double vi = node.VIm;
        double m2 = (vr * vr) + (vi * vi);
        double m = Math.Sqrt(m2);
        double p = c.PPower + (c.PCurrent * m) + (c.PImpedance * m2);
        double q = c.QPower + (c.QCurrent * m) + (c.QImpedance * m2);

        // I = conj(S / V) = (P − jQ)(vr + j·vi) / |V|².
        return (((p * vr) + (q * vi)) / m2, ((p * vi) - (q * vr)) / m2);
    }

    /// <summary>
    /// Load currents plus children's currents, passed up in reverse preorder within one feeder. On entry each I holds
    /// zero (cleared by the forward sweep); on exit the current entering the position's parent edge at its upstream end.
    /// The head's current is not passed to the source. O(size), no allocation.
    /// </summary>
    private static void BackwardSweep(SweepNode[] nodes, LoadCoefficients[] loads, int start, int end)
    {
        for (int i = end - 1; i >= start; i--)
        {
            ref SweepNode node = ref nodes[i];
            (double lr, double li) = LoadCurrent(ref node, loads);
            double b = node.Ratio;
            double jr = (node.IRe + lr) * b;
            double ji = (node.IIm + li) * b;
            node.IRe = jr;
            node.IIm = ji;
            if (i > start)
            {
                ref SweepNode up = ref nodes[node.Parent];
                up.IRe += jr;
                up.IIm += ji;
            }
        }
    }

    /// <summary>
    /// Voltages from the feeder head down in preorder; returns the largest squared change (its position) and the lowest
    /// |V|². Clears each current after use, ready for the next backward sweep's accumulation.
    /// </summary>
    private static void ForwardSweep(SweepNode[] nodes, int start, int end, out double maxChange2, out int worst, out double min2)
    {
        maxChange2 = 0;
        min2 = double.PositiveInfinity;
        worst = -1;
        for (int i = start; i < end; i++)
        {
            ref SweepNode node = ref nodes[i];
            ref SweepNode up = ref nodes[node.Parent];
            double r = node.RPu;
            double x = node.XPu;
            double ir = node.IRe;
            double ii = node.IIm;
            double b = node.Ratio;
            double nr = b * (up.VRe - ((r * ir) - (x * ii)));
            double ni = b * (up.VIm - ((r * ii) + (x * ir)));
            double dr = nr - node.VRe;
            double di = ni - node.VIm;
            double change2 = (dr * dr) + (di * di);
            if (change2 > maxChange2)
            {
                maxChange2 = change2;
                worst = i;
            }

            double m2 = (nr * nr) + (ni * ni);
            if (!(m2 >= min2))
            {
                min2 = m2;
            }

            node.VRe = nr;
            node.VIm = ni;
            node.IRe = 0;
            node.IIm = 0;
        }

        if (double.IsNaN(maxChange2))
        {
            maxChange2 = double.PositiveInfinity;
        }
    }

    private static int LowestPosition(SweepNode[] nodes, int start, int end)
    {
        int worst = start;
        double best = double.PositiveInfinity;
        for (int i = start; i < end; i++)
        {
            double m2 = (nodes[i].VRe * nodes[i].VRe) + (nodes[i].VIm * nodes[i].VIm);
            if (!(m2 >= best))
            {
                best = m2;
                worst = i;
            }
        }

        return worst;
    }

    /// <summary>Maps the position-indexed solution back to nodes and edges and totals losses and the balance.</summary>
    private void Publish(RadialTrace trace, PowerFlowScenario scenario, PowerFlowResult result)
    {
        ReadOnlySpan<int> order = trace.Order;
        ReadOnlySpan<int> parentEdge = trace.ParentEdge;
        SweepNode[] nodes = _nodes;
        LoadCoefficients[] loads = _loads;
        ReadOnlySpan<BranchKind> kinds = _network.EdgeKinds;
        ReadOnlySpan<double> rating = _network.EdgeRating;
        double radToDeg = 180.0 / Math.PI;
        double lossP = 0;
        double lossQ = 0;
        double sourceP = 0;
        double sourceQ = 0;
        double loadP = 0;
        double loadQ = 0;
        double minV = double.PositiveInfinity;
        int minNode = -1;
        for (int i = 0; i < order.Length; i++)
        {
            int v = order[i];
            ref SweepNode node = ref nodes[i];
            double vr = node.VRe;
            double vi = node.VIm;
            double m2 = (vr * vr) + (vi * vi);
            double m = Math.Sqrt(m2);
            result.VoltagePuValues[v] = m;
            result.AngleDegValues[v] = Math.Atan2(vi, vr) * radToDeg;
            result.BaseKvValues[v] = _baseKv[v];
            if (m < minV)
            {
                minV = m;
                minNode = v;
            }

            if (node.Load >= 0)
            {
                ref LoadCoefficients c = ref loads[node.Load];
                loadP += c.PPower + (c.PCurrent * m) + (c.PImpedance * m2);
                loadQ += c.QPower + (c.QCurrent * m) + (c.QImpedance * m2);
            }

            double ir = node.IRe;
            double ii = node.IIm;
            int up = node.Parent;
            if (up < 0)
            {
                // S = V·conj(I) at the source bus, its own load included in I.
                sourceP += (vr * ir) + (vi * ii);
                sourceQ += (vi * ir) - (vr * ii);
                continue;
            }

            double i2 = (ir * ir) + (ii * ii);
            lossP += i2 * node.RPu;
            lossQ += i2 * node.XPu;
            int e = parentEdge[v];
            int p = order[up];
            double ur = nodes[up].VRe;
            double ui = nodes[up].VIm;
            double flowP = (ur * ir) + (ui * ii);
            double flowQ = (ui * ir) - (ur * ii);
            double amps = Math.Sqrt(i2) * 1000.0 * BaseMva / (s_sqrt3 * _baseKv[p]);
            result.CurrentAValues[e] = amps;
            result.FlowKwValues[e] = flowP * KwPerPu;
            result.FlowKvarValues[e] = flowQ * KwPerPu;
            double limit = rating[e];
            if (scenario.Branches.Count > 0 && scenario.Branches.TryGetValue(e, out BranchImpedance replaced) && !double.IsNaN(replaced.Rating))
            {
                limit = replaced.Rating;
            }

            if (!(limit > 0))
            {
                continue;
            }

            if (kinds[e] == BranchKind.Transformer)
            {
                result.LoadingPctValues[e] = 100.0 * Math.Sqrt((flowP * flowP) + (flowQ * flowQ)) * KwPerPu / limit;
            }
            else
            {
                result.LoadingPctValues[e] = 100.0 * amps / limit;
            }
        }

        result.LossesKw = lossP * KwPerPu;
        result.LossesKvar = lossQ * KwPerPu;
        result.SourceKw = sourceP * KwPerPu;
        result.SourceKvar = sourceQ * KwPerPu;
        result.LoadKw = loadP * KwPerPu;
        result.LoadKvar = loadQ * KwPerPu;
        result.MinVoltagePu = minNode < 0 ? double.NaN : minV;
        result.MinVoltageNode = minNode;
    }

    /// <summary>One bus position of the sweep: 64 bytes, one cache line.</summary>
    private struct SweepNode
    {
        /// <summary>Position of the parent, -1 for a source.</summary>
        public int Parent;

        /// <summary>Slot in the load coefficients, -1 when the bus has no load or capacitor.</summary>
        public int Load;

        /// <summary>b: I_up = b·I_down and V = b·(V_parent − z·I_up); 1 for lines.</summary>
        public double Ratio;

        /// <summary>Series resistance referred to the upstream side, pu.</summary>
        public double RPu;

        /// <summary>Series reactance referred to the upstream side, pu.</summary>
        public double XPu;

        /// <summary>Voltage phasor, pu (real part).</summary>
        public double VRe;

        /// <summary>Voltage phasor, pu (imaginary part).</summary>
        public double VIm;

        /// <summary>Children's currents during the backward sweep, then the current entering the parent edge, pu.</summary>
        public double IRe;

        /// <summary>Imaginary part of <see cref="IRe"/>.</summary>
        public double IIm;
    }

    /// <summary>ZIP coefficients of one loaded bus at 1 pu, pu (capacitors in the constant-impedance reactive part, negative).</summary>
    private struct LoadCoefficients
    {
        public double PPower;
        public double QPower;
        public double PCurrent;
        public double QCurrent;
        public double PImpedance;
        public double QImpedance;
    }

    /// <summary>How one feeder's sweeps ended.</summary>
    private struct FeederOutcome
    {
        public int Iterations;
        public double Change2;
        public int Worst;
        public bool Converged;
        public bool Collapsed;
    }
}
