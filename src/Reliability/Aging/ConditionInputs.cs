using System.Collections.Frozen;

namespace Lumen.Reliability.Aging;

/// <summary>A named condition input (observation or measurement) of CNAIM (spec §6.7–6.10), plus Lumen's two extensions.</summary>
public enum ConditionInput : byte
{
    /// <summary>External condition (transformers, switchgear); observed.</summary>
    ExternalCondition = 0,

    /// <summary>Partial discharge (transformers, switchgear, cables); measured.</summary>
    PartialDischarge,

    /// <summary>Temperature reading (transformers; switchgear); measured.</summary>
    TemperatureReading,

    /// <summary>Transformer oil test (moisture, acidity, breakdown strength → oil condition score); measured.</summary>
    OilTest,

    /// <summary>Pole decay/deterioration; measured.</summary>
    PoleDecay,

    /// <summary>Pole top rot present; observed.</summary>
    PoleTopRot,

    /// <summary>Pole leaning; observed.</summary>
    PoleLeaning,

    /// <summary>Bird/animal damage on a pole; observed.</summary>
    BirdAnimalDamage,

    /// <summary>Visual pole condition (spec Table 112); observed.</summary>
    VisualCondition,

    /// <summary>Switchgear oil leaks / gas pressure; observed.</summary>
    OilLeaksGas,

    /// <summary>Switchgear internal condition and operation; observed.</summary>
    InternalCondition,

    /// <summary>Switchgear thermographic assessment; observed.</summary>
    Thermographic,

    /// <summary>Switchgear indoor environment; observed.</summary>
    IndoorEnvironment,

    /// <summary>Switchgear ductor test; measured.</summary>
    DuctorTest,

    /// <summary>Switchgear oil test; measured.</summary>
    SwitchgearOilTest,

    /// <summary>Switchgear trip test; measured.</summary>
    TripTest,

    /// <summary>Link box steel cover and pit condition; observed.</summary>
    SteelCoverPit,

    /// <summary>Link box water/moisture; observed.</summary>
    WaterMoisture,

    /// <summary>Link box bell condition; observed.</summary>
    BellCondition,

    /// <summary>Link box insulation condition; observed.</summary>
    Insulation,

    /// <summary>Link box signs of heating; observed.</summary>
    SignsOfHeating,

    /// <summary>Link box phase barriers present; observed.</summary>
    PhaseBarriers,

    /// <summary>Link box operational adequacy; measured.</summary>
    OperationalAdequacy,

    /// <summary>Cable sheath test; measured.</summary>
    SheathTest,

    /// <summary>Cable fault history (faults per km per year); measured.</summary>
    FaultHistory,

    /// <summary>
    /// Lumen extension (spec mode only): the State Grid condition grade of Q/GDW 645 / DL/T 2106 (正常/注意/异常/严重),
    /// bridged to an observed input as asset-risk.md §8.2 suggests.
    /// </summary>
    InspectionGrade,

    /// <summary>Lumen extension (spec mode only): number of open defects found at the last inspection, as an observed input.</summary>
    Defects,

    /// <summary>
    /// R-package mode: the package's HV "visual pole condition" input, whose table holds pole-top-rot data (No 1.0, Yes 1.3;
    /// asset-risk.md Q5), so it is a second pole-top-rot reading in the observed MMI.
    /// </summary>
    PoleTopRotVisual,
}

/// <summary>One condition input turned into CNAIM's factor, cap and collar.</summary>
/// <param name="Input">Which input.</param>
/// <param name="Factor">Condition factor (1 = as expected).</param>
/// <param name="Cap">Health score cap, 0.5–10 (10 = no cap).</param>
/// <param name="Collar">Health score collar, 0.5–10 (0.5 = no collar).</param>
public readonly record struct ConditionReading(ConditionInput Input, double Factor, double Cap, double Collar)
{
    /// <summary>The "Default" (no data) reading of an input: factor 1, cap 10, collar 0.5.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The default reading.</returns>
    public static ConditionReading Default(ConditionInput input) => new(input, 1.0, 10, 0.5);
}

