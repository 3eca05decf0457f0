using System.Numerics;
using Lumen.Reliability.Voltage.PowerFlow.ThreePhase;
using Lumen.Topology.Phases;

namespace Lumen.Reliability.Voltage;

/// <summary>Why a customer's voltage fell below its limit on the 0.4 kV side.</summary>
public enum LowVoltageCause
{
    /// <summary>The transformer carried more than its rated kVA.</summary>
    TransformerOverload,

    /// <summary>The transformer's low-voltage terminal was already below the limit on the customer's phase (the medium-voltage supply or the tap).</summary>
    HeadEnd,

    /// <summary>The transformer's phase currents were unbalanced beyond the limit and the customer's phase carried the most.</summary>
    Unbalance,

    /// <summary>None of the above: the drop along the low-voltage line took it below.</summary>
    LongLine,
}

/// <summary>A day (or any run of steps) of a phase model's load shapes.</summary>
/// <param name="Network">The phase model with its loads' shapes.</param>
/// <param name="Profile">Voltage limits: each customer is judged at its rated voltage's class (see <see cref="LowVoltageDay.LimitV"/>).</param>
public sealed record LowVoltageDayRequest(PhaseNetwork Network, VoltageProfile Profile)
{
    /// <summary>Time steps; null for the length of the longest load shape.</summary>
    public int? Steps { get; init; }

    /// <summary>Minutes per step.</summary>
    public double StepMinutes { get; init; } = 1;

    /// <summary>Factor on every load (growth what-if).</summary>
    public double LoadScale { get; init; } = 1;

    /// <summary>Current unbalance limit, % (see <see cref="PhaseUnbalance"/>).</summary>
    public double UnbalanceLimitPercent { get; init; } = PhaseUnbalance.DefaultLimitPercent;
}

/// <summary>One customer (load) over the day.</summary>
/// <param name="Load">Load id.</param>
/// <param name="Bus">Its bus.</param>
/// <param name="Phase">Its phase(s): a, b, c, ab …</param>
/// <param name="Transformer">Supplying distribution transformer; null when none.</param>
/// <param name="MinutesBelow">Minutes below the limit.</param>
/// <param name="MinVoltageV">Lowest voltage across its terminals, V.</param>
/// <param name="LimitV">Its lower limit, V.</param>
/// <param name="WorstMinute">Minute of the lowest voltage from the start.</param>
/// <param name="Cause">Why it was low at its worst minute; null when never below.</param>
/// <param name="HeadVoltageV">Transformer low-side voltage on its phase at its worst minute, V; null without a transformer.</param>
/// <param name="LineDropV">Drop from the transformer to the customer at its worst minute, V; null without a transformer.</param>
public sealed record LowVoltageCustomer(
    string Load, string Bus, string Phase, string? Transformer, double MinutesBelow, double MinVoltageV, double LimitV, double WorstMinute,
    LowVoltageCause? Cause, double? HeadVoltageV, double? LineDropV);

/// <summary>One distribution transformer over the day.</summary>
/// <param name="Transformer">Transformer id.</param>
/// <param name="Kva">Rating, kVA.</param>
/// <param name="MaxUnbalancePercent">Largest current unbalance, %.</param>
/// <param name="MeanUnbalancePercent">Current unbalance averaged over the steps with load, %.</param>
/// <param name="MinutesAboveLimit">Minutes above the unbalance limit.</param>
/// <param name="PeakLoadingPercent">Largest loading, % of kVA.</param>
/// <param name="PeakMinute">Minute of the largest loading.</param>
public sealed record TransformerUnbalance(string Transformer, double Kva, double MaxUnbalancePercent, double MeanUnbalancePercent, double MinutesAboveLimit, double PeakLoadingPercent, double PeakMinute);

