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
    /// <exception cref="InvalidOperationException">The edited network does not build (an edit breaks it).</exception>
    /// <remarks>O(N + E + D + L) of the kept part plus the edits.</remarks>
    public static EditedNetwork Build(Net network, IReadOnlyCollection<int>? feeders, IReadOnlyList<ProjectEdit> edits, FeederElements? index = null, PlanYear? year = null)
    {
        ReadOnlySpan<int> from = network.EdgeFrom;
        ReadOnlySpan<int> to = network.EdgeTo;
        List<int> nodes;
        var edges = new List<int>();
        var loadPoints = new List<int>();
        if (feeders is null)
        {
            nodes = [.. Enumerable.Range(0, network.NodeCount)];
            edges.AddRange(Enumerable.Range(0, network.EdgeCount));
            loadPoints.AddRange(Enumerable.Range(0, network.LoadPointCount));
        }
        else
        {
            // Membership by binary search in the sorted part: no array the size of the whole network per part (a
            // province has a million buses and the planner builds a part per candidate, many at once).
            index ??= new FeederElements(network);
            nodes = index.Nodes(feeders);
            foreach (int v in nodes)
            {
                foreach (int e in network.IncidentEdges(v))
                {
                    // Each kept edge once: from its lower-indexed kept end.
                    int other = network.OtherEnd(e, v);
                    if (v < other ? nodes.BinarySearch(other) >= 0 : v == other && !edges.Contains(e))
                    {
                        edges.Add(e);
                    }
                }

                loadPoints.AddRange(index.LoadPointsAt(v));
            }

            edges.Sort();
            loadPoints.Sort();
        }

        bool Kept(int node) => feeders is null || nodes.BinarySearch(node) >= 0;
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

    /// <summary>The buses of <paramref name="feeders"/> (distinct) and the sources feeding them, in index order.</summary>
    public List<int> Nodes(IEnumerable<int> feeders)
    {
        var nodes = new List<int>();
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
        return nodes;
    }

    /// <summary>The load points at bus <paramref name="node"/>.</summary>
    public ReadOnlySpan<int> LoadPointsAt(int node) => _loadPoints.AsSpan(_loadPointStart[node], _loadPointStart[node + 1] - _loadPointStart[node]);
}
