using System.Reflection;
using Lumen.TestSupport;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Host.Tests;

/// <summary>Rules of the solution's shape that the compiler does not check.</summary>
public sealed class ArchitectureTests
{
    public static TheoryData<string, string[]> Libraries => new()
    {
        { "Lumen.Topology", [] },
        { "Lumen.Reliability", ["Lumen.Topology"] },
        { "Lumen.Forecast", [] },
    };

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_ReferencesOnlyAllowedLumenAssemblies(string library, string[] allowed)
    {
        Assembly assembly = Assembly.Load(library);
        var lumen = assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Lumen", StringComparison.Ordinal) || n == "lumen").ToList();
        Assert.All(lumen, name => Assert.Contains(name, allowed));
        Assert.DoesNotContain(assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || a.Name!.StartsWith("DuckDB", StringComparison.Ordinal));
    }

    [Fact]
    public void ServiceCode_NeverReachesIntoCliCommands()
    {
        // The service and the CLI share documents (Host/Documents) and library types, never each other's commands.
        var offenders = new List<string>();
        foreach (string folder in new[] { "Api", "Documents", "Extensions", "Options", "Services", "Storage", "Telemetry" })
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(SharedData.RepositoryRoot, "src", "Host", folder), "*.cs", SearchOption.AllDirectories))
            {
                if (File.ReadAllText(file).Contains("Cli.Commands", StringComparison.Ordinal))
                {
                    offenders.Add(file);
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void HostCode_NeverWritesToTheSystemTemporaryFolder()
    {
        // Every temporary file of the service stays private inside the data directory (Storage/PrivateTemp).
        string[] banned = ["GetTempPath", "GetTempFileName", "CreateTempSubdirectory"];
        var offenders = Directory.EnumerateFiles(Path.Combine(SharedData.RepositoryRoot, "src", "Host"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => banned.Any(b => File.ReadAllText(f).Contains(b, StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Sources_NeverUseQuikGraphRecursiveSearches()
    {
        // These four QuikGraph searches recurse and were measured killing the process at 25k-60k depth (STYLE.md rule 29).
        string[] banned = ["BidirectionalDepthFirstSearch", "EdgeDepthFirstSearch", "ImplicitDepthFirstSearch", "ImplicitEdgeDepthFirstSearch"];
        var offenders = new List<string>();
        foreach (string folder in new[] { "src", "tests", "benchmarks" })
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(SharedData.RepositoryRoot, folder), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) || file.EndsWith(nameof(ArchitectureTests) + ".cs", StringComparison.Ordinal))
                {
                    continue;
                }

                string text = File.ReadAllText(file);
                offenders.AddRange(banned.Where(b => text.Contains(b, StringComparison.Ordinal)).Select(b => $"{file}: {b}"));
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void SharedNetworkModel_ExposesNoMutableArray()
    {
        // A Network and its traces are shared between threads and requests: their arrays are read through views only.
        Assert.Empty(PublicArrays(typeof(Network)).Concat(PublicArrays(typeof(RadialTrace))).Concat(PublicArrays(typeof(SwitchState))));
    }

    [Fact]
    public void Libraries_ExposeNoNewPublicArray()
    {
        // Results and registers the service shares between requests (power flow, asset risk, asset register) are read
        // through ReadOnlySpan views. The public arrays left are fresh per call (method returns), the inputs and answer
        // of one request (crew placement), intermediate sums of one assessment, imported phase data and demo ground
        // truth: none is shared. A new public array is a view, or is added here on purpose.
        string[] known =
        [
            "AreaClassRules.Classify", "BacktestProtocol.OriginDays", "DemoAssets.Frailty", "DemoAssets.HazardLastYear", "DemoAssets.TrueHealth",
            "EdgeDurations.Hours", "EdgeDurations.Start", "FailureConsequences.CustomerHours", "FailureConsequences.CustomersInterrupted",
            "FailureConsequences.CustomersTransferred", "FailureConsequences.EnergyNotSuppliedKwh", "FailureConsequences.LoadPointsInterrupted",
            "FailureConsequences.OutageHours", "FailureConsequences.WeightedCustomers", "HistoryStatistics.DailySaidi", "OutageHistory.AffectedLoadPoints",
            "OutageHistory.RestorationTimes", "PhaseCapacitor.Nodes", "PhaseLine.FromNodes", "PhaseLine.ToNodes", "PhaseLine.YShuntSiemens", "PhaseLine.ZOhm",
            "PhaseLoad.Nodes", "PhaseLoadShape.Multipliers", "PhaseUnbalance.SupplyingTransformer", "PhaseWinding.Nodes", "PlacementProblem.Baseline",
            "PlacementProblem.Cost", "PlacementProblem.Existing", "PlacementSolution.Chosen", "PlacementSolution.Closed", "PlacementSolution.MarginalGains",
            "ThreePhaseResult.LineCurrentA", "ThreePhaseResult.LoadVoltagePu",
        ];
        string[] found = [.. new[] { "Lumen.Topology", "Lumen.Reliability", "Lumen.Forecast" }
            .SelectMany(a => Assembly.Load(a).GetExportedTypes()).SelectMany(PublicArrays).Order(StringComparer.Ordinal)];
        Assert.Equal(known.Order(StringComparer.Ordinal), found);
    }

    [Fact]
    public void PublicArrays_FindsAnArrayPropertyFieldOrReturn()
    {
        Assert.Equal(["ExposesArrays.ArrayField", "ExposesArrays.ArrayProperty", "ExposesArrays.ArrayReturn"], PublicArrays(typeof(ExposesArrays)).Order(StringComparer.Ordinal));
    }

    // Public properties, fields and method returns of an array type (anything a caller could write through).
    private static IEnumerable<string> PublicArrays(Type type)
    {
        const BindingFlags members = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return type.GetProperties(members).Where(p => p.PropertyType.IsArray).Select(p => p.Name)
            .Concat(type.GetFields(members).Where(f => f.FieldType.IsArray).Select(f => f.Name))
            .Concat(type.GetMethods(members).Where(m => !m.IsSpecialName && m.ReturnType.IsArray).Select(m => m.Name))
            .Select(name => $"{type.Name}.{name}");
    }

#pragma warning disable CA1819, CA1051, SA1401 // the fixture breaks the rule on purpose
    private sealed class ExposesArrays
    {
        public int[] ArrayField = [];

        public int[] ArrayProperty { get; } = [];

        public ReadOnlySpan<int> View => ArrayProperty;

        public int[] ArrayReturn() => ArrayField;
    }
#pragma warning restore CA1819, CA1051, SA1401
}
