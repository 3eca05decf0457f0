using System.Diagnostics;

namespace Lumen.Reliability.Aging;

/// <summary>Which CNAIM behaviour to follow.</summary>
public enum CnaimMode : byte
{
    /// <summary>The Ofgem v2.1 specification (default).</summary>
    Spec = 0,

    /// <summary>
    /// The public R package CNAIM 2.1.4 with its quirks (asset-risk.md §7): no H ≥ 4 floor in current PoF (Q1), single
    /// factor MMI subtracts 1/1.5 (Q2), altitude ≤ 100 m and coast ≤ 1 km ignored (Q3), package customer numbers (Q4),
    /// HV visual pole condition unusable (Q5), pole future health without measured MMI (Q6), no future PoF for GB
    /// switchgear and LV UGB, age 0 with H = 0.5 has no future PoF.
    /// </summary>
    RPackage = 1,
}

/// <summary>Indoor or outdoor placement (spec §6.4).</summary>
public enum Placement : byte
{
    /// <summary>The category's default (transformers and switchgear indoor, poles outdoor).</summary>
    Default = 0,

    /// <summary>Indoor.</summary>
    Indoor = 1,

    /// <summary>Outdoor.</summary>
    Outdoor = 2,
}

/// <summary>Pole material (sub-division), which sets the normal expected life and the location-factor column.</summary>
public enum PoleMaterial : byte
{
    /// <summary>Concrete: NEL 60 (Lumen's default for Chinese 10 kV poles).</summary>
    Concrete = 0,

    /// <summary>Wood: NEL 55.</summary>
    Wood,

    /// <summary>Wood treated with water-soluble copper salts (excluding CCA): NEL 25.</summary>
    WoodTreated,

    /// <summary>Steel: NEL 50.</summary>
    Steel,

    /// <summary>Other (e.g. fibreglass): NEL 80.</summary>
    Other,
}

/// <summary>The non-condition inputs of CNAIM's health and PoF for one asset.</summary>
/// <remarks>NaN in a numeric field means "Default" (no data). Immutable.</remarks>
public readonly record struct CnaimAsset
{
    /// <summary>The CNAIM category.</summary>
    public CnaimCategory Category { get; init; }

    /// <summary>Age in years, ≥ 0.</summary>
    public double AgeYears { get; init; }

    /// <summary>Pole material; ignored for other families.</summary>
    public PoleMaterial PoleMaterial { get; init; }

    /// <summary>Maximum utilisation under normal operation, % of rating; NaN for Default.</summary>
    public double UtilisationPct { get; init; }

    /// <summary>Operating voltage as % of design voltage (cables); NaN for Default.</summary>
    public double OperatingVoltagePct { get; init; }

    /// <summary>Indoor/outdoor.</summary>
    public Placement Placement { get; init; }

    /// <summary>Altitude in m; NaN for Default.</summary>
    public double AltitudeM { get; init; }

    /// <summary>Distance from the coast in km; NaN for Default.</summary>
    public double DistanceFromCoastKm { get; init; }

    /// <summary>Corrosion category index 1–5 (ISO 9223 style; industrial pollution raises it); 0 for Default.</summary>
    public int CorrosionIndex { get; init; }

    /// <summary>Reliability factor 0.6–1.5 (spec §6.14); NaN for Default (1).</summary>
    public double ReliabilityFactor { get; init; }

    /// <summary>Creates an asset with every optional field at Default.</summary>
    /// <param name="category">The category.</param>
    /// <param name="ageYears">Age in years.</param>
    /// <returns>The asset.</returns>
    public static CnaimAsset Create(CnaimCategory category, double ageYears) => new()
    {
        Category = category,
        AgeYears = ageYears,
        UtilisationPct = double.NaN,
        OperatingVoltagePct = double.NaN,
        AltitudeM = double.NaN,
        DistanceFromCoastKm = double.NaN,
        ReliabilityFactor = double.NaN,
    };
}

