namespace Lumen.Reliability.Aging;

/// <summary>The inputs of CNAIM's monetised consequence of failure (spec §7); text fields use the package's labels.</summary>
/// <remarks>NaN or null mean "Default". Immutable.</remarks>
public sealed record CnaimCofInput
{
    /// <summary>Transformer rating in kVA (type and size factors); NaN for Default.</summary>
    public double Kva { get; init; } = double.NaN;

    /// <summary>Access type: <c>Type A</c> (normal), <c>Type B</c> (constrained / major crossing), <c>Type C</c> (underground substation).</summary>
    public string? AccessType { get; init; }

    /// <summary>Safety location risk: Low, Medium (default) or High.</summary>
    public string? LocationRisk { get; init; }

    /// <summary>Safety type risk: Low, Medium (default) or High.</summary>
    public string? TypeRisk { get; init; }

    /// <summary>Proximity to water in m; NaN for Default.</summary>
    public double ProximityToWaterM { get; init; } = double.NaN;

    /// <summary>Bunded: true, false or null for Default.</summary>
    public bool? Bunded { get; init; }

    /// <summary>Customers supplied; NaN to use the reference number (customer factor 1).</summary>
    public double Customers { get; init; } = double.NaN;

    /// <summary>kVA per customer (high-demand adjustment, spec Table 18); NaN for Default.</summary>
    public double KvaPerCustomer { get; init; } = double.NaN;

    /// <summary>Pole type (financial factor), e.g. <c>Pole (supporting conductor only)</c>.</summary>
    public string? PoleType { get; init; }

    /// <summary>Switchgear environmental type: <c>Oil</c> (default), <c>SF6</c> or <c>Neither</c>.</summary>
    public string? SwitchgearInsulation { get; init; }

    /// <summary>Cables: actual load in MVA; NaN for the reference load.</summary>
    public double ActualLoadMva { get; init; } = double.NaN;

    /// <summary>Cables: N-1 secure (network CoF × 2.5 when not).</summary>
    public bool Secure { get; init; } = true;
}

/// <summary>A monetised consequence of failure (spec §7), in the reference currency of the category.</summary>
/// <param name="Financial">Financial part.</param>
/// <param name="Safety">Safety part.</param>
/// <param name="Environmental">Environmental part.</param>
/// <param name="Network">Network performance part.</param>
/// <param name="Currency">GBP, or DKK for the package's Danish switchgear and cable (×8.71).</param>
public readonly record struct CnaimCof(double Financial, double Safety, double Environmental, double Network, string Currency)
{
    /// <summary>Financial + safety + environmental + network.</summary>
    public double Total => Financial + Safety + Environmental + Network;
}

/// <summary>
/// CNAIM's own consequence of failure in £ (2020/21 prices), kept for checking Lumen against the R package. Lumen ranks
/// with the network-based AssetConsequenceModel instead.
/// </summary>
public static class CnaimCofCalculator
{
    /// <summary>DKK per GBP used by the package's Danish CoF functions.</summary>
    public const double DkkPerGbp = 8.71;

    // Reference load of the 33 kV non-pressurised cable used by the DK 10 kV cable network CoF, MVA.
    private const double CableReferenceMva = 12;