/// <summary>The CNAIM condition tables (asset-risk.md §3) and the label parsing of the register.</summary>
public static class ConditionTables
{
    private static readonly FrozenDictionary<(CnaimFamily, ConditionInput), FrozenDictionary<string, ConditionReading>> s_tables = BuildTables();

    /// <summary>Observed inputs of a family in the package's order; the spec adds the cable-box input for transformers.</summary>
    /// <param name="family">The family.</param>
    /// <returns>The observed inputs (without Lumen's extensions).</returns>
    public static ReadOnlySpan<ConditionInput> Observed(CnaimFamily family) => family switch
    {
        CnaimFamily.Transformer => [ConditionInput.ExternalCondition],
        CnaimFamily.Pole => [ConditionInput.PoleTopRot, ConditionInput.PoleLeaning, ConditionInput.BirdAnimalDamage, ConditionInput.VisualCondition],
        CnaimFamily.Switchgear => [ConditionInput.ExternalCondition, ConditionInput.OilLeaksGas, ConditionInput.InternalCondition, ConditionInput.Thermographic, ConditionInput.IndoorEnvironment],
        CnaimFamily.LinkBox => [ConditionInput.SteelCoverPit, ConditionInput.WaterMoisture, ConditionInput.BellCondition, ConditionInput.Insulation, ConditionInput.SignsOfHeating, ConditionInput.PhaseBarriers],
        _ => [],
    };

    /// <summary>Measured inputs of a family in the package's order.</summary>
    /// <param name="family">The family.</param>
    /// <returns>The measured inputs.</returns>
    public static ReadOnlySpan<ConditionInput> Measured(CnaimFamily family) => family switch
    {
        CnaimFamily.Transformer => [ConditionInput.PartialDischarge, ConditionInput.TemperatureReading, ConditionInput.OilTest],
        CnaimFamily.Pole => [ConditionInput.PoleDecay],
        CnaimFamily.Switchgear => [ConditionInput.PartialDischarge, ConditionInput.DuctorTest, ConditionInput.SwitchgearOilTest, ConditionInput.TemperatureReading, ConditionInput.TripTest],
        CnaimFamily.LinkBox => [ConditionInput.OperationalAdequacy],
        CnaimFamily.Cable => [ConditionInput.SheathTest, ConditionInput.PartialDischarge, ConditionInput.FaultHistory],
        _ => [],
    };

    /// <summary>MMI parameter N (maximum number of combined factors) of the observed and measured sides (asset-risk.md §2.3).</summary>
    /// <param name="family">The family.</param>
    /// <returns>(observed N, measured N).</returns>
    public static (int Observed, int Measured) MmiCount(CnaimFamily family) => family switch
    {
        CnaimFamily.Transformer => (2, 2),
        CnaimFamily.Pole => (2, 1),
        CnaimFamily.Switchgear => (3, 3),
        CnaimFamily.LinkBox => (3, 1),
        CnaimFamily.Cable => (2, 2),
        _ => (1, 1),
    };

    /// <summary>True when <paramref name="input"/> is an input of <paramref name="family"/> (Lumen's extensions apply to every family).</summary>
    /// <param name="family">The family.</param>
    /// <param name="input">The input.</param>
    /// <returns>True when it applies.</returns>
    public static bool Applies(CnaimFamily family, ConditionInput input) =>
        input is ConditionInput.InspectionGrade or ConditionInput.Defects
        || Observed(family).Contains(input)
        || Measured(family).Contains(input);

    /// <summary>True when the input is on the observed side.</summary>
    /// <param name="family">The family.</param>
    /// <param name="input">The input.</param>
    /// <returns>True for observed inputs and Lumen's extensions.</returns>
    public static bool IsObserved(CnaimFamily family, ConditionInput input) =>
        input is ConditionInput.InspectionGrade or ConditionInput.Defects || Observed(family).Contains(input);

