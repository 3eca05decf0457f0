using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lumen.Host.Cli;
using Lumen.Host.Services;
using Spectre.Console;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>The repair area on the seeded small demo: the CLI and the API answer the same document, and uploads are all or nothing.</summary>
public sealed class RepairApiTests
{
    [Fact]
    public async Task StatsAndPlacement_ApiJsonEqualsCliJson_ForTheSameInputs_AndUploadsAreAllOrNothing()
    {
        await using LumenApp app = await LumenApp.StartAsync();
        HttpClient client = app.Client;
        string demo = Path.Combine(app.DataDirectory, "demo");
        await WaitForRepairAsync(app);

        string[] inputs =
        [
            "--network", demo,
            "--orders", Path.Combine(demo, "repair", "work_orders.csv"), "--crews", Path.Combine(demo, "repair", "crews.csv"),
            "--outages", Path.Combine(demo, "history", "outages.csv"), "--steps", Path.Combine(demo, "history", "restoration_steps.csv"),
            "--momentary", Path.Combine(demo, "history", "momentary.csv"), "--complaints", Path.Combine(demo, "history", "complaints.csv"),
            "--format", "json",
        ];
        foreach ((string[] verb, string route) in new[]
        {
            (new[] { "repair", "stats" }, "/api/repair/stats"),
            (new[] { "repair", "stats", "--by", "feeder", "--from", "2023-01-01", "--to", "2025-01-01" }, "/api/repair/stats?by=feeder&from=2023-01-01&to=2025-01-01"),
            (new[] { "repair", "placement", "--count", "1" }, "/api/repair/placement?count=1"),
            (new[] { "repair", "placement" }, "/api/repair/placement"),
        })
        {
            (int code, string cli) = Cli([.. verb, .. inputs]);
            string api = await client.GetStringAsync(route);
            JsonNode cliJson = JsonNode.Parse(cli)!, apiJson = JsonNode.Parse(api)!;
            Assert.True(JsonNode.DeepEquals(cliJson, apiJson), $"{string.Join(' ', verb)} (exit {code}) and {route} differ:\nCLI {cli[..Math.Min(cli.Length, 2000)]}\nAPI {api[..Math.Min(api.Length, 2000)]}");
        }

        JsonNode stats = JsonNode.Parse(await client.GetStringAsync("/api/repair/stats"))!;
        Assert.True(stats["links"]!["orders"]!.GetValue<int>() > 0);
        Assert.True(stats["links"]!["without_outage"]!.GetValue<int>() > 0);
        Assert.NotNull(stats["overall"]!["call_to_arrival"]!["p90_minutes"]);

        // A bad upload names file, line and field and changes nothing; the same files again are unchanged.
        string orders = File.ReadAllText(Path.Combine(demo, "repair", "work_orders.csv"));
        byte[] crews = File.ReadAllBytes(Path.Combine(demo, "repair", "crews.csv"));
        string[] lines = orders.Split('\n');
        lines[3] = lines[3].Replace(lines[3].Split(',')[1], "yesterday", StringComparison.Ordinal);
        HttpResponseMessage bad = await client.PostAsync("/api/repair", Http.Files([("work_orders.csv", Encoding.UTF8.GetBytes(string.Join('\n', lines))), ("crews.csv", crews)]));
        await Http.ProblemAsync(bad, HttpStatusCode.UnprocessableEntity, "work_orders.csv:4:call_time");
        JsonNode batch = JsonNode.Parse(await client.GetStringAsync("/api/repair/batch"))!;
        Assert.Equal(1, batch["batch"]!.GetValue<int>());
        HttpResponseMessage same = await client.PostAsync("/api/repair", Http.Files([("work_orders.csv", Encoding.UTF8.GetBytes(orders)), ("crews.csv", crews)]));
        JsonNode unchanged = JsonNode.Parse(await same.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.False(unchanged["created"]!.GetValue<bool>());

        await Http.ProblemAsync(await client.GetAsync("/api/repair/stats?by=month"), HttpStatusCode.BadRequest, "by");
        await Http.ProblemAsync(await client.GetAsync("/api/repair/placement?count=11"), HttpStatusCode.BadRequest, "count");
        await Http.ProblemAsync(await client.GetAsync("/api/repair/placement?objective=fastest"), HttpStatusCode.BadRequest, "objective");
    }

    private static async Task WaitForRepairAsync(LumenApp app)
    {
        RepairCatalog catalog = app.Get<RepairCatalog>();
        HistoryCatalog history = app.Get<HistoryCatalog>();
        for (int i = 0; i < 600; i++)
        {
            if (catalog.Current is { } r && history.Current is { } h && ReferenceEquals(r.History, h) && h.Rates is not null)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the repair results were not computed: " + app.Get<RepairCatalog>().Error);
    }

    private static (int Code, string Output) Cli(string[] args)
    {
        var writer = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        int code = LumenCli.Run(args, console);
        return (code, writer.ToString());
    }
}
