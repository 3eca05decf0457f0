using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Aging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen assets plan</c>: a multi-year replacement plan under yearly budgets and its expected effect.</summary>
internal sealed class AssetsPlanCommand(IAnsiConsole console) : Command<AssetsPlanCommand.Settings>
{
    /// <summary>Options of <c>assets plan</c>.</summary>
    internal sealed class Settings : AssetNetworkSettings
    {
        [CommandOption("--budget-per-year <AMOUNT>")]
        [Description("Replacement budget per year, in the cost currency.")]
        public double BudgetPerYear { get; init; } = double.NaN;

        [CommandOption("--years <N>")]
        [Description("Plan years (default 5).")]
        [DefaultValue(5)]
        public int Years { get; init; } = 5;

        public override ValidationResult Validate()
        {
            if (!(BudgetPerYear >= 0) || double.IsInfinity(BudgetPerYear))
            {
                return ValidationResult.Error("--budget-per-year is required and must be a non-negative amount");
            }

            return Years is < 1 or > 50 ? ValidationResult.Error("--years must be 1..50") : base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        AssetRiskResult? risk = null;
        ReplacementPlan? plan = null;
        int code = ExitCodes.Ok;
        var budgets = Enumerable.Repeat(settings.BudgetPerYear, settings.Years).ToArray();
        void Run()
        {
            risk = AssetLoading.Evaluate(console, settings);
            if (risk is null)
            {
                code = ExitCodes.InvalidInput;
                return;
            }

            plan = ReplacementPlanner.Plan(risk, new PlanOptions { BudgetPerYear = budgets });
        }

        if (settings.Format == AssetOutputFormat.Table)
        {
            Progress.Run(console, "Asset plan", [("risk and plan", Run)]);
        }
        else
        {
            Run();
        }

        if (code != ExitCodes.Ok)
        {
            return code;
        }

        switch (settings.Format)
        {
            case AssetOutputFormat.Json:
                LumenJson.Write(console, new
                {
                    currency = plan!.Currency,
                    risk_removed = plan.RiskRemoved,
                    upper_bound = plan.UpperBound,
                    optimality_gap = plan.OptimalityGap,
                    complaint_model = AssetLoading.ComplaintModelDocument.Of(risk!.Options.Complaints),
                    years = plan.Years,
                    replacements = plan.Replacements,
                });
                return ExitCodes.Ok;
            case AssetOutputFormat.Csv:
                AssetLoading.WriteCsv(console, plan!.Replacements);
                return ExitCodes.Ok;
        }

        CultureInfo ci = CultureInfo.InvariantCulture;
        var table = new Table().Title($"Replacement plan ({plan!.Currency}); risk removed {plan.RiskRemoved.ToString("N0", ci)}, optimality gap ≤ {(100 * plan.OptimalityGap).ToString("0.0", ci)} %")
            .AddColumns("year", "budget", "spent", "replaced", "solver", "risk do-nothing", "risk remaining", "ΔSAIFI", "ΔSAIDI (min)", "ΔENS MWh", "Δcomplaints");
        foreach (PlanYearEffect y in plan.Years)
        {
            table.AddRow(
                y.CalendarYear.ToString(ci),
                y.Budget.ToString("N0", ci),
                y.Spent.ToString("N0", ci),
                y.Replacements.ToString(ci),
                y.Exact ? "exact" : "greedy",
                y.RiskDoNothing.ToString("N0", ci),
                y.RiskRemaining.ToString("N0", ci),
                AssetLoading.Number(y.DeltaSaifi, "0.00000"),
                AssetLoading.Number(60 * y.DeltaSaidiHours, "0.000"),
                AssetLoading.Number(y.DeltaEnsMwh, "0.00"),
                AssetLoading.Number(y.DeltaComplaints, "0.0"));
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(AssetLoading.ComplaintModelDocument.Of(risk!.Options.Complaints).Describe()));
        var list = new Table().Title("First replacements").AddColumns("year", "asset", "cost", "risk removed over the horizon");
        foreach (PlannedReplacement r in plan.Replacements.Take(settings.Top))
        {
            list.AddRow(r.PlanYear.ToString(ci), Markup.Escape(r.AssetId), r.Cost.ToString("N0", ci), r.RiskRemoved.ToString("N0", ci));
        }

        console.Write(list);
        return ExitCodes.Ok;
    }
}
