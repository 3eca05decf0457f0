using System.Text.Json.Serialization;
using Lumen.Reliability.History;
using Lumen.Reliability.Predictive;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Planning;

/// <summary>What the diagnosis of the present grid (配电网现状诊断评估) needs.</summary>
/// <param name="Network">The network, in its normal switch state.</param>
/// <param name="NetworkName">Name shown in the report.</param>
/// <param name="Study">Study case of the reliability prediction.</param>
public sealed record DiagnosisRequest(Net Network, string NetworkName, Topology.Network.StudyCase Study)
{
    /// <summary>Measured load of feeders (by name), transformers (branch id) or load points; empty: loading from the network's peaks.</summary>
    public IReadOnlyList<ElementLoadSeries> Load { get; init; } = [];

    /// <summary>Outage statistics with a <c>feeder</c> split, for historical RS-1 and SAIDI; null when there is no history.</summary>
    public HistoryReport? History { get; init; }

    /// <summary>Supply zones given by the utility, by substation (source bus id) or feeder name; others come from load density.</summary>
    public IReadOnlyDictionary<string, string> Zones { get; init; } = new Dictionary<string, string>();

    /// <summary>The rule table.</summary>
    public DiagnosisRules Rules { get; init; } = DiagnosisRules.Default;

    /// <summary>Transfer limits of N-1 and of the reliability prediction (their load levels come from <see cref="Load"/>, else the default curve).</summary>
    public RestorationLimits Limits { get; init; } = RestorationLimits.Default;
}

/// <summary>One problem found: a rule a feeder (or a zone) does not meet, with the figure and the limit.</summary>
/// <param name="Severity"><c>high</c>, <c>medium</c> or <c>low</c>.</param>
/// <param name="Rule">Rule code: <c>n1</c>, <c>radial_feeder</c>, <c>feeder_overload</c>, <c>feeder_heavy_load</c>, <c>transformer_overload</c>, <c>transformer_heavy_load</c>, <c>supply_radius</c>, <c>sections</c>, <c>cable_share</c>, <c>reliability_target</c>.</param>
/// <param name="Feeder">Feeder name; null for a zone-wide problem.</param>
/// <param name="Substation">Substation (source bus id).</param>
/// <param name="Zone">Supply zone.</param>
/// <param name="Figure">The measured or computed figure.</param>
/// <param name="Limit">The rule's limit.</param>
/// <param name="Unit">Unit of figure and limit.</param>
/// <param name="Detail">What the figure is, in words (e.g. the binding branch of a failing N-1 contingency).</param>
public sealed record DiagnosisProblem(string Severity, string Rule, string? Feeder, string? Substation, string? Zone, double Figure, double? Limit, string Unit, string Detail);

