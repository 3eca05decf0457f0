using System.Globalization;
using Lumen.Forecast.Backtest;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Xunit;
using Xunit.Abstractions;

namespace Lumen.Forecast.Tests;

/// <summary>The replay's stage-1 fits with short histories: daily refits and the fit length in the combination weights (fc9).</summary>
public sealed class ReplayFitTests
{
    private static readonly int[] Seeds = [3, 4, 5];
    private readonly ITestOutputHelper _out;

    public ReplayFitTests(ITestOutputHelper output)
    {
        _out = output;
    }

    /// <summary>Synthetic's structure (daily shape, weekends, heating and cooling) plus a daily random-walk level of step <paramref name="walkMw"/> and white noise σ.</summary>
    private static LoadSeries WithLevel(int days, int seed, double sigmaMw, double walkMw)
    {
        LoadSeries baseSeries = Synthetic.Series(days, seed, noiseMw: 0);
        var rng = new Random(seed + 1000);
        double[] load = baseSeries.LoadMw.ToArray();
        double level = 0;
        for (int t = 0; t < load.Length; t++)
        {
            if (t % 24 == 0)
            {
                level += walkMw * ((rng.NextDouble() * 2) - 1);
            }

            double u1 = 1 - rng.NextDouble();
            double u2 = rng.NextDouble();
            load[t] += level + (sigmaMw * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return new LoadSeries("level", baseSeries.Start, 24, load, baseSeries.TemperatureC.ToArray());
    }

    /// <summary>Mean regression weight (from <see cref="ForecastResult.Variant"/>) and mean absolute error (MW) over day-ahead forecasts at <paramref name="origins"/> origins two days apart.</summary>
    private static (double Weight, double Mae) Run(LoadSeries s, LumenOptions options, int origins)
    {
        var model = new LumenForecaster(options);
        double weight = 0;
        double mae = 0;
        for (int k = 0; k < origins; k++)
        {
            int day = s.DayCount - 1 - (2 * k);
            ForecastResult f = model.Forecast(new ForecastRequest(BacktestRunner.Censor(s, day * 24), day, 1, HolidayCalendar.Empty));
            int at = f.Variant.IndexOf("+smooth", StringComparison.Ordinal);
            weight += at < 0 ? 1 : 1 - double.Parse(f.Variant[(at + 7)..], CultureInfo.InvariantCulture);
            for (int h = 0; h < 24; h++)
            {
                mae += Math.Abs(s.LoadMw[(day * 24) + h] - f.MeanMw[h]);
            }
        }

        return (weight / origins, mae / (24 * origins));
    }

    /// <summary>
    /// Twelve weeks with temperature, the regression's own structure plus white noise: the regression is the true model,
    /// and its replayed errors come from fits on 42-83 days against the origin's 84. Rescaled to the origin's fit length
    /// (<see cref="LumenOptions.CorrectFitLength"/>, now in the weights too), it gets more weight, and the combined forecast
    /// is more accurate.
    /// </summary>
    [Fact]
    public void FitLengthInTheWeights_TrueRegressionStructure_MoreWeightAndLowerError()
    {
        var twelveWeeks = new LumenOptions { WindowDays = 84 };
        double maeCorrected = 0;
        double maeUncorrected = 0;
        foreach (int seed in Seeds)
        {
            LoadSeries s = WithLevel(200, seed, sigmaMw: 3, walkMw: 0);
            (double w, double mae) = Run(s, twelveWeeks, 30);
            (double wu, double maeu) = Run(s, twelveWeeks with { CorrectFitLength = false }, 30);
            _out.WriteLine($"seed {seed}: regression weight {w:F3} (uncorrected {wu:F3}), MAE {mae:F3} ({maeu:F3}) MW");
            Assert.True(w >= wu + 0.02, $"seed {seed}: weight {w:F3} against {wu:F3} uncorrected");
            maeCorrected += mae / Seeds.Length;
            maeUncorrected += maeu / Seeds.Length;
        }

        Assert.True(maeCorrected < maeUncorrected, $"MAE {maeCorrected:F3} against {maeUncorrected:F3} MW uncorrected");
    }

    /// <summary>
    /// The same series: with a stage-1 refit at every replayed day (<see cref="LumenOptions.DailyReplayFits"/>) each
    /// replayed forecast is the one the model would have issued that day, and the weights chosen on them give a lower
    /// error than the weekly refits.
    /// </summary>
    [Fact]
    public void DailyReplayFits_TwelveWeeks_LowerErrorThanWeeklyRefits()
    {
        var twelveWeeks = new LumenOptions { WindowDays = 84 };
        double maeDaily = 0;
        double maeWeekly = 0;
        foreach (int seed in Seeds)
        {
            LoadSeries s = WithLevel(200, seed, sigmaMw: 3, walkMw: 0);
            (double w, double mae) = Run(s, twelveWeeks, 30);
            (double ww, double maew) = Run(s, twelveWeeks with { DailyReplayFits = false }, 30);
            _out.WriteLine($"seed {seed}: regression weight {w:F3} (weekly refits {ww:F3}), MAE {mae:F3} ({maew:F3}) MW");
            maeDaily += mae / Seeds.Length;
            maeWeekly += maew / Seeds.Length;
        }

        Assert.True(maeDaily < maeWeekly, $"MAE {maeDaily:F3} against {maeWeekly:F3} MW with weekly refits");
    }

    /// <summary>With a year or more of history the replay refits weekly: the option changes nothing.</summary>
    [Fact]
    public void DailyReplayFits_YearOfHistory_Unchanged()
    {
        LoadSeries s = WithLevel(420, 8, sigmaMw: 2, walkMw: 1);
        int day = 410;
        var request = new ForecastRequest(BacktestRunner.Censor(s, day * 24), day, 1, HolidayCalendar.Empty);
        ForecastResult a = new LumenForecaster().Forecast(request);
        ForecastResult b = new LumenForecaster(new LumenOptions { DailyReplayFits = false }).Forecast(request);
        for (int h = 0; h < 24; h++)
        {
            Assert.Equal(a.MeanMw[h], b.MeanMw[h]);
            Assert.Equal(a.Lower80(h), b.Lower80(h));
            Assert.Equal(a.Upper95(h), b.Upper95(h));
        }
    }

    /// <summary>Twelve weeks, with and without temperature, daily replay fits: nothing at or after the origin is read.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DailyReplayFits_TwelveWeeks_DoesNotReadTheTargetDay(bool temperature)
    {
        LoadSeries full = WithLevel(120, 9, sigmaMw: 2, walkMw: 1);
        LoadSeries s = temperature ? full : new LoadSeries(full.Name, full.Start, 24, full.LoadMw.ToArray(), null);
        int day = 110;
        var model = new LumenForecaster(new LumenOptions { WindowDays = 84 });
        ForecastResult a = model.Forecast(new ForecastRequest(BacktestRunner.Censor(s, day * 24), day, 2, HolidayCalendar.Empty));
        double[] poisoned = s.LoadMw.ToArray();
        for (int t = day * 24; t < poisoned.Length; t++)
        {
            poisoned[t] = 1e6;
        }

        var other = new LoadSeries(s.Name, s.Start, 24, poisoned, temperature ? s.TemperatureC.ToArray() : null);
        ForecastResult b = model.Forecast(new ForecastRequest(other, day, 2, HolidayCalendar.Empty));
        for (int h = 0; h < 48; h++)
        {
            Assert.Equal(a.MeanMw[h], b.MeanMw[h]);
            Assert.Equal(a.Lower95(h), b.Lower95(h));
            Assert.Equal(a.Upper80(h), b.Upper80(h));
        }
    }
}
