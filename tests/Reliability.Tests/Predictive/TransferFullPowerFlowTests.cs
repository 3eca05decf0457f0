using FsCheck.Xunit;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Tests.Predictive;

/// <summary>
/// The transfer check against the full AC power flow: every restoration it accepts stays within ratings and voltage
/// limits when the re-switched network is solved by <c>RadialPowerFlow</c>, and it gives away at most a third of the
/// load the full power flow allows (docs/diagnosis.md has the measured distribution).
/// </summary>
public sealed class TransferFullPowerFlowTests
{
    // The check's critical load is at least 1/1.5 of the full power flow's (measured: median 1.004–1.03, p99 ≤ 1.16, max 1.41).
    private const double Pessimism = 1.5;

    [Property(MaxTest = 1000, Arbitrary = [typeof(RandomTiedNetworkArbitraries)])]
    public bool Check_RandomRestorations_IsConservativeAndCloseToTheFullPowerFlow(RandomTiedNetworkCase randomCase)
    {
        // Half the cases with line X/R of 0.3–3 (overhead lines and cables), half with R and X drawn independently.
        (Network network, _, ReliabilityOptions options) = randomCase.Build(realisticImpedance: randomCase.Seed % 2 == 0);
        RestorationLimits limits = options.Restoration!;
        var grid = new TransferNetwork(network, network.Normal, limits);
        var oracle = new FullPowerFlowOracle(network, limits);
        foreach ((int dead, Injection[] parts, int handedOn) in Restorations(network, new Random(randomCase.Seed), 30))
        {
            // A chained transfer: the receiving feeder without the subtree it hands on, and the third feeder with it.
            TransferCheck check = handedOn < 0
                ? grid.Check(grid.FeederOf(parts[0].Far), [dead], parts)
                : grid.Check(grid.FeederOf(parts[0].Far), [dead, handedOn], parts[..1]).Min(grid.Check(grid.FeederOf(parts[1].Far), [dead], parts[1..]));
            if (!double.IsFinite(check.CriticalFraction))
            {
                continue;
            }

            FullPowerFlowOracle.Restoration restoration = oracle.Switch(dead, parts);
            if (!oracle.Fits(restoration, check.CriticalFraction, out _) || oracle.Fits(restoration, check.CriticalFraction * Pessimism, out _))
            {
                double full = oracle.CriticalFraction(restoration, check.CriticalFraction);
                throw new Xunit.Sdk.XunitException(
                    $"{randomCase}: dead {network.NodeIds[dead]}, parts {string.Join(", ", parts)}: check {check.CriticalFraction} ({check.Kind} at {check.Element}), full power flow {full}");
            }
        }

        return true;
    }

    /// <summary>
    /// Random restorations of a network: a dead subtree and one or two parts below it (a subtree, possibly without a
    /// cut-away subtree) each fed through a tie from a live feeder, the two of a pair from the same feeder; or a chained
    /// transfer: one part, and a subtree of its receiving feeder (HandedOn) handed on to a third feeder.
    /// </summary>
    internal static IEnumerable<(int Dead, Injection[] Parts, int HandedOn)> Restorations(Network network, Random rng, int count)
    {
        RadialTrace trace = network.Normal;
        var ties = new List<int>();
        for (int e = 0; e < network.EdgeCount; e++)
        {
            if (!network.NormalState.EdgeClosed[e] && trace.PreIndex[network.EdgeFrom[e]] >= 0 && trace.PreIndex[network.EdgeTo[e]] >= 0)
            {
                ties.Add(e);
            }
        }

        var singles = new List<(int Dead, Injection Part)>();
        for (int d = 0; d < network.NodeCount; d++)
        {
            if (trace.ParentEdge[d] < 0)
            {
                continue;
            }

            foreach (int tie in ties)
            {
                foreach ((int near, int far) in new[] { (network.EdgeFrom[tie], network.EdgeTo[tie]), (network.EdgeTo[tie], network.EdgeFrom[tie]) })
                {
                    if (near == d || !trace.IsInSubtree(near, d) || trace.IsInSubtree(far, d))
                    {
                        continue;
                    }

                    var path = new List<int>();
                    for (int w = near; w != d; w = trace.Parent[w])
                    {
                        path.Add(w);
                    }

                    int top = path[rng.Next(path.Count)];
                    int cut = trace.Order[trace.PreIndex[top] + rng.Next(trace.SubtreeSize[top])];
                    bool keepCut = rng.Next(2) == 0 && cut != top && !trace.IsInSubtree(near, cut);
                    singles.Add((d, new Injection(top, keepCut ? cut : -1, near, far, tie)));
                }
            }
        }

        for (int i = 0; i < count && singles.Count > 0; i++)
        {
            (int dead, Injection first) = singles[rng.Next(singles.Count)];
            List<(int Dead, Injection Part)> partners = singles.FindAll(o => o.Dead == dead && trace.FeederOf[first.Far] >= 0
                && trace.FeederOf[o.Part.Far] == trace.FeederOf[first.Far]
                && !trace.IsInSubtree(o.Part.Top, first.Top) && !trace.IsInSubtree(first.Top, o.Part.Top));
            Injection? handOver = rng.Next(3) == 0 ? HandOver(network, ties, dead, first, rng) : null;
            if (handOver is Injection hand)
            {
                yield return (dead, [first, hand], hand.Top);
            }
            else
            {
                yield return (dead, partners.Count > 0 && rng.Next(2) == 0 ? [first, partners[rng.Next(partners.Count)].Part] : [first], -1);
            }
        }
    }

    // A subtree of the part's receiving feeder (not holding the part's tie, the fault or a source) handed on through a
    // tie to a third feeder, or null when there is none.
    private static Injection? HandOver(Network network, List<int> ties, int dead, Injection part, Random rng)
    {
        RadialTrace trace = network.Normal;
        int receiving = trace.FeederOf[part.Far];
        int faulted = trace.FeederOf[dead];
        if (receiving < 0 || receiving == faulted)
        {
            return null;
        }

        var candidates = new List<Injection>();
        foreach (int tie in ties)
        {
            foreach ((int near, int far) in new[] { (network.EdgeFrom[tie], network.EdgeTo[tie]), (network.EdgeTo[tie], network.EdgeFrom[tie]) })
            {
                int third = trace.FeederOf[far];
                if (trace.FeederOf[near] != receiving || third < 0 || third == receiving || third == faulted)
                {
                    continue;
                }

                for (int w = near; trace.FeederOf[trace.Parent[w]] >= 0; w = trace.Parent[w])
                {
                    if (!trace.IsInSubtree(part.Far, w))
                    {
                        candidates.Add(new Injection(w, -1, near, far, tie));
                    }
                }
            }
        }

        return candidates.Count > 0 ? candidates[rng.Next(candidates.Count)] : null;
    }
}
