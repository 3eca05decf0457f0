using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Reliability.Aging;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

public sealed class RegisterCellsTests
{
    private static readonly string[] s_columns =
    [
        "component_id", "cnaim_category", "manufacturer", "type", "rating", "length_km", "sub_division", "placement", "altitude_m",
        "distance_from_coast_km", "corrosion_index", "utilisation_pct", "operating_voltage_pct", "reliability_factor", "inspection_year",
        "defects", "oil_moisture_ppm", "oil_acidity_mg_koh_g", "oil_breakdown_kv", "cable_faults_per_km_year", "failures",
        "inspection_grade", "external_condition", "partial_discharge", "pole_decay", "oil_leaks_gas", "sheath_test", "trip_test",
    ];

    // Numbers good and bad: in and out of every column's range, spellings the runtime accepts or refuses, non-ASCII digits.
    private static readonly string[] s_numbers =
    [
        "", "0", "1", "3", "5", "0.6", "1.5", "1.49999", "12", "400", "2.5e3", "1e400", "-1", "-0", "+3", ".5", "5.", "1990", "1990.0",
        "1990.5", "2024", "1899", "2101", "NaN", "Infinity", "-Infinity", "1,5", "0x10", "1_0", "12kV", "١٢", "1e-320", "9000", "-500",
        "1e5", "100000.0000001", "  7  ",
    ];

    private static readonly string[] s_texts =
    [
        "", "ABB", "abb", "Siemens", "XJ", "Ünité", "ä", "type 1", "a,b", "say \"hi\"", "two\nlines", "SS001-F01-S1", "none", "None",
        "6.6/11kV RMU", "20kV Transformer (GM)", "wood", "Wood Treated", "steel", "plastic", "indoor", "OUTDOOR", "default", "attic",
        "Low", "High (Not Confirmed)", "Pass", "Fail", "serious", "attention", "Some Deterioration", "bogus", "good",
    ];

    private static readonly string[] s_classes =
    [
        "distribution_transformer", "transformer", "pole", "Pole", "overhead_line", "ohl", "cable", "switchgear", "rmu", "lamp", "",
    ];

    private static readonly string[] s_failures =
    [
        "", "2019-05-02:bushing", "2021:winding", "2019-05-02:bushing;2021:winding", "1999", "2019-13-01", "1899:x", "2019-05-02 : joint ",
        ";;2020;", "abc", "2030-01-01:Ünité",
    ];

    // Cells a clean register holds (every row read): in range for every column, labels left to the dirty registers
    // (whether one applies depends on the class).
    private static readonly Dictionary<string, string[]> s_clean = new()
    {
        ["install_year"] = ["1990", "2005", "1990.0", "1.95e3"],
        ["inspection_year"] = ["", "2024", "2020.0"],
        ["reliability_factor"] = ["", "0.6", "1", "1.5", "1.2e0"],
        ["corrosion_index"] = ["", "1", "5", "3.0"],
        ["defects"] = ["", "0", "3"],
        ["class"] = ["distribution_transformer", "transformer", "pole", "Pole", "overhead_line", "ohl", "cable"],
        ["sub_division"] = ["", "wood", "Wood Treated", "steel"],
        ["placement"] = ["", "indoor", "OUTDOOR", "default"],
        ["failures"] = ["", "2019-05-02:bushing", "2021:winding", ";;2020;", "2019-05-02 : joint ", "2030-01-01:Ünité"],
        ["rating"] = ["", "0", "12", "400", "2.5e2", "+3", ".5", "5.", "-0"],
    };

    private static readonly string[] s_freeTexts = ["component_id", "manufacturer", "type"];

    // Whitespace that string.Trim removes around a cell: ASCII ones (settled by the bytes) and others (the string path's).
    private static readonly string[] s_pads = ["", "", "", " ", "\t", "\u00A0", "\u2003", "\u3000", "\u200B", "\u0085"];

    // The same without the zero-width space, which string.Trim keeps (so it spoils a number or a class).
    private static readonly string[] s_cleanPads = ["", "", "", " ", "\t", "\u00A0", "\u2003", "\u3000", "\u0085"];

