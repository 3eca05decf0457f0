using System.Globalization;
using System.Runtime.InteropServices;

namespace Lumen.Topology.Network;

/// <summary>The outcome of <see cref="NetworkBuilder.Build"/>: a valid network, or every problem found.</summary>
/// <param name="Network">The network; null when any error was found.</param>
/// <param name="Diagnostics">Every error and warning, in input order within each check.</param>
/// <param name="Draft">
/// The assembled network even when its topology is invalid (loops, islands), for reporting only; null when the input
/// could not be assembled at all (unknown references, bad values). Equal to <paramref name="Network"/> when valid.
/// </param>
public sealed record BuildResult(Network? Network, IReadOnlyList<Diagnostic> Diagnostics, Network? Draft = null)
{
    /// <summary>True when a network was built (there may still be warnings).</summary>
    public bool Succeeded => Network is not null;

    /// <summary>The errors only.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>
/// Collects buses, branches, devices and load points, then validates them as a whole and freezes them into a
/// <see cref="Network"/>. Validation reports every problem, not only the first, each with file, line and field.
/// </summary>
/// <remarks>Not thread-safe. <see cref="Build"/> is O(N + E + D + L) apart from the hash lookups of ids.</remarks>
public sealed class NetworkBuilder
{
    /// <summary>Lengths above this are taken as a unit error (metres given as km).</summary>
    public const double MaxPlausibleLengthKm = 500;

    /// <summary>Lowest transformer tap ratio accepted (a −20 % off-nominal ratio; distribution taps span ±5 %).</summary>
    public const double MinPlausibleTapPu = 0.8;

    /// <summary>Highest transformer tap ratio accepted.</summary>
    public const double MaxPlausibleTapPu = 1.2;

    /// <summary>Failure rates above this are taken as a unit error.</summary>
    public const double MaxPlausibleFailureRatePerYear = 1000;

    /// <summary>Repair and operating times above this (10 years) are taken as a unit error.</summary>
    public const double MaxPlausibleHours = 87_600;

    private readonly List<BusSpec> _buses;
    private readonly List<BranchSpec> _branches;
    private readonly List<DeviceSpec> _devices;
    private readonly List<LoadPointSpec> _loadPoints;
    private readonly List<Diagnostic> _diagnostics = [];

    // The bus and branch ids already indexed by the caller (an importer that shared them while reading), or null.
    private readonly IdIndex? _busIndex;
    private readonly IdIndex? _branchIndex;

    /// <summary>Creates an empty builder, optionally with capacity hints for large networks.</summary>
    public NetworkBuilder(int busCapacity = 0, int branchCapacity = 0, int deviceCapacity = 0, int loadPointCapacity = 0)
    {
        _buses = new List<BusSpec>(busCapacity);
        _branches = new List<BranchSpec>(branchCapacity);
        _devices = new List<DeviceSpec>(deviceCapacity);
        _loadPoints = new List<LoadPointSpec>(loadPointCapacity);
    }

    /// <summary>
    /// A builder that takes over lists of elements already read (an importer's), without copying them, and the indices of
    /// their bus and branch ids when the importer made them (<see cref="IdIndex.Of"/> of <paramref name="buses"/> and of
    /// <paramref name="branches"/>).
    /// </summary>
    internal NetworkBuilder(
        List<BusSpec> buses,
        List<BranchSpec> branches,
        List<DeviceSpec> devices,
        List<LoadPointSpec> loadPoints,
        IdIndex? busIndex = null,
        IdIndex? branchIndex = null)
    {
        _busIndex = busIndex?.Ids.Length == buses.Count ? busIndex : null;
        _branchIndex = branchIndex?.Ids.Length == branches.Count ? branchIndex : null;
        _buses = buses;
        _branches = branches;
        _devices = devices;
        _loadPoints = loadPoints;
    }

    /// <summary>Number of buses added so far.</summary>
    public int BusCount => _buses.Count;

    /// <summary>Number of branches added so far.</summary>
    public int BranchCount => _branches.Count;

    /// <summary>Adds a bus.</summary>
    public NetworkBuilder AddBus(in BusSpec bus)
    {
        _buses.Add(bus);
        return this;
    }

