using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tests.Demo;

/// <summary>Feeder sizes, lengths and ties of <see cref="DemoNetworkGenerator"/> output (State Grid county figures).</summary>
public sealed partial class DemoNetworkGeneratorTests
{
    [Fact]
    public void Generate_County_FeederPeaksAndLengthsAreRealistic()
    {
        Net network = county.Network;
        RadialTrace trace = network.Normal;
        int feeders = trace.FeederNames.Length;
        var peakKw = new double[feeders];
        var cableKm = new double[feeders];
        var lineKm = new double[feeders];
        var farthestKm = new double[feeders];
        var distanceKm = new double[network.NodeCount];
        foreach (int v in trace.Order)
        {
            int p = trace.Parent[v];
            int f = trace.FeederOf[v];
            if (p < 0 || f < 0)
            {
                continue;
            }

            int e = trace.ParentEdge[v];
            distanceKm[v] = distanceKm[p] + network.LengthKm[e];
            farthestKm[f] = Math.Max(farthestKm[f], distanceKm[v]);
            lineKm[f] += network.EdgeKinds[e] == BranchKind.Transformer ? 0 : network.LengthKm[e];
            cableKm[f] += network.EdgeKinds[e] == BranchKind.Cable ? network.LengthKm[e] : 0;
        }

        for (int l = 0; l < network.LoadPointCount; l++)
        {
            peakKw[trace.FeederOf[network.LoadPointNode[l]]] += network.PeakKw[l];
        }

        var urbanLine = new List<double>();
        var ruralFarthest = new List<double>();
        var peaksMw = new List<double>();
        for (int f = 0; f < feeders; f++)
        {
            // Coincident peaks: a 10 kV feeder (head YJV22-300, 8.3 MVA) carries 1.5–10 MW (loadings below).
            Assert.InRange(peakKw[f], 1_500, 10_000);
            peaksMw.Add(peakKw[f] / 1000);
            if (cableKm[f] > 0.5 * lineKm[f])
            {
                urbanLine.Add(lineKm[f]);
            }
            else
            {
                ruralFarthest.Add(farthestKm[f]);
            }
        }

        AssertMedianIn(peaksMw, 3.5, 6.0);
        AssertMedianIn(urbanLine, 5, 10);
        AssertMedianIn(ruralFarthest, 12, 22);
        Assert.All(urbanLine, km => Assert.InRange(km, 3, 13));
        Assert.All(ruralFarthest, km => Assert.InRange(km, 2, 32));
    }

    /// <summary>Networks the distributions below are checked on: three 20,000-bus counties and the seed-42 county.</summary>
    public static TheoryData<int, int> Counties => new() { { 20_000, 7 }, { 20_000, 11 }, { 20_000, 23 }, { 50_000, 42 } };

    // docs/demo.md §2: 80–95 % of feeders tied, and a head-room N-1 pass rate of 45–80 %.
    [Theory]
    [MemberData(nameof(Counties))]
    public void Generate_TiesGiveAPlausibleN1PassRate(int nodes, int seed)
    {
        Net network = DemoNetworkGenerator.Generate(nodes, seed).Build().Network!;
        RadialTrace trace = network.Normal;
        var tied = new bool[trace.FeederNames.Length];
        foreach (int tie in trace.TieEdges)
        {
            tied[trace.FeederOf[network.EdgeFrom[tie]]] = true;
            tied[trace.FeederOf[network.EdgeTo[tie]]] = true;
        }

        bool[] passes = HeadroomN1.Check(network);
        double passRate = passes.Count(p => p) / (double)passes.Length;
        Assert.InRange(tied.Count(t => t) / (double)tied.Length, 0.80, 0.95);
        Assert.InRange(passRate, 0.45, 0.80);
        for (int f = 0; f < passes.Length; f++)
        {
            Assert.False(passes[f] && !tied[f], $"untied feeder {trace.FeederNames[f]} passes");
        }
    }

    private static void AssertMedianIn(List<double> values, double low, double high)
    {
        values.Sort();
        Assert.InRange(values[values.Count / 2], low, high);
    }
}
