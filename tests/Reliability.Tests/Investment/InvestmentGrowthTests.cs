using Lumen.Reliability.Investment;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Investment;

/// <summary>
/// A plan's growth per feeder (<see cref="InvestmentGrowth"/>): the planner's file, then the growth percentage, then the
/// feeder's peak outlook (the forecast itself from a series of known growth: Forecast.Tests' PeakGrowthTests).
/// </summary>
public sealed class InvestmentGrowthTests
{
    private static readonly Network s_network = HandNetwork.Build();

    [Fact]
    public void FeederForecast_GivesTheFeederItsGrowth_OtherSeriesAreNotUsed()
    {
        InvestmentGrowthResult result = InvestmentGrowth.Build(new InvestmentGrowthRequest(s_network) { Forecast = new Dictionary<string, double> { ["F1"] = 4.2, ["T-7"] = 9 } });

        Assert.True(result.Succeeded);
        Assert.Equal(new FeederGrowth(4.2) { Source = GrowthSources.Forecast }, result.Growth["F1"]);

        // F2 has no series: the growth percentage, 0 when not given.
        Assert.False(result.Growth.ContainsKey("F2"));
        Assert.Equal(0, result.GrowthPercentPerYear);
        Assert.False(result.Growth.ContainsKey("T-7"));
    }

    [Fact]
    public void ForecastOutsideThePlansRange_IsHeldAtItsEdge_AndThePlanCanRun()
    {
        InvestmentGrowthResult result = InvestmentGrowth.Build(new InvestmentGrowthRequest(s_network) { Forecast = new Dictionary<string, double> { ["F1"] = 180, ["F2"] = -70 } });

        Assert.True(result.Succeeded);
        Assert.Equal((100.0, -50.0), (result.Growth["F1"].PercentPerYear, result.Growth["F2"].PercentPerYear));
        Assert.All(result.Growth.Values, g => Assert.Null(g.Problem()));
    }

    [Fact]
    public void PlannerFileAndGrowthPercent_OverrideTheForecast_TheFileFirst()
    {
        var forecast = new Dictionary<string, double> { ["F1"] = 4, ["F2"] = 3 };
        var planner = new Dictionary<string, PlannedGrowth> { ["F1"] = new(2), ["F2"] = new(null, 0.5, 3) };

        // The file's rate for F1; F2's row has no rate: its forecast, with the file's step load.
        InvestmentGrowthResult filed = InvestmentGrowth.Build(new InvestmentGrowthRequest(s_network) { Forecast = forecast, Planner = planner });
        Assert.Equal(new FeederGrowth(2) { Source = GrowthSources.PlannerFile }, filed.Growth["F1"]);
        Assert.Equal(new FeederGrowth(3, 0.5, 3) { Source = GrowthSources.PlannerFile }, filed.Growth["F2"]);

        // A growth percentage overrides every forecast, not the file's rate.
        InvestmentGrowthResult given = InvestmentGrowth.Build(new InvestmentGrowthRequest(s_network) { Forecast = forecast, Planner = planner, GrowthPercentPerYear = 1 });
        Assert.Equal(2, given.Growth["F1"].PercentPerYear);
        Assert.Equal(new FeederGrowth(1, 0.5, 3) { Source = GrowthSources.PlannerFile }, given.Growth["F2"]);
        Assert.Equal(1, given.GrowthPercentPerYear);

        InvestmentGrowthResult percentOnly = InvestmentGrowth.Build(new InvestmentGrowthRequest(s_network) { Forecast = forecast, GrowthPercentPerYear = 1 });
        Assert.Empty(percentOnly.Growth);
    }

