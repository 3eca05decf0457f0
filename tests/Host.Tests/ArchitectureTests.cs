using System.Reflection;
using Lumen.TestSupport;
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
}
