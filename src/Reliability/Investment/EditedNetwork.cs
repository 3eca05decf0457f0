using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Investment;

/// <summary>A network with project edits applied: the whole network, or only the feeders of a set (each feeder's part of it).</summary>
/// <param name="Network">The built network.</param>
/// <param name="CapacitorKvar">Capacitor banks by node index of <paramref name="Network"/> (power flow only).</param>
internal sealed record EditedNetwork(Net Network, IReadOnlyDictionary<int, double> CapacitorKvar)
{
    /// <summary>
    /// Builds <paramref name="network"/> with <paramref name="edits"/> applied, keeping only the buses of the feeders
    /// <paramref name="feeders"/> (base feeder indices) and the sources feeding them; null keeps everything.
    /// Edits naming an element that is not kept are skipped (they belong to another part).
    /// </summary>
    /// <param name="network">Today's network.</param>
    /// <param name="feeders">The feeders to keep (base indices); null keeps everything.</param>
    /// <param name="edits">The projects' edits.</param>
    /// <param name="index">The network's feeder elements (built when null).</param>
    /// <param name="year">The year of the horizon (grown loads, aged failure rates); null for today.</param>
    /// <param name="direct">Whether a part may be built straight from the network's arrays (false: through <see cref="NetworkBuilder"/>, the oracle of tests).</param>
    /// <exception cref="InvalidOperationException">The edited network does not build (an edit breaks it).</exception>
    /// <remarks>O(N + E + D + L) of the kept part plus the edits.</remarks>
    public static EditedNetwork Build(Net network, IReadOnlyCollection<int>? feeders, IReadOnlyList<ProjectEdit> edits, FeederElements? index = null, PlanYear? year = null, bool direct = true)
    {
        if (feeders is null)
        {
            return BuildKept(network, null, [.. Enumerable.Range(0, network.NodeCount)], [.. Enumerable.Range(0, network.EdgeCount)], [.. Enumerable.Range(0, network.LoadPointCount)], edits, year, direct);
        }

        // Membership by the part's positions (PartPositions): arrays the size of the whole network once per thread, not
        // per part (a province has a million buses and the planner builds a part per candidate, many at once); the
        // lists of the part's elements are the thread's too.
        index ??= new FeederElements(network);
        PartPositions at = PartPositions.Rent(network);
        List<int> nodes = at.Nodes;
        List<int> edges = at.Edges;
        List<int> loadPoints = at.LoadPoints;
        try
        {
            index.Nodes(feeders, nodes);
            at.SetNodes(nodes);
            foreach (int v in nodes)
            {
                foreach (int e in network.IncidentEdges(v))
                {
                    // Each kept edge once: from its lower-indexed kept end.
                    int other = network.OtherEnd(e, v);
                    if (v < other ? at.Node(other) >= 0 : v == other && !edges.Contains(e))
                    {
                        edges.Add(e);
                    }
                }

                loadPoints.AddRange(index.LoadPointsAt(v));
            }

            edges.Sort();
            loadPoints.Sort();
            at.SetEdges(edges);
            return BuildKept(network, at, nodes, edges, loadPoints, edits, year, direct);
        }
        finally
        {
            at.Return();
        }
    }

