using System.Diagnostics;

namespace Lumen.Reliability.Aging;

/// <summary>Options of <see cref="ReplacementPlanner.Plan"/>.</summary>
/// <remarks>Immutable record.</remarks>
public sealed record PlanOptions
{
    /// <summary>Budget per plan year, in the cost currency; its length is the number of years (e.g. 5).</summary>
    public IReadOnlyList<double> BudgetPerYear { get; init; } = [];

    /// <summary>
    /// The exact 0/1 knapsack (dynamic programme over the budget in units of the greatest common divisor of the costs)
    /// runs when candidates × budget units is at most this; otherwise the greedy heuristic with its bound. Default 2·10⁷.
    /// </summary>
    public long ExactCellLimit { get; init; } = 20_000_000;
}

/// <summary>One replacement in the plan.</summary>
/// <param name="Asset">Asset index in the register.</param>
/// <param name="AssetId">Asset id.</param>
/// <param name="PlanYear">Plan year, 1-based (replaced at its start).</param>
/// <param name="Cost">Replacement cost.</param>
/// <param name="RiskRemoved">Risk removed over the rest of the horizon, money.</param>
public sealed record PlannedReplacement(int Asset, string AssetId, int PlanYear, double Cost, double RiskRemoved);

/// <summary>The plan's expected effect in one year (all "delta" values are plan minus do-nothing, so reductions are negative).</summary>
/// <param name="PlanYear">Plan year, 1-based.</param>
/// <param name="CalendarYear">Calendar year.</param>
/// <param name="Budget">Budget.</param>
/// <param name="Spent">Spent on replacements that year.</param>
/// <param name="Replacements">Replacements that year.</param>
/// <param name="Exact">True when that year's knapsack was solved exactly.</param>
/// <param name="RiskDoNothing">Total risk of every asset that year without the plan, money.</param>
/// <param name="RiskRemaining">Total risk that year with the plan, money.</param>
/// <param name="DeltaSaifi">Change in SAIFI, interruptions per customer.</param>
/// <param name="DeltaSaidiHours">Change in SAIDI, hours per customer.</param>
/// <param name="DeltaEnsMwh">Change in energy not supplied, MWh.</param>
/// <param name="DeltaComplaints">Change in expected complaints.</param>
public sealed record PlanYearEffect(
    int PlanYear,
    int CalendarYear,
    double Budget,
    double Spent,
    int Replacements,
    bool Exact,
    double RiskDoNothing,
    double RiskRemaining,
    double DeltaSaifi,
    double DeltaSaidiHours,
    double DeltaEnsMwh,
    double DeltaComplaints);

/// <summary>A multi-year replacement plan.</summary>
/// <param name="Replacements">Replacements, by year then by order of choice.</param>
/// <param name="Years">Per-year effects.</param>
/// <param name="RiskRemoved">Total risk removed over the horizon, money.</param>
/// <param name="UpperBound">Upper bound on the risk any plan within the budgets could remove (see <see cref="ReplacementPlanner"/>).</param>
/// <param name="Currency">Currency of every amount.</param>
public sealed record ReplacementPlan(IReadOnlyList<PlannedReplacement> Replacements, IReadOnlyList<PlanYearEffect> Years, double RiskRemoved, double UpperBound, string Currency)
{
    /// <summary>Optimality-gap bound: (upper bound − risk removed)/upper bound; 0 when nothing can be removed.</summary>
    public double OptimalityGap => UpperBound > 0 ? Math.Max(0, (UpperBound - RiskRemoved) / UpperBound) : 0;
}

