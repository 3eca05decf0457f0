using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Voltage;

/// <summary>A bus predicted below its lower limit.</summary>
/// <param name="Node">Node index.</param>
/// <param name="BusId">Bus id.</param>
/// <param name="VoltagePu">Predicted voltage, pu of the bus's base.</param>
/// <param name="LimitPu">Lower limit, pu.</param>
public sealed record LowVoltageBus(int Node, string BusId, double VoltagePu, double LimitPu);

/// <summary>A transformer area (load point) whose customers are predicted below the low-voltage limit.</summary>
/// <param name="LoadPoint">Load-point index.</param>
/// <param name="LoadPointId">Load-point id.</param>
/// <param name="BusId">Bus it is connected to.</param>
/// <param name="Feeder">Feeder name; null when de-energised.</param>
/// <param name="Customers">Customers of the area, all counted as low-voltage customers.</param>
/// <param name="VoltagePu">Predicted customer voltage, pu (bus voltage less the LV network allowance).</param>
/// <param name="LimitPu">Lower limit, pu.</param>
public sealed record LowVoltageArea(int LoadPoint, string LoadPointId, string BusId, string? Feeder, int Customers, double VoltagePu, double LimitPu);

/// <summary>A branch or transformer predicted above its rating.</summary>
/// <param name="Edge">Edge index.</param>
/// <param name="BranchId">Branch id.</param>
/// <param name="Kind">Line, cable or transformer.</param>
/// <param name="LoadingPct">Loading, % of rating.</param>
/// <param name="CurrentA">Current at the upstream terminal, A.</param>
public sealed record OverloadedBranch(int Edge, string BranchId, BranchKind Kind, double LoadingPct, double CurrentA);

/// <summary>The low-voltage prediction of one scenario.</summary>
/// <param name="PowerFlow">The power flow it rests on.</param>
/// <param name="LowBuses">Buses below their limit, lowest first.</param>
/// <param name="LowAreas">Transformer areas below the limit, lowest first.</param>
/// <param name="LowVoltageCustomers">Customers in <paramref name="LowAreas"/>.</param>
/// <param name="Overloaded">Branches above 100 % of rating, most loaded first.</param>
public sealed record LowVoltageReport(
    PowerFlowResult PowerFlow,
    IReadOnlyList<LowVoltageBus> LowBuses,
    IReadOnlyList<LowVoltageArea> LowAreas,
    long LowVoltageCustomers,
    IReadOnlyList<OverloadedBranch> Overloaded);

/// <summary>Options of <see cref="LowVoltagePrediction"/>.</summary>
public sealed record LowVoltagePredictionOptions
{
    /// <summary>Defaults: no LV network allowance, default power-flow settings.</summary>
    public static LowVoltagePredictionOptions Default { get; } = new();

    /// <summary>
    /// Voltage drop allowed for the unmodelled 0.4 kV network between a transformer's LV bus and its customers, in
    /// per unit (0.03 = 3 %). Applied to load points on buses below 1 kV. Default 0.
    /// </summary>
    public double LvNetworkDropPu { get; init; }

    /// <summary>Numerical settings of the power flow.</summary>
    public PowerFlowOptions PowerFlow { get; init; } = PowerFlowOptions.Default;
}

