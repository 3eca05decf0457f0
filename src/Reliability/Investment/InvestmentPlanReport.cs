using Lumen.Reliability.Aging;
using Lumen.Reliability.History;
using Lumen.Reliability.Planning;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Investment;

/// <summary>The question "which projects, across every lever, remove the most complaints per yuan within these budgets?".</summary>
/// <param name="Network">The network in its normal switch state.</param>
/// <param name="NetworkName">Name shown in the report.</param>
/// <param name="Study">Study case of the reliability engine.</param>
public sealed record InvestmentPlanRequest(Net Network, string NetworkName, StudyCase Study)
{
    /// <summary>Measured load (as the diagnosis): load levels of the capacity-limited restoration and loading.</summary>
    public IReadOnlyList<ElementLoadSeries> Load { get; init; } = [];

    /// <summary>Outage statistics with a feeder split (the diagnosis' historical reliability); null without history.</summary>
    public HistoryReport? History { get; init; }

    /// <summary>Supply zones given by the utility (as the diagnosis).</summary>
    public IReadOnlyDictionary<string, string> Zones { get; init; } = new Dictionary<string, string>();

    /// <summary>The diagnosis rule table (zones, N-1 required, thresholds).</summary>
    public DiagnosisRules Rules { get; init; } = DiagnosisRules.Default;

    /// <summary>Transfer limits of restoration and N-1 (their levels come from <see cref="Load"/>).</summary>
    public RestorationLimits Limits { get; init; } = RestorationLimits.Default;

    /// <summary>The asset model's risk on this network, for replacement candidates; null: no replacement candidates.</summary>
    public AssetRiskResult? Assets { get; init; }

    /// <summary>Complaints per customer interruption by duration: the fitted model, else the documented default curve.</summary>
    public IComplaintRateModel ComplaintModel { get; init; } = LogisticComplaintRateModel.Default;

    /// <summary>The planner's own projects (projects.csv), read by <see cref="ProjectsReader"/>.</summary>
    public IReadOnlyList<PlannerProject> Projects { get; init; } = [];

    /// <summary>Budget of each plan year. Default 5,000,000.</summary>
    public double BudgetPerYear { get; init; } = 5_000_000;

    /// <summary>Plan years, 1..30. Default 5.</summary>
    public int Years { get; init; } = 5;

    /// <summary>Unit costs of the project kinds.</summary>
    public InvestmentCosts Costs { get; init; } = InvestmentCosts.Default;

    /// <summary>What the effects are worth and the economic rules.</summary>
    public InvestmentValues Values { get; init; } = InvestmentValues.Default;

    /// <summary>Currency of every amount.</summary>
    public string Currency { get; init; } = "CNY";

    /// <summary>Levers the plan may pull (<see cref="Levers"/>); default all. Constraints are met with the allowed levers only.</summary>
    public IReadOnlyList<string> Levers { get; init; } = Investment.Levers.All;

    /// <summary>Fix every overloaded feeder (hard constraint). Default true.</summary>
    public bool FixOverloads { get; init; } = true;

    /// <summary>N-1 for every feeder of a zone whose rule requires it (hard constraint). Default true.</summary>
    public bool RequireN1 { get; init; } = true;

    /// <summary>
    /// Every feeder of a zone whose rule has an RS-1 target (<see cref="ZoneRule.Rs1Target"/>) reaches it, predicted
    /// (hard constraint). Default false: the planner turns it on (<c>--constraints</c>).
    /// </summary>
    public bool MeetZoneTargets { get; init; }

    /// <summary>
    /// Most replacement candidates taken from the asset model (by risk removed per cost). Default null: as many as cost
    /// twice the plan's whole budget (<see cref="InvestmentPlanQuery.ReplacementCandidates"/>), so that a plan can spend it on replacements.
    /// </summary>
    public int? MaxReplacementCandidates { get; init; }