    // Build of the kept buses, branches and load points (ascending); `at` their positions, null when everything is kept.
    private static EditedNetwork BuildKept(Net network, PartPositions? at, List<int> nodes, List<int> edges, List<int> loadPoints, IReadOnlyList<ProjectEdit> edits, PlanYear? year, bool direct)
    {
        ReadOnlySpan<int> from = network.EdgeFrom;
        ReadOnlySpan<int> to = network.EdgeTo;
        bool Kept(int node) => at is null || at.Node(node) >= 0;
        bool KeptEdge(int edge) => Kept(network.EdgeFrom[edge]) && Kept(network.EdgeTo[edge]);

        var failureCut = new Dictionary<string, double>(StringComparer.Ordinal);
        var conductors = new Dictionary<string, ConductorType>(StringComparer.Ordinal);
        var taps = new Dictionary<string, double>(StringComparer.Ordinal);
        var automate = new HashSet<string>(StringComparer.Ordinal);
        var splits = new Dictionary<string, SplitArea>(StringComparer.Ordinal);
        foreach (ProjectEdit edit in edits)
        {
            switch (edit)
            {
                case ReduceFailureRate r:
                    AddCut(failureCut, r, year);
                    break;
                case NewConductor c:
                    conductors[c.BranchId] = c.Conductor;
                    break;
                case SetTap t:
                    taps[t.BranchId] = t.TapPu;
                    break;
                case AutomateDevice a:
                    automate.Add(a.DeviceId);
                    break;
                case SplitArea s:
                    splits[s.LoadPointId] = s;
                    break;
            }
        }

        // By element index, so that the loops below look up integers, not every element's id.
        Dictionary<int, double> cutAt = ByEdge(network, failureCut);
        Dictionary<int, ConductorType> conductorAt = ByEdge(network, conductors);
        Dictionary<int, double> tapAt = ByEdge(network, taps);
        var automateAt = new HashSet<int>();
        foreach (string id in automate)
        {
            if (network.TryGetDevice(id, out DeviceIndex d))
            {
                automateAt.Add(d.Value);
            }
        }

        var splitAt = new Dictionary<int, SplitArea>();
        foreach ((string id, SplitArea split) in splits)
        {
            if (network.TryGetLoadPoint(id, out int l))
            {
                splitAt[l] = split;
            }
        }

        if (at is not null && direct && Direct(network, at, nodes, edges, loadPoints, edits, year, cutAt, conductorAt, tapAt, automateAt, splitAt) is EditedNetwork part)
        {
            return part;
        }

        var b = new NetworkBuilder(nodes.Count + 8, edges.Count + 8, edges.Count + 8, loadPoints.Count + 8);
        foreach (int v in nodes)
        {
            b.AddBus(new BusSpec(network.NodeIds[v], network.NodeKinds[v], SourceLocation.None) { NominalKv = network.NominalKv[v], X = network.NodeX[v], Y = network.NodeY[v] });
        }

        var devices = new List<int>();
        foreach (int e in edges)
        {
            devices.AddRange(network.DevicesOn(e));
            string id = network.EdgeIds[e];
            var spec = new BranchSpec(id, network.NodeIds[from[e]], network.NodeIds[to[e]], network.EdgeKinds[e], SourceLocation.None)
            {
                LengthKm = network.LengthKm[e],
                FailureRatePerYear = FailureRate(network, e, year, cutAt.GetValueOrDefault(e)),
                RepairHours = network.RepairHours[e],
                ReplacementHours = network.ReplacementHours[e],
                NormallyOpen = network.EdgeNormallyOpen[e],
                Feeder = network.EdgeFeederHint[e],
                ROhm = network.ROhm[e],
                XOhm = network.XOhm[e],
                Rating = network.EdgeRating[e],
                TapPu = tapAt.TryGetValue(e, out double tap) ? tap : network.EdgeTapPu[e],
                Asset = network.EdgeAssets[e],
            };
            if (conductorAt.TryGetValue(e, out ConductorType? c))
            {
                double km = network.LengthKm[e];
                spec = spec with
                {
                    Kind = c.Kind,
                    ROhm = c.ROhmPerKm * km,
                    XOhm = c.XOhmPerKm * km,
                    Rating = c.RatingAmps,
                    FailureRatePerYear = double.IsNaN(c.FailuresPerKmYear) ? spec.FailureRatePerYear : c.FailuresPerKmYear * km,
                    RepairHours = double.IsNaN(c.RepairHours) ? spec.RepairHours : c.RepairHours,
                };
            }

            b.AddBranch(spec);
        }

        devices.Sort();
        foreach (int d in devices)
        {
            string id = network.DeviceIds[d];
            bool automated = network.DeviceAutomated[d] || automateAt.Contains(d);
            b.AddDevice(new DeviceSpec(id, network.EdgeIds[network.DeviceEdge[d]], network.NodeIds[network.DeviceNode[d]], network.DeviceKinds[d], SourceLocation.None)
            {
                NormallyOpen = network.DeviceNormallyOpen[d],
                Automated = automated,
                OperatingTimeHours = automateAt.Contains(d) ? double.NaN : network.DeviceOperatingTimeHours[d],
                OperatingProbability = network.DeviceOperatingProbability[d],
                Asset = network.DeviceAssets[d],
            });
        }

        ReadOnlySpan<int> feederOf = network.Normal.FeederOf;
        foreach (int l in loadPoints)
        {
            int node = network.LoadPointNode[l];
            string id = network.LoadPointIds[l];
            double kept = splitAt.TryGetValue(l, out SplitArea? split) ? 1 - split.Share : 1;
            double grown = year is not null && feederOf[node] >= 0 ? year.LoadScale[feederOf[node]] : 1;
            int customers = network.Customers[l];
            int moved = split is null ? 0 : (int)Math.Round(customers * split.Share);
            b.AddLoadPoint(new LoadPointSpec(id, network.NodeIds[node], SourceLocation.None)
            {
                Customers = customers - moved,
                AverageKw = network.AverageKw[l] * kept * grown,
                PeakKw = network.PeakKw[l] * kept * grown,
                PeakKvar = network.PeakKvar[l] * kept * grown,
                CustomerClass = network.CustomerClass[l],
            });
            if (split is not null && network.TryGetEdge(split.TransformerId, out EdgeIndex tx))
            {
                AddSplit(b, network, l, tx.Value, split, moved, grown);
            }
        }

        var capacitors = new List<NewCapacitor>();
        foreach (ProjectEdit edit in edits)
        {
            switch (edit)
            {
                case NewDevice d when network.TryGetEdge(d.BranchId, out EdgeIndex e) && KeptEdge(e.Value):
                    b.AddDevice(new DeviceSpec(d.Id, d.BranchId, d.AtBus, d.Kind, SourceLocation.None) { Automated = d.Automated });
                    break;
                case NewTie t when network.TryGetNode(t.BusA, out NodeIndex a) && network.TryGetNode(t.BusB, out NodeIndex z) && Kept(a.Value) && Kept(z.Value):
                    b.AddBranch(new BranchSpec(t.Id, t.BusA, t.BusB, t.Conductor.Kind, SourceLocation.None)
                    {
                        LengthKm = t.LengthKm,
                        ROhm = t.Conductor.ROhmPerKm * t.LengthKm,
                        XOhm = t.Conductor.XOhmPerKm * t.LengthKm,
                        Rating = t.Conductor.RatingAmps,
                        FailureRatePerYear = t.Conductor.FailuresPerKmYear * t.LengthKm,
                        RepairHours = t.Conductor.RepairHours,
                    });
                    b.AddDevice(new DeviceSpec(t.Id + "-LBS", t.Id, t.BusA, DeviceKind.LoadBreakSwitch, SourceLocation.None) { NormallyOpen = true, Automated = t.Automated });
                    break;
                case NewCapacitor c when network.TryGetNode(c.BusId, out NodeIndex n) && Kept(n.Value):
                    capacitors.Add(c);
                    break;
            }
        }

        BuildResult built = b.Build();
        if (built.Network is not Net result)
        {
            string first = built.Errors.Select(e => e.Message).FirstOrDefault() ?? "unknown error";
            throw new InvalidOperationException($"The network with the project's changes does not build: {first}");
        }

        var kvar = new Dictionary<int, double>();
        foreach (NewCapacitor c in capacitors)
        {
            int node = result.TryGetNode(c.BusId, out NodeIndex n) ? n.Value : -1;
            kvar[node] = kvar.GetValueOrDefault(node) + c.Kvar;
        }

        return new EditedNetwork(result, kvar);
    }

