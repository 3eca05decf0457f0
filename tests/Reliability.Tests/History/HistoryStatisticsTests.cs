using Lumen.Reliability.History;
using Xunit;
using static Lumen.Reliability.Tests.History.HandNetwork;

namespace Lumen.Reliability.Tests.History;

/// <summary>
/// Hand-computed cases on <see cref="HandNetwork"/> over a 1,000-hour period. The six events of <see cref="Scenario"/>:
/// <list type="table">
/// <item>A: CB1, 2 h, fault → LP1+LP2+LP3 = 100 customers, T1–T3 (3 users, 700 kVA).</item>
/// <item>B: F4, 3 h, planned → LP4 100 customers, T4.</item>
/// <item>C: R3, 4 min, fault → momentary for IEEE (≤ 5 min), sustained for DL/T 836 (&gt; 3 min): LP3 70, T3.</item>
/// <item>D: CB1, 6 h, weather, steps CB1 closed after 1 h and SW2 after 6 h → LP1 1 h; LP2, LP3 6 h.</item>
/// <item>E: CB4, 2 h, supply shortage → LP4 100, T4 (excluded from RS-3).</item>
/// <item>F: F2, 1 h, animal → LP2 20, T2.</item>
/// <item>Momentary record: R3, 3 operations → LP3 70 customers.</item>
/// </list>
/// </summary>
public sealed class HistoryStatisticsTests
{
    private const double Tolerance = 1e-9;

    private static readonly HistoryIndexOptions s_options = new()
    {
        CemiN = 2,
        CemsmiN = 3,
        CelidSingle = TimeSpan.FromHours(3),
        CelidTotal = TimeSpan.FromHours(8),
    };

    internal static OutageHistory Scenario()
    {
        OutageEvent[] events =
        [
            Event("A", "CB1", At(1, 10, 10), 2),
            Event("B", "F4", At(1, 20, 8), 3, OutageNature.Planned, "maintenance"),
            Event("C", "R3", At(1, 25, 0), 4.0 / 60),
            Event("D", "CB1", At(2, 1, 0), 6, cause: "weather"),
            Event("E", "CB4", At(2, 5, 18), 2, OutageNature.SupplyShortage, "supply_shortage"),
            Event("F", "F2", At(2, 8, 9), 1, cause: "animal"),
        ];
        RestorationStep[] steps =
        [
            new("D", At(2, 1, 1)) { DeviceId = "CB1" },
            new("D", At(2, 1, 6)) { DeviceId = "SW2" },
        ];
        MomentaryInterruption[] momentary = [new("M1", At(1, 26, 3), "R3", 3)];
        return Make(events, steps, momentary);
    }

    private static HistoricalIndices Indices(OutageHistory history, HistoryQuery? query = null) =>
        HistoryStatistics.Compute(history, (query ?? new HistoryQuery(From, To)) with { Options = s_options }).System;

    [Fact]
    public void Saifi_SumOfCustomersInterruptedOverCustomersServed()
    {
        // SAIFI = Σ N_i / N_T = (100 A + 100 B + 100 D + 100 E + 20 F) / 200 = 2.1; C is momentary (4 min ≤ 5 min).
        HistoricalIndices x = Indices(Scenario());
        Assert.Equal(420, x.CustomerInterruptions, Tolerance);
        Assert.Equal(2.1, x.Saifi, Tolerance);
        Assert.Equal(5, x.SustainedEvents);
        Assert.Equal(2, x.MomentaryEvents);
    }

    [Fact]
    public void Saidi_StepRestoration_EachStepCountsItsOwnCustomersTimesDuration()
    {
        // SAIDI = Σ r_i N_i / N_T; D restores LP1 (10) after 1 h and LP2+LP3 (90) after 6 h: 10·1 + 90·6 = 550.
        // Σ r_i N_i = 2·100 (A) + 3·100 (B) + 550 (D) + 2·100 (E) + 1·20 (F) = 1270 → SAIDI 6.35 h.
        HistoricalIndices x = Indices(Scenario());
        Assert.Equal(1270, x.CustomerHours, Tolerance);
        Assert.Equal(6.35, x.Saidi, Tolerance);
    }

