using System.Collections.Concurrent;
using Lumen.Reliability.Predictive;
using Lumen.TestSupport;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Predictive;

/// <summary>Progress of a Monte Carlo run: every simulated year is reported once, and reporting changes no result.</summary>
public sealed class MonteCarloProgressTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(997, 3)]
    [InlineData(2_000, 4)]
    public void Run_ReportsEachYearOnce_ResultsUnchanged(int years, int workers)
    {
        (Network network, StudyCase study) = new RandomNetworkCase(Seed: 11, Nodes: 30, Sources: 1, Ties: 2, DeviceDensity: 40, UniformSwitching: false, PerfectProtection: false).Build();
        var options = new MonteCarloOptions { Years = years, Seed = 3, Workers = workers };
        var reported = new ConcurrentBag<int>();
        MonteCarloResult plain = MonteCarloSimulator.Run(network, study, options);
        MonteCarloResult followed = MonteCarloSimulator.Run(network, study, options with { YearsCompleted = reported.Add });

        Assert.Equal(Enumerable.Range(1, years), reported.Order());
        Assert.Equal(plain.Saidi.Mean, followed.Saidi.Mean);
        Assert.Equal(plain.Saifi.P95, followed.Saifi.P95);
        Assert.Equal(plain.LoadPoints.MeanUnavailabilityHoursPerYear, followed.LoadPoints.MeanUnavailabilityHoursPerYear);
    }
}
