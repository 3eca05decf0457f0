using System.Diagnostics;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.History;

/// <summary>
/// The normal-state view of a network that outage statistics need: load points and distribution transformers ranked in
/// the trace's depth-first preorder, so that everything downstream of a node is one contiguous rank range of each.
/// </summary>
/// <remarks>
/// Immutable after construction; O(N + E + L) to build. Ranks cover energised load points and transformers only (a
/// de-energised one cannot be interrupted). A transformer is a <see cref="BranchKind.Transformer"/> edge of the tree,
/// placed at its child (secondary) node: it is the DL/T 836 10 kV "user".
/// </remarks>
internal sealed class HistoryTopology
{
    public HistoryTopology(Net network)
    {
        Network = network;
        RadialTrace trace = network.Normal;
        Trace = trace;
        int positions = trace.Order.Length;
        ReadOnlySpan<int> lpNode = network.LoadPointNode;
        ReadOnlySpan<int> customers = network.Customers;
        ReadOnlySpan<int> pre = trace.PreIndex;

        // Counting sort of load points by the preorder position of their node.
        var lpAt = new int[positions + 1];
        for (int lp = 0; lp < lpNode.Length; lp++)
        {
            int p = pre[lpNode[lp]];
            if (p >= 0)
            {
                lpAt[p + 1]++;
            }
        }

        for (int p = 0; p < positions; p++)
        {
            lpAt[p + 1] += lpAt[p];
        }

        int lpCount = lpAt[positions];
        LoadPointByRank = new int[lpCount];
        RankOfLoadPoint = new int[lpNode.Length];
        Array.Fill(RankOfLoadPoint, -1);
        var fill = lpAt.AsSpan(0, positions).ToArray();
        for (int lp = 0; lp < lpNode.Length; lp++)
        {
            int p = pre[lpNode[lp]];
            if (p >= 0)
            {
                int rank = fill[p]++;
                LoadPointByRank[rank] = lp;
                RankOfLoadPoint[lp] = rank;
            }
        }

        LoadPointRankAt = lpAt;
        CustomersByRank = new int[lpCount];
        CustomerPrefix = new long[lpCount + 1];
        FeederByRank = new int[lpCount];
        SourceByRank = new int[lpCount];
        for (int r = 0; r < lpCount; r++)
        {
            int lp = LoadPointByRank[r];
            int node = lpNode[lp];
            CustomersByRank[r] = customers[lp];
            CustomerPrefix[r + 1] = CustomerPrefix[r] + customers[lp];
            FeederByRank[r] = trace.FeederOf[node];
            SourceByRank[r] = trace.SourceOf[node];
            TotalCustomers += customers[lp];
        }

        // Transformers by the preorder position of their child node.
        ReadOnlySpan<BranchKind> kinds = network.EdgeKinds;
        ReadOnlySpan<double> rating = network.EdgeRating;
        ReadOnlySpan<int> parentEdge = trace.ParentEdge;
        var trAt = new int[positions + 1];
        ReadOnlySpan<int> order = trace.Order;
        for (int p = 0; p < positions; p++)
        {
            int e = parentEdge[order[p]];
            trAt[p + 1] = trAt[p] + (e >= 0 && kinds[e] == BranchKind.Transformer ? 1 : 0);
        }

        int trCount = trAt[positions];
        TransformerEdgeByRank = new int[trCount];
        KvaByRank = new double[trCount];
        TransformerFeederByRank = new int[trCount];
        TransformerSourceByRank = new int[trCount];
        for (int p = 0; p < positions; p++)
        {
            if (trAt[p + 1] > trAt[p])
            {
                int v = order[p];
                int r = trAt[p];
                int e = parentEdge[v];
                TransformerEdgeByRank[r] = e;
                double kva = rating[e];
                KvaByRank[r] = double.IsFinite(kva) && kva > 0 ? kva : 0;
                TransformerFeederByRank[r] = trace.FeederOf[v];
                TransformerSourceByRank[r] = trace.SourceOf[v];
                TotalKva += KvaByRank[r];
            }
        }

        TransformerRankAt = trAt;

        // Each load point's own transformer: the nearest transformer edge on its path to the source (-1 when none). The
        // preorder pass sees parents first, so one look at the parent suffices.
        var nearestTr = new int[network.NodeCount];
        Array.Fill(nearestTr, -1);
        for (int p = 0; p < positions; p++)
        {
            int v = order[p];
            int parent = trace.Parent[v];
            nearestTr[v] = trAt[p + 1] > trAt[p] ? trAt[p] : parent >= 0 ? nearestTr[parent] : -1;
        }

        TransformerOfRank = new int[lpCount];
        for (int r = 0; r < lpCount; r++)
        {
            TransformerOfRank[r] = nearestTr[lpNode[LoadPointByRank[r]]];
        }
    }

    public Net Network { get; }

    public RadialTrace Trace { get; }

    /// <summary>Load point at each rank; ranks follow the preorder of their nodes.</summary>
    public int[] LoadPointByRank { get; }

