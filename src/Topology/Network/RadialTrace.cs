using System.Diagnostics;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Network;

/// <summary>
/// The radial structure of a network in one switch state: for every energised node its source, feeder, parent and
/// position in a depth-first preorder; protection (the device that clears each fault), isolation segments and the
/// normally-open ties that can restore each segment. Every array is computed in O(N + E) without recursion.
/// </summary>
/// <remarks>
/// Immutable and thread-safe once computed. Subtrees are contiguous in <see cref="Order"/>: the nodes downstream of
/// <c>v</c> (including <c>v</c>) are <c>Order[PreIndex[v] .. PreIndex[v] + SubtreeSize[v])</c>.
/// A closed edge that would connect two already energised nodes is not part of the tree; it is listed in
/// <see cref="LoopEdges"/> (a valid network in its normal state has none).
/// Part of the network model (every <see cref="Net"/> carries its <see cref="Net.Normal"/> trace), so it lives in its
/// namespace; the questions asked of a trace (<c>Tracing.NodeTrace</c>, <c>Tracing.NetworkSummary</c>) build on it.
/// </remarks>
public sealed class RadialTrace
{
    private RadialTrace(Net network, SwitchState state)
    {
        Network = network;
        State = state;
    }

    /// <summary>The traced network.</summary>
    public Net Network { get; }

    /// <summary>The switch state that was traced.</summary>
    public SwitchState State { get; }

    /// <summary>Parent node by node; -1 for sources and de-energised nodes.</summary>
    public ReadOnlySpan<int> Parent => _parent;

    /// <summary>Edge to the parent by node; -1 for sources and de-energised nodes.</summary>
    public ReadOnlySpan<int> ParentEdge => _parentEdge;

    /// <summary>Energised nodes in depth-first preorder, each source followed by its whole tree.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>Position of each node in <see cref="Order"/>; -1 when de-energised.</summary>
    public ReadOnlySpan<int> PreIndex => _preIndex;

    /// <summary>Number of nodes in the subtree of each node, itself included; 0 when de-energised.</summary>
    public ReadOnlySpan<int> SubtreeSize => _subtreeSize;

    /// <summary>Source node feeding each node (itself for a source); -1 when de-energised.</summary>
    public ReadOnlySpan<int> SourceOf => _sourceOf;

    /// <summary>Feeder index of each node; -1 for sources and de-energised nodes.</summary>
    public ReadOnlySpan<int> FeederOf => _feederOf;

    /// <summary>Feeder of each edge in the tree (the child's feeder); -1 for edges outside the tree.</summary>
    public ReadOnlySpan<int> FeederOfEdge => _feederOfEdge;

    /// <summary>The edge leaving the source that starts each feeder.</summary>
    public ReadOnlySpan<int> FeederHeadEdge => _feederHeadEdge;

    /// <summary>Feeder names: the head branch's feeder name from the input, else the head branch id.</summary>
    public ReadOnlySpan<string> FeederNames => _feederNames;

    /// <summary>
    /// Nearest closed protective device (breaker, recloser, fuse) between each node and its source; -1 when none.
    /// It is the device whose operation de-energises the node; the nodes sharing it form its protection zone.
    /// </summary>
    public ReadOnlySpan<int> UpstreamProtector => _upstreamProtector;

    /// <summary>The protective device that clears a fault on each tree edge; -1 for edges outside the tree or unprotected.</summary>
    public ReadOnlySpan<int> FaultProtector => _faultProtector;

    /// <summary>Isolation segment of each energised node; -1 when de-energised.</summary>
    public ReadOnlySpan<int> SegmentOfNode => _segmentOfNode;

    /// <summary>Isolation segment of each tree edge; -1 for edges outside the tree.</summary>
    public ReadOnlySpan<int> SegmentOfEdge => _segmentOfEdge;

    /// <summary>Number of isolation segments.</summary>
    public int SegmentCount { get; private set; }

    /// <summary>The segment directly upstream of each segment; -1 for a source's own segment.</summary>
    public ReadOnlySpan<int> SegmentParent => _segmentParent;

