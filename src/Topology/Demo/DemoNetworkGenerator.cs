using Lumen.Topology.Network;

namespace Lumen.Topology.Demo;

/// <summary>
/// Generates a synthetic, realistic State Grid style 10 kV distribution network (several 110/10 kV substations, their
/// feeders, sectionalising switches, laterals, distribution transformers, load points and tie switches), fully
/// determined by a seed. For tests, demos and benchmarks; no file is read or written.
/// </summary>
/// <remarks>
/// <para><b>Structure.</b> Each substation is one <see cref="NodeKind.Source"/> bus (its 10 kV busbar) with 6–12
/// feeders. A feeder leaves through a breaker at the source end of its head section (a cable exit), then runs a trunk
/// (urban: 8–14 sections of 0.2–0.5 km, mostly cable YJV22-3×300, about 3–6 km of trunk and 6–10 km of line in all;
/// rural: 14–28 sections of 0.5–1.1 km, mostly overhead LGJ-240, 10–25 km of trunk, rarely up to 30 km) split by
/// 2–4 sectionalising switches (load-break switches or disconnectors; automated ones operate in
/// <see cref="AutomatedSwitchingHours"/>, manual ones in <see cref="UrbanManualSwitchingHours"/> or
/// <see cref="RuralManualSwitchingHours"/>). Long rural trunks get a mid-line recloser. Branch lines hang off trunk
/// nodes behind a fuse, a branch breaker or (long rural ones) a recloser, and may carry short unprotected or fused spurs.
/// Every distribution transformer (10/0.4 kV, 100–630 kVA, S11 data: u_k 4 %, GB/T 6451 load losses) is a
/// <see cref="BranchKind.Transformer"/> branch from a 10 kV bus to its own 0.4 kV bus behind a drop-out fuse at the
/// 10 kV end, with one load point on the 0.4 kV bus: public transformers serve 50–300 residential customers, dedicated
/// ones a single commercial or industrial customer.</para>
/// <para><b>Loads are coincident.</b> A load point's <c>PeakKw</c>/<c>PeakKvar</c> is its transformer area's demand at
/// the time of the feeder's (and the county's) peak: 40–70 % of the transformer's rating (mean 55 %), times the
/// feeder's demand factor, times a load density that falls on long rural feeders (17 km over the expected trunk
/// length, 0.6–1: sparse villages, whose public transformers are also smaller, 100–200 kVA, beyond about 16 km of
/// trunk), at most 90 % of the rating. The demand factor (lognormal, σ 0.15 of its logarithm, 0.7–1.35; at most 1.15
/// on rural feeders longer than 12 km) spreads the feeder loadings as county grids show them: head loading (peak over
/// the 8.3 MVA cable exit) with a median of about 50 %, a few per cent of feeders above 80 % and well under 1 % above
/// 100 % (targets and sources in docs/demo.md). An area's own, non-coincident peak is higher, but no such figure is
/// stored, so no diversity or coincidence factor is needed: the sum of a feeder's load-point peaks is the feeder's
/// peak, and a power flow at load scale 1 is the peak-load case. Average load is 50–60 % of the peak, reactive load
/// from a power factor of 0.93–0.97. Every feeder gets its share of the buses by a weight drawn when the substations
/// are planned (urban 0.5–0.75, rural 1.0–1.3 of the average), so a feeder carries about 15–30 transformers (urban,
/// 5–12 MVA installed) or 25–45 (rural, 4–12 MVA) and its coincident peak is typically 2–7 MW.</para>
/// <para><b>Voltage.</b> The substations run counter regulation (<see cref="SourceVoltageAt"/>: 10.5 kV at the peak,
/// 10.0 kV at the night valley). Every distribution transformer sits on one of the five off-load positions of its
/// ±2×2.5 % HV winding, set for the 10 kV voltage at its site: + taps near the substation, − taps where
/// the 10 kV sags; a few units never moved from the nominal tap, and load has grown since a unit was tapped. At the
/// peak with the source at 1.05 pu the power flow converges on every feeder; a few tenths of a per cent of the
/// transformer areas, at the far ends of the longest, most loaded rural feeders, are below GB/T 12325's 353.4 V
/// (0.8835 pu of 400 V), none below about 0.82 pu; at light load no busbar is above 406.6 V. The taps need power flows,
/// which are the voltage area's: this generator leaves every transformer on the nominal tap, and the demo as the
/// front ends use it is <c>Lumen.Reliability.Voltage.Demo.DemoGrid</c>, which runs the tap setting as the last step of
/// the same random stream (<see cref="DemoNetwork"/> hands the stream on).</para>
/// <para><b>Ties.</b> Feeders are numbered so that consecutive ones are geographic neighbours (round each substation,
/// then on to the next substation in a serpentine grid). Each consecutive pair is tied, with probability 0.9 when both
/// are urban and 0.6 otherwise, by a zero-length <see cref="BranchKind.BusTie"/> rated 630 A (the tie switch) from the
/// trunk end of the first to the second, carrying a normally-open <see cref="DeviceKind.LoadBreakSwitch"/>. A tie
/// lands on the trunk end of a feeder with no tie onwards, and just upstream of the last sectionalising switch of one
/// that has, so a feeder with two ties can hand its load over in two parts. So a feeder has 0–2 ties, about 85 % have
/// at least one, and a head-room N-1 check passes about 50–70 % of feeders (docs/demo.md).</para>
/// <para><b>Asset and reliability data.</b> Every line, cable and transformer branch and every device has an asset id,
/// asset class and install year (1985–<see cref="ReferenceYear"/>). Each feeder has a build year (urban feeders are
/// recent, rural ones older); its assets date from then, a share of them replaced or added later, automated switches
/// from the distribution-automation programme (2012 on). Bus-tie branches are zero-impedance jumpers carrying the tie
/// switch and have no asset data of their own (the switch is the asset). Failure rates: overhead 0.05–0.12 f/(km·yr),
/// repair 4–6 h; cable 0.02–0.03 f/(km·yr), repair 8–30 h; transformers 0.005–0.012 f/yr, repair 24–200 h,
/// replacement 6–10 h; each multiplied by an age factor rising linearly from 1 at 10 years to 1.6 at 40 years. Devices
/// carry no failure rate (the model has none) and an operating probability of 1, leaving fuse and breaker reliability
/// to the study case; fuses have no operating time (the study's switching time applies).</para>
/// <para><b>Impedances</b> are positive-sequence ohms: lines and cables R/X per km × length (LGJ-240 0.132+j0.35,
/// LGJ-120 0.27+j0.37, LGJ-70 0.46+j0.38, YJV22-300 0.0601+j0.09, YJV22-150 0.124+j0.10, YJV22-70 0.268+j0.11 Ω/km);
/// transformers referred to the 10 kV side (from side): Z_base = 10²/S_MVA, R = P_k/S·Z_base, X = √((0.04·Z_base)² − R²).
/// Ratings are amperes for lines and cables, kVA for transformers. Coordinates are km east/north of an arbitrary origin,
/// substations on a 6 km grid, feeders radiating from them. Lengths and coordinates are rounded to metres.</para>
/// <para><b>Determinism.</b> The same seed and node count give the same network, element for element and in the same
/// order (a private xoshiro256** generator, not <see cref="Random"/>); only <see cref="Math.Sin"/> and
/// <see cref="Math.Cos"/> of the feeder directions depend on the platform's maths library.</para>
/// <para><b>Cost.</b> O(N) time and memory; no LINQ or per-node allocation besides the id strings and specs.</para>
/// </remarks>
public static partial class DemoNetworkGenerator
{
    /// <summary>Node count of <see cref="DemoScale.Small"/>.</summary>
    public const int SmallNodeCount = 1_000;

