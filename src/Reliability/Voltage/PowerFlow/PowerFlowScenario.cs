using System.Collections.Frozen;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Voltage.PowerFlow;

/// <summary>A load at one load point in kW and kvar, drawn at 1.0 pu voltage before the scenario's scale factor.</summary>
/// <param name="Kw">Active power, kW.</param>
/// <param name="Kvar">Reactive power, kvar (positive: inductive, drawn).</param>
public readonly record struct LoadKva(double Kw, double Kvar);

/// <summary>Replacement series impedance and rating of one branch (a reconductored section, a larger transformer).</summary>
/// <param name="ROhm">Series resistance, ohms (referred to the from side for transformers).</param>
/// <param name="XOhm">Series reactance, ohms.</param>
/// <param name="Rating">Rating: A for lines and cables, kVA for transformers; NaN keeps the network's rating.</param>
public readonly record struct BranchImpedance(double ROhm, double XOhm, double Rating);

/// <summary>
/// What to solve: a switch state, loads (the network's peaks, overridden per load point by measured or forecast peaks,
/// all scaled by a growth factor), the load model, capacitors, transformer taps and changed branch impedances.
/// Every what-if of the low-voltage studies is a scenario.
/// </summary>
/// <remarks>
/// Immutable record; derive variants with <c>with</c>. Keys are dense indices of the network the scenario is solved
/// on: load-point indices for <see cref="Loads"/> and <see cref="LoadModels"/>, node indices for
/// <see cref="CapacitorKvar"/>, edge indices for <see cref="TapPu"/> and <see cref="Branches"/>.
/// </remarks>
public sealed record PowerFlowScenario
{
    /// <summary>The network's own peaks in its normal state, constant power, source at 1.0 pu.</summary>
    public static PowerFlowScenario Base { get; } = new();

    /// <summary>Switch state to solve; null for the network's normal state. Must be radial.</summary>
    public SwitchState? State { get; init; }

    /// <summary>Factor applied to every load (growth: 1.1 for +10 %). Default 1.</summary>
    public double LoadScale { get; init; } = 1.0;

    /// <summary>Voltage magnitude held at every source bus, per unit of its nominal voltage. Default 1.0.</summary>
    public double SourceVoltagePu { get; init; } = 1.0;

    /// <summary>Load model of every load point not listed in <see cref="LoadModels"/>. Default constant power.</summary>
    public LoadModel LoadModel { get; init; } = LoadModel.ConstantPower;

    /// <summary>Per load point: the load at 1.0 pu replacing the network's <c>PeakKw</c>/<c>PeakKvar</c>.</summary>
    public IReadOnlyDictionary<int, LoadKva> Loads { get; init; } = FrozenDictionary<int, LoadKva>.Empty;

    /// <summary>Per load point: a load model replacing <see cref="LoadModel"/>.</summary>
    public IReadOnlyDictionary<int, LoadModel> LoadModels { get; init; } = FrozenDictionary<int, LoadModel>.Empty;

    /// <summary>Per node: shunt capacitor rating in kvar at 1.0 pu (a constant-impedance injection, Q ∝ V²).</summary>
    public IReadOnlyDictionary<int, double> CapacitorKvar { get; init; } = FrozenDictionary<int, double>.Empty;

    /// <summary>
    /// Per transformer edge: off-nominal tap ratio, the to-side no-load voltage in per unit when the from side is at
    /// 1.0 pu (1.025 raises the secondary by 2.5 %; on a 10 kV winding with taps ±2×2.5 % the tap at −2.5 % gives
    /// 1/0.975). A transformer not listed keeps the network's tap (<see cref="Net.EdgeTapPu"/>).
    /// </summary>
    public IReadOnlyDictionary<int, double> TapPu { get; init; } = FrozenDictionary<int, double>.Empty;

    /// <summary>Per edge: impedance and rating replacing the network's (reconductoring, transformer upgrade).</summary>
    public IReadOnlyDictionary<int, BranchImpedance> Branches { get; init; } = FrozenDictionary<int, BranchImpedance>.Empty;

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> in one of the dictionaries.</summary>
    internal static IReadOnlyDictionary<int, T> With<T>(IReadOnlyDictionary<int, T> source, int key, T value)
    {
        var copy = new Dictionary<int, T>(source.Count + 1);
        foreach (KeyValuePair<int, T> pair in source)
        {
            copy[pair.Key] = pair.Value;
        }

        copy[key] = value;
        return copy;
    }

    /// <summary>A copy with a capacitor of <paramref name="kvar"/> at <paramref name="node"/> (added to any already there).</summary>
    public PowerFlowScenario WithCapacitor(NodeIndex node, double kvar)
    {
        double existing = CapacitorKvar.TryGetValue(node.Value, out double k) ? k : 0;
        return this with { CapacitorKvar = With(CapacitorKvar, node.Value, existing + kvar) };
    }

    /// <summary>A copy with transformer <paramref name="edge"/> on tap ratio <paramref name="tapPu"/>.</summary>
    public PowerFlowScenario WithTap(EdgeIndex edge, double tapPu) => this with { TapPu = With(TapPu, edge.Value, tapPu) };

    /// <summary>A copy with <paramref name="edge"/> given a new impedance and rating.</summary>
    public PowerFlowScenario WithBranch(EdgeIndex edge, BranchImpedance impedance) => this with { Branches = With(Branches, edge.Value, impedance) };

    /// <summary>A copy with load point <paramref name="loadPoint"/> drawing <paramref name="load"/> at 1.0 pu (before scaling).</summary>
    public PowerFlowScenario WithLoad(int loadPoint, LoadKva load) => this with { Loads = With(Loads, loadPoint, load) };
}
