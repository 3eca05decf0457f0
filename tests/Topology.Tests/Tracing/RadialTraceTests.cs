using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Topology.Tests.Tracing;

public sealed class RadialTraceTests
{
    [Property(MaxTest = 400)]
    public Property Trace_RandomRadialNetworks_MatchesBruteForceOracle(PositiveInt seed, byte size)
    {
        Network.Network net = RandomNetworks.Create(seed.Get, 2 + (size % 60));
        SwitchState state = RandomNetworks.OpenSome(net, seed.Get * 31 + 7);
        RadialTrace trace = RadialTrace.Compute(net, state);
        var oracle = new TraceOracle(state);

        CheckEnergisationAndPaths(net, trace, oracle);
        CheckSubtrees(net, trace, oracle);
        CheckProtection(net, trace, oracle);
        CheckSegments(net, trace, oracle);
        CheckTies(net, trace, oracle);
        return true.ToProperty();
    }

    [Fact]
    public void Trace_MillionNodeChain_DoesNotRecurse()
    {
        // A single 1M-section feeder: any recursion over the topology would overflow the stack here.
        const int n = 1_000_000;
        var builder = new NetworkBuilder(n, n);
        builder.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None));
        for (int i = 1; i < n; i++)
        {
            builder.AddBus(new BusSpec($"N{i}", NodeKind.Bus, SourceLocation.None));
            builder.AddBranch(new BranchSpec($"E{i}", i == 1 ? "S" : $"N{i - 1}", $"N{i}", BranchKind.OverheadLine, SourceLocation.None));
        }

        builder.AddDevice(new DeviceSpec("CB", "E1", "S", DeviceKind.Breaker, SourceLocation.None));
        Network.Network net = builder.Build().Network!;

        RadialTrace trace = net.Normal;
        Assert.Equal(n - 1, trace.SubtreeSize[1]);
        Assert.Equal(n - 1, trace.UpstreamPath(n - 1).Count);
        Assert.Equal(0, trace.UpstreamProtector[n - 1]);
    }

    [Fact]
    public void Trace_Reconfiguration_TransfersLoadThroughTie()
    {
        // Two feeders S-A1-A2 and S-B1 with a tie A2-B1. Opening the sectionaliser on A1-A2 and closing the tie moves A2 to feeder B.
        var builder = new NetworkBuilder();
        foreach (string bus in new[] { "A1", "A2", "B1" })
        {
            builder.AddBus(new BusSpec(bus, NodeKind.Bus, SourceLocation.None));
        }

        builder.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None));
        builder.AddBranch(new BranchSpec("SA1", "S", "A1", BranchKind.OverheadLine, SourceLocation.None) { Feeder = "A" });
        builder.AddBranch(new BranchSpec("A12", "A1", "A2", BranchKind.OverheadLine, SourceLocation.None));
        builder.AddBranch(new BranchSpec("SB1", "S", "B1", BranchKind.OverheadLine, SourceLocation.None) { Feeder = "B" });
        builder.AddBranch(new BranchSpec("TIE", "A2", "B1", BranchKind.BusTie, SourceLocation.None));
        builder.AddDevice(new DeviceSpec("SW", "A12", "A1", DeviceKind.LoadBreakSwitch, SourceLocation.None));
        builder.AddDevice(new DeviceSpec("NO", "TIE", "B1", DeviceKind.LoadBreakSwitch, SourceLocation.None) { NormallyOpen = true });
        Network.Network net = builder.Build().Network!;
        net.TryGetNode("A2", out NodeIndex a2);
        net.TryGetDevice("SW", out DeviceIndex sw);
        net.TryGetDevice("NO", out DeviceIndex no);

        Assert.Equal("A", net.Normal.FeederNames[net.Normal.FeederOf[a2.Value]]);
        RadialTrace opened = RadialTrace.Compute(net, net.NormalState.WithDevice(sw, open: true));
        Assert.Equal(-1, opened.SourceOf[a2.Value]);
        RadialTrace transferred = RadialTrace.Compute(net, net.NormalState.WithDevice(sw, open: true).WithDevice(no, open: false));
        Assert.Equal("B", transferred.FeederNames[transferred.FeederOf[a2.Value]]);
        Assert.Empty(transferred.LoopEdges.ToArray());
        RadialTrace looped = RadialTrace.Compute(net, net.NormalState.WithDevice(no, open: false));
        Assert.Single(looped.LoopEdges.ToArray());
    }

    private static void CheckEnergisationAndPaths(Network.Network net, RadialTrace trace, TraceOracle oracle)
    {
        for (int v = 0; v < net.NodeCount; v++)
        {
            Assert.Equal(oracle.EnergisedFrom[v], trace.SourceOf[v]);
            if (trace.SourceOf[v] < 0)
            {
                continue;
            }

            // Same component as its source in QuikGraph's view, and one path up: in a tree it must be the BFS path.
            Assert.Equal(oracle.Component[trace.SourceOf[v]], oracle.Component[v]);
            var expected = new List<int>();
            for (int x = v; oracle.BfsParentEdge[x] >= 0; x = net.OtherEnd(oracle.BfsParentEdge[x], x))
            {
                expected.Add(oracle.BfsParentEdge[x]);
            }

            Assert.Equal(expected, trace.UpstreamPath(v));
        }

        Assert.Empty(trace.LoopEdges.ToArray());
        Assert.Equal(net.NodeCount - oracle.EnergisedFrom.Count(s => s >= 0), trace.DeEnergisedCount);
    }

    private static void CheckSubtrees(Network.Network net, RadialTrace trace, TraceOracle oracle)
    {
        for (int v = 0; v < net.NodeCount; v++)
        {
            if (trace.SourceOf[v] < 0)
            {
                continue;
            }

            var below = new HashSet<int>();
            for (int u = 0; u < net.NodeCount; u++)
            {
                for (int x = u; x >= 0 && trace.SourceOf[u] >= 0; x = x == trace.SourceOf[u] ? -1 : net.OtherEnd(oracle.BfsParentEdge[x], x))
                {
                    if (x == v)
                    {
                        below.Add(u);
                        break;
                    }
                }
            }

            Assert.Equal(below, trace.Downstream(v).ToArray().ToHashSet());
        }
    }

    private static void CheckProtection(Network.Network net, RadialTrace trace, TraceOracle oracle)
    {
        // Nearest protective device of a node = the closed protective device whose opening cuts off the fewest nodes
        // among those that cut this node off.
        var lost = new Dictionary<int, HashSet<int>>();
        for (int d = 0; d < net.DeviceCount; d++)
        {
            if (net.DeviceKinds[d].IsProtective() && !trace.State.DeviceOpen[d] && trace.State.EdgeClosed[net.DeviceEdge[d]])
            {
                lost[d] = oracle.LostWhenOpened(d);
            }
        }

        for (int v = 0; v < net.NodeCount; v++)
        {
            if (trace.SourceOf[v] < 0)
            {
                continue;
            }

            int expected = lost.Where(p => p.Value.Contains(v)).OrderBy(p => p.Value.Count).Select(p => p.Key).DefaultIfEmpty(-1).First();
            int actual = trace.UpstreamProtector[v];
            Assert.True(expected == actual || (actual >= 0 && expected >= 0 && lost[actual].SetEquals(lost[expected])), $"node {v}: expected {expected}, got {actual}");
        }

        // Zones partition the energised nodes: each node is in exactly one device's zone (or none).
        int energised = trace.Order.Length;
        int zoned = lost.Keys.Sum(d => trace.Order.ToArray().Count(v => trace.UpstreamProtector[v] == d)) + trace.Order.ToArray().Count(v => trace.UpstreamProtector[v] < 0);
        Assert.Equal(energised, zoned);

        // The device clearing a fault on an edge: the nearest protective device whose opening separates the edge from every source.
        for (int e = 0; e < net.EdgeCount; e++)
        {
            if (trace.FeederOfEdge[e] < 0)
            {
                Assert.Equal(-1, trace.FaultProtector[e]);
                continue;
            }

            var candidates = lost.Keys.Where(d => !oracle.EdgeStillFedWhenOpened(e, d)).OrderBy(d => lost[d].Count).ToList();
            int expected = candidates.Count == 0 ? -1 : candidates[0];
            int actual = trace.FaultProtector[e];
            Assert.True(expected == actual || (actual >= 0 && expected >= 0 && lost[actual].SetEquals(lost[expected]) && candidates.Contains(actual)), $"edge {e}: expected {expected}, got {actual}");
        }
    }

    private static void CheckSegments(Network.Network net, RadialTrace trace, TraceOracle oracle)
    {
        int[] representative = oracle.SegmentRepresentative();
        var segmentOfRepresentative = new Dictionary<int, int>();
        var representativeOfSegment = new Dictionary<int, int>();
        foreach (int v in trace.Order)
        {
            int s = trace.SegmentOfNode[v];
            int r = representative[v];
            Assert.Equal(s, segmentOfRepresentative.GetValueOrDefault(r, s));
            Assert.Equal(r, representativeOfSegment.GetValueOrDefault(s, r));
            segmentOfRepresentative[r] = s;
            representativeOfSegment[s] = r;
        }

        Assert.Equal(trace.Order.Length, trace.SegmentNodeCount.ToArray().Sum());
    }

    private static void CheckTies(Network.Network net, RadialTrace trace, TraceOracle oracle)
    {
        var expectedTies = Enumerable.Range(0, net.EdgeCount)
            .Where(e => !trace.State.EdgeClosed[e] && trace.SourceOf[net.EdgeFrom[e]] >= 0 && trace.SourceOf[net.EdgeTo[e]] >= 0)
            .ToList();
        Assert.Equal(expectedTies, trace.TieEdges.ToArray());
        for (int s = 0; s < trace.SegmentCount; s++)
        {
            if (trace.SegmentParent[s] < 0)
            {
                Assert.Equal(0, trace.RestoringTies(s).Ties.Length);
                continue;
            }

            HashSet<int> expected = oracle.TiesReachableBelow(trace.SegmentTop[s], trace.SegmentEntryEdge[s], expectedTies);
            Assert.Equal(expected, trace.RestoringTies(s).Ties.ToArray().ToHashSet());
        }
    }
}