/// <summary>
/// Predicts low-voltage buses, transformer areas and customers and overloaded branches for a load scenario by radial
/// power flow, against a <see cref="VoltageProfile"/>'s lower limits.
/// </summary>
/// <remarks>
/// A bus's limit is the profile's lower limit for its nominal voltage as a fraction of nominal. Buses rated 0.4 kV (the
/// secondary of a 10/0.4 kV transformer) are judged against the 380 V class in volts: 0.95 pu of 400 V is 380 V. A bus
/// whose nominal voltage has no class (the IEEE feeders' 12.66 kV) uses the class nearest in voltage, in per unit.
/// All customers of a low area count as low-voltage customers. O(N + L) after the power flow. Thread-safe.
/// </remarks>
public static class LowVoltagePrediction
{
    /// <summary>Runs the power flow of <paramref name="scenario"/> and lists what is predicted low or overloaded.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static LowVoltageReport Predict(Net network, PowerFlowScenario scenario, VoltageProfile profile, LowVoltagePredictionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(profile);
        options ??= LowVoltagePredictionOptions.Default;
        PowerFlowResult flow = new RadialPowerFlow(network).Solve(scenario, options.PowerFlow);
        return Report(flow, profile, options);
    }

    /// <summary>Lists what <paramref name="flow"/> shows low or overloaded.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static LowVoltageReport Report(PowerFlowResult flow, VoltageProfile profile, LowVoltagePredictionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(profile);
        options ??= LowVoltagePredictionOptions.Default;
        Net net = flow.Network;
        var buses = new List<LowVoltageBus>();
        var areas = new List<LowVoltageArea>();
        var overloaded = new List<OverloadedBranch>();
        if (!flow.Solved)
        {
            return new LowVoltageReport(flow, buses, areas, 0, overloaded);
        }

        var limitPu = new double[net.NodeCount];
        for (int v = 0; v < net.NodeCount; v++)
        {
            double kv = flow.BaseKv[v];
            limitPu[v] = double.IsNaN(kv) ? double.NaN : LimitPu(profile, kv);
            if (flow.VoltagePu[v] < limitPu[v])
            {
                buses.Add(new LowVoltageBus(v, net.NodeIds[v], flow.VoltagePu[v], limitPu[v]));
            }
        }

        long customers = 0;
        ReadOnlySpan<int> feederOf = flow.Trace.FeederOf;
        for (int l = 0; l < net.LoadPointCount; l++)
        {
            int node = net.LoadPointNode[l];
            double v = flow.VoltagePu[node];
            if (flow.BaseKv[node] < 1)
            {
                v -= options.LvNetworkDropPu;
            }

            if (v < limitPu[node])
            {
                int f = feederOf[node];
                areas.Add(new LowVoltageArea(l, net.LoadPointIds[l], net.NodeIds[node], f >= 0 ? flow.Trace.FeederNames[f] : null, net.Customers[l], v, limitPu[node]));
                customers += net.Customers[l];
            }
        }

        for (int e = 0; e < net.EdgeCount; e++)
        {
            if (flow.LoadingPct[e] > 100)
            {
                overloaded.Add(new OverloadedBranch(e, net.EdgeIds[e], net.EdgeKinds[e], flow.LoadingPct[e], flow.CurrentA[e]));
            }
        }

        buses.Sort((a, b) => a.VoltagePu.CompareTo(b.VoltagePu));
        areas.Sort((a, b) => a.VoltagePu.CompareTo(b.VoltagePu));
        overloaded.Sort((a, b) => b.LoadingPct.CompareTo(a.LoadingPct));
        return new LowVoltageReport(flow, buses, areas, customers, overloaded);
    }

    /// <summary>The profile's lower limit in per unit of a bus with base <paramref name="baseKv"/> (see the type remarks).</summary>
    public static double LimitPu(VoltageProfile profile, double baseKv)
    {
        ArgumentNullException.ThrowIfNull(profile);
        double volts = baseKv * 1000;
        if (Math.Abs(baseKv - 0.4) < 0.02 && profile.TryGetLimit(380, out VoltageLimit lv))
        {
            return lv.LowerV / volts;
        }

        if (profile.TryGetLimit(volts, out VoltageLimit exact))
        {
            return exact.LowerV / exact.NominalV;
        }

        VoltageLimit nearest = profile.Limits[0];
        foreach (VoltageLimit l in profile.Limits)
        {
            if (Math.Abs(Math.Log(l.NominalV / volts)) < Math.Abs(Math.Log(nearest.NominalV / volts)))
            {
                nearest = l;
            }
        }

        return nearest.LowerV / nearest.NominalV;
    }
}
