using System.Text;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Tracing;
using Lumen.TestSupport;
using Xunit;

namespace Lumen.Topology.Tests.Import;

public sealed class LumenCsvImporterTests
{
    private const string Rbts = "data/reliability/rbts-bus2";

    [Fact]
    public void Import_MiniNetwork_Succeeds()
    {
        using var mini = new MiniNetwork();
        NetworkImportResult result = LumenCsvImporter.Import(mini.Folder);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Network.Network net = result.Network!;
        Assert.Equal(6, net.NodeCount);
        Assert.Equal(2, net.LoadPointCount);
        Assert.Equal(110, net.TotalCustomers);
        Assert.Equal(["FA", "FB"], net.Normal.FeederNames);
        Assert.Single(net.Normal.TieEdges.ToArray());
    }

    [Fact]
    public void Import_CaseSelection_KeepsOnlyDevicesOfThatCase()
    {
        using var mini = new MiniNetwork();
        mini.Write("case.json", """{ "cases": { "X": { "alternate_supply": false, "transformer_outage": "replacement", "switching_time_hours": 0.5 }, "Y": {} } }""");
        NetworkImportResult x = LumenCsvImporter.Import(mini.Folder, "X");
        NetworkImportResult y = LumenCsvImporter.Import(mini.Folder, "Y");
        Assert.True(x.Network!.TryGetDevice("DS1", out _));
        Assert.False(y.Network!.TryGetDevice("DS1", out _));
        Assert.False(x.Case.AlternateSupply);
        Assert.Equal(TransformerOutageMode.Replacement, x.Case.TransformerOutage);
        Assert.Equal(0.5, x.Case.SwitchingTimeHours);
        Assert.True(y.Case.AlternateSupply);
    }

    [SharedDataTheory(Rbts)]
    [InlineData("A", 38, 37)]
    [InlineData("B", 6, 5)]
    [InlineData("C", 28, 27)]
    [InlineData("D", 16, 15)]
    [InlineData("E", 38, 37)]
    [InlineData("F", 16, 15)]
    public void Import_RbtsBus2_EveryCase(string caseId, int devices, int segments)
    {
        // Devices: 4 breakers + 2 normally-open points, plus 22 lateral fuses (A, C, E) and 10 main-feeder
        // disconnects (A, D, E, F). Each device on a tree edge starts a segment; the source bus is one more.
        NetworkImportResult result = LumenCsvImporter.Import(SharedData.PathOf(Rbts), caseId);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Network.Network net = result.Network!;
        NetworkSummary s = NetworkSummary.Of(net);
        // RBTS Bus 2 README §3: 4 feeders, 36 sections, 22 load points, 1908 customers, 20 transformers, 2 NO ties.
        Assert.Equal(4, s.Feeders);
        Assert.Equal(22, s.LoadPoints);
        Assert.Equal(1908, s.Customers);
        Assert.Equal(20, s.Transformers);
        Assert.Equal(36 + 20 + 2, s.Branches);
        Assert.Equal(2, s.Ties);
        Assert.Equal(devices, net.DeviceCount);
        Assert.Equal(segments, s.Segments);
        Assert.Equal(12291.0, net.AverageKw.ToArray().Sum(), 6);
        Assert.Equal(26.15, net.LengthKm.ToArray().Sum(), 6);
    }

    [SharedDataFact(Rbts)]
    public void Import_RbtsBus2_CaseOptionsFollowCaseJson()
    {
        NetworkImportResult e = LumenCsvImporter.Import(SharedData.PathOf(Rbts), "E");
        NetworkImportResult f = LumenCsvImporter.Import(SharedData.PathOf(Rbts), "F");
        Assert.Equal(TransformerOutageMode.Replacement, e.Case.TransformerOutage);
        Assert.True(e.Case.AlternateSupply);
        Assert.False(f.Case.AlternateSupply);
        Assert.Equal(1.0, f.Case.SwitchingTimeHours);
    }

    [SharedDataFact(Rbts)]
    public void Trace_RbtsBus2_Lp1ProtectedByItsLateralFuse()
    {
        Network.Network net = LumenCsvImporter.Import(SharedData.PathOf(Rbts), "A").Network!;
        Assert.True(net.TryGetNode("LP1", out NodeIndex lp1));
        NodeTrace trace = NodeTrace.Of(net.Normal, lp1);
        Assert.Equal("FU_S2", trace.ProtectiveDevice);
        Assert.Equal("F1", trace.Feeder);
        Assert.Equal(["TX_LP1", "S2", "S1"], trace.UpstreamPath.Select(p => p.Branch));

        // F1N4 (end of F1) can be back-fed from F2 through the tie once cut off at the disconnector of S10.
        Assert.True(net.TryGetNode("F1N4", out NodeIndex end));
        NodeTrace endTrace = NodeTrace.Of(net.Normal, end);
        Assert.Equal("S10", endTrace.SegmentEntryBranch);
        AlternateSupply supply = Assert.Single(endTrace.AlternateSupplies);
        Assert.Equal("TIE_F1_F2", supply.Branch);
        Assert.Equal("F2", supply.FromFeeder);
    }

