using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Reliability.Repair;
using Xunit;
using static Lumen.Reliability.Tests.Repair.RepairNetwork;

namespace Lumen.Reliability.Tests.Repair;

public sealed class RepairLinkerTests
{
    // E1: feeder FA (A1–A3) out 1 Mar 10:00–13:00; E2: feeder FB (B1) out 2 Mar 08:00–09:00.
    private static readonly OutageHistory s_history = RepairNetwork.History(
        new OutageEvent("E1", At(3, 1, 10), At(3, 1, 13), "CBA", "equipment", OutageNature.Fault),
        new OutageEvent("E2", At(3, 2, 8), At(3, 2, 9), "CBB", "weather", OutageNature.Fault));

    private static readonly WorkOrder[] s_orders =
    [
        Order("W1", At(3, 1, 10, 10), "A2", 5, 30, 120),
        Order("W2", At(3, 1, 10, 20), "A3", 5, 60, 150) with { OutageEventId = "E1" },
        Order("W3", At(3, 5, 9), "B1", 5, 30, 60, category: "customer_side"),
        new WorkOrder("W4", At(3, 2, 8, 5), "outage") { X = 0.05, Y = 3.05 },
        Order("W5", At(3, 7, 9), "A1", 5, 30, 60) with { OutageEventId = "E9" },
        Order("W6", At(3, 1, 13, 10), "A1", 5, 30, 60),
    ];

    private static readonly Complaint[] s_complaints =
    [
        new("C1", At(3, 1, 10, 30), "A2", "slow_repair"),
        new("C2", At(3, 1, 12), "A3", "outage"),
        new("C3", At(3, 5, 10), "B1", "outage"),
        new("C4", At(3, 1, 11), "A1", "billing"),
        new("C5", At(3, 20, 10), "A1", "outage"),
    ];

    private static RepairLinkResult Link() => RepairLinker.Link(Network, s_history, s_orders, s_complaints, Urban);

    [Fact]
    public void Link_Orders_ToTheirOutageByIdOrByTimeAndPlace()
    {
        RepairLinkResult r = Link();
        Assert.Equal(("E1", OutageLinkKind.TimeAndPlace), (r[0].OutageEventId, r[0].OutageLink));
        Assert.Equal(("E1", OutageLinkKind.Explicit), (r[1].OutageEventId, r[1].OutageLink));
        Assert.Equal((null, OutageLinkKind.None), (r[2].OutageEventId, r[2].OutageLink));
        Assert.Equal(("E2", OutageLinkKind.TimeAndPlace, "B1"), (r[3].OutageEventId, r[3].OutageLink, r[3].LoadPointId));
        Assert.Equal((null, OutageLinkKind.None), (r[4].OutageEventId, r[4].OutageLink));
        Assert.Contains("E9", r[4].Problem, StringComparison.Ordinal);
        Assert.Equal((null, OutageLinkKind.None), (r[5].OutageEventId, r[5].OutageLink)); // called after E1 ended
        Assert.Equal(("FA", "urban"), (r[0].Feeder, r[0].AreaClass));
    }

    [Fact]
    public void Link_Complaints_ToTheOrderOfTheirPlaceAndTime()
    {
        RepairLinkResult r = Link();
        Assert.Equal([1, 1, 1, 0, 0, 0], Enumerable.Range(0, s_orders.Length).Select(i => r[i].Complaints));
        Assert.Equal((5, 3), (r.ComplaintCount, r.ComplaintsLinked));
    }

    [Fact]
    public void Link_WithoutHistory_LinksNoOutageButStillPlacesOrders()
    {
        RepairLinkResult r = RepairLinker.Link(Network, null, s_orders, null, Urban);
        Assert.All(Enumerable.Range(0, s_orders.Length), i => Assert.Equal(OutageLinkKind.None, r[i].OutageLink));
        Assert.Equal("B1", r[3].LoadPointId);
    }

    [Fact]
    public void Stats_CountLinksAndComplaints()
    {
        RepairStatsReport s = RepairStatsQuery.Run(new RepairStatsRequest(Network, s_orders) { History = s_history, Complaints = s_complaints, Rules = Urban }).Value!;
        Assert.Equal(new RepairLinkSummary(6, 0, 1, 2, 3, 5, 3), s.Links);
        Assert.Equal(1, s.ProblemCount);
        Assert.Equal("W5", Assert.Single(s.Problems).OrderId);
        Assert.Equal(3, s.Overall.Complaints);
    }
}
