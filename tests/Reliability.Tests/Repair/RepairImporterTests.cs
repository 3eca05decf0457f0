using Lumen.Reliability.Repair;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Repair;

public sealed class RepairImporterTests : IDisposable
{
    private const string CrewHeader = "crew_id,base_id,bus_id,x,y,shift_start,shift_end,size\n";
    private const string GoodCrews = CrewHeader + "C1,BASE-S,S,,,,,4\nC2,BASE-E,,20,1,08:00,20:00,3\n";
    private const string OrderHeader = "order_id,call_time,location_id,x,y,category,dispatch_time,crew_id,arrival_time,fault_found,restoration_time,outage_event_id,area_class\n";
    private readonly string _folder = Directory.CreateTempSubdirectory("lumen-repair-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Import_GoodFiles_ReadsEveryField()
    {
        RepairImportResult r = Import(GoodCrews, OrderHeader +
            "W1,2024-03-01T10:00:00+08:00,A1,,,Outage,2024-03-01T10:05:00+08:00,C1,2024-03-01T10:40:00+08:00,broken insulator,2024-03-01T12:00:00+08:00,E1,\n" +
            "W2,2024-03-02 09:00:00+08:00,,19.9,0.2,customer_side,,,,,,,remote\n");
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        Assert.Equal(2, r.Crews.Count);
        Assert.Equal((0.0, 0.0, "BASE-S", "S"), (r.Crews[0].X, r.Crews[0].Y, r.Crews[0].BaseId, r.Crews[0].BusId));
        Assert.True(r.Crews[0].OnShift(new TimeOnly(3, 0)));
        Assert.False(r.Crews[1].OnShift(new TimeOnly(21, 0)));
        WorkOrder w1 = r.Orders[0];
        Assert.Equal(("outage", "A1", "C1", "E1", "broken insulator"), (w1.Category, w1.LocationId, w1.CrewId, w1.OutageEventId, w1.FaultFound));
        Assert.Equal(TimeSpan.FromMinutes(40), w1.ArrivalTime - w1.CallTime);
        WorkOrder w2 = r.Orders[1];
        Assert.Equal((19.9, 0.2, "remote"), (w2.X!.Value, w2.Y!.Value, w2.AreaClass));
        Assert.Null(w2.DispatchTime);
    }

    [Theory]
    [InlineData("W1,2024-03-01T10:00:00+08:00,A1,,,outage,2024-03-01T09:55:00+08:00,C1,,,,,\n", 2, "dispatch_time", "before call_time")]
    [InlineData("W1,2024-03-01T10:00:00+08:00,A1,,,outage,2024-03-01T10:05:00+08:00,C1,2024-03-01T10:01:00+08:00,,,,\n", 2, "arrival_time", "before dispatch_time")]
    [InlineData("W1,2024-03-01T10:00:00+08:00,A1,,,outage,,C1,2024-03-01T10:30:00+08:00,,2024-03-01T10:20:00+08:00,,\n", 2, "restoration_time", "before arrival_time")]
    [InlineData("W1,2024-03-01T10:00:00+08:00,NOWHERE,,,outage,,,,,,,\n", 2, "location_id", "unknown")]
    [InlineData("W1,2024-03-01T10:00:00+08:00,,,,outage,,,,,,,\n", 2, "location_id", "location_id or x and y")]
    [InlineData("W1,2024-03-01T10:00:00+08:00,,5,,outage,,,,,,,\n", 2, "y", "both x and y")]
    [InlineData("W1,2024-03-01T10:00:00+08:00,A1,,,outage,,C9,,,,,\n", 2, "crew_id", "not in the crew register")]
    [InlineData("W1,2024-03-01T10:00:00,A1,,,outage,,,,,,,\n", 2, "call_time", "no zone offset")]
    [InlineData("W1,2024-03-01T10:00:00+08:00,A1,,,outage,,,,,2024-05-01T10:00:00+08:00,,\n", 2, "restoration_time", "days after the call")]
    [InlineData("W1,2024-03-01T10:00:00+08:00,A1,,,,,,,,,,\n", 2, "category", "required")]
    [InlineData("W1,2024-03-01T10:00:00+08:00,A1,,,outage,,,,,,,\nW1,2024-03-02T10:00:00+08:00,A2,,,outage,,,,,,,\n", 3, "order_id", "duplicate")]
    [InlineData("W0,2024-03-01T10:00:00+08:00,A1,,,outage,,,,,,,\nW1,2024-03-01T10:00:00+08:00,A1,,,outage,,C1,,,\n", 3, "", "fields but the header")]
    public void Import_BadOrder_NamesFileLineAndField_AndImportsNothing(string rows, int line, string field, string message)
    {
        RepairImportResult r = Import(GoodCrews, OrderHeader + rows);
        Assert.False(r.Succeeded);
        Assert.Empty(r.Orders);
        Assert.Empty(r.Crews);
        Diagnostic d = Assert.Single(r.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(("work_orders.csv", line, field), (d.Location.File, d.Location.Line, d.Field));
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("C1,B,NOPE,,,,,4\n", "bus_id", "unknown bus")]
    [InlineData("C1,B,,,,,,4\n", "bus_id", "bus_id or x and y")]
    [InlineData("C1,B,S,,,,,0\n", "size", "below the minimum")]
    [InlineData("C1,B,S,,,,,\n", "size", "required")]
    [InlineData("C1,B,S,,,8am,,3\n", "shift_start", "HH:mm")]
    [InlineData("C1,B,S,,,,,3\nC1,B,S,,,,,3\n", "crew_id", "duplicate")]
    public void Import_BadCrew_NamesFileLineAndField(string rows, string field, string message)
    {
        RepairImportResult r = Import(CrewHeader + rows, OrderHeader);
        Assert.False(r.Succeeded);
        Diagnostic d = Assert.Single(r.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(("crews.csv", field), (d.Location.File, d.Field));
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_MissingColumnOrNotUtf8_IsAFileError()
    {
        RepairImportResult r = Import(GoodCrews, "order_id,call_time\nW1,2024-03-01T10:00:00+08:00\n");
        Diagnostic d = Assert.Single(r.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(("work_orders.csv", 1, "category"), (d.Location.File, d.Location.Line, d.Field));

        File.WriteAllBytes(Path.Combine(_folder, "work_orders.csv"), [0xFF, 0xFE, 0x41, 0x00]);
        RepairImportResult utf16 = RepairImporter.Import(RepairNetwork.Network, new RepairFiles(Path.Combine(_folder, "work_orders.csv"), Path.Combine(_folder, "crews.csv")));
        Assert.Contains(utf16.Diagnostics, x => x.Message.Contains("UTF-16", StringComparison.Ordinal));
        Assert.Empty(utf16.Orders);
    }

    private RepairImportResult Import(string crews, string orders)
    {
        string crewPath = Path.Combine(_folder, "crews.csv");
        string orderPath = Path.Combine(_folder, "work_orders.csv");
        File.WriteAllText(crewPath, crews);
        File.WriteAllText(orderPath, orders);
        return RepairImporter.Import(RepairNetwork.Network, new RepairFiles(orderPath, crewPath));
    }
}
