using FsCheck.Xunit;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Predictive;

public sealed class CapacityRestorationTests
{
    /// <summary>FsCheck arbitrary of many-feeder cases.</summary>
    public static class ManyFeederArbitrary
    {
        public static FsCheck.Arbitrary<RandomTiedNetworkCase> Case() => RandomTiedNetworkArbitraries.ManyFeeders();
    }

    private static readonly LoadLevels s_peak = LoadLevels.PeakOnly;

    [Property(MaxTest = 2000, Arbitrary = [typeof(RandomTiedNetworkArbitraries)])]
    public bool Assess_RandomTiedNetworkWithLimits_MatchesBruteForcePowerFlows(RandomTiedNetworkCase randomCase) => MatchesBruteForce(randomCase);

    [Property(MaxTest = 400, Arbitrary = [typeof(ManyFeederArbitrary)])]
    public bool Assess_ManyFeedersWithChainedTransfers_MatchesBruteForcePowerFlows(RandomTiedNetworkCase randomCase) => MatchesBruteForce(randomCase);

    // Found by the property above: after E3 fails, N3's feeder leaves three parts for the ties to N12's feeder: N5 (no
    // load), N7 (440 customers, 1,365 kW) and N4 (194, 742 kW). A part without load compared "equal" to every other,
    // so the order was intransitive and the engine (7, 4, 5) and the brute force (4, 5, 7) served them differently.
    [Fact]
    public void Assess_PartWithoutLoadAmongPartsCompetingForOneFeeder_MatchesBruteForce() =>
        Assert.True(MatchesBruteForce(new RandomTiedNetworkCase(1878841810, Nodes: 14, Sources: 3, Ties: 5, DeviceDensity: 100, Levels: 3)));

    [Fact]
    public void ComparePriority_PartWithoutLoad_GoesFirstOfAll()
    {
        Assert.True(TransferSolver.ComparePriority(0, 0, 5, 440, 1365, 7) < 0);
        Assert.True(TransferSolver.ComparePriority(440, 1365, 7, 0, 0, 5) > 0);
        Assert.True(TransferSolver.ComparePriority(440, 1365, 7, 194, 742, 4) < 0);
        Assert.True(TransferSolver.ComparePriority(0, 0, 5, 0, 0, 9) < 0);
    }

    private static bool MatchesBruteForce(RandomTiedNetworkCase randomCase)
    {
        (Network network, StudyCase study, ReliabilityOptions options) = randomCase.Build();
        ReliabilityResult fast = ReliabilityAssessor.Assess(network, study, options);
        (double[] lambda, double[] unavailability) = ReferenceAssessor.Assess(network, study, options);
        for (int l = 0; l < lambda.Length; l++)
        {
            if (!ReferenceAssessorTests.Close(lambda[l], fast.LoadPoints.FailureRatePerYear[l])
                || !ReferenceAssessorTests.Close(unavailability[l], fast.LoadPoints.UnavailabilityHoursPerYear[l]))
            {
                throw new Xunit.Sdk.XunitException(
                    $"{randomCase}: load point {network.LoadPointIds[l]}: brute force λ={lambda[l]} U={unavailability[l]}, " +
                    $"fast λ={fast.LoadPoints.FailureRatePerYear[l]} U={fast.LoadPoints.UnavailabilityHoursPerYear[l]}");
            }
        }

        return true;
    }

    // A transfer check is cached once for every fault off its receiving feeder. Oracle: one entry per dead subtree, the
    // same pieces (tops, cuts, hours) for every slot and level, on random many-feeder networks with ties inside feeders.
    [Property(MaxTest = 300, Arbitrary = [typeof(ManyFeederArbitrary)])]
    public bool Build_ChecksSharedAcrossFaults_GiveThePiecesOfOneCheckPerFault(RandomTiedNetworkCase randomCase)
    {
        (Network network, StudyCase study, ReliabilityOptions options) = randomCase.Build();
        var plan = new FailurePlan(ReliabilityModel.Create(network, study, options), capacity: false);
        CapacityRestoration shared = CapacityRestoration.Build(plan);
        CapacityRestoration each = CapacityRestoration.Build(plan, sharesChecks: false);
        return shared.PieceStart.SequenceEqual(each.PieceStart) && shared.PieceTop.SequenceEqual(each.PieceTop)
            && shared.PieceCut.SequenceEqual(each.PieceCut) && shared.PieceHours.SequenceEqual(each.PieceHours);
    }