    public static TheoryData<string, string, string, int, string, string> BadInputs => new()
    {
        // name, file to replace, content, expected line, expected field, text expected in the message
        { "empty file", "buses.csv", "", 1, "", "empty" },
        { "header only is fine but missing required column", "branches.csv", "branch_id,from_bus,type\nX,SS,line\n", 1, "to_bus", "required column" },
        { "truncated row", "branches.csv", MiniNetwork.Branches + "S9,A1", 8, "", "fields" },
        { "unterminated quote", "devices.csv", MiniNetwork.Devices + "\"BAD,SA1,SS,fuse,false,\n", 7, "", "unterminated quoted field" },
        { "unit suffix", "branches.csv", MiniNetwork.Branches.Replace("SA1,SS,A1,line,1.0", "SA1,SS,A1,line,1000m"), 2, "length_km", "bare number" },
        { "huge number", "branches.csv", MiniNetwork.Branches.Replace("SB1,SS,B1,line,2.0", "SB1,SS,B1,line,1e400"), 5, "length_km", "out of range" },
        { "metres as km", "branches.csv", MiniNetwork.Branches.Replace("SB1,SS,B1,line,2.0", "SB1,SS,B1,line,2000"), 5, "length_km", "plausible maximum" },
        { "negative rate", "branches.csv", MiniNetwork.Branches.Replace("0.02,20", "-0.02,20"), 3, "failure_rate_per_year", "negative" },
        { "unknown bus", "branches.csv", MiniNetwork.Branches.Replace("TB,B1,LPB", "TB,B7,LPB"), 6, "from_bus", "unknown bus 'B7'" },
        { "duplicate bus", "buses.csv", MiniNetwork.Buses + "A1,node,0,0,0,,10\n", 8, "bus_id", "duplicate bus id 'A1' (first defined at buses.csv:3)" },
        { "loop", "branches.csv", MiniNetwork.Branches + "X2,LPA,LPB,line,1,0.1,5,,false,\n", 8, "normally_open", "branches TB, X2, TA, SA2, SA1, SB1 form a loop" },
        { "island", "buses.csv", MiniNetwork.Buses + "Z9,node,0,0,0,,10\n", 8, "bus_id", "island" },
        { "device on missing branch", "devices.csv", MiniNetwork.Devices + "FUX,NOPE,A1,fuse,false,\n", 7, "branch_id", "does not exist" },
        { "device not at branch end", "devices.csv", MiniNetwork.Devices + "FUX,SA1,B1,fuse,false,\n", 7, "at_bus", "not an end" },
        { "bad boolean", "devices.csv", MiniNetwork.Devices.Replace("CBB,SB1,SS,breaker,false", "CBB,SB1,SS,breaker,maybe"), 5, "normally_open", "true/false" },
        { "unknown device type", "devices.csv", MiniNetwork.Devices.Replace("fuse", "fusible"), 4, "type", "not a device type" },
        { "unknown branch type", "branches.csv", MiniNetwork.Branches.Replace("cable", "rope"), 3, "type", "not a branch type" },
        { "too many customers", "buses.csv", MiniNetwork.Buses.Replace("LPB,load_point,10", "LPB,load_point,99999999999"), 7, "customers", "too large" },
        { "unknown bus kind", "buses.csv", MiniNetwork.Buses.Replace("B1,node", "B1,substation"), 6, "kind", "not a bus kind" },
        { "self loop", "branches.csv", MiniNetwork.Branches.Replace("SA2,A1,A2", "SA2,A1,A1"), 3, "to_bus", "to itself" },
        { "operating probability", "devices.csv", "device_id,branch_id,at_bus,type,operating_probability\nCBA,SA1,SS,breaker,1.5\n", 2, "operating_probability", "between 0 and 1" },
        { "empty id", "buses.csv", MiniNetwork.Buses + ",node,0,0,0,,10\n", 8, "bus_id", "required" },
        { "tap on a line", "branches.csv", WithTap("SB1", "1.05"), 5, "tap_pu", "only to transformers" },
        { "implausible tap", "branches.csv", WithTap("TB", "2.5"), 6, "tap_pu", "outside" },
    };

    [Fact]
    public void Import_TapColumn_SetsTheTransformerTap()
    {
        using var mini = new MiniNetwork(branches: WithTap("TA", "1.025"));
        Network.Network net = LumenCsvImporter.Import(mini.Folder).Network!;
        Assert.True(net.TryGetEdge("TA", out EdgeIndex ta));
        Assert.True(net.TryGetEdge("TB", out EdgeIndex tb));
        Assert.Equal(1.025, net.EdgeTapPu[ta.Value]);
        Assert.Equal(1.0, net.EdgeTapPu[tb.Value]);
    }

