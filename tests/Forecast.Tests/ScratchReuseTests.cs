using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Xunit;

namespace Lumen.Forecast.Tests;

/// <summary>The speed-ups of the batch path: selection instead of sorting, and per-thread scratch reuse.</summary>
public sealed class ScratchReuseTests
{
    [Property(MaxTest = 200)]
    public Property SelectKth_EqualsSortedIndex(int[] raw, PositiveInt pick)
    {
        if (raw.Length == 0)
        {
            return true.ToProperty();
        }

        // Small value range so that ties (the hard case for partitioning) are frequent.
        double[] v = Array.ConvertAll(raw, x => (double)(x % 7));
        double[] sorted = (double[])v.Clone();
        Array.Sort(sorted);
        int k = pick.Get % v.Length;
        return (SeriesCleaner.SelectKth(v, k) == sorted[k]).ToProperty();
    }

    [Fact]
    public void Forecast_ReusedScratchOfOtherSizes_GivesIdenticalResults()
    {
        var model = new LumenRegression();
        LoadSeries longSeries = Synthetic.Series(800, 3);
        LoadSeries shortSeries = Synthetic.Series(300, 4);
        var longRequest = new ForecastRequest(longSeries, 790, 7, HolidayCalendar.Empty);
        var shortRequest = new ForecastRequest(shortSeries, 290, 2, HolidayCalendar.Empty);

        ForecastResult first = model.Forecast(longRequest);
        ForecastResult shortFirst = model.Forecast(shortRequest);
        ForecastResult again = model.Forecast(longRequest);
        ForecastResult shortAgain = model.Forecast(shortRequest);

        AssertSame(first, again);
        AssertSame(shortFirst, shortAgain);
    }

    private static void AssertSame(ForecastResult a, ForecastResult b)
    {
        Assert.Equal(a.Steps, b.Steps);
        for (int h = 0; h < a.Steps; h++)
        {
            Assert.Equal(a.MeanMw[h], b.MeanMw[h]);
            foreach (double level in ForecastResult.LevelSpan)
            {
                Assert.Equal(a.Quantile(h, level), b.Quantile(h, level));
            }
        }
    }
}