/// <summary>CNAIM's current health and PoF of one asset, with the intermediate values a reviewer checks.</summary>
/// <param name="ExpectedLifeYears">Expected life EL = NEL / (duty factor × location factor).</param>
/// <param name="Beta1">Initial ageing rate β1 = ln(11)/EL, per year.</param>
/// <param name="InitialHealth">Initial health score min(5.5, 0.5·e^(β1·age)).</param>
/// <param name="HealthScoreFactor">Health score factor from the observed and measured condition factors.</param>
/// <param name="Cap">Health score cap.</param>
/// <param name="Collar">Health score collar.</param>
/// <param name="CurrentHealth">Current health score, 0.5–10.</param>
/// <param name="PofPerYear">Probability of failure per year (per km per year for cables), as a fraction.</param>
/// <param name="K">The PoF constant K, fraction per year.</param>
public readonly record struct CnaimHealth(
    double ExpectedLifeYears,
    double Beta1,
    double InitialHealth,
    double HealthScoreFactor,
    double Cap,
    double Collar,
    double CurrentHealth,
    double PofPerYear,
    double K);

/// <summary>
/// CNAIM v2.1 health score and probability of failure (asset-risk.md §2–3) for the classes close to a 10 kV system,
/// in the specification's behaviour or the R package's.
/// </summary>
/// <remarks>Pure functions of their inputs: thread-safe, no allocation. O(number of condition readings) per call.</remarks>
public static class Cnaim
{
    /// <summary>C of the PoF curve, the same for every class.</summary>
    public const double C = 1.087;

    /// <summary>Health score of a new asset.</summary>
    public const double NewHealth = 0.5;

    /// <summary>Health score at the end of the expected life.</summary>
    public const double EndOfLifeHealth = 5.5;

    /// <summary>Below this health score the spec's PoF does not depend on H.</summary>
    public const double HealthScoreLimit = 4;

    /// <summary>Future health scores are capped here.</summary>
    public const double MaximumFutureHealth = 15;

    private const double Fd = 1.5;

    /// <summary>The family of a category.</summary>
    /// <param name="category">The category.</param>
    /// <returns>Its family.</returns>
    public static CnaimFamily FamilyOf(CnaimCategory category) => category switch
    {
        CnaimCategory.Transformer11kV or CnaimCategory.Transformer20kV or CnaimCategory.Transformer10kVDk => CnaimFamily.Transformer,
        CnaimCategory.PoleLv or CnaimCategory.Pole11kV or CnaimCategory.Pole20kV => CnaimFamily.Pole,
        CnaimCategory.LvUgb => CnaimFamily.LinkBox,
        CnaimCategory.Cable10kVPexDk => CnaimFamily.Cable,
        CnaimCategory.None => CnaimFamily.None,
        _ => CnaimFamily.Switchgear,
    };

    /// <summary>K, the PoF scale constant, as a fraction per year (per km per year for cables).</summary>
    /// <param name="category">The category.</param>
    /// <returns>K (e.g. 0.000078 for an 11 kV transformer).</returns>
    public static double K(CnaimCategory category) => category switch
    {
        CnaimCategory.Transformer11kV or CnaimCategory.Transformer20kV => 0.0078e-2,
        CnaimCategory.Transformer10kVDk or CnaimCategory.LvUgb => 0.0077e-2,
        CnaimCategory.PoleLv or CnaimCategory.Pole11kV or CnaimCategory.Pole20kV => 0.0285e-2,
        CnaimCategory.Cable10kVPexDk => 0.0658e-2,
        CnaimCategory.None => double.NaN,
        _ => 0.0067e-2,
    };

    /// <summary>Normal expected life in years.</summary>
    /// <param name="category">The category.</param>
    /// <param name="material">Pole material (poles only).</param>
    /// <returns>NEL.</returns>
    public static double NormalExpectedLife(CnaimCategory category, PoleMaterial material) => FamilyOf(category) switch
    {
        CnaimFamily.Transformer => category == CnaimCategory.Transformer10kVDk ? 55 : 60,
        CnaimFamily.Pole => material switch
        {
            PoleMaterial.Wood => 55,
            PoleMaterial.WoodTreated => 25,
            PoleMaterial.Steel => 50,
            PoleMaterial.Other => 80,
            _ => 60,
        },
        CnaimFamily.Cable => 80,
        CnaimFamily.None => double.NaN,
        _ => 55,
    };

