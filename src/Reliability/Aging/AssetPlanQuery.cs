using System.Globalization;
using Lumen.Reliability.Complaints;

namespace Lumen.Reliability.Aging;

/// <summary>The complaint-rate model behind the complaints per failure: <c>default</c> (the documented logistic curve) or <c>fitted</c>.</summary>
/// <param name="Source">default or fitted.</param>
/// <param name="Kind">logistic or poisson.</param>
/// <param name="Intercept">Fitted intercept (null for the default curve).</param>
/// <param name="PerHour">Fitted slope per hour of interruption.</param>
/// <param name="PerRepeat">Fitted slope per repeat (the ranking uses repeat index 1).</param>
/// <param name="Cells">Cells of the fit.</param>
/// <param name="ComplaintsPerCustomerOneHour">Complaints per customer interruption of 1 h.</param>
/// <param name="ComplaintsPerCustomerFourHours">… of 4 h.</param>
public sealed record ComplaintModelSummary(string Source, string Kind, double? Intercept, double? PerHour, double? PerRepeat, int Cells, double ComplaintsPerCustomerOneHour, double ComplaintsPerCustomerFourHours)
{
    /// <summary>Summarises <paramref name="model"/>.</summary>
    /// <param name="model">The model in use.</param>
    /// <returns>The summary.</returns>
    public static ComplaintModelSummary Of(IComplaintRateModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model is FittedComplaintRateModel f
            ? new("fitted", f.Model.Kind == ComplaintModelKind.Poisson ? "poisson" : "logistic", f.Model.Intercept, f.Model.PerHour, f.Model.PerRepeat, f.Model.CellCount, model.ComplaintsPerCustomerInterruption(1), model.ComplaintsPerCustomerInterruption(4))
            : new("default", "logistic", null, null, null, 0, model.ComplaintsPerCustomerInterruption(1), model.ComplaintsPerCustomerInterruption(4));
    }

    /// <summary>One line for a terminal.</summary>
    /// <returns>The description.</returns>
    public string Describe() => Source == "fitted"
        ? string.Create(CultureInfo.InvariantCulture, $"complaints per customer interruption: fitted {Kind} model ({Cells} cells): {ComplaintsPerCustomerOneHour:0.#####} at 1 h, {ComplaintsPerCustomerFourHours:0.#####} at 4 h")
        : string.Create(CultureInfo.InvariantCulture, $"complaints per customer interruption: default curve (docs/assets.md §3): {ComplaintsPerCustomerOneHour:0.#####} at 1 h, {ComplaintsPerCustomerFourHours:0.#####} at 4 h");
}

/// <summary>The question "what should we replace with this budget, and does it pay for itself?".</summary>
/// <param name="Risk">Risk evaluated on the network (consequences present).</param>
/// <param name="Plan">Budgets per year and the economic rules.</param>
public sealed record AssetPlanRequest(AssetRiskResult Risk, PlanOptions Plan);

