using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Tracing;
using Lumen.TestSupport;
using Xunit;

namespace Lumen.Topology.Tests.Import;

public sealed class PowerFlowCaseImporterTests
{
    [SharedDataTheory("data/powerflow")]
    [InlineData("ieee33", 33, 37, 32, 3715.0, 2300.0)]
    [InlineData("ieee69", 69, 73, 48, 3802.10, 2694.70)] // this file's totals (its README: papers quote 3802.19 / 2694.6)
    public void Import_BaranWuCases_MatchTheirReadmes(string name, int buses, int branches, int loads, double totalKw, double totalKvar)
    {
        string folder = SharedData.PathOf("data/powerflow/" + name);
        Assert.True(PowerFlowCaseImporter.Recognises(folder));

        NetworkImportResult result = NetworkImporter.Import(folder);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Network.Network net = result.Network!;
        NetworkSummary s = NetworkSummary.Of(net);
        Assert.Equal(buses, s.Buses);
        Assert.Equal(branches, s.Branches);
        Assert.Equal(loads, s.LoadPoints);
        Assert.Equal(5, s.Ties);
        Assert.Equal(1, s.Feeders);
        Assert.Equal(totalKw, net.PeakKw.ToArray().Sum(), 2);
        Assert.Equal(totalKvar, net.PeakKvar.ToArray().Sum(), 1);
        Assert.All(net.NominalKv.ToArray(), kv => Assert.Equal(PowerFlowCaseImporter.DefaultBaseKv, kv));
    }

    [Fact]
    public void Import_BadImpedance_NamesLineAndField()
    {
        string folder = Directory.CreateTempSubdirectory("lumen-pf-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "buses.csv"), "bus,p_kw,q_kvar\n1,0,0\n2,100,60\n");
            File.WriteAllText(Path.Combine(folder, "branches.csv"), "branch,from_bus,to_bus,r_ohm,x_ohm,normally_open\n1,1,2,abc,0.047,0\n");

            Diagnostic error = Assert.Single(NetworkImporter.Import(folder).Errors);

            Assert.Equal(("branches.csv", 2, "r_ohm"), (error.Location.File, error.Location.Line, error.Field));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
