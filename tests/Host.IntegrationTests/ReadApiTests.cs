using System.Globalization;
using System.Net;
using System.Text.Json;
using Lumen.Host.Services;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>Read endpoints on the seeded demo network: success and failure paths.</summary>
public sealed class ReadApiTests(LumenAppFixture fixture) : IClassFixture<LumenAppFixture>
{
    private HttpClient Client => fixture.App.Client;

    private NetworkSnapshot Snapshot => fixture.App.Get<NetworkCatalog>().Current!;

    [Fact]
    public async Task Health_LiveAndReady_AreHealthy()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live")).StatusCode);
        JsonElement ready = await Http.JsonAsync(await Client.GetAsync("/health/ready"));
        Assert.Equal("healthy", ready.GetProperty("status").GetString());
        Assert.Equal("healthy", ready.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_DocumentsEveryArea()
    {
        string doc = await (await Client.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        foreach (string path in new[] { "/api/networks", "/api/networks/{version}/trace/{node}", "/api/reliability/what-if", "/api/export/{table}.csv", "/api/jobs/{id}" })
        {
            Assert.Contains($"\"{path}\"", doc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Status_ListsAvailableAnalyses()
    {
        JsonElement status = await Http.JsonAsync(await Client.GetAsync("/api/status"));
        Assert.True(status.GetProperty("ready").GetBoolean());
        Assert.True(status.GetProperty("analyses").GetProperty("predictive_reliability").GetBoolean());
        Assert.True(status.GetProperty("analyses").GetProperty("voltage").GetBoolean());
        Assert.True(status.GetProperty("analyses").GetProperty("outage_history").GetBoolean());
    }

    [Fact]
    public async Task Networks_ListCurrentAndVersion()
    {
        JsonElement list = await Http.JsonAsync(await Client.GetAsync("/api/networks"));
        Assert.Equal(1, list[0].GetProperty("version").GetInt32());
        JsonElement current = await Http.JsonAsync(await Client.GetAsync("/api/networks/current"));
        Assert.Equal(Snapshot.Network.NodeCount, current.GetProperty("summary").GetProperty("buses").GetInt32());
        JsonElement one = await Http.JsonAsync(await Client.GetAsync("/api/networks/1"));
        Assert.Equal(Snapshot.Summary.Feeders, one.GetProperty("summary").GetProperty("feeders").GetInt32());
    }

    [Fact]
    public async Task Network_UnknownVersion_Is404NamingVersion() =>
        await Http.ProblemAsync(await Client.GetAsync("/api/networks/999"), HttpStatusCode.NotFound, "version");

    [Fact]
    public async Task Trace_KnownNode_ReturnsPathToSource()
    {
        string node = Snapshot.Network.NodeIds[Snapshot.Network.LoadPointNode[0]];
        JsonElement trace = await Http.JsonAsync(await Client.GetAsync($"/api/networks/1/trace/{node}"));
        Assert.Equal(node, trace.GetProperty("node").GetString());
        Assert.True(trace.GetProperty("upstream_path").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Trace_UnknownNodeOrVersion_Is404()
    {
        await Http.ProblemAsync(await Client.GetAsync("/api/networks/1/trace/NO-SUCH-BUS"), HttpStatusCode.NotFound, "node");
        await Http.ProblemAsync(await Client.GetAsync("/api/networks/7/trace/X"), HttpStatusCode.NotFound, "version");
    }

    [Fact]
    public async Task Reliability_System_MatchesAssessor()
    {
        JsonElement doc = await Http.JsonAsync(await Client.GetAsync("/api/reliability"));
        JsonElement system = doc.GetProperty("system");
        Assert.Equal(Snapshot.Reliability.System.Saidi, system.GetProperty("saidi").GetDouble(), 9);
        Assert.Equal(Snapshot.Reliability.System.Rs1, system.GetProperty("rs_1").GetDouble(), 9);
    }

    [Fact]
    public async Task Reliability_Feeders_WorstFirstAndPaged()
    {
        JsonElement page = await Http.JsonAsync(await Client.GetAsync("/api/reliability/feeders?top=3&offset=1"));
        Assert.Equal(Snapshot.Reliability.Feeders.Count, page.GetProperty("total").GetInt32());
        double[] saidi = page.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("indices").GetProperty("saidi").GetDouble()).ToArray();
        Assert.Equal(3, saidi.Length);
        Assert.True(saidi[0] >= saidi[1] && saidi[1] >= saidi[2]);
        Assert.Equal(2, page.GetProperty("items")[0].GetProperty("rank").GetInt32());
    }

    [Theory]
    [InlineData("/api/reliability/feeders?top=0", "top")]
    [InlineData("/api/reliability/feeders?top=5000", "top")]
    [InlineData("/api/reliability/load-points?offset=-1", "offset")]
    public async Task Reliability_BadPaging_Is400NamingField(string url, string field) =>
        await Http.ProblemAsync(await Client.GetAsync(url), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Reliability_NonNumericQuery_Is400() =>
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/reliability/feeders?top=abc")).StatusCode);

    [Fact]
    public async Task LoadPoints_FilteredByFeeder_AllOnThatFeeder()
    {
        string feeder = Snapshot.Network.Normal.FeederNames[0];
        JsonElement page = await Http.JsonAsync(await Client.GetAsync($"/api/reliability/load-points?feeder={feeder}&top=1000"));
        Assert.All(page.GetProperty("items").EnumerateArray(), lp => Assert.Equal(feeder, lp.GetProperty("feeder").GetString()));
        Assert.True(page.GetProperty("total").GetInt32() > 0);
        await Http.ProblemAsync(await Client.GetAsync("/api/reliability/load-points?feeder=NOPE"), HttpStatusCode.NotFound, "feeder");
    }

    [Fact]
    public async Task Explanation_SumsToLoadPointU()
    {
        string id = Snapshot.Network.LoadPointIds[0];
        JsonElement doc = await Http.JsonAsync(await Client.GetAsync($"/api/reliability/load-points/{id}/explanation"));
        double sum = doc.GetProperty("contributions").EnumerateArray().Sum(c => c.GetProperty("u_hours").GetDouble());
        Assert.Equal(doc.GetProperty("load_point").GetProperty("u_hours").GetDouble(), sum, 6);
        await Http.ProblemAsync(await Client.GetAsync("/api/reliability/load-points/NOPE/explanation"), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Diagram_IsATreeWithLoadPointsColouredByU()
    {
        string feeder = Snapshot.Network.Normal.FeederNames[0];
        JsonElement doc = await Http.JsonAsync(await Client.GetAsync($"/api/feeders/{feeder}/diagram"));
        JsonElement[] nodes = doc.GetProperty("nodes").EnumerateArray().ToArray();
        var ids = nodes.Select(n => n.GetProperty("id").GetString()).ToHashSet();
        Assert.Single(nodes, n => n.GetProperty("parent").ValueKind == JsonValueKind.Null);
        Assert.All(nodes.Where(n => n.GetProperty("parent").ValueKind != JsonValueKind.Null), n => Assert.Contains(n.GetProperty("parent").GetString(), ids));
        Assert.Contains(nodes, n => n.GetProperty("u_hours").ValueKind == JsonValueKind.Number);
        await Http.ProblemAsync(await Client.GetAsync("/api/feeders/NOPE/diagram"), HttpStatusCode.NotFound, "name");
    }

    [Fact]
    public async Task Export_EveryStoredTable_IsCsvWithAllItsRows()
    {
        // Every table of the store is exportable, except the imported files and the network images (binary contents).
        using DuckDB.NET.Data.DuckDBConnection connection = fixture.App.Get<Storage.DuckDb.DuckDbStore>().Open();
        var tables = new List<(string Name, bool Versioned)>();
        using (DuckDB.NET.Data.DuckDBCommand list = connection.CreateCommand())
        {
            list.CommandText = """
                SELECT t.table_name, count(c.column_name) FILTER (WHERE c.column_name = 'version') > 0
                FROM duckdb_tables() t JOIN information_schema.columns c ON c.table_name = t.table_name
                WHERE NOT t.temporary GROUP BY t.table_name ORDER BY t.table_name
                """;
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add((reader.GetString(0), reader.GetBoolean(1)));
            }
        }

        Assert.Equal(tables.Select(t => t.Name).Where(t => t is not ("network_files" or "network_images")).Order(StringComparer.Ordinal), Storage.DuckDb.Schema.Exportable.Keys.Order(StringComparer.Ordinal));
        foreach ((string table, bool versioned) in tables.Where(t => t.Name is not ("network_files" or "network_images")))
        {
            HttpResponseMessage response = await Client.GetAsync($"/api/export/{table}.csv?version=1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            string[] lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

            // The per-version tables export version 1 without their version column.
            using DuckDB.NET.Data.DuckDBCommand count = connection.CreateCommand();
            count.CommandText = versioned && table != "network_versions" ? $"SELECT count(*) FROM {table} WHERE version = 1" : $"SELECT count(*) FROM {table}";
            long rows = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            Assert.True(lines.Length - 1 == rows, $"{table}: {lines.Length - 1} exported rows, {rows} stored");
            Assert.False(versioned && table != "network_versions" && lines[0].Split(',').Contains("version"), table + " exports its version column");
        }
    }

    [Fact]
    public async Task Voltage_SummaryAndLists_MatchPrediction()
    {
        var report = Snapshot.Voltage!;
        JsonElement summary = await Http.JsonAsync(await Client.GetAsync("/api/voltage"));
        Assert.True(report.PowerFlow.Converged, "the small demo converges at the default coincidence factor");
        Assert.True(summary.GetProperty("converged").GetBoolean());
        Assert.Equal(report.PowerFlow.MinVoltagePu, summary.GetProperty("min_voltage_pu").GetDouble(), 9);
        Assert.Equal(report.LowVoltageCustomers, summary.GetProperty("low_voltage_customers").GetInt64());
        JsonElement areas = await Http.JsonAsync(await Client.GetAsync("/api/voltage/low-areas?top=1000"));
        Assert.Equal(report.LowAreas.Count, areas.GetProperty("total").GetInt32());
        JsonElement overloaded = await Http.JsonAsync(await Client.GetAsync("/api/voltage/overloaded"));
        Assert.Equal(report.Overloaded.Count, overloaded.GetProperty("total").GetInt32());
        string csv = await Client.GetStringAsync("/api/export/voltage_low_areas.csv");
        Assert.Equal(report.LowAreas.Count + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        await Http.ProblemAsync(await Client.GetAsync("/api/voltage/low-areas?top=0"), HttpStatusCode.BadRequest, "top");
        await Http.ProblemAsync(await Client.GetAsync("/api/voltage/overloaded?top=5000"), HttpStatusCode.BadRequest, "top");
    }

    [Fact]
    public async Task History_IndicesMajorEventDaysAndSplits()
    {
        var report = fixture.App.Get<HistoryCatalog>().Current!.Report!;
        JsonElement doc = await Http.JsonAsync(await Client.GetAsync("/api/outages?by=month,feeder"));
        Assert.Equal(report.AllDays.Saidi, doc.GetProperty("all_days").GetProperty("saidi").GetDouble(), 9);
        // RS-1 is DL/T 836's (users are transformer areas: 1 − AIHC-1 / T), not 1 − customer SAIDI / T as /api/history had it.
        Assert.Equal((1 - (report.AllDays.Aihc1 / report.AllDays.PeriodHours)) * 100, doc.GetProperty("all_days").GetProperty("rs_1").GetDouble(), 9);
        Assert.Equal(report.MajorEventDays.Days.Count, doc.GetProperty("major_event_days").GetProperty("days").GetArrayLength());
        JsonElement months = doc.GetProperty("splits").GetProperty("month");
        Assert.Equal(60, months.GetArrayLength());
        double[] saidi = doc.GetProperty("splits").GetProperty("feeder").EnumerateArray().Take(3).Select(f => f.GetProperty("indices").GetProperty("saidi").GetDouble()).ToArray();
        Assert.Equal(saidi.OrderByDescending(v => v), saidi);
        await Http.ProblemAsync(await Client.GetAsync("/api/outages?by=weather"), HttpStatusCode.BadRequest, "by");
        await Http.ProblemAsync(await Client.GetAsync("/api/outages?worst=-1"), HttpStatusCode.BadRequest, "worst");
    }

    [Fact]
    public async Task Export_RowsMatchNetwork()
    {
        string csv = await Client.GetStringAsync("/api/export/load_points.csv");
        Assert.Equal(Snapshot.Network.LoadPointCount + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("/api/export/passwords.csv", HttpStatusCode.NotFound, "table")]
    [InlineData("/api/export/buses.csv?version=42", HttpStatusCode.NotFound, "version")]
    [InlineData("/api/export/..%2F..%2Fetc%2Fpasswd.csv", HttpStatusCode.NotFound, "table")]
    [InlineData("/api/nothing/here", HttpStatusCode.NotFound, "path")]
    public async Task Export_UnknownTableVersionOrPath_Is404(string url, HttpStatusCode status, string field) =>
        await Http.ProblemAsync(await Client.GetAsync(url), status, field);

    [Fact]
    public async Task Jobs_UnknownId_Is404() =>
        await Http.ProblemAsync(await Client.GetAsync($"/api/jobs/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "id");

    [Fact]
    public async Task Dashboard_IndexAndChartingLibrary_AreServed()
    {
        string index = await Client.GetStringAsync("/");
        Assert.Contains("lib/echarts.min.js", index, StringComparison.Ordinal);
        HttpResponseMessage lib = await Client.GetAsync("/lib/echarts.min.js");
        Assert.Equal(HttpStatusCode.OK, lib.StatusCode);
        Assert.True((await lib.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }
}
