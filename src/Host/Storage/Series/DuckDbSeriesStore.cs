using System.Data.Common;
using DuckDB.NET.Data;
using Lumen.Forecast.Data;
using Lumen.Host.Storage.DuckDb;

namespace Lumen.Host.Storage.Series;

/// <summary>Series samples in the embedded DuckDB store (<c>load_readings</c>, <c>voltage_readings</c>), bulk-written with the appender.</summary>
internal sealed class DuckDbSeriesStore(DuckDbStore store) : ISeriesStore
{
    /// <inheritdoc/>
    public string Backend => "duckdb";

    /// <inheritdoc/>
    public void WriteLoad(DuckDBConnection connection, int batch, LoadSeries series)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(series);
        using (DuckDBCommand delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM load_readings WHERE series = $s";
            delete.Parameters.Add(new DuckDBParameter("s", series.Name));
            delete.ExecuteNonQuery();
        }

        ReadOnlySpan<double> load = series.LoadMw;
        ReadOnlySpan<double> temp = series.TemperatureC;
        using DuckDBAppender appender = connection.CreateAppender("load_readings");
        for (int t = 0; t < load.Length; t++)
        {
            double l = load[t];
            double? c = series.HasTemperature && double.IsFinite(temp[t]) ? temp[t] : null;
            if (!double.IsFinite(l) && c is null)
            {
                continue;
            }

            appender.CreateRow().AppendValue(series.Name).AppendValue(batch).AppendValue(series.TimeOf(t))
                .AppendValue(double.IsFinite(l) ? l : (double?)null).AppendValue(c).EndRow();
        }
    }

    /// <inheritdoc/>
    public void WriteVoltage(DuckDBConnection connection, int batch, IReadOnlyList<VoltageSample> readings, IReadOnlyDictionary<string, (long FirstUtcTicks, long LastUtcTicks)> spans)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(spans);

        // One set-based delete of the replaced spans: the spans go into a temporary table through the appender.
        using (DuckDBCommand create = connection.CreateCommand())
        {
            create.CommandText = "CREATE OR REPLACE TEMP TABLE replaced_spans(point_id VARCHAR, first_utc TIMESTAMP, last_utc TIMESTAMP)";
            create.ExecuteNonQuery();
        }

        using (DuckDBAppender appender = connection.CreateAppender("replaced_spans"))
        {
            foreach (KeyValuePair<string, (long First, long Last)> span in spans)
            {
                appender.CreateRow().AppendValue(span.Key).AppendValue(new DateTime(span.Value.First, DateTimeKind.Utc)).AppendValue(new DateTime(span.Value.Last, DateTimeKind.Utc)).EndRow();
            }
        }

        using (DuckDBCommand delete = connection.CreateCommand())
        {
            delete.CommandText = """
                DELETE FROM voltage_readings r USING replaced_spans s
                WHERE r.point_id = s.point_id AND r.ts_utc >= s.first_utc AND r.ts_utc <= s.last_utc;
                DROP TABLE replaced_spans;
                """;
            delete.ExecuteNonQuery();
        }

        using DuckDBAppender readingsAppender = connection.CreateAppender("voltage_readings");
        foreach (VoltageSample r in readings)
        {
            readingsAppender.CreateRow().AppendValue(r.PointId).AppendValue(batch).AppendValue(new DateTime(r.UtcTicks, DateTimeKind.Utc))
                .AppendValue(r.OffsetMinutes).AppendValue(r.VoltageV).EndRow();
        }
    }

    /// <inheritdoc/>
    public LoadSeries ReadLoad(StoredLoadSeries info)
    {
        ArgumentNullException.ThrowIfNull(info);
        int n = SeriesGrid.Length(info);
        var load = new double[n];
        double[]? temp = info.HasTemperature ? new double[n] : null;
        Array.Fill(load, double.NaN);
        if (temp is not null)
        {
            Array.Fill(temp, double.NaN);
        }

        long step = TimeSpan.TicksPerDay / info.PeriodsPerDay;
        using DuckDBConnection connection = store.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT ts, load_mw, temperature_c FROM load_readings WHERE series = $s AND ts >= $a AND ts < $b";
        command.Parameters.Add(new DuckDBParameter("s", info.Series));
        command.Parameters.Add(new DuckDBParameter("a", info.Start));
        command.Parameters.Add(new DuckDBParameter("b", info.End));
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            long k = (reader.GetDateTime(0).Ticks - info.Start.Ticks) / step;
            if (!reader.IsDBNull(1))
            {
                load[k] = reader.GetDouble(1);
            }

            if (temp is not null && !reader.IsDBNull(2))
            {
                temp[k] = reader.GetDouble(2);
            }
        }

        return new LoadSeries(info.Series, info.Start, info.PeriodsPerDay, load, temp);
    }

    /// <inheritdoc/>
    public void ReadVoltage(DateTime fromUtc, DateTime toUtc, IReadOnlySet<string>? points, IReadOnlyDictionary<string, int> offsetMinutes, Action<VoltageSample> sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        using DuckDBConnection connection = store.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT point_id, ts_utc, offset_minutes, voltage_v FROM voltage_readings WHERE ts_utc >= $a AND ts_utc < $b ORDER BY point_id, ts_utc";
        command.Parameters.Add(new DuckDBParameter("a", fromUtc));
        command.Parameters.Add(new DuckDBParameter("b", toUtc));
        using DbDataReader reader = command.ExecuteReader();
        long rows = 0;
        string previous = string.Empty;
        bool wanted = false;
        while (reader.Read())
        {
            if ((++rows & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            string point = reader.GetString(0);
            if (!ReferenceEquals(point, previous) && point != previous)
            {
                previous = point;
                wanted = points is null || points.Contains(point);
            }

            if (wanted)
            {
                sink(new VoltageSample(previous, reader.GetDateTime(1).Ticks, reader.GetInt32(2), reader.GetDouble(3)));
            }
        }
    }

    /// <inheritdoc/>
    public bool WaitUntilReadable(TimeSpan timeout, CancellationToken cancellationToken) => true;
}

/// <summary>Grid arithmetic shared by the stores.</summary>
internal static class SeriesGrid
{
    /// <summary>Number of periods of the series' grid.</summary>
    public static int Length(StoredLoadSeries info) =>
        checked((int)((info.End - info.Start).Ticks / (TimeSpan.TicksPerDay / info.PeriodsPerDay)));
}