    /// <summary>Longest new tie, km of route. Default 3.</summary>
    public double MaxTieKm { get; init; } = 3;

    /// <summary>Voltage limits of the low-voltage prediction. Default GB/T 12325.</summary>
    public VoltageProfile VoltageProfile { get; init; } = VoltageProfile.GbT12325;

    /// <summary>Peak growth of the feeders not in <see cref="Growth"/>, % a year (−50..100). Default 0. <see cref="InvestmentGrowth.Build"/> sets both.</summary>
    public double GrowthPercentPerYear { get; init; }

    /// <summary>Peak growth by feeder name: the planner's growth file of <c>forecast peaks</c>, the feeders' peak outlooks (<see cref="InvestmentGrowth.Build"/>).</summary>
    public IReadOnlyDictionary<string, FeederGrowth> Growth { get; init; } = new Dictionary<string, FeederGrowth>();

    /// <summary>Whether later years age the assets of <see cref="Assets"/> (their probability of failure at their age then). Default true.</summary>
    public bool Ageing { get; init; } = true;

    /// <summary>The first problem with the request, or null.</summary>
    public string? Problem() =>
        !(BudgetPerYear >= 0 && BudgetPerYear <= 1e12) ? "budget_per_year must lie in 0..1e12"
        : Years is < 1 or > 30 ? "years must lie in 1..30"
        : MaxReplacementCandidates is < 0 or > 100_000 ? "max_replacement_candidates must lie in 0..100000"
        : !(MaxTieKm is > 0 and <= 50) ? "max_tie_km must lie in 0..50"
        : Levers.Count == 0 || Levers.Any(l => !Investment.Levers.All.Contains(l)) ? $"levers must be some of {string.Join(", ", Investment.Levers.All)}"
        : !(GrowthPercentPerYear is >= -50 and <= 100) ? "growth_percent_per_year must lie in -50..100"
        : Growth.Values.Select(g => g.Problem()).FirstOrDefault(p => p is not null)
            ?? Costs.Problem() ?? Values.Problem() ?? Rules.Problem();
}

/// <summary>System figures of one state of the network (per year).</summary>
/// <param name="Customers">Customers.</param>
/// <param name="Saifi">Interruptions per customer.</param>
/// <param name="Saidi">Hours per customer.</param>
/// <param name="CustomerHours">Customer-hours interrupted.</param>
/// <param name="EnsMwh">Energy not supplied, MWh.</param>
/// <param name="Complaints">Expected complaints from fault outages.</param>
/// <param name="LowVoltageCustomers">Customers of areas below the voltage limit at peak.</param>
/// <param name="N1Failures">Failing N-1 contingencies at peak.</param>
/// <param name="Overloads">Branches above their rating at peak.</param>
/// <param name="RadialFeeders">Feeders without a tie.</param>
/// <remarks>
/// <see cref="N1Failures"/> counts contingencies (trunk sections), so it can rise when a plan adds sections (a new
/// switch splits one) or a tie (the trunk now runs to it): <see cref="N1FailingFeeders"/> is the figure of the N-1
/// rule (docs/investment.md §3).
/// </remarks>
public sealed record InvestmentState(
    double Customers, double? Saifi, double? Saidi, double CustomerHours, double EnsMwh, double Complaints, double LowVoltageCustomers, int N1Failures, int Overloads, int RadialFeeders)
{
    /// <summary>Feeders failing N-1 at peak (a failing contingency, or no tie).</summary>
    public int N1FailingFeeders { get; init; }
}

