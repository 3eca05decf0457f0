using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Host.Storage.DuckDb;

/// <summary>One stored import of outage records or complaints.</summary>
/// <param name="Batch">Batch number, 1, 2, … over both kinds in import order; never reused.</param>
/// <param name="Kind"><c>outages</c> (outages.csv with its optional restoration_steps.csv and momentary.csv) or <c>complaints</c>.</param>
/// <param name="FileName">The imported file names, comma-separated.</param>
/// <param name="ContentSha256">SHA-256 of the files' names and contents (detects re-imports).</param>
/// <param name="ImportedAt">When it was imported (UTC).</param>
/// <param name="RowCount">Data rows stored over all its files.</param>
/// <param name="NetworkVersion">The network version the rows were validated against.</param>
internal sealed record HistoryBatch(int Batch, string Kind, string FileName, string ContentSha256, DateTime ImportedAt, int RowCount, int NetworkVersion);

/// <summary>The outcome of an outage or complaint import.</summary>
/// <param name="Status">Created, unchanged (same content as the current batch of that kind) or invalid (nothing written).</param>
/// <param name="Batch">The new or current batch; null when invalid.</param>
/// <param name="Diagnostics">Every problem found, naming file, line and field.</param>
internal sealed record HistoryImportOutcome(ImportStatus Status, HistoryBatch? Batch, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>The records of the current outage batch, as stored.</summary>
internal sealed record StoredOutages(HistoryBatch Batch, IReadOnlyList<OutageEvent> Events, IReadOnlyList<RestorationStep> Steps, IReadOnlyList<MomentaryInterruption> Momentary);

/// <summary>
/// Outage records and complaints in the DuckDB store. An import parses and validates the files with the library's
/// importers against the current network (so errors name file, line and field), then writes one batch in one
/// transaction with the appender: a batch is complete or absent.
/// </summary>
/// <remarks>
/// Each kind's dataset is its newest batch: a utility exports its outage (or complaint) records for the whole period
/// it reports on, so a second, different file is a new revision that replaces the dataset (corrections included) while
/// the older batches stay stored for audit and export. Importing content identical to the current batch writes
/// nothing. Thread-safe; imports are serialised.
/// </remarks>
internal sealed class HistoryRepository(DuckDbStore store, TimeProvider timeProvider)
{
    /// <summary>Batch kind of outage records.</summary>
    public const string OutagesKind = "outages";

    /// <summary>Batch kind of complaints.</summary>
    public const string ComplaintsKind = "complaints";

    private readonly VersionedBatches _batches = new(store, "history_batches", "batch");

    /// <summary>Test hook: called with a stage name inside the import transaction ("batch", "events", "commit").</summary>
    internal Action<string>? FaultInjection { get; set; }

    /// <summary>Validates <paramref name="files"/> against <paramref name="network"/> and stores them as the new outage dataset.</summary>
    /// <param name="network">The current network (devices and load points must exist in it).</param>
    /// <param name="networkVersion">Its stored version.</param>
    /// <param name="files">outages.csv and the optional restoration steps and momentary files.</param>
    /// <param name="progress">Receives stage names; may be null.</param>
    public HistoryImportOutcome ImportOutages(Net network, int networkVersion, OutageFiles files, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(files);
        progress?.Invoke("validate");
        HistoryImportResult imported = OutageHistoryImporter.Import(network, files);
        if (imported.History is not OutageHistory history)
        {
            return new HistoryImportOutcome(ImportStatus.Invalid, null, imported.Diagnostics);
        }

        string?[] paths = [files.Outages, files.Steps, files.Momentary];
        int rows = history.Events.Count + history.Steps.Count + history.Momentary.Count;
        return Store(OutagesKind, paths, rows, networkVersion, imported.Diagnostics, progress, (connection, batch) =>
        {
            AppendEvents(connection, batch, history.Events);
            progress?.Invoke("events-written");
            FaultInjection?.Invoke("events");
            AppendSteps(connection, batch, history.Steps);
            AppendMomentary(connection, batch, history.Momentary);
        });
    }

    /// <summary>Validates <paramref name="path"/> (complaints.csv) against <paramref name="network"/> and stores it as the new complaint dataset.</summary>
    public HistoryImportOutcome ImportComplaints(Net network, int networkVersion, string path, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        progress?.Invoke("validate");
        ComplaintImportResult imported = ComplaintImporter.Import(network, path);
        if (!imported.Succeeded)
        {
            return new HistoryImportOutcome(ImportStatus.Invalid, null, imported.Diagnostics);
        }

        return Store(ComplaintsKind, [path], imported.Complaints.Count, networkVersion, imported.Diagnostics, progress, (connection, batch) =>
        {
            AppendComplaints(connection, batch, imported.Complaints);
            progress?.Invoke("complaints-written");
            FaultInjection?.Invoke("complaints");
        });
    }

    /// <summary>The current (newest) batch of <paramref name="kind"/>, or null when none was imported.</summary>
    public HistoryBatch? Current(string kind)
    {
        using DuckDBConnection connection = store.Open();
        return CurrentBatch(connection, kind);
    }

    /// <summary>Every batch, oldest first.</summary>
    public IReadOnlyList<HistoryBatch> Batches()
    {
        using DuckDBConnection connection = store.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM history_batches ORDER BY batch";
        return ReadBatches(command);
    }

    /// <summary>The records of the current outage batch, or null when none was imported.</summary>
    public StoredOutages? LoadOutages()
    {
        using DuckDBConnection connection = store.Open();
        if (CurrentBatch(connection, OutagesKind) is not HistoryBatch batch)
        {
            return null;
        }

        var events = new List<OutageEvent>();
        using (DuckDBCommand command = Select(connection, "SELECT line, event_id, start_utc, end_utc, utc_offset_minutes, device_id, cause, nature, customers_interrupted, transformers_interrupted, load_points FROM outage_events WHERE batch = $b ORDER BY line", batch.Batch))
        using (DbDataReader r = command.ExecuteReader())
        {
            while (r.Read())
            {
                TimeSpan offset = TimeSpan.FromMinutes(r.GetInt32(4));
                OutageNatures.TryParse(r.GetString(7), out OutageNature nature);
                events.Add(new OutageEvent(r.GetString(1), Time(r.GetDateTime(2), offset), Time(r.GetDateTime(3), offset), r.GetString(5), r.GetString(6), nature)
                {
                    CustomersInterrupted = r.IsDBNull(8) ? null : r.GetInt32(8),
                    TransformersInterrupted = r.IsDBNull(9) ? null : r.GetInt32(9),
                    LoadPointIds = r.IsDBNull(10) ? null : r.GetString(10).Split(';'),
                    Source = new SourceLocation("outages.csv", r.GetInt32(0)),
                });
            }
        }

        var steps = new List<RestorationStep>();
        using (DuckDBCommand command = Select(connection, "SELECT line, event_id, time_utc, utc_offset_minutes, device_id, customers_restored, transformers_restored FROM outage_restoration_steps WHERE batch = $b ORDER BY line", batch.Batch))
        using (DbDataReader r = command.ExecuteReader())
        {
            while (r.Read())
            {
                steps.Add(new RestorationStep(r.GetString(1), Time(r.GetDateTime(2), TimeSpan.FromMinutes(r.GetInt32(3))))
                {
                    DeviceId = r.IsDBNull(4) ? null : r.GetString(4),
                    CustomersRestored = r.IsDBNull(5) ? null : r.GetInt32(5),
                    TransformersRestored = r.IsDBNull(6) ? null : r.GetInt32(6),
                    Source = new SourceLocation("restoration_steps.csv", r.GetInt32(0)),
                });
            }
        }

        var momentary = new List<MomentaryInterruption>();
        using (DuckDBCommand command = Select(connection, "SELECT line, event_id, time_utc, utc_offset_minutes, device_id, operations FROM outage_momentary WHERE batch = $b ORDER BY line", batch.Batch))
        using (DbDataReader r = command.ExecuteReader())
        {
            while (r.Read())
            {
                momentary.Add(new MomentaryInterruption(r.GetString(1), Time(r.GetDateTime(2), TimeSpan.FromMinutes(r.GetInt32(3))), r.GetString(4), r.GetInt32(5))
                {
                    Source = new SourceLocation("momentary.csv", r.GetInt32(0)),
                });
            }
        }

        return new StoredOutages(batch, events, steps, momentary);
    }

    /// <summary>The complaints of the current complaint batch with that batch, or null when none was imported.</summary>
    public (HistoryBatch Batch, IReadOnlyList<Complaint> Complaints)? LoadComplaints()
    {
        using DuckDBConnection connection = store.Open();
        if (CurrentBatch(connection, ComplaintsKind) is not HistoryBatch batch)
        {
            return null;
        }

        var complaints = new List<Complaint>();
        using DuckDBCommand command = Select(connection, "SELECT line, complaint_id, time_utc, utc_offset_minutes, location_id, category, text FROM complaints WHERE batch = $b ORDER BY line", batch.Batch);
        using DbDataReader r = command.ExecuteReader();
        while (r.Read())
        {
            complaints.Add(new Complaint(r.GetString(1), Time(r.GetDateTime(2), TimeSpan.FromMinutes(r.GetInt32(3))), r.GetString(4), r.GetString(5))
            {
                Text = r.IsDBNull(6) ? string.Empty : r.GetString(6),
                Source = new SourceLocation("complaints.csv", r.GetInt32(0)),
            });
        }

        return (batch, complaints);
    }

    private HistoryImportOutcome Store(string kind, string?[] paths, int rows, int networkVersion, IReadOnlyList<Diagnostic> diagnostics, Action<string>? progress, Action<DuckDBConnection, int> append)
    {
        (string names, string hash) = Hash(paths);
        HistoryImportOutcome outcome = _batches.Store(
            connection => CurrentBatch(connection, kind) is { } current && current.ContentSha256 == hash ? new HistoryImportOutcome(ImportStatus.Unchanged, current, diagnostics) : null,
            (connection, number) =>
            {
                progress?.Invoke("store");
                var batch = new HistoryBatch(number, kind, names, hash, timeProvider.GetUtcNow().UtcDateTime, rows, networkVersion);
                InsertBatch(connection, batch);
                progress?.Invoke("batch-written");
                FaultInjection?.Invoke("batch");
                append(connection, batch.Batch);
                return new HistoryImportOutcome(ImportStatus.Created, batch, diagnostics);
            });
        if (outcome.Status == ImportStatus.Created)
        {
            progress?.Invoke("committed");
            FaultInjection?.Invoke("commit");
        }

        return outcome;
    }

    private static (string Names, string Hash) Hash(string?[] paths)
    {
        // Role (position) and name are hashed with the content: the same bytes as steps or as momentary differ.
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var names = new List<string>();
        for (int i = 0; i < paths.Length; i++)
        {
            if (paths[i] is not string path)
            {
                continue;
            }

            byte[] content = File.ReadAllBytes(path);
            string name = Path.GetFileName(path);
            names.Add(name);
            sha.AppendData(Encoding.UTF8.GetBytes($"{i}\0{name}\0{content.Length}\0"));
            sha.AppendData(content);
        }

        return (string.Join(", ", names), Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    private static DateTimeOffset Time(DateTime utc, TimeSpan offset) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(offset);

    private static int Minutes(DateTimeOffset t) => (int)t.Offset.TotalMinutes;

    private static DuckDBCommand Select(DuckDBConnection connection, string sql, int batch)
    {
        DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new DuckDBParameter("b", batch));
        return command;
    }

    private static HistoryBatch? CurrentBatch(DuckDBConnection connection, string kind)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM history_batches WHERE kind = $k ORDER BY batch DESC LIMIT 1";
        command.Parameters.Add(new DuckDBParameter("k", kind));
        List<HistoryBatch> rows = ReadBatches(command);
        return rows.Count == 0 ? null : rows[0];
    }

    private static List<HistoryBatch> ReadBatches(DuckDBCommand command)
    {
        using DbDataReader r = command.ExecuteReader();
        var rows = new List<HistoryBatch>();
        while (r.Read())
        {
            rows.Add(new HistoryBatch(
                r.GetInt32(r.GetOrdinal("batch")),
                r.GetString(r.GetOrdinal("kind")),
                r.GetString(r.GetOrdinal("file_name")),
                r.GetString(r.GetOrdinal("content_sha256")),
                DateTime.SpecifyKind(r.GetDateTime(r.GetOrdinal("imported_at")), DateTimeKind.Utc),
                r.GetInt32(r.GetOrdinal("row_count")),
                r.GetInt32(r.GetOrdinal("network_version"))));
        }

        return rows;
    }

    private static void InsertBatch(DuckDBConnection connection, HistoryBatch b)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "INSERT INTO history_batches VALUES ($batch, $kind, $file, $hash, $at, $rows, $version)";
        command.Parameters.Add(new DuckDBParameter("batch", b.Batch));
        command.Parameters.Add(new DuckDBParameter("kind", b.Kind));
        command.Parameters.Add(new DuckDBParameter("file", b.FileName));
        command.Parameters.Add(new DuckDBParameter("hash", b.ContentSha256));
        command.Parameters.Add(new DuckDBParameter("at", b.ImportedAt));
        command.Parameters.Add(new DuckDBParameter("rows", b.RowCount));
        command.Parameters.Add(new DuckDBParameter("version", b.NetworkVersion));
        command.ExecuteNonQuery();
    }

    private static void AppendEvents(DuckDBConnection connection, int batch, IReadOnlyList<OutageEvent> events)
    {
        using DuckDBAppender appender = connection.CreateAppender("outage_events");
        foreach (OutageEvent e in events)
        {
            appender.CreateRow().AppendValue(batch).AppendValue(e.Source.Line).AppendValue(e.EventId).AppendValue(e.Start.UtcDateTime)
                .AppendValue(e.End.UtcDateTime).AppendValue(Minutes(e.Start)).AppendValue(e.DeviceId).AppendValue(e.Cause)
                .AppendValue(e.Nature.ToSnakeCase()).AppendValue(e.CustomersInterrupted).AppendValue(e.TransformersInterrupted)
                .AppendValue(e.LoadPointIds is null ? null : string.Join(';', e.LoadPointIds)).EndRow();
        }
    }

    private static void AppendSteps(DuckDBConnection connection, int batch, IReadOnlyList<RestorationStep> steps)
    {
        using DuckDBAppender appender = connection.CreateAppender("outage_restoration_steps");
        foreach (RestorationStep s in steps)
        {
            appender.CreateRow().AppendValue(batch).AppendValue(s.Source.Line).AppendValue(s.EventId).AppendValue(s.Time.UtcDateTime)
                .AppendValue(Minutes(s.Time)).AppendValue(s.DeviceId).AppendValue(s.CustomersRestored).AppendValue(s.TransformersRestored).EndRow();
        }
    }

    private static void AppendMomentary(DuckDBConnection connection, int batch, IReadOnlyList<MomentaryInterruption> momentary)
    {
        using DuckDBAppender appender = connection.CreateAppender("outage_momentary");
        foreach (MomentaryInterruption m in momentary)
        {
            appender.CreateRow().AppendValue(batch).AppendValue(m.Source.Line).AppendValue(m.EventId).AppendValue(m.Time.UtcDateTime)
                .AppendValue(Minutes(m.Time)).AppendValue(m.DeviceId).AppendValue(m.Operations).EndRow();
        }
    }

    private static void AppendComplaints(DuckDBConnection connection, int batch, IReadOnlyList<Complaint> complaints)
    {
        using DuckDBAppender appender = connection.CreateAppender("complaints");
        foreach (Complaint c in complaints)
        {
            appender.CreateRow().AppendValue(batch).AppendValue(c.Source.Line).AppendValue(c.ComplaintId).AppendValue(c.Time.UtcDateTime)
                .AppendValue(Minutes(c.Time)).AppendValue(c.LocationId).AppendValue(c.Category).AppendValue(c.Text).EndRow();
        }
    }
}

