using System.Data.Common;
using DuckDB.NET.Data;

namespace Lumen.Host.Storage.DuckDb;

/// <summary>
/// The embedded DuckDB database: one file, one schema, short-lived connections per unit of work. A keeper connection
/// holds the database open for the store's lifetime so that opening a unit-of-work connection is cheap.
/// </summary>
/// <remarks>Thread-safe. DuckDB allows one writing process per file: <c>lumen import</c> needs the service stopped (or use <c>POST /api/networks</c>).</remarks>
internal sealed class DuckDbStore : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CommitGate _commits = new();
    private DuckDBConnection? _keeper;

    /// <summary>Creates a store on the database file <paramref name="databasePath"/> (created with its folder on first open).</summary>
    public DuckDbStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        Temp = new PrivateTemp(Path.GetDirectoryName(DatabasePath)!);
    }

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The private temporary folder beside the database.</summary>
    public PrivateTemp Temp { get; }

    /// <summary>
    /// Opens a new connection to read with; the caller disposes it. No commit runs while it is open
    /// (<see cref="CommitGate"/>). Creates the file and schema on first use.
    /// </summary>
    public DuckDBConnection Open() => Open(out _);

    /// <summary>
    /// <see cref="Open()"/>, with the read as a ticket the caller may end before disposing the connection (a long
    /// export, once its sorted rows are produced, lets commits go on while the rows stream to a client).
    /// </summary>
    public DuckDBConnection Open(out IDisposable read)
    {
        EnsureOpen();
        IDisposable ticket = _commits.Read();
        try
        {
            DuckDBConnection connection = Connect();
            connection.Disposed += (_, _) => ticket.Dispose();
            read = ticket;
            return connection;
        }
        catch
        {
            ticket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a new connection to write with, not counted as a read; its transaction is committed through
    /// <see cref="Commit"/>, and it writes nothing outside a transaction.
    /// </summary>
    public DuckDBConnection OpenForWriting()
    {
        EnsureOpen();
        return Connect();
    }

    /// <summary>Commits <paramref name="transaction"/> (of a connection from <see cref="OpenForWriting"/>) while no read is open.</summary>
    public void Commit(DbTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        _commits.Commit(transaction.Commit);
    }

    private DuckDBConnection Connect()
    {
        var connection = new DuckDBConnection("Data Source=" + DatabasePath);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Why the store could not be opened, when <paramref name="exception"/> (or an inner one) is DuckDB refusing the
    /// file (most often: another process holds its lock); null for any other failure.
    /// </summary>
    public static string? UnavailableReason(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is DuckDBException duck && (duck.Message.Contains("lock", StringComparison.OrdinalIgnoreCase) || duck.Message.Contains("IO Error", StringComparison.Ordinal)))
            {
                return "the store cannot be opened (is `lumen serve` or another lumen command running on this data folder? stop it, or import through the API): " + duck.Message.Split('\n')[0];
            }
        }

        return null;
    }

    /// <summary>Runs a trivial query: used by the readiness check.</summary>
    public bool Ping()
    {
        using DuckDBConnection connection = Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _keeper?.Dispose();
            _keeper = null;
        }
    }

    private void EnsureOpen()
    {
        lock (_gate)
        {
            if (_keeper is not null)
            {
                return;
            }

            // A new data folder is the owner's only: it holds every customer count and complaint.
            string folder = Path.GetDirectoryName(DatabasePath)!;
            if (!Directory.Exists(folder))
            {
                PrivateTemp.CreatePrivateDirectory(folder);
            }

            var keeper = new DuckDBConnection("Data Source=" + DatabasePath);
            keeper.Open();
            using (DuckDBCommand command = keeper.CreateCommand())
            {
                foreach (string sql in Schema.All)
                {
                    command.CommandText = sql;
                    command.ExecuteNonQuery();
                }

                Schema.RenameColumns(keeper);
            }

            _keeper = keeper;
        }
    }
}

