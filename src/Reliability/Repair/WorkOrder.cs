using Lumen.Topology.Network;

namespace Lumen.Reliability.Repair;

/// <summary>
/// One fault repair work order (故障报修工单): one row of <c>work_orders.csv</c>, from the customer's call to the
/// restoration of supply.
/// </summary>
/// <param name="OrderId">Unique order id.</param>
/// <param name="CallTime">When the call was accepted (受理时间); every interval starts here.</param>
/// <param name="Category">Category as the province writes it (kept as data, lower-cased), e.g. <c>outage</c>, <c>customer_side</c>.</param>
/// <remarks>
/// Immutable. The location is a load point, transformer branch, bus or feeder id (<see cref="LocationId"/>) or
/// coordinates in the network's coordinate system, km (<see cref="X"/>, <see cref="Y"/>); the times that are given
/// are in order: call ≤ dispatch ≤ arrival ≤ restoration.
/// </remarks>
public sealed record WorkOrder(string OrderId, DateTimeOffset CallTime, string Category)
{
    /// <summary>Load point, transformer branch, bus or feeder id; empty when the order gives coordinates only.</summary>
    public string LocationId { get; init; } = string.Empty;

    /// <summary>x coordinate, km; null when the order names a location id only.</summary>
    public double? X { get; init; }

    /// <summary>y coordinate, km; null when the order names a location id only.</summary>
    public double? Y { get; init; }

    /// <summary>When a crew was dispatched (派单); null when not recorded.</summary>
    public DateTimeOffset? DispatchTime { get; init; }

    /// <summary>The crew dispatched; empty when none.</summary>
    public string CrewId { get; init; } = string.Empty;

    /// <summary>When the crew arrived on site (到达现场); null when not recorded.</summary>
    public DateTimeOffset? ArrivalTime { get; init; }

    /// <summary>What the crew found (free text, kept as data); may be empty.</summary>
    public string FaultFound { get; init; } = string.Empty;

    /// <summary>When the caller's supply was back (修复送电); null while open.</summary>
    public DateTimeOffset? RestorationTime { get; init; }

    /// <summary>The outage event the order belongs to, when the dispatcher recorded it; empty otherwise (linked by time and place).</summary>
    public string OutageEventId { get; init; } = string.Empty;

    /// <summary>Area class written on the order (e.g. <c>urban</c>); empty to take it from the area class rules.</summary>
    public string AreaClass { get; init; } = string.Empty;

    /// <summary>Where the record came from, for diagnostics.</summary>
    public SourceLocation Source { get; init; } = SourceLocation.None;
}

/// <summary>A repair crew (抢修班组) and its base: one row of <c>crews.csv</c>.</summary>
/// <param name="CrewId">Unique crew id.</param>
/// <param name="BaseId">The base (抢修驻点) it starts from; crews sharing a base share its location.</param>
/// <param name="X">Base x coordinate, km (from the row, or the coordinates of its bus).</param>
/// <param name="Y">Base y coordinate, km.</param>
/// <param name="ShiftStart">Local start of its shift.</param>
/// <param name="ShiftEnd">Local end of its shift; equal to the start for round-the-clock crews, earlier than the start for a shift over midnight.</param>
/// <param name="Size">People in the crew, ≥ 1.</param>
/// <remarks>Immutable.</remarks>
public sealed record Crew(string CrewId, string BaseId, double X, double Y, TimeOnly ShiftStart, TimeOnly ShiftEnd, int Size)
{
    /// <summary>The bus the base was given as; empty when given by coordinates.</summary>
    public string BusId { get; init; } = string.Empty;

    /// <summary>Where the record came from, for diagnostics.</summary>
    public SourceLocation Source { get; init; } = SourceLocation.None;

    /// <summary>Whether the crew is on shift at local time <paramref name="time"/>.</summary>
    public bool OnShift(TimeOnly time) =>
        ShiftStart == ShiftEnd || (ShiftStart < ShiftEnd ? time >= ShiftStart && time < ShiftEnd : time >= ShiftStart || time < ShiftEnd);
}

/// <summary>A place a crew base can be: an existing base or a candidate site of the placement study.</summary>
/// <param name="BaseId">Site id.</param>
/// <param name="X">x coordinate, km.</param>
/// <param name="Y">y coordinate, km.</param>
public sealed record BaseSite(string BaseId, double X, double Y);