    /// <summary>Rank of each load point; -1 when de-energised.</summary>
    public int[] RankOfLoadPoint { get; }

    /// <summary>Number of load-point ranks before preorder position p (length positions + 1).</summary>
    public int[] LoadPointRankAt { get; }

    public int[] CustomersByRank { get; }

    /// <summary>Customers of ranks 0..r-1 (length ranks + 1): a rank range's customers in O(1).</summary>
    public long[] CustomerPrefix { get; }

    public int[] FeederByRank { get; }

    public int[] SourceByRank { get; }

    /// <summary>Transformer rank serving each load-point rank; -1 when none is upstream.</summary>
    public int[] TransformerOfRank { get; }

    public int[] TransformerEdgeByRank { get; }

    public double[] KvaByRank { get; }

    public int[] TransformerFeederByRank { get; }

    public int[] TransformerSourceByRank { get; }

    /// <summary>Number of transformer ranks before preorder position p (length positions + 1).</summary>
    public int[] TransformerRankAt { get; }

    public long TotalCustomers { get; }

    public int TotalTransformers => TransformerEdgeByRank.Length;

    public double TotalKva { get; }

    public int LoadPointRankCount => LoadPointByRank.Length;

    /// <summary>Load-point rank range of the subtree of <paramref name="node"/> (energised).</summary>
    public (int First, int End) LoadPointRange(int node)
    {
        int p = Trace.PreIndex[node];
        Debug.Assert(p >= 0);
        return (LoadPointRankAt[p], LoadPointRankAt[p + Trace.SubtreeSize[node]]);
    }

    /// <summary>Transformer rank range of the subtree of <paramref name="node"/> (energised).</summary>
    public (int First, int End) TransformerRange(int node)
    {
        int p = Trace.PreIndex[node];
        Debug.Assert(p >= 0);
        return (TransformerRankAt[p], TransformerRankAt[p + Trace.SubtreeSize[node]]);
    }

    /// <summary>The child end of a tree edge; -1 when the edge is not in the tree (open, a tie, or de-energised).</summary>
    public int ChildOf(int edge)
    {
        ReadOnlySpan<int> from = Network.EdgeFrom;
        ReadOnlySpan<int> to = Network.EdgeTo;
        ReadOnlySpan<int> parentEdge = Trace.ParentEdge;
        if (parentEdge[to[edge]] == edge)
        {
            return to[edge];
        }

        return parentEdge[from[edge]] == edge ? from[edge] : -1;
    }

    /// <summary>
    /// The node whose subtree an event naming <paramref name="id"/> interrupts: below a device on a tree edge, or the
    /// protection zone of the device that clears a fault on a named branch. -1 with a reason when it interrupts nothing.
    /// </summary>
    public int ResolveEventTop(string id, out string? error)
    {
        Net net = Network;
        if (net.TryGetDevice(id, out DeviceIndex device))
        {
            int child = ChildOf(net.DeviceEdge[device.Value]);
            error = child < 0 ? $"device '{id}' is on a normally-open or de-energised branch: its operation interrupts no customer" : null;
            return child;
        }

        if (net.TryGetEdge(id, out EdgeIndex edge))
        {
            int child = ChildOf(edge.Value);
            if (child < 0)
            {
                error = $"branch '{id}' is normally open or de-energised: its failure interrupts no customer";
                return -1;
            }

            int protector = Trace.FaultProtector[edge.Value];
            int top = protector >= 0 ? ChildOf(net.DeviceEdge[protector]) : FeederTop(child);
            error = null;
            return top;
        }

        error = $"unknown device or branch '{id}'";
        return -1;
    }

    /// <summary>
    /// The node whose subtree a step closing <paramref name="id"/> restores: below a device on a tree edge, or for a
    /// normally-open (tie) device the isolation segment holding its end inside <paramref name="eventTop"/>'s subtree.
    /// </summary>
    public int ResolveStepTop(string id, int eventTop, out string? error)
    {
        Net net = Network;
        if (!net.TryGetDevice(id, out DeviceIndex device))
        {
            error = net.TryGetEdge(id, out _) ? $"'{id}' is a branch: a restoration step names the device closed" : $"unknown device '{id}'";
            return -1;
        }

        int edge = net.DeviceEdge[device.Value];
        int child = ChildOf(edge);
        if (child >= 0)
        {
            error = null;
            return child;
        }

        foreach (int end in (ReadOnlySpan<int>)[net.EdgeFrom[edge], net.EdgeTo[edge]])
        {
            if (Trace.PreIndex[end] >= 0 && Trace.IsInSubtree(end, eventTop))
            {
                error = null;
                return Trace.SegmentTop[Trace.SegmentOfNode[end]];
            }
        }

        error = $"tie device '{id}' does not touch the area of the event";
        return -1;
    }

    private int FeederTop(int node)
    {
        int v = node;
        while (Trace.Parent[v] >= 0 && Trace.Parent[Trace.Parent[v]] >= 0)
        {
            v = Trace.Parent[v];
        }

        return v;
    }
}
