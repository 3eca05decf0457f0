using System.Globalization;
using Lumen.Reliability.Voltage;
using Xunit;

namespace Lumen.Reliability.Tests.Voltage;

public sealed partial class VoltageStatisticsAccumulatorTests
{
    private static DateTimeOffset At(string local) => DateTimeOffset.Parse(local, CultureInfo.InvariantCulture);

    private static VoltageStatistics Run(VoltageProfile profile, double nominal, TimeSpan? interval, params (string Time, double V)[] readings)
    {
        var acc = new VoltageStatisticsAccumulator(profile, new VoltageStatisticsOptions { Interval = interval });
        int p = acc.RegisterPoint("M1", nominal, "TA1", "F1", out string? error);
        Assert.Null(error);
        foreach ((string time, double v) in readings)
        {
            Assert.Equal(ReadingStatus.Ok, acc.Add(p, At(time), v));
        }

        return acc.Complete();
    }

    [Fact]
    public void Complete_HourlySeriesGbT_CountsAboveBelowAndCompliance()
    {
        VoltageStatistics s = Run(VoltageProfile.GbT12325, 220, null,
            ("2024-06-01T00:00+08:00", 230), ("2024-06-01T01:00+08:00", 195), ("2024-06-01T02:00+08:00", 240), ("2024-06-01T03:00+08:00", 220));
        PointVoltageSummary point = Assert.Single(s.Points);
        Assert.Equal(240, point.Totals.MonitoredMinutes);
        Assert.Equal(60, point.Totals.MinutesBelow);
        Assert.Equal(60, point.Totals.MinutesAbove);
        Assert.Equal(0, point.Totals.MissingMinutes);
        Assert.Equal(0.5, point.Totals.ComplianceRate, 12);
        LowVoltageEpisode episode = Assert.Single(s.Episodes);
        Assert.Equal(At("2024-06-01T01:00+08:00"), episode.Start);
        Assert.Equal(At("2024-06-01T02:00+08:00"), episode.End);
        Assert.Equal(195, episode.MinVoltageV);
        Assert.True(point.IsLowVoltageCustomer);
        Assert.Equal(1, s.Total.LowVoltageCustomers);
        Assert.Equal("TA1", Assert.Single(s.Areas).Key);
        Assert.Equal("F1", Assert.Single(s.Feeders).Key);
        Assert.Equal("2024-06", Assert.Single(s.Months).Key);
    }

    [Fact]
    public void Complete_GbTThreePhase380_UsesPlusMinusSevenPercent()
    {
        VoltageStatistics s = Run(VoltageProfile.GbT12325, 380, TimeSpan.FromMinutes(15),
            ("2024-06-01T00:00+08:00", 353), ("2024-06-01T00:15+08:00", 354), ("2024-06-01T00:30+08:00", 407));
        Assert.Equal(15, s.Points[0].Totals.MinutesBelow);
        Assert.Equal(15, s.Points[0].Totals.MinutesAbove);
    }

    [Fact]
    public void Complete_SgccExactlyOneHourBelow_IsNotAnEpisode()
    {
        VoltageStatistics s = Run(VoltageProfile.SgccLowVoltage, 220, null,
            ("2024-06-01T18:00", 197), ("2024-06-01T18:15", 190), ("2024-06-01T18:30", 192), ("2024-06-01T18:45", 196), ("2024-06-01T19:00", 205));
        Assert.Empty(s.Episodes);
        Assert.Equal(60, s.Points[0].Totals.MinutesBelow);
        Assert.False(s.Points[0].IsLowVoltageCustomer);
    }

    [Fact]
    public void Complete_SgccMoreThanOneHourBelow_IsAnEpisode()
    {
        VoltageStatistics s = Run(VoltageProfile.SgccLowVoltage, 220, null,
            ("2024-06-01T18:00", 197), ("2024-06-01T18:15", 190), ("2024-06-01T18:30", 192), ("2024-06-01T18:45", 196), ("2024-06-01T19:00", 197.9), ("2024-06-01T19:15", 205));
        LowVoltageEpisode e = Assert.Single(s.Episodes);
        Assert.Equal(TimeSpan.FromMinutes(75), e.Duration);
        Assert.Equal(190, e.MinVoltageV);
    }

