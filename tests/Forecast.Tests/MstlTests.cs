using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Xunit;

namespace Lumen.Forecast.Tests;

/// <summary>
/// <see cref="Stl"/> and <see cref="Mstl"/>: against a direct transcription of the STL definition (oracle), against R's
/// <c>stl</c> and <c>forecast::mstl</c> on a fixed series, and recovering a known seasonal shape without temperature.
/// </summary>
public sealed class MstlTests
{
    /// <summary>
    /// R 4.2.2, forecast 8.20: <c>mstl(msts(y, seasonal.periods = c(24, 168)))</c> and <c>stl(ts(y, frequency = 24),
    /// s.window = 11)</c> of <see cref="FixtureSeries"/> at t = 0, 37, 74, … (printed with 10 decimals).
    /// </summary>
    private static readonly (int T, double Daily, double Weekly, double Trend)[] s_mstl =
    [
        (0, 5.0632892932, -5.9453812497, 99.4721567128),
        (37, 1.7015973744, 8.2763767717, 101.2085663698),
        (74, 7.5435542345, 3.4790129475, 102.9648548920),
        (111, -7.0990836893, -5.8529956692, 104.7377915747),
        (148, 6.2389275183, -4.3819897402, 106.5390011089),
        (185, -14.0476115240, -0.7662352987, 108.3961466321),
        (222, 5.0567651020, 7.7675694189, 110.2455063413),
        (259, -14.0479355399, -1.2381091028, 112.0923641485),
        (296, 6.1666081144, -7.0021464588, 113.9385151924),
        (333, -7.1281685997, 0.2515809454, 115.7925433332),
        (370, 7.5329283651, 8.4695782774, 117.6476792457),
        (407, 1.6323418220, 4.8635725410, 119.4935366776),
        (444, 4.9645391954, -4.9393627226, 121.3404714680),
        (481, 6.9720888694, -4.5954275690, 123.1889374059),
        (518, -2.4856088162, -1.7447381953, 125.0459665153),
        (555, 7.1838090334, 7.9028781779, 126.8965408688),
        (592, -11.2264261429, -0.4857217738, 128.7425710934),
        (629, 5.3285252399, -7.1175296624, 130.5884778313),
        (666, -15.0084545831, -0.6790406198, 132.4413558361),
        (703, 5.3978457516, 8.0717727514, 134.2870726275),
        (740, -11.1987741373, 5.6391168686, 136.0736061253),
        (777, 7.2413199548, -4.3911600230, 137.8416222712),
        (814, -2.6924869827, -4.9996840046, 139.5907018681),
    ];

    private static readonly (int T, double Seasonal, double Trend)[] s_stl =
    [
        (0, 5.4563813896, 93.0022271509),
        (37, 1.6579465866, 109.0270370207),
        (74, 7.7113697049, 106.4930621919),
        (111, -7.0991145799, 99.0837045779),
        (148, 6.1126231505, 102.2202223082),
        (185, -13.9937005784, 109.2395529492),
        (222, 5.0339774385, 117.9657530587),
        (259, -14.0148939542, 110.9773338520),
        (296, 6.1184709475, 107.2038008562),
        (333, -7.0378266135, 113.4062828125),
        (370, 7.4957024068, 125.1807972295),
        (407, 1.6440348663, 123.9163691274),
        (444, 4.9858096365, 116.2332952137),
        (481, 6.8290187466, 118.2715254162),
        (518, -2.4885099546, 124.7915085161),
        (555, 7.1209204611, 134.9712663333),
        (592, -11.1846952545, 128.4637009798),
        (629, 5.2485967336, 123.8382954268),
        (666, -14.9658305868, 129.9319216352),
        (703, 5.3318539219, 140.8889924081),
        (740, -11.1621513088, 141.3115572922),
        (777, 7.2518699230, 133.4635386204),
        (814, -2.7015681678, 134.3970021256),
    ];

    /// <summary>
    /// Five weeks hourly: trend, two daily harmonics, a weekly sine, a deterministic irregular part and a low first day
    /// of each week; in R: <c>t <- 0:839; y <- 100 + 0.05*t + 10*sin(2*pi*t/24) + 5*cos(4*pi*t/24) + 8*sin(2*pi*t/168) + 3*sin(1.7*t)^3 + ifelse(t %% 168 < 24, -6, 0)</c>.
    /// </summary>
    private static double[] FixtureSeries()
    {
        var y = new double[840];
        for (int t = 0; t < y.Length; t++)
        {
            double irregular = Math.Pow(Math.Sin(1.7 * t), 3);
            y[t] = 100 + (0.05 * t) + (10 * Math.Sin(2 * Math.PI * t / 24)) + (5 * Math.Cos(4 * Math.PI * t / 24)) + (8 * Math.Sin(2 * Math.PI * t / 168)) + (3 * irregular) + (t % 168 < 24 ? -6 : 0);
        }

        return y;
    }

