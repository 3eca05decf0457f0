using System.Numerics;

namespace Lumen.Topology.Phases;

/// <summary>How a transformer winding, load or capacitor is connected: phase to neutral (grounded) or phase to phase.</summary>
public enum PhaseConnection
{
    /// <summary>Phase to neutral; the neutral is solidly grounded unless the element names a neutral node.</summary>
    Wye,

    /// <summary>Phase to phase.</summary>
    Delta,
}

/// <summary>The ideal source behind its short-circuit impedance (OpenDSS's Vsource).</summary>
/// <param name="Bus">Bus index of the source.</param>
/// <param name="BaseKvLl">Line-to-line base voltage, kV.</param>
/// <param name="Pu">Source voltage, pu of <paramref name="BaseKvLl"/>.</param>
/// <param name="AngleDeg">Phase-a angle, degrees.</param>
/// <param name="Z1Ohm">Positive-sequence impedance, ohm.</param>
/// <param name="Z0Ohm">Zero-sequence impedance, ohm.</param>
public sealed record PhaseSource(int Bus, double BaseKvLl, double Pu, double AngleDeg, Complex Z1Ohm, Complex Z0Ohm);

/// <summary>A line, cable, switch or series reactor: n coupled conductors between two buses.</summary>
/// <param name="Id">Element id (<c>line.name</c>).</param>
/// <param name="FromBus">Bus index of terminal 1.</param>
/// <param name="ToBus">Bus index of terminal 2.</param>
/// <param name="FromNodes">Node (1 = a, 2 = b, 3 = c; 0 = ground) of each conductor at terminal 1.</param>
/// <param name="ToNodes">Node of each conductor at terminal 2.</param>
/// <param name="ZOhm">Series impedance matrix, n×n row-major, ohm (whole length).</param>
/// <param name="YShuntSiemens">Total shunt admittance matrix, n×n row-major, siemens; half at each end.</param>
public sealed record PhaseLine(string Id, int FromBus, int ToBus, int[] FromNodes, int[] ToNodes, Complex[] ZOhm, Complex[] YShuntSiemens);

/// <summary>One winding of a transformer.</summary>
/// <param name="Bus">Bus index.</param>
/// <param name="Nodes">Nodes the winding's conductors connect to, in order (a wye winding's neutral after the phases; 0 = ground).</param>
/// <param name="Connection">Wye or delta.</param>
/// <param name="Kv">Rated voltage, kV: line to line for a three-phase winding, across the winding for a single-phase one.</param>
/// <param name="Kva">Rated power of the whole transformer, kVA.</param>
/// <param name="RPercent">Winding resistance, % on its own kVA.</param>
/// <param name="Tap">Initial tap, pu of <paramref name="Kv"/>.</param>
/// <param name="MinTap">Lowest tap, pu.</param>
/// <param name="MaxTap">Highest tap, pu.</param>
/// <param name="NumTaps">Tap steps between <paramref name="MinTap"/> and <paramref name="MaxTap"/>.</param>
public sealed record PhaseWinding(int Bus, int[] Nodes, PhaseConnection Connection, double Kv, double Kva, double RPercent, double Tap, double MinTap, double MaxTap, int NumTaps)
{
    /// <summary>Size of one tap step, pu.</summary>
    public double TapStep => (MaxTap - MinTap) / NumTaps;
}

/// <summary>
/// A two- or three-winding transformer (three-phase, or a single-phase unit of a bank or a centre-tapped service
/// transformer) with its short-circuit reactances in % on winding 1's kVA.
/// </summary>
/// <param name="Id">Element id (<c>transformer.name</c>).</param>
/// <param name="Phases">1 or 3.</param>
/// <param name="Windings">Two or three windings; windings 2 and 3 share one bus.</param>
/// <param name="XhlPercent">Reactance between windings 1 and 2, %.</param>
/// <param name="XhtPercent">Between 1 and 3, %.</param>
/// <param name="XltPercent">Between 2 and 3, %.</param>
/// <param name="ImagPercent">Magnetising current, % (shunt at winding 1).</param>
/// <param name="NoLoadLossPercent">No-load losses, %.</param>
/// <param name="PpmAntifloat">Parts per million of the winding admittance tied to ground at every terminal (OpenDSS's guard for delta windings).</param>
public sealed record PhaseTransformer(
    string Id, int Phases, IReadOnlyList<PhaseWinding> Windings, double XhlPercent, double XhtPercent, double XltPercent,
    double ImagPercent, double NoLoadLossPercent, double PpmAntifloat);

