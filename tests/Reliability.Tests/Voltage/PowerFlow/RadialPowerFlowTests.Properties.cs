using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Tests.Voltage.PowerFlow;

public sealed partial class RadialPowerFlowTests
{
    [Property(MaxTest = 60)]
    public Property Solve_RandomRadialNetwork_AgreesWithNewtonRaphson(PositiveInt seed, PositiveInt size)
    {
        (Net net, PowerFlowScenario scenario) = RandomFeeders.Create(seed.Get, 2 + (size.Get % 40));

        // Zero-impedance bus-ties have no admittance; give them a tiny one in both solvers through the scenario.
        var branches = new Dictionary<int, BranchImpedance>();
        for (int e = 0; e < net.EdgeCount; e++)
        {
            if (net.EdgeKinds[e] == BranchKind.BusTie)
            {
                branches[e] = new BranchImpedance(1e-3, 1e-3, double.NaN);
            }
        }

        scenario = scenario with { Branches = branches };
        PowerFlowResult sweep = RadialPowerFlow.Solve(net, scenario, new PowerFlowOptions { TolerancePu = 1e-12 });
        (double[] vm, double[] angle) = NewtonRaphsonOracle.Solve(net, scenario);
        double worst = 0;
        for (int v = 0; v < net.NodeCount; v++)
        {
            worst = Math.Max(worst, Math.Abs(sweep.VoltagePu[v] - vm[v]));
            worst = Math.Max(worst, Math.Abs(sweep.AngleDeg[v] - angle[v]) * Math.PI / 180);
        }

        double balanceKw = Math.Abs(sweep.SourceKw - sweep.LoadKw - sweep.LossesKw);
        double balanceKvar = Math.Abs(sweep.SourceKvar - sweep.LoadKvar - sweep.LossesKvar);
        return (sweep.Converged && worst < 1e-6 && balanceKw < 1e-6 && balanceKvar < 1e-6)
            .Label($"converged={sweep.Converged} worst={worst:G3} balance={balanceKw:G3} kW / {balanceKvar:G3} kvar");
    }

    [Property(MaxTest = 30)]
    public Property Solve_ZeroImpedanceTies_GiveTheirParentsVoltage(PositiveInt seed)
    {
        (Net net, PowerFlowScenario scenario) = RandomFeeders.Create(seed.Get, 25);
        PowerFlowResult result = RadialPowerFlow.Solve(net, scenario);
        bool ok = result.Converged;
        for (int v = 0; v < net.NodeCount; v++)
        {
            int e = net.Normal.ParentEdge[v];
            if (e >= 0 && net.EdgeKinds[e] == BranchKind.BusTie)
            {
                ok &= Math.Abs(result.VoltagePu[v] - result.VoltagePu[net.Normal.Parent[v]]) < 1e-12;
            }
        }

        return ok.ToProperty();
    }
}
