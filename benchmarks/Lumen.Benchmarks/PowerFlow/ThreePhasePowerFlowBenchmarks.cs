using BenchmarkDotNet.Attributes;
using Lumen.Reliability.Voltage.PowerFlow.ThreePhase;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Import.OpenDss;
using Lumen.Topology.Phases;

namespace Lumen.Benchmarks.PowerFlow;

/// <summary>
/// Three-phase unbalanced power flow on the shared IEEE feeders (../shared beside the repository, or LUMEN_SHARED):
/// the IEEE 8500-node feeder's unbalanced-load snapshot from a cold solver (compile the tree, solve, iterate the
/// twelve regulators to their taps) and warm (the same snapshot re-solved), and a day of the European LV feeder's
/// 1-minute load shapes (1,440 warm-started steps with the per-customer minutes and transformer unbalance).
/// </summary>
[MemoryDiagnoser]
public class ThreePhasePowerFlowBenchmarks
{
    private PhaseNetwork _ieee8500 = null!;
    private PhaseNetwork _europeanLv = null!;
    private ThreePhasePowerFlow _warm = null!;

    /// <summary>Imports both feeders and checks that they solve.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ieee8500 = Import("ieee8500/Master-unbal.dss");
        _europeanLv = Import("european_lv/Master.dss");
        _warm = new ThreePhasePowerFlow(_ieee8500);
        ThreePhaseResult check = _warm.Solve();
        if (!check.Converged)
        {
            throw new InvalidOperationException("IEEE 8500 does not converge: " + string.Join("; ", check.Diagnostics));
        }

        Console.WriteLine($"// IEEE 8500: {check.Iterations} iterations, {check.ControlIterations} control iterations, min {check.MinVoltagePu:F4} pu, load {check.LoadKw:F0} kW, losses {check.LossesKw:F0} kW");
    }

    /// <summary>IEEE 8500 unbalanced snapshot, cold: compile, solve, regulators to their steady taps.</summary>
    [Benchmark]
    public ThreePhaseResult Ieee8500Snapshot() => new ThreePhasePowerFlow(_ieee8500).Solve();

    /// <summary>The same snapshot re-solved by a warm solver (taps and voltages from the last solve).</summary>
    [Benchmark]
    public ThreePhaseResult Ieee8500Resolve() => _warm.Solve();

    /// <summary>The European LV feeder over a day: 1,440 one-minute steps.</summary>
    [Benchmark]
    public LowVoltageDayReport EuropeanLvDay() => LowVoltageDay.Run(new LowVoltageDayRequest(_europeanLv, VoltageProfile.GbT12325));

    private static PhaseNetwork Import(string master)
    {
        string shared = Environment.GetEnvironmentVariable("LUMEN_SHARED") ?? FindShared();
        OpenDssImportResult imported = OpenDssImporter.Import(Path.Combine(shared, "data", "feeders", master));
        return imported.Phases ?? throw new InvalidOperationException($"{master}: no phase model: " + string.Join("; ", imported.Diagnostics));
    }

    private static string FindShared()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lumen.slnx")))
            {
                return Path.Combine(dir.FullName, "..", "shared");
            }
        }

        throw new DirectoryNotFoundException("../shared not found: set LUMEN_SHARED");
    }
}
