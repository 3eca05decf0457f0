using Lumen.Reliability.Voltage.PowerFlow.ThreePhase;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Topology.Network;
using Lumen.Topology.Phases;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Voltage;

/// <summary>A power-flow question: a network (with its phase model when it has one), a load scenario and a voltage profile.</summary>
/// <param name="Network">The balanced network.</param>
/// <param name="Scenario">Load scale, source voltage and what-if changes.</param>
/// <param name="Profile">Limits for the low-voltage prediction.</param>
public sealed record PowerFlowRequest(Net Network, PowerFlowScenario Scenario, VoltageProfile Profile)
{
    /// <summary>The phase model (OpenDSS imports); when present the network is solved three-phase unbalanced.</summary>
    public PhaseNetwork? Phases { get; init; }

    /// <summary>The input path, echoed in the answer (CLI); null otherwise.</summary>
    public string? Path { get; init; }

    /// <summary>The stored network version, echoed in the answer (service); null otherwise.</summary>
    public int? Version { get; init; }

    /// <summary>Rows in <see cref="PowerFlowReport.LowAreas"/> and <see cref="PowerFlowReport.Overloaded"/>; null for all.</summary>
    public int? Top { get; init; }

    /// <summary>Warnings from reading the inputs (e.g. why a network has no phase model), passed on in the answer.</summary>
    public IReadOnlyList<Diagnostic> Notes { get; init; } = [];
}

/// <summary>One phase of a bus: magnitude on the bus's line-to-neutral base and angle.</summary>
/// <param name="Phase"><c>a</c>, <c>b</c> or <c>c</c>.</param>
/// <param name="VPu">Phase-to-neutral voltage, pu.</param>
/// <param name="AngleDeg">Angle, degrees.</param>
public sealed record PhaseVoltage(string Phase, double VPu, double AngleDeg);

/// <summary>A bus of the answer.</summary>
/// <param name="Id">Bus id.</param>
/// <param name="VPu">Voltage, pu (three-phase: the lowest phase); null when de-energised.</param>
/// <param name="AngleDeg">Angle, degrees (three-phase: of the first phase present); null when de-energised.</param>
/// <param name="VKv">Line-to-line voltage, kV (three-phase: the lowest phase's, times √3); null when de-energised.</param>
/// <param name="Phases">Each phase present (three-phase solves only; null for balanced ones).</param>
public sealed record PowerFlowBus(string Id, double? VPu, double? AngleDeg, double? VKv, IReadOnlyList<PhaseVoltage>? Phases);

/// <summary>A branch of the answer.</summary>
/// <param name="Id">Branch id.</param>
/// <param name="CurrentA">Current at the upstream end, A (three-phase: the largest phase, lines only); null when unknown.</param>
/// <param name="LoadingPct">Current or power against the rating, %; null when unknown.</param>
/// <param name="FlowKw">Active power entering the branch, kW (balanced solves only).</param>
/// <param name="FlowKvar">Reactive power entering the branch, kvar (balanced solves only).</param>
public sealed record PowerFlowBranch(string Id, double? CurrentA, double? LoadingPct, double? FlowKw, double? FlowKvar);

/// <summary>A transformer area (load point) predicted below its limit.</summary>
/// <param name="LoadPoint">Load-point id.</param>
/// <param name="Bus">Its bus.</param>
/// <param name="Feeder">Its feeder; null when de-energised.</param>
/// <param name="Customers">Customers of the area.</param>
/// <param name="VoltagePu">Predicted customer voltage, pu.</param>
/// <param name="LimitPu">Lower limit, pu.</param>
public sealed record PowerFlowLowArea(string LoadPoint, string Bus, string? Feeder, int Customers, double VoltagePu, double LimitPu);

/// <summary>A branch above its rating.</summary>
/// <param name="Branch">Branch id.</param>
/// <param name="Kind">overhead_line, cable, transformer, bus_tie.</param>
/// <param name="LoadingPct">Loading, %.</param>
/// <param name="CurrentA">Current, A.</param>
public sealed record PowerFlowOverload(string Branch, BranchKind Kind, double LoadingPct, double CurrentA);

/// <summary>A regulator's steady tap.</summary>
/// <param name="Id">RegControl id.</param>
/// <param name="Transformer">Transformer it moves.</param>
/// <param name="Tap">Tap position in steps from neutral.</param>
/// <param name="TapPu">Tap, pu.</param>
/// <param name="ControlVoltageV">Compensated control voltage on the 120 V scale, V.</param>
public sealed record PowerFlowRegulator(string Id, string Transformer, int Tap, double TapPu, double ControlVoltageV);

