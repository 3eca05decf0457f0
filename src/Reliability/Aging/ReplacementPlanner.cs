using System.Diagnostics;

namespace Lumen.Reliability.Aging;

/// <summary>
/// When a replacement is mandatory whatever its benefit (docs/assets.md §5): an asset at or past the end of its life by
/// its CNAIM health score or by its age. Mandatory assets are bought first each year (best benefit per cost first) and
/// are exempt from the benefit ≥ cost rule.
/// </summary>
/// <remarks>Immutable record.</remarks>
public sealed record EndOfLifeRule
{
    /// <summary>The default rule: CNAIM health score ≥ 8 (band HI5, "end of serviceable life"); no age rule.</summary>
    public static EndOfLifeRule Default { get; } = new();

    /// <summary>A rule that makes nothing mandatory.</summary>
    public static EndOfLifeRule None { get; } = new() { MinimumHealthScore = null, MaximumAgeFactor = null };

    /// <summary>CNAIM health score (spec mode, 0.5–10) at or above which replacement is mandatory; null turns it off. Default 8 (HI5).</summary>
    public double? MinimumHealthScore { get; init; } = 8;

    /// <summary>Age as a multiple of the expected life (CNAIM EL, Weibull η) at or above which replacement is mandatory; null (default) turns it off.</summary>
    public double? MaximumAgeFactor { get; init; }

    /// <summary>True when the asset's replacement is mandatory under this rule.</summary>
    /// <param name="risk">The risk result.</param>
    /// <param name="asset">Asset index.</param>
    /// <returns>True when mandatory.</returns>
    public bool Applies(AssetRiskResult risk, int asset)
    {
        ArgumentNullException.ThrowIfNull(risk);
        double health = risk.Health[asset];
        if (MinimumHealthScore is double h && !double.IsNaN(health) && health >= h)
        {
            return true;
        }

        double life = risk.ExpectedLifeYears[asset];
        return MaximumAgeFactor is double f && life > 0 && risk.AgeYears[asset] >= f * life;
    }
}

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

    /// <summary>
    /// Discount rate per year of the benefit and the net present value, 0–1. Default 8 %, an indicative rate for
    /// appraising grid investment (the CNAIM specification's long-term risk uses 3.5 %): set the utility's own.
    /// </summary>
    public double DiscountRate { get; init; } = 0.08;

    /// <summary>Years over which a replacement's benefit is counted from the year it is made, 1–100. Default 30 (CNAIM spec §5.5).</summary>
    public int AppraisalYears { get; init; } = 30;

    /// <summary>
    /// When false (default), an asset whose benefit is below its cost is not bought unless <see cref="EndOfLife"/> makes
    /// it mandatory, so part of a budget may stay unspent. When true, the budget is spent on every asset whose
    /// replacement removes any risk.
    /// </summary>
    public bool SpendAll { get; init; }

    /// <summary>The mandatory end-of-life rule. Default <see cref="EndOfLifeRule.Default"/>.</summary>
    public EndOfLifeRule EndOfLife { get; init; } = EndOfLifeRule.Default;
}

/// <summary>Why an asset was bought.</summary>
public enum ReplacementReason : byte
{
    /// <summary>Its benefit is at least its cost.</summary>
    Benefit = 0,

    /// <summary>Mandatory under the end-of-life rule, whatever its benefit.</summary>
    EndOfLife,

    /// <summary>Bought only because the whole budget is to be spent (<see cref="PlanOptions.SpendAll"/>); benefit below cost.</summary>
    SpendAll,
}

/// <summary>One replacement in the plan.</summary>
/// <param name="Asset">Asset index in the register.</param>
/// <param name="AssetId">Asset id.</param>
/// <param name="PlanYear">Plan year, 1-based (replaced at its start).</param>
/// <param name="Cost">Replacement cost.</param>
/// <param name="RiskRemoved">Risk removed over the rest of the plan horizon, money (not discounted).</param>
/// <param name="Benefit">Risk removed over the appraisal years from the replacement on, discounted to the replacement year, money.</param>
/// <param name="Reason">Why it was bought.</param>
public sealed record PlannedReplacement(int Asset, string AssetId, int PlanYear, double Cost, double RiskRemoved, double Benefit, ReplacementReason Reason)
{
    /// <summary>Benefit ÷ cost; null when the cost is 0.</summary>
    public double? BenefitCostRatio => Cost > 0 ? Benefit / Cost : null;
}

