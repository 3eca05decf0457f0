using System.Globalization;
using System.Text;

namespace Lumen.Forecast.Backtest;

/// <summary>Scores of one method on one dataset and origin set (protocol §5).</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Method">Method id.</param>
/// <param name="Origins">Number of origins scored.</param>
/// <param name="MapePercent">100 · mean |y − ŷ| / |y|.</param>
/// <param name="RmseMw">Root mean squared error, MW.</param>
/// <param name="Mase">Mean over origins of MAE / scale.</param>
/// <param name="Coverage80Percent">Share of actuals inside the 80 % interval, %; NaN without intervals.</param>
/// <param name="Coverage95Percent">Share of actuals inside the 95 % interval, %; NaN without intervals.</param>
/// <param name="PinballMw">Mean pinball loss over τ ∈ {0.025, 0.1, 0.5, 0.9, 0.975}, MW; NaN without intervals.</param>
/// <param name="SecondsTotal">Fit + forecast seconds summed over origins.</param>
/// <param name="SecondsPerOrigin">Mean fit + forecast seconds per origin.</param>
/// <param name="Failed">Origins where the method failed (seasonal naive substituted).</param>
/// <param name="CpuSecondsPerOrigin">Mean process CPU seconds per origin (NaN when not measured).</param>
public sealed record BacktestScore(
    string Dataset,
    string Method,
    int Origins,
    double MapePercent,
    double RmseMw,
    double Mase,
    double Coverage80Percent,
    double Coverage95Percent,
    double PinballMw,
    double SecondsTotal,
    double SecondsPerOrigin,
    int Failed,
    double CpuSecondsPerOrigin = double.NaN);

/// <summary>The protocol's metrics, computed exactly as the peers' <c>evaluate.R</c>.</summary>
public static class BacktestMetrics
{
    /// <summary>Pinball loss of quantile <paramref name="q"/> at level <paramref name="tau"/> for actual <paramref name="y"/>.</summary>
    public static double Pinball(double y, double q, double tau)
    {
        double u = y - q;
        return Math.Max(tau * u, (tau - 1) * u);
    }

    /// <summary>Scores rows of one dataset and method (all origins present in <paramref name="rows"/>).</summary>
    /// <remarks>Empty input gives a score with 0 origins and NaN metrics.</remarks>
    public static BacktestScore Score(IReadOnlyList<BacktestRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return new BacktestScore(string.Empty, string.Empty, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, 0, 0);
        }

        double ape = 0;
        double se = 0;
        double pin = 0;
        int in80 = 0;
        int in95 = 0;
        bool hasInt = true;
        var perOrigin = new SortedDictionary<DateTime, (double AbsSum, int N, double Scale, double Secs, bool Failed, double Cpu)>();
        foreach (BacktestRow r in rows)
        {
            double e = r.ActualMw - r.MeanMw;
            ape += Math.Abs(e) / Math.Abs(r.ActualMw);
            se += e * e;
            hasInt &= double.IsFinite(r.Lower80Mw) && double.IsFinite(r.Upper80Mw) && double.IsFinite(r.Lower95Mw) && double.IsFinite(r.Upper95Mw);
            pin += Pinball(r.ActualMw, r.Lower95Mw, 0.025) + Pinball(r.ActualMw, r.Lower80Mw, 0.10) + Pinball(r.ActualMw, r.MeanMw, 0.50)
                + Pinball(r.ActualMw, r.Upper80Mw, 0.90) + Pinball(r.ActualMw, r.Upper95Mw, 0.975);
            in80 += r.ActualMw >= r.Lower80Mw && r.ActualMw <= r.Upper80Mw ? 1 : 0;
            in95 += r.ActualMw >= r.Lower95Mw && r.ActualMw <= r.Upper95Mw ? 1 : 0;
            perOrigin.TryGetValue(r.Origin, out var o);
            perOrigin[r.Origin] = (o.AbsSum + Math.Abs(e), o.N + 1, r.Scale, r.FitForecastSeconds, r.Failed, r.CpuSeconds);
        }

