using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Aging;

/// <summary>How one ranking scored against next year's failures and their consequences.</summary>
/// <param name="Ranking">
/// <c>lumen_risk</c> (PoF × consequence), <c>lumen_value</c> (risk removed per unit of replacement cost, the order of
/// replacement decisions), <c>lumen_pof</c>, <c>age</c> or <c>failure_count</c>.
/// </param>
/// <param name="PrecisionAtK">Share of the top k assets that failed in the test year.</param>
/// <param name="RecallTopDecile">Share of the failed assets found in the top 10 % of the ranking.</param>
/// <param name="RocAuc">Area under the ROC curve (ties count half).</param>
/// <param name="CustomerHoursAtK">
/// Share of the test year's customer-hours lost to failures (failures × customer-hours per failure from the network
/// model) that the top k assets account for.
/// </param>
/// <param name="CustomerHoursTopDecile">The same share for the top 10 % of the ranking.</param>
/// <param name="CustomerHoursBudget">The same share for the assets the budget buys, walking down the ranking.</param>
/// <param name="OutageCostAtK">Share of the test year's outage cost (failures × money per failure at the unit costs) in the top k.</param>
/// <param name="OutageCostTopDecile">The same share for the top 10 %.</param>
/// <param name="OutageCostBudget">The same share for the assets the budget buys.</param>
public sealed record RankingScore(
    string Ranking, double PrecisionAtK, double RecallTopDecile, double RocAuc, double CustomerHoursAtK, double CustomerHoursTopDecile, double CustomerHoursBudget,
    double OutageCostAtK, double OutageCostTopDecile, double OutageCostBudget);

/// <summary>The result of <see cref="RankingBacktest.Run"/>.</summary>
/// <param name="AsOfYear">Rankings use data up to the end of this year.</param>
/// <param name="TestYear">Scored against failures in this year.</param>
/// <param name="Assets">Assets in service in the as-of year.</param>
/// <param name="FailedAssets">Of those, assets that failed in the test year.</param>
/// <param name="K">k of precision@k.</param>
/// <param name="Budget">The budget each ranking spends on replacements, walking down its list (money).</param>
/// <param name="Currency">Currency of the budget and the outage cost.</param>
/// <param name="Scores">One score per ranking.</param>
public sealed record BacktestResult(int AsOfYear, int TestYear, int Assets, int FailedAssets, int K, double Budget, string Currency, IReadOnlyList<RankingScore> Scores)
{
    /// <summary>The score of one ranking.</summary>
    /// <param name="ranking">Its name.</param>
    /// <returns>The score.</returns>
    public RankingScore this[string ranking] => Scores.Single(s => s.Ranking == ranking);
}

/// <summary>
/// Scores rankings made with data up to year Y against year Y + 1, each on what it is for (docs/assets.md §6):
/// the PoF ranking on failures (precision@k, recall in the top decile, ROC AUC), the risk and value rankings on
/// consequence (the share of next year's customer-hours and outage cost captured by the top k, the top decile and by
/// what a budget buys), against rankings by age, by failure count and (for consequence) by PoF alone.
/// </summary>
public static class RankingBacktest
{
    /// <summary>Default budget: this share of the replacement value of the assets in service, about a year's renewal.</summary>
    public const double DefaultBudgetShare = 0.02;

    /// <summary>Runs the backtest.</summary>
    /// <param name="register">Register whose failure history reaches at least <paramref name="asOfYear"/> + 1.</param>
    /// <param name="network">The network.</param>
    /// <param name="asOfYear">Y.</param>
    /// <param name="k">k of precision@k; 0 for 1 % of the assets (at least 10).</param>
    /// <param name="options">Options (the year is overridden); null for the defaults.</param>
    /// <param name="budget">Replacement budget walked down each ranking; null for <paramref name="budgetShare"/> of the replacement value in service.</param>
    /// <param name="budgetShare">Budget as a share of the replacement value in service when <paramref name="budget"/> is null.</param>
    /// <returns>The scores.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="register"/> or <paramref name="network"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The assets cannot be placed on the network.</exception>
    public static BacktestResult Run(AssetRegister register, Net network, int asOfYear, int k = 0, AssetRiskOptions? options = null, double? budget = null, double budgetShare = DefaultBudgetShare)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(network);
        AssetRiskOutcome outcome = AssetRiskAnalysis.Evaluate(register, network, (options ?? new AssetRiskOptions()) with { Year = asOfYear });
        AssetRiskResult risk = outcome.Result ?? throw new InvalidOperationException(string.Join("; ", outcome.Diagnostics));
        var scope = new List<int>();
        for (int i = 0; i < register.Count; i++)
        {
            if (register.InstallYears[i] <= asOfYear)
            {
                scope.Add(i);
            }
        }

        int n = scope.Count;
        var outcomes = new Outcomes(n);
        var age = new double[n];
        var count = new double[n];
        var pof = new double[n];
        var riskScore = new double[n];
        var value = new double[n];
        double replacementValue = 0;
        for (int j = 0; j < n; j++)
        {
            int i = scope[j];
            int failures = register.FailureCount(i, asOfYear + 1, asOfYear + 1);
            outcomes.Failed[j] = failures > 0;
            outcomes.Positives += failures > 0 ? 1 : 0;
            outcomes.Ids[j] = register.Ids[i];
            outcomes.CustomerHours[j] = failures * risk.CustomerHoursPerFailure[i];
            outcomes.OutageCost[j] = failures * risk.ConsequencePerFailure[i];
            outcomes.Cost[j] = risk.ReplacementCost[i];
            replacementValue += risk.ReplacementCost[i];
            age[j] = asOfYear - register.InstallYears[i];
            count[j] = risk.Failures[i];
            pof[j] = risk.PofPerYear[i];
            riskScore[j] = risk.RiskPerYear[i];
            value[j] = risk.RiskRemovedPerCost[i];
        }

