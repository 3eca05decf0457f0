using BenchmarkDotNet.Attributes;
using Lumen.Reliability.Aging.Demo;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;

namespace Lumen.Benchmarks.Aging;

/// <summary>
/// Health + PoF (CNAIM and per-class Weibull fits) + network consequence + risk + both rankings for every asset of a
/// demo network; 740,000 buses carry about 1,000,000 assets.
/// </summary>
[MemoryDiagnoser]
public class AssetRiskBenchmarks
{
    private readonly AssetRiskOptions _options = new() { Year = 2025 };
    private Network _network = null!;
    private AssetRegister _register = null!;
    private AssetRegister _fresh = null!;

    /// <summary>Bus count of the generated network.</summary>
    [Params(74_000, 740_000)]
    public int Nodes { get; set; }

    /// <summary>Generates the network and its asset register once (seeded).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _network = DemoGrid.Generate(Nodes, 42).Build().Network!;
        _register = DemoAssetGenerator.Generate(_network, 42).Register;
        Console.WriteLine($"// assets: {_register.Count:N0}");
    }

    /// <summary>A new register object with the same records, not yet placed on the network (for the first-evaluation case).</summary>
    [IterationSetup(Target = nameof(FirstEvaluation))]
    public void NewRegister()
    {
        var builder = new AssetRegisterBuilder { RecordsStartYear = _register.RecordsStartYear };
        foreach (AssetRecord record in _register.Records)
        {
            builder.TryAdd(record);
        }

        _fresh = builder.Build();
    }

    /// <summary>
    /// Everything <c>lumen assets rank</c> computes, as the service repeats it for a register it has already placed on the
    /// network (the placement, string matching of every component id, is kept per register and network).
    /// </summary>
    [Benchmark]
    public AssetRiskResult HealthPofConsequenceRank() => AssetRiskAnalysis.Evaluate(_register, _network, _options).Result!;

    /// <summary>The same for a register evaluated for the first time: includes matching its component ids to the network.</summary>
    [Benchmark]
    public AssetRiskResult FirstEvaluation() => AssetRiskAnalysis.Evaluate(_fresh, _network, _options).Result!;
}

/// <summary>A 5-year replacement plan for the assets of a demo network (about 100,000 candidates at 74,000 buses).</summary>
[MemoryDiagnoser]
public class ReplacementPlanBenchmarks
{
    private AssetRiskResult _risk = null!;
    private PlanOptions _plan = null!;

    /// <summary>Bus count of the generated network.</summary>
    [Params(74_000)]
    public int Nodes { get; set; }

    /// <summary>Evaluates the risk once; the budget is 1 % of the total replacement cost per year.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Network network = DemoGrid.Generate(Nodes, 42).Build().Network!;
        AssetRegister register = DemoAssetGenerator.Generate(network, 42).Register;
        _risk = AssetRiskAnalysis.Evaluate(register, network, new AssetRiskOptions { Year = 2025 }).Result!;
        double total = _risk.ReplacementCost.ToArray().Sum();
        _plan = new PlanOptions { BudgetPerYear = Enumerable.Repeat(Math.Round(total / 100), 5).ToArray() };
        Console.WriteLine($"// candidates: {register.Count:N0}, budget per year {_plan.BudgetPerYear[0]:N0} CNY");
    }

    /// <summary>The plan with its yearly effects and optimality-gap bound.</summary>
    [Benchmark]
    public ReplacementPlan FiveYearPlan() => ReplacementPlanner.Plan(_risk, _plan);
}
