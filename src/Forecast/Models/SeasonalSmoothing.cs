namespace Lumen.Forecast.Models;

/// <summary>
/// The "profile + level" member of Lumen's forecast: a weekly load profile from the last eight weeks, a daily-shape
/// correction from the last eleven days, and exponential smoothing of the seasonally adjusted load. It reads only load,
/// so it works without temperature and with a few weeks of history.
/// </summary>
/// <remarks>
/// <para>The idea is that of MSTL + ETS (Hyndman's <c>stlf</c> on daily and weekly seasonality), written small. The level
/// of a day is the centred 7-day mean of the daily means (continued linearly over the last and first three days); the
/// weekly profile P(weekday, period) is the mean deviation from that level over the window's whole weeks; the daily
/// correction R(period) is the tricube-weighted mean (span 11 days, newest heaviest, as the loess of MSTL's daily
/// component) of what P leaves at that period, because a day's shape drifts with daylight and weather faster than the
/// weekly profile; the adjusted load a = y − P − R is smoothed by exponential smoothing, simple or with an additive damped
/// trend, whose constants are chosen on a grid by the one-step squared error, as ETS is fitted (R's <c>ets</c> chooses a
/// damped trend with α ≈ β ≈ 1 on the adjusted load: the last hours' momentum carries into the first hours of the day).
/// The forecast is the last level plus the damped trend plus P and R of the target period. Measured alternatives
/// (src/Forecast/README.md): a day's own mean or a block mean as the level (the drift within a week leaks into the
/// profile), a damped trend as the only model, constants chosen by the day-ahead instead of the one-step error,
/// recency-weighted weeks, a local linear daily correction: all worse.</para>
/// <para>All of it reads load strictly before the origin. Cost O(window) per forecast with a fixed constant (the smoothing
/// itself runs over the last week only), O(grid × window) when fitted; no allocation (the caller passes the profile
/// buffers).</para>
/// </remarks>
internal static class SeasonalSmoothing
{
    /// <summary>Days of history the profiles and the smoothing read (eight weeks, as the R peers).</summary>
    public const int WindowDays = 56;

    /// <summary>Fewest days of history the member needs (two weeks: every weekday twice).</summary>
    public const int MinDays = 14;

    /// <summary>Span of the daily-shape correction in days (MSTL's default seasonal window for the daily period).</summary>
    private const int ShapeSpan = 11;

    /// <summary>
    /// Days the forecast's smoothing runs over before the origin: with the smallest constant (0.1) the starting value
    /// weighs 0.9^168 ≈ 2e-8 after a week of hourly periods, so a longer run changes nothing but the cost.
    /// </summary>
    private const int SmoothDays = 7;

    /// <summary>
    /// The constants the fit chooses from: simple smoothing (α on a grid) and the additive damped trend with α = 1,
    /// β ∈ {0.25, 0.5, 1} and φ ∈ {0.65, 0.8, 0.9} (R's <c>ets</c> keeps φ ≤ 0.98 and picks 0.8, its lower bound, with
    /// α ≈ β ≈ 1 on these series; stronger damping is allowed here). A grid of 32 damped candidates (α ∈ {0.9, 1}, four β,
    /// four φ) forecast no better at 2.5 times the fitting cost (src/Forecast/README.md).
    /// </summary>
    private static readonly SmoothingParameters[] s_candidates = Candidates();

