using System.Globalization;
using CsvHelper;

namespace Lumen.Forecast.Data;

/// <summary>Result of reading one load file: the series (null when there are errors) and every diagnostic.</summary>
/// <param name="Series">The series on whole days, or null when any error was found (reading is all-or-nothing).</param>
/// <param name="Diagnostics">Errors and warnings (gaps filled with NaN, rows trimmed to whole days, aggregation).</param>
public sealed record LoadReadResult(LoadSeries? Series, IReadOnlyList<ForecastDiagnostic> Diagnostics)
{
    /// <summary>True when the series was read without errors (warnings allowed).</summary>
    public bool Succeeded => Series is not null;
}

/// <summary>
/// Reads the protocol's load CSV (<c>timestamp,load_mw,temperature_c</c>, see <c>forecast-protocol.md</c> §1): naive local
/// interval-start timestamps <c>YYYY-MM-DDTHH:MM</c>, parsed without any DST rule.
/// </summary>
/// <remarks>
/// Hourly and half-hourly files are kept as they are; 15-minute files are averaged to hourly. Missing rows and empty load
/// cells become NaN gaps (a warning each), to be filled by <see cref="SeriesCleaner"/>. An empty temperature column means
/// "no temperature"; isolated empty temperature cells are interpolated (warning). Rows before the first local midnight
/// and after the last complete day are dropped, as the protocol does. Unparsable values, timestamps out of order,
/// duplicates and irregular steps are errors naming the line and field; then no series is returned.
/// </remarks>
public static class LoadCsvReader
{
    private static readonly string[] s_formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>A city temperature file written beside the series (by <c>demo generate</c>); not a load series.</summary>
    public const string TemperatureFile = "temperature.csv";

    /// <summary>
    /// The load files <paramref name="path"/> names: the CSV file itself, or a folder's CSV files sorted by name without
    /// <see cref="TemperatureFile"/>; empty when neither exists.
    /// </summary>
    /// <param name="path">A CSV file or a folder of them (one series per file).</param>
    /// <returns>The file paths.</returns>
    public static IReadOnlyList<string> FilesIn(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            return [];
        }

        string[] files = Directory.GetFiles(path, "*.csv");
        Array.Sort(files, StringComparer.Ordinal);
        return Array.FindAll(files, f => !string.Equals(Path.GetFileName(f), TemperatureFile, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads a load file from disk; the series is named after the file (without extension).</summary>
    /// <param name="path">CSV file path.</param>
    /// <returns>The series or the errors; never throws for bad content or a missing file.</returns>
    public static LoadReadResult Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            return new LoadReadResult(null, [new ForecastDiagnostic(file, 0, string.Empty, $"file not found: {path}")]);
        }

        using CsvReader csv = CsvReader.FromFile(path, ForecastCsv.ReaderOptions);
        return Read(csv, file, Path.GetFileNameWithoutExtension(path));
    }

    // Larger than the peak of the largest power system (about 1.5 TW): a load beyond it is a unit error or garbage.
    private const double MaxLoadMw = 10_000_000;

    /// <summary>Reads load CSV text.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="file">File name used in diagnostics.</param>
    /// <param name="seriesName">Name given to the series.</param>
    /// <returns>The series or the errors.</returns>
    public static LoadReadResult Read(TextReader reader, string file, string seriesName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using CsvReader csv = CsvReader.Create(reader, ForecastCsv.ReaderOptions, leaveOpen: true);
        return Read(csv, file, seriesName);
    }

