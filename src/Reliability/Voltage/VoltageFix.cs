using System.Globalization;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Voltage;

/// <summary>
/// A remedy for low voltage or overload, evaluated as a what-if: it turns a network and scenario into changed ones.
/// The closed set of fixes: <see cref="TapChange"/>, <see cref="AddCapacitor"/>, <see cref="Reconductor"/>,
/// <see cref="SplitArea"/> and <see cref="TieTransfer"/>.
/// </summary>
/// <remarks>Immutable records. Only <see cref="SplitArea"/> changes the network (rebuilt, O(N)); the others change the scenario.</remarks>
public abstract record VoltageFix
{
    private protected VoltageFix()
    {
    }

    /// <summary>A short description for reports.</summary>
    public abstract string Describe(Net network);

    /// <summary>
    /// Applies the fix. Returns the changed network (the same instance unless the fix rebuilds it) and scenario, or
    /// <c>Error</c> set when the fix does not apply (wrong element kind, index out of range).
    /// </summary>
    public abstract (Net Network, PowerFlowScenario Scenario, string? Error) Apply(Net network, PowerFlowScenario scenario);

    private protected static bool ValidEdge(Net network, int edge) => (uint)edge < (uint)network.EdgeCount;
}

/// <summary>Moves a distribution transformer to another tap.</summary>
/// <param name="Transformer">The transformer branch.</param>
/// <param name="TapPu">No-load secondary voltage in pu with the primary at 1 pu (1.05 for the −5 % HV tap, roughly).</param>
public sealed record TapChange(EdgeIndex Transformer, double TapPu) : VoltageFix
{
    /// <inheritdoc/>
    public override string Describe(Net network) => string.Create(CultureInfo.InvariantCulture, $"tap {network.EdgeIds[Transformer.Value]} to {TapPu:0.###} pu");

    /// <inheritdoc/>
    public override (Net Network, PowerFlowScenario Scenario, string? Error) Apply(Net network, PowerFlowScenario scenario)
    {
        if (!ValidEdge(network, Transformer.Value) || network.EdgeKinds[Transformer.Value] != BranchKind.Transformer)
        {
            return (network, scenario, "a tap change needs a transformer branch");
        }

        return (network, scenario.WithTap(Transformer, TapPu), null);
    }
}

/// <summary>Installs a shunt capacitor bank.</summary>
/// <param name="Bus">Where.</param>
/// <param name="Kvar">Rating at 1.0 pu, kvar.</param>
public sealed record AddCapacitor(NodeIndex Bus, double Kvar) : VoltageFix
{
    /// <inheritdoc/>
    public override string Describe(Net network) => string.Create(CultureInfo.InvariantCulture, $"capacitor {Kvar:0} kvar at {network.NodeIds[Bus.Value]}");

    /// <inheritdoc/>
    public override (Net Network, PowerFlowScenario Scenario, string? Error) Apply(Net network, PowerFlowScenario scenario) =>
        (uint)Bus.Value >= (uint)network.NodeCount || !(Kvar > 0)
            ? (network, scenario, "a capacitor needs an existing bus and a positive rating")
            : (network, scenario.WithCapacitor(Bus, Kvar), null);
}

/// <summary>Replaces the conductor of a section: new impedance per km over the section's length, and a new rating.</summary>
/// <param name="Section">The line or cable branch.</param>
/// <param name="ROhmPerKm">New resistance, ohm/km.</param>
/// <param name="XOhmPerKm">New reactance, ohm/km.</param>
/// <param name="RatingAmps">New rating, A.</param>
public sealed record Reconductor(EdgeIndex Section, double ROhmPerKm, double XOhmPerKm, double RatingAmps) : VoltageFix
{
    /// <inheritdoc/>
    public override string Describe(Net network) => string.Create(CultureInfo.InvariantCulture, $"reconductor {network.EdgeIds[Section.Value]} ({ROhmPerKm}+j{XOhmPerKm} ohm/km, {RatingAmps} A)");

    /// <inheritdoc/>
    public override (Net Network, PowerFlowScenario Scenario, string? Error) Apply(Net network, PowerFlowScenario scenario)
    {
        if (!ValidEdge(network, Section.Value) || network.EdgeKinds[Section.Value] is not (BranchKind.OverheadLine or BranchKind.Cable) || !(network.LengthKm[Section.Value] > 0))
        {
            return (network, scenario, "reconductoring needs a line or cable section with a length");
        }

        double km = network.LengthKm[Section.Value];
        return (network, scenario.WithBranch(Section, new BranchImpedance(ROhmPerKm * km, XOhmPerKm * km, RatingAmps)), null);
    }
}

