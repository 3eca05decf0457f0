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

    // Oracle for other durations: the brute-force ReferenceAssessor (one breadth-first trace per failure and protection
    // outcome) on a copy of the network whose branch takes that duration to restore. The consequence of one failure is
    // the change of Σ customers·U (resp. λ, average kW·U) between that branch at λ = 1 and at λ = 0.
    [Property(MaxTest = 100, Arbitrary = [typeof(RandomNetworkArbitraries)])]
    public bool ComputeForDurations_MatchesBruteForceWithSubstitutedRepairTime(RandomNetworkCase randomCase)
    {
        (Network network, StudyCase study) = randomCase.Build();
        var rng = new Random(randomCase.Seed ^ 0x5EED);
        int edges = network.EdgeCount;

        // A few random edges get 1–3 durations each: NaN (own time), 0, values around switching times, long repairs.
        var start = new int[edges + 1];
        var hours = new List<double>();
        var chosen = new HashSet<int>();
        for (int t = 0; t < 4; t++)
        {
            chosen.Add(rng.Next(edges));
        }

        for (int e = 0; e < edges; e++)
        {
            if (chosen.Contains(e))
            {
                int count = 1 + rng.Next(3);
                for (int j = 0; j < count; j++)
                {
                    double u = rng.NextDouble();
                    hours.Add(u < 0.15 ? double.NaN : u < 0.25 ? 0 : u < 0.6 ? 4 * rng.NextDouble() : 60 * rng.NextDouble());
                }
            }

            start[e + 1] = hours.Count;
        }

        FailureConsequences fast = FailureConsequences.ComputeForDurations(network, study, new EdgeDurations(start, [.. hours]));
        for (int e = 0; e < edges; e++)
        {
            bool treeEdge = network.Normal.ParentEdge[network.EdgeTo[e]] == e || network.Normal.ParentEdge[network.EdgeFrom[e]] == e;
            for (int q = start[e]; q < start[e + 1]; q++)
            {
                double d = hours[q];
                if (!treeEdge)
                {
                    // Ties and de-energised branches interrupt no one in normal operation.
                    if (fast.CustomersInterrupted[q] != 0 || fast.CustomerHours[q] != 0)
                    {
                        return false;
                    }

                    continue;
                }

                (double ci, double ch, double kwh) = BruteForce(network, study, e, d);
                if (!Close(ci, fast.CustomersInterrupted[q]) || !Close(ch, fast.CustomerHours[q]) || !Close(kwh, fast.EnergyNotSuppliedKwh[q]))
                {
                    throw new Xunit.Sdk.XunitException($"{randomCase} edge {e} duration {d}: CI {ci} vs {fast.CustomersInterrupted[q]}, CH {ch} vs {fast.CustomerHours[q]}, kWh {kwh} vs {fast.EnergyNotSuppliedKwh[q]}");
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 50, Arbitrary = [typeof(RandomNetworkArbitraries)])]
    public bool ComputeForDurations_OwnTime_EqualsCompute(RandomNetworkCase randomCase)
    {
        (Network network, StudyCase study) = randomCase.Build();
        static double Weight(double h) => h * h;
        FailureConsequences byEdge = FailureConsequences.Compute(network, study, durationWeight: Weight);
        FailureConsequences own = FailureConsequences.ComputeForDurations(network, study, EdgeDurations.Own(network.EdgeCount), durationWeight: Weight);

        // The same queries with the own time written out give the same numbers.
        var explicitHours = new double[network.EdgeCount];
        for (int e = 0; e < explicitHours.Length; e++)
        {
            explicitHours[e] = byEdge.OutageHours[e];
        }

        FailureConsequences written = FailureConsequences.ComputeForDurations(network, study, new EdgeDurations(EdgeDurations.Own(network.EdgeCount).Start, explicitHours), durationWeight: Weight);
        for (int e = 0; e < network.EdgeCount; e++)
        {
            if (byEdge.CustomerHours[e] != own.CustomerHours[e] || byEdge.WeightedCustomers[e] != own.WeightedCustomers[e]
                || !Close(byEdge.CustomerHours[e], written.CustomerHours[e]) || !Close(byEdge.WeightedCustomers[e], written.WeightedCustomers[e]))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void EdgeDurations_InvalidGrouping_Throws()
    {
        Assert.Throws<ArgumentException>(() => new EdgeDurations([0, 2, 1], [1, 2]));
        Assert.Throws<ArgumentException>(() => new EdgeDurations([0, 1], [1, 2]));
        Assert.Throws<ArgumentException>(() => new EdgeDurations([0, 1], [-1]));
        Assert.Throws<ArgumentException>(() => new EdgeDurations([0, 1], [double.PositiveInfinity]));
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

    // Brute force: customers, customer-hours and kWh of one failure of `edge` lasting `hours` (NaN: its own time).
    private static (double Ci, double Ch, double Kwh) BruteForce(Network network, StudyCase study, int edge, double hours)
    {
        (double[] lambda0, double[] u0) = ReferenceAssessor.Assess(WithBranch(network, edge, 0, hours), study);
        (double[] lambda1, double[] u1) = ReferenceAssessor.Assess(WithBranch(network, edge, 1, hours), study);
        double ci = 0;
        double ch = 0;
        double kwh = 0;
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            ci += network.Customers[l] * (lambda1[l] - lambda0[l]);
            ch += network.Customers[l] * (u1[l] - u0[l]);
            kwh += network.AverageKw[l] * (u1[l] - u0[l]);
        }

        return (ci, ch, kwh);
    }

    // A copy of the network in which `edge` fails at `lambda` per year and takes `hours` to repair or replace (NaN:
    // unchanged).
    private static Network WithBranch(Network network, int edge, double lambda, double hours)
    {
        var b = new NetworkBuilder();
        for (int v = 0; v < network.NodeCount; v++)
        {
            b.AddBus(new BusSpec(network.NodeIds[v], network.NodeKinds[v], SourceLocation.None));
        }

        for (int e = 0; e < network.EdgeCount; e++)
        {
            bool target = e == edge && !double.IsNaN(hours);
            b.AddBranch(new BranchSpec(network.EdgeIds[e], network.NodeIds[network.EdgeFrom[e]], network.NodeIds[network.EdgeTo[e]], network.EdgeKinds[e], SourceLocation.None)
            {
                FailureRatePerYear = e == edge ? lambda : network.FailureRatePerYear[e],
                RepairHours = target ? hours : network.RepairHours[e],
                ReplacementHours = target ? hours : network.ReplacementHours[e],
                NormallyOpen = network.EdgeNormallyOpen[e],
            });
        }

        for (int d = 0; d < network.DeviceCount; d++)
        {
            b.AddDevice(new DeviceSpec(network.DeviceIds[d], network.EdgeIds[network.DeviceEdge[d]], network.NodeIds[network.DeviceNode[d]], network.DeviceKinds[d], SourceLocation.None)
            {
                NormallyOpen = network.DeviceNormallyOpen[d],
                Automated = network.DeviceAutomated[d],
                OperatingTimeHours = network.DeviceOperatingTimeHours[d],
                OperatingProbability = network.DeviceOperatingProbability[d],
            });
        }

        for (int l = 0; l < network.LoadPointCount; l++)
        {
            b.AddLoadPoint(new LoadPointSpec(network.LoadPointIds[l], network.NodeIds[network.LoadPointNode[l]], SourceLocation.None)
            {
                Customers = network.Customers[l],
                AverageKw = network.AverageKw[l],
            });
        }

        return b.Build().Network!;
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-7 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
