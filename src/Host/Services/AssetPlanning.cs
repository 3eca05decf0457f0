using Lumen.Reliability.Aging;

namespace Lumen.Host.Services;

/// <summary>One year of a replacement plan with its effect, as the API returns it.</summary>
/// <param name="PlanYear">Plan year, 1-based.</param>
/// <param name="CalendarYear">Calendar year.</param>
/// <param name="Budget">Budget.</param>
/// <param name="Spent">Spent on replacements.</param>
/// <param name="Replacements">Replacements that year.</param>
/// <param name="Exact">True when the year's knapsack was solved exactly (otherwise greedy, see the optimality gap).</param>
/// <param name="RiskDoNothing">Total risk of every asset without the plan, money per year.</param>
/// <param name="RiskRemaining">Total risk with the plan, money per year.</param>
/// <param name="DeltaSaifi">Change in SAIFI (plan − do nothing; negative = better).</param>
/// <param name="DeltaSaidiHours">Change in SAIDI, hours per customer.</param>
/// <param name="DeltaEnsMwh">Change in energy not supplied, MWh.</param>
/// <param name="DeltaComplaints">Change in expected complaints.</param>
/// <param name="AssetSaidiHoursDoNothing">Expected SAIDI from failures of the registered assets without the plan (Σ PoF × customer-hours per failure ÷ customers).</param>
/// <param name="AssetSaidiHoursWithPlan">The same with the plan (do nothing + ΔSAIDI).</param>
/// <param name="ComplaintsDoNothing">Expected complaints from failures of the registered assets without the plan (Σ PoF × complaints per failure).</param>
/// <param name="ComplaintsWithPlan">The same with the plan (do nothing + Δcomplaints).</param>
internal sealed record AssetPlanYearDocument(
    int PlanYear, int CalendarYear, double Budget, double Spent, int Replacements, bool Exact, double RiskDoNothing, double RiskRemaining,
    double DeltaSaifi, double DeltaSaidiHours, double DeltaEnsMwh, double DeltaComplaints,
    double AssetSaidiHoursDoNothing, double AssetSaidiHoursWithPlan, double ComplaintsDoNothing, double ComplaintsWithPlan);

/// <summary>One planned replacement.</summary>
internal sealed record AssetPlanReplacementDocument(int PlanYear, string AssetId, string Class, string? Feeder, double Cost, double RiskRemoved);

/// <summary>A budget-limited replacement plan (docs/assets.md §5) with its per-year effect.</summary>
/// <param name="Currency">Currency of every amount.</param>
/// <param name="AnalysisYear">The year the risk is "as of" (plan year 1 is the year after).</param>
/// <param name="RiskRemoved">Risk removed over the horizon.</param>
/// <param name="UpperBound">Upper bound on the risk any plan within the budgets could remove.</param>
/// <param name="OptimalityGap">(upper bound − removed) ÷ upper bound: how far the plan can be from the optimum at most.</param>
/// <param name="Customers">Customers of the network (the SAIFI/SAIDI denominator).</param>
/// <param name="Years">Per-year effects.</param>
/// <param name="Replacements">Replacements by year, in order of choice.</param>
internal sealed record AssetPlanDocument(
    string Currency, int AnalysisYear, double RiskRemoved, double UpperBound, double OptimalityGap, long Customers,
    IReadOnlyList<AssetPlanYearDocument> Years, IReadOnlyList<AssetPlanReplacementDocument> Replacements);

/// <summary>Runs <see cref="ReplacementPlanner"/> and adds the do-nothing curves the dashboard charts against.</summary>
internal static class AssetPlanning
{
    /// <summary>Plans replacements under <paramref name="budgets"/> (one per year) on a risk result with consequences.</summary>
    /// <param name="risk">Risk evaluated on the network.</param>
    /// <param name="feeders">Feeder name of each asset (index-aligned with the register), or null entries.</param>
    /// <param name="budgets">Budget per plan year.</param>
    /// <param name="progress">Receives (fraction done, step); may be null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public static AssetPlanDocument Plan(AssetRiskResult risk, IReadOnlyList<string?> feeders, IReadOnlyList<double> budgets, Action<double, string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(feeders);
        ArgumentNullException.ThrowIfNull(budgets);
        progress?.Invoke(0.05, "planning");
        ReplacementPlan plan = ReplacementPlanner.Plan(risk, new PlanOptions { BudgetPerYear = budgets });
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Invoke(0.7, "do-nothing curves");

        int years = budgets.Count;
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
        var rows = new AssetPlanYearDocument[years];
        for (int t = 0; t < years; t++)
        {
            PlanYearEffect y = plan.Years[t];
            double saidi = customers > 0 ? customerHours[t] / customers : double.NaN;
            rows[t] = new AssetPlanYearDocument(y.PlanYear, y.CalendarYear, y.Budget, y.Spent, y.Replacements, y.Exact, y.RiskDoNothing, y.RiskRemaining,
                y.DeltaSaifi, y.DeltaSaidiHours, y.DeltaEnsMwh, y.DeltaComplaints, saidi, saidi + y.DeltaSaidiHours, complaints[t], complaints[t] + y.DeltaComplaints);
        }

        var replacements = new AssetPlanReplacementDocument[plan.Replacements.Count];
        for (int r = 0; r < replacements.Length; r++)
        {
            PlannedReplacement p = plan.Replacements[r];
            replacements[r] = new AssetPlanReplacementDocument(p.PlanYear, p.AssetId, AssetClasses.Name(risk.Register.Classes[p.Asset]), feeders[p.Asset], p.Cost, p.RiskRemoved);
        }

        progress?.Invoke(1, "done");
        return new AssetPlanDocument(plan.Currency, risk.Options.Year, plan.RiskRemoved, plan.UpperBound, plan.OptimalityGap, risk.TotalCustomers, rows, replacements);
    }
}
