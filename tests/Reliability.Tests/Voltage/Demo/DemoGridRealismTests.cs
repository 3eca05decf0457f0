using Lumen.Reliability.Voltage.Demo;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Tests.Voltage.Demo;

/// <summary>Peak-load loadings, voltages and taps of the demo network as the front ends use it (<see cref="DemoGrid"/>; State Grid county figures).</summary>
public sealed class DemoGridRealismTests(DemoGridRealismTests.County county) : IClassFixture<DemoGridRealismTests.County>
{
    /// <summary>Networks the distributions below are checked on: three 20,000-bus counties and the seed-42 county.</summary>
    public static TheoryData<int, int> Counties => new() { { 20_000, 7 }, { 20_000, 11 }, { 20_000, 23 }, { 50_000, 42 } };

    [Fact]
    public void Generate_County_PowerFlowAtFullPeakConvergesWithAMinorityOfLowRuralAreas()
    {
        Net network = county.Network;
        PowerFlowResult flow = RadialPowerFlow.Solve(network, new PowerFlowScenario { LoadScale = 1.0, SourceVoltagePu = DemoNetworkGenerator.SourceVoltagePu });

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

    // docs/demo.md §1: median 40–60 %, a few per cent heavy (> 80 %), overloads (> 100 %) rare and mild.
    [Theory]
    [MemberData(nameof(Counties))]
    public void Generate_FeederLoadingsFollowTheDocumentedDistribution(int nodes, int seed)
    {
        double[] loading = HeadLoadings(DemoGrid.Generate(nodes, seed).Build().Network!);
        Array.Sort(loading);
        string shape = $"median {loading[loading.Length / 2]:F1} %, heavy {Share(loading, 80):P1}, over {Share(loading, 100):P1}, max {loading[^1]:F1} %";
        Assert.InRange(loading[loading.Length / 2], 40, 60);
        Assert.True(loading[loading.Length / 10] >= 20, shape);
        Assert.True(Share(loading, 80) is > 0.005 and <= 0.10, shape);
        Assert.True(Share(loading, 100) <= 0.015, shape);
        Assert.True(loading[^1] <= 130, shape);
    }

    // A one-substation demo has about a dozen feeders: no overload, and no feeder near it.
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(11)]
    [InlineData(42)]
    public void Generate_Small_NoFeederOverloaded(int seed)
    {
        double[] loading = HeadLoadings(DemoGrid.Generate(DemoScale.Small, seed).Build().Network!);
        Array.Sort(loading);
        Assert.InRange(loading[loading.Length / 2], 30, 70);
        Assert.True(loading[^1] <= 100, $"max {loading[^1]:F1} %");
    }

    // docs/demo.md §3: at the peak some far rural areas are low (GB/T 12325: below 353.4 V, 0.8835 pu of 400 V) but
    // none collapses; at light load few busbars are above 406.6 V.
    [Theory]
    [MemberData(nameof(Counties))]
    public void Generate_PeakAndLightLoadVoltages(int nodes, int seed)
    {
        Net network = DemoGrid.Generate(nodes, seed).Build().Network!;
        PowerFlowResult peak = RadialPowerFlow.Solve(network, new PowerFlowScenario { LoadScale = 1.0, SourceVoltagePu = DemoNetworkGenerator.SourceVoltagePu });
        PowerFlowResult light = RadialPowerFlow.Solve(network, new PowerFlowScenario { LoadScale = 0.3, SourceVoltagePu = DemoNetworkGenerator.SourceVoltageAt(0.3) });
        Assert.True(peak.Converged);
        int areas = 0;
        int low = 0;
        int high = 0;
        double lowest = double.PositiveInfinity;
        for (int v = 0; v < network.NodeCount; v++)
        {
            if (network.NominalKv[v] < 1)
            {
                areas++;
                low += peak.VoltagePu[v] < 353.4 / 400 ? 1 : 0;
                high += light.VoltagePu[v] > 406.6 / 400 ? 1 : 0;
                lowest = Math.Min(lowest, peak.VoltagePu[v]);
            }
        }

        Assert.True(lowest >= 0.82, $"lowest busbar {lowest:F3} pu");
        Assert.True(low <= areas / 100, $"{low} of {areas} busbars low at peak");
        Assert.True(high <= areas / 10, $"{high} of {areas} busbars high at light load");
    }

    [Fact]
    public void Generate_County_TapsFollowThePrimaryVoltage()
    {
        Net network = county.Network;
        PowerFlowResult peak = RadialPowerFlow.Solve(network, new PowerFlowScenario { LoadScale = 1.0, SourceVoltagePu = DemoNetworkGenerator.SourceVoltagePu });
        var near = new List<double>();
        var far = new List<double>();
        int nominal = 0;
        int transformers = 0;
        for (int e = 0; e < network.EdgeCount; e++)
        {
            if (network.EdgeKinds[e] != BranchKind.Transformer)
            {
                Assert.Equal(1.0, network.EdgeTapPu[e]);
                continue;
            }

            // The five off-load positions of a ±2×2.5 % HV winding.
            double tap = network.EdgeTapPu[e];
            Assert.Contains(tap, new[] { 1 / 1.05, 1 / 1.025, 1.0, 1 / 0.975, 1 / 0.95 });
            transformers++;
            nominal += tap == 1.0 ? 1 : 0;
            double primary = peak.VoltagePu[network.EdgeFrom[e]];
            (primary > 1.03 ? near : primary < 0.95 ? far : null)?.Add(tap);
        }

        // Near the 10.5 kV busbar the HV taps lower the secondary; where the 10 kV has sagged they raise it.
        near.Sort();
        far.Sort();
        Assert.True(near[near.Count / 2] < 1.0 && far[far.Count / 2] > 1.0, $"median tap near {near[near.Count / 2]:F3}, far {far[far.Count / 2]:F3}");
        Assert.InRange(nominal / (double)transformers, 0.02, 0.5);
    }

    private static double[] HeadLoadings(Net network)
    {
        PowerFlowResult flow = RadialPowerFlow.Solve(network, new PowerFlowScenario { LoadScale = 1.0, SourceVoltagePu = DemoNetworkGenerator.SourceVoltagePu });
        Assert.True(flow.Converged);
        ReadOnlySpan<int> heads = network.Normal.FeederHeadEdge;
        var loading = new double[heads.Length];
        for (int f = 0; f < heads.Length; f++)
        {
            loading[f] = flow.LoadingPct[heads[f]];
        }

        return loading;
    }

    private static double Share(double[] values, double above) => values.Count(v => v > above) / (double)values.Length;

    /// <summary>One county-scale demo network (the seed of Topology's demo tests), generated with its taps once for the class.</summary>
    public sealed class County
    {
        public Net Network { get; } = DemoGrid.Generate(DemoScale.County, 20_250_601).Build().Network!;
    }
}
