using System.Globalization;
using CsvHelper;
using Lumen.Forecast.Data;

namespace Lumen.Forecast.Demo;

/// <summary>What <see cref="DemoLoadGenerator.Write"/> produced.</summary>
/// <param name="Files">Written files: one load CSV per series (<c>{SeriesId}.csv</c>) and <c>temperature.csv</c>.</param>
/// <param name="Days">Days per series.</param>
/// <param name="PeakKw">Peak load per series over its last 365 days, kW (equals the requested peak).</param>
public sealed record DemoLoadResult(IReadOnlyList<string> Files, int Days, IReadOnlyDictionary<string, double> PeakKw);

/// <summary>
/// Seeded synthetic hourly load for demo transformer areas and feeders, in the protocol's CSV format
/// (<c>timestamp,load_mw,temperature_c</c>), with one shared city temperature series.
/// </summary>
/// <remarks>
/// Shape: a subtropical Chinese city climate (January ≈ 4 °C, July ≈ 29 °C, 8 °C daily swing, persistent daily anomalies);
/// urban areas with morning and evening peaks and quieter weekends, rural areas with an evening peak; air-conditioning
/// above 24 °C and heating below 12 °C; public holidays from the embedded Chinese calendar; the Spring Festival period
/// empties cities (−35 %) and fills villages (+10 %); compound growth of 2-6 %/yr; 3 % autocorrelated noise. Each series is
/// scaled so that its peak over the last 365 days equals the requested peak, so the demo network's ratings and peak loads
/// stay consistent. Deterministic for a seed; series are generated in parallel.
/// </remarks>
public static class DemoLoadGenerator
{
    /// <summary>Writes one CSV per series plus <c>temperature.csv</c> into <paramref name="folder"/>.</summary>
    /// <param name="series">Series id (transformer area or feeder), peak load in kW, urban or rural.</param>
    /// <param name="seed">Random seed.</param>
    /// <param name="folder">Output folder (created when missing).</param>
    /// <param name="start">First day.</param>
    /// <param name="years">Whole years of data (1-5).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="years"/> not in 1..5, or a peak is not positive.</exception>
    public static DemoLoadResult Write(IReadOnlyList<(string SeriesId, double PeakKw, bool Urban)> series, int seed, string folder, DateOnly start, int years)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(years, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(years, 5);
        Directory.CreateDirectory(folder);
        int days = start.AddYears(years).DayNumber - start.DayNumber;
        double[] temp = Temperature(start, days, seed);
        var files = new string[series.Count + 1];
        var peaks = new double[series.Count];
        string tempFile = Path.Combine(folder, LoadCsvReader.TemperatureFile);
        WriteCsv(tempFile, start, null, temp, temperatureOnly: true);
        files[^1] = tempFile;
        HolidayCalendar cal = HolidayCalendar.For(HolidayRegion.China);
        Parallel.For(0, series.Count, i =>
        {
            (string id, double peakKw, bool urban) = series[i];
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(peakKw);
            double[] loadKw = Load(start, days, temp, cal, urban, peakKw, unchecked((seed * 7919) + i + 1));
            string file = Path.Combine(folder, id + ".csv");
            WriteCsv(file, start, loadKw, temp, temperatureOnly: false);
            files[i] = file;
            peaks[i] = peakKw;
        });
        var peakById = new Dictionary<string, double>(series.Count, StringComparer.Ordinal);
        for (int i = 0; i < series.Count; i++)
        {
            peakById[series[i].SeriesId] = peaks[i];
        }

        return new DemoLoadResult(files, days, peakById);
    }

