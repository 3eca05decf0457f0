using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Lumen.Reliability.Aging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen assets plan</c>: a multi-year replacement plan under yearly budgets, what it costs and buys, and its effect.</summary>
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

        [CommandOption("--discount-rate <RATE>")]
        [Description("Discount rate per year of benefits and NPV, 0-1 (default 0.08).")]
        public double? DiscountRate { get; init; }

        [CommandOption("--appraisal-years <N>")]
        [Description("Years over which a replacement's benefit is counted (default 30).")]
        public int? AppraisalYears { get; init; }

        [CommandOption("--spend-all")]
        [Description("Spend the budget also on replacements whose benefit is below their cost (default: do not buy them).")]
        public bool SpendAll { get; init; }

        [CommandOption("--eol-health <SCORE>")]
        [Description("CNAIM health score from which replacement is mandatory (default 8, band HI5); 'off' to turn off.")]
        public string? EndOfLifeHealth { get; init; }

        [CommandOption("--eol-age-factor <FACTOR>")]
        [Description("Age as a multiple of the expected life from which replacement is mandatory (default off).")]
        public double? EndOfLifeAgeFactor { get; init; }

        public override ValidationResult Validate()
        {
            if (!(BudgetPerYear >= 0) || double.IsInfinity(BudgetPerYear))
            {
                return ValidationResult.Error("--budget-per-year is required and must be a non-negative amount");
            }

            if (DiscountRate is double r && !(r is >= 0 and <= 1))
            {
                return ValidationResult.Error("--discount-rate must be 0..1");
            }

            if (AppraisalYears is < 1 or > 100)
            {
                return ValidationResult.Error("--appraisal-years must be 1..100");
            }

            if (EndOfLifeAgeFactor is double f && !(f is > 0 and <= 10))
            {
                return ValidationResult.Error("--eol-age-factor must be above 0 and at most 10");
            }

            if (EndOfLifeHealth is not null && !EndOfLifeHealth.Equals("off", StringComparison.OrdinalIgnoreCase)
                && !(double.TryParse(EndOfLifeHealth, NumberStyles.Float, CultureInfo.InvariantCulture, out double h) && h is >= 0.5 and <= 10))
            {
                return ValidationResult.Error("--eol-health must be a health score 0.5..10 or off");
            }

            return Years is < 1 or > 50 ? ValidationResult.Error("--years must be 1..50") : base.Validate();
        }

        /// <summary>The plan options these settings give.</summary>
        public PlanOptions Plan()
        {
            var defaults = new PlanOptions();
            double? health = EndOfLifeHealth is null ? EndOfLifeRule.Default.MinimumHealthScore
                : EndOfLifeHealth.Equals("off", StringComparison.OrdinalIgnoreCase) ? null
                : double.Parse(EndOfLifeHealth, NumberStyles.Float, CultureInfo.InvariantCulture);
            return defaults with
            {
                BudgetPerYear = Enumerable.Repeat(BudgetPerYear, Years).ToArray(),
                DiscountRate = DiscountRate ?? defaults.DiscountRate,
                AppraisalYears = AppraisalYears ?? defaults.AppraisalYears,
                SpendAll = SpendAll,
                EndOfLife = new EndOfLifeRule { MinimumHealthScore = health, MaximumAgeFactor = EndOfLifeAgeFactor },
            };
        }
    }

    /// <summary>One replacement as a CSV row (the reason as in the JSON: benefit, end_of_life, spend_all).</summary>
    internal sealed record ReplacementCsvRow(int PlanYear, string AssetId, string Class, string? Feeder, double Cost, double Benefit, double? BenefitCostRatio, double RiskRemoved, string Reason);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        AssetPlanReport? plan = null;
        int code = ExitCodes.Ok;
        void Run()
        {
            AssetRiskResult? risk = AssetLoading.Evaluate(console, settings);
            if (risk is null)
            {
                code = ExitCodes.InvalidInput;
                return;
            }

            plan = AssetPlanQuery.Run(new AssetPlanRequest(risk, settings.Plan()), cancellationToken: cancellationToken);
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
                LumenJson.Write(console, plan!);
                return ExitCodes.Ok;
            case AssetOutputFormat.Csv:
                AssetLoading.WriteCsv(console, plan!.Replacements.Select(r => new ReplacementCsvRow(
                    r.PlanYear, r.AssetId, r.Class, r.Feeder, r.Cost, r.Benefit, r.BenefitCostRatio, r.RiskRemoved, JsonNamingPolicy.SnakeCaseLower.ConvertName(r.Reason.ToString()))));
                return ExitCodes.Ok;
        }

        CultureInfo ci = CultureInfo.InvariantCulture;
        var table = new Table()
            .Title($"Replacement plan ({plan!.Currency}): spends {plan.Spent.ToString("N0", ci)}, benefit {plan.Benefit.ToString("N0", ci)} (present values at {(100 * plan.DiscountRate).ToString("0.##", ci)} %/yr over {plan.AppraisalYears} years), "
                + $"B/C {AssetLoading.Number(plan.BenefitCostRatio ?? double.NaN, "0.00")}, NPV {plan.NetPresentValue.ToString("N0", ci)}; optimality gap ≤ {(100 * plan.OptimalityGap).ToString("0.0", ci)} %")
            .AddColumns("year", "budget", "spent", "replaced", "mandatory", "benefit", "B/C", "NPV", "skipped (B<C)", "risk do-nothing", "risk remaining", "ΔSAIDI (min)", "Δcomplaints");
        foreach (AssetPlanYear y in plan.Years)
        {
            table.AddRow(
                y.CalendarYear.ToString(ci),
                y.Budget.ToString("N0", ci),
                y.Spent.ToString("N0", ci),
                y.Replacements.ToString(ci),
                y.MandatoryReplacements.ToString(ci),
                y.Benefit.ToString("N0", ci),
                AssetLoading.Number(y.BenefitCostRatio ?? double.NaN, "0.00"),
                y.NetPresentValue.ToString("N0", ci),
                y.SkippedBelowCost.ToString(ci),
                y.RiskDoNothing.ToString("N0", ci),
                y.RiskRemaining.ToString("N0", ci),
                AssetLoading.Number(60 * (y.DeltaSaidi ?? double.NaN), "0.000"),
                AssetLoading.Number(y.DeltaComplaints, "0.0"));
        }

        console.Write(table);
        foreach (AssetPlanYear y in plan.Years.Where(y => y.Note is not null))
        {
            console.MarkupLine(Markup.Escape($"{y.CalendarYear}: benefit below cost: {y.Note}"));
        }

        console.MarkupLine(Markup.Escape(plan.ComplaintModel.Describe()));
        var list = new Table().Title("First replacements").AddColumns("year", "asset", "class", "cost", "benefit", "B/C", "why");
        foreach (AssetPlanReplacement r in plan.Replacements.Take(settings.Top))
        {
            list.AddRow(r.PlanYear.ToString(ci), Markup.Escape(r.AssetId), r.Class, r.Cost.ToString("N0", ci), r.Benefit.ToString("N0", ci),
                AssetLoading.Number(r.BenefitCostRatio ?? double.NaN, "0.00"), r.Reason switch
                {
                    ReplacementReason.EndOfLife => "end of life",
                    ReplacementReason.SpendAll => "spend-all",
                    _ => "benefit ≥ cost",
                });
        }

        console.Write(list);
        return ExitCodes.Ok;
    }
}
