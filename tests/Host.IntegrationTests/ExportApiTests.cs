using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using CsvHelper;
using MiniExcelLibs;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// The planners' tables as .xlsx, .csv and .json: the same rows in each, the same rows as the JSON route they come
/// from, typed cells, a frozen header with units; and the two additions the dashboard needed (changes, diagram coordinates).
/// </summary>
public sealed class ExportApiTests(LumenAppFixture fixture) : IClassFixture<LumenAppFixture>
{
    private static readonly string[] s_tables = ["feeder_ranking", "worst_served", "asset_ranking", "plan_years", "plan_replacements", "outage_stats", "voltage_compliance"];

    private HttpClient Client => fixture.App.Client;

    public static TheoryData<string> Tables() => [.. s_tables];

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task EveryTable_SameRowsInXlsxCsvAndJson_TypedCells_FrozenHeaderWithUnits(string table)
    {
        await ReadyAsync();
        JsonElement doc = await Http.JsonAsync(await Client.GetAsync($"/api/export/{table}.json"));
        JsonElement[] columns = [.. doc.GetProperty("columns").EnumerateArray()];
        JsonElement[] rows = [.. doc.GetProperty("rows").EnumerateArray()];
        Assert.NotEmpty(rows);

        // CSV: the JSON's column names as the header, the same values row by row (CsvHelper reads it back).
        HttpResponseMessage csvResponse = await Client.GetAsync($"/api/export/{table}.csv");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        using CsvReader csv = CsvReader.Create(new StringReader(await csvResponse.Content.ReadAsStringAsync()), new CsvReaderOptions { Separator = ',', MalformedData = CsvMalformedDataHandling.Throw }, leaveOpen: false);
        Assert.Equal(columns.Select(c => c.GetProperty("name").GetString()), csv.Headers);
        int n = 0;
        while (csv.Read())
        {
            JsonElement row = rows[n++];
            foreach (JsonElement c in columns)
            {
                string name = c.GetProperty("name").GetString()!;
                JsonElement value = row.GetProperty(name);
                string field = csv.GetString(name);
                switch (value.ValueKind)
                {
                    case JsonValueKind.Number:
                        Assert.Equal(value.GetDouble(), double.Parse(field, CultureInfo.InvariantCulture));
                        break;
                    case JsonValueKind.Null:
                        Assert.Equal(string.Empty, field);
                        break;
                    case JsonValueKind.True or JsonValueKind.False:
                        Assert.Equal(value.GetBoolean() ? "true" : "false", field);
                        break;
                    default:
                        Assert.Equal(value.GetString(), field);
                        break;
                }
            }
        }

        Assert.Equal(rows.Length, n);

        // Excel: a header "name (unit)", numbers as numeric cells, one row per JSON row, the header row frozen.
        HttpResponseMessage xlsxResponse = await Client.GetAsync($"/api/export/{table}.xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsxResponse.Content.Headers.ContentType?.MediaType);
        byte[] bytes = await xlsxResponse.Content.ReadAsByteArrayAsync();
        var sheet = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(rows.Length, sheet.Count);
        string[] headers = [.. columns.Select(c => c.GetProperty("unit").ValueKind == JsonValueKind.Null
            ? c.GetProperty("name").GetString()! : $"{c.GetProperty("name").GetString()} ({c.GetProperty("unit").GetString()})")];
        Assert.Equal(headers, sheet[0].Keys);
        for (int r = 0; r < Math.Min(rows.Length, 50); r++)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                JsonElement value = rows[r].GetProperty(columns[c].GetProperty("name").GetString()!);
                object? cell = sheet[r][headers[c]];
                if (value.ValueKind == JsonValueKind.Number)
                {
                    Assert.IsType<double>(cell);
                    Assert.Equal(value.GetDouble(), (double)cell!, 12);
                }
                else if (value.ValueKind == JsonValueKind.String)
                {
                    Assert.Equal(value.GetString(), cell);
                }
            }
        }

