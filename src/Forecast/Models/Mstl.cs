namespace Lumen.Forecast.Models;

/// <summary>
/// The MSTL + ETS member of Lumen's forecast (R's <c>forecast::stlf</c> on an <c>msts</c> series with daily and weekly
/// periods, as the peer <c>mstl_ets</c>): MSTL decomposition of the last eight weeks, exponential smoothing of the
/// seasonally adjusted load, and the seasonal naive continuation of each seasonal component. Load only.
/// </summary>
/// <remarks>
/// <para>Decomposition as R's <c>mstl</c>: two iterations over the seasons in increasing period, each season re-estimated
/// by <see cref="Stl"/> on the series without the other seasons, with R's windows (s.window 11 for the daily and 15 for the
/// weekly period); the weekly season is dropped when the window holds fewer than two weeks, as R does. The adjusted load
/// (trend + remainder) is smoothed by simple exponential smoothing or an additive damped trend (ETS(A,N,N) or
/// ETS(A,Ad,N), the models R's <c>ets</c> chooses from here without multiplicative errors), constants on a grid chosen by
/// the one-step error with an AIC penalty for the trend's three extra parameters. The forecast is the smoothing's level
/// plus damped trend plus, per season, the season's last period repeated.</para>
/// <para>Cost: one decomposition is O(n · window / jump) per smoother (≈ 0.5 ms of CPU for eight weeks hourly); replaying
/// it at every day inside the history would cost more than the rest of the model, so <see cref="Replay"/> decomposes once
/// per block of days and carries the seasonal continuation and the smoothing's state forward through the block, which is
/// what the member forecasts on a day when its decomposition is that many days old.</para>
/// </remarks>
internal static class Mstl
{
    /// <summary>Days of history the member reads (eight weeks, as the R peer).</summary>
    public const int WindowDays = 56;

    /// <summary>Fewest days the member needs: more than two weeks, so that the weekly season is kept.</summary>
    public const int MinDays = 15;

    /// <summary>R's <c>mstl</c> default s.window for the first two seasons (7 + 4·1, 7 + 4·2).</summary>
    private const int DailyWindow = 11;

    private const int WeeklyWindow = 15;

    private const int Iterations = 2;

    private static readonly SmoothingParameters[] s_candidates = Candidates();

