using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Xunit;

namespace Lumen.Reliability.Tests.Predictive;

/// <summary>The id-based entry points of the what-if, the placement and the feeder diagram: answers and problems as results.</summary>
public sealed class WhatIfQueryTests
{
    private static readonly Network s_network = DemoGrid.Generate(600, 11).Build().Network!;

    private static RadialTrace Trace => s_network.Normal;

    /// <summary>A branch of the radial tree (the parent branch of the bus <paramref name="k"/> below a feeder head).</summary>
    private static int TreeEdge(int k)
    {
        int seen = 0;
        for (int v = 0; v < s_network.NodeCount; v++)
        {
            if (Trace.ParentEdge[v] >= 0 && seen++ == k)
            {
                return Trace.ParentEdge[v];
            }
        }

        throw new InvalidOperationException("the demo network has too few buses");
    }

    private static int Tie => Trace.TieEdges[0];

    private static QueryResult<WhatIfReport> Run(params WhatIfChangeRequest[] changes) =>
        WhatIfQuery.Run(new WhatIfQueryRequest(s_network, StudyCase.Default, changes));

    // Oracle: the index-based kernel on the same changes, resolved by hand. Random mixes of the six kinds of change.
    [Property(MaxTest = 40)]
    public Property Run_RandomIdChanges_EqualTheKernelOnTheSameChanges(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        var byId = new List<WhatIfChangeRequest>();
        var byIndex = new List<WhatIfChange>();
        var removed = new HashSet<int>();
        for (int i = rng.Next(1, 5); i > 0; i--)
        {
            int edge = TreeEdge(rng.Next(400));
            int child = Trace.ParentEdge[s_network.EdgeTo[edge]] == edge ? s_network.EdgeTo[edge] : s_network.EdgeFrom[edge];
            switch (rng.Next(5))
            {
                case 0:
                    double rate = Math.Round(rng.NextDouble() * 0.5, 4);
                    byId.Add(new WhatIfChangeRequest("change_failure_rate", Branch: s_network.EdgeIds[edge], FailureRatePerYear: rate));
                    byIndex.Add(new ChangeFailureRate(new EdgeIndex(edge), rate));
                    break;
                case 1:
                    int at = Trace.Parent[child];
                    byId.Add(new WhatIfChangeRequest("add_device", Branch: s_network.EdgeIds[edge], AtBus: s_network.NodeIds[at], Kind: "recloser", Automated: true));
                    byIndex.Add(new AddDevice(new EdgeIndex(edge), new NodeIndex(at), DeviceKind.Recloser, "whatif-" + s_network.EdgeIds[edge]) { Automated = true });
                    break;
                case 2:
                    int a = rng.Next(s_network.NodeCount);
                    int b = (a + 1 + rng.Next(s_network.NodeCount - 1)) % s_network.NodeCount;
                    byId.Add(new WhatIfChangeRequest("add_tie", BusA: s_network.NodeIds[a], BusB: s_network.NodeIds[b], Id: "T-new"));
                    byIndex.Add(new AddTie(new NodeIndex(a), new NodeIndex(b), "T-new"));
                    break;
                case 3 when removed.Add(Tie):
                    byId.Add(new WhatIfChangeRequest("remove_tie", Branch: s_network.EdgeIds[Tie]));
                    byIndex.Add(new RemoveTie(new EdgeIndex(Tie)));
                    break;
                default:
                    int device = rng.Next(s_network.DeviceCount);
                    if (Array.IndexOf(Trace.TieEdges.ToArray(), s_network.DeviceEdge[device]) >= 0 || !removed.Add(-1 - device))
                    {
                        continue;
                    }

                    byId.Add(new WhatIfChangeRequest("automate_device", Device: s_network.DeviceIds[device]));
                    byIndex.Add(new AutomateDevice(new DeviceIndex(device)));
                    break;
            }
        }

        if (byId.Count == 0)
        {
            return true.ToProperty();
        }

        QueryResult<WhatIfReport> result = Run([.. byId]);
        WhatIfResult expected = WhatIfAnalysis.Evaluate(s_network, StudyCase.Default, byIndex);
        WhatIfReport report = result.Value!;
        return (result.Problems.Count == 0
            && report.DeltaSaidi == expected.DeltaSaidi && report.DeltaSaifi == expected.DeltaSaifi && report.DeltaEnsMwh == expected.DeltaEnsMwhPerYear
            && report.LoadPointsAffected == expected.LoadPointsAffected && report.CustomersAffected == expected.CustomersAffected
            && report.Scenario == IndicesReport.Of(expected.Scenario.System) && report.Baseline == IndicesReport.Of(expected.Baseline.System))
            .ToProperty().Label(string.Join("; ", result.Problems.Select(p => $"{p.Field}: {p.Message}")));
    }

    [Fact]
    public void Run_LowerFailureRate_LowersSaidi()
    {
        string branch = s_network.EdgeIds[TreeEdge(3)];
        WhatIfReport report = Run(new WhatIfChangeRequest("change_failure_rate", Branch: branch, FailureRatePerYear: 0)).Value!;
        Assert.True(report.DeltaSaidi < 0);
        Assert.True(report.LoadPointsAffected > 0);
    }