    [Fact]
    public void Complete_Sgcc380VLimitIs342()
    {
        VoltageStatistics s = Run(VoltageProfile.SgccLowVoltage, 380, TimeSpan.FromHours(1),
            ("2024-06-01T18:00", 345), ("2024-06-01T19:00", 341), ("2024-06-01T20:00", 341));
        Assert.Equal(120, s.Points[0].Totals.MinutesBelow);
        Assert.Equal(TimeSpan.FromHours(2), Assert.Single(s.Episodes).Duration);
    }

    [Fact]
    public void Complete_Gap_IsExcludedFromMonitoredTimeAndBreaksEpisodes()
    {
        VoltageStatistics s = Run(VoltageProfile.SgccLowVoltage, 220, null,
            ("2024-06-01T18:00", 190), ("2024-06-01T18:15", 190), ("2024-06-01T18:30", 190), ("2024-06-01T18:45", 190),
            ("2024-06-01T20:00", 190), ("2024-06-01T20:15", 190), ("2024-06-01T20:30", 190), ("2024-06-01T20:45", 190), ("2024-06-01T21:00", 230));
        VoltageTotals t = s.Points[0].Totals;
        Assert.Equal(135, t.MonitoredMinutes);
        Assert.Equal(60, t.MissingMinutes);
        Assert.Equal(120, t.MinutesBelow);
        Assert.Equal(1.0 - (120.0 / 135.0), t.ComplianceRate, 12);

        // Two hours below in all, but never more than one continuous hour with data.
        Assert.Empty(s.Episodes);
    }

    [Fact]
    public void Complete_EpisodeSpanningMidnightAndMonthEnd_IsOneEpisodeCountedInBothMonths()
    {
        VoltageStatistics s = Run(VoltageProfile.SgccLowVoltage, 220, null,
            ("2024-01-31T21:30+08:00", 220),
            ("2024-01-31T22:00+08:00", 190), ("2024-01-31T22:30+08:00", 191), ("2024-01-31T23:00+08:00", 189), ("2024-01-31T23:30+08:00", 192),
            ("2024-02-01T00:00+08:00", 193), ("2024-02-01T00:30+08:00", 188), ("2024-02-01T01:00+08:00", 190), ("2024-02-01T01:30+08:00", 194),
            ("2024-02-01T02:00+08:00", 196), ("2024-02-01T02:30+08:00", 221));
        LowVoltageEpisode e = Assert.Single(s.Episodes);
        Assert.Equal(At("2024-01-31T22:00+08:00"), e.Start);
        Assert.Equal(At("2024-02-01T02:30+08:00"), e.End);
        Assert.Equal(188, e.MinVoltageV);
        Assert.Equal(2, s.Months.Count);
        VoltageGroupSummary jan = s.Months[0];
        VoltageGroupSummary feb = s.Months[1];
        Assert.Equal(("2024-01", 120.0, 1, 1), (jan.Key, jan.Totals.MinutesBelow, jan.LowVoltageCustomers, jan.Episodes));
        Assert.Equal(("2024-02", 150.0, 1, 0), (feb.Key, feb.Totals.MinutesBelow, feb.LowVoltageCustomers, feb.Episodes));
        Assert.Equal(150, jan.Totals.MonitoredMinutes);
        Assert.Equal(1, s.Total.LowVoltageCustomers);
    }

    [Fact]
    public void Complete_SpringForwardDay_Has23MonitoredHours()
    {
        // New York, 10 March 2024: clocks jump from 02:00 EST (−05:00) to 03:00 EDT (−04:00).
        var readings = new List<(string, double)>();
        var start = new DateTimeOffset(2024, 3, 10, 0, 0, 0, TimeSpan.FromHours(-5));
        for (int h = 0; h < 23; h++)
        {
            DateTimeOffset utc = start.AddHours(h);
            TimeSpan offset = utc.UtcDateTime >= new DateTime(2024, 3, 10, 7, 0, 0) ? TimeSpan.FromHours(-4) : TimeSpan.FromHours(-5);
            readings.Add((utc.ToOffset(offset).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture), 225));
        }

