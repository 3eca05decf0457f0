using System.Buffers;
using System.Globalization;

namespace Lumen.Reliability.Aging;

/// <summary>Where an asset's duty (utilisation) came from.</summary>
public enum DutySource : byte
{
    /// <summary>Not known: CNAIM's Default duty factor.</summary>
    Default = 0,

    /// <summary>Given in the register.</summary>
    Register,

    /// <summary>From a peak forecast.</summary>
    Forecast,

    /// <summary>Measured peak of the load points behind the asset divided by its rating.</summary>
    MeasuredPeak,
}

/// <summary>One reason behind an asset's place in the ranking.</summary>
/// <param name="Kind">What the reason is about: age, condition, failures, customers, alternate_supply, complaints, duty.</param>
/// <param name="Text">A sentence a maintenance team can check against its own records.</param>
public readonly record struct AssetReason(string Kind, string Text);

/// <summary>
/// Health, PoF, consequence and risk of every asset (struct-of-arrays, index-aligned with the register), with the
/// rankings. Money is in <see cref="AssetCostOptions.Currency"/>; PoF is the probability of at least one functional
/// failure in the next year (fraction).
/// </summary>
/// <remarks>Immutable once returned; thread-safe for reading.</remarks>
public sealed class AssetRiskResult
{
    internal AssetRiskResult(AssetRegister register, AssetRiskOptions options)
    {
        int n = register.Count;
        Register = register;
        Options = options;
        EdgeOfValues = new int[n];
        LengthKmValues = new double[n];
        Array.Fill(LengthKmValues, double.NaN);
        UtilisationPctValues = new double[n];
        DutySourceValues = new DutySource[n];
        AgeYearsValues = new double[n];
        MethodValues = new PofMethod[n];
        HealthValues = new double[n];
        HealthScoreFactorValues = new double[n];
        ExpectedLifeYearsValues = new double[n];
        PofPerYearValues = new double[n];
        NewPofPerYearValues = new double[n];
        FailuresValues = new int[n];
        ExposureYearsValues = new double[n];
        ExpectedFailuresValues = new double[n];
        ReliabilityFactorValues = new double[n];
        HistoryFactorValues = new double[n];
        CustomersPerFailureValues = NaNs(n);
        LoadPointsPerFailureValues = NaNs(n);
        CustomerHoursPerFailureValues = NaNs(n);
        EnergyKwhPerFailureValues = NaNs(n);
        ComplaintsPerFailureValues = NaNs(n);
        TransferredPerFailureValues = NaNs(n);
        OutageHoursPerFailureValues = NaNs(n);
        ConsequencePerFailureValues = NaNs(n);
        ReplacementCostValues = NaNs(n);
        RiskPerYearValues = NaNs(n);
        RiskRemovedPerYearValues = NaNs(n);
        RiskRemovedPerCostValues = NaNs(n);
        ByRiskValues = [];
        ByValueValues = [];
        ByPofValues = [];
        FeedersValues = new string?[n];
        ClassFailureRateValues = new double[AssetClasses.All.Count];
        ClassCalibrationValues = new double[AssetClasses.All.Count];
        WeibullByClassValues = new WeibullModel?[AssetClasses.All.Count];
        NewUnitHazard = new double[AssetClasses.All.Count];
    }

    private static double[] NaNs(int n)
    {
        var a = new double[n];
        Array.Fill(a, double.NaN);
        return a;
    }

    /// <summary>The register.</summary>
    public AssetRegister Register { get; }

    /// <summary>Feeder of each asset on the network's normal state (null without a network or off every feeder).</summary>
    public ReadOnlySpan<string?> Feeders => FeedersValues;

    internal string?[] FeedersValues { get; }

    /// <summary>Customers on the network (the denominator of SAIFI/SAIDI); 0 without a network.</summary>
    public long TotalCustomers { get; internal set; }

    /// <summary>The options used.</summary>
    public AssetRiskOptions Options { get; }