    /// <summary>Adds a branch.</summary>
    public NetworkBuilder AddBranch(in BranchSpec branch)
    {
        _branches.Add(branch);
        return this;
    }

    /// <summary>Adds a device on a branch end.</summary>
    public NetworkBuilder AddDevice(in DeviceSpec device)
    {
        _devices.Add(device);
        return this;
    }

    /// <summary>Adds a load point.</summary>
    public NetworkBuilder AddLoadPoint(in LoadPointSpec loadPoint)
    {
        _loadPoints.Add(loadPoint);
        return this;
    }

    /// <summary>Sets the tap of the branch added <paramref name="index"/>-th (the demo generator taps its transformers after a power flow).</summary>
    internal void SetTapPu(int index, double tapPu) => _branches[index] = _branches[index] with { TapPu = tapPu };

    /// <summary>Records a problem found while reading the input (a parse error), so that it is reported with the rest.</summary>
    public NetworkBuilder Report(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        _diagnostics.Add(diagnostic);
        return this;
    }

    /// <summary>Validates everything added and, when there is no error, freezes it into a network.</summary>
    /// <returns>The network, or null with every error; warnings are returned either way.</returns>
    public BuildResult Build()
    {
        var diagnostics = new List<Diagnostic>(_diagnostics);

        // Hashing the ids dominates: the branch and device id dictionaries are filled on other cores while the buses
        // are indexed (each task records its duplicates by position, reported later in input order), and branch ends
        // and load-point buses are found by comparing with the buses added just before them (the order generators and
        // exports write) before falling back to the dictionary. Each check's diagnostics stay in input order and the
        // checks stay in the same order.
        // A small network (a part of one built per candidate project, many at once on every core) is indexed inline:
        // handing a few hundred ids to other threads costs more than hashing them.
        bool inline = _buses.Count + _branches.Count + _devices.Count + _loadPoints.Count < InlineBuildElements;
        var edges = new EdgeArrays(_branches.Count, _branchIndex);
        var devices = new DeviceArrays(_devices.Count);
        Task<List<(int Index, int First)>> edgeIdsTask = _branchIndex is null
            ? Start(inline, () => IdIndex.Fill(CollectionsMarshal.AsSpan(_branches), static b => b.Id, edges.ByName))
            : Task.FromResult(_branchIndex.Duplicates);
        Task<List<(int Index, int First)>> deviceIdsTask = Start(inline, () => IdIndex.Fill(CollectionsMarshal.AsSpan(_devices), static d => d.Id, devices.ByName));
        NodeArrays nodes = BuildNodes(CollectionsMarshal.AsSpan(_buses), _busIndex, diagnostics, out bool uniqueBusIds);

        // Load points need only the buses, so they are indexed on another core while branches and devices are; the
        // node dictionary is only read from here on. Their diagnostics are appended afterwards, keeping the order fixed.
        var loadDiagnostics = new List<Diagnostic>();
        Task<LoadPointArrays> loadsTask = Start(inline, () => BuildLoadPoints(CollectionsMarshal.AsSpan(_loadPoints), nodes, uniqueBusIds, loadDiagnostics));
        BuildEdges(CollectionsMarshal.AsSpan(_branches), edges, edgeIdsTask.GetAwaiter().GetResult(), nodes, uniqueBusIds, diagnostics);
        BuildDevices(CollectionsMarshal.AsSpan(_devices), devices, deviceIdsTask.GetAwaiter().GetResult(), edges, nodes, diagnostics);
        LoadPointArrays loads = loadsTask.GetAwaiter().GetResult();
        diagnostics.AddRange(loadDiagnostics);

        if (nodes.Sources.Length == 0 && _buses.Count > 0)
        {
            diagnostics.Add(new Diagnostic(_buses[0].Location, "kind", "no bus is a source: every network needs at least one source (substation feeder bus)"));
        }

        if (_buses.Count == 0)
        {
            diagnostics.Add(new Diagnostic(SourceLocation.None, string.Empty, "the network has no buses"));
        }

        if (CountErrors(diagnostics) > 0)
        {
            return new BuildResult(null, diagnostics);
        }

        var data = new NetworkData
        {
            NodeIds = nodes.Ids,
            NodeKinds = nodes.Kinds,
            NominalKv = nodes.NominalKv,
            NodeX = nodes.X,
            NodeY = nodes.Y,
            NodeLocations = nodes.Locations,
            NodeByName = nodes.ByName,
            EdgeIds = edges.Ids,
            EdgeFrom = edges.From,
            EdgeTo = edges.To,
            EdgeKinds = edges.Kinds,
            LengthKm = edges.LengthKm,
            FailureRatePerYear = edges.FailureRatePerYear,
            RepairHours = edges.RepairHours,
            ReplacementHours = edges.ReplacementHours,
            EdgeNormallyOpen = edges.NormallyOpen,
            ROhm = edges.ROhm,
            XOhm = edges.XOhm,
            EdgeRating = edges.Rating,
            EdgeTapPu = edges.TapPu,
            EdgeFeeder = edges.Feeder,
            EdgeAssets = edges.Assets,
            EdgeLocations = edges.Locations,
            EdgeByName = edges.ByName,
            DeviceIds = devices.Ids,
            DeviceEdge = devices.Edge,
            DeviceNode = devices.Node,
            DeviceKinds = devices.Kinds,
            DeviceNormallyOpen = devices.NormallyOpen,
            DeviceAutomated = devices.Automated,
            DeviceOperatingTimeHours = devices.OperatingTimeHours,
            DeviceOperatingProbability = devices.OperatingProbability,
            DeviceAssets = devices.Assets,
            DeviceByName = devices.ByName,
            LoadPointIds = loads.Ids,
            LoadPointNode = loads.Node,
            Customers = loads.Customers,
            AverageKw = loads.AverageKw,
            PeakKw = loads.PeakKw,
            PeakKvar = loads.PeakKvar,
            CustomerClass = loads.CustomerClass,
            LoadPointByName = loads.ByName,
            Sources = nodes.Sources,
        };

        var network = new Network(data);
        ValidateTopology(network, diagnostics);
        return CountErrors(diagnostics) > 0 ? new BuildResult(null, diagnostics, network) : new BuildResult(network, diagnostics, network);
    }

