using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Tracing;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Host.Storage.DuckDb;

/// <summary>One stored network version.</summary>
/// <param name="Version">Version number, 1, 2, … in import order; never reused or overwritten.</param>
/// <param name="Name">Name given at import.</param>
/// <param name="ContentSha256">SHA-256 of the imported files and study case (detects re-imports).</param>
/// <param name="CaseId">Study case selected at import, or null.</param>
/// <param name="ImportedAt">When it was imported (UTC).</param>
/// <param name="Buses">Bus count.</param>
/// <param name="Branches">Branch count.</param>
/// <param name="Devices">Device count.</param>
/// <param name="LoadPoints">Load point count.</param>
/// <param name="Customers">Customers served.</param>
/// <param name="Feeders">Feeder count.</param>
internal sealed record NetworkVersionInfo(
    int Version, string Name, string ContentSha256, string? CaseId, DateTime ImportedAt,
    int Buses, int Branches, int Devices, int LoadPoints, long Customers, int Feeders);

/// <summary>One change of the current network version (row of <c>network_current_changes</c>).</summary>
/// <param name="Change">Sequence number.</param>
/// <param name="NetworkVersion">The version made current.</param>
/// <param name="ChangedAt">When (UTC).</param>
/// <param name="Reason">"import", or why it was made current again (e.g. "api", "cli").</param>
internal sealed record CurrentVersionChange(int Change, int NetworkVersion, DateTime ChangedAt, string Reason);

/// <summary>What an import did.</summary>
internal enum ImportStatus
{
    /// <summary>A new version was stored.</summary>
    Created,

    /// <summary>The same content was already stored: nothing was written, the existing version is returned.</summary>
    Unchanged,

    /// <summary>The input has errors: nothing was written.</summary>
    Invalid,
}

/// <summary>The outcome of <see cref="NetworkRepository.Import"/>.</summary>
internal sealed record ImportOutcome(ImportStatus Status, NetworkVersionInfo? Version, IReadOnlyList<Diagnostic> Diagnostics, Net? Network, StudyCase Case);

/// <summary>
/// Versioned networks in the DuckDB store. An import validates the input with the same importer the CLI uses, then
/// writes the files and the element tables in one transaction: a version is either complete or absent. After the
/// commit, the network's binary image (<see cref="NetworkImage"/>) is written to a file beside the database,
/// <c>&lt;data&gt;/network-images/</c>, which loading reads in one bulk read. The files in the database are the record:
/// an image that is missing, damaged or of an older format is rebuilt from them at the next load.
/// </summary>
/// <remarks>
/// Thread-safe; imports are serialised. An image is written to a private temporary file, flushed to disk, then renamed
/// over its final name, so a crash while writing leaves the previous image (and every other version's) whole. Its name
/// holds the version and the start of its content hash, so an image never stands for other content under a reused number.
/// </remarks>
internal sealed class NetworkRepository(DuckDbStore store, TimeProvider timeProvider)
{
    private readonly VersionedBatches _versions = new(store, "network_versions", "version");

    /// <summary>Test hook: called with a stage name inside the import transaction ("files", "elements"), after it ("commit"), and while an image is written ("image").</summary>
    internal Action<string>? FaultInjection { get; set; }

