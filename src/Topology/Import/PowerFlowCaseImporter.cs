using Lumen.Topology.Network;

namespace Lumen.Topology.Import;

/// <summary>
/// Imports a radial power-flow test case (IEEE 33-bus and 69-bus layout): <c>buses.csv</c> with
/// <c>bus,p_kw,q_kvar</c> and <c>branches.csv</c> with <c>branch,from_bus,to_bus,r_ohm,x_ohm,normally_open</c>.
/// Bus 1 is the source (slack); every bus with load becomes a load point of one customer; branches are overhead
/// lines without reliability data, and normally-open branches are the tie switches.
/// </summary>
public static class PowerFlowCaseImporter
{
    /// <summary>Base voltage of the Baran–Wu 33- and 69-bus systems, kV line to line.</summary>
    public const double DefaultBaseKv = 12.66;

    private static readonly string[] s_busRequired = ["bus", "p_kw", "q_kvar"];
    private static readonly string[] s_branchRequired = ["branch", "from_bus", "to_bus", "r_ohm", "x_ohm"];
    private static readonly string[] s_branchOptional = ["normally_open"];

    /// <summary>True when <paramref name="folder"/> holds a power-flow case rather than a Lumen network.</summary>
    public static bool Recognises(string folder)
    {
        string buses = Path.Combine(folder, "buses.csv");
        if (!File.Exists(buses))
        {
            return false;
        }

        using var reader = new StreamReader(buses);
        string header = (reader.ReadLine() ?? string.Empty).TrimStart('\uFEFF');
        return header.StartsWith("bus,", StringComparison.Ordinal) && header.Contains("p_kw", StringComparison.Ordinal);
    }

    /// <summary>Imports the case in <paramref name="folder"/> with all buses at <paramref name="baseKv"/>.</summary>
    public static NetworkImportResult Import(string folder, double baseKv = DefaultBaseKv)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var diagnostics = new List<Diagnostic>();
        var builder = new NetworkBuilder();
        bool first = true;
        CsvTable.Read(Path.Combine(folder, "buses.csv"), s_busRequired, [], diagnostics, row =>
        {
            string id = row.Required("bus");
            builder.AddBus(new BusSpec(id, first ? NodeKind.Source : NodeKind.Bus, row.Location) { NominalKv = baseKv });
            first = false;
            double p = row.Double("p_kw", 0);
            double q = row.Double("q_kvar", 0);
            if (p != 0 || q != 0)
            {
                builder.AddLoadPoint(new LoadPointSpec(id, id, row.Location) { Customers = 1, PeakKw = p, AverageKw = p, PeakKvar = q });
            }
        });
        CsvTable.Read(Path.Combine(folder, "branches.csv"), s_branchRequired, s_branchOptional, diagnostics, row =>
        {
            builder.AddBranch(new BranchSpec(row.Required("branch"), row.Required("from_bus"), row.Required("to_bus"), BranchKind.OverheadLine, row.Location)
            {
                ROhm = row.Double("r_ohm", 0),
                XOhm = row.Double("x_ohm", 0),
                NormallyOpen = row.Bool("normally_open", false),
            });
        });

        foreach (Diagnostic d in diagnostics)
        {
            builder.Report(d);
        }

        BuildResult built = builder.Build();
        return new NetworkImportResult(built.Network, StudyCase.Default, built.Diagnostics, built.Draft);
    }
}
