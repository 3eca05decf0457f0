using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>Load and voltage files for the series tests, a brute-force voltage oracle, and waiting for the telemetry slice.</summary>
internal static class SeriesTestData
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>An hourly load CSV (timestamp,load_mw,temperature_c) of <paramref name="days"/> days with a daily shape, weather and noise.</summary>
    public static byte[] LoadCsv(int days, int seed = 1)
    {
        var sb = new StringBuilder("timestamp,load_mw,temperature_c\n");
        var start = new DateTime(2025, 6, 2);
        var random = new Random(seed);
        for (int t = 0; t < days * 24; t++)
        {
            double temp = 22 - (6 * Math.Cos(2 * Math.PI * ((t % 24) - 3) / 24)) + (3 * Math.Sin(t / 200.0));
            double load = 2 + (0.6 * Math.Sin(2 * Math.PI * ((t % 24) - 8) / 24)) + (0.05 * Math.Max(0, temp - 24)) + (0.05 * random.NextDouble());
            sb.Append(start.AddHours(t).ToString("yyyy-MM-dd'T'HH:mm", s_inv)).Append(',').Append(load.ToString("0.0000", s_inv))
                .Append(',').Append(temp.ToString("0.00", s_inv)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// Hourly readings (point_id,timestamp,voltage_v,nominal_v,area_id,feeder_id) of <paramref name="points"/> 220 V meters
    /// over <paramref name="days"/> days: some sag below 198 V in the evening, some run high, some readings are missing.
    /// </summary>
    public static byte[] VoltageCsv(int points, int days, int seed = 3)
    {
        var sb = new StringBuilder("point_id,timestamp,voltage_v,nominal_v,area_id,feeder_id\n");
        var random = new Random(seed);
        var start = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.FromHours(8));
        for (int h = 0; h < days * 24; h++)
        {
            for (int p = 0; p < points; p++)
            {
                if (random.NextDouble() < 0.03)
                {
                    continue;
                }

                double sag = p % 3 == 0 && (h % 24) is >= 18 and <= 21 ? 30 : 0;
                double v = 226 + (p % 5 * 3) - sag + (random.NextDouble() * 8) - 4;
                sb.Append(CultureInfo.InvariantCulture, $"M{p},{start.AddHours(h):yyyy-MM-dd'T'HH:mm:sszzz},{v:0.0},220,A{p / 2},F{p % 4}\n");
            }
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>A 400-bus demo network's CSV files (for services started without the demo).</summary>
    public static List<(string Name, byte[] Content)> NetworkFiles()
    {
        string folder = Directory.CreateTempSubdirectory("lumen-series-net-").FullName;
        try
        {
            LumenCsvWriter.Write(DemoGrid.Generate(400, 7).Build().Network!, folder);
            return Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>Per-feeder totals computed the slow way (see <see cref="BruteForce"/>).</summary>
    internal sealed record GroupCount(int Points, double MonitoredMinutes, double MissingMinutes, double MinutesAbove, double MinutesBelow, int LowVoltageCustomers, int Episodes)
    {
        public double CompliancePercent => (1 - ((MinutesAbove + MinutesBelow) / MonitoredMinutes)) * 100;
    }

    /// <summary>
    /// GB/T 12325 statistics of hourly readings counted directly: each reading stands for one hour; time above the upper
    /// or below the lower limit of its nominal voltage (220 V: 198–235.4 V; 380 V: 353.4–406.6 V) counts against
    /// compliance; an episode is a run of readings below the lower limit one hour apart; a low-voltage customer is a
    /// point with an episode. Readings outside [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) and
    /// points off <paramref name="feeder"/> are left out. Keyed by feeder, plus "all".
    /// </summary>
    public static Dictionary<string, GroupCount> BruteForce(string csvPath, DateTime? fromUtc = null, DateTime? toUtc = null, string? feeder = null)
    {
        var byPoint = new Dictionary<string, (string Feeder, List<(DateTime T, double V, double Nominal)> Rows)>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(csvPath).Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] f = line.Split(',');
            DateTime t = DateTimeOffset.Parse(f[1], s_inv).UtcDateTime;
            if ((fromUtc is DateTime a && t < a) || (toUtc is DateTime b && t >= b) || (feeder is not null && f[5] != feeder))
            {
                continue;
            }

            if (!byPoint.TryGetValue(f[0], out var entry))
            {
                byPoint[f[0]] = entry = (f[5], []);
            }

            entry.Rows.Add((t, double.Parse(f[2], s_inv), double.Parse(f[3], s_inv)));
        }

        var totals = new Dictionary<string, (int P, double Mon, double Miss, double Above, double Below, int Lv, int Ep)>(StringComparer.Ordinal);
        foreach ((string point, (string pointFeeder, List<(DateTime T, double V, double Nominal)> rows)) in byPoint)
        {
            rows.Sort((x, y) => x.T.CompareTo(y.T));
            double above = 0, below = 0, missing = 0;
            int episodes = 0;
            bool inEpisode = false;
            for (int i = 0; i < rows.Count; i++)
            {
                double gap = i == 0 ? 60 : (rows[i].T - rows[i - 1].T).TotalMinutes;
                Assert.True(gap % 60 == 0, $"the oracle assumes hourly readings ({point} at {rows[i].T:O})");
                missing += gap - 60;
                if (gap > 60)
                {
                    inEpisode = false;
                }

                (double lower, double upper) = rows[i].Nominal == 380 ? (353.4, 406.6) : (198.0, 235.4);
                above += rows[i].V > upper ? 60 : 0;
                bool low = rows[i].V < lower;
                below += low ? 60 : 0;
                episodes += low && !inEpisode ? 1 : 0;
                inEpisode = low;
            }

            foreach (string key in new[] { pointFeeder, "all" })
            {
                var s = totals.GetValueOrDefault(key);
                totals[key] = (s.P + 1, s.Mon + (rows.Count * 60.0), s.Miss + missing, s.Above + above, s.Below + below, s.Lv + (episodes > 0 ? 1 : 0), s.Ep + episodes);
            }
        }

        return totals.ToDictionary(kv => kv.Key, kv => new GroupCount(kv.Value.P, kv.Value.Mon, kv.Value.Miss, kv.Value.Above, kv.Value.Below, kv.Value.Lv, kv.Value.Ep), StringComparer.Ordinal);
    }

    /// <summary>Asserts that a group of <c>GET /api/voltage/stats</c> equals the brute-force count.</summary>
    public static void AssertGroup(GroupCount expected, JsonElement group)
    {
        string key = group.GetProperty("key").GetString()!;
        Assert.True(expected.Points == group.GetProperty("points").GetInt32(), $"{key}: points");
        Assert.Equal(expected.MonitoredMinutes / 60, group.GetProperty("monitored_hours").GetDouble(), 9);
        Assert.Equal(expected.MissingMinutes / 60, group.GetProperty("missing_hours").GetDouble(), 9);
        Assert.Equal(expected.MinutesAbove / 60, group.GetProperty("hours_above").GetDouble(), 9);
        Assert.Equal(expected.MinutesBelow / 60, group.GetProperty("hours_below").GetDouble(), 9);
        Assert.Equal(expected.CompliancePercent, group.GetProperty("compliance_percent").GetDouble(), 9);
        Assert.True(expected.LowVoltageCustomers == group.GetProperty("low_voltage_customers").GetInt32(), $"{key}: low-voltage customers");
        Assert.True(expected.Episodes == group.GetProperty("episodes").GetInt32(), $"{key}: episodes");
    }

    /// <summary>Waits until <c>GET /api/forecasts</c> answers and <paramref name="ready"/> holds for it (the slice refreshes after publication).</summary>
    public static async Task<JsonElement> WaitForForecastsAsync(HttpClient client, Func<JsonElement, bool> ready)
    {
        for (int i = 0; i < 1200; i++)
        {
            HttpResponseMessage response = await client.GetAsync("/api/forecasts");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                JsonElement doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (ready(doc))
                {
                    return doc;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the telemetry slice did not publish the expected forecasts within 120 s");
    }

    /// <summary>Polls a job until it finished; asserts that progress never went backwards.</summary>
    public static async Task<JsonElement> WaitForJobAsync(HttpClient client, string statusUrl)
    {
        double last = 0;
        for (int i = 0; i < 1800; i++)
        {
            JsonElement job = await Http.JsonAsync(await client.GetAsync(statusUrl));
            double progress = job.GetProperty("progress").GetDouble();
            Assert.True(progress >= last && progress <= 1, $"progress {progress} after {last}");
            last = progress;
            string state = job.GetProperty("state").GetString()!;
            if (state is "succeeded" or "failed" or "cancelled")
            {
                return job;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the job did not finish within 180 s");
    }

    /// <summary>A multipart upload of one file.</summary>
    public static MultipartFormDataContent Upload(string name, byte[] content) => Http.Files([(name, content)]);
}
