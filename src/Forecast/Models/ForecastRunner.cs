using System.Globalization;
using CsvHelper;
using Lumen.Forecast.Data;

namespace Lumen.Forecast.Models;

/// <summary>A forecast issued after the end of a series, with what was repaired or assumed.</summary>
/// <param name="SeriesName">Series id.</param>
/// <param name="Forecast">The forecast (null only when the series had no usable load at all).</param>
/// <param name="Diagnostics">Warnings (temperature assumed, gaps filled, fallbacks) and errors.</param>
public sealed record SeriesForecast(string SeriesName, ForecastResult? Forecast, IReadOnlyList<ForecastDiagnostic> Diagnostics);

/// <summary>
/// Operational forecasting: forecast each series from the midnight after its last observed load for a number of days,
/// in parallel across series.
/// </summary>
/// <remarks>
/// Rows after the last load that carry a temperature are taken as the temperature forecast for the horizon. Where the
/// horizon has no temperature, the mean of the same period over the last 7 days is assumed, with a warning (the model
/// then behaves like a calendar model for those days).
/// </remarks>
public static class ForecastRunner
{
    /// <summary>Forecasts one series <paramref name="horizonDays"/> days ahead.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="horizonDays"/> is not in 1..28.</exception>
    public static SeriesForecast Run(LoadSeries series, HolidayCalendar calendar, int horizonDays, IDayAheadForecaster? model = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(horizonDays, 28);
        model ??= new LumenForecaster();
        int s = series.PeriodsPerDay;
        ReadOnlySpan<double> y = series.LoadMw;
        int last = y.Length - 1;
        while (last >= 0 && !double.IsFinite(y[last]))
        {
            last--;
        }

        if (last < 0)
        {
            return new SeriesForecast(series.Name, null, [new ForecastDiagnostic(series.Name, 0, "load_mw", "the series has no load values")]);
        }

        var diagnostics = new List<ForecastDiagnostic>();
        int originDay = (last / s) + 1;
        int n = (originDay + horizonDays) * s;
        var load = new double[n];
        for (int t = 0; t < n; t++)
        {
            load[t] = t < originDay * s && t < y.Length ? y[t] : double.NaN;
        }

        double[]? temp = null;
        if (series.HasTemperature)
        {
            ReadOnlySpan<double> tc = series.TemperatureC;
            temp = new double[n];
            int assumed = 0;
            for (int t = 0; t < n; t++)
            {
                if (t < tc.Length && double.IsFinite(tc[t]))
                {
                    temp[t] = tc[t];
                    continue;
                }

                int p = t % s;
                double sum = 0;
                int c = 0;
                for (int d = 1; d <= 7; d++)
                {
                    int src = ((originDay - d) * s) + p;
                    if (src >= 0 && src < tc.Length && double.IsFinite(tc[src]))
                    {
                        sum += tc[src];
                        c++;
                    }
                }

                temp[t] = c > 0 ? sum / c : 15;
                assumed++;
            }

            if (assumed > 0)
            {
                diagnostics.Add(new ForecastDiagnostic(series.Name, 0, "temperature_c", $"no temperature forecast for {assumed} horizon period(s): the mean of the same period over the last 7 days was assumed", ForecastSeverity.Warning));
            }
        }

        var extended = new LoadSeries(series.Name, series.Start, s, load, temp);
        ForecastResult result = model.Forecast(new ForecastRequest(extended, originDay, horizonDays, calendar));
        diagnostics.AddRange(result.Warnings);
        return new SeriesForecast(series.Name, result, diagnostics);
    }

    /// <summary>Forecasts many series in parallel (one task per series, <paramref name="maxParallelism"/> workers; ≤ 0 = all cores).</summary>
    /// <remarks>Results are in input order. Each series is independent; the forecaster is shared (it is stateless).</remarks>
    public static IReadOnlyList<SeriesForecast> RunMany(IReadOnlyList<LoadSeries> series, Func<LoadSeries, HolidayCalendar> calendarOf, int horizonDays, int maxParallelism = 0, IDayAheadForecaster? model = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(calendarOf);
        model ??= new LumenForecaster();
        var results = new SeriesForecast[series.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount };
        Parallel.For(0, series.Count, options, i => results[i] = Run(series[i], calendarOf(series[i]), horizonDays, model));
        return results;
    }

    /// <summary>
    /// Writes forecasts as CSV: <c>series,timestamp,mean_mw</c> then one column per quantile level (<c>q0.1</c>, …).
    /// </summary>
    public static void WriteCsv(TextWriter writer, IEnumerable<SeriesForecast> forecasts, IReadOnlyList<double> quantileLevels)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(forecasts);
        ArgumentNullException.ThrowIfNull(quantileLevels);
        using CsvWriter csv = CsvWriter.Create(writer, ForecastCsv.WriterOptions, leaveOpen: true);
        csv.WriteField("series");
        csv.WriteField("timestamp");
        csv.WriteField("mean_mw");
        foreach (double q in quantileLevels)
        {
            csv.WriteField("q" + q.ToString("0.###", CultureInfo.InvariantCulture));
        }

        csv.EndRecord();
        foreach (SeriesForecast f in forecasts)
        {
            if (f.Forecast is null)
            {
                continue;
            }

            for (int h = 0; h < f.Forecast.Steps; h++)
            {
                csv.WriteField(f.SeriesName);
                csv.WriteField(f.Forecast.TimeOf(h).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
                csv.WriteField(f.Forecast.MeanMw[h].ToString("0.####", CultureInfo.InvariantCulture));
                foreach (double q in quantileLevels)
                {
                    csv.WriteField(f.Forecast.Quantile(h, q).ToString("0.####", CultureInfo.InvariantCulture));
                }

                csv.EndRecord();
            }
        }
    }
}