    /// <summary>The mini network's branches with a <c>tap_pu</c> column, empty but for <paramref name="branch"/>.</summary>
    private static string WithTap(string branch, string tap) => string.Concat(MiniNetwork.Branches.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select((row, i) => row + (i == 0 ? ",tap_pu" : row.StartsWith(branch + ",", StringComparison.Ordinal) ? "," + tap : ",") + "\n"));

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Import_BadInput_ReportsFileLineAndField(string name, string file, string content, int line, string field, string message)
    {
        using var mini = new MiniNetwork();
        mini.Write(file, content);

        NetworkImportResult result = LumenCsvImporter.Import(mini.Folder);

        Assert.False(result.Succeeded, name);
        Assert.Null(result.Network);
        Assert.Contains(result.Errors, d =>
            d.Location.File == file && d.Location.Line == line && d.Field == field && d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Import_InvalidUtf8_NamesFileAndLine()
    {
        using var mini = new MiniNetwork();
        byte[] gbk = [.. Encoding.ASCII.GetBytes("bus_id,kind\nSS,source\n"), 0xD6, 0xD0, 0xB9, 0xFA, .. Encoding.ASCII.GetBytes(",node\n")];
        mini.WriteBytes("buses.csv", gbk);

        Diagnostic error = Assert.Single(LumenCsvImporter.Import(mini.Folder).Errors, d => d.Location.File == "buses.csv");

        Assert.Equal(3, error.Location.Line);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_Utf16_IsRejected()
    {
        using var mini = new MiniNetwork();
        mini.WriteBytes("buses.csv", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(MiniNetwork.Buses)).ToArray());
        Assert.Contains(LumenCsvImporter.Import(mini.Folder).Errors, d => d.Location.File == "buses.csv" && d.Message.Contains("UTF-16", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_Utf8Bom_IsAccepted()
    {
        using var mini = new MiniNetwork();
        mini.WriteBytes("buses.csv", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(MiniNetwork.Buses)).ToArray());
        Assert.True(LumenCsvImporter.Import(mini.Folder).Succeeded);
    }

    [Fact]
    public void Import_MissingBranchesFile_IsAnError()
    {
        using var mini = new MiniNetwork();
        mini.Delete("branches.csv");
        Assert.Contains(LumenCsvImporter.Import(mini.Folder).Errors, d => d.Location.File == "branches.csv" && d.Message.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_UnknownCase_ListsKnownCases()
    {
        using var mini = new MiniNetwork();
        mini.Write("case.json", """{ "cases": { "X": {} } }""");
        Diagnostic error = Assert.Single(LumenCsvImporter.Import(mini.Folder, "Q").Errors);
        Assert.Equal("cases", error.Field);
        Assert.Contains("known: X", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_MalformedCaseJson_NamesLine()
    {
        using var mini = new MiniNetwork();
        mini.Write("case.json", "{\n \"cases\": {\n \"X\": { ,\n}");
        Diagnostic error = Assert.Single(LumenCsvImporter.Import(mini.Folder, "X").Errors);
        Assert.Equal("case.json", error.Location.File);
        Assert.Equal(3, error.Location.Line);
    }

    [Fact]
    public void Import_ManyProblems_AllReportedAtOnce()
    {
        using var mini = new MiniNetwork();
        mini.Write("branches.csv", MiniNetwork.Branches.Replace("SA1,SS,A1,line,1.0", "SA1,SS,A9,line,-1").Replace("cable", "rope"));
        mini.Write("devices.csv", MiniNetwork.Devices + "FUX,NOPE,A1,fuse,false,\n");

        var errors = LumenCsvImporter.Import(mini.Folder).Errors.ToList();

        Assert.Contains(errors, d => d.Field == "to_bus" && d.Location.Line == 2);
        Assert.Contains(errors, d => d.Field == "length_km" && d.Location.Line == 2);
        Assert.Contains(errors, d => d.Field == "type" && d.Location.Line == 3);
        Assert.Contains(errors, d => d.Field == "branch_id" && d.Location.File == "devices.csv");
    }

    [Fact]
    public void Import_UnknownColumn_IsAWarningNotAnError()
    {
        using var mini = new MiniNetwork(buses: MiniNetwork.Buses.Replace("nominal_kv\n", "nominal_kv,colour\n").Replace(",10\n", ",10,red\n").Replace(",0.4\n", ",0.4,blue\n"));
        NetworkImportResult result = LumenCsvImporter.Import(mini.Folder);
        Assert.True(result.Succeeded);
        Diagnostic warning = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("colour", warning.Field);
    }
}
