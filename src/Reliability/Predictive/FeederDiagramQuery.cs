using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>A request for one feeder's diagram, coloured by the network's assessment.</summary>
/// <param name="Network">The network, in its normal switch state.</param>
/// <param name="Study">The study case.</param>
/// <param name="Feeder">The feeder's name.</param>
public sealed record FeederDiagramRequest(Net Network, StudyCase Study, string? Feeder)
{
    /// <summary>The network's assessment already computed (the service's published one), or null to assess it with <see cref="Restoration"/>.</summary>
    public ReliabilityResult? Reliability { get; init; }

    /// <summary>Restoration limits of the assessment when <see cref="Reliability"/> is null.</summary>
    public RestorationLimits Restoration { get; init; } = RestorationLimits.Default;

    /// <summary>The stored network version the diagram is of (the dashboard traces buses in it); null for a network read from files.</summary>
    public int? Version { get; init; }
}

/// <summary>One bus of a feeder diagram (a tree: <c>parent</c> is null at the feeder head); x and y are the network's own coordinates, when it has them.</summary>
/// <param name="Id">The bus.</param>
/// <param name="Parent">The bus towards the source; null at the feeder head.</param>
/// <param name="Branch">The branch from the parent; null at the head.</param>
/// <param name="BranchKind">That branch's kind (line, cable, transformer …).</param>
/// <param name="Devices">Kinds of the devices on that branch.</param>
/// <param name="LoadPoint">The load point (transformer area) at the bus, or null.</param>
/// <param name="Customers">Its customers; 0 without a load point.</param>
/// <param name="UHours">Its U, hours off supply per year.</param>
/// <param name="Lambda">Its λ, interruptions per year.</param>
/// <param name="X">The network's x coordinate of the bus, when it has one.</param>
/// <param name="Y">The network's y coordinate of the bus, when it has one.</param>
public sealed record FeederDiagramNode(
    string Id, string? Parent, string? Branch, string? BranchKind, IReadOnlyList<string> Devices, string? LoadPoint, double Customers, double? UHours, double? Lambda,
    double? X = null, double? Y = null);

/// <summary>A normally-open tie from a bus of the feeder to a bus of another feeder (or of the same one).</summary>
/// <param name="Branch">The tie branch.</param>
/// <param name="Bus">Its end on this feeder.</param>
/// <param name="OtherBus">Its other end.</param>
/// <param name="OtherFeeder">The feeder of the other end; null when de-energised.</param>
public sealed record FeederDiagramTie(string Branch, string Bus, string OtherBus, string? OtherFeeder);

/// <summary>A feeder as a tree of buses with devices and load points, its ties and its predicted indices.</summary>
/// <param name="Feeder">The feeder.</param>
/// <param name="Version">The stored network version, or null for a network read from files.</param>
/// <param name="Indices">The feeder's predicted indices.</param>
/// <param name="Nodes">Its buses, the source bus first, then in tree order (a parent before its children).</param>
/// <param name="Ties">Its normally-open ties.</param>
public sealed record FeederDiagramReport(string Feeder, int? Version, IndicesReport Indices, IReadOnlyList<FeederDiagramNode> Nodes, IReadOnlyList<FeederDiagramTie> Ties);

/// <summary>
/// The one entry point of "what does this feeder look like, and where are its unreliable transformer areas?": the CLI
/// (<c>lumen reliability diagram</c>) and the API (<c>GET /api/feeders/{name}/diagram</c>, the dashboard's feeder view)
/// render its report.
/// </summary>
/// <remarks>Thread-safe: it keeps no state. O(N) in the network's buses (the feeder's subtree, its load points and ties), plus the assessment when none is given.</remarks>
public static class FeederDiagramQuery
{
    /// <summary>Most buses a diagram shows: a larger feeder is no picture a person reads.</summary>
    public const int MaxNodes = 20_000;

