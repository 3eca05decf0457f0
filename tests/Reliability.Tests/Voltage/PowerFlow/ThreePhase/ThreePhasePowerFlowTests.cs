using System.Numerics;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;
using Lumen.Reliability.Voltage.PowerFlow.ThreePhase;
using Lumen.Topology.Phases;
using Xunit;

namespace Lumen.Reliability.Tests.Voltage.PowerFlow.ThreePhase;

public sealed class ThreePhasePowerFlowTests
{
    [Property(MaxTest = 50)]
    public Property Solve_RandomUnbalancedFeeder_AgreesWithNewtonRaphson(PositiveInt seed, PositiveInt size)
    {
        PhaseNetwork net = RandomPhaseFeeders.Create(seed.Get, 2 + (size.Get % 30));
        ThreePhaseResult sweep = new ThreePhasePowerFlow(net).Solve(options: new ThreePhaseOptions { TolerancePu = 1e-12, MaxIterations = 500 });
        Complex[] oracle = ThreePhaseNewtonOracle.Solve(net);
        double worst = 0;
        for (int bus = 0; bus < net.BusCount; bus++)
        {
            for (int phase = 0; phase < 3; phase++)
            {
                Complex expected = oracle[(bus * 3) + phase];
                if (double.IsNaN(expected.Real))
                {
                    worst = sweep.HasPhase(bus, phase) ? double.PositiveInfinity : worst;
                    continue;
                }

                double baseV = net.BaseKvLl[bus] * 1000 / Math.Sqrt(3);
                worst = Math.Max(worst, (sweep.Voltage(bus, phase) - expected).Magnitude / baseV);
            }
        }

        return (sweep.Converged && worst < 1e-7).Label($"converged {sweep.Converged}, worst phasor difference {worst:E2} pu");
    }

    [Fact]
    public void Solve_SinglePhaseConstantImpedanceLoad_MatchesTheVoltageDivider()
    {
        // Source (stiff) → 1-phase line on phase b → constant-impedance wye load: V = E · Zload / (Zline + Zload).
        var line = new PhaseLine("line.l", 0, 1, [2], [2], [new Complex(1, 2)], [Complex.Zero]);
        double vn = 12470 / Math.Sqrt(3);
        var load = new PhaseLoad("p", 1, [2, 0], PhaseConnection.Wye, 1, 300, 100, 12.47 / Math.Sqrt(3), ZipShares.ConstantImpedance, null);
        var net = new PhaseNetwork(["s", "b"], [12.47, 12.47], new PhaseSource(0, 12.47, 1, 0, new Complex(1e-6, 1e-6), new Complex(1e-6, 1e-6)), [line], [], [load], [], []);

        ThreePhaseResult result = new ThreePhasePowerFlow(net).Solve();

        Complex zLoad = vn * vn / new Complex(300e3, -100e3);
        Complex e = Complex.FromPolarCoordinates(vn, -2 * Math.PI / 3);
        Complex expected = e * zLoad / (new Complex(1, 2) + zLoad);
        Assert.True(result.Converged);
        Assert.Equal(expected.Real, result.Voltage(1, 1).Real, 1e-3);
        Assert.Equal(expected.Imaginary, result.Voltage(1, 1).Imaginary, 1e-3);
        Assert.False(result.HasPhase(1, 0));
        Assert.Equal(300 * (expected.Magnitude / vn) * (expected.Magnitude / vn), result.LoadKw, 1e-4);
    }

