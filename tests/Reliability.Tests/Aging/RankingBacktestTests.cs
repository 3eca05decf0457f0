using Lumen.Reliability.Aging;
using Lumen.Reliability.Aging.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Xunit;
using Xunit.Abstractions;

namespace Lumen.Reliability.Tests.Aging;

public sealed class RankingBacktestTests(ITestOutputHelper output)
{
    // Three demo counties (seeds), each ranked with data up to 2024 and scored against 2025's failures.
    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(23)]
    public void Run_DemoCounty_LumenBeatsAgeAndFailureCount(int seed)
    {
        Network network = DemoNetworkGenerator.Generate(20_000, seed).Build().Network!;
        DemoAssets demo = DemoAssetGenerator.Generate(network, seed);
        BacktestResult result = RankingBacktest.Run(demo.Register, network, demo.LastYear - 1);
        output.WriteLine($"seed {seed}: assets {result.Assets}, failed in {result.TestYear}: {result.FailedAssets}, k = {result.K}");
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

            // Risk: the risk ranking captures more of next year's customer-hours lost.
            Assert.True(Get("lumen_risk").ImpactAtK > Get(baseline).ImpactAtK, $"lumen_risk impact@k vs {baseline}");
            Assert.True(Get("lumen_risk").ImpactTopDecile > Get(baseline).ImpactTopDecile, $"lumen_risk impact decile vs {baseline}");
        }

        // It still finds more failures than age in its top decile. Not asserted against the failure count: that held only
        // while every fuse carried its transformer branch's 24–200 h repair as its consequence, which put about 1,000
        // high-hazard fuses (35–46 of the failures) into the top decile; with the fuse's own 2 h outage the risk ranking's
        // recall (0.326 / 0.340 / 0.311) is level with the failure count's or below it (0.347 / 0.331 / 0.343), docs/assets.md §6.
        Assert.True(Get("lumen_risk").RecallTopDecile > Get("age").RecallTopDecile, "lumen_risk recall vs age");

        // The risk ranking orders by consequence too (consequence alone has AUC ≈ 0.45: the high-consequence breakers
        // and trunk sections fail least), so as a pure failure discriminator it beats failure counts but not age, and
        // its precision@k is level with the failure count's: an open gap of the asset issue (docs/assets.md §6), not
        // asserted away. Even the hidden hazard without its frailty, times the same consequence, does not beat age
        // reliably (see PofRanking_IsCloseToTheKnowableHazard).
        Assert.True(Get("lumen_risk").RocAuc > Get("failure_count").RocAuc, "lumen_risk AUC vs failure_count");
    }

    // How close Lumen's PoF gets to what the register can reveal: the hidden hazard without the per-asset frailty
    // (class, age, true health behind the noisy readings, length, overload), which the history shows only through a few
    // failures. Ignoring the lengths of lines or the condition readings costs more than the margin.
    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(23)]
    public void PofRanking_IsCloseToTheKnowableHazard(int seed)
    {
        Network network = DemoNetworkGenerator.Generate(20_000, seed).Build().Network!;
        DemoAssets demo = DemoAssetGenerator.Generate(network, seed);
        AssetRegister register = demo.Register;
        int year = demo.LastYear - 1;
        AssetRiskResult risk = AssetRiskAnalysis.Evaluate(register, network, new AssetRiskOptions { Year = year }).Result!;
        var pof = new List<double>();
        var knowable = new List<double>();
        var failed = new List<bool>();
        for (int i = 0; i < register.Count; i++)
        {
            if (register.InstallYears[i] <= year)
            {
                pof.Add(risk.PofPerYear[i]);
                knowable.Add(demo.HazardLastYear[i] / demo.Frailty[i]);
                failed.Add(register.FailureCount(i, year + 1, year + 1) > 0);
            }
        }

        int positives = failed.Count(f => f);
        double lumen = RankingBacktest.Auc([.. pof], [.. failed], positives);
        double oracle = RankingBacktest.Auc([.. knowable], [.. failed], positives);
        output.WriteLine($"seed {seed}: AUC Lumen PoF {lumen:0.000}, hidden hazard without frailty {oracle:0.000}; frailty prior shape α = {risk.HistoryPriorShape:0.00} (true 1.63)");
        Assert.True(lumen > oracle - 0.025, $"Lumen PoF AUC {lumen:0.000} vs knowable hazard {oracle:0.000}");

        // The estimated frailty prior recovers the generator's LogNormal(σ 0.7) frailty: shape 1/(e^0.49 − 1) = 1.63.
        Assert.InRange(risk.HistoryPriorShape, 1.2, 2.2);
    }

    [Fact]
    public void PriorShape_GammaPoissonSample_RecoversShape()
    {
        // Failures ~ Poisson(z·E) with z ~ Gamma(α = 2, rate 2): the moment estimate must land near 2.
        var rng = new Random(3);
        double sumE2 = 0, excess = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double e = 0.05 + rng.NextDouble();
            double z = MathNet.Numerics.Distributions.Gamma.Sample(rng, 2, 2);
            int n = MathNet.Numerics.Distributions.Poisson.Sample(rng, z * e);
            sumE2 += e * e;
            excess += ((n - e) * (n - e)) - e;
        }

        Assert.InRange(AssetRiskAnalysis.PriorShape(sumE2, excess), 1.8, 2.2);
        Assert.Equal(AssetRiskOptions.MaximumHistoryPriorShape, AssetRiskAnalysis.PriorShape(10, -1));
    }

    [Fact]
    public void Auc_HandComputed_TiesCountHalf()
    {
        // Scores 3,2,2,1 with outcomes T,F,T,F: pairs (pos,neg): (3,2)=1, (3,1)=1, (2,2)=0.5, (2,1)=1 → 3.5/4.
        Assert.Equal(0.875, RankingBacktest.Auc([3, 2, 2, 1], [true, false, true, false], 2), 12);
    }
}