    /// <summary>The diagram of the request's feeder.</summary>
    /// <returns>The diagram, or a problem on <c>name</c>: no such feeder (<see cref="FieldProblem.NotFound"/>), or more than <see cref="MaxNodes"/> buses.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or its network is null.</exception>
    /// <exception cref="ArgumentException">The results are not of the network (a programming error).</exception>
    public static QueryResult<FeederDiagramReport> Run(FeederDiagramRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Network);
        Net net = request.Network;
        RadialTrace trace = net.Normal;
        int feeder = request.Feeder is null ? -1 : trace.FeederNames.IndexOf(request.Feeder);
        if (feeder < 0)
        {
            return QueryResult<FeederDiagramReport>.Invalid("name", $"no feeder '{request.Feeder}'", notFound: true);
        }

        int head = trace.FeederHeadEdge[feeder];
        int root = trace.Parent[net.EdgeFrom[head]] == net.EdgeTo[head] ? net.EdgeFrom[head] : net.EdgeTo[head];
        ReadOnlySpan<int> buses = trace.Downstream(root);
        if (buses.Length > MaxNodes)
        {
            return QueryResult<FeederDiagramReport>.Invalid("name", $"the feeder has {buses.Length} buses; diagrams are limited to {MaxNodes}");
        }

        ReliabilityResult reliability = request.Reliability ?? ReliabilityAssessor.Assess(net, request.Study, new ReliabilityOptions { Restoration = request.Restoration });
        var loadPointAt = new Dictionary<int, int>();
        ReadOnlySpan<int> lpNode = net.LoadPointNode;
        for (int l = 0; l < lpNode.Length; l++)
        {
            loadPointAt.TryAdd(lpNode[l], l);
        }

        LoadPointResults lp = reliability.LoadPoints;
        var nodes = new List<FeederDiagramNode>(buses.Length + 1);
        int top = net.OtherEnd(head, root);
        nodes.Add(new FeederDiagramNode(net.NodeIds[top], null, null, null, [], null, 0, null, null, Coordinate(net.NodeX[top]), Coordinate(net.NodeY[top])));
        foreach (int v in buses)
        {
            int edge = trace.ParentEdge[v];
            var devices = new List<string>();
            foreach (int d in net.DevicesOn(edge))
            {
                devices.Add(net.DeviceKinds[d].ToSnakeCase());
            }

            bool hasLp = loadPointAt.TryGetValue(v, out int l);
            nodes.Add(new FeederDiagramNode(net.NodeIds[v], net.NodeIds[trace.Parent[v]], net.EdgeIds[edge], net.EdgeKinds[edge].ToSnakeCase(), devices,
                hasLp ? net.LoadPointIds[l] : null, hasLp ? lp.Users[l] : 0, hasLp ? lp.UnavailabilityHoursPerYear[l] : null, hasLp ? lp.FailureRatePerYear[l] : null,
                Coordinate(net.NodeX[v]), Coordinate(net.NodeY[v])));
        }

        var ties = new List<FeederDiagramTie>();
        foreach (int edge in trace.TieEdges)
        {
            int a = net.EdgeFrom[edge];
            int b = net.EdgeTo[edge];
            (int mine, int other) = trace.FeederOf[a] == feeder ? (a, b) : (b, a);
            if (trace.FeederOf[mine] == feeder)
            {
                int otherFeeder = trace.FeederOf[other];
                ties.Add(new FeederDiagramTie(net.EdgeIds[edge], net.NodeIds[mine], net.NodeIds[other], otherFeeder >= 0 ? trace.FeederNames[otherFeeder] : null));
            }
        }

        IndicesReport? indices = null;
        foreach (FeederReliability f in reliability.Feeders)
        {
            if (f.Feeder == feeder)
            {
                indices = IndicesReport.Of(f.Indices);
                break;
            }
        }

        return indices is null
            ? throw new ArgumentException("the assessment has no results for the feeder: it is not of this network", nameof(request))
            : QueryResult<FeederDiagramReport>.Answer(new FeederDiagramReport(trace.FeederNames[feeder], request.Version, indices, nodes, ties));
    }

    private static double? Coordinate(double value) => double.IsFinite(value) ? value : null;
}
