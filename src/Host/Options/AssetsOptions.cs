using System.ComponentModel.DataAnnotations;
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
}

/// <summary>Generated DataAnnotations validation of <see cref="AssetsOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class AssetsOptionsValidator : IValidateOptions<AssetsOptions>;

/// <summary>Cross-field rule of <see cref="AssetsOptions"/>: the default plan fits within the longest plan.</summary>
internal sealed class AssetsOptionsCustomValidator : IValidateOptions<AssetsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AssetsOptions options) =>
        options.DefaultPlanYears > options.MaxPlanYears
            ? ValidateOptionsResult.Fail($"{nameof(AssetsOptions.DefaultPlanYears)} ({options.DefaultPlanYears}) exceeds {nameof(AssetsOptions.MaxPlanYears)} ({options.MaxPlanYears})")
            : ValidateOptionsResult.Success;
}