/// <summary>
/// Budget-limited multi-year replacement planning. Replacing asset i at the start of plan year s removes
/// v_i(s) = Σ_{t ≥ s} (PoF_kept(t) − PoF_new(t − s)) × consequence over the horizon: replacement resets age and
/// condition. Year by year (earliest first, as money not spent cannot be carried over) the planner picks, among the
/// assets not yet replaced, a set within that year's budget maximising Σ v_i(s):
/// <list type="bullet">
/// <item>exactly by a 0/1 knapsack dynamic programme when candidates × budget units ≤ <see cref="PlanOptions.ExactCellLimit"/>;</item>
/// <item>otherwise greedily by v/cost (the better of that and the best single asset), a heuristic whose shortfall
/// within the year is at most the largest single value (Dantzig's bound).</item>
/// </list>
/// <see cref="ReplacementPlan.UpperBound"/> bounds every feasible plan: dropping "replace at most once" splits the
/// problem into one knapsack per year, and each is bounded by its fractional (LP) relaxation, so the reported gap is a
/// true bound on how far the plan can be from the multi-year optimum.
/// </summary>
/// <remarks>O(Y·(A log A + DP cells)) for A candidate assets and Y years. Thread-safe.</remarks>
public static class ReplacementPlanner
{
    /// <summary>Plans replacements.</summary>
    /// <param name="risk">A risk result with consequences (evaluated with a network).</param>
    /// <param name="options">Budgets per year.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No budget years, a negative or NaN budget, or a result without consequences.</exception>
    public static ReplacementPlan Plan(AssetRiskResult risk, PlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(options);
        int years = options.BudgetPerYear.Count;
        if (years == 0)
        {
            throw new ArgumentException("Give at least one year's budget.", nameof(options));
        }

        foreach (double b in options.BudgetPerYear)
        {
            if (!(b >= 0) || double.IsInfinity(b))
            {
                throw new ArgumentException("Budgets must be finite and non-negative.", nameof(options));
            }
        }

        int n = risk.Register.Count;
        var kept = new double[n * years];
        var fresh = new double[n * years];
        var consequence = risk.ConsequencePerFailure;
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(consequence[i]))
            {
                throw new ArgumentException("The risk result has no consequences: evaluate it with a network.", nameof(risk));
            }