    /// <summary>
    /// The part of <see cref="Build"/> straight from the network's arrays, without <see cref="NetworkBuilder"/>'s specs, id
    /// lookups and validation: the same elements in the same order with the same values (oracle: the builder's network).
    /// Why skipping the validation is safe: every element copied from the network passed it when the network was built,
    /// and a part keeps the feeders whole with their sources, so it has no island or loop; what an edit adds or changes is
    /// checked here against the builder's rules (ids, ends, plausible values, radial and connected). Null when any check
    /// fails, and the builder then builds the part and reports the error in its words.
    /// </summary>
    private static EditedNetwork? Direct(
        Net network, PartPositions at, List<int> nodes, List<int> edges, List<int> loadPoints, IReadOnlyList<ProjectEdit> edits, PlanYear? year,
        Dictionary<int, double> cutAt, Dictionary<int, ConductorType> conductorAt, Dictionary<int, double> tapAt, HashSet<int> automateAt, Dictionary<int, SplitArea> splitAt)
    {
        int Node(int v) => at.Node(v);

        // Buses: the part's, then a new bus per split area (in load-point order).
        // Sized for the elements the edits may add (a bus, branch and load point per split area, a branch per tie, a
        // switch per new device or tie), so that the columns are handed over without a copy when every edit lands.
        int splitsIn = 0;
        if (splitAt.Count > 0)
        {
            foreach (int l in loadPoints)
            {
                splitsIn += splitAt.ContainsKey(l) ? 1 : 0;
            }
        }

        int ties = 0, newDevices = 0;
        foreach (ProjectEdit edit in edits)
        {
            ties += edit is NewTie ? 1 : 0;
            newDevices += edit is NewDevice ? 1 : 0;
        }

        var busIds = new Column<string>(nodes.Count + splitsIn);
        var busKinds = new Column<NodeKind>(nodes.Count + splitsIn);
        var busKv = new Column<double>(nodes.Count + splitsIn);
        var busX = new Column<double>(nodes.Count + splitsIn);
        var busY = new Column<double>(nodes.Count + splitsIn);
        var sources = new List<int>();
        foreach (int v in nodes)
        {
            if (network.NodeKinds[v] == NodeKind.Source)
            {
                sources.Add(busIds.Count);
            }

            busIds.Add(network.NodeIds[v]);
            busKinds.Add(network.NodeKinds[v]);
            busKv.Add(network.NominalKv[v]);
            busX.Add(network.NodeX[v]);
            busY.Add(network.NodeY[v]);
        }

        var added = new AddedIds(network, at);
        var branches = new BranchColumns(edges.Count + splitsIn + ties);
        var deviceList = new List<int>();
        foreach (int e in edges)
        {
            deviceList.AddRange(network.DevicesOn(e));
            double rate = FailureRate(network, e, year, cutAt.GetValueOrDefault(e));
            (BranchKind kind, double r, double x, double rating, double repair) = (network.EdgeKinds[e], network.ROhm[e], network.XOhm[e], network.EdgeRating[e], network.RepairHours[e]);
            if (conductorAt.TryGetValue(e, out ConductorType? c))
            {
                double km = network.LengthKm[e];
                (kind, r, x, rating) = (c.Kind, c.ROhmPerKm * km, c.XOhmPerKm * km, c.RatingAmps);
                rate = double.IsNaN(c.FailuresPerKmYear) ? rate : c.FailuresPerKmYear * km;
                repair = double.IsNaN(c.RepairHours) ? repair : c.RepairHours;
            }

            double tap = tapAt.TryGetValue(e, out double t) ? t : network.EdgeTapPu[e];
            bool changed = c is not null || tapAt.ContainsKey(e) || rate != network.FailureRatePerYear[e];
            if (changed && !PlausibleBranch(kind, network.LengthKm[e], rate, repair, network.ReplacementHours[e], r, x, rating, tap))
            {
                return null;
            }

            branches.Add(network.EdgeIds[e], Node(network.EdgeFrom[e]), Node(network.EdgeTo[e]), kind, network.LengthKm[e], rate, repair, network.ReplacementHours[e],
                network.EdgeNormallyOpen[e], r, x, rating, tap, network.EdgeFeederHint[e], network.EdgeAssets[e]);
        }

        deviceList.Sort();
        var devices = new DeviceColumns(deviceList.Count + newDevices + ties);
        foreach (int d in deviceList)
        {
            bool automated = network.DeviceAutomated[d] || automateAt.Contains(d);
            devices.Add(network.DeviceIds[d], at.Edge(network.DeviceEdge[d]), Node(network.DeviceNode[d]), network.DeviceKinds[d], network.DeviceNormallyOpen[d], automated,
                automateAt.Contains(d) ? double.NaN : network.DeviceOperatingTimeHours[d], network.DeviceOperatingProbability[d], network.DeviceAssets[d]);
        }

        ReadOnlySpan<int> feederOf = network.Normal.FeederOf;
        var loads = new LoadColumns(loadPoints.Count + splitsIn);
        foreach (int l in loadPoints)
        {
            int node = network.LoadPointNode[l];
            double kept = splitAt.TryGetValue(l, out SplitArea? split) ? 1 - split.Share : 1;
            double grown = year is not null && feederOf[node] >= 0 ? year.LoadScale[feederOf[node]] : 1;
            int customers = network.Customers[l];
            int moved = split is null ? 0 : (int)Math.Round(customers * split.Share);
            if (!loads.Add(network.LoadPointIds[l], Node(node), customers - moved, network.AverageKw[l] * kept * grown, network.PeakKw[l] * kept * grown, network.PeakKvar[l] * kept * grown, network.CustomerClass[l]))
            {
                return null;
            }

            if (split is not null && network.TryGetEdge(split.TransformerId, out EdgeIndex tx))
            {
                // As AddSplit: a bus, a transformer from the area's high-voltage bus and a load point.
                int lvBus = node;
                int hvBus = network.OtherEnd(tx.Value, lvBus);
                int hv = Node(hvBus);
                double scale = network.EdgeRating[tx.Value] > 0 ? network.EdgeRating[tx.Value] / split.NewKva : 1;
                int bus = busIds.Count;
                string busId = network.NodeIds[lvBus] + "-split";
                if (!added.Bus(busId) || !added.Branch(split.TransformerId + "-split") || !added.LoadPoint(network.LoadPointIds[l] + "-split"))
                {
                    return null;
                }

                busIds.Add(busId);
                busKinds.Add(NodeKind.Bus);
                busKv.Add(network.NominalKv[lvBus]);
                busX.Add(network.NodeX[lvBus]);
                busY.Add(network.NodeY[lvBus]);
                double rTx = network.ROhm[tx.Value] * scale;
                double xTx = network.XOhm[tx.Value] * scale;
                if (hv < 0 || !(network.NominalKv[lvBus] > 0) || double.IsInfinity(network.NominalKv[lvBus])
                    || !PlausibleBranch(BranchKind.Transformer, 0, network.FailureRatePerYear[tx.Value], network.RepairHours[tx.Value], network.ReplacementHours[tx.Value], rTx, xTx, split.NewKva, network.EdgeTapPu[tx.Value])
                    || !loads.Add(network.LoadPointIds[l] + "-split", bus, moved, network.AverageKw[l] * split.Share * grown, network.PeakKw[l] * split.Share * grown, network.PeakKvar[l] * split.Share * grown, network.CustomerClass[l]))
                {
                    return null;
                }

                branches.Add(split.TransformerId + "-split", hv, bus, BranchKind.Transformer, 0, network.FailureRatePerYear[tx.Value], network.RepairHours[tx.Value], network.ReplacementHours[tx.Value],
                    false, rTx, xTx, split.NewKva, network.EdgeTapPu[tx.Value], network.EdgeFeederHint[tx.Value], default);
            }
        }

        foreach (ProjectEdit edit in edits)
        {
            switch (edit)
            {
                case NewDevice d when network.TryGetEdge(d.BranchId, out EdgeIndex e) && at.Edge(e.Value) is int pe && pe >= 0:
                    int atBus = string.Equals(d.AtBus, network.NodeIds[network.EdgeFrom[e.Value]], StringComparison.Ordinal) ? network.EdgeFrom[e.Value]
                        : string.Equals(d.AtBus, network.NodeIds[network.EdgeTo[e.Value]], StringComparison.Ordinal) ? network.EdgeTo[e.Value] : -1;
                    if (atBus < 0 || !added.Device(d.Id))
                    {
                        return null;
                    }

                    devices.Add(d.Id, pe, Node(atBus), d.Kind, false, d.Automated, double.NaN, 1.0, default);
                    break;
                case NewTie t when network.TryGetNode(t.BusA, out NodeIndex a) && network.TryGetNode(t.BusB, out NodeIndex z) && Node(a.Value) >= 0 && Node(z.Value) >= 0:
                    double km = t.LengthKm;
                    (double r, double x, double rate) = (t.Conductor.ROhmPerKm * km, t.Conductor.XOhmPerKm * km, t.Conductor.FailuresPerKmYear * km);
                    if (a.Value == z.Value || !PlausibleBranch(t.Conductor.Kind, km, rate, t.Conductor.RepairHours, double.NaN, r, x, t.Conductor.RatingAmps, 1.0)
                        || !added.Branch(t.Id) || !added.Device(t.Id + "-LBS"))
                    {
                        return null;
                    }

                    branches.Add(t.Id, Node(a.Value), Node(z.Value), t.Conductor.Kind, km, rate, t.Conductor.RepairHours, double.NaN, false, r, x, t.Conductor.RatingAmps, 1.0, null, default);
                    devices.Add(t.Id + "-LBS", branches.Count - 1, Node(a.Value), DeviceKind.LoadBreakSwitch, true, t.Automated, double.NaN, 1.0, default);
                    break;
            }
        }

        if (sources.Count == 0)
        {
            return null;
        }

        var data = new NetworkData
        {
            NodeIds = busIds.Take(),
            NodeKinds = busKinds.Take(),
            NominalKv = busKv.Take(),
            NodeX = busX.Take(),
            NodeY = busY.Take(),
            NodeLocations = [],
            EdgeIds = branches.Ids.Take(),
            EdgeFrom = branches.From.Take(),
            EdgeTo = branches.To.Take(),
            EdgeKinds = branches.Kinds.Take(),
            LengthKm = branches.LengthKm.Take(),
            FailureRatePerYear = branches.Rate.Take(),
            RepairHours = branches.Repair.Take(),
            ReplacementHours = branches.Replacement.Take(),
            EdgeNormallyOpen = branches.Open.Take(),
            ROhm = branches.R.Take(),
            XOhm = branches.X.Take(),
            EdgeRating = branches.Rating.Take(),
            EdgeTapPu = branches.Tap.Take(),
            EdgeFeeder = branches.Feeder.Take(),
            EdgeAssets = branches.Assets.Take(),
            EdgeLocations = [],
            DeviceIds = devices.Ids.Take(),
            DeviceEdge = devices.Edge.Take(),
            DeviceNode = devices.Node.Take(),
            DeviceKinds = devices.Kinds.Take(),
            DeviceNormallyOpen = devices.Open.Take(),
            DeviceAutomated = devices.Automated.Take(),
            DeviceOperatingTimeHours = devices.Time.Take(),
            DeviceOperatingProbability = devices.Probability.Take(),
            DeviceAssets = devices.Assets.Take(),
            LoadPointIds = loads.Ids.Take(),
            LoadPointNode = loads.Node.Take(),
            Customers = loads.Customers.Take(),
            AverageKw = loads.AverageKw.Take(),
            PeakKw = loads.PeakKw.Take(),
            PeakKvar = loads.PeakKvar.Take(),
            CustomerClass = loads.Class.Take(),
            Sources = [.. sources],
        };
        var part = new Net(data);
        if (part.Normal.LoopEdges.Length > 0 || part.Normal.Islands().Count > 0)
        {
            return null;
        }

        var kvar = new Dictionary<int, double>();
        foreach (ProjectEdit edit in edits)
        {
            if (edit is NewCapacitor c && network.TryGetNode(c.BusId, out NodeIndex n) && Node(n.Value) >= 0)
            {
                kvar[Node(n.Value)] = kvar.GetValueOrDefault(Node(n.Value)) + c.Kvar;
            }
        }

        return new EditedNetwork(part, kvar);
    }

