using BenchmarkDotNet.Attributes;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage.Demo;
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
    [Params(10_000, 100_000)]
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

/// <summary>Sequential Monte Carlo on a ~100-bus feeder (25 load points), one worker: simulated years per second per core.</summary>
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
        _network = ReliabilityBenchmarkNetworks.Feeder(100, seed: 11);
        _options = new MonteCarloOptions { Years = Years, Seed = 1, Workers = 1 };
    }

    /// <summary>One run of <see cref="Years"/> years on one core.</summary>
    [Benchmark]
    public MonteCarloResult Simulate() => MonteCarloSimulator.Run(_network, StudyCase.Default, _options);
}

/// <summary>Sequential Monte Carlo on the demo county network (~50,000 buses, ~385 feeders), one worker: network-years per second.</summary>
[MemoryDiagnoser]
public class MonteCarloCountyBenchmarks
{
    private Network _network = null!;
    private MonteCarloOptions _options = null!;

    /// <summary>Years simulated per benchmark call.</summary>
    [Params(100)]
    public int Years { get; set; }

    /// <summary>Generates the county once (seeded).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _network = Lumen.Reliability.Voltage.Demo.DemoGrid.Generate(Lumen.Topology.Demo.DemoScale.County, seed: 7).Build().Network!;
        _options = new MonteCarloOptions { Years = Years, Seed = 1, Workers = 1 };
    }

    /// <summary>One run of <see cref="Years"/> county-years on one core.</summary>
    [Benchmark]
    public MonteCarloResult Simulate() => MonteCarloSimulator.Run(_network, StudyCase.Default, _options);
}

/// <summary>Seeded networks for the reliability benchmarks.</summary>
internal static class ReliabilityBenchmarkNetworks
{
    /// <summary>
    /// One overhead feeder of <paramref name="buses"/> buses: a trunk with a head breaker and a disconnector every fourth
    /// section, fused laterals ending in distribution transformers with a load point each, and a tie at the trunk end.
    /// </summary>
    public static Network Feeder(int buses, int seed)
    {
        var rng = new Random(seed);
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("SS", NodeKind.Source, SourceLocation.None));
        b.AddBus(new BusSpec("ALT", NodeKind.Source, SourceLocation.None));
        int trunk = Math.Max(2, buses / 4);
        string previous = "SS";
        for (int i = 0; i < trunk; i++)
        {
            string bus = $"T{i}";
            b.AddBus(new BusSpec(bus, NodeKind.Bus, SourceLocation.None));
            b.AddBranch(new BranchSpec($"S{i}", previous, bus, BranchKind.OverheadLine, SourceLocation.None)
            {
                LengthKm = 0.5 + rng.NextDouble(),
                FailureRatePerYear = 0.065 * (0.5 + rng.NextDouble()),
                RepairHours = 5,
            });
            if (i == 0 || i % 4 == 0)
            {
                b.AddDevice(new DeviceSpec($"SW{i}", $"S{i}", previous, i == 0 ? DeviceKind.Breaker : DeviceKind.Disconnector, SourceLocation.None));
            }

            string hv = $"H{i}";
            string lv = $"L{i}";
            b.AddBus(new BusSpec(hv, NodeKind.Bus, SourceLocation.None));
            b.AddBus(new BusSpec(lv, NodeKind.Bus, SourceLocation.None));
            b.AddBranch(new BranchSpec($"LAT{i}", bus, hv, BranchKind.OverheadLine, SourceLocation.None) { FailureRatePerYear = 0.04, RepairHours = 5 });
            b.AddDevice(new DeviceSpec($"FU{i}", $"LAT{i}", bus, DeviceKind.Fuse, SourceLocation.None));
            b.AddBranch(new BranchSpec($"TX{i}", hv, lv, BranchKind.Transformer, SourceLocation.None) { FailureRatePerYear = 0.015, RepairHours = 200, ReplacementHours = 10 });
            b.AddLoadPoint(new LoadPointSpec($"LP{i}", lv, SourceLocation.None) { Customers = 1 + rng.Next(200), AverageKw = 100 + (400 * rng.NextDouble()) });
            previous = bus;
        }

