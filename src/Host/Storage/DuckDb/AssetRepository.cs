using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using DuckDB.NET.Data;
using Lumen.Reliability;
using Lumen.Reliability.Aging;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Host.Storage.DuckDb;

/// <summary>One stored revision of the asset register (an import batch).</summary>
/// <param name="Revision">Revision number, 1, 2, … in import order; older revisions are kept.</param>
/// <param name="FileName">Name of the imported file.</param>
/// <param name="ContentSha256">SHA-256 of the file's bytes (detects re-imports).</param>
/// <param name="ImportedAt">When it was imported (UTC).</param>
/// <param name="Rows">Assets (data rows).</param>
/// <param name="ConditionObservations">Non-empty condition cells.</param>
/// <param name="Failures">Recorded failures.</param>
internal sealed record AssetRegisterRevision(int Revision, string FileName, string ContentSha256, DateTime ImportedAt, int Rows, int ConditionObservations, int Failures);

/// <summary>What an asset-register import did (<see cref="ImportStatus.Unchanged"/>: the file equals the current revision).</summary>
internal sealed record AssetImportOutcome(ImportStatus Status, AssetRegisterRevision? Revision, IReadOnlyList<Diagnostic> Diagnostics, AssetRegister? Register);

/// <summary>
/// The asset register in the DuckDB store, as the register CSV has it (docs/assets.md): one row per asset with its
/// attributes, its condition observations (column → value as written) and its failures, all tied to an import batch
/// (revision). A new file becomes a new revision and the current register; older revisions are kept.
/// </summary>
/// <remarks>
/// The stored rows are the source of truth: <see cref="Load"/> writes them back as a register CSV and reads it through
/// <see cref="AssetRegisterReader"/>, so the service validates the stored register exactly as it validated the upload.
/// Thread-safe; imports are serialised.
/// </remarks>
internal sealed class AssetRepository(DuckDbStore store, TimeProvider timeProvider)
{
    /// <summary>Schema of the asset register tables (idempotent).</summary>
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS asset_register_revisions(revision INTEGER PRIMARY KEY, file_name VARCHAR NOT NULL,
            content_sha256 VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL, row_count INTEGER NOT NULL,
            condition_observations INTEGER NOT NULL, failures INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS assets(revision INTEGER NOT NULL, line INTEGER NOT NULL, asset_id VARCHAR NOT NULL,
            class VARCHAR NOT NULL, install_year INTEGER NOT NULL, component_id VARCHAR, cnaim_category VARCHAR, manufacturer VARCHAR,
            type VARCHAR, rating DOUBLE, length_km DOUBLE, sub_division VARCHAR, placement VARCHAR, altitude_m DOUBLE,
            distance_from_coast_km DOUBLE, corrosion_index DOUBLE, utilisation_pct DOUBLE, operating_voltage_pct DOUBLE,
            reliability_factor DOUBLE, inspection_year INTEGER);
        CREATE TABLE IF NOT EXISTS asset_conditions(revision INTEGER NOT NULL, asset_id VARCHAR NOT NULL, field VARCHAR NOT NULL, value VARCHAR NOT NULL);
        CREATE TABLE IF NOT EXISTS asset_failures(revision INTEGER NOT NULL, asset_id VARCHAR NOT NULL, failure_date DATE NOT NULL, mode VARCHAR NOT NULL);
        """;

    // Attribute columns of the register (text ones, then numeric ones) in table order after install_year.
    private static readonly string[] s_textColumns = ["component_id", "cnaim_category", "manufacturer", "type"];
    private static readonly string[] s_numberColumns = ["rating", "length_km"];
    private static readonly string[] s_placeColumns = ["sub_division", "placement"];
    private static readonly CsvWriterOptions s_registerCsv = PlainCsv.Writer with { NewLine = "\n" };
    private static readonly string[] s_siteColumns = ["altitude_m", "distance_from_coast_km", "corrosion_index", "utilisation_pct", "operating_voltage_pct", "reliability_factor"];

    // Every other register column except failures is a condition observation, stored as column → value.
    private static readonly HashSet<string> s_attributeColumns =
        ["asset_id", "class", "install_year", .. s_textColumns, .. s_numberColumns, .. s_placeColumns, .. s_siteColumns, "inspection_year", "failures"];

    private readonly VersionedBatches _revisions = new(store, "asset_register_revisions", "revision");

    /// <summary>
    /// Validates the register at <paramref name="path"/> (every error with file, line and field) and, when
    /// <paramref name="network"/> is given, that every asset sits on one of its branches or devices; then stores it as a
    /// new revision in one transaction, unless it equals the current revision.
    /// </summary>
    /// <param name="path">The register CSV.</param>
    /// <param name="network">The current network, or null to skip the placement check.</param>
    /// <param name="fileName">Name recorded with the revision and used in diagnostics (default: the file's name).</param>
    public AssetImportOutcome Import(string path, Net? network, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string name = fileName ?? Path.GetFileName(path);
        AssetRegisterResult read = AssetRegisterReader.Read(path);
        if (read.Register is not AssetRegister register)
        {
            return new AssetImportOutcome(ImportStatus.Invalid, null, Rename(read.Diagnostics, name), null);
        }

        if (network is not null && Placement(register, network, name) is { Count: > 0 } misplaced)
        {
            return new AssetImportOutcome(ImportStatus.Invalid, null, misplaced, null);
        }

        byte[] content = File.ReadAllBytes(path);
        string hash = Convert.ToHexStringLower(SHA256.HashData(content));
        List<RawRow> rows = RawRows(content);

        return _revisions.Store(
            connection => Latest(connection) is { } current && current.ContentSha256 == hash ? new AssetImportOutcome(ImportStatus.Unchanged, current, [], register) : null,
            (connection, revision) =>
            {
                int observations = 0;
                foreach (RawRow row in rows)
                {
                    observations += row.Conditions.Count;
                }

                var info = new AssetRegisterRevision(revision, name, hash, timeProvider.GetUtcNow().UtcDateTime, register.Count, observations, TotalFailures(register));
                InsertRevision(connection, info);
                AppendRows(connection, revision, register, rows);
                return new AssetImportOutcome(ImportStatus.Created, info, [], register);
            });
    }

    /// <summary>The current (newest) revision, or null when no register was imported.</summary>
    public AssetRegisterRevision? Latest()
    {
        using DuckDBConnection connection = store.Open();
        return Latest(connection);
    }

    /// <summary>Every revision, oldest first.</summary>
    public IReadOnlyList<AssetRegisterRevision> List()
    {
        using DuckDBConnection connection = store.Open();
        return Query(connection, "SELECT * FROM asset_register_revisions ORDER BY revision", null);
    }

    /// <summary>Rebuilds the register of <paramref name="revision"/> from its stored rows, through the register reader.</summary>
    public AssetRegisterResult Load(AssetRegisterRevision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        string file = store.Temp.NewFilePath("assets", ".csv");
        try
        {
            using (DuckDBConnection connection = store.Open())
            using (var writer = new StreamWriter(PrivateTemp.Create(file), new UTF8Encoding(false)))
            {
                WriteStoredCsv(connection, revision.Revision, writer);
            }

            AssetRegisterResult result = AssetRegisterReader.Read(file);
            return result with { Diagnostics = Rename(result.Diagnostics, revision.FileName) };
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Number of asset rows stored for <paramref name="revision"/>.</summary>
    public long CountAssets(int revision)
    {
        using DuckDBConnection connection = store.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM assets WHERE revision = $r";
        command.Parameters.Add(new DuckDBParameter("r", revision));
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Placement errors of the register on <paramref name="network"/>, located at the register's own file and line.</summary>
    internal static IReadOnlyList<Diagnostic> Placement(AssetRegister register, Net network, string fileName)
    {
        IReadOnlyList<Diagnostic> errors = AssetRiskAnalysis.PlacementErrors(register, network);
        return errors.Count > 0 ? Rename(errors, fileName) : [];
    }

    private static IReadOnlyList<Diagnostic> Rename(IReadOnlyList<Diagnostic> diagnostics, string fileName) =>
        diagnostics.Select(d => d with { Location = d.Location with { File = fileName } }).ToArray();

    private static int TotalFailures(AssetRegister register)
    {
        int failures = 0;
        for (int i = 0; i < register.Count; i++)
        {
            failures += register.FailuresOf(i).Length;
        }

        return failures;
    }

    /// <summary>One register row's cells as written (trimmed, empty cells left out), with its line.</summary>
    private sealed record RawRow(int Line, Dictionary<string, string> Attributes, List<(string Field, string Value)> Conditions);

    // The reader has accepted the file, so the header is known and every row has as many fields as the header.
    private static List<RawRow> RawRows(byte[] content)
    {
        using CsvReader parser = CsvReader.Create(content, PlainCsv.Lenient);
        parser.Read();
        string[] header = parser.Current.ToArray().Select(h => h.Trim()).ToArray();
        var rows = new List<RawRow>();
        while (parser.Read())
        {
            string[] record = parser.Current.ToArray();
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            var conditions = new List<(string, string)>();
            for (int c = 0; c < header.Length; c++)
            {
                string value = record[c].Trim();
                if (value.Length == 0)
                {
                    continue;
                }

                if (s_attributeColumns.Contains(header[c]))
                {
                    attributes[header[c]] = value;
                }
                else
                {
                    conditions.Add((header[c], value));
                }
            }

            rows.Add(new RawRow((int)parser.LineNumber, attributes, conditions));
        }

        return rows;
    }

    private static void AppendRows(DuckDBConnection connection, int revision, AssetRegister register, List<RawRow> rows)
    {
        using (DuckDBAppender appender = connection.CreateAppender("assets"))
        {
            for (int i = 0; i < rows.Count; i++)
            {
                RawRow row = rows[i];
                var r = appender.CreateRow().AppendValue(revision).AppendValue(row.Line).AppendValue(register.Ids[i])
                    .AppendValue(row.Attributes["class"]).AppendValue(register.InstallYears[i]);
                foreach (string column in s_textColumns)
                {
                    r.AppendValue(row.Attributes.GetValueOrDefault(column));
                }

                foreach (string column in s_numberColumns)
                {
                    r.AppendValue(Number(row, column));
                }

                foreach (string column in s_placeColumns)
                {
                    r.AppendValue(row.Attributes.GetValueOrDefault(column));
                }

                foreach (string column in s_siteColumns)
                {
                    r.AppendValue(Number(row, column));
                }

                int inspection = register.Records[i].InspectionYear;
                r.AppendValue(inspection == 0 ? null : inspection).EndRow();
            }
        }

        using (DuckDBAppender appender = connection.CreateAppender("asset_conditions"))
        {
            for (int i = 0; i < rows.Count; i++)
            {
                foreach ((string field, string value) in rows[i].Conditions)
                {
                    appender.CreateRow().AppendValue(revision).AppendValue(register.Ids[i]).AppendValue(field).AppendValue(value).EndRow();
                }
            }
        }

        using (DuckDBAppender appender = connection.CreateAppender("asset_failures"))
        {
            for (int i = 0; i < register.Count; i++)
            {
                foreach (AssetFailure f in register.Records[i].Failures)
                {
                    appender.CreateRow().AppendValue(revision).AppendValue(register.Ids[i]).AppendValue(f.Date).AppendValue(f.Mode).EndRow();
                }
            }
        }
    }

    private static double? Number(RawRow row, string column) =>
        row.Attributes.TryGetValue(column, out string? text) ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    // The stored rows as a register CSV: attribute columns, every condition column the revision uses, failures. Written
    // through CsvHelper as the reader reads it back: cells verbatim (no spreadsheet guard, which would change them).
    private static void WriteStoredCsv(DuckDBConnection connection, int revision, TextWriter writer)
    {
        var conditions = new Dictionary<string, List<(string Field, string Value)>>(StringComparer.Ordinal);
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        using (DuckDBCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT asset_id, field, value FROM asset_conditions WHERE revision = $r";
            command.Parameters.Add(new DuckDBParameter("r", revision));
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                string field = reader.GetString(1);
                fields.Add(field);
                string id = reader.GetString(0);
                if (!conditions.TryGetValue(id, out List<(string, string)>? list))
                {
                    conditions[id] = list = [];
                }

                list.Add((field, reader.GetString(2)));
            }
        }

        var failures = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        using (DuckDBCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT asset_id, failure_date, mode FROM asset_failures WHERE revision = $r ORDER BY asset_id, failure_date";
            command.Parameters.Add(new DuckDBParameter("r", revision));
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                string id = reader.GetString(0);
                if (!failures.TryGetValue(id, out StringBuilder? text))
                {
                    failures[id] = text = new StringBuilder();
                }

                DateOnly date = DateOnly.FromDateTime(reader.GetDateTime(1));
                text.Append(text.Length == 0 ? string.Empty : ";").Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                string mode = reader.GetString(2);
                if (mode.Length > 0)
                {
                    text.Append(':').Append(mode);
                }
            }
        }

        string[] attributes = ["asset_id", "class", "install_year", .. s_textColumns, .. s_numberColumns, .. s_placeColumns, .. s_siteColumns, "inspection_year"];
        string[] conditionFields = [.. fields];
        using CsvWriter csv = CsvWriter.Create(writer, s_registerCsv, leaveOpen: true);
        foreach (string name in (string[])[.. attributes, .. conditionFields, "failures"])
        {
            csv.WriteField(name);
        }

        csv.EndRecord();
        var fieldIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int f = 0; f < conditionFields.Length; f++)
        {
            fieldIndex[conditionFields[f]] = f;
        }

        var cells = new string[conditionFields.Length];
        using DuckDBCommand select = connection.CreateCommand();
        select.CommandText = "SELECT * EXCLUDE (revision, line) FROM assets WHERE revision = $r ORDER BY line";
        select.Parameters.Add(new DuckDBParameter("r", revision));
        using DbDataReader rows = select.ExecuteReader();
        while (rows.Read())
        {
            for (int c = 0; c < attributes.Length; c++)
            {
                csv.WriteField(rows.IsDBNull(c) ? string.Empty : Cell(rows.GetValue(c)));
            }

            string id = rows.GetString(0);
            Array.Fill(cells, string.Empty);
            foreach ((string field, string value) in conditions.GetValueOrDefault(id) ?? [])
            {
                cells[fieldIndex[field]] = value;
            }

            foreach (string cell in cells)
            {
                csv.WriteField(cell);
            }

            csv.WriteField(failures.GetValueOrDefault(id)?.ToString() ?? string.Empty);
            csv.EndRecord();
        }
    }

    private static string Cell(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static AssetRegisterRevision? Latest(DuckDBConnection connection)
    {
        IReadOnlyList<AssetRegisterRevision> rows = Query(connection, "SELECT * FROM asset_register_revisions ORDER BY revision DESC LIMIT 1", null);
        return rows.Count == 0 ? null : rows[0];
    }

    private static void InsertRevision(DuckDBConnection connection, AssetRegisterRevision info)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "INSERT INTO asset_register_revisions VALUES ($revision, $file, $hash, $at, $rows, $observations, $failures)";
        command.Parameters.Add(new DuckDBParameter("revision", info.Revision));
        command.Parameters.Add(new DuckDBParameter("file", info.FileName));
        command.Parameters.Add(new DuckDBParameter("hash", info.ContentSha256));
        command.Parameters.Add(new DuckDBParameter("at", info.ImportedAt));
        command.Parameters.Add(new DuckDBParameter("rows", info.Rows));
        command.Parameters.Add(new DuckDBParameter("observations", info.ConditionObservations));
        command.Parameters.Add(new DuckDBParameter("failures", info.Failures));
        command.ExecuteNonQuery();
    }

    private static List<AssetRegisterRevision> Query(DuckDBConnection connection, string sql, object? parameter)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
        {
            command.Parameters.Add(new DuckDBParameter("v", parameter));
        }

        using DbDataReader reader = command.ExecuteReader();
        var rows = new List<AssetRegisterRevision>();
        while (reader.Read())
        {
            rows.Add(new AssetRegisterRevision(
                reader.GetInt32(reader.GetOrdinal("revision")),
                reader.GetString(reader.GetOrdinal("file_name")),
                reader.GetString(reader.GetOrdinal("content_sha256")),
                DateTime.SpecifyKind(reader.GetDateTime(reader.GetOrdinal("imported_at")), DateTimeKind.Utc),
                reader.GetInt32(reader.GetOrdinal("row_count")),
                reader.GetInt32(reader.GetOrdinal("condition_observations")),
                reader.GetInt32(reader.GetOrdinal("failures"))));
        }

        return rows;
    }
}