    /// <summary>Validates and stores the network at <paramref name="path"/> (a folder, or a file with its sibling files) as a new version.</summary>
    /// <param name="path">Folder or entry file.</param>
    /// <param name="name">Name recorded with the version.</param>
    /// <param name="caseId">Study case, or null.</param>
    /// <param name="progress">Receives stage names; may be null.</param>
    public ImportOutcome Import(string path, string name, string? caseId, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        progress?.Invoke("validate");
        NetworkImportResult imported = NetworkImporter.Import(path, caseId);
        if (imported.Network is not Net network)
        {
            return new ImportOutcome(ImportStatus.Invalid, null, imported.Diagnostics, null, imported.Case);
        }

        (string folder, string entry) = Directory.Exists(path) ? (path, string.Empty) : (Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileName(path));
        List<(string Name, byte[] Content)> files = ReadFiles(folder);
        string hash = Hash(files, entry, caseId);

        ImportOutcome outcome = _versions.Store(
            connection => FindByHash(connection, hash) is { } existing ? new ImportOutcome(ImportStatus.Unchanged, existing, imported.Diagnostics, network, imported.Case) : null,
            (connection, version) =>
            {
                progress?.Invoke("store");
                DateTime now = timeProvider.GetUtcNow().UtcDateTime;
                NetworkSummary summary = NetworkSummary.Of(network);
                var info = new NetworkVersionInfo(version, name, hash, caseId, now, network.NodeCount, network.EdgeCount,
                    network.DeviceCount, network.LoadPointCount, network.TotalCustomers, summary.Feeders);
                InsertVersion(connection, info, entry);
                InsertCurrentChange(connection, version, now, "import");
                InsertFiles(connection, version, files);
                progress?.Invoke("files-written");
                FaultInjection?.Invoke("files");
                AppendElements(connection, version, network);
                progress?.Invoke("elements-written");
                FaultInjection?.Invoke("elements");
                return new ImportOutcome(ImportStatus.Created, info, imported.Diagnostics, network, imported.Case);
            });
        if (outcome.Status == ImportStatus.Created)
        {
            progress?.Invoke("committed");
            FaultInjection?.Invoke("commit");
            TryWriteImage(outcome.Version!, new NetworkImage(network, imported.Case));
        }

        return outcome;
    }

    /// <summary>Every version, oldest first.</summary>
    public IReadOnlyList<NetworkVersionInfo> List()
    {
        using DuckDBConnection connection = store.Open();
        return Query(connection, "SELECT * FROM network_versions ORDER BY version", null);
    }

    /// <summary>One version, or null.</summary>
    public NetworkVersionInfo? Find(int version)
    {
        using DuckDBConnection connection = store.Open();
        IReadOnlyList<NetworkVersionInfo> rows = Query(connection, "SELECT * FROM network_versions WHERE version = $v", version);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// The current version (the one the service computes on): the last one made current, by an import or by
    /// <see cref="MakeCurrent"/>; the newest in a store written before current versions were recorded; null when empty.
    /// </summary>
    public NetworkVersionInfo? Latest()
    {
        using DuckDBConnection connection = store.Open();
        return Current(connection);
    }

    /// <summary>
    /// Makes a stored version current again (a way back from a bad import), recorded as a new row of
    /// <c>network_current_changes</c> with <paramref name="reason"/>; nothing is recorded when it is current already.
    /// </summary>
    /// <returns>The version and whether the current version changed; null when there is no such version.</returns>
    public (NetworkVersionInfo Version, bool Changed)? MakeCurrent(int version, string reason)
    {
        _versions.Gate.Wait();
        try
        {
            using DuckDBConnection connection = store.OpenForWriting();
            IReadOnlyList<NetworkVersionInfo> rows = Query(connection, "SELECT * FROM network_versions WHERE version = $v", version);
            if (rows.Count == 0)
            {
                return null;
            }

            if (Current(connection)?.Version == version)
            {
                return (rows[0], false);
            }

            using DbTransaction transaction = connection.BeginTransaction();
            InsertCurrentChange(connection, version, timeProvider.GetUtcNow().UtcDateTime, reason);
            store.Commit(transaction);
            return (rows[0], true);
        }
        finally
        {
            _versions.Gate.Release();
        }
    }

    /// <summary>Every change of the current version, oldest first (the audit of imports and <see cref="MakeCurrent"/>).</summary>
    public IReadOnlyList<CurrentVersionChange> CurrentChanges()
    {
        using DuckDBConnection connection = store.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT change, network_version, changed_at, reason FROM network_current_changes ORDER BY change";
        using DbDataReader reader = command.ExecuteReader();
        var changes = new List<CurrentVersionChange>();
        while (reader.Read())
        {
            changes.Add(new CurrentVersionChange(reader.GetInt32(0), reader.GetInt32(1), DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc), reader.GetString(3)));
        }

        return changes;
    }