/// <summary>The indicators of one feeder.</summary>
/// <param name="Feeder">Feeder name.</param>
/// <param name="Substation">Substation (source bus id).</param>
/// <param name="Zone">Supply zone; null when neither given nor derivable (no coordinates).</param>
/// <param name="ZoneSource"><c>given</c>, <c>load_density</c> or <c>unknown</c>.</param>
/// <param name="PeakMw">Coincident peak (sum of load-point peaks), MW.</param>
/// <param name="HeadRatingMva">Rating of the feeder head, MVA; null when unrated.</param>
/// <param name="PeakLoadingPercent">Peak load / head rating (the series' maximum when a series exists), percent.</param>
/// <param name="AverageLoadingPercent">Average load / head rating, percent.</param>
/// <param name="HeavyLoadHours">Hours a year at or above the heavy-load threshold for at least the minimum duration (series only).</param>
/// <param name="OverloadHours">Hours a year above the overload threshold for at least the minimum duration (series only).</param>
/// <param name="LoadFromSeries">Whether the loading figures come from a load series.</param>
/// <param name="Ties">Normally-open ties to other feeders.</param>
/// <param name="Interconnected">Tied to at least one other feeder (线路联络).</param>
/// <param name="InterSubstation">Tied to a feeder of another substation (站间联络).</param>
/// <param name="N1Passes">N-1 at peak.</param>
/// <param name="N1PassesByLevel">N-1 at each load level.</param>
/// <param name="N1Failures">Failing contingencies, peak first.</param>
/// <param name="SupplyRadiusKm">Length along the circuit from the substation to the farthest load point, km.</param>
/// <param name="SupplyRadiusLimitKm">The zone's limit.</param>
/// <param name="Sections">Trunk sections (分段数): sections between switching devices on the way from the breaker to the tie points (to the farthest load on a radial feeder).</param>
/// <param name="LengthKm">Total line and cable length, km.</param>
/// <param name="CableShare">Cable length / line and cable length (电缆化率); null without length.</param>
/// <param name="InsulatedShare">Insulated share of overhead line (绝缘化率): the network files do not say, so null.</param>
/// <param name="Automated">Whether a switch or recloser below the breaker is automated (配电自动化覆盖).</param>
/// <param name="Transformers">Distribution transformers.</param>
/// <param name="HeavyTransformers">Transformers at or above the heavy-load threshold (not overloaded).</param>
/// <param name="OverloadedTransformers">Transformers above the overload threshold.</param>
/// <param name="MaxTransformerLoadingPercent">Highest transformer loading, percent.</param>
/// <param name="PredictedSaidi">Predicted SAIDI (DL/T 836 users: distribution transformers), h/yr.</param>
/// <param name="PredictedRs1">Predicted RS-1, percent.</param>
/// <param name="CapacityLimitedSaidi">Part of the predicted SAIDI caused by capacity-limited restoration, h/yr.</param>
/// <param name="HistoricalSaidi">Historical AIHC-1 (DL/T 836 SAIDI, users: transformers) per year, h/yr; null without history.</param>
/// <param name="HistoricalRs1">Historical RS-1 over the history's period, percent; null without history.</param>
public sealed record FeederDiagnosis(
    string Feeder,
    string Substation,
    string? Zone,
    string ZoneSource,
    double PeakMw,
    double? HeadRatingMva,
    double? PeakLoadingPercent,
    double? AverageLoadingPercent,
    double? HeavyLoadHours,
    double? OverloadHours,
    bool LoadFromSeries,
    int Ties,
    bool Interconnected,
    bool InterSubstation,
    bool N1Passes,
    IReadOnlyList<bool> N1PassesByLevel,
    IReadOnlyList<N1Failure> N1Failures,
    double SupplyRadiusKm,
    double? SupplyRadiusLimitKm,
    int Sections,
    double LengthKm,
    double? CableShare,
    double? InsulatedShare,
    bool Automated,
    int Transformers,
    int HeavyTransformers,
    int OverloadedTransformers,
    double? MaxTransformerLoadingPercent,
    double? PredictedSaidi,
    [property: JsonPropertyName("predicted_rs_1")] double? PredictedRs1,
    double? CapacityLimitedSaidi,
    double? HistoricalSaidi,
    [property: JsonPropertyName("historical_rs_1")] double? HistoricalRs1);