            risk.KeptPof(i, kept.AsSpan(i * years, years));
            for (int t = 0; t < years; t++)
            {
                fresh[(i * years) + t] = risk.ReplacedPof(i, t);
            }
        }

        double Value(int i, int s)
        {
            double v = 0;
            for (int t = s; t < years; t++)
            {
                v += kept[(i * years) + t] - fresh[(i * years) + t - s];
            }

            return Math.Max(0, v * consequence[i]);
        }

        double[] cost = risk.ReplacementCost;
        var replaced = new int[n];
        Array.Fill(replaced, -1);
        var chosen = new List<PlannedReplacement>();
        var exact = new bool[years];
        var spent = new double[years];
        var counts = new int[years];
        double upperBound = 0;
        var values = new double[n];
        var candidates = new List<int>(n);
        for (int s = 0; s < years; s++)
        {
            double budget = options.BudgetPerYear[s];
            candidates.Clear();
            for (int i = 0; i < n; i++)
            {
                values[i] = Value(i, s);
                if (values[i] > 0 && cost[i] > 0 && cost[i] <= budget)
                {
                    candidates.Add(i);
                }
            }

            // Upper bound of this year's knapsack over every asset (the relaxation drops "at most once").
            upperBound += FractionalBound(candidates, values, cost, budget, risk.Register.Ids);
            candidates.RemoveAll(i => replaced[i] >= 0);
            List<int> pick = TryExact(candidates, values, cost, budget, options.ExactCellLimit, out bool isExact)
                ?? Greedy(candidates, values, cost, budget, risk.Register.Ids);
            exact[s] = isExact;
            foreach (int i in pick)
            {
                replaced[i] = s;
                spent[s] += cost[i];
                counts[s]++;
                chosen.Add(new PlannedReplacement(i, risk.Register.Ids[i], s + 1, cost[i], values[i]));
            }
        }

        return new ReplacementPlan(chosen, Effects(risk, options, kept, fresh, replaced, exact, spent, counts), SumRemoved(chosen), upperBound, risk.Options.Costs.Currency);
    }

    private static double SumRemoved(List<PlannedReplacement> chosen)
    {
        double sum = 0;
        foreach (PlannedReplacement p in chosen)
        {
            sum += p.RiskRemoved;
        }

        return sum;
    }

    private static PlanYearEffect[] Effects(AssetRiskResult risk, PlanOptions options, double[] kept, double[] fresh, int[] replaced, bool[] exact, double[] spent, int[] counts)
    {
        int years = options.BudgetPerYear.Count;
        int n = risk.Register.Count;
        var result = new PlanYearEffect[years];
        double customers = risk.TotalCustomers;
        for (int y = 0; y < years; y++)
        {
            double doNothing = 0;
            double remaining = 0;
            double dSaifi = 0;
            double dSaidi = 0;
            double dEns = 0;
            double dComplaints = 0;
            for (int i = 0; i < n; i++)
            {
                double pk = kept[(i * years) + y];
                double c = risk.ConsequencePerFailure[i];
                doNothing += pk * c;
                int s = replaced[i];
                if (s < 0 || s > y)
                {
                    remaining += pk * c;
                    continue;
                }

                double pn = fresh[(i * years) + y - s];
                remaining += pn * c;
                double df = pn - pk;
                dSaifi += df * risk.CustomersPerFailure[i];
                dSaidi += df * risk.CustomerHoursPerFailure[i];
                dEns += df * risk.EnergyKwhPerFailure[i] / 1000;
                dComplaints += df * risk.ComplaintsPerFailure[i];
            }

            result[y] = new PlanYearEffect(
                y + 1,
                risk.Options.Year + 1 + y,
                options.BudgetPerYear[y],
                spent[y],
                counts[y],
                exact[y],
                doNothing,
                remaining,
                customers > 0 ? dSaifi / customers : double.NaN,
                customers > 0 ? dSaidi / customers : double.NaN,
                dEns,
                dComplaints);
        }

        return result;
    }

    private static int[] ByRatio(List<int> candidates, double[] values, double[] cost, string[] ids)
    {
        int[] order = candidates.ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = (values[b] / cost[b]).CompareTo(values[a] / cost[a]);
            return c != 0 ? c : string.CompareOrdinal(ids[a], ids[b]);
        });
        return order;
    }

    /// <summary>Dantzig's bound: greedy by ratio, then a fraction of the first item that does not fit.</summary>
    internal static double FractionalBound(List<int> candidates, double[] values, double[] cost, double budget, string[] ids)
    {
        double left = budget;
        double bound = 0;
        foreach (int i in ByRatio(candidates, values, cost, ids))
        {
            if (cost[i] <= left)
            {
                bound += values[i];
                left -= cost[i];
            }
            else
            {
                bound += values[i] * left / cost[i];
                break;
            }
        }

        return bound;
    }

    /// <summary>Greedy by value per cost, skipping items that do not fit; returns the better of that and the best single item.</summary>
    internal static List<int> Greedy(List<int> candidates, double[] values, double[] cost, double budget, string[] ids)
    {
        var pick = new List<int>();
        double left = budget;
        double total = 0;
        foreach (int i in ByRatio(candidates, values, cost, ids))
        {
            if (cost[i] <= left)
            {
                pick.Add(i);
                left -= cost[i];
                total += values[i];
            }
        }

        int best = -1;
        foreach (int i in candidates)
        {
            if (cost[i] <= budget && (best < 0 || values[i] > values[best]))
            {
                best = i;
            }
        }

        return best >= 0 && values[best] > total ? [best] : pick;
    }

    /// <summary>Exact 0/1 knapsack when the costs share a unit that keeps the table within the limit; null otherwise.</summary>
    internal static List<int>? TryExact(List<int> candidates, double[] values, double[] cost, double budget, long cellLimit, out bool exact)
    {
        exact = false;
        int m = candidates.Count;
        if (m == 0)
        {
            exact = true;
            return [];
        }

        // Costs must be whole currency units; their greatest common divisor (with the budget's whole part) is the grid.
        long unit = 0;
        foreach (int i in candidates)
        {
            double c = cost[i];
            if (c != Math.Floor(c) || c > 1e15)
            {
                return null;
            }

            unit = Gcd(unit, (long)c);
        }

        long capacity = (long)Math.Floor(budget) / unit;
        if (capacity * m > cellLimit || capacity > int.MaxValue / 2)
        {
            return null;
        }

        int cap = (int)capacity;
        var best = new double[cap + 1];
        var take = new System.Collections.BitArray(checked((int)((cap + 1) * (long)m)));
        for (int j = 0; j < m; j++)
        {
            int i = candidates[j];
            int w = (int)((long)cost[i] / unit);
            double v = values[i];
            for (int c = cap; c >= w; c--)
            {
                double with = best[c - w] + v;
                if (with > best[c])
                {
                    best[c] = with;
                    take[(j * (cap + 1)) + c] = true;
                }
            }
        }

        var pick = new List<int>();
        int left = cap;
        for (int j = m - 1; j >= 0; j--)
        {
            if (take[(j * (cap + 1)) + left])
            {
                int i = candidates[j];
                pick.Add(i);
                left -= (int)((long)cost[i] / unit);
            }
        }

        Debug.Assert(left >= 0);
        pick.Reverse();
        exact = true;
        return pick;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
