using Lumen.Reliability.Voltage.PowerFlow.ThreePhase;
using Lumen.Topology.Phases;

namespace Lumen.Reliability.Voltage;

/// <summary>A phase rebalancing question: a phase model with load shapes, the limits and how many customers may move.</summary>
/// <param name="Network">The phase model.</param>
/// <param name="Profile">Voltage limits.</param>
public sealed record PhaseRebalancingRequest(PhaseNetwork Network, VoltageProfile Profile)
{
    /// <summary>Most customers moved (each move is a site visit).</summary>
    public int MaxMoves { get; init; } = 20;

    /// <summary>Settings of the day runs before and after (steps, load scale, unbalance limit).</summary>
    public LowVoltageDayRequest? Day { get; init; }
}

/// <summary>One customer moved to another phase (换相).</summary>
/// <param name="Load">Load id.</param>
/// <param name="Bus">Its bus.</param>
/// <param name="Transformer">Its transformer.</param>
/// <param name="FromPhase">Phase before.</param>
/// <param name="ToPhase">Phase after.</param>
public sealed record PhaseMove(string Load, string Bus, string Transformer, string FromPhase, string ToPhase);

/// <summary>The answer: the moves and the day before and after them.</summary>
/// <param name="Moves">Customers to move, in the order chosen.</param>
/// <param name="Before">The day as it is.</param>
/// <param name="After">The day with the moves made.</param>
/// <param name="LowVoltageCustomersBefore">Customers below the limit at least one minute, before.</param>
/// <param name="LowVoltageCustomersAfter">After.</param>
/// <param name="CustomerMinutesBelowBefore">Customer-minutes below the limit, before.</param>
/// <param name="CustomerMinutesBelowAfter">After.</param>
public sealed record PhaseRebalancingReport(
    IReadOnlyList<PhaseMove> Moves, LowVoltageDayReport Before, LowVoltageDayReport After,
    int LowVoltageCustomersBefore, int LowVoltageCustomersAfter, double CustomerMinutesBelowBefore, double CustomerMinutesBelowAfter);

/// <summary>
/// Phase rebalancing (换相) as a low-voltage fix: reassigns single-phase customers of each distribution transformer to
/// phases so that the per-phase load over the day is as even as possible, then re-runs the day to show the moves'
/// effect on low-voltage customers, minutes and unbalance.
/// </summary>
/// <remarks>
/// <para>Objective per transformer: the sum over the day's steps of its most loaded phase's kW (the phase that sets
/// the drop and the unbalance), from the customers' load shapes. Local search: repeatedly make the single move (one
/// customer to another phase) that lowers the objective most, up to <see cref="PhaseRebalancingRequest.MaxMoves"/>
/// moves; a customer moves at most once. Each candidate is scored in O(steps), so the search costs
/// O(moves × customers × steps) before the two day runs. A heuristic: it balances load, not voltage directly; the day
/// runs report the true before and after.</para>
/// <para>Only single-phase wye customers under a three-phase wye low side move; others stay.</para>
/// </remarks>
public static class PhaseRebalancing
{
    private static readonly string[] s_phases = ["a", "b", "c"];

    /// <summary>Plans the moves and evaluates them.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="PhaseRebalancingRequest.MaxMoves"/> is negative.</exception>
    public static PhaseRebalancingReport Run(PhaseRebalancingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.MaxMoves, nameof(request));
        PhaseNetwork net = request.Network;
        LowVoltageDayRequest day = (request.Day ?? new LowVoltageDayRequest(net, request.Profile)) with { Network = net, Profile = request.Profile };
        int steps = day.Steps ?? LowVoltageDay.DefaultSteps(net, day.StepMinutes);
        int[] supplier = PhaseUnbalance.SupplyingTransformer(net);

        // Each movable customer's kW per step, and each transformer's kW per phase per step.
        int loads = net.Loads.Count;
        var movable = new List<int>();
        for (int l = 0; l < loads; l++)
        {
            PhaseLoad load = net.Loads[l];
            if (load.Phases == 1 && load.Connection == PhaseConnection.Wye && load.Nodes[0] is >= 1 and <= 3 && supplier[load.Bus] >= 0)
            {
                movable.Add(l);
            }
        }

        var profile = new double[loads][];
        var transformerIndex = new Dictionary<int, int>();
        foreach (int t in PhaseUnbalance.DistributionTransformers(net))
        {
            transformerIndex[t] = transformerIndex.Count;
        }

        var phaseLoad = new double[transformerIndex.Count * 3][];
        for (int i = 0; i < phaseLoad.Length; i++)
        {
            phaseLoad[i] = new double[steps];
        }

        var multipliers = new double[loads];
        for (int l = 0; l < loads; l++)
        {
            profile[l] = new double[steps];
        }