/// <summary>
/// Splits a transformer area: a new transformer of <paramref name="NewKva"/> beside the existing one (same primary
/// bus, same per-unit impedance) takes over <paramref name="Share"/> of the area's load and customers on a new LV bus.
/// </summary>
/// <param name="LoadPoint">The area's load point, on the LV bus of a transformer.</param>
/// <param name="Share">Share of load and customers moved, 0..1 exclusive.</param>
/// <param name="NewKva">Rating of the new transformer, kVA.</param>
public sealed record SplitArea(int LoadPoint, double Share, double NewKva) : VoltageFix
{
    /// <inheritdoc/>
    public override string Describe(Net network) => string.Create(CultureInfo.InvariantCulture, $"split area {network.LoadPointIds[LoadPoint]} ({Share:P0} to a new {NewKva:0} kVA transformer)");

    /// <inheritdoc/>
    public override (Net Network, PowerFlowScenario Scenario, string? Error) Apply(Net network, PowerFlowScenario scenario)
    {
        if ((uint)LoadPoint >= (uint)network.LoadPointCount || !(Share is > 0 and < 1) || !(NewKva > 0))
        {
            return (network, scenario, "a split needs an existing load point, a share in 0..1 and a positive rating");
        }

        int lvBus = network.LoadPointNode[LoadPoint];
        int transformer = network.Normal.ParentEdge[lvBus];
        if (transformer < 0 || network.EdgeKinds[transformer] != BranchKind.Transformer)
        {
            return (network, scenario, $"load point '{network.LoadPointIds[LoadPoint]}' is not fed by a transformer");
        }

        int hvBus = network.Normal.Parent[lvBus];
        string txId = network.EdgeIds[transformer];
        double oldKva = network.EdgeRating[transformer];
        double impedanceScale = oldKva > 0 ? oldKva / NewKva : 1;
        NetworkBuilder builder = NetworkCopy.ToBuilder(network, LoadPoint, 1 - Share);
        string newBus = UniqueId(network, network.NodeIds[lvBus] + "-split");
        string newTx = txId + "-split";
        builder.AddBus(new BusSpec(newBus, NodeKind.Bus, SourceLocation.None) { NominalKv = network.NominalKv[lvBus] });
        builder.AddBranch(new BranchSpec(newTx, network.NodeIds[hvBus], newBus, BranchKind.Transformer, SourceLocation.None)
        {
            ROhm = network.ROhm[transformer] * impedanceScale,
            XOhm = network.XOhm[transformer] * impedanceScale,
            Rating = NewKva,
            TapPu = network.EdgeTapPu[transformer],
            FailureRatePerYear = network.FailureRatePerYear[transformer],
            RepairHours = network.RepairHours[transformer],
            Feeder = network.EdgeFeederHint[transformer],
        });
        int customers = network.Customers[LoadPoint];
        int moved = (int)Math.Round(customers * Share);
        builder.AddLoadPoint(new LoadPointSpec(network.LoadPointIds[LoadPoint] + "-split", newBus, SourceLocation.None)
        {
            Customers = moved,
            PeakKw = network.PeakKw[LoadPoint] * Share,
            PeakKvar = network.PeakKvar[LoadPoint] * Share,
            AverageKw = network.AverageKw[LoadPoint] * Share,
            CustomerClass = network.CustomerClass[LoadPoint],
        });
        BuildResult built = builder.Build();
        if (built.Network is not Net rebuilt)
        {
            return (network, scenario, "the split network does not build: " + string.Join("; ", built.Errors.Select(e => e.Message)));
        }

        // Existing elements keep their indices (the copy preserves order), so the scenario carries over; the switch
        // state is replayed onto the new network and an override of the split load point is split too.
        PowerFlowScenario moved2 = scenario with { State = NetworkCopy.RemapState(scenario.State, rebuilt) };
        if (scenario.Loads.TryGetValue(LoadPoint, out LoadKva load))
        {
            moved2 = moved2.WithLoad(LoadPoint, new LoadKva(load.Kw * (1 - Share), load.Kvar * (1 - Share)))
                .WithLoad(rebuilt.LoadPointCount - 1, new LoadKva(load.Kw * Share, load.Kvar * Share));
        }

        return (rebuilt, moved2, null);
    }

    private static string UniqueId(Net network, string id)
    {
        string candidate = id;
        for (int k = 2; network.TryGetNode(candidate, out _); k++)
        {
            candidate = id + k.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}

/// <summary>Transfers load to a neighbouring feeder: closes a normally-open tie and opens a branch to keep the network radial.</summary>
/// <param name="Close">The tie to close.</param>
/// <param name="Open">The branch to open.</param>
public sealed record TieTransfer(EdgeIndex Close, EdgeIndex Open) : VoltageFix
{
    /// <inheritdoc/>
    public override string Describe(Net network) => $"close {network.EdgeIds[Close.Value]}, open {network.EdgeIds[Open.Value]}";

    /// <inheritdoc/>
    public override (Net Network, PowerFlowScenario Scenario, string? Error) Apply(Net network, PowerFlowScenario scenario)
    {
        if (!ValidEdge(network, Close.Value) || !ValidEdge(network, Open.Value))
        {
            return (network, scenario, "a transfer needs two existing branches");
        }

        SwitchState state = (scenario.State ?? network.NormalState).WithEdgeClosed(Close, true).WithEdgeClosed(Open, false);
        return (network, scenario with { State = state }, null);
    }
}
