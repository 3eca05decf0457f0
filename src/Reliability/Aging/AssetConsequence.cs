using System.Collections.Frozen;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Aging;

/// <summary>
/// Expected complaints per customer interruption as a function of its duration. The outage-history work fits this from
/// complaint and outage records; plug the fitted model in through this interface.
/// </summary>
public interface IComplaintRateModel
{
    /// <summary>Expected complaints per interrupted customer for an interruption of <paramref name="durationHours"/>.</summary>
    /// <param name="durationHours">Interruption duration, hours, ≥ 0.</param>
    /// <returns>Expected complaints per customer interruption, ≥ 0.</returns>
    double ComplaintsPerCustomerInterruption(double durationHours);
}

/// <summary>
/// Lumen's default complaint-rate model until a fitted one is available: a logistic curve in duration,
/// rate(d) = Floor + (Ceiling − Floor) / (1 + e^(−(d − MidpointHours)/SpreadHours)).
/// </summary>
/// <remarks>
/// Defaults and why: Floor 0.0005 (a short interruption still draws about one call in 2,000 customers); Ceiling 0.02 (even
/// day-long outages draw calls from a few per cent of the customers affected, as one call often speaks for a building or
/// a village); Midpoint 4 h, because Chinese urban service commitments promise restoration within about 3–4 h and the
/// 95598 complaint volume rises sharply once the promised time passes; Spread 1 h. Immutable, thread-safe.
/// </remarks>
/// <param name="Floor">Rate for very short interruptions.</param>
/// <param name="Ceiling">Rate for very long interruptions.</param>
/// <param name="MidpointHours">Duration at which the rate is halfway, hours.</param>
/// <param name="SpreadHours">Logistic spread, hours, &gt; 0.</param>
public sealed record LogisticComplaintRateModel(double Floor, double Ceiling, double MidpointHours, double SpreadHours) : IComplaintRateModel
{
    /// <summary>The documented default: 0.0005 → 0.02 complaints per customer interruption, midpoint 4 h, spread 1 h.</summary>
    public static LogisticComplaintRateModel Default { get; } = new(0.0005, 0.02, 4, 1);

    /// <inheritdoc/>
    public double ComplaintsPerCustomerInterruption(double durationHours) =>
        Floor + ((Ceiling - Floor) / (1 + Math.Exp(-(durationHours - MidpointHours) / SpreadHours)));
}

/// <summary>Unit costs used to turn consequences into money, in <see cref="Currency"/>.</summary>
/// <remarks>
/// Defaults are indicative 2024 CNY figures for a Chinese city utility (documented in docs/assets.md): replacement and
/// repair per class (per km for lines and cables), value of energy not supplied 20 CNY/kWh (Chinese interruption-cost
/// surveys place the average value of lost load at roughly 10–40 CNY/kWh), 2,000 CNY per complaint (handling plus the
/// regulatory weight of 95598 complaints), and no separate charge per customer-hour (customers enter through energy
/// and complaints). Immutable.
/// </remarks>
public sealed record AssetCostOptions
{
    /// <summary>The defaults (CNY).</summary>
    public static AssetCostOptions Default { get; } = new();

    /// <summary>Currency code of every amount. Default CNY.</summary>
    public string Currency { get; init; } = "CNY";

    /// <summary>Replacement cost per asset (per km for lines and cables).</summary>
    public FrozenDictionary<AssetClass, double> ReplacementCost { get; init; } = new Dictionary<AssetClass, double>
    {
        [AssetClass.DistributionTransformer] = 150_000,
        [AssetClass.Pole] = 8_000,
        [AssetClass.OverheadLine] = 250_000,
        [AssetClass.Cable] = 1_200_000,
        [AssetClass.RingMainUnit] = 180_000,
        [AssetClass.Switchgear] = 250_000,
        [AssetClass.Breaker] = 250_000,
        [AssetClass.Recloser] = 120_000,
        [AssetClass.Fuse] = 3_000,
        [AssetClass.LoadBreakSwitch] = 60_000,
        [AssetClass.Disconnector] = 20_000,
        [AssetClass.LinkBox] = 20_000,
    }.ToFrozenDictionary();

