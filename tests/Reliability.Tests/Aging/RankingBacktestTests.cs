using Lumen.Reliability.Aging.Demo;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Xunit.Abstractions;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

public sealed class RankingBacktestTests(ITestOutputHelper output)
{
    // Hand-made outcomes: every metric checked against a direct count (the five demo counties are judged in
    // Host.IntegrationTests/AssetRankingBacktestTests, which take about half a minute).
    [Fact]
    public void Score_HandMadeOutcomes_CountsEachCutOff()
    {
        // Ten assets ranked by score 10..1 (ids A0..A9); A1 and A4 fail, with 100 and 300 customer-hours and 1,000 and
        // 5,000 of outage cost; each costs 10 except A0, which costs 25. k = 2, decile = 1, budget 30.
        var o = new RankingBacktest.Outcomes(10) { K = 2, Budget = 30 };
        for (int i = 0; i < 10; i++)
        {
            o.Ids[i] = "A" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            o.Cost[i] = i == 0 ? 25 : 10;
        }

        o.Failed[1] = o.Failed[4] = true;
        o.Positives = 2;
        (o.CustomerHours[1], o.CustomerHours[4]) = (100, 300);
        (o.OutageCost[1], o.OutageCost[4]) = (1000, 5000);
        double[] score = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
        RankingScore s = RankingBacktest.Score("x", score, o);
        Assert.Equal(0.5, s.PrecisionAtK);          // A0, A1: one failure in two
        Assert.Equal(0.0, s.RecallTopDecile);       // the top decile is A0 alone
        Assert.Equal(100.0 / 400, s.CustomerHoursAtK);
        Assert.Equal(1000.0 / 6000, s.OutageCostAtK);
        Assert.Equal(0.0, s.CustomerHoursTopDecile);

        // The budget of 30 buys A0 (25), passes over A1..A9 at 10 each (5 left): nothing captured.
        Assert.Equal(0.0, s.CustomerHoursBudget);

        // With 40 it buys A0 and then only A1 (5 left after): 100 of 400 customer-hours, 1,000 of 6,000.
        o.Budget = 40;
        RankingScore more = RankingBacktest.Score("x", score, o);
        Assert.Equal(0.25, more.CustomerHoursBudget);
        Assert.Equal(1000.0 / 6000, more.OutageCostBudget, 12);

        // AUC: the failed A1 (rank 2) and A4 (rank 5) against eight others.
        Assert.Equal(((8 - 1) + (8 - 3)) / 16.0, s.RocAuc, 12);
    }

    // How close Lumen's PoF gets to what the register can reveal: the hidden hazard without the per-asset frailty
    // (class, age, true health behind the noisy readings, length, overload), which the history shows only through a few
    // failures. Ignoring the lengths of lines or the condition readings costs more than the margin. The AUC of ~450
    // failures has a standard error near 0.013, so the margin holds on the mean of three counties, and each county
    // stays within three standard errors of it.
    [Fact]
    public void PofRanking_IsCloseToTheKnowableHazard()
    {
        var gaps = new List<double>();
        foreach (int seed in (int[])[7, 11, 23])
        {
            Network network = DemoGrid.Generate(20_000, seed).Build().Network!;
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
            Assert.True(lumen > oracle - 0.04, $"seed {seed}: Lumen PoF AUC {lumen:0.000} vs knowable hazard {oracle:0.000}");
            gaps.Add(oracle - lumen);

            // The estimated frailty prior recovers the generator's LogNormal(σ 0.7) frailty: shape 1/(e^0.49 − 1) = 1.63.
            Assert.InRange(risk.HistoryPriorShape, 1.2, 2.2);
        }

        Assert.True(gaps.Average() < 0.025, $"mean AUC gap {gaps.Average():0.000} over the three counties");
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