    // NetworkBuilder's rules for a branch's values (its range checks; an unknown end or a self-loop is checked by the caller).
    private static bool PlausibleBranch(BranchKind kind, double km, double rate, double repair, double replacement, double r, double x, double rating, double tap) =>
        InRange(km, NetworkBuilder.MaxPlausibleLengthKm) && InRange(rate, NetworkBuilder.MaxPlausibleFailureRatePerYear) && InRange(repair, NetworkBuilder.MaxPlausibleHours)
        && (double.IsNaN(replacement) || InRange(replacement, NetworkBuilder.MaxPlausibleHours)) && InRange(r, 1e6) && InRange(x, 1e6)
        && (double.IsNaN(rating) || (rating > 0 && !double.IsInfinity(rating)))
        && (kind == BranchKind.Transformer ? tap is >= NetworkBuilder.MinPlausibleTapPu and <= NetworkBuilder.MaxPlausibleTapPu : tap == 1.0);

    private static bool InRange(double value, double max) => value >= 0 && value <= max;

    // The ids the edits add to a part: each must be a valid id that no element of its kind in the part has (the copied
    // elements' ids are distinct already, so the part needs no index of its own; NetworkBuilder's rule).
    private sealed class AddedIds(Net network, PartPositions at)
    {
        private HashSet<string>? _buses;
        private HashSet<string>? _branches;
        private HashSet<string>? _devices;
        private HashSet<string>? _loadPoints;

