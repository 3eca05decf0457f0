using System.Numerics;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.TestSupport;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Tests.Voltage.PowerFlow;

public sealed partial class RadialPowerFlowTests
{
    private const string Ieee33 = "data/powerflow/ieee33";
    private const string Ieee69 = "data/powerflow/ieee69";

    private static Net TwoBus(double rOhm, double xOhm, double kw, double kvar, BranchKind kind = BranchKind.OverheadLine)
    {
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        b.AddBus(new BusSpec("B", NodeKind.Bus, SourceLocation.None) { NominalKv = 10 });
        b.AddBranch(new BranchSpec("L", "S", "B", kind, SourceLocation.None) { ROhm = rOhm, XOhm = xOhm, LengthKm = 1, Rating = 100 });
        b.AddLoadPoint(new LoadPointSpec("LP", "B", SourceLocation.None) { Customers = 1, PeakKw = kw, PeakKvar = kvar });
        return b.Build().Network!;
    }

    [Fact]
    public void Solve_TwoBusResistiveConstantPower_MatchesQuadraticRoot()
    {
        // 10 kV, 1 MVA base: Z_base = 100 Ω, so 5 Ω is 0.05 pu and 2 MW is 2 pu: V² − V + P·r = 0, V = (1 + √(1 − 4Pr)) / 2.
        Net net = TwoBus(5, 0, 2000, 0);
        PowerFlowResult result = RadialPowerFlow.Solve(net, options: new PowerFlowOptions { TolerancePu = 1e-12 });
        double expected = (1 + Math.Sqrt(1 - (4 * 2 * 0.05))) / 2;
        Assert.True(result.Converged);
        Assert.Equal(expected, result.VoltagePu[1], 1e-10);
        Assert.Equal(0.0, result.AngleDeg[1], 1e-9);
        double amps = 2000 / (Math.Sqrt(3) * 10 * expected);
        Assert.Equal(amps, result.CurrentA[0], 1e-6);
        Assert.Equal(100 * amps / 100, result.LoadingPct[0], 1e-6);
        Assert.Equal(3 * amps * amps * 5 / 1000, result.LossesKw, 1e-6);
        Assert.Equal(result.LoadKw + result.LossesKw, result.SourceKw, 1e-6);
        Assert.Equal("B", result.MinVoltageBus);
    }

    [Fact]
    public void Solve_TwoBusConstantImpedance_MatchesVoltageDivider()
    {
        Net net = TwoBus(3, 4, 800, 600);
        PowerFlowResult result = RadialPowerFlow.Solve(net, new PowerFlowScenario { LoadModel = LoadModel.ConstantImpedance }, new PowerFlowOptions { TolerancePu = 1e-13 });
        var z = new Complex(0.03, 0.04);
        Complex zLoad = 1 / Complex.Conjugate(new Complex(0.8, 0.6));
        Complex v = zLoad / (z + zLoad);
        Assert.Equal(v.Magnitude, result.VoltagePu[1], 1e-10);
        Assert.Equal(v.Phase * 180 / Math.PI, result.AngleDeg[1], 1e-8);
    }

    [Fact]
    public void Solve_Capacitor_RaisesVoltageAndSuppliesItsKvarAtVSquared()
    {
        Net net = TwoBus(3, 4, 800, 600);
        PowerFlowResult without = RadialPowerFlow.Solve(net);
        PowerFlowScenario withCap = PowerFlowScenario.Base.WithCapacitor(new NodeIndex(1), 600);
        PowerFlowResult with = RadialPowerFlow.Solve(net, withCap);
        Assert.True(with.VoltagePu[1] > without.VoltagePu[1]);
        double v = with.VoltagePu[1];
        Assert.Equal(600 - (600 * v * v), with.LoadKvar, 1e-6);
        Assert.Equal(with.LoadKvar + with.LossesKvar, with.SourceKvar, 1e-6);
    }

    [Fact]
    public void Solve_TransformerTapAndRatio_ScaleTheSecondary()
    {
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        b.AddBus(new BusSpec("LV", NodeKind.Bus, SourceLocation.None) { NominalKv = 0.4 });
        b.AddBranch(new BranchSpec("T", "S", "LV", BranchKind.Transformer, SourceLocation.None) { ROhm = 0, XOhm = 0, Rating = 400 });
        b.AddLoadPoint(new LoadPointSpec("LP", "LV", SourceLocation.None) { Customers = 1, PeakKw = 200, PeakKvar = 0 });
        Net net = b.Build().Network!;
        PowerFlowResult nominal = RadialPowerFlow.Solve(net);
        Assert.Equal(1.0, nominal.VoltagePu[1], 1e-12);
        Assert.Equal(0.4, nominal.VoltageKv(1), 1e-12);
        Assert.Equal(50.0, nominal.LoadingPct[0], 1e-9);
        Assert.Equal(200 / (Math.Sqrt(3) * 10), nominal.CurrentA[0], 1e-9);
        PowerFlowResult tapped = RadialPowerFlow.Solve(net, PowerFlowScenario.Base.WithTap(new EdgeIndex(0), 1.025));
        Assert.Equal(1.025, tapped.VoltagePu[1], 1e-12);
    }

