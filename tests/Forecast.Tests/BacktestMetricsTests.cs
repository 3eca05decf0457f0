using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Forecast.Backtest;
using Xunit;

namespace Lumen.Forecast.Tests;

public sealed class BacktestMetricsTests
{
    private static BacktestRow Row(DateTime origin, int step, double y, double f, double lo80, double hi80, double lo95, double hi95, double scale) =>
        new("d", "m", origin, step, origin.AddHours(step - 1), y, f, lo80, hi80, lo95, hi95, 0.5, scale, false);

    [Fact]
    public void Score_HandComputedCase()
    {
        var o = new DateTime(2020, 1, 1);
        var rows = new[]
        {
            Row(o, 1, 100, 90, 80, 110, 70, 120, 10),
            Row(o, 2, 200, 210, 205, 220, 190, 230, 10),
        };

        BacktestScore s = BacktestMetrics.Score(rows);

        Assert.Equal(100 * ((10 / 100.0) + (10 / 200.0)) / 2, s.MapePercent, 12);
        Assert.Equal(10, s.RmseMw, 12);
        Assert.Equal(1.0, s.Mase, 12);
        Assert.Equal(50, s.Coverage80Percent, 12);
        Assert.Equal(100, s.Coverage95Percent, 12);
        // Row 1: 0.025·30 + 0.1·20 + 0.5·10 + 0.1·10 + 0.025·20 = 9.25; row 2: 0.025·10 + 0.9·5 + 0.5·10 + 0.1·20 + 0.025·30 = 12.5.
        Assert.Equal((9.25 + 12.5) / 10, s.PinballMw, 12);
        Assert.Equal(0.5, s.SecondsPerOrigin, 12);
    }

    [Property(MaxTest = 200)]
    public Property Pinball_MatchesDefinition(NormalFloat y, NormalFloat q, int tauIndex)
    {
        double[] taus = [0.025, 0.1, 0.5, 0.9, 0.975];
        double tau = taus[Math.Abs(tauIndex % taus.Length)];
        double yy = (double)y;
        double qq = (double)q;
        double expected = yy >= qq ? tau * (yy - qq) : (1 - tau) * (qq - yy);
        return (Math.Abs(BacktestMetrics.Pinball(yy, qq, tau) - expected) <= 1e-9 * (1 + Math.Abs(expected))).ToProperty();
    }

    [Property(MaxTest = 100)]
    public Property Score_MatchesBruteForce(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        var rows = new List<BacktestRow>();
        int origins = 1 + rng.Next(5);
        for (int k = 0; k < origins; k++)
        {
            var o = new DateTime(2020, 1, 1).AddDays(k * 13);
            double scale = 1 + rng.NextDouble();
            for (int h = 1; h <= 24; h++)
            {
                double y = 50 + (100 * rng.NextDouble());
                double f = y + (10 * (rng.NextDouble() - 0.5));
                double w = 5 * rng.NextDouble();
                rows.Add(Row(o, h, y, f, f - w, f + w, f - (2 * w), f + (2 * w), scale));
            }
        }

        BacktestScore s = BacktestMetrics.Score(rows);
        double ape = rows.Average(r => Math.Abs(r.ActualMw - r.MeanMw) / r.ActualMw) * 100;
        double mase = rows.GroupBy(r => r.Origin).Average(g => g.Average(r => Math.Abs(r.ActualMw - r.MeanMw)) / g.First().Scale);
        double cov = 100.0 * rows.Count(r => r.ActualMw >= r.Lower80Mw && r.ActualMw <= r.Upper80Mw) / rows.Count;
        return (Math.Abs(s.MapePercent - ape) < 1e-9 && Math.Abs(s.Mase - mase) < 1e-9 && Math.Abs(s.Coverage80Percent - cov) < 1e-9 && s.Origins == origins).ToProperty();
    }

    [Fact]
    public void OriginDays_FollowProtocol()
    {
        int[] longSeries = BacktestProtocol.OriginDays(1000);
        Assert.Equal(28, longSeries.Length);
        Assert.Equal(999, longSeries[0]);
        Assert.Equal(999 - (13 * 27), longSeries[27]);
        int[] shortSeries = BacktestProtocol.OriginDays(100);
        Assert.Equal(99 - 27, shortSeries[27]);
    }

    [Fact]
    public void MaseScale_IsMeanAbsoluteWeeklyDifferenceOverFourWeeks()
    {
        var y = new double[24 * 40];
        for (int t = 0; t < y.Length; t++)
        {
            y[t] = t;       // every weekly difference is 168
        }

        Assert.Equal(168, BacktestProtocol.MaseScale(y, 24 * 40, 24), 12);
    }
}