/// <summary>Indicators summed over a group of feeders: a substation, a supply zone or the system.</summary>
/// <param name="Group"><c>system</c>, <c>zone</c> or <c>substation</c>.</param>
/// <param name="Key">Zone code, substation id, or <c>system</c>.</param>
/// <param name="Zone">The zone (for a substation, its zone; for the system, null).</param>
/// <param name="Feeders">Feeders in the group.</param>
/// <param name="PeakMw">Sum of feeder peaks, MW.</param>
/// <param name="AreaKm2">Supply area (convex hull of the buses), km²; null without coordinates or for the system.</param>
/// <param name="LoadDensity">Peak MW / area, MW/km².</param>
/// <param name="N1PassRate">Share of feeders passing N-1 at peak (N-1 通过率).</param>
/// <param name="InterconnectionRate">Share of feeders tied to another feeder (线路联络率).</param>
/// <param name="InterSubstationRate">Share of feeders tied to another substation's feeder (站间联络率).</param>
/// <param name="AverageFeederLoadingPercent">Mean peak loading of the rated feeders, percent.</param>
/// <param name="MaxFeederLoadingPercent">Highest feeder peak loading, percent.</param>
/// <param name="HeavyFeeders">Heavily loaded feeders (not overloaded).</param>
/// <param name="OverloadedFeeders">Overloaded feeders.</param>
/// <param name="Transformers">Distribution transformers.</param>
/// <param name="AverageTransformerLoadingPercent">Mean transformer peak loading, percent.</param>
/// <param name="HeavyTransformers">Heavily loaded transformers.</param>
/// <param name="OverloadedTransformers">Overloaded transformers.</param>
/// <param name="AverageSupplyRadiusKm">Mean supply radius, km.</param>
/// <param name="FeedersOverRadius">Feeders over their zone's radius limit.</param>
/// <param name="AverageSections">Mean trunk sections per feeder.</param>
/// <param name="CableShare">Cable share of line and cable length.</param>
/// <param name="AutomationCoverage">Share of automated feeders (配电自动化覆盖率).</param>
/// <param name="PredictedSaidi">Predicted SAIDI (users: distribution transformers), h/yr.</param>
/// <param name="PredictedRs1">Predicted RS-1, percent.</param>
/// <param name="HistoricalSaidi">Historical SAIDI, h/yr.</param>
/// <param name="HistoricalRs1">Historical RS-1, percent.</param>
/// <param name="Rs1Target">The zone's RS-1 target, percent.</param>
public sealed record DiagnosisSummary(
    string Group,
    string Key,
    string? Zone,
    int Feeders,
    double PeakMw,
    double? AreaKm2,
    double? LoadDensity,
    double? N1PassRate,
    double? InterconnectionRate,
    double? InterSubstationRate,
    double? AverageFeederLoadingPercent,
    double? MaxFeederLoadingPercent,
    int HeavyFeeders,
    int OverloadedFeeders,
    int Transformers,
    double? AverageTransformerLoadingPercent,
    int HeavyTransformers,
    int OverloadedTransformers,
    double? AverageSupplyRadiusKm,
    int FeedersOverRadius,
    double? AverageSections,
    double? CableShare,
    double? AutomationCoverage,
    double? PredictedSaidi,
    [property: JsonPropertyName("predicted_rs_1")] double? PredictedRs1,
    double? HistoricalSaidi,
    [property: JsonPropertyName("historical_rs_1")] double? HistoricalRs1,
    [property: JsonPropertyName("rs_1_target")] double? Rs1Target);

/// <summary>The diagnosis report: indicators by feeder, substation, zone and system, and the problems by severity.</summary>
/// <param name="Network">Network name.</param>
/// <param name="Case">Study case id.</param>
/// <param name="LoadLevels">The load levels of N-1 and of the reliability prediction.</param>
/// <param name="System">System indicators.</param>
/// <param name="Zones">Indicators per supply zone, densest first.</param>
/// <param name="Substations">Indicators per substation.</param>
/// <param name="Feeders">Indicators per feeder.</param>
/// <param name="Problems">Problems, most severe first.</param>
/// <param name="Rules">The rule table applied.</param>
public sealed record DiagnosisReport(
    string Network,
    string Case,
    IReadOnlyList<LoadLevel> LoadLevels,
    DiagnosisSummary System,
    IReadOnlyList<DiagnosisSummary> Zones,
    IReadOnlyList<DiagnosisSummary> Substations,
    IReadOnlyList<FeederDiagnosis> Feeders,
    IReadOnlyList<DiagnosisProblem> Problems,
    DiagnosisRules Rules);
