using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Aging;

/// <summary>One row of a CNAIM package-layout file with Lumen's results.</summary>
/// <remarks>Immutable.</remarks>
public sealed class CnaimSampleRow
{
    internal CnaimSampleRow(int line, string[] values, CnaimCategory category, CnaimHealth health, double[] future, double[] futureHealth, bool hasFuture, CnaimHealth agePlus10, CnaimCof cof)
    {
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
    ];

    private static readonly HashSet<string> s_dropped = new(StringComparer.Ordinal)
    {
        "chs", "pof", "pof_nrow", "pof_future_y0", "fhs_future_y0", "pof_future_y10", "fhs_future_y10", "chs_age_plus_10", "pof_age_plus_10",
        "cof_financial", "cof_safety", "cof_environmental", "cof_network", "cof_total", "cof_currency", "risk_current",
        "error_pof", "error_pof_age_plus_10", "error_pof_future", "error_cof", "warnings",
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

    /// <summary>Reads and evaluates every row; all-or-nothing.</summary>
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
            using var parser = new CsvParser(text, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
            if (!parser.Read())
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(file, 1), string.Empty, "the file is empty"));
                return new CnaimSampleResult([], [], diagnostics);
            }

            string[] names = parser.Record!;
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
                string[] record = parser.Record!;
                int line = parser.Row;
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
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException or CsvHelperException)
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
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (string h in result.Header)
        {
            csv.WriteField(h);
        }

        foreach (string h in OutputColumns)
        {
            csv.WriteField(h);
        }

        csv.NextRecord();
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
            csv.NextRecord();
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

    private static CnaimSampleRow? Evaluate(string file, int line, Func<string, string> get, string[] values, CnaimMode mode, List<Diagnostic> diagnostics)
    {
        int before = diagnostics.Count;
        var at = new SourceLocation(file, line);
        if (!TryParseCategory(get("in_asset_category"), out CnaimCategory category))
        {
            diagnostics.Add(new Diagnostic(at, "in_asset_category", $"unknown or unsupported CNAIM category '{get("in_asset_category")}'"));
            return null;
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
                diagnostics.Add(new Diagnostic(at, column, $"'{t}' is not a number in {min}..{max} or Default"));
                return double.NaN;
            }

            return v;
        }

        double age = Number("in_age", 0, 500);
        if (double.IsNaN(age) && diagnostics.Count == before)
        {
            diagnostics.Add(new Diagnostic(at, "in_age", "the age is required"));
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
            string s when s.StartsWith("woodwater", StringComparison.Ordinal) => PoleMaterial.WoodTreated,
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
                diagnostics.Add(new Diagnostic(at, column, $"unknown value '{t}'; expected one of: {string.Join(", ", ConditionTables.Labels(family, input))} or Default"));
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
                Label("in_oci_visual_pole_cond_toprot_table", mode == CnaimMode.RPackage ? ConditionInput.PoleTopRot : ConditionInput.VisualCondition);
                if (mode == CnaimMode.RPackage)
                {
                    // Q5: the visual-condition column is read through the pole-top-rot table and only duplicates it.
                    readings.RemoveAt(readings.Count - 1);
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

        if (diagnostics.Count > before)
        {
            return null;
        }

        ConditionReading[] span = readings.ToArray();
        CnaimHealth health = Cnaim.Evaluate(asset, span, mode);
        var future = new double[11];
        var fhs = new double[11];
        bool hasFuture = Cnaim.Future(asset, span, mode, future, fhs);
        CnaimHealth plus10 = Cnaim.Evaluate(asset with { AgeYears = asset.AgeYears + 10 }, span, mode);
        CnaimCof cof = CnaimCofCalculator.Evaluate(category, cofInput, mode);
        return new CnaimSampleRow(line, values, category, health, future, fhs, hasFuture, plus10, cof);
    }
}
