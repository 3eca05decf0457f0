using BenchmarkDotNet.Attributes;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;

namespace Lumen.Benchmarks.Reliability;

/// <summary>Analytical assessment (segment plan + preorder range updates) of a generated network at three sizes.</summary>
[MemoryDiagnoser]
public class AnalyticalAssessmentBenchmarks
{
    private Network _network = null!;

    /// <summary>Bus count of the generated network.</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int Nodes { get; set; }

    /// <summary>Generates the network once (seeded).</summary>
    [GlobalSetup]
    public void Setup() => _network = ReliabilityBenchmarkNetworks.Generate(Nodes);

    /// <summary>Full assessment: load points, system and feeder indices.</summary>
    [Benchmark]
    public ReliabilityResult Assess() => ReliabilityAssessor.Assess(_network, StudyCase.Default);
}

/// <summary>The analytical kernel against the brute-force reference (one network trace per failure and outcome).</summary>
[MemoryDiagnoser]
public class AnalyticalVsBruteForceBenchmarks
{
    private Network _network = null!;

    /// <summary>Bus count of the generated network (brute force is quadratic, so only small sizes).</summary>
    [Params(10_000)]
    public int Nodes { get; set; }

    /// <summary>Generates the network once (seeded).</summary>
    [GlobalSetup]
    public void Setup() => _network = ReliabilityBenchmarkNetworks.Generate(Nodes);

    /// <summary>Brute force: BFS per failure and protection outcome.</summary>
    [Benchmark(Baseline = true)]
    public (double[], double[]) BruteForce() => ReferenceAssessor.Assess(_network, StudyCase.Default);

    /// <summary>Linear analytical kernel.</summary>
    [Benchmark]
    public ReliabilityResult Analytical() => ReliabilityAssessor.Assess(_network, StudyCase.Default);
}

/// <summary>Sequential Monte Carlo on a ~100-bus feeder, one worker: simulated years per second per core.</summary>
[MemoryDiagnoser]
public class MonteCarloBenchmarks
{
    private Network _network = null!;
    private MonteCarloOptions _options = null!;

    /// <summary>Years simulated per benchmark call.</summary>
    [Params(10_000)]
    public int Years { get; set; }

    /// <summary>Generates the feeder once (seeded).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _network = ReliabilityBenchmarkNetworks.Generate(100);
        _options = new MonteCarloOptions { Years = Years, Seed = 1, Workers = 1 };
    }

    /// <summary>One run of <see cref="Years"/> years on one core.</summary>
    [Benchmark]
    public MonteCarloResult Simulate() => MonteCarloSimulator.Run(_network, StudyCase.Default, _options);
}

/// <summary>Seeded networks for the reliability benchmarks.</summary>
internal static class ReliabilityBenchmarkNetworks
{
    public static Network Generate(int nodes) =>
        DemoNetworkGenerator.Generate(nodes, seed: 7).Builder.Build().Network ?? throw new InvalidOperationException("generated network is invalid");
}