    /// <summary>The demo load of one series, kW per hour (exposed for tests).</summary>
    internal static double[] Load(DateOnly start, int days, double[] temp, HolidayCalendar cal, bool urban, double peakKw, int seed)
    {
        var rng = new Random(seed);
        double growth = (urban ? 0.03 : 0.02) + (0.03 * rng.NextDouble());
        double cool = (urban ? 0.045 : 0.03) * (0.7 + (0.6 * rng.NextDouble()));
        double heat = (urban ? 0.02 : 0.03) * (0.7 + (0.6 * rng.NextDouble()));
        double noise = 0;
        var load = new double[days * 24];
        for (int d = 0; d < days; d++)
        {
            DateOnly date = start.AddDays(d);
            DayFlags f = cal.FlagsOf(date);
            bool weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            bool off = (f & DayFlags.Holiday) != 0 || (weekend && (f & DayFlags.MakeUpWorkday) == 0);
            bool festival = (f & DayFlags.Festival) != 0 || ((f & DayFlags.Holiday) != 0 && date.Month <= 2 && (cal.NameOf(date) ?? string.Empty).Contains("Spring", StringComparison.Ordinal));
            double dayFactor = off ? (urban ? 0.85 : 0.97) : 1.0;
            if (festival)
            {
                dayFactor *= urban ? 0.65 : 1.10;
            }

            double trend = Math.Pow(1 + growth, d / 365.25);
            for (int h = 0; h < 24; h++)
            {
                int t = (d * 24) + h;
                double shape = urban ? UrbanShape(h, off) : RuralShape(h);
                double tc = temp[t];
                double weather = 1 + (cool * Math.Pow(Math.Max(0, tc - 24), 1.3)) + (heat * Math.Max(0, 12 - tc));
                noise = (0.8 * noise) + (0.018 * Gaussian(rng));
                load[t] = shape * dayFactor * weather * trend * (1 + noise);
            }
        }

        // Scale so that the last 365 days peak at the requested value.
        double max = 0;
        for (int t = Math.Max(0, load.Length - (365 * 24)); t < load.Length; t++)
        {
            max = Math.Max(max, load[t]);
        }

        double k = peakKw / max;
        for (int t = 0; t < load.Length; t++)
        {
            load[t] *= k;
        }

        return load;
    }

    /// <summary>Hourly city temperature, °C: annual and daily cycles plus an AR(1) daily anomaly.</summary>
    internal static double[] Temperature(DateOnly start, int days, int seed)
    {
        var rng = new Random(seed ^ 0x5eed);
        var t = new double[days * 24];
        double anomaly = 0;
        for (int d = 0; d < days; d++)
        {
            DateOnly date = start.AddDays(d);
            double annual = 16.5 - (12.5 * Math.Cos(2 * Math.PI * (date.DayOfYear - 20) / 365.25));
            anomaly = (0.8 * anomaly) + (1.6 * Gaussian(rng));
            for (int h = 0; h < 24; h++)
            {
                double daily = -4 * Math.Cos(2 * Math.PI * (h - 3) / 24.0);
                t[(d * 24) + h] = Math.Round(annual + anomaly + daily + (0.3 * Gaussian(rng)), 2);
            }
        }

        return t;
    }

    private static double UrbanShape(int h, bool off)
    {
        double night = 0.45;
        double morning = Bump(h, 10, 2.5) * (off ? 0.25 : 0.45);
        double afternoon = Bump(h, 15, 3) * (off ? 0.2 : 0.3);
        double evening = Bump(h, 20, 2) * 0.5;
        return night + morning + afternoon + evening;
    }

    private static double RuralShape(int h) => 0.4 + (Bump(h, 7, 1.5) * 0.2) + (Bump(h, 12, 1.5) * 0.15) + (Bump(h, 19.5, 1.8) * 0.6);

    private static double Bump(double h, double centre, double width)
    {
        double z = (h - centre) / width;
        return Math.Exp(-0.5 * z * z);
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    // Through CsvHelper, as every CSV Lumen writes (Forecast references no other Lumen library, so not CsvTableWriter).
    private static void WriteCsv(string path, DateOnly start, double[]? loadKw, double[] temp, bool temperatureOnly)
    {
        DateTime t0 = start.ToDateTime(TimeOnly.MinValue);
        using CsvWriter csv = CsvWriter.ToFile(path, ForecastCsv.WriterOptions with { NewLine = "\n" });
        foreach (string name in temperatureOnly ? (string[])["timestamp", "temperature_c"] : ["timestamp", "load_mw", "temperature_c"])
        {
            csv.WriteField(name);
        }

        csv.EndRecord();
        for (int t = 0; t < temp.Length; t++)
        {
            csv.WriteField(t0.AddHours(t).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
            if (!temperatureOnly)
            {
                csv.WriteField((loadKw![t] / 1000).ToString("0.#####", CultureInfo.InvariantCulture));
            }

            csv.WriteField(temp[t].ToString("0.##", CultureInfo.InvariantCulture));
            csv.EndRecord();
        }
    }
}
