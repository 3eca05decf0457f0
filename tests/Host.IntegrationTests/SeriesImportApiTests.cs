using System.Net;
using System.Text;
using System.Text.Json;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Lumen.Host.Services;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// Series uploads on a service started without the demo (a small network uploaded first): all or nothing, errors naming
/// file, line and field, identical re-imports unchanged, size limit and API key; the uploaded series is forecast.
/// </summary>
public sealed class SeriesImportApiTests : IAsyncLifetime
{
    private LumenApp _app = null!;

    private HttpClient Client => _app.Client;

    public async Task InitializeAsync()
    {
        _app = await LumenApp.StartAsync(new Dictionary<string, string?> { ["Lumen:Store:SeedDemo"] = "false", ["Lumen:Server:MaxUploadBytes"] = "2000000" });
        await Http.JsonAsync(await Client.PostAsync("/api/networks", Http.Files(SeriesTestData.NetworkFiles(), "net")), HttpStatusCode.Created);

        // The export endpoint (used to compare store states) answers once the uploaded version is published.
        for (int i = 0; i < 600 && (await Client.GetAsync("/api/networks/current")).StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(string Series, string Batches)> StoreStateAsync() =>
        (await Client.GetStringAsync("/api/series"), await Client.GetStringAsync("/api/export/series_batches.csv"));

    [Fact]
    public async Task LoadUpload_BadRow_422NamesFileLineField_StoreUnchanged_ThenGoodUploadIsForecast_AndReimportUnchanged()
    {
        (string, string) before = await StoreStateAsync();
        byte[] good = SeriesTestData.LoadCsv(70);
        string text = Encoding.UTF8.GetString(good);
        string[] lines = text.Split('\n');
        lines[5] = lines[5].Split(',')[0] + ",1.2x,20.0";
        byte[] bad = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        JsonElement problem = await Http.ProblemAsync(await Client.PostAsync("/api/series/load", Http.Files([("good.csv", good), ("feeder9.csv", bad)])), HttpStatusCode.UnprocessableEntity, "feeder9.csv:6:load_mw");
        Assert.Contains("nothing was stored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await StoreStateAsync());

        HttpResponseMessage created = await Client.PostAsync("/api/series/load", SeriesTestData.Upload("feeder9.csv", good));
        JsonElement doc = await Http.JsonAsync(created, HttpStatusCode.Created);
        Assert.True(doc.GetProperty("created").GetBoolean());
        Assert.Equal(70 * 24, doc.GetProperty("rows").GetInt64());
        int batch = doc.GetProperty("batch").GetInt32();
        (string, string) after = await StoreStateAsync();
        JsonElement again = await Http.JsonAsync(await Client.PostAsync("/api/series/load", SeriesTestData.Upload("feeder9.csv", good)), HttpStatusCode.OK);
        Assert.False(again.GetProperty("created").GetBoolean());
        Assert.Equal(batch, again.GetProperty("batch").GetInt32());
        Assert.Equal(after, await StoreStateAsync());

        // The import signals the slice: the uploaded series is forecast, equal to the library on the uploaded rows.
        await SeriesTestData.WaitForForecastsAsync(Client, d => d.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("series").GetString() == "feeder9"));
        JsonElement forecast = await Http.JsonAsync(await Client.GetAsync("/api/forecasts/feeder9"));
        LoadSeries series = LoadCsvReader.Read(new StringReader(text), "feeder9.csv", "feeder9").Series!;
        ForecastResult direct = ForecastRunner.Run(series, TelemetrySlice.CalendarOf("feeder9"), TelemetrySlice.HorizonDays).Forecast!;
        JsonElement[] points = forecast.GetProperty("forecast").EnumerateArray().ToArray();
        Assert.Equal(direct.Steps, points.Length);
        for (int h = 0; h < direct.Steps; h++)
        {
            Assert.Equal(direct.MeanMw[h], points[h].GetProperty("mean_mw").GetDouble());
            Assert.Equal(direct.Lower80(h), points[h].GetProperty("lower80_mw").GetDouble());
            Assert.Equal(direct.Upper95(h), points[h].GetProperty("upper95_mw").GetDouble());
        }
    }

    [Fact]
    public async Task VoltageUpload_BadRow_422NamesFileLineField_StoreUnchanged_ThenStatsEqualBruteForce_AndReimportUnchanged()
    {
        (string, string) before = await StoreStateAsync();
        byte[] good = SeriesTestData.VoltageCsv(12, 6);
        string[] lines = Encoding.UTF8.GetString(good).Split('\n');
        string[] fields = lines[40].Split(',');
        fields[2] = "two hundred";
        lines[40] = string.Join(',', fields);
        await Http.ProblemAsync(await Client.PostAsync("/api/series/voltage", SeriesTestData.Upload("meters.csv", Encoding.UTF8.GetBytes(string.Join('\n', lines)))),
            HttpStatusCode.UnprocessableEntity, "meters.csv:41:voltage_v");
        Assert.Equal(before, await StoreStateAsync());
        await Http.ProblemAsync(await Client.PostAsync("/api/series/voltage", Http.Files([("a.csv", good), ("b.csv", good)])), HttpStatusCode.BadRequest, "files");
        await Http.ProblemAsync(await Client.PostAsync("/api/series/voltage", SeriesTestData.Upload("../x.csv", good)), HttpStatusCode.BadRequest, "files");

        JsonElement doc = await Http.JsonAsync(await Client.PostAsync("/api/series/voltage", SeriesTestData.Upload("meters.csv", good)), HttpStatusCode.Created);
        Assert.Equal(12, doc.GetProperty("series").GetInt32());
        JsonElement again = await Http.JsonAsync(await Client.PostAsync("/api/series/voltage", SeriesTestData.Upload("meters.csv", good)), HttpStatusCode.OK);
        Assert.False(again.GetProperty("created").GetBoolean());

        string path = Path.Combine(_app.DataDirectory, "meters.csv");
        await File.WriteAllBytesAsync(path, good);
        Dictionary<string, SeriesTestData.GroupCount> expected = SeriesTestData.BruteForce(path);
        Assert.True(expected["all"].Episodes > 0 && expected["all"].MinutesAbove > 0, "the test data must have low and high voltage");
        JsonElement stats = await Http.JsonAsync(await Client.GetAsync("/api/voltage/stats?feeder=F0"));
        SeriesTestData.AssertGroup(SeriesTestData.BruteForce(path, feeder: "F0")["all"], stats.GetProperty("total"));
        for (int i = 0; i < 100; i++)
        {
            HttpResponseMessage all = await Client.GetAsync("/api/voltage/stats");
            if (all.StatusCode == HttpStatusCode.OK)
            {
                JsonElement total = (await Http.JsonAsync(all)).GetProperty("total");
                SeriesTestData.AssertGroup(expected["all"], total);
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the slice did not publish the voltage statistics");
    }

    [Fact]
    public async Task Uploads_OverTheSizeLimit_413_AndWrongContentType_415()
    {
        byte[] big = new byte[2_100_000];
        Array.Fill(big, (byte)'1');
        await Http.ProblemAsync(await Client.PostAsync("/api/series/load", SeriesTestData.Upload("big.csv", big)), HttpStatusCode.RequestEntityTooLarge, "body");
        await Http.ProblemAsync(await Client.PostAsync("/api/series/voltage", Http.JsonBody("{}")), HttpStatusCode.UnsupportedMediaType, "content-type");
        await Http.ProblemAsync(await Client.PostAsync("/api/series/load", new MultipartFormDataContent { { new StringContent("x"), "name" } }), HttpStatusCode.BadRequest, "files");
    }

    [Fact]
    public async Task WriteEndpoints_NeedTheApiKey_WhenOneIsSet()
    {
        await using LumenApp keyed = await LumenApp.StartAsync(new Dictionary<string, string?> { ["Lumen:Store:SeedDemo"] = "false", ["Lumen:Server:ApiKey"] = "s3cret-key-for-tests" });
        await Http.ProblemAsync(await keyed.Client.PostAsync("/api/series/load", SeriesTestData.Upload("f.csv", SeriesTestData.LoadCsv(3))), HttpStatusCode.Unauthorized, "X-Api-Key");
        await Http.ProblemAsync(await keyed.Client.PostAsync("/api/forecasts/backtest", Http.JsonBody("{}")), HttpStatusCode.Unauthorized, "X-Api-Key");
        await Http.ProblemAsync(await keyed.Client.PostAsync("/api/voltage/powerflow", Http.JsonBody("{}")), HttpStatusCode.Unauthorized, "X-Api-Key");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/series/load") { Content = SeriesTestData.Upload("f.csv", SeriesTestData.LoadCsv(3)) };
        request.Headers.Add("X-Api-Key", "s3cret-key-for-tests");
        await Http.JsonAsync(await keyed.Client.SendAsync(request), HttpStatusCode.Created);
    }
}
