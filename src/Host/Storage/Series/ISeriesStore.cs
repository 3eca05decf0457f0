using DuckDB.NET.Data;
using Lumen.Forecast.Data;

namespace Lumen.Host.Storage.Series;

/// <summary>One voltage reading as stored: the point, its UTC time, the offset it was written in, and the voltage.</summary>
/// <param name="PointId">Meter or transformer-area id.</param>
/// <param name="UtcTicks">Reading time, UTC ticks.</param>
/// <param name="OffsetMinutes">Offset of the written timestamp, minutes (months are counted in that local time).</param>
/// <param name="VoltageV">Voltage, V.</param>
internal readonly record struct VoltageSample(string PointId, long UtcTicks, int OffsetMinutes, double VoltageV);

/// <summary>A load series' place in the catalogue: its grid (whole days from a local midnight) and where it came from.</summary>
/// <param name="Series">Series id (file name without extension).</param>
/// <param name="Batch">Import batch that stored it.</param>
/// <param name="FileName">The imported file.</param>
/// <param name="Start">First period (local midnight, naive local time).</param>
/// <param name="End">End of the last period (exclusive).</param>
/// <param name="PeriodsPerDay">24, 48 or 96.</param>
/// <param name="Points">Periods with a load or temperature value.</param>
/// <param name="PeakMw">Largest load, MW.</param>
/// <param name="HasTemperature">True when the series carries a temperature.</param>
internal sealed record StoredLoadSeries(string Series, int Batch, string FileName, DateTime Start, DateTime End, int PeriodsPerDay, long Points, double PeakMw, bool HasTemperature);

/// <summary>
/// Where the samples of the load and voltage series live: the embedded DuckDB store or InfluxDB. The catalogue
/// (batches, ranges, points) is kept by <see cref="SeriesRepository"/> in DuckDB either way, so the forecast and voltage
/// code reads series through this seam without knowing the backend.
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
internal interface ISeriesStore
{
    /// <summary>Backend name recorded with each batch: <c>duckdb</c> or <c>influxdb</c>.</summary>
    string Backend { get; }

    /// <summary>Stores the samples of <paramref name="series"/>, replacing the series' previous samples (inside the import transaction).</summary>
    void WriteLoad(DuckDBConnection connection, int batch, LoadSeries series);

    /// <summary>Stores voltage readings; for each point the readings in its span [<paramref name="spans"/>] are replaced.</summary>
    void WriteVoltage(DuckDBConnection connection, int batch, IReadOnlyList<VoltageSample> readings, IReadOnlyDictionary<string, (long FirstUtcTicks, long LastUtcTicks)> spans);

    /// <summary>Reads the series on its grid (NaN where a period has no value).</summary>
    LoadSeries ReadLoad(StoredLoadSeries info);

    /// <summary>
    /// Streams the readings of <paramref name="points"/> (all when null) in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) to
    /// <paramref name="sink"/>, in time order per point.
    /// </summary>
    void ReadVoltage(DateTime fromUtc, DateTime toUtc, IReadOnlySet<string>? points, IReadOnlyDictionary<string, int> offsetMinutes, Action<VoltageSample> sink, CancellationToken cancellationToken);

    /// <summary>Blocks until every write is readable (InfluxDB: the durable buffer is drained), at most <paramref name="timeout"/>; false on timeout.</summary>
    bool WaitUntilReadable(TimeSpan timeout, CancellationToken cancellationToken);
}