/// <summary>Schema of outage records and complaints (idempotent). Rows carry their import batch; times are UTC with the written offset.</summary>
internal static class HistorySchema
{
    /// <summary>The creation script.</summary>
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS history_batches(batch INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, file_name VARCHAR NOT NULL,
            content_sha256 VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL, row_count INTEGER NOT NULL, network_version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS outage_events(batch INTEGER NOT NULL, line INTEGER NOT NULL, event_id VARCHAR NOT NULL,
            start_utc TIMESTAMP NOT NULL, end_utc TIMESTAMP NOT NULL, utc_offset_minutes INTEGER NOT NULL, device_id VARCHAR NOT NULL,
            cause VARCHAR NOT NULL, nature VARCHAR NOT NULL, customers_interrupted INTEGER, transformers_interrupted INTEGER, load_points VARCHAR);
        CREATE TABLE IF NOT EXISTS outage_restoration_steps(batch INTEGER NOT NULL, line INTEGER NOT NULL, event_id VARCHAR NOT NULL,
            time_utc TIMESTAMP NOT NULL, utc_offset_minutes INTEGER NOT NULL, device_id VARCHAR, customers_restored INTEGER, transformers_restored INTEGER);
        CREATE TABLE IF NOT EXISTS outage_momentary(batch INTEGER NOT NULL, line INTEGER NOT NULL, event_id VARCHAR NOT NULL,
            time_utc TIMESTAMP NOT NULL, utc_offset_minutes INTEGER NOT NULL, device_id VARCHAR NOT NULL, operations INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS complaints(batch INTEGER NOT NULL, line INTEGER NOT NULL, complaint_id VARCHAR NOT NULL,
            time_utc TIMESTAMP NOT NULL, utc_offset_minutes INTEGER NOT NULL, location_id VARCHAR NOT NULL, category VARCHAR NOT NULL, text VARCHAR);
        """;
}