    [Property(MaxTest = 500, Arbitrary = [typeof(RandomTiedNetworkArbitraries)])]
    public bool Assess_RandomTiedNetworkWithLimits_LimitedPartIsTheDifferenceFromUnconstrained(RandomTiedNetworkCase randomCase)
    {
        (Network network, StudyCase study, ReliabilityOptions options) = randomCase.Build();
        ReliabilityResult limited = ReliabilityAssessor.Assess(network, study, options);
        ReliabilityResult free = ReliabilityAssessor.Assess(network, study, options with { Restoration = RestorationLimits.Unlimited });
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            double u = limited.LoadPoints.UnavailabilityHoursPerYear[l];
            double u0 = free.LoadPoints.UnavailabilityHoursPerYear[l];
            double part = limited.LoadPoints.CapacityLimitedUnavailabilityHoursPerYear[l];
            if (u < u0 - 1e-9 || Math.Abs(u - u0 - part) > 1e-9 * Math.Max(1, u))
            {
                throw new Xunit.Sdk.XunitException($"{randomCase}: {network.LoadPointIds[l]}: U={u}, unconstrained {u0}, limited part {part}");
            }

            double explained = 0;
            foreach (FailureContribution row in limited.Explain(l))
            {
                explained += row.UnavailabilityHoursPerYear;
            }

            if (!ReferenceAssessorTests.Close(u, explained))
            {
                throw new Xunit.Sdk.XunitException($"{randomCase}: {network.LoadPointIds[l]}: explanation sums to {explained}, U={u}");
            }
        }