        public bool Bus(string id) => New(ref _buses, id, network.TryGetNode(id, out NodeIndex n) && at.Node(n.Value) >= 0);

        public bool Branch(string id) => New(ref _branches, id, network.TryGetEdge(id, out EdgeIndex e) && at.Edge(e.Value) >= 0);

        public bool Device(string id) => New(ref _devices, id, network.TryGetDevice(id, out DeviceIndex d) && at.Edge(network.DeviceEdge[d.Value]) >= 0);

        public bool LoadPoint(string id) => New(ref _loadPoints, id, network.TryGetLoadPoint(id, out int l) && at.Node(network.LoadPointNode[l]) >= 0);

        private static bool New(ref HashSet<string>? added, string id, bool inPart) =>
            !string.IsNullOrWhiteSpace(id) && !inPart && (added ??= new HashSet<string>(StringComparer.Ordinal)).Add(id);
    }

    // The columns of a part's branches, devices and load points as they are added (NetworkBuilder's order).
    private sealed class BranchColumns(int capacity)
    {
        public Column<string> Ids { get; } = new(capacity);
        public Column<int> From { get; } = new(capacity);
        public Column<int> To { get; } = new(capacity);
        public Column<BranchKind> Kinds { get; } = new(capacity);
        public Column<double> LengthKm { get; } = new(capacity);
        public Column<double> Rate { get; } = new(capacity);
        public Column<double> Repair { get; } = new(capacity);
        public Column<double> Replacement { get; } = new(capacity);
        public Column<bool> Open { get; } = new(capacity);
        public Column<double> R { get; } = new(capacity);
        public Column<double> X { get; } = new(capacity);
        public Column<double> Rating { get; } = new(capacity);
        public Column<double> Tap { get; } = new(capacity);
        public Column<string?> Feeder { get; } = new(capacity);
        public Column<AssetInfo> Assets { get; } = new(capacity);

