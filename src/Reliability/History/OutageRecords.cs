using Lumen.Topology.Network;

namespace Lumen.Reliability.History;

/// <summary>The nature of an outage (DL/T 836 停电性质), which decides how it is reported.</summary>
public enum OutageNature : byte
{
    /// <summary>Fault outage (故障停电): unplanned, caused by a fault.</summary>
    Fault = 0,

    /// <summary>Planned outage (计划停电): pre-arranged, announced in advance.</summary>
    Planned = 1,

    /// <summary>Temporary outage (临时停电): pre-arranged at short notice.</summary>
    Temporary = 2,

    /// <summary>Load shedding for lack of system supply (系统电源不足限电); excluded from RS-3.</summary>
    SupplyShortage = 3,
}

/// <summary>Parsing and naming of <see cref="OutageNature"/>.</summary>
public static class OutageNatures
{
    /// <summary>Every nature, in declaration order.</summary>
    public static IReadOnlyList<OutageNature> All { get; } = [OutageNature.Fault, OutageNature.Planned, OutageNature.Temporary, OutageNature.SupplyShortage];

    /// <summary>Stable snake_case name used in files and JSON: <c>fault</c>, <c>planned</c>, <c>temporary</c>, <c>supply_shortage</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nature"/> is not a defined value.</exception>
    public static string ToSnakeCase(this OutageNature nature) => nature switch
    {
        OutageNature.Fault => "fault",
        OutageNature.Planned => "planned",
        OutageNature.Temporary => "temporary",
        OutageNature.SupplyShortage => "supply_shortage",
        _ => throw new ArgumentOutOfRangeException(nameof(nature), nature, null),
    };

    /// <summary>
    /// Parses a nature as written in outage files: the snake_case names, <c>unplanned</c> for fault, <c>load_shedding</c>
    /// for supply shortage, and the DL/T 836 Chinese terms 故障, 计划, 临时, 限电. Case-insensitive; false when unknown.
    /// </summary>
    public static bool TryParse(string text, out OutageNature nature)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "fault" or "unplanned" or "故障":
                nature = OutageNature.Fault;
                return true;
            case "planned" or "scheduled" or "计划":
                nature = OutageNature.Planned;
                return true;
            case "temporary" or "临时":
                nature = OutageNature.Temporary;
                return true;
            case "supply_shortage" or "load_shedding" or "限电":
                nature = OutageNature.SupplyShortage;
                return true;
            default:
                nature = default;
                return false;
        }
    }
}

/// <summary>
/// One sustained (or, when short, momentary) outage event as recorded by the utility: one row of <c>outages.csv</c>.
/// </summary>
/// <param name="EventId">Unique event id.</param>
/// <param name="Start">When supply was lost.</param>
/// <param name="End">When the last affected customer was restored (the event's end).</param>
/// <param name="DeviceId">
/// The device that operated (its downstream side is interrupted) or the faulted branch (the protection zone of the device
/// that clears a fault on it is interrupted).
/// </param>
/// <param name="Cause">Cause, kept as data (<c>equipment</c>, <c>weather</c>, <c>external_damage</c>, <c>animal</c>, <c>overload</c>, <c>unknown</c> …), lower-cased.</param>
/// <param name="Nature">Fault, planned, temporary or supply shortage.</param>
/// <remarks>
/// Immutable. When <see cref="LoadPointIds"/> is given it replaces the topology's affected set; when
/// <see cref="CustomersInterrupted"/> or <see cref="TransformersInterrupted"/> is given it replaces the count the
/// topology gives (the customers affected are then taken to be a proportional share of every affected load point).
/// </remarks>
public sealed record OutageEvent(string EventId, DateTimeOffset Start, DateTimeOffset End, string DeviceId, string Cause, OutageNature Nature)
{
    /// <summary>Explicit number of customers interrupted; null to take it from the topology.</summary>
    public int? CustomersInterrupted { get; init; }

    /// <summary>Explicit number of distribution transformers (DL/T 836 users) interrupted; null to take it from the topology.</summary>
    public int? TransformersInterrupted { get; init; }

    /// <summary>Explicit affected load points (customer or transformer areas); null to take them from the topology.</summary>
    public IReadOnlyList<string>? LoadPointIds { get; init; }

    /// <summary>Where the record came from (file and line), for diagnostics; <see cref="SourceLocation.None"/> when built in code.</summary>
    public SourceLocation Source { get; init; } = SourceLocation.None;
}

/// <summary>
/// One restoration step of an outage event: one row of <c>restoration_steps.csv</c>. Either a device closed at
/// <see cref="Time"/> (restoring what it feeds) or a count of customers restored.
/// </summary>
/// <param name="EventId">The outage event restored.</param>
/// <param name="Time">When the step restored supply.</param>
/// <remarks>
/// Immutable. A device step restores the customers downstream of the device that are still interrupted and not fed
/// through a deeper device named in another step of the same event: each customer takes the time of the step whose device
/// is nearest upstream of it (the deepest), or the event's end when no step covers it. A normally-open (tie) device
/// restores the isolation segment it connects to (the segment containing its end inside the event's area, and everything
/// below it). A count step restores that many customers (and <see cref="TransformersRestored"/> transformers, or a
/// proportional share) without saying which; per-customer indices then take the event's end for all of them.
/// </remarks>
public sealed record RestorationStep(string EventId, DateTimeOffset Time)
{
    /// <summary>The device closed; null for a count step.</summary>
    public string? DeviceId { get; init; }

    /// <summary>Customers restored by a count step; null for a device step.</summary>
    public int? CustomersRestored { get; init; }

    /// <summary>Transformers restored by a count step; null for a proportional share.</summary>
    public int? TransformersRestored { get; init; }

    /// <summary>Where the record came from, for diagnostics.</summary>
    public SourceLocation Source { get; init; } = SourceLocation.None;
}

/// <summary>
/// One momentary interruption event (a recloser or breaker trip-and-reclose sequence): one row of <c>momentary.csv</c>.
/// </summary>
/// <param name="EventId">Unique id of the momentary event.</param>
/// <param name="Time">When it happened.</param>
/// <param name="DeviceId">The device that operated; everything downstream of it saw the interruptions.</param>
/// <param name="Operations">Number of open operations in the sequence (each a momentary interruption, IEEE 1366 MAIFI), ≥ 1.</param>
/// <remarks>Immutable. The sequence is one momentary event (MAIFI_E) for each customer downstream.</remarks>
public sealed record MomentaryInterruption(string EventId, DateTimeOffset Time, string DeviceId, int Operations)
{
    /// <summary>Where the record came from, for diagnostics.</summary>
    public SourceLocation Source { get; init; } = SourceLocation.None;
}
