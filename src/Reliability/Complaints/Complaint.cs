using Lumen.Reliability.History;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Complaints;

/// <summary>One 95598 work order (complaint or repair call): one row of <c>complaints.csv</c>.</summary>
/// <param name="ComplaintId">Unique id.</param>
/// <param name="Time">When it was received.</param>
/// <param name="LocationId">Customer area (load point), transformer (branch id), bus or feeder name.</param>
/// <param name="Category">Category as the province writes it (kept as data, lower-cased): e.g. <c>outage</c>, <c>slow_repair</c>, <c>frequent_outages</c>, <c>low_voltage</c>, <c>billing</c>.</param>
/// <remarks>Immutable.</remarks>
public sealed record Complaint(string ComplaintId, DateTimeOffset Time, string LocationId, string Category)
{
    /// <summary>Free text of the work order; may be empty.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>Where the record came from, for diagnostics.</summary>
    public SourceLocation Source { get; init; } = SourceLocation.None;
}

/// <summary>
/// A generic supply episode a complaint can be linked to: an outage, a low-voltage episode (from the voltage module) or
/// anything else with an area and a time span.
/// </summary>
/// <param name="Id">Episode id.</param>
/// <param name="Kind">Kind, matched against the category mapping of <see cref="ComplaintLinkOptions.CategoryKinds"/> (e.g. <c>low_voltage</c>).</param>
/// <param name="AreaId">Load point, transformer branch, bus or feeder the episode affected.</param>
/// <param name="Start">Start.</param>
/// <param name="End">End.</param>
/// <remarks>Immutable.</remarks>
public sealed record Episode(string Id, string Kind, string AreaId, DateTimeOffset Start, DateTimeOffset End);

/// <summary>A location resolved against the network: the load points it covers (ranks) and its feeder.</summary>
internal readonly record struct ResolvedArea(int[] LoadPointRanks, int Feeder, bool FeederOnly);

/// <summary>Resolves location ids: load point, transformer branch, bus, then feeder name.</summary>
internal sealed class AreaResolver
{
    private readonly HistoryTopology _topology;
    private readonly Dictionary<string, int> _feederByName = new(StringComparer.Ordinal);

    public AreaResolver(HistoryTopology topology)
    {
        _topology = topology;
        ReadOnlySpan<string> names = topology.Trace.FeederNames;
        for (int f = 0; f < names.Length; f++)
        {
            _feederByName.TryAdd(names[f], f);
        }
    }

    public HistoryTopology Topology => _topology;

    public bool TryResolve(string id, out ResolvedArea area)
    {
        Net net = _topology.Network;
        if (net.TryGetLoadPoint(id, out int lp))
        {
            int rank = _topology.RankOfLoadPoint[lp];
            area = new ResolvedArea(rank >= 0 ? [rank] : [], rank >= 0 ? _topology.FeederByRank[rank] : -1, false);
            return rank >= 0;
        }

        int node = -1;
        if (net.TryGetEdge(id, out EdgeIndex edge))
        {
            node = _topology.ChildOf(edge.Value);
        }
        else if (net.TryGetNode(id, out NodeIndex n))
        {
            node = _topology.Trace.PreIndex[n.Value] >= 0 ? n.Value : -1;
        }

        if (node >= 0)
        {
            (int first, int end) = _topology.LoadPointRange(node);
            var ranks = new int[end - first];
            for (int i = 0; i < ranks.Length; i++)
            {
                ranks[i] = first + i;
            }

            area = new ResolvedArea(ranks, _topology.Trace.FeederOf[node], false);
            return true;
        }

        if (_feederByName.TryGetValue(id, out int feeder))
        {
            area = new ResolvedArea([], feeder, true);
            return true;
        }

        area = default;
        return false;
    }
}
