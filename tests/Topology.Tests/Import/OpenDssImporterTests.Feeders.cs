using Lumen.TestSupport;
using Lumen.Topology.Import.OpenDss;
using Lumen.Topology.Network;
using Xunit;
using Xunit.Abstractions;

namespace Lumen.Topology.Tests.Import;

/// <summary>The published IEEE and European feeders in ../shared import into valid radial networks with the README counts.</summary>
public sealed partial class OpenDssImporterTests(ITestOutputHelper output)
{
    private const string Feeders = "data/feeders/";

    public static TheoryData<string, int, int, int, int, double> FeederCounts => new()
    {
        // master, buses (names referenced), lines, transformers, loads, total kW (NaN: not published)
        { "ieee13/IEEE13Nodeckt.dss", 16, 12, 5, 15, 3466 },
        { "ieee34/ieee34Mod1.dss", 37, 32, 8, 68, 1769 },
        { "ieee34/Run_IEEE34Mod1.dss", 37, 32, 8, 68, 1769 },
        // Mod2 splits the distributed loads at mid-section buses: the README counts (37/32/68) are those of Mod1.
        { "ieee34/ieee34Mod2.dss", 56, 51, 8, 38, 1769 },
        { "ieee34/Run_IEEE34Mod2.dss", 56, 51, 8, 38, 1769 },
        { "ieee37/ieee37.dss", 39, 36, 4, 30, 2457 },
        { "ieee123/IEEE123Master.dss", 132, 126, 8, 91, 3490 },
        { "ieee123/IEEE123Switches.dss", 130, 126, 8, 91, 3490 },
        { "ieee123/Run_IEEE123Bus.DSS", 132, 126, 8, 91, 3490 },
        { "european_lv/Master.dss", 907, 905, 1, 55, 55 },
        { "ieee8500/Master.dss", 4876, 3703, 1190, 1177, 10773 },
        { "ieee8500/Run_8500Node.dss", 4876, 3703, 1190, 1177, 10773 },
    };

    [SharedDataTheory(Feeders)]
    [MemberData(nameof(FeederCounts))]
    public void Import_Feeder_MatchesReadmeCountsAndBuilds(string master, int buses, int lines, int transformers, int loads, double totalKw)
    {
        OpenDssImportResult result = OpenDssImporter.Import(SharedData.PathOf(Feeders + master));
        foreach (Diagnostic d in result.Diagnostics)
        {
            output.WriteLine(d.ToString());
        }

        output.WriteLine($"buses {result.BusCount}, counts: {string.Join(", ", result.ObjectCounts.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}");
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.NotNull(result.Network);
        Assert.Equal(buses, result.BusCount);
        Assert.Equal(lines, result.CountOf("line"));
        Assert.Equal(transformers, result.CountOf("transformer"));
        Assert.Equal(loads, result.CountOf("load"));
        Assert.Equal(loads, result.Network.LoadPointCount);
        double kw = 0;
        foreach (double p in result.Network.PeakKw)
        {
            kw += p;
        }

        Assert.Equal(totalKw, kw, 0.5);
        Assert.Empty(result.Network.Normal.LoopEdges.ToArray());
        Assert.Equal(0, result.Network.Normal.DeEnergisedCount);
    }
}
