using BenchmarkDotNet.Attributes;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;

namespace Lumen.Benchmarks.PowerFlow;

/// <summary>
/// Backward/forward sweep to convergence (1e-9 pu) on generated county-style networks at the coincident peak (the sum
/// of the load points' peaks, load scale 1, source at 1.05 pu). The solver
/// and its scratch are reused, as in a what-if loop; each call allocates only its result arrays.
/// </summary>
[MemoryDiagnoser]
public class RadialPowerFlowBenchmarks
{
    private RadialPowerFlow _solver = null!;
    private PowerFlowScenario _scenario = null!;

    /// <summary>Bus count of the generated network.</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int Nodes { get; set; }

    /// <summary>Generates the network (seeded) and checks that the scenario converges.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Network network = DemoGrid.Generate(Nodes, seed: 7).Build().Network ?? throw new InvalidOperationException("generated network is invalid");
        _solver = new RadialPowerFlow(network);
        _scenario = new PowerFlowScenario { LoadScale = 1.0, SourceVoltagePu = DemoVoltageGenerator.SourceVoltagePu };
        PowerFlowResult check = _solver.Solve(_scenario);
        if (!check.Converged)
        {
            throw new InvalidOperationException("the benchmark scenario does not converge: " + string.Join("; ", check.Diagnostics));
        }

        Console.WriteLine($"// {Nodes} nodes: {check.Iterations} sweeps, min {check.MinVoltagePu:F4} pu, losses {check.LossesKw:F0} kW of {check.LoadKw:F0} kW");
    }

    /// <summary>One converged power flow.</summary>
    [Benchmark]
    public PowerFlowResult Solve() => _solver.Solve(_scenario);
}