/// <summary>
/// How a load's power depends on its voltage: for active and reactive power separately, the constant-impedance,
/// constant-current and constant-power shares (each triple sums to 1).
/// </summary>
public readonly record struct ZipShares(double Zp, double Ip, double Pp, double Zq, double Iq, double Pq)
{
    /// <summary>Constant power (OpenDSS model 1).</summary>
    public static ZipShares ConstantPower => new(0, 0, 1, 0, 0, 1);

    /// <summary>Constant impedance (model 2).</summary>
    public static ZipShares ConstantImpedance => new(1, 0, 0, 1, 0, 0);

    /// <summary>Constant current magnitude (model 5).</summary>
    public static ZipShares ConstantCurrent => new(0, 1, 0, 0, 1, 0);
}

/// <summary>A load: one to three phases, wye or delta, with its ZIP behaviour.</summary>
/// <param name="Id">Load name.</param>
/// <param name="Bus">Bus index.</param>
/// <param name="Nodes">Nodes of its conductors (a single-phase load across two phases, or to a named neutral, has two).</param>
/// <param name="Connection">Wye or delta.</param>
/// <param name="Phases">1, 2 or 3.</param>
/// <param name="Kw">Active power at rated voltage, kW (all phases).</param>
/// <param name="Kvar">Reactive power at rated voltage, kvar.</param>
/// <param name="Kv">Rated voltage, kV: line to line for more than one phase, across the load for one.</param>
/// <param name="Zip">Voltage dependence.</param>
/// <param name="Shape">Name of its load shape (OpenDSS <c>yearly</c>/<c>daily</c>); null when none.</param>
public sealed record PhaseLoad(string Id, int Bus, int[] Nodes, PhaseConnection Connection, int Phases, double Kw, double Kvar, double Kv, ZipShares Zip, string? Shape);

/// <summary>A load shape: multipliers of a load's kW and kvar at fixed intervals.</summary>
/// <param name="IntervalMinutes">Time between points, minutes.</param>
/// <param name="Multipliers">One multiplier per interval.</param>
public sealed record PhaseLoadShape(double IntervalMinutes, double[] Multipliers);

/// <summary>A shunt capacitor bank (constant admittance).</summary>
/// <param name="Id">Element id.</param>
/// <param name="Bus">Bus index.</param>
/// <param name="Nodes">Nodes of its conductors.</param>
/// <param name="Connection">Wye or delta.</param>
/// <param name="Phases">1 to 3.</param>
/// <param name="Kvar">Rating of the bank at <paramref name="Kv"/>, kvar.</param>
/// <param name="Kv">Rated voltage, kV (line to line for more than one phase).</param>
public sealed record PhaseCapacitor(string Id, int Bus, int[] Nodes, PhaseConnection Connection, int Phases, double Kvar, double Kv);

/// <summary>A regulator's tap control (OpenDSS RegControl) on one transformer winding.</summary>
/// <param name="Id">Control name.</param>
/// <param name="Transformer">Index into <see cref="PhaseNetwork.Transformers"/>.</param>
/// <param name="Winding">Controlled (and measured) winding, 0-based.</param>
/// <param name="VregV">Set point on the PT secondary (120 V scale), V.</param>
/// <param name="BandV">Bandwidth, V (the voltage may lie ± half of it around the set point).</param>
/// <param name="PtRatio">Potential transformer ratio.</param>
/// <param name="CtPrimaryA">CT primary rating, A: the line current at which the compensator drops R + jX volts.</param>
/// <param name="RV">Line-drop compensator resistance, V.</param>
/// <param name="XV">Line-drop compensator reactance, V.</param>
/// <param name="PtPhase">Phase (0-based) measured on a multi-phase transformer.</param>
/// <param name="MaxTapChange">Most tap steps moved in one control iteration.</param>
public sealed record PhaseRegulator(string Id, int Transformer, int Winding, double VregV, double BandV, double PtRatio, double CtPrimaryA, double RV, double XV, int PtPhase, int MaxTapChange);

