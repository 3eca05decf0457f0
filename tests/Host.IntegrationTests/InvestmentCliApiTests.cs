using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lumen.Host.Cli;
using Lumen.Host.Services;
using Spectre.Console;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// <c>lumen plan invest --format json</c> and the result of <c>POST /api/plan/invest</c> render the same library document
/// for the same inputs: a network and a register uploaded to an empty service and given to the CLI, with the planner's
/// projects.csv, a unit-cost table and constraints sent to both; and the same field-level errors for a bad projects.csv.
/// </summary>
public sealed class InvestmentCliApiTests : IAsyncLifetime
{
    private const string Costs = """{ "costs": { "fuse": 2500, "recloser": 150000 }, "values": { "cost_per_complaint": 3000 } }""";

    private AssetsService _service = null!;

    public async Task InitializeAsync() => _service = await AssetsService.StartAsync(300, 13);

    public async Task DisposeAsync() => await _service.App.DisposeAsync();

    [Fact]
    public async Task PlanJson_WithProjectsCostsAndConstraints_CliAndApi_AreTheSame()
    {
        // Two lines deep in the first feeder: a must-do fuse costed from the table, and a recloser at a given cost.
        string[] branches = [.. File.ReadLines(Path.Combine(_service.Network, "branches.csv")).Skip(1).Select(l => l.Split(',')[0])];
        string projects = $"project_id,kind,branch_id,cost,must_do\nMY-FUSE,fuse,{branches[3]},,true\nMY-RECLOSER,recloser,{branches[2]},150000,false\n";
        string folder = Path.Combine(_service.App.DataDirectory, "cli-invest");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "projects.csv"), projects);
        File.WriteAllText(Path.Combine(folder, "costs.json"), Costs);

        JsonNode api = await PlanAsync(Form(("budget_per_year", "100000"), ("years", "1"), ("constraints", "overloads,n1,zone_targets"))
            .With("projects", "projects.csv", projects).With("costs", "costs.json", Costs));

        string name = _service.App.Get<NetworkCatalog>().Current!.Info.Name;
        JsonNode cli = AssetsService.CliJson(
            "plan", "invest", _service.Network, "--register", _service.Register, "--projects", Path.Combine(folder, "projects.csv"), "--costs", Path.Combine(folder, "costs.json"),
            "--constraints", "overloads,n1,zone_targets", "--budget-per-year", "100000", "--years", "1", "--name", name, "--format", "json");
        Assert.Contains(api["projects"]!.AsArray(), p => (string)p!["kind"]! == "replacement");
        JsonNode fuse = Assert.Single(api["projects"]!.AsArray(), p => (string)p!["id"]! == "MY-FUSE")!;
        Assert.Equal("must_do", (string)fuse["reason"]!);
        Assert.Equal(2500, (double)fuse["cost"]!);
        Assert.Contains(api["constraints"]!.AsArray(), c => (string)c!["rule"]! == "must_do" && (bool)c["met"]!);
        Assert.True(JsonNode.DeepEquals(api, cli), $"CLI and API differ; API:\n{AssetsService.Head(api)}\nCLI:\n{AssetsService.Head(cli)}");
    }

    [Fact]
    public async Task PlanJson_WithGrowthAndAgeing_CliAndApi_AreTheSame()
    {
        // The first feeder's load series (stored in the service, --load for the CLI) grows 5 % a year: its growth comes from
        // its peak outlook; the third feeder's comes from the series of one of its transformer areas (a load point); the
        // planner's file sets the second feeder's; ageing on (the register's assets).
        Lumen.Topology.Network.Network network = _service.App.Get<NetworkCatalog>().Current!.Network;
        string[] feeders = network.Normal.FeederNames.ToArray();
        string area = network.LoadPointIds[Enumerable.Range(0, network.LoadPointCount).First(l => network.Normal.FeederOf[network.LoadPointNode[l]] == 2)];
        string folder = Path.Combine(_service.App.DataDirectory, "cli-growth");
        Directory.CreateDirectory(Path.Combine(folder, "load"));
        byte[] load = GrowingLoadCsv(800, 5);
        byte[] areaLoad = GrowingLoadCsv(800, 3);
        File.WriteAllBytes(Path.Combine(folder, "load", feeders[0] + ".csv"), load);
        File.WriteAllBytes(Path.Combine(folder, "load", area + ".csv"), areaLoad);
        await Http.JsonAsync(await _service.App.Client.PostAsync("/api/series/load", Http.Files([(feeders[0] + ".csv", load), (area + ".csv", areaLoad)])), HttpStatusCode.Created);
        string growth = $"series_id,growth_percent_per_year,added_peak_mw,added_from_year\n{feeders[1]},6,0.2,2\nNOT-A-FEEDER,1,,\n";
        string growthFile = Path.Combine(folder, "growth.csv");
        File.WriteAllText(growthFile, growth);
        string name = _service.App.Get<NetworkCatalog>().Current!.Info.Name;

        JsonNode api = await PlanAsync(Form(("budget_per_year", "100000"), ("years", "3"), ("ageing", "true")).With("growth", "growth.csv", growth));
        JsonNode cli = AssetsService.CliJson(
            "plan", "invest", _service.Network, "--register", _service.Register, "--load", Path.Combine(folder, "load"), "--growth", growthFile,
            "--budget-per-year", "100000", "--years", "3", "--name", name, "--format", "json");
        Assert.True((bool)api["ageing"]!);
        JsonArray rows = api["growth"]!.AsArray();
        Assert.Equal(feeders.Length, rows.Count);
        JsonNode forecast = Assert.Single(rows, r => (string)r!["source"]! == "forecast")!;
        Assert.Equal(feeders[0], (string)forecast["feeder"]!);
        Assert.InRange((double)forecast["growth_percent_per_year"]!, 4, 6);
        JsonNode planned = Assert.Single(rows, r => (string)r!["source"]! == "planner_file")!;
        Assert.Equal((feeders[1], 6, 0.2, 2), ((string)planned["feeder"]!, (double)planned["growth_percent_per_year"]!, (double)planned["added_peak_mw"]!, (int)planned["added_from_year"]!));
        JsonNode transformers = Assert.Single(rows, r => (string)r!["source"]! == "transformers")!;
        Assert.Equal(feeders[2], (string)transformers["feeder"]!);
        Assert.InRange((double)transformers["growth_percent_per_year"]!, 2, 4);
        Assert.All(rows.Skip(3), r => Assert.Equal(("growth_percent", 0d), ((string)r!["source"]!, (double)r["growth_percent_per_year"]!)));
        Assert.True(JsonNode.DeepEquals(api, cli), $"CLI and API differ; API:\n{AssetsService.Head(api)}\nCLI:\n{AssetsService.Head(cli)}");

        // A growth percentage overrides the forecast; ageing off.
        JsonNode apiPercent = await PlanAsync(Form(("budget_per_year", "100000"), ("years", "3"), ("growth_percent_per_year", "1.5"), ("ageing", "false")));
        JsonNode cliPercent = AssetsService.CliJson(
            "plan", "invest", _service.Network, "--register", _service.Register, "--load", Path.Combine(folder, "load"), "--growth-percent", "1.5", "--no-ageing",
            "--budget-per-year", "100000", "--years", "3", "--name", name, "--format", "json");
        Assert.False((bool)apiPercent["ageing"]!);
        Assert.All(apiPercent["growth"]!.AsArray(), r => Assert.Equal(("growth_percent", 1.5), ((string)r!["source"]!, (double)r["growth_percent_per_year"]!)));
        Assert.True(JsonNode.DeepEquals(apiPercent, cliPercent), $"CLI and API differ; API:\n{AssetsService.Head(apiPercent)}\nCLI:\n{AssetsService.Head(cliPercent)}");
    }

    [Fact]
    public async Task BadGrowthCsv_IsA400NamingFileLineAndField_AsTheCliDoes()
    {
        string feeder = _service.App.Get<NetworkCatalog>().Current!.Network.Normal.FeederNames[0];
        string growth = $"series_id,growth_percent_per_year,added_peak_mw,added_from_year\nX,1,,\n{feeder},-70,,\n";
        string path = Path.Combine(_service.App.DataDirectory, "bad-growth", "growth.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, growth);

        await Http.ProblemAsync(
            await _service.App.Client.PostAsync("/api/plan/invest", Form(("years", "1")).With("growth", "growth.csv", growth)), HttpStatusCode.BadRequest, "growth.csv:3:growth_percent_per_year");
        await Http.ProblemAsync(
            await _service.App.Client.PostAsync("/api/plan/invest", Form(("years", "1")).With("growth", "growth.csv", "series_id,growth\n")), HttpStatusCode.BadRequest, "growth.csv:1");
        (int code, string output) = Cli("plan", "invest", _service.Network, "--growth", path, "--years", "1", "--format", "json");
        Assert.Equal(ExitCodes.InvalidInput, code);
        // The console wraps long lines at spaces.
        Assert.Contains("growth.csv:3: error: growth_percent_per_year: must lie in -50..100", string.Join(' ', output.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)));
    }

    // An hourly load series (timestamp,load_mw,temperature_c) of a number of days with a daily shape, growing at a compound rate a year.
    private static byte[] GrowingLoadCsv(int days, double percentPerYear)
    {
        var text = new StringBuilder("timestamp,load_mw,temperature_c\n");
        var start = new DateTime(2024, 1, 1);
        for (int t = 0; t < days * 24; t++)
        {
            double load = (0.8 + (0.2 * Math.Sin(2 * Math.PI * ((t % 24) - 8) / 24))) * Math.Pow(1 + (percentPerYear / 100), t / (24 * 365.25));
            double temperature = 15 - (10 * Math.Cos(2 * Math.PI * t / (24 * 365.25)));
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{start.AddHours(t):yyyy-MM-dd'T'HH:mm},{load:0.000000},{temperature:0.00}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Fact]
    public async Task BadProjectsCsv_IsA400NamingFileLineAndField_AsTheCliDoes()
    {
        const string Projects = "project_id,kind,branch_id,cost\nP1,magic,X,1\nP2,fuse,NO-SUCH-BRANCH,-5\n";
        string path = Path.Combine(_service.App.DataDirectory, "bad-projects", "projects.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Projects);

        JsonElement problem = await Http.ProblemAsync(
            await _service.App.Client.PostAsync("/api/plan/invest", Form(("years", "1")).With("projects", "projects.csv", Projects)), HttpStatusCode.BadRequest, "projects.csv:2:kind");
        string[] keys = [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name)];
        Assert.Contains("projects.csv:3:branch_id", keys);
        Assert.Contains("projects.csv:3:cost", keys);

        // The CLI names the same rows and fields, and exits non-zero.
        (int code, string output) = Cli("plan", "invest", _service.Network, "--projects", path, "--years", "1", "--format", "json");
        Assert.Equal(ExitCodes.InvalidInput, code);
        foreach (string key in keys)
        {
            string[] parts = key.Split(':');
            Assert.Contains($"{parts[0]}:{parts[1]}: error: {parts[2]}:", output);
        }
    }

    [Theory]
    [InlineData("years", "0", "years")]
    [InlineData("years", "many", null)]
    [InlineData("budget_per_year", "-1", "budget_per_year")]
    [InlineData("budget_per_year", "NaN", "budget_per_year")]
    [InlineData("budget_per_year", "1e400", null)]
    [InlineData("levers", "magic", "levers")]
    [InlineData("constraints", "magic", "constraints")]
    [InlineData("growth_percent_per_year", "-60", "growth_percent_per_year")]
    [InlineData("growth_percent_per_year", "NaN", "growth_percent_per_year")]
    [InlineData("ageing", "maybe", null)]
    [InlineData("budget", "1", "budget")]
    public async Task BadField_IsA400NamingIt(string field, string value, string? named)
    {
        await Http.ProblemAsync(await _service.App.Client.PostAsync("/api/plan/invest", Form((field, value))), HttpStatusCode.BadRequest, named);
    }

    [Theory]
    [InlineData("costs", "costs.json", "{ \"costs\": { \"fuse\": -1 } }", "costs.json")]
    [InlineData("costs", "costs.json", "{ \"costs\": \n { \"fuse\": ", "costs.json:")]
    [InlineData("costs", "costs.json", "{ \"cost\": {} }", "costs.json")]
    [InlineData("zones", "zones.csv", "id,zone\nSS001,Z\n", "zones.csv:2")]
    [InlineData("rules", "rules.json", "{ \"overload_percent\": -3 }", "rules.json")]
    [InlineData("unknown", "x.csv", "a\n", "unknown")]
    public async Task BadFile_IsA400NamingIt(string field, string fileName, string content, string named)
    {
        await Http.ProblemAsync(await _service.App.Client.PostAsync("/api/plan/invest", Form().With(field, fileName, content)), HttpStatusCode.BadRequest, named);
    }

    [Fact]
    public async Task JsonBody_IsRefused()
    {
        HttpResponseMessage response = await _service.App.Client.PostAsync("/api/plan/invest", Http.JsonBody("""{"years":1}"""));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    private static MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach ((string name, string value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    private async Task<JsonNode> PlanAsync(MultipartFormDataContent form)
    {
        JsonElement accepted = await Http.JsonAsync(await _service.App.Client.PostAsync("/api/plan/invest", form), HttpStatusCode.Accepted);
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
        return api;
    }

    private static (int Code, string Output) Cli(params string[] args)
    {
        using var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        return (LumenCli.Run(args, console), output.ToString());
    }
}

/// <summary>Files added to a multipart form.</summary>
internal static class FormFiles
{
    public static MultipartFormDataContent With(this MultipartFormDataContent form, string field, string fileName, string content)
    {
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        part.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "text/csv");
        form.Add(part, field, fileName);
        return form;
    }
}
