using System.Globalization;
using System.Text;
using CsvHelper;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Aging;

/// <summary>One row of a CNAIM package-layout file with Lumen's results.</summary>
/// <remarks>Immutable.</remarks>
public sealed class CnaimSampleRow
{
    internal CnaimSampleRow(int line, string[] values, CnaimCategory category, CnaimHealth health, double[] future, double[] futureHealth, bool hasFuture, CnaimHealth agePlus10, CnaimCof cof, CnaimRowErrors errors)
    {
        Errors = errors;
        Line = line;
        Values = values;
        Category = category;
        Health = health;
        FuturePof = future;
        FutureHealth = futureHealth;
        HasFuture = hasFuture;
        AgePlus10 = agePlus10;
        Cof = cof;
    }

    /// <summary>Line in the file (1 = header).</summary>
    public int Line { get; }

    /// <summary>The row's original fields, in header order.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>The category read from <c>in_asset_category</c>.</summary>
    public CnaimCategory Category { get; }

    /// <summary>Current health and PoF.</summary>
    public CnaimHealth Health { get; }

    /// <summary>Future PoF for years 0..10 (NaN when there is none in this mode).</summary>
    public IReadOnlyList<double> FuturePof { get; }

    /// <summary>Future health score for years 0..10.</summary>
    public IReadOnlyList<double> FutureHealth { get; }

    /// <summary>True when a future PoF exists.</summary>
    public bool HasFuture { get; }

    /// <summary>Current health and PoF at age + 10.</summary>
    public CnaimHealth AgePlus10 { get; }

    /// <summary>CNAIM's consequence of failure.</summary>
    public CnaimCof Cof { get; }

    /// <summary>What the package would refuse in this row, per function (R-package mode; spec mode refuses the file instead).</summary>
    public CnaimRowErrors Errors { get; }
}

/// <summary>
/// The reasons the R package gives for not computing a row, per function, as its batch use records them
/// (<c>error_pof</c>, <c>error_pof_age_plus_10</c>, <c>error_pof_future</c>, <c>error_cof</c>); null where it computes.
/// </summary>
/// <param name="Pof">Current PoF and health.</param>
/// <param name="PofAgePlus10">Current PoF and health at age + 10.</param>
/// <param name="PofFuture">Future PoF.</param>
/// <param name="Cof">Consequence of failure.</param>
public sealed record CnaimRowErrors(string? Pof = null, string? PofAgePlus10 = null, string? PofFuture = null, string? Cof = null)
{
    /// <summary>No error.</summary>
    public static CnaimRowErrors None { get; } = new();

    /// <summary>True when some function refuses the row.</summary>
    public bool Any => Pof is not null || PofAgePlus10 is not null || PofFuture is not null || Cof is not null;

    /// <summary>One line: each refusing function with its reason, e.g. <c>pof_future: missing value where TRUE/FALSE needed</c>; empty when none.</summary>
    public string Summary => string.Join("; ", new[] { ("pof", Pof), ("pof_age_plus_10", PofAgePlus10), ("pof_future", PofFuture), ("cof", Cof) }
        .Where(e => e.Item2 is not null).Select(e => $"{e.Item1}: {e.Item2}"));
}

/// <summary>The result of reading a CNAIM package-layout file.</summary>
/// <param name="Header">Input header (output columns removed).</param>
/// <param name="Rows">Rows with results; empty when there are errors.</param>
/// <param name="Diagnostics">Every problem found, with file, line and field.</param>
public sealed record CnaimSampleResult(IReadOnlyList<string> Header, IReadOnlyList<CnaimSampleRow> Rows, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when there is no error.</summary>
    public bool Succeeded => Diagnostics.Count == 0;
}

/// <summary>
/// Reads the input layout of the CNAIM R package reference table (<c>asset_class</c>, <c>in_asset_category</c> and the
/// <c>in_*</c> columns, as in <c>cnaim-sample.csv</c>) and writes the same rows with Lumen's <c>chs</c>, <c>pof</c>,
/// future PoF and CoF columns.
/// </summary>
public static class CnaimSampleFile
{
    /// <summary>The output columns written after the input columns (and dropped from the input when present).</summary>
    public static IReadOnlyList<string> OutputColumns { get; } =
    [
        "chs", "pof", "pof_future_y0", "fhs_future_y0", "pof_future_y10", "fhs_future_y10", "chs_age_plus_10", "pof_age_plus_10",
        "cof_financial", "cof_safety", "cof_environmental", "cof_network", "cof_total", "cof_currency", "risk_current",
        "error_pof", "error_pof_age_plus_10", "error_pof_future", "error_cof", "error",
    ];

