using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Lumen.Host.Storage.Series;

namespace Lumen.Host.Api;

/// <summary>What one analysis in <c>/api/status</c> was computed on, and whether that is still the stored data.</summary>
/// <param name="Available">Results are published and current (not stale).</param>
/// <param name="NetworkVersion">The network version the published results were computed on, or null when there are none.</param>
/// <param name="Data">The data they were computed from (e.g. "outage batch 3, complaint batch 4"), or null.</param>
/// <param name="ComputedAt">When they were published (UTC), when known.</param>
/// <param name="Stale">
/// True when the current network version or the analysis' data changed since: the results shown are the old ones
/// until the recomputation (already triggered) publishes new ones, or <see cref="Error"/> says why it cannot.
/// </param>
/// <param name="Error">Why the last recomputation failed, or null.</param>
internal sealed record AnalysisState(bool Available, int? NetworkVersion, string? Data, DateTime? ComputedAt, bool Stale, string? Error);

/// <summary>Builds the <see cref="AnalysisState"/> of every analysis from the published results and the store.</summary>
internal static class AnalysisStates
{
    public static IReadOnlyDictionary<string, AnalysisState> Of(
        NetworkCatalog catalog, NetworkRepository networks, HistoryCatalog history, HistoryRepository historyStore,
        AssetsSlice assets, AssetRepository assetStore, TelemetrySlice telemetry, SeriesRepository series, PlanningSlice planning,
        RepairCatalog repair, RepairRepository repairStore)
    {
        int? network = networks.Latest()?.Version;
        NetworkSnapshot? s = catalog.Current;
        var states = new Dictionary<string, AnalysisState>(StringComparer.Ordinal)
        {
            ["predictive_reliability"] = State(s is not null, s?.Info.Version, null, s?.ComputedAt, network, dataCurrent: true, null),
            ["voltage"] = State(s?.Voltage is not null, s?.Info.Version, null, s?.ComputedAt, network, dataCurrent: true, null),
        };

        HistoryResults? h = history.Current;
        bool historyCurrent = h is not null && h.Outages?.Batch == historyStore.Current(HistoryRepository.OutagesKind)?.Batch
            && h.Complaints?.Batch == historyStore.Current(HistoryRepository.ComplaintsKind)?.Batch;
        string? historyData = h is null ? null : $"outage batch {h.Outages?.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, complaint batch {h.Complaints?.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}";
        states["outage_history"] = State(h?.Report is not null, h?.NetworkVersion, historyData, null, network, historyCurrent, h?.Error);

        TelemetrySnapshot? t = telemetry.Current;
        bool seriesCurrent = t is not null && t.Revision == series.Revision();
        string? seriesData = t is null ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"series revision {t.Revision}");
        states["forecast"] = State(t is { Load.Count: > 0 }, t?.NetworkVersion, seriesData, t?.ComputedAt, network, seriesCurrent, null);
        states["voltage_readings"] = State(t?.Voltage is not null, t?.NetworkVersion, seriesData, t?.ComputedAt, network, seriesCurrent, null);

        AssetsSnapshot? a = assets.Current;
        bool registerCurrent = a is not null && a.Revision.Revision == assetStore.Latest()?.Revision;
        string? assetData = a is null ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"register revision {a.Revision.Revision}");
        states["assets"] = State(a is not null, a?.NetworkVersion, assetData, a?.ComputedAt, network, registerCurrent, assets.Error);

        PlanningSnapshot? p = planning.Current;
        string? planningData = p is null ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"series revision {p.SeriesRevision}");
        states["planning"] = State(p is not null, p?.NetworkVersion, planningData, p?.ComputedAt, network, p is not null && p.SeriesRevision == series.Revision(), null);

        RepairResults? r = repair.Current;
        string? repairData = r is null ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"repair batch {r.Batch.Batch}, rule set {r.RuleSet?.RuleSet.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}");
        bool repairCurrent = r is not null && r.Batch.Batch == repairStore.Current()?.Batch && r.RuleSet?.RuleSet == repairStore.CurrentRules()?.RuleSet;
        states["repair"] = State(r is not null, r?.NetworkVersion, repairData, null, network, repairCurrent, repair.Error);
        return states;
    }

    private static AnalysisState State(bool published, int? computedOn, string? data, DateTime? at, int? network, bool dataCurrent, string? error)
    {
        bool stale = published && (computedOn != network || !dataCurrent);
        return new AnalysisState(published && !stale, published ? computedOn : null, published ? data : null, published ? at : null, stale, error);
    }
}
