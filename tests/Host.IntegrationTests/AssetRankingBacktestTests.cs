using Lumen.Reliability.Aging;
using Lumen.Reliability.Aging.Demo;
using Xunit;
using Xunit.Abstractions;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// Each ranking judged on what it is for (docs/assets.md §6), on the five demo counties of the README table
/// (<c>lumen assets backtest</c>): the PoF ranking on next year's failures, the risk ranking on next year's
/// consequence in its top decile, and the replacement ranking (risk removed per yuan) on the consequence a budget buys.
/// Relations only, not figures: the demo generators change. About half a minute (3 × 20,000 + 5,000 + 60,000 buses).
/// </summary>
public sealed class AssetRankingBacktestTests(ITestOutputHelper output)
{
    private static readonly string[] s_baselines = ["age", "failure_count"];

    [Fact]
    public void ReadmeCounties_EachRankingBeatsTheBaselinesOnWhatItIsFor()
    {
        IReadOnlyList<DemoCountyBacktest> results = DemoBacktest.Run(DemoBacktest.ReadmeCounties);
        Assert.Equal(5, results.Count);
        foreach (DemoCountyBacktest county in results)
        {
            BacktestResult r = county.Result;
            string name = $"{county.County.Buses} buses, seed {county.County.Seed}";
            output.WriteLine($"{name}: {r.Assets} assets, {r.FailedAssets} failed in {r.TestYear}, k = {r.K}, budget {r.Budget:N0} {r.Currency}");
            foreach (RankingScore s in r.Scores)
            {
                output.WriteLine($"  {s.Ranking,-14} p@k {s.PrecisionAtK:0.000} recall {s.RecallTopDecile:0.000} AUC {s.RocAuc:0.000} " +
                    $"cust-h decile {s.CustomerHoursTopDecile:0.000} budget {s.CustomerHoursBudget:0.000} cost decile {s.OutageCostTopDecile:0.000} budget {s.OutageCostBudget:0.000}");
            }

            Assert.True(r.FailedAssets > 0, name);

            // Failure prediction: the PoF ranking beats age alone and the failure count alone on every failure metric.
            foreach (string b in s_baselines)
            {
                Assert.True(r["lumen_pof"].PrecisionAtK > r[b].PrecisionAtK, $"{name}: lumen_pof precision@k vs {b}");
                Assert.True(r["lumen_pof"].RecallTopDecile > r[b].RecallTopDecile, $"{name}: lumen_pof recall vs {b}");
                Assert.True(r["lumen_pof"].RocAuc > r[b].RocAuc, $"{name}: lumen_pof AUC vs {b}");
            }

            // Consequence: the risk ranking's top decile holds more of next year's customer-hours and outage cost, and
            // the replacement ranking's budget buys more of them, than rankings by age, failure count or PoF alone.
            foreach (string b in (string[])[.. s_baselines, "lumen_pof"])
            {
                Assert.True(r["lumen_risk"].CustomerHoursTopDecile > r[b].CustomerHoursTopDecile, $"{name}: lumen_risk customer-hours top decile vs {b}");
                Assert.True(r["lumen_risk"].OutageCostTopDecile > r[b].OutageCostTopDecile, $"{name}: lumen_risk outage cost top decile vs {b}");
                Assert.True(r["lumen_value"].CustomerHoursBudget > r[b].CustomerHoursBudget, $"{name}: lumen_value customer-hours bought vs {b}");
                Assert.True(r["lumen_value"].OutageCostBudget > r[b].OutageCostBudget, $"{name}: lumen_value outage cost bought vs {b}");
            }
        }
    }
}