    /// <summary>Network edge of each asset (a device's branch); -1 without a network.</summary>
    public ReadOnlySpan<int> EdgeOf => EdgeOfValues;

    internal int[] EdgeOfValues { get; }

    /// <summary>Length in km (register, else network); NaN for non-linear assets.</summary>
    public ReadOnlySpan<double> LengthKm => LengthKmValues;

    internal double[] LengthKmValues { get; }

    /// <summary>Duty: peak utilisation in % of rating; NaN when unknown.</summary>
    public ReadOnlySpan<double> UtilisationPct => UtilisationPctValues;

    internal double[] UtilisationPctValues { get; }

    /// <summary>Where <see cref="UtilisationPct"/> came from.</summary>
    public ReadOnlySpan<DutySource> DutySource => DutySourceValues;

    internal DutySource[] DutySourceValues { get; }

    /// <summary>Age at the analysis year, years.</summary>
    public ReadOnlySpan<double> AgeYears => AgeYearsValues;

    internal double[] AgeYearsValues { get; }

    /// <summary>The PoF method used per asset.</summary>
    public ReadOnlySpan<PofMethod> Method => MethodValues;

    internal PofMethod[] MethodValues { get; }

    /// <summary>CNAIM current health score (0.5–10); NaN on the Weibull method.</summary>
    public ReadOnlySpan<double> Health => HealthValues;

    internal double[] HealthValues { get; }

    /// <summary>CNAIM health score factor, or the condition multiplier on the Weibull method.</summary>
    public ReadOnlySpan<double> HealthScoreFactor => HealthScoreFactorValues;

    internal double[] HealthScoreFactorValues { get; }

    /// <summary>CNAIM expected life, or the Weibull characteristic life η, years.</summary>
    public ReadOnlySpan<double> ExpectedLifeYears => ExpectedLifeYearsValues;

    internal double[] ExpectedLifeYearsValues { get; }

    /// <summary>Probability of failure in the next year (for cables: × length).</summary>
    public ReadOnlySpan<double> PofPerYear => PofPerYearValues;

    internal double[] PofPerYearValues { get; }

    /// <summary>PoF in its first year if replaced now.</summary>
    public ReadOnlySpan<double> NewPofPerYear => NewPofPerYearValues;

    internal double[] NewPofPerYearValues { get; }

    /// <summary>Failures recorded in the history window up to the analysis year.</summary>
    public ReadOnlySpan<int> Failures => FailuresValues;

    internal int[] FailuresValues { get; }

    /// <summary>Years in service inside the history window.</summary>
    public ReadOnlySpan<double> ExposureYears => ExposureYearsValues;

    internal double[] ExposureYearsValues { get; }

    /// <summary>
    /// Failures the asset's model (class-calibrated, before its own record) expects over the record window: CNAIM PoF ×
    /// years in the window, or the Weibull cumulative hazard over the window × length × condition multiplier.
    /// </summary>
    public ReadOnlySpan<double> ExpectedFailures => ExpectedFailuresValues;

    internal double[] ExpectedFailuresValues { get; }

    /// <summary>CNAIM reliability factor on the health score (from the register; 1 when not given).</summary>
    public ReadOnlySpan<double> ReliabilityFactor => ReliabilityFactorValues;

    internal double[] ReliabilityFactorValues { get; }

    /// <summary>PoF multiplier from the asset's own failure history (see <see cref="AssetRiskOptions.CalibrateToHistory"/>).</summary>
    public ReadOnlySpan<double> HistoryFactor => HistoryFactorValues;

    internal double[] HistoryFactorValues { get; }

    /// <summary>Estimated shape α of the gamma frailty prior behind <see cref="HistoryFactor"/>; +∞ when not calibrated.</summary>
    public double HistoryPriorShape { get; internal set; } = double.PositiveInfinity;