    [Fact]
    public void Caidi_Ctaidi_Caifi_Asai()
    {
        HistoricalIndices x = Indices(Scenario());
        Assert.Equal(1270.0 / 420, x.Caidi, Tolerance);          // CAIDI = SAIDI / SAIFI
        Assert.Equal(200, x.CustomersInterrupted, Tolerance);     // CN: every customer had ≥ 1 sustained interruption
        Assert.Equal(1270.0 / 200, x.Ctaidi, Tolerance);          // CTAIDI = Σ r_i N_i / CN
        Assert.Equal(420.0 / 200, x.Caifi, Tolerance);            // CAIFI = Σ N_i / CN
        Assert.Equal(1 - (1270.0 / (200 * 1000)), x.Asai, Tolerance); // ASAI = 1 − Σ r_i N_i / (N_T · T)
    }

    [Fact]
    public void Asifi_Asidi_ConnectedKvaInterrupted()
    {
        // ASIFI = Σ L_i / L_T = (700 A + 300 B + 700 D + 300 E + 100 F) / 1000 = 2.1.
        // ASIDI = Σ r_i L_i / L_T = (700·2 + 300·3 + (200·1 + 500·6) + 300·2 + 100·1) / 1000 = 6.2 h.
        HistoricalIndices x = Indices(Scenario());
        Assert.Equal(2.1, x.Asifi, Tolerance);
        Assert.Equal(6.2, x.Asidi, Tolerance);
    }

    [Fact]
    public void Maifi_CountsOperations_MaifiE_CountsEvents()
    {
        // MAIFI = Σ momentary interruptions · customers / N_T = (1·70 C + 3·70 record) / 200 = 1.4.
        // MAIFI_E = Σ momentary events · customers / N_T = (70 + 70) / 200 = 0.7.
        HistoricalIndices x = Indices(Scenario());
        Assert.Equal(1.4, x.Maifi, Tolerance);
        Assert.Equal(0.7, x.MaifiE, Tolerance);
    }

    [Fact]
    public void Cemi_Cemsmi_Celid_PerCustomerCounts()
    {
        // Sustained counts: LP1 2 (A, D), LP2 3 (A, D, F), LP3 2 (A, D) + 2 momentary (C, record), LP4 2 (B, E).
        // CEMI_2 = customers with > 2 sustained / N_T = 20 / 200. CEMSMI_3 = > 3 sustained + momentary: LP3 (4) → 70 / 200.
        // Longest single: LP1 2 h, LP2 6 h, LP3 6 h, LP4 3 h → CELID-3h = (20 + 70 + 100) / 200.
        // Totals: LP1 3 h, LP2 9 h, LP3 8 h, LP4 5 h → CELID-t8h = (20 + 70) / 200.
        HistoricalIndices x = Indices(Scenario());
        Assert.Equal(0.1, x.Cemi, Tolerance);
        Assert.Equal(0.35, x.Cemsmi, Tolerance);
        Assert.Equal(0.95, x.CelidS, Tolerance);
        Assert.Equal(0.45, x.CelidT, Tolerance);
    }

    [Fact]
    public void DlT836_TransformerAsUser_ThreeMinuteThreshold()
    {
        // Users are transformers; C (4 min > 3 min) counts. User-hours: A 3·2, B 1·3, C 1·(4/60), D 1·1 + 2·6, E 1·2, F 1·1.
        // AITC-1 = Σ users / users served = (3+1+1+3+1+1) / 4 = 2.5; AIHC-1 = 25.0667 / 4.
        // RS-1 = (1 − AIHC-1 / 1000 h) × 100 %; RS-3 leaves out E (supply shortage): (25.0667 − 2) / 4.
        HistoricalIndices x = Indices(Scenario());
        double userHours = 6 + 3 + (4.0 / 60) + 13 + 2 + 1;
        Assert.Equal(2.5, x.Aitc1, Tolerance);
        Assert.Equal(userHours / 4, x.Aihc1, Tolerance);
        Assert.Equal((1 - (userHours / 4 / 1000)) * 100, x.Rs1, Tolerance);
        Assert.Equal((1 - ((userHours - 2) / 4 / 1000)) * 100, x.Rs3, Tolerance);
    }

    [Fact]
    public void DlT836Threshold_Configurable_FiveMinutesDropsC()
    {
        var options = new HistoryIndexOptions { DlT836Threshold = TimeSpan.FromMinutes(5) };
        HistoricalIndices x = HistoryStatistics.Compute(Scenario(), new HistoryQuery(From, To) { Options = options }).System;
        Assert.Equal(9, x.UserInterruptions, Tolerance);
    }

    [Fact]
    public void SustainedThreshold_Configurable_ThreeMinutesMakesCSustained()
    {
        var options = new HistoryIndexOptions { SustainedThreshold = TimeSpan.FromMinutes(3) };
        HistoricalIndices x = HistoryStatistics.Compute(Scenario(), new HistoryQuery(From, To) { Options = options }).System;
        Assert.Equal(490, x.CustomerInterruptions, Tolerance);
        Assert.Equal(70.0 / 200, x.MaifiE, Tolerance);
    }

