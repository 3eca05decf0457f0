using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Aging;

/// <summary>How one ranking scored against next year's failures.</summary>
/// <param name="Ranking">Name: <c>lumen_risk</c>, <c>lumen_pof</c>, <c>age</c> or <c>failure_count</c>.</param>
/// <param name="PrecisionAtK">Share of the top k assets that failed in the test year.</param>
/// <param name="RecallTopDecile">Share of the failed assets found in the top 10 % of the ranking.</param>
/// <param name="RocAuc">Area under the ROC curve (ties count half).</param>
/// <param name="ImpactAtK">
/// Share of the test year's customer-hours lost to failures (failures × customer-hours per failure from the network
/// model) that the top k assets account for: what a risk ranking is for.
/// </param>
/// <param name="ImpactTopDecile">The same share for the top 10 % of the ranking.</param>
public sealed record RankingScore(string Ranking, double PrecisionAtK, double RecallTopDecile, double RocAuc, double ImpactAtK, double ImpactTopDecile);

/// <summary>The result of <see cref="RankingBacktest.Run"/>.</summary>
/// <param name="AsOfYear">Rankings use data up to the end of this year.</param>
/// <param name="TestYear">Scored against failures in this year.</param>
/// <param name="Assets">Assets in service in the as-of year.</param>
/// <param name="FailedAssets">Of those, assets that failed in the test year.</param>
/// <param name="K">k of precision@k.</param>
/// <param name="Scores">One score per ranking.</param>
public sealed record BacktestResult(int AsOfYear, int TestYear, int Assets, int FailedAssets, int K, IReadOnlyList<RankingScore> Scores);

/// <summary>
/// Scores rankings made with data up to year Y against the failures of year Y + 1: Lumen's risk and PoF rankings against
/// an age-only ranking and a failure-count-only ranking.
/// </summary>
public static class RankingBacktest
{
    /// <summary>Runs the backtest.</summary>
    /// <param name="register">Register whose failure history reaches at least <paramref name="asOfYear"/> + 1.</param>
    /// <param name="network">The network.</param>
    /// <param name="asOfYear">Y.</param>
    /// <param name="k">k of precision@k; 0 for 1 % of the assets (at least 10).</param>
    /// <param name="options">Options (the year is overridden); null for the defaults.</param>
    /// <returns>The scores.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="register"/> or <paramref name="network"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The assets cannot be placed on the network.</exception>
    public static BacktestResult Run(AssetRegister register, Net network, int asOfYear, int k = 0, AssetRiskOptions? options = null)
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
        var failed = new bool[n];
        int positives = 0;
        var age = new double[n];
        var count = new double[n];
        var pof = new double[n];
        var riskScore = new double[n];
        var ids = new string[n];
        var impact = new double[n];
        for (int j = 0; j < n; j++)
        {
            int i = scope[j];
            failed[j] = register.FailureCount(i, asOfYear + 1, asOfYear + 1) > 0;
            positives += failed[j] ? 1 : 0;
            age[j] = asOfYear - register.InstallYears[i];
            count[j] = risk.Failures[i];
            pof[j] = risk.PofPerYear[i];
            riskScore[j] = risk.RiskPerYear[i];
            ids[j] = register.Ids[i];
            impact[j] = register.FailureCount(i, asOfYear + 1, asOfYear + 1) * risk.CustomerHoursPerFailure[i];
        }

        int kk = k > 0 ? Math.Min(k, n) : Math.Min(n, Math.Max(10, n / 100));
        var scores = new List<RankingScore>
        {
            Score("lumen_risk", riskScore, failed, impact, ids, kk, positives),
            Score("lumen_pof", pof, failed, impact, ids, kk, positives),
            Score("age", age, failed, impact, ids, kk, positives),
            Score("failure_count", count, failed, impact, ids, kk, positives),
        };
        return new BacktestResult(asOfYear, asOfYear + 1, n, positives, kk, scores);
    }

    /// <summary>Precision@k, recall in the top decile and ROC AUC of one score vector (higher = riskier; ties by id).</summary>
    /// <param name="name">Ranking name.</param>
    /// <param name="score">Scores.</param>
    /// <param name="failed">Outcome per asset.</param>
    /// <param name="impact">Customer-hours lost per asset in the test year.</param>
    /// <param name="ids">Asset ids for the deterministic tie-break.</param>
    /// <param name="k">k.</param>
    /// <param name="positives">Number of true outcomes.</param>
    /// <returns>The score.</returns>
    internal static RankingScore Score(string name, double[] score, bool[] failed, double[] impact, string[] ids, int k, int positives)
    {
        int n = score.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            int c = score[b].CompareTo(score[a]);
            return c != 0 ? c : string.CompareOrdinal(ids[a], ids[b]);
        });
        double totalImpact = 0;
        for (int i = 0; i < n; i++)
        {
            totalImpact += impact[i];
        }

        int hitsK = 0;
        double impactK = 0;
        for (int r = 0; r < k; r++)
        {
            hitsK += failed[order[r]] ? 1 : 0;
            impactK += impact[order[r]];
        }

        int decile = Math.Max(1, n / 10);
        int hitsDecile = 0;
        double impactDecile = 0;
        for (int r = 0; r < decile; r++)
        {
            hitsDecile += failed[order[r]] ? 1 : 0;
            impactDecile += impact[order[r]];
        }

        return new RankingScore(
            name,
            k > 0 ? (double)hitsK / k : double.NaN,
            positives > 0 ? (double)hitsDecile / positives : double.NaN,
            Auc(score, failed, positives),
            totalImpact > 0 ? impactK / totalImpact : double.NaN,
            totalImpact > 0 ? impactDecile / totalImpact : double.NaN);
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
