using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Lumen.Forecast.Data;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Import;
using Lumen.Topology.Network;

namespace Lumen.Host.Storage.Series;

/// <summary>One problem with an uploaded series file: file, 1-based line (0 = the whole file), field and message.</summary>
internal sealed record SeriesProblem(string File, int Line, string Field, string Message)
{
    /// <summary>The error key of the API (<c>file:line:field</c>) and the CLI's location.</summary>
    public string Key => Line > 0 ? (Field.Length > 0 ? $"{File}:{Line}:{Field}" : $"{File}:{Line}") : Field.Length > 0 ? $"{File}:{Field}" : File;

    /// <inheritdoc/>
    public override string ToString() => $"{(Line > 0 ? $"{File}:{Line}" : File)}: error: {(Field.Length > 0 ? Field + ": " : string.Empty)}{Message}";
}

/// <summary>What a series import did.</summary>
/// <param name="Status">Created, unchanged (same content already imported) or invalid (nothing was written).</param>
/// <param name="Batch">The batch (new or existing); null when invalid.</param>
/// <param name="Rows">Rows stored by the batch.</param>
/// <param name="Series">Series (load) or points (voltage) in the batch.</param>
/// <param name="Errors">Errors naming file, line and field (invalid only).</param>
/// <param name="Warnings">Repairs and remarks of the readers (gaps, trimmed rows …).</param>
internal sealed record SeriesImportOutcome(ImportStatus Status, int? Batch, long Rows, int Series, IReadOnlyList<SeriesProblem> Errors, IReadOnlyList<string> Warnings);

/// <summary>Coverage of the stored voltage readings.</summary>
internal sealed record VoltageCoverage(int Points, long Readings, DateTime? FirstUtc, DateTime? LastUtc, IReadOnlyList<string> Feeders);

/// <summary>
/// The series catalogue and import path of load series and voltage readings. Files are validated with the libraries'
/// readers (<see cref="LoadCsvReader"/>, <see cref="VoltageReadingsReader"/>), hashed (SHA-256 of the content: an identical
/// re-import is detected and changes nothing), and stored as one batch in one DuckDB transaction; the samples go to the
/// <see cref="ISeriesStore"/> (DuckDB appender, or InfluxDB's durable writer).
/// </summary>
/// <remarks>
/// A load import replaces each series it holds (a file is the series' whole history). A voltage import replaces, per
/// point, the readings within the span the file covers for it, so monthly files append and a corrected file replaces.
/// Imports are serialised. Thread-safe.
/// </remarks>
internal sealed class SeriesRepository(DuckDbStore store, ISeriesStore samples, TimeProvider timeProvider)
{
    /// <summary>Kind of a load batch.</summary>
    public const string LoadKind = "load";

    /// <summary>Kind of a voltage batch.</summary>
    public const string VoltageKind = "voltage";

    /// <summary>The profile voltage readings are validated against (its nominal voltages) and evaluated with.</summary>
    public static VoltageProfile Profile => VoltageProfile.GbT12325;

    private readonly VersionedBatches _batches = new(store, "series_batches", "batch");

    /// <summary>The backend of the samples.</summary>
    public ISeriesStore Samples => samples;

    /// <summary>Test hook: called inside the import transaction after the samples were written.</summary>
    internal Action<string>? FaultInjection { get; set; }

