using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lumen.Host.Services;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// <c>lumen plan invest --format json</c> and the result of <c>POST /api/plan/invest</c> render the same library document
/// for the same inputs: a network and a register uploaded to an empty service and given to the CLI (no load series, no
/// outage history, default unit costs).
/// </summary>
public sealed class InvestmentCliApiTests : IAsyncLifetime
{
    private AssetsService _service = null!;

    public async Task InitializeAsync() => _service = await AssetsService.StartAsync(300, 13);

    public async Task DisposeAsync() => await _service.App.DisposeAsync();

    [Fact]
    public async Task PlanJson_CliAndApi_AreTheSame()
    {
        const string Body = """{"budget_per_year":100000,"years":1}""";
        JsonElement accepted = await Http.JsonAsync(await _service.App.Client.PostAsync("/api/plan/invest", Http.JsonBody(Body)), HttpStatusCode.Accepted);
        string id = accepted.GetProperty("id").GetString()!;
        HttpResponseMessage response = await _service.App.Client.GetAsync($"/api/plan/invest/{id}");
        for (int i = 0; i < 1200 && response.StatusCode == HttpStatusCode.Accepted; i++)
        {
            await Task.Delay(100);
            response = await _service.App.Client.GetAsync($"/api/plan/invest/{id}");
        }

        JsonNode api = JsonNode.Parse((await Http.JsonAsync(response)).GetRawText())!;
        JsonNode job = JsonNode.Parse(await _service.App.Client.GetStringAsync($"/api/jobs/{id}"))!;
        Assert.Equal("succeeded", (string)job["state"]!);
        Assert.True(JsonNode.DeepEquals(api, job["result"]), "the job's result and /api/plan/invest/{id} differ");

        string name = _service.App.Get<NetworkCatalog>().Current!.Info.Name;
        JsonNode cli = AssetsService.CliJson("plan", "invest", _service.Network, "--register", _service.Register, "--budget-per-year", "100000", "--years", "1", "--name", name, "--format", "json");
        Assert.True(api["projects"]!.AsArray().Count > 0);
        Assert.Contains(api["projects"]!.AsArray(), p => (string)p!["kind"]! == "replacement");
        Assert.True(JsonNode.DeepEquals(api, cli), $"CLI and API differ; API:\n{AssetsService.Head(api)}\nCLI:\n{AssetsService.Head(cli)}");
    }

    [Theory]
    [InlineData("""{"years":0}""")]
    [InlineData("""{"budget_per_year":-1}""")]
    [InlineData("""{"levers":["magic"]}""")]
    [InlineData("""{"budget":1}""")]
    public async Task BadBody_IsA400NamingTheProblem(string body)
    {
        await Http.ProblemAsync(await _service.App.Client.PostAsync("/api/plan/invest", Http.JsonBody(body)), HttpStatusCode.BadRequest);
    }
}
