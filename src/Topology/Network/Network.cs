
namespace Lumen.Topology.Network;

/// <summary>
/// An immutable distribution network: buses, branches, devices on branch ends and load points, stored as
/// structs of arrays with CSR adjacency. Built and validated by <see cref="NetworkBuilder"/>.
/// </summary>
/// <remarks>
/// Immutable and safe to share across threads. Element indices are dense: nodes 0..NodeCount-1, edges
/// 0..EdgeCount-1, devices 0..DeviceCount-1, load points 0..LoadPointCount-1. <see cref="Normal"/> is the trace of
/// the normal switch state, computed once at build time.
/// </remarks>
public sealed class Network
{
    // Id indexes; null until the first lookup when the data came without them (see NetworkData).
    private Dictionary<string, int>? _nodeByName;
    private Dictionary<string, int>? _edgeByName;
    private Dictionary<string, int>? _deviceByName;
    private Dictionary<string, int>? _loadPointByName;

    // CSR adjacency over all edges, open or closed: the neighbours of node n are _neighbor[_rowStart[n].._rowStart[n+1]),
    // and _edgeOf at the same position is the connecting edge. Every undirected edge appears twice.
    private readonly int[] _rowStart;
    private readonly int[] _neighbor;
    private readonly int[] _edgeOf;

    // Devices per edge end: _edgeDevices[_edgeDeviceStart[e].._edgeDeviceStart[e+1]) lists the devices on edge e,
    // in input order.
    private readonly int[] _edgeDeviceStart;
    private readonly int[] _edgeDevices;

    internal Network(NetworkData data)
    {
        Data = data;
        _nodeByName = data.NodeByName;
        _edgeByName = data.EdgeByName;
        _deviceByName = data.DeviceByName;
        _loadPointByName = data.LoadPointByName;
        (_rowStart, _neighbor, _edgeOf) = BuildAdjacency(data.NodeIds.Length, data.EdgeFrom, data.EdgeTo);
        (_edgeDeviceStart, _edgeDevices) = BuildEdgeDevices(data.EdgeIds.Length, data.DeviceEdge);
        NormalState = SwitchState.Normal(this);
        Normal = RadialTrace.Compute(this, NormalState);
    }

    internal NetworkData Data { get; }

    /// <summary>Number of buses.</summary>
    public int NodeCount => Data.NodeIds.Length;

    /// <summary>Number of branches.</summary>
    public int EdgeCount => Data.EdgeIds.Length;

    /// <summary>Number of switching and protective devices.</summary>
    public int DeviceCount => Data.DeviceIds.Length;

    /// <summary>Number of load points.</summary>
    public int LoadPointCount => Data.LoadPointIds.Length;

    /// <summary>The switch state in normal operation (normally-open branches and devices open).</summary>
    public SwitchState NormalState { get; }

    /// <summary>Trace of the network in its normal switch state.</summary>
    public RadialTrace Normal { get; }

    /// <summary>Bus ids by node index.</summary>
    public ReadOnlySpan<string> NodeIds => Data.NodeIds;

    /// <summary>Node kinds by node index.</summary>
    public ReadOnlySpan<NodeKind> NodeKinds => Data.NodeKinds;

    /// <summary>Nominal kV by node index (NaN when unknown).</summary>
    public ReadOnlySpan<double> NominalKv => Data.NominalKv;

    /// <summary>Diagram x coordinates by node index (NaN when unknown).</summary>
    public ReadOnlySpan<double> NodeX => Data.NodeX;

    /// <summary>Diagram y coordinates by node index (NaN when unknown).</summary>
    public ReadOnlySpan<double> NodeY => Data.NodeY;

    /// <summary>Branch ids by edge index.</summary>
    public ReadOnlySpan<string> EdgeIds => Data.EdgeIds;

    /// <summary>From-node by edge index.</summary>
    public ReadOnlySpan<int> EdgeFrom => Data.EdgeFrom;

    /// <summary>To-node by edge index.</summary>
    public ReadOnlySpan<int> EdgeTo => Data.EdgeTo;

    /// <summary>Branch kinds by edge index.</summary>
    public ReadOnlySpan<BranchKind> EdgeKinds => Data.EdgeKinds;

    /// <summary>Lengths in km by edge index.</summary>
    public ReadOnlySpan<double> LengthKm => Data.LengthKm;

