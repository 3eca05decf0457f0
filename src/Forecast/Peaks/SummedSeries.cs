using Lumen.Forecast.Data;

namespace Lumen.Forecast.Peaks;

/// <summary>
/// The sum of several load series period by period, aligned on their timestamps: the load of a feeder from the series of
/// its distribution transformers, for its peak outlook.
/// </summary>
public static class SummedSeries
{
    /// <summary>
    /// The sum of <paramref name="parts"/> over the days they all cover, on the coarsest of their grids (finer series
    /// averaged to it). A period where a part has a gap is a gap of the sum (a missing reading is not a drop in load);
    /// the temperature is the mean of the parts that carry one (none when no part does).
    /// </summary>
    /// <param name="name">Name of the sum (the feeder's).</param>
    /// <param name="parts">The series to add; at least one.</param>
    /// <returns>The sum, or null when the parts share no whole day.</returns>
    /// <exception cref="ArgumentException"><paramref name="parts"/> is empty.</exception>
    public static LoadSeries? Of(string name, IReadOnlyList<LoadSeries> parts)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("at least one series is needed", nameof(parts));
        }

        int perDay = parts.Min(p => p.PeriodsPerDay);
        DateTime start = parts.Max(p => p.Start);
        DateTime end = parts.Min(p => p.Start.AddDays(p.DayCount));
        int days = (int)Math.Floor((end - start).TotalDays);
        if (days <= 0)
        {
            return null;
        }

        int n = days * perDay;
        var load = new double[n];
        int withTemperature = parts.Count(p => p.HasTemperature);
        double[]? temperature = withTemperature > 0 ? new double[n] : null;
        foreach (LoadSeries part in parts)
        {
            // Whole days from the common start; `ratio` periods of the part make one of the sum.
            int ratio = part.PeriodsPerDay / perDay;
            int offset = (int)Math.Round((start - part.Start).TotalDays) * part.PeriodsPerDay;
            ReadOnlySpan<double> y = part.LoadMw;
            ReadOnlySpan<double> c = part.TemperatureC;
            for (int t = 0; t < n; t++)
            {
                int from = offset + (t * ratio);
                load[t] += Mean(y.Slice(from, ratio));
                if (temperature is not null && part.HasTemperature)
                {
                    temperature[t] += Mean(c.Slice(from, ratio)) / withTemperature;
                }
            }
        }

        return new LoadSeries(name, start, perDay, load, temperature);
    }

    // The mean of a block (NaN when any value is: a gap stays a gap).
    private static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }
}
