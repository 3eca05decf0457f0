using System.Globalization;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Repair;

/// <summary>The files of one repair import: the work orders and the crew register they name.</summary>
/// <param name="Orders"><c>work_orders.csv</c>.</param>
/// <param name="Crews"><c>crews.csv</c>.</param>
public sealed record RepairFiles(string Orders, string Crews);

/// <summary>The outcome of a repair import.</summary>
/// <param name="Orders">The accepted work orders; empty unless <see cref="Succeeded"/>.</param>
/// <param name="Crews">The accepted crews; empty unless <see cref="Succeeded"/>.</param>
/// <param name="Diagnostics">Every problem with file, line and field.</param>
public sealed record RepairImportResult(IReadOnlyList<WorkOrder> Orders, IReadOnlyList<Crew> Crews, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when no error was found: the import is all or nothing.</summary>
    public bool Succeeded => !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>
/// Reads <c>work_orders.csv</c> and <c>crews.csv</c> (docs/repair.md): strict UTF-8 CSV, every problem a diagnostic
/// naming file, line and field, and all or nothing: one bad row rejects the import.
/// </summary>
public static class RepairImporter
{
    /// <summary>Columns of <c>work_orders.csv</c> that every row needs.</summary>
    public static readonly IReadOnlyList<string> OrderColumns = ["order_id", "call_time", "category"];

    /// <summary>Optional columns of <c>work_orders.csv</c>.</summary>
    public static readonly IReadOnlyList<string> OrderOptionalColumns =
        ["location_id", "x", "y", "dispatch_time", "crew_id", "arrival_time", "fault_found", "restoration_time", "outage_event_id", "area_class"];

    /// <summary>Columns of <c>crews.csv</c> that every row needs.</summary>
    public static readonly IReadOnlyList<string> CrewColumns = ["crew_id", "size"];

    /// <summary>Optional columns of <c>crews.csv</c> (a base needs a bus_id or x and y).</summary>
    public static readonly IReadOnlyList<string> CrewOptionalColumns = ["base_id", "bus_id", "x", "y", "shift_start", "shift_end"];

    /// <summary>Longest call-to-restoration time accepted: longer is a typing error, not a repair.</summary>
    public static readonly TimeSpan MaximumOrderDuration = TimeSpan.FromDays(30);

    /// <summary>Coordinates beyond ±this many km are rejected.</summary>
    public const double CoordinateLimitKm = 1e6;

    /// <summary>Reads and checks both files against <paramref name="network"/>: unique ids, known locations, buses and crews, times in order.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>O(R + N) for R rows and a network of N elements.</remarks>
    public static RepairImportResult Import(Net network, RepairFiles files, TimeSpan? naiveTimestampOffset = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(files);
        var diagnostics = new List<Diagnostic>();
        List<Crew> crews = ReadCrews(network, files.Crews, diagnostics);
        var crewIds = new HashSet<string>(crews.Select(c => c.CrewId), StringComparer.Ordinal);
        bool crewsRead = !diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        List<WorkOrder> orders = ReadOrders(network, files.Orders, crewsRead ? crewIds : null, naiveTimestampOffset, diagnostics);
        bool ok = !diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        return new RepairImportResult(ok ? orders : [], ok ? crews : [], diagnostics);
    }

    private static List<Crew> ReadCrews(Net network, string path, List<Diagnostic> diagnostics)
    {
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        return HistoryCsv.Read(path, CrewColumns.ToArray(), CrewOptionalColumns.ToArray(), diagnostics, [], c =>
        {
            string id = c.Required("crew_id");
            int? size = c.OptionalInt("size", 1);
            if (size is null && !c.HasErrors)
            {
                c.Error("size", "value is required");
            }

            string baseId = c.Text("base_id");
            string bus = c.Text("bus_id");
            (double? x, double? y) = Coordinates(c);
            TimeOnly start = ShiftTime(c, "shift_start");
            TimeOnly end = ShiftTime(c, "shift_end");
            if (c.HasErrors)
            {
                return null;
            }

            if (bus.Length > 0)
            {
                if (!network.TryGetNode(bus, out NodeIndex node))
                {
                    c.Error("bus_id", $"unknown bus '{bus}'");
                    return null;
                }

                if (x is null)
                {
                    (x, y) = (network.NodeX[node.Value], network.NodeY[node.Value]);
                    if (!double.IsFinite(x.Value) || !double.IsFinite(y!.Value))
                    {
                        c.Error("bus_id", $"bus '{bus}' has no coordinates in the network: give the base's x and y");
                        return null;
                    }
                }
            }
            else if (x is null)
            {
                c.Error("bus_id", "a base needs a bus_id or x and y");
                return null;
            }

            if (!seen.TryAdd(id, c.Location))
            {
                c.Error("crew_id", $"duplicate crew id '{id}' (first at {seen[id]})");
                return null;
            }

            return new Crew(id, baseId.Length > 0 ? baseId : id, x!.Value, y!.Value, start, end, size!.Value) { BusId = bus, Source = c.Location };
        });
    }

    private static List<WorkOrder> ReadOrders(Net network, string path, HashSet<string>? crews, TimeSpan? naive, List<Diagnostic> diagnostics)
    {
        var resolver = new AreaResolver(new HistoryTopology(network));
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        return HistoryCsv.Read(path, OrderColumns.ToArray(), OrderOptionalColumns.ToArray(), diagnostics, [], c =>
        {
            string id = c.Required("order_id");
            DateTimeOffset call = c.Time("call_time", naive);
            string category = c.Required("category").ToLowerInvariant();
            string location = c.Text("location_id");
            (double? x, double? y) = Coordinates(c);
            DateTimeOffset? dispatch = OptionalTime(c, "dispatch_time", naive);
            DateTimeOffset? arrival = OptionalTime(c, "arrival_time", naive);
            DateTimeOffset? restoration = OptionalTime(c, "restoration_time", naive);
            string crew = c.Text("crew_id");
            if (c.HasErrors)
            {
                return null;
            }

            if (location.Length == 0 && x is null)
            {
                c.Error("location_id", "an order needs a location_id or x and y");
                return null;
            }

            if (location.Length > 0 && !resolver.TryResolve(location, out _))
            {
                c.Error("location_id", $"unknown load point, transformer, bus or feeder '{location}'");
                return null;
            }

            if (crew.Length > 0 && crews is not null && !crews.Contains(crew))
            {
                c.Error("crew_id", $"crew '{crew}' is not in the crew register");
                return null;
            }

            // Each given time must not precede the one before it; a missing time is skipped.
            DateTimeOffset previous = call;
            string previousName = "call_time";
            foreach ((string name, DateTimeOffset? time) in new[] { ("dispatch_time", dispatch), ("arrival_time", arrival), ("restoration_time", restoration) })
            {
                if (time is not DateTimeOffset t)
                {
                    continue;
                }

                if (t < previous)
                {
                    c.Error(name, $"{name} is before {previousName}");
                    return null;
                }

                if (t - call > MaximumOrderDuration)
                {
                    c.Error(name, $"more than {MaximumOrderDuration.TotalDays:0} days after the call");
                    return null;
                }

                (previous, previousName) = (t, name);
            }

            if (!seen.TryAdd(id, c.Location))
            {
                c.Error("order_id", $"duplicate order id '{id}' (first at {seen[id]})");
                return null;
            }

            return new WorkOrder(id, call, category)
            {
                LocationId = location,
                X = x,
                Y = y,
                DispatchTime = dispatch,
                CrewId = crew,
                ArrivalTime = arrival,
                FaultFound = c.Text("fault_found"),
                RestorationTime = restoration,
                OutageEventId = c.Text("outage_event_id"),
                AreaClass = c.Text("area_class").ToLowerInvariant(),
                Source = c.Location,
            };
        });
    }

    private static (double? X, double? Y) Coordinates(CsvCells c)
    {
        double? x = c.OptionalDouble("x", -CoordinateLimitKm, CoordinateLimitKm);
        double? y = c.OptionalDouble("y", -CoordinateLimitKm, CoordinateLimitKm);
        if (!c.HasErrors && (x is null) != (y is null))
        {
            c.Error(x is null ? "x" : "y", "give both x and y, or neither");
        }

        return (x, y);
    }

    private static DateTimeOffset? OptionalTime(CsvCells c, string column, TimeSpan? naive) =>
        c.Text(column).Length == 0 ? null : c.Time(column, naive);

    private static TimeOnly ShiftTime(CsvCells c, string column)
    {
        string text = c.Text(column);
        if (text.Length == 0)
        {
            return TimeOnly.MinValue;
        }

        if (text is "24:00")
        {
            return TimeOnly.MinValue;
        }

        if (!TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly time))
        {
            c.Error(column, $"'{text}' is not a local time HH:mm");
        }

        return time;
    }
}
