using Lumen.Reliability.Investment;

namespace Lumen.Host.Documents;

/// <summary>
/// The investment plan as a workbook a planner opens in Excel (<c>lumen plan invest --xlsx</c>): one sheet per list of
/// the JSON document, columns named as its fields (the effect and the states flattened).
/// </summary>
internal static class InvestmentWorkbook
{
    private static readonly ExportColumn[] s_projectColumns =
    [
        new("plan_year"), new("order"), new("id"), new("kind"), new("lever"), new("feeder"), new("cost", "CNY"), new("benefit", "CNY"),
        new("benefit_cost_ratio"), new("net_present_value", "CNY"), new("annual_benefit", "CNY/yr"), new("delta_saifi", "1/yr"), new("delta_saidi", "h/yr"),
        new("delta_customer_hours", "h/yr"), new("delta_ens_mwh", "MWh/yr"), new("delta_complaints", "1/yr"), new("delta_low_voltage_customers"),
        new("delta_n1_failures"), new("delta_overloads"), new("reason"), new("constraint"), new("problem"), new("fixes"), new("appears_in_year"), new("description"),
        new("source"), new("x", "km"), new("y", "km"), new("why_chosen"),
    ];

    private static readonly string[] s_states = ["saifi", "saidi", "customer_hours", "ens_mwh", "complaints", "low_voltage_customers", "n1_failures", "overloads", "radial_feeders", "n1_failing_feeders"];

    private static readonly ExportColumn[] s_yearColumns =
        [new("plan_year"), new("budget", "CNY"), new("spent", "CNY"), new("projects"), .. s_states.Select(s => new ExportColumn(s + "_without_plan")), .. s_states.Select(s => new ExportColumn(s + "_with_plan"))];

    private static readonly ExportColumn[] s_constraintColumns = [new("rule"), new("feeder"), new("met"), new("project"), new("detail")];

    private static readonly ExportColumn[] s_growthColumns = [new("feeder"), new("growth_percent_per_year", "%/yr"), new("added_peak_mw", "MW"), new("added_from_year"), new("source")];

    /// <summary>The sheets, in order: projects, years (with and without the plan), constraints, growth (per feeder, with its source).</summary>
    public static IReadOnlyList<(string Name, ExportTable Table)> Sheets(InvestmentPlanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        string file = "investment-" + report.Network;
        return
        [
            ("projects", new ExportTable(file, s_projectColumns, [.. report.Projects.Select(p => new object?[]
            {
                p.PlanYear, p.Order, p.Id, p.Kind, p.Lever, p.Feeder, p.Cost, p.Benefit, p.BenefitCostRatio, p.NetPresentValue, p.Effect.AnnualBenefit,
                p.Effect.DeltaSaifi, p.Effect.DeltaSaidi, p.Effect.DeltaCustomerHours, p.Effect.DeltaEnsMwh, p.Effect.DeltaComplaints,
                p.Effect.DeltaLowVoltageCustomers, p.Effect.DeltaN1Failures, p.Effect.DeltaOverloads, p.Reason, p.Constraint, p.Problem, p.Fixes,
                p.AppearsInYear, p.Description, p.Source, p.X, p.Y, p.WhyChosen,
            })])),
            ("years", new ExportTable(file, s_yearColumns, [.. report.YearRows.Select(Year)])),
            ("constraints", new ExportTable(file, s_constraintColumns, [.. report.Constraints.Select(c => new object?[] { c.Rule, c.Feeder, c.Met, c.Project, c.Detail })])),
            ("growth", new ExportTable(file, s_growthColumns, [.. report.Growth.Select(g => new object?[] { g.Feeder, g.GrowthPercentPerYear, g.AddedPeakMw, g.AddedFromYear, g.Source })])),
        ];
    }

    /// <summary>Writes the workbook.</summary>
    public static Task WriteAsync(Stream stream, InvestmentPlanReport report, CancellationToken cancellationToken) =>
        ExportWorkbook.WriteAsync(stream, Sheets(report), cancellationToken);

    private static object?[] Year(InvestmentYear y) => [y.PlanYear, y.Budget, y.Spent, y.Projects, .. State(y.WithoutPlan), .. State(y.WithPlan)];

    private static object?[] State(InvestmentState s) =>
        [s.Saifi, s.Saidi, s.CustomerHours, s.EnsMwh, s.Complaints, s.LowVoltageCustomers, s.N1Failures, s.Overloads, s.RadialFeeders, s.N1FailingFeeders];
}
