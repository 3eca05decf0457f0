using FsCheck.Xunit;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Predictive;

public sealed class PlacementSearchTests
{
    private static readonly DeviceKind[] s_kinds =
        [DeviceKind.Breaker, DeviceKind.Recloser, DeviceKind.Fuse, DeviceKind.Disconnector, DeviceKind.LoadBreakSwitch, DeviceKind.Sectionaliser];

    /// <summary>FsCheck arbitrary of many-feeder cases (chained transfers through ties).</summary>
    public static class ManyFeederArbitrary
    {
        public static FsCheck.Arbitrary<RandomTiedNetworkCase> Case() => RandomTiedNetworkArbitraries.ManyFeeders();
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(RandomNetworkArbitraries)])]
    public bool Candidates_RandomNetwork_EqualWholeReassessment(RandomNetworkCase randomCase)
    {
        (Network network, StudyCase study) = randomCase.Build();
        return SameAsOracle(network, study, ReliabilityOptions.Default, randomCase.Seed);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(RandomTiedNetworkArbitraries)])]
    public bool Candidates_TiedNetworkWithAndWithoutLimits_EqualWholeReassessment(RandomTiedNetworkCase randomCase)
    {
        (Network network, StudyCase study, ReliabilityOptions options) = randomCase.Build();
        return SameAsOracle(network, study, options, randomCase.Seed)
            && SameAsOracle(network, study, options with { Restoration = RestorationLimits.Unlimited }, randomCase.Seed ^ 0x2545f491);
    }

    [Property(MaxTest = 100, Arbitrary = [typeof(ManyFeederArbitrary)])]
    public bool Candidates_ManyFeedersWithChainedTransfers_EqualWholeReassessment(RandomTiedNetworkCase randomCase)
    {
        (Network network, StudyCase study, ReliabilityOptions options) = randomCase.Build();
        return SameAsOracle(network, study, options, randomCase.Seed);
    }

    [Fact]
    public void FindBest_ListsBestFirstAndAtMostCount()
    {
        (Network network, StudyCase study, ReliabilityOptions options) = new RandomTiedNetworkCase(Seed: 7, Nodes: 40, Sources: 3, Ties: 6, DeviceDensity: 30, Levels: 2).Build();
        IReadOnlyList<PlacementCandidate> best = PlacementSearch.FindBest(network, study, 0, DeviceKind.Recloser, automated: false, count: 3, options);
        List<PlacementCandidate> all = PlacementSearch.CandidatesByReassessment(network, study, 0, DeviceKind.Recloser, false, options);
        Assert.InRange(best.Count, 1, 3);
        Assert.Equal(Math.Min(3, all.Count), best.Count);
        double bestSaidi = all.Min(c => c.DeltaSaidi);
        Assert.True(ReferenceAssessorTests.Close(bestSaidi, best[0].DeltaSaidi));
        for (int i = 1; i < best.Count; i++)
        {
            Assert.True(best[i - 1].DeltaSaidi <= best[i].DeltaSaidi);
        }
    }

    // Every feeder, one random device kind (automated or not): each candidate equals the brute-force re-assessment.
    private static bool SameAsOracle(Network network, StudyCase study, ReliabilityOptions options, int seed)
    {
        var rng = new Random(seed);
        for (int feeder = 0; feeder < network.Normal.FeederNames.Length; feeder++)
        {
            DeviceKind kind = s_kinds[rng.Next(s_kinds.Length)];
            bool automated = rng.NextDouble() < 0.5;
            List<PlacementCandidate> fast = PlacementSearch.Candidates(network, study, feeder, kind, automated, options);
            List<PlacementCandidate> oracle = PlacementSearch.CandidatesByReassessment(network, study, feeder, kind, automated, options);
            if (fast.Count != oracle.Count)
            {
                return false;
            }

            for (int i = 0; i < fast.Count; i++)
            {
                PlacementCandidate a = oracle[i];
                PlacementCandidate b = fast[i];
                if (a.Edge != b.Edge || a.CustomersAffected != b.CustomersAffected
                    || !Close(a.DeltaSaifi, b.DeltaSaifi) || !Close(a.DeltaSaidi, b.DeltaSaidi) || !Close(a.DeltaEnsMwhPerYear, b.DeltaEnsMwhPerYear))
                {
                    throw new Xunit.Sdk.XunitException($"feeder {feeder}, {kind} automated={automated} at {a.EdgeId}: oracle {a}, fast {b}");
                }
            }
        }

        return true;
    }

    private static bool Close(double expected, double actual) => double.IsNaN(expected) ? double.IsNaN(actual) : ReferenceAssessorTests.Close(expected, actual);
}