    private static SmoothingParameters[] Candidates()
    {
        var list = new List<SmoothingParameters>();
        foreach (double alpha in (ReadOnlySpan<double>)[0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
        {
            list.Add(new SmoothingParameters(alpha, 0, 0));
        }

        foreach (double alpha in (ReadOnlySpan<double>)[0.9, 0.99])
        {
            foreach (double beta in (ReadOnlySpan<double>)[0.25, 0.5, 1])
            {
                foreach (double phi in (ReadOnlySpan<double>)[0.8, 0.9, 0.98])
                {
                    list.Add(new SmoothingParameters(alpha, beta * alpha, phi));
                }
            }
        }

        return [.. list];
    }

    /// <summary>
    /// R's <c>mstl(msts(y, c(s, 7s)))</c>: fills <paramref name="daily"/>, <paramref name="weekly"/> (zero when the
    /// weekly season is dropped) and <paramref name="adjusted"/> = y − daily − weekly.
    /// </summary>
    public static void Decompose(ReadOnlySpan<double> y, int s, Span<double> daily, Span<double> weekly, Span<double> adjusted, MstlScratch scratch)
    {
        int n = y.Length;
        bool withWeekly = 7 * s < n / 2.0;
        StlParameters pd = StlParameters.ForR(s, DailyWindow);
        StlParameters pw = StlParameters.ForR(7 * s, WeeklyWindow);
        daily[..n].Clear();
        weekly[..n].Clear();
        y.CopyTo(adjusted);
        Span<double> work = scratch.Work(n);
        Span<double> trend = scratch.Trend(n);
        for (int it = 0; it < Iterations; it++)
        {
            Reestimate(adjusted, daily, pd, work, trend, scratch.Stl);
            if (withWeekly)
            {
                Reestimate(adjusted, weekly, pw, work, trend, scratch.Stl);
            }
        }
    }

    /// <summary>Adds <paramref name="season"/> back to <paramref name="adjusted"/>, re-estimates it by STL and takes it out again.</summary>
    private static void Reestimate(Span<double> adjusted, Span<double> season, StlParameters p, Span<double> work, Span<double> trend, StlScratch stl)
    {
        for (int i = 0; i < adjusted.Length; i++)
        {
            work[i] = adjusted[i] + season[i];
        }

        Stl.Decompose(work, p, season, trend, stl);
        for (int i = 0; i < adjusted.Length; i++)
        {
            adjusted[i] = work[i] - season[i];
        }
    }

    /// <summary>
    /// Forecasts <paramref name="output"/>.Length periods from <paramref name="origin"/> (a period index at midnight) from
    /// the load before it; returns the smoothing constants it chose.
    /// </summary>
    public static SmoothingParameters Forecast(ReadOnlySpan<double> y, int s, int origin, Span<double> output, MstlScratch scratch) =>
        Replay(y, s, origin, 1, output.Length, output, scratch, null);

    /// <summary>
    /// Decomposes the <see cref="WindowDays"/> days before <paramref name="origin"/> once and forecasts, for each of the
    /// <paramref name="days"/> days from it, <paramref name="steps"/> periods from that day's midnight
    /// (<paramref name="output"/>[day][step]): the smoothing runs on through the days before each, on the load less the
    /// seasonal continuation. Only load before each forecast's own start is read. The smoothing constants are chosen
    /// on the window unless <paramref name="constants"/> are given (the origin's, reused in the replay); returns them.
    /// </summary>
    public static SmoothingParameters Replay(ReadOnlySpan<double> y, int s, int origin, int days, int steps, Span<double> output, MstlScratch scratch, SmoothingParameters? constants)
    {
        int windowDays = Math.Min(WindowDays, origin / s);
        int n = windowDays * s;
        ReadOnlySpan<double> window = y.Slice(origin - n, n);
        Span<double> daily = scratch.Daily(n);
        Span<double> weekly = scratch.Weekly(n);
        Span<double> adjusted = scratch.Adjusted(n);
        Decompose(window, s, daily, weekly, adjusted, scratch);
        double level;
        double trend;
        SmoothingParameters par;
        if (constants is { } given)
        {
            par = given;
            Run(par, adjusted, out level, out trend);
        }
        else
        {
            par = FitSmoothing(adjusted, out level, out trend);
        }

        int w = 7 * s;
        for (int d = 0; d < days; d++)
        {
            Span<double> row = output.Slice(d * steps, steps);
            double damp = 0;
            double phiH = 1;
            for (int h = 0; h < steps; h++)
            {
                int t = (d * s) + h;
                phiH *= par.Phi;
                damp += phiH;
                row[h] = level + (damp * trend) + Continued(daily, s, t) + Continued(weekly, w, t);
            }

            if (d + 1 < days)
            {
                for (int p = 0; p < s; p++)
                {
                    int t = (d * s) + p;
                    double a = y[origin + t] - Continued(daily, s, t) - Continued(weekly, w, t);
                    Update(par, a, ref level, ref trend);
                }
            }
        }

        return par;
    }

    /// <summary>The seasonal naive continuation, t periods after the window's end, of a season of period m.</summary>
    private static double Continued(ReadOnlySpan<double> season, int m, int t) => season[season.Length - m + (t % m)];

    private static double Update(SmoothingParameters par, double a, ref double level, ref double trend)
    {
        double damped = par.Phi * trend;
        double e = a - level - damped;
        level += damped + (par.Alpha * e);
        trend = damped + (par.Beta * e);
        return e;
    }

    /// <summary>
    /// Chooses the smoothing constants on <paramref name="adjusted"/> by n·ln(SSE/n) + 2k (k = 2 for simple smoothing,
    /// 5 with the damped trend) and returns them with the final level and trend.
    /// </summary>
    internal static SmoothingParameters FitSmoothing(ReadOnlySpan<double> adjusted, out double level, out double trend)
    {
        SmoothingParameters best = s_candidates[0];
        double bestAic = double.MaxValue;
        level = adjusted[0];
        trend = 0;
        int n = adjusted.Length - 1;
        foreach (SmoothingParameters par in s_candidates)
        {
            double sse = Run(par, adjusted, out double l, out double b);
            double aic = (n * Math.Log(Math.Max(sse, 1e-300) / n)) + (2 * (par.Beta == 0 && par.Phi == 0 ? 2 : 5));
            if (aic < bestAic)
            {
                bestAic = aic;
                best = par;
                level = l;
                trend = b;
            }
        }

        return best;
    }

    /// <summary>Smooths <paramref name="adjusted"/> from its first value; returns the one-step squared error and the final state.</summary>
    private static double Run(SmoothingParameters par, ReadOnlySpan<double> adjusted, out double level, out double trend)
    {
        double l = adjusted[0];
        double b = 0;
        double sse = 0;
        for (int t = 1; t < adjusted.Length; t++)
        {
            double e = Update(par, adjusted[t], ref l, ref b);
            sse += e * e;
        }

        level = l;
        trend = b;
        return sse;
    }
}

/// <summary>Reusable buffers of <see cref="Mstl"/> (not thread-safe: one per thread).</summary>
internal sealed class MstlScratch
{
    private double[] _daily = [];
    private double[] _weekly = [];
    private double[] _adjusted = [];
    private double[] _work = [];
    private double[] _trend = [];

    public StlScratch Stl { get; } = new();

    public Span<double> Daily(int n) => Take(ref _daily, n);

    public Span<double> Weekly(int n) => Take(ref _weekly, n);

    public Span<double> Adjusted(int n) => Take(ref _adjusted, n);

    public Span<double> Work(int n) => Take(ref _work, n);

    public Span<double> Trend(int n) => Take(ref _trend, n);

    private static Span<double> Take(ref double[] slot, int n)
    {
        if (slot.Length < n)
        {
            slot = new double[n];
        }

        return slot.AsSpan(0, n);
    }
}