    // One pass per element kind fills every array, reading the specs by reference: copying the specs once per
    // attribute dominated Build at 1M buses. A bus index made by the caller is taken as the node dictionary.
    private static NodeArrays BuildNodes(ReadOnlySpan<BusSpec> buses, IdIndex? index, List<Diagnostic> diagnostics, out bool uniqueIds)
    {
        int n = buses.Length;
        var a = new NodeArrays(n, index);
        var sources = new List<int>();
        int next = 0;
        for (int i = 0; i < n; i++)
        {
            ref readonly BusSpec b = ref buses[i];
            if (index is null)
            {
                AddId(a.ByName, b.Id, i, b.Location, "bus_id", "bus", buses, static x => x.Location, diagnostics);
            }
            else
            {
                ReportId(b.Id, i, b.Location, "bus_id", "bus", index.Duplicates, ref next, buses, static x => x.Location, diagnostics);
            }

            a.Ids[i] = b.Id;
            a.Kinds[i] = b.Kind;
            a.NominalKv[i] = b.NominalKv;
            a.X[i] = b.X;
            a.Y[i] = b.Y;
            a.Locations[i] = b.Location;
            if (b.Kind == NodeKind.Source)
            {
                sources.Add(i);
            }

            if (b.NominalKv <= 0 || double.IsInfinity(b.NominalKv))
            {
                diagnostics.Add(new Diagnostic(b.Location, "nominal_kv", $"bus '{b.Id}': nominal voltage {Format(b.NominalKv)} kV must be positive"));
            }
        }

        a.Sources = sources.ToArray();

        // Bus ids are unique when every id went into the dictionary (the nominal-voltage check adds nothing there).
        uniqueIds = a.ByName.Count == n;
        return a;
    }

    // Below this many elements in all, Build indexes the ids on the calling thread.
    private const int InlineBuildElements = 20_000;

