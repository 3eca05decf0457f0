using Lumen.Topology.Network;

namespace Lumen.Reliability.Investment;

/// <summary>
/// One change a project makes to the network, by element id so that it applies to the whole network and to any part
/// of it that holds the element. The closed set: <see cref="ReduceFailureRate"/>, <see cref="NewDevice"/>,
/// <see cref="AutomateDevice"/>, <see cref="NewTie"/>, <see cref="NewConductor"/>, <see cref="SetTap"/>,
/// <see cref="NewCapacitor"/> and <see cref="SplitArea"/>.
/// </summary>
public abstract record ProjectEdit
{
    private protected ProjectEdit()
    {
    }

    /// <summary>
    /// What the edit occupies: two projects with an edit on the same key exclude each other (a section rebuilt by
    /// reconductoring is not also replaced; one device per branch end); null when nothing is occupied.
    /// </summary>
    public abstract string? ExclusiveKey { get; }
}

/// <summary>Lowers a branch's permanent failure rate (an aging asset on it replaced by a new one), not below zero.</summary>
/// <param name="BranchId">The branch.</param>
/// <param name="FailuresPerYear">Failures a year removed: the asset's probability of failure now less a new asset's.</param>
public sealed record ReduceFailureRate(string BranchId, double FailuresPerYear) : ProjectEdit
{
    /// <summary>The asset replaced, when known: in a later year of the plan its ageing since now is removed too (a new asset restarts at age 0).</summary>
    public string? AssetId { get; init; }

    /// <inheritdoc/>
    public override string? ExclusiveKey => "rebuild:" + BranchId;
}

/// <summary>A new switching or protective device at one end of a branch of the radial tree.</summary>
/// <param name="Id">New device id.</param>
/// <param name="BranchId">The branch.</param>
/// <param name="AtBus">The branch end where it sits (the source side for a sectionaliser).</param>
/// <param name="Kind">Sectionaliser, load-break switch, recloser or fuse.</param>
/// <param name="Automated">Remote-controlled (operates in the automated switching time).</param>
public sealed record NewDevice(string Id, string BranchId, string AtBus, DeviceKind Kind, bool Automated) : ProjectEdit
{
    /// <inheritdoc/>
    public override string? ExclusiveKey => "device:" + BranchId;
}

/// <summary>Makes an existing switch (a sectionalising switch or a tie's switch) remote-controlled.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="BranchId">The branch it sits on.</param>
public sealed record AutomateDevice(string DeviceId, string BranchId) : ProjectEdit
{
    /// <inheritdoc/>
    public override string? ExclusiveKey => "automate:" + DeviceId;
}

/// <summary>A new normally-open tie (a line or cable with a normally-open load-break switch) between two buses of different feeders.</summary>
/// <param name="Id">New branch id (its switch is <c>Id-LBS</c>).</param>
/// <param name="BusA">One end (the switch side).</param>
/// <param name="BusB">The other end.</param>
/// <param name="LengthKm">Route length, km.</param>
/// <param name="Conductor">Its conductor.</param>
/// <param name="Automated">Whether its switch is remote-controlled.</param>
public sealed record NewTie(string Id, string BusA, string BusB, double LengthKm, ConductorType Conductor, bool Automated) : ProjectEdit
{
    /// <inheritdoc/>
    public override string? ExclusiveKey => "tie:" + Id;
}

/// <summary>Replaces a line or cable section's conductor (reconductoring, trunk reinforcement): new impedance per km and rating; the section is renewed.</summary>
/// <param name="BranchId">The section.</param>
/// <param name="Conductor">The new conductor.</param>
public sealed record NewConductor(string BranchId, ConductorType Conductor) : ProjectEdit
{
    /// <inheritdoc/>
    public override string? ExclusiveKey => "rebuild:" + BranchId;
}

/// <summary>Moves a distribution transformer to another tap (no-load secondary voltage in pu with the primary at 1 pu).</summary>
/// <param name="BranchId">The transformer branch.</param>
/// <param name="TapPu">The new tap.</param>
public sealed record SetTap(string BranchId, double TapPu) : ProjectEdit
{
    /// <inheritdoc/>
    public override string? ExclusiveKey => "tap:" + BranchId;
}

/// <summary>A shunt capacitor bank at a bus (changes the power flow only).</summary>
/// <param name="BusId">The bus.</param>
/// <param name="Kvar">Rating at 1 pu, kvar.</param>
public sealed record NewCapacitor(string BusId, double Kvar) : ProjectEdit
{
    /// <inheritdoc/>
    public override string? ExclusiveKey => null;
}

/// <summary>
/// A new distribution transformer beside an area's transformer (台区分流): it takes <paramref name="Share"/> of the
/// area's load and customers on a new LV bus, with the same per-unit impedance at its own rating.
/// </summary>
/// <param name="LoadPointId">The area's load point (on the LV bus of a transformer).</param>
/// <param name="TransformerId">The area's transformer branch.</param>
/// <param name="Share">Share of load and customers moved, 0..1 exclusive.</param>
/// <param name="NewKva">Rating of the new transformer, kVA.</param>
public sealed record SplitArea(string LoadPointId, string TransformerId, double Share, double NewKva) : ProjectEdit
{
    /// <inheritdoc/>
    public override string? ExclusiveKey => "split:" + TransformerId;
}

/// <summary>A conductor type: impedance per km, rating and permanent failure rate per km of a new section.</summary>
/// <param name="Name">Catalogue name (e.g. <c>JKLYJ-240</c>).</param>
/// <param name="Kind">Overhead line or cable.</param>
/// <param name="ROhmPerKm">Resistance, ohm/km.</param>
/// <param name="XOhmPerKm">Reactance, ohm/km.</param>
/// <param name="RatingAmps">Ampacity, A.</param>
/// <param name="FailuresPerKmYear">Permanent failures per km a year of a new section; NaN keeps the section's own.</param>
/// <param name="RepairHours">Repair time of a failure, hours; NaN keeps the section's own.</param>
public sealed record ConductorType(string Name, BranchKind Kind, double ROhmPerKm, double XOhmPerKm, double RatingAmps, double FailuresPerKmYear, double RepairHours);
