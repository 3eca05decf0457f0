namespace Lumen.Reliability.Investment;

/// <summary>
/// The selection rule of the portfolio on an abstract benefit function, and its bound: repeatedly take the item with the
/// highest marginal benefit per cost that fits the remaining budget (marginals re-evaluated after each choice), while
/// that ratio is at least <c>minimumRatio</c>. For a monotone submodular benefit F (diminishing returns) and any set S,
/// F(OPT) ≤ F(S ∪ OPT) ≤ F(S) + Σ_{j ∈ OPT∖S} Δ_j(S) ≤ F(S) + the fractional knapsack of the marginals Δ_j(S) within the
/// budget: a bound known for every instance, so the gap to the optimum is reported, not assumed.
/// </summary>
public static class BudgetedGreedy
{
    /// <summary>Runs the rule.</summary>
    /// <param name="costs">Cost of each item, ≥ 0.</param>
    /// <param name="budget">Budget.</param>
    /// <param name="benefit">Benefit of a set of items (indices), F(∅) = 0.</param>
    /// <param name="minimumRatio">Smallest marginal benefit per cost bought.</param>
    /// <returns>The items chosen in order, their benefit and the upper bound on the best benefit within the budget.</returns>
    public static (IReadOnlyList<int> Chosen, double Benefit, double UpperBound) Run(IReadOnlyList<double> costs, double budget, Func<IReadOnlyList<int>, double> benefit, double minimumRatio = 0)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(benefit);
        var chosen = new List<int>();
        var taken = new bool[costs.Count];
        double value = 0;
        double room = budget;
        var marginal = new double[costs.Count];
        while (true)
        {
            int best = -1;
            double bestRatio = double.NegativeInfinity;
            for (int j = 0; j < costs.Count; j++)
            {
                if (taken[j])
                {
                    continue;
                }

                marginal[j] = benefit([.. chosen, j]) - value;
                double ratio = costs[j] > 0 ? marginal[j] / costs[j] : marginal[j] > 0 ? double.MaxValue : 0;
                if (costs[j] <= room && marginal[j] > 0 && ratio >= minimumRatio && ratio > bestRatio)
                {
                    (best, bestRatio) = (j, ratio);
                }
            }

            if (best < 0)
            {
                break;
            }

            taken[best] = true;
            chosen.Add(best);
            value += marginal[best];
            room -= costs[best];
        }

        var extra = new List<(double, double)>();
        for (int j = 0; j < costs.Count; j++)
        {
            if (!taken[j] && marginal[j] > 0)
            {
                extra.Add((marginal[j], costs[j]));
            }
        }

        return (chosen, value, value + FractionalKnapsack(extra, budget));
    }

    /// <summary>The best total value of items (value, cost) within <paramref name="capacity"/> when items may be taken in part.</summary>
    public static double FractionalKnapsack(IReadOnlyList<(double Value, double Cost)> items, double capacity)
    {
        ArgumentNullException.ThrowIfNull(items);
        var sorted = items.Where(i => i.Value > 0).OrderByDescending(i => i.Cost > 0 ? i.Value / i.Cost : double.MaxValue).ToList();
        double total = 0;
        double room = capacity;
        foreach ((double value, double cost) in sorted)
        {
            if (cost <= room)
            {
                total += value;
                room -= cost;
            }
            else
            {
                total += room > 0 ? value * room / cost : 0;
                break;
            }
        }

        return total;
    }
}
