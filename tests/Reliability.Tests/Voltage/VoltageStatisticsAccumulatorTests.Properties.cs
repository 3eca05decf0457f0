using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Reliability.Voltage;

namespace Lumen.Reliability.Tests.Voltage;

public sealed partial class VoltageStatisticsAccumulatorTests
{
    /// <summary>
    /// Brute-force oracle: every minute of a series is labelled (missing, normal, above, below) from the readings, then
    /// totals are counts of minutes and episodes are runs of below-minutes (a missing minute breaks a run).
    /// </summary>
    private static (long Monitored, long Missing, long Above, long Below, List<(long Start, long End, double Min)> Episodes) Oracle(
        List<(long Minute, double V)> series, long intervalMinutes, double lower, double upper, long minimumMinutes)
    {
        long first = series[0].Minute;
        long last = series[^1].Minute + intervalMinutes;
        var label = new byte[last - first]; // 0 missing, 1 normal, 2 above, 3 below
        var volts = new double[last - first];
        for (int k = 0; k < series.Count; k++)
        {
            long end = k + 1 < series.Count ? Math.Min(series[k + 1].Minute, series[k].Minute + intervalMinutes) : series[k].Minute + intervalMinutes;
            double v = series[k].V;
            for (long m = series[k].Minute; m < end; m++)
            {
                label[m - first] = (byte)(v < lower ? 3 : v > upper ? 2 : 1);
                volts[m - first] = v;
            }
        }

        long monitored = 0, missing = 0, above = 0, below = 0;
        var episodes = new List<(long, long, double)>();
        long runStart = -1;
        double runMin = double.PositiveInfinity;
        for (long i = 0; i <= label.Length; i++)
        {
            byte l = i < label.Length ? label[i] : (byte)0;
            if (i < label.Length)
            {
                monitored += l != 0 ? 1 : 0;
                missing += l == 0 ? 1 : 0;
                above += l == 2 ? 1 : 0;
                below += l == 3 ? 1 : 0;
            }

            if (l == 3)
            {
                if (runStart < 0)
                {
                    runStart = i;
                    runMin = double.PositiveInfinity;
                }

                runMin = Math.Min(runMin, volts[i]);
            }
            else if (runStart >= 0)
            {
                if (i - runStart > minimumMinutes)
                {
                    episodes.Add((first + runStart, first + i, runMin));
                }

                runStart = -1;
            }
        }

        return (monitored, missing, above, below, episodes);
    }

    [Property(MaxTest = 200)]
    public Property Complete_RandomSeries_MatchesMinuteOracle(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        long interval = new long[] { 15, 30, 60 }[rng.Next(3)];
        VoltageProfile profile = rng.Next(2) == 0 ? VoltageProfile.GbT12325 : VoltageProfile.SgccLowVoltage;
        var series = new List<(long Minute, double V)>();
        long minute = rng.Next(0, 60 * 24 * 3);
        int count = 1 + rng.Next(120);
        for (int k = 0; k < count; k++)
        {
            series.Add((minute, 185 + (rng.NextDouble() * 60)));
            minute += rng.NextDouble() < 0.85 ? interval : interval * (1 + rng.Next(5));
        }

        var origin = new DateTimeOffset(2024, 1, 30, 0, 0, 0, TimeSpan.FromHours(8));
        var acc = new VoltageStatisticsAccumulator(profile, new VoltageStatisticsOptions { Interval = TimeSpan.FromMinutes(interval) });
        int p = acc.RegisterPoint("M", 220, null, null, out _);
        foreach ((long m, double v) in series)
        {
            acc.Add(p, origin.AddMinutes(m), v);
        }

        VoltageStatistics s = acc.Complete();
        profile.TryGetLimit(220, out VoltageLimit limit);
        var expected = Oracle(series, interval, limit.LowerV, limit.UpperV, (long)profile.MinimumLowDuration.TotalMinutes);
        VoltageTotals t = s.Points[0].Totals;
        bool episodesMatch = s.Episodes.Count == expected.Episodes.Count;
        for (int i = 0; episodesMatch && i < s.Episodes.Count; i++)
        {
            episodesMatch = s.Episodes[i].Start == origin.AddMinutes(expected.Episodes[i].Start)
                && s.Episodes[i].End == origin.AddMinutes(expected.Episodes[i].End)
                && s.Episodes[i].MinVoltageV == expected.Episodes[i].Min;
        }

        double monthMonitored = 0;
        foreach (VoltageGroupSummary m in s.Months)
        {
            monthMonitored += m.Totals.MonitoredMinutes;
        }

        return (t.MonitoredMinutes == expected.Monitored && t.MissingMinutes == expected.Missing
                && t.MinutesAbove == expected.Above && t.MinutesBelow == expected.Below && episodesMatch
                && monthMonitored == expected.Monitored)
            .Label($"got {t} / {s.Episodes.Count} episodes; expected {expected.Monitored}/{expected.Missing}/{expected.Above}/{expected.Below} / {expected.Episodes.Count}");
    }
}
