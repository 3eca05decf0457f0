using Lumen.Reliability.History;
using Lumen.Topology.Import;

namespace Lumen.Reliability.Complaints;

/// <summary>Settings of complaint linkage.</summary>
/// <remarks>Mutable settings object.</remarks>
public sealed class ComplaintLinkOptions
{
    /// <summary>How long before an episode starts a complaint may still be caused by it (clock skew, early calls). Default 30 min.</summary>
    public TimeSpan WindowBefore { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long after an episode ends a complaint may still be caused by it. Default 48 h.</summary>
    public TimeSpan WindowAfter { get; set; } = TimeSpan.FromHours(48);

    /// <summary>
    /// Which episode kind each complaint category is linked to (categories are data: provinces name them differently).
    /// A category not listed is not supply-related (e.g. billing) and is reported as unlinked with that reason.
    /// Outage events of an <see cref="OutageHistory"/> have kind <see cref="OutageKind"/>.
    /// </summary>
    public Dictionary<string, string> CategoryKinds { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["outage"] = OutageKind,
        ["power_outage"] = OutageKind,
        ["repair"] = OutageKind,
        ["slow_repair"] = OutageKind,
        ["frequent_outages"] = OutageKind,
        ["停电"] = OutageKind,
        ["low_voltage"] = LowVoltageKind,
        ["voltage"] = LowVoltageKind,
        ["低电压"] = LowVoltageKind,
    };

    /// <summary>The episode kind of outage events.</summary>
    public const string OutageKind = "outage";

    /// <summary>The episode kind of low-voltage episodes.</summary>
    public const string LowVoltageKind = "low_voltage";
}

/// <summary>How a complaint matched its episode.</summary>
public enum LinkMatch : byte
{
    /// <summary>Not linked.</summary>
    None = 0,

    /// <summary>Same feeder only (the complaint or the episode names a feeder, or their areas differ on the same feeder).</summary>
    Feeder = 1,

    /// <summary>Same customer or transformer area.</summary>
    Area = 2,
}

/// <summary>Why a complaint is not linked.</summary>
public enum UnlinkedReason : byte
{
    /// <summary>It is linked.</summary>
    None = 0,

    /// <summary>Its category maps to no episode kind (not supply-related).</summary>
    CategoryNotSupplyRelated = 1,

    /// <summary>No episode of its kind on its area or feeder within the window.</summary>
    NoEpisodeInWindow = 2,
}

/// <summary>One complaint and the episode it was linked to.</summary>
/// <param name="Complaint">The complaint.</param>
/// <param name="Kind">The episode kind its category maps to; null when none.</param>
/// <param name="EpisodeId">The linked episode (outage event id or episode id); null when unlinked.</param>
/// <param name="EventIndex">Index of the linked outage event in the history; -1 for other episodes or none.</param>
/// <param name="Match">Area or feeder match.</param>
/// <param name="Reason">Why it is unlinked, or <see cref="UnlinkedReason.None"/>.</param>
/// <param name="LoadPointRank">Internal: the load point the complaint is attributed to in the event; -1 when feeder-level.</param>
public sealed record ComplaintLink(Complaint Complaint, string? Kind, string? EpisodeId, int EventIndex, LinkMatch Match, UnlinkedReason Reason, int LoadPointRank = -1);

/// <summary>The outcome of linking.</summary>
/// <param name="Links">One entry per complaint, in input order.</param>
public sealed record ComplaintLinkResult(IReadOnlyList<ComplaintLink> Links)
{
    /// <summary>Number of linked complaints.</summary>
    public int Linked => Links.Count(l => l.EpisodeId is not null);

    /// <summary>The unlinked complaints.</summary>
    public IEnumerable<ComplaintLink> Unlinked => Links.Where(l => l.EpisodeId is null);
}

/// <summary>
/// Links each complaint to the episode that most plausibly caused it: an episode of the kind its category maps to, on
/// the same customer/transformer area (preferred) or the same feeder, between the episode's start minus
/// <see cref="ComplaintLinkOptions.WindowBefore"/> and its end plus <see cref="ComplaintLinkOptions.WindowAfter"/>.
/// Among candidates: area match over feeder match, then an episode in progress at the complaint's time, then the one
/// that started most recently before it.
/// </summary>
public static class ComplaintLinker
{
    private sealed record Target(string Id, string Kind, long StartTicks, long EndTicks, int EventIndex, int[]? Ranks, int RankFirst, int RankEnd, int Feeder);

    /// <summary>Links <paramref name="complaints"/> to the outage events of <paramref name="history"/> and to <paramref name="episodes"/>.</summary>
    /// <param name="history">Outage history; its network resolves every location.</param>
    /// <param name="episodes">Further episodes (e.g. low voltage); an episode whose area is unknown is ignored and reported in <paramref name="unknownEpisodes"/>.</param>
    /// <param name="complaints">The complaints.</param>
    /// <param name="options">Windows and the category mapping; null for defaults.</param>
    /// <param name="unknownEpisodes">Ids of episodes whose area the network does not know.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <remarks>O((E + P) log (E + P) + C · candidates on the complaint's feeder in its window).</remarks>
    public static ComplaintLinkResult Link(OutageHistory history, IReadOnlyList<Episode> episodes, IReadOnlyList<Complaint> complaints, ComplaintLinkOptions? options, out IReadOnlyList<string> unknownEpisodes)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(episodes);
        ArgumentNullException.ThrowIfNull(complaints);
        options ??= new ComplaintLinkOptions();
        var resolver = new AreaResolver(history.Topology);
        var targets = new List<Target>(history.EventCount + episodes.Count);
        for (int e = 0; e < history.EventCount; e++)
        {
            bool list = history.ListStart[e] >= 0;
            int[]? ranks = list ? history.LpList.AsSpan(history.ListStart[e], history.LpListLength[e]).ToArray() : null;
            targets.Add(new Target(history.Events[e].EventId, ComplaintLinkOptions.OutageKind, history.StartTicks[e], history.EndTicks[e], e, ranks, history.LpFirst[e], history.LpEnd[e], history.Feeder[e]));
        }

