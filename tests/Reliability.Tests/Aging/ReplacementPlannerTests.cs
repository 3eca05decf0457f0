using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;
using Lumen.Reliability.Aging.Demo;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

public sealed class ReplacementPlannerTests
{
    private static (List<int> Candidates, double[] Values, double[] Costs, string[] Ids, double Budget) Instance(int seed, int n)
    {
        var rng = new Random(seed);
        var values = new double[n];
        var costs = new double[n];
        var ids = new string[n];
        var candidates = new List<int>();
        for (int i = 0; i < n; i++)
        {
            values[i] = Math.Round(rng.NextDouble() * 100, 3);
            costs[i] = 1000 * rng.Next(1, 20);
            ids[i] = "A" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
            candidates.Add(i);
        }

        return (candidates, values, costs, ids, 1000 * rng.Next(5, 60));
    }

    private static double BruteForce(double[] values, double[] costs, double budget)
    {
        int n = values.Length;
        double best = 0;
        for (int mask = 0; mask < 1 << n; mask++)
        {
            double c = 0;
            double v = 0;
            for (int i = 0; i < n; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    c += costs[i];
                    v += values[i];
                }
            }

            if (c <= budget)
            {
                best = Math.Max(best, v);
            }
        }

        return best;
    }

    [Property(MaxTest = 200)]
    public Property TryExact_EqualsBruteForce(PositiveInt seed)
    {
        (List<int> candidates, double[] values, double[] costs, _, double budget) = Instance(seed.Get, 1 + (seed.Get % 12));
        List<int> pick = ReplacementPlanner.TryExact(candidates, values, costs, budget, 10_000_000, out bool exact)!;
        double value = pick.Sum(i => values[i]);
        double cost = pick.Sum(i => costs[i]);
        return (exact && cost <= budget && Math.Abs(value - BruteForce(values, costs, budget)) < 1e-6).ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Greedy_WithinDantzigBound(PositiveInt seed)
    {
        (List<int> all, double[] values, double[] costs, string[] ids, double budget) = Instance(seed.Get, 1 + (seed.Get % 12));

        // As in the planner: assets costing more than the budget are not candidates.
        List<int> candidates = all.Where(i => costs[i] <= budget).ToList();
        List<int> pick = ReplacementPlanner.Greedy(candidates, values, costs, budget, ids);
        double value = pick.Sum(i => values[i]);
        double optimum = BruteForce(values, costs, budget);
        double bound = ReplacementPlanner.FractionalBound(candidates, values, costs, budget, ids);
        double maxItem = candidates.Where(i => costs[i] <= budget).Select(i => values[i]).DefaultIfEmpty(0).Max();
        return (pick.Sum(i => costs[i]) <= budget && value <= optimum + 1e-9 && optimum <= bound + 1e-9 && value >= bound - maxItem - 1e-9).ToProperty();
    }

    [Fact]
    public void Plan_DemoNetwork_RespectsBudgetsReplacesOnceAndReducesRisk()
    {
        Network network = DemoGrid.Generate(3_000, 3).Build().Network!;
        DemoAssets demo = DemoAssetGenerator.Generate(network, 3);
        AssetRiskResult risk = AssetRiskAnalysis.Evaluate(demo.Register, network, new AssetRiskOptions { Year = 2025 }).Result!;
        ReplacementPlan plan = ReplacementPlanner.Plan(risk, new PlanOptions { BudgetPerYear = [2e6, 2e6, 2e6, 2e6, 2e6] });
        Assert.Equal(5, plan.Years.Count);
        Assert.Equal(plan.Replacements.Count, plan.Replacements.Select(r => r.Asset).Distinct().Count());
        foreach (PlanYearEffect y in plan.Years)
        {
            Assert.True(y.Spent <= y.Budget + 1e-6);
            Assert.True(y.RiskRemaining <= y.RiskDoNothing + 1e-6);
            Assert.True(y.DeltaSaidi <= 1e-12);
        }

        Assert.True(plan.RiskRemoved > 0);
        Assert.InRange(plan.OptimalityGap, 0, 1);
        Assert.True(plan.RiskRemoved <= plan.UpperBound + 1e-6);
    }

    private static readonly Lazy<AssetRiskResult> s_demoRisk = new(() =>
    {
        Network network = DemoGrid.Generate(3_000, 3).Build().Network!;
        DemoAssets demo = DemoAssetGenerator.Generate(network, 3);
        return AssetRiskAnalysis.Evaluate(demo.Register, network, new AssetRiskOptions { Year = 2025 }).Result!;
    });

    // Brute-force oracle of one replacement's benefit: the kept and new PoF curves, discounted term by term.
    private static double OracleBenefit(AssetRiskResult risk, int asset, int planYear, PlanOptions options)
    {
        var kept = new double[planYear - 1 + options.AppraisalYears];
        risk.KeptPof(asset, kept);
        double sum = 0;
        for (int t = 0; t < options.AppraisalYears; t++)
        {
            sum += (kept[planYear - 1 + t] - risk.ReplacedPof(asset, t)) / Math.Pow(1 + options.DiscountRate, t);
        }

        return Math.Max(0, sum * risk.ConsequencePerFailure[asset]);
    }

    [Fact]
    public void Plan_Default_BuysOnlyWhatPaysForItselfUnlessEndOfLife()
    {
        AssetRiskResult risk = s_demoRisk.Value;
        var options = new PlanOptions { BudgetPerYear = [3e6, 3e6, 3e6], DiscountRate = 0.05, AppraisalYears = 20 };
        ReplacementPlan plan = ReplacementPlanner.Plan(risk, options);
        Assert.NotEmpty(plan.Replacements);
        foreach (PlannedReplacement r in plan.Replacements)
        {
            Assert.Equal(OracleBenefit(risk, r.Asset, r.PlanYear, options), r.Benefit, 6);
            if (r.Reason == ReplacementReason.EndOfLife)
            {
                Assert.True(options.EndOfLife.Applies(risk, r.Asset));
            }
            else
            {
                Assert.Equal(ReplacementReason.Benefit, r.Reason);
                Assert.True(r.Benefit >= r.Cost, $"{r.AssetId}: benefit {r.Benefit} < cost {r.Cost}");
            }
        }

        foreach (PlanYearEffect y in plan.Years)
        {
            Assert.Equal(plan.Replacements.Where(r => r.PlanYear == y.PlanYear).Sum(r => r.Benefit), y.Benefit, 6);
            BenefitParts p = y.BenefitParts;
            Assert.Equal(y.Benefit, p.Repair + p.EnergyNotSupplied + p.Complaints + p.CustomerHours, 6);
            Assert.Equal((y.Benefit - y.Spent) / Math.Pow(1.05, y.PlanYear - 1), y.NetPresentValue, 6);

            // A year may only cost more than it buys through mandatory replacements, and then it says so.
            Assert.True(y.Benefit >= y.Spent || (y.MandatoryReplacements > 0 && y.Note is not null), $"year {y.PlanYear}: {y.Benefit} < {y.Spent} without a reason");
        }

        Assert.Equal(plan.Years.Sum(y => y.NetPresentValue), plan.Benefit - plan.CostPresentValue, 6);
    }

    [Fact]
    public void Plan_SpendAll_SpendsMoreAndBuysBelowCostWhereTheDefaultDoesNot()
    {
        AssetRiskResult risk = s_demoRisk.Value;
        var rules = new PlanOptions { BudgetPerYear = [2.5e7, 2.5e7], EndOfLife = EndOfLifeRule.None };
        ReplacementPlan paying = ReplacementPlanner.Plan(risk, rules);
        ReplacementPlan all = ReplacementPlanner.Plan(risk, rules with { SpendAll = true });

        // Without spend-all every purchase pays for itself and money is left over (the demo has too few paying assets
        // for this budget); with it, the budget goes further, on purchases whose benefit is below their cost.
        Assert.All(paying.Replacements, r => Assert.True(r.Benefit >= r.Cost));
        Assert.All(paying.Years, y => Assert.True(y.Benefit >= y.Spent));
        Assert.True(paying.Years.Sum(y => y.SkippedBelowCost) > 0);
        Assert.True(paying.Spent < paying.Options.BudgetPerYear.Sum());
        Assert.True(all.Spent > paying.Spent);
        Assert.Contains(all.Replacements, r => r.Reason == ReplacementReason.SpendAll && r.Benefit < r.Cost);
        Assert.All(all.Years, y => Assert.Equal(0, y.SkippedBelowCost));
        Assert.True(all.Benefit > paying.Benefit);
        Assert.True(all.NetPresentValue < paying.NetPresentValue, "spending on replacements that do not pay lowers the NPV");
        Assert.All(all.Years.Where(y => y.Benefit < y.Spent), y => Assert.Contains("spend-all", y.Note, StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_EndOfLifeRule_BuysMandatoryAssetsFirstWhateverTheirBenefit()
    {
        AssetRiskResult risk = s_demoRisk.Value;
        var rule = new EndOfLifeRule { MinimumHealthScore = null, MaximumAgeFactor = 0.8 };
        int[] mandatory = Enumerable.Range(0, risk.Register.Count).Where(i => rule.Applies(risk, i) && risk.ReplacementCost[i] > 0).ToArray();
        Assert.NotEmpty(mandatory);
        double budget = 1e9;
        ReplacementPlan plan = ReplacementPlanner.Plan(risk, new PlanOptions { BudgetPerYear = [budget], EndOfLife = rule });
        var bought = plan.Replacements.ToDictionary(r => r.Asset);
        Assert.All(mandatory, i => Assert.Equal(ReplacementReason.EndOfLife, bought[i].Reason));
        Assert.Equal(mandatory.Length, plan.Years[0].MandatoryReplacements);
        int firstOther = plan.Replacements.ToList().FindIndex(r => r.Reason != ReplacementReason.EndOfLife);
        Assert.True(firstOther < 0 || firstOther == mandatory.Length, "mandatory replacements come first");
    }
}
