using Lumen.Reliability.Voltage;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Voltage;

public sealed class VoltageReadingsReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lumen-voltage-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Read_OnReading_GetsEveryAcceptedReadingWithItsPoint_NotTheRejectedOnes()
    {
        string path = Write("r.csv", """
            point_id,timestamp,voltage_v,nominal_v,feeder_id
            M1,2024-07-01T19:00:00+08:00,190,220,F1
            M2,2024-07-01T19:00:00+08:00,9200,10000,
            M1,2024-07-01T19:00:00+08:00,191,220,F1
            M1,2024-07-01T20:00:00+08:00,215,220,F1
            """);
        var seen = new List<VoltageReading>();
        VoltageStatisticsReadResult result = VoltageReadingsReader.Read(path, VoltageProfile.SgccLowVoltage, onReading: seen.Add);

        // Line 4 repeats M1's instant: an error, and not passed on.
        Assert.False(result.Succeeded);
        Assert.Equal([2, 3, 5], seen.Select(r => r.Line));
        Assert.Equal(new VoltageReading("M1", 2, new DateTimeOffset(2024, 7, 1, 19, 0, 0, TimeSpan.FromHours(8)), 190, 220, "M1", "F1"), seen[0]);
        Assert.Equal(("M2", 9200.0, 10000.0, "M2", (string?)null), (seen[1].PointId, seen[1].VoltageV, seen[1].NominalV, seen[1].AreaId, seen[1].FeederId));
        Assert.Equal(215, seen[2].VoltageV);
    }

    [Fact]
    public void Read_InterleavedPointsWithAreasAndFeeders_GroupsThem()
    {
        string path = Write("r.csv", """
            point_id,timestamp,voltage_v,nominal_v,area_id,feeder_id
            M1,2024-07-01T19:00:00,190,220,TA1,F1
            M2,2024-07-01T19:00:00,225,220,TA1,F1
            M3,2024-07-01T19:00:00,9200,10000,TA2,F2
            M1,2024-07-01T20:00:00,191,220,TA1,F1
            M2,2024-07-01T20:00:00,226,220,TA1,F1
            M3,2024-07-01T20:00:00,9250,10000,TA2,F2
            M1,2024-07-01T21:00:00,215,220,TA1,F1
            M2,2024-07-01T21:00:00,224,220,TA1,F1
            M3,2024-07-01T21:00:00,10000,10000,TA2,F2
            """);
        VoltageStatisticsReadResult result = VoltageReadingsReader.Read(path, VoltageProfile.SgccLowVoltage);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        VoltageStatistics s = result.Statistics!;
        Assert.Equal(9, result.Readings);
        Assert.Equal(["TA1", "TA2"], s.Areas.Select(a => a.Key));
        Assert.Equal(1, s.Areas[0].LowVoltageCustomers);
        Assert.Equal(2, s.Areas[0].Points);
        Assert.Equal(1, s.Areas[1].LowVoltageCustomers);
        Assert.Equal(2, s.Total.LowVoltageCustomers);
        LowVoltageEpisode first = s.Episodes[0];
        Assert.Equal(TimeSpan.FromHours(8), first.Start.Offset);
        Assert.Equal(("M1", "TA1", "F1"), (first.PointId, first.AreaId, first.FeederId));
        Assert.Equal(9200, s.Episodes[1].MinVoltageV);
    }

    [Fact]
    public void Query_ReportInHoursAndPercent_PointsInKeyOrder_LongestEpisodesFirst_BadRequestsNamed()
    {
        string path = Write("r.csv", """
            point_id,timestamp,voltage_v,nominal_v,area_id,feeder_id
            M9,2024-07-01T19:00:00+08:00,190,220,TA1,F1
            M9,2024-07-01T20:00:00+08:00,191,220,TA1,F1
            M9,2024-07-01T21:00:00+08:00,190,220,TA1,F1
            M9,2024-07-01T22:00:00+08:00,215,220,TA1,F1
            M1,2024-07-01T19:00:00+08:00,190,220,TA2,F1
            M1,2024-07-01T20:00:00+08:00,190,220,TA2,F1
            M1,2024-07-01T21:00:00+08:00,221,220,TA2,F1
            """);
        VoltageStatistics stats = VoltageReadingsReader.Read(path, VoltageProfile.SgccLowVoltage).Statistics!;

        VoltageStatisticsReport report = VoltageStatisticsQuery.Run(stats, new("point", 1)).Value!;
        Assert.Equal(["M1", "M9"], report.Groups.Select(g => g.Key));
        Assert.Equal(7, report.ReadingCount);
        Assert.Equal(2, report.EpisodeCount);
        VoltageEpisodeReport longest = Assert.Single(report.Episodes);
        Assert.Equal(("M9", 3.0), (longest.PointId, longest.Hours));
        VoltageGroupReport m9 = report.Groups[1];
        Assert.Equal(25.0, m9.CompliancePercent!.Value, 9);
        Assert.Equal(3.0, m9.HoursBelow, 9);

        Assert.Equal("by", Assert.Single(VoltageStatisticsQuery.Run(stats, new("year")).Problems).Field);
        Assert.Equal("top", Assert.Single(VoltageStatisticsQuery.Run(stats, new("area", 1001)).Problems).Field);
        Assert.Equal("top", Assert.Single(VoltageStatisticsQuery.Check(new("area", -1))).Field);
    }

    [Fact]
    public void Read_BadRows_NameLineAndFieldAndComputeNothing()
    {
        string path = Write("bad.csv", """
            point_id,timestamp,voltage_v,nominal_v
            M1,2024-07-01T19:00:00+08:00,220,220
            M1,yesterday,220,220
            M1,2024-07-01T20:00:00+08:00,abc,220
            M2,2024-07-01T20:00:00+08:00,220,400
            M1,2024-07-01T18:00:00+08:00,220,220
            M1,2024-07-01T21:00:00+08:00,220
            """);
        VoltageStatisticsReadResult result = VoltageReadingsReader.Read(path, VoltageProfile.GbT12325);
        Assert.False(result.Succeeded);
        Assert.Equal(
            [("bad.csv", 3, "timestamp"), ("bad.csv", 4, "voltage_v"), ("bad.csv", 5, "nominal_v"), ("bad.csv", 6, "timestamp"), ("bad.csv", 7, "")],
            result.Diagnostics.Select(d => (d.Location.File, d.Location.Line, d.Field)));
    }

    [Fact]
    public void Read_MissingColumn_IsAnError()
    {
        string path = Write("h.csv", "point_id,timestamp,voltage_v\nM1,2024-07-01T19:00:00,220\n");
        VoltageStatisticsReadResult result = VoltageReadingsReader.Read(path, VoltageProfile.GbT12325);
        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal((1, "nominal_v"), (d.Location.Line, d.Field));
    }

    [Fact]
    public void ProfileCatalog_UserProfile_IsFoundBeforeBuiltIns()
    {
        string path = Write("p.json", """
            { "profiles": [ { "name": "strict", "minimum_duration_minutes": 30,
              "limits": [ { "nominal_v": 220, "lower_v": 205, "upper_v": 235 } ] } ] }
            """);
        VoltageProfileReadResult read = VoltageProfileCatalog.Read(path);
        Assert.True(read.Succeeded);
        VoltageProfile p = VoltageProfileCatalog.Find("strict", read.Profiles)!;
        Assert.Equal(TimeSpan.FromMinutes(30), p.MinimumLowDuration);
        Assert.Equal(205, p.Limits[0].LowerV);
        Assert.Same(VoltageProfile.GbT12325, VoltageProfileCatalog.Find("gbt12325", read.Profiles));
    }

    [Fact]
    public void ProfileCatalog_BadJson_NamesTheLine()
    {
        string path = Write("p.json", "{ \"profiles\": [\n { \"name\": \"x\", \"colour\": 1 } ] }");
        VoltageProfileReadResult read = VoltageProfileCatalog.Read(path);
        Assert.False(read.Succeeded);
        Assert.Equal(2, Assert.Single(read.Diagnostics).Location.Line);
    }

    [Fact]
    public void ProfileCatalog_InconsistentLimits_IsAnError()
    {
        string path = Write("p.json", """{ "profiles": [ { "name": "x", "minimum_duration_minutes": 0, "limits": [ { "nominal_v": 220, "lower_v": 240, "upper_v": 250 } ] } ] }""");
        VoltageProfileReadResult read = VoltageProfileCatalog.Read(path);
        Assert.Contains("lower < nominal", Assert.Single(read.Diagnostics).Message, StringComparison.Ordinal);
    }
}
