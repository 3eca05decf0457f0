using System.Globalization;
using CsvHelper;
using Lumen.Forecast.Data;

namespace Lumen.Forecast.Peaks;

/// <summary>
/// Reads a planner's growth file (<c>series_id,growth_percent_per_year,added_peak_mw,added_from_year</c>; blank cells keep
/// the historical trend, no step and year 1): all or nothing, every bad cell named by file, line and column.
/// </summary>
public static class PlannerGrowthReader
{
    /// <summary>The columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["series_id", "growth_percent_per_year", "added_peak_mw", "added_from_year"];

    /// <summary>The growth of each series, or null with the errors.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static (IReadOnlyDictionary<string, PlannerGrowth>? Growth, IReadOnlyList<ForecastDiagnostic> Diagnostics) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Path.GetFileName(path);
        var errors = new List<ForecastDiagnostic>();
        if (!File.Exists(path))
        {
            errors.Add(new ForecastDiagnostic(file, 0, string.Empty, "file not found"));
            return (null, errors);
        }

        using CsvReader parser = CsvReader.FromFile(path, ForecastCsv.ReaderOptions);
        if (!parser.Read() || !parser.Current.ToArray().SequenceEqual(Columns))
        {
            errors.Add(new ForecastDiagnostic(file, 1, string.Empty, $"header must be {string.Join(',', Columns)}"));
            return (null, errors);
        }

        var growth = new Dictionary<string, PlannerGrowth>(StringComparer.Ordinal);
        while (parser.Read())
        {
            int line = (int)parser.LineNumber;
            string[] f = parser.Current.ToArray();
            if (f.Length == 1 && f[0].Length == 0)
            {
                continue;
            }

            if (f.Length != Columns.Count)
            {
                errors.Add(new ForecastDiagnostic(file, line, string.Empty, $"expected {Columns.Count} fields, found {f.Length}"));
                continue;
            }

            double? g = null;
            if (f[1].Length > 0)
            {
                if (!double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double gv) || !(gv > -100 && gv <= 100))
                {
                    errors.Add(new ForecastDiagnostic(file, line, Columns[1], $"'{Clip(f[1])}' is not a percentage in (-100, 100]"));
                    continue;
                }

                g = gv;
            }

            double add = 0;
            if (f[2].Length > 0 && (!double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out add) || !(Math.Abs(add) <= 10_000)))
            {
                errors.Add(new ForecastDiagnostic(file, line, Columns[2], $"'{Clip(f[2])}' is not a number of MW between -10,000 and 10,000"));
                continue;
            }

            int from = 1;
            if (f[3].Length > 0 && (!int.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out from) || from is < 1 or > 30))
            {
                errors.Add(new ForecastDiagnostic(file, line, Columns[3], $"'{Clip(f[3])}' is not a forecast year between 1 and 30"));
                continue;
            }

            if (f[0].Length == 0 || !growth.TryAdd(f[0], new PlannerGrowth(g, add, from)))
            {
                errors.Add(new ForecastDiagnostic(file, line, Columns[0], f[0].Length == 0 ? "empty" : $"'{Clip(f[0])}' appears twice"));
            }
        }

        return errors.Count == 0 ? (growth, errors) : (null, errors);
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
