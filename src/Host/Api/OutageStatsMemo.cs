using System.Collections.Concurrent;
using Lumen.Host.Services;
using Lumen.Reliability.History;
using Lumen.Topology.Requests;

namespace Lumen.Host.Api;

/// <summary>
/// Answers of <c>GET /api/outages</c> per request on the current history results. Each answer is a pass over every
/// stored event; dashboards and reports repeat the same few requests, so repeats are served from here until the history
/// is recomputed (a new results instance starts an empty memo). Only computing an answer not remembered yet takes an
/// <see cref="ExpensiveReads"/> permit, once however many ask for it at the same time; a remembered answer takes none.
/// </summary>
/// <remarks>Thread-safe. At most <see cref="Capacity"/> answers are kept per results instance; problems are not kept.</remarks>
internal sealed class OutageStatsMemo(ExpensiveReads reads)
{
    /// <summary>Largest number of remembered answers.</summary>
    public const int Capacity = 512;

    private volatile Entries _entries = new(null);

    /// <summary>The remembered answer of <paramref name="request"/> on <paramref name="owner"/>, or the computed one (remembered when it is an answer).</summary>
    /// <exception cref="TimeoutException">The answer is not remembered and too many expensive reads are waiting (503).</exception>
    public async Task<QueryResult<OutageStatisticsReport>> GetOrComputeAsync(HistoryResults owner, OutageStatisticsRequest request, Func<QueryResult<OutageStatisticsReport>> compute, CancellationToken cancellationToken)
    {
        Entries entries = _entries;
        if (!ReferenceEquals(entries.Owner, owner))
        {
            entries = new Entries(owner);
            _entries = entries;
        }

        string key = KeyOf(request);
        if (entries.Answers.TryGetValue(key, out OutageStatisticsReport? hit))
        {
            return QueryResult<OutageStatisticsReport>.Answer(hit);
        }

        // One computation per key: the requests that ask meanwhile wait for it (each under its own cancellation; the
        // computation goes on for the others and the memo when one gives up).
        var mine = new Lazy<Task<QueryResult<OutageStatisticsReport>>>(() => ComputeAsync(entries, key, compute));
        Lazy<Task<QueryResult<OutageStatisticsReport>>> pending = entries.Pending.GetOrAdd(key, mine);
        return await pending.Value.WaitAsync(cancellationToken);
    }

    private async Task<QueryResult<OutageStatisticsReport>> ComputeAsync(Entries entries, string key, Func<QueryResult<OutageStatisticsReport>> compute)
    {
        try
        {
            // Answered while this request looked it up and registered.
            if (entries.Answers.TryGetValue(key, out OutageStatisticsReport? hit))
            {
                return QueryResult<OutageStatisticsReport>.Answer(hit);
            }

            QueryResult<OutageStatisticsReport> result = await reads.RunAsync(compute, CancellationToken.None);
            if (result.Value is { } report && entries.Answers.Count < Capacity)
            {
                entries.Answers.TryAdd(key, report);
            }

            return result;
        }
        finally
        {
            entries.Pending.TryRemove(key, out _);
        }
    }

    /// <summary>The request as a key: record equality would compare the split list by reference.</summary>
    private static string KeyOf(OutageStatisticsRequest r) =>
        string.Join('\u001f', (r with { By = [] }).ToString(), string.Join(',', r.By));

    private sealed class Entries(HistoryResults? owner)
    {
        public HistoryResults? Owner { get; } = owner;

        public ConcurrentDictionary<string, OutageStatisticsReport> Answers { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, Lazy<Task<QueryResult<OutageStatisticsReport>>>> Pending { get; } = new(StringComparer.Ordinal);
    }
}
