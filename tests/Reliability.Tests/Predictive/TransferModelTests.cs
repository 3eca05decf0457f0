using Lumen.Reliability.Predictive;
using Lumen.TestSupport;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.PowerFlow;
using Xunit;

namespace Lumen.Reliability.Tests.Predictive;

/// <summary>How far the linearised DistFlow model of the transfer checks is from the full power flow.</summary>
public sealed class TransferModelTests
{
    [SharedDataFact("data/powerflow/ieee33")]
    public void LinearisedVoltageDrop_Ieee33_ReadsLessThanOnePercentHigh()
    {
        // Baran & Wu 33-bus at nominal load: published minimum 0.9131 pu (full sweep). The lossless linear model
        // leaves out the losses' share of the drop, so it reads high: 0.9195 pu at bus 18 (documented in docs/diagnosis.md).
        NetworkImportResult imported = NetworkImporter.Import(SharedData.PathOf("data/powerflow/ieee33"), null);
        Network network = imported.Network!;
        PowerFlowResult full = RadialPowerFlow.Solve(network);
        var limits = new RestorationLimits { SourceVoltagePu = 1.0, MinimumVoltagePu = 0.5 };
        var grid = new TransferNetwork(network, network.Normal, limits);
        TransferCheck check = grid.Check(0, -1, []);
        Assert.Equal(TransferLimitKind.Voltage, check.Kind);
        double linearMinimum = 1.0 - (0.5 / check.CriticalFraction);
        Assert.Equal(full.MinVoltageNode, check.Element);
        Assert.InRange(linearMinimum - full.MinVoltagePu, 0.005, 0.008);
    }

    [Fact]
    public void Check_TwoBus_CriticalFractionIsRatingOverFlow()
    {
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        b.AddBus(new BusSpec("B", NodeKind.Bus, SourceLocation.None) { NominalKv = 10 });
        b.AddBranch(new BranchSpec("L", "S", "B", BranchKind.Cable, SourceLocation.None) { ROhm = 2, XOhm = 1, Rating = 100 });
        b.AddLoadPoint(new LoadPointSpec("LP", "B", SourceLocation.None) { Customers = 1, PeakKw = 1200, PeakKvar = 500 });
        Network network = b.Build().Network!;
        var grid = new TransferNetwork(network, network.Normal, new RestorationLimits { SourceVoltagePu = 1.05, MinimumVoltagePu = 0.93 });
        TransferCheck check = grid.Check(0, -1, []);

        // Rating √3·10·100 = 1,732 kVA over |S| = 1,300 kVA: 1.332. Drop (2·1200 + 1·500)/100,000 = 0.029 pu; 0.12/0.029 = 4.14.
        Assert.Equal(TransferLimitKind.BranchRating, check.Kind);
        Assert.Equal(Math.Sqrt(3) * 1000 / 1300, check.CriticalFraction, 12);
        Assert.True(check.FitsAt(Math.Sqrt(3) * 1000 / 1300));
        Assert.False(check.FitsAt(1.34));
    }
}
