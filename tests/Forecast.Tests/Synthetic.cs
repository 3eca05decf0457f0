using Lumen.Forecast.Data;

namespace Lumen.Forecast.Tests;

/// <summary>Synthetic series with known structure for the tests.</summary>
internal static class Synthetic
{
    /// <summary>
    /// Hourly load = 100 + daily shape + weekly (weekend −15) + cooling 3·max(0, T−20) + heating 2·max(0, 10−T) + AR noise.
    /// </summary>
    public static LoadSeries Series(int days, int seed, double noiseMw = 1.0, string name = "synthetic")
    {
        var rng = new Random(seed);
        var load = new double[days * 24];
        var temp = new double[days * 24];
        double ar = 0;
        var start = new DateTime(2021, 1, 4);
        for (int t = 0; t < load.Length; t++)
        {
            int d = t / 24;
            int h = t % 24;
            DateTime time = start.AddHours(t);
            double T = 15 - (12 * Math.Cos(2 * Math.PI * time.DayOfYear / 365.25)) - (4 * Math.Cos(2 * Math.PI * (h - 3) / 24)) + (3 * Math.Sin(d * 0.7));
            temp[t] = T;
            double weekend = time.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? -15 : 0;
            ar = (0.7 * ar) + (noiseMw * ((rng.NextDouble() * 2) - 1));
            load[t] = 100 + (20 * Math.Sin(2 * Math.PI * (h - 8) / 24)) + weekend + (3 * Math.Max(0, T - 20)) + (2 * Math.Max(0, 10 - T)) + ar;
        }

        return new LoadSeries(name, start, 24, load, temp);
    }

    public static string Csv(LoadSeries series)
    {
        var sb = new System.Text.StringBuilder("timestamp,load_mw,temperature_c\n");
        for (int t = 0; t < series.Length; t++)
        {
            sb.Append(series.TimeOf(t).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(series.LoadMw[t].ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(series.TemperatureC[t].ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }
}
