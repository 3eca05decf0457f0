using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Lumen.Topology.PowerFlow;
using Lumen.Topology.Tracing;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tests.Demo;

/// <summary>Feeder sizes, lengths and peak-load voltages of <see cref="DemoNetworkGenerator"/> output (State Grid county figures).</summary>
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
            // Coincident peaks: a 10 kV feeder (LGJ-240 / YJV22-300, about 8–10 MVA thermal) carries 2–8 MW.
            Assert.InRange(peakKw[f], 2_000, 8_000);
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

    [Fact]
    public void Generate_County_PowerFlowAtFullPeakConvergesWithAMinorityOfLowRuralAreas()
    {
        Net network = county.Network;
        PowerFlowResult flow = RadialPowerFlow.Solve(network, new PowerFlowScenario { LoadScale = 1.0, SourceVoltagePu = 1.05 });

        Assert.True(flow.Converged, string.Join("; ", flow.Diagnostics));
        RadialTrace trace = network.Normal;
        var low = new bool[trace.FeederNames.Length];
        int inBand = 0;
        for (int v = 0; v < network.NodeCount; v++)
        {
            double pu = flow.VoltagePu[v];
            inBand += pu is >= 0.93 and <= 1.07 ? 1 : 0;

            // Below 0.9 pu of 400 V (360 V) at the transformer's LV bus: customers at the end of the LV network are low.
            if (network.NominalKv[v] < 1 && pu < 0.9)
            {
                low[trace.FeederOf[v]] = true;
            }
        }

        int lowFeeders = low.Count(x => x);
        Assert.True(inBand >= 0.85 * network.NodeCount, $"{inBand} of {network.NodeCount} buses within 0.93–1.07 pu");
        Assert.InRange(lowFeeders, 1, low.Length / 8);
        Assert.InRange(flow.LossesKw / flow.LoadKw, 0.01, 0.06);
    }

    private static void AssertMedianIn(List<double> values, double low, double high)
    {
        values.Sort();
        Assert.InRange(values[values.Count / 2], low, high);
    }
}
