using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Aging.Demo;
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
        Network network = DemoNetworkGenerator.Generate(3_000, 3).Build().Network!;
        DemoAssets demo = DemoAssetGenerator.Generate(network, 3);
        AssetRiskResult risk = AssetRiskAnalysis.Evaluate(demo.Register, network, new AssetRiskOptions { Year = 2025 }).Result!;
        ReplacementPlan plan = ReplacementPlanner.Plan(risk, new PlanOptions { BudgetPerYear = [2e6, 2e6, 2e6, 2e6, 2e6] });
        Assert.Equal(5, plan.Years.Count);
        Assert.Equal(plan.Replacements.Count, plan.Replacements.Select(r => r.Asset).Distinct().Count());
        foreach (PlanYearEffect y in plan.Years)
        {
            Assert.True(y.Spent <= y.Budget + 1e-6);
            Assert.True(y.RiskRemaining <= y.RiskDoNothing + 1e-6);
            Assert.True(y.DeltaSaidiHours <= 1e-12);
        }

        Assert.True(plan.RiskRemoved > 0);
        Assert.InRange(plan.OptimalityGap, 0, 1);
        Assert.True(plan.RiskRemoved <= plan.UpperBound + 1e-6);
    }
}