    [Fact]
    public void SplitByFeeder_UsesTheFeedersOwnCustomers()
    {
        // F1 serves 100 customers: Σ N_i = 100 A + 100 D + 20 F = 220, Σ r N = 200 + 550 + 20 = 770.
        // F2 serves 100: B and E, 100 each, 3 h and 2 h.
        HistoryReport report = HistoryStatistics.Compute(Scenario(), new HistoryQuery(From, To) { Splits = HistorySplits.Feeder | HistorySplits.Substation, Options = s_options });
        SplitIndices f1 = Assert.Single(report.Splits["feeder"], s => s.Key == "F1");
        SplitIndices f2 = Assert.Single(report.Splits["feeder"], s => s.Key == "F2");
        Assert.Equal(100, f1.Indices.CustomersServed);
        Assert.Equal(2.2, f1.Indices.Saifi, Tolerance);
        Assert.Equal(7.7, f1.Indices.Saidi, Tolerance);
        Assert.Equal(2.0, f2.Indices.Saifi, Tolerance);
        Assert.Equal(5.0, f2.Indices.Saidi, Tolerance);
        Assert.Equal(0.7 * 200 / 100, f1.Indices.MaifiE, Tolerance); // momentary on F1 only, over F1's customers
        SplitIndices substation = Assert.Single(report.Splits["substation"]);
        Assert.Equal("S", substation.Key);
        Assert.Equal(report.System.Saidi, substation.Indices.Saidi, Tolerance);
    }

    [Fact]
    public void SplitByNatureAndCause_ShareTheSystemDenominators_AndSumToTheSystem()
    {
        HistoryReport report = HistoryStatistics.Compute(Scenario(), new HistoryQuery(From, To) { Splits = HistorySplits.Nature | HistorySplits.Cause | HistorySplits.Month, Options = s_options });
        Assert.Equal(report.System.Saidi, report.Splits["nature"].Sum(s => s.Indices.Saidi), Tolerance);
        Assert.Equal(report.System.Saifi, report.Splits["cause"].Sum(s => s.Indices.Saifi), Tolerance);
        Assert.Equal(report.System.Aihc1, report.Splits["month"].Sum(s => s.Indices.Aihc1), Tolerance);
        SplitIndices planned = Assert.Single(report.Splits["nature"], s => s.Key == "planned");
        Assert.Equal(1.5, planned.Indices.Saidi, Tolerance);
        Assert.Equal(["2024-01", "2024-02"], report.Splits["month"].Select(s => s.Key));
    }

    [Fact]
    public void CountSteps_RestoreUnnamedCustomers_TransformersInProportion()
    {
        // CB1 10:00–14:00 with 60 of its 100 customers restored at 11:00: Σ r N = 60·1 + 40·4 = 220.
        // Transformers follow the customers' share: 3·0.6 = 1.8 users after 1 h, 1.2 after 4 h → 6.6 user-hours.
        OutageHistory h = Make([Event("G", "CB1", At(1, 5, 10), 4)], [new("G", At(1, 5, 11)) { CustomersRestored = 60 }]);
        HistoricalIndices x = Indices(h);
        Assert.Equal(220, x.CustomerHours, Tolerance);
        Assert.Equal(100, x.CustomerInterruptions, Tolerance);
        Assert.Equal(6.6, x.UserHours, Tolerance);
        Assert.Equal(3, x.UserInterruptions, Tolerance);
    }

    [Fact]
    public void TieStep_RestoresTheSegmentBeyondTheTie()
    {
        // CB1 trips for 5 h; the tie NO1 is closed after 1 h, feeding N3's segment (LP3, 70 customers) from F2.
        // Σ r N = 70·1 + 30·5 = 220.
        OutageHistory h = Make([Event("H", "CB1", At(1, 5, 10), 5)], [new("H", At(1, 5, 11)) { DeviceId = "NO1" }]);
        Assert.Equal(220, Indices(h).CustomerHours, Tolerance);
    }

    [Fact]
    public void ExplicitCustomers_ReplaceTheTopologyCount()
    {
        OutageHistory h = Make([Event("X", "CB1", At(1, 5, 10), 2) with { CustomersInterrupted = 50, TransformersInterrupted = 2 }]);
        HistoricalIndices x = Indices(h);
        Assert.Equal(50, x.CustomerInterruptions, Tolerance);
        Assert.Equal(100, x.CustomerHours, Tolerance);
        Assert.Equal(2, x.UserInterruptions, Tolerance);
    }

