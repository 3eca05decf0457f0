using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.TestSupport;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Predictive;

/// <summary>The transfer check's bounds against the full power flow on a published feeder and by hand.</summary>
public sealed class TransferModelTests
{
    [SharedDataFact("data/powerflow/ieee33")]
    public void VoltageBound_Ieee33_IsBelowTheFullSweepByLessThanHalfAPercent()
    {
        // Baran & Wu 33-bus at nominal load: published minimum 0.9131 pu (full sweep) at bus 18. The check's bound
        // (voltage squared, losses at 0.9 pu) must not read higher; the lossless linear drop read 0.9195 pu.
        NetworkImportResult imported = NetworkImporter.Import(SharedData.PathOf("data/powerflow/ieee33"), null);
        Network network = imported.Network!;
        PowerFlowResult full = RadialPowerFlow.Solve(network);
        var limits = new RestorationLimits { SourceVoltagePu = 1.0, MinimumVoltagePu = 0.9 };
        var grid = new TransferNetwork(network, network.Normal, limits);
        TransferCheck check = grid.Check(0, [], []);
        Assert.Equal(TransferLimitKind.Voltage, check.Kind);
        Assert.Equal(full.MinVoltageNode, check.Element);
        double bound = Math.Sqrt(1 - (2 * check.UseAt(1.0) * check.Capacity));
        Assert.InRange(full.MinVoltagePu - bound, 0, 0.005);
    }

    [Fact]
    public void Check_TwoBus_CriticalFractionSolvesTheRatingWithLosses()
    {
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        b.AddBus(new BusSpec("B", NodeKind.Bus, SourceLocation.None) { NominalKv = 10 });
        b.AddBranch(new BranchSpec("L", "S", "B", BranchKind.Cable, SourceLocation.None) { ROhm = 2, XOhm = 1, Rating = 100 });
        b.AddLoadPoint(new LoadPointSpec("LP", "B", SourceLocation.None) { Customers = 1, PeakKw = 1200, PeakKvar = 500 });
        Network network = b.Build().Network!;
        var grid = new TransferNetwork(network, network.Normal, new RestorationLimits { SourceVoltagePu = 1.05, MinimumVoltagePu = 0.93 });
        TransferCheck check = grid.Check(0, [], []);

        // |S⁰| = 1,300 kVA; losses at 0.93 pu: (2, 1)/(1000·10²)·1,300²/0.93² = (39.08, 19.54), |L| = 43.69 kVA. The cable
        // (√3·10·100 = 1,732 kVA) fed straight from the source at 1.05 pu: 1,300·f + 43.69·f² ≤ 1,732·1.05, f = 1.3387.
        // Voltage: A = (2·1200 + 1·500)/100,000 = 0.029, B = (2·39.08 + 19.54)/100,000, A·f + B·f² ≤ (1.05² − 0.93²)/2 at f ≈ 3.6.
        double rating = Math.Sqrt(3) * 1000;
        double loss = Math.Sqrt(5) * 1e-5 * 1300 * 1300 / (0.93 * 0.93);
        double expected = 2 * rating * 1.05 / (1300 + Math.Sqrt((1300.0 * 1300) + (4 * loss * rating * 1.05)));
        Assert.Equal(TransferLimitKind.BranchRating, check.Kind);
        Assert.Equal(expected, check.CriticalFraction, 12);
        Assert.Equal(1.3387, check.CriticalFraction, 4);
        Assert.True(check.FitsAt(expected));
        Assert.False(check.FitsAt(1.34));
        Assert.Equal(1, check.UseAt(expected), 12);
    }
}
