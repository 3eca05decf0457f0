using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Aging;

/// <summary>How the probability of failure is estimated.</summary>
public enum PofMethod : byte
{
    /// <summary>CNAIM where the class has a CNAIM category, Weibull for the classes CNAIM excludes (default).</summary>
    Cnaim = 0,

    /// <summary>Weibull life models fitted per class from the register's own failures and survivors, for every class.</summary>
    Weibull = 1,
}

/// <summary>Options of <see cref="AssetRiskAnalysis.Evaluate"/>.</summary>
/// <remarks>Immutable record.</remarks>
public sealed record AssetRiskOptions
{
    /// <summary>Lower limit of the history factor.</summary>
    public const double MinimumHistoryFactor = 0.5;

    /// <summary>Upper limit of the history factor.</summary>
    public const double MaximumHistoryFactor = 3.0;

    /// <summary>Lower limit of the estimated frailty prior shape α (α = 0.5: frailty standard deviation 1.4).</summary>
    public const double MinimumHistoryPriorShape = 0.5;

    /// <summary>Upper limit of α, also used when the failures show no over-dispersion (frailty standard deviation 0.14).</summary>
    public const double MaximumHistoryPriorShape = 50;

    /// <summary>The year the analysis is "as of": ages are counted to it and only failures up to its end are used. Required.</summary>
    public int Year { get; init; }

    /// <summary>PoF method. Default <see cref="PofMethod.Cnaim"/>.</summary>
    public PofMethod Method { get; init; } = PofMethod.Cnaim;

    /// <summary>CNAIM behaviour. Default <see cref="CnaimMode.Spec"/>.</summary>
    public CnaimMode Mode { get; init; } = CnaimMode.Spec;

    /// <summary>
    /// Calibrate to the register's own failure history (default true). Per class, the model PoF (CNAIM's K, or the
    /// Weibull fit times the condition multiplier) is scaled so that the failures it expects over the record window
    /// match the observed ones (spec §6.1.2, shrunk towards 1 by two pseudo-failures). Then each asset's PoF is
    /// multiplied by its history factor (own failures + α)/(model-expected failures + α), the posterior mean of a
    /// gamma(α, α) frailty under Poisson failures, with α estimated from the over-dispersion of all assets' failures
    /// (method of moments, <see cref="MinimumHistoryPriorShape"/>–<see cref="MaximumHistoryPriorShape"/>) and the
    /// factor limited to <see cref="MinimumHistoryFactor"/>–<see cref="MaximumHistoryFactor"/>. The expectation is
    /// the asset's own (length, condition, age), so a short line with two failures is singled out and a long one is not.
    /// It multiplies PoF rather than H (spec §6.14's reliability factor, which the register can still give) because H
    /// is floored at 4 in spec mode, where a factor on H would not reach healthy assets at all.
    /// </summary>
    public bool CalibrateToHistory { get; init; } = true;

    /// <summary>Unit costs and currency. Default <see cref="AssetCostOptions.Default"/>.</summary>
    public AssetCostOptions Costs { get; init; } = AssetCostOptions.Default;

    /// <summary>
    /// Outage time of a failure of assets that are not their branch's own component (fuses, breakers, switches, poles
    /// …), per class. Default <see cref="AssetOutageOptions.Default"/>.
    /// </summary>
    public AssetOutageOptions Outage { get; init; } = AssetOutageOptions.Default;

    /// <summary>Complaint-rate model. Default <see cref="LogisticComplaintRateModel.Default"/>.</summary>
    public IComplaintRateModel Complaints { get; init; } = LogisticComplaintRateModel.Default;

    /// <summary>Study case for the network consequence (alternate supply, switching time …). Default <see cref="StudyCase.Default"/>.</summary>
    public StudyCase Study { get; init; } = StudyCase.Default;

    /// <summary>Reliability assessment options for the consequence; null for the defaults.</summary>
    public ReliabilityOptions? Reliability { get; init; }

    /// <summary>
    /// Forecast peak utilisation (% of rating) by asset id, e.g. from the load-forecasting work; used when the register
    /// gives no utilisation. Without either, transformers and lines take the measured peak of the load points behind them.
    /// </summary>
    public IReadOnlyDictionary<string, double>? ForecastUtilisationPct { get; init; }

    /// <summary>Complaints on record per asset (index-aligned with the register), shown as a reason; null when not known.</summary>
    public IReadOnlyList<int>? ComplaintHistory { get; init; }
}
