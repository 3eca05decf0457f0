using Lumen.Reliability.Aging;
using Lumen.Reliability.Aging.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Xunit;
using Xunit.Abstractions;

namespace Lumen.Reliability.Tests.Aging;

public sealed class RankingBacktestTests(ITestOutputHelper output)
{
    [Fact]
    public void Run_DemoCounty_LumenBeatsAgeAndFailureCount()
    {
        Network network = DemoNetworkGenerator.Generate(20_000, 7).Build().Network!;
        DemoAssets demo = DemoAssetGenerator.Generate(network, 7);
        BacktestResult result = RankingBacktest.Run(demo.Register, network, demo.LastYear - 1);
        output.WriteLine($"assets {result.Assets}, failed in {result.TestYear}: {result.FailedAssets}, k = {result.K}");
        foreach (RankingScore s in result.Scores)
        {
            output.WriteLine($"{s.Ranking,-14} precision@k {s.PrecisionAtK:0.000}  recall top decile {s.RecallTopDecile:0.000}  AUC {s.RocAuc:0.000}  impact@k {s.ImpactAtK:0.000}  impact top decile {s.ImpactTopDecile:0.000}");
        }

        RankingScore Get(string name) => result.Scores.Single(s => s.Ranking == name);
        foreach (string baseline in (string[])["age", "failure_count"])
        {
            // Failure prediction: Lumen's PoF ranking beats both baselines on every binary metric.
            Assert.True(Get("lumen_pof").PrecisionAtK > Get(baseline).PrecisionAtK, $"lumen_pof precision@k vs {baseline}");
            Assert.True(Get("lumen_pof").RecallTopDecile > Get(baseline).RecallTopDecile, $"lumen_pof recall vs {baseline}");
            Assert.True(Get("lumen_pof").RocAuc > Get(baseline).RocAuc, $"lumen_pof AUC vs {baseline}");

            // Risk: the risk ranking captures more of next year's customer-hours lost, and still finds more failures.
            Assert.True(Get("lumen_risk").ImpactAtK > Get(baseline).ImpactAtK, $"lumen_risk impact@k vs {baseline}");
            Assert.True(Get("lumen_risk").ImpactTopDecile > Get(baseline).ImpactTopDecile, $"lumen_risk impact decile vs {baseline}");
            Assert.True(Get("lumen_risk").RecallTopDecile > Get(baseline).RecallTopDecile, $"lumen_risk recall vs {baseline}");
        }

        // The risk ranking orders by consequence too, so as a pure failure discriminator it beats failure counts but
        // not age (AUC 0.717 vs 0.725 on this demo): an open gap of the asset issue, not asserted away.
        Assert.True(Get("lumen_risk").RocAuc > Get("failure_count").RocAuc, "lumen_risk AUC vs failure_count");
    }

    [Fact]
    public void Auc_HandComputed_TiesCountHalf()
    {
        // Scores 3,2,2,1 with outcomes T,F,T,F: pairs (pos,neg): (3,2)=1, (3,1)=1, (2,2)=0.5, (2,1)=1 → 3.5/4.
        Assert.Equal(0.875, RankingBacktest.Auc([3, 2, 2, 1], [true, false, true, false], 2), 12);
    }
}