    /// <summary>The cubic PoF polynomial 1 + CH + (CH)²/2 + (CH)³/6.</summary>
    /// <param name="health">Health score H.</param>
    /// <returns>The polynomial value (28.501 at H = 4).</returns>
    public static double Polynomial(double health)
    {
        double x = C * health;
        return 1 + x + (x * x / 2) + (x * x * x / 6);
    }

    /// <summary>Duty factor (spec §6.3): transformers from utilisation, cables 0.5·DF1 + 0.5·DF2, others 1.</summary>
    /// <param name="asset">The asset.</param>
    /// <returns>The duty factor.</returns>
    public static double DutyFactor(in CnaimAsset asset)
    {
        double u = asset.UtilisationPct;
        switch (FamilyOf(asset.Category))
        {
            case CnaimFamily.Transformer:
                return double.IsNaN(u) ? 1.0 : u <= 50 ? 0.9 : u <= 70 ? 0.95 : u <= 100 ? 1.0 : 1.4;
            case CnaimFamily.Cable:
                double df1 = double.IsNaN(u) ? 1.0 : u <= 50 ? 0.8 : u <= 70 ? 0.9 : u <= 100 ? 1.0 : 1.8;
                double v = asset.OperatingVoltagePct;
                double df2 = double.IsNaN(v) ? 1.0 : v <= 40 ? 0.7 : v <= 55 ? 0.8 : v <= 70 ? 0.9 : 1.0;
                return (0.5 * df1) + (0.5 * df2);
            default:
                return 1.0;
        }
    }

    /// <summary>Location factor (spec §6.4, EQ.13–17) from coast distance, corrosion index, altitude and placement.</summary>
    /// <param name="asset">The asset.</param>
    /// <param name="mode">Spec, or the package (which drops altitude ≤ 100 m and coast ≤ 1 km, Q3).</param>
    /// <returns>The location factor; 1 for link boxes and cables.</returns>
    public static double LocationFactor(in CnaimAsset asset, CnaimMode mode)
    {
        CnaimFamily family = FamilyOf(asset.Category);
        if (family is CnaimFamily.LinkBox or CnaimFamily.Cable or CnaimFamily.None)
        {
            return 1.0;
        }

        // Column: 0 switchgear/transformers, 1 wood poles, 2 steel poles, 3 concrete (and other) poles.
        int column = family != CnaimFamily.Pole ? 0
            : asset.PoleMaterial is PoleMaterial.Wood or PoleMaterial.WoodTreated ? 1
            : asset.PoleMaterial == PoleMaterial.Steel ? 2 : 3;
        double increment = family == CnaimFamily.Pole ? 0 : 0.05;
        Span<double> factors = stackalloc double[3];
        int n = 0;
        double coast = asset.DistanceFromCoastKm;
        if (double.IsNaN(coast))
        {
            factors[n++] = 1;
        }
        else if (coast > 1 || mode == CnaimMode.Spec)
        {
            factors[n++] = column switch
            {
                0 => coast <= 1 ? 1.35 : coast <= 5 ? 1.10 : coast <= 10 ? 1.05 : coast <= 20 ? 1.0 : 0.9,
                1 => 1,
                2 => coast <= 1 ? 1.5 : coast <= 5 ? 1.2 : coast <= 10 ? 1.1 : 1.0,
                _ => coast <= 1 ? 1.25 : coast <= 5 ? 1.10 : coast <= 10 ? 1.05 : 1.0,
            };
        }

        int corrosion = asset.CorrosionIndex;
        factors[n++] = corrosion is < 1 or > 5 ? 1.0 : column switch
        {
            0 => corrosion switch { 1 => 0.9, 2 => 0.95, 3 => 1.0, 4 => 1.1, _ => 1.25 },
            1 => 1.0,
            2 => corrosion switch { 1 => 0.9, 2 => 0.95, 3 => 1.0, 4 => 1.15, _ => 1.35 },
            _ => corrosion switch { 1 => 0.9, 2 => 0.95, 3 => 1.0, 4 => 1.05, _ => 1.1 },
        };
        double altitude = asset.AltitudeM;
        if (double.IsNaN(altitude))
        {
            factors[n++] = 1;
        }
        else if (altitude > 100 || mode == CnaimMode.Spec)
        {
            factors[n++] = column != 0 ? 1.0 : altitude <= 100 ? 0.9 : altitude <= 200 ? 1.0 : altitude <= 300 ? 1.05 : 1.1;
        }

        double lf = Combine(factors[..n], increment);
        Placement placement = asset.Placement != Placement.Default
            ? asset.Placement
            : family == CnaimFamily.Pole ? Placement.Outdoor : Placement.Indoor;
        if (placement == Placement.Indoor)
        {
            double minimum = column == 1 ? 1.0 : 0.9;
            lf = (0.25 * (lf - minimum)) + minimum;
        }

        return lf;
    }