    // The span path against the string path (the oracle: every cell as a trimmed string, as before spans) on random
    // registers of good and bad cells, padded with ASCII and other whitespace, plain and quoted: the same register
    // (every attribute, reading and failure) or the same diagnostics, in the same order.
    [Property(MaxTest = 300)]
    public Property Read_RandomRegisters_SpansGiveTheStringPathsAnswer(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        string path = Path.Combine(Path.GetTempPath(), $"register-cells-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, RandomRegister(rng), new UTF8Encoding(false));
        try
        {
            AssetRegisterResult spans = AssetRegisterReader.Read(path, 0, spans: true);
            AssetRegisterResult strings = AssetRegisterReader.Read(path, 0, spans: false);
            return (spans.Diagnostics.SequenceEqual(strings.Diagnostics) && SameRegister(spans.Register, strings.Register))
                .Label($"seed {seed.Get}: {spans.Diagnostics.Count} against {strings.Diagnostics.Count} diagnostics, first {spans.Diagnostics.FirstOrDefault()} / {strings.Diagnostics.FirstOrDefault()}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_RepeatedTexts_AreOneStringEach()
    {
        string path = Path.Combine(Path.GetTempPath(), $"register-cells-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "asset_id,class,install_year,manufacturer\nA1,pole,1990,ABB\nA2,pole,1991, ABB\n");
        try
        {
            AssetRegister register = AssetRegisterReader.Read(path).Register!;
            Assert.Equal("ABB", register.Records[0].Manufacturer);
            Assert.Same(register.Records[0].Manufacturer, register.Records[1].Manufacturer);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string RandomRegister(Random rng)
    {
        var header = new List<string> { "asset_id", "class", "install_year" };
        header.AddRange(s_columns.Where(_ => rng.Next(3) > 0));
        header = [.. header.OrderBy(_ => rng.Next())];
        var text = new StringBuilder();
        text.AppendJoin(',', header).Append('\n');
        int rows = rng.Next(1, 30);
        bool clean = rng.Next(2) == 0;
        for (int r = 0; r < rows; r++)
        {
            IEnumerable<string> cells = header.Select(column => clean ? CleanCell(rng, column, r) : Cell(rng, column, r));
            if (!clean && rng.Next(25) == 0)
            {
                cells = cells.Skip(1);
            }

            text.AppendJoin(',', cells.Select(cell => Quoted(rng, cell))).Append(rng.Next(4) == 0 ? "\r\n" : "\n");
        }

        return text.ToString();
    }

    private static string Cell(Random rng, string column, int row)
    {
        string core = column switch
        {
            "asset_id" => rng.Next(10) switch { 0 => string.Empty, 1 => "A0", 2 => "Ä" + row, _ => "A" + row },
            "component_id" => rng.Next(3) == 0 ? string.Empty : "C" + rng.Next(5),
            "class" => Pick(rng, s_classes),
            "failures" => Pick(rng, s_failures),
            "rating" or "length_km" or "altitude_m" or "distance_from_coast_km" or "corrosion_index" or "utilisation_pct" or "operating_voltage_pct"
                or "reliability_factor" or "inspection_year" or "defects" or "oil_moisture_ppm" or "oil_acidity_mg_koh_g" or "oil_breakdown_kv"
                or "cable_faults_per_km_year" or "install_year" => rng.Next(6) == 0 ? Pick(rng, s_texts) : Pick(rng, s_numbers),
            _ => rng.Next(3) == 0 ? string.Empty : rng.Next(200) == 0 ? new string('x', 2001) : Pick(rng, s_texts),
        };
        return Pick(rng, s_pads) + core + Pick(rng, s_pads);
    }

    private static string CleanCell(Random rng, string column, int row)
    {
        string core = column == "asset_id" ? (rng.Next(3) == 0 ? "Ä" : "A") + row
            : s_freeTexts.Contains(column) ? Pick(rng, s_texts)
            : s_clean.TryGetValue(column, out string[]? values) ? Pick(rng, values)
            : column is "length_km" or "altitude_m" or "distance_from_coast_km" or "utilisation_pct" or "operating_voltage_pct" ? Pick(rng, s_clean["rating"])
            : string.Empty;
        return Pick(rng, s_cleanPads) + core + Pick(rng, s_cleanPads);
    }

    private static string Quoted(Random rng, string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 || rng.Next(5) == 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static string Pick(Random rng, string[] values) => values[rng.Next(values.Length)];

    private static bool SameRegister(AssetRegister? a, AssetRegister? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a.Count != b.Count || a.RecordsStartYear != b.RecordsStartYear)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            AssetRecord x = a.Records[i];
            AssetRecord y = b.Records[i];
            if (x with { Conditions = [], Failures = [] } != y with { Conditions = [], Failures = [] }
                || !x.Conditions.SequenceEqual(y.Conditions) || !x.Failures.SequenceEqual(y.Failures))
            {
                return false;
            }
        }

        return true;
    }
}
