using Lumen.Reliability.History;
using Xunit;
using static Lumen.Reliability.Tests.History.HandNetwork;

namespace Lumen.Reliability.Tests.History;

public sealed class MajorEventDaysTests
{
    [Fact]
    public void Threshold_SampleDeviation_ExpAlphaPlus2Point5Beta()
    {
        // ln(1, 2, 4, 8) = (0, 1, 2, 3)·ln 2: α = 1.5 ln 2; Σ(x − α)² = 5 ln²2; β = ln 2 · √(5/3) (n − 1); T_MED = exp(α + 2.5β).
        // Zero days are dropped before the logs.
        (double alpha, double beta, double threshold, int n) = MajorEventDays.Threshold([1, 0, 2, 4, 0, 8], new MajorEventOptions());
        double ln2 = Math.Log(2);
        Assert.Equal(4, n);
        Assert.Equal(1.5 * ln2, alpha, 1e-12);
        Assert.Equal(ln2 * Math.Sqrt(5.0 / 3), beta, 1e-12);
        Assert.Equal(Math.Exp((1.5 * ln2) + (2.5 * ln2 * Math.Sqrt(5.0 / 3))), threshold, 1e-9);
    }

    [Fact]
    public void Threshold_PopulationDeviation_DividesByN()
    {
        (_, double beta, _, _) = MajorEventDays.Threshold([1, 2, 4, 8], new MajorEventOptions { Deviation = DeviationKind.Population });
        Assert.Equal(Math.Log(2) * Math.Sqrt(5.0 / 4), beta, 1e-12);
    }

    [Fact]
    public void Threshold_FewerThanTwoDays_NaN()
    {
        Assert.True(double.IsNaN(MajorEventDays.Threshold([0, 3, 0], new MajorEventOptions()).ThresholdHours));
    }

    private static List<OutageEvent> QuietDaysAndOneStorm(int year, bool storm)
    {
        // 30 quiet days: F2 (20 customers, 1 h → daily SAIDI 0.1 h) and F1 (10 customers → 0.05 h) on alternate days.
        var events = new List<OutageEvent>();
        var first = new DateTimeOffset(year, 1, 1, 9, 0, 0, Zone);
        for (int d = 0; d < 30; d++)
        {
            events.Add(Event($"Q{year}-{d}", d % 2 == 0 ? "F2" : "F1", first.AddDays(d), 1));
        }

        if (storm)
        {
            // Both feeders out for 10 h on 20 January: daily SAIDI (100 + 100)·10 / 200 = 10 h.
            events.Add(Event($"S{year}a", "CB1", new DateTimeOffset(year, 1, 20, 14, 0, 0, Zone), 10, cause: "weather"));
            events.Add(Event($"S{year}b", "CB4", new DateTimeOffset(year, 1, 20, 14, 0, 0, Zone), 10, cause: "weather"));
        }

        return events;
    }

    [Fact]
    public void Compute_InPeriodBasis_FindsTheStormDay_AndExcludesIt()
    {
        OutageHistory h = Make(QuietDaysAndOneStorm(2024, storm: true));
        HistoryReport report = HistoryStatistics.Compute(h, new HistoryQuery(From, To) { ExcludeMajorEventDays = true });

        Assert.Equal("in_period", report.MajorEventDays.Basis);
        MajorEventDay med = Assert.Single(report.MajorEventDays.Days);
        Assert.Equal(new DateOnly(2024, 1, 20), med.Date);
        Assert.Equal(10 + 0.05, med.SaidiHours, 1e-9); // the quiet F1 event of that day (d = 19) began on it too
        Assert.Equal(report.ExcludingMajorEventDays, report.System);
        Assert.Equal(report.AllDays.CustomerHours - 2000 - 10, report.System.CustomerHours, 1e-9);
    }

    [Fact]
    public void Compute_PrecedingYearsBasis_LearnsFromThePastOnly()
    {
        // 2023 has quiet days only (0.1 and 0.05 h): T_MED from them is ~0.13 h, so in 2024 only the storm day exceeds it.
        var events = QuietDaysAndOneStorm(2023, storm: false);
        events.AddRange(QuietDaysAndOneStorm(2024, storm: true));
        HistoryReport report = HistoryStatistics.Compute(Make(events), new HistoryQuery(From, To));

        Assert.Equal("preceding_years", report.MajorEventDays.Basis);
        Assert.Equal(30, report.MajorEventDays.LearningDays);
        Assert.Equal(new DateOnly(2019, 1, 1), report.MajorEventDays.LearningFrom);
        Assert.Equal([new DateOnly(2024, 1, 20)], report.MajorEventDays.Days.Select(d => d.Date));
        Assert.Equal(report.AllDays, report.System);
    }

    [Fact]
    public void DailySaidi_AssignsAnEventToItsStartDay_PlannedLeftOutByDefault()
    {
        OutageHistory h = Make([Event("X", "CB1", At(1, 1, 23), 3), Event("P", "CB4", At(1, 2, 9), 3, OutageNature.Planned)]);
        double[] daily = HistoryStatistics.DailySaidi(h, new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 3), new HistoryIndexOptions());
        Assert.Equal([100 * 3.0 / 200, 0], daily);
        double[] withPlanned = HistoryStatistics.DailySaidi(h, new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 3), new HistoryIndexOptions { MajorEvents = { IncludePreArranged = true } });
        Assert.Equal(1.5, withPlanned[1], 1e-12);
    }
}
