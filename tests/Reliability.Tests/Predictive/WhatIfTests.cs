using FsCheck.Xunit;
using Lumen.Reliability.Predictive;
using Lumen.TestSupport;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Predictive;

public sealed class WhatIfTests
{
    private static readonly DeviceKind[] s_kinds =
        [DeviceKind.Breaker, DeviceKind.Recloser, DeviceKind.Fuse, DeviceKind.Disconnector, DeviceKind.LoadBreakSwitch, DeviceKind.Sectionaliser];

    [Property(MaxTest = 400, Arbitrary = [typeof(RandomNetworkArbitraries)])]
    public bool Evaluate_AddDevice_EqualsRebuiltNetwork(RandomNetworkCase randomCase)
    {
        (Network network, StudyCase study) = randomCase.Build();
        var rng = new Random(randomCase.Seed ^ 0x5bd1e995);
        int node = rng.Next(randomCase.Sources, randomCase.Nodes);
        int edge = network.Normal.ParentEdge[node];
        if (edge < 0)
        {
            return true;
        }

        DeviceKind kind = s_kinds[rng.Next(s_kinds.Length)];
        bool atParent = rng.NextDouble() < 0.5;
        int at = atParent ? network.Normal.Parent[node] : node;
        var change = new AddDevice(new EdgeIndex(edge), new NodeIndex(at), kind, "NEW") { Automated = rng.NextDouble() < 0.5 };
        WhatIfResult whatIf = WhatIfAnalysis.Evaluate(network, study, [change]);
        (Network rebuilt, _) = randomCase.Build(b => b.AddDevice(
            new DeviceSpec("NEW", network.EdgeIds[edge], network.NodeIds[at], kind, SourceLocation.None) { Automated = change.Automated }));
        ReliabilityResult expected = ReliabilityAssessor.Assess(rebuilt, study);
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            if (!ReferenceAssessorTests.Close(expected.LoadPoints.UnavailabilityHoursPerYear[l], whatIf.Scenario.LoadPoints.UnavailabilityHoursPerYear[l])
                || !ReferenceAssessorTests.Close(expected.LoadPoints.FailureRatePerYear[l], whatIf.Scenario.LoadPoints.FailureRatePerYear[l]))
            {
                return false;
            }
        }