    private static Task<T> Start<T>(bool inline, Func<T> work) => inline ? Task.FromResult(work()) : Task.Run(work);

    /// <summary>The id diagnostics of element <paramref name="position"/>, from a pre-filled index's duplicate list.</summary>
    private static void ReportId<T>(
        string id,
        int position,
        SourceLocation location,
        string field,
        string what,
        List<(int Index, int First)> duplicates,
        ref int next,
        ReadOnlySpan<T> items,
        Func<T, SourceLocation> locationOf,
        List<Diagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            diagnostics.Add(new Diagnostic(location, field, $"{what} id is empty"));
        }
        else if (next < duplicates.Count && duplicates[next].Index == position)
        {
            diagnostics.Add(new Diagnostic(location, field, $"duplicate {what} id '{id}' (first defined at {locationOf(items[duplicates[next].First])})"));
            next++;
        }
    }

    /// <summary>
    /// The index of bus <paramref name="id"/>: one of the <paramref name="span"/> buses from <paramref name="guess"/> on
    /// when its id matches (only trusted when bus ids are unique), else the dictionary's. False when unknown.
    /// </summary>
    private static bool FindBus(string id, int guess, int span, NodeArrays nodes, bool unique, out int index)
    {
        if (unique)
        {
            string[] ids = nodes.Ids;
            int end = Math.Min(ids.Length, guess + span);
            for (int j = Math.Max(guess, 0); j < end; j++)
            {
                if (string.Equals(ids[j], id, StringComparison.Ordinal))
                {
                    index = j;
                    return true;
                }
            }
        }

        return nodes.ByName.TryGetValue(id, out index);
    }

    private static void BuildEdges(
        ReadOnlySpan<BranchSpec> branches,
        EdgeArrays a,
        List<(int Index, int First)> duplicates,
        NodeArrays nodes,
        bool uniqueBusIds,
        List<Diagnostic> diagnostics)
    {
        int m = branches.Length;
        int next = 0;
        int lastFrom = 0;
        int lastTo = 0;
        for (int e = 0; e < m; e++)
        {
            ref readonly BranchSpec b = ref branches[e];
            ReportId(b.Id, e, b.Location, "branch_id", "branch", duplicates, ref next, branches, static x => x.Location, diagnostics);
            ValidateBranch(in b, nodes, uniqueBusIds, lastFrom, lastTo, diagnostics, out a.From[e], out a.To[e]);
            lastFrom = Math.Max(a.From[e], 0);
            lastTo = Math.Max(a.To[e], 0);
            a.Ids[e] = b.Id;
            a.Kinds[e] = b.Kind;
            a.LengthKm[e] = b.LengthKm;
            a.FailureRatePerYear[e] = b.FailureRatePerYear;
            a.RepairHours[e] = b.RepairHours;
            a.ReplacementHours[e] = b.ReplacementHours;
            a.NormallyOpen[e] = b.NormallyOpen;
            a.ROhm[e] = b.ROhm;
            a.XOhm[e] = b.XOhm;
            a.Rating[e] = b.Rating;
            a.TapPu[e] = b.TapPu;
            a.Feeder[e] = b.Feeder;
            a.Assets[e] = b.Asset;
            a.Locations[e] = b.Location;
        }
    }

    private static void BuildDevices(
        ReadOnlySpan<DeviceSpec> devices,
        DeviceArrays a,
        List<(int Index, int First)> duplicates,
        EdgeArrays edges,
        NodeArrays nodes,
        List<Diagnostic> diagnostics)
    {
        int count = devices.Length;
        int next = 0;
        for (int d = 0; d < count; d++)
        {
            ref readonly DeviceSpec spec = ref devices[d];
            ReportId(spec.Id, d, spec.Location, "device_id", "device", duplicates, ref next, devices, static x => x.Location, diagnostics);
            ValidateDevice(in spec, edges.ByName, nodes.ByName, nodes.Ids, edges.From, edges.To, diagnostics, out a.Edge[d], out a.Node[d]);
            a.Ids[d] = spec.Id;
            a.Kinds[d] = spec.Kind;
            a.NormallyOpen[d] = spec.NormallyOpen;
            a.Automated[d] = spec.Automated;
            a.OperatingTimeHours[d] = spec.OperatingTimeHours;
            a.OperatingProbability[d] = spec.OperatingProbability;
            a.Assets[d] = spec.Asset;
        }
    }