/// <summary>The plan's expected effect in one year (all "delta" values are plan minus do-nothing, so reductions are negative).</summary>
/// <param name="PlanYear">Plan year, 1-based.</param>
/// <param name="CalendarYear">Calendar year.</param>
/// <param name="Budget">Budget.</param>
/// <param name="Spent">Spent on replacements that year.</param>
/// <param name="Replacements">Replacements that year.</param>
/// <param name="MandatoryReplacements">Of those, mandatory under the end-of-life rule.</param>
/// <param name="Exact">True when that year's knapsack was solved exactly.</param>
/// <param name="Benefit">Benefit of that year's replacements, discounted to the start of that year, money.</param>
/// <param name="BenefitParts">The benefit split into what a failure costs.</param>
/// <param name="NetPresentValue">(Benefit − spent) discounted to the start of the plan.</param>
/// <param name="SkippedBelowCost">Assets within the budget whose replacement removes risk but less than it costs, not bought.</param>
/// <param name="RiskDoNothing">Total risk of every asset that year without the plan, money.</param>
/// <param name="RiskRemaining">Total risk that year with the plan, money.</param>
/// <param name="DeltaSaifi">Change in SAIFI, interruptions per customer.</param>
/// <param name="DeltaSaidi">Change in SAIDI, hours per customer.</param>
/// <param name="DeltaEnsMwh">Change in energy not supplied, MWh.</param>
/// <param name="DeltaComplaints">Change in expected complaints.</param>
/// <param name="Note">Why the year's benefit is below its cost, when it is; otherwise null.</param>
public sealed record PlanYearEffect(
    int PlanYear,
    int CalendarYear,
    double Budget,
    double Spent,
    int Replacements,
    int MandatoryReplacements,
    bool Exact,
    double Benefit,
    BenefitParts BenefitParts,
    double NetPresentValue,
    int SkippedBelowCost,
    double RiskDoNothing,
    double RiskRemaining,
    double DeltaSaifi,
    double DeltaSaidi,
    double DeltaEnsMwh,
    double DeltaComplaints,
    string? Note)
{
    /// <summary>Benefit ÷ spent; null when nothing was spent.</summary>
    public double? BenefitCostRatio => Spent > 0 ? Benefit / Spent : null;
}

/// <summary>A benefit split by what a failure costs (docs/assets.md §3); the parts add up to the benefit.</summary>
/// <param name="Repair">Avoided repair cost.</param>
/// <param name="EnergyNotSupplied">Energy not supplied valued at the cost per kWh.</param>
/// <param name="Complaints">Complaints valued at the cost per complaint.</param>
/// <param name="CustomerHours">Customer-hours valued at the cost per customer-hour.</param>
public sealed record BenefitParts(double Repair, double EnergyNotSupplied, double Complaints, double CustomerHours)
{
    /// <summary>No benefit.</summary>
    public static BenefitParts Zero { get; } = new(0, 0, 0, 0);
}

/// <summary>A multi-year replacement plan with its costs and benefits.</summary>
/// <param name="Replacements">Replacements, by year then by order of choice (mandatory ones first).</param>
/// <param name="Years">Per-year effects.</param>
/// <param name="RiskRemoved">Total risk removed within the plan horizon, money (not discounted).</param>
/// <param name="UpperBound">Upper bound on the benefit any plan within the budgets and the eligibility rule could buy (see <see cref="ReplacementPlanner"/>).</param>
/// <param name="Currency">Currency of every amount.</param>
/// <param name="Options">The options the plan was made with.</param>
public sealed record ReplacementPlan(IReadOnlyList<PlannedReplacement> Replacements, IReadOnlyList<PlanYearEffect> Years, double RiskRemoved, double UpperBound, string Currency, PlanOptions Options)
{
    /// <summary>Spent over all years, not discounted.</summary>
    public double Spent => Years.Sum(y => y.Spent);

