using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tracing;

/// <summary>Element and topology counts of a network in its normal state.</summary>
/// <param name="Sources">Source buses.</param>
/// <param name="Feeders">Feeders (edges leaving a source).</param>
/// <param name="Buses">Buses.</param>
/// <param name="Branches">Branches of every kind.</param>
/// <param name="Transformers">Transformer branches.</param>
/// <param name="LoadPoints">Load points.</param>
/// <param name="Customers">Customers over all load points.</param>
/// <param name="SwitchesOpen">Devices open in the normal state.</param>
/// <param name="SwitchesClosed">Devices closed in the normal state.</param>
/// <param name="ProtectiveDevices">Breakers, reclosers and fuses.</param>
/// <param name="Ties">Open edges with both ends energised (alternate supply points).</param>
/// <param name="Segments">Isolation segments.</param>
/// <param name="Islands">Groups of buses not reachable from any source.</param>
/// <param name="Loops">Closed edges that close a loop.</param>
public sealed record NetworkSummary(
    int Sources,
    int Feeders,
    int Buses,
    int Branches,
    int Transformers,
    int LoadPoints,
    long Customers,
    int SwitchesOpen,
    int SwitchesClosed,
    int ProtectiveDevices,
    int Ties,
    int Segments,
    int Islands,
    int Loops)
{
    /// <summary>Counts <paramref name="network"/> in its normal state. O(N + E + D).</summary>
    public static NetworkSummary Of(Net network)
    {
        ArgumentNullException.ThrowIfNull(network);
        RadialTrace trace = network.Normal;
        int transformers = 0;
        foreach (BranchKind kind in network.EdgeKinds)
        {
            transformers += kind == BranchKind.Transformer ? 1 : 0;
        }

        int open = 0;
        int protective = 0;
        ReadOnlySpan<bool> deviceOpen = network.NormalState.DeviceOpen;
        ReadOnlySpan<DeviceKind> kinds = network.DeviceKinds;
        for (int d = 0; d < kinds.Length; d++)
        {
            open += deviceOpen[d] ? 1 : 0;
            protective += kinds[d].IsProtective() ? 1 : 0;
        }

        return new NetworkSummary(
            network.Sources.Length,
            trace.FeederHeadEdge.Length,
            network.NodeCount,
            network.EdgeCount,
            transformers,
            network.LoadPointCount,
            network.TotalCustomers,
            open,
            network.DeviceCount - open,
            protective,
            trace.TieEdges.Length,
            trace.SegmentCount,
            trace.Islands().Count,
            trace.LoopEdges.Length);
    }
}