/// <summary>One year of a plan with what it costs, what it buys and its effect.</summary>
/// <param name="PlanYear">Plan year, 1-based.</param>
/// <param name="CalendarYear">Calendar year.</param>
/// <param name="Budget">Budget.</param>
/// <param name="Spent">Spent on replacements (the year's cost).</param>
/// <param name="Replacements">Replacements that year.</param>
/// <param name="MandatoryReplacements">Of those, mandatory under the end-of-life rule.</param>
/// <param name="Exact">True when the year's knapsack was solved exactly (otherwise greedy, see the optimality gap).</param>
/// <param name="Benefit">Risk the year's replacements remove over the appraisal years, discounted to the start of that year.</param>
/// <param name="BenefitRepair">Of the benefit: avoided repair cost.</param>
/// <param name="BenefitEns">Of the benefit: energy not supplied at its unit cost.</param>
/// <param name="BenefitComplaints">Of the benefit: complaints at their unit cost.</param>
/// <param name="BenefitCustomerHours">Of the benefit: customer-hours at their unit cost.</param>
/// <param name="BenefitCostRatio">Benefit ÷ spent; null when nothing was spent.</param>
/// <param name="NetPresentValue">(Benefit − spent) discounted to the start of the plan.</param>
/// <param name="SkippedBelowCost">Assets within the budget whose replacement would remove less risk than it costs, not bought.</param>
/// <param name="Note">Why the benefit is below the cost, when it is.</param>
/// <param name="RiskDoNothing">Total risk of every asset without the plan, money per year.</param>
/// <param name="RiskRemaining">Total risk with the plan, money per year.</param>
/// <param name="DeltaSaifi">Change in SAIFI (plan − do nothing; negative = better).</param>
/// <param name="DeltaSaidi">Change in SAIDI, hours per customer.</param>
/// <param name="DeltaEnsMwh">Change in energy not supplied, MWh.</param>
/// <param name="DeltaComplaints">Change in expected complaints.</param>
/// <param name="AssetSaidiDoNothing">Expected SAIDI from failures of the registered assets without the plan (Σ PoF × customer-hours per failure ÷ customers).</param>
/// <param name="AssetSaidiWithPlan">The same with the plan (do nothing + ΔSAIDI).</param>
/// <param name="ComplaintsDoNothing">Expected complaints from failures of the registered assets without the plan (Σ PoF × complaints per failure).</param>
/// <param name="ComplaintsWithPlan">The same with the plan (do nothing + Δcomplaints).</param>
public sealed record AssetPlanYear(
    int PlanYear, int CalendarYear, double Budget, double Spent, int Replacements, int MandatoryReplacements, bool Exact,
    double Benefit, double BenefitRepair, double BenefitEns, double BenefitComplaints, double BenefitCustomerHours, double? BenefitCostRatio,
    double NetPresentValue, int SkippedBelowCost, string? Note,
    double RiskDoNothing, double RiskRemaining, double? DeltaSaifi, double? DeltaSaidi, double DeltaEnsMwh, double DeltaComplaints,
    double? AssetSaidiDoNothing, double? AssetSaidiWithPlan, double ComplaintsDoNothing, double ComplaintsWithPlan);

/// <summary>One planned replacement.</summary>
/// <param name="PlanYear">Plan year, 1-based.</param>
/// <param name="AssetId">Asset id.</param>
/// <param name="Class">Asset class.</param>
/// <param name="Feeder">Feeder, when known.</param>
/// <param name="Cost">Replacement cost.</param>
/// <param name="Benefit">Risk removed over the appraisal years, discounted to the replacement year.</param>
/// <param name="BenefitCostRatio">Benefit ÷ cost; null when the cost is 0.</param>
/// <param name="RiskRemoved">Risk removed within the plan horizon, not discounted.</param>
/// <param name="Reason">benefit (benefit ≥ cost), end_of_life (mandatory) or spend_all.</param>
public sealed record AssetPlanReplacement(int PlanYear, string AssetId, string Class, string? Feeder, double Cost, double Benefit, double? BenefitCostRatio, double RiskRemoved, ReplacementReason Reason);

/// <summary>The end-of-life rule in force.</summary>
/// <param name="MinimumHealthScore">CNAIM health score from which replacement is mandatory; null when off.</param>
/// <param name="MaximumAgeFactor">Age ÷ expected life from which replacement is mandatory; null when off.</param>
public sealed record AssetEndOfLifeRule(double? MinimumHealthScore, double? MaximumAgeFactor);

/// <summary>A budget-limited replacement plan (docs/assets.md §5): what it spends, what it buys, whether it pays, and its effect per year.</summary>
/// <param name="Currency">Currency of every amount.</param>
/// <param name="AnalysisYear">The year the risk is "as of" (plan year 1 is the year after).</param>
/// <param name="DiscountRate">Discount rate per year.</param>
/// <param name="AppraisalYears">Years over which each replacement's benefit is counted.</param>
/// <param name="SpendAll">True when the budget was spent even on replacements whose benefit is below their cost.</param>
/// <param name="EndOfLife">The mandatory end-of-life rule.</param>
/// <param name="Customers">Customers of the network (the SAIFI/SAIDI denominator).</param>
/// <param name="Spent">Spent over all years, not discounted.</param>
/// <param name="CostPresentValue">Spending discounted to the start of the plan.</param>
/// <param name="Benefit">Benefit of every replacement discounted to the start of the plan.</param>
/// <param name="BenefitCostRatio">Benefit ÷ cost, both discounted; null when nothing is spent.</param>
/// <param name="NetPresentValue">Benefit − cost, both discounted to the start of the plan.</param>
/// <param name="RiskRemoved">Risk removed within the plan horizon, not discounted.</param>
/// <param name="UpperBound">Upper bound on the benefit any plan within the budgets and rules could buy (each year valued at its start).</param>
/// <param name="OptimalityGap">(upper bound − bought) ÷ upper bound: how far the plan can be from the optimum at most.</param>
/// <param name="ComplaintModel">The complaint-rate model behind the complaints per failure.</param>
/// <param name="Years">Per-year figures.</param>
/// <param name="Replacements">Replacements by year, mandatory ones first, then in order of choice.</param>
public sealed record AssetPlanReport(
    string Currency, int AnalysisYear, double DiscountRate, int AppraisalYears, bool SpendAll, AssetEndOfLifeRule EndOfLife, long Customers,
    double Spent, double CostPresentValue, double Benefit, double? BenefitCostRatio, double NetPresentValue, double RiskRemoved, double UpperBound, double OptimalityGap,
    ComplaintModelSummary ComplaintModel, IReadOnlyList<AssetPlanYear> Years, IReadOnlyList<AssetPlanReplacement> Replacements);

