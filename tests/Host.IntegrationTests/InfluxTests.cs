using System.Net;
using System.Text.Json;
using Lumen.Host.Telemetry.Influx;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>The InfluxDB adapter against a real influxd: batched writes, bounded queries, and no point lost or duplicated through an outage.</summary>
public sealed class InfluxTests
{
    private static readonly DateTime s_start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static Dictionary<string, string?> Settings(InfluxServer influx, string buffer) => new()
    {
        ["Lumen:Influx:Enabled"] = "true",
        ["Lumen:Influx:Url"] = influx.Url,
        ["Lumen:Influx:BatchSize"] = "500",
        ["Lumen:Influx:FlushInterval"] = "00:00:00.050",
        ["Lumen:Influx:InitialRetryDelay"] = "00:00:00.050",
        ["Lumen:Influx:MaxRetryDelay"] = "00:00:00.500",
        ["Lumen:Influx:RequestTimeout"] = "00:00:02",
        ["Lumen:Influx:BufferDirectory"] = buffer,
        ["Lumen:Store:SeedDemo"] = "false",
    };

    private static TelemetryPoint[] Points(int first, int count, string series = "LP1")
    {
        var points = new TelemetryPoint[count];
        for (int i = 0; i < count; i++)
        {
            points[i] = new TelemetryPoint("load_kw", series, s_start.AddMinutes(first + i), first + i);
        }

        return points;
    }

    private static async Task DrainAsync(InfluxWriter writer)
    {
        for (int i = 0; i < 1200 && writer.PendingBatches > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, writer.PendingBatches);
    }

    private static async Task<(long Count, double Sum)> CountAndSumAsync(InfluxServer influx, string series)
    {
        string json = await influx.QueryAsync("lumen", $"SELECT count(\"value\"), sum(\"value\") FROM \"load_kw\" WHERE \"series\" = '{series}' AND time >= '2024-01-01T00:00:00Z' AND time < '2027-01-01T00:00:00Z'");
        JsonElement series0 = JsonDocument.Parse(json).RootElement.GetProperty("results")[0];
        if (!series0.TryGetProperty("series", out JsonElement s))
        {
            return (0, 0);
        }

        JsonElement row = s[0].GetProperty("values")[0];
        return (row[1].GetInt64(), row[2].GetDouble());
    }

    [InfluxFact]
    public async Task Write_ThenQuery_ReturnsEverySample_AndHourlyMeans()
    {
        await using var influx = new InfluxServer();
        await influx.StartAsync();
        string buffer = Path.Combine(Path.GetTempPath(), "lumen-buf-" + Guid.NewGuid().ToString("N"));
        await using LumenApp app = await LumenApp.StartAsync(Settings(influx, buffer));
        var writer = app.Get<InfluxWriter>();
        writer.Enqueue(Points(0, 1200));
        await DrainAsync(writer);
        Assert.Equal((1200L, 1199.0 * 1200 / 2), await CountAndSumAsync(influx, "LP1"));

        // Through the API: raw samples in a bounded window, then hourly means with fill(none).
        JsonElement raw = await Http.JsonAsync(await app.Client.GetAsync("/api/telemetry/load_kw/LP1?from=2025-01-01T00:00:00Z&to=2025-01-01T01:00:00Z"));
        Assert.Equal(60, raw.GetProperty("samples").GetArrayLength());
        JsonElement hourly = await Http.JsonAsync(await app.Client.GetAsync("/api/telemetry/load_kw/LP1?from=2025-01-01T00:00:00Z&to=2025-01-03T00:00:00Z&every_seconds=3600"));
        JsonElement[] means = hourly.GetProperty("samples").EnumerateArray().ToArray();
        Assert.Equal(20, means.Length);
        Assert.Equal(29.5, means[0].GetProperty("value").GetDouble(), 9);
        await Http.ProblemAsync(await app.Client.GetAsync("/api/telemetry/load_kw/LP1?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z"), HttpStatusCode.BadRequest, "to");
        await Http.ProblemAsync(await app.Client.GetAsync("/api/telemetry/load_kw/LP1?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z"), HttpStatusCode.BadRequest, "to");
        await Http.ProblemAsync(await app.Client.GetAsync("/api/telemetry/load_kw/LP1?to=2025-01-01T00:00:00Z"), HttpStatusCode.BadRequest, "from");

        JsonElement ready = await Http.JsonAsync(await app.Client.GetAsync("/health/ready"));
        Assert.Equal("healthy", ready.GetProperty("checks").GetProperty("influxdb").GetProperty("status").GetString());
        Directory.Delete(buffer, recursive: true);
    }

    [InfluxFact]
    public async Task Api_Write_IsBufferedThenStored()
    {
        await using var influx = new InfluxServer();
        await influx.StartAsync();
        string buffer = Path.Combine(Path.GetTempPath(), "lumen-buf-" + Guid.NewGuid().ToString("N"));
        await using LumenApp app = await LumenApp.StartAsync(Settings(influx, buffer));
        string body = """{"points":[{"measurement":"voltage_pu","series":"B 1,x=y","timestamp":"2025-03-01T00:00:00Z","value":0.97},{"measurement":"voltage_pu","series":"B 1,x=y","timestamp":"2025-03-01T00:15:00Z","value":0.95}]}""";
        await Http.JsonAsync(await app.Client.PostAsync("/api/telemetry", Http.JsonBody(body)), HttpStatusCode.Accepted);
        await DrainAsync(app.Get<InfluxWriter>());
        JsonElement doc = await Http.JsonAsync(await app.Client.GetAsync("/api/telemetry/voltage_pu/B%201%2Cx%3Dy?from=2025-03-01T00:00:00Z&to=2025-03-02T00:00:00Z"));
        Assert.Equal(2, doc.GetProperty("samples").GetArrayLength());
        await Http.ProblemAsync(await app.Client.PostAsync("/api/telemetry", Http.JsonBody("""{"points":[{"measurement":"m","series":"s","value":1}]}""")), HttpStatusCode.BadRequest, "points[0].timestamp");
        Directory.Delete(buffer, recursive: true);
    }

