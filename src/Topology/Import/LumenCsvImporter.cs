using System.Globalization;
using System.Text.Json;
using Lumen.Topology.Network;

namespace Lumen.Topology.Import;

/// <summary>
/// Imports a network folder in Lumen's CSV format (<c>docs/formats.md</c>): <c>buses.csv</c>, <c>branches.csv</c>,
/// optional <c>devices.csv</c>, <c>load_points.csv</c> and <c>case.json</c>. The RBTS Bus 2 folder is a valid input.
/// </summary>
/// <remarks>All or nothing: every problem in every file is reported, and no network is returned if any is an error.</remarks>
public static class LumenCsvImporter
{
    /// <summary>File names of a Lumen network folder.</summary>
    public const string BusesFile = "buses.csv";

    /// <summary>Branch table file name.</summary>
    public const string BranchesFile = "branches.csv";

    /// <summary>Device table file name.</summary>
    public const string DevicesFile = "devices.csv";

    /// <summary>Load-point table file name.</summary>
    public const string LoadPointsFile = "load_points.csv";

    /// <summary>Study-case file name.</summary>
    public const string CaseFile = "case.json";

    private static readonly string[] s_busRequired = ["bus_id", "kind"];
    private static readonly string[] s_busOptional =
        ["customers", "average_load_kw", "peak_load_kw", "peak_load_kvar", "customer_type", "nominal_kv", "x", "y", "feeder", "note"];

    private static readonly string[] s_branchRequired = ["branch_id", "from_bus", "to_bus", "type"];
    private static readonly string[] s_branchOptional =
    [
        "length_km", "failure_rate_per_year", "failure_rate_per_km_year", "repair_hours", "replacement_hours", "normally_open",
        "feeder", "role", "r_ohm", "x_ohm", "rating", "tap_pu", "asset_id", "asset_class", "install_year", "paper_section", "load_point",
    ];

    private static readonly string[] s_deviceRequired = ["device_id", "branch_id", "at_bus", "type"];
    private static readonly string[] s_deviceOptional =
        ["normally_open", "automated", "operating_time_hours", "operating_probability", "cases", "asset_id", "asset_class", "install_year", "notes"];

    private static readonly string[] s_loadPointRequired = ["load_point_id", "bus_id"];
    private static readonly string[] s_loadPointOptional = ["customers", "average_load_kw", "peak_load_kw", "peak_load_kvar", "customer_type"];

    /// <summary>Imports the folder <paramref name="folder"/>, selecting study case <paramref name="caseId"/> when given.</summary>
    /// <param name="folder">The network folder.</param>
    /// <param name="caseId">A case id from <c>case.json</c>; null for all devices and the default study.</param>
    public static NetworkImportResult Import(string folder, string? caseId = null) => Import(folder, caseId, CsvRanges.PerCore);

