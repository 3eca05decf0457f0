using System.Collections.Concurrent;
using Lumen.Host.Services;
using Lumen.Reliability.History;
using Lumen.Topology.Requests;

namespace Lumen.Host.Api;

/// <summary>
/// Answers of <c>GET /api/outages</c> per request on the current history results. Each answer is a pass over every
/// stored event; dashboards and reports repeat the same few requests, so repeats are served from here until the history
/// is recomputed (a new results instance starts an empty memo).
/// </summary>
/// <remarks>Thread-safe. At most <see cref="Capacity"/> answers are kept per results instance; problems are not kept.</remarks>
internal sealed class OutageStatsMemo
{
    /// <summary>Largest number of remembered answers.</summary>
    public const int Capacity = 512;

    private volatile Entries _entries = new(null);

    /// <summary>The remembered answer of <paramref name="request"/> on <paramref name="owner"/>, or the computed one (remembered when it is an answer).</summary>
    public QueryResult<OutageStatisticsReport> GetOrCompute(HistoryResults owner, OutageStatisticsRequest request, Func<QueryResult<OutageStatisticsReport>> compute)
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

        QueryResult<OutageStatisticsReport> result = compute();
        if (result.Value is { } report && entries.Answers.Count < Capacity)
        {
            entries.Answers.TryAdd(key, report);
        }

        return result;
    }

    /// <summary>The request as a key: record equality would compare the split list by reference.</summary>
    private static string KeyOf(OutageStatisticsRequest r) =>
        string.Join('\u001f', (r with { By = [] }).ToString(), string.Join(',', r.By));

    private sealed class Entries(HistoryResults? owner)
    {
        public HistoryResults? Owner { get; } = owner;

        public ConcurrentDictionary<string, OutageStatisticsReport> Answers { get; } = new(StringComparer.Ordinal);
    }
}
