using System.Net;
using System.Text.Json;
using Lumen.Forecast.Backtest;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Lumen.Forecast.Peaks;
using Lumen.Host.Services;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// Series, forecasts and readings-based voltage statistics on the seeded small demo: the numbers the API serves equal a
/// direct library call (or a brute-force count) on the same stored data.
/// </summary>
public sealed class SeriesApiTests(LumenAppFixture fixture) : IClassFixture<LumenAppFixture>
{
    private const string Feeder = "SS001-F01";

    private HttpClient Client => fixture.App.Client;

    private string DemoFolder => Path.Combine(fixture.App.DataDirectory, "demo");

    private async Task<JsonElement> ForecastsAsync() => await SeriesTestData.WaitForForecastsAsync(Client, d => d.GetProperty("items").GetArrayLength() > 0);

    [Fact]
    public async Task Series_ListsTheSeededLoadSeriesAndReadings_WithRanges()
    {
        await ForecastsAsync();
        JsonElement doc = await Http.JsonAsync(await Client.GetAsync("/api/series"));
        Assert.Equal("duckdb", doc.GetProperty("backend").GetString());
        JsonElement[] load = doc.GetProperty("load").EnumerateArray().ToArray();
        string[] files = Directory.GetFiles(Path.Combine(DemoFolder, "load"), "*.csv").Select(Path.GetFileNameWithoutExtension).Where(n => n != "temperature").Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(files, load.Select(s => s.GetProperty("series").GetString()).ToArray());
        JsonElement f1 = load.Single(s => s.GetProperty("series").GetString() == Feeder);
        LoadSeries csv = LoadCsvReader.Read(Path.Combine(DemoFolder, "load", Feeder + ".csv")).Series!;
        Assert.Equal(csv.Start, f1.GetProperty("start").GetDateTime());
        Assert.Equal(csv.TimeOf(csv.Length), f1.GetProperty("end").GetDateTime());
        Assert.Equal(csv.Length, f1.GetProperty("points").GetInt64());
        long readings = File.ReadLines(Path.Combine(DemoFolder, "voltage", "readings.csv")).Count() - 1;
        Assert.Equal(readings, doc.GetProperty("voltage").GetProperty("readings").GetInt64());
    }

    [Fact]
    public async Task Forecast_EqualsForecastRunnerOnTheSameRows_WithIntervalsAndActuals()
    {
        await ForecastsAsync();
        JsonElement doc = await Http.JsonAsync(await Client.GetAsync($"/api/forecasts/{Feeder}"));

        // The direct call on the file the store was loaded from (the stored rows are the file's rows, see the list test).
        LoadSeries series = LoadCsvReader.Read(Path.Combine(DemoFolder, "load", Feeder + ".csv")).Series!;
        SeriesForecast direct = ForecastRunner.Run(series, TelemetrySlice.CalendarOf(Feeder), TelemetrySlice.HorizonDays);
        ForecastResult f = direct.Forecast!;
        JsonElement[] points = doc.GetProperty("forecast").EnumerateArray().ToArray();
        Assert.Equal(f.Steps, points.Length);
        Assert.Equal(7 * 24, points.Length);
        for (int h = 0; h < f.Steps; h++)
        {
            Assert.Equal(f.TimeOf(h), points[h].GetProperty("timestamp").GetDateTime());
            Assert.Equal(f.MeanMw[h], points[h].GetProperty("mean_mw").GetDouble());
            Assert.Equal(f.Lower80(h), points[h].GetProperty("lower80_mw").GetDouble());
            Assert.Equal(f.Upper80(h), points[h].GetProperty("upper80_mw").GetDouble());
            Assert.Equal(f.Lower95(h), points[h].GetProperty("lower95_mw").GetDouble());
            Assert.Equal(f.Upper95(h), points[h].GetProperty("upper95_mw").GetDouble());
            Assert.True(points[h].GetProperty("lower95_mw").GetDouble() <= points[h].GetProperty("lower80_mw").GetDouble());
            Assert.True(points[h].GetProperty("upper80_mw").GetDouble() <= points[h].GetProperty("upper95_mw").GetDouble());
        }

        JsonElement[] actuals = doc.GetProperty("actuals").EnumerateArray().ToArray();
        Assert.Equal(TelemetrySlice.ActualDays * 24, actuals.Length);
        int first = series.Length - actuals.Length;
        for (int i = 0; i < actuals.Length; i++)
        {
            Assert.Equal(series.TimeOf(first + i), actuals[i].GetProperty("timestamp").GetDateTime());
            Assert.Equal(series.LoadMw[first + i], actuals[i].GetProperty("load_mw").GetDouble());
        }

        Assert.Equal(series.TimeOf(series.Length), doc.GetProperty("origin").GetDateTime());
    }

