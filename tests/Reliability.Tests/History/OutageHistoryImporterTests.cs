using Lumen.Reliability.History;
using Xunit;

namespace Lumen.Reliability.Tests.History;

public sealed class OutageHistoryImporterTests : IDisposable
{
    private const string Header = "event_id,start,end,device_id,cause,nature\n";
    private readonly string _folder = Directory.CreateTempSubdirectory("lumen-hist-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private HistoryImportResult Import(string outages, string? steps = null, string? momentary = null, HistoryImportOptions? options = null) =>
        OutageHistoryImporter.Import(
            HandNetwork.Network,
            new OutageFiles(Write("outages.csv", outages))
            {
                Steps = steps is null ? null : Write("restoration_steps.csv", steps),
                Momentary = momentary is null ? null : Write("momentary.csv", momentary),
            },
            options);

    [Fact]
    public void Import_ValidFiles_BuildsHistory()
    {
        HistoryImportResult result = Import(
            Header + "A,2024-01-10T10:00:00+08:00,2024-01-10T12:00:00+08:00,CB1,Equipment,fault\nB,2024-01-11 08:00+08:00,2024-01-11T09:00Z,F4,weather,计划\n",
            "event_id,time,device_id,customers_restored\nA,2024-01-10T11:00:00+08:00,SW2,\n",
            "event_id,time,device_id,operations\nM1,2024-01-12T00:00:00+08:00,R3,2\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        OutageHistory h = result.History!;
        Assert.Equal(2, h.EventCount);
        Assert.Equal("equipment", h.Events[0].Cause);
        Assert.Equal(OutageNature.Planned, h.Events[1].Nature);
        Assert.Equal(TimeSpan.FromHours(9), h.Events[1].End - h.Events[1].Start);
        Assert.Single(h.Steps);
        Assert.Single(h.Momentary);
        Assert.Empty(result.Rejected);
    }

    [Theory]
    [InlineData("A,2024-01-10T12:00+08:00,2024-01-10T10:00+08:00,CB1,equipment,fault", 2, "end", "is before start")]
    [InlineData("A,2024-01-10T10:00+08:00,2024-01-10T10:00+08:00,CB1,equipment,fault", 2, "end", "zero-length")]
    [InlineData("A,2024-01-10T10:00+08:00,2024-03-10T10:00+08:00,CB1,equipment,fault", 2, "end", "exceeds the plausible maximum")]
    [InlineData("A,2024-01-10T10:00,2024-01-10T12:00+08:00,CB1,equipment,fault", 2, "start", "has no zone offset")]
    [InlineData("A,yesterday,2024-01-10T12:00+08:00,CB1,equipment,fault", 2, "start", "not an ISO 8601 timestamp")]
    [InlineData("A,2024-01-10T10:00+08:00,2024-01-10T12:00+08:00,XX9,equipment,fault", 2, "device_id", "unknown device or branch 'XX9'")]
    [InlineData("A,2024-01-10T10:00+08:00,2024-01-10T12:00+08:00,NO1,equipment,fault", 2, "device_id", "normally-open")]
    [InlineData("A,2024-01-10T10:00+08:00,2024-01-10T12:00+08:00,CB1,equipment,sometimes", 2, "nature", "not an outage nature")]
    [InlineData("A,2024-01-10T10:00+08:00,2024-01-10T12:00+08:00,CB1,,fault", 2, "cause", "required")]
    [InlineData("A,2024-01-10T10:00+08:00,2024-01-10T12:00+08:00,CB1,equipment", 2, "", "fields but the header has")]
    public void Import_BadOutageRow_RejectedWithFileLineFieldAndReason(string row, int line, string field, string reason)
    {
        HistoryImportResult result = Import(Header + row + "\n");

        Assert.False(result.Succeeded);
        RejectedRow rejected = Assert.Single(result.Rejected);
        Assert.Equal("outages.csv", rejected.File);
        Assert.Equal(line, rejected.Line);
        Assert.Equal(field, rejected.Field);
        Assert.Contains(reason, rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(row, rejected.Row);
    }

    [Fact]
    public void Import_DuplicateAndOverlap_RejectTheLaterRow()
    {
        HistoryImportResult result = Import(Header +
            "A,2024-01-10T10:00+08:00,2024-01-10T12:00+08:00,CB1,equipment,fault\n" +
            "A,2024-01-11T10:00+08:00,2024-01-11T12:00+08:00,CB4,equipment,fault\n" +
            "B,2024-01-10T11:00+08:00,2024-01-10T13:00+08:00,CB1,equipment,fault\n");

        Assert.Collection(
            result.Rejected,
            r => Assert.Equal((3, "event_id"), (r.Line, r.Field)),
            r => Assert.Equal((4, "start"), (r.Line, r.Field)));
        Assert.Contains("overlaps event 'A' (outages.csv:2)", result.Rejected[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_UnknownLoadPointInExplicitList_Rejected()
    {
        HistoryImportResult result = Import("event_id,start,end,device_id,cause,nature,load_points\nA,2024-01-10T10:00+08:00,2024-01-10T12:00+08:00,CB1,equipment,fault,LP1;LPX\n");
        RejectedRow r = Assert.Single(result.Rejected);
        Assert.Equal("load_points", r.Field);
        Assert.Contains("'LPX'", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_BadSteps_Rejected()
    {
        HistoryImportResult result = Import(
            Header + "A,2024-01-10T10:00+08:00,2024-01-10T12:00+08:00,SW2,equipment,fault\n",
            "event_id,time,device_id,customers_restored\n" +
            "Z,2024-01-10T11:00+08:00,R3,\n" +          // unknown event
            "A,2024-01-10T13:00+08:00,R3,\n" +          // after the end
            "A,2024-01-10T11:00+08:00,F4,\n" +          // outside the event's area
            "A,2024-01-10T11:00+08:00,R3,5\n" +         // both kinds
            "A,2024-01-10T11:00+08:00,R3,\n");          // fine
        Assert.Equal([2, 3, 4, 5], result.Rejected.Select(r => r.Line));
        Assert.Contains("unknown or rejected outage event 'Z'", result.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("outside event 'A'", result.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Contains("does not feed any customer", result.Rejected[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_CountStepsRestoringTooMany_Rejected()
    {
        HistoryImportResult result = Import(
            Header + "A,2024-01-10T10:00+08:00,2024-01-10T12:00+08:00,F2,equipment,fault\n",
            "event_id,time,customers_restored\nA,2024-01-10T11:00+08:00,15\nA,2024-01-10T11:30+08:00,15\n");
        RejectedRow r = Assert.Single(result.Rejected);
        Assert.Equal((3, "customers_restored"), (r.Line, r.Field));
        Assert.Contains("restore 30 customers but it interrupted 20", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_BadMomentary_Rejected()
    {
        HistoryImportResult result = Import(Header, momentary: "event_id,time,device_id,operations\nM1,2024-01-12T00:00+08:00,R3,0\nM2,2024-01-12T00:00+08:00,R3,\n");
        Assert.Equal([("operations", 2), ("operations", 3)], result.Rejected.Select(r => (r.Field, r.Line)));
    }

    [Fact]
    public void Import_MissingColumn_FailsWithHeaderDiagnostic()
    {
        HistoryImportResult result = Import("event_id,start,end,device_id,cause\n", options: new HistoryImportOptions { Lenient = true });
        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Field == "nature" && d.Location.Line == 1);
    }

    [Fact]
    public void Import_NaiveTimestamps_AcceptedWithConfiguredZone()
    {
        HistoryImportResult result = Import(Header + "A,2024-01-10 10:00,2024-01-10 12:00,CB1,equipment,fault\n", options: new HistoryImportOptions { NaiveTimestampOffset = TimeSpan.FromHours(8) });
        Assert.True(result.Succeeded);
        Assert.Equal(TimeSpan.FromHours(8), result.History!.Events[0].Start.Offset);
    }

    [Fact]
    public void Import_Lenient_ImportsGoodRowsAndReportsEveryRejectedOne()
    {
        HistoryImportResult result = Import(
            Header +
            "A,2024-01-10T10:00+08:00,2024-01-10T12:00+08:00,CB1,equipment,fault\n" +
            "B,2024-01-10T10:00+08:00,2024-01-10T09:00+08:00,CB4,equipment,fault\n" +
            "C,2024-01-11T10:00+08:00,2024-01-11T12:00+08:00,CB4,equipment,fault\n",
            "event_id,time,device_id\nB,2024-01-10T09:30+08:00,CB4\nA,2024-01-10T11:00+08:00,SW2\n",
            options: new HistoryImportOptions { Lenient = true });

        Assert.True(result.Succeeded);
        Assert.Equal(["A", "C"], result.History!.Events.Select(e => e.EventId));
        Assert.Equal([("outages.csv", 3), ("restoration_steps.csv", 2)], result.Rejected.Select(r => (r.File, r.Line)));
        Assert.Equal(5, result.RowsRead);

        string report = Path.Combine(_folder, "rejected.csv");
        OutageHistoryImporter.WriteRejectionReport(report, result.Rejected);
        string[] lines = File.ReadAllLines(report);
        Assert.Equal("file,line,field,reason,row", lines[0]);
        Assert.StartsWith("outages.csv,3,end,", lines[1], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
    }
}