    /// <summary>Failure rates in failures per year by edge index.</summary>
    public ReadOnlySpan<double> FailureRatePerYear => Data.FailureRatePerYear;

    /// <summary>Repair times in hours by edge index.</summary>
    public ReadOnlySpan<double> RepairHours => Data.RepairHours;

    /// <summary>Replacement times in hours by edge index (NaN when not applicable).</summary>
    public ReadOnlySpan<double> ReplacementHours => Data.ReplacementHours;

    /// <summary>Whether each branch is itself normally open.</summary>
    public ReadOnlySpan<bool> EdgeNormallyOpen => Data.EdgeNormallyOpen;

    /// <summary>Series resistance in ohms by edge index.</summary>
    public ReadOnlySpan<double> ROhm => Data.ROhm;

    /// <summary>Series reactance in ohms by edge index.</summary>
    public ReadOnlySpan<double> XOhm => Data.XOhm;

    /// <summary>Rating by edge index: kVA for transformers, A for lines (NaN when unknown).</summary>
    public ReadOnlySpan<double> EdgeRating => Data.EdgeRating;

    /// <summary>Off-nominal tap ratio in service by edge index (see <see cref="BranchSpec.TapPu"/>); 1 for non-transformers.</summary>
    public ReadOnlySpan<double> EdgeTapPu => Data.EdgeTapPu;

    /// <summary>Feeder names given in the input, by edge index (null when not given).</summary>
    public ReadOnlySpan<string?> EdgeFeederHint => Data.EdgeFeeder;

    /// <summary>Asset data by edge index.</summary>
    public ReadOnlySpan<AssetInfo> EdgeAssets => Data.EdgeAssets;

    /// <summary>Device ids by device index.</summary>
    public ReadOnlySpan<string> DeviceIds => Data.DeviceIds;

    /// <summary>The edge each device sits on.</summary>
    public ReadOnlySpan<int> DeviceEdge => Data.DeviceEdge;

    /// <summary>The node (edge end) each device sits at.</summary>
    public ReadOnlySpan<int> DeviceNode => Data.DeviceNode;

    /// <summary>Device kinds by device index.</summary>
    public ReadOnlySpan<DeviceKind> DeviceKinds => Data.DeviceKinds;

    /// <summary>Whether each device is normally open.</summary>
    public ReadOnlySpan<bool> DeviceNormallyOpen => Data.DeviceNormallyOpen;

    /// <summary>Whether each device is automated (remote or automatic operation).</summary>
    public ReadOnlySpan<bool> DeviceAutomated => Data.DeviceAutomated;

    /// <summary>Operating time in hours by device (NaN: use the study's switching time).</summary>
    public ReadOnlySpan<double> DeviceOperatingTimeHours => Data.DeviceOperatingTimeHours;

    /// <summary>Probability that each device operates when called on.</summary>
    public ReadOnlySpan<double> DeviceOperatingProbability => Data.DeviceOperatingProbability;

    /// <summary>Asset data by device index.</summary>
    public ReadOnlySpan<AssetInfo> DeviceAssets => Data.DeviceAssets;

    /// <summary>Load-point ids by load-point index.</summary>
    public ReadOnlySpan<string> LoadPointIds => Data.LoadPointIds;

    /// <summary>The node each load point is connected to.</summary>
    public ReadOnlySpan<int> LoadPointNode => Data.LoadPointNode;

    /// <summary>Customers per load point.</summary>
    public ReadOnlySpan<int> Customers => Data.Customers;

    /// <summary>Average demand in kW per load point.</summary>
    public ReadOnlySpan<double> AverageKw => Data.AverageKw;

    /// <summary>Peak demand in kW per load point.</summary>
    public ReadOnlySpan<double> PeakKw => Data.PeakKw;

    /// <summary>Reactive peak demand in kvar per load point.</summary>
    public ReadOnlySpan<double> PeakKvar => Data.PeakKvar;

    /// <summary>Customer class per load point (null when unknown).</summary>
    public ReadOnlySpan<string?> CustomerClass => Data.CustomerClass;

    /// <summary>Node indices of the sources, in input order.</summary>
    public ReadOnlySpan<int> Sources => Data.Sources;

    /// <summary>Neighbouring nodes of <paramref name="node"/> over all edges (open or closed).</summary>
    public ReadOnlySpan<int> Neighbors(int node) => _neighbor.AsSpan(_rowStart[node], _rowStart[node + 1] - _rowStart[node]);

