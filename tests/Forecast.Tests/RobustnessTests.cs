using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Forecast.Backtest;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Xunit;

namespace Lumen.Forecast.Tests;

/// <summary>
/// Issue #14: the robustness sets (no temperature, twelve weeks, both), the model without temperature and with short
/// history, and the intervals with few past errors.
/// </summary>
public sealed class RobustnessTests
{
    [Theory]
    [InlineData(Ablation.None)]
    [InlineData(Ablation.NoTemperature)]
    [InlineData(Ablation.Recent12Weeks)]
    [InlineData(Ablation.NoTemperatureRecent12Weeks)]
    public void Sets_KeepTheProtocolOriginsAndNothingAfterTheTargetDay(Ablation ablation)
    {
        LoadSeries s = Synthetic.Series(500, 1);
        IReadOnlyList<BacktestCase> cases = RobustnessSets.Cases(s, ablation);
        int[] days = BacktestProtocol.OriginDays(s.DayCount);
        Assert.Equal(days.Length, cases.Count);
        bool noTemp = ablation is Ablation.NoTemperature or Ablation.NoTemperatureRecent12Weeks;
        for (int k = 0; k < cases.Count; k++)
        {
            BacktestCase c = cases[k];
            DateOnly originDate = s.DateOf(days[k]);
            Assert.Equal(originDate, c.Series.DateOf(c.OriginDay));
            Assert.Equal(BacktestProtocol.MaseScale(s.LoadMw, days[k] * 24, 24), c.Scale);
            Assert.Equal(!noTemp, c.Series.HasTemperature);
            if (RobustnessSets.IsWindowed(ablation))
            {
                Assert.Equal(RobustnessSets.WindowDays, c.OriginDay);
                Assert.Equal(RobustnessSets.WindowDays + 1, c.Series.DayCount);     // the window and the target day, nothing after
            }

            // Every value the case holds is the dataset's value at the same time.
            int offset = (days[k] - c.OriginDay) * 24;
            for (int t = 0; t < c.Series.Length; t++)
            {
                Assert.Equal(s.LoadMw[offset + t], c.Series.LoadMw[t]);
            }
        }
    }

    [Fact]
    public void Sets_DoNotDependOnDataAfterTheTargetDay()
    {
        LoadSeries s = Synthetic.Series(500, 2);
        int origin = BacktestProtocol.OriginDays(s.DayCount)[5];
        double[] changed = s.LoadMw.ToArray();
        double[] temp = s.TemperatureC.ToArray();
        for (int t = (origin + 1) * 24; t < changed.Length; t++)
        {
            changed[t] = 1e9;
            temp[t] = 99;
        }

        var poisoned = new LoadSeries(s.Name, s.Start, 24, changed, temp);
        BacktestCase a = RobustnessSets.Cases(s, Ablation.Recent12Weeks)[5];
        BacktestCase b = RobustnessSets.Cases(poisoned, Ablation.Recent12Weeks)[5];
        Assert.Equal(a.Series.LoadMw.ToArray(), b.Series.LoadMw.ToArray());
        Assert.Equal(a.Series.TemperatureC.ToArray(), b.Series.TemperatureC.ToArray());
    }

    [Fact]
    public void Runner_ShowsTheForecasterNoLoadFromTheOriginOn()
    {
        LoadSeries s = Synthetic.Series(500, 3);
        var spy = new Spy();
        foreach (Ablation a in RobustnessSets.All)
        {
            BacktestRunner.Run(RobustnessSets.Cases(s, a, OriginSet.Sub4), _ => HolidayCalendar.Empty, [spy]);
        }

        Assert.True(spy.Calls > 0);
        Assert.Empty(spy.Violations);
    }

