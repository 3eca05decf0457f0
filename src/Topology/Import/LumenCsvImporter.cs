using System.Globalization;
using System.Runtime.InteropServices;
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

    // Longest kind or type read on the stack (load_break_switch is 17 characters); a longer one is read as a string.
    private const int KeywordLength = 24;

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

    /// <summary>
    /// The import with each file read in the given <paramref name="ranges"/> and the ids shared as
    /// <paramref name="sharing"/> says (the tests compare splits and ways of sharing, which give the same result).
    /// </summary>
    internal static NetworkImportResult Import(string folder, string? caseId, CsvRanges ranges, IdSharing sharing = IdSharing.BesideNextFile)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var diagnostics = new List<Diagnostic>();
        if (!Directory.Exists(folder))
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(folder, 0), string.Empty, "network folder not found"));
            return new NetworkImportResult(null, StudyCase.Default, diagnostics);
        }

        StudyCase study = ReadCase(folder, caseId, diagnostics);

        // The buses come first (in ranges on every core) and their ids are indexed once, then the branches beside the
        // load points, and their ids too, then the devices: each file names a bus or a branch by its id's own string, so
        // that the about 2.4M copies of ids in their rows die young instead of surviving every collection until the build,
        // and the builder takes the indices as their dictionaries. An index is made beside the next file's parse, whose
        // first rows keep their own copies until it is ready (the same strings either way). Each file is parsed in
        // ranges on every core into its own lists, and the lists and diagnostics are then taken in the fixed file and
        // range order, so the result does not depend on the timing.
        FileRows busRows = ReadBuses(Path.Combine(folder, BusesFile), ranges);
        Indexing? buses = Indexing.Start(sharing, () => IdIndex.Of(CollectionsMarshal.AsSpan(busRows.Buses.List), static b => b.Id));
        string devices = Path.Combine(folder, DevicesFile);
        string loadPoints = Path.Combine(folder, LoadPointsFile);
        Task<FileRows> loadsTask = Task.Run(() => File.Exists(loadPoints) ? ReadLoadPoints(loadPoints, ranges, buses) : new FileRows());
        FileRows branchRows = ReadBranches(Path.Combine(folder, BranchesFile), ranges, buses);
        Indexing? branches = Indexing.Start(sharing, () => IdIndex.Of(CollectionsMarshal.AsSpan(branchRows.Branches.List), static b => b.Id));
        FileRows deviceRows = File.Exists(devices) ? ReadDevices(devices, caseId, ranges, buses, branches) : new FileRows();
        FileRows loadRows = loadsTask.GetAwaiter().GetResult();

        foreach (FileRows rows in (FileRows[])[busRows, branchRows, deviceRows, loadRows])
        {
            diagnostics.AddRange(rows.Diagnostics);
        }

        // Load points from buses.csv come before those of load_points.csv, as the rows were read.
        List<LoadPointSpec> loads = busRows.LoadPoints.List;
        loads.AddRange(loadRows.LoadPoints.List);
        var builder = new NetworkBuilder(busRows.Buses.List, branchRows.Branches.List, deviceRows.Devices.List, loads, buses?.Index, branches?.Index);
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

        return FileRows.Read(path, s_busRequired, s_busOptional, ranges, FileRows.PartsOf<BusSpec>(list => new FileRows { Buses = list }), (row, rows) =>
        {
            string id = row.Required("bus_id");
            ReadOnlySpan<char> kindText = row.RequiredLower("kind", stackalloc char[KeywordLength]);
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
                    row.Error("kind", $"'{kindText.ToString()}' is not a bus kind (source, node, load_point)");
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
        CustomerClass = rows.Shared(row, "customer_type"),
    };

    private static FileRows ReadLoadPoints(string path, CsvRanges ranges, Indexing? buses) =>
        FileRows.Read(path, s_loadPointRequired, s_loadPointOptional, ranges, FileRows.PartsOf<LoadPointSpec>(list => new FileRows { LoadPoints = list, BusIds = buses }), (row, rows) =>
        {
            string id = row.Required("load_point_id");
            string bus = rows.LoadPointBus(row, "bus_id");
            rows.LoadPoints.Add(ReadLoad(row, rows, id, bus, row.Int("customers", 0)));
        });

    private static FileRows ReadBranches(string path, CsvRanges ranges, Indexing? buses)
    {
        if (!File.Exists(path))
        {
            return FileRows.Missing(BranchesFile);
        }

        return FileRows.Read(path, s_branchRequired, s_branchOptional, ranges, FileRows.PartsOf<BranchSpec>(list => new FileRows { Branches = list, BusIds = buses }), (row, rows) =>
        {
            string id = row.Required("branch_id");
            ReadOnlySpan<char> typeText = row.RequiredLower("type", stackalloc char[KeywordLength]);
            if (!KindExtensions.TryParseBranchKindLower(typeText, out BranchKind kind) && typeText.Length > 0)
            {
                row.Error("type", $"'{row.Text("type")}' is not a branch type (line, overhead_line, cable, transformer, bus_tie)");
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

            string from = rows.FromBus(row, "from_bus");
            string to = rows.ToBus(row, "to_bus");
            rows.Branches.Add(new BranchSpec(id, from, to, kind, row.Location)
            {
                LengthKm = length,
                FailureRatePerYear = rate,
                RepairHours = row.Double("repair_hours", 0),
                ReplacementHours = row.Double("replacement_hours", double.NaN),
                NormallyOpen = row.Bool("normally_open", false),
                Feeder = rows.Shared(row, "feeder"),
                ROhm = row.Double("r_ohm", 0),
                XOhm = row.Double("x_ohm", 0),
                Rating = row.Double("rating", double.NaN),
                TapPu = row.Double("tap_pu", 1.0),
                Asset = ReadAsset(row, rows),
            });
            rows.Seen(from, to);
        });
    }

    private static FileRows ReadDevices(string path, string? caseId, CsvRanges ranges, Indexing? buses, Indexing? branches) =>
        FileRows.Read(path, s_deviceRequired, s_deviceOptional, ranges, FileRows.PartsOf<DeviceSpec>(list => new FileRows { Devices = list, BusIds = buses, BranchIds = branches }), (row, rows) =>
        {
            string id = row.Required("device_id");
            if (caseId is not null && row.Has("cases") && !ListsCase(row.Text("cases"), caseId))
            {
                return;
            }

            ReadOnlySpan<char> typeText = row.RequiredLower("type", stackalloc char[KeywordLength]);
            if (!KindExtensions.TryParseDeviceKindLower(typeText, out DeviceKind kind) && typeText.Length > 0)
            {
                row.Error("type", $"'{row.Text("type")}' is not a device type (breaker, recloser, fuse, disconnector, load_break_switch, sectionaliser)");
            }

            rows.Devices.Add(new DeviceSpec(id, rows.DeviceBranch(row, "branch_id"), rows.DeviceBus(row, "at_bus"), kind, row.Location)
            {
                NormallyOpen = row.Bool("normally_open", false),
                Automated = row.Bool("automated", false),
                OperatingTimeHours = row.Double("operating_time_hours", double.NaN),
                OperatingProbability = row.Double("operating_probability", 1.0),
                Asset = ReadAsset(row, rows),
            });
        });

    private static AssetInfo ReadAsset(CsvRow row, FileRows rows) =>
        new(NullIfEmpty(row.Text("asset_id")), rows.Shared(row, "asset_class"), row.Int("install_year", 0));

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

    /// <summary>An <see cref="IdIndex"/> being made, perhaps on another thread: <see cref="Ready"/> is null until it is done.</summary>
    private sealed class Indexing
    {
        private Task<IdIndex> _task = null!;

        // Written once, when the index is whole; readers on other threads see all of it or nothing.
        private volatile IdIndex? _ready;

        /// <summary>The index when it is done, else null.</summary>
        public IdIndex? Ready => _ready;

        /// <summary>The index, waiting for it.</summary>
        public IdIndex Index => _task.GetAwaiter().GetResult();

        /// <summary>The index made as <paramref name="sharing"/> says: none, before returning, or on another thread.</summary>
        public static Indexing? Start(IdSharing sharing, Func<IdIndex> make)
        {
            if (sharing == IdSharing.Off)
            {
                return null;
            }

            var indexing = new Indexing();
            if (sharing == IdSharing.BeforeNextFile)
            {
                IdIndex index = make();
                indexing._ready = index;
                indexing._task = Task.FromResult(index);
            }
            else
            {
                indexing._task = Task.Run(() => indexing._ready = make());
            }

            return indexing;
        }
    }

    /// <summary>What one file (or one range of it) contributes: its elements and its problems, in row order.</summary>
    private sealed class FileRows
    {
        // The last branch's ends: a branch usually starts where the one before it ended or started.
        private string _lastFrom = string.Empty;
        private string _lastTo = string.Empty;

        // Where the bus or branch named last in each column was found in its index: the next row usually names one just after.
        private int _lastFromBus = -1;
        private int _lastToBus = -1;
        private int _lastDeviceBus = -1;
        private int _lastLoadBus = -1;
        private int _lastDeviceBranch = -1;

        // Feeders and classes repeat on every row: one instance per distinct value, so that the row's copy dies young
        // instead of being carried through every collection until the build (about 2.9M strings at 1M buses).
        private const int MaxShared = 1 << 16;
        private readonly Dictionary<string, string> _shared;
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _sharedByChars;

        public FileRows()
        {
            _shared = new Dictionary<string, string>(StringComparer.Ordinal);
            _sharedByChars = _shared.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public RowList<BusSpec> Buses { get; init; } = new(0);

        public RowList<BranchSpec> Branches { get; init; } = new(0);

        public RowList<DeviceSpec> Devices { get; init; } = new(0);

        public RowList<LoadPointSpec> LoadPoints { get; init; } = new(0);

        public List<Diagnostic> Diagnostics { get; private init; } = [];

        /// <summary>The buses' ids, when the rows name a bus by the id's own string; null to keep the rows' copies.</summary>
        public Indexing? BusIds { get; init; }

        /// <summary>The branches' ids, when the rows name a branch by the id's own string; null to keep the rows' copies.</summary>
        public Indexing? BranchIds { get; init; }

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
            Func<int[], FileRows[]> newParts,
            Action<CsvRow, FileRows> onRow)
        {
            var diagnostics = new List<Diagnostic>();
            CsvTable.Read(path, required, optional, diagnostics, ranges, newParts, onRow, out FileRows[] parts);
            return new FileRows
            {
                Buses = RowList<BusSpec>.Join([.. parts.Select(static p => p.Buses)]),
                Branches = RowList<BranchSpec>.Join([.. parts.Select(static p => p.Branches)]),
                Devices = RowList<DeviceSpec>.Join([.. parts.Select(static p => p.Devices)]),
                LoadPoints = RowList<LoadPointSpec>.Join([.. parts.Select(static p => p.LoadPoints)]),
                Diagnostics = diagnostics,
            };
        }

        /// <summary>The parts of a file whose rows are <typeparamref name="T"/>: one per range, made by <paramref name="part"/> around the range's list.</summary>
        public static Func<int[], FileRows[]> PartsOf<T>(Func<RowList<T>, FileRows> part) =>
            rowBounds => [.. RowList<T>.ForRanges(rowBounds).Select(part)];

        /// <summary>A branch's <c>from_bus</c>: the last branch's end when it names the same bus (the usual case), else as <see cref="Bus"/>.</summary>
        public string FromBus(CsvRow row, string column)
        {
            ReadOnlySpan<char> bus = row.Chars(column, stackalloc char[CsvRow.MaxStackChars], required: true);
            return bus.SequenceEqual(_lastTo) ? _lastTo
                : bus.SequenceEqual(_lastFrom) ? _lastFrom
                : Bus(bus, ref _lastFromBus, 1);
        }

        /// <summary>A branch's <c>to_bus</c> as <see cref="Bus"/> (usually one of the next buses after the last one).</summary>
        public string ToBus(CsvRow row, string column) => Bus(row.Chars(column, stackalloc char[CsvRow.MaxStackChars], required: true), ref _lastToBus, 3);

        /// <summary>A device's <c>at_bus</c> as <see cref="Bus"/>.</summary>
        public string DeviceBus(CsvRow row, string column) => Bus(row.Chars(column, stackalloc char[CsvRow.MaxStackChars], required: true), ref _lastDeviceBus, 2);

        /// <summary>A load point's <c>bus_id</c> as <see cref="Bus"/>.</summary>
        public string LoadPointBus(CsvRow row, string column) => Bus(row.Chars(column, stackalloc char[CsvRow.MaxStackChars], required: true), ref _lastLoadBus, 4);

        /// <summary>A device's <c>branch_id</c> as the branch id's own string when the index knows it, else a string of its own.</summary>
        public string DeviceBranch(CsvRow row, string column) =>
            Id(row.Chars(column, stackalloc char[CsvRow.MaxStackChars], required: true), BranchIds, ref _lastDeviceBranch, 2);

        /// <summary>Notes a branch's ends for <see cref="FromBus"/>.</summary>
        public void Seen(string from, string to)
        {
            _lastFrom = from;
            _lastTo = to;
        }

        // A bus named by a row: the bus id's own string when the index is ready and knows it, else a string of its own.
        private string Bus(ReadOnlySpan<char> bus, ref int last, int span) => Id(bus, BusIds, ref last, span);

        private static string Id(ReadOnlySpan<char> name, Indexing? ids, ref int last, int span) =>
            name.IsEmpty ? string.Empty : (ids?.Ready?.Find(name, ref last, span) ?? new string(name));

        /// <summary>The cell of <paramref name="column"/> as the one instance of its value (null when empty); past <see cref="MaxShared"/> distinct values, a string of its own.</summary>
        public string? Shared(CsvRow row, string column)
        {
            ReadOnlySpan<char> text = row.Chars(column, stackalloc char[CsvRow.MaxStackChars], required: false);
            if (text.IsEmpty)
            {
                return null;
            }

            if (_sharedByChars.TryGetValue(text, out string? shared))
            {
                return shared;
            }

            string made = new(text);
            if (_shared.Count < MaxShared)
            {
                _shared.Add(made, made);
            }

            return made;
        }
    }

    /// <summary>
    /// One range's rows of one kind. A file read in several ranges writes them into one list sized from the ranges' row
    /// bounds, each range in its own slice, so that joining them moves only rows after a skipped one (a blank or bad
    /// line) instead of copying every row; a single range has its own list, which may grow.
    /// </summary>
    private sealed class RowList<T>
    {
        private readonly List<T> _list;

        // Where this range's slice of the shared list starts and how many rows it holds; -1 for a list of its own.
        private readonly int _start;
        private readonly int _capacity = -1;
        private int _count;

        public RowList(int capacity) => _list = new List<T>(capacity);

        private RowList(List<T> own) => _list = own;

        private RowList(List<T> shared, int start, int capacity)
        {
            _list = shared;
            _start = start;
            _capacity = capacity;
        }

        /// <summary>The rows, once joined (or of a list of its own).</summary>
        public List<T> List => _capacity < 0 ? _list : throw new InvalidOperationException("a range's slice is read through Join");

        /// <summary>One list per range: one that grows for a single range, slices of one shared list for several.</summary>
        public static RowList<T>[] ForRanges(int[] rowBounds)
        {
            if (rowBounds.Length == 1)
            {
                return [new RowList<T>(rowBounds[0])];
            }

            var shared = new List<T>(rowBounds.Sum());
            CollectionsMarshal.SetCount(shared, shared.Capacity);
            var slices = new RowList<T>[rowBounds.Length];
            int start = 0;
            for (int r = 0; r < slices.Length; r++)
            {
                slices[r] = new RowList<T>(shared, start, rowBounds[r]);
                start += rowBounds[r];
            }

            return slices;
        }

        public void Add(in T row)
        {
            if (_capacity < 0)
            {
                _list.Add(row);
                return;
            }

            // Several ranges are plain text, where a row never spans a line break: the bound holds.
            if (_count == _capacity)
            {
                throw new InvalidOperationException("a range holds more rows than its lines");
            }

            CollectionsMarshal.AsSpan(_list)[_start + _count++] = row;
        }

        /// <summary>The rows of <paramref name="parts"/> in order, as one list of its own.</summary>
        public static RowList<T> Join(RowList<T>[] parts)
        {
            if (parts.Length == 0)
            {
                return new RowList<T>(0);
            }

            if (parts.Length == 1 && parts[0]._capacity < 0)
            {
                return parts[0];
            }

            if (parts[0]._capacity >= 0)
            {
                // Slices of one list: each moves down to where the one before it ended (usually not at all), then the
                // list is cut there.
                List<T> shared = parts[0]._list;
                Span<T> rows = CollectionsMarshal.AsSpan(shared);
                int end = 0;
                foreach (RowList<T> part in parts)
                {
                    if (part._start != end)
                    {
                        rows.Slice(part._start, part._count).CopyTo(rows[end..]);
                    }

                    end += part._count;
                }

                CollectionsMarshal.SetCount(shared, end);
                return new RowList<T>(shared);
            }

            // Lists of their own: the rows a file holds besides its own kind (load points in buses.csv).
            var joined = new List<T>(parts.Sum(static p => p._list.Count));
            foreach (RowList<T> part in parts)
            {
                joined.AddRange(part._list);
            }

            return new RowList<T>(joined);
        }
    }
}

/// <summary>
/// How an import lets the rows of one file name a bus or a branch read from another by the id's own string. Every way
/// gives the same network and diagnostics (the strings are equal); they differ in how many row copies of ids survive.
/// </summary>
internal enum IdSharing
{
    /// <summary>Every row keeps its own copy, and the builder indexes the ids itself (the tests' oracle).</summary>
    Off,

    /// <summary>The ids are indexed before the next file is read, so that every row of it shares them.</summary>
    BeforeNextFile,

    /// <summary>The ids are indexed beside the next file's parse, whose rows share them once the index is ready.</summary>
    BesideNextFile,
}