    /// <summary>Validates and stores load files (protocol CSV <c>timestamp,load_mw[,temperature_c]</c>, one series per file, named by the file).</summary>
    public SeriesImportOutcome ImportLoad(IReadOnlyList<string> files, string source)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<SeriesProblem>();
        var warnings = new List<string>();
        var series = new List<(string File, LoadSeries Series)>(files.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (files.Count == 0)
        {
            errors.Add(new SeriesProblem(source, 0, "files", "no load CSV file"));
        }

        foreach (string path in files.Order(StringComparer.Ordinal))
        {
            // The importers' one encoding rule (strict UTF-8, a BOM accepted) before the forecast library's reader.
            var encoding = new List<Diagnostic>();
            if (!StrictCsv.TryReadText(path, Path.GetFileName(path), encoding, out string text))
            {
                errors.AddRange(encoding.Select(d => new SeriesProblem(d.Location.File, d.Location.Line, d.Field, d.Message)));
                continue;
            }

            LoadReadResult read = LoadCsvReader.Read(new StringReader(text), Path.GetFileName(path), Path.GetFileNameWithoutExtension(path));
            foreach (ForecastDiagnostic d in read.Diagnostics)
            {
                if (d.Severity == ForecastSeverity.Error)
                {
                    errors.Add(new SeriesProblem(d.File, d.Line, d.Field, d.Message));
                }
                else
                {
                    warnings.Add(d.ToString());
                }
            }

            if (read.Series is { } s)
            {
                if (!names.Add(s.Name))
                {
                    errors.Add(new SeriesProblem(Path.GetFileName(path), 0, "series", $"series '{s.Name}' is given twice"));
                }

                series.Add((Path.GetFileName(path), s));
            }
        }

        if (errors.Count > 0)
        {
            return new SeriesImportOutcome(ImportStatus.Invalid, null, 0, 0, errors, warnings);
        }

        string hash = Hash(LoadKind, files);
        return _batches.Store(
            connection => FindBatch(connection, LoadKind, hash) is { } existing
                ? new SeriesImportOutcome(ImportStatus.Unchanged, existing.Batch, existing.Rows, existing.Series, [], warnings)
                : null,
            (connection, batch) =>
            {
                long rows = 0;
                foreach ((string file, LoadSeries s) in series)
                {
                    long points = 0;
                    double peak = double.NaN;
                    ReadOnlySpan<double> load = s.LoadMw;
                    ReadOnlySpan<double> temp = s.TemperatureC;
                    for (int t = 0; t < load.Length; t++)
                    {
                        if (double.IsFinite(load[t]) || (s.HasTemperature && double.IsFinite(temp[t])))
                        {
                            points++;
                        }

                        if (double.IsFinite(load[t]) && !(load[t] <= peak))
                        {
                            peak = load[t];
                        }
                    }

                    using (DuckDBCommand command = connection.CreateCommand())
                    {
                        command.CommandText = "DELETE FROM load_series WHERE series = $s; INSERT INTO load_series VALUES ($s, $b, $f, $a, $e, $p, $n, $peak, $t)";
                        command.Parameters.Add(new DuckDBParameter("s", s.Name));
                        command.Parameters.Add(new DuckDBParameter("b", batch));
                        command.Parameters.Add(new DuckDBParameter("f", file));
                        command.Parameters.Add(new DuckDBParameter("a", s.Start));
                        command.Parameters.Add(new DuckDBParameter("e", s.TimeOf(s.Length)));
                        command.Parameters.Add(new DuckDBParameter("p", s.PeriodsPerDay));
                        command.Parameters.Add(new DuckDBParameter("n", points));
                        command.Parameters.Add(new DuckDBParameter("peak", double.IsFinite(peak) ? peak : null));
                        command.Parameters.Add(new DuckDBParameter("t", s.HasTemperature));
                        command.ExecuteNonQuery();
                    }

                    samples.WriteLoad(connection, batch, s);
                    rows += points;
                }

                InsertBatch(connection, batch, LoadKind, source, hash, files.Count, rows, series.Count);
                FaultInjection?.Invoke("samples");
                return new SeriesImportOutcome(ImportStatus.Created, batch, rows, series.Count, [], warnings);
            });
    }

    /// <summary>Validates and stores a voltage readings CSV (<c>point_id,timestamp,voltage_v,nominal_v[,area_id][,feeder_id]</c>).</summary>
    public SeriesImportOutcome ImportVoltage(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Path.GetFileName(path);

        // The library reader is the validator: every row is checked (file, line, field) before anything is written;
        // the readings it accepts are collected in the same pass.
        var readings = new List<VoltageSample>(1 << 16);
        var points = new Dictionary<string, PointRecord>(StringComparer.Ordinal);
        VoltageStatisticsReadResult checkedFile = VoltageReadingsReader.Read(path, Profile, cancellationToken: cancellationToken, onReading: r => Collect(r, readings, points));
        var errors = checkedFile.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => new SeriesProblem(Path.GetFileName(d.Location.File), d.Location.Line, d.Field, d.Message)).ToList();
        var warnings = checkedFile.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        if (errors.Count > 0 || checkedFile.Statistics is null)
        {
            return new SeriesImportOutcome(ImportStatus.Invalid, null, 0, 0, errors, warnings);
        }