    private static readonly HashSet<string> s_dropped = new(StringComparer.Ordinal)
    {
        "chs", "pof", "pof_nrow", "pof_future_y0", "fhs_future_y0", "pof_future_y10", "fhs_future_y10", "chs_age_plus_10", "pof_age_plus_10",
        "cof_financial", "cof_safety", "cof_environmental", "cof_network", "cof_total", "cof_currency", "risk_current",
        "error_pof", "error_pof_age_plus_10", "error_pof_future", "error_cof", "error", "warnings",
    };

    /// <summary>True when the CSV header at <paramref name="path"/> has the package layout (<c>in_asset_category</c>).</summary>
    /// <param name="path">A CSV file.</param>
    /// <returns>True for the package layout.</returns>
    public static bool IsPackageLayout(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            string? header = reader.ReadLine();
            return header is not null && header.Split(',').Contains("in_asset_category");
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads and evaluates every row. Spec mode is all-or-nothing: any row problem refuses the file. R-package mode keeps
    /// one row per input row, as the package's batch use does: what the package (or Lumen's reader) refuses is in the
    /// row's <see cref="CnaimSampleRow.Errors"/>; only file-level problems (missing columns, unreadable file) refuse it.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="mode">Spec or R package behaviour.</param>
    /// <returns>Rows or diagnostics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static CnaimSampleResult Read(string path, CnaimMode mode)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Path.GetFileName(path);
        var diagnostics = new List<Diagnostic>();
        var rows = new List<CnaimSampleRow>();
        var keep = new List<int>();
        var header = new List<string>();
        try
        {
            using var text = new StreamReader(path, new UTF8Encoding(false, true));
            using CsvReader parser = CsvReader.Create(text, PlainCsv.Lenient, leaveOpen: true);
            if (!parser.Read())
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(file, 1), string.Empty, "the file is empty"));
                return new CnaimSampleResult([], [], diagnostics);
            }

            string[] names = parser.Current.ToArray();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < names.Length; i++)
            {
                index[names[i]] = i;
                if (!s_dropped.Contains(names[i]))
                {
                    keep.Add(i);
                    header.Add(names[i]);
                }
            }

            foreach (string required in (string[])["in_asset_category", "in_age"])
            {
                if (!index.ContainsKey(required))
                {
                    diagnostics.Add(new Diagnostic(new SourceLocation(file, 1), required, "required column is missing"));
                }
            }

            if (diagnostics.Count > 0)
            {
                return new CnaimSampleResult(header, [], diagnostics);
            }

            while (parser.Read())
            {
                string[] record = parser.Current.ToArray();
                int line = (int)parser.LineNumber;
                string Get(string name) => index.TryGetValue(name, out int i) && i < record.Length ? record[i].Trim() : string.Empty;
                var values = new string[keep.Count];
                for (int i = 0; i < keep.Count; i++)
                {
                    values[i] = keep[i] < record.Length ? record[keep[i]] : string.Empty;
                }

                CnaimSampleRow? row = Evaluate(file, line, Get, values, mode, diagnostics);
                if (row is not null)
                {
                    rows.Add(row);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException or CsvFormatException)
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(file, 0), string.Empty, ex.Message));
        }

        return diagnostics.Count > 0 ? new CnaimSampleResult(header, [], diagnostics) : new CnaimSampleResult(header, rows, diagnostics);
    }

    /// <summary>Writes the rows as CSV: the input columns, then <see cref="OutputColumns"/> (empty when not defined).</summary>
    /// <param name="result">A successful result.</param>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(CnaimSampleResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        using CsvWriter csv = CsvWriter.Create(writer, PlainCsv.Writer, leaveOpen: true);
        foreach (string h in result.Header)
        {
            csv.WriteField(h);
        }

        foreach (string h in OutputColumns)
        {
            csv.WriteField(h);
        }

        csv.EndRecord();
        foreach (CnaimSampleRow row in result.Rows)
        {
            foreach (string v in row.Values)
            {
                csv.WriteField(v);
            }

            double risk = row.Health.PofPerYear * row.Cof.Total;
            foreach (double v in (double[])[
                row.Health.CurrentHealth, row.Health.PofPerYear, row.FuturePof[0], row.FutureHealth[0], row.FuturePof[10], row.FutureHealth[10],
                row.AgePlus10.CurrentHealth, row.AgePlus10.PofPerYear, row.Cof.Financial, row.Cof.Safety, row.Cof.Environmental, row.Cof.Network, row.Cof.Total])
            {
                csv.WriteField(Format(v));
            }

            csv.WriteField(row.Cof.Currency);
            csv.WriteField(Format(risk));
            CnaimRowErrors e = row.Errors;
            foreach (string? text in (string?[])[e.Pof, e.PofAgePlus10, e.PofFuture, e.Cof, e.Summary])
            {
                csv.WriteField(text ?? string.Empty);
            }

            csv.EndRecord();
        }
    }

    private static string Format(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Maps the package's <c>in_asset_category</c> text to a category.</summary>
    /// <param name="text">e.g. <c>6.6/11kV Transformer (GM)</c>.</param>
    /// <param name="category">The category when the result is true.</param>
    /// <returns>True when recognised.</returns>
    public static bool TryParseCategory(string text, out CnaimCategory category)
    {
        category = text.Trim() switch
        {
            "6.6/11kV Transformer (GM)" => CnaimCategory.Transformer11kV,
            "20kV Transformer (GM)" => CnaimCategory.Transformer20kV,
            "10/0.4kV transformer (DK variant)" => CnaimCategory.Transformer10kVDk,
            "LV Poles" => CnaimCategory.PoleLv,
            "6.6/11kV Poles" => CnaimCategory.Pole11kV,
            "20kV Poles" => CnaimCategory.Pole20kV,
            "6.6/11kV CB (GM) Secondary" => CnaimCategory.CbSecondary11kV,
            "6.6/11kV RMU" => CnaimCategory.Rmu11kV,
            "6.6/11kV Switch (GM)" => CnaimCategory.Switch11kV,
            "6.6/11kV X-type RMU" => CnaimCategory.XTypeRmu11kV,
            "20kV CB (GM) Secondary" => CnaimCategory.CbSecondary20kV,
            "20kV RMU" => CnaimCategory.Rmu20kV,
            "20kV Switch (GM)" => CnaimCategory.Switch20kV,
            "10kV secondary switchgear (DK variant)" => CnaimCategory.SwitchgearSecondary10kVDk,
            "LV UGB" => CnaimCategory.LvUgb,
            "10kV UG Cable (Non Pressurised)" or "10kV PEX cable (DK variant)" => CnaimCategory.Cable10kVPexDk,
            _ => CnaimCategory.None,
        };
        return category != CnaimCategory.None;
    }

    // Columns that only the consequence of failure reads: a problem in one of them refuses the CoF, not the PoF.
    private static readonly HashSet<string> s_cofColumns = new(StringComparer.Ordinal)
    {
        "in_kva", "in_access_type", "in_location_risk", "in_type_risk", "in_prox_water", "in_bunded", "in_no_customers", "in_kva_per_customer",
        "in_type_financial_factor_criteria", "in_type_env_factor", "in_actual_load_mva", "in_secure",
    };

    /// <summary>The package's error when a pole's sub-division has no location-factor column (treated wood, other).</summary>
    internal const string PoleSubDivisionError = "Can't subset columns that don't exist.\n\u2716 Column `Overhead Line` doesn't exist.";

    /// <summary>The package's error for every HV submarine cable PoF (asset-risk.md Q7).</summary>
    internal const string SubmarineDutyFactorError = "object 'duty_factor_table1' not found";

    /// <summary>The package's error for a proximity to water of exactly 120 m (asset-risk.md Q8).</summary>
    internal const string ProximityError = "object 'prox_factor' not found";

    /// <summary>The package's error for a future PoF at age 0 with H = 0.5 (β2 = 0/0).</summary>
    internal const string FutureAtAgeZeroError = "missing value where TRUE/FALSE needed";

    private static CnaimSampleRow? Evaluate(string file, int line, Func<string, string> get, string[] values, CnaimMode mode, List<Diagnostic> diagnostics)
    {
        bool package = mode == CnaimMode.RPackage;
        var problems = new List<Diagnostic>();
        var at = new SourceLocation(file, line);
        string categoryText = get("in_asset_category");
        bool submarine = categoryText.Trim() == SubmarineCategory;
        if (!TryParseCategory(categoryText, out CnaimCategory category) && !submarine)
        {
            problems.Add(new Diagnostic(at, "in_asset_category", $"unknown or unsupported CNAIM category '{categoryText}'"));
            return Refused(problems, cof: true);
        }

        if (submarine && !package)
        {
            problems.Add(new Diagnostic(at, "in_asset_category", "HV Sub Cable (a submarine cable) has no PoF in spec mode; use --mode r-package for the package's CoF"));
            return Refused(problems, cof: true);
        }

        CnaimFamily family = Cnaim.FamilyOf(category);
        double Number(string column, double min, double max)
        {
            string t = get(column);
            if (t.Length == 0 || t.Equals("Default", StringComparison.OrdinalIgnoreCase))
            {
                return double.NaN;
            }

            if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= min && v <= max))
            {
                problems.Add(new Diagnostic(at, column, $"'{t}' is not a number in {min}..{max} or Default"));
                return double.NaN;
            }

            return v;
        }

        double age = Number("in_age", 0, 500);
        if (double.IsNaN(age) && !problems.Any(p => p.Field == "in_age"))
        {
            problems.Add(new Diagnostic(at, "in_age", "the age is required"));
        }

        string secure = ConditionTables.Normalise(get("in_secure"));
        string bunded = ConditionTables.Normalise(get("in_bunded"));
        var cofInput = new CnaimCofInput
        {
            Kva = Number("in_kva", 0, 1e6),
            AccessType = get("in_access_type"),
            LocationRisk = get("in_location_risk"),
            TypeRisk = get("in_type_risk"),
            ProximityToWaterM = Number("in_prox_water", 0, 1e6),
            Bunded = bunded is "yes" or "true" ? true : bunded is "no" or "false" ? false : null,
            Customers = Number("in_no_customers", 0, 1e9),
            KvaPerCustomer = Number("in_kva_per_customer", 0, 1e9),
            PoleType = get("in_type_financial_factor_criteria"),
            SwitchgearInsulation = get("in_type_env_factor"),
            ActualLoadMva = Number("in_actual_load_mva", 0, 1e6),
            Secure = secure is not ("false" or "no"),
        };

        if (submarine)
        {
            // The package computes the submarine cable's CoF but no PoF (its duty factor table is missing).
            string? submarineCofError = problems.Any(p => s_cofColumns.Contains(p.Field))
                ? string.Join("; ", problems.Where(p => s_cofColumns.Contains(p.Field)).Select(p => $"{p.Field}: {p.Message}"))
                : PackageCofRefusal(CnaimCategory.None, get);
            bool cofRefused = submarineCofError is not null;
            return Row(CnaimCategory.None, Nan(), Nans(11), Nans(11), false, Nan(), cofRefused ? NanCof() : CnaimCofCalculator.SubmarineCable(cofInput),
                new CnaimRowErrors(SubmarineDutyFactorError, SubmarineDutyFactorError, SubmarineDutyFactorError, submarineCofError));
        }

        Placement placement = ConditionTables.Normalise(get("in_placement")) switch
        {
            "indoor" => Placement.Indoor,
            "outdoor" => Placement.Outdoor,
            _ => Placement.Default,
        };
        PoleMaterial material = ConditionTables.Normalise(get("in_sub_division")) switch
        {
            "wood" => PoleMaterial.Wood,
            "steel" => PoleMaterial.Steel,
            "concrete" or "" or "default" => PoleMaterial.Concrete,
            string sd when sd.StartsWith("woodwater", StringComparison.Ordinal) => PoleMaterial.WoodTreated,
            _ => PoleMaterial.Other,
        };
        double corrosion = Number("in_corrosion_category_index", 1, 5);
        var asset = CnaimAsset.Create(category, double.IsNaN(age) ? 0 : age) with
        {
            PoleMaterial = material,
            UtilisationPct = Number("in_utilisation_pct", 0, 1000),
            OperatingVoltagePct = Number("in_operating_voltage_pct", 0, 1000),
            Placement = placement,
            AltitudeM = Number("in_altitude_m", -500, 9000),
            DistanceFromCoastKm = Number("in_distance_from_coast_km", 0, 10000),
            CorrosionIndex = double.IsNaN(corrosion) ? 0 : (int)corrosion,
            ReliabilityFactor = Number("in_reliability_factor", 0.6, 1.5),
        };

        var readings = new List<ConditionReading>();
        void Label(string column, ConditionInput input)
        {
            string t = get(column);
            if (!ConditionTables.TryRead(family, input, t, out ConditionReading r))
            {
                problems.Add(new Diagnostic(at, column, $"unknown value '{t}'; expected one of: {string.Join(", ", ConditionTables.Labels(family, input))} or Default"));
                return;
            }

            readings.Add(r);
        }

        switch (family)
        {
            case CnaimFamily.Transformer:
                Label("in_partial_discharge", ConditionInput.PartialDischarge);
                Label("in_temperature_reading", ConditionInput.TemperatureReading);
                Label("in_observed_condition", ConditionInput.ExternalCondition);
                readings.Add(ConditionTables.OilTest(Number("in_moisture", 0, 1e6), Number("in_oil_acidity", 0, 1e3), Number("in_bd_strength", 0, 1e3)));
                break;
            case CnaimFamily.Pole:
                Label("in_mci_pole_decay", ConditionInput.PoleDecay);
                Label("in_oci_pole_leaning", ConditionInput.PoleLeaning);
                Label("in_oci_top_rot", ConditionInput.PoleTopRot);
                Label("in_oci_bird_animal_damage", ConditionInput.BirdAnimalDamage);
                int before = readings.Count;
                Label("in_oci_visual_pole_cond_toprot_table", package ? ConditionInput.PoleTopRot : ConditionInput.VisualCondition);
                if (package && readings.Count > before)
                {
                    // Q5: the package reads this column through its pole-top-rot table, as a separate observed factor.
                    readings[^1] = readings[^1] with { Input = ConditionInput.PoleTopRotVisual };
                }

                break;
            case CnaimFamily.Switchgear:
                Label("in_mci_partial_discharge", ConditionInput.PartialDischarge);
                Label("in_mci_ductor_test_Lower", ConditionInput.DuctorTest);
                Label("in_mci_oil_test_Lower", ConditionInput.SwitchgearOilTest);
                Label("in_mci_temp_reading", ConditionInput.TemperatureReading);
                Label("in_mci_trip_test", ConditionInput.TripTest);
                Label("in_oci_external_condition", ConditionInput.ExternalCondition);
                Label("in_oci_oil_gas", ConditionInput.OilLeaksGas);
                Label("in_oci_internal_condition", ConditionInput.InternalCondition);
                Label("in_oci_thermo_assment", ConditionInput.Thermographic);
                Label("in_oci_indoor_env", ConditionInput.IndoorEnvironment);
                break;
            case CnaimFamily.LinkBox:
                Label("in_mci_opsal_adequacy", ConditionInput.OperationalAdequacy);
                Label("in_oci_steel_cover_and_pit_condition", ConditionInput.SteelCoverPit);
                Label("in_oci_water_moisture", ConditionInput.WaterMoisture);
                Label("in_oci_bell_cond", ConditionInput.BellCondition);
                Label("in_oci_insulation_cond", ConditionInput.Insulation);
                Label("in_oci_signs_heating", ConditionInput.SignsOfHeating);
                Label("in_oci_phase_barriers", ConditionInput.PhaseBarriers);
                break;
            case CnaimFamily.Cable:
                Label("in_sheath_test", ConditionInput.SheathTest);
                Label("in_partial_discharge", ConditionInput.PartialDischarge);
                string fault = get("in_fault_hist");
                readings.Add(ConditionTables.Normalise(fault) == "nohistoricfaultsrecorded"
                    ? ConditionTables.FaultHistory(0)
                    : ConditionTables.FaultHistory(Number("in_fault_hist", 0, 1e3)));
                break;
        }

        if (problems.Count > 0 && !package)
        {
            diagnostics.AddRange(problems);
            return null;
        }

        List<Diagnostic> cofProblems = problems.Where(p => s_cofColumns.Contains(p.Field)).ToList();
        List<Diagnostic> pofProblems = problems.Where(p => !s_cofColumns.Contains(p.Field)).ToList();
        string? pofError = pofProblems.Count > 0 ? string.Join("; ", pofProblems.Select(p => $"{p.Field}: {p.Message}")) : null;
        if (pofError is null && package && family == CnaimFamily.Pole && material is PoleMaterial.WoodTreated or PoleMaterial.Other)
        {
            pofError = PoleSubDivisionError;
        }

        string? cofError = cofProblems.Count > 0 ? string.Join("; ", cofProblems.Select(p => $"{p.Field}: {p.Message}")) : null;
        if (cofError is null && package)
        {
            cofError = PackageCofRefusal(category, get);
        }

        CnaimCof cof = cofError is not null ? NanCof() : CnaimCofCalculator.Evaluate(category, cofInput, mode);
        if (pofError is not null)
        {
            return Row(category, Nan(), Nans(11), Nans(11), false, Nan(), cof, new CnaimRowErrors(pofError, pofError, HasFutureFunction(category, mode) ? pofError : null, cofError));
        }

        ConditionReading[] span = readings.ToArray();
        CnaimHealth health = Cnaim.Evaluate(asset, span, mode);
        var future = new double[11];
        var fhs = new double[11];
        bool hasFuture = Cnaim.Future(asset, span, mode, future, fhs);
        CnaimHealth plus10 = Cnaim.Evaluate(asset with { AgeYears = asset.AgeYears + 10 }, span, mode);
        string? futureError = package && !hasFuture && HasFutureFunction(category, mode) ? FutureAtAgeZeroError : null;
        return Row(category, health, future, fhs, hasFuture, plus10, cof, new CnaimRowErrors(null, null, futureError, cofError));

        CnaimSampleRow Row(CnaimCategory c, CnaimHealth h, double[] f, double[] fh, bool has, CnaimHealth p10, CnaimCof cf, CnaimRowErrors errors) =>
            new(line, values, c, h, f, fh, has, p10, cf, errors);

        CnaimSampleRow? Refused(List<Diagnostic> found, bool cof)
        {
            if (!package)
            {
                diagnostics.AddRange(found);
                return null;
            }

            string message = string.Join("; ", found.Select(p => $"{p.Field}: {p.Message}"));
            return Row(CnaimCategory.None, Nan(), Nans(11), Nans(11), false, Nan(), NanCof(), new CnaimRowErrors(message, message, message, cof ? message : null));
        }
    }

    /// <summary>
    /// Why the package's CoF functions refuse a row's inputs, in the order it calls them (financial, safety,
    /// environmental, network); null when they compute. Its access-factor branches know only the listed types, its
    /// customer and load factors need numbers, its N-1 flag a logical, and its proximity bands miss exactly 120 m (Q8).
    /// </summary>
    private static string? PackageCofRefusal(CnaimCategory category, Func<string, string> get)
    {
        CnaimFamily family = Cnaim.FamilyOf(category);
        string access = get("in_access_type");
        bool accessKnown = family switch
        {
            CnaimFamily.Pole => access is "Type A" or "Type B",
            CnaimFamily.Switchgear => access is "Type A" or "Type B" or "Type C",
            CnaimFamily.Transformer when category != CnaimCategory.Transformer10kVDk => access is "Type A" or "Type B" or "Type C",
            _ => true,
        };
        if (!accessKnown)
        {
            return AccessError;
        }

        if (family is CnaimFamily.Transformer or CnaimFamily.Switchgear && get("in_prox_water") == "120")
        {
            return ProximityError;
        }

        static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        if (family == CnaimFamily.Cable)
        {
            return !IsNumber(get("in_actual_load_mva")) ? NonNumericError
                : get("in_secure").ToUpperInvariant() is not ("TRUE" or "FALSE" or "T" or "F") ? "invalid argument type"
                : null;
        }

        return IsNumber(get("in_no_customers")) ? null : NonNumericError;
    }

    /// <summary>The package's error for an access type its branches do not know (e.g. Default).</summary>
    internal const string AccessError = "object 'access_finacial_factor' not found";

    /// <summary>The package's error for a non-numeric customer count or load.</summary>
    internal const string NonNumericError = "non-numeric argument to binary operator";

    /// <summary>The package's category name of the HV submarine cable.</summary>
    public const string SubmarineCategory = "HV Sub Cable";

    // The package has a future-PoF function for every category here except GB distribution switchgear and the LV UGB.
    private static bool HasFutureFunction(CnaimCategory category, CnaimMode mode) =>
        mode == CnaimMode.Spec || Cnaim.FamilyOf(category) switch
        {
            CnaimFamily.LinkBox => false,
            CnaimFamily.Switchgear => category == CnaimCategory.SwitchgearSecondary10kVDk,
            _ => true,
        };

    private static CnaimHealth Nan() => new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    private static double[] Nans(int n)
    {
        var a = new double[n];
        Array.Fill(a, double.NaN);
        return a;
    }

    private static CnaimCof NanCof() => new(double.NaN, double.NaN, double.NaN, double.NaN, string.Empty);
}