        public int Count => Ids.Count;

        public void Add(string id, int from, int to, BranchKind kind, double km, double rate, double repair, double replacement, bool open, double r, double x, double rating, double tap, string? feeder, AssetInfo asset)
        {
            Ids.Add(id);
            From.Add(from);
            To.Add(to);
            Kinds.Add(kind);
            LengthKm.Add(km);
            Rate.Add(rate);
            Repair.Add(repair);
            Replacement.Add(replacement);
            Open.Add(open);
            R.Add(r);
            X.Add(x);
            Rating.Add(rating);
            Tap.Add(tap);
            Feeder.Add(feeder);
            Assets.Add(asset);
        }
    }

    private sealed class DeviceColumns(int capacity)
    {
        public Column<string> Ids { get; } = new(capacity);
        public Column<int> Edge { get; } = new(capacity);
        public Column<int> Node { get; } = new(capacity);
        public Column<DeviceKind> Kinds { get; } = new(capacity);
        public Column<bool> Open { get; } = new(capacity);
        public Column<bool> Automated { get; } = new(capacity);
        public Column<double> Time { get; } = new(capacity);
        public Column<double> Probability { get; } = new(capacity);
        public Column<AssetInfo> Assets { get; } = new(capacity);

        public int Count => Ids.Count;

        public void Add(string id, int edge, int node, DeviceKind kind, bool open, bool automated, double time, double probability, AssetInfo asset)
        {
            Ids.Add(id);
            Edge.Add(edge);
            Node.Add(node);
            Kinds.Add(kind);
            Open.Add(open);
            Automated.Add(automated);
            Time.Add(time);
            Probability.Add(probability);
            Assets.Add(asset);
        }
    }

    private sealed class LoadColumns(int capacity)
    {
        public Column<string> Ids { get; } = new(capacity);
        public Column<int> Node { get; } = new(capacity);
        public Column<int> Customers { get; } = new(capacity);
        public Column<double> AverageKw { get; } = new(capacity);
        public Column<double> PeakKw { get; } = new(capacity);
        public Column<double> PeakKvar { get; } = new(capacity);
        public Column<string?> Class { get; } = new(capacity);

