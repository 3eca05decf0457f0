using Lumen.Reliability.Planning;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Planning;

public sealed class DiagnosisTests
{
    private static readonly double s_kvaPerAmp = Math.Sqrt(3) * 10;

    // Substation S1 (at 0,0) feeds F1 and F3, substation S2 (at 4,0) feeds F2.
    // F1: S1 -H1 (breaker, cable 1 km)- A -AB (automated switch, line 2 km)- B -BD (line 1 km)- D; at A a fused
    //     100 kVA transformer T1 to A_LV (load LT, 120 kW: overloaded); at B load LB 300 kW, at D load LD 200 kW.
    // F2: S2 -H2 (breaker, cable 0.5 km)- C, load LC 400 kW. Tie D–C, normally open.
    // F3: S1 -H3 (breaker, line 3 km)- E, load LE 100 kW; no tie.
    private static Network Build(double h2Kva = 2000, double h1Kva = 2000, double lbKw = 300, bool lateral = false)
    {
        var b = new NetworkBuilder();
        void Bus(string id, NodeKind kind, double x, double y, double kv = 10) =>
            b.AddBus(new BusSpec(id, kind, SourceLocation.None) { NominalKv = kv, X = x, Y = y });
        Bus("S1", NodeKind.Source, 0, 0);
        Bus("S2", NodeKind.Source, 4, 0);
        Bus("A", NodeKind.Bus, 1, 0);
        Bus("A_LV", NodeKind.Bus, 1, 0.1, 0.4);
        Bus("B", NodeKind.Bus, 2, 0);
        Bus("D", NodeKind.Bus, 3, 0);
        Bus("C", NodeKind.Bus, 3.5, 0);
        Bus("E", NodeKind.Bus, 0, 3);
        void Branch(string id, string from, string to, BranchKind kind, double km, double rating = double.NaN, bool open = false) =>
            b.AddBranch(new BranchSpec(id, from, to, kind, SourceLocation.None)
            {
                LengthKm = km, Rating = rating, NormallyOpen = open, FailureRatePerYear = km * 0.1, RepairHours = 4,
            });
        Branch("H1", "S1", "A", BranchKind.Cable, 1, h1Kva / s_kvaPerAmp);
        Branch("AB", "A", "B", BranchKind.OverheadLine, 2);
        Branch("BD", "B", "D", BranchKind.OverheadLine, 1);
        Branch("T1", "A", "A_LV", BranchKind.Transformer, 0, 100);
        Branch("H2", "S2", "C", BranchKind.Cable, 0.5, h2Kva / s_kvaPerAmp);
        Branch("H3", "S1", "E", BranchKind.OverheadLine, 3, 1000 / s_kvaPerAmp);
        Branch("T", "D", "C", BranchKind.BusTie, 0, double.NaN, open: true);
        b.AddDevice(new DeviceSpec("CB1", "H1", "S1", DeviceKind.Breaker, SourceLocation.None));
        b.AddDevice(new DeviceSpec("SW1", "AB", "A", DeviceKind.LoadBreakSwitch, SourceLocation.None) { Automated = true });
        b.AddDevice(new DeviceSpec("FU1", "T1", "A", DeviceKind.Fuse, SourceLocation.None));
        b.AddDevice(new DeviceSpec("CB2", "H2", "S2", DeviceKind.Breaker, SourceLocation.None));
        b.AddDevice(new DeviceSpec("CB3", "H3", "S1", DeviceKind.Breaker, SourceLocation.None));
        void Load(string id, string bus, double kw) =>
            b.AddLoadPoint(new LoadPointSpec(id, bus, SourceLocation.None) { Customers = 10, PeakKw = kw, AverageKw = kw / 2 });
        Load("LT", "A_LV", 120);
        Load("LB", "B", lbKw);
        Load("LD", "D", 200);
        Load("LC", "C", 400);
        Load("LE", "E", 100);
        if (lateral)
        {
            // A branch line off B behind its own breaker, with 150 kW at its end: not on the way to the tie.
            Bus("G", NodeKind.Bus, 2, 1);
            Branch("BG", "B", "G", BranchKind.OverheadLine, 1);
            b.AddDevice(new DeviceSpec("CBG", "BG", "B", DeviceKind.Breaker, SourceLocation.None));
            Load("LG", "G", 150);
        }

        BuildResult result = b.Build();
        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
        return result.Network!;
    }

    private static DiagnosisReport Run(Network network, Action<DiagnosisRequest>? check = null, IReadOnlyList<ElementLoadSeries>? load = null, IReadOnlyDictionary<string, string>? zones = null) =>
        DiagnosisQuery.Run(new DiagnosisRequest(network, "hand", StudyCase.Default)
        {
            Load = load ?? [],
            Zones = zones ?? new Dictionary<string, string> { ["S1"] = "B", ["S2"] = "B" },
        });

