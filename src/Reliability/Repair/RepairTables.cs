using Lumen.Reliability.History;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Repair;

/// <summary>Reads the placement study's optional tables: candidate sites and the utility's travel times (docs/repair.md).</summary>
public static class RepairTables
{
    /// <summary>Reads <c>candidate_bases.csv</c>: <c>base_id</c> with a <c>bus_id</c> or <c>x</c> and <c>y</c> (km).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static (IReadOnlyList<BaseSite>? Sites, IReadOnlyList<Diagnostic> Diagnostics) ReadCandidates(Net network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new List<Diagnostic>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        List<BaseSite> sites = HistoryCsv.Read(path, ["base_id"], ["bus_id", "x", "y"], diagnostics, [], c =>
        {
            string id = c.Required("base_id");
            string bus = c.Text("bus_id");
            double? x = c.OptionalDouble("x", -RepairImporter.CoordinateLimitKm, RepairImporter.CoordinateLimitKm);
            double? y = c.OptionalDouble("y", -RepairImporter.CoordinateLimitKm, RepairImporter.CoordinateLimitKm);
            if (c.HasErrors)
            {
                return null;
            }

            if (x is null || y is null)
            {
                if (bus.Length == 0 || !network.TryGetNode(bus, out NodeIndex node) || !double.IsFinite(network.NodeX[node.Value]) || !double.IsFinite(network.NodeY[node.Value]))
                {
                    c.Error(bus.Length == 0 ? "x" : "bus_id", bus.Length == 0 ? "give x and y, or a bus_id" : $"bus '{bus}' is unknown or has no coordinates");
                    return null;
                }

                (x, y) = (network.NodeX[node.Value], network.NodeY[node.Value]);
            }

            if (!seen.Add(id))
            {
                c.Error("base_id", $"duplicate base id '{id}'");
                return null;
            }

            return new BaseSite(id, x.Value, y!.Value);
        });
        return (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? null : sites, diagnostics);
    }

    /// <summary>Reads <c>travel_times.csv</c>: <c>base_id,load_point_id,minutes</c> (0 to 1440).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static (IReadOnlyList<TravelTime>? Times, IReadOnlyList<Diagnostic> Diagnostics) ReadTravelTimes(Net network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new List<Diagnostic>();
        List<TravelTime> times = HistoryCsv.Read(path, ["base_id", "load_point_id", "minutes"], [], diagnostics, [], c =>
        {
            string id = c.Required("base_id");
            string lp = c.Required("load_point_id");
            double? minutes = c.OptionalDouble("minutes", 0, 1440);
            if (!c.HasErrors && minutes is null)
            {
                c.Error("minutes", "value is required");
            }

            if (!c.HasErrors && !network.TryGetLoadPoint(lp, out _))
            {
                c.Error("load_point_id", $"unknown load point '{lp}'");
            }

            return c.HasErrors ? null : new TravelTime(id, lp, minutes!.Value);
        });
        return (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? null : times, diagnostics);
    }
}