        string hash = Hash(VoltageKind, [path]);
        Dictionary<string, PointInfo> known = [];
        return _batches.Store(
            connection =>
            {
                if (FindBatch(connection, VoltageKind, hash) is { } existing)
                {
                    return new SeriesImportOutcome(ImportStatus.Unchanged, existing.Batch, existing.Rows, existing.Series, [], warnings);
                }

                // A point keeps its nominal voltage, area and feeder across files (the statistics group by them).
                known = ReadPoints(connection);
                foreach ((string id, PointRecord p) in points)
                {
                    if (known.TryGetValue(id, out PointInfo? k) && (k.NominalV != p.NominalV || k.AreaId != p.AreaId || k.FeederId != p.FeederId))
                    {
                        string field = k.NominalV != p.NominalV ? "nominal_v" : k.AreaId != p.AreaId ? "area_id" : "feeder_id";
                        errors.Add(new SeriesProblem(file, p.FirstLine, field, $"point '{id}' is stored with nominal {k.NominalV.ToString(CultureInfo.InvariantCulture)} V, area '{k.AreaId}', feeder '{k.FeederId}'; a file must not change them"));
                    }
                }

                return errors.Count > 0 ? new SeriesImportOutcome(ImportStatus.Invalid, null, 0, 0, errors, warnings) : null;
            },
            (connection, batch) =>
            {
                using (DuckDBAppender appender = connection.CreateAppender("voltage_points"))
                {
                    foreach ((string id, PointRecord p) in points)
                    {
                        if (!known.ContainsKey(id))
                        {
                            appender.CreateRow().AppendValue(id).AppendValue(batch).AppendValue(p.AreaId).AppendValue(p.FeederId).AppendValue(p.NominalV).AppendValue(p.OffsetMinutes).EndRow();
                        }
                    }
                }

                var spans = new Dictionary<string, (long, long)>(points.Count, StringComparer.Ordinal);
                using (DuckDBAppender appender = connection.CreateAppender("voltage_spans"))
                {
                    foreach ((string id, PointRecord p) in points)
                    {
                        spans[id] = (p.FirstUtcTicks, p.LastUtcTicks);
                        appender.CreateRow().AppendValue(id).AppendValue(batch).AppendValue(new DateTime(p.FirstUtcTicks, DateTimeKind.Utc))
                            .AppendValue(new DateTime(p.LastUtcTicks, DateTimeKind.Utc)).AppendValue(p.Readings).EndRow();
                    }
                }

                samples.WriteVoltage(connection, batch, readings, spans);
                InsertBatch(connection, batch, VoltageKind, file, hash, 1, readings.Count, points.Count);
                FaultInjection?.Invoke("samples");
                return new SeriesImportOutcome(ImportStatus.Created, batch, readings.Count, points.Count, [], warnings);
            });
    }

    /// <summary>The data revision: the newest batch number (0 when nothing is stored). Changes with every new import.</summary>
    public int Revision()
    {
        using DuckDBConnection connection = store.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(batch), 0) FROM series_batches";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Every stored load series, by id.</summary>
    public IReadOnlyList<StoredLoadSeries> ListLoad()
    {
        using DuckDBConnection connection = store.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT series, batch, file_name, start_time, end_time, periods_per_day, points, peak_mw, has_temperature FROM load_series ORDER BY series";
        using DbDataReader reader = command.ExecuteReader();
        var list = new List<StoredLoadSeries>();
        while (reader.Read())
        {
            list.Add(new StoredLoadSeries(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetDateTime(3), reader.GetDateTime(4),
                reader.GetInt32(5), reader.GetInt64(6), reader.IsDBNull(7) ? double.NaN : reader.GetDouble(7), reader.GetBoolean(8)));
        }

        return list;
    }

    /// <summary>One stored load series, or null.</summary>
    public StoredLoadSeries? FindLoad(string series) => ListLoad().FirstOrDefault(s => s.Series == series);

    /// <summary>Reads a stored series from the samples backend.</summary>
    public LoadSeries ReadLoad(StoredLoadSeries info) => samples.ReadLoad(info);

    /// <summary>Points, readings and time span of the stored voltage readings.</summary>
    public VoltageCoverage Coverage()
    {
        using DuckDBConnection connection = store.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT count(DISTINCT point_id), CAST(coalesce(sum(readings), 0) AS BIGINT), min(first_utc), max(last_utc) FROM voltage_spans";
        int points;
        long readings;
        DateTime? first;
        DateTime? last;
        using (DbDataReader reader = command.ExecuteReader())
        {
            reader.Read();
            points = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
            readings = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            first = reader.IsDBNull(2) ? null : DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc);
            last = reader.IsDBNull(3) ? null : DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc);
        }

        command.CommandText = "SELECT DISTINCT feeder_id FROM voltage_points WHERE feeder_id IS NOT NULL ORDER BY feeder_id";
        var feeders = new List<string>();
        using (DbDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                feeders.Add(reader.GetString(0));
            }
        }

        return new VoltageCoverage(points, readings, first, last, feeders);
    }

    /// <summary>
    /// Voltage statistics (GB/T 12325) of the stored readings in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>)
    /// (the whole span when null), optionally for one feeder's points; null when no reading matches.
    /// </summary>
    public VoltageStatistics? VoltageStatistics(DateTime? fromUtc, DateTime? toUtc, string? feeder, CancellationToken cancellationToken)
    {
        Dictionary<string, PointInfo> points;
        using (DuckDBConnection connection = store.Open())
        {
            points = ReadPoints(connection);
        }

        VoltageCoverage coverage = Coverage();
        if (coverage.FirstUtc is not DateTime first || coverage.LastUtc is not DateTime last)
        {
            return null;
        }

        DateTime from = fromUtc ?? first;
        DateTime to = toUtc ?? last.AddSeconds(1); // past the last reading at the store's microsecond precision
        HashSet<string>? selected = feeder is null ? null : points.Where(p => p.Value.FeederId == feeder).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var offsets = points.ToDictionary(p => p.Key, p => p.Value.OffsetMinutes, StringComparer.Ordinal);
        var accumulator = new VoltageStatisticsAccumulator(Profile);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        long readings = 0;
        samples.ReadVoltage(from, to, selected, offsets, r =>
        {
            if (!index.TryGetValue(r.PointId, out int point))
            {
                PointInfo info = points[r.PointId];
                point = accumulator.RegisterPoint(r.PointId, info.NominalV, info.AreaId, info.FeederId, out string? error);
                if (point < 0)
                {
                    throw new InvalidOperationException(error);
                }

                index[r.PointId] = point;
            }

            accumulator.Add(point, new DateTimeOffset(r.UtcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(r.OffsetMinutes)), r.VoltageV);
            readings++;
        }, cancellationToken);
        return readings == 0 ? null : accumulator.Complete();
    }

    /// <summary>Stores the scores of a backtest (kept per series and method, newest last).</summary>
    public void SaveBacktest(string series, string method, int dataBatch, Lumen.Forecast.Backtest.BacktestScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        using DuckDBConnection connection = store.OpenForWriting();
        using DbTransaction transaction = connection.BeginTransaction();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "INSERT INTO forecast_backtests VALUES ($s, $m, $o, $mape, $rmse, $mase, $c80, $c95, $b, $t)";
        command.Parameters.Add(new DuckDBParameter("s", series));
        command.Parameters.Add(new DuckDBParameter("m", method));
        command.Parameters.Add(new DuckDBParameter("o", score.Origins));
        command.Parameters.Add(new DuckDBParameter("mape", Finite(score.MapePercent)));
        command.Parameters.Add(new DuckDBParameter("rmse", Finite(score.RmseMw)));
        command.Parameters.Add(new DuckDBParameter("mase", Finite(score.Mase)));
        command.Parameters.Add(new DuckDBParameter("c80", Finite(score.Coverage80Percent)));
        command.Parameters.Add(new DuckDBParameter("c95", Finite(score.Coverage95Percent)));
        command.Parameters.Add(new DuckDBParameter("b", dataBatch));
        command.Parameters.Add(new DuckDBParameter("t", timeProvider.GetUtcNow().UtcDateTime));
        command.ExecuteNonQuery();
        store.Commit(transaction);
    }

    /// <summary>The newest backtest MAPE per series for <paramref name="method"/>, of the series' current data.</summary>
    public IReadOnlyDictionary<string, (double? MapePercent, int Origins)> LatestBacktests(string method)
    {
        using DuckDBConnection connection = store.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT b.series, arg_max(b.mape_percent, b.computed_at), arg_max(b.origins, b.computed_at)
            FROM forecast_backtests b JOIN load_series s ON s.series = b.series AND s.batch = b.data_batch
            WHERE b.method = $m GROUP BY b.series
            """;
        command.Parameters.Add(new DuckDBParameter("m", method));
        using DbDataReader reader = command.ExecuteReader();
        var result = new Dictionary<string, (double?, int)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = (reader.IsDBNull(1) ? null : reader.GetDouble(1), reader.GetInt32(2));
        }

        return result;
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private sealed record PointInfo(double NominalV, string AreaId, string? FeederId, int OffsetMinutes);

    private sealed class PointRecord
    {
        public required string Id { get; init; }

        public required double NominalV { get; init; }

        public required string AreaId { get; init; }

        public required string? FeederId { get; init; }

        public required int OffsetMinutes { get; init; }

        public required int FirstLine { get; init; }

        public long FirstUtcTicks { get; set; } = long.MaxValue;

        public long LastUtcTicks { get; set; } = long.MinValue;

        public long Readings { get; set; }
    }

    /// <summary>Keeps one accepted reading and extends its point's span.</summary>
    private static void Collect(VoltageReading r, List<VoltageSample> readings, Dictionary<string, PointRecord> points)
    {
        if (!points.TryGetValue(r.PointId, out PointRecord? p))
        {
            points[r.PointId] = p = new PointRecord
            {
                Id = r.PointId,
                NominalV = r.NominalV,
                AreaId = r.AreaId,
                FeederId = r.FeederId,
                OffsetMinutes = (int)r.Timestamp.Offset.TotalMinutes,
                FirstLine = r.Line,
            };
        }

        long utc = r.Timestamp.UtcTicks;
        p.FirstUtcTicks = Math.Min(p.FirstUtcTicks, utc);
        p.LastUtcTicks = Math.Max(p.LastUtcTicks, utc);
        p.Readings++;
        readings.Add(new VoltageSample(p.Id, utc, (int)r.Timestamp.Offset.TotalMinutes, r.VoltageV));
    }

    private static Dictionary<string, PointInfo> ReadPoints(DuckDBConnection connection)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT point_id, nominal_v, area_id, feeder_id, offset_minutes FROM voltage_points";
        using DbDataReader reader = command.ExecuteReader();
        var points = new Dictionary<string, PointInfo>(StringComparer.Ordinal);
        while (reader.Read())
        {
            points[reader.GetString(0)] = new PointInfo(reader.GetDouble(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt32(4));
        }

        return points;
    }

    private static string Hash(string kind, IReadOnlyList<string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(kind + "\0"));
        foreach (string path in files.Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{Path.GetFileName(path)}\0{new FileInfo(path).Length}\0"));
            using FileStream stream = File.OpenRead(path);
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, n);
            }
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static (int Batch, long Rows, int Series)? FindBatch(DuckDBConnection connection, string kind, string hash)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT batch, rows, series FROM series_batches WHERE kind = $k AND content_sha256 = $h";
        command.Parameters.Add(new DuckDBParameter("k", kind));
        command.Parameters.Add(new DuckDBParameter("h", hash));
        using DbDataReader reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt32(0), reader.GetInt64(1), reader.GetInt32(2)) : null;
    }

    private void InsertBatch(DuckDBConnection connection, int batch, string kind, string source, string hash, int files, long rows, int series)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "INSERT INTO series_batches VALUES ($b, $k, $src, $h, $f, $r, $s, $be, $t)";
        command.Parameters.Add(new DuckDBParameter("b", batch));
        command.Parameters.Add(new DuckDBParameter("k", kind));
        command.Parameters.Add(new DuckDBParameter("src", source));
        command.Parameters.Add(new DuckDBParameter("h", hash));
        command.Parameters.Add(new DuckDBParameter("f", files));
        command.Parameters.Add(new DuckDBParameter("r", rows));
        command.Parameters.Add(new DuckDBParameter("s", series));
        command.Parameters.Add(new DuckDBParameter("be", samples.Backend));
        command.Parameters.Add(new DuckDBParameter("t", timeProvider.GetUtcNow().UtcDateTime));
        command.ExecuteNonQuery();
    }
}
