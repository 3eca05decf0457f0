using System.Collections.Concurrent;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Reliability.Repair;
using Lumen.Topology.Requests;
using Microsoft.Extensions.Logging;

namespace Lumen.Host.Services;

/// <summary>
/// The repair slice's inputs and default answers for one network version, one repair batch and one set of history
/// results; immutable once published (the memo only caches answers to other questions on the same inputs).
/// </summary>
/// <param name="NetworkVersion">The network version.</param>
/// <param name="Batch">The repair batch.</param>
/// <param name="History">The history results used (outages and complaints), or null.</param>
/// <param name="Snapshot">The network snapshot.</param>
/// <param name="Stored">The stored orders and crews.</param>
/// <param name="RuleSet">The stored area class rules used, or null for the defaults.</param>
/// <param name="Rules">The area class rules (commitments, speeds, overrides).</param>
/// <param name="Stats">The default statistics (by area class, whole period).</param>
/// <param name="Placement">The default placement study (two bases, fewest late arrivals).</param>
internal sealed record RepairResults(int NetworkVersion, RepairBatch Batch, HistoryResults? History, NetworkSnapshot Snapshot, StoredRepairs Stored, RepairRuleSet? RuleSet, AreaClassRules Rules, RepairStatsReport Stats, RepairPlacementReport Placement)
{
    private readonly ConcurrentDictionary<string, object> _memo = new(StringComparer.Ordinal);

    /// <summary>The outage history when it is built on this network version.</summary>
    public OutageHistory? OutageHistory => History is { } h && h.NetworkVersion == NetworkVersion ? h.History : null;

    /// <summary>The stored complaints (as the history slice linked them), or null.</summary>
    public IReadOnlyList<Complaint>? Complaints => History?.Links?.Links.Select(l => l.Complaint).ToList();

    /// <summary>True when these results were computed from exactly these inputs.</summary>
    public bool IsFor(int version, RepairBatch? batch, HistoryResults? history, RepairRuleSet? ruleSet) =>
        NetworkVersion == version && Batch.Batch == batch?.Batch && ReferenceEquals(History, history) && RuleSet?.RuleSet == ruleSet?.RuleSet;

    /// <summary>The statistics request on these inputs.</summary>
    public RepairStatsRequest StatsRequest() => new(Snapshot.Network, Stored.Orders) { History = OutageHistory, Complaints = Complaints, Rules = Rules };

    /// <summary>The placement request on these inputs.</summary>
    public RepairPlacementRequest PlacementRequest() => new(Snapshot.Network, Stored.Orders, Stored.Crews) { History = OutageHistory, Complaints = Complaints, Rules = Rules, Study = Snapshot.Case };

    /// <summary>The answer for <paramref name="key"/>, computed once per published results (the first 64 questions are remembered).</summary>
    public T Memo<T>(string key, Func<T> compute)
        where T : class
    {
        if (_memo.TryGetValue(key, out object? known))
        {
            return (T)known;
        }

        T answer = compute();
        if (_memo.Count < 64)
        {
            _memo.TryAdd(key, answer);
        }

        return answer;
    }
}

/// <summary>The published repair results: one immutable snapshot swapped by reference.</summary>
internal sealed class RepairCatalog
{
    private volatile RepairResults? _current;
    private volatile string? _error;

    /// <summary>The newest results, or null before the first computation or without repair data.</summary>
    public RepairResults? Current => _current;

    /// <summary>Why the last computation failed, or null.</summary>
    public string? Error => _error;

    /// <summary>Publishes new results.</summary>
    public void Publish(RepairResults results)
    {
        _current = results;
        _error = null;
    }

    /// <summary>Records a failed computation (the previous results stay published).</summary>
    public void Fail(string error) => _error = error;
}

/// <summary>
/// Repair response: imports the demo's crews and work orders on first start (through <see cref="RepairRepository.Import"/>,
/// the path uploads and <c>lumen import repairs</c> take) and recomputes the response statistics and the default crew
/// placement study when the network version, the repair batch, the stored area class rules or the outage history and
/// complaints change.
/// </summary>
/// <remarks>Registered after the history slice: it reads the history's published results.</remarks>
internal sealed partial class RepairSlice(RepairRepository repository, RepairCatalog catalog, HistoryCatalog history, ILogger<RepairSlice> logger) : IAnalysisSlice
{
    /// <summary>Bases the default placement study adds.</summary>
    public const int DefaultBases = 2;

    /// <inheritdoc/>
    public string Name => "repair";

    /// <summary>The demo's repair files under the demo folder (written with the outage history).</summary>
    public static RepairFiles DemoFiles(string folder) =>
        new(Path.Combine(folder, "repair", "work_orders.csv"), Path.Combine(folder, "repair", "crews.csv"));

    /// <inheritdoc/>
    public void SeedDemo(DemoSeedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        RepairFiles files = DemoFiles(context.Folder);
        if (!File.Exists(files.Orders) || !File.Exists(files.Crews))
        {
            return;
        }

        RepairImportOutcome outcome = repository.Import(context.Network, context.Version.Version, files);
        if (outcome.Status == ImportStatus.Invalid)
        {
            throw new InvalidOperationException("the demo repair orders did not import: " + string.Join("; ", outcome.Diagnostics.Take(5)));
        }
    }

    /// <inheritdoc/>
    public void Refresh(NetworkSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        RepairBatch? batch = repository.Current();
        HistoryResults? outages = history.Current;
        (RepairRuleSet? ruleSet, AreaClassRules rules) = repository.Rules();
        if (batch is null || (catalog.Current is { } current && current.IsFor(snapshot.Info.Version, batch, outages, ruleSet)))
        {
            return;
        }

        // Stored rules were validated on import and the history is the one on this version: problems here are rare;
        // the previous results stay published beside the reason.
        StoredRepairs stored = repository.Load()!;
        var basis = new RepairResults(snapshot.Info.Version, batch, outages, snapshot, stored, ruleSet, rules, null!, null!);
        QueryResult<RepairStatsReport> stats = RepairStatsQuery.Run(basis.StatsRequest());
        if (stats.Value is not { } statsReport)
        {
            Fail(batch, snapshot, stats.Problems);
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        QueryResult<RepairPlacementReport> placement = RepairPlacementQuery.Run(basis.PlacementRequest() with { Count = DefaultBases });
        if (placement.Value is not { } placementReport)
        {
            Fail(batch, snapshot, placement.Problems);
            return;
        }

        catalog.Publish(basis with { Stats = statsReport, Placement = placementReport });
    }

    private void Fail(RepairBatch batch, NetworkSnapshot snapshot, IReadOnlyList<FieldProblem> problems)
    {
        string error = string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}"));
        catalog.Fail(error);
        RepairFailed(logger, batch.Batch, snapshot.Info.Version, error);
    }

    [LoggerMessage(40, LogLevel.Error, "Repair batch {Batch} could not be analysed on network version {Version}: {Error}")]
    private static partial void RepairFailed(ILogger logger, int batch, int version, string error);
}
