using Lumen.Forecast.Data;

namespace Lumen.Forecast.Peaks;

/// <summary>
/// The growth each series' peak outlook applies (<see cref="PeakOutlook.GrowthPercentPerYear"/> of <c>forecast peaks</c>
/// without a planner's growth): the historical trend of the weather-normalised regression, with the holiday calendar
/// chosen from the series name as <c>forecast peaks --calendar auto</c> and the service's outlooks choose it.
/// </summary>
public static class PeakGrowth
{
    /// <summary>Growth, % a year, by series name (the first series of a name); computed in parallel.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="series"/> is null.</exception>
    public static IReadOnlyDictionary<string, double> Of(IEnumerable<LoadSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        LoadSeries[] distinct = [.. series.DistinctBy(s => s.Name, StringComparer.Ordinal)];
        var growth = new double[distinct.Length];
        Parallel.For(0, distinct.Length, i =>
        {
            HolidayCalendar.TryParseRegion("auto", distinct[i].Name, out HolidayRegion region);
            growth[i] = PeakForecaster.Forecast(distinct[i], HolidayCalendar.For(region), new PeakOptions { Years = 1 }).GrowthPercentPerYear;
        });
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < distinct.Length; i++)
        {
            byName[distinct[i].Name] = growth[i];
        }

        return byName;
    }
}
