using System.Text.Json.Nodes;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// The architecture rule for the assets questions: <c>lumen assets plan|rank --format json</c> and the matching API route
/// render the same library document, so for the same inputs (a network folder and a register uploaded to an empty
/// service and given to the CLI, no outage history, default unit costs, the default plan's budget and years) they return
/// the same JSON.
/// </summary>
public sealed class AssetsCliApiTests : IAsyncLifetime
{
    private AssetsService _service = null!;

    public async Task InitializeAsync() => _service = await AssetsService.StartAsync(600, 11);

    public async Task DisposeAsync() => await _service.App.DisposeAsync();

    [Fact]
    public async Task PlanAndRankingJson_CliAndApi_AreTheSame()
    {
        JsonNode apiPlan = JsonNode.Parse(await _service.App.Client.GetStringAsync("/api/assets/plan"))!;
        JsonNode cliPlan = AssetsService.CliJson("assets", "plan", "--network", _service.Network, "--register", _service.Register, "--budget-per-year", "5000000", "--years", "5", "--format", "json");
        Assert.True(apiPlan["replacements"]!.AsArray().Count > 0);
        Assert.True(JsonNode.DeepEquals(apiPlan, cliPlan), $"plan: CLI and API differ; API:\n{AssetsService.Head(apiPlan)}\nCLI:\n{AssetsService.Head(cliPlan)}");

        JsonObject api = JsonNode.Parse(await _service.App.Client.GetStringAsync("/api/assets/ranking?top=1000"))!.AsObject();
        JsonArray items = api["items"]!.AsArray();
        for (int offset = 1000; offset < (int)api["total"]!; offset += 1000)
        {
            JsonNode page = JsonNode.Parse(await _service.App.Client.GetStringAsync($"/api/assets/ranking?top=1000&offset={offset}"))!;
            foreach (JsonNode? row in page["items"]!.AsArray().ToArray())
            {
                items.Add(row!.DeepClone());
            }
        }

        JsonObject cli = AssetsService.CliJson("assets", "rank", "--network", _service.Network, "--register", _service.Register, "--format", "json").AsObject();

        // Only the service has stored versions to report.
        Assert.Equal(1, (int)api["register_revision"]!);
        api["network_version"] = null;
        api["register_revision"] = null;
        Assert.True(JsonNode.DeepEquals(api, cli), $"ranking: CLI and API differ; API:\n{AssetsService.Head(api)}\nCLI:\n{AssetsService.Head(cli)}");
    }
}