    /// <summary>
    /// Looks up a label of a categorical input. Labels compare ignoring case, blanks and punctuation, so
    /// <c>Some Deterioration</c>, <c>some_deterioration</c> and <c>SOME-DETERIORATION</c> are the same; <c>Default</c>
    /// or an empty text give the default reading.
    /// </summary>
    /// <param name="family">The family (tables differ per family, e.g. partial discharge of cables).</param>
    /// <param name="input">The input.</param>
    /// <param name="label">The label.</param>
    /// <param name="reading">The reading when the result is true.</param>
    /// <returns>False when the label is not in the table.</returns>
    public static bool TryRead(CnaimFamily family, ConditionInput input, string? label, out ConditionReading reading)
    {
        string key = Normalise(label);
        if (key.Length == 0 || key == "default")
        {
            reading = ConditionReading.Default(input);
            return true;
        }

        if (s_tables.TryGetValue((LookupFamily(family, input), input), out FrozenDictionary<string, ConditionReading>? table)
            && table.TryGetValue(key, out reading))
        {
            return true;
        }

        reading = default;
        return false;
    }

    /// <summary>The labels accepted for an input of a family (first spelling of each level), for error messages and docs.</summary>
    /// <param name="family">The family.</param>
    /// <param name="input">The input.</param>
    /// <returns>The labels.</returns>
    public static IReadOnlyList<string> Labels(CnaimFamily family, ConditionInput input) =>
        s_labels.TryGetValue((LookupFamily(family, input), input), out string[]? labels) ? labels : [];

    /// <summary>
    /// The transformer oil test reading from moisture (ppm), acidity (mg KOH/g) and breakdown strength (kV); NaN means
    /// Default. Oil condition score = 80·moisture score + 125·acidity score + 80·breakdown score (spec Tables 203–207).
    /// </summary>
    /// <param name="moisturePpm">Moisture in ppm, or NaN.</param>
    /// <param name="acidityMgKohPerG">Acidity in mg KOH/g, or NaN.</param>
    /// <param name="breakdownKv">Breakdown strength in kV, or NaN.</param>
    /// <returns>The reading: factor 1.0/1.1/1.2/1.4 for scores ≤250/≤500/≤1000/&gt;1000, collar 5.5 above 1000.</returns>
    public static ConditionReading OilTest(double moisturePpm, double acidityMgKohPerG, double breakdownKv)
    {
        double m = double.IsNaN(moisturePpm) ? 0 : moisturePpm <= 15 ? 0 : moisturePpm <= 30 ? 2 : moisturePpm <= 40 ? 4 : moisturePpm <= 50 ? 8 : 10;
        double a = double.IsNaN(acidityMgKohPerG) ? 2 : acidityMgKohPerG <= 0.15 ? 2 : acidityMgKohPerG <= 0.3 ? 4 : acidityMgKohPerG <= 0.5 ? 8 : 10;
        double b = double.IsNaN(breakdownKv) ? 0 : breakdownKv <= 30 ? 10 : breakdownKv <= 40 ? 4 : breakdownKv <= 50 ? 2 : 0;
        double score = (80 * m) + (125 * a) + (80 * b);
        double factor = score <= 250 ? 1.0 : score <= 500 ? 1.1 : score <= 1000 ? 1.2 : 1.4;
        return new ConditionReading(ConditionInput.OilTest, factor, 10, score > 1000 ? 5.5 : 0.5);
    }

