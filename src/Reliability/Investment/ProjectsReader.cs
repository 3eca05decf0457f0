using System.Globalization;
using CsvHelper;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Investment;

/// <summary>A project the planner wrote in projects.csv, checked against the network.</summary>
/// <param name="Id">Project id.</param>
/// <param name="Kind">Kind (<see cref="ProjectKinds"/>).</param>
/// <param name="Description">What is built.</param>
/// <param name="Edits">Its changes to the network.</param>
/// <param name="Cost">Its cost (given, else from the unit costs).</param>
/// <param name="MustDo">Whether the plan must include it.</param>
/// <param name="BuildYears">Years from the decision until it works.</param>
/// <param name="Buses">Bus ids it sits at (its feeders and place are taken from them).</param>
public sealed record PlannerProject(string Id, string Kind, string Description, IReadOnlyList<ProjectEdit> Edits, double Cost, bool MustDo, int BuildYears, IReadOnlyList<string> Buses);

/// <summary>
/// Reads the planner's projects.csv (docs/investment.md §4): one project per row, checked against the network. All or
/// nothing: every bad row is reported with file, line and field, and no project is returned unless every row is good.
/// </summary>
public static class ProjectsReader
{
    private static readonly string[] s_required = ["project_id", "kind"];
    private static readonly string[] s_optional = ["cost", "must_do", "build_years", "branch_id", "device_id", "bus_id", "bus_b", "load_point_id", "length_km", "failures_removed", "tap_pu", "kvar", "share", "new_kva", "conductor"];

    /// <summary>The columns the file may have.</summary>
    public static IReadOnlyList<string> Columns { get; } = [.. s_required, .. s_optional];

    /// <summary>Reads <paramref name="path"/> against <paramref name="network"/>; the projects, or null with the problems.</summary>
    public static (IReadOnlyList<PlannerProject>? Projects, IReadOnlyList<Diagnostic> Diagnostics) Read(string path, Net network, InvestmentCosts costs)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(costs);
        string name = Path.GetFileName(path);
        var diagnostics = new List<Diagnostic>();
        if (!StrictCsv.TryReadText(path, name, diagnostics, out string text))
        {
            return (null, diagnostics);
        }

