namespace Lumen.Topology.Network;

/// <summary>What a failed transformer costs in time: repair in place, or replacement with a spare.</summary>
public enum TransformerOutageMode : byte
{
    /// <summary>Use the branch's repair time.</summary>
    Repair = 0,

    /// <summary>Use the branch's replacement time (falls back to repair time when none is given).</summary>
    Replacement = 1,
}

/// <summary>
/// Study options that come with a network (e.g. RBTS cases A–F in <c>case.json</c>): whether ties may be used, how
/// transformer outages are restored, the default switching time and device reliabilities.
/// </summary>
/// <param name="Id">Case id; <c>default</c> when no case was selected.</param>
/// <param name="AlternateSupply">Whether normally-open ties may be closed to restore load.</param>
/// <param name="TransformerOutage">Repair or replacement time for failed transformers.</param>
/// <param name="SwitchingTimeHours">Time to operate a manual switch that has no operating time of its own, in hours.</param>
/// <param name="FuseReliability">Probability a fuse clears a fault it sees (applies when the device has no own probability).</param>
/// <param name="BreakerReliability">Probability a breaker or recloser trips (applies when the device has no own probability).</param>
public sealed record StudyCase(
    string Id,
    bool AlternateSupply,
    TransformerOutageMode TransformerOutage,
    double SwitchingTimeHours,
    double FuseReliability,
    double BreakerReliability)
{
    /// <summary>The default study: ties usable, transformers repaired, 1 h switching, fully reliable devices.</summary>
    public static StudyCase Default { get; } = new("default", true, TransformerOutageMode.Repair, 1.0, 1.0, 1.0);
}
