using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;
using Lumen.Reliability.Voltage.PowerFlow.ThreePhase;
using Lumen.Reliability.Voltage;
using Lumen.TestSupport;
using Lumen.Topology.Import.OpenDss;
using Lumen.Topology.Phases;
using Xunit;

namespace Lumen.Reliability.Tests.Voltage;

/// <summary>The 0.4 kV side: a day of load shapes, current unbalance, causes and phase rebalancing (换相).</summary>
public sealed class LowVoltageDayTests
{
    private const string EuropeanLv = "data/feeders/european_lv/Master.dss";

    private static readonly Lazy<PhaseNetwork?> s_lv = new(() =>
        SharedData.Root is null ? null : OpenDssImporter.Import(SharedData.PathOf(EuropeanLv)).Phases);

    [Theory]
    [InlineData(10, 10, 10, 0)]
    [InlineData(100, 50, 80, 50)]
    [InlineData(0, 0, 30, 100)]
    [InlineData(0, 0, 0, 0)]
    public void CurrentUnbalancePercent_IsMaxMinusMinOverMax(double ia, double ib, double ic, double expected) =>
        Assert.Equal(expected, PhaseUnbalance.CurrentUnbalancePercent(ia, ib, ic), 1e-12);

    [Property(MaxTest = 200)]
    public Property CurrentUnbalancePercent_LiesInZeroToHundred_AndIgnoresOrder(NonNegativeInt a, NonNegativeInt b, NonNegativeInt c)
    {
        double u = PhaseUnbalance.CurrentUnbalancePercent(a.Get, b.Get, c.Get);
        return (u is >= 0 and <= 100 && u == PhaseUnbalance.CurrentUnbalancePercent(c.Get, a.Get, b.Get)).ToProperty();
    }

    [Fact]
    public void LimitV_UsesTheClassInVolts_OrTheNearestClassInPerUnit()
    {
        Assert.Equal(198, LowVoltageDay.LimitV(VoltageProfile.GbT12325, 220));
        Assert.Equal(207, LowVoltageDay.LimitV(VoltageProfile.GbT12325, 230), 1e-9);
        Assert.Equal(353.4, LowVoltageDay.LimitV(VoltageProfile.GbT12325, 380));
    }

    [Fact]
    public void Day_NetworkThatCannotBeSolved_IsAProblemNotMinutes()
    {
        var z = new[] { new System.Numerics.Complex(0.1, 0.2) };
        var y = new[] { System.Numerics.Complex.Zero };
        PhaseLine[] loop = [new("line.a", 0, 1, [1], [1], z, y), new("line.b", 1, 2, [1], [1], z, y), new("line.c", 2, 0, [1], [1], z, y)];
        var load = new PhaseLoad("c1", 1, [1, 0], PhaseConnection.Wye, 1, 5, 1, 0.23, ZipShares.ConstantPower, null);
        var net = new PhaseNetwork(["s", "x", "y"], [0.4, 0.4, 0.4], new PhaseSource(0, 0.4, 1, 0, new(0.01, 0.01), new(0.01, 0.01)), loop, [], [load], [], []);

        LowVoltageDayReport report = LowVoltageDay.Run(new LowVoltageDayRequest(net, VoltageProfile.GbT12325));

        Assert.Equal(0, report.Steps);
        Assert.Empty(report.Customers);
        Assert.Contains(report.Problems, p => p.Message.Contains("closes a loop", StringComparison.Ordinal));
    }

