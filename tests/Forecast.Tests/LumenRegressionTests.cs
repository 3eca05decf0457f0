using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Forecast.Backtest;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Lumen.TestSupport;
using Xunit;

namespace Lumen.Forecast.Tests;

public sealed class LumenRegressionTests
{
    private static ForecastResult Forecast(IDayAheadForecaster m, LoadSeries s, int day, int horizon = 1) =>
        m.Forecast(new ForecastRequest(BacktestRunner.Censor(s, day * s.PeriodsPerDay), day, horizon, HolidayCalendar.Empty));

    [Fact]
    public void Forecast_SyntheticKnownStructure_RecoversTemperatureAndWeeklyPattern()
    {
        LoadSeries s = Synthetic.Series(500, 1, noiseMw: 0.5);
        double ape = 0;
        int n = 0;
        foreach (int day in new[] { 480, 485, 490, 496, 499 })     // weekdays and weekends, summer heat included
        {
            ForecastResult f = Forecast(new LumenForecaster(), s, day);
            for (int h = 0; h < 24; h++)
            {
                ape += Math.Abs(f.MeanMw[h] - s.LoadMw[(day * 24) + h]) / s.LoadMw[(day * 24) + h];
                n++;
                Assert.True(f.Lower95(h) <= f.Lower80(h) && f.Lower80(h) <= f.Upper80(h) && f.Upper80(h) <= f.Upper95(h));
            }
        }

        Assert.True(100 * ape / n < 1.5, $"MAPE {100 * ape / n:0.00} % on a series whose noise is about 1 %");
    }

    /// <summary>
    /// The recent-load stage carries the last hour's change into the next day's first hour where the load has momentum
    /// (hourly changes that persist): two histories equal but for the hour before last, one rising into midnight and one
    /// falling, forecast the first hour higher after the rise. Without the change column only yesterday's mean residual
    /// differs, and it moves the forecast the other way.
    /// </summary>
    [Fact]
    public void Forecast_RecentLoadStage_CarriesTheLastHoursMomentum()
    {
        const int days = 200;
        var rng = new Random(11);
        var load = new double[(days + 1) * 24];
        var start = new DateTime(2021, 1, 4);
        double level = 0;
        double change = 0;
        for (int t = 0; t < load.Length; t++)
        {
            int h = t % 24;
            bool weekend = start.AddHours(t).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            change = (0.8 * change) + (0.5 * ((rng.NextDouble() * 2) - 1));
            level += change;
            level *= 0.995;                                     // keeps the level near zero over the months
            load[t] = 100 + (20 * Math.Sin(2 * Math.PI * (h - 8) / 24)) + (weekend ? -15 : 0) + level;
        }

        int origin = days * 24;
        double[] rising = (double[])load.Clone();
        double[] falling = (double[])load.Clone();
        rising[origin - 2] = load[origin - 1] - 3;
        falling[origin - 2] = load[origin - 1] + 3;
        var model = new LumenForecaster(new LumenOptions { Combine = false });
        ForecastResult up = Forecast(model, new LoadSeries("up", start, 24, rising, null), days);
        ForecastResult down = Forecast(model, new LoadSeries("down", start, 24, falling, null), days);

        Assert.True(up.MeanMw[0] - down.MeanMw[0] > 1, $"first hour after a rise {up.MeanMw[0]:0.00} MW, after a fall {down.MeanMw[0]:0.00} MW");
    }

    [Fact]
    public void Forecast_IgnoresLoadAtAndAfterTheOrigin()
    {
        LoadSeries s = Synthetic.Series(400, 2);
        int day = 390;
        ForecastResult a = new LumenForecaster().Forecast(new ForecastRequest(BacktestRunner.Censor(s, day * 24), day, 1, HolidayCalendar.Empty));
        double[] poisoned = s.LoadMw.ToArray();
        for (int t = day * 24; t < poisoned.Length; t++)
        {
            poisoned[t] = 1e9;
        }

        var p = new LoadSeries(s.Name, s.Start, 24, poisoned, s.TemperatureC.ToArray());
        ForecastResult b = new LumenForecaster().Forecast(new ForecastRequest(p, day, 1, HolidayCalendar.Empty));
        Assert.Equal(a.MeanMw.ToArray(), b.MeanMw.ToArray());
    }

    [Fact]
    public void Forecast_FlatSeries_WarnsAndIsFinite()
    {
        var load = Enumerable.Repeat(5.0, 60 * 24).ToArray();
        var s = new LoadSeries("dead", new DateTime(2022, 1, 1), 24, load, null);
        ForecastResult f = Forecast(new LumenForecaster(), s, 50);
        Assert.Contains(f.Warnings, w => w.Message.Contains("flat", StringComparison.Ordinal));
        Assert.All(f.MeanMw.ToArray(), v => Assert.Equal(5.0, v));
    }