    [Fact]
    public void ExplicitLoadPoints_ReplaceTheTopologySet()
    {
        OutageHistory h = Make([Event("X", "CB1", At(1, 5, 10), 2) with { LoadPointIds = ["LP1", "LP3"] }]);
        HistoricalIndices x = Indices(h);
        Assert.Equal(80, x.CustomerInterruptions, Tolerance);
        Assert.Equal(2, x.UserInterruptions, Tolerance); // T1 and T3
        Assert.Equal(0.6, x.Asifi, Tolerance);           // (200 + 400) / 1000
    }

    [Fact]
    public void FaultedBranch_InterruptsTheProtectionZoneOfItsProtector()
    {
        // A fault on B2 is cleared by CB1 (SW2 is not protective): all of F1's 100 customers.
        OutageHistory h = Make([Event("X", "B2", At(1, 5, 10), 1)]);
        Assert.Equal(100, Indices(h).CustomerInterruptions, Tolerance);
    }

    [Fact]
    public void EventSpanningThePeriodStart_DurationClipped_FrequencyInItsStartPeriod()
    {
        // F4 from 23:00 on 31 Dec to 02:00 on 1 Jan: 2 of its 3 hours fall in the period; it began before, so N is not counted.
        OutageHistory h = Make([Event("X", "F4", From.AddHours(-1), 3)]);
        HistoricalIndices x = Indices(h);
        Assert.Equal(0, x.Saifi, Tolerance);
        Assert.Equal(100 * 2.0 / 200, x.Saidi, Tolerance);
    }

    [Fact]
    public void NoEvents_ZeroIndices_AsaiOne()
    {
        HistoricalIndices x = Indices(Make([]));
        Assert.Equal(0, x.Saifi);
        Assert.Equal(0, x.Saidi);
        Assert.Equal(1, x.Asai);
        Assert.Equal(100, x.Rs1);
        Assert.True(double.IsNaN(x.Caidi));
        Assert.True(double.IsNaN(x.Ctaidi));
    }

    [Fact]
    public void Compute_EmptyHistoryWithoutPeriod_Throws()
    {
        Assert.Throws<ArgumentException>(() => HistoryStatistics.Compute(Make([]), new HistoryQuery()));
    }

    [Fact]
    public void WorstServed_MostInterruptionsAndLongest()
    {
        HistoryReport report = HistoryStatistics.Compute(Scenario(), new HistoryQuery(From, To) { WorstServedCount = 2, Options = s_options });
        WorstServedReport worst = report.WorstServed!;
        Assert.Equal("LP2", worst.MostInterruptions[0].LoadPointId);
        Assert.Equal(3, worst.MostInterruptions[0].SustainedInterruptions);
        Assert.Equal(["LP2", "LP3"], worst.LongestDuration.Select(w => w.LoadPointId));
        Assert.Equal(9, worst.LongestDuration[0].InterruptionHours, Tolerance);
        Assert.Equal("T2", worst.TransformersMostOutages[0].TransformerId);
        Assert.Equal("F1", worst.Feeders[0].Key);
    }

    [Fact]
    public void WorstServedQuery_MergesBothListsOnce_LongestFirst()
    {
        // Top 2 of each list: most interruptions LP2 (3), LP3 (2, 8 h before LP4's 5 h); longest LP2 (9 h), LP3 (8 h).
        WorstServedLoadPoints merged = WorstServedQuery.Run(new WorstServedRequest(Scenario(), Top: 2));
        Assert.Equal(["LP2", "LP3"], merged.LoadPoints.Select(w => w.LoadPointId));

        // Each load point of either list once, whatever the top.
        for (int top = 1; top <= 5; top++)
        {
            WorstServedReport lists = HistoryStatistics.Compute(Scenario(), new HistoryQuery { WorstServedCount = top }).WorstServed!;
            string[] expected = [.. lists.MostInterruptions.Concat(lists.LongestDuration).Select(w => w.LoadPointId).Distinct().Order(StringComparer.Ordinal)];
            WorstLoadPoint[] got = [.. WorstServedQuery.Run(new WorstServedRequest(Scenario(), top)).LoadPoints];
            Assert.Equal(expected, got.Select(w => w.LoadPointId).Order(StringComparer.Ordinal));
            Assert.True(got.Zip(got.Skip(1)).All(p => p.First.InterruptionHours >= p.Second.InterruptionHours));
        }
    }
}