    /// <summary>
    /// The tree edge through which each segment is fed (its upstream boundary); -1 for a source's own segment.
    /// Opening a device on it cuts the segment and everything below from the source.
    /// </summary>
    public ReadOnlySpan<int> SegmentEntryEdge => _segmentEntryEdge;

    /// <summary>
    /// The node whose subtree is the segment and everything below it (for a segment made of one edge alone, the edge's
    /// downstream node, which itself belongs to the next segment).
    /// </summary>
    public ReadOnlySpan<int> SegmentTop => _segmentTop;

    /// <summary>Number of nodes in each segment (0 for a segment made of a single edge between two devices).</summary>
    public ReadOnlySpan<int> SegmentNodeCount => _segmentNodeCount;

    /// <summary>Feeder of each segment; -1 for a source's own segment.</summary>
    public ReadOnlySpan<int> SegmentFeeder => _segmentFeeder;

    /// <summary>Open edges whose two ends are both energised: the normally-open ties usable for transfers.</summary>
    public ReadOnlySpan<int> TieEdges => _tieEdges;

    /// <summary>Closed edges that close a loop (not part of the tree). Empty for a valid radial state.</summary>
    public ReadOnlySpan<int> LoopEdges => _loopEdges;

    /// <summary>Number of nodes not reached from any source.</summary>
    public int DeEnergisedCount { get; private set; }

    // The arrays behind the views, for the Reliability library's hot loops that keep them in fields (a span cannot be a
    // field; InternalsVisibleTo Lumen.Reliability). Read only there too: nothing outside the Build* steps below writes them.
    internal int[] ParentArray => _parent;

    internal int[] ParentEdgeArray => _parentEdge;

    internal int[] OrderArray => _order;

    internal int[] PreIndexArray => _preIndex;

    internal int[] SubtreeSizeArray => _subtreeSize;

    internal int[] SourceOfArray => _sourceOf;

    internal int[] FeederOfArray => _feederOf;

    // The views above read these; only the Build* steps below write them, once, before the trace is shared.
    private int[] _parent = [];
    private int[] _parentEdge = [];
    private int[] _order = [];
    private int[] _preIndex = [];
    private int[] _subtreeSize = [];
    private int[] _sourceOf = [];
    private int[] _feederOf = [];
    private int[] _feederOfEdge = [];
    private int[] _feederHeadEdge = [];
    private string[] _feederNames = [];
    private int[] _upstreamProtector = [];
    private int[] _faultProtector = [];
    private int[] _segmentOfNode = [];
    private int[] _segmentOfEdge = [];
    private int[] _segmentParent = [];
    private int[] _segmentEntryEdge = [];
    private int[] _segmentTop = [];
    private int[] _segmentNodeCount = [];
    private int[] _segmentFeeder = [];
    private int[] _tieEdges = [];
    private int[] _loopEdges = [];

    // Alternate supply, CSR by segment: _restoreTie/_restoreFeeder[_restoreStart[s].._restoreStart[s+1]) are the ties
    // that can pick up segment s (and the feeder that would supply it) when s is cut off from its own source upstream.
    private int[] _restoreStart = [];
    private int[] _restoreTie = [];
    private int[] _restoreFeeder = [];

    /// <summary>
    /// Ties that can restore <paramref name="segment"/> (with everything still connected below it) once it is cut off at
    /// its entry edge, e.g. after a fault in the segment directly upstream is isolated; and the feeder each would supply
    /// it from. These are the open ties with one end in the segment's subtree and the other end outside it.
    /// </summary>
    public (ReadOnlyMemory<int> Ties, ReadOnlyMemory<int> FromFeeders) RestoringTies(int segment)
    {
        int start = _restoreStart[segment];
        int length = _restoreStart[segment + 1] - start;
        return (_restoreTie.AsMemory(start, length), _restoreFeeder.AsMemory(start, length));
    }

    /// <summary>Whether <paramref name="node"/> lies in the subtree of <paramref name="top"/> (itself included). O(1).</summary>
    public bool IsInSubtree(int node, int top)
    {
        int p = _preIndex[node];
        int t = _preIndex[top];
        return p >= 0 && t >= 0 && p >= t && p < t + _subtreeSize[top];
    }

