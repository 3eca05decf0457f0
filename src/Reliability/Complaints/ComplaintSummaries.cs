using System.Globalization;
using Lumen.Reliability.History;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Complaints;

/// <summary>A key and its count.</summary>
public sealed record KeyCount(string Key, int Count);

/// <summary>Complaints of one local month by what they were linked to.</summary>
public sealed record ComplaintMonth(string Month, int Outage, int LowVoltage, int Unlinked);

/// <summary>What complaints were linked to, and their counts by category, month and feeder.</summary>
/// <param name="Complaints">Complaints.</param>
/// <param name="LinkedToOutages">Linked to an outage event.</param>
/// <param name="LinkedToLowVoltage">Linked to a low-voltage episode.</param>
/// <param name="LinkedToOtherEpisodes">Linked to an episode of another kind.</param>
/// <param name="Unlinked">Not linked.</param>
/// <param name="UnlinkedByReason"><c>category_not_supply_related</c> or <c>no_episode_in_window</c>.</param>
/// <param name="ByCategory">Counts by category, largest first.</param>
/// <param name="ByMonth">Counts by local month, oldest first (episodes of other kinds count with low voltage).</param>
/// <param name="ByFeeder">Counts by feeder (of the linked outage, else of the complaint's location), largest first.</param>
public sealed record ComplaintSummary(
    int Complaints, int LinkedToOutages, int LinkedToLowVoltage, int LinkedToOtherEpisodes, int Unlinked, IReadOnlyDictionary<string, int> UnlinkedByReason,
    IReadOnlyList<KeyCount> ByCategory, IReadOnlyList<ComplaintMonth> ByMonth, IReadOnlyList<KeyCount> ByFeeder);

/// <summary>The one entry point of the complaint summary (CLI <c>complaints summary</c>, API <c>/api/complaints/summary</c>).</summary>
public static class ComplaintSummaries
{
    /// <summary>Counts the linked complaints by what they were linked to, category, local month (in <paramref name="zone"/>) and feeder.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>O(complaints).</remarks>
    public static ComplaintSummary Summarise(OutageHistory history, ComplaintLinkResult links, TimeSpan zone)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(links);
        Net network = history.Network;
        RadialTrace trace = network.Normal;
        var byCategory = new Dictionary<string, int>(StringComparer.Ordinal);
        var byFeeder = new Dictionary<string, int>(StringComparer.Ordinal);
        var byMonth = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        var unlinked = new Dictionary<string, int>(StringComparer.Ordinal);
        int outage = 0, lowVoltage = 0, other = 0, none = 0;
        foreach (ComplaintLink link in links.Links)
        {
            Complaint c = link.Complaint;
            byCategory[c.Category] = byCategory.GetValueOrDefault(c.Category) + 1;
            int feeder = link.EventIndex >= 0 ? history.FeederOf(link.EventIndex) : FeederOf(network, trace, c.LocationId);
            string feederName = feeder >= 0 ? trace.FeederNames[feeder] : c.LocationId;
            byFeeder[feederName] = byFeeder.GetValueOrDefault(feederName) + 1;
            string month = c.Time.ToOffset(zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            int[] counts = byMonth.TryGetValue(month, out int[]? m) ? m : byMonth[month] = new int[3];
            if (link.EpisodeId is null)
            {
                counts[2]++;
                none++;
                string reason = link.Reason == UnlinkedReason.CategoryNotSupplyRelated ? "category_not_supply_related" : "no_episode_in_window";
                unlinked[reason] = unlinked.GetValueOrDefault(reason) + 1;
            }
            else if (link.Kind == ComplaintLinkOptions.OutageKind)
            {
                counts[0]++;
                outage++;
            }
            else
            {
                counts[1]++;
                if (link.Kind == ComplaintLinkOptions.LowVoltageKind)
                {
                    lowVoltage++;
                }
                else
                {
                    other++;
                }
            }
        }

        return new ComplaintSummary(
            links.Links.Count, outage, lowVoltage, other, none, unlinked,
            Ranked(byCategory), byMonth.Select(p => new ComplaintMonth(p.Key, p.Value[0], p.Value[1], p.Value[2])).ToList(), Ranked(byFeeder));
    }

    /// <summary>
    /// Standing low-voltage episodes: each transformer area predicted below its limit (at peak load) is one episode
    /// over the whole period of <paramref name="complaints"/>, so its low-voltage complaints link to it. Used where no
    /// timed episodes from meter readings exist.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<Episode> StandingLowVoltageEpisodes(IEnumerable<string> lowVoltageLoadPoints, IReadOnlyList<Complaint> complaints)
    {
        ArgumentNullException.ThrowIfNull(lowVoltageLoadPoints);
        ArgumentNullException.ThrowIfNull(complaints);
        if (complaints.Count == 0)
        {
            return [];
        }

        DateTimeOffset from = DateTimeOffset.MaxValue;
        DateTimeOffset to = DateTimeOffset.MinValue;
        foreach (Complaint c in complaints)
        {
            from = c.Time < from ? c.Time : from;
            to = c.Time > to ? c.Time : to;
        }

        return lowVoltageLoadPoints.Select(id => new Episode("low-voltage-" + id, ComplaintLinkOptions.LowVoltageKind, id, from, to)).ToList();
    }

    private static List<KeyCount> Ranked(Dictionary<string, int> counts) =>
        counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyCount(p.Key, p.Value)).ToList();

    /// <summary>The feeder of a complaint location (load point, branch, bus or feeder name), or -1.</summary>
    private static int FeederOf(Net network, RadialTrace trace, string location)
    {
        if (network.TryGetLoadPoint(location, out int lp))
        {
            return trace.FeederOf[network.LoadPointNode[lp]];
        }

        if (network.TryGetEdge(location, out EdgeIndex edge))
        {
            return trace.FeederOfEdge[edge.Value];
        }

        if (network.TryGetNode(location, out NodeIndex node))
        {
            return trace.FeederOf[node.Value];
        }

        return trace.FeederNames.IndexOf(location);
    }
}