        var unknown = new List<string>();
        foreach (Episode ep in episodes)
        {
            if (!resolver.TryResolve(ep.AreaId, out ResolvedArea area))
            {
                unknown.Add(ep.Id);
                continue;
            }

            targets.Add(new Target(ep.Id, ep.Kind, ep.Start.UtcTicks, ep.End.UtcTicks, -1, area.FeederOnly ? [] : area.LoadPointRanks, 0, 0, area.Feeder));
        }

        unknownEpisodes = unknown;

        // Targets by feeder (-1: substation-wide, checked for every complaint), each list sorted by start.
        var byFeeder = new Dictionary<int, List<Target>>();
        long longest = 0;
        foreach (Target t in targets)
        {
            if (!byFeeder.TryGetValue(t.Feeder, out List<Target>? list))
            {
                byFeeder[t.Feeder] = list = [];
            }

            list.Add(t);
            longest = Math.Max(longest, t.EndTicks - t.StartTicks);
        }

        foreach (List<Target> list in byFeeder.Values)
        {
            list.Sort((a, b) => a.StartTicks.CompareTo(b.StartTicks));
        }

        long before = options.WindowBefore.Ticks;
        long after = options.WindowAfter.Ticks;
        var links = new List<ComplaintLink>(complaints.Count);
        foreach (Complaint c in complaints)
        {
            ArgumentNullException.ThrowIfNull(c);
            if (!options.CategoryKinds.TryGetValue(c.Category, out string? kind))
            {
                links.Add(new ComplaintLink(c, null, null, -1, LinkMatch.None, UnlinkedReason.CategoryNotSupplyRelated));
                continue;
            }

            if (!resolver.TryResolve(c.LocationId, out ResolvedArea area))
            {
                links.Add(new ComplaintLink(c, kind, null, -1, LinkMatch.None, UnlinkedReason.NoEpisodeInWindow));
                continue;
            }

            long t = c.Time.UtcTicks;
            Target? best = null;
            int bestRank = -1;
            (int Level, int InProgress, long Start) bestKey = (0, 0, long.MinValue);
            foreach (int feeder in (ReadOnlySpan<int>)[area.Feeder, -1])
            {
                if (!byFeeder.TryGetValue(feeder, out List<Target>? list) || (feeder == -1 && area.Feeder == -1 && best is not null))
                {
                    continue;
                }

                // Candidates start no later than t + before and no earlier than t − after − longest episode.
                int lo = LowerBound(list, t - after - longest);
                for (int i = lo; i < list.Count && list[i].StartTicks <= t + before; i++)
                {
                    Target target = list[i];
                    if (target.Kind != kind || t < target.StartTicks - before || t > target.EndTicks + after)
                    {
                        continue;
                    }

                    int rank = area.FeederOnly ? -1 : SharedRank(target, area.LoadPointRanks);
                    int level = rank >= 0 ? 2 : 1;
                    if (level == 1 && !(target.Feeder == area.Feeder || area.FeederOnly || target.Feeder == -1))
                    {
                        continue;
                    }

                    var key = (level, t >= target.StartTicks && t <= target.EndTicks ? 1 : 0, target.StartTicks <= t ? target.StartTicks : long.MinValue + 1);
                    if (best is null || key.CompareTo(bestKey) > 0)
                    {
                        best = target;
                        bestKey = key;
                        bestRank = rank;
                    }
                }
            }

            links.Add(best is null
                ? new ComplaintLink(c, kind, null, -1, LinkMatch.None, UnlinkedReason.NoEpisodeInWindow)
                : new ComplaintLink(c, kind, best.Id, best.EventIndex, bestKey.Level == 2 ? LinkMatch.Area : LinkMatch.Feeder, UnlinkedReason.None, bestRank));
        }

        return new ComplaintLinkResult(links);
    }

    /// <summary>Links to outage events only.</summary>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public static ComplaintLinkResult Link(OutageHistory history, IReadOnlyList<Complaint> complaints, ComplaintLinkOptions? options = null) =>
        Link(history, [], complaints, options, out _);

    private static int LowerBound(List<Target> list, long startTicks)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (list[mid].StartTicks < startTicks)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static int SharedRank(Target target, int[] ranks)
    {
        foreach (int r in ranks)
        {
            if (target.Ranks is { } list ? Array.BinarySearch(list, r) >= 0 : r >= target.RankFirst && r < target.RankEnd)
            {
                return r;
            }
        }

        return -1;
    }
}

/// <summary>Writes links as CSV: <c>complaint_id,time,location_id,category,kind,episode_id,match,reason</c>.</summary>
public static class ComplaintLinkWriter
{
    /// <summary>Writes <paramref name="result"/> to <paramref name="path"/> (UTF-8, no BOM).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, ComplaintLinkResult result)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(result);
        CsvTableWriter.WriteFile(path, ["complaint_id", "time", "location_id", "category", "kind", "episode_id", "match", "reason"], result.Links.Select(l => new object?[]
        {
            l.Complaint.ComplaintId, l.Complaint.Time, l.Complaint.LocationId, l.Complaint.Category, l.Kind, l.EpisodeId, l.Match.ToString().ToLowerInvariant(),
            l.Reason switch
            {
                UnlinkedReason.CategoryNotSupplyRelated => "category_not_supply_related",
                UnlinkedReason.NoEpisodeInWindow => "no_episode_in_window",
                _ => null,
            },
        }));
    }

}