/// <summary>What a project changes, system-wide, per year (negative is better, except for the benefit).</summary>
/// <param name="DeltaSaifi">Change of SAIFI.</param>
/// <param name="DeltaSaidi">Change of SAIDI, hours.</param>
/// <param name="DeltaCustomerHours">Change of customer-hours.</param>
/// <param name="DeltaEnsMwh">Change of ENS, MWh.</param>
/// <param name="DeltaComplaints">Change of expected complaints.</param>
/// <param name="DeltaLowVoltageCustomers">Change of low-voltage customers.</param>
/// <param name="DeltaN1Failures">Change of failing N-1 contingencies.</param>
/// <param name="DeltaOverloads">Change of overloaded branches.</param>
/// <param name="AnnualBenefit">Money a year: complaints, customer-hours, ENS and low-voltage exposure avoided at their unit values.</param>
public sealed record InvestmentEffect(
    double? DeltaSaifi, double? DeltaSaidi, double DeltaCustomerHours, double DeltaEnsMwh, double DeltaComplaints, double DeltaLowVoltageCustomers, int DeltaN1Failures, int DeltaOverloads, double AnnualBenefit);

/// <summary>An alternative for the same problem, as valued when the project was chosen.</summary>
/// <param name="Id">Project id.</param>
/// <param name="Kind">Kind.</param>
/// <param name="Cost">Cost.</param>
/// <param name="AnnualBenefit">Annual benefit then.</param>
/// <param name="BenefitCostRatio">B/C then; null without cost.</param>
/// <param name="Status">chosen (earlier or later), excluded, below_cost or over_budget.</param>
public sealed record InvestmentAlternative(string Id, string Kind, double Cost, double AnnualBenefit, double? BenefitCostRatio, string Status);

/// <summary>One project of the plan.</summary>
/// <param name="Id">Project id.</param>
/// <param name="Kind">Kind (<see cref="ProjectKinds"/>).</param>
/// <param name="Lever">Lever.</param>
/// <param name="PlanYear">Year it is paid for (1-based); it works from the year after its build time.</param>
/// <param name="Order">Position in the order of choice.</param>
/// <param name="Source">generated or projects.csv.</param>
/// <param name="Description">What is built.</param>
/// <param name="Feeder">Feeder of the problem.</param>
/// <param name="X">x, km; null without coordinates.</param>
/// <param name="Y">y, km.</param>
/// <param name="Cost">Capital cost.</param>
/// <param name="Problem">What it addresses (diagnosis rule, asset_risk, outages).</param>
/// <param name="Fixes">The problem in words (the diagnosis finding or the asset).</param>
/// <param name="Reason">benefit, must_do, or constraint (with <see cref="Constraint"/>).</param>
/// <param name="Constraint">The constraint it meets, when bought for one.</param>
/// <param name="Effect">Its effect when chosen (on top of the projects chosen before it).</param>
/// <param name="Benefit">Its benefit over the appraisal years, discounted to the plan start.</param>
/// <param name="CostPresentValue">Its cost discounted to the plan start.</param>
/// <param name="BenefitCostRatio">Benefit ÷ cost (discounted); null without cost.</param>
/// <param name="NetPresentValue">Benefit − cost (discounted).</param>
/// <param name="WhyChosen">Why it was chosen over the alternatives for the same problem.</param>
/// <param name="Alternatives">The other candidates for the same problem, as valued then.</param>
public sealed record InvestmentProject(
    string Id, string Kind, string Lever, int PlanYear, int Order, string Source, string Description, string? Feeder, double? X, double? Y, double Cost,
    string Problem, string Fixes, string Reason, string? Constraint, InvestmentEffect Effect, double Benefit, double CostPresentValue, double? BenefitCostRatio, double NetPresentValue,
    string WhyChosen, IReadOnlyList<InvestmentAlternative> Alternatives)
{
    /// <summary>
    /// For a project generated for a problem that appears only with load growth: the year (of <see cref="InvestmentPlanReport.YearRows"/>)
    /// the problem first shows in; null for today's problems (<see cref="Fixes"/> then describes today's network).
    /// </summary>
    public int? AppearsInYear { get; init; }
}