/// <summary>A problem found while solving (file and line when it comes from an input file).</summary>
/// <param name="Severity">error or warning.</param>
/// <param name="File">Input file; empty when none.</param>
/// <param name="Line">1-based line; 0 when none.</param>
/// <param name="Field">Field or element.</param>
/// <param name="Message">What is wrong.</param>
public sealed record PowerFlowProblem(string Severity, string File, int Line, string Field, string Message)
{
    /// <summary>The problem of a diagnostic.</summary>
    public static PowerFlowProblem Of(Diagnostic d) =>
        new(d.Severity == DiagnosticSeverity.Error ? "error" : "warning", d.Location.File, d.Location.Line, d.Field, d.Message);
}

/// <summary>
/// The answer to <c>lumen voltage powerflow</c> and <c>POST /api/voltage/powerflow</c>: convergence, power balance,
/// the lowest voltage, predicted low-voltage customers and overloads, every bus (with its phases for three-phase
/// solves) and branch, regulator taps and problems. Values that are not available are null.
/// </summary>
/// <param name="Path">Input path (CLI); null otherwise.</param>
/// <param name="Converged">True when the solve converged.</param>
/// <param name="Iterations">Iterations (balanced: sweeps of the slowest feeder; three-phase: current-injection iterations).</param>
/// <param name="LossesKw">Series losses, kW.</param>
/// <param name="LossesKvar">Series reactive losses, kvar (balanced solves only).</param>
/// <param name="SourceKw">Active power from the sources, kW.</param>
/// <param name="SourceKvar">Reactive power from the sources, kvar.</param>
/// <param name="LoadKw">Active power of the loads at their solved voltages, kW.</param>
/// <param name="MinVoltagePu">Lowest bus (three-phase: phase) voltage, pu; null when not converged.</param>
/// <param name="MinVoltageBus">Where; null when not converged.</param>
/// <param name="Profile">Voltage profile used.</param>
/// <param name="LowVoltageCustomers">Customers predicted below the limit; null when not converged.</param>
/// <param name="LowVoltageAreas">Load points predicted below the limit; null when not converged.</param>
/// <param name="OverloadedBranches">Branches above 100 % of rating; null when not converged.</param>
/// <param name="Buses">Every bus.</param>
/// <param name="Branches">Every branch.</param>
/// <param name="Diagnostics">Problems.</param>
/// <param name="Version">Stored network version (service); null otherwise.</param>
/// <param name="Model"><c>balanced</c> or <c>three_phase</c>.</param>
/// <param name="LoadScale">Load scale applied.</param>
/// <param name="SourceVoltagePu">Source voltage, pu (three-phase: the model's own unless the scenario sets one).</param>
/// <param name="LowAreas">Low-voltage load points, lowest first (up to the request's top).</param>
/// <param name="Overloaded">Overloaded branches, most loaded first (up to the request's top).</param>
/// <param name="Regulators">Regulator taps (three-phase solves).</param>
public sealed record PowerFlowReport(
    string? Path,
    bool Converged,
    int Iterations,
    double? LossesKw,
    double? LossesKvar,
    double? SourceKw,
    double? SourceKvar,
    double? LoadKw,
    double? MinVoltagePu,
    string? MinVoltageBus,
    string Profile,
    long? LowVoltageCustomers,
    int? LowVoltageAreas,
    int? OverloadedBranches,
    IReadOnlyList<PowerFlowBus> Buses,
    IReadOnlyList<PowerFlowBranch> Branches,
    IReadOnlyList<PowerFlowProblem> Diagnostics,
    int? Version,
    string Model,
    double LoadScale,
    double SourceVoltagePu,
    IReadOnlyList<PowerFlowLowArea> LowAreas,
    IReadOnlyList<PowerFlowOverload> Overloaded,
    IReadOnlyList<PowerFlowRegulator> Regulators);

/// <summary>
/// The one entry point of the power-flow question: a three-phase unbalanced solve (regulators at their steady taps)
/// when the request carries a phase model and the scenario only scales load or sets the source voltage, else the
/// balanced radial sweep with every what-if change; then the low-voltage prediction against the profile.
/// </summary>
/// <remarks>Thread-safe; O(network) per call.</remarks>
public static class PowerFlowQuery
{
    private static readonly string[] s_phaseNames = ["a", "b", "c"];

