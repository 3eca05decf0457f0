using DuckDB.NET.Data;
using Lumen.Forecast.Data;
using Lumen.Host.Telemetry.Influx;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Storage.Series;

/// <summary>
/// Series samples in InfluxDB (with <c>Lumen:Influx:Enabled</c>): written through the durable <see cref="InfluxWriter"/>
/// (measurements <c>load_mw</c>, <c>temperature_c</c>, <c>voltage_v</c>, tag <c>series</c>), read back with bounded-time
/// InfluxQL queries (load as per-period means with <c>fill(none)</c>, voltage raw, grouped by series).
/// </summary>
/// <remarks>
/// Load timestamps are naive local times: they are written with their wall-clock ticks taken as UTC, so they read back
/// unchanged. InfluxDB keeps one point per series and timestamp, so a re-imported series overwrites its samples; reads are
/// bounded by the catalogue's range of the current import. Thread-safe.
/// </remarks>
internal sealed class InfluxSeriesStore(InfluxClient client, InfluxWriter writer, IOptions<InfluxOptions> options) : ISeriesStore
{
    /// <summary>Measurement of load samples, MW.</summary>
    public const string LoadMeasurement = "load_mw";

    /// <summary>Measurement of temperature samples, °C.</summary>
    public const string TemperatureMeasurement = "temperature_c";

    /// <summary>Measurement of voltage readings, V.</summary>
    public const string VoltageMeasurement = "voltage_v";

    // Voltage is read a day at a time so that one answer stays small at county scale (thousands of meters).
    private static readonly TimeSpan s_voltageChunk = TimeSpan.FromDays(1);

    private readonly TimeSpan _maxRange = options.Value.MaxQueryRange;

    /// <inheritdoc/>
    public string Backend => "influxdb";

    /// <inheritdoc/>
    public void WriteLoad(DuckDBConnection connection, int batch, LoadSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        ReadOnlySpan<double> load = series.LoadMw;
        ReadOnlySpan<double> temp = series.TemperatureC;
        var points = new List<TelemetryPoint>(load.Length * (series.HasTemperature ? 2 : 1));
        for (int t = 0; t < load.Length; t++)
        {
            DateTime at = DateTime.SpecifyKind(series.TimeOf(t), DateTimeKind.Utc);
            if (double.IsFinite(load[t]))
            {
                points.Add(new TelemetryPoint(LoadMeasurement, series.Name, at, load[t]));
            }

            if (series.HasTemperature && double.IsFinite(temp[t]))
            {
                points.Add(new TelemetryPoint(TemperatureMeasurement, series.Name, at, temp[t]));
            }
        }

        writer.Enqueue(points);
    }

    /// <inheritdoc/>
    public void WriteVoltage(DuckDBConnection connection, int batch, IReadOnlyList<VoltageSample> readings, IReadOnlyDictionary<string, (long FirstUtcTicks, long LastUtcTicks)> spans)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var points = new TelemetryPoint[readings.Count];
        for (int i = 0; i < points.Length; i++)
        {
            VoltageSample r = readings[i];
            points[i] = new TelemetryPoint(VoltageMeasurement, r.PointId, new DateTime(r.UtcTicks, DateTimeKind.Utc), r.VoltageV);
        }

        writer.Enqueue(points);
    }

    /// <inheritdoc/>
    public LoadSeries ReadLoad(StoredLoadSeries info)
    {
        ArgumentNullException.ThrowIfNull(info);
        int n = SeriesGrid.Length(info);
        var load = new double[n];
        Array.Fill(load, double.NaN);
        Fill(LoadMeasurement, info, load);
        double[]? temp = null;
        if (info.HasTemperature)
        {
            temp = new double[n];
            Array.Fill(temp, double.NaN);
            Fill(TemperatureMeasurement, info, temp);
        }

        return new LoadSeries(info.Series, info.Start, info.PeriodsPerDay, load, temp);
    }

    /// <inheritdoc/>
    public void ReadVoltage(DateTime fromUtc, DateTime toUtc, IReadOnlySet<string>? points, IReadOnlyDictionary<string, int> offsetMinutes, Action<VoltageSample> sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(offsetMinutes);
        for (DateTime a = fromUtc; a < toUtc; a += s_voltageChunk)
        {
            DateTime b = a + s_voltageChunk < toUtc ? a + s_voltageChunk : toUtc;
            IReadOnlyDictionary<string, List<TelemetrySample>> chunk = client.QueryAllSeriesAsync(VoltageMeasurement, a, b, cancellationToken).GetAwaiter().GetResult();
            foreach (string point in chunk.Keys.Order(StringComparer.Ordinal))
            {
                if ((points is not null && !points.Contains(point)) || !offsetMinutes.TryGetValue(point, out int offset))
                {
                    continue;
                }

                foreach (TelemetrySample s in chunk[point])
                {
                    sink(new VoltageSample(point, s.TimestampUtc.Ticks, offset, s.Value));
                }
            }
        }
    }

    /// <inheritdoc/>
    public bool WaitUntilReadable(TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (writer.PendingBatches > 0)
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            Task.Delay(50, cancellationToken).GetAwaiter().GetResult();
        }

        return true;
    }

    private void Fill(string measurement, StoredLoadSeries info, double[] values)
    {
        TimeSpan period = TimeSpan.FromTicks(TimeSpan.TicksPerDay / info.PeriodsPerDay);
        DateTime start = DateTime.SpecifyKind(info.Start, DateTimeKind.Utc);
        DateTime end = DateTime.SpecifyKind(info.End, DateTimeKind.Utc);
        for (DateTime a = start; a < end; a += _maxRange)
        {
            DateTime b = a + _maxRange < end ? a + _maxRange : end;
            IReadOnlyList<TelemetrySample> samples = client.QueryAsync(measurement, info.Series, a, b, period, CancellationToken.None).GetAwaiter().GetResult();
            foreach (TelemetrySample s in samples)
            {
                long k = (s.TimestampUtc.Ticks - start.Ticks) / period.Ticks;
                if (k >= 0 && k < values.Length)
                {
                    values[k] = s.Value;
                }
            }
        }
    }
}
