using System.Collections.Concurrent;
using Lumen.Host.Services;

namespace Lumen.Host.Api;

/// <summary>
/// Answers of <c>GET /api/outages</c> per query on the current history results. Each answer is a pass over every
/// stored event; dashboards and reports repeat the same few queries, so repeats are served from here until the history
/// is recomputed (a new results instance starts an empty memo).
/// </summary>
/// <remarks>Thread-safe. At most <see cref="Capacity"/> answers are kept per results instance.</remarks>
internal sealed class OutageStatsMemo
{
    /// <summary>Largest number of remembered answers.</summary>
    public const int Capacity = 512;

    private volatile Entries _entries = new(null);

    /// <summary>The remembered answer of <paramref name="key"/> on <paramref name="owner"/>, or the computed one (remembered when it succeeded).</summary>
    public (OutageStatsDocument? Document, string? Error) GetOrCompute(HistoryResults owner, string key, Func<(OutageStatsDocument? Document, string? Error)> compute)
    {
        Entries entries = _entries;
        if (!ReferenceEquals(entries.Owner, owner))
        {
            entries = new Entries(owner);
            _entries = entries;
        }

        if (entries.Answers.TryGetValue(key, out OutageStatsDocument? hit))
        {
            return (hit, null);
        }

        (OutageStatsDocument? document, string? error) = compute();
        if (document is not null && entries.Answers.Count < Capacity)
        {
            entries.Answers.TryAdd(key, document);
        }

        return (document, error);
    }

    private sealed class Entries(HistoryResults? owner)
    {
        public HistoryResults? Owner { get; } = owner;

        public ConcurrentDictionary<string, OutageStatsDocument> Answers { get; } = new(StringComparer.Ordinal);
    }
}