/// <summary>One year of the plan.</summary>
/// <param name="PlanYear">Plan year.</param>
/// <param name="Budget">Budget.</param>
/// <param name="Spent">Spent (may exceed the budget in year 1 for constraints and must-do projects).</param>
/// <param name="Projects">Projects paid for.</param>
/// <param name="WithoutPlan">The network as it is.</param>
/// <param name="WithPlan">The network with every project working by this year.</param>
public sealed record InvestmentYear(int PlanYear, double Budget, double Spent, int Projects, InvestmentState WithoutPlan, InvestmentState WithPlan);

/// <summary>A hard constraint and how it was met.</summary>
/// <param name="Rule">feeder_overload, n1, zone_target or must_do.</param>
/// <param name="Feeder">Feeder (or project id for must_do).</param>
/// <param name="Met">Whether the plan meets it.</param>
/// <param name="Project">The project that meets it.</param>
/// <param name="Detail">How, or why not.</param>
public sealed record InvestmentConstraint(string Rule, string Feeder, bool Met, string? Project, string Detail);

/// <summary>The investment plan (docs/investment.md).</summary>
/// <param name="Network">Network name.</param>
/// <param name="Case">Study case id.</param>
/// <param name="Currency">Currency of every amount.</param>
/// <param name="BudgetPerYear">Budget per year.</param>
/// <param name="Years">Plan years.</param>
/// <param name="DiscountRate">Discount rate.</param>
/// <param name="AppraisalYears">Years each project's benefit counts.</param>
/// <param name="Levers">Levers allowed.</param>
/// <param name="ComplaintModel">The complaint-rate model.</param>
/// <param name="Candidates">Candidate projects considered.</param>
/// <param name="Evaluations">Engine evaluations (re-assessments of a group of feeders).</param>
/// <param name="Spent">Spent over all years.</param>
/// <param name="CostPresentValue">Spending discounted to the plan start.</param>
/// <param name="Benefit">Benefit of every project discounted to the plan start.</param>
/// <param name="BenefitCostRatio">Benefit ÷ cost (discounted); null when nothing is spent.</param>
/// <param name="NetPresentValue">Benefit − cost (discounted).</param>
/// <param name="AnnualBenefit">Annual benefit of the whole plan once built.</param>
/// <param name="UpperBoundAnnualBenefit">Upper bound on the annual benefit of any set of candidates within the total budget (valid under diminishing returns; docs/investment.md §5).</param>
/// <param name="OptimalityGap">1 − annual benefit ÷ upper bound: how far from the optimum the plan can be at most.</param>
/// <param name="SkippedBelowCost">Candidates not bought because their B/C was below 1 when last valued.</param>
/// <param name="Baseline">The network as it is.</param>
/// <param name="Final">The network with the whole plan.</param>
/// <param name="YearRows">Per-year figures with and without the plan.</param>
/// <param name="Projects">Projects in order of choice.</param>
/// <param name="Constraints">The hard constraints and how they are met.</param>
public sealed record InvestmentPlanReport(
    string Network, string Case, string Currency, double BudgetPerYear, int Years, double DiscountRate, int AppraisalYears, IReadOnlyList<string> Levers,
    ComplaintModelSummary ComplaintModel, int Candidates, int Evaluations,
    double Spent, double CostPresentValue, double Benefit, double? BenefitCostRatio, double NetPresentValue,
    double AnnualBenefit, double UpperBoundAnnualBenefit, double? OptimalityGap, int SkippedBelowCost,
    InvestmentState Baseline, InvestmentState Final, IReadOnlyList<InvestmentYear> YearRows, IReadOnlyList<InvestmentProject> Projects, IReadOnlyList<InvestmentConstraint> Constraints)
{
    /// <summary>Whether later years aged the assets of the register (their probability of failure at their age then).</summary>
    public bool Ageing { get; init; }

    /// <summary>The load growth of every feeder and where its rate came from (<see cref="GrowthSources"/>).</summary>
    public IReadOnlyList<FeederGrowthRow> Growth { get; init; } = [];
}