/// <summary>The day's answer: minutes below the limit per customer with the cause, and the transformers' unbalance.</summary>
/// <param name="Steps">Steps solved.</param>
/// <param name="StepMinutes">Minutes per step.</param>
/// <param name="UnsettledSteps">Steps whose solve did not converge (their voltages still count).</param>
/// <param name="LowVoltageCustomers">Customers below the limit for at least one step.</param>
/// <param name="CustomerMinutesBelow">Sum of the customers' minutes below.</param>
/// <param name="UnbalanceLimitPercent">Unbalance limit used, %.</param>
/// <param name="Customers">Every customer.</param>
/// <param name="Transformers">Every distribution transformer.</param>
/// <param name="Problems">Why the network could not be solved at all (a loop, a singular element); empty when it could.</param>
public sealed record LowVoltageDayReport(
    int Steps, double StepMinutes, int UnsettledSteps, int LowVoltageCustomers, double CustomerMinutesBelow, double UnbalanceLimitPercent,
    IReadOnlyList<LowVoltageCustomer> Customers, IReadOnlyList<TransformerUnbalance> Transformers, IReadOnlyList<PowerFlowProblem> Problems);

/// <summary>
/// Solves a phase model minute by minute through its loads' shapes (each step warm-started from the previous one) and
/// counts, per customer, the minutes below the limit, so predicted and metered low-voltage minutes can be compared;
/// explains each low customer at its worst minute and reports each distribution transformer's current unbalance.
/// </summary>
/// <remarks>
/// <para>Causes, first that holds at the customer's worst minute: <see cref="LowVoltageCause.TransformerOverload"/>
/// (loading above 100 %), <see cref="LowVoltageCause.HeadEnd"/> (the transformer's terminal on the customer's phase
/// already below the limit), <see cref="LowVoltageCause.Unbalance"/> (unbalance above the limit and the customer's
/// phase the most loaded), else <see cref="LowVoltageCause.LongLine"/>.</para>
/// <para>O(steps × iterations × buses); no allocation per step. Thread-safe (one solver per call).</para>
/// </remarks>
public static class LowVoltageDay
{
    private static readonly string[] s_phases = ["a", "b", "c"];

    /// <summary>Runs the day.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Steps, step length or load scale out of range.</exception>
    public static LowVoltageDayReport Run(LowVoltageDayRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        PhaseNetwork net = request.Network;
        if (!(request.StepMinutes > 0) || !double.IsFinite(request.StepMinutes) || !(request.LoadScale >= 0) || !double.IsFinite(request.LoadScale))
        {
            throw new ArgumentOutOfRangeException(nameof(request), "step minutes must be positive and the load scale non-negative");
        }

        int steps = request.Steps ?? DefaultSteps(net, request.StepMinutes);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1, nameof(request));
        int loads = net.Loads.Count;
        var limitV = new double[loads];
        var ratedV = new double[loads];
        for (int l = 0; l < loads; l++)
        {
            ratedV[l] = RatedV(net.Loads[l]);
            limitV[l] = LimitV(request.Profile, ratedV[l]);
        }

        int[] supplier = PhaseUnbalance.SupplyingTransformer(net);
        IReadOnlyList<int> transformers = PhaseUnbalance.DistributionTransformers(net);
        var solver = new ThreePhasePowerFlow(net);
        var multipliers = new double[loads];
        Multipliers(net, 0, request.LoadScale, multipliers);
        ThreePhaseResult first = solver.Solve(multipliers);
        if (!first.Solved)
        {
            return new LowVoltageDayReport(0, request.StepMinutes, 0, 0, 0, request.UnbalanceLimitPercent, [], [], [.. first.Diagnostics.Select(PowerFlowProblem.Of)]);
        }

