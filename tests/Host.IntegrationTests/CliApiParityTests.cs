using System.Text.Json.Nodes;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// One question, one answer: <c>lumen &lt;verb&gt; --format json</c> on the service's own demo files and the matching API
/// route on the same data, imported into the store, return the same JSON document, field for field.
/// </summary>
public sealed class CliApiParityTests(LumenAppFixture fixture) : IClassFixture<LumenAppFixture>
{
    private string Demo(params string[] parts) => Path.Combine([fixture.App.DataDirectory, "demo", .. parts]);

    private string[] History => ["--network", Demo(), "--outages", Demo("history", "outages.csv"),
        "--steps", Demo("history", "restoration_steps.csv"), "--momentary", Demo("history", "momentary.csv")];

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("exclude_med=true", new[] { "--exclude-med" })]
    [InlineData("by=feeder,substation,cause,nature,month", new[] { "--by", "feeder,substation,cause,nature,month" })]
    [InlineData("by=feeder&by=month&exclude_med=true&worst=5", new[] { "--by", "feeder", "--by", "month", "--exclude-med", "--worst", "5" })]
    [InlineData("from=2024-01-01&to=2025-01-01&cause=equipment&cemi_n=1&celid_s_hours=4&celid_t_hours=6&sustained_minutes=3&population_sd=true",
        new[] { "--from", "2024-01-01", "--to", "2025-01-01", "--cause", "equipment", "--cemi-n", "1", "--celid-s-hours", "4", "--celid-t-hours", "6", "--sustained-minutes", "3", "--population-sd" })]
    [InlineData("from=2024-03-01T06:30:00%2B08:00&zone=%2B07:00&worst=3", new[] { "--from", "2024-03-01T06:30:00+08:00", "--zone", "+07:00", "--worst", "3" })]
    public async Task OutageStatistics_SameDocument(string query, string[] options)
    {
        await AssertSameAsync("/api/outages?" + query, ["outages", "stats", .. History, .. options]);
    }

    [Fact]
    public async Task OutageStatistics_FeederAndCause_SameDocument()
    {
        JsonNode feeders = await ApiAsync("/api/outages?by=feeder");
        string feeder = feeders["splits"]!["feeder"]![0]!["key"]!.GetValue<string>();
        await AssertSameAsync($"/api/outages?feeder={feeder}&cause=equipment&exclude_med=true", ["outages", "stats", .. History, "--feeder", feeder, "--cause", "equipment", "--exclude-med"]);
    }

    /// <summary>The service links low-voltage complaints to the areas its peak-load power flow finds: the CLI's --low-voltage-at-peak.</summary>
    private string[] Complaints => [.. History, "--complaints", Demo("history", "complaints.csv"), "--low-voltage-at-peak"];

    [Fact]
    public async Task ComplaintSummary_SameDocument()
    {
        await AssertSameAsync("/api/complaints/summary", ["complaints", "summary", .. Complaints]);
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("customers=500&duration_hours=6&repeat=2", new[] { "--customers", "500", "--duration-hours", "6", "--repeat", "2" })]
    public async Task ComplaintRates_SameDocument(string query, string[] options)
    {
        await AssertSameAsync("/api/complaints/rates?" + query, ["complaints", "rates", .. Complaints, .. options]);
    }

    [Theory]
    [InlineData("area", 100)]
    [InlineData("feeder", 5)]
    [InlineData("month", 0)]
    [InlineData("point", 1000)]
    public async Task VoltageStatistics_SameDocument(string by, int top)
    {
        await AssertSameAsync($"/api/voltage/stats?by={by}&top={top}", ["voltage", "stats", "--readings", Demo("voltage", "readings.csv"), "--by", by, "--top", top.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }

    [Fact]
    public async Task PeakOutlook_SameDocument()
    {
        await AssertSameAsync("/api/forecasts/peaks", ["forecast", "peaks", "--data", Demo("load"), "--years", "5", "--network", Demo()]);
    }

    [Fact]
    public async Task ReliabilityAssessment_SameDocument()
    {
        await AssertSameAsync("/api/reliability/assessment", ["reliability", "assess", Demo()]);
    }

    [Fact]
    public async Task ReliabilityAssessment_Explained_SameDocument()
    {
        JsonNode loadPoints = await ApiAsync("/api/reliability/load-points?top=1");
        string worst = loadPoints["items"]![0]!["id"]!.GetValue<string>();
        await AssertSameAsync("/api/reliability/assessment?explain=" + Uri.EscapeDataString(worst), ["reliability", "assess", Demo(), "--explain", worst]);
    }

    private async Task AssertSameAsync(string route, string[] cli)
    {
        JsonNode api = await ApiAsync(route);
        (int code, string output, string errors) = await LumenProcess.RunAsync([.. cli, "--format", "json"]);
        Assert.True(code == 0, output + errors);
        JsonNode local = JsonNode.Parse(output)!;
        Assert.True(JsonNode.DeepEquals(api, local), $"{route} and lumen {string.Join(' ', cli[..2])} differ:\nAPI: {Clip(api)}\nCLI: {Clip(local)}");
    }

    /// <summary>The route's document, once the service has computed what it answers from (503 until then, at most a minute).</summary>
    private async Task<JsonNode> ApiAsync(string route)
    {
        HttpResponseMessage response = await fixture.App.Client.GetAsync(route);
        for (int i = 0; i < 600 && response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable; i++)
        {
            await Task.Delay(100);
            response = await fixture.App.Client.GetAsync(route);
        }

        return JsonNode.Parse((await Http.JsonAsync(response)).GetRawText())!;
    }

    private static string Clip(JsonNode node)
    {
        string text = node.ToJsonString();
        return text.Length <= 2000 ? text : text[..2000] + "…";
    }
}