/// <summary>The one entry point of the replacement-plan question, rendered by the CLI (<c>lumen assets plan</c>) and the API (<c>/api/assets/plan</c>).</summary>
public static class AssetPlanQuery
{
    /// <summary>Plans replacements and adds the do-nothing curves the plan is charted against.</summary>
    /// <param name="request">The risk, the budgets and the rules.</param>
    /// <param name="progress">Receives (fraction done, step); may be null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">As <see cref="ReplacementPlanner.Plan"/>.</exception>
    public static AssetPlanReport Run(AssetPlanRequest request, Action<double, string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        AssetRiskResult risk = request.Risk;
        progress?.Invoke(0.05, "planning");
        ReplacementPlan plan = ReplacementPlanner.Plan(risk, request.Plan);
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Invoke(0.7, "do-nothing curves");

        int years = plan.Years.Count;
        var pof = new double[years];
        var customerHours = new double[years];
        var complaints = new double[years];
        for (int i = 0; i < risk.Register.Count; i++)
        {
            risk.KeptPof(i, pof);
            double ch = risk.CustomerHoursPerFailure[i];
            double cp = risk.ComplaintsPerFailure[i];
            for (int t = 0; t < years; t++)
            {
                customerHours[t] += pof[t] * ch;
                complaints[t] += pof[t] * cp;
            }
        }

        double customers = risk.TotalCustomers;
        var rows = new AssetPlanYear[years];
        for (int t = 0; t < years; t++)
        {
            PlanYearEffect y = plan.Years[t];
            double? saidi = customers > 0 ? customerHours[t] / customers : null;
            rows[t] = new AssetPlanYear(
                y.PlanYear, y.CalendarYear, y.Budget, y.Spent, y.Replacements, y.MandatoryReplacements, y.Exact,
                y.Benefit, y.BenefitParts.Repair, y.BenefitParts.EnergyNotSupplied, y.BenefitParts.Complaints, y.BenefitParts.CustomerHours, y.BenefitCostRatio,
                y.NetPresentValue, y.SkippedBelowCost, y.Note,
                y.RiskDoNothing, y.RiskRemaining, Finite(y.DeltaSaifi), Finite(y.DeltaSaidi), y.DeltaEnsMwh, y.DeltaComplaints,
                saidi, saidi + Finite(y.DeltaSaidi), complaints[t], complaints[t] + y.DeltaComplaints);
        }

        var replacements = new AssetPlanReplacement[plan.Replacements.Count];
        for (int r = 0; r < replacements.Length; r++)
        {
            PlannedReplacement p = plan.Replacements[r];
            replacements[r] = new AssetPlanReplacement(p.PlanYear, p.AssetId, AssetClasses.Name(risk.Register.Classes[p.Asset]), risk.Feeders[p.Asset], p.Cost, p.Benefit, p.BenefitCostRatio, p.RiskRemoved, p.Reason);
        }

        progress?.Invoke(1, "done");
        PlanOptions o = plan.Options;
        return new AssetPlanReport(
            plan.Currency, risk.Options.Year, o.DiscountRate, o.AppraisalYears, o.SpendAll,
            new AssetEndOfLifeRule(o.EndOfLife.MinimumHealthScore, o.EndOfLife.MaximumAgeFactor), risk.TotalCustomers,
            plan.Spent, plan.CostPresentValue, plan.Benefit, plan.BenefitCostRatio, plan.NetPresentValue, plan.RiskRemoved, plan.UpperBound, plan.OptimalityGap,
            ComplaintModelSummary.Of(risk.Options.Complaints), rows, replacements);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