        b.AddBranch(new BranchSpec("TIE", previous, "ALT", BranchKind.OverheadLine, SourceLocation.None) { NormallyOpen = true });
        return b.Build().Network ?? throw new InvalidOperationException("generated feeder is invalid");
    }

    public static Network Generate(int nodes) =>
        DemoGrid.Generate(nodes, seed: 7).Builder.Build().Network ?? throw new InvalidOperationException("generated network is invalid");
}

/// <summary>
/// Capacity- and voltage-limited analytical assessment (transfers checked at five load levels with the linearised
/// DistFlow model) against the unconstrained one, on the generated network.
/// </summary>
[MemoryDiagnoser]
public class CapacityLimitedAssessmentBenchmarks
{
    private static readonly ReliabilityOptions s_limited = new() { Restoration = RestorationLimits.Default };
    private static readonly ReliabilityOptions s_unconstrained = new() { Restoration = RestorationLimits.Unlimited };
    private Network _network = null!;

    /// <summary>Bus count of the generated network.</summary>
    [Params(100_000, 1_000_000)]
    public int Nodes { get; set; }

    /// <summary>Generates the network once (seeded).</summary>
    [GlobalSetup]
    public void Setup() => _network = ReliabilityBenchmarkNetworks.Generate(Nodes);

    /// <summary>Unconstrained restoration (any usable tie picks up everything).</summary>
    [Benchmark(Baseline = true)]
    public ReliabilityResult Unconstrained() => ReliabilityAssessor.Assess(_network, StudyCase.Default, s_unconstrained);

    /// <summary>Limited by ratings and voltage at the default five load levels.</summary>
    [Benchmark]
    public ReliabilityResult CapacityLimited() => ReliabilityAssessor.Assess(_network, StudyCase.Default, s_limited);
}

/// <summary>N-1 of every feeder (head and trunk sections) at peak load.</summary>
[MemoryDiagnoser]
public class N1Benchmarks
{
    private Network _network = null!;

    /// <summary>Bus count of the generated network.</summary>
    [Params(100_000, 1_000_000)]
    public int Nodes { get; set; }

    /// <summary>Generates the network once (seeded).</summary>
    [GlobalSetup]
    public void Setup() => _network = ReliabilityBenchmarkNetworks.Generate(Nodes);

    /// <summary>Every feeder's N-1 at peak.</summary>
    [Benchmark]
    public IReadOnlyList<Lumen.Reliability.Planning.FeederN1> N1AtPeak() =>
        Lumen.Reliability.Planning.N1Analysis.Run(_network, RestorationLimits.Default, LoadLevels.PeakOnly);
}

/// <summary>Best positions for a new sectionaliser on one feeder of the demo county (50,000 buses), limits on.</summary>
[MemoryDiagnoser]
public class PlacementSearchBenchmarks
{
    private static readonly ReliabilityOptions s_limited = new() { Restoration = RestorationLimits.Default };
    private Network _network = null!;
    private int _feeder;

    /// <summary>The feeder searched.</summary>
    [Params("SS023-F05")]
    public string Feeder { get; set; } = "";

    /// <summary>Generates the county once (seeded).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _network = DemoGrid.Generate(DemoScale.County, seed: 7).Build().Network!;
        _feeder = _network.Normal.FeederNames.IndexOf(Feeder);
    }

    /// <summary>The three best positions (every branch of the feeder valued).</summary>
    [Benchmark]
    public IReadOnlyList<PlacementCandidate> FindBest() => PlacementSearch.FindBest(_network, StudyCase.Default, _feeder, DeviceKind.Sectionaliser, automated: false, count: 3, s_limited);
}
