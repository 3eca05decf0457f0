using System.Net;
using System.Text.Json;
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
/// <c>lumen plan invest --format json</c> and the result of <c>POST /api/plan/invest</c> render the same library document
/// for the same inputs: a network and a register uploaded to an empty service and given to the CLI (no load series, no
/// outage history, default unit costs).
/// </summary>
public sealed class InvestmentCliApiTests : IAsyncLifetime
{
    private LumenApp _app = null!;
    private string _network = null!;
    private string _register = null!;

    public async Task InitializeAsync()
    {
        _app = await LumenApp.StartAsync(new Dictionary<string, string?> { ["Lumen:Store:SeedDemo"] = "false" });
        _network = Path.Combine(_app.DataDirectory, "cli-network");
        Network network = DemoNetworkGenerator.Generate(300, 13).Build().Network!;
        LumenCsvWriter.Write(network, _network);
        _register = DemoAssetGenerator.Write(network, 13, Path.Combine(_app.DataDirectory, "cli-assets"), 2025).RegisterPath;
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

    [Fact]
    public async Task PlanJson_CliAndApi_AreTheSame()
    {
        const string Body = """{"budget_per_year":100000,"years":1}""";
        JsonElement accepted = await Http.JsonAsync(await _app.Client.PostAsync("/api/plan/invest", Http.JsonBody(Body)), HttpStatusCode.Accepted);
        string id = accepted.GetProperty("id").GetString()!;
        HttpResponseMessage response = await _app.Client.GetAsync($"/api/plan/invest/{id}");
        for (int i = 0; i < 1200 && response.StatusCode == HttpStatusCode.Accepted; i++)
        {
            await Task.Delay(100);
            response = await _app.Client.GetAsync($"/api/plan/invest/{id}");
        }

        JsonNode api = JsonNode.Parse((await Http.JsonAsync(response)).GetRawText())!;
        JsonNode job = JsonNode.Parse(await _app.Client.GetStringAsync($"/api/jobs/{id}"))!;
        Assert.Equal("succeeded", (string)job["state"]!);
        Assert.True(JsonNode.DeepEquals(api, job["result"]), "the job's result and /api/plan/invest/{id} differ");

        string name = _app.Get<NetworkCatalog>().Current!.Info.Name;
        using var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        int code = LumenCli.Run(["plan", "invest", _network, "--register", _register, "--budget-per-year", "100000", "--years", "1", "--name", name, "--format", "json"], console);
        Assert.True(code == ExitCodes.Ok, output.ToString());
        JsonNode cli = JsonNode.Parse(output.ToString())!;
        Assert.True(api["projects"]!.AsArray().Count > 0);
        Assert.Contains(api["projects"]!.AsArray(), p => (string)p!["kind"]! == "replacement");
        Assert.True(JsonNode.DeepEquals(api, cli), $"CLI and API differ; API:\n{Head(api)}\nCLI:\n{Head(cli)}");
    }

    [Theory]
    [InlineData("""{"years":0}""")]
    [InlineData("""{"budget_per_year":-1}""")]
    [InlineData("""{"levers":["magic"]}""")]
    [InlineData("""{"budget":1}""")]
    public async Task BadBody_IsA400NamingTheProblem(string body)
    {
        await Http.ProblemAsync(await _app.Client.PostAsync("/api/plan/invest", Http.JsonBody(body)), HttpStatusCode.BadRequest);
    }

    private static string Head(JsonNode node)
    {
        string text = node.ToJsonString();
        return text.Length <= 3000 ? text : text[..3000] + "…";
    }
}
