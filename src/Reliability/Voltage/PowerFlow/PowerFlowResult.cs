using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Voltage.PowerFlow;

/// <summary>
/// The solved state of a radial network: bus voltages, branch currents and loadings, losses and the power balance.
/// Arrays are indexed by dense node or edge index of <see cref="Trace"/>'s network.
/// </summary>
/// <remarks>
/// Immutable after construction. Entries of de-energised buses and of edges outside the radial tree are NaN. When the
/// input was unusable (<see cref="Solved"/> false) every array is NaN and <see cref="Diagnostics"/> says why; when the
/// sweep did not converge the arrays hold the last iterate, <see cref="Converged"/> is false and an error diagnostic
/// names the worst bus.
/// </remarks>
public sealed class PowerFlowResult
{
    internal PowerFlowResult(RadialTrace trace, int nodeCount, int edgeCount)
    {
        Trace = trace;
        VoltagePuValues = new double[nodeCount];
        AngleDegValues = new double[nodeCount];
        BaseKvValues = new double[nodeCount];
        CurrentAValues = new double[edgeCount];
        LoadingPctValues = new double[edgeCount];
        FlowKwValues = new double[edgeCount];
        FlowKvarValues = new double[edgeCount];
        Array.Fill(VoltagePuValues, double.NaN);
        Array.Fill(AngleDegValues, double.NaN);
        Array.Fill(BaseKvValues, double.NaN);
        Array.Fill(CurrentAValues, double.NaN);
        Array.Fill(LoadingPctValues, double.NaN);
        Array.Fill(FlowKwValues, double.NaN);
        Array.Fill(FlowKvarValues, double.NaN);
    }

    // The solver's output, written only while solving: a result is shared (the service keeps the peak-load one for
    // every request), so callers read it through the spans below.
    internal double[] VoltagePuValues { get; }

    internal double[] AngleDegValues { get; }

    internal double[] BaseKvValues { get; }

    internal double[] CurrentAValues { get; }

    internal double[] LoadingPctValues { get; }

    internal double[] FlowKwValues { get; }

    internal double[] FlowKvarValues { get; }

    /// <summary>The radial structure that was solved (network and switch state).</summary>
    public RadialTrace Trace { get; }

    /// <summary>The network that was solved.</summary>
    public Net Network => Trace.Network;

    /// <summary>True when the input could be solved at all (a radial state, nominal voltages known, valid scenario).</summary>
    public bool Solved { get; internal set; }

    /// <summary>True when the sweep converged within the tolerance.</summary>
    public bool Converged { get; internal set; }

    /// <summary>Backward/forward sweeps performed.</summary>
    public int Iterations { get; internal set; }

    /// <summary>Largest change of a bus voltage phasor in the last sweep, per unit.</summary>
    public double LastChangePu { get; internal set; } = double.NaN;

    /// <summary>Every error and warning: invalid scenario entries, unserved loads, non-convergence.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; internal set; } = [];

    /// <summary>Voltage magnitude by node, per unit of <see cref="BaseKv"/>; NaN when de-energised.</summary>
    public ReadOnlySpan<double> VoltagePu => VoltagePuValues;

    /// <summary>Voltage angle by node in degrees, relative to the sources (angle 0); NaN when de-energised.</summary>
    public ReadOnlySpan<double> AngleDeg => AngleDegValues;

    /// <summary>
    /// Base (nominal line-to-line) voltage in kV by node: the bus's nominal kV, or across lines the upstream bus's when
    /// the bus has none. NaN when de-energised.
    /// </summary>
    public ReadOnlySpan<double> BaseKv => BaseKvValues;

    /// <summary>Current magnitude in A at the upstream terminal of each tree edge; NaN outside the tree.</summary>
    public ReadOnlySpan<double> CurrentA => CurrentAValues;

    /// <summary>
    /// Loading in per cent of the rating by edge: current against the ampere rating for lines and cables, apparent power
    /// at the upstream terminal against the kVA rating for transformers. NaN outside the tree or when the rating is unknown.
    /// </summary>
    public ReadOnlySpan<double> LoadingPct => LoadingPctValues;

    /// <summary>Active power entering each tree edge at its upstream terminal, kW; NaN outside the tree.</summary>
    public ReadOnlySpan<double> FlowKw => FlowKwValues;

    /// <summary>Reactive power entering each tree edge at its upstream terminal, kvar; NaN outside the tree.</summary>
    public ReadOnlySpan<double> FlowKvar => FlowKvarValues;

    /// <summary>Total series active losses, kW.</summary>
    public double LossesKw { get; internal set; } = double.NaN;

    /// <summary>Total series reactive losses, kvar.</summary>
    public double LossesKvar { get; internal set; } = double.NaN;

    /// <summary>Active power delivered by all sources, kW.</summary>
    public double SourceKw { get; internal set; } = double.NaN;

    /// <summary>Reactive power delivered by all sources, kvar.</summary>
    public double SourceKvar { get; internal set; } = double.NaN;

    /// <summary>Active power drawn by all served loads at their solved voltages, kW.</summary>
    public double LoadKw { get; internal set; } = double.NaN;

    /// <summary>Reactive power drawn by all served loads at their solved voltages, net of capacitors, kvar.</summary>
    public double LoadKvar { get; internal set; } = double.NaN;

    /// <summary>Lowest bus voltage, per unit; NaN when nothing is energised.</summary>
    public double MinVoltagePu { get; internal set; } = double.NaN;

    /// <summary>Node index of the lowest bus voltage; -1 when nothing is energised.</summary>
    public int MinVoltageNode { get; internal set; } = -1;

    /// <summary>Bus id of the lowest bus voltage; null when nothing is energised.</summary>
    public string? MinVoltageBus => MinVoltageNode < 0 ? null : Network.NodeIds[MinVoltageNode];

    /// <summary>Load points that are not served because their bus is de-energised in the solved state.</summary>
    public int UnservedLoadPoints { get; internal set; }

    /// <summary>Voltage magnitude in kV (line to line) of <paramref name="node"/>; NaN when de-energised.</summary>
    public double VoltageKv(int node) => VoltagePu[node] * BaseKv[node];
}
