namespace Lumen.Reliability.History;

/// <summary>How the sample standard deviation β of the 2.5β method is taken.</summary>
public enum DeviationKind : byte
{
    /// <summary>Sample standard deviation, divisor n − 1 (IEEE 1366 practice; the default).</summary>
    Sample = 0,

    /// <summary>Population standard deviation, divisor n.</summary>
    Population = 1,
}

/// <summary>Major event day (IEEE 1366 2.5β) settings.</summary>
/// <remarks>Mutable settings object.</remarks>
public sealed class MajorEventOptions
{
    /// <summary>The multiplier of β: T_MED = exp(α + k·β). IEEE 1366: 2.5.</summary>
    public double Multiplier { get; set; } = 2.5;

    /// <summary>Years of daily SAIDI before the period that the threshold is learnt from. IEEE 1366: 5.</summary>
    public int LearningYears { get; set; } = 5;

    /// <summary>Sample (default) or population standard deviation.</summary>
    public DeviationKind Deviation { get; set; } = DeviationKind.Sample;

    /// <summary>
    /// Whether pre-arranged outages (planned and temporary) count in daily SAIDI. Default false: a major event is an
    /// unplanned stress on the system, and IEEE 1366 classifies days from unplanned interruptions.
    /// </summary>
    public bool IncludePreArranged { get; set; }
}

/// <summary>Settings of outage statistics: thresholds, the n/s/t of CEMI, CEMSMI and CELID, and the local zone.</summary>
/// <remarks>Mutable settings object; durations are <see cref="TimeSpan"/>s.</remarks>
public sealed class HistoryIndexOptions
{
    /// <summary>IEEE 1366 sustained threshold: an interruption longer than this is sustained, else momentary. Default 5 min.</summary>
    public TimeSpan SustainedThreshold { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>DL/T 836 threshold: an outage longer than this counts in AITC-1, AIHC-1, RS-1 and RS-3. Default 3 min.</summary>
    public TimeSpan DlT836Threshold { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The n of CEMI_n: customers with more than n sustained interruptions. Default 3.</summary>
    public int CemiN { get; set; } = 3;

    /// <summary>The n of CEMSMI_n: customers with more than n sustained interruptions and momentary events. Default 3.</summary>
    public int CemsmiN { get; set; } = 3;

    /// <summary>The s of CELID-s: customers with a single interruption of at least s. Default 8 h.</summary>
    public TimeSpan CelidSingle { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The t of CELID-t: customers whose interruptions total at least t. Default 12 h.</summary>
    public TimeSpan CelidTotal { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The zone that defines local days (major event days) and months. Default UTC+08:00.</summary>
    public TimeSpan Zone { get; set; } = HistoryTime.ChinaOffset;

    /// <summary>Major event day settings.</summary>
    public MajorEventOptions MajorEvents { get; set; } = new();
}
