using System.Net;
using System.Text.Json;
using Lumen.Host.Services;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// The way back from a bad import (make an older version current, audited in the store), and <c>/api/status</c>
/// saying what each analysis was computed on, with results on an older network marked stale, never "available".
/// </summary>
public sealed class VersionTests
{
    [Fact]
    public async Task NewNetwork_AnalysesSayWhatTheyWereComputedOn_MakeVersion1CurrentAgain_Audited()
    {
        await using LumenApp app = await LumenApp.StartAsync();
        HttpClient client = app.Client;
        string folder = Path.Combine(app.DataDirectory, "other");
        LumenCsvWriter.Write(DemoGrid.Generate(400, 7).Build().Network!, folder);
        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)));
        await Http.JsonAsync(await client.PostAsync("/api/networks", Http.Files(files, "other")), HttpStatusCode.Created);

        // Version 2 is another network: the demo's asset register does not fit it, so the asset results stay those of
        // version 1, and the status must say so instead of calling them available.
        JsonElement status = await WaitForStatusAsync(client, s => ComputedOn(s, "predictive_reliability") == 2 && Settled(s, "assets", 2));
        JsonElement assets = status.GetProperty("computed_on").GetProperty("assets");
        bool onCurrent = assets.GetProperty("network_version").ValueKind == JsonValueKind.Number && assets.GetProperty("network_version").GetInt32() == 2;
        Assert.Equal(onCurrent, status.GetProperty("analyses").GetProperty("assets").GetBoolean());
        Assert.Equal(!onCurrent && assets.GetProperty("network_version").ValueKind == JsonValueKind.Number, assets.GetProperty("stale").GetBoolean());
        foreach (JsonProperty analysis in status.GetProperty("computed_on").EnumerateObject())
        {
            JsonElement v = analysis.Value.GetProperty("network_version");
            Assert.True(analysis.Value.GetProperty("available").GetBoolean() == (v.ValueKind == JsonValueKind.Number && v.GetInt32() == 2 && !analysis.Value.GetProperty("stale").GetBoolean()), analysis.ToString());
        }

        // Back to version 1.
        JsonElement made = await Http.JsonAsync(await client.PostAsync("/api/networks/1/current", null));
        Assert.True(made.GetProperty("changed").GetBoolean());
        Assert.Equal(2, made.GetProperty("previous").GetInt32());
        status = await WaitForStatusAsync(client, s => s.GetProperty("version").ValueKind == JsonValueKind.Number && s.GetProperty("version").GetInt32() == 1
            && ComputedOn(s, "assets") == 1 && s.GetProperty("analyses").GetProperty("assets").GetBoolean());
        Assert.False(status.GetProperty("computed_on").GetProperty("assets").GetProperty("stale").GetBoolean());
        JsonElement versions = await Http.JsonAsync(await client.GetAsync("/api/networks"));
        Assert.True(versions.EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == 1).GetProperty("current").GetBoolean());

        // Once more is no change; an unknown version is 404; the audit holds both imports and the change back.
        Assert.False((await Http.JsonAsync(await client.PostAsync("/api/networks/1/current", null))).GetProperty("changed").GetBoolean());
        await Http.ProblemAsync(await client.PostAsync("/api/networks/99/current", null), HttpStatusCode.NotFound, "version");
        JsonElement changes = await Http.JsonAsync(await client.GetAsync("/api/networks/current-changes"));
        Assert.Equal(["1:import", "2:import", "1:api"], changes.EnumerateArray().Select(c => $"{c.GetProperty("network_version").GetInt32()}:{c.GetProperty("reason").GetString()}"));
        string csv = await client.GetStringAsync("/api/export/network_current_changes.csv");
        Assert.Equal(4, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Ready_IsNotReadyWhileTheFirstResultsAreComputed_ThenEveryAnalysisIsThere()
    {
        await using LumenApp app = await LumenApp.StartServerAsync();
        using JsonDocument first = JsonDocument.Parse(await (await app.Client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
        NetworkCatalog catalog = app.Get<NetworkCatalog>();
        if (!catalog.AnalysesRefreshed)
        {
            // Starting: not ready, and "degraded" rather than a failure (no error logged on each poll).
            Assert.Equal("degraded", first.RootElement.GetProperty("checks").GetProperty("results").GetProperty("status").GetString());
        }

        HttpResponseMessage ready = await app.Client.GetAsync("/health/ready");
        for (int i = 0; i < 600 && ready.StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
            ready = await app.Client.GetAsync("/health/ready");
        }

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        JsonElement status = await Http.JsonAsync(await app.Client.GetAsync("/api/status"));
        Assert.All(status.GetProperty("analyses").EnumerateObject(), a => Assert.True(a.Value.GetBoolean(), a.Name));
    }

    private static int? ComputedOn(JsonElement status, string analysis) =>
        status.GetProperty("computed_on").GetProperty(analysis).GetProperty("network_version") is { ValueKind: JsonValueKind.Number } v ? v.GetInt32() : null;

    private static bool Settled(JsonElement status, string analysis, int version)
    {
        JsonElement a = status.GetProperty("computed_on").GetProperty(analysis);
        return ComputedOn(status, analysis) == version || a.GetProperty("error").ValueKind == JsonValueKind.String;
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient client, Func<JsonElement, bool> condition)
    {
        JsonElement status = default;
        for (int i = 0; i < 600; i++)
        {
            status = await Http.JsonAsync(await client.GetAsync("/api/status"));
            if (condition(status))
            {
                return status;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the status never reached the expected state: " + status);
        return status;
    }
}