    [InfluxFact]
    public async Task InfluxKilledMidIngest_AndRestarted_EveryPointArrivesExactlyOnce()
    {
        await using var influx = new InfluxServer();
        await influx.StartAsync();
        string buffer = Path.Combine(Path.GetTempPath(), "lumen-buf-" + Guid.NewGuid().ToString("N"));
        const int chunks = 40;
        const int perChunk = 250;
        await using (LumenApp app = await LumenApp.StartAsync(Settings(influx, buffer)))
        {
            var writer = app.Get<InfluxWriter>();
            for (int c = 0; c < chunks; c++)
            {
                writer.Enqueue(Points(c * perChunk, perChunk));
                if (c == 10)
                {
                    // Mid-ingest: some batches are acknowledged, some are in flight, the rest are still to come.
                    await influx.KillAsync();
                }

                await Task.Delay(10);
            }

            for (int i = 0; i < 500 && writer.ConsecutiveFailures == 0; i++)
            {
                await Task.Delay(20);
            }

            Assert.True(writer.ConsecutiveFailures > 0, "the outage was not noticed");
            Assert.True(writer.PendingBatches > 0, "nothing is buffered during the outage");
            await influx.StartAsync();
            await DrainAsync(writer);
        }

        (long count, double sum) = await CountAndSumAsync(influx, "LP1");
        const int total = chunks * perChunk;
        Assert.Equal(total, count);
        Assert.Equal((double)(total - 1) * total / 2, sum);
        Directory.Delete(buffer, recursive: true);
    }

    [InfluxFact]
    public async Task LumenStoppedWithBufferedPoints_ReplaysThemOnNextStart()
    {
        await using var influx = new InfluxServer();
        string buffer = Path.Combine(Path.GetTempPath(), "lumen-buf-" + Guid.NewGuid().ToString("N"));
        await using (LumenApp down = await LumenApp.StartAsync(Settings(influx, buffer)))
        {
            // InfluxDB is not running: everything stays on disk.
            down.Get<InfluxWriter>().Enqueue(Points(0, 1000, "LP2"));
            Assert.Equal(2, down.Get<InfluxWriter>().PendingBatches);
        }

        await influx.StartAsync();
        await using (LumenApp up = await LumenApp.StartAsync(Settings(influx, buffer)))
        {
            await DrainAsync(up.Get<InfluxWriter>());
        }

        Assert.Equal((1000L, 999.0 * 1000 / 2), await CountAndSumAsync(influx, "LP2"));
        Directory.Delete(buffer, recursive: true);
    }

    [Theory]
    [InlineData(null, "SELECT \"value\" FROM \"load_kw\" WHERE \"series\" = 'a\\'b' AND time >= '2025-01-01T00:00:00.0000000Z' AND time < '2025-01-02T00:00:00.0000000Z'")]
    [InlineData(900.0, "SELECT mean(\"value\") FROM \"load_kw\" WHERE \"series\" = 'a\\'b' AND time >= '2025-01-01T00:00:00.0000000Z' AND time < '2025-01-02T00:00:00.0000000Z' GROUP BY time(900s) fill(none)")]
    public void BuildQuery_IsBoundedAndEscaped(double? everySeconds, string expected) =>
        Assert.Equal(expected, InfluxClient.BuildQuery("load_kw", "a'b", s_start, s_start.AddDays(1), everySeconds is double s ? TimeSpan.FromSeconds(s) : null, TimeSpan.FromDays(366)));

    [Fact]
    public void LineProtocol_EscapesTagsAndUsesNanoseconds() =>
        Assert.Equal("load_kw,series=B\\ 1\\,x\\=y value=1.5 1735689600000000000", new TelemetryPoint("load_kw", "B 1,x=y", s_start, 1.5).ToLineProtocol());

    [Fact]
    public void Buffer_KeepsOrderAcrossReopen_AndDropsTornWrites()
    {
        string dir = Path.Combine(Path.GetTempPath(), "lumen-buf-" + Guid.NewGuid().ToString("N"));
        var buffer = new DurableWriteBuffer(dir);
        buffer.Append(["a 1", "b 2", "c 3"], 2);
        buffer.Append(["d 4"], 2);
        File.WriteAllText(Path.Combine(dir, "99999999999999999999.lp.tmp"), "torn");
        var reopened = new DurableWriteBuffer(dir);
        Assert.Equal(3, reopened.Count);
        (IReadOnlyList<string> files, string lines, int count) = reopened.TakeOldest(3);
        Assert.Equal(("a 1\nb 2\nc 3\n", 3, 2), (lines, count, files.Count));
        DurableWriteBuffer.Remove(files);
        reopened.Append(["e 5"], 2);
        Assert.Equal("d 4\ne 5\n", reopened.TakeOldest(10).Lines);
        Assert.False(File.Exists(Path.Combine(dir, "99999999999999999999.lp.tmp")));
        Directory.Delete(dir, recursive: true);
    }
}
