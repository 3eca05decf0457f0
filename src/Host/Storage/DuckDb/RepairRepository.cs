using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Lumen.Reliability.Repair;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Host.Storage.DuckDb;

/// <summary>One stored import of repair work orders with their crew register.</summary>
/// <param name="Batch">Batch number, 1, 2, … in import order; never reused.</param>
/// <param name="FileName">The imported file names.</param>
/// <param name="ContentSha256">SHA-256 of the files' names and contents (detects re-imports).</param>
/// <param name="ImportedAt">When it was imported (UTC).</param>
/// <param name="Orders">Work orders stored.</param>
/// <param name="Crews">Crews stored.</param>
/// <param name="NetworkVersion">The network version the rows were validated against.</param>
internal sealed record RepairBatch(int Batch, string FileName, string ContentSha256, DateTime ImportedAt, int Orders, int Crews, int NetworkVersion);

/// <summary>The outcome of a repair import.</summary>
/// <param name="Status">Created, unchanged (the same content as the current batch) or invalid (nothing written).</param>
/// <param name="Batch">The new or current batch; null when invalid.</param>
/// <param name="Diagnostics">Every problem found, naming file, line and field.</param>
internal sealed record RepairImportOutcome(ImportStatus Status, RepairBatch? Batch, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>One stored upload of area class rules (the rule table and/or the class overrides; neither: the defaults).</summary>
/// <param name="RuleSet">Rule set number, 1, 2, … in upload order; never reused.</param>
/// <param name="FileName">The uploaded file names (empty for a return to the defaults).</param>
/// <param name="ContentSha256">SHA-256 of the files' names and contents.</param>
/// <param name="ImportedAt">When it was stored (UTC).</param>
/// <param name="Classes">Rows of the rule table; 0 keeps the default table.</param>
/// <param name="Overrides">Class overrides.</param>
internal sealed record RepairRuleSet(int RuleSet, string FileName, string ContentSha256, DateTime ImportedAt, int Classes, int Overrides);

/// <summary>The outcome of a rule upload.</summary>
/// <param name="Status">Created, unchanged (the same content as the current rule set) or invalid (nothing written).</param>
/// <param name="RuleSet">The new or current rule set; null when invalid.</param>
/// <param name="Diagnostics">Every problem found, naming file, line and field.</param>
internal sealed record RepairRulesOutcome(ImportStatus Status, RepairRuleSet? RuleSet, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>The current repair batch as stored.</summary>
internal sealed record StoredRepairs(RepairBatch Batch, IReadOnlyList<WorkOrder> Orders, IReadOnlyList<Crew> Crews);

/// <summary>
/// Repair work orders and crews in the DuckDB store. An import validates both files with the library's importer
/// against the current network (errors name file, line and field), then writes one batch in one transaction with the
/// appender: a batch is complete or absent. The newest batch is the dataset; older ones stay for audit and export.
/// </summary>
/// <remarks>Thread-safe; imports are serialised.</remarks>
internal sealed class RepairRepository(DuckDbStore store, TimeProvider timeProvider)
{
    /// <summary>Schema of the repair tables (idempotent). Times are UTC with the call time's written offset.</summary>
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS repair_batches(batch INTEGER PRIMARY KEY, file_name VARCHAR NOT NULL, content_sha256 VARCHAR NOT NULL,
            imported_at TIMESTAMP NOT NULL, orders INTEGER NOT NULL, crews INTEGER NOT NULL, network_version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS repair_crews(batch INTEGER NOT NULL, line INTEGER NOT NULL, crew_id VARCHAR NOT NULL, base_id VARCHAR NOT NULL,
            bus_id VARCHAR, x DOUBLE NOT NULL, y DOUBLE NOT NULL, shift_start VARCHAR NOT NULL, shift_end VARCHAR NOT NULL, size INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS repair_work_orders(batch INTEGER NOT NULL, line INTEGER NOT NULL, order_id VARCHAR NOT NULL,
            call_time_utc TIMESTAMP NOT NULL, utc_offset_minutes INTEGER NOT NULL, location_id VARCHAR, x DOUBLE, y DOUBLE, category VARCHAR NOT NULL,
            dispatch_time_utc TIMESTAMP, crew_id VARCHAR, arrival_time_utc TIMESTAMP, fault_found VARCHAR, restoration_time_utc TIMESTAMP,
            outage_event_id VARCHAR, area_class VARCHAR);
        CREATE TABLE IF NOT EXISTS repair_rule_sets(rule_set INTEGER PRIMARY KEY, file_name VARCHAR NOT NULL, content_sha256 VARCHAR NOT NULL,
            imported_at TIMESTAMP NOT NULL, classes INTEGER NOT NULL, overrides INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS repair_area_classes(rule_set INTEGER NOT NULL, line INTEGER NOT NULL, area_class VARCHAR NOT NULL,
            arrival_commitment_minutes DOUBLE NOT NULL, minimum_load_density_mw_per_km2 DOUBLE NOT NULL, speed_km_per_hour DOUBLE NOT NULL);
        CREATE TABLE IF NOT EXISTS repair_area_overrides(rule_set INTEGER NOT NULL, line INTEGER NOT NULL, area_id VARCHAR NOT NULL, area_class VARCHAR NOT NULL);
        """;

    private readonly VersionedBatches _batches = new(store, "repair_batches", "batch");
    private readonly VersionedBatches _ruleSets = new(store, "repair_rule_sets", "rule_set");

    /// <summary>Test hook: called with a stage name inside the import transaction ("batch", "orders").</summary>
    internal Action<string>? FaultInjection { get; set; }

    /// <summary>Validates <paramref name="files"/> against <paramref name="network"/> and stores them as the new repair dataset.</summary>
    public RepairImportOutcome Import(Net network, int networkVersion, RepairFiles files, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(files);
        progress?.Invoke("validate");
        RepairImportResult imported = RepairImporter.Import(network, files);
        if (!imported.Succeeded)
        {
            return new RepairImportOutcome(ImportStatus.Invalid, null, imported.Diagnostics);
        }

        (string names, string hash) = Hash([files.Orders, files.Crews]);
        RepairImportOutcome outcome = _batches.Store(
            connection => CurrentBatch(connection) is { } current && current.ContentSha256 == hash ? new RepairImportOutcome(ImportStatus.Unchanged, current, imported.Diagnostics) : null,
            (connection, number) =>
            {
                progress?.Invoke("store");
                var batch = new RepairBatch(number, names, hash, timeProvider.GetUtcNow().UtcDateTime, imported.Orders.Count, imported.Crews.Count, networkVersion);
                InsertBatch(connection, batch);
                FaultInjection?.Invoke("batch");
                AppendCrews(connection, batch.Batch, imported.Crews);
                AppendOrders(connection, batch.Batch, imported.Orders);
                progress?.Invoke("orders-written");
                FaultInjection?.Invoke("orders");
                return new RepairImportOutcome(ImportStatus.Created, batch, imported.Diagnostics);
            });
        if (outcome.Status == ImportStatus.Created)
        {
            progress?.Invoke("committed");
        }

        return outcome;
    }

    /// <summary>
    /// Validates a rule table (<c>area_classes.csv</c>) and/or class overrides (<c>area_overrides.csv</c>) with the
    /// library's readers, as <c>--rules</c> and <c>--classes</c> do, and stores them as the rules of every repair
    /// answer; both null returns to the defaults. Overrides are checked against the uploaded table, else the default one.
    /// </summary>
    public RepairRulesOutcome ImportRules(string? classesPath, string? overridesPath)
    {
        AreaClassRules rules = AreaClassRules.Default;
        var diagnostics = new List<Diagnostic>();
        if (classesPath is not null)
        {
            (AreaClassRules? read, IReadOnlyList<Diagnostic> found) = AreaClassRules.Read(classesPath);
            diagnostics.AddRange(found);
            if (read is null)
            {
                return new RepairRulesOutcome(ImportStatus.Invalid, null, diagnostics);
            }

            rules = read;
        }

        if (overridesPath is not null)
        {
            (IReadOnlyDictionary<string, string>? overrides, IReadOnlyList<Diagnostic> found) = AreaClassRules.ReadOverrides(overridesPath, rules);
            diagnostics.AddRange(found);
            if (overrides is null)
            {
                return new RepairRulesOutcome(ImportStatus.Invalid, null, diagnostics);
            }

            rules = rules with { Overrides = overrides };
        }

        (string names, string hash) = Hash([.. new[] { classesPath, overridesPath }.OfType<string>()]);
        return _ruleSets.Store(
            connection => CurrentRuleSet(connection) is { } current && current.ContentSha256 == hash ? new RepairRulesOutcome(ImportStatus.Unchanged, current, diagnostics) : null,
            (connection, number) =>
            {
                var set = new RepairRuleSet(number, names, hash, timeProvider.GetUtcNow().UtcDateTime,
                    classesPath is null ? 0 : rules.Classes.Count, rules.Overrides.Count);
                using (DuckDBCommand command = connection.CreateCommand())
                {
                    command.CommandText = "INSERT INTO repair_rule_sets VALUES ($set, $file, $hash, $at, $classes, $overrides)";
                    command.Parameters.Add(new DuckDBParameter("set", set.RuleSet));
                    command.Parameters.Add(new DuckDBParameter("file", set.FileName));
                    command.Parameters.Add(new DuckDBParameter("hash", set.ContentSha256));
                    command.Parameters.Add(new DuckDBParameter("at", set.ImportedAt));
                    command.Parameters.Add(new DuckDBParameter("classes", set.Classes));
                    command.Parameters.Add(new DuckDBParameter("overrides", set.Overrides));
                    command.ExecuteNonQuery();
                }

                if (classesPath is not null)
                {
                    using DuckDBAppender appender = connection.CreateAppender("repair_area_classes");
                    for (int i = 0; i < rules.Classes.Count; i++)
                    {
                        AreaClassRule c = rules.Classes[i];
                        appender.CreateRow().AppendValue(set.RuleSet).AppendValue(i).AppendValue(c.AreaClass).AppendValue(c.ArrivalCommitmentMinutes)
                            .AppendValue(c.MinimumLoadDensityMwPerKm2).AppendValue(c.SpeedKmPerHour).EndRow();
                    }
                }

                using (DuckDBAppender appender = connection.CreateAppender("repair_area_overrides"))
                {
                    int line = 0;
                    foreach (KeyValuePair<string, string> o in rules.Overrides)
                    {
                        appender.CreateRow().AppendValue(set.RuleSet).AppendValue(line++).AppendValue(o.Key).AppendValue(o.Value).EndRow();
                    }
                }

                return new RepairRulesOutcome(ImportStatus.Created, set, diagnostics);
            });
    }

    /// <summary>The current rule set, or null when none was stored.</summary>
    public RepairRuleSet? CurrentRules()
    {
        using DuckDBConnection connection = store.Open();
        return CurrentRuleSet(connection);
    }

    /// <summary>The current rule set and its rules; (null, the defaults) when none was stored.</summary>
    public (RepairRuleSet? RuleSet, AreaClassRules Rules) Rules()
    {
        using DuckDBConnection connection = store.Open();
        if (CurrentRuleSet(connection) is not RepairRuleSet set)
        {
            return (null, AreaClassRules.Default);
        }

        var classes = new List<AreaClassRule>();
        using (DuckDBCommand command = SelectRuleSet(connection, "SELECT area_class, arrival_commitment_minutes, minimum_load_density_mw_per_km2, speed_km_per_hour FROM repair_area_classes WHERE rule_set = $s ORDER BY line", set.RuleSet))
        using (DbDataReader r = command.ExecuteReader())
        {
            while (r.Read())
            {
                classes.Add(new AreaClassRule(r.GetString(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3)));
            }
        }

        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        using (DuckDBCommand command = SelectRuleSet(connection, "SELECT area_id, area_class FROM repair_area_overrides WHERE rule_set = $s ORDER BY line", set.RuleSet))
        using (DbDataReader r = command.ExecuteReader())
        {
            while (r.Read())
            {
                overrides.Add(r.GetString(0), r.GetString(1));
            }
        }

        AreaClassRules rules = classes.Count > 0 ? AreaClassRules.WithClasses(classes) : AreaClassRules.Default;
        return (set, rules with { Overrides = overrides });
    }

    /// <summary>The current (newest) batch, or null when none was imported.</summary>
    public RepairBatch? Current()
    {
        using DuckDBConnection connection = store.Open();
        return CurrentBatch(connection);
    }

    /// <summary>The orders and crews of the current batch, or null when none was imported.</summary>
    public StoredRepairs? Load()
    {
        using DuckDBConnection connection = store.Open();
        if (CurrentBatch(connection) is not RepairBatch batch)
        {
            return null;
        }

        var crews = new List<Crew>();
        using (DuckDBCommand command = Select(connection, "SELECT line, crew_id, base_id, bus_id, x, y, shift_start, shift_end, size FROM repair_crews WHERE batch = $b ORDER BY line", batch.Batch))
        using (DbDataReader r = command.ExecuteReader())
        {
            while (r.Read())
            {
                crews.Add(new Crew(r.GetString(1), r.GetString(2), r.GetDouble(4), r.GetDouble(5), Shift(r.GetString(6)), Shift(r.GetString(7)), r.GetInt32(8))
                {
                    BusId = r.IsDBNull(3) ? string.Empty : r.GetString(3),
                    Source = new SourceLocation("crews.csv", r.GetInt32(0)),
                });
            }
        }

        var orders = new List<WorkOrder>();
        using (DuckDBCommand command = Select(connection, "SELECT line, order_id, call_time_utc, utc_offset_minutes, location_id, x, y, category, dispatch_time_utc, crew_id, arrival_time_utc, fault_found, restoration_time_utc, outage_event_id, area_class FROM repair_work_orders WHERE batch = $b ORDER BY line", batch.Batch))
        using (DbDataReader r = command.ExecuteReader())
        {
            while (r.Read())
            {
                var offset = TimeSpan.FromMinutes(r.GetInt32(3));
                DateTimeOffset? At(int i) => r.IsDBNull(i) ? null : Time(r.GetDateTime(i), offset);
                string Text(int i) => r.IsDBNull(i) ? string.Empty : r.GetString(i);
                orders.Add(new WorkOrder(r.GetString(1), Time(r.GetDateTime(2), offset), r.GetString(7))
                {
                    LocationId = Text(4),
                    X = r.IsDBNull(5) ? null : r.GetDouble(5),
                    Y = r.IsDBNull(6) ? null : r.GetDouble(6),
                    DispatchTime = At(8),
                    CrewId = Text(9),
                    ArrivalTime = At(10),
                    FaultFound = Text(11),
                    RestorationTime = At(12),
                    OutageEventId = Text(13),
                    AreaClass = Text(14),
                    Source = new SourceLocation("work_orders.csv", r.GetInt32(0)),
                });
            }
        }

        return new StoredRepairs(batch, orders, crews);
    }

    private static (string Names, string Hash) Hash(string[] paths)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var names = new List<string>();
        for (int i = 0; i < paths.Length; i++)
        {
            byte[] content = File.ReadAllBytes(paths[i]);
            string name = Path.GetFileName(paths[i]);
            names.Add(name);
            sha.AppendData(Encoding.UTF8.GetBytes($"{i}\0{name}\0{content.Length}\0"));
            sha.AppendData(content);
        }

        return (string.Join(", ", names), Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    private static TimeOnly Shift(string text) => TimeOnly.ParseExact(text, "HH:mm", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(DateTime utc, TimeSpan offset) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(offset);

    private static DuckDBCommand Select(DuckDBConnection connection, string sql, int batch)
    {
        DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new DuckDBParameter("b", batch));
        return command;
    }

    private static DuckDBCommand SelectRuleSet(DuckDBConnection connection, string sql, int ruleSet)
    {
        DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new DuckDBParameter("s", ruleSet));
        return command;
    }

    private static RepairRuleSet? CurrentRuleSet(DuckDBConnection connection)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT rule_set, file_name, content_sha256, imported_at, classes, overrides FROM repair_rule_sets ORDER BY rule_set DESC LIMIT 1";
        using DbDataReader r = command.ExecuteReader();
        return r.Read()
            ? new RepairRuleSet(r.GetInt32(0), r.GetString(1), r.GetString(2), DateTime.SpecifyKind(r.GetDateTime(3), DateTimeKind.Utc), r.GetInt32(4), r.GetInt32(5))
            : null;
    }

    private static RepairBatch? CurrentBatch(DuckDBConnection connection)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT batch, file_name, content_sha256, imported_at, orders, crews, network_version FROM repair_batches ORDER BY batch DESC LIMIT 1";
        using DbDataReader r = command.ExecuteReader();
        return r.Read()
            ? new RepairBatch(r.GetInt32(0), r.GetString(1), r.GetString(2), DateTime.SpecifyKind(r.GetDateTime(3), DateTimeKind.Utc), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6))
            : null;
    }

    private static void InsertBatch(DuckDBConnection connection, RepairBatch b)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "INSERT INTO repair_batches VALUES ($batch, $file, $hash, $at, $orders, $crews, $version)";
        command.Parameters.Add(new DuckDBParameter("batch", b.Batch));
        command.Parameters.Add(new DuckDBParameter("file", b.FileName));
        command.Parameters.Add(new DuckDBParameter("hash", b.ContentSha256));
        command.Parameters.Add(new DuckDBParameter("at", b.ImportedAt));
        command.Parameters.Add(new DuckDBParameter("orders", b.Orders));
        command.Parameters.Add(new DuckDBParameter("crews", b.Crews));
        command.Parameters.Add(new DuckDBParameter("version", b.NetworkVersion));
        command.ExecuteNonQuery();
    }

    private static void AppendCrews(DuckDBConnection connection, int batch, IReadOnlyList<Crew> crews)
    {
        using DuckDBAppender appender = connection.CreateAppender("repair_crews");
        foreach (Crew c in crews)
        {
            appender.CreateRow().AppendValue(batch).AppendValue(c.Source.Line).AppendValue(c.CrewId).AppendValue(c.BaseId)
                .AppendValue(c.BusId.Length == 0 ? null : c.BusId).AppendValue(c.X).AppendValue(c.Y)
                .AppendValue(c.ShiftStart.ToString("HH:mm", CultureInfo.InvariantCulture)).AppendValue(c.ShiftEnd.ToString("HH:mm", CultureInfo.InvariantCulture))
                .AppendValue(c.Size).EndRow();
        }
    }

    private static void AppendOrders(DuckDBConnection connection, int batch, IReadOnlyList<WorkOrder> orders)
    {
        using DuckDBAppender appender = connection.CreateAppender("repair_work_orders");
        foreach (WorkOrder o in orders)
        {
            static string? Text(string s) => s.Length == 0 ? null : s;
            appender.CreateRow().AppendValue(batch).AppendValue(o.Source.Line).AppendValue(o.OrderId).AppendValue(o.CallTime.UtcDateTime)
                .AppendValue((int)o.CallTime.Offset.TotalMinutes).AppendValue(Text(o.LocationId)).AppendValue(o.X).AppendValue(o.Y).AppendValue(o.Category)
                .AppendValue(o.DispatchTime?.UtcDateTime).AppendValue(Text(o.CrewId)).AppendValue(o.ArrivalTime?.UtcDateTime).AppendValue(Text(o.FaultFound))
                .AppendValue(o.RestorationTime?.UtcDateTime).AppendValue(Text(o.OutageEventId)).AppendValue(Text(o.AreaClass)).EndRow();
        }
    }
}
