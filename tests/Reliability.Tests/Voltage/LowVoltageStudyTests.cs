using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Voltage;

public sealed class LowVoltageStudyTests
{
    /// <summary>
    /// Feeder A: S1 – A1 – A2 – A3, three 3 km LGJ-70 sections, a 1.5 MW customer at A3 and a 200 kVA public transformer
    /// T1 at A3 with 100 customers; feeder B: S2 – B1 by a short cable; tie A3–B1 normally open.
    /// </summary>
    private static Network Feeders()
    {
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S1", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        b.AddBus(new BusSpec("S2", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        foreach (string id in new[] { "A1", "A2", "A3", "B1" })
        {
            b.AddBus(new BusSpec(id, NodeKind.Bus, SourceLocation.None) { NominalKv = 10 });
        }

        b.AddBus(new BusSpec("LV1", NodeKind.Bus, SourceLocation.None) { NominalKv = 0.4 });
        string previous = "S1";
        foreach (string id in new[] { "A1", "A2", "A3" })
        {
            b.AddBranch(new BranchSpec("E" + id, previous, id, BranchKind.OverheadLine, SourceLocation.None) { LengthKm = 3, ROhm = 1.38, XOhm = 1.14, Rating = 275 });
            previous = id;
        }

        b.AddBranch(new BranchSpec("EB1", "S2", "B1", BranchKind.Cable, SourceLocation.None) { LengthKm = 0.5, ROhm = 0.03, XOhm = 0.045, Rating = 480 });
        b.AddBranch(new BranchSpec("TIE", "A3", "B1", BranchKind.BusTie, SourceLocation.None) { NormallyOpen = true });
        b.AddBranch(new BranchSpec("T1", "A3", "LV1", BranchKind.Transformer, SourceLocation.None) { ROhm = 6.8, XOhm = 19.0, Rating = 200 });
        b.AddLoadPoint(new LoadPointSpec("BIG", "A3", SourceLocation.None) { Customers = 1, PeakKw = 1500, PeakKvar = 500 });
        b.AddLoadPoint(new LoadPointSpec("TA1", "LV1", SourceLocation.None) { Customers = 100, PeakKw = 230, PeakKvar = 60 });
        return b.Build().Network!;
    }

    private static EdgeIndex Edge(Network net, string id)
    {
        Assert.True(net.TryGetEdge(id, out EdgeIndex e));
        return e;
    }

    [Fact]
    public void Predict_LongLoadedFeeder_ListsLowBusesAreasAndOverloadedTransformer()
    {
        Network net = Feeders();
        LowVoltageReport report = LowVoltagePrediction.Predict(net, PowerFlowScenario.Base, VoltageProfile.GbT12325);
        Assert.True(report.PowerFlow.Converged);
        Assert.Contains(report.LowBuses, b => b.BusId == "A3");
        Assert.Equal(["TA1", "BIG"], report.LowAreas.Select(a => a.LoadPointId).OrderByDescending(s => s));
        Assert.Equal(101, report.LowVoltageCustomers);
        OverloadedBranch over = Assert.Single(report.Overloaded);
        Assert.Equal(("T1", BranchKind.Transformer), (over.BranchId, over.Kind));
        Assert.Equal(0.93, LowVoltagePrediction.LimitPu(VoltageProfile.GbT12325, 10), 12);
        Assert.Equal(353.4 / 400, LowVoltagePrediction.LimitPu(VoltageProfile.GbT12325, 0.4), 12);
    }

    [Fact]
    public void Predict_GrowthScenario_AddsLowVoltageCustomers()
    {
        Network net = Feeders();
        LowVoltageReport light = LowVoltagePrediction.Predict(net, new PowerFlowScenario { LoadScale = 0.5 }, VoltageProfile.GbT12325);
        LowVoltageReport heavy = LowVoltagePrediction.Predict(net, new PowerFlowScenario { LoadScale = 1.2 }, VoltageProfile.GbT12325);
        Assert.Equal(0, light.LowVoltageCustomers);
        Assert.Equal(101, heavy.LowVoltageCustomers);
    }

    [Fact]
    public void Evaluate_EachFix_ReportsCustomersBeforeAndAfter()
    {
        Network net = Feeders();
        net.TryGetNode("A3", out NodeIndex a3);
        VoltageFix[] fixes =
        [
            new TapChange(Edge(net, "T1"), 1.05),
            new AddCapacitor(a3, 900),
            new Reconductor(Edge(net, "EA1"), 0.132, 0.35, 610),
            new SplitArea(1, 0.5, 200),
            new TieTransfer(Edge(net, "TIE"), Edge(net, "EA3")),
            new TapChange(Edge(net, "EA1"), 1.05),
        ];
        (LowVoltageReport baseline, IReadOnlyList<WhatIfOutcome> outcomes) = LowVoltageStudy.Evaluate(net, PowerFlowScenario.Base, VoltageProfile.GbT12325, fixes);
        Assert.Equal(101, baseline.LowVoltageCustomers);
        Assert.All(outcomes, o => Assert.Equal(101, o.LowVoltageCustomersBefore));

        WhatIfOutcome tap = outcomes[0];
        Assert.Null(tap.Error);
        Assert.Equal(1, tap.LowVoltageCustomersAfter);
        Assert.True(tap.After!.PowerFlow.VoltagePu[6] > baseline.PowerFlow.VoltagePu[6] * 1.04);

        WhatIfOutcome capacitor = outcomes[1];
        Assert.True(capacitor.MinVoltagePuAfter > capacitor.MinVoltagePuBefore);
        Assert.True(capacitor.LossesKwAfter < capacitor.LossesKwBefore);

        WhatIfOutcome reconductor = outcomes[2];
        Assert.True(reconductor.MinVoltagePuAfter > reconductor.MinVoltagePuBefore);

        WhatIfOutcome split = outcomes[3];
        Assert.Null(split.Error);
        Assert.Equal(0, split.OverloadedAfter);
        Assert.Equal(net.LoadPointCount + 1, split.After!.PowerFlow.Network.LoadPointCount);
        Assert.Equal(230, split.After.PowerFlow.Network.PeakKw[1] + split.After.PowerFlow.Network.PeakKw[2], 9);

        WhatIfOutcome transfer = outcomes[4];
        Assert.Null(transfer.Error);
        Assert.Equal(0, transfer.LowVoltageCustomersAfter);

        Assert.Equal(-1, outcomes[5].LowVoltageCustomersAfter);
        Assert.Contains("transformer", outcomes[5].Error, StringComparison.Ordinal);
    }
}