        return true;
    }

    [Property(MaxTest = 500, Arbitrary = [typeof(RandomTiedNetworkArbitraries)])]
    public bool Assess_InfiniteRatings_ReproducesTheUnconstrainedResult(RandomTiedNetworkCase randomCase)
    {
        (Network network, StudyCase study, ReliabilityOptions options) = randomCase.Build(unrated: true);
        ReliabilityResult limited = ReliabilityAssessor.Assess(network, study, options);
        ReliabilityResult free = ReliabilityAssessor.Assess(network, study, options with { Restoration = RestorationLimits.Unlimited });
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            if (!ReferenceAssessorTests.Close(free.LoadPoints.UnavailabilityHoursPerYear[l], limited.LoadPoints.UnavailabilityHoursPerYear[l])
                || limited.LoadPoints.CapacityLimitedUnavailabilityHoursPerYear[l] > 1e-9)
            {
                throw new Xunit.Sdk.XunitException(
                    $"{randomCase}: {network.LoadPointIds[l]}: U={limited.LoadPoints.UnavailabilityHoursPerYear[l]}, unconstrained {free.LoadPoints.UnavailabilityHoursPerYear[l]}, limited part {limited.LoadPoints.CapacityLimitedUnavailabilityHoursPerYear[l]}");
            }
        }

        return true;
    }

    // Two feeders and one tie. Feeder 1: S1 -H1(breaker)- A -(switch)- B -(switch)- D; feeder 2: S2 -H2(breaker)- C.
    // Tie D–C. H1 fails once a year for 10 h; A is in the faulted zone, B and D are cut off and can be picked up
    // through the tie (1 h) by feeder 2, whose head H2 carries C's 500 kW already.
    private static (Network Network, StudyCase Study) TwoFeeders(double headKva, double rOhm = 0, double farNodeKw = 300)
    {
        var builder = new NetworkBuilder();
        foreach (string bus in new[] { "S1", "S2" })
        {
            builder.AddBus(new BusSpec(bus, NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        }

        foreach (string bus in new[] { "A", "B", "D", "C" })
        {
            builder.AddBus(new BusSpec(bus, NodeKind.Bus, SourceLocation.None) { NominalKv = 10 });
        }

        builder.AddBranch(new BranchSpec("H1", "S1", "A", BranchKind.Cable, SourceLocation.None) { FailureRatePerYear = 1, RepairHours = 10 });
        builder.AddBranch(new BranchSpec("AB", "A", "B", BranchKind.Cable, SourceLocation.None));
        builder.AddBranch(new BranchSpec("BD", "B", "D", BranchKind.Cable, SourceLocation.None));
        builder.AddBranch(new BranchSpec("H2", "S2", "C", BranchKind.Cable, SourceLocation.None)
        {
            Rating = headKva / (Math.Sqrt(3) * 10),
            ROhm = rOhm,
        });
        builder.AddBranch(new BranchSpec("T", "D", "C", BranchKind.BusTie, SourceLocation.None) { NormallyOpen = true });
        builder.AddDevice(new DeviceSpec("CB1", "H1", "S1", DeviceKind.Breaker, SourceLocation.None));
        builder.AddDevice(new DeviceSpec("SW1", "AB", "A", DeviceKind.LoadBreakSwitch, SourceLocation.None));
        builder.AddDevice(new DeviceSpec("SW2", "BD", "B", DeviceKind.LoadBreakSwitch, SourceLocation.None));
        builder.AddDevice(new DeviceSpec("CB2", "H2", "S2", DeviceKind.Breaker, SourceLocation.None));
        builder.AddLoadPoint(new LoadPointSpec("LA", "A", SourceLocation.None) { Customers = 100, PeakKw = 1000, AverageKw = 500 });
        builder.AddLoadPoint(new LoadPointSpec("LB", "B", SourceLocation.None) { Customers = 100, PeakKw = 600, AverageKw = 300 });
        builder.AddLoadPoint(new LoadPointSpec("LD", "D", SourceLocation.None) { Customers = 100, PeakKw = farNodeKw, AverageKw = farNodeKw / 2 });
        builder.AddLoadPoint(new LoadPointSpec("LC", "C", SourceLocation.None) { Customers = 100, PeakKw = 500, AverageKw = 250 });
        BuildResult result = builder.Build();
        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
        return (result.Network!, StudyCase.Default);
    }

    private static double U(ReliabilityResult result, Network network, string loadPoint)
    {
        Assert.True(network.TryGetLoadPoint(loadPoint, out int l));
        return result.LoadPoints.UnavailabilityHoursPerYear[l];
    }

    // Sources at 1.0 pu, so that 7 % of voltage drop is allowed down to 0.93 pu.
    private static ReliabilityOptions Limits(LoadLevels levels) => new() { Restoration = new RestorationLimits { Levels = levels, SourceVoltagePu = 1.0 } };

    [Fact]
    public void Assess_TransferFits_BothCutOffLoadsBackAfterSwitching()
    {
        // 500 + 600 + 300 = 1,400 kW ≤ 1,500 kVA.
        (Network network, StudyCase study) = TwoFeeders(headKva: 1500);
        ReliabilityResult result = ReliabilityAssessor.Assess(network, study, Limits(s_peak));
        Assert.Equal(10, U(result, network, "LA"), 9);
        Assert.Equal(1, U(result, network, "LB"), 9);
        Assert.Equal(1, U(result, network, "LD"), 9);
        Assert.Equal(0, result.CapacityLimitedSaidi!.Value, 12);
    }

    [Fact]
    public void Assess_TransferPartlyFits_TheSectionNearTheTieComesBackAndTheRestWaits()
    {
        // 1,400 kW > 1,000 kVA, but C + D = 800 fits: switch SW2 opens, D comes back, B waits for the repair.
        (Network network, StudyCase study) = TwoFeeders(headKva: 1000);
        ReliabilityResult result = ReliabilityAssessor.Assess(network, study, Limits(s_peak));
        Assert.Equal(10, U(result, network, "LB"), 9);
        Assert.Equal(1, U(result, network, "LD"), 9);
        Assert.True(network.TryGetLoadPoint("LB", out int lb));
        Assert.Equal(9, result.LoadPoints.CapacityLimitedUnavailabilityHoursPerYear[lb], 9);
        Assert.Equal(9.0 / 4, result.CapacityLimitedSaidi!.Value, 9);
        Assert.Equal(result.CapacityLimitedSaidi.Value, result.Feeders.Sum(f => f.CapacityLimitedSaidi!.Value * f.Indices.Users) / result.System.Users, 9);
    }

    [Fact]
    public void Assess_TransferDoesNotFit_BothWaitForTheRepair()
    {
        // Even D alone: 500 + 300 = 800 > 700 kVA.
        (Network network, StudyCase study) = TwoFeeders(headKva: 700);
        ReliabilityResult result = ReliabilityAssessor.Assess(network, study, Limits(s_peak));
        Assert.Equal(10, U(result, network, "LB"), 9);
        Assert.Equal(10, U(result, network, "LD"), 9);
        ReliabilityResult free = ReliabilityAssessor.Assess(network, study, new ReliabilityOptions { Restoration = RestorationLimits.Unlimited });
        Assert.Equal(1, U(free, network, "LB"), 9);
        Assert.Equal(1, U(free, network, "LD"), 9);
    }

    [Fact]
    public void Assess_TransferFitsOnlyOffPeak_WeightedByTheLevelsHours()
    {
        // At peak 1,400 kW > 1,000 kVA and D alone fits; at half load 700 kW fits whole. A quarter of the year at peak.
        (Network network, StudyCase study) = TwoFeeders(headKva: 1000);
        var levels = new LoadLevels([new LoadLevel(1.0, 2190), new LoadLevel(0.5, 6570)]);
        ReliabilityResult result = ReliabilityAssessor.Assess(network, study, Limits(levels));
        Assert.Equal((0.25 * 10) + (0.75 * 1), U(result, network, "LB"), 9);
        Assert.Equal(1, U(result, network, "LD"), 9);
    }

    [Fact]
    public void Assess_VoltageLimitsTheTransfer()
    {
        // H2 unrated, R = 10 Ω: drop (R·P)/(1000·kV²) = 10·1,400/100,000 = 0.14 pu > 0.07 allowed; with D alone,
        // 10·800/100,000 = 0.08 pu, still too much; C's own 500 kW give 0.05 pu.
        (Network network, StudyCase study) = TwoFeeders(headKva: double.NaN, rOhm: 10);
        ReliabilityResult result = ReliabilityAssessor.Assess(network, study, Limits(s_peak));
        Assert.Equal(10, U(result, network, "LB"), 9);
        Assert.Equal(10, U(result, network, "LD"), 9);

        // With D at 100 kW: 10·600/100,000 = 0.06 pu ≤ 0.07: D comes back alone (B + D = 700 kW would drop 0.12 pu).
        (network, study) = TwoFeeders(headKva: double.NaN, rOhm: 10, farNodeKw: 100);
        result = ReliabilityAssessor.Assess(network, study, Limits(s_peak));
        Assert.Equal(10, U(result, network, "LB"), 9);
        Assert.Equal(1, U(result, network, "LD"), 9);
    }

    [Fact]
    public void ReferenceAssessor_HandCases_AgreeWithTheHandFigures()
    {
        foreach (double kva in new[] { 1500.0, 1000, 700 })
        {
            (Network network, StudyCase study) = TwoFeeders(kva);
            (_, double[] u) = ReferenceAssessor.Assess(network, study, Limits(s_peak));
            Assert.True(network.TryGetLoadPoint("LB", out int lb));
            Assert.True(network.TryGetLoadPoint("LD", out int ld));
            Assert.Equal(kva >= 1400 ? 1 : 10, u[lb], 9);
            Assert.Equal(kva >= 800 ? 1 : 10, u[ld], 9);
        }
    }

    // Three feeders. F1: S1 -H1(CB1)- A -(SW1)- B; F2: S2 -H2(CB2)- C -(SW3)- E; F3: S3 -H3(CB3)- G. Ties B–C (T1) and
    // E–G (T2). H1 fails once a year for 10 h: B (600 kW) is cut off, and F2 (C 300 + E 400 kW) on a 1,000 kVA head
    // cannot take it (1,300 kW) unless it first hands E on to F3 (G 300 kW) through T2.
    private static Network ThreeFeeders(double h3Kva)
    {
        var builder = new NetworkBuilder();
        foreach (string bus in new[] { "S1", "S2", "S3" })
        {
            builder.AddBus(new BusSpec(bus, NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        }

        foreach (string bus in new[] { "A", "B", "C", "E", "G" })
        {
            builder.AddBus(new BusSpec(bus, NodeKind.Bus, SourceLocation.None) { NominalKv = 10 });
        }

        double Amps(double kva) => kva / (Math.Sqrt(3) * 10);
        builder.AddBranch(new BranchSpec("H1", "S1", "A", BranchKind.Cable, SourceLocation.None) { FailureRatePerYear = 1, RepairHours = 10 });
        builder.AddBranch(new BranchSpec("AB", "A", "B", BranchKind.Cable, SourceLocation.None));
        builder.AddBranch(new BranchSpec("H2", "S2", "C", BranchKind.Cable, SourceLocation.None) { Rating = Amps(1000) });
        builder.AddBranch(new BranchSpec("CE", "C", "E", BranchKind.Cable, SourceLocation.None));
        builder.AddBranch(new BranchSpec("H3", "S3", "G", BranchKind.Cable, SourceLocation.None) { Rating = Amps(h3Kva) });
        builder.AddBranch(new BranchSpec("T1", "B", "C", BranchKind.BusTie, SourceLocation.None) { NormallyOpen = true });
        builder.AddBranch(new BranchSpec("T2", "E", "G", BranchKind.BusTie, SourceLocation.None) { NormallyOpen = true });
        builder.AddDevice(new DeviceSpec("CB1", "H1", "S1", DeviceKind.Breaker, SourceLocation.None));
        builder.AddDevice(new DeviceSpec("SW1", "AB", "A", DeviceKind.LoadBreakSwitch, SourceLocation.None));
        builder.AddDevice(new DeviceSpec("CB2", "H2", "S2", DeviceKind.Breaker, SourceLocation.None));
        builder.AddDevice(new DeviceSpec("SW3", "CE", "C", DeviceKind.LoadBreakSwitch, SourceLocation.None));
        builder.AddDevice(new DeviceSpec("CB3", "H3", "S3", DeviceKind.Breaker, SourceLocation.None));
        builder.AddLoadPoint(new LoadPointSpec("LA", "A", SourceLocation.None) { Customers = 100, PeakKw = 500 });
        builder.AddLoadPoint(new LoadPointSpec("LB", "B", SourceLocation.None) { Customers = 100, PeakKw = 600 });
        builder.AddLoadPoint(new LoadPointSpec("LC", "C", SourceLocation.None) { Customers = 100, PeakKw = 300 });
        builder.AddLoadPoint(new LoadPointSpec("LE", "E", SourceLocation.None) { Customers = 100, PeakKw = 400 });
        builder.AddLoadPoint(new LoadPointSpec("LG", "G", SourceLocation.None) { Customers = 100, PeakKw = 300 });
        BuildResult result = builder.Build();
        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
        return result.Network!;
    }

    [Fact]
    public void Assess_ChainedTransfer_ReceivingFeederHandsLoadOnAndPicksUpThePart()
    {
        // F3 at 1,000 kVA takes E (300 + 400 = 700 kW), then F2 carries C + B = 900 kW: B is back after switching (1 h).
        Network network = ThreeFeeders(h3Kva: 1000);
        ReliabilityResult result = ReliabilityAssessor.Assess(network, StudyCase.Default, Limits(s_peak));
        Assert.Equal(10, U(result, network, "LA"), 9);
        Assert.Equal(1, U(result, network, "LB"), 9);
        Assert.Equal(0, U(result, network, "LE"), 9);
        (_, double[] u) = ReferenceAssessor.Assess(network, StudyCase.Default, Limits(s_peak));
        Assert.True(network.TryGetLoadPoint("LB", out int lb));
        Assert.Equal(1, u[lb], 9);

        // F3 at 600 kVA cannot take E (700 kW): no chain, B waits for the repair.
        network = ThreeFeeders(h3Kva: 600);
        result = ReliabilityAssessor.Assess(network, StudyCase.Default, Limits(s_peak));
        Assert.Equal(10, U(result, network, "LB"), 9);
        (_, u) = ReferenceAssessor.Assess(network, StudyCase.Default, Limits(s_peak));
        Assert.Equal(10, u[lb], 9);
    }

    [Fact]
    public void MonteCarlo_WithLimits_ConvergesToTheAnalyticalMeans()
    {
        // A random tied network whose limits cost about a tenth of its SAIDI, at four load levels.
        (Network network, StudyCase study, ReliabilityOptions options) = new RandomTiedNetworkCase(Seed: 2024, Nodes: 30, Sources: 2, Ties: 5, DeviceDensity: 60, Levels: 4).Build();
        ReliabilityResult analytical = ReliabilityAssessor.Assess(network, study, options);
        Assert.True(analytical.CapacityLimitedSaidi > 0.02 * analytical.System.Saidi, $"limits cost {analytical.CapacityLimitedSaidi} of {analytical.System.Saidi}");
        var monteCarlo = new MonteCarloOptions { Years = 40_000, Seed = 11, Workers = 2, ConfidenceLevel = 0.9999 };
        MonteCarloResult mc = MonteCarloSimulator.Run(network, study, monteCarlo, options);
        Assert.True(Math.Abs(mc.Saidi.Mean - analytical.System.Saidi) <= mc.Saidi.ConfidenceHalfWidth, $"SAIDI: MC {mc.Saidi.Mean} ± {mc.Saidi.ConfidenceHalfWidth} vs {analytical.System.Saidi}");
        Assert.True(Math.Abs(mc.Saifi.Mean - analytical.System.Saifi) <= mc.Saifi.ConfidenceHalfWidth, $"SAIFI: MC {mc.Saifi.Mean} vs {analytical.System.Saifi}");
        ReliabilityResult free = ReliabilityAssessor.Assess(network, study, options with { Restoration = RestorationLimits.Unlimited });
        Assert.True(Math.Abs(mc.Saidi.Mean - free.System.Saidi) > mc.Saidi.ConfidenceHalfWidth, "the simulation must tell the limited SAIDI from the unconstrained one");
    }
}