    /// <summary>Node count of <see cref="DemoScale.County"/>.</summary>
    public const int CountyNodeCount = 50_000;

    /// <summary>Node count of <see cref="DemoScale.Province"/>.</summary>
    public const int ProvinceNodeCount = 1_000_000;

    /// <summary>Smallest target accepted: six feeders of minimal size.</summary>
    public const int MinimumNodeCount = 300;

    /// <summary>Largest target accepted (about 3 GB of specs; beyond it a builder is the wrong tool).</summary>
    public const int MaximumNodeCount = 10_000_000;

    /// <summary>The "current" year of the generated asset register: no install year is later.</summary>
    public const int ReferenceYear = 2025;

    /// <summary>The earliest install year generated.</summary>
    public const int OldestInstallYear = 1985;

    /// <summary>Operating time of automated (remote-controlled) switches, breakers and reclosers, in hours.</summary>
    public const double AutomatedSwitchingHours = 0.1;

    /// <summary>Operating time of manual switches on urban feeders (crew travel and switching), in hours.</summary>
    public const double UrbanManualSwitchingHours = 1.0;

    /// <summary>Operating time of manual switches on rural feeders, in hours.</summary>
    public const double RuralManualSwitchingHours = 1.5;

    /// <summary>
    /// Voltage set point of the substations' 10 kV busbars at the peak, pu (10.5 kV): the peak power flow of the demo
    /// should use it (see <see cref="SourceVoltageAt"/>).
    /// </summary>
    public const double SourceVoltagePu = 1.05;

