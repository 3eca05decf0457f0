using System.Text.Json;
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

    [Fact]
    public async Task WhatIf_SameDocument()
    {
        JsonNode diagram = await DiagramOfWorstFeederAsync();
        JsonNode bus = diagram["nodes"]![3]!;
        string tie = diagram["ties"]!.AsArray().Count > 0 ? $$""",{"type":"remove_tie","branch":"{{diagram["ties"]![0]!["branch"]}}"}""" : string.Empty;
        string body = $$"""
            {"changes":[
              {"type":"change_failure_rate","branch":"{{bus["branch"]}}","failure_rate_per_year":0.01},
              {"type":"add_device","branch":"{{diagram["nodes"]![5]!["branch"]}}","at_bus":"{{diagram["nodes"]![5]!["parent"]}}","kind":"recloser","automated":true}{{tie}}
            ]}
            """;
        string changes = Path.Combine(fixture.App.DataDirectory, "whatif-parity.json");
        await File.WriteAllTextAsync(changes, body);
        await AssertSameAsync(await PostAsync("/api/reliability/what-if", body), ["reliability", "whatif", Demo(), "--changes", changes]);
    }

    [Fact]
    public async Task Placement_SameDocument()
    {
        string feeder = (await DiagramOfWorstFeederAsync())["feeder"]!.GetValue<string>();
        await AssertSameAsync(await PostAsync("/api/reliability/placement", $$"""{"feeder":"{{feeder}}","device":"recloser","automated":true,"count":3}"""),
            ["reliability", "placement", Demo(), "--feeder", feeder, "--device", "recloser", "--automated", "--count", "3"]);
    }

    [Fact]
    public async Task FeederDiagram_SameDocument_ButTheStoredVersion()
    {
        // The route's version is the store's; the CLI reads files, which have none.
        JsonNode api = await DiagramOfWorstFeederAsync();
        Assert.True(api["version"]!.GetValue<int>() >= 1);
        api.AsObject()["version"] = null;
        await AssertSameAsync(api, ["reliability", "diagram", Demo(), "--feeder", api["feeder"]!.GetValue<string>()]);
    }

    [Fact]
    public async Task WhatIf_BadChange_ApiAndCliNameTheSameField()
    {
        string body = """{"changes":[{"type":"remove_device","device":"NOPE"}]}""";
        JsonElement problem = await Http.ProblemAsync(await fixture.App.Client.PostAsync("/api/reliability/what-if", Http.JsonBody(body)), System.Net.HttpStatusCode.UnprocessableEntity, "changes[0].device");
        string changes = Path.Combine(fixture.App.DataDirectory, "whatif-bad.json");
        await File.WriteAllTextAsync(changes, body);
        (int code, string output, string errors) = await LumenProcess.RunAsync(["reliability", "whatif", Demo(), "--changes", changes]);
        Assert.Equal(1, code);
        Assert.Contains($"whatif-bad.json: error: changes[0].device: {problem.GetProperty("errors").GetProperty("changes[0].device")[0].GetString()}", output + errors, StringComparison.Ordinal);
    }

    private async Task<JsonNode> DiagramOfWorstFeederAsync()
    {
        string feeder = (await ApiAsync("/api/reliability/feeders?top=1"))["items"]![0]!["id"]!.GetValue<string>();
        return await ApiAsync($"/api/feeders/{Uri.EscapeDataString(feeder)}/diagram");
    }

    private async Task<JsonNode> PostAsync(string route, string body)
    {
        await ApiAsync("/api/reliability");
        return JsonNode.Parse((await Http.JsonAsync(await fixture.App.Client.PostAsync(route, Http.JsonBody(body)))).GetRawText())!;
    }

    private Task AssertSameAsync(string route, string[] cli) => AssertSameAsync(route, ApiAsync(route), cli);

    private Task AssertSameAsync(JsonNode api, string[] cli) => AssertSameAsync(string.Join(' ', cli[..2]), Task.FromResult(api), cli);

    private static async Task AssertSameAsync(string route, Task<JsonNode> answer, string[] cli)
    {
        JsonNode api = await answer;
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
