using Lumen.Reliability.Complaints;
using Lumen.Reliability.History.Demo;
using Lumen.Reliability.History;
using Lumen.Reliability.Repair.Demo;
using Lumen.Reliability.Repair;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Xunit.Abstractions;
using Xunit;

namespace Lumen.Reliability.Tests.Repair;

/// <summary>A 10,000-bus demo network with three years of history and its repair orders, written and imported back once.</summary>
public sealed class DemoRepairFixture : IDisposable
{
    public DemoRepairFixture()
    {
        Folder = Directory.CreateTempSubdirectory("lumen-demo-repair-").FullName;
        Network = DemoGrid.Generate(10_000, 5).Build().Network!;
        DemoHistory demo = DemoHistoryGenerator.Write(Network, 5, Path.Combine(Folder, "history"), new DateOnly(2023, 1, 1), 3);
        History = OutageHistory.Build(Network, demo.Events, demo.Steps, demo.Momentary).History!;
        StormDays = demo.StormDays;
        Generated = DemoRepairGenerator.Write(Network, Path.Combine(Folder, "history"), Path.Combine(Folder, "repair"), 5);
        Complaints = [.. demo.Complaints, .. Generated.Complaints];
        Imported = RepairImporter.Import(Network, new RepairFiles(Path.Combine(Folder, "repair", "work_orders.csv"), Path.Combine(Folder, "repair", "crews.csv")));
    }

    public string Folder { get; }

    public Network Network { get; }

    public OutageHistory History { get; }

    public IReadOnlyList<Complaint> Complaints { get; }

    public IReadOnlyList<DateOnly> StormDays { get; }

    public DemoRepair Generated { get; }