        var voltagePu = new double[loads];
        var minutesBelow = new double[loads];
        var minV = new double[loads];
        var worstStep = new int[loads];
        Array.Fill(minV, double.PositiveInfinity);
        var maxUnbalance = new double[transformers.Count];
        var sumUnbalance = new double[transformers.Count];
        var loadedSteps = new int[transformers.Count];
        var minutesAbove = new double[transformers.Count];
        var peakLoading = new double[transformers.Count];
        var peakStep = new int[transformers.Count];
        int unsettled = 0;
        for (int step = 0; step < steps; step++)
        {
            Multipliers(net, step * request.StepMinutes, request.LoadScale, multipliers);
            if (!solver.Step(multipliers))
            {
                unsettled++;
            }

            solver.LoadVoltagesPu(voltagePu);
            for (int l = 0; l < loads; l++)
            {
                double v = voltagePu[l] * ratedV[l];
                if (v < limitV[l])
                {
                    minutesBelow[l] += request.StepMinutes;
                }

                if (v < minV[l])
                {
                    minV[l] = v;
                    worstStep[l] = step;
                }
            }

            for (int k = 0; k < transformers.Count; k++)
            {
                (double ia, double ib, double ic, double loading) = PhaseUnbalance.LowSide(solver, transformers[k]);
                double unbalance = PhaseUnbalance.CurrentUnbalancePercent(ia, ib, ic);
                if (ia + ib + ic > 0)
                {
                    sumUnbalance[k] += unbalance;
                    loadedSteps[k]++;
                }

                maxUnbalance[k] = Math.Max(maxUnbalance[k], unbalance);
                if (unbalance > request.UnbalanceLimitPercent)
                {
                    minutesAbove[k] += request.StepMinutes;
                }

                if (loading > peakLoading[k])
                {
                    peakLoading[k] = loading;
                    peakStep[k] = step;
                }
            }
        }

        var customers = new LowVoltageCustomer[loads];
        int low = 0;
        double total = 0;
        for (int l = 0; l < loads; l++)
        {
            PhaseLoad load = net.Loads[l];
            int t = supplier[load.Bus];
            LowVoltageCause? cause = null;
            double? head = null;
            double? drop = null;
            if (minutesBelow[l] > 0)
            {
                low++;
                total += minutesBelow[l];
                Multipliers(net, worstStep[l] * request.StepMinutes, request.LoadScale, multipliers);
                solver.Step(multipliers);
                (cause, head, drop) = Explain(solver, l, t, limitV[l], request.UnbalanceLimitPercent);
            }

            customers[l] = new LowVoltageCustomer(load.Id, net.BusIds[load.Bus], PhaseName(load), t >= 0 ? net.Transformers[t].Id : null,
                minutesBelow[l], Finite(minV[l]), limitV[l], worstStep[l] * request.StepMinutes, cause, head, drop);
        }

        var rows = new TransformerUnbalance[transformers.Count];
        for (int k = 0; k < transformers.Count; k++)
        {
            PhaseTransformer tr = net.Transformers[transformers[k]];
            rows[k] = new TransformerUnbalance(tr.Id, tr.Windings[^1].Kva, maxUnbalance[k], loadedSteps[k] > 0 ? sumUnbalance[k] / loadedSteps[k] : 0,
                minutesAbove[k], peakLoading[k], peakStep[k] * request.StepMinutes);
        }

