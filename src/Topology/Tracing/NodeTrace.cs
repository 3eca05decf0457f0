using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tracing;

/// <summary>One step on the way from a bus up to its source.</summary>
/// <param name="Branch">Branch id.</param>
/// <param name="FromBus">Its upstream bus.</param>
/// <param name="ToBus">Its downstream bus.</param>
/// <param name="Devices">Devices on the branch, as <c>id (kind, open/closed)</c>.</param>
public sealed record PathStep(string Branch, string FromBus, string ToBus, IReadOnlyList<string> Devices);

/// <summary>An open tie that can restore a segment, and the feeder it would supply it from.</summary>
/// <param name="Branch">The tie branch id.</param>
/// <param name="Devices">The open devices on it.</param>
/// <param name="FromFeeder">The feeder that would pick up the load.</param>
public sealed record AlternateSupply(string Branch, IReadOnlyList<string> Devices, string FromFeeder);

/// <summary>What a planner asks about one bus: where it is fed from, what protects it, what isolates it, what can back-feed it.</summary>
/// <param name="Node">Bus id.</param>
/// <param name="Source">Source bus id; null when de-energised.</param>
/// <param name="Feeder">Feeder name; null for a source or a de-energised bus.</param>
/// <param name="UpstreamPath">Branches from the bus up to the source, nearest first.</param>
/// <param name="ProtectiveDevice">The nearest upstream protective device (its zone holds this bus); null when none.</param>
/// <param name="Segment">Isolation segment index.</param>
/// <param name="SegmentBuses">Buses in the segment.</param>
/// <param name="SegmentEntryBranch">The branch through which the segment is fed; null for a source's segment.</param>
/// <param name="DownstreamBuses">Buses below this one, itself included.</param>
/// <param name="AlternateSupplies">Ties that can restore this bus's segment once it is cut off upstream.</param>
public sealed record NodeTrace(
    string Node,
    string? Source,
    string? Feeder,
    IReadOnlyList<PathStep> UpstreamPath,
    string? ProtectiveDevice,
    int Segment,
    int SegmentBuses,
    string? SegmentEntryBranch,
    int DownstreamBuses,
    IReadOnlyList<AlternateSupply> AlternateSupplies)
{
    /// <summary>Traces bus <paramref name="node"/> of <paramref name="trace"/>. O(depth + devices on the path + ties of the segment).</summary>
    public static NodeTrace Of(RadialTrace trace, NodeIndex node)
    {
        ArgumentNullException.ThrowIfNull(trace);
        Net net = trace.Network;
        int v = node.Value;
        ArgumentOutOfRangeException.ThrowIfNegative(v);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(v, net.NodeCount);

        var path = new List<PathStep>();
        foreach (int e in trace.UpstreamPath(v))
        {
            int child = ChildOf(trace, e);
            path.Add(new PathStep(net.EdgeIds[e], net.NodeIds[trace.Parent[child]], net.NodeIds[child], DescribeDevices(trace, e, openOnly: false)));
        }

        int segment = trace.SegmentOfNode[v];
        var supplies = new List<AlternateSupply>();
        if (segment >= 0)
        {
            (ReadOnlyMemory<int> ties, ReadOnlyMemory<int> feeders) = trace.RestoringTies(segment);
            for (int i = 0; i < ties.Length; i++)
            {
                int tie = ties.Span[i];
                int feeder = feeders.Span[i];
                supplies.Add(new AlternateSupply(net.EdgeIds[tie], DescribeDevices(trace, tie, openOnly: true), feeder >= 0 ? trace.FeederNames[feeder] : "(source)"));
            }
        }

        int entry = segment >= 0 ? trace.SegmentEntryEdge[segment] : -1;
        int protector = trace.UpstreamProtector[v];
        return new NodeTrace(
            net.NodeIds[v],
            trace.SourceOf[v] >= 0 ? net.NodeIds[trace.SourceOf[v]] : null,
            trace.FeederOf[v] >= 0 ? trace.FeederNames[trace.FeederOf[v]] : null,
            path,
            protector >= 0 ? net.DeviceIds[protector] : null,
            segment,
            segment >= 0 ? trace.SegmentNodeCount[segment] : 0,
            entry >= 0 ? net.EdgeIds[entry] : null,
            trace.SubtreeSize[v],
            supplies);
    }

    private static int ChildOf(RadialTrace trace, int edge)
    {
        Net net = trace.Network;
        int a = net.EdgeFrom[edge];
        return trace.ParentEdge[a] == edge ? a : net.EdgeTo[edge];
    }

    private static List<string> DescribeDevices(RadialTrace trace, int edge, bool openOnly)
    {
        Net net = trace.Network;
        var result = new List<string>();
        foreach (int d in net.DevicesOn(edge))
        {
            bool open = trace.State.DeviceOpen[d];
            if (!openOnly || open)
            {
                result.Add($"{net.DeviceIds[d]} ({net.DeviceKinds[d].ToSnakeCase()} at {net.NodeIds[net.DeviceNode[d]]}, {(open ? "open" : "closed")})");
            }
        }

        return result;
    }
}