    /// <summary>Expected customers interrupted per failure.</summary>
    public ReadOnlySpan<double> CustomersPerFailure => CustomersPerFailureValues;

    internal double[] CustomersPerFailureValues { get; }

    /// <summary>Expected load points (distribution transformers) interrupted per failure.</summary>
    public ReadOnlySpan<double> LoadPointsPerFailure => LoadPointsPerFailureValues;

    internal double[] LoadPointsPerFailureValues { get; }

    /// <summary>Expected customer-hours per failure.</summary>
    public ReadOnlySpan<double> CustomerHoursPerFailure => CustomerHoursPerFailureValues;

    internal double[] CustomerHoursPerFailureValues { get; }

    /// <summary>Expected energy not supplied per failure, kWh.</summary>
    public ReadOnlySpan<double> EnergyKwhPerFailure => EnergyKwhPerFailureValues;

    internal double[] EnergyKwhPerFailureValues { get; }

    /// <summary>Expected complaints per failure.</summary>
    public ReadOnlySpan<double> ComplaintsPerFailure => ComplaintsPerFailureValues;

    internal double[] ComplaintsPerFailureValues { get; }

    /// <summary>Expected customers restored through alternate supply before the repair, per failure.</summary>
    public ReadOnlySpan<double> TransferredPerFailure => TransferredPerFailureValues;

    internal double[] TransferredPerFailureValues { get; }

    /// <summary>
    /// Outage time of one failure, hours: the branch's own repair (or transformer replacement) time for lines, cables
    /// and transformers, the class's repair time (<see cref="AssetRiskOptions.Outage"/>) for devices and poles; 0 for
    /// assets outside the energised network.
    /// </summary>
    public ReadOnlySpan<double> OutageHoursPerFailure => OutageHoursPerFailureValues;

    internal double[] OutageHoursPerFailureValues { get; }

    /// <summary>Consequence of one failure in money: repair + energy not supplied + complaints (+ customer-hours).</summary>
    public ReadOnlySpan<double> ConsequencePerFailure => ConsequencePerFailureValues;

    internal double[] ConsequencePerFailureValues { get; }

    /// <summary>Replacement cost.</summary>
    public ReadOnlySpan<double> ReplacementCost => ReplacementCostValues;

    internal double[] ReplacementCostValues { get; }

    /// <summary>Risk = PoF × consequence, money per year.</summary>
    public ReadOnlySpan<double> RiskPerYear => RiskPerYearValues;

    internal double[] RiskPerYearValues { get; }

    /// <summary>Risk removed in the first year by replacing the asset now, money per year.</summary>
    public ReadOnlySpan<double> RiskRemovedPerYear => RiskRemovedPerYearValues;

    internal double[] RiskRemovedPerYearValues { get; }

    /// <summary>Risk removed per unit of replacement cost (per year).</summary>
    public ReadOnlySpan<double> RiskRemovedPerCost => RiskRemovedPerCostValues;

    internal double[] RiskRemovedPerCostValues { get; }

    /// <summary>Asset indices by descending risk; ties by asset id (ordinal).</summary>
    public ReadOnlySpan<int> ByRisk => ByRiskValues;

    internal int[] ByRiskValues { get; private set; }

    /// <summary>Asset indices by descending risk removed per unit cost; ties by asset id (ordinal).</summary>
    public ReadOnlySpan<int> ByValue => ByValueValues;

    internal int[] ByValueValues { get; private set; }

    /// <summary>Asset indices by descending probability of failure; ties by asset id (ordinal).</summary>
    public ReadOnlySpan<int> ByPof => ByPofValues;

    internal int[] ByPofValues { get; private set; }

    /// <summary>Observed failures per asset-year by class (index: <see cref="AssetClass"/>).</summary>
    public ReadOnlySpan<double> ClassFailureRate => ClassFailureRateValues;

    internal double[] ClassFailureRateValues { get; }

