using System.Net;
using System.Text.Json;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>The InfluxDB series store against a real influxd: the same uploads give the same forecast and voltage statistics as the DuckDB store.</summary>
public sealed class SeriesInfluxTests
{
    private static async Task<LumenApp> StartWithDataAsync(Dictionary<string, string?> settings, byte[] load, byte[] voltage)
    {
        settings["Lumen:Store:SeedDemo"] = "false";
        LumenApp app = await LumenApp.StartAsync(settings);
        await Http.JsonAsync(await app.Client.PostAsync("/api/networks", Http.Files(SeriesTestData.NetworkFiles(), "net")), HttpStatusCode.Created);
        await Http.JsonAsync(await app.Client.PostAsync("/api/series/load", SeriesTestData.Upload("feeder9.csv", load)), HttpStatusCode.Created);
        await Http.JsonAsync(await app.Client.PostAsync("/api/series/voltage", SeriesTestData.Upload("meters.csv", voltage)), HttpStatusCode.Created);
        await SeriesTestData.WaitForForecastsAsync(app.Client, d => d.GetProperty("revision").GetInt32() == 2 && d.GetProperty("items").GetArrayLength() == 1);
        return app;
    }

    [InfluxFact]
    public async Task ForecastAndVoltageStats_ThroughInfluxDb_EqualTheDuckDbStore()
    {
        await using var influx = new InfluxServer();
        await influx.StartAsync();
        byte[] load = SeriesTestData.LoadCsv(70, seed: 5);
        byte[] voltage = SeriesTestData.VoltageCsv(10, 4, seed: 9);
        string buffer = Path.Combine(Path.GetTempPath(), "lumen-series-buf-" + Guid.NewGuid().ToString("N"));
        await using LumenApp viaInflux = await StartWithDataAsync(new Dictionary<string, string?>
        {
            ["Lumen:Influx:Enabled"] = "true",
            ["Lumen:Influx:Url"] = influx.Url,
            ["Lumen:Influx:BufferDirectory"] = buffer,
            ["Lumen:Influx:FlushInterval"] = "00:00:00.050",
            ["Lumen:Influx:InitialRetryDelay"] = "00:00:00.050",

            // Shorter than the series, so that a read is several bounded queries.
            ["Lumen:Influx:MaxQueryRange"] = "20.00:00:00",
        }, load, voltage);
        await using LumenApp viaDuckDb = await StartWithDataAsync([], load, voltage);

        JsonElement series = await Http.JsonAsync(await viaInflux.Client.GetAsync("/api/series"));
        Assert.Equal("influxdb", series.GetProperty("backend").GetString());
        string csv = await viaInflux.Client.GetStringAsync("/api/export/series_batches.csv");
        Assert.Contains(",influxdb,", csv, StringComparison.Ordinal);

        // The samples really are in InfluxDB (and not in DuckDB).
        string count = await influx.QueryAsync("lumen", "SELECT count(\"value\") FROM \"load_mw\" WHERE time >= '2025-01-01T00:00:00Z' AND time < '2026-01-01T00:00:00Z'");
        Assert.Contains($"{70 * 24}", count, StringComparison.Ordinal);

        string a = await viaInflux.Client.GetStringAsync("/api/forecasts/feeder9");
        string b = await viaDuckDb.Client.GetStringAsync("/api/forecasts/feeder9");
        JsonElement fa = JsonDocument.Parse(a).RootElement;
        JsonElement fb = JsonDocument.Parse(b).RootElement;
        Assert.Equal(7 * 24, fa.GetProperty("forecast").GetArrayLength());
        Assert.Equal(fb.GetProperty("forecast").GetRawText(), fa.GetProperty("forecast").GetRawText());
        Assert.Equal(fb.GetProperty("actuals").GetRawText(), fa.GetProperty("actuals").GetRawText());
        Assert.Equal((await viaDuckDb.Client.GetStringAsync("/api/forecasts/peaks")), await viaInflux.Client.GetStringAsync("/api/forecasts/peaks"));

        JsonElement va = await Http.JsonAsync(await viaInflux.Client.GetAsync("/api/voltage/stats?by=area&top=1000"));
        JsonElement vb = await Http.JsonAsync(await viaDuckDb.Client.GetAsync("/api/voltage/stats?by=area&top=1000"));
        Assert.Equal(vb.GetProperty("total").GetRawText(), va.GetProperty("total").GetRawText());
        Assert.Equal(vb.GetProperty("groups").GetRawText(), va.GetProperty("groups").GetRawText());
        Assert.Equal(vb.GetProperty("episodes").GetRawText(), va.GetProperty("episodes").GetRawText());
        JsonElement fa0 = await Http.JsonAsync(await viaInflux.Client.GetAsync("/api/voltage/stats?feeder=F1&from=2025-12-02T00:00:00Z"));
        JsonElement fb0 = await Http.JsonAsync(await viaDuckDb.Client.GetAsync("/api/voltage/stats?feeder=F1&from=2025-12-02T00:00:00Z"));
        Assert.Equal(fb0.GetProperty("total").GetRawText(), fa0.GetProperty("total").GetRawText());
    }
}