    /// <summary>Cable fault history reading from faults per km per year (NaN = Default; 0 = no historic faults, cap 5.4).</summary>
    /// <param name="faultsPerKmYear">Faults per km per year, or NaN.</param>
    /// <returns>The reading.</returns>
    public static ConditionReading FaultHistory(double faultsPerKmYear) =>
        double.IsNaN(faultsPerKmYear) ? ConditionReading.Default(ConditionInput.FaultHistory)
        : faultsPerKmYear <= 0 ? new(ConditionInput.FaultHistory, 1.0, 5.4, 0.5)
        : faultsPerKmYear < 0.01 ? new(ConditionInput.FaultHistory, 1.3, 10, 0.5)
        : faultsPerKmYear < 0.1 ? new(ConditionInput.FaultHistory, 1.6, 10, 5.5)
        : new(ConditionInput.FaultHistory, 1.8, 10, 8);

    /// <summary>Lumen's open-defect input: 0 → 1.0, 1 → 1.1, 2 → 1.2, 3 or more → 1.3 (no cap or collar).</summary>
    /// <param name="count">Open defects, ≥ 0.</param>
    /// <returns>The reading.</returns>
    public static ConditionReading Defects(int count) =>
        new(ConditionInput.Defects, count <= 0 ? 1.0 : count == 1 ? 1.1 : count == 2 ? 1.2 : 1.3, 10, 0.5);

    internal static string Normalise(string? label)
    {
        if (string.IsNullOrEmpty(label))
        {
            return string.Empty;
        }

        Span<char> buffer = label.Length <= 128 ? stackalloc char[label.Length] : new char[label.Length];
        int n = 0;
        foreach (char c in label)
        {
            if (char.IsLetterOrDigit(c))
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
            else if (c == '>' || c == '<')
            {
                buffer[n++] = c == '>' ? 'g' : 'l';
            }
        }

        return new string(buffer[..n]);
    }

    // Partial discharge and temperature have family-specific tables; the rest are keyed by the input alone.
    private static CnaimFamily LookupFamily(CnaimFamily family, ConditionInput input) =>
        input is ConditionInput.PartialDischarge or ConditionInput.TemperatureReading or ConditionInput.ExternalCondition ? family : CnaimFamily.None;

    private static readonly FrozenDictionary<(CnaimFamily, ConditionInput), string[]> s_labels = BuildLabels();