    private static FeederDiagnosis Feeder(DiagnosisReport report, string name) => report.Feeders.Single(f => f.Feeder == name);

    [Fact]
    public void Interconnection_TiedFeedersAndInterSubstationTies()
    {
        DiagnosisReport report = Run(Build());
        Assert.True(Feeder(report, "H1").Interconnected);
        Assert.True(Feeder(report, "H1").InterSubstation);
        Assert.Equal(1, Feeder(report, "H2").Ties);
        Assert.False(Feeder(report, "H3").Interconnected);
        Assert.Equal(2.0 / 3, report.System.InterconnectionRate!.Value, 12);
        Assert.Equal(2.0 / 3, report.System.InterSubstationRate!.Value, 12);
        DiagnosisSummary s1 = report.Substations.Single(s => s.Key == "S1");
        Assert.Equal(0.5, s1.InterconnectionRate!.Value, 12);
        Assert.Contains(report.Problems, p => p.Rule == "radial_feeder" && p.Feeder == "H3" && p.Severity == "high");
    }

    [Fact]
    public void N1_TransferWithinRating_Passes_AndTheRadialFeederFails()
    {
        // Head H1 out: B and D (500 kW) move to F2 whose head carries 400 kW: 900 ≤ 2,000 kVA.
        DiagnosisReport report = Run(Build());
        Assert.True(Feeder(report, "H1").N1Passes);
        Assert.True(Feeder(report, "H2").N1Passes);
        FeederDiagnosis radial = Feeder(report, "H3");
        Assert.False(radial.N1Passes);
        Assert.Equal("no_tie", radial.N1Failures[0].BindingLimit);
        Assert.Equal(0.1, radial.N1Failures[0].NotRestorableMw, 9);
        Assert.Equal(2.0 / 3, report.System.N1PassRate!.Value, 12);
    }

    [Fact]
    public void N1_HeadOfReceivingFeederTooSmall_FailsWithTheBindingBranchAndItsLoading()
    {
        // 400 + 500 = 900 kW on an 800 kVA head (rated in A at 10 kV), whose current at the 1.05 pu source is
        // 900 / (800 · 1.05) = 107.1 % of its rating. No switch between B and D to pick up D alone: all 500 kW stay off.
        DiagnosisReport report = Run(Build(h2Kva: 800));
        FeederDiagnosis f1 = Feeder(report, "H1");
        Assert.False(f1.N1Passes);
        N1Failure head = f1.N1Failures.First(x => x.FractionOfPeak == 1.0 && x.Section == "CB1");
        Assert.Equal("branch_rating", head.BindingLimit);
        Assert.Equal("H2", head.BindingElement);
        Assert.Equal(100 * 900 / (800 * 1.05), head.BindingLoadingPercent!.Value, 6);
        Assert.Equal(0.5, head.NotRestorableMw, 9);
        Assert.Equal(20, head.NotRestorableCustomers, 9);

        // At half load (900 × 0.5 = 450 ≤ 800) it passes: the default levels reach below 0.89 of peak.
        Assert.Contains(true, f1.N1PassesByLevel.Skip(1));
        Assert.Contains(report.Problems, p => p.Rule == "n1" && p.Feeder == "H1" && p.Severity == "high");

        // Unconstrained: every tied feeder passes.
        DiagnosisReport free = DiagnosisQuery.Run(new DiagnosisRequest(Build(h2Kva: 800), "hand", StudyCase.Default) { Limits = RestorationLimits.Unlimited });
        Assert.True(Feeder(free, "H1").N1Passes);
        Assert.False(Feeder(free, "H3").N1Passes);
    }

    [Fact]
    public void N1_BranchLineBehindABreaker_IsNotATrunkSectionAndGoesOutWithItsSection()
    {
        // The lateral BG has no tie: as a section of its own it would fail N-1, but it is not on the way to the tie.
        // Head outage: B, D and G (650 kW) move to F2 (400 kW) on a 2,000 kVA head; outage of SW1's section (B and D,
        // G hanging off it): nothing is left downstream on the trunk, and G goes out with its section.
        DiagnosisReport report = Run(Build(lateral: true));
        FeederDiagnosis f1 = Feeder(report, "H1");
        Assert.True(f1.N1Passes, string.Join("; ", f1.N1Failures));
        Assert.Equal(2, f1.Sections);

        // With F2's head at 950 kVA (997.5 kVA at the 1.05 pu source) the head outage (1,050 kW) fails, with G's 150 kW
        // counted as not restorable only because it rides with B and D, not as a contingency of its own.
        FeederDiagnosis tight = Feeder(Run(Build(h2Kva: 950, lateral: true)), "H1");
        N1Failure head = Assert.Single(tight.N1Failures, x => x.FractionOfPeak == 1.0);
        Assert.Equal("CB1", head.Section);
        Assert.Equal(0.65, head.NotRestorableMw, 9);
    }