        public int Count => Ids.Count;

        // False when NetworkBuilder would reject the values (its load-point rules).
        public bool Add(string id, int node, int customers, double averageKw, double peakKw, double peakKvar, string? customerClass)
        {
            Ids.Add(id);
            Node.Add(node);
            Customers.Add(customers);
            AverageKw.Add(averageKw);
            PeakKw.Add(peakKw);
            PeakKvar.Add(peakKvar);
            Class.Add(customerClass);
            return node >= 0 && customers >= 0 && InRange(averageKw, 1e7) && InRange(peakKw, 1e7) && double.IsFinite(peakKvar) && Math.Abs(peakKvar) <= 1e7;
        }
    }

    // A column filled in place: an array of the expected size handed to the network as it is (trimmed only when fewer
    // elements came than expected), not a list copied to an array: a part is built per valuation, tens of thousands a plan.
    private sealed class Column<T>(int capacity)
    {
        private T[] _items = new T[capacity];

        public int Count { get; private set; }

        public void Add(T item)
        {
            if (Count == _items.Length)
            {
                Array.Resize(ref _items, Math.Max(4, 2 * Count));
            }

            _items[Count++] = item;
        }

        // The filled array; the column must not be used afterwards.
        public T[] Take()
        {
            if (Count != _items.Length)
            {
                Array.Resize(ref _items, Count);
            }

            return _items;
        }
    }

    /// <summary>Adds the failures a year <paramref name="r"/> removes from its branch (with its asset's ageing in <paramref name="year"/>) to <paramref name="cuts"/>, by branch id.</summary>
    public static void AddCut(Dictionary<string, double> cuts, ReduceFailureRate r, PlanYear? year)
    {
        double ageing = year is not null && r.AssetId is string asset ? year.AgeingByAsset.GetValueOrDefault(asset) : 0;
        cuts[r.BranchId] = cuts.GetValueOrDefault(r.BranchId) + r.FailuresPerYear + ageing;
    }

    /// <summary>The failure rate of <paramref name="network"/>'s branch <paramref name="edge"/> in <paramref name="year"/> with <paramref name="cut"/> failures a year removed (not below zero).</summary>
    public static double FailureRate(Net network, int edge, PlanYear? year, double cut) =>
        Math.Max(0, (year is null ? network.FailureRatePerYear[edge] : network.FailureRatePerYear[edge] + year.FailureRateAdded[edge]) - cut);

    private static Dictionary<int, T> ByEdge<T>(Net network, Dictionary<string, T> byId)
    {
        var byEdge = new Dictionary<int, T>(byId.Count);
        foreach ((string id, T value) in byId)
        {
            if (network.TryGetEdge(id, out EdgeIndex e))
            {
                byEdge[e.Value] = value;
            }
        }

        return byEdge;
    }

    private static void AddSplit(NetworkBuilder b, Net network, int loadPoint, int transformer, SplitArea split, int moved, double grown)
    {
        int lvBus = network.LoadPointNode[loadPoint];
        int hvBus = network.OtherEnd(transformer, lvBus);
        double oldKva = network.EdgeRating[transformer];
        double scale = oldKva > 0 ? oldKva / split.NewKva : 1;
        string newBus = network.NodeIds[lvBus] + "-split";
        string newTx = split.TransformerId + "-split";
        b.AddBus(new BusSpec(newBus, NodeKind.Bus, SourceLocation.None) { NominalKv = network.NominalKv[lvBus], X = network.NodeX[lvBus], Y = network.NodeY[lvBus] });
        b.AddBranch(new BranchSpec(newTx, network.NodeIds[hvBus], newBus, BranchKind.Transformer, SourceLocation.None)
        {
            ROhm = network.ROhm[transformer] * scale,
            XOhm = network.XOhm[transformer] * scale,
            Rating = split.NewKva,
            TapPu = network.EdgeTapPu[transformer],
            FailureRatePerYear = network.FailureRatePerYear[transformer],
            RepairHours = network.RepairHours[transformer],
            ReplacementHours = network.ReplacementHours[transformer],
            Feeder = network.EdgeFeederHint[transformer],
        });
        b.AddLoadPoint(new LoadPointSpec(network.LoadPointIds[loadPoint] + "-split", newBus, SourceLocation.None)
        {
            Customers = moved,
            AverageKw = network.AverageKw[loadPoint] * split.Share * grown,
            PeakKw = network.PeakKw[loadPoint] * split.Share * grown,
            PeakKvar = network.PeakKvar[loadPoint] * split.Share * grown,
            CustomerClass = network.CustomerClass[loadPoint],
        });
    }
}

/// <summary>The buses and load points of each feeder of a network, for building parts of it in time proportional to the part.</summary>
internal sealed class FeederElements
{
    private readonly Net _network;
    private readonly List<int>[] _nodes;
    private readonly int[] _loadPointStart;
    private readonly int[] _loadPoints;
    private readonly int[] _headSource;

