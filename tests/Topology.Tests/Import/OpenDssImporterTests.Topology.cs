using Lumen.TestSupport;
using Lumen.Topology.Import.OpenDss;
using Lumen.Topology.Network;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tests.Import;

/// <summary>The single-line structure of the published feeders.</summary>
public sealed partial class OpenDssImporterTests
{
    [SharedDataFact(Feeders + "ieee13")]
    public void Import_Ieee13_RegulatorBankIsOneBranchAndVoltagesPropagate()
    {
        OpenDssImportResult result = OpenDssImporter.Import(SharedData.PathOf(Feeders + "ieee13/IEEE13Nodeckt.dss"));

        Net network = AssertBuilt(result);
        Assert.Equal(16, network.NodeCount);
        Assert.Equal(12 + 3, network.EdgeCount);
        Assert.Equal("transformer.reg1", result.ElementBranches["transformer.reg3"]);
        int bank = EdgeOf(network, "transformer.reg1");
        Assert.Equal(3 * 1666, network.EdgeRating[bank], Tolerance);
        Assert.Equal(NodeKind.Source, network.NodeKinds[NodeOf(network, "sourcebus")]);
        Assert.Equal(115, network.NominalKv[NodeOf(network, "sourcebus")], 1e-9);
        Assert.Equal(4.16, network.NominalKv[NodeOf(network, "675")], 1e-9);
        Assert.Equal(0.48, network.NominalKv[NodeOf(network, "634")], 1e-9);
        int sw = Assert.Single(network.DevicesOn(EdgeOf(network, "line.671692")).ToArray());
        Assert.Equal(DeviceKind.LoadBreakSwitch, network.DeviceKinds[sw]);

        // 692-675 (mtx606) and 684-652 (mtx607) are the underground sections of the IEEE 13 feeder.
        Assert.Equal(BranchKind.Cable, network.EdgeKinds[EdgeOf(network, "line.692675")]);
        Assert.Equal(BranchKind.Cable, network.EdgeKinds[EdgeOf(network, "line.684652")]);
        Assert.Equal(BranchKind.OverheadLine, network.EdgeKinds[EdgeOf(network, "line.650632")]);
        Assert.Equal(2000 * 0.0003048, network.LengthKm[EdgeOf(network, "line.650632")], 1e-12);
        Assert.Equal(200, network.NodeX[NodeOf(network, "sourcebus")]);
    }

    [SharedDataFact(Feeders + "ieee123")]
    public void Import_Ieee123BothMasters_GiveTheSameTopologyWithTwoOpenTies()
    {
        OpenDssImportResult master = OpenDssImporter.Import(SharedData.PathOf(Feeders + "ieee123/IEEE123Master.dss"));
        OpenDssImportResult switches = OpenDssImporter.Import(SharedData.PathOf(Feeders + "ieee123/IEEE123Switches.dss"));

        Net a = AssertBuilt(master);
        Net b = AssertBuilt(switches);
        Assert.Equal(132, master.BusCount);
        Assert.Equal(130, switches.BusCount);
        Assert.Equal(EdgeSet(a), EdgeSet(b));
        Assert.Equal(a.NodeIds.ToArray().Order(), b.NodeIds.ToArray().Order());
        foreach (Net network in new[] { a, b })
        {
            Assert.Equal(130, network.NodeCount);
            Assert.Equal(126 + 5, network.EdgeCount);
            string[] open = OpenDevices(network);
            Assert.Equal(["switch.sw7@300", "switch.sw8@94"], open);
        }
    }

    [SharedDataFact(Feeders + "ieee8500")]
    public void Import_Ieee8500_DisabledSwitchesAreTheFiveOpenTies()
    {
        OpenDssImportResult result = OpenDssImporter.Import(SharedData.PathOf(Feeders + "ieee8500/Master.dss"));

        Net network = AssertBuilt(result);
        Assert.Equal(5, OpenDevices(network).Length);
        Assert.Equal(43, network.DeviceCount);
        Assert.Equal(115, network.NominalKv[NodeOf(network, "sourcebus")], 1e-9);
        Assert.Equal(12.47, network.NominalKv[NodeOf(network, "hvmv_sub_48332")], 1e-9);
        Assert.Equal(BranchKind.BusTie, network.EdgeKinds[EdgeOf(network, "reactor.hvmv_sub_hsb")]);
        Assert.Equal(1, result.CountOf("reactor"));
    }

    [SharedDataFact(Feeders + "european_lv")]
    public void Import_EuropeanLv_IsOneRadialTreeBelowTheTransformer()
    {
        OpenDssImportResult result = OpenDssImporter.Import(SharedData.PathOf(Feeders + "european_lv/Master.dss"));

        Net network = AssertBuilt(result);
        Assert.Equal(907, network.NodeCount);
        Assert.Equal(906, network.EdgeCount);
        Assert.Equal(11, network.NominalKv[NodeOf(network, "sourcebus")], 1e-9);
        Assert.Equal(0.416, network.NominalKv[NodeOf(network, "1")], 1e-9);
        Assert.Equal(1.098 / 1000, network.LengthKm[EdgeOf(network, "line.line1")], 1e-12);
        Assert.Equal(55, result.CountOf("loadshape"));
    }

    private static HashSet<(string, string)> EdgeSet(Net network)
    {
        var set = new HashSet<(string, string)>();
        for (int e = 0; e < network.EdgeCount; e++)
        {
            string f = network.NodeIds[network.EdgeFrom[e]];
            string t = network.NodeIds[network.EdgeTo[e]];
            set.Add(string.CompareOrdinal(f, t) < 0 ? (f, t) : (t, f));
        }

        return set;
    }

    private static string[] OpenDevices(Net network)
    {
        var open = new List<string>();
        for (int d = 0; d < network.DeviceCount; d++)
        {
            if (network.DeviceNormallyOpen[d])
            {
                open.Add($"{network.DeviceIds[d]}@{network.NodeIds[network.DeviceNode[d]]}");
            }
        }

        open.Sort(StringComparer.Ordinal);
        return open.ToArray();
    }
}
