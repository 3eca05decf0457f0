using System.Numerics;
using Lumen.Topology.Network;
using Lumen.Topology.Phases;

namespace Lumen.Reliability.Voltage.PowerFlow.ThreePhase;

/// <summary>The steady tap of one regulator after the control iterations.</summary>
/// <param name="Id">Regulator control id.</param>
/// <param name="Transformer">Transformer id it moves.</param>
/// <param name="TapPu">Tap, pu of the winding's rated voltage.</param>
/// <param name="Step">Tap position in steps from neutral (1.0 pu): +10 is 10 steps boost.</param>
/// <param name="ControlVoltageV">Compensated voltage it regulates, on the PT secondary, V.</param>
public sealed record RegulatorTap(string Id, string Transformer, double TapPu, int Step, double ControlVoltageV);

/// <summary>
/// The solved state of a <see cref="PhaseNetwork"/>: the phase-to-ground voltage of every conductor, regulator taps,
/// power balance and diagnostics.
/// </summary>
/// <remarks>
/// Immutable after the solver returns it. Voltages are stored per bus and phase (index <c>bus × 3 + phase</c>); NaN
/// where the bus has no such conductor or is not energised. Per unit is on the bus's line-to-neutral base.
/// </remarks>
public sealed class ThreePhaseResult
{
    internal ThreePhaseResult(PhaseNetwork network)
    {
        Network = network;
        int n = network.BusCount * 3;
        VoltageRe = new double[n];
        VoltageIm = new double[n];
        Array.Fill(VoltageRe, double.NaN);
        Array.Fill(VoltageIm, double.NaN);
        LoadVoltagePu = new double[network.Loads.Count];
        LineCurrentA = new double[network.Lines.Count];
        Array.Fill(LoadVoltagePu, double.NaN);
        Array.Fill(LineCurrentA, double.NaN);
    }

    /// <summary>The network that was solved.</summary>
    public PhaseNetwork Network { get; }

    /// <summary>True when the input could be solved at all (radial, every element well defined).</summary>
    public bool Solved { get; internal set; }

    /// <summary>True when the current-injection iterations and the regulator controls both settled.</summary>
    public bool Converged { get; internal set; }

    /// <summary>Current-injection iterations performed, over all control iterations.</summary>
    public int Iterations { get; internal set; }

    /// <summary>Control iterations (regulator tap moves followed by a new solve).</summary>
    public int ControlIterations { get; internal set; }

    /// <summary>Every error and warning.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; internal set; } = [];

    /// <summary>Regulator taps, in the order of <see cref="PhaseNetwork.Regulators"/>.</summary>
    public IReadOnlyList<RegulatorTap> Taps { get; internal set; } = [];

    /// <summary>Active power delivered by the source, kW.</summary>
    public double SourceKw { get; internal set; } = double.NaN;

    /// <summary>Reactive power delivered by the source, kvar.</summary>
    public double SourceKvar { get; internal set; } = double.NaN;

    /// <summary>Active power drawn by the loads at their solved voltages, kW.</summary>
    public double LoadKw { get; internal set; } = double.NaN;

    /// <summary>Reactive power drawn by the loads, kvar.</summary>
    public double LoadKvar { get; internal set; } = double.NaN;

    /// <summary>Active losses (source power less load power), kW.</summary>
    public double LossesKw => SourceKw - LoadKw;

    /// <summary>Lowest phase voltage, pu; NaN when nothing is energised.</summary>
    public double MinVoltagePu { get; internal set; } = double.NaN;

    /// <summary>Bus of the lowest phase voltage; null when nothing is energised.</summary>
    public string? MinVoltageBus { get; internal set; }

    /// <summary>Phase (0 = a) of the lowest voltage; -1 when nothing is energised.</summary>
    public int MinVoltagePhase { get; internal set; } = -1;

    /// <summary>
    /// Lowest voltage across the terminals of each load (index of <see cref="PhaseNetwork.Loads"/>), pu of its rated
    /// voltage (phase to neutral for wye, phase to phase for delta); NaN when not energised.
    /// </summary>
    public double[] LoadVoltagePu { get; }

    /// <summary>Largest phase current at the sending end of each line (index of <see cref="PhaseNetwork.Lines"/>), A; NaN when not energised.</summary>
    public double[] LineCurrentA { get; }

    internal double[] VoltageRe { get; }

    internal double[] VoltageIm { get; }

    /// <summary>True when <paramref name="bus"/> has an energised conductor on <paramref name="phase"/> (0 = a).</summary>
    public bool HasPhase(int bus, int phase) => !double.IsNaN(VoltageRe[(bus * 3) + phase]);

    /// <summary>Phase-to-ground voltage phasor, V; NaN when absent.</summary>
    public Complex Voltage(int bus, int phase) => new(VoltageRe[(bus * 3) + phase], VoltageIm[(bus * 3) + phase]);

    /// <summary>Voltage magnitude, pu of the bus's line-to-neutral base; NaN when absent or the base is unknown.</summary>
    public double VoltagePu(int bus, int phase) =>
        Voltage(bus, phase).Magnitude / (Network.BaseKvLl[bus] * 1000 / Math.Sqrt(3));

    /// <summary>Voltage angle, degrees (the source's phase a at its own angle); NaN when absent.</summary>
    public double AngleDeg(int bus, int phase) => Voltage(bus, phase).Phase * 180 / Math.PI;
}
