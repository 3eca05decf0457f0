using Lumen.Topology.Import.OpenDss;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;
using Xunit;

namespace Lumen.Topology.Tests.Import;

/// <summary>Hand-written OpenDSS snippets: script syntax and the single-line mapping.</summary>
public sealed partial class OpenDssImporterTests
{
    private const double Tolerance = 1e-9;

    private const string Header = "Clear\r\nNew Circuit.T basekv=12.47 bus1=src\r\n";

    [Fact]
    public void Import_ContinuationLinesAndComments_AssembleOneObject()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "! a comment line",
            "New Line.L1 bus1=src.1.2.3   // trailing comment",
            "",
            "~ bus2=A.1.2.3 ! bus names are case-insensitive",
            "more length=2 units=km r1=0.5 x1=0.25")));

        Net network = AssertBuilt(result);
        int e = EdgeOf(network, "line.l1");
        Assert.Equal("a", network.NodeIds[network.EdgeTo[e]]);
        Assert.Equal(2.0, network.LengthKm[e], Tolerance);
        Assert.Equal(1.0, network.ROhm[e], Tolerance);
        Assert.Equal(0.5, network.XOhm[e], Tolerance);
        Assert.Equal(BranchKind.OverheadLine, network.EdgeKinds[e]);
    }

    [Fact]
    public void Import_RpnValues_AreEvaluated()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Line.L1 bus1=src bus2=a length=(8 1000 /) units=km r1=(0.00625 7 * 1 +) x1=[2 sqr]")));

        Net network = AssertBuilt(result);
        int e = EdgeOf(network, "line.l1");
        Assert.Equal(0.008, network.LengthKm[e], Tolerance);
        Assert.Equal(1.04375 * 0.008, network.ROhm[e], 1e-12);
        Assert.Equal(4 * 0.008, network.XOhm[e], 1e-12);
    }

    [Fact]
    public void Import_Like_CopiesPropertiesThenOverrides()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Line.L1 bus1=src bus2=a length=3 units=kft r1=0.1 x1=0.2",
            "New Line.L2 like=L1 bus1=a bus2=b")));

        Net network = AssertBuilt(result);
        int e = EdgeOf(network, "line.l2");
        Assert.Equal("b", network.NodeIds[network.EdgeTo[e]]);
        Assert.Equal(3 * 0.3048, network.LengthKm[e], Tolerance);
        Assert.Equal(0.3, network.ROhm[e], Tolerance);
    }

    [Fact]
    public void Import_RedirectRelativeToCurrentFile_MatchesNamesCaseInsensitively()
    {
        OpenDssImportResult result = ImportText(
            ("master.dss", Header + "Redirect Sub/LINES.DSS\r\n"),
            ("sub/lines.dss", "Redirect codes.dss\r\nNew Line.L1 bus1=src bus2=a linecode=c1 length=1\r\n"),
            ("sub/Codes.dss", "New LineCode.C1 r1=0.2 x1=0.4 units=km\r\n"));

        Net network = AssertBuilt(result);
        int e = EdgeOf(network, "line.l1");
        Assert.Equal(1.0, network.LengthKm[e], Tolerance);
        Assert.Equal(0.2, network.ROhm[e], Tolerance);
        Assert.Equal(0.4, network.XOhm[e], Tolerance);
    }

    [Theory]
    [InlineData("ft", 1000, 0.3048)]
    [InlineData("kft", 1, 0.3048)]
    [InlineData("mi", 1, 1.609344)]
    [InlineData("m", 250, 0.25)]
    [InlineData("km", 1.5, 1.5)]
    public void Import_LengthUnits_ConvertToKm(string units, double length, double expectedKm)
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + $"New Line.L1 bus1=src bus2=a length={length} units={units}\r\n"));

        Net network = AssertBuilt(result);
        Assert.Equal(expectedKm, network.LengthKm[EdgeOf(network, "line.l1")], Tolerance);
    }

    [Fact]
    public void Import_LineUnitsDifferFromLineCodeUnits_ConvertsImpedance()
    {
        // 1 ohm/mi over 5280 ft (1 mi).
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New LineCode.C r1=1 x1=2 units=mi",
            "New Line.L1 bus1=src bus2=a linecode=C length=5280 units=ft")));

        Net network = AssertBuilt(result);
        int e = EdgeOf(network, "line.l1");
        Assert.Equal(1.609344, network.LengthKm[e], Tolerance);
        Assert.Equal(1.0, network.ROhm[e], 1e-9);
        Assert.Equal(2.0, network.XOhm[e], 1e-9);
    }

    [Fact]
    public void Import_MatrixLineCode_GivesPositiveSequenceImpedance()
    {
        // IEEE 13 mtx601: Z1 = mean(diagonal) - mean(off-diagonal), per mile.
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New linecode.mtx601 nphases=3 BaseFreq=60",
            "~ rmatrix = (0.3465 | 0.1560 0.3375 | 0.1580 0.1535 0.3414 )",
            "~ xmatrix = [1.0179 | 0.5017 1.0478 | 0.4236 0.3849 1.0348 ]",
            "~ units=mi",
            "New Line.L1 Phases=3 Bus1=src.1.2.3 Bus2=a.1.2.3 LineCode=mtx601 Length=2 units=mi")));

        Net network = AssertBuilt(result);
        int e = EdgeOf(network, "line.l1");
        double r1 = ((0.3465 + 0.3375 + 0.3414) / 3) - ((0.1560 + 0.1580 + 0.1535) / 3);
        double x1 = ((1.0179 + 1.0478 + 1.0348) / 3) - ((0.5017 + 0.4236 + 0.3849) / 3);
        Assert.Equal(2 * r1, network.ROhm[e], 1e-9);
        Assert.Equal(2 * x1, network.XOhm[e], 1e-9);
    }

    [Fact]
    public void Import_CableLineCode_GivesCableBranch()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New linecode.721 nphases=3 units=kft rmatrix=[0.05 | 0.01 0.05 | 0.01 0.01 0.05] xmatrix=[0.04 | 0 0.04 | 0 0 0.04] cmatrix=[80 | 0 80 | 0 0 80]",
            "New linecode.UG_1 r1=0.1 x1=0.1 units=km",
            "New Line.L1 bus1=src bus2=a linecode=721 length=1",
            "New Line.L2 bus1=a bus2=b linecode=ug_1 length=1")));

        Net network = AssertBuilt(result);
        Assert.Equal(BranchKind.Cable, network.EdgeKinds[EdgeOf(network, "line.l1")]);
        Assert.Equal(BranchKind.Cable, network.EdgeKinds[EdgeOf(network, "line.l2")]);
    }

    [Fact]
    public void Import_SwitchLine_IsZeroLengthBusTieWithLoadBreakSwitch()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Line.L1 bus1=src bus2=a length=1 units=km",
            "New Line.Sw1 bus1=a bus2=b switch=yes r1=1e-4 length=0.001")));

        Net network = AssertBuilt(result);
        int e = EdgeOf(network, "line.sw1");
        Assert.Equal(BranchKind.BusTie, network.EdgeKinds[e]);
        Assert.Equal(0.0, network.LengthKm[e]);
        int d = Assert.Single(network.DevicesOn(e).ToArray());
        Assert.Equal(DeviceKind.LoadBreakSwitch, network.DeviceKinds[d]);
        Assert.False(network.DeviceNormallyOpen[d]);
    }

    [Fact]
    public void Import_OpenCommand_OpensTheSwitchAtThatTerminal()
    {
        // src-a-b and a tie b-src through Sw: a loop unless the open command is honoured.
        string body = Header + Lines(
            "New Line.L1 bus1=src bus2=a length=1 units=km",
            "New Line.L2 bus1=a bus2=b length=1 units=km",
            "New Line.Sw bus1=src bus2=b switch=y",
            "New Line.L3 bus1=b bus2=c length=1 units=km");

        OpenDssImportResult closed = ImportText(("master.dss", body));
        Assert.Null(closed.Network);
        Assert.Contains(closed.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Field == "normally_open");

        OpenDssImportResult open = ImportText(("master.dss", body + "open Line.Sw terminal=2\r\nopen Line.L3 2\r\nclose line.L3\r\n"));
        Net network = AssertBuilt(open);
        int sw = network.DevicesOn(EdgeOf(network, "line.sw")).ToArray()[0];
        Assert.True(network.DeviceNormallyOpen[sw]);
        Assert.Equal("b", network.NodeIds[network.DeviceNode[sw]]);
        Assert.False(network.EdgeNormallyOpen[EdgeOf(network, "line.l3")]);
    }

    [Fact]
    public void Import_OpenCommandOnPlainLine_OpensTheBranch()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Line.L1 bus1=src bus2=a length=1 units=km",
            "New Line.L2 bus1=a bus2=b length=1 units=km",
            "New Line.L3 bus1=src bus2=b length=1 units=km",
            "Open Line.L3 term=1")));

        Net network = AssertBuilt(result);
        Assert.True(network.EdgeNormallyOpen[EdgeOf(network, "line.l3")]);
    }

    [Fact]
    public void Import_DisabledLine_IsLeftOutWithWarning()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Line.L1 bus1=src bus2=a length=1 units=km",
            "New Line.L2 bus1=a bus2=b length=1 units=km enabled=false")));

        Net network = AssertBuilt(result);
        Assert.Equal(1, network.EdgeCount);
        Diagnostic warning = Assert.Single(result.Diagnostics, d => d.Field == "enabled");
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(4, warning.Location.Line);
        Assert.Equal(2, result.CountOf("line"));
    }

    [Fact]
    public void Import_DisabledSwitch_IsNormallyOpenTie()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Line.L1 bus1=src bus2=a length=1 units=km",
            "New Line.L2 bus1=src bus2=b length=1 units=km",
            "New Line.Tie bus1=a bus2=b switch=y enabled=False")));

        Net network = AssertBuilt(result);
        int d = network.DevicesOn(EdgeOf(network, "line.tie")).ToArray()[0];
        Assert.True(network.DeviceNormallyOpen[d]);
    }

    [Fact]
    public void Import_UnknownClasses_CountedWithOneWarningPerClass()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Line.L1 bus1=src bus2=a length=1 units=km",
            "New LoadShape.S1 npts=3 mult=(file=none.txt)",
            "New LoadShape.S2 npts=3 mult=[1 2 3]",
            "New Monitor.M1 Line.L1 1 mode=0",
            "New EnergyMeter.Feeder Line.L1 1",
            "Set VoltageBases=[12.47] ! ignored",
            "CalcVoltageBases",
            "Solve")));

        AssertBuilt(result);
        Assert.Equal(2, result.CountOf("loadshape"));
        Assert.Equal(1, result.CountOf("monitor"));
        Assert.Equal(1, result.CountOf("energymeter"));
        Assert.Single(result.Diagnostics, d => d.Message.Contains("'loadshape'", StringComparison.Ordinal));
        Assert.Single(result.Diagnostics, d => d.Message.Contains("'monitor'", StringComparison.Ordinal));
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public void Import_TransformerBank_CollapsesToOneBranch()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Transformer.Reg1 phases=1 bank=reg1 XHL=0.01 kVAs=[1666 1666]",
            "~ Buses=[src.1 rg.1] kVs=[2.4  2.4] %LoadLoss=0.01",
            "New Transformer.Reg2 phases=1 bank=reg1 XHL=0.01 kVAs=[1666 1666] Buses=[src.2 rg.2] kVs=[2.4 2.4]",
            "New Transformer.Reg3 like=Reg2 Buses=\"src.3 rg.3\"",
            "New RegControl.C1 transformer=Reg1 winding=2 vreg=122",
            "Transformer.Reg3.wdg=2 Tap=(0.00625 7 * 1 +)")));

        Net network = AssertBuilt(result);
        Assert.Equal(3, result.CountOf("transformer"));
        int e = Assert.Single(Enumerable.Range(0, network.EdgeCount), i => network.EdgeKinds[i] == BranchKind.Transformer);
        Assert.Equal(3 * 1666, network.EdgeRating[e], Tolerance);
        Assert.Equal("transformer.reg1", result.ElementBranches["transformer.reg3"]);
        Assert.Equal(12.47, network.NominalKv[NodeOf(network, "rg")], 1e-9);
    }

    [Fact]
    public void Import_WindingStyleAndThreeWindingTransformers_GiveBranchesFromWindingOne()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Transformer.Sub Phases=3 Windings=2 XHL=(8 1000 /)",
            "~ wdg=1 bus=src conn=delta kv=12.47 kva=5000 %r=(.5 1000 /)",
            "~ wdg=2 bus=mv conn=wye kv=4.16 kva=5000 %r=(.5 1000 /)",
            "New Transformer.T3 windings=3 buses=[mv lv1 lv2] kvs=(4.16, 0.48, 0.24) kvas=(500 500 500) conns='wye wye wye'")));

        Net network = AssertBuilt(result);
        Assert.Equal(3, network.EdgeCount);
        int sub = EdgeOf(network, "transformer.sub");
        Assert.Equal(5000, network.EdgeRating[sub], Tolerance);
        double zBase = 12.47 * 12.47 * 1000 / 5000;
        Assert.Equal(0.008 / 100 * zBase, network.XOhm[sub], 1e-12);
        Assert.Equal(0.001 / 100 * zBase, network.ROhm[sub], 1e-12);
        Assert.Equal(4.16, network.NominalKv[NodeOf(network, "mv")], 1e-9);
        Assert.Equal(0.24, network.NominalKv[NodeOf(network, "lv2")], 1e-9);
        Assert.Equal("mv", network.NodeIds[network.EdgeFrom[EdgeOf(network, "transformer.t3.w3")]]);
    }

    [Fact]
    public void Import_Loads_AttachToBusWithPowerFromPf()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Line.L1 bus1=src bus2=692 length=1 units=km",
            "New Load.A Bus1=692.3.1 Phases=1 Conn=Delta kV=4.16 kW=100 pf=0.8",
            "New Load.B Bus1=692.1 kW= 50 kvar=  20 NumCust=12",
            "New Load.C Bus1=692 kVA=100 pf=-0.6")));

        Net network = AssertBuilt(result);
        Assert.Equal(3, network.LoadPointCount);
        int node = NodeOf(network, "692");
        Assert.All(network.LoadPointNode.ToArray(), n => Assert.Equal(node, n));
        Assert.Equal(75, network.PeakKvar[0], 1e-9);
        Assert.Equal(100, network.AverageKw[0], 1e-9);
        Assert.Equal(1, network.Customers[0]);
        Assert.Equal(20, network.PeakKvar[1], 1e-9);
        Assert.Equal(12, network.Customers[1]);
        Assert.Equal(60, network.PeakKw[2], 1e-9);
        Assert.Equal(-80, network.PeakKvar[2], 1e-9);
        Assert.Equal("a", network.LoadPointIds[0]);
    }

    [Fact]
    public void Import_ProtectionElements_BecomeDevicesAtTheTerminalBus()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Line.L1 bus1=src bus2=a length=1 units=km",
            "New Line.L2 bus1=a bus2=b length=1 units=km",
            "New Line.L3 bus1=b bus2=c length=1 units=km",
            "New Line.Tie bus1=c bus2=src switch=yes",
            "New Relay.R1 MonitoredObj=Line.L1 MonitoredTerm=1",
            "New Recloser.Rc1 Line.L2 1",
            "New Fuse.F1 MonitoredObj=Line.L3 SwitchedObj=Line.L3 SwitchedTerm=2",
            "New SwtControl.S1 SwitchedObj=Line.Tie Normal=open")));

        Net network = AssertBuilt(result);
        Assert.Equal(DeviceKind.Breaker, network.DeviceKinds[DeviceOf(network, "relay.r1")]);
        Assert.Equal("src", network.NodeIds[network.DeviceNode[DeviceOf(network, "relay.r1")]]);
        Assert.Equal(DeviceKind.Recloser, network.DeviceKinds[DeviceOf(network, "recloser.rc1")]);
        int fuse = DeviceOf(network, "fuse.f1");
        Assert.Equal(DeviceKind.Fuse, network.DeviceKinds[fuse]);
        Assert.Equal("c", network.NodeIds[network.DeviceNode[fuse]]);
        int tie = DeviceOf(network, "swtcontrol.s1");
        Assert.True(network.DeviceNormallyOpen[tie]);
        Assert.Single(network.DevicesOn(EdgeOf(network, "line.tie")).ToArray());
    }

    [Fact]
    public void Import_OpenSuffixBusOnlyBehindSwitch_IsTheRealBusWithOpenTie()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Line.L1 bus1=src bus2=a length=1 units=km",
            "New Line.L2 bus1=src bus2=b length=1 units=km",
            "New Line.Sw7 bus1=a bus2=B_OPEN.1 switch=yes")));

        Net network = AssertBuilt(result);
        Assert.Equal(3, network.NodeCount);
        Assert.Equal(4, result.BusCount);
        int e = EdgeOf(network, "line.sw7");
        Assert.Equal("b", network.NodeIds[network.EdgeTo[e]]);
        int d = network.DevicesOn(e).ToArray()[0];
        Assert.True(network.DeviceNormallyOpen[d]);
        Assert.Equal("b", network.NodeIds[network.DeviceNode[d]]);
    }

    [Fact]
    public void Import_BusCoords_CsvAndWhitespace()
    {
        OpenDssImportResult result = ImportText(
            ("master.dss", Header + "New Line.L1 bus1=src bus2=a length=1 units=km\r\nBusCoords xy.csv\r\nBuscoords XY2.txt\r\n"),
            ("xy.csv", "SRC, 1, 2\r\n// comment\r\n"),
            ("xy2.txt", "a\t3.5\t-4\r\n"));

        Net network = AssertBuilt(result);
        Assert.Equal(1, network.NodeX[NodeOf(network, "src")]);
        Assert.Equal(-4, network.NodeY[NodeOf(network, "a")]);
    }

    [Fact]
    public void Import_EditAndVsourceEdit_ChangeExistingObjects()
    {
        OpenDssImportResult result = ImportText(("master.dss", Lines(
            "clear",
            "New circuit.LV",
            "Edit Vsource.Source BasekV=11 pu=1.05",
            "New Line.L1 bus1=sourcebus bus2=a length=1 units=km",
            "Edit Line.L1 length=3",
            "Line.L1.units=m")));

        Net network = AssertBuilt(result);
        Assert.Equal(11, network.NominalKv[NodeOf(network, "sourcebus")]);
        Assert.Equal(0.003, network.LengthKm[EdgeOf(network, "line.l1")], Tolerance);
    }

    [Fact]
    public void Import_MissingMasterFile_IsAnErrorNotAnException()
    {
        OpenDssImportResult result = OpenDssImporter.Import(Path.Combine(Path.GetTempPath(), "no-such-lumen-master.dss"));

        Assert.Null(result.Network);
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Message.Contains("not found", StringComparison.Ordinal));
    }
}