    /// <summary>The consequence of failure of one asset.</summary>
    /// <param name="category">The category.</param>
    /// <param name="input">The CoF inputs.</param>
    /// <param name="mode">Spec (v2.1 reference customer numbers) or the package's (Q4).</param>
    /// <returns>The CoF; all NaN for <see cref="CnaimCategory.None"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public static CnaimCof Evaluate(CnaimCategory category, CnaimCofInput input, CnaimMode mode)
    {
        ArgumentNullException.ThrowIfNull(input);
        CnaimFamily family = Cnaim.FamilyOf(category);
        bool package = mode == CnaimMode.RPackage;
        double safetyFactor = SafetyFactor(input.LocationRisk, input.TypeRisk);
        double water = double.IsNaN(input.ProximityToWaterM) ? 1 : input.ProximityToWaterM >= 120 ? 0.8 : input.ProximityToWaterM >= 80 ? 1.0 : input.ProximityToWaterM >= 40 ? 1.5 : 2.5;
        double bund = input.Bunded is null ? 1 : input.Bunded.Value ? 0.5 : 1;
        switch (family)
        {
            case CnaimFamily.Transformer:
            {
                double kva = input.Kva;

                // The package's GB financial function compares the text "Default" with its kVA bands and lands in the
                // top one (≥ 750 kVA); the Danish variant treats it as factor 1.
                double type = double.IsNaN(kva) ? (package && category != CnaimCategory.Transformer10kVDk ? 1.15 : 1)
                    : kva < 500 ? 0.85 : kva < 750 ? 1.0 : 1.15;
                double size = !double.IsNaN(kva) && kva < 500 ? 0.6 : 1;
                double financial = (category == CnaimCategory.Transformer20kV ? 10585 : 9297) * type * Access(input.AccessType, 1.25, 2.0);
                double network = 4343 * CustomerFactor(input, package ? 200 : 150);
                return new CnaimCof(financial, 4823 * safetyFactor, 3809 * size * water * bund, network, "GBP");
            }

            case CnaimFamily.Pole:
            {
                bool lv = category == CnaimCategory.PoleLv;
                double financial = (lv ? 1337 : category == CnaimCategory.Pole20kV ? 2295 : 1913)
                    * (package ? PackagePoleType(input.PoleType, lv) : PoleType(input.PoleType)) * Access(input.AccessType, 3, 3);
                double network = lv ? 542 * CustomerFactor(input, package ? 80 : 30) : 1930 * CustomerFactor(input, package ? 800 : 1000);
                return new CnaimCof(financial, (lv ? 601 : 200) * safetyFactor, 90, network, "GBP");
            }

            case CnaimFamily.Switchgear:
            {
                double reference = category switch
                {
                    CnaimCategory.CbSecondary11kV or CnaimCategory.SwitchgearSecondary10kVDk => 6959,
                    CnaimCategory.CbSecondary20kV => 7214,
                    CnaimCategory.Switch11kV => 5267,
                    CnaimCategory.Switch20kV => 6104,
                    CnaimCategory.XTypeRmu11kV => 13314,
                    CnaimCategory.Rmu20kV => 10024,
                    _ => 9839,
                };
                string insulation = ConditionTables.Normalise(input.SwitchgearInsulation);
                double type = insulation == "sf6" ? 0.04 : insulation == "neither" ? 0.02 : 0.98;
                var cof = new CnaimCof(
                    reference * Access(input.AccessType, 1.25, 1.7),
                    4823 * safetyFactor,
                    1486 * type * water * bund,
                    11580 * CustomerFactor(input, package ? 800 : 1000),
                    "GBP");
                return category == CnaimCategory.SwitchgearSecondary10kVDk ? ToDkk(cof) : cof;
            }

            case CnaimFamily.LinkBox:
                return new CnaimCof(3429, 9622 * safetyFactor, 85, 2748 * CustomerFactor(input, package ? 80 : 50), "GBP");

            case CnaimFamily.Cable:
            {
                // The package finds no location factor for non-pressurised cable, so proximity to water and bunding do not apply.
                double load = double.IsNaN(input.ActualLoadMva) ? 1 : input.ActualLoadMva / CableReferenceMva;
                var cof = new CnaimCof(31644, 2, 726 * (package ? 1 : water * bund), 3530 * load * (input.Secure ? 1 : 2.5), "GBP");
                return ToDkk(cof);
            }

            default:
                return new CnaimCof(double.NaN, double.NaN, double.NaN, double.NaN, string.Empty);
        }
    }

    /// <summary>
    /// The package's CoF of the HV submarine cable (reference costs of spec Table 16; network part scaled by customers
    /// against the package's reference of 800).
    /// </summary>
    /// <param name="input">The CoF inputs (customers and kVA per customer are read).</param>
    /// <returns>The CoF in GBP.</returns>
    public static CnaimCof SubmarineCable(CnaimCofInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new CnaimCof(181996, 2, 3600, 190344 * CustomerFactor(input, 800), "GBP");
    }

    private static CnaimCof ToDkk(CnaimCof cof) =>
        new(cof.Financial * DkkPerGbp, cof.Safety * DkkPerGbp, cof.Environmental * DkkPerGbp, cof.Network * DkkPerGbp, "DKK");

    private static double Access(string? access, double typeB, double typeC) => ConditionTables.Normalise(access) switch
    {
        "typeb" or "b" => typeB,
        "typec" or "c" => typeC,
        _ => 1,
    };

    private static double PoleType(string? type)
    {
        string key = ConditionTables.Normalise(type);
        return key.Contains("plant", StringComparison.Ordinal) ? 1.7
            : key.Contains("mast", StringComparison.Ordinal) || key.Contains("steel", StringComparison.Ordinal) ? 2.0
            : key.Contains("terminal", StringComparison.Ordinal) && !key.Contains("excluding", StringComparison.Ordinal) ? 1.2
            : 1.0;
    }

    // The package looks the pole type up by its exact criteria text; anything else (Default too) gives NA.
    private static double PackagePoleType(string? type, bool lv) => (lv, type?.Trim()) switch
    {
        (true, "Pole (excluding terminal poles)") => 1.0,
        (true, "Pole (terminal poles)") => 1.2,
        (true, "Steel Poles") => 2.0,
        (false, "Pole (supporting conductor only)") => 1.0,
        (false, "Pole (supporting plant or equipment)") => 1.7,
        (false, "Small footprint steel masts") => 2.0,
        _ => double.NaN,
    };

    private static double SafetyFactor(string? location, string? type)
    {
        static int Level(string? text) => ConditionTables.Normalise(text) switch
        {
            "low" => 0,
            "high" => 2,
            _ => 1,
        };

        ReadOnlySpan<double> matrix = [0.7, 0.9, 1.2, 0.9, 1.0, 1.4, 1.2, 1.4, 1.6];
        return matrix[(3 * Level(location)) + Level(type)];
    }

    private static double CustomerFactor(CnaimCofInput input, double referenceCustomers)
    {
        if (double.IsNaN(input.Customers))
        {
            return 1;
        }

        double perCustomer = input.KvaPerCustomer;
        double multiplier = double.IsNaN(perCustomer) || perCustomer < 50 ? 1 : perCustomer < 100 ? 25 : perCustomer < 500 ? 100 : perCustomer < 1000 ? 250 : perCustomer < 2000 ? 500 : 1000;
        return input.Customers * multiplier / referenceCustomers;
    }
}
