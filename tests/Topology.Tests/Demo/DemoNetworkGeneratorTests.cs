using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tests.Demo;

/// <summary>Determinism, size and topology of <see cref="DemoNetworkGenerator"/> output.</summary>
public sealed partial class DemoNetworkGeneratorTests(DemoNetworkFixture county) : IClassFixture<DemoNetworkFixture>
{
    [Fact]
    public void Generate_SameSeed_WritesIdenticalFiles()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        LumenCsvWriter.Write(BuildSmall(7), first.Path);
        LumenCsvWriter.Write(BuildSmall(7), second.Path);

        foreach (string file in Directory.GetFiles(first.Path))
        {
            string name = System.IO.Path.GetFileName(file);
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(System.IO.Path.Combine(second.Path, name)));
        }

        Assert.Equal(4, Directory.GetFiles(first.Path).Length);
    }

    [Fact]
    public void Generate_DifferentSeed_WritesDifferentFiles()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        LumenCsvWriter.Write(BuildSmall(7), first.Path);
        LumenCsvWriter.Write(BuildSmall(8), second.Path);

        foreach (string name in new[] { "buses.csv", "branches.csv", "devices.csv", "load_points.csv" })
        {
            Assert.NotEqual(File.ReadAllBytes(System.IO.Path.Combine(first.Path, name)), File.ReadAllBytes(System.IO.Path.Combine(second.Path, name)));
        }
    }

    [Theory]
    [InlineData(DemoScale.Small)]
    [InlineData(DemoScale.County)]
    public void Generate_Scale_BuildsWithoutDiagnosticsNearTarget(DemoScale scale)
    {
        DemoNetwork demo = scale == DemoScale.County ? county.Demo : DemoNetworkGenerator.Generate(scale, 1);
        BuildResult result = scale == DemoScale.County ? county.Result : demo.Build();

        Assert.Empty(result.Diagnostics);
        Net network = Assert.IsType<Net>(result.Network);
        AssertNear(DemoNetworkGenerator.TargetNodeCount(scale), network.NodeCount);
        Assert.Equal(demo.NodeCount, network.NodeCount);
        Assert.Equal(0, network.Normal.DeEnergisedCount);
        Assert.Empty(network.Normal.LoopEdges.ToArray());
    }

    [Theory]
    [InlineData(DemoNetworkGenerator.MinimumNodeCount, 3)]
    [InlineData(10_000, 11)]
    [InlineData(100_000, 12)]
    public void Generate_TargetNodeCount_BuildsNearTarget(int target, int seed)
    {
        DemoNetwork demo = DemoNetworkGenerator.Generate(target, seed);
        BuildResult result = demo.Build();

        Assert.Empty(result.Diagnostics);
        AssertNear(target, Assert.IsType<Net>(result.Network).NodeCount);
    }

    [Theory]
    [InlineData(DemoNetworkGenerator.MinimumNodeCount - 1)]
    [InlineData(DemoNetworkGenerator.MaximumNodeCount + 1)]
    public void Generate_TargetOutOfRange_Throws(int target)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoNetworkGenerator.Generate(target, 1));
    }

    [Fact]
    public void TargetNodeCount_UndefinedScale_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoNetworkGenerator.TargetNodeCount((DemoScale)99));
    }

    [Fact]
    public void Generate_County_SummaryMatchesNetwork()
    {
        Net network = county.Network;
        RadialTrace trace = network.Normal;
        Assert.Equal(county.Demo.SubstationCount, network.Sources.Length);
        Assert.Equal(county.Demo.FeederCount, trace.FeederHeadEdge.Length);
        Assert.Equal(county.Demo.TieCount, trace.TieEdges.Length);
        Assert.Equal(county.Demo.TransformerCount, network.LoadPointCount);
        Assert.InRange(county.Demo.UrbanFeederCount, county.Demo.FeederCount / 5, county.Demo.FeederCount * 4 / 5);
    }

    [Fact]
    public void Generate_County_EveryFeederHasBreakerAtItsHead()
    {
        Net network = county.Network;
        foreach (int head in network.Normal.FeederHeadEdge)
        {
            int source = network.Normal.SourceOf[network.EdgeTo[head]];
            bool found = false;
            foreach (int d in network.DevicesOn(head))
            {
                found |= network.DeviceKinds[d] == DeviceKind.Breaker && network.DeviceNode[d] == source;
            }

            Assert.True(found, $"feeder head {network.EdgeIds[head]} has no breaker at the source end");
        }
    }

    [Fact]
    public void Generate_County_SubstationsHaveSixToTwelveFeeders()
    {
        Net network = county.Network;
        var feeders = new int[network.NodeCount];
        foreach (int head in network.Normal.FeederHeadEdge)
        {
            feeders[network.EdgeFrom[head]]++;
        }

        foreach (int source in network.Sources)
        {
            Assert.InRange(feeders[source], 6, 12);
        }
    }

    [Fact]
    public void Generate_County_TrunksHaveTwoToFourSectionalisingSwitches()
    {
        Net network = county.Network;
        ReadOnlySpan<int> feederOfEdge = network.Normal.FeederOfEdge;
        var switches = new int[network.Normal.FeederHeadEdge.Length];
        for (int d = 0; d < network.DeviceCount; d++)
        {
            DeviceKind kind = network.DeviceKinds[d];
            if (!network.DeviceNormallyOpen[d] && kind is DeviceKind.LoadBreakSwitch or DeviceKind.Disconnector)
            {
                switches[feederOfEdge[network.DeviceEdge[d]]]++;
            }
        }

        foreach (int count in switches)
        {
            Assert.InRange(count, 2, 4);
        }
    }

    [Fact]
    public void Generate_County_MostFeedersHaveATie()
    {
        Net network = county.Network;
        RadialTrace trace = network.Normal;
        var ties = new int[trace.FeederHeadEdge.Length];
        foreach (int e in trace.TieEdges)
        {
            Assert.Equal(BranchKind.BusTie, network.EdgeKinds[e]);
            ReadOnlySpan<int> devices = network.DevicesOn(e);
            Assert.Equal(1, devices.Length);
            Assert.Equal(DeviceKind.LoadBreakSwitch, network.DeviceKinds[devices[0]]);
            Assert.True(network.DeviceNormallyOpen[devices[0]]);
            ties[trace.FeederOf[network.EdgeFrom[e]]]++;
            ties[trace.FeederOf[network.EdgeTo[e]]]++;
        }

        int withTie = 0;
        foreach (int count in ties)
        {
            Assert.InRange(count, 0, 2);
            withTie += count > 0 ? 1 : 0;
        }

        Assert.True(withTie >= 0.7 * ties.Length, $"{withTie} of {ties.Length} feeders have a tie");
    }

    [Fact]
    public void Generate_County_TransformersStepTenKvDownToZeroPointFourKv()
    {
        Net network = county.Network;
        int transformers = 0;
        for (int e = 0; e < network.EdgeCount; e++)
        {
            double fromKv = network.NominalKv[network.EdgeFrom[e]];
            double toKv = network.NominalKv[network.EdgeTo[e]];
            if (network.EdgeKinds[e] == BranchKind.Transformer)
            {
                transformers++;
                Assert.Equal(10.0, fromKv);
                Assert.Equal(0.4, toKv);
                Assert.InRange(network.EdgeRating[e], 100, 630);
            }
            else
            {
                Assert.Equal(10.0, fromKv);
                Assert.Equal(10.0, toKv);
            }
        }

        Assert.Equal(county.Demo.TransformerCount, transformers);
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            Assert.Equal(0.4, network.NominalKv[network.LoadPointNode[l]]);
        }
    }

    private static Net BuildSmall(int seed) =>
        DemoNetworkGenerator.Generate(DemoScale.Small, seed).Build().Network ?? throw new InvalidOperationException("demo network did not build");

    private static void AssertNear(int target, int actual) => Assert.InRange(actual, target * 0.8, target * 1.2);
}