    [Fact]
    public void WrittenSets_ReadBackAsTheCases()
    {
        string dir = Directory.CreateTempSubdirectory("lumen-sets-").FullName;
        try
        {
            LoadSeries s = Synthetic.Series(450, 4);
            IReadOnlyList<BacktestCase> cases = RobustnessSets.Cases(s, Ablation.NoTemperatureRecent12Weeks, OriginSet.Sub4);
            IReadOnlyList<string> paths = RobustnessSets.Write(cases, Ablation.NoTemperatureRecent12Weeks, dir);
            Assert.Equal(cases.Count, paths.Count);
            LoadReadResult read = LoadCsvReader.Read(paths[0]);
            Assert.NotNull(read.Series);
            Assert.False(read.Series!.HasTemperature);
            Assert.Equal(cases[0].Series.LoadMw.ToArray(), read.Series.LoadMw.ToArray());
            Assert.Equal(cases[0].Series.Start, read.Series.Start);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void WithoutTemperature_TwelveWeeks_RecoversTheWeeklyShape()
    {
        // Half-hourly, no temperature: level 100 + daily shape + weekend dip + noise; the forecast must follow the shape
        // (error far below the shape's own amplitude) without any temperature.
        const int s = 48;
        var rng = new Random(5);
        int days = 85;
        var load = new double[days * s];
        var start = new DateTime(2023, 3, 6);
        for (int t = 0; t < load.Length; t++)
        {
            load[t] = Truth(start, t, s) + (1.5 * Normal(rng));
        }

        var series = new LoadSeries("feeder", start, s, load, null);
        ForecastResult f = new LumenForecaster().Forecast(new ForecastRequest(BacktestRunner.Censor(series, 84 * s), 84, 1, HolidayCalendar.Empty));
        double err = 0;
        double amplitude = 0;
        double mean = 0;
        for (int h = 0; h < s; h++)
        {
            mean += Truth(start, (84 * s) + h, s) / s;
        }

        for (int h = 0; h < s; h++)
        {
            double truth = Truth(start, (84 * s) + h, s);
            err += Math.Abs(f.MeanMw[h] - truth) / s;
            amplitude += Math.Abs(truth - mean) / s;
        }

        Assert.True(err < 0.15 * amplitude, $"mean abs error {err:0.00} MW vs shape amplitude {amplitude:0.00} MW");
    }

    [Theory]
    [InlineData(120, 11)]
    [InlineData(500, 12)]
    public void Intervals_CoverKnownQuantilesOfASimulatedSeries(int days, int seed)
    {
        // y = weekly shape + N(0, 2²) noise, no temperature: the 80 % and 95 % intervals should cover about 80 % and 95 %,
        // and their widths should be near the true 2·1.2816·σ and 2·1.96·σ (wider by the forecast's own estimation error,
        // and at 95 % with few replayed days by the conformal level, which then takes the largest past errors).
        const int s = 24;
        var rng = new Random(seed);
        var start = new DateTime(2022, 1, 3);
        var load = new double[days * s];
        for (int t = 0; t < load.Length; t++)
        {
            load[t] = Truth(start, t, s) + (2 * Normal(rng));
        }

        var series = new LoadSeries("sim", start, s, load, null);
        var model = new LumenForecaster();
        int in80 = 0;
        int in95 = 0;
        int n = 0;
        double w80 = 0;
        double w95 = 0;
        for (int day = days - 30; day < days; day++)
        {
            ForecastResult f = model.Forecast(new ForecastRequest(BacktestRunner.Censor(series, day * s), day, 1, HolidayCalendar.Empty));
            for (int h = 0; h < s; h++)
            {
                double y = load[(day * s) + h];
                in80 += y >= f.Lower80(h) && y <= f.Upper80(h) ? 1 : 0;
                in95 += y >= f.Lower95(h) && y <= f.Upper95(h) ? 1 : 0;
                w80 += f.Upper80(h) - f.Lower80(h);
                w95 += f.Upper95(h) - f.Lower95(h);
                n++;
            }
        }

        double c80 = 100.0 * in80 / n;
        double c95 = 100.0 * in95 / n;
        Assert.InRange(c80, 74, 88);
        Assert.InRange(c95, 91, 99);
        Assert.InRange(w80 / n, 0.9 * 2 * 1.2816 * 2, 1.3 * 2 * 1.2816 * 2);
        Assert.InRange(w95 / n, 0.9 * 2 * 1.96 * 2, 1.5 * 2 * 1.96 * 2);
    }

    [Fact]
    public void ConformalLevel_WidensWithFewDaysAndNotWithMany()
    {
        Assert.Equal(1.0, LumenRegression.ConformalLevel(0.975, 30), 12);                 // (31·0.975 − 1)/29 > 1
        Assert.Equal(0.0, LumenRegression.ConformalLevel(0.025, 30), 12);
        Assert.Equal(((43 * 0.9) - 1) / 41, LumenRegression.ConformalLevel(0.9, 42), 12);
        Assert.Equal(1 - (((43 * 0.9) - 1) / 41), LumenRegression.ConformalLevel(0.1, 42), 12);
        Assert.InRange(LumenRegression.ConformalLevel(0.9, 100000), 0.9, 0.90001);
    }

    /// <summary>
    /// Oracle for the level: over many draws of n + 1 exchangeable errors, the share of the last one that falls below the
    /// type-7 quantile of the first n at the returned level is τ on average (not at least τ).
    /// </summary>
    [Theory]
    [InlineData(42, 0.9)]
    [InlineData(42, 0.975)]
    [InlineData(182, 0.9)]
    public void ConformalLevel_CoversOnAverage(int days, double tau)
    {
        var rng = new Random(3);
        var sample = new double[days];
        int below = 0;
        const int draws = 40000;
        for (int k = 0; k < draws; k++)
        {
            for (int i = 0; i < days; i++)
            {
                sample[i] = rng.NextDouble();
            }

            Array.Sort(sample);
            below += rng.NextDouble() <= LumenRegression.EmpiricalQuantile(sample, LumenRegression.ConformalLevel(tau, days)) ? 1 : 0;
        }

        // 40,000 draws: the binomial standard error is 0.15 points at 90 %, 0.08 at 97.5 %.
        Assert.InRange((double)below / draws, tau - 0.005, tau + 0.005);
    }

    [Property(MaxTest = 60)]
    public Property SeasonalSmoothing_MatchesTheDefinition(PositiveInt seed)
    {
        // Oracle: the member written out directly from its definition (centred weekly means, profile, tricube shape, Holt's
        // damped trend in component form over the last week; simple smoothing when β = φ = 0).
        var rng = new Random(seed.Get);
        int s = rng.Next(2) == 0 ? 24 : 48;
        int days = 14 + rng.Next(70);
        int firstDow = rng.Next(7);
        var y = new double[(days + 1) * s];
        for (int t = 0; t < y.Length; t++)
        {
            y[t] = 50 + (10 * Math.Sin(2 * Math.PI * (t % s) / s)) + (5 * rng.NextDouble()) + (((t / s) % 7) == 3 ? -8 : 0);
        }

        bool trend = rng.Next(2) == 0;
        double a = 0.1 + (0.9 * rng.NextDouble());
        var alpha = new SmoothingParameters(a, trend ? a * rng.NextDouble() : 0, trend ? 0.5 + (0.45 * rng.NextDouble()) : 0);
        var profile = new double[7 * s];
        var shape = new double[s];
        var output = new double[s];
        SeasonalSmoothing.Forecast(y, s, days * s, firstDow, alpha, profile, shape, output);
        double[] expected = Oracle(y, s, days, firstDow, alpha);
        var daily = new double[days];
        var weekly = new double[days * s];
        SeasonalSmoothing.Sums(y, s, days, daily, weekly);
        var fromSums = new double[s];
        SeasonalSmoothing.Forecast(y, s, days * s, firstDow, alpha, profile, shape, fromSums, daily, weekly);
        bool ok = true;
        for (int h = 0; h < s; h++)
        {
            ok &= Math.Abs(output[h] - expected[h]) <= 1e-9 * (1 + Math.Abs(expected[h]));
            ok &= Math.Abs(fromSums[h] - expected[h]) <= 1e-9 * (1 + Math.Abs(expected[h]));
        }

        return ok.ToProperty();
    }

    private static double[] Oracle(double[] y, int s, int originDay, int firstDow, SmoothingParameters par)
    {
        int days = Math.Min(56, originDay) / 7 * 7;
        int d0 = originDay - days;
        double[] daily = Enumerable.Range(d0, days).Select(d => y.Skip(d * s).Take(s).Average()).ToArray();
        var level = new double[days];
        for (int d = 3; d <= days - 4; d++)
        {
            level[d] = daily.Skip(d - 3).Take(7).Average();
        }

        double end = (level[days - 4] - level[days - 11]) / 7;
        double begin = (level[10] - level[3]) / 7;
        for (int d = days - 3; d < days; d++)
        {
            level[d] = level[days - 4] + (end * (d - (days - 4)));
        }

        for (int d = 0; d < 3; d++)
        {
            level[d] = level[3] - (begin * (3 - d));
        }

        int Dow(int absDay) => (absDay + firstDow) % 7;
        var profile = new double[7, s];
        for (int w = 0; w < 7; w++)
        {
            int[] match = Enumerable.Range(0, days).Where(d => Dow(d0 + d) == w).ToArray();
            for (int p = 0; p < s; p++)
            {
                profile[w, p] = match.Length == 0 ? 0 : match.Average(d => y[((d0 + d) * s) + p] - level[d]);
            }
        }

        int span = Math.Min(days, 11);
        var shape = new double[s];
        for (int p = 0; p < s; p++)
        {
            double num = 0;
            double den = 0;
            for (int j = 0; j < span; j++)
            {
                int d = days - 1 - j;
                double w = Math.Pow(1 - Math.Pow((double)j / span, 3), 3);
                num += w * (y[((d0 + d) * s) + p] - level[d] - profile[Dow(d0 + d), p]);
                den += w;
            }

            shape[p] = num / den;
        }

        double Adjusted(int t) => y[t] - profile[Dow(t / s), t % s] - shape[t % s];
        int start = Math.Max(d0, originDay - 7) * s;       // the forecast smooths over the last week
        double l = Adjusted(start);
        double b = 0;
        double betaStar = par.Alpha > 0 ? par.Beta / par.Alpha : 0;
        for (int t = start + 1; t < originDay * s; t++)
        {
            double previous = l;
            l = (par.Alpha * Adjusted(t)) + ((1 - par.Alpha) * (l + (par.Phi * b)));
            b = (betaStar * (l - previous)) + ((1 - betaStar) * par.Phi * b);
        }

        return Enumerable.Range(0, s)
            .Select(h => l + (Enumerable.Range(1, h + 1).Sum(i => Math.Pow(par.Phi, i)) * b) + profile[Dow(originDay), h] + shape[h])
            .ToArray();
    }

    /// <summary>
    /// The smoothing member picks a damped trend where the adjusted load has momentum (hourly changes that persist, as
    /// before a weather front) and simple smoothing where it is noise around a level: the choice is the fit's, by the
    /// one-step error.
    /// </summary>
    [Fact]
    public void SeasonalSmoothing_Fit_DampedTrendForMomentum_SimpleSmoothingForNoise()
    {
        const int s = 24;
        const int days = 56;
        var rng = new Random(5);
        var momentum = new double[(days + 1) * s];
        var noise = new double[momentum.Length];
        double level = 0;
        double change = 0;
        for (int t = 0; t < momentum.Length; t++)
        {
            double profile = 100 + (20 * Math.Sin(2 * Math.PI * (t % s) / s)) + (((t / s) % 7) == 0 ? -10 : 0);
            change = (0.8 * change) + Normal(rng);
            level += change;
            momentum[t] = profile + level;
            noise[t] = profile + (3 * Normal(rng));
        }

        var buffer = new double[7 * s];
        var shape = new double[s];
        SmoothingParameters withMomentum = SeasonalSmoothing.Fit(momentum, s, days * s, 0, buffer, shape);
        SmoothingParameters withNoise = SeasonalSmoothing.Fit(noise, s, days * s, 0, buffer, shape);

        Assert.True(withMomentum.Beta > 0 && withMomentum.Phi > 0, $"momentum: {withMomentum}");
        Assert.Equal(0, withNoise.Beta);
        Assert.True(withNoise.Alpha < 0.5, $"noise: {withNoise}");
    }

    private static double Truth(DateTime start, int t, int s)
    {
        DateTime time = start.AddMinutes(t * (1440.0 / s));
        double hour = time.TimeOfDay.TotalHours;
        double weekend = time.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? -12 : 0;
        return 100 + (20 * Math.Sin(2 * Math.PI * (hour - 8) / 24)) + (8 * Math.Sin(4 * Math.PI * hour / 24)) + weekend;
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>A forecaster that records any load it can see at or after the origin, then forecasts yesterday's profile.</summary>
    private sealed class Spy : IDayAheadForecaster
    {
        public List<string> Violations { get; } = [];

        public int Calls { get; private set; }

        public string Name => "spy";

        public ForecastResult Forecast(ForecastRequest request)
        {
            Calls++;
            ReadOnlySpan<double> y = request.Series.LoadMw;
            for (int t = request.OriginIndex; t < y.Length; t++)
            {
                if (!double.IsNaN(y[t]))
                {
                    Violations.Add($"origin {request.OriginDay}: load visible at index {t}");
                    break;
                }
            }

            return new SeasonalNaive().Forecast(request);
        }
    }
}