    private static double Combine(ReadOnlySpan<double> factors, double increment)
    {
        double max = double.NegativeInfinity;
        double min = double.PositiveInfinity;
        int above = 0;
        foreach (double f in factors)
        {
            max = Math.Max(max, f);
            min = Math.Min(min, f);
            if (f > 1)
            {
                above++;
            }
        }

        return max > 1 ? max + ((above - 1) * increment) : min;
    }

    /// <summary>
    /// Maximum-and-multiple-increment combination of condition factors (spec §6.7): with any factor above 1, the largest
    /// plus (f − 1)/1.5 for the next <paramref name="maxCombined"/> − 1 largest factors above 1; otherwise the smallest
    /// plus (second smallest − 1)/1.5.
    /// </summary>
    /// <param name="factors">The factors (reordered in place).</param>
    /// <param name="maxCombined">N, the maximum number of combined factors.</param>
    /// <param name="mode">In <see cref="CnaimMode.RPackage"/> a single factor ≤ 1 becomes f − 1/1.5 (Q2).</param>
    /// <returns>The combined factor; 1 for no factors.</returns>
    public static double Mmi(Span<double> factors, int maxCombined, CnaimMode mode)
    {
        int n = factors.Length;
        if (n == 0)
        {
            return 1.0;
        }

        factors.Sort();
        if (factors[n - 1] > 1)
        {
            double result = factors[n - 1];
            for (int i = n - 2, used = 1; i >= 0 && used < maxCombined && factors[i] > 1; i--, used++)
            {
                result += (factors[i] - 1) / Fd;
            }

            return result;
        }

        if (n == 1)
        {
            return mode == CnaimMode.RPackage ? factors[0] - (1 / Fd) : factors[0];
        }

        return factors[0] + ((factors[1] - 1) / Fd);
    }

    /// <summary>Health score factor from the observed and measured condition factors (spec Table 9).</summary>
    /// <param name="observed">Observed condition factor.</param>
    /// <param name="measured">Measured condition factor.</param>
    /// <returns>The health score factor.</returns>
    public static double HealthScoreFactor(double observed, double measured)
    {
        double a = Math.Max(observed, measured);
        double b = Math.Min(observed, measured);
        return a > 1 && b > 1 ? a + ((b - 1) / Fd) : a > 1 ? a : b + ((a - 1) / Fd);
    }

    /// <summary>Current health and PoF of <paramref name="asset"/> with its condition <paramref name="readings"/>.</summary>
    /// <param name="asset">The asset.</param>
    /// <param name="readings">Condition readings; inputs not given are Default. Inputs that do not apply to the family are ignored.</param>
    /// <param name="mode">Spec or R package behaviour.</param>
    /// <returns>The health, or all-NaN values for <see cref="CnaimCategory.None"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The age is negative or NaN.</exception>
    public static CnaimHealth Evaluate(in CnaimAsset asset, ReadOnlySpan<ConditionReading> readings, CnaimMode mode = CnaimMode.Spec)
    {
        if (!(asset.AgeYears >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(asset), asset.AgeYears, "The age must be a non-negative number of years.");
        }

        return EvaluateCore(asset, readings, mode, measuredWithoutMmi: false);
    }