    [Fact]
    public async Task Peaks_EqualPeakForecasterOnTheSameRows_WithRatingFlags()
    {
        await ForecastsAsync();
        JsonElement doc = await Http.JsonAsync(await Client.GetAsync("/api/forecasts/peaks"));
        NetworkSnapshot snapshot = fixture.App.Get<NetworkCatalog>().Current!;
        foreach (JsonElement s in doc.GetProperty("series").EnumerateArray())
        {
            string name = s.GetProperty("series").GetString()!;
            LoadSeries series = LoadCsvReader.Read(Path.Combine(DemoFolder, "load", name + ".csv")).Series!;
            double? rating = Ratings.OfElementKva(snapshot.Network, name);
            PeakForecast direct = PeakForecaster.Forecast(series, TelemetrySlice.CalendarOf(name), new PeakOptions { Years = TelemetrySlice.PeakYears, RatingKva = rating });
            JsonElement[] years = s.GetProperty("years").EnumerateArray().ToArray();
            Assert.Equal(direct.Years.Count, years.Length);
            for (int y = 0; y < years.Length; y++)
            {
                Assert.Equal(direct.Years[y].Year, years[y].GetProperty("year").GetInt32());
                Assert.Equal(direct.Years[y].P50Mw, years[y].GetProperty("p50_mw").GetDouble());
                Assert.Equal(direct.Years[y].P90Mw, years[y].GetProperty("p90_mw").GetDouble());
                Assert.Equal(direct.Years[y].P90LoadingPercent > 100, years[y].GetProperty("overloaded").GetBoolean());
            }

            Assert.Equal(direct.FirstOverloadYear is not null, s.GetProperty("flagged").GetBoolean());
            Assert.Equal(rating, s.GetProperty("rating_kva").ValueKind == JsonValueKind.Null ? null : s.GetProperty("rating_kva").GetDouble());
        }

        // Every feeder series is rated by its head section; the flag follows P90 loading over 100 %.
        Assert.All(doc.GetProperty("series").EnumerateArray().Where(s => !s.GetProperty("series").GetString()!.Contains("-LP", StringComparison.Ordinal)),
            s => Assert.NotEqual(JsonValueKind.Null, s.GetProperty("rating_kva").ValueKind));
    }