    private static LoadPointArrays BuildLoadPoints(ReadOnlySpan<LoadPointSpec> loadPoints, NodeArrays nodes, bool uniqueBusIds, List<Diagnostic> diagnostics)
    {
        int count = loadPoints.Length;
        var a = new LoadPointArrays(count);
        int lastNode = 0;
        for (int l = 0; l < count; l++)
        {
            ref readonly LoadPointSpec spec = ref loadPoints[l];
            AddId(a.ByName, spec.Id, l, spec.Location, "load_point_id", "load point", loadPoints, static x => x.Location, diagnostics);
            ValidateLoadPoint(in spec, nodes, uniqueBusIds, lastNode, diagnostics, out a.Node[l]);
            lastNode = Math.Max(a.Node[l], 0);
            a.Ids[l] = spec.Id;
            a.Customers[l] = spec.Customers;
            a.AverageKw[l] = spec.AverageKw;
            a.PeakKw[l] = spec.PeakKw;
            a.PeakKvar[l] = spec.PeakKvar;
            a.CustomerClass[l] = spec.CustomerClass;
        }

        return a;
    }

    private static void AddId<T>(
        Dictionary<string, int> index,
        string id,
        int position,
        SourceLocation location,
        string field,
        string what,
        ReadOnlySpan<T> items,
        Func<T, SourceLocation> locationOf,
        List<Diagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            diagnostics.Add(new Diagnostic(location, field, $"{what} id is empty"));
        }
        else if (!index.TryAdd(id, position))
        {
            diagnostics.Add(new Diagnostic(location, field, $"duplicate {what} id '{id}' (first defined at {locationOf(items[index[id]])})"));
        }
    }

    private static void ValidateTopology(Network network, List<Diagnostic> diagnostics)
    {
        RadialTrace trace = network.Normal;
        NetworkData data = network.Data;
        foreach (int e in trace.LoopEdges)
        {
            int a = data.EdgeFrom[e];
            int b = data.EdgeTo[e];
            if (trace.SourceOf[a] != trace.SourceOf[b])
            {
                diagnostics.Add(new Diagnostic(data.EdgeLocations[e], "normally_open",
                    $"branch '{data.EdgeIds[e]}' ({data.NodeIds[a]}-{data.NodeIds[b]}) connects two sources through closed switches"));
                continue;
            }

            // Name the whole loop, and report it at the branch that comes last in the input: usually the one just added.
            List<int> loop = LoopThrough(trace, e);
            int last = loop.Max();
            var names = new List<string>(loop.Count);
            foreach (int edge in loop)
            {
                names.Add(data.EdgeIds[edge]);
            }

            diagnostics.Add(new Diagnostic(data.EdgeLocations[last], "normally_open",
                $"branches {string.Join(", ", names)} form a loop with the normally-open switches open; a feeder must be radial (open one of them)"));
        }

        foreach ((int first, int size) in trace.Islands())
        {
            string others = size == 1 ? string.Empty : $" and {size - 1} other bus(es) connected to it";
            diagnostics.Add(new Diagnostic(
                data.NodeLocations[first],
                "bus_id",
                $"bus '{data.NodeIds[first]}'{others} cannot be reached from any source with the normally-open switches open (island)"));
        }
    }

    /// <summary>The loop closed by non-tree edge <paramref name="closing"/>: the tree paths from both its ends to their common ancestor, plus itself.</summary>
    private static List<int> LoopThrough(RadialTrace trace, int closing)
    {
        NetworkData data = trace.Network.Data;
        int a = data.EdgeFrom[closing];
        int b = data.EdgeTo[closing];
        var up = new List<int>();
        int top = a;
        while (!trace.IsInSubtree(b, top))
        {
            up.Add(trace.ParentEdge[top]);
            top = trace.Parent[top];
        }

        // In cycle order: the closing edge, down from b to the common ancestor, then back down to a.
        var loop = new List<int> { closing };
        for (int v = b; v != top; v = trace.Parent[v])
        {
            loop.Add(trace.ParentEdge[v]);
        }

        up.Reverse();
        loop.AddRange(up);
        return loop;
    }

    private static void ValidateBranch(
        in BranchSpec b,
        NodeArrays nodes,
        bool uniqueBusIds,
        int lastFrom,
        int lastTo,
        List<Diagnostic> diagnostics,
        out int from,
        out int to)
    {
        // An unknown end is -1, so that devices on this branch do not match a bus by accident. Branches usually run from
        // the previous branch's far (or near) end to one of the next few buses: compare there before hashing.
        bool fromKnown = uniqueBusIds && (uint)lastFrom < (uint)nodes.Ids.Length && string.Equals(b.FromBus, nodes.Ids[lastFrom], StringComparison.Ordinal);
        if (fromKnown)
        {
            from = lastFrom;
        }
        else
        {
            fromKnown = FindBus(b.FromBus, lastTo, 1, nodes, uniqueBusIds, out from);
        }

        if (!fromKnown)
        {
            from = -1;
            diagnostics.Add(new Diagnostic(b.Location, "from_bus", $"branch '{b.Id}': unknown bus '{b.FromBus}'"));
        }

        if (!FindBus(b.ToBus, lastTo + 1, 3, nodes, uniqueBusIds, out to))
        {
            to = -1;
            diagnostics.Add(new Diagnostic(b.Location, "to_bus", $"branch '{b.Id}': unknown bus '{b.ToBus}'"));
        }

        if (b.FromBus == b.ToBus)
        {
            diagnostics.Add(new Diagnostic(b.Location, "to_bus", $"branch '{b.Id}' connects bus '{b.FromBus}' to itself"));
        }

        CheckRange(b.Location, b.Id, "length_km", b.LengthKm, MaxPlausibleLengthKm, "km", diagnostics);
        CheckRange(b.Location, b.Id, "failure_rate_per_year", b.FailureRatePerYear, MaxPlausibleFailureRatePerYear, "failures/year", diagnostics);
        CheckRange(b.Location, b.Id, "repair_hours", b.RepairHours, MaxPlausibleHours, "h", diagnostics);
        if (!double.IsNaN(b.ReplacementHours))
        {
            CheckRange(b.Location, b.Id, "replacement_hours", b.ReplacementHours, MaxPlausibleHours, "h", diagnostics);
        }

        CheckRange(b.Location, b.Id, "r_ohm", b.ROhm, 1e6, "ohm", diagnostics);
        CheckRange(b.Location, b.Id, "x_ohm", b.XOhm, 1e6, "ohm", diagnostics);
        if (!double.IsNaN(b.Rating) && (b.Rating <= 0 || double.IsInfinity(b.Rating)))
        {
            diagnostics.Add(new Diagnostic(b.Location, "rating", $"branch '{b.Id}': rating {Format(b.Rating)} must be positive"));
        }

        if (b.Kind == BranchKind.Transformer ? !(b.TapPu is >= MinPlausibleTapPu and <= MaxPlausibleTapPu) : b.TapPu != 1.0)
        {
            diagnostics.Add(new Diagnostic(b.Location, "tap_pu", b.Kind == BranchKind.Transformer
                ? $"branch '{b.Id}': tap {Format(b.TapPu)} pu is outside {Format(MinPlausibleTapPu)}-{Format(MaxPlausibleTapPu)}"
                : $"branch '{b.Id}': a tap applies only to transformers"));
        }

        if (b.Asset.InstallYear != 0 && (b.Asset.InstallYear < 1900 || b.Asset.InstallYear > 2100))
        {
            diagnostics.Add(new Diagnostic(b.Location, "install_year", $"branch '{b.Id}': install year {b.Asset.InstallYear} is outside 1900-2100"));
        }
    }

    private static void ValidateDevice(
        in DeviceSpec d,
        Dictionary<string, int> edges,
        Dictionary<string, int> nodes,
        string[] nodeIds,
        int[] edgeFrom,
        int[] edgeTo,
        List<Diagnostic> diagnostics,
        out int edge,
        out int node)
    {
        bool edgeKnown = edges.TryGetValue(d.BranchId, out edge);
        if (!edgeKnown)
        {
            diagnostics.Add(new Diagnostic(d.Location, "branch_id", $"device '{d.Id}' is on branch '{d.BranchId}', which does not exist"));
        }

        // A device sits on one of its branch's two ends: comparing with their ids avoids a hash lookup per device.
        if (edgeKnown && edgeFrom[edge] >= 0 && string.Equals(d.AtBus, nodeIds[edgeFrom[edge]], StringComparison.Ordinal))
        {
            node = edgeFrom[edge];
        }
        else if (edgeKnown && edgeTo[edge] >= 0 && string.Equals(d.AtBus, nodeIds[edgeTo[edge]], StringComparison.Ordinal))
        {
            node = edgeTo[edge];
        }
        else if (!nodes.TryGetValue(d.AtBus, out node))
        {
            diagnostics.Add(new Diagnostic(d.Location, "at_bus", $"device '{d.Id}': unknown bus '{d.AtBus}'"));
        }
        else if (edgeKnown)
        {
            diagnostics.Add(new Diagnostic(d.Location, "at_bus", $"device '{d.Id}': bus '{d.AtBus}' is not an end of branch '{d.BranchId}'"));
        }

        if (!(d.OperatingProbability >= 0 && d.OperatingProbability <= 1))
        {
            diagnostics.Add(new Diagnostic(d.Location, "operating_probability", $"device '{d.Id}': operating probability {Format(d.OperatingProbability)} must be between 0 and 1"));
        }

        if (!double.IsNaN(d.OperatingTimeHours))
        {
            CheckRange(d.Location, d.Id, "operating_time_hours", d.OperatingTimeHours, MaxPlausibleHours, "h", diagnostics);
        }
    }

    private static void ValidateLoadPoint(in LoadPointSpec l, NodeArrays nodes, bool uniqueBusIds, int lastNode, List<Diagnostic> diagnostics, out int node)
    {
        // Load points usually come in the order of their buses: compare with the next few before hashing.
        if (!FindBus(l.Bus, lastNode + 1, 4, nodes, uniqueBusIds, out node))
        {
            diagnostics.Add(new Diagnostic(l.Location, "bus_id", $"load point '{l.Id}': unknown bus '{l.Bus}'"));
        }

        if (l.Customers < 0)
        {
            diagnostics.Add(new Diagnostic(l.Location, "customers", $"load point '{l.Id}': customers {l.Customers} must not be negative"));
        }

        CheckRange(l.Location, l.Id, "average_load_kw", l.AverageKw, 1e7, "kW", diagnostics);
        CheckRange(l.Location, l.Id, "peak_load_kw", l.PeakKw, 1e7, "kW", diagnostics);
        if (!double.IsFinite(l.PeakKvar) || Math.Abs(l.PeakKvar) > 1e7)
        {
            diagnostics.Add(new Diagnostic(l.Location, "peak_load_kvar", $"load point '{l.Id}': reactive load {Format(l.PeakKvar)} kvar is not a plausible value"));
        }
    }

    private static void CheckRange(SourceLocation location, string id, string field, double value, double max, string unit, List<Diagnostic> diagnostics)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            diagnostics.Add(new Diagnostic(location, field, $"'{id}': {field} is not a number"));
        }
        else if (value < 0)
        {
            diagnostics.Add(new Diagnostic(location, field, $"'{id}': {field} {Format(value)} {unit} must not be negative"));
        }
        else if (value > max)
        {
            diagnostics.Add(new Diagnostic(location, field, $"'{id}': {field} {Format(value)} {unit} is above the plausible maximum {Format(max)} (unit error?)"));
        }
    }

    private static int CountErrors(List<Diagnostic> diagnostics)
    {
        int count = 0;
        foreach (Diagnostic d in diagnostics)
        {
            if (d.Severity == DiagnosticSeverity.Error)
            {
                count++;
            }
        }

        return count;
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
