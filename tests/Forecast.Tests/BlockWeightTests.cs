using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Forecast.Backtest;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Xunit;
using Xunit.Abstractions;

namespace Lumen.Forecast.Tests;

/// <summary>Combination weights per block of lead periods (<see cref="LumenOptions.WeightBlocks"/>, fc10).</summary>
public sealed class BlockWeightTests
{
    private readonly ITestOutputHelper _out;

    public BlockWeightTests(ITestOutputHelper output)
    {
        _out = output;
    }

    /// <summary>
    /// Replayed day-ahead forecasts of 42 days, hourly: the regression is off by up to ±8 MW in the morning (hours 0-11)
    /// and ±1 MW in the evening, the smoothing member the reverse, the MSTL member (when present) ±5 MW all day. The
    /// block weights give the regression little weight in the morning and much in the evening, the day-wide weight lies
    /// between, and with no shrinkage each block's weights are the block's own grid optimum.
    /// </summary>
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    [InlineData(false, 3)]
    public void BestMemberDiffersByBlock_BlockWeightsFindIt(bool withMstl, int seed)
    {
        const int s = 24;
        const int n = 42;
        var rng = new Random(seed);
        var y = new double[n * s];
        var lead0 = new double[n * s];
        var smooth = new double[n * s];
        var mstl = new double[n * s];
        double Noise(double mw) => mw * ((rng.NextDouble() * 2) - 1);
        for (int t = 0; t < y.Length; t++)
        {
            bool morning = t % s < 12;
            y[t] = 100 + (20 * Math.Sin(2 * Math.PI * ((t % s) - 8) / s));
            lead0[t] = y[t] + Noise(morning ? 8 : 1);
            smooth[t] = y[t] + Noise(morning ? 1 : 8);
            mstl[t] = y[t] + Noise(5);
        }

        var calibration = new LumenRegression.Calibration(1, 0, 1, 1, s, 1, n, 1, 0, y);
        (double dayW, double dayM) = calibration.BestWeights(lead0, smooth, mstl, withMstl, 0, s);
        var mix = new double[s];
        var shares = new double[s];
        calibration.BlockWeights(lead0, smooth, mstl, withMstl, dayW, dayM, 2, 42, mix, shares);
        _out.WriteLine($"day-wide w {dayW:F2} m {dayM:F2}; morning w {mix[0]:F2} m {shares[0]:F2}; evening w {mix[23]:F2} m {shares[23]:F2}");
        Assert.True(mix[0] < dayW && dayW < mix[23] && mix[23] - mix[0] >= 0.3, $"regression weight morning {mix[0]:F2}, day {dayW:F2}, evening {mix[23]:F2}");
        Assert.All(Enumerable.Range(0, s), p => Assert.Equal(p < 12 ? mix[0] : mix[23], mix[p]));
        Assert.All(Enumerable.Range(0, s), p => Assert.True(mix[p] + shares[p] <= 1 + 1e-12 && shares[p] >= 0));

        // No shrinkage: each block's weights are its own optimum, which no grid point beats on the block (brute force).
        calibration.BlockWeights(lead0, smooth, mstl, withMstl, dayW, dayM, 2, 0, mix, shares);
        foreach ((int p0, int p1) in new[] { (0, 12), (12, 24) })
        {
            double chosen = BlockMae(y, lead0, smooth, mstl, mix[p0], shares[p0], p0, p1);
            for (int wi = 0; wi <= 10; wi++)
            {
                for (int mi = 0; mi <= (withMstl ? 10 - wi : 0); mi++)
                {
                    Assert.True(chosen <= BlockMae(y, lead0, smooth, mstl, wi / 10.0, mi / 10.0, p0, p1) + 1e-12, $"block {p0}-{p1}: w {wi / 10.0} m {mi / 10.0} beats the chosen {mix[p0]} {shares[p0]}");
                }
            }
        }

        Assert.True(mix[0] <= 0.2 && mix[23] >= 0.7, $"unshrunk regression weight morning {mix[0]:F2}, evening {mix[23]:F2}");
    }

    private static double BlockMae(double[] y, double[] reg, double[] smooth, double[] mstl, double w, double m, int p0, int p1)
    {
        double sum = 0;
        int count = 0;
        for (int t = 0; t < y.Length; t++)
        {
            if (t % 24 >= p0 && t % 24 < p1)
            {
                sum += Math.Abs(y[t] - ((w * reg[t]) + (m * mstl[t]) + ((1 - w - m) * smooth[t])));
                count++;
            }
        }

        return sum / count;
    }

    /// <summary>
    /// Block weights shrunk all the way to the day-wide weights (an infinite shrinkage constant) give exactly the forecasts
    /// and intervals of one block, with and without temperature, hourly and half-hourly: the per-period weights thread
    /// through the replay, the fit-length correction and the member blend as the single day-wide weight did.
    /// </summary>
    [Property(MaxTest = 12)]
    public Property InfiniteShrinkage_EqualsOneBlock(PositiveInt seed, bool temperature, bool halfHourly)
    {
        var rng = new Random(seed.Get);
        int days = 100 + rng.Next(40);
        LoadSeries hourly = Synthetic.Series(days, seed.Get, noiseMw: 1 + (3 * rng.NextDouble()));
        double[] load = hourly.LoadMw.ToArray();
        double[] temp = hourly.TemperatureC.ToArray();
        if (halfHourly)
        {
            load = load.SelectMany(x => new[] { x, x + rng.NextDouble() }).ToArray();
            temp = temp.SelectMany(x => new[] { x, x }).ToArray();
        }

        int s = halfHourly ? 48 : 24;
        var series = new LoadSeries("p", hourly.Start, s, load, temperature ? temp : null);
        int day = days - 1 - rng.Next(5);
        var request = new ForecastRequest(BacktestRunner.Censor(series, day * s), day, 1, HolidayCalendar.Empty);
        var one = new LumenOptions { WindowDays = 84 };
        ForecastResult a = new LumenForecaster(one).Forecast(request);
        ForecastResult b = new LumenForecaster(one with { WeightBlocks = 2 + rng.Next(3), BlockShrinkDays = double.PositiveInfinity }).Forecast(request);
        bool same = a.MeanMw.SequenceEqual(b.MeanMw) && Enumerable.Range(0, s).All(h => a.Lower95(h) == b.Lower95(h) && a.Upper80(h) == b.Upper80(h));
        return same.Label($"days {days}, origin {day}, {a.Variant} / {b.Variant}");
    }
}