    [Fact]
    public async Task VoltageStats_EqualABruteForceCountOfTheSameReadings()
    {
        await ForecastsAsync();
        string readings = Path.Combine(DemoFolder, "voltage", "readings.csv");
        Dictionary<string, SeriesTestData.GroupCount> expected = SeriesTestData.BruteForce(readings);
        JsonElement doc = await Http.JsonAsync(await Client.GetAsync("/api/voltage/stats?by=feeder&top=5"));
        Assert.Equal("gbt12325", doc.GetProperty("profile").GetString());
        SeriesTestData.AssertGroup(expected["all"], doc.GetProperty("total"));
        JsonElement[] groups = doc.GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal(expected.Count - 1, groups.Length);
        foreach (JsonElement g in groups)
        {
            SeriesTestData.AssertGroup(expected[g.GetProperty("key").GetString()!], g);
        }

        Assert.Equal(expected["all"].Episodes, doc.GetProperty("episode_count").GetInt32());
        Assert.True(doc.GetProperty("episodes").GetArrayLength() <= 5);

        // Filtered: one feeder, the last three days.
        var from = new DateTime(2025, 12, 29, 0, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Dictionary<string, SeriesTestData.GroupCount> filtered = SeriesTestData.BruteForce(readings, from, to, Feeder);
        JsonElement one = await Http.JsonAsync(await Client.GetAsync($"/api/voltage/stats?feeder={Feeder}&from=2025-12-29T00:00:00Z&to=2026-01-01T00:00:00Z"));
        SeriesTestData.AssertGroup(filtered["all"], one.GetProperty("total"));
        Assert.True(filtered["all"].MonitoredMinutes < expected[Feeder].MonitoredMinutes);
    }

    [Fact]
    public async Task UnknownSeries_404_AndBadParameters_400()
    {
        await ForecastsAsync();
        await Http.ProblemAsync(await Client.GetAsync("/api/forecasts/no-such-series"), HttpStatusCode.NotFound, "series");
        await Http.ProblemAsync(await Client.PostAsync("/api/forecasts/run", Http.JsonBody("""{"series":"nope","horizon_hours":24}""")), HttpStatusCode.NotFound, "series");
        await Http.ProblemAsync(await Client.PostAsync("/api/forecasts/backtest", Http.JsonBody("""{"series":"nope"}""")), HttpStatusCode.NotFound, "series");
        await Http.ProblemAsync(await Client.PostAsync("/api/forecasts/run", Http.JsonBody($$"""{"series":"{{Feeder}}","horizon_hours":0}""")), HttpStatusCode.BadRequest, "horizon_hours");
        await Http.ProblemAsync(await Client.PostAsync("/api/forecasts/run", Http.JsonBody($$"""{"series":"{{Feeder}}","horizon_hours":673}""")), HttpStatusCode.BadRequest, "horizon_hours");
        await Http.ProblemAsync(await Client.PostAsync("/api/forecasts/run", Http.JsonBody($$"""{"series":"{{Feeder}}","method":"prophet"}""")), HttpStatusCode.BadRequest, "method");
        await Http.ProblemAsync(await Client.PostAsync("/api/forecasts/run", Http.JsonBody("""{"horizon_hours":24}""")), HttpStatusCode.BadRequest, "series");
        await Http.ProblemAsync(await Client.PostAsync("/api/forecasts/run", Http.JsonBody($$"""{"series":"{{Feeder}}","bogus":1}""")), HttpStatusCode.BadRequest, "bogus");
        await Http.ProblemAsync(await Client.PostAsync("/api/forecasts/backtest", Http.JsonBody("""{"origins":"some"}""")), HttpStatusCode.BadRequest, "origins");
        await Http.ProblemAsync(await Client.PostAsync("/api/forecasts/backtest", Http.JsonBody("""{"method":"arima"}""")), HttpStatusCode.BadRequest, "method");
        await Http.ProblemAsync(await Client.GetAsync("/api/voltage/stats?by=year"), HttpStatusCode.BadRequest, "by");
        await Http.ProblemAsync(await Client.GetAsync("/api/voltage/stats?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), HttpStatusCode.BadRequest, "to");
        await Http.ProblemAsync(await Client.GetAsync("/api/voltage/stats?feeder=NOPE"), HttpStatusCode.NotFound, "feeder");
        await Http.ProblemAsync(await Client.GetAsync("/api/voltage/stats?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z"), HttpStatusCode.NotFound, "readings");
        await Http.ProblemAsync(await Client.PostAsync("/api/voltage/powerflow", Http.JsonBody("""{"load_scale":-1}""")), HttpStatusCode.BadRequest, "load_scale");
        await Http.ProblemAsync(await Client.PostAsync("/api/voltage/powerflow", Http.JsonBody("""{"source_voltage_pu":2}""")), HttpStatusCode.BadRequest, "source_voltage_pu");
        await Http.ProblemAsync(await Client.PostAsync("/api/voltage/powerflow", Http.JsonBody("""{"changes":[{"kind":"tap_pu","target":"NOPE","value":1.02}]}""")), HttpStatusCode.BadRequest, "changes[0].target");
        await Http.ProblemAsync(await Client.PostAsync("/api/voltage/powerflow", Http.JsonBody("""{"changes":[{"kind":"melt","target":"X","value":1}]}""")), HttpStatusCode.BadRequest, "changes[0].kind");
        // A comma or a quote in an id is an unknown id like any other (the changes are typed, not CSV lines).
        await Http.ProblemAsync(await Client.PostAsync("/api/voltage/powerflow", Http.JsonBody("""{"changes":[{"kind":"peak_kw","target":"a,\"b","value":1}]}""")), HttpStatusCode.BadRequest, "changes[0].target");
        await Http.ProblemAsync(await Client.PostAsync("/api/voltage/powerflow", Http.JsonBody("""{"changes":[{"kind":"load_scale","target":""}]}""")), HttpStatusCode.BadRequest, "changes[0].value");
    }

    [Fact]
    public async Task ForecastRunJob_EqualsDirectCall_AndBacktestJob_ReportsProgressAndMape()
    {
        await ForecastsAsync();
        HttpResponseMessage accepted = await Client.PostAsync("/api/forecasts/run", Http.JsonBody($$"""{"series":"{{Feeder}}","horizon_hours":30,"method":"vanilla_lm"}"""));
        JsonElement job = await Http.JsonAsync(accepted, HttpStatusCode.Accepted);
        Assert.Equal(job.GetProperty("status_url").GetString(), accepted.Headers.Location!.OriginalString);
        JsonElement done = await SeriesTestData.WaitForJobAsync(Client, job.GetProperty("status_url").GetString()!);
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        JsonElement[] points = done.GetProperty("result").GetProperty("forecast").EnumerateArray().ToArray();
        Assert.Equal(30, points.Length);
        LoadSeries series = LoadCsvReader.Read(Path.Combine(DemoFolder, "load", Feeder + ".csv")).Series!;
        ForecastMethods.TryCreate("vanilla_lm", out IDayAheadForecaster? model);
        ForecastResult direct = ForecastRunner.Run(series, TelemetrySlice.CalendarOf(Feeder), 2, model).Forecast!;
        for (int h = 0; h < 30; h++)
        {
            Assert.Equal(direct.MeanMw[h], points[h].GetProperty("mean_mw").GetDouble());
            Assert.Equal(direct.Upper95(h), points[h].GetProperty("upper95_mw").GetDouble());
        }

        accepted = await Client.PostAsync("/api/forecasts/backtest", Http.JsonBody($$"""{"series":"{{Feeder}}","origins":"sub4","method":"snaive"}"""));
        job = await Http.JsonAsync(accepted, HttpStatusCode.Accepted);
        done = await SeriesTestData.WaitForJobAsync(Client, job.GetProperty("status_url").GetString()!);
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal(1.0, done.GetProperty("progress").GetDouble());
        JsonElement score = done.GetProperty("result").GetProperty("scores")[0];
        ForecastMethods.TryCreate("snaive", out IDayAheadForecaster? snaive);
        BacktestScore expected = BacktestMetrics.Score(BacktestRunner.Run(series, TelemetrySlice.CalendarOf(Feeder), [snaive!], OriginSet.Sub4));
        Assert.Equal(7, score.GetProperty("origins").GetInt32());
        Assert.Equal(expected.MapePercent, score.GetProperty("mape_percent").GetDouble(), 12);
        Assert.Equal(expected.Coverage80Percent, score.GetProperty("coverage80_percent").GetDouble(), 12);

        // The stored score is exported; the forecast list shows MAPE for the production method only (lumen).
        string csv = await Client.GetStringAsync("/api/export/forecast_backtests.csv");
        Assert.Contains($"{Feeder},snaive,7,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_NewTables_AsCsv()
    {
        await ForecastsAsync();
        string batches = await Client.GetStringAsync("/api/export/series_batches.csv");
        string[] lines = batches.TrimEnd().Split('\n');
        Assert.Equal("batch,kind,source,content_sha256,files,rows,series,backend,imported_at", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("1,load,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2,voltage,readings.csv,", lines[2], StringComparison.Ordinal);
        string load = await Client.GetStringAsync("/api/export/load_series.csv");
        Assert.Equal(TelemetrySlice.DemoLoadSeries(Lumen.Topology.Demo.DemoScale.Small) + 1, load.TrimEnd().Split('\n').Length);
        Assert.StartsWith("series,batch,file_name,start_time,end_time,periods_per_day,points,peak_mw,has_temperature", load, StringComparison.Ordinal);
        string points = await Client.GetStringAsync("/api/export/voltage_points.csv");
        int meters = File.ReadLines(Path.Combine(DemoFolder, "voltage", "readings.csv")).Skip(1).Select(l => l.Split(',')[0]).Distinct().Count();
        Assert.Equal(meters + 1, points.TrimEnd().Split('\n').Length);
    }

    [Fact]
    public async Task PowerFlow_EqualsLowVoltagePredictionOfTheCurrentNetwork()
    {
        await ForecastsAsync();
        JsonElement doc = await Http.JsonAsync(await Client.PostAsync("/api/voltage/powerflow", Http.JsonBody("""{"load_scale":1.3,"source_voltage_pu":1.0,"top":1000}""")));
        NetworkSnapshot snapshot = fixture.App.Get<NetworkCatalog>().Current!;
        LowVoltageReport direct = LowVoltagePrediction.Predict(snapshot.Network, PowerFlowScenario.Base with { LoadScale = 1.3, SourceVoltagePu = 1.0 }, VoltageProfile.GbT12325);
        Assert.True(direct.PowerFlow.Converged);
        Assert.Equal(direct.PowerFlow.LossesKw, doc.GetProperty("losses_kw").GetDouble());
        Assert.Equal(direct.PowerFlow.MinVoltagePu, doc.GetProperty("min_voltage_pu").GetDouble());
        Assert.Equal(direct.LowVoltageCustomers, doc.GetProperty("low_voltage_customers").GetInt64());
        Assert.Equal(direct.LowAreas.Count, doc.GetProperty("low_areas").GetArrayLength());

        // A what-if row of the CLI's scenario format changes the answer: a capacitor raises the minimum voltage.
        string bus = direct.PowerFlow.MinVoltageBus!;
        JsonElement what = await Http.JsonAsync(await Client.PostAsync("/api/voltage/powerflow",
            Http.JsonBody($$"""{"load_scale":1.3,"source_voltage_pu":1.0,"changes":[{"kind":"capacitor_kvar","target":"{{bus}}","value":300}]}""")));
        Assert.True(what.GetProperty("min_voltage_pu").GetDouble() > doc.GetProperty("min_voltage_pu").GetDouble());
    }
}