    private static NetworkVersionInfo? Current(DuckDBConnection connection)
    {
        IReadOnlyList<NetworkVersionInfo> rows = Query(connection, """
            SELECT * FROM network_versions WHERE version = coalesce(
                (SELECT network_version FROM network_current_changes ORDER BY change DESC LIMIT 1), (SELECT max(version) FROM network_versions))
            """, null);
        return rows.Count == 0 ? null : rows[0];
    }

    private static void InsertCurrentChange(DuckDBConnection connection, int version, DateTime at, string reason)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "INSERT INTO network_current_changes SELECT coalesce(max(change), 0) + 1, $version, $at, $reason FROM network_current_changes";
        command.Parameters.Add(new DuckDBParameter("version", version));
        command.Parameters.Add(new DuckDBParameter("at", at));
        command.Parameters.Add(new DuckDBParameter("reason", reason));
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The network of a stored version: from its image file when there is a readable one, otherwise rebuilt from its
    /// files (through the importer, so it is validated again), after which the image is written for the next load.
    /// </summary>
    public NetworkImportResult Load(NetworkVersionInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (ReadImage(info) is NetworkImage image)
        {
            return new NetworkImportResult(image.Network, image.Case, [], image.Network);
        }

        NetworkImportResult loaded = LoadFiles(info);
        if (loaded.Network is Net network)
        {
            TryWriteImage(info, new NetworkImage(network, loaded.Case));
        }

        return loaded;
    }

    /// <summary>The image file of a version: <c>&lt;data&gt;/network-images/&lt;version&gt;-&lt;content hash prefix&gt;.lumennet</c>.</summary>
    internal string ImagePath(NetworkVersionInfo info) =>
        Path.Combine(Path.GetDirectoryName(store.DatabasePath)!, "network-images", $"{info.Version}-{info.ContentSha256[..16]}.lumennet");