    [Fact]
    public void Solve_DeltaWyeTransformer_StepsDownAndLagsThirtyDegrees()
    {
        // An unloaded 12.47 kV Δ / 0.416 kV Yg transformer: the secondary sits at the ratio and lags by 30° (ANSI).
        var t = new PhaseTransformer("transformer.t", 3,
        [
            new PhaseWinding(0, [1, 2, 3], PhaseConnection.Delta, 12.47, 500, 0.5, 1, 0.9, 1.1, 32),
            new PhaseWinding(1, [1, 2, 3, 0], PhaseConnection.Wye, 0.416, 500, 0.5, 1, 0.9, 1.1, 32),
        ], 4, 35, 30, 0, 0, 1);
        var net = new PhaseNetwork(["s", "lv"], [12.47, 0.416], new PhaseSource(0, 12.47, 1, 0, new Complex(0.01, 0.1), new Complex(0.01, 0.1)), [], [t], [], [], []);

        ThreePhaseResult result = new ThreePhasePowerFlow(net).Solve();

        Assert.True(result.Converged);
        for (int phase = 0; phase < 3; phase++)
        {
            Assert.Equal(1.0, result.VoltagePu(1, phase), 1e-6);
            Assert.Equal(Wrap(-30 - (120 * phase)), Wrap(result.AngleDeg(1, phase)), 1e-4);
        }
    }

    [Fact]
    public void Solve_RegulatorBelowItsBand_BoostsUntilInBand()
    {
        // A long loaded line, then a 1-phase regulator (2.4 kV, PT 20, 0.00625 pu steps) feeding the load: the tap rises
        // until the PT voltage is within 120 ± 1 V, and a fixed-tap solve keeps tap 0.
        var reg = new PhaseTransformer("transformer.reg", 1,
        [
            new PhaseWinding(1, [1, 0], PhaseConnection.Wye, 2.4, 2000, 0.005, 1, 0.9, 1.1, 32),
            new PhaseWinding(2, [1, 0], PhaseConnection.Wye, 2.4, 2000, 0.005, 1, 0.9, 1.1, 32),
        ], 0.01, 35, 30, 0, 0, 0);
        var line = new PhaseLine("line.l", 0, 1, [1], [1], [new Complex(1.5, 3)], [Complex.Zero]);
        var load = new PhaseLoad("p", 2, [1, 0], PhaseConnection.Wye, 1, 100, 30, 2.4, ZipShares.ConstantPower, null);
        var control = new PhaseRegulator("r", 0, 1, 120, 2, 20, 100, 0, 0, 0, 16);
        double kv = 2.4 * Math.Sqrt(3);
        var net = new PhaseNetwork(["s", "r", "b"], [kv, kv, kv], new PhaseSource(0, kv, 1, 0, new Complex(0.001, 0.01), new Complex(0.001, 0.01)), [line], [reg], [load], [], [control]);

        ThreePhaseResult free = new ThreePhasePowerFlow(net).Solve();
        ThreePhaseResult fixedTaps = new ThreePhasePowerFlow(net).Solve(options: new ThreePhaseOptions { FixedTaps = true });

        Assert.True(free.Converged);
        Assert.InRange(free.Taps[0].ControlVoltageV, 119, 121);
        Assert.True(free.Taps[0].Step > 0);
        Assert.Equal(1 + (free.Taps[0].Step * 0.00625), free.Taps[0].TapPu, 1e-12);
        Assert.Equal(0, fixedTaps.Taps[0].Step);
        Assert.True(fixedTaps.Taps[0].ControlVoltageV < 119);
    }

    [Fact]
    public void Solve_LoopedNetwork_IsReportedNotSolved()
    {
        var z = new[] { new Complex(0.1, 0.2) };
        var y = new[] { Complex.Zero };
        PhaseLine[] lines =
        [
            new("line.a", 0, 1, [1], [1], z, y),
            new("line.b", 1, 2, [1], [1], z, y),
            new("line.c", 2, 0, [1], [1], z, y),
        ];
        var net = new PhaseNetwork(["s", "x", "y"], [12.47, 12.47, 12.47], new PhaseSource(0, 12.47, 1, 0, new Complex(0.1, 0.1), new Complex(0.1, 0.1)), lines, [], [], [], []);

        ThreePhaseResult result = new ThreePhasePowerFlow(net).Solve();

        Assert.False(result.Solved);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("closes a loop", StringComparison.Ordinal));
    }

    private static double Wrap(double degrees) => ((degrees % 360) + 540) % 360 - 180;
}