    /// <summary>Spending discounted to the start of the plan.</summary>
    public double CostPresentValue => Years.Sum(y => y.Spent * ReplacementPlanner.Discount(Options.DiscountRate, y.PlanYear - 1));

    /// <summary>Benefit of every replacement, discounted to the start of the plan.</summary>
    public double Benefit => Years.Sum(y => y.Benefit * ReplacementPlanner.Discount(Options.DiscountRate, y.PlanYear - 1));

    /// <summary>Benefit ÷ cost, both discounted to the start of the plan; null when nothing is spent.</summary>
    public double? BenefitCostRatio => CostPresentValue > 0 ? Benefit / CostPresentValue : null;

    /// <summary>Benefit − cost, both discounted to the start of the plan.</summary>
    public double NetPresentValue => Years.Sum(y => y.NetPresentValue);

    /// <summary>Optimality-gap bound: (upper bound − benefit bought)/upper bound, each year's benefit valued at its start; 0 when nothing can be bought.</summary>
    public double OptimalityGap
    {
        get
        {
            double bought = Years.Sum(y => y.Benefit);
            return UpperBound > 0 ? Math.Clamp((UpperBound - bought) / UpperBound, 0, 1) : 0;
        }
    }
}

/// <summary>
/// Budget-limited multi-year replacement planning that pays for itself. Replacing asset i at the start of plan year s
/// has the benefit b_i(s) = Σ_{t=0}^{A−1} (PoF_kept(s + t) − PoF_new(t)) × consequence × (1 + r)^−t over the appraisal
/// years A at discount rate r (spec §5.5's long-term risk, undiscounted in the year of the replacement), and removes
/// Σ_{t ≥ s} (PoF_kept(t) − PoF_new(t − s)) × consequence within the plan horizon; replacement resets age and condition.
/// Year by year (earliest first, as money not spent cannot be carried over), among the assets not yet replaced:
/// <list type="number">
/// <item>assets the <see cref="EndOfLifeRule"/> makes mandatory are bought first, best benefit per cost first, as far
/// as the budget goes (the rest stay mandatory next year);</item>
/// <item>then, with what is left, a set maximising Σ b_i(s) among the assets whose benefit is at least their cost (any
/// positive benefit with <see cref="PlanOptions.SpendAll"/>): exactly by a 0/1 knapsack dynamic programme when
/// candidates × budget units ≤ <see cref="PlanOptions.ExactCellLimit"/>; otherwise greedily by b/cost (the better of
/// that and the best single asset), whose shortfall within the year is at most the largest single value (Dantzig).</item>
/// </list>
/// <see cref="ReplacementPlan.UpperBound"/> bounds every feasible plan: dropping "replace at most once" splits the
/// problem into one knapsack per year, and each is bounded by its fractional (LP) relaxation.
/// </summary>
/// <remarks>O(N·(Y + A)² + Y·(N log N + DP cells)) for N assets, Y years and A appraisal years. Thread-safe.</remarks>
public static class ReplacementPlanner
{
    /// <summary>(1 + rate)^−years.</summary>
    /// <param name="rate">Discount rate per year.</param>
    /// <param name="years">Years.</param>
    /// <returns>The discount factor.</returns>
    public static double Discount(double rate, int years) => Math.Pow(1 + rate, -years);

    /// <summary>Plans replacements.</summary>
    /// <param name="risk">A risk result with consequences (evaluated with a network).</param>
    /// <param name="options">Budgets per year and the economic rules.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No budget years, a negative or NaN budget, a discount rate outside 0–1, appraisal years outside 1–100, or a result without consequences.</exception>
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

        if (!(options.DiscountRate is >= 0 and <= 1) || options.AppraisalYears is < 1 or > 100)
        {
            throw new ArgumentException("The discount rate must be 0–1 and the appraisal 1–100 years.", nameof(options));
        }

