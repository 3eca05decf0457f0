using Lumen.Topology.Network;
using QuikGraph;
using QuikGraph.Algorithms.ConnectedComponents;

namespace Lumen.Topology.Tests.Tracing;

/// <summary>
/// Brute-force answers to the questions <see cref="Topology.Network.RadialTrace"/> answers in one pass: QuikGraph for
/// components, and a fresh breadth-first search per question (per device, per segment) for the rest.
/// </summary>
internal sealed class TraceOracle
{
    private readonly Network.Network _net;
    private readonly bool[] _closed;
    private readonly List<(int Node, int Edge)>[] _adjacency;

    public TraceOracle(SwitchState state)
    {
        _net = state.Network;
        _closed = state.EdgeClosed.ToArray();
        _adjacency = new List<(int, int)>[_net.NodeCount];
        for (int v = 0; v < _net.NodeCount; v++)
        {
            _adjacency[v] = [];
        }

        for (int e = 0; e < _net.EdgeCount; e++)
        {
            _adjacency[_net.EdgeFrom[e]].Add((_net.EdgeTo[e], e));
            _adjacency[_net.EdgeTo[e]].Add((_net.EdgeFrom[e], e));
        }

        Graph = new UndirectedGraph<int, SEdge<int>>(allowParallelEdges: true);
        Graph.AddVertexRange(Enumerable.Range(0, _net.NodeCount));
        for (int e = 0; e < _net.EdgeCount; e++)
        {
            if (_closed[e])
            {
                Graph.AddEdge(new SEdge<int>(_net.EdgeFrom[e], _net.EdgeTo[e]));
            }
        }

        var components = new ConnectedComponentsAlgorithm<int, SEdge<int>>(Graph);
        components.Compute();
        Component = new int[_net.NodeCount];
        foreach (KeyValuePair<int, int> pair in components.Components)
        {
            Component[pair.Key] = pair.Value;
        }

        (EnergisedFrom, BfsParentEdge) = Reach(blockedEdge: -1, blockedDevice: -1);
    }

    public UndirectedGraph<int, SEdge<int>> Graph { get; }

    /// <summary>QuikGraph's connected component of each node over closed edges.</summary>
    public int[] Component { get; }

    /// <summary>Source reaching each node over closed edges (BFS from every source); -1 when none.</summary>
    public int[] EnergisedFrom { get; }

    /// <summary>BFS tree edge into each node.</summary>
    public int[] BfsParentEdge { get; }

    /// <summary>Nodes that lose supply when <paramref name="device"/> opens (in addition to the state).</summary>
    public HashSet<int> LostWhenOpened(int device)
    {
        (int[] from, _) = Reach(-1, device);
        var lost = new HashSet<int>();
        for (int v = 0; v < from.Length; v++)
        {
            if (EnergisedFrom[v] >= 0 && from[v] < 0)
            {
                lost.Add(v);
            }
        }

        return lost;
    }

    /// <summary>Whether edge <paramref name="edge"/> still touches a source-connected node on its source side when <paramref name="device"/> opens.</summary>
    public bool EdgeStillFedWhenOpened(int edge, int device)
    {
        (int[] from, _) = Reach(-1, device);
        int a = _net.EdgeFrom[edge];
        int b = _net.EdgeTo[edge];
        bool deviceOnThisEdgeAt(int node) => _net.DeviceEdge[device] == edge && _net.DeviceNode[device] == node;
        return (from[a] >= 0 && !deviceOnThisEdgeAt(a)) || (from[b] >= 0 && !deviceOnThisEdgeAt(b));
    }

    /// <summary>Segments by union-find over closed edges carrying no device: a representative per energised node.</summary>
    public int[] SegmentRepresentative()
    {
        var parent = Enumerable.Range(0, _net.NodeCount).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        for (int e = 0; e < _net.EdgeCount; e++)
        {
            if (_closed[e] && _net.DevicesOn(e).Length == 0)
            {
                parent[Find(_net.EdgeFrom[e])] = Find(_net.EdgeTo[e]);
            }
        }

        return Enumerable.Range(0, _net.NodeCount).Select(Find).ToArray();
    }

    /// <summary>
    /// Ties that can feed the part below <paramref name="entryEdge"/> once that edge is cut: BFS from
    /// <paramref name="top"/> without the entry edge; a tie qualifies when it has exactly one end in the reached set.
    /// </summary>
    public HashSet<int> TiesReachableBelow(int top, int entryEdge, IReadOnlyCollection<int> ties)
    {
        var seen = new HashSet<int> { top };
        var queue = new Queue<int>();
        queue.Enqueue(top);
        while (queue.Count > 0)
        {
            int v = queue.Dequeue();
            foreach ((int u, int e) in _adjacency[v])
            {
                if (e != entryEdge && _closed[e] && seen.Add(u))
                {
                    queue.Enqueue(u);
                }
            }
        }

        var result = new HashSet<int>();
        foreach (int t in ties)
        {
            if (seen.Contains(_net.EdgeFrom[t]) != seen.Contains(_net.EdgeTo[t]))
            {
                result.Add(t);
            }
        }

        return result;
    }

    private (int[] From, int[] ParentEdge) Reach(int blockedEdge, int blockedDevice)
    {
        var from = Enumerable.Repeat(-1, _net.NodeCount).ToArray();
        var parentEdge = Enumerable.Repeat(-1, _net.NodeCount).ToArray();
        var queue = new Queue<int>();
        foreach (int s in _net.Sources)
        {
            from[s] = s;
            queue.Enqueue(s);
        }

        int deviceEdge = blockedDevice >= 0 ? _net.DeviceEdge[blockedDevice] : -1;
        while (queue.Count > 0)
        {
            int v = queue.Dequeue();
            foreach ((int u, int e) in _adjacency[v])
            {
                if (!_closed[e] || e == blockedEdge || e == deviceEdge || from[u] >= 0)
                {
                    continue;
                }

                from[u] = from[v];
                parentEdge[u] = e;
                queue.Enqueue(u);
            }
        }

        return (from, parentEdge);
    }
}
