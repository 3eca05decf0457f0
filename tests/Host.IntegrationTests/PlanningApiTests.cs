using System.Text.Json;
using System.Text.Json.Nodes;
using Lumen.Host.Cli;
using Lumen.Host.Services;
using Lumen.Host.Storage.Series;
using MiniExcelLibs;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary><c>/api/plan/diagnosis</c> on the seeded demo, against <c>lumen plan diagnose --format json</c> on the demo's files.</summary>
public sealed class PlanningApiTests(LumenAppFixture fixture) : IClassFixture<LumenAppFixture>
{
    private LumenApp App => fixture.App;

    /// <summary>Waits until the planning slice has diagnosed the current network with the stored load series and outage history.</summary>
    private static async Task<PlanningSnapshot> ReadyAsync(LumenApp app)
    {
        for (int i = 0; i < 600; i++)
        {
            if (app.Get<PlanningSlice>().Current is { History: not null } p
                && p.NetworkVersion == app.Get<NetworkCatalog>().Current?.Info.Version
                && ReferenceEquals(p.History, app.Get<HistoryCatalog>().Current?.Report)
                && p.SeriesRevision == app.Get<SeriesRepository>().Revision())
            {
                return p;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the planning diagnosis was not published");
    }

    [Fact]
    public async Task Diagnosis_ApiJsonEqualsCliJsonOnTheSameFiles()
    {
        PlanningSnapshot snapshot = await ReadyAsync(App);
        JsonNode api = JsonNode.Parse(await (await App.Client.GetAsync("/api/plan/diagnosis")).Content.ReadAsStringAsync())!;

        DemoDataset.Layout layout = DemoDataset.In(Path.Combine(App.DataDirectory, "demo"));
        var console = new TestConsole().Width(250);
        string name = App.Get<NetworkCatalog>().Current!.Info.Name;
        int code = LumenCli.Run(["plan", "diagnose", layout.Root, "--load", layout.Load, "--history", layout.History, "--name", name, "--format", "json"], console);
        Assert.True(code == ExitCodes.Ok, console.Output);
        JsonNode cli = JsonNode.Parse(console.Output)!;

        Assert.True(snapshot.Report.Feeders.Count > 0);
        Assert.True(snapshot.Report.Feeders.Any(f => f.LoadFromSeries), "the demo's feeder series must be used");
        Assert.NotNull(snapshot.Report.System.HistoricalSaidi);
        Assert.True(JsonNode.DeepEquals(api, cli), FirstDifference(api, cli, "$"));
    }

    [Fact]
    public async Task DiagnosisWorkbook_ApiEqualsCliOnTheSameFiles()
    {
        await ReadyAsync(App);
        HttpResponseMessage response = await App.Client.GetAsync("/api/export/diagnosis.xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var api = new MemoryStream(await response.Content.ReadAsByteArrayAsync());

        DemoDataset.Layout layout = DemoDataset.In(Path.Combine(App.DataDirectory, "demo"));
        string file = Path.Combine(Path.GetTempPath(), $"lumen-diagnosis-{Guid.NewGuid():N}.xlsx");
        try
        {
            var console = new TestConsole().Width(250);
            string name = App.Get<NetworkCatalog>().Current!.Info.Name;
            int code = LumenCli.Run(["plan", "diagnose", layout.Root, "--load", layout.Load, "--history", layout.History, "--name", name, "--xlsx", file], console);
            Assert.True(code == ExitCodes.Ok, console.Output);
            using FileStream cli = File.OpenRead(file);
            List<string> sheets = MiniExcel.GetSheetNames(api);
            Assert.Equal(["summaries", "problems", "feeders", "n1_failures", "load_levels"], sheets);
            Assert.Equal(sheets, MiniExcel.GetSheetNames(cli));
            foreach (string sheet in sheets)
            {
                List<string> a = Rows(api, sheet);
                List<string> b = Rows(cli, sheet);
                Assert.True(a.SequenceEqual(b), $"{sheet}: {a.Count} rows from the API, {b.Count} from the CLI");
            }

            // The demo county fails N-1 somewhere, so the failures sheet has rows below its header.
            Assert.True(Rows(api, "n1_failures").Count > 1);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static List<string> Rows(Stream stream, string sheet) =>
        [.. MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>()
            .Select(r => string.Join("|", r.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))))];

    [Fact]
    public async Task Diagnosis_FollowsTheCapacitySwitch()
    {
        await ReadyAsync(App);
        JsonElement doc = await Http.JsonAsync(await App.Client.GetAsync("/api/reliability/"));
        Assert.True(doc.GetProperty("capacity_limits").GetBoolean());
        Assert.True(doc.GetProperty("load_levels").GetArrayLength() >= 1);
        Assert.True(doc.GetProperty("capacity_limited_saidi").GetDouble() >= 0);
    }

    private static string FirstDifference(JsonNode? a, JsonNode? b, string path)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (KeyValuePair<string, JsonNode?> kv in oa)
            {
                if (!JsonNode.DeepEquals(kv.Value, ob[kv.Key]))
                {
                    return FirstDifference(kv.Value, ob[kv.Key], $"{path}.{kv.Key}");
                }
            }

            return $"{path}: keys differ";
        }

        if (a is JsonArray aa && b is JsonArray ab)
        {
            for (int i = 0; i < Math.Min(aa.Count, ab.Count); i++)
            {
                if (!JsonNode.DeepEquals(aa[i], ab[i]))
                {
                    return FirstDifference(aa[i], ab[i], $"{path}[{i}]");
                }
            }

            return $"{path}: {aa.Count} vs {ab.Count} items";
        }

        return $"{path}: api {a?.ToJsonString()} vs cli {b?.ToJsonString()}";
    }
}