    private static LoadReadResult Read(CsvReader parser, string file, string seriesName)
    {
        var diagnostics = new List<ForecastDiagnostic>();
        if (!parser.Read())
        {
            diagnostics.Add(new ForecastDiagnostic(file, 1, string.Empty, "the file is empty (expected header timestamp,load_mw,temperature_c)"));
            return new LoadReadResult(null, diagnostics);
        }

        string[] header = parser.Current.ToArray();
        int iTime = Array.FindIndex(header, h => string.Equals(h, "timestamp", StringComparison.OrdinalIgnoreCase));
        int iLoad = Array.FindIndex(header, h => string.Equals(h, "load_mw", StringComparison.OrdinalIgnoreCase));
        int iTemp = Array.FindIndex(header, h => string.Equals(h, "temperature_c", StringComparison.OrdinalIgnoreCase));
        if (iTime < 0)
        {
            diagnostics.Add(new ForecastDiagnostic(file, 1, "timestamp", "missing column 'timestamp'"));
        }

        if (iLoad < 0)
        {
            diagnostics.Add(new ForecastDiagnostic(file, 1, "load_mw", "missing column 'load_mw'"));
        }

        if (diagnostics.Count > 0)
        {
            return new LoadReadResult(null, diagnostics);
        }

        var times = new List<DateTime>(1 << 15);
        var loads = new List<double>(1 << 15);
        var temps = new List<double>(1 << 15);
        var lines = new List<int>(1 << 15);
        bool anyTemp = false;
        while (parser.Read())
        {
            int line = (int)parser.LineNumber;
            string[] row = parser.Current.ToArray();
            if (row.Length == 1 && row[0].Length == 0)
            {
                continue;
            }

            if (row.Length < header.Length)
            {
                diagnostics.Add(new ForecastDiagnostic(file, line, string.Empty, $"expected {header.Length} fields, found {row.Length}"));
                continue;
            }

            if (!DateTime.TryParseExact(row[iTime], s_formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime t))
            {
                diagnostics.Add(new ForecastDiagnostic(file, line, "timestamp", $"'{Shorten(row[iTime])}' is not a timestamp YYYY-MM-DDTHH:MM"));
                continue;
            }

            double loadValue = double.NaN;
            string loadText = row[iLoad];
            if (loadText.Length > 0 && !loadText.Equals("NA", StringComparison.OrdinalIgnoreCase))
            {
                if (!double.TryParse(loadText, NumberStyles.Float, CultureInfo.InvariantCulture, out loadValue) || !double.IsFinite(loadValue))
                {
                    diagnostics.Add(new ForecastDiagnostic(file, line, "load_mw", $"'{Shorten(loadText)}' is not a number"));
                    continue;
                }

                if (Math.Abs(loadValue) > MaxLoadMw)
                {
                    diagnostics.Add(new ForecastDiagnostic(file, line, "load_mw", $"{loadValue.ToString("G6", CultureInfo.InvariantCulture)} MW is beyond any power system's load (at most ±{MaxLoadMw:N0} MW)"));
                    continue;
                }
            }

            double tempValue = double.NaN;
            if (iTemp >= 0)
            {
                string tempText = row[iTemp];
                if (tempText.Length > 0 && !tempText.Equals("NA", StringComparison.OrdinalIgnoreCase))
                {
                    if (!double.TryParse(tempText, NumberStyles.Float, CultureInfo.InvariantCulture, out tempValue) || !double.IsFinite(tempValue) || tempValue < -80 || tempValue > 70)
                    {
                        diagnostics.Add(new ForecastDiagnostic(file, line, "temperature_c", $"'{Shorten(tempText)}' is not a plausible air temperature in °C"));
                        continue;
                    }

                    anyTemp = true;
                }
            }

            times.Add(t);
            loads.Add(loadValue);
            temps.Add(tempValue);
            lines.Add(line);
        }

        if (diagnostics.Count > 0)
        {
            return new LoadReadResult(null, diagnostics);
        }

        if (times.Count < 2)
        {
            diagnostics.Add(new ForecastDiagnostic(file, 0, string.Empty, "fewer than two data rows"));
            return new LoadReadResult(null, diagnostics);
        }

        // The step is the smallest positive difference; every other difference must be a multiple of it (a gap).
        long step = long.MaxValue;
        for (int i = 1; i < times.Count; i++)
        {
            long d = times[i].Ticks - times[i - 1].Ticks;
            if (d <= 0)
            {
                string what = d == 0 ? "duplicate timestamp" : "timestamp earlier than the previous row";
                diagnostics.Add(new ForecastDiagnostic(file, lines[i], "timestamp", $"{what} {times[i]:yyyy-MM-ddTHH:mm}"));
            }
            else if (d < step)
            {
                step = d;
            }
        }

        if (diagnostics.Count > 0)
        {
            return new LoadReadResult(null, diagnostics);
        }

        int perDay = (int)Math.Round(TimeSpan.TicksPerDay / (double)step);
        if (perDay * step != TimeSpan.TicksPerDay || (perDay != 24 && perDay != 48 && perDay != 96))
        {
            diagnostics.Add(new ForecastDiagnostic(file, lines[1], "timestamp", $"interval {TimeSpan.FromTicks(step)} is not 15 min, 30 min or 1 h"));
            return new LoadReadResult(null, diagnostics);
        }

        for (int i = 1; i < times.Count; i++)
        {
            if ((times[i].Ticks - times[i - 1].Ticks) % step != 0)
            {
                diagnostics.Add(new ForecastDiagnostic(file, lines[i], "timestamp", $"{times[i]:yyyy-MM-ddTHH:mm} is off the {TimeSpan.FromTicks(step).TotalMinutes:0}-minute grid"));
            }
        }

        if (diagnostics.Count > 0)
        {
            return new LoadReadResult(null, diagnostics);
        }

        // Grid from the first local midnight to the end of the last complete day.
        DateTime first = times[0];
        DateTime gridStart = first.TimeOfDay == TimeSpan.Zero ? first : first.Date.AddDays(1);
        DateTime last = times[^1];
        DateTime gridEnd = last.AddTicks(step).TimeOfDay == TimeSpan.Zero ? last.AddTicks(step) : last.Date;
        int days = (int)((gridEnd - gridStart).Ticks / TimeSpan.TicksPerDay);
        if (days < 1)
        {
            diagnostics.Add(new ForecastDiagnostic(file, 0, string.Empty, "the file holds no complete day (midnight to midnight)"));
            return new LoadReadResult(null, diagnostics);
        }

        int n = days * perDay;
        var load = new double[n];
        var temp = new double[n];
        Array.Fill(load, double.NaN);
        Array.Fill(temp, double.NaN);
        var present = new bool[n];
        int trimmed = 0;
        for (int i = 0; i < times.Count; i++)
        {
            long k = (times[i].Ticks - gridStart.Ticks) / step;
            if (k < 0 || k >= n)
            {
                trimmed++;
                continue;
            }

            load[k] = loads[i];
            temp[k] = temps[i];
            present[k] = true;
        }

        if (trimmed > 0)
        {
            diagnostics.Add(new ForecastDiagnostic(file, 0, "timestamp", $"{trimmed} row(s) outside whole days (before the first midnight or after the last complete day) were dropped", ForecastSeverity.Warning));
        }

        ReportGaps(file, present, load, gridStart, step, diagnostics);
        double[]? temperature = null;
        if (iTemp >= 0 && anyTemp)
        {
            int filled = FillLinear(temp);
            if (filled > 0)
            {
                diagnostics.Add(new ForecastDiagnostic(file, 0, "temperature_c", $"{filled} missing temperature value(s) interpolated", ForecastSeverity.Warning));
            }

            temperature = temp;
        }

        if (perDay == 96)
        {
            (load, temperature) = AggregateToHourly(load, temperature);
            perDay = 24;
            diagnostics.Add(new ForecastDiagnostic(file, 0, string.Empty, "15-minute data averaged to hourly", ForecastSeverity.Warning));
        }

        return new LoadReadResult(new LoadSeries(seriesName, gridStart, perDay, load, temperature), diagnostics);
    }

