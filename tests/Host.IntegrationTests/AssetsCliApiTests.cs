using System.Net;
using System.Text.Json.Nodes;
using Lumen.Host.Cli;
using Lumen.Host.Services;
using Lumen.Reliability.Aging.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console;
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
    private LumenApp _app = null!;
    private string _network = null!;
    private string _register = null!;

    public async Task InitializeAsync()
    {
        _app = await LumenApp.StartAsync(new Dictionary<string, string?> { ["Lumen:Store:SeedDemo"] = "false" });
        _network = Path.Combine(_app.DataDirectory, "cli-network");
        Network network = DemoNetworkGenerator.Generate(600, 11).Build().Network!;
        LumenCsvWriter.Write(network, _network);
        _register = DemoAssetGenerator.Write(network, 11, Path.Combine(_app.DataDirectory, "cli-assets"), 2025).RegisterPath;
        var files = Directory.GetFiles(_network).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        await Http.JsonAsync(await _app.Client.PostAsync("/api/networks", Http.Files(files)), HttpStatusCode.Created);
        await Http.JsonAsync(await _app.Client.PostAsync("/api/assets/register", Http.Files([(Path.GetFileName(_register), File.ReadAllBytes(_register))])), HttpStatusCode.Created);
        AssetsSlice slice = _app.Get<AssetsSlice>();
        for (int i = 0; i < 600 && slice.Current is null; i++)
        {
            Assert.Null(slice.Error);
            await Task.Delay(100);
        }

        Assert.NotNull(slice.Current);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static JsonNode Cli(params string[] args)
    {
        using var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        int code = LumenCli.Run(args, console);
        Assert.True(code == ExitCodes.Ok, output.ToString());
        return JsonNode.Parse(output.ToString())!;
    }

    [Fact]
    public async Task PlanAndRankingJson_CliAndApi_AreTheSame()
    {
        JsonNode apiPlan = JsonNode.Parse(await _app.Client.GetStringAsync("/api/assets/plan"))!;
        JsonNode cliPlan = Cli("assets", "plan", "--network", _network, "--register", _register, "--budget-per-year", "5000000", "--years", "5", "--format", "json");
        Assert.True(apiPlan["replacements"]!.AsArray().Count > 0);
        Assert.True(JsonNode.DeepEquals(apiPlan, cliPlan), $"plan: CLI and API differ; API:\n{Head(apiPlan)}\nCLI:\n{Head(cliPlan)}");

        JsonObject api = JsonNode.Parse(await _app.Client.GetStringAsync("/api/assets/ranking?top=1000"))!.AsObject();
        JsonArray items = api["items"]!.AsArray();
        for (int offset = 1000; offset < (int)api["total"]!; offset += 1000)
        {
            JsonNode page = JsonNode.Parse(await _app.Client.GetStringAsync($"/api/assets/ranking?top=1000&offset={offset}"))!;
            foreach (JsonNode? row in page["items"]!.AsArray().ToArray())
            {
                items.Add(row!.DeepClone());
            }
        }

        JsonObject cli = Cli("assets", "rank", "--network", _network, "--register", _register, "--format", "json").AsObject();

        // Only the service has stored versions to report.
        Assert.Equal(1, (int)api["register_revision"]!);
        api["network_version"] = null;
        api["register_revision"] = null;
        Assert.True(JsonNode.DeepEquals(api, cli), $"ranking: CLI and API differ; API:\n{Head(api)}\nCLI:\n{Head(cli)}");
    }

    private static string Head(JsonNode node)
    {
        string text = node.ToJsonString();
        return text.Length > 2000 ? text[..2000] : text;
    }
}
