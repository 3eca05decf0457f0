using Lumen.Forecast.Data;

namespace Lumen.Forecast.Models;

/// <summary>
/// What a forecaster may use at an origin (protocol §3): load strictly before <see cref="OriginDay"/>, temperature up to
/// the end of the horizon (actual or forecast temperature), and the calendar.
/// </summary>
/// <param name="Series">The series; load at or after the origin must not be read (tests poison it to check).</param>
/// <param name="OriginDay">0-based day of the origin (00:00 of that day); at least 1.</param>
/// <param name="HorizonDays">Whole days to forecast from the origin (1 = day-ahead, 14 = two weeks).</param>
/// <param name="Calendar">Holiday calendar of the series' region.</param>
public sealed record ForecastRequest(LoadSeries Series, int OriginDay, int HorizonDays, HolidayCalendar Calendar)
{
    /// <summary>Index of the first forecast period in the series.</summary>
    public int OriginIndex => OriginDay * Series.PeriodsPerDay;

    /// <summary>Number of forecast periods.</summary>
    public int Steps => HorizonDays * Series.PeriodsPerDay;
}

/// <summary>A forecaster of whole days from a midnight origin. Implementations are thread-safe and stateless per call.</summary>
public interface IDayAheadForecaster
{
    /// <summary>Method id as written in the protocol's output file (<c>snaive</c>, <c>vanilla_lm</c>, <c>lumen</c>).</summary>
    string Name { get; }

    /// <summary>Fits on the history before the origin and forecasts the horizon.</summary>
    /// <remarks>
    /// Temperature must cover the horizon when the model uses it; the series must have no NaN before the origin (run
    /// <see cref="SeriesCleaner"/> first). Never returns NaN: a model that cannot fit falls back to a simpler one and says
    /// so in <see cref="ForecastResult.Warnings"/>.
    /// </remarks>
    ForecastResult Forecast(ForecastRequest request);
}