    [Fact]
    public void Forecast_ShortSeries_FallsBackWithWarning()
    {
        LoadSeries s = Synthetic.Series(20, 3);
        ForecastResult f = Forecast(new LumenForecaster(), s, 15);
        Assert.Contains(f.Warnings, w => w.Message.Contains("seasonal naive", StringComparison.Ordinal));
        Assert.All(f.MeanMw.ToArray(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Forecast_LessThanAYear_WarnsNoAnnualTerms()
    {
        LoadSeries s = Synthetic.Series(120, 4);
        ForecastResult f = Forecast(new LumenForecaster(), s, 110);
        Assert.Contains(f.Warnings, w => w.Message.Contains("less than a year", StringComparison.Ordinal));
    }

    [Property(MaxTest = 8)]
    public Property Forecast_WithGapsAndSpikes_NeverNaN(PositiveInt seed)
    {
        LoadSeries s = Synthetic.Series(100, seed.Get);
        double[] y = s.LoadMw.ToArray();
        var rng = new Random(seed.Get);
        for (int i = 0; i < 30; i++)
        {
            int t = rng.Next(y.Length - (10 * 24));
            y[t] = rng.Next(3) switch { 0 => double.NaN, 1 => y[t] * 20, _ => 0 };
        }

        var dirty = new LoadSeries(s.Name, s.Start, 24, y, s.TemperatureC.ToArray());
        ForecastResult f = Forecast(new LumenForecaster(), dirty, 95, horizon: 3);
        bool finite = true;
        for (int h = 0; h < f.Steps; h++)
        {
            finite &= double.IsFinite(f.MeanMw[h]) && double.IsFinite(f.Lower95(h)) && double.IsFinite(f.Upper95(h));
        }

        return finite.ToProperty();
    }

    [Fact]
    public void Backtest_Synthetic_LumenBeatsSeasonalNaive()
    {
        LoadSeries s = Synthetic.Series(450, 5);
        IReadOnlyList<BacktestRow> rows = BacktestRunner.Run(s, HolidayCalendar.Empty, [new SeasonalNaive(), new VanillaRegression(), new LumenForecaster()], OriginSet.Sub4);
        (IReadOnlyList<BacktestScore> all, _) = BacktestMetrics.ScoreAll(rows);
        BacktestScore lumen = all.Single(x => x.Method == "lumen");
        Assert.True(lumen.MapePercent < all.Single(x => x.Method == "snaive").MapePercent);
        Assert.True(lumen.PinballMw < all.Single(x => x.Method == "snaive").PinballMw);
    }

    [SharedDataFact("data/load/gefcom2014e.csv")]
    public void Backtest_Gefcom_LumenBeatsPeersAndIsCalibrated()
    {
        LoadSeries s = LoadCsvReader.Read(SharedData.PathOf("data/load/gefcom2014e.csv")).Series!;
        IReadOnlyList<BacktestRow> rows = BacktestRunner.Run(s, HolidayCalendar.For(HolidayRegion.UnitedStates), [new LumenForecaster()]);
        BacktestScore score = BacktestMetrics.Score(rows);
        Assert.True(score.MapePercent < 2.58, $"MAPE {score.MapePercent}");    // best peer: mstl_ets 2.58
        Assert.True(score.PinballMw < 22.7, $"pinball {score.PinballMw}");     // best peer: vanilla_lm 22.7
        Assert.InRange(score.Coverage80Percent, 75, 85);
        Assert.InRange(score.Coverage95Percent, 90, 100);
    }

    [SharedDataFact("data/load/gefcom2014e.csv")]
    public void Backtest_Gefcom_BaselinesReproducePeerFigures()
    {
        LoadSeries s = LoadCsvReader.Read(SharedData.PathOf("data/load/gefcom2014e.csv")).Series!;
        IReadOnlyList<BacktestRow> rows = BacktestRunner.Run(s, HolidayCalendar.Empty, [new SeasonalNaive(), new VanillaRegression()], OriginSet.Sub4);
        (IReadOnlyList<BacktestScore> all, _) = BacktestMetrics.ScoreAll(rows);
        Assert.Equal(6.33, Math.Round(all[0].MapePercent, 2));   // forecast-peers.md table B
        Assert.Equal(2.54, Math.Round(all[1].MapePercent, 2));
        Assert.Equal(21.4, Math.Round(all[1].PinballMw, 1));
    }
}
