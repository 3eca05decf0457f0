using System.Net;
using System.Text;
using System.Text.Json;
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

    [Fact]
    public async Task StoredRules_ApiJsonEqualsCliJsonWithTheSameRuleFiles_BadRulesNameFileLineField_AndDeleteRestoresTheDefaults()
    {
        await using LumenApp app = await LumenApp.StartAsync();
        HttpClient client = app.Client;
        string demo = Path.Combine(app.DataDirectory, "demo");
        await WaitForRepairAsync(app);

        // Tighter commitments than the defaults, and the worst feeder declared remote.
        JsonNode byFeeder = JsonNode.Parse(await client.GetStringAsync("/api/repair/stats?by=feeder"))!;
        string feeder = byFeeder["groups"]![0]!["key"]!.GetValue<string>();
        string folder = Directory.CreateTempSubdirectory("lumen-repair-rules-").FullName;
        try
        {
            string classes = Path.Combine(folder, "area_classes.csv"), overrides = Path.Combine(folder, "area_overrides.csv");
            File.WriteAllText(classes, "area_class,arrival_commitment_minutes,minimum_load_density_mw_per_km2,speed_km_per_hour\nurban,30,1.0,25\nrural,60,0.1,40\nremote,90,0,30\n");
            File.WriteAllText(overrides, $"area_id,area_class\n{feeder},remote\n");
            HttpResponseMessage stored = await client.PostAsync("/api/repair/rules", Http.Files([("area_classes.csv", File.ReadAllBytes(classes)), ("area_overrides.csv", File.ReadAllBytes(overrides))]));
            JsonElement doc = await Http.JsonAsync(stored, HttpStatusCode.Created);
            int ruleSet = doc.GetProperty("rule_set").GetProperty("rule_set").GetInt32();
            Assert.Equal(30, doc.GetProperty("rules").GetProperty("classes")[0].GetProperty("arrival_commitment_minutes").GetDouble());
            await WaitForRepairAsync(app, ruleSet);

            string[] inputs =
            [
                "--network", demo,
                "--orders", Path.Combine(demo, "repair", "work_orders.csv"), "--crews", Path.Combine(demo, "repair", "crews.csv"),
                "--outages", Path.Combine(demo, "history", "outages.csv"), "--steps", Path.Combine(demo, "history", "restoration_steps.csv"),
                "--momentary", Path.Combine(demo, "history", "momentary.csv"), "--complaints", Path.Combine(demo, "history", "complaints.csv"),
                "--rules", classes, "--classes", overrides, "--format", "json",
            ];
            foreach ((string[] verb, string route) in new[]
            {
                (new[] { "repair", "stats" }, "/api/repair/stats"),
                (new[] { "repair", "stats", "--by", "feeder" }, "/api/repair/stats?by=feeder"),
                (new[] { "repair", "placement" }, "/api/repair/placement"),
                (new[] { "repair", "placement", "--count", "1", "--relocations", "1", "--objective", "arrival_minutes" }, "/api/repair/placement?count=1&relocations=1&objective=arrival_minutes"),
            })
            {
                (int code, string cli) = Cli([.. verb, .. inputs]);
                string api = await client.GetStringAsync(route);
                JsonNode cliJson = JsonNode.Parse(cli)!, apiJson = JsonNode.Parse(api)!;
                Assert.True(JsonNode.DeepEquals(cliJson, apiJson), $"{string.Join(' ', verb)} (exit {code}) and {route} differ:\nCLI {cli[..Math.Min(cli.Length, 2000)]}\nAPI {api[..Math.Min(api.Length, 2000)]}");
            }

            JsonNode stats = JsonNode.Parse(await client.GetStringAsync("/api/repair/stats"))!;
            Assert.Equal(30, stats["classes"]![0]!["arrival_commitment_minutes"]!.GetValue<double>());

            // A bad table names file, line and field and changes nothing; the same files again are unchanged.
            byte[] bad = Encoding.UTF8.GetBytes("area_class,arrival_commitment_minutes,minimum_load_density_mw_per_km2,speed_km_per_hour\nurban,30,1.0,25\nrural,60,0.1,0\n");
            await Http.ProblemAsync(await client.PostAsync("/api/repair/rules", Http.Files([("area_classes.csv", bad)])), HttpStatusCode.UnprocessableEntity, "area_classes.csv:3:speed_km_per_hour");
            await Http.ProblemAsync(await client.PostAsync("/api/repair/rules", Http.Files([("rules.csv", bad)])), HttpStatusCode.BadRequest, "files[rules.csv]");
            HttpResponseMessage again = await client.PostAsync("/api/repair/rules", Http.Files([("area_classes.csv", File.ReadAllBytes(classes)), ("area_overrides.csv", File.ReadAllBytes(overrides))]));
            Assert.False((await Http.JsonAsync(again)).GetProperty("created").GetBoolean());
            Assert.Equal(ruleSet, JsonNode.Parse(await client.GetStringAsync("/api/repair/rules"))!["rule_set"]!["rule_set"]!.GetValue<int>());

            // Back to the defaults: the answers follow.
            JsonElement reset = await Http.JsonAsync(await client.DeleteAsync("/api/repair/rules"), HttpStatusCode.Created);
            await WaitForRepairAsync(app, reset.GetProperty("rule_set").GetProperty("rule_set").GetInt32());
            stats = JsonNode.Parse(await client.GetStringAsync("/api/repair/stats"))!;
            Assert.Equal(45, stats["classes"]![0]!["arrival_commitment_minutes"]!.GetValue<double>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task WaitForRepairAsync(LumenApp app, int? ruleSet = null)
    {
        RepairCatalog catalog = app.Get<RepairCatalog>();
        HistoryCatalog history = app.Get<HistoryCatalog>();
        for (int i = 0; i < 600; i++)
        {
            if (catalog.Current is { } r && history.Current is { } h && ReferenceEquals(r.History, h) && h.Rates is not null && r.RuleSet?.RuleSet == ruleSet)
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