    /// <summary>Nodes downstream of <paramref name="node"/> (itself first), as a slice of <see cref="Order"/>. O(1).</summary>
    public ReadOnlySpan<int> Downstream(int node)
    {
        int p = _preIndex[node];
        return p < 0 ? [] : _order.AsSpan(p, _subtreeSize[node]);
    }

    /// <summary>Edges from <paramref name="node"/> up to its source, nearest first. O(depth).</summary>
    public List<int> UpstreamPath(int node)
    {
        var path = new List<int>();
        for (int v = node; _parentEdge[v] >= 0; v = _parent[v])
        {
            path.Add(_parentEdge[v]);
        }

        return path;
    }

    /// <summary>
    /// The islands: groups of de-energised nodes connected to each other through closed edges, each as its first node
    /// (lowest index) and size. Empty when every node is energised. O(N + E).
    /// </summary>
    public List<(int FirstNode, int Size)> Islands()
    {
        var islands = new List<(int, int)>();
        if (DeEnergisedCount == 0)
        {
            return islands;
        }

        Net net = Network;
        ReadOnlySpan<bool> closed = State.EdgeClosed;
        var seen = new bool[net.NodeCount];
        var queue = new int[net.NodeCount];
        for (int start = 0; start < net.NodeCount; start++)
        {
            if (_sourceOf[start] >= 0 || seen[start])
            {
                continue;
            }

            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            while (head < tail)
            {
                int v = queue[head++];
                ReadOnlySpan<int> neighbors = net.Neighbors(v);
                ReadOnlySpan<int> edges = net.IncidentEdges(v);
                for (int i = 0; i < neighbors.Length; i++)
                {
                    if (closed[edges[i]] && !seen[neighbors[i]])
                    {
                        seen[neighbors[i]] = true;
                        queue[tail++] = neighbors[i];
                    }
                }
            }

            islands.Add((start, tail));
        }

        return islands;
    }

    /// <summary>Traces <paramref name="state"/> of <paramref name="network"/>. O(N + E + D + Σ tie depth in segments).</summary>
    public static RadialTrace Compute(Net network, SwitchState state)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(state);
        if (!ReferenceEquals(state.Network, network))
        {
            throw new ArgumentException("The switch state belongs to another network.", nameof(state));
        }