    [Fact]
    public void Loading_FromPeaks_FeederAndTransformer()
    {
        // F1 peak 620 kW on 2,000 kVA: 31 %; T1 120 kW on 100 kVA: 120 %, overloaded.
        DiagnosisReport report = Run(Build());
        FeederDiagnosis f1 = Feeder(report, "H1");
        Assert.Equal(31, f1.PeakLoadingPercent!.Value, 9);
        Assert.Equal(15.5, f1.AverageLoadingPercent!.Value, 9);
        Assert.False(f1.LoadFromSeries);
        Assert.Equal(1, f1.Transformers);
        Assert.Equal(1, f1.OverloadedTransformers);
        Assert.Equal(120, f1.MaxTransformerLoadingPercent!.Value, 9);
        Assert.Contains(report.Problems, p => p.Rule == "transformer_overload" && p.Feeder == "H1" && p.Detail.Contains("T1 (120 %)", StringComparison.Ordinal));

        // F1 with LB at 1,300 kW: 1,620 / 2,000 = 81 % → heavy; at 1,500: 91 % still heavy; H1 at 1,500 kVA → 108 % overloaded.
        Assert.Contains(Run(Build(lbKw: 1300)).Problems, p => p.Rule == "feeder_heavy_load" && p.Feeder == "H1");
        DiagnosisReport over = Run(Build(lbKw: 1300, h1Kva: 1500));
        Assert.Contains(over.Problems, p => p.Rule == "feeder_overload" && p.Feeder == "H1" && Math.Abs(p.Figure - 108) < 1e-9);
        Assert.Equal(1, over.System.OverloadedFeeders);
    }

    [Fact]
    public void Loading_FromSeries_CountsOnlyRunsOfTheMinimumDuration()
    {
        // H1 rated 2,000 kVA; 24 hourly samples: 1.7 MW (85 %) for 1 h once, then 2 h at 1.7, 3 h at 2.1 MW (105 %).
        var mw = Enumerable.Repeat(1.0, 24).ToArray();
        mw[2] = 1.7;
        mw[5] = mw[6] = 1.7;
        mw[10] = mw[11] = mw[12] = 2.1;
        var series = new ElementLoadSeries("H1", new DateTime(2025, 1, 1), TimeSpan.FromHours(1), mw);
        DiagnosisReport report = DiagnosisQuery.Run(new DiagnosisRequest(Build(), "hand", StudyCase.Default)
        {
            Load = [series],
            Zones = new Dictionary<string, string> { ["S1"] = "B", ["S2"] = "B" },
            Rules = DiagnosisRules.Default with { MinimumDurationHours = 2 },
        });
        FeederDiagnosis f1 = Feeder(report, "H1");
        Assert.True(f1.LoadFromSeries);
        Assert.Equal(105, f1.PeakLoadingPercent!.Value, 9);

        // Heavy: the 2 h run and the 3 h run (the 1 h one is too short) = 5 h in one day, scaled to a year.
        Assert.Equal(5 * 365, f1.HeavyLoadHours!.Value, 6);
        Assert.Equal(3 * 365, f1.OverloadHours!.Value, 6);
    }

    [Fact]
    public void Radius_Sections_Cable_Automation()
    {
        DiagnosisReport report = Run(Build());
        FeederDiagnosis f1 = Feeder(report, "H1");
        Assert.Equal(4, f1.SupplyRadiusKm, 9);
        Assert.Equal(3, f1.SupplyRadiusLimitKm);
        Assert.Equal(2, f1.Sections);
        Assert.Equal(4, f1.LengthKm, 9);
        Assert.Equal(0.25, f1.CableShare!.Value, 12);
        Assert.Null(f1.InsulatedShare);
        Assert.True(f1.Automated);
        Assert.False(Feeder(report, "H3").Automated);
        Assert.Equal(1, Feeder(report, "H3").Sections);
        Assert.Contains(report.Problems, p => p.Rule == "supply_radius" && p.Feeder == "H1" && p.Figure == 4 && p.Limit == 3);
        Assert.Contains(report.Problems, p => p.Rule == "sections" && p.Feeder == "H3");
        Assert.Equal(1.0 / 3, report.System.AutomationCoverage!.Value, 12);
        Assert.Equal(1.5 / 7.5, report.System.CableShare!.Value, 12);
    }

