using Lumen.Forecast.Data;
using Lumen.Forecast.Peaks;
using Lumen.Reliability.Investment;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Investment;

/// <summary>A plan's growth per feeder (<see cref="InvestmentGrowth"/>): the planner's file, then the growth percentage, then the feeder's peak outlook.</summary>
public sealed class InvestmentGrowthTests
{
    private static readonly Network s_network = HandNetwork.Build();

    // Three years of hourly load with a daily shape, growing at a known compound rate a year.
    private static LoadSeries Growing(string name, double percentPerYear)
    {
        const int Days = 3 * 365;
        var load = new double[Days * 24];
        for (int t = 0; t < load.Length; t++)
        {
            double shape = 1 + (0.3 * Math.Sin(2 * Math.PI * (t % 24) / 24.0));
            load[t] = 2 * shape * Math.Pow(1 + (percentPerYear / 100), t / (24 * 365.25));
        }

        return new LoadSeries(name, new DateTime(2022, 1, 1), 24, load, null);
    }

    [Fact]
    public void FeederSeries_GivesTheFeederTheGrowthOfItsPeakOutlook()
    {
        LoadSeries f1 = Growing("F1", 4);
        InvestmentGrowthResult result = InvestmentGrowth.Build(new InvestmentGrowthRequest(s_network) { Load = [f1, Growing("NOT-A-FEEDER", 9)] });

        Assert.True(result.Succeeded);
        FeederGrowth g = result.Growth["F1"];
        Assert.Equal(GrowthSources.Forecast, g.Source);

        // The synthetic series grows 4 % a year (ln 1.04 = 3.9 % as a linear trend over the fitted window).
        Assert.InRange(g.PercentPerYear, 3.5, 4.5);

        // The same figure as forecast peaks (growth_percent_per_year of its outlook, calendar from the name).
        HolidayCalendar.TryParseRegion("auto", "F1", out HolidayRegion region);
        Assert.Equal(PeakForecaster.Forecast(f1, HolidayCalendar.For(region), new PeakOptions { Years = 10 }).GrowthPercentPerYear, g.PercentPerYear);

        // F2 has no series: the growth percentage, 0 when not given.
        Assert.False(result.Growth.ContainsKey("F2"));
        Assert.Equal(0, result.GrowthPercentPerYear);
        Assert.False(result.Growth.ContainsKey("NOT-A-FEEDER"));
    }

    [Fact]
    public void PlannerFileAndGrowthPercent_OverrideTheForecast_TheFileFirst()
    {
        LoadSeries[] load = [Growing("F1", 4), Growing("F2", 3)];
        var planner = new Dictionary<string, PlannerGrowth> { ["F1"] = new(2), ["F2"] = new(null, 0.5, 3) };

        // The file's rate for F1; F2's row has no rate: its forecast, with the file's step load.
        InvestmentGrowthResult filed = InvestmentGrowth.Build(new InvestmentGrowthRequest(s_network) { Load = load, Planner = planner });
        Assert.Equal(new FeederGrowth(2) { Source = GrowthSources.PlannerFile }, filed.Growth["F1"]);
        FeederGrowth f2 = filed.Growth["F2"];
        Assert.InRange(f2.PercentPerYear, 2.5, 3.5);
        Assert.Equal((0.5, 3, GrowthSources.PlannerFile), (f2.AddedPeakMw, f2.AddedFromYear, f2.Source));

        // A growth percentage overrides every forecast, not the file's rate.
        InvestmentGrowthResult given = InvestmentGrowth.Build(new InvestmentGrowthRequest(s_network) { Load = load, Planner = planner, GrowthPercentPerYear = 1 });
        Assert.Equal(2, given.Growth["F1"].PercentPerYear);
        Assert.Equal(new FeederGrowth(1, 0.5, 3) { Source = GrowthSources.PlannerFile }, given.Growth["F2"]);
        Assert.Equal(1, given.GrowthPercentPerYear);

        InvestmentGrowthResult percentOnly = InvestmentGrowth.Build(new InvestmentGrowthRequest(s_network) { Load = load, GrowthPercentPerYear = 1 });
        Assert.Empty(percentOnly.Growth);
    }

    [Fact]
    public void PlannerRows_OutOfThePlansRange_AreErrors_AndRowsNamingNoFeeder_Warnings()
    {
        var planner = new Dictionary<string, PlannerGrowth> { ["F1"] = new(-70), ["F2"] = new(1, -2), ["T-99"] = new(1) };
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
        InvestmentGrowthResult growth = InvestmentGrowth.Build(new InvestmentGrowthRequest(network) { Load = [Growing("F2", 8)] });
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
}