/// <summary>The store's tables. Element and result tables carry the network version they belong to.</summary>
internal static class Schema
{
    /// <summary>
    /// Columns renamed so that a stored value has its JSON field's name (docs/glossary.md): (table, old name, new name).
    /// A store written before the rename is migrated when opened; a new one is created with the new names.
    /// </summary>
    public static readonly IReadOnlyList<(string Table, string Old, string New)> Renamed =
    [
        ("reliability_system", "saidi_hours", "saidi"), ("reliability_system", "caidi_hours", "caidi"),
        ("reliability_system", "rs1_percent", "rs_1"), ("reliability_system", "ens_mwh_per_year", "ens_mwh"),
        ("reliability_feeders", "saidi_hours", "saidi"), ("reliability_feeders", "caidi_hours", "caidi"), ("reliability_feeders", "ens_mwh_per_year", "ens_mwh"),
        ("reliability_load_points", "lambda_per_year", "lambda"), ("reliability_load_points", "u_hours_per_year", "u_hours"),
        ("reliability_load_points", "ens_mwh_per_year", "ens_mwh"),
    ];

    /// <summary>Renames the <see cref="Renamed"/> columns a store still has under their old names (idempotent; one transaction).</summary>
    public static void RenameColumns(DuckDBConnection connection)
    {
        var present = new HashSet<(string, string)>();
        using (DuckDBCommand query = connection.CreateCommand())
        {
            query.CommandText = "SELECT table_name, column_name FROM information_schema.columns";
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                present.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var pending = Renamed.Where(r => present.Contains((r.Table, r.Old)) && !present.Contains((r.Table, r.New))).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        using DuckDBCommand rename = connection.CreateCommand();
        foreach ((string table, string old, string renamed) in pending)
        {
            // Names from the fixed list above, never input; quoted, since lambda is a keyword of DuckDB's SQL.
            rename.CommandText = $"ALTER TABLE {table} RENAME COLUMN \"{old}\" TO \"{renamed}\"";
            rename.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Tables that <c>GET /api/export/{table}.csv</c> may export, with their sort order.</summary>
    public static readonly IReadOnlyDictionary<string, string> Exportable = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["network_versions"] = "version",
        ["network_current_changes"] = "change",
        ["buses"] = "id",
        ["branches"] = "id",
        ["devices"] = "id",
        ["load_points"] = "id",
        ["reliability_system"] = "version",
        ["reliability_feeders"] = "saidi DESC, feeder",
        ["reliability_load_points"] = "u_hours DESC, id",
        ["voltage_summary"] = "version",
        ["voltage_low_areas"] = "voltage_pu, load_point",
        ["history_batches"] = "batch",
        ["outage_events"] = "batch, line",
        ["outage_restoration_steps"] = "batch, line",
        ["outage_momentary"] = "batch, line",
        ["complaints"] = "batch, line",
        ["series_batches"] = "batch",
        ["load_series"] = "series",
        ["voltage_points"] = "point_id",
        ["forecast_backtests"] = "series, method, computed_at",
        ["load_readings"] = "series, ts",
        ["voltage_spans"] = "point_id, first_utc",
        ["voltage_readings"] = "point_id, ts_utc",
        ["asset_register_revisions"] = "revision",
        ["assets"] = "revision, line",
        ["asset_conditions"] = "revision, asset_id, field",
        ["asset_failures"] = "revision, asset_id, failure_date",
        ["repair_batches"] = "batch",
        ["repair_crews"] = "batch, line",
        ["repair_work_orders"] = "batch, line",
        ["repair_rule_sets"] = "rule_set",
        ["repair_area_classes"] = "rule_set, line",
        ["repair_area_overrides"] = "rule_set, line",
    };

    /// <summary>Every area's schema creation script (each idempotent), run when the store opens.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Sql,
        AssetRepository.Sql,
        HistorySchema.Sql,
        SeriesSchema.Sql,
        RepairRepository.Sql,
    ];

    /// <summary>Schema creation of networks and their computed results (idempotent).</summary>
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS network_versions(
            version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, content_sha256 VARCHAR NOT NULL, case_id VARCHAR,
            entry_file VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL, buses INTEGER NOT NULL, branches INTEGER NOT NULL,
            devices INTEGER NOT NULL, load_points INTEGER NOT NULL, customers BIGINT NOT NULL, feeders INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS network_current_changes(change INTEGER PRIMARY KEY, network_version INTEGER NOT NULL, changed_at TIMESTAMP NOT NULL, reason VARCHAR NOT NULL);
        CREATE TABLE IF NOT EXISTS network_files(version INTEGER NOT NULL, file_name VARCHAR NOT NULL, content BLOB NOT NULL);
        -- Network images moved out of the database into files (NetworkRepository): a store's old blobs are dropped,
        -- the files being the record, and each version's image is rebuilt from them once at its first load.
        DROP TABLE IF EXISTS network_images;
        CREATE TABLE IF NOT EXISTS buses(version INTEGER NOT NULL, id VARCHAR NOT NULL, kind VARCHAR, nominal_kv DOUBLE, feeder VARCHAR);
        CREATE TABLE IF NOT EXISTS branches(version INTEGER NOT NULL, id VARCHAR NOT NULL, kind VARCHAR, from_bus VARCHAR, to_bus VARCHAR,
            length_km DOUBLE, failure_rate_per_year DOUBLE, repair_hours DOUBLE, r_ohm DOUBLE, x_ohm DOUBLE, rating DOUBLE,
            normally_open BOOLEAN, feeder VARCHAR);
        CREATE TABLE IF NOT EXISTS devices(version INTEGER NOT NULL, id VARCHAR NOT NULL, kind VARCHAR, branch VARCHAR, bus VARCHAR,
            normally_open BOOLEAN, automated BOOLEAN);
        CREATE TABLE IF NOT EXISTS load_points(version INTEGER NOT NULL, id VARCHAR NOT NULL, bus VARCHAR, feeder VARCHAR,
            customers INTEGER, average_kw DOUBLE, peak_kw DOUBLE);
        CREATE TABLE IF NOT EXISTS reliability_system(version INTEGER NOT NULL, computed_at TIMESTAMP NOT NULL, case_id VARCHAR,
            saifi DOUBLE, saidi DOUBLE, caidi DOUBLE, asai DOUBLE, rs_1 DOUBLE, ens_mwh DOUBLE, customers DOUBLE);
        CREATE TABLE IF NOT EXISTS reliability_feeders(version INTEGER NOT NULL, feeder VARCHAR NOT NULL, saifi DOUBLE, saidi DOUBLE,
            caidi DOUBLE, asai DOUBLE, ens_mwh DOUBLE, customers DOUBLE);
        CREATE TABLE IF NOT EXISTS reliability_load_points(version INTEGER NOT NULL, id VARCHAR NOT NULL, feeder VARCHAR, customers DOUBLE,
            "lambda" DOUBLE, r_hours DOUBLE, u_hours DOUBLE, ens_mwh DOUBLE);
        CREATE TABLE IF NOT EXISTS voltage_summary(version INTEGER NOT NULL, profile VARCHAR, converged BOOLEAN, iterations INTEGER,
            losses_kw DOUBLE, min_voltage_pu DOUBLE, min_voltage_bus VARCHAR, low_voltage_customers BIGINT, low_areas INTEGER, overloaded_branches INTEGER);
        CREATE TABLE IF NOT EXISTS voltage_low_areas(version INTEGER NOT NULL, load_point VARCHAR NOT NULL, bus VARCHAR, feeder VARCHAR,
            customers INTEGER, voltage_pu DOUBLE, limit_pu DOUBLE);
        """;
}