    [Fact]
    public void Solve_NetworkTap_IsUsedUnlessTheScenarioOverridesIt()
    {
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        b.AddBus(new BusSpec("LV", NodeKind.Bus, SourceLocation.None) { NominalKv = 0.4 });
        b.AddBranch(new BranchSpec("T", "S", "LV", BranchKind.Transformer, SourceLocation.None) { ROhm = 0.5, XOhm = 1.5, Rating = 400, TapPu = 1 / 0.95 });
        b.AddLoadPoint(new LoadPointSpec("LP", "LV", SourceLocation.None) { Customers = 1, PeakKw = 200, PeakKvar = 50 });
        Net net = b.Build().Network!;

        // No load: the secondary is the source voltage times the tap.
        PowerFlowResult noLoad = RadialPowerFlow.Solve(net, new PowerFlowScenario { LoadScale = 0, SourceVoltagePu = 1.05 });
        Assert.Equal(1.05 / 0.95, noLoad.VoltagePu[1], 1e-12);

        // Loaded, the network's tap gives what the same tap given by a scenario gives; a scenario tap replaces it.
        PowerFlowResult fromNetwork = RadialPowerFlow.Solve(net);
        PowerFlowResult fromScenario = RadialPowerFlow.Solve(net, PowerFlowScenario.Base.WithTap(new EdgeIndex(0), 1 / 0.95));
        Assert.Equal(fromScenario.VoltagePu[1], fromNetwork.VoltagePu[1], 1e-12);
        PowerFlowResult replaced = RadialPowerFlow.Solve(net, PowerFlowScenario.Base.WithTap(new EdgeIndex(0), 1.0));
        Assert.True(replaced.VoltagePu[1] < fromNetwork.VoltagePu[1] - 0.04);
    }

