using System.ComponentModel.DataAnnotations;
using Lumen.Reliability.Aging;
using Lumen.Topology.Network;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Options;

/// <summary>The aging-assets analysis of the service (section <c>Lumen:Assets</c>).</summary>
internal sealed class AssetsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Lumen:Assets";

    /// <summary>
    /// Replacement budget per year of the default plan (<c>GET /api/assets/plan</c>), in the unit costs' currency (CNY, docs/assets.md §3). Default
    /// 5,000,000 CNY: about 33 distribution transformers (150,000 each) or 4 km of cable a year, the order of a county
    /// utility's yearly renewal budget for 10 kV equipment. Set it to the utility's own figure.
    /// </summary>
    [Range(0.0, 1e13)]
    public double DefaultBudgetPerYear { get; set; } = 5_000_000;

    /// <summary>Years of the default plan. Default 5.</summary>
    [Range(1, 50)]
    public int DefaultPlanYears { get; set; } = 5;

    /// <summary>Longest plan a job may ask for, years. Default 30.</summary>
    [Range(1, 50)]
    public int MaxPlanYears { get; set; } = 30;

    /// <summary>
    /// Discount rate per year of plan benefits and NPV (docs/assets.md §5). Default 0.08, an indicative rate for grid
    /// investment appraisal; set the utility's own.
    /// </summary>
    [Range(0.0, 1.0)]
    public double DiscountRate { get; set; } = 0.08;

    /// <summary>Years over which a replacement's benefit is counted. Default 30 (CNAIM spec §5.5).</summary>
    [Range(1, 100)]
    public int AppraisalYears { get; set; } = 30;

    /// <summary>Spend the default plan's whole budget, also on replacements whose benefit is below their cost. Default false.</summary>
    public bool SpendAll { get; set; }

    /// <summary>CNAIM health score from which a replacement is mandatory (end-of-life rule). Default 8 (HI5); null turns it off.</summary>
    [Range(0.5, 10.0)]
    public double? EndOfLifeHealthScore { get; set; } = EndOfLifeRule.Default.MinimumHealthScore;

    /// <summary>Age as a multiple of the expected life from which a replacement is mandatory. Default null (off).</summary>
    [Range(0.1, 10.0)]
    public double? EndOfLifeAgeFactor { get; set; }

    /// <summary>The plan options for <paramref name="budgets"/> under these settings, with an optional per-request override of spend-all.</summary>
    public PlanOptions Plan(IReadOnlyList<double> budgets, bool? spendAll = null) => new()
    {
        BudgetPerYear = budgets,
        DiscountRate = DiscountRate,
        AppraisalYears = AppraisalYears,
        SpendAll = spendAll ?? SpendAll,
        EndOfLife = new EndOfLifeRule { MinimumHealthScore = EndOfLifeHealthScore, MaximumAgeFactor = EndOfLifeAgeFactor },
    };

    /// <summary>Currency label of every amount. Default CNY.</summary>
    [Required]
    [RegularExpression("^[A-Za-z]{3}$")]
    public string Currency { get; set; } = "CNY";

    /// <summary>Value of energy not supplied per kWh. Default 20 (docs/assets.md §3).</summary>
    [Range(0.0, 1e6)]
    public double EnsCostPerKwh { get; set; } = AssetCostOptions.Default.EnergyNotSuppliedCostPerKwh;

    /// <summary>Cost per complaint. Default 2,000.</summary>
    [Range(0.0, 1e9)]
    public double CostPerComplaint { get; set; } = AssetCostOptions.Default.CostPerComplaint;

    /// <summary>Cost per customer-hour interrupted. Default 0 (customers count through energy and complaints).</summary>
    [Range(0.0, 1e9)]
    public double CostPerCustomerHour { get; set; } = AssetCostOptions.Default.CostPerCustomerHour;

    /// <summary>
    /// The utility's per-class replacement cost, repair cost per failure and outage hours
    /// (<c>class,replacement_cost,repair_cost_per_failure,outage_hours</c>, docs/assets.md §3); null for the defaults.
    /// </summary>
    public string? UnitCostsFile { get; set; }

    /// <summary>The unit costs and outage times these options give: the defaults, the scalars above and the file's rows.</summary>
    public AssetUnitCostsResult ReadUnitCosts()
    {
        AssetCostOptions costs = AssetCostOptions.Default with
        {
            Currency = Currency,
            EnergyNotSuppliedCostPerKwh = EnsCostPerKwh,
            CostPerComplaint = CostPerComplaint,
            CostPerCustomerHour = CostPerCustomerHour,
        };
        return UnitCostsFile is null
            ? new AssetUnitCostsResult(costs, AssetOutageOptions.Default, [])
            : AssetUnitCostsReader.Read(UnitCostsFile, costs, AssetOutageOptions.Default);
    }
}

/// <summary>Generated DataAnnotations validation of <see cref="AssetsOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class AssetsOptionsValidator : IValidateOptions<AssetsOptions>;

/// <summary>Rules of <see cref="AssetsOptions"/> beyond single fields: the default plan fits within the longest plan; the unit-cost file reads.</summary>
internal sealed class AssetsOptionsCustomValidator : IValidateOptions<AssetsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AssetsOptions options)
    {
        var builder = new ValidateOptionsResultBuilder();
        if (options.DefaultPlanYears > options.MaxPlanYears)
        {
            builder.AddError($"{nameof(AssetsOptions.DefaultPlanYears)} ({options.DefaultPlanYears}) exceeds {nameof(AssetsOptions.MaxPlanYears)} ({options.MaxPlanYears})");
        }

        if (options.UnitCostsFile is not null)
        {
            foreach (Diagnostic d in options.ReadUnitCosts().Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20))
            {
                builder.AddError(d.ToString(), nameof(AssetsOptions.UnitCostsFile));
            }
        }

        return builder.Build();
    }
}
