using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Planning;

/// <summary>One N-1 contingency a feeder fails at one load level.</summary>
/// <param name="Section">The section out of service: the id of the device at its upstream end (the feeder breaker for the head section), else its first bus.</param>
/// <param name="FractionOfPeak">Load level, fraction of peak.</param>
/// <param name="NotRestorableMw">Load outside the section that cannot be transferred, MW at this level.</param>
/// <param name="NotRestorableCustomers">Customers of that load.</param>
/// <param name="BindingLimit"><c>branch_rating</c>, <c>voltage</c> or <c>no_tie</c>: what stops the best whole transfer.</param>
/// <param name="BindingElement">The branch (rating) or bus (voltage) that binds; null for <c>no_tie</c>.</param>
/// <param name="BindingLoadingPercent">Loading of the binding branch with the best whole transfer, percent of its rating.</param>
/// <param name="BindingVoltagePu">Voltage of the binding bus with the best whole transfer, per unit.</param>
public sealed record N1Failure(
    string Section,
    double FractionOfPeak,
    double NotRestorableMw,
    double NotRestorableCustomers,
    string BindingLimit,
    string? BindingElement,
    double? BindingLoadingPercent,
    double? BindingVoltagePu);

/// <summary>N-1 of one feeder.</summary>
/// <param name="Feeder">Feeder name.</param>
/// <param name="Contingencies">Sections checked (head and trunk sections, including lone switch-to-switch branches).</param>
/// <param name="Sections">Trunk sections holding buses (分段数).</param>
/// <param name="Tied">Whether the feeder has a tie to another feeder.</param>
/// <param name="PassesByLevel">Whether it passes at each load level, in the order of the levels.</param>
/// <param name="Failures">The failing contingencies at every level, peak level first.</param>
public sealed record FeederN1(string Feeder, int Contingencies, int Sections, bool Tied, IReadOnlyList<bool> PassesByLevel, IReadOnlyList<N1Failure> Failures)
{
    /// <summary>Whether the feeder passes at the first (peak) level.</summary>
    public bool Passes => PassesByLevel.Count > 0 && PassesByLevel[0];
}

/// <summary>
/// N-1 per 10 kV feeder (N-1 校验): for each single outage of the head section or a trunk section (a section between
/// switching devices on the way from the feeder breaker to a tie point), can all load downstream on the trunk (with the
/// branch lines hanging off it) be transferred through ties within ratings and voltage limits? Branch lines fed from
/// the section itself go out with it. The transfer rule is the restoration rule
/// of the reliability assessment (<see cref="RestorationLimits"/>: whole, split over two ties, chained through a second
/// feeder's tie, or partial, in priority
/// order). A feeder passes when every contingency restores everything; a feeder with no tie to another feeder fails
/// (a radial feeder cannot transfer a head outage), with binding limit <c>no_tie</c>.
/// </summary>
/// <remarks>Linear in the network size for a bounded number of ties per feeder. Not thread-safe per call (one call per thread).</remarks>
public static class N1Analysis
{
    /// <summary>Runs N-1 for every feeder at each level of <paramref name="levels"/> (put the peak first).</summary>
    /// <param name="network">The network.</param>
    /// <param name="limits">Voltage limits (the ratings come from the network; <see cref="RestorationLimits.Enabled"/> false checks nothing).</param>
    /// <param name="levels">Load levels; the first is reported as "peak".</param>
    /// <returns>One result per feeder, indexed as <c>RadialTrace.FeederNames</c>.</returns>
    public static IReadOnlyList<FeederN1> Run(Net network, RestorationLimits limits, LoadLevels levels) => Run(network, limits, levels, null);