        for (int s = 0; s < steps; s++)
        {
            LowVoltageDay.Multipliers(net, s * day.StepMinutes, day.LoadScale, multipliers);
            for (int l = 0; l < loads; l++)
            {
                profile[l][s] = multipliers[l] * net.Loads[l].Kw;
            }
        }

        var phase = new int[loads];
        foreach (int l in movable)
        {
            phase[l] = net.Loads[l].Nodes[0] - 1;
            double[] target = phaseLoad[(transformerIndex[supplier[net.Loads[l].Bus]] * 3) + phase[l]];
            for (int s = 0; s < steps; s++)
            {
                target[s] += profile[l][s];
            }
        }

        var moved = new HashSet<int>();
        var moves = new List<(int Load, int From, int To)>();
        while (moves.Count < request.MaxMoves)
        {
            double bestGain = 1e-9;
            (int Load, int To) best = (-1, -1);
            foreach (int l in movable)
            {
                if (moved.Contains(l))
                {
                    continue;
                }

                int k = transformerIndex[supplier[net.Loads[l].Bus]];
                double before = PeakSum(phaseLoad, k, steps, phase[l], -1, -1, profile);
                for (int to = 0; to < 3; to++)
                {
                    if (to == phase[l])
                    {
                        continue;
                    }

                    double gain = before - PeakSum(phaseLoad, k, steps, phase[l], to, l, profile);
                    if (gain > bestGain)
                    {
                        bestGain = gain;
                        best = (l, to);
                    }
                }
            }

            if (best.Load < 0)
            {
                break;
            }

            int kk = transformerIndex[supplier[net.Loads[best.Load].Bus]];
            double[] from = phaseLoad[(kk * 3) + phase[best.Load]];
            double[] into = phaseLoad[(kk * 3) + best.To];
            for (int s = 0; s < steps; s++)
            {
                from[s] -= profile[best.Load][s];
                into[s] += profile[best.Load][s];
            }

            moves.Add((best.Load, phase[best.Load], best.To));
            phase[best.Load] = best.To;
            moved.Add(best.Load);
        }

        PhaseNetwork after = Apply(net, moves);
        LowVoltageDayReport reportBefore = LowVoltageDay.Run(day);
        LowVoltageDayReport reportAfter = LowVoltageDay.Run(day with { Network = after });
        var list = new List<PhaseMove>(moves.Count);
        foreach ((int l, int f, int t) in moves)
        {
            PhaseLoad load = net.Loads[l];
            list.Add(new PhaseMove(load.Id, net.BusIds[load.Bus], net.Transformers[supplier[load.Bus]].Id, s_phases[f], s_phases[t]));
        }

        return new PhaseRebalancingReport(list, reportBefore, reportAfter, reportBefore.LowVoltageCustomers, reportAfter.LowVoltageCustomers,
            reportBefore.CustomerMinutesBelow, reportAfter.CustomerMinutesBelow);
    }

    /// <summary>The phase model with the customers moved: each moved load's phase node replaced.</summary>
    public static PhaseNetwork Apply(PhaseNetwork network, IReadOnlyList<(int Load, int From, int To)> moves)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(moves);
        var loads = new List<PhaseLoad>(network.Loads);
        foreach ((int l, _, int to) in moves)
        {
            PhaseLoad load = loads[l];
            int[] nodes = (int[])load.Nodes.Clone();
            nodes[0] = to + 1;
            loads[l] = load with { Nodes = nodes };
        }

        return new PhaseNetwork(network.BusIds, network.BaseKvLl, network.Source, network.Lines, network.Transformers, loads, network.Capacitors, network.Regulators, network.LoadShapes);
    }

    /// <summary>
    /// Σ over steps of the most loaded phase of transformer <paramref name="k"/>, with customer <paramref name="load"/>
    /// moved from phase <paramref name="from"/> to <paramref name="to"/> (no move when <paramref name="to"/> is -1).
    /// </summary>
    private static double PeakSum(double[][] phaseLoad, int k, int steps, int from, int to, int load, double[][] profile)
    {
        double[] a = phaseLoad[k * 3];
        double[] b = phaseLoad[(k * 3) + 1];
        double[] c = phaseLoad[(k * 3) + 2];
        double[]? shape = to >= 0 ? profile[load] : null;
        double sum = 0;
        for (int s = 0; s < steps; s++)
        {
            double pa = a[s];
            double pb = b[s];
            double pc = c[s];
            if (shape is not null)
            {
                double x = shape[s];
                if (from == 0) { pa -= x; } else if (from == 1) { pb -= x; } else { pc -= x; }
                if (to == 0) { pa += x; } else if (to == 1) { pb += x; } else { pc += x; }
            }

            sum += Math.Max(pa, Math.Max(pb, pc));
        }

        return sum;
    }
}
