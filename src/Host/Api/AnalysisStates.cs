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
        NetworkCatalog catalog, StoredData stored, HistoryCatalog history, AssetsSlice assets, TelemetrySlice telemetry, PlanningSlice planning, RepairCatalog repair)
    {
        int? network = stored.NetworkVersion;
        NetworkSnapshot? s = catalog.Current;
        var states = new Dictionary<string, AnalysisState>(StringComparer.Ordinal)
        {
            ["predictive_reliability"] = State(s is not null, s?.Info.Version, null, s?.ComputedAt, network, dataCurrent: true, null),
            ["voltage"] = State(s?.Voltage is not null, s?.Info.Version, null, s?.ComputedAt, network, dataCurrent: true, null),
        };

        HistoryResults? h = history.Current;
        bool historyCurrent = h is not null && h.Outages?.Batch == stored.OutageBatch && h.Complaints?.Batch == stored.ComplaintBatch;
        string? historyData = h is null ? null : $"outage batch {h.Outages?.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, complaint batch {h.Complaints?.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}";
        states["outage_history"] = State(h?.Report is not null, h?.NetworkVersion, historyData, null, network, historyCurrent, h?.Error);

        TelemetrySnapshot? t = telemetry.Current;
        bool seriesCurrent = t is not null && t.Revision == stored.SeriesRevision;
        string? seriesData = t is null ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"series revision {t.Revision}");
        states["forecast"] = State(t is { Load.Count: > 0 }, t?.NetworkVersion, seriesData, t?.ComputedAt, network, seriesCurrent, null);
        states["voltage_readings"] = State(t?.Voltage is not null, t?.NetworkVersion, seriesData, t?.ComputedAt, network, seriesCurrent, null);

        AssetsSnapshot? a = assets.Current;
        bool registerCurrent = a is not null && a.Revision.Revision == stored.AssetRevision;
        string? assetData = a is null ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"register revision {a.Revision.Revision}");
        states["assets"] = State(a is not null, a?.NetworkVersion, assetData, a?.ComputedAt, network, registerCurrent, assets.Error);

        PlanningSnapshot? p = planning.Current;
        string? planningData = p is null ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"series revision {p.SeriesRevision}");
        states["planning"] = State(p is not null, p?.NetworkVersion, planningData, p?.ComputedAt, network, p is not null && p.SeriesRevision == stored.SeriesRevision, null);

        RepairResults? r = repair.Current;
        string? repairData = r is null ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"repair batch {r.Batch.Batch}, rule set {r.RuleSet?.RuleSet.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}");
        bool repairCurrent = r is not null && r.Batch.Batch == stored.RepairBatch && r.RuleSet?.RuleSet == stored.RepairRuleSet;
        states["repair"] = State(r is not null, r?.NetworkVersion, repairData, null, network, repairCurrent, repair.Error);
        return states;
    }

    private static AnalysisState State(bool published, int? computedOn, string? data, DateTime? at, int? network, bool dataCurrent, string? error)
    {
        bool stale = published && (computedOn != network || !dataCurrent);
        return new AnalysisState(published && !stale, published ? computedOn : null, published ? data : null, published ? at : null, stale, error);
    }
}

/// <summary>What the store holds now, as <c>/api/status</c> compares it with the published results: the current network version and the current batch or revision of each kind of data (null: none stored).</summary>
internal sealed record StoredData(int? NetworkVersion, int? OutageBatch, int? ComplaintBatch, int SeriesRevision, int? AssetRevision, int? RepairBatch, int? RepairRuleSet);

/// <summary>
/// Reads <see cref="StoredData"/> once per store change instead of once per request. It is eight DuckDB queries (about
/// 10 ms of CPU); read on every <c>/api/status</c> call, they took most of the service's CPU at 500 req/s over the main
/// read endpoints and queued every other read behind them. The store only changes through this process (DuckDB lets one
/// process write the file), and every change signals the catalog: each import (<see cref="NetworkCatalog.SignalChanged"/>)
/// and each recomputation pass, which also covers the first start's seed.
/// </summary>
/// <remarks>Thread-safe. The change count is read before the store, so a change during the reads makes the next call read again.</remarks>
internal sealed class StoredDataReader(
    NetworkCatalog catalog, NetworkRepository networks, HistoryRepository history, SeriesRepository series, AssetRepository assets, RepairRepository repair)
{
    private volatile Entry? _last;

    /// <summary>The store's current data as of the last signalled change.</summary>
    public StoredData Current()
    {
        long changes = catalog.StoreChanges;
        if (_last is { } last && last.Changes == changes)
        {
            return last.Data;
        }

        var data = new StoredData(
            networks.Latest()?.Version,
            history.Current(HistoryRepository.OutagesKind)?.Batch,
            history.Current(HistoryRepository.ComplaintsKind)?.Batch,
            series.Revision(),
            assets.Latest()?.Revision,
            repair.Current()?.Batch,
            repair.CurrentRules()?.RuleSet);
        _last = new Entry(changes, data);
        return data;
    }

    private sealed record Entry(long Changes, StoredData Data);
}
