using Lumen.Reliability.Predictive;
using Lumen.TestSupport;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Predictive;

public sealed class MonteCarloSimulatorTests
{
    // A 99.99 % interval: with fixed seeds the tests are deterministic, and a true mismatch (a bias of a few percent)
    // still lies far outside it at these sample sizes.
    private static readonly MonteCarloOptions s_options = new() { Years = 40_000, Seed = 7, Workers = 2, ConfidenceLevel = 0.9999 };

    [SharedDataTheory(Rbts.Folder)]
    [InlineData("A")]
    [InlineData("D")]
    [InlineData("E")]
    public void Run_RbtsBus2_MeansAgreeWithAnalyticalWithinConfidenceInterval(string caseId)
    {
        (Network network, StudyCase study) = Rbts.Load(caseId);
        ReliabilityResult analytical = ReliabilityAssessor.Assess(network, study);
        MonteCarloResult mc = MonteCarloSimulator.Run(network, study, s_options);
        AssertWithin(analytical.System.Saifi, mc.Saifi, "SAIFI");
        AssertWithin(analytical.System.Saidi, mc.Saidi, "SAIDI");
        AssertWithin(analytical.System.EnsMwhPerYear, mc.EnsMwhPerYear, "ENS");
        Assert.True(mc.Saidi.P5 <= mc.Saidi.P50 && mc.Saidi.P50 <= mc.Saidi.P95);
        Assert.True(mc.Saidi.YearsForPrecision > 0);
    }

    [Fact]
    public void Run_GeneratedNetwork_LoadPointMeansAgreeWithAnalytical()
    {
        var randomCase = new RandomNetworkCase(Seed: 4242, Nodes: 40, Sources: 2, Ties: 4, DeviceDensity: 50, UniformSwitching: false, PerfectProtection: false);
        (Network network, StudyCase study) = randomCase.Build();
        ReliabilityResult analytical = ReliabilityAssessor.Assess(network, study);
        var options = s_options with
        {
            Years = 20_000,
            RepairDurations = new Dictionary<BranchKind, DurationModel> { [BranchKind.Transformer] = DurationModel.LogNormal(0.8) },
            SwitchingDuration = DurationModel.LogNormal(0.5),
        };
        MonteCarloResult mc = MonteCarloSimulator.Run(network, study, options);
        AssertWithin(analytical.System.Saidi, mc.Saidi, "SAIDI");
        AssertWithin(analytical.System.Saifi, mc.Saifi, "SAIFI");
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            // Per load point: Poisson counts, so the standard error of the mean count is √(λ / years).
            double lambda = analytical.LoadPoints.FailureRatePerYear[l];
            double se = Math.Sqrt(lambda / options.Years);
            Assert.True(Math.Abs(mc.LoadPoints.MeanInterruptionsPerYear[l] - lambda) <= (4 * se) + 1e-12, $"{network.LoadPointIds[l]}: {mc.LoadPoints.MeanInterruptionsPerYear[l]} vs {lambda}");
        }
    }

    [Fact]
    public void Run_GeneratedCountyNetwork_SystemMeansAgreeWithAnalytical()
    {
        // The demo generator's county network at its smallest scale (~1,000 buses, 8 feeders, fused transformers,
        // automated and manual sectionalisers, ties), so that the agreement is shown on a realistic layout.
        Network network = Lumen.Reliability.Voltage.Demo.DemoGrid.Generate(Lumen.Topology.Demo.DemoScale.Small, seed: 5).Build().Network!;
        ReliabilityResult analytical = ReliabilityAssessor.Assess(network, StudyCase.Default);
        MonteCarloResult mc = MonteCarloSimulator.Run(network, StudyCase.Default, s_options with { Years = 5_000 });
        AssertWithin(analytical.System.Saifi, mc.Saifi, "SAIFI");
        AssertWithin(analytical.System.Saidi, mc.Saidi, "SAIDI");
        AssertWithin(analytical.System.EnsMwhPerYear, mc.EnsMwhPerYear, "ENS");
    }

    [Fact]
    public void Run_SameSeedAndWorkers_IsDeterministic()
    {
        (Network network, StudyCase study) = new RandomNetworkCase(99, 25, 1, 2, 60, false, false).Build();
        var options = new MonteCarloOptions { Years = 3000, Seed = 3, Workers = 2 };
        MonteCarloResult a = MonteCarloSimulator.Run(network, study, options);
        MonteCarloResult b = MonteCarloSimulator.Run(network, study, options);
        MonteCarloResult other = MonteCarloSimulator.Run(network, study, options with { Seed = 4 });
        Assert.Equal(a.Saidi, b.Saidi);
        Assert.Equal(a.LoadPoints.MeanUnavailabilityHoursPerYear, b.LoadPoints.MeanUnavailabilityHoursPerYear);
        Assert.NotEqual(a.Saidi.Mean, other.Saidi.Mean);
    }

    [Fact]
    public void Run_InvalidYears_Throws()
    {
        (Network network, StudyCase study) = new RandomNetworkCase(1, 5, 1, 0, 50, false, false).Build();
        Assert.Throws<ArgumentOutOfRangeException>(() => MonteCarloSimulator.Run(network, study, new MonteCarloOptions { Years = 0 }));
    }

    private static void AssertWithin(double analytical, IndexDistribution simulated, string what)
    {
        Assert.True(
            Math.Abs(simulated.Mean - analytical) <= simulated.ConfidenceHalfWidth,
            $"{what}: MC mean {simulated.Mean} ± {simulated.ConfidenceHalfWidth} vs analytical {analytical}");
    }
}