/// <summary>
/// The phase-level view of a network for unbalanced power flow: conductors per bus, lines with their impedance and
/// capacitance matrices, transformers with their connections, loads (wye/delta, ZIP), capacitors, regulators and
/// the source's short-circuit impedance. Buses have up to three phase conductors (nodes 1–3); node 0 is ground.
/// </summary>
/// <remarks>
/// Built by the OpenDSS importer beside the balanced single-line <see cref="Network.Network"/> (same bus ids, lower
/// case), or by hand. Immutable after construction; element lists are in input order.
/// </remarks>
public sealed class PhaseNetwork
{
    /// <summary>Creates a phase network.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The bus arrays differ in length.</exception>
    public PhaseNetwork(
        IReadOnlyList<string> busIds,
        IReadOnlyList<double> baseKvLl,
        PhaseSource source,
        IReadOnlyList<PhaseLine> lines,
        IReadOnlyList<PhaseTransformer> transformers,
        IReadOnlyList<PhaseLoad> loads,
        IReadOnlyList<PhaseCapacitor> capacitors,
        IReadOnlyList<PhaseRegulator> regulators,
        IReadOnlyDictionary<string, PhaseLoadShape>? loadShapes = null)
    {
        ArgumentNullException.ThrowIfNull(busIds);
        ArgumentNullException.ThrowIfNull(baseKvLl);
        ArgumentNullException.ThrowIfNull(source);
        if (busIds.Count != baseKvLl.Count)
        {
            throw new ArgumentException("one base voltage per bus is needed", nameof(baseKvLl));
        }

        BusIds = busIds;
        BaseKvLl = baseKvLl;
        Source = source;
        Lines = lines ?? throw new ArgumentNullException(nameof(lines));
        Transformers = transformers ?? throw new ArgumentNullException(nameof(transformers));
        Loads = loads ?? throw new ArgumentNullException(nameof(loads));
        Capacitors = capacitors ?? throw new ArgumentNullException(nameof(capacitors));
        Regulators = regulators ?? throw new ArgumentNullException(nameof(regulators));
        LoadShapes = loadShapes ?? new Dictionary<string, PhaseLoadShape>(StringComparer.Ordinal);
        var index = new Dictionary<string, int>(busIds.Count, StringComparer.Ordinal);
        for (int i = 0; i < busIds.Count; i++)
        {
            index.TryAdd(busIds[i], i);
        }

        BusIndex = index;
    }

    /// <summary>Bus ids by bus index.</summary>
    public IReadOnlyList<string> BusIds { get; }

    /// <summary>Bus index by id.</summary>
    public IReadOnlyDictionary<string, int> BusIndex { get; }

    /// <summary>Line-to-line base voltage of each bus, kV (NaN when unknown); per-unit values use its line-to-neutral part.</summary>
    public IReadOnlyList<double> BaseKvLl { get; }

    /// <summary>The source.</summary>
    public PhaseSource Source { get; }

    /// <summary>Lines, cables, switches and series reactors.</summary>
    public IReadOnlyList<PhaseLine> Lines { get; }

    /// <summary>Transformers and regulator units.</summary>
    public IReadOnlyList<PhaseTransformer> Transformers { get; }

    /// <summary>Loads.</summary>
    public IReadOnlyList<PhaseLoad> Loads { get; }

    /// <summary>Shunt capacitors.</summary>
    public IReadOnlyList<PhaseCapacitor> Capacitors { get; }

    /// <summary>Regulator tap controls.</summary>
    public IReadOnlyList<PhaseRegulator> Regulators { get; }

    /// <summary>Load shapes by name (lower case).</summary>
    public IReadOnlyDictionary<string, PhaseLoadShape> LoadShapes { get; }

    /// <summary>Number of buses.</summary>
    public int BusCount => BusIds.Count;
}
