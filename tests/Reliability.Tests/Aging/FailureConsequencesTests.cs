using FsCheck.Xunit;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Tests.Predictive;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

public sealed class FailureConsequencesTests
{
    // Oracle: raising one branch's λ by δ changes SAIFI·users, SAIDI·users and ENS by exactly δ times the consequence of
    // one failure (the indices are linear in each λ), so what-if analysis checks the one-pass kernel.
    [Property(MaxTest = 150, Arbitrary = [typeof(RandomNetworkArbitraries)])]
    public bool Compute_MatchesWhatIfRateChange(RandomNetworkCase randomCase)
    {
        (Network network, StudyCase study) = randomCase.Build();
        FailureConsequences consequences = FailureConsequences.Compute(network, study);
        var rng = new Random(randomCase.Seed);
        double users = network.TotalCustomers;
        for (int trial = 0; trial < 4; trial++)
        {
            int edge = rng.Next(network.EdgeCount);
            const double delta = 0.5;
            bool treeEdge = network.Normal.ParentEdge[network.EdgeTo[edge]] == edge || network.Normal.ParentEdge[network.EdgeFrom[edge]] == edge;
            if (!treeEdge)
            {
                continue;
            }

            WhatIfResult w = WhatIfAnalysis.Evaluate(network, study, [new ChangeFailureRate(new EdgeIndex(edge), network.FailureRatePerYear[edge] + delta)]);
            double ci = users > 0 ? w.DeltaSaifi * users / delta : 0;
            double ch = users > 0 ? w.DeltaSaidi * users / delta : 0;
            double kwh = w.DeltaEnsMwhPerYear * 1000 / delta;
            if (!Close(ci, consequences.CustomersInterrupted[edge]) || !Close(ch, consequences.CustomerHours[edge]) || !Close(kwh, consequences.EnergyNotSuppliedKwh[edge]))
            {
                throw new Xunit.Sdk.XunitException($"{randomCase} edge {edge}: CI {ci} vs {consequences.CustomersInterrupted[edge]}, CH {ch} vs {consequences.CustomerHours[edge]}, kWh {kwh} vs {consequences.EnergyNotSuppliedKwh[edge]}");
            }
        }

        return true;
    }

    [Property(MaxTest = 100, Arbitrary = [typeof(RandomNetworkArbitraries)])]
    public bool Compute_LinearAndUnitWeights_EqualCustomerHoursAndCustomers(RandomNetworkCase randomCase)
    {
        (Network network, StudyCase study) = randomCase.Build();
        FailureConsequences linear = FailureConsequences.Compute(network, study, durationWeight: static h => h);
        FailureConsequences unit = FailureConsequences.Compute(network, study, durationWeight: static _ => 1.0);
        for (int e = 0; e < network.EdgeCount; e++)
        {
            if (!Close(linear.WeightedCustomers[e], linear.CustomerHours[e]) || !Close(unit.WeightedCustomers[e], unit.CustomersInterrupted[e]))
            {
                return false;
            }

            if (linear.CustomersTransferred[e] > linear.CustomersInterrupted[e] + 1e-9)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Compute_TwoBusChain_HandComputed()
    {
        // S —L1(λ=0.1, r=4 h)— B1 (LP 100 customers, 50 kW) —L2(λ=0.2, r=5 h)— B2 (LP 30 customers, 10 kW); breaker at S.
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None));
        b.AddBus(new BusSpec("B1", NodeKind.Bus, SourceLocation.None));
        b.AddBus(new BusSpec("B2", NodeKind.Bus, SourceLocation.None));
        b.AddBranch(new BranchSpec("L1", "S", "B1", BranchKind.OverheadLine, SourceLocation.None) { FailureRatePerYear = 0.1, RepairHours = 4 });
        b.AddBranch(new BranchSpec("L2", "B1", "B2", BranchKind.OverheadLine, SourceLocation.None) { FailureRatePerYear = 0.2, RepairHours = 5 });
        b.AddDevice(new DeviceSpec("CB", "L1", "S", DeviceKind.Breaker, SourceLocation.None));
        b.AddLoadPoint(new LoadPointSpec("LP1", "B1", SourceLocation.None) { Customers = 100, AverageKw = 50, PeakKw = 80 });
        b.AddLoadPoint(new LoadPointSpec("LP2", "B2", SourceLocation.None) { Customers = 30, AverageKw = 10, PeakKw = 15 });
        Network network = b.Build().Network!;
        FailureConsequences c = FailureConsequences.Compute(network, StudyCase.Default, durationWeight: static h => h > 4.5 ? 1 : 0);
        network.TryGetEdge("L2", out EdgeIndex l2);
        Assert.Equal(130, c.CustomersInterrupted[l2.Value], 9);
        Assert.Equal(2, c.LoadPointsInterrupted[l2.Value], 9);
        Assert.Equal(130 * 5, c.CustomerHours[l2.Value], 9);
        Assert.Equal(60 * 5, c.EnergyNotSuppliedKwh[l2.Value], 9);
        Assert.Equal(130, c.WeightedCustomers[l2.Value], 9);
        Assert.Equal(0, c.CustomersTransferred[l2.Value], 9);
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-7 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