    public static TheoryData<WhatIfChangeRequest, string, bool> BadChanges() => new()
    {
        { new WhatIfChangeRequest("explode"), "changes[1].type", false },
        { new WhatIfChangeRequest("change_failure_rate", Branch: "NOPE", FailureRatePerYear: 1), "changes[1].branch", true },
        { new WhatIfChangeRequest("change_failure_rate", FailureRatePerYear: 1), "changes[1].branch", false },
        { new WhatIfChangeRequest("change_failure_rate", Branch: s_network.EdgeIds[TreeEdge(0)], FailureRatePerYear: 1001), "changes[1].failure_rate_per_year", false },
        { new WhatIfChangeRequest("change_failure_rate", Branch: s_network.EdgeIds[TreeEdge(0)], FailureRatePerYear: -1), "changes[1].failure_rate_per_year", false },
        { new WhatIfChangeRequest("remove_device", Device: "NOPE"), "changes[1].device", true },
        { new WhatIfChangeRequest("automate_device"), "changes[1].device", false },
        { new WhatIfChangeRequest("add_tie", BusA: "NOPE"), "changes[1].bus_a", true },
        { new WhatIfChangeRequest("add_tie", BusA: s_network.NodeIds[5]), "changes[1].bus_b", false },
        { new WhatIfChangeRequest("add_device", Branch: s_network.EdgeIds[TreeEdge(0)], AtBus: s_network.NodeIds[0], Kind: "teleporter"), "changes[1].kind", false },

        // Well formed and naming what exists, but not applicable: the kernel's exceptions of before, now problems.
        { new WhatIfChangeRequest("change_failure_rate", Branch: s_network.EdgeIds[Tie], FailureRatePerYear: 0), "changes[1].branch", true },
        { new WhatIfChangeRequest("add_device", Branch: s_network.EdgeIds[Tie], AtBus: s_network.NodeIds[s_network.EdgeFrom[Tie]], Kind: "fuse"), "changes[1].branch", true },
        { new WhatIfChangeRequest("remove_tie", Branch: s_network.EdgeIds[TreeEdge(0)]), "changes[1].branch", true },
        { new WhatIfChangeRequest("add_tie", BusA: s_network.NodeIds[5], BusB: s_network.NodeIds[5]), "changes[1].bus_b", false },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public void Run_BadChange_IsAProblemOnItsField(WhatIfChangeRequest bad, string field, bool notFound)
    {
        // The first change is good; only the bad one is named.
        QueryResult<WhatIfReport> result = Run(new WhatIfChangeRequest("change_failure_rate", Branch: s_network.EdgeIds[TreeEdge(1)], FailureRatePerYear: 0), bad);
        Assert.Null(result.Value);
        FieldProblem problem = Assert.Single(result.Problems);
        Assert.Equal(field, problem.Field);
        Assert.Equal(notFound, problem.NotFound);
    }

    [Fact]
    public void Run_AddDeviceAtABusOffTheBranch_NamesAtBus()
    {
        int edge = TreeEdge(2);
        int elsewhere = Enumerable.Range(0, s_network.NodeCount).First(v => v != s_network.EdgeFrom[edge] && v != s_network.EdgeTo[edge]);
        QueryResult<WhatIfReport> result = Run(new WhatIfChangeRequest("add_device", Branch: s_network.EdgeIds[edge], AtBus: s_network.NodeIds[elsewhere], Kind: "fuse"));
        Assert.Equal("changes[0].at_bus", Assert.Single(result.Problems).Field);
    }

    [Fact]
    public void Run_ChangesApplyInOrder_ADeviceRemovedCannotBeAutomated()
    {
        int device = Enumerable.Range(0, s_network.DeviceCount).First(d => !Trace.TieEdges.ToArray().Contains(s_network.DeviceEdge[d]));
        string id = s_network.DeviceIds[device];
        QueryResult<WhatIfReport> result = Run(new WhatIfChangeRequest("remove_device", Device: id), new WhatIfChangeRequest("automate_device", Device: id));
        FieldProblem problem = Assert.Single(result.Problems);
        Assert.Equal("changes[1].device", problem.Field);
        Assert.Contains(id, problem.Message, StringComparison.Ordinal);

        // Each change alone is fine.
        Assert.NotNull(Run(new WhatIfChangeRequest("automate_device", Device: id)).Value);
    }

    [Fact]
    public void Run_EveryBadChangeIsNamed_AndTheChangesAreBounded()
    {
        QueryResult<WhatIfReport> result = Run(new WhatIfChangeRequest("remove_tie", Branch: "X"), new WhatIfChangeRequest(null), null!);
        Assert.Equal(["changes[0].branch", "changes[1].type", "changes[2]"], result.Problems.Select(p => p.Field));

        Assert.Equal("changes", Assert.Single(Run().Problems).Field);
        Assert.Equal("changes", Assert.Single(WhatIfQuery.Run(new WhatIfQueryRequest(s_network, StudyCase.Default, null)).Problems).Field);
        WhatIfChangeRequest[] tooMany = [.. Enumerable.Repeat(new WhatIfChangeRequest("remove_tie", Branch: s_network.EdgeIds[Tie]), WhatIfQuery.MaxChanges + 1)];
        Assert.Equal("changes", Assert.Single(Run(tooMany).Problems).Field);
    }

    [Fact]
    public void Evaluate_IndexChangeThatCannotApply_StillThrowsForProgrammers()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => WhatIfAnalysis.Evaluate(s_network, StudyCase.Default, [new RemoveTie(new EdgeIndex(TreeEdge(0)))]));
        Assert.Contains("not a normally-open tie", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Placement_RanksAsTheSearch_AndNamesBadFields()
    {
        string feeder = Trace.FeederNames[0];
        IReadOnlyList<PlacementCandidateReport> best = PlacementQuery.Run(new PlacementQueryRequest(s_network, StudyCase.Default, feeder, "recloser") { Count = 3 }).Value!;
        IReadOnlyList<PlacementCandidate> search = PlacementSearch.FindBest(s_network, StudyCase.Default, 0, DeviceKind.Recloser, automated: false, 3);
        Assert.Equal(search.Select(c => c.EdgeId), best.Select(c => c.Branch));
        Assert.Equal(search.Select(c => c.DeltaSaidi), best.Select(c => c.DeltaSaidi));
        Assert.Equal([1, 2, 3], best.Select(c => c.Rank));

        FieldProblem unknown = Assert.Single(PlacementQuery.Run(new PlacementQueryRequest(s_network, StudyCase.Default, "NOPE")).Problems);
        Assert.Equal(("feeder", true), (unknown.Field, unknown.NotFound));
        QueryResult<IReadOnlyList<PlacementCandidateReport>> bad = PlacementQuery.Run(new PlacementQueryRequest(s_network, StudyCase.Default, null, "teleporter") { Count = PlacementQuery.MaxCount + 1 });
        Assert.Equal(["feeder", "device", "count"], bad.Problems.Select(p => p.Field));
        Assert.All(bad.Problems, p => Assert.False(p.NotFound));
    }

    [Fact]
    public void Diagram_IsTheFeedersTree_WithItsLoadPointsAndTies()
    {
        ReliabilityResult reliability = ReliabilityAssessor.Assess(s_network, StudyCase.Default);
        for (int f = 0; f < Trace.FeederNames.Length; f++)
        {
            FeederDiagramReport diagram = FeederDiagramQuery.Run(new FeederDiagramRequest(s_network, StudyCase.Default, Trace.FeederNames[f]) { Reliability = reliability, Version = 7 }).Value!;
            Assert.Equal((Trace.FeederNames[f], 7), (diagram.Feeder, diagram.Version));

            // Oracle: the buses whose feeder is f, plus the source bus above its head; each parent listed before its children.
            int[] mine = [.. Enumerable.Range(0, s_network.NodeCount).Where(v => Trace.FeederOf[v] == f && Trace.ParentEdge[v] >= 0 && Trace.FeederOfEdge[Trace.ParentEdge[v]] == f)];
            Assert.Equal(mine.Length + 1, diagram.Nodes.Count);
            Assert.Null(diagram.Nodes[0].Parent);
            var seen = new HashSet<string> { diagram.Nodes[0].Id };
            Assert.All(diagram.Nodes.Skip(1), n => Assert.True(seen.Contains(n.Parent!) && seen.Add(n.Id), n.Id));
            Assert.Equal(mine.Select(v => s_network.NodeIds[v]).Order(StringComparer.Ordinal), diagram.Nodes.Skip(1).Select(n => n.Id).Order(StringComparer.Ordinal));

            for (int l = 0; l < s_network.LoadPointCount; l++)
            {
                if (reliability.LoadPoints.Feeder[l] == f)
                {
                    FeederDiagramNode node = Assert.Single(diagram.Nodes, n => n.LoadPoint == s_network.LoadPointIds[l]);
                    Assert.Equal(reliability.LoadPoints.UnavailabilityHoursPerYear[l], node.UHours);
                }
            }

            int ties = 0;
            foreach (int t in Trace.TieEdges)
            {
                ties += Trace.FeederOf[s_network.EdgeFrom[t]] == f || Trace.FeederOf[s_network.EdgeTo[t]] == f ? 1 : 0;
            }

            Assert.Equal(ties, diagram.Ties.Count);
        }

        // Without an assessment it assesses the network itself: the same diagram.
        Assert.Equal(
            Json(FeederDiagramQuery.Run(new FeederDiagramRequest(s_network, StudyCase.Default, Trace.FeederNames[1]) { Reliability = reliability }).Value!),
            Json(FeederDiagramQuery.Run(new FeederDiagramRequest(s_network, StudyCase.Default, Trace.FeederNames[1])).Value!));

        FieldProblem problem = Assert.Single(FeederDiagramQuery.Run(new FeederDiagramRequest(s_network, StudyCase.Default, "NOPE")).Problems);
        Assert.Equal(("name", true), (problem.Field, problem.NotFound));
    }

    private static string Json(FeederDiagramReport report) =>
        System.Text.Json.JsonSerializer.Serialize(report, new System.Text.Json.JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
}