    /// <summary>CNAIM K scaling per class from the history (1 when not calibrated).</summary>
    public ReadOnlySpan<double> ClassCalibration => ClassCalibrationValues;

    internal double[] ClassCalibrationValues { get; }

    /// <summary>Fitted Weibull model per class (null when not fitted); per km of length for lines and cables.</summary>
    public ReadOnlySpan<WeibullModel?> WeibullByClass => WeibullByClassValues;

    internal WeibullModel?[] WeibullByClassValues { get; }

    /// <summary>Per class: the Weibull cumulative hazard of a new unit's first year (ages ½ to 1½), set with the fits.</summary>
    internal double[] NewUnitHazard { get; }

    internal CnaimAsset CnaimInput(int asset) => Register.Cnaim[asset] with
    {
        AgeYears = AgeYearsValues[asset],
        UtilisationPct = UtilisationPctValues[asset],
        ReliabilityFactor = ReliabilityFactorValues[asset],
    };

    /// <summary>PoF in each coming year (index 0 = next year) if the asset is kept.</summary>
    /// <param name="asset">Asset index.</param>
    /// <param name="pof">Receives PoF for years 0..Length−1.</param>
    public void KeptPof(int asset, Span<double> pof)
    {
        if (MethodValues[asset] == PofMethod.Cnaim)
        {
            CnaimAsset input = CnaimInput(asset);
            double scale = ClassCalibrationValues[(int)Register.Classes[asset]]
                * (Cnaim.FamilyOf(input.Category) == CnaimFamily.Cable ? AssetRiskAnalysis.Length(LengthKmValues[asset]) : 1);
            Cnaim.Future(input, Register.ConditionsOf(asset), Options.Mode == CnaimMode.RPackage ? CnaimMode.Spec : Options.Mode, pof, []);
            for (int t = 0; t < pof.Length; t++)
            {
                pof[t] = Math.Min(1, pof[t] * scale * HistoryFactorValues[asset]);
            }

            // Year 0 is the current PoF (the future curve's year 0 floors H at 4 in both modes).
            if (pof.Length > 0)
            {
                pof[0] = PofPerYearValues[asset];
            }

            return;
        }

        AssetClass c = Register.Classes[asset];
        WeibullModel? model = WeibullByClassValues[(int)c];
        double multiplier = HealthScoreFactorValues[asset] * ClassCalibrationValues[(int)c] * HistoryFactorValues[asset];
        double exposure = AssetRiskAnalysis.WeibullExposure(c, LengthKmValues[asset]);
        for (int t = 0; t < pof.Length; t++)
        {
            pof[t] = Math.Min(1, AssetRiskAnalysis.WeibullPof(model, AgeYearsValues[asset] + 0.5 + t, exposure) * multiplier);
        }
    }

