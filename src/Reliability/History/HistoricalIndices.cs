using System.Text.Json.Serialization;

namespace Lumen.Reliability.History;

/// <summary>
/// IEEE 1366 and DL/T 836 reliability indices of a set of interruptions over a period, with the sums they come from.
/// Durations are in hours; shares are fractions 0..1, except RS-1 and RS-3 in per cent.
/// </summary>
/// <remarks>
/// Immutable. Empty input: with no events every count and duration is 0 and every share 0 (ASAI 1, RS 100 %); with no
/// customers served (N_T = 0) the per-customer-served indices are NaN; with no customer interrupted (CN = 0) CTAIDI,
/// CAIFI and CAIDI are NaN. Frequencies count interruptions that start in the period; durations are clipped to it.
/// Per-customer counts (CN, CEMI, CEMSMI, CELID) are kept per load point, whose customers share one history.
/// </remarks>
public sealed record HistoricalIndices
{
    /// <summary>N_T: customers served.</summary>
    public long CustomersServed { get; init; }

    /// <summary>DL/T 836 users served: distribution transformers.</summary>
    public long TransformersServed { get; init; }

    /// <summary>L_T: connected transformer kVA.</summary>
    public double ConnectedKva { get; init; }

    /// <summary>Length of the period in hours.</summary>
    public double PeriodHours { get; init; }

    /// <summary>Sustained events counted (started in the period, longer than the sustained threshold somewhere).</summary>
    public int SustainedEvents { get; init; }

    /// <summary>Momentary events counted (momentary records plus interruptions no longer than the sustained threshold).</summary>
    public int MomentaryEvents { get; init; }

    /// <summary>Σ N_i: sustained customer interruptions.</summary>
    public double CustomerInterruptions { get; init; }

    /// <summary>Σ r_i N_i: sustained customer-hours of interruption.</summary>
    public double CustomerHours { get; init; }

    /// <summary>CN: customers with at least one sustained interruption.</summary>
    public double CustomersInterrupted { get; init; }

    /// <summary>SAIFI = Σ N_i / N_T (interruptions per customer).</summary>
    public double Saifi { get; init; }

    /// <summary>SAIDI = Σ r_i N_i / N_T (hours per customer).</summary>
    public double Saidi { get; init; }

    /// <summary>CAIDI = SAIDI / SAIFI (hours per interruption).</summary>
    public double Caidi { get; init; }

    /// <summary>CTAIDI = Σ r_i N_i / CN (hours per interrupted customer).</summary>
    public double Ctaidi { get; init; }

    /// <summary>CAIFI = Σ N_i / CN (interruptions per interrupted customer).</summary>
    public double Caifi { get; init; }

    /// <summary>ASAI = 1 − Σ r_i N_i / (N_T · T).</summary>
    public double Asai { get; init; }

    /// <summary>ASIFI = Σ L_i / L_T (connected kVA interrupted per kVA served).</summary>
    public double Asifi { get; init; }

    /// <summary>ASIDI = Σ r_i L_i / L_T (hours).</summary>
    public double Asidi { get; init; }

    /// <summary>MAIFI = Σ momentary interruptions × customers / N_T (each reclosing operation counts).</summary>
    public double Maifi { get; init; }

    /// <summary>MAIFI_E = Σ momentary events × customers / N_T (a reclosing sequence counts once).</summary>
    public double MaifiE { get; init; }

    /// <summary>CEMI_n: share of customers with more than n sustained interruptions.</summary>
    public double Cemi { get; init; }

    /// <summary>CEMSMI_n: share of customers with more than n sustained interruptions plus momentary events.</summary>
    public double Cemsmi { get; init; }

    /// <summary>CELID-s: share of customers with a single sustained interruption of at least s hours.</summary>
    public double CelidS { get; init; }

    /// <summary>CELID-t: share of customers whose sustained interruptions total at least t hours.</summary>
    public double CelidT { get; init; }

    /// <summary>DL/T 836 Σ users (transformers) interrupted for longer than the DL/T threshold.</summary>
    public double UserInterruptions { get; init; }

    /// <summary>DL/T 836 Σ outage hours × users.</summary>
    public double UserHours { get; init; }

    /// <summary>DL/T 836 AITC-1 = Σ users interrupted / users served (times per user).</summary>
    [JsonPropertyName("aitc_1")]
    public double Aitc1 { get; init; }

    /// <summary>DL/T 836 AIHC-1 = Σ outage hours × users / users served (hours per user).</summary>
    [JsonPropertyName("aihc_1")]
    public double Aihc1 { get; init; }

    /// <summary>DL/T 836 RS-1 = (1 − AIHC-1 / period hours) × 100 %.</summary>
    [JsonPropertyName("rs_1")]
    public double Rs1 { get; init; }

    /// <summary>DL/T 836 RS-3: RS-1 without supply-shortage load shedding (%).</summary>
    [JsonPropertyName("rs_3")]
    public double Rs3 { get; init; }
}