        return new LowVoltageDayReport(steps, request.StepMinutes, unsettled, low, total, request.UnbalanceLimitPercent, customers, rows, []);
    }

    /// <summary>
    /// The lower limit, in volts, of a customer rated <paramref name="ratedV"/> across its terminals: the profile's class
    /// of that voltage in volts when one matches (within 1 %), else the nearest class's limit in per unit of the rating
    /// (a 230 V customer on GB/T 12325's 220 V class: −10 %, 207 V).
    /// </summary>
    public static double LimitV(VoltageProfile profile, double ratedV)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.TryGetLimit(ratedV, out VoltageLimit exact))
        {
            return exact.LowerV;
        }

        VoltageLimit nearest = profile.Limits[0];
        foreach (VoltageLimit l in profile.Limits)
        {
            if (Math.Abs(Math.Log(l.NominalV / ratedV)) < Math.Abs(Math.Log(nearest.NominalV / ratedV)))
            {
                nearest = l;
            }
        }

        return ratedV * nearest.LowerV / nearest.NominalV;
    }

    /// <summary>The rated voltage across a load's terminals, V (phase to neutral for a multi-phase wye load).</summary>
    public static double RatedV(PhaseLoad load)
    {
        ArgumentNullException.ThrowIfNull(load);
        return (load.Connection == PhaseConnection.Wye && load.Phases > 1 ? load.Kv / Math.Sqrt(3) : load.Kv) * 1000;
    }

    /// <summary>Steps that cover the longest load shape at <paramref name="stepMinutes"/>; 1 when there is none.</summary>
    public static int DefaultSteps(PhaseNetwork network, double stepMinutes)
    {
        ArgumentNullException.ThrowIfNull(network);
        double minutes = 0;
        foreach (PhaseLoadShape shape in network.LoadShapes.Values)
        {
            minutes = Math.Max(minutes, shape.IntervalMinutes * shape.Multipliers.Length);
        }

        return minutes > 0 ? Math.Max(1, (int)Math.Round(minutes / stepMinutes)) : 1;
    }

    /// <summary>Each load's multiplier at <paramref name="minute"/>: its shape's value (wrapping around) times the scale; the scale alone without a shape.</summary>
    public static void Multipliers(PhaseNetwork network, double minute, double scale, Span<double> multipliers)
    {
        ArgumentNullException.ThrowIfNull(network);
        for (int l = 0; l < network.Loads.Count; l++)
        {
            string? name = network.Loads[l].Shape;
            if (name is not null && network.LoadShapes.TryGetValue(name, out PhaseLoadShape? shape) && shape.Multipliers.Length > 0)
            {
                int index = (int)Math.Floor(minute / shape.IntervalMinutes) % shape.Multipliers.Length;
                multipliers[l] = scale * Math.Max(0, shape.Multipliers[index]);
            }
            else
            {
                multipliers[l] = scale;
            }
        }
    }

    internal static string PhaseName(PhaseLoad load)
    {
        if (load.Connection == PhaseConnection.Delta && load.Phases == 1)
        {
            return string.Concat(Phase(load.Nodes[0]), Phase(load.Nodes[1]));
        }

        string name = string.Empty;
        for (int p = 0; p < load.Phases; p++)
        {
            name += Phase(load.Nodes[p]);
        }

        return name;
    }

    private static string Phase(int node) => node is >= 1 and <= 3 ? s_phases[node - 1] : "n";

    private static (LowVoltageCause Cause, double? Head, double? Drop) Explain(ThreePhasePowerFlow solver, int load, int transformer, double limitV, double unbalanceLimit)
    {
        if (transformer < 0)
        {
            return (LowVoltageCause.LongLine, null, null);
        }

        PhaseNetwork net = solver.Network;
        PhaseLoad l = net.Loads[load];
        PhaseWinding low = net.Transformers[transformer].Windings[^1];
        Span<double> voltages = stackalloc double[net.Loads.Count];
        solver.LoadVoltagesPu(voltages);
        double customerV = voltages[load] * RatedV(l);

        // The transformer terminal's voltage across the same conductors as the customer.
        int a = l.Nodes[0];
        int b = l.Connection == PhaseConnection.Wye ? (l.Nodes.Length > l.Phases ? l.Nodes[l.Phases] : 0) : l.Nodes[1];
        Complex head = Node(solver, low.Bus, a) - Node(solver, low.Bus, b);
        double headV = head.Magnitude;
        (double ia, double ib, double ic, double loading) = PhaseUnbalance.LowSide(solver, transformer);
        double unbalance = PhaseUnbalance.CurrentUnbalancePercent(ia, ib, ic);
        double[] currents = [ia, ib, ic];
        int heaviest = ia >= ib && ia >= ic ? 1 : ib >= ic ? 2 : 3;
        LowVoltageCause cause = loading > 100 ? LowVoltageCause.TransformerOverload
            : headV < limitV ? LowVoltageCause.HeadEnd
            : unbalance > unbalanceLimit && a == heaviest && currents[heaviest - 1] > 0 ? LowVoltageCause.Unbalance
            : LowVoltageCause.LongLine;
        return (cause, headV, headV - customerV);
    }

    private static Complex Node(ThreePhasePowerFlow solver, int bus, int node) => node is >= 1 and <= 3 ? solver.Voltage(bus, node - 1) : Complex.Zero;

    private static double Finite(double x) => double.IsFinite(x) ? x : 0;
}