    [Fact]
    public void PlannerRows_OutOfThePlansRange_AreErrors_AndRowsNamingNoFeeder_Warnings()
    {
        var planner = new Dictionary<string, PlannedGrowth> { ["F1"] = new(-70), ["F2"] = new(1, -2), ["T-99"] = new(1) };
        InvestmentGrowthResult result = InvestmentGrowth.Build(new InvestmentGrowthRequest(s_network) { Planner = planner });

        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p is { SeriesId: "F1", Field: "growth_percent_per_year", IsError: true });
        Assert.Contains(result.Problems, p => p is { SeriesId: "F2", Field: "added_peak_mw", IsError: true });
        Assert.Contains(result.Problems, p => p is { SeriesId: "T-99", Field: "series_id", IsError: false });
    }

    [Fact]
    public void Plan_ReportsEachFeedersGrowthAndItsSource_AndValuesLaterYearsOnTheGrownLoad()
    {
        // F2's head is rated just above today's load (as in Growth_OverloadAppearingInYear3…): its forecast growth overloads it later.
        Network network = HandNetwork.Build(f2HeadAmps: 16.5);
        InvestmentGrowthResult growth = InvestmentGrowth.Build(new InvestmentGrowthRequest(network) { Forecast = new Dictionary<string, double> { ["F2"] = 8 } });
        InvestmentPlanRequest request = new(network, "hand", StudyCase.Default)
        {
            BudgetPerYear = 0,
            Years = 5,
            RequireN1 = false,
            Growth = growth.Growth,
            GrowthPercentPerYear = growth.GrowthPercentPerYear,
        };

        InvestmentPlanReport report = InvestmentPlanQuery.Run(request);
        Assert.Equal(["F1", "F2"], report.Growth.Select(r => r.Feeder).Order(StringComparer.Ordinal));
        Assert.Equal(new FeederGrowthRow("F1", 0, 0, 1, GrowthSources.GrowthPercent), report.Growth.Single(r => r.Feeder == "F1"));
        FeederGrowthRow f2 = report.Growth.Single(r => r.Feeder == "F2");
        Assert.Equal((GrowthSources.Forecast, growth.Growth["F2"].PercentPerYear), (f2.Source, f2.GrowthPercentPerYear));
        Assert.False(report.Ageing);

        // The overload appears only with the grown load, and a project paid for before it is there fixes it.
        Assert.Equal(0, report.Baseline.Overloads);
        Assert.Contains(report.YearRows, y => y.WithoutPlan.Overloads > 0);
        InvestmentProject fix = Assert.Single(report.Projects);
        Assert.Equal("feeder_overload F2", fix.Constraint);
        Assert.All(report.YearRows, y => Assert.Equal(0, y.WithPlan.Overloads));
    }

    [Fact]
    public void TransformerSeries_StandForAFeederWithoutItsOwn_EachAreaCountedOnce()
    {
        // F1: distribution transformers TX1 (area LP1) and TX2 (areas LP2, LP2b); F2: TX3 (area LP3) and a series of its own.
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S1", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        b.AddBus(new BusSpec("S2", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        b.AddBus(new BusSpec("A1", NodeKind.Bus, SourceLocation.None) { NominalKv = 10 });
        b.AddBus(new BusSpec("B1", NodeKind.Bus, SourceLocation.None) { NominalKv = 10 });
        b.AddBranch(new BranchSpec("A1-in", "S1", "A1", BranchKind.OverheadLine, SourceLocation.None) { LengthKm = 1, Feeder = "F1" });
        b.AddBranch(new BranchSpec("B1-in", "S2", "B1", BranchKind.OverheadLine, SourceLocation.None) { LengthKm = 1, Feeder = "F2" });
        foreach ((string tx, string from, string[] areas) in new[] { ("TX1", "A1", new[] { "LP1" }), ("TX2", "A1", ["LP2", "LP2b"]), ("TX3", "B1", ["LP3"]) })
        {
            b.AddBus(new BusSpec("LV-" + tx, NodeKind.Bus, SourceLocation.None) { NominalKv = 0.4 });
            b.AddBranch(new BranchSpec(tx, from, "LV-" + tx, BranchKind.Transformer, SourceLocation.None) { Rating = 400 });
            foreach (string area in areas)
            {
                b.AddLoadPoint(new LoadPointSpec(area, "LV-" + tx, SourceLocation.None) { Customers = 10, PeakKw = 100 });
            }
        }

        Network network = b.Build().Network!;

        // LP1 is inside TX1's series; a line and an unknown name are not transformers; F2's own series wins over TX3's.
        IReadOnlyDictionary<string, IReadOnlyList<string>> groups = InvestmentGrowth.TransformerSeries(network, ["TX1", "LP1", "LP2", "LP2b", "TX3", "F2", "A1-in", "nowhere"]);

        Assert.Equal(["F1"], groups.Keys);
        Assert.Equal(["LP2", "LP2b", "TX1"], groups["F1"]);
        Assert.Equal(["LP3"], InvestmentGrowth.TransformerSeries(network, ["LP3"])["F2"]);
    }

    [Fact]
    public void TransformerForecast_GivesAFeederItsGrowth_AfterTheFeedersOwnForecast()
    {
        InvestmentGrowthResult result = InvestmentGrowth.Build(new InvestmentGrowthRequest(s_network)
        {
            Forecast = new Dictionary<string, double> { ["F1"] = 4.2 },
            TransformerForecast = new Dictionary<string, double> { ["F1"] = 7, ["F2"] = 3.5 },
        });

        Assert.Equal(new FeederGrowth(4.2) { Source = GrowthSources.Forecast }, result.Growth["F1"]);
        Assert.Equal(new FeederGrowth(3.5) { Source = GrowthSources.Transformers }, result.Growth["F2"]);

        // A growth percentage overrides it as it overrides the feeders' forecasts.
        InvestmentGrowthResult given = InvestmentGrowth.Build(new InvestmentGrowthRequest(s_network) { TransformerForecast = new Dictionary<string, double> { ["F2"] = 3.5 }, GrowthPercentPerYear = 1 });
        Assert.Empty(given.Growth);
    }
}