    /// <summary>Edges incident to <paramref name="node"/>, parallel to <see cref="Neighbors"/>.</summary>
    public ReadOnlySpan<int> IncidentEdges(int node) => _edgeOf.AsSpan(_rowStart[node], _rowStart[node + 1] - _rowStart[node]);

    /// <summary>Devices on <paramref name="edge"/> (either end), in input order.</summary>
    public ReadOnlySpan<int> DevicesOn(int edge) => _edgeDevices.AsSpan(_edgeDeviceStart[edge], _edgeDeviceStart[edge + 1] - _edgeDeviceStart[edge]);

    /// <summary>Total customers over all load points.</summary>
    public long TotalCustomers
    {
        get
        {
            long total = 0;
            foreach (int c in Data.Customers)
            {
                total += c;
            }

            return total;
        }
    }

    /// <summary>Looks up a bus by id.</summary>
    public bool TryGetNode(string id, out NodeIndex node)
    {
        bool found = (_nodeByName ?? Index(ref _nodeByName, Data.NodeIds)).TryGetValue(id, out int index);
        node = new NodeIndex(index);
        return found;
    }

    /// <summary>Looks up a branch by id.</summary>
    public bool TryGetEdge(string id, out EdgeIndex edge)
    {
        bool found = (_edgeByName ?? Index(ref _edgeByName, Data.EdgeIds)).TryGetValue(id, out int index);
        edge = new EdgeIndex(index);
        return found;
    }

    /// <summary>Looks up a device by id.</summary>
    public bool TryGetDevice(string id, out DeviceIndex device)
    {
        bool found = (_deviceByName ?? Index(ref _deviceByName, Data.DeviceIds)).TryGetValue(id, out int index);
        device = new DeviceIndex(index);
        return found;
    }

    /// <summary>Looks up a load point by id.</summary>
    public bool TryGetLoadPoint(string id, out int loadPoint) => (_loadPointByName ?? Index(ref _loadPointByName, Data.LoadPointIds)).TryGetValue(id, out loadPoint);

    /// <summary>The other end of <paramref name="edge"/> seen from <paramref name="node"/>.</summary>
    public int OtherEnd(int edge, int node) => Data.EdgeFrom[edge] == node ? Data.EdgeTo[edge] : Data.EdgeFrom[edge];

    // The index of distinct ids, published once for every thread (a race builds it twice and keeps the first).
    private static Dictionary<string, int> Index(ref Dictionary<string, int>? field, string[] ids)
    {
        var byName = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (int i = 0; i < ids.Length; i++)
        {
            byName.Add(ids[i], i);
        }

        return Interlocked.CompareExchange(ref field, byName, null) ?? byName;
    }

    private static (int[] RowStart, int[] Neighbor, int[] EdgeOf) BuildAdjacency(int nodeCount, int[] from, int[] to)
    {
        var rowStart = new int[nodeCount + 1];
        for (int e = 0; e < from.Length; e++)
        {
            rowStart[from[e] + 1]++;
            rowStart[to[e] + 1]++;
        }

        for (int n = 0; n < nodeCount; n++)
        {
            rowStart[n + 1] += rowStart[n];
        }

        var fill = rowStart.AsSpan(0, nodeCount).ToArray();
        var neighbor = new int[from.Length * 2];
        var edgeOf = new int[from.Length * 2];
        for (int e = 0; e < from.Length; e++)
        {
            int a = from[e];
            int b = to[e];
            neighbor[fill[a]] = b;
            edgeOf[fill[a]++] = e;
            neighbor[fill[b]] = a;
            edgeOf[fill[b]++] = e;
        }

        return (rowStart, neighbor, edgeOf);
    }

    private static (int[] Start, int[] Devices) BuildEdgeDevices(int edgeCount, int[] deviceEdge)
    {
        var start = new int[edgeCount + 1];
        foreach (int e in deviceEdge)
        {
            start[e + 1]++;
        }

        for (int e = 0; e < edgeCount; e++)
        {
            start[e + 1] += start[e];
        }

        var fill = start.AsSpan(0, edgeCount).ToArray();
        var devices = new int[deviceEdge.Length];
        for (int d = 0; d < deviceEdge.Length; d++)
        {
            devices[fill[deviceEdge[d]]++] = d;
        }

        return (start, devices);
    }
}
