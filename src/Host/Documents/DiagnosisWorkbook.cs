using Lumen.Reliability.Planning;

namespace Lumen.Host.Documents;

/// <summary>
/// The diagnosis report as a workbook a planner opens in Excel, written the same way by <c>lumen plan diagnose --xlsx</c>
/// and <c>GET /api/export/diagnosis.xlsx</c>: one sheet per list of the JSON document, columns named as its fields.
/// </summary>
internal static class DiagnosisWorkbook
{
    private static readonly ExportColumn[] s_summaryColumns =
    [
        new("group"), new("key"), new("zone"), new("feeders"), new("peak_mw", "MW"), new("area_km2", "km²"), new("load_density", "MW/km²"),
        new("n1_pass_rate"), new("interconnection_rate"), new("inter_substation_rate"), new("average_feeder_loading_percent", "%"),
        new("max_feeder_loading_percent", "%"), new("heavy_feeders"), new("overloaded_feeders"), new("transformers"),
        new("average_transformer_loading_percent", "%"), new("heavy_transformers"), new("overloaded_transformers"), new("average_supply_radius_km", "km"),
        new("feeders_over_radius"), new("average_sections"), new("cable_share"), new("automation_coverage"), new("predicted_saidi", "h/yr"),
        new("predicted_rs_1", "%"), new("historical_saidi", "h/yr"), new("historical_rs_1", "%"), new("rs_1_target", "%"),
    ];

    private static readonly ExportColumn[] s_problemColumns =
        [new("severity"), new("rule"), new("feeder"), new("substation"), new("zone"), new("figure"), new("limit"), new("unit"), new("detail")];

    private static readonly ExportColumn[] s_feederColumns =
    [
        new("feeder"), new("substation"), new("zone"), new("zone_source"), new("peak_mw", "MW"), new("head_rating_mva", "MVA"),
        new("peak_loading_percent", "%"), new("average_loading_percent", "%"), new("heavy_load_hours", "h"), new("overload_hours", "h"),
        new("load_from_series"), new("ties"), new("interconnected"), new("inter_substation"), new("n1_passes"), new("n1_passes_by_level"),
        new("supply_radius_km", "km"), new("supply_radius_limit_km", "km"), new("sections"), new("length_km", "km"), new("cable_share"),
        new("insulated_share"), new("automated"), new("transformers"), new("heavy_transformers"), new("overloaded_transformers"),
        new("max_transformer_loading_percent", "%"), new("predicted_saidi", "h/yr"), new("predicted_rs_1", "%"),
        new("capacity_limited_saidi", "h/yr"), new("historical_saidi", "h/yr"), new("historical_rs_1", "%"),
    ];

    private static readonly ExportColumn[] s_failureColumns =
    [
        new("feeder"), new("section"), new("fraction_of_peak"), new("not_restorable_mw", "MW"), new("not_restorable_customers"),
        new("binding_limit"), new("binding_element"), new("binding_loading_percent", "%"), new("binding_voltage_pu", "pu"),
    ];

    private static readonly ExportColumn[] s_levelColumns = [new("fraction_of_peak"), new("hours", "h")];

    /// <summary>The sheets, in order: summaries (system, zones, substations), problems, feeders, N-1 failures, load levels.</summary>
    public static IReadOnlyList<(string Name, ExportTable Table)> Sheets(DiagnosisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        string file = "diagnosis-" + report.Network;
        return
        [
            ("summaries", new ExportTable(file, s_summaryColumns, [.. new[] { report.System }.Concat(report.Zones).Concat(report.Substations).Select(Summary)])),
            ("problems", new ExportTable(file, s_problemColumns, [.. report.Problems.Select(p => new object?[]
                { p.Severity, p.Rule, p.Feeder, p.Substation, p.Zone, p.Figure, p.Limit, p.Unit, p.Detail })])),
            ("feeders", new ExportTable(file, s_feederColumns, [.. report.Feeders.Select(Feeder)])),
            ("n1_failures", new ExportTable(file, s_failureColumns, [.. report.Feeders.SelectMany(f => f.N1Failures.Select(x => new object?[]
                { f.Feeder, x.Section, x.FractionOfPeak, x.NotRestorableMw, x.NotRestorableCustomers, x.BindingLimit, x.BindingElement, x.BindingLoadingPercent, x.BindingVoltagePu }))])),
            ("load_levels", new ExportTable(file, s_levelColumns, [.. report.LoadLevels.Select(l => new object?[] { l.FractionOfPeak, l.Hours })])),
        ];
    }

    /// <summary>Writes the workbook.</summary>
    public static Task WriteAsync(Stream stream, DiagnosisReport report, CancellationToken cancellationToken) =>
        ExportWorkbook.WriteAsync(stream, Sheets(report), cancellationToken);

    private static object?[] Summary(DiagnosisSummary s) =>
    [
        s.Group, s.Key, s.Zone, s.Feeders, s.PeakMw, s.AreaKm2, s.LoadDensity, s.N1PassRate, s.InterconnectionRate, s.InterSubstationRate,
        s.AverageFeederLoadingPercent, s.MaxFeederLoadingPercent, s.HeavyFeeders, s.OverloadedFeeders, s.Transformers,
        s.AverageTransformerLoadingPercent, s.HeavyTransformers, s.OverloadedTransformers, s.AverageSupplyRadiusKm, s.FeedersOverRadius,
        s.AverageSections, s.CableShare, s.AutomationCoverage, s.PredictedSaidi, s.PredictedRs1, s.HistoricalSaidi,
        s.HistoricalRs1, s.Rs1Target,
    ];

    // Passes by level as one text cell, "true false …" in the order of the report's levels (peak first).
    private static object?[] Feeder(FeederDiagnosis f) =>
    [
        f.Feeder, f.Substation, f.Zone, f.ZoneSource, f.PeakMw, f.HeadRatingMva, f.PeakLoadingPercent, f.AverageLoadingPercent,
        f.HeavyLoadHours, f.OverloadHours, f.LoadFromSeries, f.Ties, f.Interconnected, f.InterSubstation, f.N1Passes,
        string.Join(' ', f.N1PassesByLevel.Select(p => p ? "true" : "false")), f.SupplyRadiusKm, f.SupplyRadiusLimitKm, f.Sections,
        f.LengthKm, f.CableShare, f.InsulatedShare, f.Automated, f.Transformers, f.HeavyTransformers, f.OverloadedTransformers,
        f.MaxTransformerLoadingPercent, f.PredictedSaidi, f.PredictedRs1, f.CapacityLimitedSaidi, f.HistoricalSaidi,
        f.HistoricalRs1,
    ];
}
