using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Lumen.Reliability.Aging.Demo;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Investment;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;

namespace Lumen.Benchmarks.Investment;

/// <summary>
/// A five-year investment plan with every candidate kind (replacement from the demo asset register's CNAIM risk,
/// switches, automation, ties, voltage fixes, reinforcement) and the hard constraints on, as <c>lumen plan invest</c>
/// plans it without load series or history (default load curve and complaint model). One plan takes tens of seconds,
/// so each size runs once per iteration (<c>--job short</c>: three iterations).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class InvestmentPlanBenchmarks
{
    private InvestmentPlanRequest _request = null!;

    /// <summary>Bus count of the generated network (50,000: the demo county).</summary>
    [Params(10_000, 50_000)]
    public int Nodes { get; set; }

    /// <summary>Generates the network, its asset register and their CNAIM risk once (seed 42, as <c>lumen demo</c>).</summary>
    [GlobalSetup]
    public void Setup()
    {
        Network network = DemoGrid.Generate(Nodes, 42).Build().Network!;
        AssetRegister register = DemoAssetGenerator.Generate(network, 42).Register;
        AssetRiskResult assets = AssetRiskAnalysis.Evaluate(register, network, new AssetRiskOptions { Year = register.LatestRecordedYear(), Method = PofMethod.Cnaim, Mode = CnaimMode.Spec }).Result!;
        _request = new InvestmentPlanRequest(network, "demo", StudyCase.Default)
        {
            BudgetPerYear = 5_000_000 * (Nodes / 50_000.0),
            Years = 5,
            Assets = assets,
            Limits = RestorationLimits.Default with { SourceVoltagePu = 1.05 },
        };
    }

    /// <summary>Diagnosis, candidates, constraints and five years of budgeted greedy choices with re-evaluation.</summary>
    [Benchmark]
    public InvestmentPlanReport Plan() => InvestmentPlanQuery.Run(_request);
}