    /// <summary>PoF of a new replacement <paramref name="yearsSinceReplacement"/> years after it was installed (default condition).</summary>
    /// <param name="asset">Asset index.</param>
    /// <param name="yearsSinceReplacement">Years since the replacement, ≥ 0.</param>
    /// <returns>The PoF.</returns>
    public double ReplacedPof(int asset, int yearsSinceReplacement)
    {
        if (MethodValues[asset] == PofMethod.Cnaim && yearsSinceReplacement == 0)
        {
            // At age 0 the initial health is 0.5 whatever the duty and location, and a new asset has Default condition.
            CnaimCategory category = Register.Categories[asset];
            double h = Options.Mode == CnaimMode.Spec ? Cnaim.HealthScoreLimit : Cnaim.NewHealth;
            return Math.Min(1, Cnaim.K(category) * Cnaim.Polynomial(h) * ClassCalibrationValues[(int)Register.Classes[asset]]
                * (Cnaim.FamilyOf(category) == CnaimFamily.Cable ? AssetRiskAnalysis.Length(LengthKmValues[asset]) : 1));
        }

        if (MethodValues[asset] == PofMethod.Cnaim)
        {
            CnaimAsset input = Register.Cnaim[asset] with { AgeYears = yearsSinceReplacement, ReliabilityFactor = double.NaN, UtilisationPct = UtilisationPctValues[asset] };
            double scale = ClassCalibrationValues[(int)Register.Classes[asset]]
                * (Cnaim.FamilyOf(input.Category) == CnaimFamily.Cable ? AssetRiskAnalysis.Length(LengthKmValues[asset]) : 1);
            return Math.Min(1, Cnaim.EvaluateCore(input, [], Options.Mode, measuredWithoutMmi: false).PofPerYear * scale);
        }

        // Default condition (multiplier 1) and no failure record; the class calibration still applies.
        AssetClass assetClass = Register.Classes[asset];
        double exposure = AssetRiskAnalysis.WeibullExposure(assetClass, LengthKmValues[asset]);
        double pof = yearsSinceReplacement == 0
            ? -double.ExpM1(-exposure * NewUnitHazard[(int)assetClass])
            : AssetRiskAnalysis.WeibullPof(WeibullByClassValues[(int)assetClass], yearsSinceReplacement + 0.5, exposure);
        return Math.Min(1, pof * ClassCalibrationValues[(int)assetClass]);
    }

    internal void Rank()
    {
        ByRiskValues = Order(RiskPerYearValues, PofPerYearValues);
        ByValueValues = Order(RiskRemovedPerCostValues, RiskRemovedPerYearValues);
        ByPofValues = Order(PofPerYearValues, PofPerYearValues); // no second key: equal PoF goes by id
    }