    private static void ReportGaps(string file, bool[] present, double[] load, DateTime start, long step, List<ForecastDiagnostic> diagnostics)
    {
        int i = 0;
        int reported = 0;
        while (i < present.Length)
        {
            if (present[i] && !double.IsNaN(load[i]))
            {
                i++;
                continue;
            }

            int j = i;
            while (j < present.Length && (!present[j] || double.IsNaN(load[j])))
            {
                j++;
            }

            if (reported < 20)
            {
                DateTime a = start.AddTicks(step * i);
                DateTime b = start.AddTicks(step * (j - 1));
                diagnostics.Add(new ForecastDiagnostic(file, 0, "load_mw", $"gap of {j - i} period(s) {a:yyyy-MM-ddTHH:mm} .. {b:yyyy-MM-ddTHH:mm} (missing rows or empty load)", ForecastSeverity.Warning));
            }

            reported++;
            i = j;
        }

        if (reported > 20)
        {
            diagnostics.Add(new ForecastDiagnostic(file, 0, "load_mw", $"{reported - 20} more gap(s) not listed", ForecastSeverity.Warning));
        }
    }

    /// <summary>Fills NaN runs by linear interpolation (constant extension at the ends); returns how many were filled.</summary>
    internal static int FillLinear(double[] values)
    {
        int filled = 0;
        int lastGood = -1;
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                continue;
            }

            if (i - lastGood > 1)
            {
                for (int k = lastGood + 1; k < i; k++)
                {
                    values[k] = lastGood < 0 ? values[i] : values[lastGood] + ((values[i] - values[lastGood]) * (k - lastGood) / (i - lastGood));
                    filled++;
                }
            }

            lastGood = i;
        }

        if (lastGood >= 0)
        {
            for (int k = lastGood + 1; k < values.Length; k++)
            {
                values[k] = values[lastGood];
                filled++;
            }
        }

        return filled;
    }

    private static (double[] Load, double[]? Temp) AggregateToHourly(double[] load, double[]? temp)
    {
        int n = load.Length / 4;
        var l = new double[n];
        double[]? t = temp is null ? null : new double[n];
        for (int i = 0; i < n; i++)
        {
            // A NaN quarter makes the hour a gap: the cleaner then fills it consistently.
            l[i] = (load[4 * i] + load[(4 * i) + 1] + load[(4 * i) + 2] + load[(4 * i) + 3]) / 4;
            if (t is not null)
            {
                t[i] = (temp![4 * i] + temp[(4 * i) + 1] + temp[(4 * i) + 2] + temp[(4 * i) + 3]) / 4;
            }
        }

        return (l, t);
    }

    // A bad value is quoted by its first 64 characters only (the same rule as the other importers' StrictCsv.Quote).
    private static string Shorten(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), $"… ({value.Length:N0} characters)");
}