    /// <summary>Answers <paramref name="request"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static PowerFlowReport Run(PowerFlowRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        PowerFlowScenario scenario = request.Scenario;
        var notes = new List<PowerFlowProblem>(request.Notes.Select(PowerFlowProblem.Of));
        if (request.Phases is not null)
        {
            if (OnlyScalesLoad(scenario))
            {
                return ThreePhase(request, request.Phases, notes);
            }

            notes.Add(new PowerFlowProblem("warning", string.Empty, 0, "scenario",
                "the scenario changes loads, capacitors, taps, impedances or switches of the single-line model: solved balanced (a three-phase solve takes load_scale and source_pu only)"));
        }

        return Balanced(request, notes);
    }

    private static bool OnlyScalesLoad(PowerFlowScenario s) =>
        s.State is null && s.Loads.Count == 0 && s.LoadModels.Count == 0 && s.CapacitorKvar.Count == 0 && s.TapPu.Count == 0
        && s.Branches.Count == 0 && s.LoadModel == LoadModel.ConstantPower;

    private static PowerFlowReport Balanced(PowerFlowRequest request, List<PowerFlowProblem> notes)
    {
        LowVoltageReport report = LowVoltagePrediction.Predict(request.Network, request.Scenario, request.Profile);
        PowerFlowResult f = report.PowerFlow;
        Net net = request.Network;
        bool ok = f.Converged;
        var buses = new List<PowerFlowBus>(net.NodeCount);
        for (int v = 0; v < net.NodeCount; v++)
        {
            buses.Add(new PowerFlowBus(net.NodeIds[v], Value(f.VoltagePu[v]), Value(f.AngleDeg[v]), Value(f.VoltageKv(v)), null));
        }

        var branches = new List<PowerFlowBranch>(net.EdgeCount);
        for (int e = 0; e < net.EdgeCount; e++)
        {
            branches.Add(new PowerFlowBranch(net.EdgeIds[e], Value(f.CurrentA[e]), Value(f.LoadingPct[e]), Value(f.FlowKw[e]), Value(f.FlowKvar[e])));
        }

        int top = request.Top ?? int.MaxValue;
        List<PowerFlowLowArea> low = ok ? [.. report.LowAreas.Take(top).Select(a => new PowerFlowLowArea(a.LoadPointId, a.BusId, a.Feeder, a.Customers, a.VoltagePu, a.LimitPu))] : [];
        List<PowerFlowOverload> over = ok ? [.. report.Overloaded.Take(top).Select(b => new PowerFlowOverload(b.BranchId, b.Kind, b.LoadingPct, b.CurrentA))] : [];
        notes.AddRange(f.Diagnostics.Select(PowerFlowProblem.Of));
        return new PowerFlowReport(
            request.Path, f.Converged, f.Iterations, Value(f.LossesKw), Value(f.LossesKvar), Value(f.SourceKw), Value(f.SourceKvar), Value(f.LoadKw),
            ok ? Value(f.MinVoltagePu) : null, ok ? f.MinVoltageBus : null, request.Profile.Name,
            ok ? report.LowVoltageCustomers : null, ok ? report.LowAreas.Count : null, ok ? report.Overloaded.Count : null,
            buses, branches, notes, request.Version, "balanced", request.Scenario.LoadScale, request.Scenario.SourceVoltagePu, low, over, []);
    }

    private static PowerFlowReport ThreePhase(PowerFlowRequest request, PhaseNetwork phases, List<PowerFlowProblem> notes)
    {
        PowerFlowScenario scenario = request.Scenario;
        PhaseNetwork model = phases;
        if (scenario.SourceVoltagePu != PowerFlowScenario.Base.SourceVoltagePu)
        {
            model = WithSourcePu(phases, scenario.SourceVoltagePu);
        }

        var multipliers = new double[model.Loads.Count];
        Array.Fill(multipliers, scenario.LoadScale);
        ThreePhaseResult r = new ThreePhasePowerFlow(model).Solve(multipliers);
        Net net = request.Network;
        bool ok = r.Converged;
        var buses = new List<PowerFlowBus>(net.NodeCount);
        for (int v = 0; v < net.NodeCount; v++)
        {
            buses.Add(Bus(net.NodeIds[v], model, r));
        }

        var lineCurrent = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < model.Lines.Count; i++)
        {
            lineCurrent[model.Lines[i].Id] = r.LineCurrentA[i];
        }

        var branches = new List<PowerFlowBranch>(net.EdgeCount);
        var overloaded = new List<PowerFlowOverload>();
        for (int e = 0; e < net.EdgeCount; e++)
        {
            double? current = lineCurrent.TryGetValue(net.EdgeIds[e], out double amps) ? Value(amps) : null;
            double rating = net.EdgeRating[e];
            double? loading = current is double a && net.EdgeKinds[e] != BranchKind.Transformer && rating > 0 ? 100 * a / rating : null;
            branches.Add(new PowerFlowBranch(net.EdgeIds[e], current, loading, null, null));
            if (ok && loading > 100)
            {
                overloaded.Add(new PowerFlowOverload(net.EdgeIds[e], net.EdgeKinds[e], loading.Value, current!.Value));
            }
        }

        // Low voltage per load point: the OpenDSS loads are the load points (same names).
        var low = new List<PowerFlowLowArea>();
        long customers = 0;
        if (ok)
        {
            var loadIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int l = 0; l < model.Loads.Count; l++)
            {
                loadIndex[model.Loads[l].Id] = l;
            }

            ReadOnlySpan<int> feederOf = net.Normal.FeederOf;
            for (int lp = 0; lp < net.LoadPointCount; lp++)
            {
                if (!loadIndex.TryGetValue(net.LoadPointIds[lp], out int l) || double.IsNaN(r.LoadVoltagePu[l]))
                {
                    continue;
                }

                int node = net.LoadPointNode[lp];
                double limit = LowVoltagePrediction.LimitPu(request.Profile, net.NominalKv[node]);
                if (r.LoadVoltagePu[l] < limit)
                {
                    int f = feederOf[node];
                    low.Add(new PowerFlowLowArea(net.LoadPointIds[lp], net.NodeIds[node], f >= 0 ? net.Normal.FeederNames[f] : null, net.Customers[lp], r.LoadVoltagePu[l], limit));
                    customers += net.Customers[lp];
                }
            }
        }

        low.Sort((x, y) => x.VoltagePu.CompareTo(y.VoltagePu));
        overloaded.Sort((x, y) => y.LoadingPct.CompareTo(x.LoadingPct));
        int top = request.Top ?? int.MaxValue;
        var regulators = r.Taps.Select(t => new PowerFlowRegulator(t.Id, t.Transformer, t.Step, t.TapPu, t.ControlVoltageV)).ToList();
        return new PowerFlowReport(
            request.Path, r.Converged, r.Iterations, Value(r.LossesKw), null, Value(r.SourceKw), Value(r.SourceKvar), Value(r.LoadKw),
            ok ? Value(r.MinVoltagePu) : null, ok ? r.MinVoltageBus : null, request.Profile.Name,
            ok ? customers : null, ok ? low.Count : null, ok ? overloaded.Count : null,
            buses, branches, [.. notes, .. r.Diagnostics.Select(PowerFlowProblem.Of)], request.Version, "three_phase", scenario.LoadScale, model.Source.Pu,
            [.. low.Take(top)], [.. overloaded.Take(top)], regulators);
    }

    private static PowerFlowBus Bus(string id, PhaseNetwork model, ThreePhaseResult r)
    {
        if (!model.BusIndex.TryGetValue(id, out int b))
        {
            return new PowerFlowBus(id, null, null, null, []);
        }

        var phases = new List<PhaseVoltage>(3);
        double lowest = double.NaN;
        double angle = double.NaN;
        for (int k = 0; k < 3; k++)
        {
            if (!r.HasPhase(b, k))
            {
                continue;
            }

            double pu = r.VoltagePu(b, k);
            double deg = r.AngleDeg(b, k);
            phases.Add(new PhaseVoltage(s_phaseNames[k], pu, deg));
            if (!(pu >= lowest))
            {
                lowest = pu;
            }

            if (double.IsNaN(angle))
            {
                angle = deg;
            }
        }

        return new PowerFlowBus(id, Value(lowest), Value(angle), Value(lowest * model.BaseKvLl[b]), phases);
    }

    private static PhaseNetwork WithSourcePu(PhaseNetwork p, double pu) =>
        new(p.BusIds, p.BaseKvLl, p.Source with { Pu = pu }, p.Lines, p.Transformers, p.Loads, p.Capacitors, p.Regulators, p.LoadShapes);

    private static double? Value(double x) => double.IsFinite(x) ? x : null;
}
