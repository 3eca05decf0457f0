using System.Collections.Frozen;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Tests.Predictive;

/// <summary>
/// The full (AC, non-linear) side of a transfer check: the network re-switched for one restoration (faulted subtree cut
/// off, the picked-up parts fed through their closed ties, cut switches open) and solved by <see cref="RadialPowerFlow"/>
/// (backward/forward sweep with losses and voltage-dependent currents), with the loads the transfer model uses.
/// </summary>
internal sealed class FullPowerFlowOracle
{
    private readonly Network _network;
    private readonly RestorationLimits _limits;
    private readonly RadialPowerFlow _solver;
    private readonly FrozenDictionary<int, LoadKva> _loads;

    public FullPowerFlowOracle(Network network, RestorationLimits limits)
    {
        _network = network;
        _limits = limits;
        _solver = new RadialPowerFlow(network);

        // The transfer model's loads: the peak (the average where no peak is given), negative kvar as 0.
        var loads = new Dictionary<int, LoadKva>();
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            bool peak = network.PeakKw[l] > 0;
            loads[l] = new LoadKva(peak ? network.PeakKw[l] : Math.Max(0, network.AverageKw[l]), peak ? Math.Max(0, network.PeakKvar[l]) : 0);
        }

        _loads = loads.ToFrozenDictionary();
    }

    /// <summary>
    /// One restoration re-switched: the edge above <paramref name="deadTop"/> open (its subtree lost), and per injection
    /// the edge above its top and above its cut open and its tie closed. Only the feeder that now feeds the first
    /// injection's near end keeps its loads (feeders are independent behind their sources, and the transfer check looks
    /// at that feeder alone), so that a far-overloaded feeder elsewhere cannot stop the sweep.
    /// </summary>
    public Restoration Switch(int deadTop, IReadOnlyList<Injection> injections)
    {
        RadialTrace normal = _network.Normal;
        SwitchState state = _network.NormalState.WithBranch(new EdgeIndex(normal.ParentEdge[deadTop]), open: true);
        foreach (Injection inj in injections)
        {
            if (inj.Top != deadTop)
            {
                state = state.WithBranch(new EdgeIndex(normal.ParentEdge[inj.Top]), open: true);
            }

            if (inj.Cut >= 0)
            {
                state = state.WithBranch(new EdgeIndex(normal.ParentEdge[inj.Cut]), open: true);
            }

            state = state.WithEdgeClosed(new EdgeIndex(inj.TieEdge), closed: true);
        }

        var trace = RadialTrace.Compute(_network, state);
        var feeders = new HashSet<int>();
        foreach (Injection inj in injections)
        {
            feeders.Add(trace.FeederOf[inj.Near]);
        }

        var loads = new Dictionary<int, LoadKva>();
        for (int l = 0; l < _network.LoadPointCount; l++)
        {
            loads[l] = feeders.Contains(trace.FeederOf[_network.LoadPointNode[l]]) ? _loads[l] : default;
        }

        return new Restoration(state, feeders.ToFrozenSet(), loads.ToFrozenDictionary());
    }

    /// <summary>
    /// Whether, at <paramref name="fraction"/> of peak load, the receiving feeders stay within every rating and at or
    /// above the minimum voltage at every medium-voltage bus (a sweep that does not converge fails).
    /// </summary>
    public bool Fits(Restoration restoration, double fraction, out PowerFlowResult flow)
    {
        var scenario = new PowerFlowScenario
        {
            State = restoration.State,
            LoadScale = fraction,
            SourceVoltagePu = _limits.SourceVoltagePu,
            Loads = restoration.Loads,
        };
        flow = _solver.Solve(scenario);
        if (!flow.Solved || !flow.Converged)
        {
            return false;
        }

        RadialTrace trace = flow.Trace;
        for (int v = 0; v < _network.NodeCount; v++)
        {
            if (!restoration.Feeders.Contains(trace.FeederOf[v]) || trace.ParentEdge[v] < 0)
            {
                continue;
            }

            if (flow.LoadingPct[trace.ParentEdge[v]] > 100 * (1 + 1e-9)
                || (_network.NominalKv[v] >= 1 && flow.VoltagePu[v] < _limits.MinimumVoltagePu * (1 - 1e-9)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The largest fraction of peak at which the restoration fits, by bisection to 1e-6 relative (monotone in load).</summary>
    public double CriticalFraction(Restoration restoration, double guess)
    {
        double lo = 0;
        double hi = guess;
        while (Fits(restoration, hi, out _))
        {
            lo = hi;
            hi *= 2;
            if (hi > 1e6)
            {
                return double.PositiveInfinity;
            }
        }

        while (hi - lo > 1e-6 * hi)
        {
            double mid = 0.5 * (lo + hi);
            if (Fits(restoration, mid, out _))
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>A re-switched network: its state, the receiving feeders (in that state's trace) and the loads solved.</summary>
    internal sealed record Restoration(SwitchState State, FrozenSet<int> Feeders, FrozenDictionary<int, LoadKva> Loads);
}
