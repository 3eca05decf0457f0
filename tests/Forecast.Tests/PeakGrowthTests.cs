using Lumen.Forecast.Data;
using Lumen.Forecast.Peaks;
using Xunit;

namespace Lumen.Forecast.Tests;

/// <summary>The growth of each series' peak outlook (<see cref="PeakGrowth"/>): what an investment plan takes from the forecasts.</summary>
public sealed class PeakGrowthTests
{
    // Three years of hourly load with a daily shape and a yearly temperature swing, growing at a known compound rate a year.
    private static LoadSeries Growing(string name, double percentPerYear)
    {
        const int Days = 3 * 365;
        var load = new double[Days * 24];
        var temperature = new double[Days * 24];
        for (int t = 0; t < load.Length; t++)
        {
            double shape = 1 + (0.3 * Math.Sin(2 * Math.PI * (t % 24) / 24.0));
            temperature[t] = 15 - (10 * Math.Cos(2 * Math.PI * t / (24 * 365.25)));
            load[t] = 2 * shape * Math.Pow(1 + (percentPerYear / 100), t / (24 * 365.25));
        }

        return new LoadSeries(name, new DateTime(2022, 1, 1), 24, load, temperature);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-3)]
    [InlineData(0)]
    public void SeriesOfKnownGrowth_GetsThatGrowth_AsForecastPeaksGivesIt(double percent)
    {
        LoadSeries series = Growing("F1", percent);
        double growth = PeakGrowth.Of([series])["F1"];

        // A compound rate g is a linear trend of ln(1 + g) of the mean level over the fitted window.
        Assert.InRange(growth, (100 * Math.Log(1 + (percent / 100))) - 0.4, (100 * Math.Log(1 + (percent / 100))) + 0.4);

        // The figure of forecast peaks (calendar from the name, any horizon): its outlook's growth_percent_per_year.
        HolidayCalendar.TryParseRegion("auto", "F1", out HolidayRegion region);
        var options = new PeakOptions { Years = 10 };
        Assert.Equal(PeakOutlook.Of(PeakForecaster.Forecast(series, HolidayCalendar.For(region), options), options).GrowthPercentPerYear, growth);
    }

    [Fact]
    public void EverySeries_ByName_TheFirstOfAName()
    {
        IReadOnlyDictionary<string, double> growth = PeakGrowth.Of([Growing("A", 2), Growing("B", 6), Growing("A", 6)]);
        Assert.Equal(["A", "B"], growth.Keys.Order(StringComparer.Ordinal));
        Assert.True(growth["A"] < growth["B"]);
    }

    // A series of one to three days reached Math.Clamp with its minimum above its maximum (ArgumentException), which the
    // service's recomputation logged as a failed telemetry refresh.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void SeriesOfAFewDays_GetsAnOutlook_WithTheShortHistoryWarning(int days)
    {
        double[] load = [.. Enumerable.Range(0, days * 24).Select(t => 2 + Math.Sin(2 * Math.PI * t / 24))];
        var series = new LoadSeries("F1", new DateTime(2024, 7, 1), 24, load, null);
        PeakForecast forecast = PeakForecaster.Forecast(series, HolidayCalendar.Empty, new PeakOptions { Years = 3 });

        Assert.Equal(3, forecast.Years.Count);
        Assert.All(forecast.Years, y => Assert.True(y.P50Mw is >= 2.5 and <= 4 && y.P90Mw >= y.P50Mw && y.P90Mw <= 4, $"{y}"));
        Assert.Contains(forecast.Diagnostics, d => d.Message.StartsWith($"only {days} days of history", StringComparison.Ordinal));
    }
}