    [Fact]
    public void Zones_FromLoadDensity_OrGiven()
    {
        // Without given zones: S1's buses span (0,0)–(3,0) and (0,3), a triangle of 4.5 km² grown by 0.5 km; its
        // 0.72 MW over about 10.4 km² is 0.069 MW/km², below D's 0.1: zone E.
        DiagnosisReport report = Run(Build(), zones: new Dictionary<string, string>());
        DiagnosisSummary s1 = report.Substations.Single(s => s.Key == "S1");
        double perimeter = 3 + 3 + Math.Sqrt(18);
        double area = 4.5 + (perimeter * 0.5) + (Math.PI * 0.25);
        Assert.Equal(area, s1.AreaKm2!.Value, 9);
        Assert.Equal(s1.PeakMw / area, s1.LoadDensity!.Value, 9);
        Assert.Equal("E", s1.Zone);
        Assert.Equal("load_density", Feeder(report, "H1").ZoneSource);

        DiagnosisReport given = Run(Build(), zones: new Dictionary<string, string> { ["H1"] = "A+", ["S2"] = "C" });
        Assert.Equal("A+", Feeder(given, "H1").Zone);
        Assert.Equal("given", Feeder(given, "H1").ZoneSource);
        Assert.Equal("C", Feeder(given, "H2").Zone);
        Assert.Equal("E", Feeder(given, "H3").Zone);
        Assert.Equal(["A+", "C", "E"], given.Zones.Select(z => z.Key));
    }

    [Fact]
    public void ReliabilityTarget_PredictedRs1BelowTheZoneTarget_IsAProblem()
    {
        DiagnosisReport report = Run(Build(), zones: new Dictionary<string, string> { ["S1"] = "A+", ["S2"] = "A+" });
        DiagnosisSummary zone = report.Zones.Single(z => z.Key == "A+");
        Assert.Equal(99.999, zone.Rs1Target);

        // DL/T 836 users are transformer areas (load points): predicted RS-1 from the same assessment.
        ReliabilityResult direct = ReliabilityAssessor.Assess(Build(), StudyCase.Default, new ReliabilityOptions { Users = UserCounting.DistributionTransformers });
        Assert.Equal(direct.System.Rs1, report.System.PredictedRs1!.Value, 9);
        Assert.True(zone.PredictedRs1 < 99.999, $"the hand network's RS-1 {zone.PredictedRs1} should miss the A+ target");
        Assert.Contains(report.Problems, p => p.Rule == "reliability_target" && p.Zone == "A+" && p.Limit == 99.999);
        System.Text.Json.JsonElement json = System.Text.Json.JsonSerializer.SerializeToElement(zone, new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower });
        Assert.Equal(zone.PredictedRs1!.Value, json.GetProperty("predicted_rs_1").GetDouble());
        Assert.Equal(99.999, json.GetProperty("rs_1_target").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("historical_rs_1").ValueKind);
        Assert.DoesNotContain(Run(Build()).Problems, p => p.Rule == "reliability_target");
    }

    [Fact]
    public void Problems_AreSortedBySeverity()
    {
        DiagnosisReport report = Run(Build(h2Kva: 800));
        string[] order = ["high", "medium", "low"];
        int[] ranks = report.Problems.Select(p => Array.IndexOf(order, p.Severity)).ToArray();
        Assert.Equal(ranks.Order(), ranks);
    }

    [Fact]
    public void Rules_ReadFromJson_OverrideOnlyWhatIsGiven()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "heavy_load_percent": 70, "minimum_sections": 2 }""");
        try
        {
            (DiagnosisRules? rules, string? problem) = DiagnosisRules.Read(path);
            Assert.Null(problem);
            Assert.Equal(70, rules!.HeavyLoadPercent);
            Assert.Equal(2, rules.MinimumSections);
            Assert.Equal(100, rules.OverloadPercent);
            Assert.Equal(6, rules.Zones.Count);

            File.WriteAllText(path, """{ "heavy_load_percent": 120 }""");
            Assert.Contains("overload", DiagnosisRules.Read(path).Problem, StringComparison.Ordinal);
            File.WriteAllText(path, """{ "heavy_load": 70 }""");
            Assert.NotNull(DiagnosisRules.Read(path).Problem);

            // RS-1 is rs_1 in every document (docs/glossary.md): the zone target too, and the old name is refused.
            File.WriteAllText(path, """{ "zones": [ { "zone": "A", "minimum_load_density": 0, "rs_1_target": 99.95, "n1_required": true } ] }""");
            Assert.Equal(99.95, DiagnosisRules.Read(path).Rules!.Zones.Single().Rs1Target);
            File.WriteAllText(path, """{ "zones": [ { "zone": "A", "minimum_load_density": 0, "rs1_target_percent": 99.95, "n1_required": true } ] }""");
            Assert.Contains("rs1_target_percent", DiagnosisRules.Read(path).Problem, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