    [Theory]
    [InlineData(BranchKind.OverheadLine, 1.05, "applies only to transformers")]
    [InlineData(BranchKind.Transformer, 1.5, "outside")]
    [InlineData(BranchKind.Transformer, double.NaN, "outside")]
    public void Build_ImplausibleTap_IsAnError(BranchKind kind, double tap, string message)
    {
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        b.AddBus(new BusSpec("B", NodeKind.Bus, SourceLocation.None) { NominalKv = kind == BranchKind.Transformer ? 0.4 : 10 });
        b.AddBranch(new BranchSpec("X", "S", "B", kind, SourceLocation.None) { ROhm = 1, XOhm = 1, TapPu = tap });
        BuildResult result = b.Build();
        Assert.Null(result.Network);
        Diagnostic error = Assert.Single(result.Errors);
        Assert.Equal("tap_pu", error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_LoadScaleAndOverrides_ScaleTheLoad()
    {
        Net net = TwoBus(1, 1, 100, 50);
        PowerFlowScenario scenario = new PowerFlowScenario { LoadScale = 1.5 }.WithLoad(0, new LoadKva(200, 0));
        PowerFlowResult result = RadialPowerFlow.Solve(net, scenario);
        Assert.Equal(300, result.LoadKw, 1e-9);
        Assert.Equal(0, result.LoadKvar, 1e-9);
    }

    [Fact]
    public void Solve_Overload_DivergesAndNamesTheWorstBus()
    {
        // 2 pu through 0.5 pu of resistance has no solution (4·P·r = 4 > 1).
        Net net = TwoBus(50, 0, 2000, 0);
        PowerFlowResult result = RadialPowerFlow.Solve(net);
        Assert.True(result.Solved);
        Assert.False(result.Converged);
        Diagnostic error = Assert.Single(result.Diagnostics);
        Assert.Contains("bus 'B'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_IterationLimit_ReportsNonConvergence()
    {
        Net net = TwoBus(5, 5, 1000, 500);
        PowerFlowResult result = RadialPowerFlow.Solve(net, options: new PowerFlowOptions { MaxIterations = 2, TolerancePu = 1e-14 });
        Assert.False(result.Converged);
        Assert.Equal(2, result.Iterations);
        Assert.Contains("did not converge in 2 sweeps", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
        Assert.Contains("'B'", result.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_LoopedState_IsNotSolved()
    {
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        b.AddBus(new BusSpec("A", NodeKind.Bus, SourceLocation.None));
        b.AddBus(new BusSpec("C", NodeKind.Bus, SourceLocation.None));
        b.AddBranch(new BranchSpec("1", "S", "A", BranchKind.OverheadLine, SourceLocation.None) { ROhm = 1, XOhm = 1 });
        b.AddBranch(new BranchSpec("2", "A", "C", BranchKind.OverheadLine, SourceLocation.None) { ROhm = 1, XOhm = 1 });
        b.AddBranch(new BranchSpec("3", "S", "C", BranchKind.OverheadLine, SourceLocation.None) { ROhm = 1, XOhm = 1, NormallyOpen = true });
        Net net = b.Build().Network!;
        net.TryGetEdge("3", out EdgeIndex tie);
        PowerFlowResult result = RadialPowerFlow.Solve(net, new PowerFlowScenario { State = net.NormalState.WithEdgeClosed(tie, true) });
        Assert.False(result.Solved);
        Assert.Contains("closes a loop", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
        Assert.True(double.IsNaN(result.VoltagePu[1]));
    }

    [Fact]
    public void Solve_TapOnALine_IsAnError()
    {
        Net net = TwoBus(1, 1, 100, 50);
        PowerFlowResult result = RadialPowerFlow.Solve(net, PowerFlowScenario.Base.WithTap(new EdgeIndex(0), 1.05));
        Assert.False(result.Solved);
        Assert.Contains("not a transformer", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_MillionNodeChain_DoesNotRecurse()
    {
        const int n = 1_000_000;
        var b = new NetworkBuilder(n, n, 0, 1);
        b.AddBus(new BusSpec("0", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        for (int i = 1; i < n; i++)
        {
            string id = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            b.AddBus(new BusSpec(id, NodeKind.Bus, SourceLocation.None));
            b.AddBranch(new BranchSpec("e" + id, (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), id, BranchKind.Cable, SourceLocation.None) { ROhm = 1e-6, XOhm = 1e-6 });
        }

        b.AddLoadPoint(new LoadPointSpec("LP", "999999", SourceLocation.None) { Customers = 1, PeakKw = 100 });
        PowerFlowResult result = RadialPowerFlow.Solve(b.Build().Network!);
        Assert.True(result.Converged);
        Assert.True(result.MinVoltagePu < 1 && result.MinVoltagePu > 0.99);
    }

    [SharedDataFact(Ieee33)]
    public void Solve_Ieee33BaseCase_ReproducesBaranWu()
    {
        Net net = Import(Ieee33);
        PowerFlowResult result = RadialPowerFlow.Solve(net);
        Assert.True(result.Converged);
        Assert.Equal(202.67, result.LossesKw, 0.01);
        Assert.Equal(135.14, result.LossesKvar, 0.01);
        Assert.Equal("18", result.MinVoltageBus);
        Assert.Equal(0.9131, Math.Round(result.MinVoltagePu, 4));
        Assert.Equal(3715, result.LoadKw, 1e-6);
        Assert.Equal(result.LoadKw + result.LossesKw, result.SourceKw, 1e-5);
    }

    [SharedDataFact(Ieee33)]
    public void Solve_Ieee33OptimalTies_ReproducesReconfiguration()
    {
        Net net = Import(Ieee33);
        PowerFlowResult result = RadialPowerFlow.Solve(net, new PowerFlowScenario { State = Reconfigure(net, open: ["7", "9", "14", "32", "37"], close: ["33", "34", "35", "36"]) });
        Assert.True(result.Converged);
        Assert.Equal(139.55, result.LossesKw, 0.01);
        Assert.Equal(0.9378, Math.Round(result.MinVoltagePu, 4));
        Assert.Equal("32", result.MinVoltageBus);
    }

    [SharedDataFact(Ieee69)]
    public void Solve_Ieee69BaseCase_ReproducesPublishedLosses()
    {
        Net net = Import(Ieee69);
        PowerFlowResult result = RadialPowerFlow.Solve(net);
        Assert.True(result.Converged);
        Assert.InRange(result.LossesKw, 224.95, 225.0);
        Assert.Equal(102.1, result.LossesKvar, 0.1);
        Assert.Equal("65", result.MinVoltageBus);
        Assert.Equal(0.9092, Math.Round(result.MinVoltagePu, 4));
    }

    [SharedDataFact(Ieee69)]
    public void Solve_Ieee69OptimalTies_ReproducesReconfiguration()
    {
        Net net = Import(Ieee69);
        PowerFlowResult result = RadialPowerFlow.Solve(net, new PowerFlowScenario { State = Reconfigure(net, open: ["14", "57", "61"], close: ["71", "72", "73"]) });
        Assert.True(result.Converged);
        Assert.Equal(98.6, Math.Round(result.LossesKw, 1));
        Assert.Equal(0.9495, Math.Round(result.MinVoltagePu, 4));
        Assert.Equal("61", result.MinVoltageBus);
    }

    private static Net Import(string relative)
    {
        NetworkImportResult imported = PowerFlowCaseImporter.Import(SharedData.PathOf(relative));
        return imported.Network ?? throw new InvalidOperationException(string.Join("\n", imported.Diagnostics));
    }

    private static SwitchState Reconfigure(Net net, string[] open, string[] close)
    {
        SwitchState state = net.NormalState;
        foreach (string id in close)
        {
            Assert.True(net.TryGetEdge(id, out EdgeIndex e));
            state = state.WithEdgeClosed(e, true);
        }

        foreach (string id in open)
        {
            Assert.True(net.TryGetEdge(id, out EdgeIndex e));
            state = state.WithEdgeClosed(e, false);
        }

        return state;
    }
}