    // The fixture is printed with 10 decimals (rounding up to 5e-11); 1e-10 allows the printing and nothing else: the
    // decomposition is R's arithmetic (same spans, degrees, jumps, interpolation and end rules), not an approximation.
    private const double FixtureTolerance = 1e-10;

    [Fact]
    public void Stl_MatchesR()
    {
        double[] y = FixtureSeries();
        var seasonal = new double[y.Length];
        var trend = new double[y.Length];
        Stl.Decompose(y, StlParameters.ForR(24, 11), seasonal, trend, new StlScratch());
        foreach ((int t, double s, double tr) in s_stl)
        {
            Assert.Equal(s, seasonal[t], FixtureTolerance);
            Assert.Equal(tr, trend[t], FixtureTolerance);
        }
    }

    [Fact]
    public void Mstl_MatchesR()
    {
        double[] y = FixtureSeries();
        var daily = new double[y.Length];
        var weekly = new double[y.Length];
        var adjusted = new double[y.Length];
        var scratch = new MstlScratch();
        Mstl.Decompose(y, 24, daily, weekly, adjusted, scratch);
        var trend = new double[y.Length];
        var season = new double[y.Length];

        // R's trend is the last STL's (the weekly one of the second iteration): recompute it from the adjusted series.
        var withWeekly = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            withWeekly[i] = adjusted[i] + weekly[i];
        }