    /// <summary>
    /// <see cref="Run(Net, RestorationLimits, LoadLevels)"/> for the feeders marked in <paramref name="only"/> (null: all);
    /// the others get an empty result (no sections, no failures). The investment planner re-assesses a part of the
    /// network and reads only some of its feeders.
    /// </summary>
    internal static IReadOnlyList<FeederN1> Run(Net network, RestorationLimits limits, LoadLevels levels, bool[]? only)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(levels);
        limits.Validate();
        var model = ReliabilityModel.Create(network, StudyCase.Default, new ReliabilityOptions { Restoration = limits with { Levels = levels } });
        return Run(new FailurePlan(model, capacity: false), new TransferNetwork(network, model.Trace, limits), limits, levels, only);
    }

    /// <summary>
    /// Whether N-1 may run on <paramref name="model"/>'s failure plan instead of its own (<see cref="Run(FailurePlan, TransferNetwork, RestorationLimits, LoadLevels, bool[])"/>):
    /// N-1 reads of a plan its segments (from the devices), the switching times of its devices and ties, and its ties,
    /// never its failures, protection outcomes or capacity-limited restoration. Those are the ones of its own plan
    /// (<see cref="StudyCase.Default"/>, default options) when the model uses ties, has the default study's manual
    /// switching time and the default automated time, and is built on its network's normal trace.
    /// </summary>
    internal static bool SharesPlanOf(ReliabilityModel model) =>
        model.AlternateSupply
        && model.Study.SwitchingTimeHours.Equals(StudyCase.Default.SwitchingTimeHours)
        && model.AutomatedHours.Equals(ReliabilityOptions.Default.AutomatedSwitchingTime.TotalHours)
        && model.Trace == model.Network.Normal;

    /// <summary>
    /// <see cref="Run(Net, RestorationLimits, LoadLevels, bool[])"/> on a failure plan and transfer network built for
    /// another purpose (the investment planner's valuation of a part), when <see cref="SharesPlanOf"/> holds for the
    /// plan's model and <paramref name="grid"/> is the transfer network of its network and trace under <paramref name="limits"/>.
    /// </summary>
    internal static IReadOnlyList<FeederN1> Run(FailurePlan plan, TransferNetwork grid, RestorationLimits limits, LoadLevels levels, bool[]? only)
    {
        ReliabilityModel model = plan.Model;
        Net network = model.Network;
        var solver = new TransferSolver(grid, plan.Parent, plan.CutHours, model.Ties, model.Trace.FeederHeadEdge.Length);
        ReadOnlySpan<string> names = model.Trace.FeederNames;
        int feeders = names.Length;

        // Trunk sections per feeder: the segments on the way from the breaker to the tie points.
        bool[] trunk = TrunkSegments(network, plan);
        var sections = new List<int>[feeders];
        for (int f = 0; f < feeders; f++)
        {
            sections[f] = [];
        }

        ReadOnlySpan<int> feederOf = model.Trace.FeederOf;
        for (int s = 0; s < plan.SegmentCount; s++)
        {
            if (trunk[s])
            {
                sections[feederOf[plan.SegmentTop[s]]].Add(s);
            }
        }

        bool[] tied = TiedFeeders(network, model.Trace);
        var results = new FeederN1[feeders];
        var parts = new List<CutOffPart>();
        var pieces = new List<Piece>();
        for (int f = 0; f < feeders; f++)
        {
            var passes = new bool[levels.Count];
            Array.Fill(passes, tied[f]);
            if (only is not null && !only[f])
            {
                results[f] = new FeederN1(names[f], 0, 0, tied[f], passes, []);
                continue;
            }

            var failures = new List<N1Failure>();
            if (!tied[f])
            {
                double kw = grid.SubtreeKw(FirstNode(model.Trace, f));
                for (int l = 0; l < levels.Count; l++)
                {
                    double fraction = levels.Levels[l].FractionOfPeak;
                    failures.Add(new N1Failure(SectionName(network, plan, sections[f].Count > 0 ? sections[f][0] : -1, model.Trace, f), fraction, fraction * kw / 1000, grid.SubtreeCustomers(FirstNode(model.Trace, f)), "no_tie", null, null, null));
                }

                results[f] = new FeederN1(names[f], sections[f].Count, SectionsWithBuses(plan, sections[f]), false, passes, failures);
                continue;
            }

            foreach (int z in sections[f])
            {
                parts.Clear();
                int zTop = plan.SegmentTop[z];
                for (int c = plan.ChildStart[z]; c < plan.ChildStart[z + 1]; c++)
                {
                    int child = plan.Children[c];
                    int top = plan.SegmentTop[child];

                    // Branch lines off the section are fed from it: their load goes with the section.
                    if (!trunk[child] || !(grid.SubtreeKw(top) > 0))
                    {
                        continue;
                    }

                    parts.Add(new CutOffPart(top, plan.TieOptions(child, zTop, plan.UpstreamIsolationHours[z]), child));
                }

                if (parts.Count == 0)
                {
                    continue;
                }

                solver.SortByPriority(parts);
                var outcomes = new PartOutcome[parts.Count];
                for (int l = 0; l < levels.Count; l++)
                {
                    double fraction = levels.Levels[l].FractionOfPeak;
                    pieces.Clear();
                    solver.Solve(zTop, zTop, parts, fraction, pieces, outcomes);
                    double shedKw = 0;
                    double shedCustomers = 0;
                    int worst = -1;
                    double worstShed = 0;
                    for (int i = 0; i < parts.Count; i++)
                    {
                        double total = grid.SubtreeKw(parts[i].Top);
                        double shed = total - outcomes[i].RestoredKw;
                        if (shed > 1e-9 * Math.Max(1, total))
                        {
                            shedKw += shed;
                            shedCustomers += grid.SubtreeCustomers(parts[i].Top) - RestoredCustomers(grid, pieces, i);
                            if (shed > worstShed)
                            {
                                worstShed = shed;
                                worst = i;
                            }
                        }
                    }

                    if (worst < 0)
                    {
                        continue;
                    }

                    passes[l] = false;
                    failures.Add(Failure(network, plan, model.Trace, f, z, fraction, shedKw, shedCustomers, outcomes[worst], limits));
                }
            }

            failures.Sort((a, b) => b.FractionOfPeak != a.FractionOfPeak ? b.FractionOfPeak.CompareTo(a.FractionOfPeak) : b.NotRestorableMw.CompareTo(a.NotRestorableMw));
            results[f] = new FeederN1(names[f], sections[f].Count, SectionsWithBuses(plan, sections[f]), true, passes, failures);
        }

        return results;
    }

    private static int SectionsWithBuses(FailurePlan plan, List<int> sections) => sections.Count(s => !plan.SegmentNodeless[s]);

    private static double RestoredCustomers(TransferNetwork grid, List<Piece> pieces, int part)
    {
        double customers = 0;
        foreach (Piece p in pieces)
        {
            if (p.Child == part)
            {
                customers += grid.PartCustomers(p.Top, p.Cut);
            }
        }

        return customers;
    }

    private static N1Failure Failure(Net network, FailurePlan plan, RadialTrace trace, int feeder, int z, double fraction, double shedKw, double shedCustomers, PartOutcome outcome, RestorationLimits limits)
    {
        string section = SectionName(network, plan, z, trace, feeder);
        TransferCheck best = outcome.Best;
        if (outcome.BestOption < 0)
        {
            return new N1Failure(section, fraction, shedKw / 1000, shedCustomers, "no_tie", null, null, null);
        }

        // A part that is not restored whole had a binding limit on its best whole transfer (an unlimited one would have
        // fitted). Its figures are the transfer check's bounds at this level: the voltage-squared bound, and the share of
        // the rating used (current at the lowest voltage the check allows).
        double v0 = limits.SourceVoltagePu;
        double vMin = limits.MinimumVoltagePu;
        return best.Kind == TransferLimitKind.Voltage
            ? new N1Failure(section, fraction, shedKw / 1000, shedCustomers, "voltage", network.NodeIds[best.Element], null,
                Math.Sqrt(Math.Max(0, (v0 * v0) - (((v0 * v0) - (vMin * vMin)) * best.UseAt(fraction)))))
            : new N1Failure(section, fraction, shedKw / 1000, shedCustomers, "branch_rating", network.EdgeIds[best.Element], 100 * best.UseAt(fraction), null);
    }

    private static string SectionName(Net network, FailurePlan plan, int z, RadialTrace trace, int feeder)
    {
        int top = z >= 0 ? plan.SegmentTop[z] : FirstNode(trace, feeder);
        int edge = trace.ParentEdge[top];
        ReadOnlySpan<int> devices = edge >= 0 ? network.DevicesOn(edge) : [];
        return devices.Length > 0 ? network.DeviceIds[devices[0]] : network.NodeIds[top];
    }

    private static int FirstNode(RadialTrace trace, int feeder)
    {
        int h = trace.FeederHeadEdge[feeder];
        Net net = trace.Network;
        return trace.ParentEdge[net.EdgeTo[h]] == h ? net.EdgeTo[h] : net.EdgeFrom[h];
    }

    /// <summary>
    /// Segments on the trunk (主干线): those on the way from the feeder breaker to each of the feeder's tie points (to
    /// other feeders); on a feeder without such a tie, those on the way to its farthest load point (by length).
    /// </summary>
    internal static bool[] TrunkSegments(Net network, FailurePlan plan)
    {
        var trunk = new bool[plan.SegmentCount];
        RadialTrace trace = plan.Model.Trace;
        ReadOnlySpan<int> feederOf = trace.FeederOf;
        var hasTie = new bool[trace.FeederNames.Length];
        foreach (int t in trace.TieEdges)
        {
            int a = network.EdgeFrom[t];
            int b = network.EdgeTo[t];
            if (feederOf[a] == feederOf[b])
            {
                continue;
            }

            foreach (int end in new[] { a, b })
            {
                if (feederOf[end] >= 0)
                {
                    hasTie[feederOf[end]] = true;
                    MarkUp(plan, trunk, end);
                }
            }
        }

        // Farthest load point of each feeder without a tie.
        var distance = new double[network.NodeCount];
        var farthest = new int[hasTie.Length];
        Array.Fill(farthest, -1);
        foreach (int v in trace.Order)
        {
            int e = trace.ParentEdge[v];
            if (e >= 0)
            {
                distance[v] = distance[trace.Parent[v]] + Math.Max(0, network.LengthKm[e]);
            }
        }

        foreach (int v in network.LoadPointNode)
        {
            int f = feederOf[v];
            if (f >= 0 && !hasTie[f] && (farthest[f] < 0 || distance[v] > distance[farthest[f]]))
            {
                farthest[f] = v;
            }
        }

        foreach (int v in farthest)
        {
            if (v >= 0)
            {
                MarkUp(plan, trunk, v);
            }
        }

        return trunk;
    }

    // Marks the segments from the one holding `node` up to (not including) the source's own segment.
    private static void MarkUp(FailurePlan plan, bool[] trunk, int node)
    {
        for (int s = plan.SegmentOfNode[node]; s >= 0 && plan.SegmentParent[s] >= 0 && !trunk[s]; s = plan.SegmentParent[s])
        {
            trunk[s] = true;
        }
    }

    /// <summary>Whether each feeder has a normally-open tie to a different feeder (or to a source bus).</summary>
    internal static bool[] TiedFeeders(Net network, RadialTrace trace)
    {
        var tied = new bool[trace.FeederNames.Length];
        foreach (int t in trace.TieEdges)
        {
            int a = trace.FeederOf[network.EdgeFrom[t]];
            int b = trace.FeederOf[network.EdgeTo[t]];
            if (a != b)
            {
                if (a >= 0)
                {
                    tied[a] = true;
                }

                if (b >= 0)
                {
                    tied[b] = true;
                }
            }
        }

        return tied;
    }
}