        return ReferenceAssessorTests.Close(expected.System.Saidi - whatIf.Baseline.System.Saidi, whatIf.DeltaSaidi) || double.IsNaN(whatIf.DeltaSaidi);
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(RandomNetworkArbitraries)])]
    public bool Evaluate_AddSectionaliser_NeverIncreasesUnavailability(UniformSwitchingCase uniform)
    {
        RandomNetworkCase randomCase = uniform.Case;
        (Network network, StudyCase study) = randomCase.Build();
        var rng = new Random(randomCase.Seed ^ 0x1234567);
        int node = rng.Next(randomCase.Sources, randomCase.Nodes);
        int edge = network.Normal.ParentEdge[node];
        int at = rng.NextDouble() < 0.5 ? network.Normal.Parent[node] : node;

        // With uniform switching (automatic sectionalisers as slow as manual switches here), a new switch only ever splits
        // a faulted zone. With mixed times it may not: isolation is at the faulted zone's boundary, so a slow new switch
        // can take over from a faster one further away.
        var options = new ReliabilityOptions { AutomatedSwitchingTime = TimeSpan.FromHours(study.SwitchingTimeHours) };
        WhatIfResult result = WhatIfAnalysis.Evaluate(network, study, [new AddDevice(new EdgeIndex(edge), new NodeIndex(at), DeviceKind.Disconnector, "NEW")], options);
        try
        {
            return NoLoadPointWorse(result);
        }
        catch (Xunit.Sdk.XunitException ex)
        {
            throw new Xunit.Sdk.XunitException($"{randomCase}, sectionaliser on {network.EdgeIds[edge]} at {network.NodeIds[at]}: {ex.Message}");
        }
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(RandomNetworkArbitraries)])]
    public bool Evaluate_AddTie_NeverIncreasesUnavailability(RandomNetworkCase randomCase)
    {
        (Network network, StudyCase study) = randomCase.Build();
        var rng = new Random(randomCase.Seed ^ 0x7654321);
        int a = rng.Next(randomCase.Nodes);
        int b = rng.Next(randomCase.Nodes);
        if (a == b)
        {
            return true;
        }

        WhatIfResult result = WhatIfAnalysis.Evaluate(network, study, [new AddTie(new NodeIndex(a), new NodeIndex(b), "NEW_TIE") { SwitchingTimeHours = 4 * rng.NextDouble() }]);
        return NoLoadPointWorse(result) && !(Math.Abs(result.DeltaSaifi) > 1e-12);
    }

    [Property(MaxTest = 500, Arbitrary = [typeof(RandomNetworkArbitraries)])]
    public bool Evaluate_RemoveAllButHeadBreakers_EveryLoadPointSeesItsFeedersTotalLambda(RandomNetworkCase randomCase)
    {
        (Network net, StudyCase study) = (randomCase with { PerfectProtection = true }).Build();
        RadialTraceView trace = new(net);
        var changes = new List<WhatIfChange>();
        for (int d = 0; d < net.DeviceCount; d++)
        {
            int edge = net.DeviceEdge[d];
            if (trace.IsTreeEdge(edge) && !(trace.IsHeadEdge(edge) && net.DeviceKinds[d] == DeviceKind.Breaker && net.DeviceNode[d] == trace.ParentEnd(edge)))
            {
                changes.Add(new RemoveDevice(new DeviceIndex(d)));
            }
        }

        ReliabilityResult result = WhatIfAnalysis.Evaluate(net, study, changes).Scenario;
        var feederLambda = new double[net.Normal.FeederNames.Length];
        for (int e = 0; e < net.EdgeCount; e++)
        {
            int f = net.Normal.FeederOfEdge[e];
            if (f >= 0)
            {
                feederLambda[f] += net.FailureRatePerYear[e];
            }
        }

        // Only sources whose every feeder starts with a breaker: elsewhere a fault trips the whole source.
        var sourceFullyProtected = new Dictionary<int, bool>();
        for (int f = 0; f < feederLambda.Length; f++)
        {
            int head = net.Normal.FeederHeadEdge[f];
            int source = trace.ParentEnd(head);
            sourceFullyProtected[source] = sourceFullyProtected.GetValueOrDefault(source, true) && HasHeadBreaker(net, head, source);
        }

        for (int l = 0; l < net.LoadPointCount; l++)
        {
            int f = result.LoadPoints.Feeder[l];
            if (f < 0 || !sourceFullyProtected[trace.ParentEnd(net.Normal.FeederHeadEdge[f])])
            {
                continue;
            }

            if (!ReferenceAssessorTests.Close(feederLambda[f], result.LoadPoints.FailureRatePerYear[l]))
            {
                return false;
            }
        }

        return true;
    }

    [SharedDataFact(Rbts.Folder)]
    public void Evaluate_RbtsBreakersOnly_EveryLoadPointSeesItsFeedersTotalLambda()
    {
        (Network network, StudyCase study) = Rbts.Load("A");
        var changes = new List<WhatIfChange>();
        for (int d = 0; d < network.DeviceCount; d++)
        {
            if (network.DeviceKinds[d] != DeviceKind.Breaker && !network.DeviceNormallyOpen[d])
            {
                changes.Add(new RemoveDevice(new DeviceIndex(d)));
            }
        }

        WhatIfResult result = WhatIfAnalysis.Evaluate(network, study, changes);
        var feederLambda = new double[4];
        for (int e = 0; e < network.EdgeCount; e++)
        {
            int f = network.Normal.FeederOfEdge[e];
            if (f >= 0)
            {
                feederLambda[f] += network.FailureRatePerYear[e];
            }
        }

        for (int l = 0; l < network.LoadPointCount; l++)
        {
            Assert.Equal(feederLambda[result.Scenario.LoadPoints.Feeder[l]], result.Scenario.LoadPoints.FailureRatePerYear[l], 1e-12);
        }

        // Case B has exactly these devices: SAIFI must agree.
        (Network caseB, StudyCase studyB) = Rbts.Load("B");
        Assert.Equal(ReliabilityAssessor.Assess(caseB, studyB).System.Saifi, result.Scenario.System.Saifi, 1e-12);
        Assert.True(result.DeltaSaifi > 0);
        Assert.Equal(1908, result.CustomersAffected);
    }

    [SharedDataFact(Rbts.Folder)]
    public void Assess_Rbts_SaidiEqualsSaifiTimesCaidi()
    {
        foreach (string id in Rbts.CaseIds)
        {
            (Network network, StudyCase study) = Rbts.Load(id);
            ReliabilityResult result = ReliabilityAssessor.Assess(network, study);
            Assert.Equal(result.System.Saidi, result.System.Saifi * result.System.Caidi, 1e-12);
            foreach (FeederReliability f in result.Feeders)
            {
                Assert.Equal(f.Indices.Saidi, f.Indices.Saifi * f.Indices.Caidi, 1e-12);
            }
        }
    }

    [SharedDataFact(Rbts.Folder)]
    public void Evaluate_RbtsCaseA_AutomateTieAndChangeRate()
    {
        (Network network, StudyCase study) = Rbts.Load("A");
        Assert.True(network.TryGetDevice("NO_F1_F2", out DeviceIndex tie));
        Assert.True(network.TryGetDevice("DS_S4_F1N1", out DeviceIndex ds4));
        Assert.True(network.TryGetEdge("S1", out EdgeIndex s1));
        WhatIfResult result = WhatIfAnalysis.Evaluate(network, study, [new AutomateDevice(tie), new AutomateDevice(ds4)]);
        Assert.True(result.DeltaSaidi < 0);
        Assert.Equal(0, result.DeltaSaifi, 1e-15);

        WhatIfResult halved = WhatIfAnalysis.Evaluate(network, study, [new ChangeFailureRate(s1, network.FailureRatePerYear[s1.Value] / 2)]);
        Assert.True(halved.DeltaSaifi < 0);

        // F1's seven load points (LP1-LP7) are all behind S1's breaker.
        Assert.Equal(7, halved.LoadPointsAffected);
    }

    [SharedDataFact(Rbts.Folder)]
    public void FindBest_RbtsCaseC_SectionaliserOnMainFeederRanksFirst()
    {
        (Network network, StudyCase study) = Rbts.Load("C");
        IReadOnlyList<PlacementCandidate> best = PlacementSearch.FindBest(network, study, feeder: 0, DeviceKind.Disconnector, automated: false, count: 3);
        Assert.Equal(3, best.Count);
        Assert.True(best[0].DeltaSaidi < 0);
        Assert.True(best[0].DeltaSaidi <= best[1].DeltaSaidi && best[1].DeltaSaidi <= best[2].DeltaSaidi);
        Assert.StartsWith("S", best[0].EdgeId);

        // The ranking's number is the what-if's number.
        int e = best[0].Edge.Value;
        int at = network.Normal.Parent[network.Normal.ParentEdge[network.EdgeTo[e]] == e ? network.EdgeTo[e] : network.EdgeFrom[e]];
        WhatIfResult check = WhatIfAnalysis.Evaluate(network, study, [new AddDevice(best[0].Edge, new NodeIndex(at), DeviceKind.Disconnector, "X")]);
        Assert.Equal(check.DeltaSaidi, best[0].DeltaSaidi, 1e-12);
    }

    private static bool HasHeadBreaker(Network net, int head, int source)
    {
        foreach (int d in net.DevicesOn(head))
        {
            if (net.DeviceKinds[d] == DeviceKind.Breaker && net.DeviceNode[d] == source)
            {
                return true;
            }
        }

        return false;
    }

    private static bool NoLoadPointWorse(WhatIfResult result)
    {
        for (int l = 0; l < result.Baseline.LoadPoints.Count; l++)
        {
            double before = result.Baseline.LoadPoints.UnavailabilityHoursPerYear[l];
            double after = result.Scenario.LoadPoints.UnavailabilityHoursPerYear[l];
            if (after > before + (1e-9 * Math.Max(1, before)))
            {
                throw new Xunit.Sdk.XunitException($"load point {result.Baseline.LoadPoints.Ids[l]}: U {before} -> {after}");
            }
        }

        return true;
    }
}

/// <summary>Small helpers over the normal trace of a network.</summary>
internal readonly struct RadialTraceView(Network network)
{
    public bool IsTreeEdge(int edge) => Child(edge) >= 0;

    public int Child(int edge)
    {
        ReadOnlySpan<int> parentEdge = network.Normal.ParentEdge;
        int a = network.EdgeFrom[edge];
        int b = network.EdgeTo[edge];
        return parentEdge[b] == edge ? b : parentEdge[a] == edge ? a : -1;
    }

    public int ParentEnd(int edge) => network.Normal.Parent[Child(edge)];

    public bool IsHeadEdge(int edge) => IsTreeEdge(edge) && network.Normal.Parent[ParentEnd(edge)] < 0;
}