    /// <summary>Direct cost of one failure (repair, crew, materials) per asset; not per km.</summary>
    public FrozenDictionary<AssetClass, double> RepairCostPerFailure { get; init; } = new Dictionary<AssetClass, double>
    {
        [AssetClass.DistributionTransformer] = 30_000,
        [AssetClass.Pole] = 5_000,
        [AssetClass.OverheadLine] = 10_000,
        [AssetClass.Cable] = 50_000,
        [AssetClass.RingMainUnit] = 30_000,
        [AssetClass.Switchgear] = 40_000,
        [AssetClass.Breaker] = 40_000,
        [AssetClass.Recloser] = 15_000,
        [AssetClass.Fuse] = 500,
        [AssetClass.LoadBreakSwitch] = 10_000,
        [AssetClass.Disconnector] = 5_000,
        [AssetClass.LinkBox] = 5_000,
    }.ToFrozenDictionary();

    /// <summary>Value of energy not supplied, per kWh. Default 20.</summary>
    public double EnergyNotSuppliedCostPerKwh { get; init; } = 20;

    /// <summary>Cost per complaint. Default 2,000.</summary>
    public double CostPerComplaint { get; init; } = 2_000;

    /// <summary>Cost per customer-hour interrupted. Default 0.</summary>
    public double CostPerCustomerHour { get; init; }

    /// <summary>Replacement cost of one asset.</summary>
    /// <param name="assetClass">Its class.</param>
    /// <param name="lengthKm">Its length (lines and cables); ignored otherwise.</param>
    /// <returns>The cost.</returns>
    public double Replacement(AssetClass assetClass, double lengthKm) =>
        ReplacementCost.GetValueOrDefault(assetClass) * (AssetClasses.IsPerKm(assetClass) ? (double.IsNaN(lengthKm) ? 1 : lengthKm) : 1);
}

/// <summary>
/// How long a failure of an asset keeps its customers off supply when the asset is not its network branch's own
/// component: a fuse, breaker, recloser, switch or pole fails, and the branch it sits on is out until that asset is
/// repaired or replaced. Line, cable and transformer assets on a branch of their own kind take the branch's outage time
/// instead (its repair time, or its replacement time for transformers when the study says so).
/// </summary>
/// <remarks>
/// Defaults are indicative planning figures for a Chinese city utility (crews on site within 45–90 min under the urban
/// and rural service commitments), justified in docs/assets.md §3: fuse 2 h, disconnector 4 h, load-break switch,
/// recloser and breaker 6 h, pole, switchgear and link box 8 h, ring main unit 12 h; and for a line, cable or
/// transformer asset placed on a branch of another kind, overhead line 5 h, cable 20 h, transformer 8 h (replacement
/// with a spare). A class missing from <see cref="RepairHours"/> takes its branch's own outage time. Immutable.
/// </remarks>
public sealed record AssetOutageOptions
{
    /// <summary>The defaults.</summary>
    public static AssetOutageOptions Default { get; } = new();

    /// <summary>Outage time of one failure by class, hours (finite, ≥ 0), for assets that are not their branch's own component.</summary>
    public FrozenDictionary<AssetClass, double> RepairHours { get; init; } = new Dictionary<AssetClass, double>
    {
        [AssetClass.DistributionTransformer] = 8,
        [AssetClass.Pole] = 8,
        [AssetClass.OverheadLine] = 5,
        [AssetClass.Cable] = 20,
        [AssetClass.RingMainUnit] = 12,
        [AssetClass.Switchgear] = 8,
        [AssetClass.Breaker] = 6,
        [AssetClass.Recloser] = 6,
        [AssetClass.Fuse] = 2,
        [AssetClass.LoadBreakSwitch] = 6,
        [AssetClass.Disconnector] = 4,
        [AssetClass.LinkBox] = 8,
    }.ToFrozenDictionary();

    /// <summary>
    /// True when an asset of <paramref name="assetClass"/> on a branch of <paramref name="kind"/> is that branch's own
    /// component (transformer on a transformer branch, line or cable on a line or cable section), whose failure is the
    /// branch's failure with the branch's own outage time.
    /// </summary>
    /// <param name="assetClass">The asset's class.</param>
    /// <param name="kind">The kind of the branch it is placed on.</param>
    /// <returns>True for the branch's own component.</returns>
    public static bool IsBranchComponent(AssetClass assetClass, BranchKind kind) => assetClass switch
    {
        AssetClass.DistributionTransformer => kind == BranchKind.Transformer,
        AssetClass.OverheadLine or AssetClass.Cable => kind is BranchKind.OverheadLine or BranchKind.Cable,
        _ => false,
    };
}