    internal static CnaimHealth EvaluateCore(in CnaimAsset asset, ReadOnlySpan<ConditionReading> readings, CnaimMode mode, bool measuredWithoutMmi)
    {
        CnaimFamily family = FamilyOf(asset.Category);
        if (family == CnaimFamily.None)
        {
            return new CnaimHealth(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double nel = NormalExpectedLife(asset.Category, asset.PoleMaterial);
        double el = nel / (DutyFactor(asset) * LocationFactor(asset, mode));
        double beta1 = Math.Log(EndOfLifeHealth / NewHealth) / el;
        double initial = Math.Min(EndOfLifeHealth, NewHealth * Math.Exp(beta1 * asset.AgeYears));

        ReadOnlySpan<ConditionInput> observedInputs = ConditionTables.Observed(family);
        ReadOnlySpan<ConditionInput> measuredInputs = ConditionTables.Measured(family);
        (int nObserved, int nMeasured) = ConditionTables.MmiCount(family);
        Span<double> observed = stackalloc double[observedInputs.Length + 3];
        Span<double> measured = stackalloc double[measuredInputs.Length];
        double cap = 10;
        double collar = 0.5;
        int o = 0;
        for (int i = 0; i < observedInputs.Length; i++)
        {
            ConditionReading r = Find(readings, observedInputs[i]);
            if (mode == CnaimMode.RPackage && observedInputs[i] == ConditionInput.VisualCondition)
            {
                // Q5: the package's HV visual-condition table holds pole-top-rot data: a visual condition never applies,
                // but the package-layout column read through that table is a second pole-top-rot factor.
                r = Find(readings, ConditionInput.PoleTopRotVisual);
            }

            observed[o++] = r.Factor;
            cap = Math.Min(cap, r.Cap);
            collar = Math.Max(collar, r.Collar);
        }

        if (mode == CnaimMode.Spec)
        {
            if (family == CnaimFamily.Transformer)
            {
                // The spec's second observed input of HV transformers (cable boxes), which the register does not carry.
                observed[o++] = 1.0;
            }

            foreach (ConditionReading r in readings)
            {
                if (r.Input is ConditionInput.InspectionGrade or ConditionInput.Defects)
                {
                    observed[o++] = r.Factor;
                    cap = Math.Min(cap, r.Cap);
                    collar = Math.Max(collar, r.Collar);
                }
            }
        }

        for (int i = 0; i < measuredInputs.Length; i++)
        {
            ConditionReading r = Find(readings, measuredInputs[i]);
            measured[i] = r.Factor;
            cap = Math.Min(cap, r.Cap);
            collar = Math.Max(collar, r.Collar);
        }

        double mcf = measuredWithoutMmi && measured.Length == 1 ? measured[0] : Mmi(measured, nMeasured, mode);
        double hsf;
        if (o == 0)
        {
            hsf = mcf;
        }
        else
        {
            double ocf = Mmi(observed[..o], nObserved, mode);
            hsf = HealthScoreFactor(ocf, mcf);
        }

        double rf = double.IsNaN(asset.ReliabilityFactor) ? 1.0 : asset.ReliabilityFactor;
        double h = initial * hsf * rf;
        h = Math.Min(h, cap);
        h = Math.Max(h, collar);
        h = Math.Clamp(h, 0.5, 10);
        double k = K(asset.Category);
        double pofHealth = mode == CnaimMode.Spec ? Math.Max(h, HealthScoreLimit) : h;
        return new CnaimHealth(el, beta1, initial, hsf, cap, collar, h, k * Polynomial(pofHealth), k);
    }

    private static ConditionReading Find(ReadOnlySpan<ConditionReading> readings, ConditionInput input)
    {
        for (int i = 0; i < readings.Length; i++)
        {
            if (readings[i].Input == input)
            {
                return readings[i];
            }
        }

        return ConditionReading.Default(input);
    }

    /// <summary>
    /// Future health scores and PoF for years t = 0..<paramref name="pofPerYear"/>.Length − 1 (spec §6.1.8–6.1.10):
    /// FHS(t) = H·e^((β2/r)·t) with β2 = ln(H/0.5)/age capped at 2β1 (β1 when H = 0.5), r the ageing-reduction factor,
    /// and PoF(t) from the cubic at clamp(FHS, 4, 15).
    /// </summary>
    /// <param name="asset">The asset.</param>
    /// <param name="readings">Condition readings.</param>
    /// <param name="mode">Spec or R package.</param>
    /// <param name="pofPerYear">Receives PoF(t), fraction per year.</param>
    /// <param name="futureHealth">Receives FHS(t) (not clamped); same length as <paramref name="pofPerYear"/>, or empty.</param>
    /// <returns>
    /// False (outputs NaN) when there is no future PoF: category None, or in R package mode the GB switchgear and LV UGB
    /// (no future function) and age 0 with H = 0.5 (the package errors on 0/0).
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="futureHealth"/> is not empty and not as long as <paramref name="pofPerYear"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The age is negative or NaN.</exception>
    public static bool Future(in CnaimAsset asset, ReadOnlySpan<ConditionReading> readings, CnaimMode mode, Span<double> pofPerYear, Span<double> futureHealth)
    {
        if (futureHealth.Length != 0 && futureHealth.Length != pofPerYear.Length)
        {
            throw new ArgumentException("futureHealth must be empty or as long as pofPerYear.", nameof(futureHealth));
        }

        if (!(asset.AgeYears >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(asset), asset.AgeYears, "The age must be a non-negative number of years.");
        }

        CnaimFamily family = FamilyOf(asset.Category);
        bool none = family == CnaimFamily.None
            || (mode == CnaimMode.RPackage && family is CnaimFamily.LinkBox
                || (mode == CnaimMode.RPackage && family == CnaimFamily.Switchgear && asset.Category != CnaimCategory.SwitchgearSecondary10kVDk));
        CnaimHealth health = none ? default : EvaluateCore(asset, readings, mode, measuredWithoutMmi: mode == CnaimMode.RPackage && family == CnaimFamily.Pole);
        double h = health.CurrentHealth;
        if (none || (mode == CnaimMode.RPackage && asset.AgeYears == 0 && h <= NewHealth))
        {
            pofPerYear.Fill(double.NaN);
            futureHealth.Fill(double.NaN);
            return false;
        }

        double beta2 = FutureAgeingRate(health, asset.AgeYears);
        double r = AgeingReduction(h);
        for (int t = 0; t < pofPerYear.Length; t++)
        {
            double fhs = h * Math.Exp(beta2 / r * t);
            if (futureHealth.Length != 0)
            {
                futureHealth[t] = fhs;
            }

            pofPerYear[t] = health.K * Polynomial(Math.Clamp(fhs, HealthScoreLimit, MaximumFutureHealth));
        }

        return true;
    }

    /// <summary>β2 = ln(H/0.5)/age capped at 2·β1; β1 when H = 0.5 (or age 0 with H = 0.5).</summary>
    /// <param name="health">The current health.</param>
    /// <param name="ageYears">Age in years.</param>
    /// <returns>β2 per year.</returns>
    public static double FutureAgeingRate(in CnaimHealth health, double ageYears)
    {
        double h = health.CurrentHealth;
        if (h <= NewHealth)
        {
            return health.Beta1;
        }

        double beta2 = ageYears > 0 ? Math.Log(h / NewHealth) / ageYears : double.PositiveInfinity;
        return Math.Min(beta2, 2 * health.Beta1);
    }

    /// <summary>Ageing-reduction factor r (spec Table 216): 1 below H = 2, (H − 2)/7 + 1 up to 5.5, 1.5 above.</summary>
    /// <param name="health">Current health score.</param>
    /// <returns>r.</returns>
    public static double AgeingReduction(double health) =>
        health < 2 ? 1.0 : health <= 5.5 ? ((health - 2) / 7) + 1 : 1.5;

    internal static void AssertFinite(double value) => Debug.Assert(!double.IsNaN(value));
}
