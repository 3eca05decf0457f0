using System.Globalization;
using System.Text;
using CsvHelper;
using Lumen.Topology.Import;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Aging;

/// <summary>The result of reading an asset register.</summary>
/// <param name="Register">The register; null when there are errors (imports are all-or-nothing).</param>
/// <param name="Diagnostics">Every problem, with file, line and field.</param>
public sealed record AssetRegisterResult(AssetRegister? Register, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// Reads Lumen's asset register CSV (docs/assets.md): one asset per row, a fixed set of named columns (unknown columns
/// are errors), condition inputs as labels, failures as <c>date:mode</c> items separated by <c>;</c>.
/// </summary>
public static class AssetRegisterReader
{
    /// <summary>Columns every register must have.</summary>
    public static IReadOnlyList<string> RequiredColumns { get; } = ["asset_id", "class", "install_year"];

    private static readonly (string Column, ConditionInput Input)[] s_labelColumns =
    [
        ("inspection_grade", ConditionInput.InspectionGrade),
        ("external_condition", ConditionInput.ExternalCondition),
        ("partial_discharge", ConditionInput.PartialDischarge),
        ("temperature_reading", ConditionInput.TemperatureReading),
        ("pole_decay", ConditionInput.PoleDecay),
        ("pole_top_rot", ConditionInput.PoleTopRot),
        ("pole_leaning", ConditionInput.PoleLeaning),
        ("bird_animal_damage", ConditionInput.BirdAnimalDamage),
        ("visual_condition", ConditionInput.VisualCondition),
        ("oil_leaks_gas", ConditionInput.OilLeaksGas),
        ("internal_condition", ConditionInput.InternalCondition),
        ("thermographic", ConditionInput.Thermographic),
        ("indoor_environment", ConditionInput.IndoorEnvironment),
        ("ductor_test", ConditionInput.DuctorTest),
        ("oil_test", ConditionInput.SwitchgearOilTest),
        ("trip_test", ConditionInput.TripTest),
        ("steel_cover_pit", ConditionInput.SteelCoverPit),
        ("water_moisture", ConditionInput.WaterMoisture),
        ("bell_condition", ConditionInput.BellCondition),
        ("insulation", ConditionInput.Insulation),
        ("signs_of_heating", ConditionInput.SignsOfHeating),
        ("phase_barriers", ConditionInput.PhaseBarriers),
        ("operational_adequacy", ConditionInput.OperationalAdequacy),
        ("sheath_test", ConditionInput.SheathTest),
    ];

    /// <summary>Optional columns.</summary>
    public static IReadOnlyList<string> OptionalColumns { get; } = BuildOptional();

    private static string[] BuildOptional()
    {
        var list = new List<string>
        {
            "component_id", "cnaim_category", "manufacturer", "type", "rating", "length_km", "sub_division", "placement", "altitude_m",
            "distance_from_coast_km", "corrosion_index", "utilisation_pct", "operating_voltage_pct", "reliability_factor", "inspection_year",
            "defects", "oil_moisture_ppm", "oil_acidity_mg_koh_g", "oil_breakdown_kv", "cable_faults_per_km_year", "failures",
        };
        foreach ((string column, _) in s_labelColumns)
        {
            list.Add(column);
        }

        return list.ToArray();
    }

    /// <summary>Reads a register file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="recordsStartYear">Year failure records begin; 0 for the year of the earliest failure.</param>
    /// <returns>The register or every diagnostic.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static AssetRegisterResult Read(string path, int recordsStartYear = 0) => Read(path, recordsStartYear, spans: true);

    /// <summary>Reads a register file, its cells from the parser's UTF-8 bytes when <paramref name="spans"/> (else all as strings: the oracle).</summary>
    internal static AssetRegisterResult Read(string path, int recordsStartYear, bool spans)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Path.GetFileName(path);
        var diagnostics = new List<Diagnostic>();
        var builder = new AssetRegisterBuilder { RecordsStartYear = recordsStartYear };
        try
        {
            if (StrictCsv.TryOpenText(path, file, diagnostics, out StreamReader text))
            {
                using (text)
                {
                    Read(file, text, builder, diagnostics, spans);
                }
            }
        }
        catch (DecoderFallbackException)
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(file, 0), string.Empty, StrictCsv.NotUtf8));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CsvFormatException)
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(file, 0), string.Empty, ex.Message));
        }

        return diagnostics.Count > 0 ? new AssetRegisterResult(null, diagnostics) : new AssetRegisterResult(builder.Build(), diagnostics);
    }

    private static void Read(string file, TextReader text, AssetRegisterBuilder builder, List<Diagnostic> diagnostics, bool spans)
    {
        using CsvReader parser = CsvReader.Create(text, PlainCsv.Lenient, leaveOpen: true);
        if (!parser.Read())
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(file, 1), string.Empty, "the file is empty"));
            return;
        }

        string[] header = parser.Current.ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var known = new HashSet<string>(RequiredColumns.Concat(OptionalColumns), StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            string name = header[i].Trim();
            if (!known.Contains(name))
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(file, 1), name, "unknown column (see docs/assets.md for the register format)"));
            }
            else if (!index.TryAdd(name, i))
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(file, 1), name, "duplicate column"));
            }
        }

        foreach (string required in RequiredColumns)
        {
            if (!index.ContainsKey(required))
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(file, 1), required, "required column is missing"));
            }
        }

        if (diagnostics.Count > 0)
        {
            return;
        }

        var columns = new RegisterColumns(index);
        var cells = new RegisterCells(parser, spans);
        while (parser.Read())
        {
            var at = new SourceLocation(file, (int)parser.LineNumber);
            if (parser.FieldCount != header.Length)
            {
                diagnostics.Add(new Diagnostic(at, string.Empty, $"expected {header.Length} fields, found {parser.FieldCount}"));
                continue;
            }

            if (!cells.CheckFieldLengths(at, header, diagnostics))
            {
                continue;
            }

            AssetRecord? asset = ReadRow(at, cells, columns, diagnostics);
            if (asset is not null && !builder.TryAdd(asset))
            {
                diagnostics.Add(new Diagnostic(at, "asset_id", $"duplicate asset id '{StrictCsv.Quote(asset.Id)}'"));
            }
        }
    }

    private static AssetRecord? ReadRow(SourceLocation at, RegisterCells cells, RegisterColumns c, List<Diagnostic> diagnostics)
    {
        int before = diagnostics.Count;
        double Number(int i, string column, double min, double max)
        {
            if (cells.TryNumber(i, min, max, out double fast))
            {
                return fast;
            }

            string t = cells.Text(i);
            if (t.Length == 0)
            {
                return double.NaN;
            }

            if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= min && v <= max))
            {
                diagnostics.Add(new Diagnostic(at, column, $"'{t}' is not a number in {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}"));
                return double.NaN;
            }

            return v;
        }

        string id = cells.Text(c.AssetId);
        if (id.Length == 0)
        {
            diagnostics.Add(new Diagnostic(at, "asset_id", "the asset id is empty"));
        }

        string classText = cells.Shared(c.Class);
        if (!AssetClasses.TryParse(classText, out AssetClass assetClass))
        {
            diagnostics.Add(new Diagnostic(at, "class", $"unknown asset class '{classText}'; expected one of: {string.Join(", ", AssetClasses.All.Select(AssetClasses.Name))}"));
            return null;
        }

        double install = Number(c.InstallYear, "install_year", 1900, 2100);
        if (cells.IsEmpty(c.InstallYear))
        {
            diagnostics.Add(new Diagnostic(at, "install_year", "the install year is required"));
        }
        else if (!double.IsNaN(install) && install != Math.Floor(install))
        {
            diagnostics.Add(new Diagnostic(at, "install_year", "the install year must be a whole year"));
        }

        CnaimCategory? category = null;
        string categoryText = cells.Shared(c.CnaimCategory);
        if (categoryText.Length > 0)
        {
            if (categoryText.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                category = CnaimCategory.None;
            }
            else if (CnaimSampleFile.TryParseCategory(categoryText, out CnaimCategory parsed))
            {
                category = parsed;
            }
            else
            {
                diagnostics.Add(new Diagnostic(at, "cnaim_category", $"unknown CNAIM category '{categoryText}' (use the package's name, e.g. '6.6/11kV RMU', or 'none')"));
            }
        }

        CnaimFamily family = Cnaim.FamilyOf(category ?? AssetClasses.DefaultCategory(assetClass));
        PoleMaterial material = PoleMaterial.Concrete;
        string sub = ConditionTables.Normalise(cells.Shared(c.SubDivision));
        if (sub.Length > 0)
        {
            material = sub switch
            {
                "concrete" => PoleMaterial.Concrete,
                "wood" => PoleMaterial.Wood,
                "woodtreated" => PoleMaterial.WoodTreated,
                "steel" => PoleMaterial.Steel,
                "other" => PoleMaterial.Other,
                _ => (PoleMaterial)255,
            };
            if ((int)material == 255)
            {
                diagnostics.Add(new Diagnostic(at, "sub_division", $"unknown pole material '{cells.Shared(c.SubDivision)}'; expected concrete, wood, wood_treated, steel or other"));
                material = PoleMaterial.Concrete;
            }
        }

        Placement placement = Placement.Default;
        string place = ConditionTables.Normalise(cells.Shared(c.Placement));
        if (place is "indoor")
        {
            placement = Placement.Indoor;
        }
        else if (place is "outdoor")
        {
            placement = Placement.Outdoor;
        }
        else if (place.Length > 0 && place != "default")
        {
            diagnostics.Add(new Diagnostic(at, "placement", $"'{cells.Shared(c.Placement)}' is not indoor, outdoor or default"));
        }

        var conditions = new List<ConditionReading>();
        for (int k = 0; k < s_labelColumns.Length; k++)
        {
            (string column, ConditionInput input) = s_labelColumns[k];
            if (cells.IsEmpty(c.Labels[k]))
            {
                continue;
            }

            if (!ConditionTables.Applies(family, input))
            {
                diagnostics.Add(new Diagnostic(at, column, $"does not apply to class {AssetClasses.Name(assetClass)} (CNAIM family {family}); leave it empty"));
                continue;
            }

            string t = cells.Shared(c.Labels[k]);
            if (!ConditionTables.TryRead(family, input, t, out ConditionReading reading))
            {
                diagnostics.Add(new Diagnostic(at, column, $"unknown value '{t}'; expected one of: {string.Join(", ", ConditionTables.Labels(family, input))}"));
                continue;
            }

            conditions.Add(reading);
        }

        double defects = Number(c.Defects, "defects", 0, 1000);
        if (!double.IsNaN(defects))
        {
            conditions.Add(ConditionTables.Defects((int)defects));
        }

        double moisture = Number(c.OilMoisture, "oil_moisture_ppm", 0, 1e5);
        double acidity = Number(c.OilAcidity, "oil_acidity_mg_koh_g", 0, 100);
        double breakdown = Number(c.OilBreakdown, "oil_breakdown_kv", 0, 1000);
        if (!double.IsNaN(moisture) || !double.IsNaN(acidity) || !double.IsNaN(breakdown))
        {
            if (family != CnaimFamily.Transformer)
            {
                diagnostics.Add(new Diagnostic(at, "oil_moisture_ppm", "oil test values apply to transformers only"));
            }
            else
            {
                conditions.Add(ConditionTables.OilTest(moisture, acidity, breakdown));
            }
        }

        double faultRate = Number(c.CableFaults, "cable_faults_per_km_year", 0, 1000);
        if (!double.IsNaN(faultRate))
        {
            if (family != CnaimFamily.Cable)
            {
                diagnostics.Add(new Diagnostic(at, "cable_faults_per_km_year", "applies to cables only"));
            }
            else
            {
                conditions.Add(ConditionTables.FaultHistory(faultRate));
            }
        }

        var failures = new List<AssetFailure>();
        string failureText = cells.Text(c.Failures);
        if (failureText.Length > 0)
        {
            foreach (string item in failureText.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                int colon = item.IndexOf(':', StringComparison.Ordinal);
                string dateText = colon < 0 ? item : item[..colon].Trim();
                string mode = colon < 0 ? string.Empty : item[(colon + 1)..].Trim();
                if (!TryParseDate(dateText, out DateOnly date))
                {
                    diagnostics.Add(new Diagnostic(at, "failures", $"'{item}' is not 'YYYY-MM-DD[:mode]' (or 'YYYY[:mode]')"));
                    continue;
                }

                if (!double.IsNaN(install) && date.Year < install)
                {
                    diagnostics.Add(new Diagnostic(at, "failures", $"failure on {dateText} is before the install year {install}"));
                    continue;
                }

                failures.Add(new AssetFailure(date, mode));
            }
        }

        double corrosion = Number(c.CorrosionIndex, "corrosion_index", 1, 5);
        double inspection = Number(c.InspectionYear, "inspection_year", 1900, 2100);
        if (diagnostics.Count > before)
        {
            return null;
        }

        string component = cells.Text(c.ComponentId);
        return new AssetRecord(id, assetClass, (int)install)
        {
            ComponentId = component.Length == 0 ? null : component,
            Category = category,
            Manufacturer = NullIfEmpty(cells.Shared(c.Manufacturer)),
            Type = NullIfEmpty(cells.Shared(c.Type)),
            Rating = Number(c.Rating, "rating", 0, 1e7),
            LengthKm = Number(c.LengthKm, "length_km", 0, 1e4),
            PoleMaterial = material,
            Placement = placement,
            AltitudeM = Number(c.AltitudeM, "altitude_m", -500, 9000),
            DistanceFromCoastKm = Number(c.DistanceFromCoastKm, "distance_from_coast_km", 0, 1e4),
            CorrosionIndex = double.IsNaN(corrosion) ? 0 : (int)corrosion,
            UtilisationPct = Number(c.UtilisationPct, "utilisation_pct", 0, 1000),
            OperatingVoltagePct = Number(c.OperatingVoltagePct, "operating_voltage_pct", 0, 1000),
            ReliabilityFactor = Number(c.ReliabilityFactor, "reliability_factor", 0.6, 1.5),
            InspectionYear = double.IsNaN(inspection) ? 0 : (int)inspection,
            Conditions = conditions,
            Failures = failures,
        };
    }

    internal static bool TryParseDate(string text, out DateOnly date)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int year) && year is >= 1900 and <= 2100)
        {
            date = new DateOnly(year, 7, 1);
            return true;
        }

        return false;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    /// <summary>Each register column's index in the file (-1 when absent), found once per file rather than per cell.</summary>
    private sealed class RegisterColumns(Dictionary<string, int> index)
    {
        public int AssetId { get; } = Of(index, "asset_id");
        public int Class { get; } = Of(index, "class");
        public int InstallYear { get; } = Of(index, "install_year");
        public int ComponentId { get; } = Of(index, "component_id");
        public int CnaimCategory { get; } = Of(index, "cnaim_category");
        public int Manufacturer { get; } = Of(index, "manufacturer");
        public int Type { get; } = Of(index, "type");
        public int Rating { get; } = Of(index, "rating");
        public int LengthKm { get; } = Of(index, "length_km");
        public int SubDivision { get; } = Of(index, "sub_division");
        public int Placement { get; } = Of(index, "placement");
        public int AltitudeM { get; } = Of(index, "altitude_m");
        public int DistanceFromCoastKm { get; } = Of(index, "distance_from_coast_km");
        public int CorrosionIndex { get; } = Of(index, "corrosion_index");
        public int UtilisationPct { get; } = Of(index, "utilisation_pct");
        public int OperatingVoltagePct { get; } = Of(index, "operating_voltage_pct");
        public int ReliabilityFactor { get; } = Of(index, "reliability_factor");
        public int InspectionYear { get; } = Of(index, "inspection_year");
        public int Defects { get; } = Of(index, "defects");
        public int OilMoisture { get; } = Of(index, "oil_moisture_ppm");
        public int OilAcidity { get; } = Of(index, "oil_acidity_mg_koh_g");
        public int OilBreakdown { get; } = Of(index, "oil_breakdown_kv");
        public int CableFaults { get; } = Of(index, "cable_faults_per_km_year");
        public int Failures { get; } = Of(index, "failures");

        /// <summary>The indices of the label columns, in the order of <c>s_labelColumns</c>.</summary>
        public int[] Labels { get; } = [.. s_labelColumns.Select(l => Of(index, l.Column))];

        private static int Of(Dictionary<string, int> index, string column) => index.TryGetValue(column, out int i) ? i : -1;
    }

    /// <summary>
    /// Reads extra failure records (e.g. equipment-caused outages) from a CSV with columns <c>asset_id</c> (or
    /// <c>component_id</c>), <c>date</c> and optional <c>failure_mode</c>, and returns a register with them added.
    /// </summary>
    /// <param name="register">The register.</param>
    /// <param name="path">The CSV file.</param>
    /// <param name="network">Network used to resolve <c>component_id</c>; null when only asset ids are used.</param>
    /// <returns>The new register, or the diagnostics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="register"/> or <paramref name="path"/> is null.</exception>
    public static AssetRegisterResult AddFailures(AssetRegister register, string path, Topology.Network.Network? network = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(path);
        var events = ReadEvents(path, register, "failure_mode", out List<Diagnostic> diagnostics);
        if (diagnostics.Count > 0)
        {
            return new AssetRegisterResult(null, diagnostics);
        }

        var extra = new List<AssetFailure>[register.Count];
        foreach ((int asset, DateOnly date, string mode) in events)
        {
            (extra[asset] ??= []).Add(new AssetFailure(date, mode));
        }

        var builder = new AssetRegisterBuilder { RecordsStartYear = register.RecordsStartYear };
        for (int i = 0; i < register.Count; i++)
        {
            AssetRecord r = register.Records[i];
            builder.TryAdd(extra[i] is null ? r : r with { Failures = [.. r.Failures, .. extra[i]] });
        }

        _ = network;
        return new AssetRegisterResult(builder.Build(), diagnostics);
    }

    /// <summary>Reads complaint records (<c>asset_id</c> or <c>component_id</c>, <c>date</c>) and counts them per asset.</summary>
    /// <param name="register">The register.</param>
    /// <param name="path">The CSV file.</param>
    /// <param name="counts">Complaints per asset when the result has no diagnostics.</param>
    /// <returns>Diagnostics; empty on success.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="register"/> or <paramref name="path"/> is null.</exception>
    public static IReadOnlyList<Diagnostic> ReadComplaints(AssetRegister register, string path, out int[] counts)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(path);
        var events = ReadEvents(path, register, null, out List<Diagnostic> diagnostics);
        counts = new int[register.Count];
        foreach ((int asset, _, _) in events)
        {
            counts[asset]++;
        }

        return diagnostics;
    }

    private static List<(int Asset, DateOnly Date, string Mode)> ReadEvents(string path, AssetRegister register, string? modeColumn, out List<Diagnostic> diagnostics)
    {
        string file = Path.GetFileName(path);
        diagnostics = [];
        var result = new List<(int, DateOnly, string)>();
        var byAsset = new Dictionary<string, int>(register.Count, StringComparer.Ordinal);
        var byComponent = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < register.Count; i++)
        {
            byAsset[register.Ids[i]] = i;
            if (register.ComponentIds[i] is string c)
            {
                byComponent.TryAdd(c, i);
            }
        }

        try
        {
            using var text = new StreamReader(path, new UTF8Encoding(false, true));
            using CsvReader parser = CsvReader.Create(text, PlainCsv.Lenient, leaveOpen: true);
            if (!parser.Read())
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(file, 1), string.Empty, "the file is empty"));
                return result;
            }

            string[] header = parser.Current.ToArray();
            int assetColumn = Array.IndexOf(header, "asset_id");
            int componentColumn = Array.IndexOf(header, "component_id");
            int dateColumn = Array.IndexOf(header, "date");
            int modeIndex = modeColumn is null ? -1 : Array.IndexOf(header, modeColumn);
            if (assetColumn < 0 && componentColumn < 0)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(file, 1), "asset_id", "needs an asset_id or component_id column"));
            }

            if (dateColumn < 0)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(file, 1), "date", "required column is missing"));
            }

            if (diagnostics.Count > 0)
            {
                return result;
            }

            while (parser.Read())
            {
                string[] record = parser.Current.ToArray();
                var at = new SourceLocation(file, (int)parser.LineNumber);
                string assetId = assetColumn >= 0 && assetColumn < record.Length ? record[assetColumn].Trim() : string.Empty;
                string componentId = componentColumn >= 0 && componentColumn < record.Length ? record[componentColumn].Trim() : string.Empty;
                int asset = -1;
                if (assetId.Length > 0 && !byAsset.TryGetValue(assetId, out asset))
                {
                    diagnostics.Add(new Diagnostic(at, "asset_id", $"no asset '{assetId}' in the register"));
                    continue;
                }

                if (asset < 0 && !(componentId.Length > 0 && byComponent.TryGetValue(componentId, out asset)))
                {
                    diagnostics.Add(new Diagnostic(at, "component_id", $"no asset in the register sits on component '{componentId}'"));
                    continue;
                }

                string dateText = dateColumn < record.Length ? record[dateColumn].Trim() : string.Empty;
                if (!TryParseDate(dateText.Length > 10 ? dateText[..10] : dateText, out DateOnly date))
                {
                    diagnostics.Add(new Diagnostic(at, "date", $"'{dateText}' is not a date (YYYY-MM-DD)"));
                    continue;
                }

                result.Add((asset, date, modeIndex >= 0 && modeIndex < record.Length ? record[modeIndex].Trim() : string.Empty));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException or CsvFormatException)
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(file, 0), string.Empty, ex.Message));
        }

        return result;
    }
}