        var trace = new RadialTrace(network, state);
        trace.BuildTree();
        trace.BuildFeedersAndProtection();
        trace.BuildSegments();
        trace.BuildTies();
        return trace;
    }

    private void BuildTree()
    {
        Net net = Network;
        int n = net.NodeCount;
        ReadOnlySpan<bool> closed = State.EdgeClosed;
        var parent = new int[n];
        var parentEdge = new int[n];
        var pre = new int[n];
        var sourceOf = new int[n];
        Array.Fill(parent, -1);
        Array.Fill(parentEdge, -1);
        Array.Fill(pre, -1);
        Array.Fill(sourceOf, -1);
        var order = new int[n];
        var stack = new int[n];
        var loops = new List<int>();
        var edgeSeen = new bool[net.EdgeCount];
        int count = 0;

        // Sources are marked first, so that a closed path from one source to another shows up as a loop edge.
        foreach (int s in net.Sources)
        {
            sourceOf[s] = s;
        }

        foreach (int s in net.Sources)
        {
            int top = 0;
            stack[top++] = s;

            // Nodes are marked when pushed; popping then yields a preorder of the tree defined by the parent pointers,
            // with every subtree contiguous, because a child's descendants are pushed above its unvisited siblings.
            while (top > 0)
            {
                int v = stack[--top];
                pre[v] = count;
                order[count++] = v;
                ReadOnlySpan<int> neighbors = net.Neighbors(v);
                ReadOnlySpan<int> edges = net.IncidentEdges(v);
                // Pushed in reverse so that children pop, and feeders are numbered, in input order.
                for (int i = neighbors.Length - 1; i >= 0; i--)
                {
                    int e = edges[i];
                    if (!closed[e] || edgeSeen[e])
                    {
                        continue;
                    }

                    edgeSeen[e] = true;
                    int u = neighbors[i];
                    if (sourceOf[u] >= 0)
                    {
                        loops.Add(e);
                        continue;
                    }

                    sourceOf[u] = s;
                    parent[u] = v;
                    parentEdge[u] = e;
                    stack[top++] = u;
                }
            }
        }

        var size = new int[n];
        for (int i = count - 1; i >= 0; i--)
        {
            int v = order[i];
            size[v]++;
            if (parent[v] >= 0)
            {
                size[parent[v]] += size[v];
            }
        }

        _parent = parent;
        _parentEdge = parentEdge;
        _preIndex = pre;
        _order = count == n ? order : order.AsSpan(0, count).ToArray();
        _subtreeSize = size;
        _sourceOf = sourceOf;
        _loopEdges = loops.ToArray();
        DeEnergisedCount = n - count;
    }

    private void BuildFeedersAndProtection()
    {
        Net net = Network;
        int n = net.NodeCount;
        ReadOnlySpan<int> deviceNode = net.DeviceNode;
        ReadOnlySpan<DeviceKind> deviceKind = net.DeviceKinds;
        ReadOnlySpan<string> edgeIds = net.EdgeIds;
        ReadOnlySpan<string?> feederHint = net.EdgeFeederHint;
        int[] parent = _parent;
        int[] parentEdge = _parentEdge;
        var feederOf = new int[n];
        var feederOfEdge = new int[net.EdgeCount];
        var upstream = new int[n];
        var faultProtector = new int[net.EdgeCount];
        Array.Fill(feederOf, -1);
        Array.Fill(feederOfEdge, -1);
        Array.Fill(upstream, -1);
        Array.Fill(faultProtector, -1);
        var heads = new List<int>();
        var names = new List<string>();

        foreach (int v in _order)
        {
            int p = parent[v];
            if (p < 0)
            {
                continue;
            }

            int e = parentEdge[v];
            int f;
            if (parent[p] < 0)
            {
                f = heads.Count;
                heads.Add(e);
                names.Add(feederHint[e] ?? edgeIds[e]);
            }
            else
            {
                f = feederOf[p];
            }

            feederOf[v] = f;
            feederOfEdge[e] = f;

            // A device at the parent end sees a fault on this edge; one at the child end sees only faults below it.
            int atParent = -1;
            int atChild = -1;
            foreach (int d in net.DevicesOn(e))
            {
                if (!deviceKind[d].IsProtective())
                {
                    continue;
                }

                if (deviceNode[d] == p && atParent < 0)
                {
                    atParent = d;
                }
                else if (deviceNode[d] == v && atChild < 0)
                {
                    atChild = d;
                }
            }

            faultProtector[e] = atParent >= 0 ? atParent : upstream[p];
            upstream[v] = atChild >= 0 ? atChild : faultProtector[e];
        }

        _feederOf = feederOf;
        _feederOfEdge = feederOfEdge;
        _feederHeadEdge = heads.ToArray();
        _feederNames = names.ToArray();
        _upstreamProtector = upstream;
        _faultProtector = faultProtector;
    }

    private void BuildSegments()
    {
        Net net = Network;
        int n = net.NodeCount;
        ReadOnlySpan<int> deviceNode = net.DeviceNode;
        int[] parent = _parent;
        int[] parentEdge = _parentEdge;
        var segOfNode = new int[n];
        var segOfEdge = new int[net.EdgeCount];
        Array.Fill(segOfNode, -1);
        Array.Fill(segOfEdge, -1);
        // Segments start at sources and at device-carrying edges: pre-size for that many (growing past it if needed).
        int segmentCapacity = Math.Min(n, net.DeviceCount + net.Sources.Length + 1);
        var segParent = new List<int>(segmentCapacity);
        var segEntry = new List<int>(segmentCapacity);
        var segTop = new List<int>(segmentCapacity);
        var segFeeder = new List<int>(segmentCapacity);

        int NewSegment(int upstreamSegment, int entryEdge, int top, int feeder)
        {
            segParent.Add(upstreamSegment);
            segEntry.Add(entryEdge);
            segTop.Add(top);
            segFeeder.Add(feeder);
            return segParent.Count - 1;
        }

        foreach (int v in _order)
        {
            int p = parent[v];
            if (p < 0)
            {
                segOfNode[v] = NewSegment(-1, -1, v, -1);
                continue;
            }

            int e = parentEdge[v];
            bool atParent = false;
            bool atChild = false;
            foreach (int d in net.DevicesOn(e))
            {
                atParent |= deviceNode[d] == p;
                atChild |= deviceNode[d] == v;
            }

            int up = segOfNode[p];
            int feeder = _feederOf[v];
            if (atParent && atChild)
            {
                // An edge switchable at both ends is a segment of its own, holding no node.
                int edgeSegment = NewSegment(up, e, v, feeder);
                segOfEdge[e] = edgeSegment;
                segOfNode[v] = NewSegment(edgeSegment, e, v, feeder);
            }
            else if (atParent)
            {
                segOfNode[v] = NewSegment(up, e, v, feeder);
                segOfEdge[e] = segOfNode[v];
            }
            else if (atChild)
            {
                segOfEdge[e] = up;
                segOfNode[v] = NewSegment(up, e, v, feeder);
            }
            else
            {
                segOfNode[v] = up;
                segOfEdge[e] = up;
            }
        }

        int count = segParent.Count;
        var nodeCount = new int[count];
        foreach (int v in _order)
        {
            nodeCount[segOfNode[v]]++;
        }

        _segmentOfNode = segOfNode;
        _segmentOfEdge = segOfEdge;
        SegmentCount = count;
        _segmentParent = segParent.ToArray();
        _segmentEntryEdge = segEntry.ToArray();
        _segmentTop = segTop.ToArray();
        _segmentFeeder = segFeeder.ToArray();
        _segmentNodeCount = nodeCount;
    }

    private void BuildTies()
    {
        Net net = Network;
        ReadOnlySpan<bool> closed = State.EdgeClosed;
        ReadOnlySpan<int> from = net.EdgeFrom;
        ReadOnlySpan<int> to = net.EdgeTo;
        var ties = new List<int>();
        for (int e = 0; e < closed.Length; e++)
        {
            if (!closed[e] && _sourceOf[from[e]] >= 0 && _sourceOf[to[e]] >= 0)
            {
                ties.Add(e);
            }
        }

        // A tie (a, b) restores segment s on a's side when s lies on the path from a's segment up to (not including)
        // the source's own segment, and b is not below s: after the fault upstream of s is isolated, closing the tie
        // feeds s from b. Collected as (segment, tie, feeder) triples and bucketed by segment.
        var pairs = new List<(int Segment, int Tie, int Feeder)>();
        foreach (int t in ties)
        {
            AddRestorations(pairs, t, from[t], to[t]);
            AddRestorations(pairs, t, to[t], from[t]);
        }

        var start = new int[SegmentCount + 1];
        foreach ((int s, _, _) in pairs)
        {
            start[s + 1]++;
        }

        for (int s = 0; s < SegmentCount; s++)
        {
            start[s + 1] += start[s];
        }

        var fill = start.AsSpan(0, SegmentCount).ToArray();
        var tieOut = new int[pairs.Count];
        var feederOut = new int[pairs.Count];
        foreach ((int s, int t, int f) in pairs)
        {
            tieOut[fill[s]] = t;
            feederOut[fill[s]++] = f;
        }

        _tieEdges = ties.ToArray();
        _restoreStart = start;
        _restoreTie = tieOut;
        _restoreFeeder = feederOut;
    }

    private void AddRestorations(List<(int Segment, int Tie, int Feeder)> pairs, int tie, int near, int far)
    {
        Debug.Assert(_segmentOfNode[near] >= 0 && _segmentOfNode[far] >= 0);
        int farFeeder = _feederOf[far];
        for (int s = _segmentOfNode[near]; s >= 0 && _segmentParent[s] >= 0; s = _segmentParent[s])
        {
            if (IsInSubtree(far, _segmentTop[s]))
            {
                // The far end is fed through s itself: closing the tie would not bypass s.
                break;
            }

            pairs.Add((s, tie, farFeeder));
        }
    }
}