        outcomes.K = k > 0 ? Math.Min(k, n) : Math.Min(n, Math.Max(10, n / 100));
        outcomes.Budget = budget ?? budgetShare * replacementValue;
        var scores = new List<RankingScore>
        {
            Score("lumen_risk", riskScore, outcomes),
            Score("lumen_value", value, outcomes),
            Score("lumen_pof", pof, outcomes),
            Score("age", age, outcomes),
            Score("failure_count", count, outcomes),
        };
        return new BacktestResult(asOfYear, asOfYear + 1, n, outcomes.Positives, outcomes.K, outcomes.Budget, risk.Options.Costs.Currency, scores);
    }

    /// <summary>What happened in the test year, per asset in scope, and the cut-offs.</summary>
    internal sealed class Outcomes(int n)
    {
        public bool[] Failed { get; } = new bool[n];

        public string[] Ids { get; } = new string[n];

        public double[] CustomerHours { get; } = new double[n];

        public double[] OutageCost { get; } = new double[n];

        public double[] Cost { get; } = new double[n];

        public int Positives { get; set; }

        public int K { get; set; }

        public double Budget { get; set; }
    }

    /// <summary>Every metric of one score vector (higher = riskier; ties by id, ordinal).</summary>
    /// <param name="name">Ranking name.</param>
    /// <param name="score">Scores.</param>
    /// <param name="o">Outcomes and cut-offs.</param>
    /// <returns>The score.</returns>
    internal static RankingScore Score(string name, double[] score, Outcomes o)
    {
        int n = score.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        string[] ids = o.Ids;
        Array.Sort(order, (a, b) =>
        {
            int c = score[b].CompareTo(score[a]);
            return c != 0 ? c : string.CompareOrdinal(ids[a], ids[b]);
        });

        // The budget buys down the list: an asset that no longer fits is passed over for cheaper ones below it.
        var bought = new bool[n];
        double left = o.Budget;
        foreach (int i in order)
        {
            if (o.Cost[i] <= left)
            {
                bought[i] = true;
                left -= o.Cost[i];
            }
        }

        int decile = Math.Max(1, n / 10);
        int hitsK = 0;
        int hitsDecile = 0;
        for (int r = 0; r < decile || r < o.K; r++)
        {
            bool hit = r < n && o.Failed[order[r]];
            hitsK += r < o.K && hit ? 1 : 0;
            hitsDecile += r < decile && hit ? 1 : 0;
        }

        (double hoursK, double hoursDecile, double hoursBudget) = Shares(o.CustomerHours, order, o.K, decile, bought);
        (double costK, double costDecile, double costBudget) = Shares(o.OutageCost, order, o.K, decile, bought);
        return new RankingScore(
            name,
            o.K > 0 ? (double)hitsK / o.K : double.NaN,
            o.Positives > 0 ? (double)hitsDecile / o.Positives : double.NaN,
            Auc(score, o.Failed, o.Positives),
            hoursK,
            hoursDecile,
            hoursBudget,
            costK,
            costDecile,
            costBudget);
    }

    // Shares of a test-year consequence in the top k, the top decile and the bought set; NaN when there is none.
    private static (double AtK, double TopDecile, double Budget) Shares(double[] amount, int[] order, int k, int decile, bool[] bought)
    {
        double total = 0;
        double inBought = 0;
        for (int i = 0; i < amount.Length; i++)
        {
            total += amount[i];
            inBought += bought[i] ? amount[i] : 0;
        }

        double atK = 0;
        double atDecile = 0;
        for (int r = 0; r < order.Length && (r < k || r < decile); r++)
        {
            atK += r < k ? amount[order[r]] : 0;
            atDecile += r < decile ? amount[order[r]] : 0;
        }

        return total > 0 ? (atK / total, atDecile / total, inBought / total) : (double.NaN, double.NaN, double.NaN);
    }

    /// <summary>ROC AUC by the Mann–Whitney statistic with average ranks for ties. NaN without both classes.</summary>
    /// <param name="score">Scores.</param>
    /// <param name="positive">Outcomes.</param>
    /// <param name="positives">Number of positives.</param>
    /// <returns>AUC in [0, 1].</returns>
    internal static double Auc(double[] score, bool[] positive, int positives)
    {
        int n = score.Length;
        int negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var keys = (double[])score.Clone();
        var index = new int[n];
        for (int i = 0; i < n; i++)
        {
            index[i] = i;
        }

        Array.Sort(keys, index);
        double rankSum = 0;
        int start = 0;
        while (start < n)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            double averageRank = ((start + 1) + end) / 2.0;
            for (int j = start; j < end; j++)
            {
                if (positive[index[j]])
                {
                    rankSum += averageRank;
                }
            }

            start = end;
        }

        return (rankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }
}