        Assert.Equal("2024-03-10T03:00:00-04:00", readings[2].Item1);
        Assert.Equal("2024-03-10T23:00:00-04:00", readings[22].Item1);
        VoltageStatistics s = Run(VoltageProfile.GbT12325, 220, null, [.. readings]);
        Assert.Equal(23 * 60, s.Points[0].Totals.MonitoredMinutes);
        Assert.Equal(0, s.Points[0].Totals.MissingMinutes);
        Assert.Equal("2024-03", Assert.Single(s.Months).Key);
    }

    [Fact]
    public void Complete_FallBackDay_RepeatedHourIsMonitoredTwiceAndEpisodeRunsThroughIt()
    {
        // 3 November 2024: 01:00–02:00 happens twice (−04:00 then −05:00). Low from 00:30 EDT to 02:30 EST = 3 h.
        VoltageStatistics s = Run(VoltageProfile.SgccLowVoltage, 220, TimeSpan.FromMinutes(30),
            ("2024-11-03T00:00-04:00", 220), ("2024-11-03T00:30-04:00", 190), ("2024-11-03T01:00-04:00", 190), ("2024-11-03T01:30-04:00", 190),
            ("2024-11-03T01:00-05:00", 190), ("2024-11-03T01:30-05:00", 190), ("2024-11-03T02:00-05:00", 190), ("2024-11-03T02:30-05:00", 220));
        LowVoltageEpisode e = Assert.Single(s.Episodes);
        Assert.Equal(TimeSpan.FromHours(3), e.Duration);
        Assert.Equal(TimeSpan.FromHours(-5), e.End.Offset);
        Assert.Equal(240, s.Points[0].Totals.MonitoredMinutes);
    }

    [Fact]
    public void Add_OutOfOrderAndDuplicate_AreRejected()
    {
        var acc = new VoltageStatisticsAccumulator(VoltageProfile.GbT12325);
        int p = acc.RegisterPoint("M", 220, null, null, out _);
        Assert.Equal(ReadingStatus.Ok, acc.Add(p, At("2024-01-01T01:00+08:00"), 220));
        Assert.Equal(ReadingStatus.OutOfOrder, acc.Add(p, At("2024-01-01T00:00+08:00"), 220));
        Assert.Equal(ReadingStatus.Duplicate, acc.Add(p, At("2024-01-01T01:00+08:00"), 220));
        Assert.Equal(ReadingStatus.InvalidVoltage, acc.Add(p, At("2024-01-01T02:00+08:00"), double.NaN));
    }

    [Fact]
    public void RegisterPoint_NominalWithoutLimit_Fails()
    {
        var acc = new VoltageStatisticsAccumulator(VoltageProfile.GbT12325);
        Assert.Equal(-1, acc.RegisterPoint("M", 400, null, null, out string? error));
        Assert.Contains("400 V", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Complete_InferredIntervalLowered_Warns()
    {
        VoltageStatistics s = Run(VoltageProfile.GbT12325, 220, null,
            ("2024-06-01T00:00", 220), ("2024-06-01T01:00", 220), ("2024-06-01T01:15", 220), ("2024-06-01T01:30", 220));
        Assert.Single(s.Warnings);
        Assert.Equal(60 + 15 + 15 + 15, s.Points[0].Totals.MonitoredMinutes);
    }

    [Fact]
    public void Complete_NoReadings_ComplianceIsNaN()
    {
        var acc = new VoltageStatisticsAccumulator(VoltageProfile.GbT12325);
        acc.RegisterPoint("M", 220, null, null, out _);
        VoltageStatistics s = acc.Complete();
        Assert.True(double.IsNaN(s.Total.Totals.ComplianceRate));
        Assert.Equal(0, s.Total.Points);
    }
}