    /// <summary>The image of <paramref name="info"/>; null when there is none (stores from before image files) or it is unreadable.</summary>
    private NetworkImage? ReadImage(NetworkVersionInfo info)
    {
        try
        {
            // One bulk read into the image's buffer: no stream buffer in between.
            using var file = new FileStream(ImagePath(info), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            return NetworkImage.Read(file);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes the image of a stored version atomically (private temporary file, flushed, renamed over the final name).
    /// An image that cannot be written is only a slower next load, never a failed import: the files are the record.
    /// </summary>
    private void TryWriteImage(NetworkVersionInfo info, NetworkImage image)
    {
        string temp = store.Temp.NewFilePath("image", ".lumennet");
        try
        {
            using (FileStream file = PrivateTemp.Create(temp))
            {
                image.Write(file);
                file.Flush(flushToDisk: true);
                FaultInjection?.Invoke("image");
            }

            string path = ImagePath(info);
            PrivateTemp.CreatePrivateDirectory(Path.GetDirectoryName(path)!);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
        }
    }

    private NetworkImportResult LoadFiles(NetworkVersionInfo info)
    {
        string folder = store.Temp.NewFolder("load");
        try
        {
            string entry;
            using (DuckDBConnection connection = store.Open())
            {
                using DuckDBCommand command = connection.CreateCommand();
                command.CommandText = "SELECT entry_file FROM network_versions WHERE version = $v";
                command.Parameters.Add(new DuckDBParameter("v", info.Version));
                entry = (string)command.ExecuteScalar()!;
                command.CommandText = "SELECT file_name, content FROM network_files WHERE version = $v";
                using DbDataReader reader = command.ExecuteReader();
                while (reader.Read())
                {
                    string fileName = Path.GetFileName(reader.GetString(0));
                    using Stream content = reader.GetStream(1);
                    using FileStream file = PrivateTemp.Create(Path.Combine(folder, fileName));
                    content.CopyTo(file);
                }
            }

            return NetworkImporter.Import(entry.Length == 0 ? folder : Path.Combine(folder, entry), info.CaseId);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Replaces the stored reliability results of <paramref name="version"/> (one transaction).</summary>
    public void SaveReliability(int version, Net network, StudyCase study, ReliabilityResult result)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(result);
        using DuckDBConnection connection = store.OpenForWriting();
        using DbTransaction transaction = connection.BeginTransaction();
        foreach (string table in (string[])["reliability_system", "reliability_feeders", "reliability_load_points"])
        {
            using DuckDBCommand delete = connection.CreateCommand();
            delete.CommandText = $"DELETE FROM {table} WHERE version = $v";
            delete.Parameters.Add(new DuckDBParameter("v", version));
            delete.ExecuteNonQuery();
        }

        PredictedIndices s = result.System;
        using (DuckDBCommand insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO reliability_system VALUES ($v, $t, $c, $saifi, $saidi, $caidi, $asai, $rs1, $ens, $users)";
            insert.Parameters.Add(new DuckDBParameter("v", version));
            insert.Parameters.Add(new DuckDBParameter("t", timeProvider.GetUtcNow().UtcDateTime));
            insert.Parameters.Add(new DuckDBParameter("c", study.Id));
            insert.Parameters.Add(new DuckDBParameter("saifi", s.Saifi));
            insert.Parameters.Add(new DuckDBParameter("saidi", s.Saidi));
            insert.Parameters.Add(new DuckDBParameter("caidi", s.Caidi));
            insert.Parameters.Add(new DuckDBParameter("asai", s.Asai));
            insert.Parameters.Add(new DuckDBParameter("rs1", s.Rs1));
            insert.Parameters.Add(new DuckDBParameter("ens", s.EnsMwhPerYear));
            insert.Parameters.Add(new DuckDBParameter("users", s.Users));
            insert.ExecuteNonQuery();
        }

        using (DuckDBAppender appender = connection.CreateAppender("reliability_feeders"))
        {
            foreach (FeederReliability f in result.Feeders)
            {
                PredictedIndices i = f.Indices;
                appender.CreateRow().AppendValue(version).AppendValue(f.Name).AppendValue(i.Saifi).AppendValue(i.Saidi)
                    .AppendValue(i.Caidi).AppendValue(i.Asai).AppendValue(i.EnsMwhPerYear).AppendValue(i.Users).EndRow();
            }
        }

        ReadOnlySpan<string> feederNames = network.Normal.FeederNames;
        LoadPointResults lp = result.LoadPoints;
        using (DuckDBAppender appender = connection.CreateAppender("reliability_load_points"))
        {
            for (int l = 0; l < lp.Count; l++)
            {
                int feeder = lp.Feeder[l];
                double lambda = lp.FailureRatePerYear[l];
                appender.CreateRow().AppendValue(version).AppendValue(lp.Ids[l]).AppendValue(feeder >= 0 ? feederNames[feeder] : null)
                    .AppendValue(lp.Users[l]).AppendValue(lambda).AppendValue(lp.AverageOutageHours[l])
                    .AppendValue(lp.UnavailabilityHoursPerYear[l]).AppendValue(lp.EnsMwhPerYear[l]).EndRow();
            }
        }

        store.Commit(transaction);
    }

    /// <summary>True when a voltage prediction is stored for <paramref name="version"/>.</summary>
    public bool HasVoltage(int version) => HasRows("voltage_summary", version);

    /// <summary>Stores the low-voltage prediction of <paramref name="version"/> (one transaction).</summary>
    public void SaveVoltage(int version, LowVoltageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using DuckDBConnection connection = store.OpenForWriting();
        using DbTransaction transaction = connection.BeginTransaction();
        using (DuckDBCommand insert = connection.CreateCommand())
        {
            var flow = report.PowerFlow;
            insert.CommandText = "INSERT INTO voltage_summary VALUES ($v, $p, $c, $i, $l, $m, $b, $lvc, $la, $o)";
            insert.Parameters.Add(new DuckDBParameter("v", version));
            insert.Parameters.Add(new DuckDBParameter("p", "gbt12325"));
            insert.Parameters.Add(new DuckDBParameter("c", flow.Converged));
            insert.Parameters.Add(new DuckDBParameter("i", flow.Iterations));
            insert.Parameters.Add(new DuckDBParameter("l", flow.LossesKw));
            insert.Parameters.Add(new DuckDBParameter("m", flow.MinVoltagePu));
            insert.Parameters.Add(new DuckDBParameter("b", (object?)flow.MinVoltageBus ?? DBNull.Value));
            insert.Parameters.Add(new DuckDBParameter("lvc", report.LowVoltageCustomers));
            insert.Parameters.Add(new DuckDBParameter("la", report.LowAreas.Count));
            insert.Parameters.Add(new DuckDBParameter("o", report.Overloaded.Count));
            insert.ExecuteNonQuery();
        }

        using (DuckDBAppender appender = connection.CreateAppender("voltage_low_areas"))
        {
            // Areas from a power flow that did not converge are meaningless: none is stored then.
            foreach (LowVoltageArea a in report.PowerFlow.Converged ? report.LowAreas : [])
            {
                appender.CreateRow().AppendValue(version).AppendValue(a.LoadPointId).AppendValue(a.BusId).AppendValue(a.Feeder)
                    .AppendValue(a.Customers).AppendValue(a.VoltagePu).AppendValue(a.LimitPu).EndRow();
            }
        }

        store.Commit(transaction);
    }

    /// <summary>True when reliability results are stored for <paramref name="version"/>.</summary>
    public bool HasReliability(int version) => HasRows("reliability_system", version);

    /// <summary>The stored system indices of a version, or null when none were computed on it.</summary>
    public StoredSystemReliability? SystemReliability(int version)
    {
        using DuckDBConnection connection = store.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT computed_at, saifi, saidi, caidi, asai, rs_1, ens_mwh, customers FROM reliability_system WHERE version = $v ORDER BY computed_at DESC LIMIT 1";
        command.Parameters.Add(new DuckDBParameter("v", version));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        // An index that is not defined (NULL, or NaN such as CAIDI without interruptions) is null in the answer.
        double? At(int i) => reader.IsDBNull(i) || !double.IsFinite(reader.GetDouble(i)) ? null : reader.GetDouble(i);
        return new StoredSystemReliability(reader.GetDateTime(0), At(1), At(2), At(3), At(4), At(5), At(6), At(7));
    }

    // table is one of this class's own table names, never input.
    private bool HasRows(string table, int version)
    {
        using DuckDBConnection connection = store.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table} WHERE version = $v";
        command.Parameters.Add(new DuckDBParameter("v", version));
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>
    /// Writes table <paramref name="table"/> (one of <see cref="Schema.Exportable"/>) as CSV, restricted to
    /// <paramref name="version"/> for versioned tables. Returns false for an unknown table.
    /// </summary>
    public async Task<bool> ExportCsvAsync(string table, int version, TextWriter writer, CancellationToken cancellationToken)
    {
        if (!Schema.Exportable.TryGetValue(table, out string? order))
        {
            return false;
        }

        using DuckDBConnection connection = store.Open(out IDisposable read);
        using DuckDBCommand command = connection.CreateCommand();

        // The table name comes from the fixed list above, never from the request; the version is a parameter. Tables
        // without a version column (import batches and series of other areas) are exported whole.
        command.CommandText = !HasVersionColumn(connection, table)
            ? $"SELECT * FROM {table} ORDER BY {order}"
            : $"SELECT * EXCLUDE (version) FROM {table} WHERE version = $v ORDER BY {order}";
        command.Parameters.Add(new DuckDBParameter("v", version));
        using DbDataReader reader = command.ExecuteReader();

        // Every export is sorted: once its first row is out, the table has been read whole into the sort, so commits
        // may go on while the rows stream to a slow client.
        bool more = reader.Read();
        read.Dispose();
        await using var csv = new CsvTableWriter(writer, Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
        var row = new object?[reader.FieldCount];
        while (more)
        {
            for (int c = 0; c < row.Length; c++)
            {
                // Stored times are UTC instants.
                row[c] = reader.IsDBNull(c) ? null : reader.GetValue(c) is DateTime t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : reader.GetValue(c);
            }

            await csv.WriteRowAsync(row);
            cancellationToken.ThrowIfCancellationRequested();
            more = reader.Read();
        }

        return true;
    }

    /// <summary>True when <paramref name="table"/> is per network version (tables of other areas, e.g. series, are not).</summary>
    private static bool HasVersionColumn(DuckDBConnection connection, string table)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM information_schema.columns WHERE table_name = $t AND column_name = 'version'";
        command.Parameters.Add(new DuckDBParameter("t", table));
        return table != "network_versions" && Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static List<(string Name, byte[] Content)> ReadFiles(string folder)
    {
        var files = new List<(string, byte[])>();
        string[] paths = Directory.GetFiles(folder);
        Array.Sort(paths, StringComparer.Ordinal);
        foreach (string path in paths)
        {
            string name = Path.GetFileName(path);
            if (!name.StartsWith('.'))
            {
                files.Add((name, File.ReadAllBytes(path)));
            }
        }

        return files;
    }

    private static string Hash(List<(string Name, byte[] Content)> files, string entry, string? caseId)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"entry={entry}\0case={caseId}\0"));
        foreach ((string name, byte[] content) in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{name}\0{content.Length}\0"));
            sha.AppendData(content);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static NetworkVersionInfo? FindByHash(DuckDBConnection connection, string hash)
    {
        IReadOnlyList<NetworkVersionInfo> rows = Query(connection, "SELECT * FROM network_versions WHERE content_sha256 = $v", hash);
        return rows.Count == 0 ? null : rows[0];
    }

    private static List<NetworkVersionInfo> Query(DuckDBConnection connection, string sql, object? parameter)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
        {
            command.Parameters.Add(new DuckDBParameter("v", parameter));
        }

        using DbDataReader reader = command.ExecuteReader();
        var rows = new List<NetworkVersionInfo>();
        while (reader.Read())
        {
            rows.Add(new NetworkVersionInfo(
                reader.GetInt32(reader.GetOrdinal("version")),
                reader.GetString(reader.GetOrdinal("name")),
                reader.GetString(reader.GetOrdinal("content_sha256")),
                reader.IsDBNull(reader.GetOrdinal("case_id")) ? null : reader.GetString(reader.GetOrdinal("case_id")),
                DateTime.SpecifyKind(reader.GetDateTime(reader.GetOrdinal("imported_at")), DateTimeKind.Utc),
                reader.GetInt32(reader.GetOrdinal("buses")),
                reader.GetInt32(reader.GetOrdinal("branches")),
                reader.GetInt32(reader.GetOrdinal("devices")),
                reader.GetInt32(reader.GetOrdinal("load_points")),
                reader.GetInt64(reader.GetOrdinal("customers")),
                reader.GetInt32(reader.GetOrdinal("feeders"))));
        }

        return rows;
    }

    private static void InsertVersion(DuckDBConnection connection, NetworkVersionInfo info, string entry)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "INSERT INTO network_versions VALUES ($version, $name, $hash, $case, $entry, $at, $buses, $branches, $devices, $lps, $customers, $feeders)";
        command.Parameters.Add(new DuckDBParameter("version", info.Version));
        command.Parameters.Add(new DuckDBParameter("name", info.Name));
        command.Parameters.Add(new DuckDBParameter("hash", info.ContentSha256));
        command.Parameters.Add(new DuckDBParameter("case", (object?)info.CaseId ?? DBNull.Value));
        command.Parameters.Add(new DuckDBParameter("entry", entry));
        command.Parameters.Add(new DuckDBParameter("at", info.ImportedAt));
        command.Parameters.Add(new DuckDBParameter("buses", info.Buses));
        command.Parameters.Add(new DuckDBParameter("branches", info.Branches));
        command.Parameters.Add(new DuckDBParameter("devices", info.Devices));
        command.Parameters.Add(new DuckDBParameter("lps", info.LoadPoints));
        command.Parameters.Add(new DuckDBParameter("customers", info.Customers));
        command.Parameters.Add(new DuckDBParameter("feeders", info.Feeders));
        command.ExecuteNonQuery();
    }

    private static void InsertFiles(DuckDBConnection connection, int version, List<(string Name, byte[] Content)> files)
    {
        foreach ((string name, byte[] content) in files)
        {
            using DuckDBCommand command = connection.CreateCommand();
            command.CommandText = "INSERT INTO network_files VALUES ($v, $name, $content)";
            command.Parameters.Add(new DuckDBParameter("v", version));
            command.Parameters.Add(new DuckDBParameter("name", name));
            command.Parameters.Add(new DuckDBParameter("content", content));
            command.ExecuteNonQuery();
        }
    }

    private static void AppendElements(DuckDBConnection connection, int version, Net network)
    {
        RadialTrace trace = network.Normal;
        ReadOnlySpan<string> feederNames = trace.FeederNames;
        ReadOnlySpan<int> feederOf = trace.FeederOf;
        ReadOnlySpan<int> feederOfEdge = trace.FeederOfEdge;
        ReadOnlySpan<string> nodeIds = network.NodeIds;

        using (DuckDBAppender appender = connection.CreateAppender("buses"))
        {
            ReadOnlySpan<NodeKind> kinds = network.NodeKinds;
            ReadOnlySpan<double> kv = network.NominalKv;
            for (int v = 0; v < nodeIds.Length; v++)
            {
                appender.CreateRow().AppendValue(version).AppendValue(nodeIds[v]).AppendValue(kinds[v].ToString().ToLowerInvariant())
                    .AppendValue(kv[v]).AppendValue(feederOf[v] >= 0 ? feederNames[feederOf[v]] : null).EndRow();
            }
        }

        using (DuckDBAppender appender = connection.CreateAppender("branches"))
        {
            for (int e = 0; e < network.EdgeCount; e++)
            {
                appender.CreateRow().AppendValue(version).AppendValue(network.EdgeIds[e]).AppendValue(network.EdgeKinds[e].ToSnakeCase())
                    .AppendValue(nodeIds[network.EdgeFrom[e]]).AppendValue(nodeIds[network.EdgeTo[e]]).AppendValue(network.LengthKm[e])
                    .AppendValue(network.FailureRatePerYear[e]).AppendValue(network.RepairHours[e]).AppendValue(network.ROhm[e])
                    .AppendValue(network.XOhm[e]).AppendValue(network.EdgeRating[e]).AppendValue(network.EdgeNormallyOpen[e])
                    .AppendValue(feederOfEdge[e] >= 0 ? feederNames[feederOfEdge[e]] : null).EndRow();
            }
        }

        using (DuckDBAppender appender = connection.CreateAppender("devices"))
        {
            for (int d = 0; d < network.DeviceCount; d++)
            {
                appender.CreateRow().AppendValue(version).AppendValue(network.DeviceIds[d]).AppendValue(network.DeviceKinds[d].ToSnakeCase())
                    .AppendValue(network.EdgeIds[network.DeviceEdge[d]]).AppendValue(nodeIds[network.DeviceNode[d]])
                    .AppendValue(network.DeviceNormallyOpen[d]).AppendValue(network.DeviceAutomated[d]).EndRow();
            }
        }

        using (DuckDBAppender appender = connection.CreateAppender("load_points"))
        {
            for (int l = 0; l < network.LoadPointCount; l++)
            {
                int node = network.LoadPointNode[l];
                appender.CreateRow().AppendValue(version).AppendValue(network.LoadPointIds[l]).AppendValue(nodeIds[node])
                    .AppendValue(feederOf[node] >= 0 ? feederNames[feederOf[node]] : null).AppendValue(network.Customers[l])
                    .AppendValue(network.AverageKw[l]).AppendValue(network.PeakKw[l]).EndRow();
            }
        }
    }
}

/// <summary>System indices of a version as stored in <c>reliability_system</c> (per year: hours, MWh; RS-1 in per cent), named as in <see cref="Lumen.Reliability.Predictive.IndicesReport"/>.</summary>
internal sealed record StoredSystemReliability(
    DateTime ComputedAt, double? Saifi, double? Saidi, double? Caidi, double? Asai, [property: System.Text.Json.Serialization.JsonPropertyName("rs_1")] double? Rs1, double? EnsMwh, double? Customers);