    /// <summary>The import with each file read in the given <paramref name="ranges"/> (the tests compare splits).</summary>
    internal static NetworkImportResult Import(string folder, string? caseId, CsvRanges ranges)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var diagnostics = new List<Diagnostic>();
        if (!Directory.Exists(folder))
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(folder, 0), string.Empty, "network folder not found"));
            return new NetworkImportResult(null, StudyCase.Default, diagnostics);
        }

        StudyCase study = ReadCase(folder, caseId, diagnostics);

        // The files are independent until the build: each is parsed on its own thread (a large one in ranges, each on a
        // thread) into its own lists, and the lists and diagnostics are then taken in the fixed file and range order, so
        // the result does not depend on the timing.
        string devices = Path.Combine(folder, DevicesFile);
        string loadPoints = Path.Combine(folder, LoadPointsFile);
        Task<FileRows> busesTask = Task.Run(() => ReadBuses(Path.Combine(folder, BusesFile), ranges));
        Task<FileRows> branchesTask = Task.Run(() => ReadBranches(Path.Combine(folder, BranchesFile), ranges));
        Task<FileRows> devicesTask = Task.Run(() => File.Exists(devices) ? ReadDevices(devices, caseId, ranges) : new FileRows());
        FileRows loadRows = File.Exists(loadPoints) ? ReadLoadPoints(loadPoints, ranges) : new FileRows();
        FileRows busRows = busesTask.GetAwaiter().GetResult();
        FileRows branchRows = branchesTask.GetAwaiter().GetResult();
        FileRows deviceRows = devicesTask.GetAwaiter().GetResult();

        foreach (FileRows rows in (FileRows[])[busRows, branchRows, deviceRows, loadRows])
        {
            diagnostics.AddRange(rows.Diagnostics);
        }

        // Load points from buses.csv come before those of load_points.csv, as the rows were read.
        busRows.LoadPoints.AddRange(loadRows.LoadPoints);
        var builder = new NetworkBuilder(busRows.Buses, branchRows.Branches, deviceRows.Devices, busRows.LoadPoints);
        foreach (Diagnostic d in diagnostics)
        {
            builder.Report(d);
        }

        BuildResult built = builder.Build();
        return new NetworkImportResult(built.Network, study, built.Diagnostics, built.Draft);
    }

    private static FileRows ReadBuses(string path, CsvRanges ranges)
    {
        if (!File.Exists(path))
        {
            return FileRows.Missing(BusesFile);
        }

        return FileRows.Read(path, s_busRequired, s_busOptional, ranges, rowCount => new FileRows { Buses = { Capacity = rowCount } }, (row, rows) =>
        {
            string id = row.Required("bus_id");
            string kindText = row.Required("kind").ToLowerInvariant();
            NodeKind kind = NodeKind.Bus;
            bool isLoadPoint = false;
            switch (kindText)
            {
                case "source":
                    kind = NodeKind.Source;
                    break;
                case "node" or "bus":
                    break;
                case "load_point":
                    isLoadPoint = true;
                    break;
                case "":
                    break;
                default:
                    row.Error("kind", $"'{kindText}' is not a bus kind (source, node, load_point)");
                    break;
            }

            rows.Buses.Add(new BusSpec(id, kind, row.Location)
            {
                NominalKv = row.Double("nominal_kv", double.NaN),
                X = row.Double("x", double.NaN),
                Y = row.Double("y", double.NaN),
            });

            int customers = row.Int("customers", 0);
            if (isLoadPoint || customers > 0)
            {
                rows.LoadPoints.Add(ReadLoad(row, rows, id, id, customers));
            }
            else if (row.Has("average_load_kw") && row.Double("average_load_kw", 0) != 0)
            {
                row.Error("average_load_kw", $"bus '{id}' carries load but is not a load point (kind load_point or customers > 0)");
            }
        });
    }

    private static LoadPointSpec ReadLoad(CsvRow row, FileRows rows, string id, string bus, int customers) => new(id, bus, row.Location)
    {
        Customers = customers,
        AverageKw = row.Double("average_load_kw", 0),
        PeakKw = row.Double("peak_load_kw", 0),
        PeakKvar = row.Double("peak_load_kvar", 0),
        CustomerClass = rows.Shared(row.Text("customer_type")),
    };

    private static FileRows ReadLoadPoints(string path, CsvRanges ranges) =>
        FileRows.Read(path, s_loadPointRequired, s_loadPointOptional, ranges, rowCount => new FileRows { LoadPoints = { Capacity = rowCount } }, (row, rows) =>
        {
            string id = row.Required("load_point_id");
            string bus = row.Required("bus_id");
            rows.LoadPoints.Add(ReadLoad(row, rows, id, bus, row.Int("customers", 0)));
        });

    private static FileRows ReadBranches(string path, CsvRanges ranges)
    {
        if (!File.Exists(path))
        {
            return FileRows.Missing(BranchesFile);
        }

        return FileRows.Read(path, s_branchRequired, s_branchOptional, ranges, rowCount => new FileRows { Branches = { Capacity = rowCount } }, (row, rows) =>
        {
            string id = row.Required("branch_id");
            string typeText = row.Required("type");
            if (!KindExtensions.TryParseBranchKind(typeText, out BranchKind kind) && typeText.Length > 0)
            {
                row.Error("type", $"'{typeText}' is not a branch type (line, overhead_line, cable, transformer, bus_tie)");
            }

            double length = row.Double("length_km", 0);
            double rate;
            if (row.Has("failure_rate_per_year"))
            {
                rate = row.Double("failure_rate_per_year", 0);
            }
            else
            {
                rate = row.Double("failure_rate_per_km_year", 0) * length;
            }

            string from = rows.Recent(row.Required("from_bus"));
            string to = row.Required("to_bus");
            rows.Branches.Add(new BranchSpec(id, from, to, kind, row.Location)
            {
                LengthKm = length,
                FailureRatePerYear = rate,
                RepairHours = row.Double("repair_hours", 0),
                ReplacementHours = row.Double("replacement_hours", double.NaN),
                NormallyOpen = row.Bool("normally_open", false),
                Feeder = rows.Shared(row.Text("feeder")),
                ROhm = row.Double("r_ohm", 0),
                XOhm = row.Double("x_ohm", 0),
                Rating = row.Double("rating", double.NaN),
                TapPu = row.Double("tap_pu", 1.0),
                Asset = ReadAsset(row, rows),
            });
            rows.Seen(from, to);
        });
    }

    private static FileRows ReadDevices(string path, string? caseId, CsvRanges ranges) =>
        FileRows.Read(path, s_deviceRequired, s_deviceOptional, ranges, rowCount => new FileRows { Devices = { Capacity = rowCount } }, (row, rows) =>
        {
            string id = row.Required("device_id");
            if (caseId is not null && row.Has("cases") && !ListsCase(row.Text("cases"), caseId))
            {
                return;
            }

            string typeText = row.Required("type");
            if (!KindExtensions.TryParseDeviceKind(typeText, out DeviceKind kind) && typeText.Length > 0)
            {
                row.Error("type", $"'{typeText}' is not a device type (breaker, recloser, fuse, disconnector, load_break_switch, sectionaliser)");
            }

            rows.Devices.Add(new DeviceSpec(id, row.Required("branch_id"), row.Required("at_bus"), kind, row.Location)
            {
                NormallyOpen = row.Bool("normally_open", false),
                Automated = row.Bool("automated", false),
                OperatingTimeHours = row.Double("operating_time_hours", double.NaN),
                OperatingProbability = row.Double("operating_probability", 1.0),
                Asset = ReadAsset(row, rows),
            });
        });

    private static AssetInfo ReadAsset(CsvRow row, FileRows rows) =>
        new(NullIfEmpty(row.Text("asset_id")), rows.Shared(row.Text("asset_class")), row.Int("install_year", 0));

    private static bool ListsCase(string cases, string caseId)
    {
        foreach (string part in cases.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(part, caseId, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static StudyCase ReadCase(string folder, string? caseId, List<Diagnostic> diagnostics)
    {
        string path = Path.Combine(folder, CaseFile);
        if (!File.Exists(path))
        {
            if (caseId is not null)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(CaseFile, 0), "cases", $"case '{caseId}' was requested but the folder has no {CaseFile}"));
            }

            return StudyCase.Default;
        }

        if (caseId is null)
        {
            return StudyCase.Default;
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            if (!doc.RootElement.TryGetProperty("cases", out JsonElement cases) || cases.ValueKind != JsonValueKind.Object)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(CaseFile, 0), "cases", "no 'cases' object"));
                return StudyCase.Default;
            }

            JsonElement? match = null;
            var known = new List<string>();
            foreach (JsonProperty c in cases.EnumerateObject())
            {
                known.Add(c.Name);
                if (string.Equals(c.Name, caseId, StringComparison.OrdinalIgnoreCase))
                {
                    match = c.Value;
                }
            }

            if (match is not JsonElement value)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(CaseFile, 0), "cases", $"unknown case '{caseId}' (known: {string.Join(", ", known)})"));
                return StudyCase.Default;
            }

            StudyCase d = StudyCase.Default;
            string outage = ReadString(value, "transformer_outage", "repair");
            TransformerOutageMode mode = outage switch
            {
                "repair" => TransformerOutageMode.Repair,
                "replacement" => TransformerOutageMode.Replacement,
                _ => Fail(diagnostics, $"cases.{caseId}.transformer_outage", $"'{outage}' is not repair or replacement"),
            };
            return new StudyCase(
                caseId,
                ReadBool(value, "alternate_supply", d.AlternateSupply),
                mode,
                ReadNumber(value, "switching_time_hours", d.SwitchingTimeHours),
                ReadNumber(value, "fuse_reliability", d.FuseReliability),
                ReadNumber(value, "breaker_reliability", d.BreakerReliability));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            long line = ex is JsonException je ? (je.LineNumber ?? -1) + 1 : 0;
            diagnostics.Add(new Diagnostic(new SourceLocation(CaseFile, (int)line), string.Empty, $"invalid JSON: {ex.Message}"));
            return StudyCase.Default;
        }
    }

    private static TransformerOutageMode Fail(List<Diagnostic> diagnostics, string field, string message)
    {
        diagnostics.Add(new Diagnostic(new SourceLocation(CaseFile, 0), field, message));
        return TransformerOutageMode.Repair;
    }

    private static string ReadString(JsonElement e, string name, string missing) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : missing;

    private static bool ReadBool(JsonElement e, string name, bool missing) =>
        e.TryGetProperty(name, out JsonElement v) ? v.GetBoolean() : missing;

    private static double ReadNumber(JsonElement e, string name, double missing) =>
        e.TryGetProperty(name, out JsonElement v) ? v.GetDouble() : missing;

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    internal static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>What one file (or one range of it) contributes: its elements and its problems, in row order.</summary>
    private sealed class FileRows
    {
        // The last branch's ends: a branch usually starts where the one before it ended or started.
        private string _lastFrom = string.Empty;
        private string _lastTo = string.Empty;

        // Feeders and classes repeat on every row: one instance per distinct value, so that the row's copy dies young
        // instead of being carried through every collection until the build (about 2.9M strings at 1M buses).
        private const int MaxShared = 1 << 16;
        private readonly Dictionary<string, string> _shared = new(StringComparer.Ordinal);

        public List<BusSpec> Buses { get; private init; } = [];

        public List<BranchSpec> Branches { get; private init; } = [];

        public List<DeviceSpec> Devices { get; private init; } = [];

        public List<LoadPointSpec> LoadPoints { get; private init; } = [];

        public List<Diagnostic> Diagnostics { get; private init; } = [];

        /// <summary>A required file that is not there.</summary>
        public static FileRows Missing(string file)
        {
            var rows = new FileRows();
            rows.Diagnostics.Add(new Diagnostic(new SourceLocation(file, 0), string.Empty, "required file is missing"));
            return rows;
        }

        /// <summary>Reads a file in <paramref name="ranges"/>, one part per range, and joins the parts in file order.</summary>
        public static FileRows Read(
            string path,
            IReadOnlyCollection<string> required,
            IReadOnlyCollection<string> optional,
            CsvRanges ranges,
            Func<int, FileRows> newPart,
            Action<CsvRow, FileRows> onRow)
        {
            var diagnostics = new List<Diagnostic>();
            CsvTable.Read(path, required, optional, diagnostics, ranges, newPart, onRow, out FileRows[] parts);
            return new FileRows
            {
                Buses = Join(parts, static p => p.Buses),
                Branches = Join(parts, static p => p.Branches),
                Devices = Join(parts, static p => p.Devices),
                LoadPoints = Join(parts, static p => p.LoadPoints),
                Diagnostics = diagnostics,
            };
        }

        private static List<T> Join<T>(FileRows[] parts, Func<FileRows, List<T>> list)
        {
            if (parts.Length == 1)
            {
                return list(parts[0]);
            }

            int count = 0;
            foreach (FileRows part in parts)
            {
                count += list(part).Count;
            }

            var joined = new List<T>(count);
            foreach (FileRows part in parts)
            {
                joined.AddRange(list(part));
            }

            return joined;
        }

        /// <summary><paramref name="bus"/> as the last branch's end instance when it names the same bus, so that the row's copy dies young.</summary>
        public string Recent(string bus) =>
            string.Equals(bus, _lastTo, StringComparison.Ordinal) ? _lastTo : string.Equals(bus, _lastFrom, StringComparison.Ordinal) ? _lastFrom : bus;

        /// <summary>Notes a branch's ends for <see cref="Recent"/>.</summary>
        public void Seen(string from, string to)
        {
            _lastFrom = from;
            _lastTo = to;
        }

        /// <summary><paramref name="text"/> as the one instance of its value (null when empty); past <see cref="MaxShared"/> distinct values, as given.</summary>
        public string? Shared(string text)
        {
            if (text.Length == 0)
            {
                return null;
            }

            if (_shared.TryGetValue(text, out string? shared))
            {
                return shared;
            }

            if (_shared.Count < MaxShared)
            {
                _shared.Add(text, text);
            }

            return text;
        }
    }
}