    private static IEnumerable<(CnaimFamily Family, ConditionInput Input, (string[] Labels, double Factor, double Cap, double Collar)[] Levels)> Rows()
    {
        const CnaimFamily any = CnaimFamily.None;
        yield return (CnaimFamily.Transformer, ConditionInput.PartialDischarge, [
            (["Low"], 1.0, 10, 0.5), (["Medium"], 1.1, 10, 0.5), (["High (Not Confirmed)", "high_not_confirmed"], 1.3, 10, 5.5), (["High (Confirmed)", "high_confirmed", "high"], 1.5, 10, 8)]);
        yield return (CnaimFamily.Switchgear, ConditionInput.PartialDischarge, [
            (["Low"], 1.0, 10, 0.5), (["Medium"], 1.1, 10, 0.5), (["High (Not Confirmed)", "high_not_confirmed"], 1.3, 10, 5.5), (["High (Confirmed)", "high_confirmed", "high"], 1.5, 10, 8)]);
        yield return (CnaimFamily.Cable, ConditionInput.PartialDischarge, [(["Low"], 1.0, 10, 0.5), (["Medium"], 1.15, 10, 0.5), (["High"], 1.5, 10, 5.5)]);
        yield return (CnaimFamily.Transformer, ConditionInput.TemperatureReading, [
            (["Normal"], 1.0, 10, 0.5), (["Moderately High", "moderately_high"], 1.2, 10, 0.5), (["Very High", "very_high"], 1.4, 10, 5.5)]);
        yield return (CnaimFamily.Switchgear, ConditionInput.TemperatureReading, [
            (["Ambient or Below", "ambient"], 0.9, 10, 0.5), (["Above Ambient", "above"], 1.0, 10, 0.5), (["Substantially Above Ambient", "substantially_above"], 1.1, 10, 0.5)]);
        yield return (CnaimFamily.Transformer, ConditionInput.ExternalCondition, [
            (["No deterioration", "none"], 0.9, 10, 0.5), (["Superficial/minor deterioration", "minor"], 1.0, 10, 0.5), (["Slight deterioration", "slight"], 1.1, 10, 0.5),
            (["Some Deterioration", "some"], 1.25, 10, 3), (["Substantial Deterioration", "substantial"], 1.4, 10, 8)]);
        yield return (CnaimFamily.Switchgear, ConditionInput.ExternalCondition, [
            (["No deterioration:", "none"], 0.9, 10, 0.5), (["Superficial/minor deterioration", "minor"], 1.0, 10, 0.5), (["Some Deterioration", "some"], 1.2, 10, 3), (["Substantial Deterioration", "substantial"], 1.4, 10, 8)]);
        yield return (any, ConditionInput.OilLeaksGas, [
            (["No deterioration", "none"], 0.9, 10, 0.5), (["Superficial/minor deterioration", "minor"], 1.0, 10, 0.5), (["Some Deterioration", "some"], 1.1, 10, 3), (["Substantial Deterioration", "substantial"], 1.3, 10, 8)]);
        yield return (any, ConditionInput.InternalCondition, [
            (["No deterioration", "none"], 0.9, 10, 0.5), (["Superficial/minor deterioration", "minor"], 1.0, 10, 0.5), (["Some Deterioration", "some"], 1.2, 10, 3), (["Substantial Deterioration", "substantial"], 1.4, 10, 8)]);
        yield return (any, ConditionInput.Thermographic, [
            (["Ambient or Below", "ambient"], 0.9, 10, 0.5), (["Above Ambient", "above"], 1.0, 10, 0.5), (["Substantially Above Ambient", "substantially_above"], 1.1, 10, 0.5)]);
        yield return (any, ConditionInput.IndoorEnvironment, [
            (["Better than Expected", "better"], 0.9, 10, 0.5), (["As Expected", "expected"], 1.0, 10, 0.5), (["Deteriorated Environment", "Deteriorated"], 1.3, 10, 0.5), (["Severely Deteriorated Environment", "Severely Deteriorated", "severe"], 1.5, 10, 0.5)]);
        // The package keys these two tables by the lower bound of the deterioration band: -Inf (up to 10 %) and 10 (over 10 %).
        yield return (any, ConditionInput.DuctorTest, [(["As New", "pass"], 1.0, 10, 0.5), (["<= 10% deterioration", "minor", "-Inf"], 1.1, 10, 0.5), (["> 10% deterioration", "major", "10"], 1.3, 10, 0.5)]);
        yield return (any, ConditionInput.SwitchgearOilTest, [(["As New", "pass"], 1.0, 10, 0.5), (["<= 10% deterioration", "minor", "-Inf"], 1.1, 10, 0.5), (["> 10% deterioration", "major", "10"], 1.3, 10, 0.5)]);
        yield return (any, ConditionInput.TripTest, [(["Pass"], 1.0, 10, 0.5), (["Fail"], 1.4, 10, 0.5)]);
        yield return (any, ConditionInput.PoleDecay, [
            (["None"], 0.8, 5.4, 0.5), (["No Significant Decay/Deterioration", "no_significant"], 1.0, 6.4, 0.5), (["High"], 1.4, 10, 5.5), (["Very High", "very_high"], 1.8, 10, 8)]);
        yield return (any, ConditionInput.PoleTopRot, [(["No"], 1.0, 10, 0.5), (["Yes"], 1.3, 10, 0.5)]);
        yield return (any, ConditionInput.PoleLeaning, [(["No"], 1.0, 10, 0.5), (["Yes"], 1.2, 10, 0.5)]);
        yield return (any, ConditionInput.BirdAnimalDamage, [(["No"], 1.0, 10, 0.5), (["Yes"], 1.3, 10, 0.5)]);
        yield return (any, ConditionInput.VisualCondition, [(["Acceptable"], 1.0, 10, 0.5), (["Some Deterioration", "some"], 1.3, 10, 4), (["Substantial Deterioration", "substantial"], 1.8, 10, 8)]);
        yield return (any, ConditionInput.SteelCoverPit, [
            (["No deterioration", "none"], 0.9, 10, 0.5), (["Superficial/minor deterioration", "minor"], 1.0, 10, 0.5), (["Some Deterioration", "some"], 1.2, 10, 0.5), (["Substantial Deterioration", "substantial"], 1.4, 10, 0.5)]);
        yield return (any, ConditionInput.WaterMoisture, [(["None"], 1.0, 10, 0.5), (["Present in Pit", "pit"], 1.1, 10, 0.5), (["Present in Bell Housing", "bell_housing"], 1.3, 10, 0.5)]);
        yield return (any, ConditionInput.BellCondition, [
            (["Satisfactory"], 0.9, 10, 0.5), (["Superficial/minor deterioration", "minor"], 1.0, 10, 0.5), (["Some Deterioration", "some"], 1.2, 10, 0.5), (["Substantial Deterioration", "substantial"], 1.4, 10, 0.5)]);
        yield return (any, ConditionInput.Insulation, [(["No Deterioration", "none"], 0.9, 10, 0.5), (["Some Deterioration", "some"], 1.0, 10, 0.5), (["Substantial Deterioration", "substantial"], 1.3, 10, 8)]);
        yield return (any, ConditionInput.SignsOfHeating, [(["No Deterioration", "none"], 0.9, 10, 0.5), (["Some Deterioration", "some"], 1.0, 10, 0.5), (["Substantial Deterioration", "substantial"], 1.5, 10, 5.5)]);
        yield return (any, ConditionInput.PhaseBarriers, [(["Yes"], 1.0, 10, 0.5), (["Missing", "no"], 1.3, 10, 0.5)]);
        yield return (any, ConditionInput.OperationalAdequacy, [(["Operable"], 1.0, 10, 0.5), (["Inoperable"], 1.5, 10, 8)]);
        yield return (any, ConditionInput.SheathTest, [(["Pass"], 1.0, 10, 0.5), (["Failed Minor", "failed_minor"], 1.3, 10, 0.5), (["Failed Major", "failed_major"], 1.6, 10, 5.5)]);
        yield return (any, ConditionInput.InspectionGrade, [
            (["normal", "正常"], 1.0, 10, 0.5), (["attention", "注意"], 1.15, 10, 0.5), (["abnormal", "异常"], 1.35, 10, 5.5), (["serious", "严重"], 1.6, 10, 8)]);
    }