        Stl.Decompose(withWeekly, StlParameters.ForR(168, 15), season, trend, new StlScratch());
        foreach ((int t, double d, double w, double tr) in s_mstl)
        {
            Assert.Equal(d, daily[t], FixtureTolerance);
            Assert.Equal(w, weekly[t], FixtureTolerance);
            Assert.Equal(tr, trend[t], FixtureTolerance);
        }
    }

    [Property(MaxTest = 150)]
    public Property Loess_MatchesDefinition(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        int n = 2 + rng.Next(60);
        int window = 3 + (2 * rng.Next(20));
        int degree = rng.Next(2);
        int jump = 1 + rng.Next(6);
        double[] y = RandomSeries(rng, n);
        var fast = new double[n];
        Stl.Loess(y, window, degree, jump, fast, new StlScratch());
        double[] slow = SlowStl.Loess(y, window, degree, jump);
        string? miss = Mismatch(fast, slow);
        return (miss is null).Label($"n={n} window={window} degree={degree} jump={jump}: {miss}");
    }

    [Property(MaxTest = 100)]
    public Property Stl_MatchesDefinition(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        int period = 2 + rng.Next(30);
        int n = (2 * period) + 1 + rng.Next(5 * period);
        var p = new StlParameters(period, 3 + (2 * rng.Next(10)), 1 + rng.Next(3), 3 + (2 * rng.Next(40)), 1 + rng.Next(8), Odd(period), 1 + rng.Next(5), 1 + rng.Next(2));
        double[] y = RandomSeries(rng, n);
        var seasonal = new double[n];
        var trend = new double[n];
        Stl.Decompose(y, p, seasonal, trend, new StlScratch());
        (double[] slowSeasonal, double[] slowTrend) = SlowStl.Decompose(y, p);
        string? miss = Mismatch(seasonal, slowSeasonal) ?? Mismatch(trend, slowTrend);
        return (miss is null).Label($"{p}: {miss}");
    }

    [Fact]
    public void Member_WithoutTemperature_RecoversTheSeasonalShape()
    {
        // Twelve weeks hourly, no temperature: a wandering level, a daily shape, a weekly shape (weekend low, Monday
        // morning ramp) and noise of 1 MW. The member's forecast of the next day minus that day's level must be the shape.
        var rng = new Random(5);
        const int days = 84;
        var y = new double[(days + 1) * 24];
        double level = 500;
        for (int t = 0; t < y.Length; t++)
        {
            if (t % 24 == 0)
            {
                level += (rng.NextDouble() - 0.5) * 4;
            }

            y[t] = level + Shape(t) + ((rng.NextDouble() - 0.5) * 2);
        }

        var forecast = new double[24];
        Mstl.Forecast(y, 24, days * 24, forecast, new MstlScratch());
        double meanError = 0;
        for (int h = 0; h < 24; h++)
        {
            meanError += forecast[h] - Shape((days * 24) + h);
        }

        meanError /= 24;
        for (int h = 0; h < 24; h++)
        {
            // The level is the member's to estimate (a random walk); the shape around it must be right within 2 MW
            // against an amplitude of 60 MW.
            Assert.InRange(forecast[h] - Shape((days * 24) + h) - meanError, -2.0, 2.0);
        }

        Assert.InRange(meanError - level, -8.0, 8.0);
    }

    [Fact]
    public void Replay_ReadsNoLoadFromEachForecastsStartOn()
    {
        var rng = new Random(11);
        const int s = 24;
        var y = new double[70 * s];
        for (int t = 0; t < y.Length; t++)
        {
            y[t] = 300 + Shape(t) + (10 * rng.NextDouble());
        }

        const int origin = 60 * s;
        const int days = 7;
        const int steps = 2 * s;
        var scratch = new MstlScratch();
        var replay = new double[days * steps];
        Mstl.Replay(y, s, origin, days, steps, replay, scratch, null);

        var direct = new double[steps];
        Mstl.Forecast(y, s, origin, direct, scratch);
        Assert.Equal(direct, replay.AsSpan(0, steps).ToArray());

        for (int d = 0; d < days; d++)
        {
            double[] poisoned = (double[])y.Clone();
            for (int t = origin + (d * s); t < poisoned.Length; t++)
            {
                poisoned[t] = 1e6;
            }

            var again = new double[days * steps];
            Mstl.Replay(poisoned, s, origin, days, steps, again, scratch, null);
            Assert.Equal(replay.AsSpan(0, (d + 1) * steps).ToArray(), again.AsSpan(0, (d + 1) * steps).ToArray());
        }
    }

    [Fact]
    public void Lumen_WithoutTemperature_CombinesTheMstlMember_AndNotWithTemperature()
    {
        LoadSeries withTemp = Synthetic.Series(120, 3);
        var noTemp = new LoadSeries("notemp", withTemp.Start, 24, withTemp.LoadMw.ToArray(), null);
        var model = new LumenRegression();
        ForecastResult a = model.Forecast(new ForecastRequest(noTemp, 119, 1, HolidayCalendar.Empty));
        ForecastResult b = model.Forecast(new ForecastRequest(withTemp, 119, 1, HolidayCalendar.Empty));
        ForecastResult c = new LumenRegression(LumenOptions.Default with { MstlMember = false }).Forecast(new ForecastRequest(noTemp, 119, 1, HolidayCalendar.Empty));
        Assert.Contains("+mstl", a.Variant, StringComparison.Ordinal);
        Assert.DoesNotContain("+mstl", b.Variant, StringComparison.Ordinal);
        Assert.DoesNotContain("+mstl", c.Variant, StringComparison.Ordinal);
        Assert.All(a.MeanMw.ToArray(), v => Assert.True(double.IsFinite(v)));
    }

    private static double Shape(int t)
    {
        int h = t % 24;
        int dow = (t / 24) % 7;
        double daily = 30 * Math.Sin(2 * Math.PI * (h - 8) / 24);
        double weekly = dow >= 5 ? -40 : dow == 0 && h is >= 6 and < 10 ? 15 : 0;
        return daily + weekly;
    }

    private static int Odd(int x) => x % 2 == 0 ? x + 1 : x;

    private static double[] RandomSeries(Random rng, int n)
    {
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = (100 * rng.NextDouble()) + (20 * Math.Sin(i * 0.9));
        }

        return y;
    }

    /// <summary>The first position where the two differ by more than rounding (1e-9 relative), or null.</summary>
    private static string? Mismatch(double[] a, double[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (!(Math.Abs(a[i] - b[i]) <= 1e-9 * (1 + Math.Abs(b[i]))))
            {
                return $"i={i}: {a[i]} vs {b[i]}";
            }
        }

        return null;
    }

    /// <summary>
    /// STL written from its definition, slowly: every local fit solved as its own weighted least-squares problem, moving
    /// averages summed afresh at every position, the evaluation positions and their windows by the rule of R's stl.f.
    /// </summary>
    private static class SlowStl
    {
        public static (double[] Seasonal, double[] Trend) Decompose(double[] y, StlParameters p)
        {
            int n = y.Length;
            int np = p.Period;
            var seasonal = new double[n];
            var trend = new double[n];
            for (int pass = 0; pass < p.Inner; pass++)
            {
                var detrended = new double[n];
                for (int i = 0; i < n; i++)
                {
                    detrended[i] = y[i] - trend[i];
                }

                var cycle = new double[n + (2 * np)];
                for (int j = 0; j < np; j++)
                {
                    var sub = new List<double>();
                    for (int i = j; i < n; i += np)
                    {
                        sub.Add(detrended[i]);
                    }

                    double[] x = [.. sub];
                    int k = x.Length;
                    double[] smooth = Loess(x, p.SeasonalWindow, 0, p.SeasonalJump);
                    double before = Fit(x, p.SeasonalWindow, 0, 0, 1, Math.Min(p.SeasonalWindow, k)) ?? smooth[0];
                    double after = Fit(x, p.SeasonalWindow, 0, k + 1, Math.Max(1, k - p.SeasonalWindow + 1), k) ?? smooth[k - 1];
                    cycle[j] = before;
                    for (int m = 0; m < k; m++)
                    {
                        cycle[((m + 1) * np) + j] = smooth[m];
                    }

                    cycle[((k + 1) * np) + j] = after;
                }

                double[] low = MovingAverage(MovingAverage(MovingAverage(cycle, np), np), 3);
                double[] lowSmooth = Loess(low, p.LowPassWindow, 1, p.LowPassJump);
                var deseasonalised = new double[n];
                for (int i = 0; i < n; i++)
                {
                    seasonal[i] = cycle[np + i] - lowSmooth[i];
                    deseasonalised[i] = y[i] - seasonal[i];
                }

                trend = Loess(deseasonalised, p.TrendWindow, 1, p.TrendJump);
            }

            return (seasonal, trend);
        }

        public static double[] MovingAverage(double[] x, int length)
        {
            var output = new double[x.Length - length + 1];
            for (int i = 0; i < output.Length; i++)
            {
                double sum = 0;
                for (int j = i; j < i + length; j++)
                {
                    sum += x[j];
                }

                output[i] = sum / length;
            }

            return output;
        }

        /// <summary>Loess at positions 1, 1 + jump, …, and n (each with its window of nearest positions), linear in between.</summary>
        public static double[] Loess(double[] y, int window, int degree, int jump)
        {
            int n = y.Length;
            if (n < 2)
            {
                return [y[0]];
            }

            int step = Math.Min(jump, n - 1);
            var ys = new double[n];
            var evaluated = new List<int>();
            for (int i = 1; i <= n; i += step)
            {
                evaluated.Add(i);
            }

            foreach (int i in evaluated)
            {
                (int left, int right) = Window(n, window, i);
                ys[i - 1] = Fit(y, window, degree, i, left, right) ?? y[i - 1];
            }

            // The last position, when not on the grid, is fitted with the window of the last grid position (stl.f; the
            // same as its own window unless the jump exceeds half the window, which R's defaults never do).
            if (evaluated[^1] != n)
            {
                (int left, int right) = Window(n, window, evaluated[^1]);
                ys[n - 1] = Fit(y, window, degree, n, left, right) ?? y[n - 1];
                evaluated.Add(n);
            }

            for (int e = 0; e + 1 < evaluated.Count; e++)
            {
                int a = evaluated[e];
                int b = evaluated[e + 1];
                for (int j = a + 1; j < b; j++)
                {
                    ys[j - 1] = ys[a - 1] + ((ys[b - 1] - ys[a - 1]) / (b - a) * (j - a));
                }
            }

            return ys;
        }

        private static (int Left, int Right) Window(int n, int window, int i)
        {
            if (window >= n)
            {
                return (1, n);
            }

            int half = (window + 1) / 2;
            return i < half ? (1, window) : i >= n - half + 1 ? (n - window + 1, n) : (i - half + 1, window + i - half);
        }

        /// <summary>The weighted least-squares fit of degree 0 or 1 at x (tricube weights); null when no weight.</summary>
        public static double? Fit(double[] y, int window, int degree, double x, int left, int right)
        {
            int n = y.Length;
            double h = Math.Max(x - left, right - x) + (window > n ? (window - n) / 2 : 0);
            double s0 = 0, s1 = 0, s2 = 0, t0 = 0, t1 = 0;
            for (int j = left; j <= right; j++)
            {
                double r = Math.Abs(j - x);
                double w = r > 0.999 * h ? 0 : r <= 0.001 * h ? 1 : Math.Pow(1 - Math.Pow(r / h, 3), 3);
                s0 += w;
                s1 += w * j;
                s2 += w * j * j;
                t0 += w * y[j - 1];
                t1 += w * j * y[j - 1];
            }

            if (s0 <= 0)
            {
                return null;
            }

            double mean = s1 / s0;
            double variance = (s2 / s0) - (mean * mean);

            // Degree 1 unless the positions are too concentrated to fit a slope (the weighted spread below 0.001 of the
            // series' range, as stl.f).
            if (degree == 0 || h <= 0 || !(Math.Sqrt(Math.Max(variance, 0)) > 0.001 * (n - 1)))
            {
                return t0 / s0;
            }

            double slope = ((t1 / s0) - (mean * t0 / s0)) / variance;
            return (t0 / s0) + (slope * (x - mean));
        }
    }
}
