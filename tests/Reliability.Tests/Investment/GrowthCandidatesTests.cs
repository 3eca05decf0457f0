using Lumen.Reliability.Investment;
using Lumen.Reliability.Planning;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Investment;

/// <summary>
/// Candidates for problems that appear only with load growth (docs/investment.md §2): the grown network of each later
/// year is checked (peak power flow, N-1 at peak), and each such problem gets its candidates, justified by the year it
/// appears, and the plan meets it in time.
/// </summary>
public sealed class GrowthCandidatesTests
{
    private static readonly Dictionary<string, string> s_zonesB = new() { ["F1"] = "B", ["F2"] = "B" };

    private static InvestmentPlanRequest Request(Network network, double f1GrowthPercent, params string[] levers) => new(network, "hand", StudyCase.Default)
    {
        Levers = levers,
        BudgetPerYear = 1e7,
        Years = 3,
        RequireN1 = false,
        FixOverloads = false,
        Growth = new Dictionary<string, FeederGrowth> { ["F1"] = new(f1GrowthPercent) },
    };

    [Fact]
    public void LowVoltageAppearingInYear3_GetsAVoltageCandidate_AndThePlanFixesItInTime()
    {
        // F1's far end: 1.3 MW a bus on 4 km of LGJ-70 stays above the limit today and next year; at 20 % a year it is
        // below it in year 3 (the network two years from now).
        Network network = HandNetwork.Build(kw: 1300, f1HeadAmps: 2000);
        InvestmentPlanRequest request = Request(network, 20, Levers.Voltage) with { Values = InvestmentValues.Default with { CostPerLowVoltageCustomerYear = 1000 } };
        InvestmentPlanReport today = InvestmentPlanQuery.Run(request with { Growth = new Dictionary<string, FeederGrowth>() });
        Assert.Equal(0, today.Candidates);

        InvestmentPlanReport report = InvestmentPlanQuery.Run(request);

        Assert.True(report.Candidates > 0);
        Assert.Equal([0d, 0d], report.YearRows.Take(2).Select(y => y.WithoutPlan.LowVoltageCustomers));
        Assert.True(report.YearRows[2].WithoutPlan.LowVoltageCustomers > 0);
        InvestmentProject fix = report.Projects[0];
        Assert.Equal((ProjectKinds.Lever(fix.Kind), "low_voltage", 3), (Levers.Voltage, fix.Problem, fix.AppearsInYear));
        Assert.StartsWith("low_voltage appears with load growth by year 3: 100 customers of 1 area(s) below the voltage limit at peak on F1", fix.Fixes, StringComparison.Ordinal);
        Assert.Equal(2, fix.PlanYear);
        Assert.All(report.YearRows, y => Assert.Equal(0, y.WithPlan.LowVoltageCustomers));
    }

    [Fact]
    public void N1FailureAppearingInYear3_GetsTieAndReinforcementCandidates_AndTheConstraintIsMetInTime()
    {
        // F1's transfer to F2 through the tie A4-B4 is limited by F2's head (65 A): enough today and next year, not for
        // F1 grown 20 % a year in year 3. F1 and F2 in zone B, which requires N-1.
        Network network = HandNetwork.Build(tie: true, f2HeadAmps: 65);
        InvestmentPlanRequest request = Request(network, 20, Levers.Ties, Levers.Reinforcement) with { RequireN1 = true, Zones = s_zonesB, BudgetPerYear = 0 };
        InvestmentPlanReport today = InvestmentPlanQuery.Run(request with { Growth = new Dictionary<string, FeederGrowth>() });
        Assert.Equal(0, today.Candidates);

        InvestmentPlanReport report = InvestmentPlanQuery.Run(request);

        Assert.Equal(0, report.Baseline.N1FailingFeeders);
        Assert.Equal(0, report.YearRows[1].WithoutPlan.N1FailingFeeders);
        Assert.Equal(1, report.YearRows[2].WithoutPlan.N1FailingFeeders);
        InvestmentProject fix = Assert.Single(report.Projects);
        Assert.Equal(("constraint", "n1 F1", 3), (fix.Reason, fix.Constraint, fix.AppearsInYear));
        Assert.Contains("appears with load growth by year 3", fix.Fixes, StringComparison.Ordinal);
        Assert.Equal(2, fix.PlanYear);
        Assert.All(report.YearRows, y => Assert.Equal(0, y.WithPlan.N1FailingFeeders));

        Assert.Equal("REI-F2", fix.Id);

        // Its candidates: a new tie to the other feeder, and a second circuit on F2's head, where F1's transfer binds
        // (a candidate of F1's N-1 too).
        DiagnosisReport diagnosis = DiagnosisQuery.Run(new DiagnosisRequest(network, "hand", StudyCase.Default));
        LowVoltageReport peak = LowVoltagePrediction.Predict(network, new PowerFlowScenario { SourceVoltagePu = 1.05 }, VoltageProfile.GbT12325);
        IReadOnlyList<GrownYear> grown = GrownYear.Of(request, diagnosis, InvestmentPlanQuery.LimitsOf(request));
        Assert.Equal([2, 3, 4], grown.Select(y => y.Year));
        IReadOnlyList<Candidate> candidates = new CandidateGenerator(network, InvestmentCosts.Default).Generate(diagnosis, peak, null, 0, 3, grown);
        Candidate tie = Assert.Single(candidates, c => c.Kind == ProjectKinds.Tie);
        Assert.Equal(("TIE-F1-F2", "n1", 3), (tie.Id, tie.Problem, tie.AppearsInYear));
        Candidate reinforcement = Assert.Single(candidates, c => c.Kind == ProjectKinds.Reinforcement);
        Assert.Equal(("REI-F2", "B1-in"), (reinforcement.Id, Assert.IsType<NewConductor>(Assert.Single(reinforcement.Edits)).BranchId));
        Assert.Equal([1, 0], reinforcement.Touched);
    }

    [Fact]
    public void OverloadAppearingInYear3_IsJustifiedByTheYearItAppears()
    {
        // As InvestmentPlanTests.Growth_OverloadAppearingInYear3…: F2's head overloads only in year 3.
        Network network = HandNetwork.Build(f2HeadAmps: 16.5);
        InvestmentPlanRequest request = Request(network, 0) with
        {
            Levers = Levers.All, FixOverloads = true, BudgetPerYear = 0, Growth = new Dictionary<string, FeederGrowth> { ["F2"] = new(20) },
        };

        InvestmentProject fix = Assert.Single(InvestmentPlanQuery.Run(request).Projects);

        Assert.Equal(("REI-F2", "feeder_overload F2", 3, 2), (fix.Id, fix.Constraint, fix.AppearsInYear, fix.PlanYear));
        Assert.StartsWith("feeder_overload appears with load growth by year 3: 1 section(s) of F2 above their rating at peak then", fix.Fixes, StringComparison.Ordinal);
    }
}
