using Lumen.Forecast.Data;

namespace Lumen.Forecast.Models;

/// <summary>
/// Lumen's production forecaster (method id <c>lumen</c>): cleans the history available at the origin
/// (<see cref="SeriesCleaner"/>), then runs <see cref="LumenRegression"/> with the series' selected options.
/// </summary>
/// <remarks>
/// Cleaning is limited to the part of the history the model reads (window + 2 weeks), so its cost does not grow with
/// the length of the file. Cleaning warnings are passed on in <see cref="ForecastResult.Warnings"/>. Thread-safe.
/// </remarks>
public sealed class LumenForecaster : IDayAheadForecaster
{
    private readonly LumenRegression _model;

    /// <summary>Creates the forecaster with <paramref name="options"/> (null = defaults).</summary>
    public LumenForecaster(LumenOptions? options = null)
    {
        _model = new LumenRegression(options);
    }

    /// <inheritdoc />
    public string Name => "lumen";

    /// <summary>The model settings.</summary>
    public LumenOptions Options => _model.Options;

    /// <inheritdoc />
    public ForecastResult Forecast(ForecastRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        LoadSeries series = request.Series;
        int s = series.PeriodsPerDay;
        int firstDay = Math.Max(0, request.OriginDay - _model.Options.WindowDays - 15);
        LoadSeries tail = firstDay == 0 ? series : series.Days(firstDay, series.DayCount);
        CleaningResult cleaned = SeriesCleaner.Clean(tail, (request.OriginDay - firstDay) * s);
        ForecastResult result = _model.Forecast(request with { Series = cleaned.Series, OriginDay = request.OriginDay - firstDay });
        if (cleaned.Diagnostics.Count == 0)
        {
            return result;
        }

        var warnings = new List<ForecastDiagnostic>(cleaned.Diagnostics);
        warnings.AddRange(result.Warnings);
        return result.WithWarnings(warnings);
    }
}