    // Descending by key (NaN last), then by the second key, then ordinal asset id: deterministic. A radix sort by key,
    // then each run of equal keys by the second key, then by id rank. Scratch arrays come from the shared pool.
    private int[] Order(double[] key, double[] secondKey)
    {
        int n = key.Length;
        var index = new int[n];
        ulong[] sortKey = ArrayPool<ulong>.Shared.Rent(n);
        double[] second = ArrayPool<double>.Shared.Rent(n);
        int[] ranks = ArrayPool<int>.Shared.Rent(n);
        try
        {
            for (int i = 0; i < n; i++)
            {
                index[i] = i;
                sortKey[i] = DescendingOrder.Key(key[i]);
            }

            DescendingOrder.Sort(sortKey.AsSpan(0, n), index);
            int[] idRank = Register.IdRankValues;
            int start = 0;
            while (start < n)
            {
                int end = start + 1;
                while (end < n && sortKey[end] == sortKey[start])
                {
                    end++;
                }

                int length = end - start;
                if (length > 1)
                {
                    // Position-aligned with index: Array.Sort(keys, items, start, length) uses one range for both.
                    for (int j = start; j < end; j++)
                    {
                        double v = secondKey[index[j]];
                        second[j] = double.IsNaN(v) ? double.PositiveInfinity : -v;
                    }

                    Array.Sort(second, index, start, length);
                    SortRunsByRank(second, index, start, end, idRank, ranks);
                }

                start = end;
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(sortKey);
            ArrayPool<double>.Shared.Return(second);
            ArrayPool<int>.Shared.Return(ranks);
        }

        return index;
    }

    // Within index[start..end), already sorted by second[start..end), orders each run of equal second keys by id rank.
    private static void SortRunsByRank(double[] second, int[] index, int start, int end, int[] idRank, int[] ranks)
    {
        int a = start;
        while (a < end)
        {
            int b = a + 1;
            while (b < end && second[b] == second[a])
            {
                b++;
            }

            if (b - a > 1)
            {
                for (int j = a; j < b; j++)
                {
                    ranks[j] = idRank[index[j]];
                }

                Array.Sort(ranks, index, a, b - a);
            }

            a = b;
        }
    }

    /// <summary>
    /// Why the asset ranks where it does: age against expected life, condition, failures against the class, customers
    /// behind it, alternate supply, complaints and duty. Each reason states the number so it can be challenged.
    /// </summary>
    /// <param name="asset">Asset index.</param>
    /// <returns>The reasons.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="asset"/> is not an asset index.</exception>
    public IReadOnlyList<AssetReason> Reasons(int asset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(asset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(asset, Register.Count);
        CultureInfo ci = CultureInfo.InvariantCulture;
        var reasons = new List<AssetReason>();
        double life = ExpectedLifeYearsValues[asset];
        reasons.Add(new AssetReason("age", MethodValues[asset] == PofMethod.Cnaim
            ? string.Create(ci, $"age {AgeYearsValues[asset]:0} y against a CNAIM expected life of {life:0} y ({100 * AgeYearsValues[asset] / life:0}%); health score {HealthValues[asset]:0.00}")
            : double.IsNaN(life)
                ? string.Create(ci, $"age {AgeYearsValues[asset]:0} y; no life model for the class")
                : string.Create(ci, $"age {AgeYearsValues[asset]:0} y against the class's Weibull characteristic life of {life:0} y{(AssetClasses.IsPerKm(Register.Classes[asset]) ? " per km" : string.Empty)} (shape {WeibullByClassValues[(int)Register.Classes[asset]]!.Shape:0.00})")));

        ReadOnlySpan<ConditionReading> readings = Register.ConditionsOf(asset);
        var bad = new List<string>();
        foreach (ConditionReading r in readings)
        {
            if (r.Factor > 1 || r.Collar > 0.5)
            {
                bad.Add(string.Create(ci, $"{r.Input} factor {r.Factor:0.##}{(r.Collar > 0.5 ? $", collar {r.Collar:0.#}" : string.Empty)}"));
            }
        }

        reasons.Add(new AssetReason("condition", bad.Count == 0
            ? string.Create(ci, $"no adverse condition reading ({readings.Length} on record); condition factor {HealthScoreFactorValues[asset]:0.00}")
            : string.Create(ci, $"condition factor {HealthScoreFactorValues[asset]:0.00} from {string.Join("; ", bad)}")));
        reasons.Add(new AssetReason("failures", string.Create(ci,
            $"{FailuresValues[asset]} failure(s) in the records against {ExpectedFailuresValues[asset]:0.00} its model expects; PoF × {HistoryFactorValues[asset]:0.00}")));
        if (!double.IsNaN(CustomersPerFailureValues[asset]))
        {
            reasons.Add(new AssetReason("customers", string.Create(ci,
                $"a failure interrupts {CustomersPerFailureValues[asset]:0} customers ({LoadPointsPerFailureValues[asset]:0.#} transformers) for up to {OutageHoursPerFailureValues[asset]:0.#} h: {CustomerHoursPerFailureValues[asset]:0} customer-hours and {EnergyKwhPerFailureValues[asset]:0} kWh")));
            double share = CustomersPerFailureValues[asset] > 0 ? TransferredPerFailureValues[asset] / CustomersPerFailureValues[asset] : 0;
            reasons.Add(new AssetReason("alternate_supply", TransferredPerFailureValues[asset] > 0
                ? string.Create(ci, $"{100 * share:0}% of those customers are transferred to alternate supply before the repair")
                : "no alternate supply: everyone interrupted waits for the repair"));
            string history = Options.ComplaintHistory is { } h && asset < h.Count ? string.Create(ci, $"{h[asset]} complaint(s) on record; ") : string.Empty;
            reasons.Add(new AssetReason("complaints", string.Create(ci, $"{history}{ComplaintsPerFailureValues[asset]:0.0} complaints expected per failure")));
        }

        if (!double.IsNaN(UtilisationPctValues[asset]))
        {
            reasons.Add(new AssetReason("duty", string.Create(ci, $"peak utilisation {UtilisationPctValues[asset]:0}% of rating ({DutySourceValues[asset]})")));
        }

        return reasons;
    }
}