        int n = risk.Register.Count;
        int horizon = options.AppraisalYears;
        int keptLength = years + horizon;
        var kept = new double[n * keptLength];
        var fresh = new double[n * horizon];
        double[] consequence = risk.ConsequencePerFailureValues; // the array: local functions below read it
        var weight = new double[horizon];
        for (int t = 0; t < horizon; t++)
        {
            weight[t] = Discount(options.DiscountRate, t);
        }

        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(consequence[i]))
            {
                throw new ArgumentException("The risk result has no consequences: evaluate it with a network.", nameof(risk));
            }

            risk.KeptPof(i, kept.AsSpan(i * keptLength, keptLength));
            for (int t = 0; t < horizon; t++)
            {
                fresh[(i * horizon) + t] = risk.ReplacedPof(i, t);
            }
        }

        double Benefit(int i, int s)
        {
            double v = 0;
            for (int t = 0; t < horizon; t++)
            {
                v += (kept[(i * keptLength) + s + t] - fresh[(i * horizon) + t]) * weight[t];
            }

            return Math.Max(0, v * consequence[i]);
        }

        double RemovedInHorizon(int i, int s)
        {
            double v = 0;
            for (int t = s; t < years; t++)
            {
                v += kept[(i * keptLength) + t] - fresh[(i * horizon) + t - s];
            }

            return Math.Max(0, v * consequence[i]);
        }

        double[] cost = risk.ReplacementCostValues;
        string[] ids = risk.Register.IdsValues;
        var mandatory = new bool[n];
        for (int i = 0; i < n; i++)
        {
            mandatory[i] = options.EndOfLife.Applies(risk, i);
        }

        var replaced = new int[n];
        Array.Fill(replaced, -1);
        var chosen = new List<PlannedReplacement>();
        var year = new YearTally[years];
        double upperBound = 0;
        var values = new double[n];
        var eligible = new List<int>(n);
        var forced = new List<int>();
        var candidates = new List<int>(n);
        for (int s = 0; s < years; s++)
        {
            double budget = options.BudgetPerYear[s];
            eligible.Clear();
            forced.Clear();
            candidates.Clear();
            int skipped = 0;
            for (int i = 0; i < n; i++)
            {
                values[i] = Benefit(i, s);
                if (!(cost[i] > 0 && cost[i] <= budget) || (values[i] <= 0 && !mandatory[i]))
                {
                    continue;
                }

                if (!mandatory[i] && !options.SpendAll && values[i] < cost[i])
                {
                    skipped += replaced[i] < 0 ? 1 : 0;
                    continue;
                }

                eligible.Add(i);
                if (replaced[i] < 0)
                {
                    (mandatory[i] ? forced : candidates).Add(i);
                }
            }

            // Upper bound of this year's knapsack over every eligible asset (the relaxation drops "at most once").
            upperBound += FractionalBound(eligible, values, cost, budget, ids);
            double left = budget;
            var tally = new YearTally { Skipped = skipped };
            foreach (int i in ByRatio(forced, values, cost, ids))
            {
                if (cost[i] <= left)
                {
                    left -= cost[i];
                    Buy(i, ReplacementReason.EndOfLife);
                }
            }

            candidates.RemoveAll(i => cost[i] > left);
            List<int> pick = TryExact(candidates, values, cost, left, options.ExactCellLimit, out bool isExact)
                ?? Greedy(candidates, values, cost, left, ids);
            tally.Exact = isExact;
            foreach (int i in pick)
            {
                Buy(i, values[i] >= cost[i] ? ReplacementReason.Benefit : ReplacementReason.SpendAll);
            }

            year[s] = tally;

            void Buy(int i, ReplacementReason reason)
            {
                replaced[i] = s;
                tally.Spent += cost[i];
                tally.Count++;
                tally.Mandatory += reason == ReplacementReason.EndOfLife ? 1 : 0;
                tally.Benefit += values[i];
                tally.MandatoryBenefit += reason == ReplacementReason.EndOfLife ? values[i] : 0;
                tally.MandatoryCost += reason == ReplacementReason.EndOfLife ? cost[i] : 0;
                tally.Parts = Add(tally.Parts, Split(risk, i, values[i]));
                chosen.Add(new PlannedReplacement(i, ids[i], s + 1, cost[i], RemovedInHorizon(i, s), values[i], reason));
            }
        }

        return new ReplacementPlan(
            chosen,
            Effects(risk, options, kept, keptLength, fresh, horizon, replaced, year),
            chosen.Sum(p => p.RiskRemoved),
            upperBound,
            risk.Options.Costs.Currency,
            options);
    }

    // What one year's buying added up to.
    private sealed class YearTally
    {
        public bool Exact { get; set; }

        public double Spent { get; set; }

        public int Count { get; set; }

        public int Mandatory { get; set; }

        public int Skipped { get; set; }

        public double Benefit { get; set; }

        public double MandatoryBenefit { get; set; }

        public double MandatoryCost { get; set; }

        public BenefitParts Parts { get; set; } = BenefitParts.Zero;
    }

    // The benefit split in proportion to what one failure of the asset costs.
    private static BenefitParts Split(AssetRiskResult risk, int i, double benefit)
    {
        double total = risk.ConsequencePerFailure[i];
        if (!(total > 0))
        {
            return BenefitParts.Zero;
        }

        AssetCostOptions costs = risk.Options.Costs;
        double share = benefit / total;
        return new BenefitParts(
            share * costs.RepairCostPerFailure.GetValueOrDefault(risk.Register.Classes[i]),
            share * costs.EnergyNotSuppliedCostPerKwh * risk.EnergyKwhPerFailure[i],
            share * costs.CostPerComplaint * risk.ComplaintsPerFailure[i],
            share * costs.CostPerCustomerHour * risk.CustomerHoursPerFailure[i]);
    }

    private static BenefitParts Add(BenefitParts a, BenefitParts b) =>
        new(a.Repair + b.Repair, a.EnergyNotSupplied + b.EnergyNotSupplied, a.Complaints + b.Complaints, a.CustomerHours + b.CustomerHours);

    private static PlanYearEffect[] Effects(AssetRiskResult risk, PlanOptions options, double[] kept, int keptLength, double[] fresh, int horizon, int[] replaced, YearTally[] tally)
    {
        int years = options.BudgetPerYear.Count;
        int n = risk.Register.Count;
        var result = new PlanYearEffect[years];
        double customers = risk.TotalCustomers;
        string currency = risk.Options.Costs.Currency;
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
                double pk = kept[(i * keptLength) + y];
                double c = risk.ConsequencePerFailure[i];
                doNothing += pk * c;
                int s = replaced[i];
                if (s < 0 || s > y)
                {
                    remaining += pk * c;
                    continue;
                }

                double pn = fresh[(i * horizon) + y - s];
                remaining += pn * c;
                double df = pn - pk;
                dSaifi += df * risk.CustomersPerFailure[i];
                dSaidi += df * risk.CustomerHoursPerFailure[i];
                dEns += df * risk.EnergyKwhPerFailure[i] / 1000;
                dComplaints += df * risk.ComplaintsPerFailure[i];
            }

            YearTally t = tally[y];
            result[y] = new PlanYearEffect(
                y + 1,
                risk.Options.Year + 1 + y,
                options.BudgetPerYear[y],
                t.Spent,
                t.Count,
                t.Mandatory,
                t.Exact,
                t.Benefit,
                t.Parts,
                (t.Benefit - t.Spent) * Discount(options.DiscountRate, y),
                t.Skipped,
                doNothing,
                remaining,
                customers > 0 ? dSaifi / customers : double.NaN,
                customers > 0 ? dSaidi / customers : double.NaN,
                dEns,
                dComplaints,
                Why(t, options, currency));
        }

        return result;
    }

    // Why a year's benefit is below what it spent: only mandatory end-of-life replacements or spend-all purchases can do that.
    private static string? Why(YearTally t, PlanOptions options, string currency)
    {
        if (t.Benefit >= t.Spent)
        {
            return null;
        }

        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var parts = new List<string>();
        if (t.Mandatory > 0 && t.MandatoryBenefit < t.MandatoryCost)
        {
            parts.Add(string.Create(ci, $"{t.Mandatory} mandatory end-of-life replacement(s) cost {t.MandatoryCost:N0} {currency} and remove {t.MandatoryBenefit:N0} {currency} of risk"));
        }

        if (options.SpendAll)
        {
            parts.Add("the whole budget is spent (spend-all), including replacements whose benefit is below their cost");
        }

        return parts.Count > 0 ? string.Join("; ", parts) : null;
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