    /// <summary>Set point at light load (<see cref="LightLoadScale"/> and below), pu (10.0 kV).</summary>
    public const double LightLoadSourceVoltagePu = 1.0;

    /// <summary>The load scale of the night valley: about 0.3 of the coincident peak.</summary>
    public const double LightLoadScale = 0.3;

    /// <summary>
    /// The substations' 10 kV set point at load scale <paramref name="loadScale"/> (1 = the coincident peak): counter
    /// regulation (逆调压), the rule for pilot buses feeding long lines, 105 % of nominal at the peak and 100 % at the
    /// valley, linear in the load between them. The transformer taps are chosen for this schedule.
    /// </summary>
    public static double SourceVoltageAt(double loadScale) => LightLoadSourceVoltagePu
        + ((SourceVoltagePu - LightLoadSourceVoltagePu) * Math.Clamp((loadScale - LightLoadScale) / (1 - LightLoadScale), 0, 1));

    /// <summary>The node count of a preset scale.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not a defined value.</exception>
    public static int TargetNodeCount(DemoScale scale) => scale switch
    {
        DemoScale.Small => SmallNodeCount,
        DemoScale.County => CountyNodeCount,
        DemoScale.Province => ProvinceNodeCount,
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "unknown demo scale"),
    };

    /// <summary>Generates a network of a preset scale.</summary>
    /// <param name="scale">The size preset.</param>
    /// <param name="seed">Any integer; the same seed gives the same network.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not a defined value.</exception>
    /// <remarks>O(N). Thread-safe: each call has its own state.</remarks>
    public static DemoNetwork Generate(DemoScale scale, int seed) => Generate(TargetNodeCount(scale), seed);

    /// <summary>Generates a network with about <paramref name="targetNodeCount"/> buses (within a few per cent).</summary>
    /// <param name="targetNodeCount">Number of buses wanted, <see cref="MinimumNodeCount"/>..<see cref="MaximumNodeCount"/>.</param>
    /// <param name="seed">Any integer; the same seed and count give the same network.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="targetNodeCount"/> is below <see cref="MinimumNodeCount"/> or above <see cref="MaximumNodeCount"/>.
    /// </exception>
    /// <remarks>O(N) time and memory (about 1 KB per bus including the builder's specs). Thread-safe: each call has its own state.</remarks>
    public static DemoNetwork Generate(int targetNodeCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetNodeCount, MinimumNodeCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetNodeCount, MaximumNodeCount);
        return new Generation(targetNodeCount, seed).Run();
    }
}
