using Lumen.Forecast.Data;

namespace Lumen.Forecast.Models;

/// <summary>
/// Seasonal naive (protocol peer <c>snaive</c>): the point forecast is the same period one week earlier; the normal
/// interval's standard deviation is the root mean square of the weekly differences over the last 8 weeks
/// (as <c>forecast::snaive</c>), growing with √k for the k-th week ahead.
/// </summary>
public sealed class SeasonalNaive : IDayAheadForecaster
{
    /// <inheritdoc />
    public string Name => "snaive";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The history is shorter than one week.</exception>
    public ForecastResult Forecast(ForecastRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        LoadSeries series = request.Series;
        int s = series.PeriodsPerDay;
        int w = 7 * s;
        int origin = request.OriginIndex;
        if (origin < w)
        {
            throw new ArgumentException("seasonal naive needs at least one week of history", nameof(request));
        }

        ReadOnlySpan<double> y = series.LoadMw;
        int start = Math.Max(0, origin - (56 * s));
        double sum = 0;
        int count = 0;
        for (int t = start + w; t < origin; t++)
        {
            double e = y[t] - y[t - w];
            sum += e * e;
            count++;
        }

        double sigma = count > 0 ? Math.Sqrt(sum / count) : 0;
        int steps = request.Steps;
        var mean = new double[steps];
        var sd = new double[steps];
        for (int h = 0; h < steps; h++)
        {
            int weeks = (h / w) + 1;
            mean[h] = y[origin + h - (weeks * w)];
            sd[h] = sigma * Math.Sqrt(weeks);
        }

        return ForecastResult.FromNormal(Name, series.TimeOf(origin), series.Period, mean, sd, []);
    }
}