    public RepairImportResult Imported { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

public sealed class DemoRepairGeneratorTests(DemoRepairFixture fixture, ITestOutputHelper output) : IClassFixture<DemoRepairFixture>
{
    [Fact]
    public void Write_FilesImportBackWhole()
    {
        Assert.True(fixture.Imported.Succeeded, string.Join("\n", fixture.Imported.Diagnostics.Take(5)));
        Assert.Equal(fixture.Generated.Orders.Count, fixture.Imported.Orders.Count);
        Assert.Equal(fixture.Generated.Crews.Count, fixture.Imported.Crews.Count);
        Assert.Equal(fixture.Generated.Orders.Select(o => (o.OrderId, o.CallTime, o.ArrivalTime, o.OutageEventId)), fixture.Imported.Orders.Select(o => (o.OrderId, o.CallTime, o.ArrivalTime, o.OutageEventId)));
    }

    [Fact]
    public void Orders_ArriveLaterFartherFromTheBaseAndOnStormDays()
    {
        Network net = fixture.Network;
        Dictionary<string, Crew> crews = fixture.Generated.Crews.ToDictionary(c => c.CrewId);
        var storms = fixture.StormDays.ToHashSet();
        var near = new List<double>();
        var far = new List<double>();
        var calm = new List<double>();
        var storm = new List<double>();
        foreach (WorkOrder o in fixture.Generated.Orders)
        {
            if (o.ArrivalTime is not { } a || o.DispatchTime is not { } d || o.LocationId.Length == 0)
            {
                continue;
            }

            net.TryGetLoadPoint(o.LocationId, out int lp);
            int node = net.LoadPointNode[lp];
            double km = crews.Values.Min(c => Math.Sqrt(Math.Pow(c.X - net.NodeX[node], 2) + Math.Pow(c.Y - net.NodeY[node], 2)));
            double minutes = (a - o.CallTime).TotalMinutes;
            (km < 5 ? near : km > 15 ? far : []).Add(minutes);
            (storms.Contains(DateOnly.FromDateTime(o.CallTime.DateTime)) ? storm : calm).Add(minutes);
        }

        output.WriteLine($"orders {fixture.Generated.Orders.Count}, crews {crews.Count}; median arrival near {Median(near):F1} min ({near.Count}), far {Median(far):F1} ({far.Count}); calm {Median(calm):F1}, storm {Median(storm):F1} ({storm.Count})");
        Assert.True(Median(far) > Median(near) + 20);
        Assert.True(Median(storm) > Median(calm));
    }

    [Fact]
    public void Stats_OnTheDemo_LinkMostOrders_LeaveCustomerSideOnesUnlinked_AndFitTheComplaintModel()
    {
        RepairStatsReport r = RepairStatsQuery.Run(new RepairStatsRequest(fixture.Network, fixture.Imported.Orders) { History = fixture.History, Complaints = fixture.Complaints }).Value!;
        output.WriteLine($"links {r.Links}; late share {r.Overall.LateShare:P1}; classes {string.Join(", ", r.Groups.Select(g => $"{g.Key} {g.Orders} late {g.LateShare:P1} p90 {g.CallToArrival?.P90Minutes:F0}"))}");
        output.WriteLine($"model {r.ComplaintModel?.PerExpected:F3}·E + {r.ComplaintModel?.PerCustomerHourWaiting:F5}·N·a (s.e. {r.ComplaintModel?.StandardErrors?[1]:F5}); avoided per minute {r.Overall.ComplaintsAvoidedPerMinute:F3}/yr");
        Assert.Equal(0, r.ProblemCount);
        int customerSide = fixture.Imported.Orders.Count(o => o.Category == "customer_side");
        Assert.True(r.Links.WithoutOutage >= customerSide * 0.9, $"{r.Links.WithoutOutage} without outage, {customerSide} customer-side orders");
        Assert.True(r.Links.LinkedByTimeAndPlace > 0 && r.Links.LinkedExplicitly > r.Links.LinkedByTimeAndPlace);
        Assert.True(r.Overall.LateShare is > 0.02 and < 0.6, $"late share {r.Overall.LateShare}");
        Assert.NotNull(r.ComplaintModel);
    }

    [Fact]
    public void Placement_OnTheDemo_TwoBasesCutLateArrivalsAndSaidi()
    {
        RepairPlacementReport r = RepairPlacementQuery.Run(new RepairPlacementRequest(fixture.Network, fixture.Imported.Orders, fixture.Imported.Crews) { History = fixture.History, Complaints = fixture.Complaints }).Value!;
        output.WriteLine($"{r.Method}: {string.Join(", ", r.Bases.Select(b => b.BaseId))}; late {r.Before?.LateArrivalsPerYear:F1} → {r.After?.LateArrivalsPerYear:F1}/yr; ΔSAIDI {r.DeltaSaidi:F4} h; complaints avoided {r.ComplaintsAvoidedPerYear:F2}; bound {r.UpperBoundGain:F2}");
        Assert.Empty(r.Problems);
        Assert.Equal(2, r.Bases.Count);
        Assert.True(r.LateArrivalsAvoidedPerYear > 0);
        Assert.True(r.DeltaSaidi < 0);
        Assert.True(r.UpperBoundGain >= r.Gain);
    }

    [Fact]
    public void SlowRepairComplaints_AppendedToTheHistory_ImportBack_AndCountAsOutageComplaintsLinkedToTheirOrdersOutage()
    {
        // The late-crew complaints are outage complaints like the history's own: the complaint summary and rates (the
        // complaint linker's outage kind) and the repair statistics (linked to the order of the outage) count them.
        IReadOnlyList<Complaint> late = fixture.Generated.Complaints;
        Assert.NotEmpty(late);
        Assert.All(late, c => Assert.Equal("slow_repair", c.Category));
        ComplaintImportResult read = ComplaintImporter.Import(fixture.Network, Path.Combine(fixture.Folder, "history", "complaints.csv"));
        Assert.True(read.Succeeded, string.Join("\n", read.Diagnostics.Take(5)));
        Assert.Equal(fixture.Complaints.Select(c => c.ComplaintId).Order(StringComparer.Ordinal), read.Complaints.Select(c => c.ComplaintId).Order(StringComparer.Ordinal));

        ComplaintLinkResult links = ComplaintLinker.Link(fixture.History, read.Complaints);
        var ids = late.Select(c => c.ComplaintId).ToHashSet(StringComparer.Ordinal);
        ComplaintLink[] theirs = [.. links.Links.Where(l => ids.Contains(l.Complaint.ComplaintId))];
        Assert.Equal(ids.Count, theirs.Length);
        int linked = theirs.Count(l => l.Kind == ComplaintLinkOptions.OutageKind && l.EpisodeId is not null);
        output.WriteLine($"{late.Count} slow-repair complaints from late crews, {linked} linked to an outage");
        Assert.True(linked >= 0.98 * late.Count, $"{linked} of {late.Count} linked");

        ComplaintSummary summary = ComplaintSummaries.Summarise(fixture.History, links, HistoryTime.ChinaOffset);
        Assert.Equal(read.Complaints.Count(c => c.Category == "slow_repair"), summary.ByCategory.Single(k => k.Key == "slow_repair").Count);

        // In the repair statistics, the orders' complaints include them.
        RepairStatsReport r = RepairStatsQuery.Run(new RepairStatsRequest(fixture.Network, fixture.Imported.Orders) { History = fixture.History, Complaints = read.Complaints }).Value!;
        Assert.True(r.Overall.Complaints >= linked, $"{r.Overall.Complaints} complaints on orders, {linked} late-crew complaints linked");
    }

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);
}