    private static SmoothingParameters[] Candidates()
    {
        var list = new List<SmoothingParameters>();
        foreach (double alpha in (ReadOnlySpan<double>)[0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
        {
            list.Add(new SmoothingParameters(alpha, 0, 0));
        }

        foreach (double beta in (ReadOnlySpan<double>)[0.25, 0.5, 1])
        {
            foreach (double phi in (ReadOnlySpan<double>)[0.65, 0.8, 0.9])
            {
                list.Add(new SmoothingParameters(1, beta, phi));
            }
        }

        return [.. list];
    }

    /// <summary>Chooses the smoothing constants at <paramref name="origin"/> (a period index at midnight) by the one-step squared error, as ETS is fitted.</summary>
    /// <param name="y">Load; only indices before <paramref name="origin"/> are read.</param>
    /// <param name="s">Periods per day.</param>
    /// <param name="origin">First forecast period (a multiple of <paramref name="s"/>), at least <see cref="MinDays"/> days in.</param>
    /// <param name="firstDow">Weekday of day 0 of <paramref name="y"/> (0 = Sunday).</param>
    /// <param name="profile">Scratch of 7·s values for the weekly profile.</param>
    /// <param name="shape">Scratch of s values for the daily-shape correction.</param>
    public static SmoothingParameters Fit(ReadOnlySpan<double> y, int s, int origin, int firstDow, Span<double> profile, Span<double> shape)
    {
        int from = Profiles(y, s, origin, firstDow, profile, shape, [], []);
        SmoothingParameters best = s_candidates[0];
        double bestSse = double.MaxValue;
        foreach (SmoothingParameters alpha in s_candidates)
        {
            double sse = Smooth(y, s, from, origin, firstDow, profile, shape, alpha, out _, out _);
            if (sse < bestSse)
            {
                bestSse = sse;
                best = alpha;
            }
        }

        return best;
    }

    /// <summary>Forecasts <paramref name="output"/>.Length periods from <paramref name="origin"/> with smoothing constants <paramref name="alpha"/>.</summary>
    /// <remarks>Parameters as in <see cref="Fit"/>.</remarks>
    public static void Forecast(ReadOnlySpan<double> y, int s, int origin, int firstDow, SmoothingParameters alpha, Span<double> profile, Span<double> shape, Span<double> output) =>
        Forecast(y, s, origin, firstDow, alpha, profile, shape, output, [], []);

    /// <summary>
    /// <see cref="Forecast(ReadOnlySpan{double}, int, int, int, SmoothingParameters, Span{double}, Span{double}, Span{double})"/> with
    /// the sums of <see cref="Sums"/> over the series, which make the weekly profile O(7·s) instead of O(56·s): for the
    /// many replayed origins of one series.
    /// </summary>
    public static void Forecast(ReadOnlySpan<double> y, int s, int origin, int firstDow, SmoothingParameters alpha, Span<double> profile, Span<double> shape, Span<double> output, ReadOnlySpan<double> daily, ReadOnlySpan<double> weekly)
    {
        int from = Profiles(y, s, origin, firstDow, profile, shape, daily, weekly);
        Smooth(y, s, Math.Max(from, origin - (SmoothDays * s)), origin, firstDow, profile, shape, alpha, out double level, out double trend);
        double damp = 0;
        double phiH = 1;
        for (int h = 0; h < output.Length; h++)
        {
            int t = origin + h;
            phiH *= alpha.Phi;
            damp += phiH;
            output[h] = level + (damp * trend) + profile[Position(t, s, firstDow)] + shape[t % s];
        }
    }

    /// <summary>Index of period <paramref name="t"/> in the weekly profile: weekday · s + period.</summary>
    private static int Position(int t, int s, int firstDow) => ((((t / s) + firstDow) % 7) * s) + (t % s);

    /// <summary>Fills the weekly profile and the daily-shape correction from the whole weeks before <paramref name="origin"/>; returns the window's first index.</summary>
    private static int Profiles(ReadOnlySpan<double> y, int s, int origin, int firstDow, Span<double> profile, Span<double> shape, ReadOnlySpan<double> dailySums, ReadOnlySpan<double> weeklySums)
    {
        int days = Math.Min(WindowDays, origin / s) / 7 * 7;
        int from = origin - (days * s);
        int firstDay = from / s;
        Span<double> level = stackalloc double[WindowDays];
        Levels(y, s, from, days, level, dailySums.IsEmpty ? [] : dailySums.Slice(firstDay, days));
        if (!weeklySums.IsEmpty)
        {
            WeeklyProfile(s, firstDay, days, firstDow, level, weeklySums, profile);
        }
        else
        {
            DirectProfile(y, s, from, days, firstDow, level, profile);
        }

        ShapeCorrection(y, s, from, days, firstDow, level, profile, shape);
        return from;
    }

    /// <summary>The weekly profile from the stride-7 running sums: Σ y over a weekday's days minus Σ of their levels, / weeks.</summary>
    private static void WeeklyProfile(int s, int firstDay, int days, int firstDow, ReadOnlySpan<double> level, ReadOnlySpan<double> weeklySums, Span<double> profile)
    {
        int weeks = days / 7;
        for (int k = 0; k < 7; k++)
        {
            int last = firstDay + days - 7 + k;              // the newest day of this weekday in the window
            int before = last - days;                        // the newest day of this weekday before the window
            int dow = (last + firstDow) % 7;
            double levels = 0;
            for (int d = days - 7 + k; d >= 0; d -= 7)
            {
                levels += level[d];
            }

            Span<double> row = profile.Slice(dow * s, s);
            for (int p = 0; p < s; p++)
            {
                double sum = weeklySums[(last * s) + p] - (before >= 0 ? weeklySums[(before * s) + p] : 0);
                row[p] = (sum - levels) / weeks;
            }
        }
    }

    private static void DirectProfile(ReadOnlySpan<double> y, int s, int from, int days, int firstDow, ReadOnlySpan<double> level, Span<double> profile)
    {
        profile[..(7 * s)].Clear();
        Span<int> count = stackalloc int[7];
        count.Clear();
        for (int d = 0; d < days; d++)
        {
            int t0 = from + (d * s);
            int dow = ((t0 / s) + firstDow) % 7;
            count[dow]++;
            Span<double> row = profile.Slice(dow * s, s);
            for (int p = 0; p < s; p++)
            {
                row[p] += y[t0 + p] - level[d];
            }
        }

        for (int dow = 0; dow < 7; dow++)
        {
            Span<double> row = profile.Slice(dow * s, s);
            double n = Math.Max(1, count[dow]);
            for (int p = 0; p < s; p++)
            {
                row[p] /= n;
            }
        }
    }

    private static void ShapeCorrection(ReadOnlySpan<double> y, int s, int from, int days, int firstDow, ReadOnlySpan<double> level, ReadOnlySpan<double> profile, Span<double> shape)
    {
        shape[..s].Clear();
        int span = Math.Min(days, ShapeSpan);
        double wsum = 0;
        for (int j = 0; j < span; j++)
        {
            int d = days - 1 - j;
            double u = (double)j / span;
            double w = Math.Pow(1 - (u * u * u), 3);
            int t0 = from + (d * s);
            int dow = ((t0 / s) + firstDow) % 7;
            for (int p = 0; p < s; p++)
            {
                shape[p] += w * (y[t0 + p] - level[d] - profile[(dow * s) + p]);
            }

            wsum += w;
        }

        for (int p = 0; p < s; p++)
        {
            shape[p] /= wsum;
        }
    }

    /// <summary>
    /// Sums over the first <paramref name="days"/> days of a series for <see cref="Forecast(ReadOnlySpan{double}, int, int, int, SmoothingParameters, Span{double}, Span{double}, Span{double}, ReadOnlySpan{double}, ReadOnlySpan{double})"/>:
    /// each day's mean, and per period the running sum over the same weekday (day d plus day d − 7 plus …).
    /// </summary>
    public static void Sums(ReadOnlySpan<double> y, int s, int days, Span<double> daily, Span<double> weekly)
    {
        for (int d = 0; d < days; d++)
        {
            double sum = 0;
            for (int p = 0; p < s; p++)
            {
                double v = y[(d * s) + p];
                sum += v;
                weekly[(d * s) + p] = v + (d >= 7 ? weekly[((d - 7) * s) + p] : 0);
            }

            daily[d] = sum / s;
        }
    }

    /// <summary>
    /// The level of each day of the window: the centred 7-day mean of the daily means, continued linearly over the first
    /// and last three days by the slope of the first (last) week of centred means.
    /// </summary>
    private static void Levels(ReadOnlySpan<double> y, int s, int from, int days, Span<double> level, ReadOnlySpan<double> dailyMeans)
    {
        Span<double> daily = stackalloc double[days];
        for (int d = 0; d < days; d++)
        {
            if (!dailyMeans.IsEmpty)
            {
                daily[d] = dailyMeans[d];
                continue;
            }

            double sum = 0;
            for (int p = 0; p < s; p++)
            {
                sum += y[from + (d * s) + p];
            }

            daily[d] = sum / s;
        }

        int lo = 3;
        int hi = days - 4;
        for (int d = lo; d <= hi; d++)
        {
            double sum = 0;
            for (int j = d - 3; j <= d + 3; j++)
            {
                sum += daily[j];
            }

            level[d] = sum / 7;
        }

        double slopeEnd = hi - 7 >= lo ? (level[hi] - level[hi - 7]) / 7 : 0;
        double slopeStart = lo + 7 <= hi ? (level[lo + 7] - level[lo]) / 7 : 0;
        for (int d = hi + 1; d < days; d++)
        {
            level[d] = level[hi] + (slopeEnd * (d - hi));
        }

        for (int d = 0; d < lo; d++)
        {
            level[d] = level[lo] - (slopeStart * (lo - d));
        }
    }

    /// <summary>
    /// Exponential smoothing of the adjusted load over [from, origin) with an additive damped trend (ETS(A,Ad,N):
    /// ℓ ← ℓ + φb + αe, b ← φb + βe for the one-step error e; simple smoothing when β = φ = 0); returns the one-step squared
    /// error after the first day, the last level and the last trend.
    /// </summary>
    private static double Smooth(ReadOnlySpan<double> y, int s, int from, int origin, int firstDow, ReadOnlySpan<double> profile, ReadOnlySpan<double> shape, SmoothingParameters par, out double level, out double trend)
    {
        level = y[from] - profile[Position(from, s, firstDow)] - shape[0];
        trend = 0;
        double alpha = par.Alpha;
        double beta = par.Beta;
        double phi = par.Phi;
        double sse = 0;
        int dow = ((from / s) + firstDow) % 7;
        for (int t0 = from; t0 < origin; t0 += s)
        {
            ReadOnlySpan<double> row = profile.Slice(dow * s, s);
            bool scored = t0 > from;
            for (int p = t0 == from ? 1 : 0; p < s; p++)
            {
                double damped = phi * trend;
                double e = y[t0 + p] - row[p] - shape[p] - level - damped;
                if (scored)
                {
                    sse += e * e;
                }

                level += damped + (alpha * e);
                trend = damped + (beta * e);
            }

            dow = dow == 6 ? 0 : dow + 1;
        }

        return sse;
    }
}

/// <summary>
/// Constants of the smoothing of the seasonally adjusted load: level <see cref="Alpha"/>, trend <see cref="Beta"/> and
/// damping <see cref="Phi"/> (additive damped trend, ETS(A,Ad,N); <see cref="Beta"/> = <see cref="Phi"/> = 0 is simple
/// exponential smoothing).
/// </summary>
internal readonly record struct SmoothingParameters(double Alpha, double Beta, double Phi);