        int n = rows.Count;
        double mase = 0;
        double secs = 0;
        int failed = 0;
        double cpu = 0;
        foreach (var o in perOrigin.Values)
        {
            cpu += o.Cpu;
            mase += o.AbsSum / o.N / o.Scale;
            secs += o.Secs;
            failed += o.Failed ? 1 : 0;
        }

        int origins = perOrigin.Count;
        return new BacktestScore(
            rows[0].Dataset,
            rows[0].Method,
            origins,
            100 * ape / n,
            Math.Sqrt(se / n),
            mase / origins,
            hasInt ? 100.0 * in80 / n : double.NaN,
            hasInt ? 100.0 * in95 / n : double.NaN,
            hasInt ? pin / (5.0 * n) : double.NaN,
            secs,
            secs / origins,
            failed,
            cpu / origins);
    }

    /// <summary>
    /// Scores every (dataset, method) in <paramref name="rows"/>: table A on all origins each method ran, table B on the
    /// common 7-origin subset (every fourth origin, newest first), as <c>evaluate.R</c> does.
    /// </summary>
    public static (IReadOnlyList<BacktestScore> All, IReadOnlyList<BacktestScore> Sub4) ScoreAll(IReadOnlyList<BacktestRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var a = new List<BacktestScore>();
        var b = new List<BacktestScore>();
        foreach (IGrouping<string, BacktestRow> ds in rows.GroupBy(r => r.Dataset).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            DateTime[] origins = ds.Select(r => r.Origin).Distinct().OrderByDescending(o => o).ToArray();
            var common = new HashSet<DateTime>(origins.Where((_, i) => i % 4 == 0));
            foreach (IGrouping<string, BacktestRow> m in ds.GroupBy(r => r.Method).OrderBy(g => MethodOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                List<BacktestRow> all = m.ToList();
                a.Add(Score(all));
                List<BacktestRow> sub = all.Where(r => common.Contains(r.Origin)).ToList();
                if (sub.Select(r => r.Origin).Distinct().Count() == common.Count)
                {
                    b.Add(Score(sub));
                }
            }
        }

        return (a, b);
    }

    /// <summary>Markdown table in the form of <c>forecast-peers.md</c>, plus a CPU-seconds column.</summary>
    public static string ToMarkdown(IReadOnlyList<BacktestScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var sb = new StringBuilder();
        sb.AppendLine("| dataset | method | origins | MAPE % | RMSE MW | MASE | cov80 % | cov95 % | pinball MW | fit+fc s total | s/origin | cpu s/origin |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (BacktestScore s in scores)
        {
            sb.Append("| ").Append(s.Dataset).Append(" | ").Append(s.Method).Append(" | ").Append(s.Origins.ToString(CultureInfo.InvariantCulture))
                .Append(" | ").Append(F(s.MapePercent, 2)).Append(" | ").Append(F(s.RmseMw, 1)).Append(" | ").Append(F(s.Mase, 3))
                .Append(" | ").Append(F(s.Coverage80Percent, 1)).Append(" | ").Append(F(s.Coverage95Percent, 1)).Append(" | ").Append(F(s.PinballMw, 1))
                .Append(" | ").Append(F(s.SecondsTotal, 3)).Append(" | ").Append(F(s.SecondsPerOrigin, 4)).Append(" | ").Append(F(s.CpuSecondsPerOrigin, 4)).AppendLine(" |");
        }

        return sb.ToString();
    }

    private static string F(double v, int digits) => double.IsNaN(v) ? "n/a" : v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static int MethodOrder(string method) => method switch
    {
        "snaive" => 0,
        "ets" => 1,
        "mstl_ets" => 2,
        "tbats" => 3,
        "arima_fourier_temp" => 4,
        "prophet_temp" => 5,
        "vanilla_lm" => 6,
        _ => 7,
    };
}