    public FeederElements(Net network)
    {
        _network = network;
        int feeders = network.Normal.FeederNames.Length;
        _nodes = new List<int>[feeders];
        for (int f = 0; f < feeders; f++)
        {
            _nodes[f] = [];
        }

        ReadOnlySpan<int> feederOf = network.Normal.FeederOf;
        for (int v = 0; v < network.NodeCount; v++)
        {
            if (feederOf[v] >= 0)
            {
                _nodes[feederOf[v]].Add(v);
            }
        }

        _headSource = new int[feeders];
        for (int f = 0; f < feeders; f++)
        {
            int head = network.Normal.FeederHeadEdge[f];
            _headSource[f] = head < 0 ? -1 : network.Normal.SourceOf[network.EdgeTo[head]];
        }

        // Load points by node (CSR).
        _loadPointStart = new int[network.NodeCount + 1];
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            _loadPointStart[network.LoadPointNode[l] + 1]++;
        }

        for (int v = 0; v < network.NodeCount; v++)
        {
            _loadPointStart[v + 1] += _loadPointStart[v];
        }

        _loadPoints = new int[network.LoadPointCount];
        var fill = (int[])_loadPointStart.Clone();
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            _loadPoints[fill[network.LoadPointNode[l]]++] = l;
        }
    }

    /// <summary>Puts the buses of <paramref name="feeders"/> (distinct) and the sources feeding them into the empty list <paramref name="nodes"/>, in index order.</summary>
    public void Nodes(IEnumerable<int> feeders, List<int> nodes)
    {
        var sources = new HashSet<int>();
        foreach (int f in feeders)
        {
            nodes.AddRange(_nodes[f]);
            if (_headSource[f] >= 0 && sources.Add(_headSource[f]))
            {
                nodes.Add(_headSource[f]);
            }
        }

        nodes.Sort();
    }

    /// <summary>The load points at bus <paramref name="node"/>.</summary>
    public ReadOnlySpan<int> LoadPointsAt(int node) => _loadPoints.AsSpan(_loadPointStart[node], _loadPointStart[node + 1] - _loadPointStart[node]);
}

/// <summary>
/// The position of each bus and branch of a network in the part being built (-1: not in it), so that membership and
/// position are an array read, and the lists of the part's buses, branches and load points. Rented per thread and reset
/// after each build (O(part)): the arrays are the size of the largest network seen, allocated once per thread instead
/// of once per part.
/// </summary>
internal sealed class PartPositions
{
    [ThreadStatic]
    private static PartPositions? t_free;

    private readonly int[] _node;
    private readonly int[] _edge;

    private PartPositions(int nodes, int edges)
    {
        _node = new int[nodes];
        _edge = new int[edges];
        Array.Fill(_node, -1);
        Array.Fill(_edge, -1);
    }

    /// <summary>This thread's positions for <paramref name="network"/> (all -1); a new one when it is in use or too small.</summary>
    public static PartPositions Rent(Net network)
    {
        PartPositions? free = t_free;
        t_free = null;
        return free is not null && free._node.Length >= network.NodeCount && free._edge.Length >= network.EdgeCount
            ? free
            : new PartPositions(Math.Max(network.NodeCount, free?._node.Length ?? 0), Math.Max(network.EdgeCount, free?._edge.Length ?? 0));
    }

    /// <summary>The part's buses (empty when rented).</summary>
    public List<int> Nodes { get; } = [];

    /// <summary>The part's branches (empty when rented).</summary>
    public List<int> Edges { get; } = [];

    /// <summary>The part's load points (empty when rented).</summary>
    public List<int> LoadPoints { get; } = [];

    /// <summary>Position of bus <paramref name="v"/> in the part, or -1.</summary>
    public int Node(int v) => _node[v];

    /// <summary>Position of branch <paramref name="e"/> in the part, or -1.</summary>
    public int Edge(int e) => _edge[e];

    /// <summary>Sets the buses' positions (their order in <paramref name="nodes"/>).</summary>
    public void SetNodes(List<int> nodes)
    {
        for (int i = 0; i < nodes.Count; i++)
        {
            _node[nodes[i]] = i;
        }
    }

    /// <summary>Sets the branches' positions (their order in <paramref name="edges"/>).</summary>
    public void SetEdges(List<int> edges)
    {
        for (int i = 0; i < edges.Count; i++)
        {
            _edge[edges[i]] = i;
        }
    }

    /// <summary>Resets the positions of <see cref="Nodes"/> and <see cref="Edges"/>, empties the lists and gives them back to this thread.</summary>
    public void Return()
    {
        foreach (int v in Nodes)
        {
            _node[v] = -1;
        }

        foreach (int e in Edges)
        {
            _edge[e] = -1;
        }

        Nodes.Clear();
        Edges.Clear();
        LoadPoints.Clear();
        t_free = this;
    }
}
