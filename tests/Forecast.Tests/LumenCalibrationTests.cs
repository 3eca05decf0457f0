using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Forecast.Backtest;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Xunit;

namespace Lumen.Forecast.Tests;

/// <summary>Out-of-sample interval calibration, per-series variant selection and the sub-model solve.</summary>
public sealed class LumenCalibrationTests
{
    /// <summary>Known structure + i.i.d. Gaussian noise of known σ (so the true 80/95 % intervals are ±1.28σ / ±1.96σ).</summary>
    private static LoadSeries Gaussian(int days, int seed, double sigmaMw)
    {
        LoadSeries baseSeries = Synthetic.Series(days, seed, noiseMw: 0);
        var rng = new Random(seed + 1000);
        double[] load = baseSeries.LoadMw.ToArray();
        for (int t = 0; t < load.Length; t++)
        {
            double u1 = 1 - rng.NextDouble();
            double u2 = rng.NextDouble();
            load[t] += sigmaMw * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        return new LoadSeries("gauss", baseSeries.Start, 24, load, baseSeries.TemperatureC.ToArray());
    }

    private static (double Cov80, double Cov95, double MeanWidth80) Coverage(LoadSeries s, LumenOptions options, int origins)
    {
        var model = new LumenForecaster(options);
        int hit80 = 0;
        int hit95 = 0;
        int n = 0;
        double width = 0;
        int nd = s.DayCount;
        for (int k = 0; k < origins; k++)
        {
            int day = nd - 1 - (3 * k);
            ForecastResult f = model.Forecast(new ForecastRequest(BacktestRunner.Censor(s, day * 24), day, 1, HolidayCalendar.Empty));
            for (int h = 0; h < 24; h++)
            {
                double y = s.LoadMw[(day * 24) + h];
                hit80 += f.Lower80(h) <= y && y <= f.Upper80(h) ? 1 : 0;
                hit95 += f.Lower95(h) <= y && y <= f.Upper95(h) ? 1 : 0;
                width += f.Upper80(h) - f.Lower80(h);
                n++;
            }
        }

        return (100.0 * hit80 / n, 100.0 * hit95 / n, width / n);
    }

    [Fact]
    public void Calibration_KnownGaussianNoise_CoverageNearNominalAndWidthNearTruth()
    {
        const double sigma = 3.0;
        LoadSeries s = Gaussian(500, 7, sigma);
        (double c80, double c95, double w80) = Coverage(s, LumenOptions.Default, 40);

        // 960 points: the binomial standard error is 1.3 points at 80 %, 0.7 at 95 %.
        Assert.InRange(c80, 75, 85);
        Assert.InRange(c95, 91, 98.5);

        // The true central 80 % interval of N(0, σ²) is 2·1.2816·σ wide; estimation error adds a little.
        double truth = 2 * 1.2816 * sigma;
        Assert.InRange(w80, 0.95 * truth, 1.25 * truth);
    }

    /// <summary>
    /// Twelve weeks with temperature: the replay's pseudo-origins fit stage 1 (≈ 21 columns) on 42-77 days, the origin on
    /// 84, so uncorrected replayed errors are too large and the intervals too wide. With the fit-length correction
    /// (<see cref="LumenOptions.CorrectFitLength"/>) the 80 % interval is narrower, nearer the true width, and covers
    /// about 80 %.
    /// </summary>
    [Fact]
    public void Calibration_TwelveWeeksWithTemperature_FitLengthCorrectionNarrowsTowardsTheTruth()
    {
        const double sigma = 3.0;
        LoadSeries s = Gaussian(260, 11, sigma);
        var twelveWeeks = new LumenOptions { WindowDays = 84, Combine = false };
        (double c80, double c95, double w80) = Coverage(s, twelveWeeks, 40);
        (double u80, _, double uw80) = Coverage(s, twelveWeeks with { CorrectFitLength = false }, 40);

        // 960 points: the binomial standard error is 1.3 points at 80 %, 0.7 at 95 %.
        Assert.InRange(c80, 75, 85);
        Assert.InRange(c95, 91, 98.5);
        Assert.True(c80 <= u80, $"corrected {c80:F1} % against uncorrected {u80:F1} %");

        // Truth: the central 80 % interval of the noise plus the error of a 21-column fit on 84 days (√(84/63) ≈ 1.15).
        double truth = 2 * 1.2816 * sigma * Math.Sqrt(84.0 / 63);
        Assert.InRange(w80, 0.9 * truth, 1.2 * truth);
        Assert.InRange(uw80 / w80, 1.04, 1.3);
    }

    /// <summary>
    /// The interval of a period comes from that period's replayed errors: with noise 8× larger at the last hour of the day,
    /// the first hour (one hour ahead) stays narrow. Pooling neighbouring periods around midnight widened it as much.
    /// </summary>
    [Fact]
    public void Calibration_PerPeriod_NoisyLastHourDoesNotWidenTheFirst()
    {
        LoadSeries baseSeries = Synthetic.Series(420, 21, noiseMw: 0);
        var rng = new Random(22);
        double[] load = baseSeries.LoadMw.ToArray();
        for (int t = 0; t < load.Length; t++)
        {
            double sigma = t % 24 == 23 ? 8.0 : 1.0;
            double u1 = 1 - rng.NextDouble();
            double u2 = rng.NextDouble();
            load[t] += sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        var s = new LoadSeries("hetero", baseSeries.Start, 24, load, baseSeries.TemperatureC.ToArray());
        var model = new LumenForecaster();
        var width = new double[24];
        const int origins = 8;
        for (int k = 0; k < origins; k++)
        {
            int day = s.DayCount - 1 - (5 * k);
            ForecastResult f = model.Forecast(new ForecastRequest(BacktestRunner.Censor(s, day * 24), day, 1, HolidayCalendar.Empty));
            for (int h = 0; h < 24; h++)
            {
                width[h] += (f.Upper80(h) - f.Lower80(h)) / origins;
            }
        }

        Assert.True(width[23] > 3 * width[0], $"hour 23 width {width[23]:0.00} should be far wider than hour 0 {width[0]:0.00}");
        Assert.True(width[0] < 1.5 * width[1], $"hour 0 width {width[0]:0.00} should be like hour 1 {width[1]:0.00}");
    }

    [Fact]
    public void Calibration_OutOfSampleIsWiderThanInSample_OnNoisyShortWindow()
    {
        // A short training window makes in-sample residuals optimistic; the replayed out-of-sample errors are not.
        LoadSeries s = Gaussian(300, 11, 3.0);
        var shortWindow = new LumenOptions { WindowDays = 120, HalfLifeDays = 0, AdaptToRecentErrors = false };
        (double c80Oos, _, double wOos) = Coverage(s, shortWindow, 20);
        (double c80In, _, double wIn) = Coverage(s, shortWindow with { CalibrationOrigins = 0 }, 20);
        Assert.True(wOos > wIn, $"out-of-sample width {wOos:0.00} should exceed in-sample width {wIn:0.00}");
        Assert.True(Math.Abs(c80Oos - 80) <= Math.Abs(c80In - 80) + 1, $"coverage oos {c80Oos:0.0} vs in-sample {c80In:0.0}");
    }

    [Fact]
    public void Calibration_DoesNotReadTheTargetDay()
    {
        LoadSeries s = Gaussian(420, 3, 2.0);
        int day = 410;
        var model = new LumenForecaster();
        ForecastResult a = model.Forecast(new ForecastRequest(BacktestRunner.Censor(s, day * 24), day, 2, HolidayCalendar.Empty));
        double[] poisoned = s.LoadMw.ToArray();
        for (int t = day * 24; t < poisoned.Length; t++)
        {
            poisoned[t] = 1e6;
        }

        ForecastResult b = model.Forecast(new ForecastRequest(new LoadSeries(s.Name, s.Start, 24, poisoned, s.TemperatureC.ToArray()), day, 2, HolidayCalendar.Empty));
        for (int h = 0; h < 48; h++)
        {
            Assert.Equal(a.Lower95(h), b.Lower95(h));
            Assert.Equal(a.Upper80(h), b.Upper80(h));
        }
    }

    [Fact]
    public void Calibration_MultiDayHorizon_IntervalsDoNotShrinkWithLead()
    {
        LoadSeries s = Synthetic.Series(500, 5, noiseMw: 2.0);
        int day = 490;
        ForecastResult f = new LumenForecaster().Forecast(new ForecastRequest(BacktestRunner.Censor(s, day * 24), day, 7, HolidayCalendar.Empty));
        double first = 0;
        double last = 0;
        for (int h = 0; h < 24; h++)
        {
            first += f.Upper80(h) - f.Lower80(h);
            last += f.Upper80((6 * 24) + h) - f.Lower80((6 * 24) + h);
        }

        Assert.True(last >= 0.9 * first, $"day-7 width {last / 24:0.00} vs day-1 width {first / 24:0.00}");
    }

    [Fact]
    public void Selection_Off_UsesFullModelWithRecentLoad()
    {
        LoadSeries s = Synthetic.Series(420, 4);
        ForecastResult f = new LumenForecaster().Forecast(new ForecastRequest(BacktestRunner.Censor(s, 410 * 24), 410, 1, HolidayCalendar.Empty));
        Assert.StartsWith("full+s2", f.Variant, StringComparison.Ordinal);
    }

    [Fact]
    public void Selection_PersistentLevelShifts_KeepsTheRecentLoadStage()
    {
        // Strongly persistent day-level shifts (AR(1) ρ = 0.95 on the daily level): yesterday's residual predicts today's.
        LoadSeries baseSeries = Synthetic.Series(420, 9, noiseMw: 0.2);
        double[] load = baseSeries.LoadMw.ToArray();
        var rng = new Random(9);
        double level = 0;
        for (int d = 0; d < baseSeries.DayCount; d++)
        {
            level = (0.95 * level) + (4 * ((rng.NextDouble() * 2) - 1));
            for (int h = 0; h < 24; h++)
            {
                load[(d * 24) + h] += level;
            }
        }

        var s = new LoadSeries("shifts", baseSeries.Start, 24, load, baseSeries.TemperatureC.ToArray());
        ForecastResult f = new LumenForecaster(new LumenOptions { SelectModel = true }).Forecast(new ForecastRequest(BacktestRunner.Censor(s, 410 * 24), 410, 1, HolidayCalendar.Empty));
        Assert.Contains("+s2", f.Variant, StringComparison.Ordinal);
    }

    [Fact]
    public void Selection_On_IsFiniteAndNamesAVariant()
    {
        LoadSeries s = Synthetic.Series(420, 6, noiseMw: 1.0);
        ForecastResult f = new LumenForecaster(new LumenOptions { SelectModel = true }).Forecast(new ForecastRequest(BacktestRunner.Censor(s, 400 * 24), 400, 3, HolidayCalendar.Empty));
        Assert.Contains(f.Variant.Split("+smooth")[0], new[] { "full+s2", "full", "nolags+s2", "nolags" });
        for (int h = 0; h < f.Steps; h++)
        {
            Assert.True(double.IsFinite(f.MeanMw[h]) && f.Lower95(h) <= f.MeanMw[h] + 1e-9 && f.MeanMw[h] <= f.Upper95(h) + 1e-9);
        }
    }

    /// <summary>Oracle: the sub-model solve from the full normal equations equals fitting the sub-model directly.</summary>
    [Property(MaxTest = 60)]
    public Property SubsetSolve_MatchesDirectFitOfTheSubModel(PositiveInt seed, PositiveInt rowsSeed)
    {
        var rng = new Random(seed.Get);
        int k = 2 + rng.Next(8);
        int n = k + 3 + (rowsSeed.Get % 40);
        var mask = new List<int>();
        for (int c = 0; c < k; c++)
        {
            if (c == 0 || rng.NextDouble() < 0.6)
            {
                mask.Add(c);
            }
        }

        var full = new NormalEquations(k);
        var sub = new NormalEquations(mask.Count);
        var x = new double[k];
        var xs = new double[mask.Count];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++)
            {
                x[c] = (rng.NextDouble() * 2) - 1;
            }

            for (int a = 0; a < mask.Count; a++)
            {
                xs[a] = x[mask[a]];
            }

            double y = rng.NextDouble() * 10;
            double w = 0.2 + rng.NextDouble();
            full.Add(x, y, w);
            sub.Add(xs, y, w);
        }

        var bFull = new double[k];
        var bSub = new double[mask.Count];
        bool okFull = full.Solve(bFull, 1e-8, mask.ToArray());
        bool okSub = sub.Solve(bSub, 1e-8);
        bool same = okFull == okSub;
        for (int c = 0; same && okFull && c < k; c++)
        {
            int a = mask.IndexOf(c);
            double expected = a >= 0 ? bSub[a] : 0;
            same = Math.Abs(bFull[c] - expected) <= 1e-7 * (1 + Math.Abs(expected));
        }

        return same.Label($"k={k} n={n} mask=[{string.Join(',', mask)}]");
    }
    /// <summary>
    /// Oracle for the replay's leave-block-out stage-2 coefficients: a copy of the normal equations with a block of rows
    /// removed solves to the fit on the remaining rows.
    /// </summary>
    [Property(MaxTest = 60)]
    public Property CopyAndRemoveBlock_MatchesFitWithoutTheBlock(PositiveInt seed, PositiveInt rowsSeed)
    {
        var rng = new Random(seed.Get);
        int k = 2 + rng.Next(5);
        int n = (2 * k) + 20 + (rowsSeed.Get % 60);
        int blockFrom = rng.Next(n - k - 5);
        int blockTo = Math.Min(n - k - 3, blockFrom + 1 + rng.Next(15));
        var rows = new double[n][];
        var ys = new double[n];
        var ws = new double[n];
        var all = new NormalEquations(k);
        var kept = new NormalEquations(k);
        for (int i = 0; i < n; i++)
        {
            rows[i] = new double[k];
            rows[i][0] = 1;
            for (int c = 1; c < k; c++)
            {
                rows[i][c] = (rng.NextDouble() * 2) - 1;
            }

            ys[i] = rng.NextDouble() * 10;
            ws[i] = 0.2 + rng.NextDouble();
            all.Add(rows[i], ys[i], ws[i]);
            if (i < blockFrom || i >= blockTo)
            {
                kept.Add(rows[i], ys[i], ws[i]);
            }
        }

        var copy = new NormalEquations(k);
        copy.CopyFrom(all);
        for (int i = blockFrom; i < blockTo; i++)
        {
            copy.Remove(rows[i], ys[i], ws[i]);
        }

        var expected = new double[k];
        var actual = new double[k];
        bool ok = kept.Solve(expected, 1e-8) && copy.Solve(actual, 1e-8);
        bool same = ok && copy.Rows == kept.Rows;
        for (int c = 0; same && c < k; c++)
        {
            same = Math.Abs(actual[c] - expected[c]) <= 1e-7 * (1 + Math.Abs(expected[c]));
        }

        return same.Label($"k={k} n={n} block=[{blockFrom},{blockTo})");
    }
}