        using var zip = new ZipArchive(new MemoryStream(bytes));
        string xml = await new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEndAsync();
        Assert.Contains("state=\"frozen\"", xml, StringComparison.Ordinal);
        Assert.Contains("ySplit=\"1\"", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyTable_StillHasItsHeader_InXlsxAndCsv()
    {
        const string query = "/api/export/outage_stats.{0}?by=cause&from=2021-02-01&to=2021-02-02";
        JsonElement doc = await Http.JsonAsync(await Client.GetAsync(string.Format(CultureInfo.InvariantCulture, query, "json")));
        Assert.Equal(0, doc.GetProperty("rows").GetArrayLength());
        string csv = await (await Client.GetAsync(string.Format(CultureInfo.InvariantCulture, query, "csv"))).Content.ReadAsStringAsync();
        Assert.Equal("cause,customers_served,sustained_events,saifi,saidi,caidi,rs_1,maifi,period_hours", csv.TrimEnd());
        byte[] xlsx = await (await Client.GetAsync(string.Format(CultureInfo.InvariantCulture, query, "xlsx"))).Content.ReadAsByteArrayAsync();
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        string xml = await new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEndAsync();
        Assert.Contains("saidi (h/period)", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("r=\"2\"", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeederRanking_IsTheRankingRouteRows()
    {
        JsonElement route = await Http.JsonAsync(await Client.GetAsync("/api/reliability/feeders?top=1000"));
        JsonElement export = await Http.JsonAsync(await Client.GetAsync("/api/export/feeder_ranking.json"));
        Assert.Equal(route.GetProperty("items").EnumerateArray().Select(f => (f.GetProperty("id").GetString(), f.GetProperty("indices").GetProperty("saidi").GetDouble())),
            export.GetProperty("rows").EnumerateArray().Select(f => (f.GetProperty("feeder").GetString(), f.GetProperty("saidi").GetDouble())));
    }

    [Fact]
    public async Task AssetRanking_TakesTheRankingRouteFilters_AndRejectsBadOnes()
    {
        await ReadyAsync();
        JsonElement route = await Http.JsonAsync(await Client.GetAsync("/api/assets/ranking?class=cable&sort=risk_per_cost&top=1000"));
        JsonElement export = await Http.JsonAsync(await Client.GetAsync("/api/export/asset_ranking.json?class=cable&sort=risk_per_cost"));
        Assert.Equal(route.GetProperty("total").GetInt32(), export.GetProperty("rows").GetArrayLength());
        Assert.Equal(route.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("asset_id").GetString()),
            export.GetProperty("rows").EnumerateArray().Take(1000).Select(a => a.GetProperty("asset_id").GetString()));
        Assert.All(export.GetProperty("rows").EnumerateArray(), a => Assert.Equal("cable", a.GetProperty("class").GetString()));
        await Http.ProblemAsync(await Client.GetAsync("/api/export/asset_ranking.xlsx?class=nope"), HttpStatusCode.BadRequest, "class");
        await Http.ProblemAsync(await Client.GetAsync("/api/export/outage_stats.csv?by=planet"), HttpStatusCode.BadRequest, "by");
        await Http.ProblemAsync(await Client.GetAsync("/api/export/worst_served.csv?top=0"), HttpStatusCode.BadRequest, "top");
    }

    [Fact]
    public async Task StoredTableExport_StillServedBesideThePlannerTables()
    {
        HttpResponseMessage response = await Client.GetAsync("/api/export/reliability_feeders.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("feeder,saifi,saidi,", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_CurrentVersionWithItsStoredIndices_NoPreviousOnAFreshStore()
    {
        JsonElement doc = await Http.JsonAsync(await Client.GetAsync("/api/changes"));
        JsonElement system = (await Http.JsonAsync(await Client.GetAsync("/api/reliability"))).GetProperty("system");
        Assert.Equal(1, doc.GetProperty("current").GetProperty("network").GetProperty("version").GetInt32());
        Assert.Equal(system.GetProperty("saidi").GetDouble(), doc.GetProperty("current").GetProperty("reliability").GetProperty("saidi").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("previous").ValueKind);

        // The newest import of each kind of data, with its row count; nothing before it on a fresh store.
        JsonElement[] data = [.. doc.GetProperty("data").EnumerateArray()];
        Assert.Equal(["outages", "complaints", "asset_register"], data.Select(d => d.GetProperty("kind").GetString()));
        JsonElement register = (await Http.JsonAsync(await Client.GetAsync("/api/assets/register")))[0];
        Assert.Equal(register.GetProperty("rows").GetInt32(), data[2].GetProperty("rows").GetInt32());
        Assert.All(data, d => Assert.Equal(JsonValueKind.Null, d.GetProperty("previous_rows").ValueKind));
    }

    [Fact]
    public async Task Diagram_CarriesTheNetworksCoordinatesAndTies()
    {
        JsonElement feeders = await Http.JsonAsync(await Client.GetAsync("/api/reliability/feeders?top=1000"));
        int ties = 0;
        foreach (JsonElement feeder in feeders.GetProperty("items").EnumerateArray())
        {
            JsonElement doc = await Http.JsonAsync(await Client.GetAsync($"/api/feeders/{feeder.GetProperty("id").GetString()}/diagram"));
            Assert.All(doc.GetProperty("nodes").EnumerateArray(), n => Assert.Equal(JsonValueKind.Number, n.GetProperty("x").ValueKind));
            foreach (JsonElement tie in doc.GetProperty("ties").EnumerateArray())
            {
                ties++;
                Assert.Contains(doc.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("id").GetString() == tie.GetProperty("bus").GetString());
            }
        }

        // Every normally-open tie appears on the diagram of each feeder it touches.
        int tieEdges = fixture.App.Get<Services.NetworkCatalog>().Current!.Network.Normal.TieEdges.Length;
        Assert.True(tieEdges > 0 && ties >= tieEdges, $"{ties} ties on the diagrams, {tieEdges} in the network");
    }

    private async Task ReadyAsync()
    {
        for (int i = 0; i < 600; i++)
        {
            JsonElement assets = await Http.JsonAsync(await Client.GetAsync("/api/assets/status"));
            HttpResponseMessage voltage = await Client.GetAsync("/api/voltage/stats?top=0");
            if (assets.GetProperty("ready").GetBoolean() && voltage.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the asset and voltage results were not ready within 60 s");
    }
}

/// <summary><c>/api/changes</c> after a second network version: both versions with their own stored indices.</summary>
public sealed class ChangesApiTests
{
    [Fact]
    public async Task AfterANewVersion_PreviousAndCurrentCarryTheirOwnIndices()
    {
        await using LumenApp app = await LumenApp.StartAsync();
        double before = (await Http.JsonAsync(await app.Client.GetAsync("/api/reliability"))).GetProperty("system").GetProperty("saidi").GetDouble();

        // The demo network again with every repair time doubled: a new version with a worse SAIDI.
        string folder = Path.Combine(app.DataDirectory, "demo");
        string[] lines = await File.ReadAllLinesAsync(Path.Combine(folder, "branches.csv"));
        int repair = Array.IndexOf(lines[0].Split(','), "repair_hours");
        string branches = string.Join('\n', lines.Select((l, i) =>
        {
            string[] f = l.Split(',');
            if (i > 0 && double.TryParse(f[repair], CultureInfo.InvariantCulture, out double hours))
            {
                f[repair] = (2 * hours).ToString("R", CultureInfo.InvariantCulture);
            }

            return string.Join(',', f);
        }));
        using MultipartFormDataContent form = Http.Files(
        [
            ("buses.csv", await File.ReadAllBytesAsync(Path.Combine(folder, "buses.csv"))), ("branches.csv", System.Text.Encoding.UTF8.GetBytes(branches)),
            ("devices.csv", await File.ReadAllBytesAsync(Path.Combine(folder, "devices.csv"))), ("load_points.csv", await File.ReadAllBytesAsync(Path.Combine(folder, "load_points.csv"))),
        ], "slower-repairs");
        await Http.JsonAsync(await app.Client.PostAsync("/api/networks", form), HttpStatusCode.Created);
        JsonElement doc = default;
        for (int i = 0; i < 600; i++)
        {
            doc = await Http.JsonAsync(await app.Client.GetAsync("/api/changes"));
            if (doc.GetProperty("current").GetProperty("network").GetProperty("version").GetInt32() == 2)
            {
                break;
            }

            await Task.Delay(100);
        }

        double after = (await Http.JsonAsync(await app.Client.GetAsync("/api/reliability"))).GetProperty("system").GetProperty("saidi").GetDouble();
        Assert.Equal(2, doc.GetProperty("current").GetProperty("network").GetProperty("version").GetInt32());
        Assert.Equal(1, doc.GetProperty("previous").GetProperty("network").GetProperty("version").GetInt32());
        Assert.Equal(before, doc.GetProperty("previous").GetProperty("reliability").GetProperty("saidi").GetDouble(), 9);
        Assert.Equal(after, doc.GetProperty("current").GetProperty("reliability").GetProperty("saidi").GetDouble(), 9);
        Assert.True(after > before, $"doubled repair times gave SAIDI {after} after {before}");
    }
}
