using System.Diagnostics;
using System.Globalization;
using Lumen.Topology.Network;
using Lumen.Topology.Tracing;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.PowerFlow;

/// <summary>
/// Balanced single-line-equivalent power flow of a radial network by backward/forward sweep (current summation):
/// ZIP loads, shunt capacitors, transformers with off-nominal taps, any radial switch state.
/// </summary>
/// <remarks>
/// <para><b>Model.</b> Per unit on 1 MVA and each bus's base voltage: its nominal kV (<see cref="Net.NominalKv"/>), or
/// across a line, cable or bus-tie the upstream bus's base when the bus has none. A transformer's nominal ratio is the
/// ratio of its two end buses' nominal kV, so in per unit it is 1:1 times the scenario's off-nominal tap
/// (<see cref="PowerFlowScenario.TapPu"/>); both its end buses must have a nominal kV. Branch impedances
/// (<see cref="Net.ROhm"/>, <see cref="Net.XOhm"/>) are series ohms; a transformer's are referred to its from side
/// (<see cref="Net.EdgeFrom"/>, the winding the demo generator and the OpenDSS importer compute them for: the 10 kV
/// side of a distribution transformer), converted with that side's base. Sources hold
/// <see cref="PowerFlowScenario.SourceVoltagePu"/> at angle 0. Shunts other than capacitors (line charging,
/// magnetising branch) are not modelled.</para>
/// <para><b>Sweep.</b> Arrays are laid out in the trace's depth-first <see cref="RadialTrace.Order"/>. Backward: in reverse
/// order each bus's load current <c>conj(S(V)/V)</c> plus its children's currents is passed to its parent. Forward: in
/// order <c>V = b·(V_parent − z·I)</c>. Each sweep is O(N), iterative (no recursion) and allocation-free; convergence
/// when no voltage phasor moves by more than <see cref="PowerFlowOptions.TolerancePu"/>.</para>
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

    // Per position i in the trace's Order (not per node): the sweep walks these sequentially.
    // Invariant after Prepare: _parentPos[i] < i for every non-source position (preorder), -1 for sources.
    private readonly int[] _parentPos;
    private readonly double[] _ratio;       // b: I_up = b·I_down and V = b·(V_parent − z·I_up); 1 for lines
    private readonly double[] _rPu;         // series resistance referred to the upstream side, pu
    private readonly double[] _xPu;         // series reactance referred to the upstream side, pu
    private readonly double[] _pConstPower; // load at 1 pu by ZIP share, pu (capacitors in _qConstZ, negative)
    private readonly double[] _qConstPower;
    private readonly double[] _pConstI;
    private readonly double[] _qConstI;
    private readonly double[] _pConstZ;
    private readonly double[] _qConstZ;
    private readonly bool[] _hasLoad;
    private readonly double[] _sourcePu;    // source voltage magnitude (sources only)
    private readonly double[] _baseKv;      // base kV by node index
    private readonly double[] _vRe;         // voltage phasor, pu
    private readonly double[] _vIm;
    private readonly double[] _iRe;         // current entering the position's parent edge at the upstream end, pu
    private readonly double[] _iIm;
    private readonly double[] _accRe;       // children's currents accumulated during the backward sweep
    private readonly double[] _accIm;

    private RadialTrace? _trace;

    /// <summary>Creates a solver for <paramref name="network"/>, allocating its scratch arrays (O(N) memory).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    public RadialPowerFlow(Net network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        int n = network.NodeCount;
        _parentPos = new int[n];
        _ratio = new double[n];
        _rPu = new double[n];
        _xPu = new double[n];
        _pConstPower = new double[n];
        _qConstPower = new double[n];
        _pConstI = new double[n];
        _qConstI = new double[n];
        _pConstZ = new double[n];
        _qConstZ = new double[n];
        _hasLoad = new bool[n];
        _sourcePu = new double[n];
        _baseKv = new double[n];
        _vRe = new double[n];
        _vIm = new double[n];
        _iRe = new double[n];
        _iIm = new double[n];
        _accRe = new double[n];
        _accIm = new double[n];
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
    /// entries give <see cref="PowerFlowResult.Solved"/> false, non-convergence gives
    /// <see cref="PowerFlowResult.Converged"/> false; both with diagnostics naming the bus or branch.
    /// </returns>
    /// <exception cref="ArgumentException">The scenario's switch state belongs to another network.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="PowerFlowOptions.Validate"/>).</exception>
    /// <remarks>
    /// O(N + L) to set up, then O(N) per sweep with no allocation; a new switch state costs one
    /// <see cref="RadialTrace.Compute"/>. Typical feeders converge in 3–8 sweeps.
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
        Array.Clear(_iRe, 0, count);
        Array.Clear(_iIm, 0, count);
        Array.Clear(_accRe, 0, count);
        Array.Clear(_accIm, 0, count);

        // A forward sweep with no current gives the flat start: every bus at its source voltage times the taps above it.
        ForwardSweep(count, out _, out _, out _);
        bool converged = false;
        int iterations = 0;
        double change2 = double.NaN;
        int worst = -1;
        while (iterations < options.MaxIterations)
        {
            iterations++;
            BackwardSweep(count);
            ForwardSweep(count, out change2, out worst, out double min2);
            if (!(min2 >= collapse2))
            {
                // Voltage collapse (or NaN): the load exceeds what the feeder can carry; further sweeps only oscillate.
                worst = LowestPosition(count);
                break;
            }

            if (change2 <= tolerance2)
            {
                converged = true;
                break;
            }
        }

        // Currents consistent with the final voltages, for losses, flows and the power balance.
        BackwardSweep(count);
        result.Converged = converged;
        result.Iterations = iterations;
        result.LastChangePu = Math.Sqrt(change2);
        Publish(trace, scenario, result);
        if (!converged)
        {
            int node = trace.Order[Math.Max(worst, 0)];
            double v = Math.Sqrt((_vRe[Math.Max(worst, 0)] * _vRe[Math.Max(worst, 0)]) + (_vIm[Math.Max(worst, 0)] * _vIm[Math.Max(worst, 0)]));
            string why = iterations >= options.MaxIterations && double.IsFinite(change2) && Math.Sqrt(change2) > options.TolerancePu
                ? string.Create(CultureInfo.InvariantCulture, $"did not converge in {iterations} sweeps (tolerance {options.TolerancePu:G3} pu): the voltage at bus '{_network.NodeIds[node]}' still moved by {Math.Sqrt(change2):G3} pu (now {v:F4} pu)")
                : string.Create(CultureInfo.InvariantCulture, $"diverged after {iterations} sweeps: the voltage at bus '{_network.NodeIds[node]}' fell to {v:F4} pu (below {options.CollapseVoltagePu} pu: the load exceeds what the network can carry)");
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

        int[] order = trace.Order;
        int[] pre = trace.PreIndex;
        int[] parent = trace.Parent;
        int[] parentEdge = trace.ParentEdge;
        ReadOnlySpan<double> nominalKv = net.NominalKv;
        ReadOnlySpan<int> edgeFrom = net.EdgeFrom;
        ReadOnlySpan<BranchKind> kinds = net.EdgeKinds;
        ReadOnlySpan<double> rOhm = net.ROhm;
        ReadOnlySpan<double> xOhm = net.XOhm;
        double[] baseKv = _baseKv;
        Array.Fill(baseKv, double.NaN);
        int count = order.Length;
        for (int i = 0; i < count; i++)
        {
            int v = order[i];
            int p = parent[v];
            double kv = nominalKv[v];
            _hasLoad[i] = false;
            _pConstPower[i] = _qConstPower[i] = _pConstI[i] = _qConstI[i] = _pConstZ[i] = _qConstZ[i] = 0;
            if (p < 0)
            {
                _parentPos[i] = -1;
                _ratio[i] = 1;
                _rPu[i] = 0;
                _xPu[i] = 0;
                _sourcePu[i] = scenario.SourceVoltagePu;
                if (!(kv > 0))
                {
                    diagnostics.Add(new Diagnostic(SourceLocation.None, "nominal_kv", $"source bus '{net.NodeIds[v]}' has no nominal voltage: the power flow needs one at every source"));
                }

                baseKv[v] = kv;
                continue;
            }

            int e = parentEdge[v];
            _parentPos[i] = pre[p];
            double r = rOhm[e];
            double x = xOhm[e];
            if (scenario.Branches.TryGetValue(e, out BranchImpedance replaced))
            {
                r = replaced.ROhm;
                x = replaced.XOhm;
            }

            double tap = scenario.TapPu.TryGetValue(e, out double t) ? t : 1.0;
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
                    _ratio[i] = tap;
                    _rPu[i] = r / zBase;
                    _xPu[i] = x / zBase;
                }
                else
                {
                    // Fed from its to side: ideal transformer first, impedance on the downstream side, which referred
                    // upstream through ratio b = 1/tap is z/b².
                    double b = 1.0 / tap;
                    _ratio[i] = b;
                    _rPu[i] = r / zBase / (b * b);
                    _xPu[i] = x / zBase / (b * b);
                }
            }
            else
            {
                // Lines and ties keep the voltage level; a bus without a nominal kV takes its parent's.
                baseKv[v] = baseKv[p];
                double zBase = baseKv[p] * baseKv[p] / BaseMva;
                _ratio[i] = 1;
                _rPu[i] = r / zBase;
                _xPu[i] = x / zBase;
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
            _hasLoad[i] = true;
            _pConstPower[i] += p * model.ConstantPowerShare;
            _qConstPower[i] += q * model.ConstantPowerShare;
            _pConstI[i] += p * model.ConstantCurrentShare;
            _qConstI[i] += q * model.ConstantCurrentShare;
            _pConstZ[i] += p * model.ConstantImpedanceShare;
            _qConstZ[i] += q * model.ConstantImpedanceShare;
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

            _hasLoad[i] = true;
            _qConstZ[i] -= cap.Value / KwPerPu;
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

    /// <summary>Load currents plus children's currents, passed up in reverse preorder. O(N), no allocation.</summary>
    private void BackwardSweep(int count)
    {
        int[] parentPos = _parentPos;
        double[] ratio = _ratio;
        double[] vRe = _vRe;
        double[] vIm = _vIm;
        double[] iRe = _iRe;
        double[] iIm = _iIm;
        double[] accRe = _accRe;
        double[] accIm = _accIm;
        bool[] hasLoad = _hasLoad;
        Debug.Assert(count <= parentPos.Length);
        for (int i = count - 1; i >= 0; i--)
        {
            double jr = accRe[i];
            double ji = accIm[i];
            accRe[i] = 0;
            accIm[i] = 0;
            if (hasLoad[i])
            {
                double vr = vRe[i];
                double vi = vIm[i];
                double m2 = (vr * vr) + (vi * vi);
                double m = Math.Sqrt(m2);
                double p = _pConstPower[i] + (_pConstI[i] * m) + (_pConstZ[i] * m2);
                double q = _qConstPower[i] + (_qConstI[i] * m) + (_qConstZ[i] * m2);

                // I = conj(S / V) = (P − jQ)(vr + j·vi) / |V|².
                jr += ((p * vr) + (q * vi)) / m2;
                ji += ((p * vi) - (q * vr)) / m2;
            }

            double b = ratio[i];
            jr *= b;
            ji *= b;
            iRe[i] = jr;
            iIm[i] = ji;
            int up = parentPos[i];
            if (up >= 0)
            {
                accRe[up] += jr;
                accIm[up] += ji;
            }
        }
    }

    /// <summary>Voltages from the sources down in preorder; returns the largest squared change and the lowest |V|².</summary>
    private void ForwardSweep(int count, out double maxChange2, out int worst, out double min2)
    {
        int[] parentPos = _parentPos;
        double[] ratio = _ratio;
        double[] rPu = _rPu;
        double[] xPu = _xPu;
        double[] vRe = _vRe;
        double[] vIm = _vIm;
        double[] iRe = _iRe;
        double[] iIm = _iIm;
        double[] sourcePu = _sourcePu;
        maxChange2 = 0;
        min2 = double.PositiveInfinity;
        worst = -1;
        for (int i = 0; i < count; i++)
        {
            int up = parentPos[i];
            double nr;
            double ni;
            if (up < 0)
            {
                nr = sourcePu[i];
                ni = 0;
            }
            else
            {
                double r = rPu[i];
                double x = xPu[i];
                double ir = iRe[i];
                double ii = iIm[i];
                double b = ratio[i];
                nr = b * (vRe[up] - ((r * ir) - (x * ii)));
                ni = b * (vIm[up] - ((r * ii) + (x * ir)));
            }

            double dr = nr - vRe[i];
            double di = ni - vIm[i];
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

            vRe[i] = nr;
            vIm[i] = ni;
        }

        if (double.IsNaN(maxChange2))
        {
            maxChange2 = double.PositiveInfinity;
        }
    }

    private int LowestPosition(int count)
    {
        int worst = 0;
        double best = double.PositiveInfinity;
        for (int i = 0; i < count; i++)
        {
            double m2 = (_vRe[i] * _vRe[i]) + (_vIm[i] * _vIm[i]);
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
        int[] order = trace.Order;
        int[] parentEdge = trace.ParentEdge;
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
            double vr = _vRe[i];
            double vi = _vIm[i];
            double m2 = (vr * vr) + (vi * vi);
            double m = Math.Sqrt(m2);
            result.VoltagePu[v] = m;
            result.AngleDeg[v] = Math.Atan2(vi, vr) * radToDeg;
            result.BaseKv[v] = _baseKv[v];
            if (m < minV)
            {
                minV = m;
                minNode = v;
            }

            if (_hasLoad[i])
            {
                loadP += _pConstPower[i] + (_pConstI[i] * m) + (_pConstZ[i] * m2);
                loadQ += _qConstPower[i] + (_qConstI[i] * m) + (_qConstZ[i] * m2);
            }

            double ir = _iRe[i];
            double ii = _iIm[i];
            int up = _parentPos[i];
            if (up < 0)
            {
                // S = V·conj(I) at the source bus, its own load included in I.
                sourceP += (vr * ir) + (vi * ii);
                sourceQ += (vi * ir) - (vr * ii);
                continue;
            }

            double i2 = (ir * ir) + (ii * ii);
            lossP += i2 * _rPu[i];
            lossQ += i2 * _xPu[i];
            int e = parentEdge[v];
            int p = order[up];
            double ur = _vRe[up];
            double ui = _vIm[up];
            double flowP = (ur * ir) + (ui * ii);
            double flowQ = (ui * ir) - (ur * ii);
            double amps = Math.Sqrt(i2) * 1000.0 * BaseMva / (s_sqrt3 * _baseKv[p]);
            result.CurrentA[e] = amps;
            result.FlowKw[e] = flowP * KwPerPu;
            result.FlowKvar[e] = flowQ * KwPerPu;
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
                result.LoadingPct[e] = 100.0 * Math.Sqrt((flowP * flowP) + (flowQ * flowQ)) * KwPerPu / limit;
            }
            else
            {
                result.LoadingPct[e] = 100.0 * amps / limit;
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
}