        using CsvReader csv = CsvReader.FromText(text, StrictCsv.Options);
        string[] header = csv.Read() ? csv.Current.ToArray() : [];
        if (header.Length == 0 || !StrictCsv.CheckHeader(name, header, s_required, s_optional, diagnostics, out Dictionary<string, int> columns))
        {
            if (diagnostics.Count == 0)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(name, 1), string.Empty, "the file is empty: a header with project_id,kind is needed"));
            }

            return (null, diagnostics);
        }

        var projects = new List<PlannerProject>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var row = new Row(csv.Current.ToArray(), columns, new SourceLocation(name, (int)csv.LineNumber), diagnostics, network);
            if (!StrictCsv.CheckFieldLengths(row.Location, header, row.Fields, diagnostics))
            {
                continue;
            }

            int before = diagnostics.Count;
            PlannerProject? project = Parse(row, network, costs);
            if (project is not null && !ids.Add(project.Id))
            {
                row.Error("project_id", $"'{project.Id}' is given twice");
            }
            else if (project is not null && diagnostics.Count == before)
            {
                projects.Add(project);
            }
        }

        return diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error) ? (null, diagnostics) : (projects, diagnostics);
    }

    private static PlannerProject? Parse(Row row, Net network, InvestmentCosts costs)
    {
        string id = row.Text("project_id");
        if (id.Length == 0)
        {
            row.Error("project_id", "empty id");
            return null;
        }

        string kind = row.Text("kind").ToLowerInvariant();
        if (!ProjectKinds.All.Contains(kind))
        {
            row.Error("kind", $"unknown kind '{StrictCsv.Quote(kind)}': one of {string.Join(", ", ProjectKinds.All)}");
            return null;
        }

        double? cost = row.Number("cost", 0, 1e10);
        bool mustDo = row.Flag("must_do");
        int buildYears = (int)(row.Number("build_years", 1, 10) ?? 1);
        if (row.Has("build_years") && row.Number("build_years", 1, 10) is double b && b != Math.Floor(b))
        {
            row.Error("build_years", "a whole number of years is needed");
        }

        var inv = CultureInfo.InvariantCulture;
        switch (kind)
        {
            case ProjectKinds.Replacement:
            {
                int e = row.Branch("branch_id");
                double? removed = row.Number("failures_removed", 0, 100, required: true);
                if (e < 0 || removed is null)
                {
                    return null;
                }

                if (cost is null)
                {
                    row.Error("cost", "a replacement needs its cost");
                    return null;
                }

                return Project(string.Create(inv, $"replace the asset on {network.EdgeIds[e]} ({removed:0.####} failures a year fewer)"), [new ReduceFailureRate(network.EdgeIds[e], removed.Value)], cost.Value, [Near(network, e)]);
            }

            case ProjectKinds.Sectionaliser or ProjectKinds.Recloser or ProjectKinds.Fuse:
            {
                int e = row.Branch("branch_id");
                if (e < 0)
                {
                    return null;
                }

                int child = network.Normal.ParentEdge[network.EdgeTo[e]] == e ? network.EdgeTo[e] : network.Normal.ParentEdge[network.EdgeFrom[e]] == e ? network.EdgeFrom[e] : -1;
                if (child < 0)
                {
                    row.Error("branch_id", $"branch '{network.EdgeIds[e]}' is not part of the energised radial tree");
                    return null;
                }

                DeviceKind device = kind == ProjectKinds.Recloser ? DeviceKind.Recloser : kind == ProjectKinds.Fuse ? DeviceKind.Fuse : DeviceKind.LoadBreakSwitch;
                double unit = kind == ProjectKinds.Recloser ? costs.Recloser : kind == ProjectKinds.Fuse ? costs.Fuse : costs.AutomatedSwitch;
                string at = network.NodeIds[network.Normal.Parent[child]];
                return Project($"new {kind} on {network.EdgeIds[e]}", [new NewDevice(id, network.EdgeIds[e], at, device, kind != ProjectKinds.Fuse)], cost ?? unit, [network.NodeIds[child]]);
            }

            case ProjectKinds.Automation:
            {
                string device = row.Text("device_id");
                if (!network.TryGetDevice(device, out DeviceIndex d))
                {
                    row.Error("device_id", device.Length == 0 ? "an automation needs device_id" : $"unknown device '{StrictCsv.Quote(device)}'");
                    return null;
                }

                if (network.DeviceKinds[d.Value] is not (DeviceKind.LoadBreakSwitch or DeviceKind.Disconnector or DeviceKind.Sectionaliser))
                {
                    row.Error("device_id", $"'{device}' is a {network.DeviceKinds[d.Value]}: only switches are automated");
                    return null;
                }

                int e = network.DeviceEdge[d.Value];
                return Project($"automate switch {device}", [new AutomateDevice(device, network.EdgeIds[e])], cost ?? costs.Automation, [network.NodeIds[network.DeviceNode[d.Value]]]);
            }

            case ProjectKinds.Tie:
            {
                int a = row.Bus("bus_id");
                int z = row.Bus("bus_b");
                if (a < 0 || z < 0)
                {
                    return null;
                }

                int fa = network.Normal.FeederOf[a];
                int fz = network.Normal.FeederOf[z];
                if (fa < 0 || fz < 0 || fa == fz)
                {
                    row.Error("bus_b", "a tie joins energised buses of two different feeders");
                    return null;
                }

                double? km = row.Number("length_km", 0.001, 50);
                if (km is null)
                {
                    double dx = network.NodeX[a] - network.NodeX[z];
                    double dy = network.NodeY[a] - network.NodeY[z];
                    if (double.IsNaN(dx) || double.IsNaN(dy))
                    {
                        row.Error("length_km", "the buses have no coordinates: give the route length");
                        return null;
                    }

                    km = Math.Max(0.001, Math.Sqrt((dx * dx) + (dy * dy)) * costs.RouteFactor);
                }

                ConductorType? conductor = row.Conductor();
                if (conductor is null && row.Has("conductor"))
                {
                    return null;
                }

                conductor ??= CandidateGenerator.OverheadTie;
                double unit = costs.Line(conductor.Kind, km.Value) + costs.TieSwitch + costs.Automation;
                return Project(string.Create(inv, $"new automated tie {network.NodeIds[a]} – {network.NodeIds[z]}, {km:0.00} km {conductor.Name}"), [new NewTie(id, network.NodeIds[a], network.NodeIds[z], km.Value, conductor, true)], cost ?? unit, [network.NodeIds[a], network.NodeIds[z]]);
            }

            case ProjectKinds.Tap:
            {
                int e = row.Branch("branch_id");
                double? tap = row.Number("tap_pu", 0.9, 1.1, required: true);
                if (e < 0 || tap is null)
                {
                    return null;
                }

                if (network.EdgeKinds[e] != BranchKind.Transformer)
                {
                    row.Error("branch_id", $"'{network.EdgeIds[e]}' is not a transformer");
                    return null;
                }

                return Project(string.Create(inv, $"tap of {network.EdgeIds[e]} to {tap:0.###} pu"), [new SetTap(network.EdgeIds[e], tap.Value)], cost ?? costs.TapChange, [Near(network, e)]);
            }

            case ProjectKinds.Capacitor:
            {
                int bus = row.Bus("bus_id");
                double? kvar = row.Number("kvar", 1, 100_000, required: true);
                if (bus < 0 || kvar is null)
                {
                    return null;
                }

                return Project(string.Create(inv, $"{kvar:0} kvar capacitor at {network.NodeIds[bus]}"), [new NewCapacitor(network.NodeIds[bus], kvar.Value)], cost ?? costs.CapacitorPerKvar * kvar.Value, [network.NodeIds[bus]]);
            }

            case ProjectKinds.Reconductor or ProjectKinds.Reinforcement:
            {
                int e = row.Branch("branch_id");
                if (e < 0)
                {
                    return null;
                }

                double len = network.LengthKm[e];
                if (network.EdgeKinds[e] is not (BranchKind.OverheadLine or BranchKind.Cable) || !(len > 0))
                {
                    row.Error("branch_id", $"'{network.EdgeIds[e]}' is not a line or cable section with a length");
                    return null;
                }

                ConductorType? conductor = row.Conductor();
                if (conductor is null && row.Has("conductor"))
                {
                    return null;
                }

                conductor = kind == ProjectKinds.Reinforcement
                    ? CandidateGenerator.SecondCircuit(network, e)
                    : (conductor ?? (network.EdgeKinds[e] == BranchKind.Cable ? CandidateGenerator.CableTie : CandidateGenerator.OverheadTie)) with { FailuresPerKmYear = double.NaN, RepairHours = double.NaN };
                return Project($"{kind} {network.EdgeIds[e]} ({conductor.Name})", [new NewConductor(network.EdgeIds[e], conductor)], cost ?? costs.Line(network.EdgeKinds[e], len), [Near(network, e)]);
            }

            default:
            {
                string lp = row.Text("load_point_id");
                if (!network.TryGetLoadPoint(lp, out int l))
                {
                    row.Error("load_point_id", lp.Length == 0 ? "a split needs load_point_id" : $"unknown load point '{StrictCsv.Quote(lp)}'");
                    return null;
                }

                int node = network.LoadPointNode[l];
                int tx = network.Normal.ParentEdge[node];
                if (tx < 0 || network.EdgeKinds[tx] != BranchKind.Transformer)
                {
                    row.Error("load_point_id", $"load point '{lp}' is not fed by a transformer");
                    return null;
                }

                double share = row.Number("share", 0.05, 0.95) ?? 0.5;
                double kva = row.Number("new_kva", 10, 10_000) ?? (network.EdgeRating[tx] > 0 ? network.EdgeRating[tx] : 400);
                return Project(string.Create(inv, $"new {kva:0} kVA transformer taking {share:P0} of area {lp}"), [new SplitArea(lp, network.EdgeIds[tx], share, kva)], cost ?? costs.AreaSplit, [network.NodeIds[node]]);
            }
        }

        PlannerProject Project(string description, IReadOnlyList<ProjectEdit> edits, double c, IReadOnlyList<string> buses) =>
            new(id, kind, description, edits, c, mustDo, buildYears, buses);
    }

    private static string Near(Net network, int edge) =>
        network.NodeIds[network.Normal.ParentEdge[network.EdgeTo[edge]] == edge ? network.EdgeTo[edge] : network.EdgeFrom[edge]];

    private sealed class Row(string[] fields, Dictionary<string, int> columns, SourceLocation location, List<Diagnostic> diagnostics, Net network)
    {
        public SourceLocation Location => location;

        public string[] Fields => fields;

        public bool Has(string column) => Text(column).Length > 0;

        public string Text(string column) => columns.TryGetValue(column, out int i) && i < fields.Length ? fields[i].Trim() : string.Empty;

        public void Error(string column, string message) => diagnostics.Add(new Diagnostic(location, column, message));

        public double? Number(string column, double min, double max, bool required = false)
        {
            string text = Text(column);
            if (text.Length == 0)
            {
                if (required)
                {
                    Error(column, "a value is needed");
                }

                return null;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !(x >= min && x <= max))
            {
                Error(column, string.Create(CultureInfo.InvariantCulture, $"'{StrictCsv.Quote(text)}' is not a number in {min}..{max}"));
                return null;
            }

            return x;
        }

        public bool Flag(string column)
        {
            string text = Text(column).ToLowerInvariant();
            switch (text)
            {
                case "" or "false" or "0" or "no":
                    return false;
                case "true" or "1" or "yes":
                    return true;
                default:
                    Error(column, $"'{StrictCsv.Quote(text)}' is not true or false");
                    return false;
            }
        }

        public int Branch(string column)
        {
            string id = Text(column);
            if (network.TryGetEdge(id, out EdgeIndex e))
            {
                return e.Value;
            }

            Error(column, id.Length == 0 ? "a branch id is needed" : $"unknown branch '{StrictCsv.Quote(id)}'");
            return -1;
        }

        public int Bus(string column)
        {
            string id = Text(column);
            if (network.TryGetNode(id, out NodeIndex n))
            {
                return n.Value;
            }

            Error(column, id.Length == 0 ? "a bus id is needed" : $"unknown bus '{StrictCsv.Quote(id)}'");
            return -1;
        }

        public ConductorType? Conductor()
        {
            string name = Text("conductor");
            if (name.Length == 0)
            {
                return null;
            }

            foreach (ConductorType c in (ConductorType[])[CandidateGenerator.OverheadTie, CandidateGenerator.CableTie])
            {
                if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return c;
                }
            }

            Error("conductor", $"unknown conductor '{StrictCsv.Quote(name)}': {CandidateGenerator.OverheadTie.Name} or {CandidateGenerator.CableTie.Name}");
            return null;
        }
    }
}