    private static FrozenDictionary<(CnaimFamily, ConditionInput), FrozenDictionary<string, ConditionReading>> BuildTables()
    {
        var result = new Dictionary<(CnaimFamily, ConditionInput), FrozenDictionary<string, ConditionReading>>();
        foreach ((CnaimFamily family, ConditionInput input, var levels) in Rows())
        {
            var table = new Dictionary<string, ConditionReading>(StringComparer.Ordinal);
            foreach ((string[] labels, double factor, double cap, double collar) in levels)
            {
                foreach (string label in labels)
                {
                    table[Normalise(label)] = new ConditionReading(input, factor, cap, collar);
                }
            }

            result[(family, input)] = table.ToFrozenDictionary(StringComparer.Ordinal);
        }

        return result.ToFrozenDictionary();
    }

    private static FrozenDictionary<(CnaimFamily, ConditionInput), string[]> BuildLabels()
    {
        var result = new Dictionary<(CnaimFamily, ConditionInput), string[]>();
        foreach ((CnaimFamily family, ConditionInput input, var levels) in Rows())
        {
            var labels = new string[levels.Length];
            for (int i = 0; i < levels.Length; i++)
            {
                labels[i] = levels[i].Labels[0];
            }

            result[(family, input)] = labels;
        }

        return result.ToFrozenDictionary();
    }
}