    [SharedDataFact(EuropeanLv)]
    public void Day_EuropeanLv_CountsTheMinutesEachCustomerIsBelowTheLimit_AsColdSolvesDo()
    {
        // Two hours around the morning peak at three times the load, warm-started minute to minute, against a cold
        // solve of every minute (a fresh solver each time): the same customers, the same minutes.
        PhaseNetwork net = s_lv.Value!;
        var request = new LowVoltageDayRequest(net, VoltageProfile.GbT12325) { LoadScale = 3 };
        LowVoltageDayReport full = LowVoltageDay.Run(request);
        Assert.Equal(1440, full.Steps);
        Assert.Equal(0, full.UnsettledSteps);
        Assert.Equal(55, full.Customers.Count);
        Assert.True(full.LowVoltageCustomers > 0);
        Assert.All(full.Customers.Where(c => c.MinutesBelow > 0), c => Assert.NotNull(c.Cause));

        var counts = new double[net.Loads.Count];
        var multipliers = new double[net.Loads.Count];
        var voltages = new double[net.Loads.Count];
        for (int minute = 500; minute < 620; minute++)
        {
            LowVoltageDay.Multipliers(net, minute, 3, multipliers);
            var cold = new ThreePhasePowerFlow(net);
            Assert.True(cold.Step(multipliers));
            cold.LoadVoltagesPu(voltages);
            for (int l = 0; l < voltages.Length; l++)
            {
                PhaseLoad load = net.Loads[l];
                if (voltages[l] * LowVoltageDay.RatedV(load) < LowVoltageDay.LimitV(VoltageProfile.GbT12325, LowVoltageDay.RatedV(load)))
                {
                    counts[l]++;
                }
            }
        }

        LowVoltageDayReport window = LowVoltageDay.Run(request with { Steps = 620 });
        LowVoltageDayReport head = LowVoltageDay.Run(request with { Steps = 500 });
        for (int l = 0; l < counts.Length; l++)
        {
            Assert.Equal(counts[l], window.Customers[l].MinutesBelow - head.Customers[l].MinutesBelow);
        }
    }

    [SharedDataFact(EuropeanLv)]
    public void Rebalancing_EuropeanLv_MovesSinglePhaseCustomers_AndRemovesLowVoltage()
    {
        PhaseNetwork net = s_lv.Value!;
        var day = new LowVoltageDayRequest(net, VoltageProfile.GbT12325) { LoadScale = 3 };
        PhaseRebalancingReport report = PhaseRebalancing.Run(new PhaseRebalancingRequest(net, VoltageProfile.GbT12325) { Day = day, MaxMoves = 20 });

        Assert.InRange(report.Moves.Count, 1, 20);
        Assert.Equal(report.Moves.Count, report.Moves.Select(m => m.Load).Distinct().Count());
        Assert.All(report.Moves, m => Assert.NotEqual(m.FromPhase, m.ToPhase));
        Assert.True(report.LowVoltageCustomersBefore > 0);
        Assert.True(report.LowVoltageCustomersAfter < report.LowVoltageCustomersBefore);
        Assert.True(report.CustomerMinutesBelowAfter < report.CustomerMinutesBelowBefore);
        Assert.True(report.After.Transformers[0].MeanUnbalancePercent < report.Before.Transformers[0].MeanUnbalancePercent);

        // The moved customers sit on their new phase in the day after; the others keep theirs.
        var moved = report.Moves.ToDictionary(m => m.Load, m => m.ToPhase);
        foreach ((LowVoltageCustomer before, LowVoltageCustomer after) in report.Before.Customers.Zip(report.After.Customers))
        {
            Assert.Equal(moved.TryGetValue(before.Load, out string? phase) ? phase : before.Phase, after.Phase);
        }
    }

    [SharedDataFact(EuropeanLv)]
    public void Rebalancing_WithNoMovesAllowed_ChangesNothing()
    {
        PhaseNetwork net = s_lv.Value!;
        var day = new LowVoltageDayRequest(net, VoltageProfile.GbT12325) { LoadScale = 3, Steps = 60 };
        PhaseRebalancingReport report = PhaseRebalancing.Run(new PhaseRebalancingRequest(net, VoltageProfile.GbT12325) { Day = day, MaxMoves = 0 });

        Assert.Empty(report.Moves);
        Assert.Equal(report.CustomerMinutesBelowBefore, report.CustomerMinutesBelowAfter);
    }
}
