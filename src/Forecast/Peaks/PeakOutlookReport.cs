namespace Lumen.Forecast.Peaks;

/// <summary>Peak demand of one forecast year against the rating.</summary>
/// <param name="Year">Calendar year.</param>
/// <param name="P50Mw">Median annual peak, MW.</param>
/// <param name="P90Mw">90th-percentile annual peak, MW (exceeded one year in ten).</param>
/// <param name="SummerP50Mw">Median June–August peak, MW.</param>
/// <param name="SummerP90Mw">90th-percentile June–August peak, MW.</param>
/// <param name="WinterP50Mw">Median December–February peak, MW.</param>
/// <param name="WinterP90Mw">90th-percentile December–February peak, MW.</param>
/// <param name="P90LoadingPercent">P90 peak as % of the rating; null without rating.</param>
/// <param name="Overloaded">P90 loading above 100 %.</param>
public sealed record PeakOutlookYear(int Year, double P50Mw, double P90Mw, double SummerP50Mw, double SummerP90Mw, double WinterP50Mw, double WinterP90Mw, double? P90LoadingPercent, bool Overloaded);

/// <summary>The peak outlook of one series: weather-normalised P50/P90 peaks per year and the first year P90 exceeds the rating.</summary>
/// <param name="Series">Series id (the branch, feeder or load point it is named after).</param>
/// <param name="HistoricalPeakMw">Largest observed load, MW.</param>
/// <param name="GrowthPercentPerYear">Growth applied, % per year.</param>
/// <param name="RatingKva">Rating of the element the series loads, kVA; null when unknown.</param>
/// <param name="RatingMw">That rating in MW at the outlook's power factor.</param>
/// <param name="FirstOverloadYear">First year whose P90 exceeds the rating; null when never or without rating.</param>
/// <param name="Flagged">Whether some year is overloaded.</param>
/// <param name="WeatherYears">Historical weather years simulated.</param>
/// <param name="Samples">Peak samples per forecast year.</param>
/// <param name="Years">The forecast years.</param>
/// <param name="Diagnostics">Warnings (short history, no temperature, growth clamped).</param>
public sealed record PeakOutlook(
    string Series, double HistoricalPeakMw, double GrowthPercentPerYear, double? RatingKva, double? RatingMw, int? FirstOverloadYear, bool Flagged,
    int WeatherYears, int Samples, IReadOnlyList<PeakOutlookYear> Years, IReadOnlyList<string> Diagnostics)
{
    /// <summary>The outlook of <paramref name="forecast"/>, computed with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PeakOutlook Of(PeakForecast forecast, PeakOptions options)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(options);
        var years = forecast.Years.Select(y => new PeakOutlookYear(y.Year, y.P50Mw, y.P90Mw, y.SummerP50Mw, y.SummerP90Mw, y.WinterP50Mw, y.WinterP90Mw,
            double.IsFinite(y.P90LoadingPercent) ? y.P90LoadingPercent : null, y.P90LoadingPercent > 100)).ToList();
        return new PeakOutlook(forecast.SeriesName, forecast.HistoricalPeakMw, forecast.GrowthPercentPerYear, options.RatingKva, options.RatingKva * options.PowerFactor / 1000,
            forecast.FirstOverloadYear, forecast.FirstOverloadYear is not null, forecast.WeatherYears, forecast.Samples, years,
            forecast.Diagnostics.Select(d => d.ToString()).ToList());
    }
}

/// <summary>
/// The answer to "when will each series' peak exceed its rating?": CLI <c>forecast peaks</c> and API
/// <c>/api/forecasts/peaks</c> render this document.
/// </summary>
/// <param name="Years">Years ahead.</param>
/// <param name="PowerFactor">Power factor of the rating check.</param>
/// <param name="Series">The outlook of each series, by series id (ordinal).</param>
public sealed record PeakOutlookReport(int Years, double PowerFactor, IReadOnlyList<PeakOutlook> Series)
{
    /// <summary>The report of <paramref name="outlooks"/>, computed <paramref name="years"/> years ahead at <paramref name="powerFactor"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="outlooks"/> is null.</exception>
    public static PeakOutlookReport Of(int years, double powerFactor, IEnumerable<PeakOutlook> outlooks)
    {
        ArgumentNullException.ThrowIfNull(outlooks);
        return new(years, powerFactor, outlooks.OrderBy(o => o.Series, StringComparer.Ordinal).ToList());
    }
}
