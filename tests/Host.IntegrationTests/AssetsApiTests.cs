using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Complaints;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>Independent expectations: the demo register read straight from its file and evaluated by the library.</summary>
internal static class AssetOracle
{
    public static string RegisterPath(LumenApp app) => Path.Combine(app.DataDirectory, "demo", "assets", "assets.csv");

    /// <summary>Waits until the assets slice has published results for <paramref name="revision"/> (any when null).</summary>
    public static async Task<AssetsSnapshot> ReadyAsync(LumenApp app, int? revision = null)
    {
        AssetsSlice slice = app.Get<AssetsSlice>();
        for (int i = 0; i < 600; i++)
        {
            // Settled: computed with the complaint model the history area has fitted by now.
            if (slice.Current is { } s && (revision is null || s.Revision.Revision == revision)
                && ReferenceEquals(s.ComplaintModelSource, app.Get<IComplaintModelSource>().ModelFor(app.Get<NetworkCatalog>().Current!)))
            {
                return s;
            }

            Assert.Null(slice.Error);
            await Task.Delay(100);
        }

        throw new TimeoutException("the asset results were not published");
    }

    /// <summary>The library's risk for the register file on the service's current network, with the service's documented inputs.</summary>
    public static AssetRiskResult Risk(LumenApp app, string registerPath, PofMethod method = PofMethod.Cnaim, AssetCostOptions? costs = null, AssetOutageOptions? outage = null)
    {
        AssetRegister register = AssetRegisterReader.Read(registerPath).Register!;
        NetworkSnapshot network = app.Get<NetworkCatalog>().Current!;

        // The analysis year is the latest year the register mentions (install, inspection or failure).
        int year = 0;
        foreach (AssetRecord r in register.Records)
        {
            year = Math.Max(year, Math.Max(r.InstallYear, r.InspectionYear));
            foreach (AssetFailure f in r.Failures)
            {
                year = Math.Max(year, f.Date.Year);
            }
        }

        // Complaints per failure: the model the history area fitted from the stored complaints (its fit is checked
        // against the library's in HistoryApiTests), else the library default.
        ComplaintRateModel? fitted = app.Get<ComplaintModelProvider>().Current;
        var options = new AssetRiskOptions
        {
            Year = year, Method = method, Mode = CnaimMode.Spec, Study = network.Case,
            Complaints = fitted is null ? LogisticComplaintRateModel.Default : new FittedComplaintRateModel(fitted),
            Costs = costs ?? AssetCostOptions.Default,
            Outage = outage ?? AssetOutageOptions.Default,
        };
        return AssetRiskAnalysis.Evaluate(register, network.Network, options).Result!;
    }

    public static void Close(double expected, double actual, string what)
    {
        double tolerance = 1e-9 * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected.ToString("R", CultureInfo.InvariantCulture)}, got {actual.ToString("R", CultureInfo.InvariantCulture)}");
    }
}

/// <summary><c>/api/assets</c> read endpoints, plan jobs and rejected uploads on the seeded demo (the store is not changed).</summary>
public sealed class AssetsApiTests(LumenAppFixture fixture) : IClassFixture<LumenAppFixture>
{
    private LumenApp App => fixture.App;

    private HttpClient Client => App.Client;

    private async Task<JsonElement> GetAsync(string url) => await Http.JsonAsync(await Client.GetAsync(url));

    private async Task<List<JsonElement>> AllRankingAsync(string query)
    {
        var rows = new List<JsonElement>();
        for (int offset = 0; ; offset += 1000)
        {
            JsonElement page = await GetAsync($"/api/assets/ranking?top=1000&offset={offset}{query}");
            rows.AddRange(page.GetProperty("items").EnumerateArray());
            if (rows.Count >= page.GetProperty("total").GetInt32())
            {
                return rows;
            }
        }
    }

    [Fact]
    public async Task Status_ReportsThePublishedResults()
    {
        AssetsSnapshot snapshot = await AssetOracle.ReadyAsync(App);
        JsonElement status = await GetAsync("/api/assets/status");
        Assert.True(status.GetProperty("ready").GetBoolean());
        Assert.True(status.GetProperty("has_register").GetBoolean());
        Assert.Equal(snapshot.Revision.Revision, status.GetProperty("register_revision").GetInt32());
        Assert.Equal(snapshot.NetworkVersion, status.GetProperty("network_version").GetInt32());
        Assert.Equal(snapshot.Cnaim.Register.Count, status.GetProperty("assets").GetInt32());
        Assert.Equal("fitted", status.GetProperty("complaint_model").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Ranking_OrderAndRisks_MatchSortingTheLibrarysRisks()
    {
        // The demo stores complaints, so complaints per failure come from the fitted model, not the default curve.
        Assert.Equal("fitted", (await AssetOracle.ReadyAsync(App)).ComplaintModel);
        AssetRiskResult risk = AssetOracle.Risk(App, AssetOracle.RegisterPath(App));
        AssetRegister register = risk.Register;

        // Sorted here with LINQ (risk, then PoF, descending; then id ordinal), not with the library's own order.
        int[] expected = Enumerable.Range(0, register.Count)
            .OrderByDescending(i => risk.RiskPerYear[i]).ThenByDescending(i => risk.PofPerYear[i]).ThenBy(i => register.Ids[i], StringComparer.Ordinal).ToArray();
        List<JsonElement> rows = await AllRankingAsync("&sort=risk");
        Assert.Equal(register.Count, rows.Count);
        for (int k = 0; k < rows.Count; k++)
        {
            int i = expected[k];
            Assert.Equal(register.Ids[i], rows[k].GetProperty("asset_id").GetString());
            Assert.Equal(k + 1, rows[k].GetProperty("rank").GetInt32());
            AssetOracle.Close(risk.RiskPerYear[i], rows[k].GetProperty("risk_per_year").GetDouble(), register.Ids[i] + " risk");
            Assert.True(rows[k].GetProperty("reasons").GetArrayLength() >= 3);
        }

        // By risk removed per cost, the default order: the same check, and the assets whose replacement removes nothing marked.
        int[] byValue = Enumerable.Range(0, register.Count)
            .OrderByDescending(i => risk.RiskRemovedPerCost[i]).ThenByDescending(i => risk.RiskRemovedPerYear[i]).ThenBy(i => register.Ids[i], StringComparer.Ordinal).ToArray();
        List<JsonElement> valueRows = await AllRankingAsync(string.Empty);
        Assert.Equal(byValue.Select(i => register.Ids[i]), valueRows.Select(r => r.GetProperty("asset_id").GetString()));
        Assert.Equal(byValue.Select(i => !(risk.RiskRemovedPerYear[i] > 0)), valueRows.Select(r => r.GetProperty("removes_nothing").GetBoolean()));
    }

    [Fact]
    public async Task Ranking_Filters_KeepOnlyMatchingRows_WithTheirGlobalRank()
    {
        await AssetOracle.ReadyAsync(App);
        AssetRegister register = AssetRegisterReader.Read(AssetOracle.RegisterPath(App)).Register!;
        int fuses = register.Classes.ToArray().Count(c => c == AssetClass.Fuse);
        List<JsonElement> rows = await AllRankingAsync("&class=fuse");
        Assert.Equal(fuses, rows.Count);
        Assert.All(rows, r => Assert.Equal("fuse", r.GetProperty("class").GetString()));
        int[] ranks = rows.Select(r => r.GetProperty("rank").GetInt32()).ToArray();
        Assert.Equal(ranks.Order(), ranks);
        Assert.True(ranks[^1] > rows.Count, "ranks are positions in the full ranking");

        string feeder = rows[0].GetProperty("feeder").GetString()!;
        JsonElement byFeeder = await GetAsync($"/api/assets/ranking?feeder={feeder}&top=1000");
        Assert.All(byFeeder.GetProperty("items").EnumerateArray(), r => Assert.Equal(feeder, r.GetProperty("feeder").GetString()));
        Assert.True(byFeeder.GetProperty("total").GetInt32() < register.Count);

        string id = register.Ids[17];
        JsonElement byText = await GetAsync($"/api/assets/ranking?q={id.ToLowerInvariant()}&top=1000");
        Assert.Contains(byText.GetProperty("items").EnumerateArray(), r => r.GetProperty("asset_id").GetString() == id);
        Assert.All(byText.GetProperty("items").EnumerateArray(), r => Assert.True(
            r.GetProperty("asset_id").GetString()!.Contains(id, StringComparison.OrdinalIgnoreCase)
            || (r.GetProperty("component_id").GetString() ?? string.Empty).Contains(id, StringComparison.OrdinalIgnoreCase)));

        JsonElement weibull = await GetAsync("/api/assets/ranking?method=weibull&top=5");
        Assert.Equal("weibull", weibull.GetProperty("method").GetString());
        Assert.All(weibull.GetProperty("items").EnumerateArray(), r => Assert.Equal("weibull", r.GetProperty("method").GetString()));
    }

    [Theory]
    [InlineData("/api/assets/ranking?sort=age", "sort")]
    [InlineData("/api/assets/ranking?method=guess", "method")]
    [InlineData("/api/assets/ranking?class=teapot", "class")]
    [InlineData("/api/assets/ranking?top=0", "top")]
    [InlineData("/api/assets/ranking?top=1001", "top")]
    [InlineData("/api/assets/ranking?offset=-1", "offset")]
    [InlineData("/api/assets/ranking.csv?class=teapot", "class")]
    [InlineData("/api/assets/health?method=guess", "method")]
    [InlineData("/api/assets/health?class=teapot", "class")]
    [InlineData("/api/assets/health?top=5000", "top")]
    public async Task BadQuery_Is400_NamingTheParameter(string url, string field)
    {
        await AssetOracle.ReadyAsync(App);
        await Http.ProblemAsync(await Client.GetAsync(url), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task UnknownAssetOrFeeder_Is404()
    {
        await AssetOracle.ReadyAsync(App);
        await Http.ProblemAsync(await Client.GetAsync("/api/assets/NO-SUCH-ASSET"), HttpStatusCode.NotFound, "id");
        await Http.ProblemAsync(await Client.GetAsync("/api/assets/ranking?feeder=NO-SUCH-FEEDER"), HttpStatusCode.NotFound, "feeder");
    }

    [Fact]
    public async Task Health_BothMethods_PofDescending_AndMatchTheLibrary()
    {
        await AssetOracle.ReadyAsync(App);
        foreach ((string name, PofMethod method) in new[] { ("cnaim", PofMethod.Cnaim), ("weibull", PofMethod.Weibull) })
        {
            AssetRiskResult risk = AssetOracle.Risk(App, AssetOracle.RegisterPath(App), method);
            JsonElement page = await GetAsync($"/api/assets/health?method={name}&class=distribution_transformer&top=100");
            JsonElement[] items = page.GetProperty("items").EnumerateArray().ToArray();
            Assert.Equal(risk.Register.Classes.ToArray().Count(c => c == AssetClass.DistributionTransformer), page.GetProperty("total").GetInt32());
            double[] pof = items.Select(r => r.GetProperty("pof").GetDouble()).ToArray();
            Assert.Equal(pof.OrderDescending(), pof);
            foreach (JsonElement r in items)
            {
                int i = risk.Register.Ids.IndexOf(r.GetProperty("asset_id").GetString());
                AssetOracle.Close(risk.PofPerYear[i], r.GetProperty("pof").GetDouble(), "pof");
                var future = new double[11];
                risk.KeptPof(i, future);
                AssetOracle.Close(future[10], r.GetProperty("pof_in_10_years").GetDouble(), "pof in 10 years");
                Assert.Equal(method == PofMethod.Cnaim, r.GetProperty("health").ValueKind == JsonValueKind.Number);
            }
        }
    }

    [Fact]
    public async Task Asset_Detail_HasReasonsHealthAndPofNowAndIn10Years()
    {
        await AssetOracle.ReadyAsync(App);
        JsonElement top = (await GetAsync("/api/assets/ranking?top=1&sort=risk")).GetProperty("items")[0];
        string id = top.GetProperty("asset_id").GetString()!;
        JsonElement detail = await GetAsync($"/api/assets/{id}");
        Assert.Equal(id, detail.GetProperty("asset_id").GetString());
        Assert.Equal(1, detail.GetProperty("cnaim").GetProperty("risk_rank").GetInt32());
        JsonElement first = (await GetAsync("/api/assets/ranking?top=1")).GetProperty("items")[0];
        Assert.Equal(1, (await GetAsync($"/api/assets/{first.GetProperty("asset_id").GetString()}")).GetProperty("value_rank").GetInt32());
        Assert.Equal(top.GetProperty("pof").GetDouble(), detail.GetProperty("cnaim").GetProperty("pof").GetDouble());
        Assert.True(detail.GetProperty("cnaim").GetProperty("pof_in_10_years").GetDouble() > 0);
        Assert.True(detail.GetProperty("weibull").GetProperty("pof").GetDouble() > 0);
        Assert.Equal(top.GetProperty("reasons").GetRawText(), detail.GetProperty("reasons").GetRawText());
        Assert.Equal(top.GetProperty("failures").GetInt32(), detail.GetProperty("failures").GetArrayLength());
    }

    private static void AssertPlanEquals(ReplacementPlan expected, AssetRiskResult risk, JsonElement actual)
    {
        AssetOracle.Close(expected.RiskRemoved, actual.GetProperty("risk_removed").GetDouble(), "risk removed");
        AssetOracle.Close(expected.UpperBound, actual.GetProperty("upper_bound").GetDouble(), "upper bound");
        JsonElement[] years = actual.GetProperty("years").EnumerateArray().ToArray();
        Assert.Equal(expected.Years.Count, years.Length);
        var pof = new double[years.Length];
        var saidi = new double[years.Length];
        for (int i = 0; i < risk.Register.Count; i++)
        {
            risk.KeptPof(i, pof);
            for (int t = 0; t < years.Length; t++)
            {
                saidi[t] += pof[t] * risk.CustomerHoursPerFailure[i] / risk.TotalCustomers;
            }
        }

        for (int t = 0; t < years.Length; t++)
        {
            PlanYearEffect e = expected.Years[t];
            JsonElement y = years[t];
            Assert.Equal(e.CalendarYear, y.GetProperty("calendar_year").GetInt32());
            Assert.Equal(e.Replacements, y.GetProperty("replacements").GetInt32());
            AssetOracle.Close(e.Spent, y.GetProperty("spent").GetDouble(), "spent");
            AssetOracle.Close(e.RiskRemaining, y.GetProperty("risk_remaining").GetDouble(), "risk remaining");
            AssetOracle.Close(e.DeltaSaifi, y.GetProperty("delta_saifi").GetDouble(), "ΔSAIFI");
            AssetOracle.Close(e.DeltaSaidi, y.GetProperty("delta_saidi").GetDouble(), "ΔSAIDI");
            AssetOracle.Close(e.DeltaEnsMwh, y.GetProperty("delta_ens_mwh").GetDouble(), "ΔENS");
            AssetOracle.Close(e.DeltaComplaints, y.GetProperty("delta_complaints").GetDouble(), "Δcomplaints");
            AssetOracle.Close(saidi[t], y.GetProperty("asset_saidi_do_nothing").GetDouble(), "SAIDI do nothing");
            AssetOracle.Close(saidi[t] + e.DeltaSaidi, y.GetProperty("asset_saidi_with_plan").GetDouble(), "SAIDI with plan");
            Assert.True(y.GetProperty("complaints_with_plan").GetDouble() <= y.GetProperty("complaints_do_nothing").GetDouble());
        }

        Assert.Equal(expected.Replacements.Select(r => r.AssetId), actual.GetProperty("replacements").EnumerateArray().Select(r => r.GetProperty("asset_id").GetString()));
        AssetOracle.Close(expected.Benefit, actual.GetProperty("benefit").GetDouble(), "benefit");
        AssetOracle.Close(expected.CostPresentValue, actual.GetProperty("cost_present_value").GetDouble(), "cost");
        AssetOracle.Close(expected.NetPresentValue, actual.GetProperty("net_present_value").GetDouble(), "NPV");
        for (int t = 0; t < years.Length; t++)
        {
            AssetOracle.Close(expected.Years[t].Benefit, years[t].GetProperty("benefit").GetDouble(), "year benefit");
            Assert.True(years[t].GetProperty("benefit").GetDouble() >= years[t].GetProperty("spent").GetDouble() || years[t].GetProperty("note").GetString() is { Length: > 0 },
                $"plan year {t + 1} costs more than it buys without saying why");
        }
    }

    [Fact]
    public async Task DefaultPlan_EqualsADirectLibraryCall()
    {
        await AssetOracle.ReadyAsync(App);
        AssetRiskResult risk = AssetOracle.Risk(App, AssetOracle.RegisterPath(App));
        ReplacementPlan expected = ReplacementPlanner.Plan(risk, new PlanOptions { BudgetPerYear = [5e6, 5e6, 5e6, 5e6, 5e6] });
        JsonElement plan = await GetAsync("/api/assets/plan");
        Assert.Equal("CNY", plan.GetProperty("currency").GetString());
        Assert.True(expected.Replacements.Count > 0);
        AssertPlanEquals(expected, risk, plan);
    }

    [Fact]
    public async Task PlanJob_ReportsProgress_AndItsResultEqualsADirectLibraryCall()
    {
        await AssetOracle.ReadyAsync(App);
        HttpResponseMessage accepted = await Client.PostAsync("/api/assets/plan", Http.JsonBody("""{"budget_per_year":1500000,"years":3,"currency":"CNY","spend_all":true}"""));
        JsonElement job = await Http.JsonAsync(accepted, HttpStatusCode.Accepted);
        string url = accepted.Headers.Location!.OriginalString;
        Assert.Equal(job.GetProperty("status_url").GetString(), url);
        Assert.Equal("asset_plan", job.GetProperty("kind").GetString());
        JsonElement status = job;
        for (int i = 0; i < 600 && status.GetProperty("state").GetString() is not ("succeeded" or "failed"); i++)
        {
            await Task.Delay(100);
            status = await GetAsync(url);
        }

        Assert.Equal("succeeded", status.GetProperty("state").GetString());
        Assert.Equal(1.0, status.GetProperty("progress").GetDouble());
        Assert.Equal("done", status.GetProperty("step").GetString());
        AssetRiskResult risk = AssetOracle.Risk(App, AssetOracle.RegisterPath(App));
        ReplacementPlan expected = ReplacementPlanner.Plan(risk, new PlanOptions { BudgetPerYear = [1.5e6, 1.5e6, 1.5e6], SpendAll = true });
        Assert.True(status.GetProperty("result").GetProperty("spend_all").GetBoolean());
        AssertPlanEquals(expected, risk, status.GetProperty("result"));
    }

    [Theory]
    [InlineData("""{"years":3}""", HttpStatusCode.BadRequest, "budget_per_year")]
    [InlineData("""{"budget_per_year":-1}""", HttpStatusCode.BadRequest, "budget_per_year")]
    [InlineData("""{"budget_per_year":1000,"years":0}""", HttpStatusCode.BadRequest, "years")]
    [InlineData("""{"budget_per_year":1000,"years":31}""", HttpStatusCode.BadRequest, "years")]
    [InlineData("""{"budget_per_year":1000,"colour":"red"}""", HttpStatusCode.BadRequest, "colour")]
    [InlineData("""{"budget_per_year":"lots"}""", HttpStatusCode.BadRequest, "budget_per_year")]
    [InlineData("""{"budget_per_year":1000,"currency":"EUR"}""", HttpStatusCode.UnprocessableEntity, "currency")]
    public async Task PlanJob_BadBody_IsAProblemNamingTheField(string body, HttpStatusCode status, string field)
    {
        await AssetOracle.ReadyAsync(App);
        await Http.ProblemAsync(await Client.PostAsync("/api/assets/plan", Http.JsonBody(body)), status, field);
    }

    [Fact]
    public async Task RankingCsv_HasTheSameFilteredRowsAsTheJson_AndPlanCsvsTheirTables()
    {
        await AssetOracle.ReadyAsync(App);
        JsonElement json = await GetAsync("/api/assets/ranking?class=cable&sort=risk_per_cost&top=1000");
        HttpResponseMessage response = await Client.GetAsync("/api/assets/ranking.csv?class=cable&sort=risk_per_cost");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        string[] lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("rank,asset_id,class,", lines[0], StringComparison.Ordinal);
        Assert.Equal(json.GetProperty("total").GetInt32(), lines.Length - 1);
        Assert.Equal(json.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("asset_id").GetString()), lines.Skip(1).Select(l => l.Split(',')[1]));

        JsonElement plan = await GetAsync("/api/assets/plan");
        string years = await Client.GetStringAsync("/api/assets/plan/years.csv");
        Assert.Equal(plan.GetProperty("years").GetArrayLength() + 1, years.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        string replacements = await Client.GetStringAsync("/api/assets/plan/replacements.csv");
        Assert.Equal(plan.GetProperty("replacements").GetArrayLength() + 1, replacements.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private static MultipartFormDataContent Upload(string fileName, string content) => Http.Files([(fileName, Encoding.UTF8.GetBytes(content))]);

    [Fact]
    public async Task Upload_BadRow_Is422NamingFileLineAndField_StoreUnchanged()
    {
        await AssetOracle.ReadyAsync(App);
        AssetRepository repository = App.Get<AssetRepository>();
        int before = repository.List().Count;
        string[] lines = await File.ReadAllLinesAsync(AssetOracle.RegisterPath(App));
        string[] cells = lines[3].Split(',');
        cells[3] = "19x5";
        lines[3] = string.Join(',', cells);
        JsonElement problem = await Http.ProblemAsync(await Client.PostAsync("/api/assets/register", Upload("north.csv", string.Join('\n', lines))),
            HttpStatusCode.UnprocessableEntity, "north.csv:4:install_year");
        Assert.Contains("nothing was stored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // An asset on a component the network does not have: named by line and field too.
        lines = await File.ReadAllLinesAsync(AssetOracle.RegisterPath(App));
        cells = lines[5].Split(',');
        cells[2] = "NO-SUCH-BRANCH";
        lines[5] = string.Join(',', cells);
        await Http.ProblemAsync(await Client.PostAsync("/api/assets/register", Upload("north.csv", string.Join('\n', lines))),
            HttpStatusCode.UnprocessableEntity, "north.csv:6:component_id");
        Assert.Equal(before, repository.List().Count);
    }

    [Fact]
    public async Task Upload_TheCurrentFileAgain_IsUnchanged()
    {
        AssetsSnapshot snapshot = await AssetOracle.ReadyAsync(App);
        int before = App.Get<AssetRepository>().List().Count;
        HttpResponseMessage response = await Client.PostAsync("/api/assets/register", Upload("assets.csv", await File.ReadAllTextAsync(AssetOracle.RegisterPath(App))));
        JsonElement doc = await Http.JsonAsync(response, HttpStatusCode.OK);
        Assert.False(doc.GetProperty("created").GetBoolean());
        Assert.Equal(snapshot.Revision.Revision, doc.GetProperty("revision").GetProperty("revision").GetInt32());
        Assert.Equal(before, App.Get<AssetRepository>().List().Count);
    }

    [Fact]
    public async Task Upload_WrongShape_IsRejected()
    {
        await Http.ProblemAsync(await Client.PostAsync("/api/assets/register", new StringContent("asset_id\n", Encoding.UTF8, "text/csv")), HttpStatusCode.UnsupportedMediaType, "content-type");
        await Http.ProblemAsync(await Client.PostAsync("/api/assets/register", Http.Files([("a.csv", [65]), ("b.csv", [65])])), HttpStatusCode.BadRequest, "files");
        await Http.ProblemAsync(await Client.PostAsync("/api/assets/register", Upload("../evil.csv", "x")), HttpStatusCode.BadRequest, "files");
        await Http.ProblemAsync(await Client.PostAsync("/api/assets/register", Upload("register.xlsx", "x")), HttpStatusCode.BadRequest, "files");
    }
}

/// <summary>The <c>Lumen:Assets</c> options are validated at start-up.</summary>
public sealed class AssetsOptionsTests
{
    [Theory]
    [InlineData("Lumen:Assets:DefaultBudgetPerYear", "-5", "DefaultBudgetPerYear")]
    [InlineData("Lumen:Assets:DefaultPlanYears", "0", "DefaultPlanYears")]
    [InlineData("Lumen:Assets:MaxPlanYears", "3", "DefaultPlanYears")]
    public async Task Start_InvalidAssetsOption_FailsNamingIt(string key, string value, string named)
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => LumenApp.StartAsync(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(named, string.Join(" ", ex.Failures), StringComparison.Ordinal);
    }
}

/// <summary>A utility's own unit costs and outage times (<c>Lumen:Assets</c>) reach the consequences, the status and the ranking.</summary>
public sealed class AssetsUnitCostsTests
{
    [Fact]
    public async Task ConfiguredUnitCosts_AreTheLibrarysConsequencesWithThoseCosts()
    {
        string file = Path.Combine(Path.GetTempPath(), $"unit-costs-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, "class,replacement_cost,repair_cost_per_failure,outage_hours\nfuse,9000,,0.5\ndistribution_transformer,300000,60000,\n");
        try
        {
            await using LumenApp app = await LumenApp.StartAsync(new Dictionary<string, string?>
            {
                ["Lumen:Assets:UnitCostsFile"] = file,
                ["Lumen:Assets:Currency"] = "EUR",
                ["Lumen:Assets:EnsCostPerKwh"] = "35",
                ["Lumen:Assets:CostPerComplaint"] = "500",
            });
            await AssetOracle.ReadyAsync(app);
            AssetUnitCostsResult costs = AssetUnitCostsReader.Read(file,
                AssetCostOptions.Default with { Currency = "EUR", EnergyNotSuppliedCostPerKwh = 35, CostPerComplaint = 500 }, AssetOutageOptions.Default);
            AssetRiskResult expected = AssetOracle.Risk(app, AssetOracle.RegisterPath(app), PofMethod.Cnaim, costs.Costs, costs.Outage);

            JsonElement status = await Http.JsonAsync(await app.Client.GetAsync("/api/assets/status"));
            JsonElement unit = status.GetProperty("unit_costs");
            Assert.Equal("EUR", unit.GetProperty("currency").GetString());
            Assert.Equal(35, unit.GetProperty("ens_cost_per_kwh").GetDouble());
            Assert.Equal(500, unit.GetProperty("cost_per_complaint").GetDouble());
            JsonElement fuse = unit.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("class").GetString() == "fuse");
            Assert.Equal(9000, fuse.GetProperty("replacement_cost").GetDouble());
            Assert.Equal(0.5, fuse.GetProperty("outage_hours").GetDouble());

            JsonElement page = await Http.JsonAsync(await app.Client.GetAsync("/api/assets/ranking?top=1000"));
            Assert.Equal("EUR", page.GetProperty("currency").GetString());
            AssetRegister register = expected.Register;
            foreach (JsonElement row in page.GetProperty("items").EnumerateArray())
            {
                int i = register.Ids.IndexOf(row.GetProperty("asset_id").GetString());
                AssetOracle.Close(expected.ConsequencePerFailure[i], row.GetProperty("consequence_per_failure").GetDouble(), register.Ids[i] + " consequence");
                AssetOracle.Close(expected.ReplacementCost[i], row.GetProperty("replacement_cost").GetDouble(), register.Ids[i] + " replacement cost");
                AssetOracle.Close(expected.CustomerHoursPerFailure[i], row.GetProperty("customer_hours_per_failure").GetDouble(), register.Ids[i] + " customer-hours");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Start_BadUnitCostsFile_FailsNamingFileLineAndColumn()
    {
        string file = Path.Combine(Path.GetTempPath(), $"unit-costs-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, "class,outage_hours\nfuse,1\nwarp_core,2\n");
        try
        {
            var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
                () => LumenApp.StartAsync(new Dictionary<string, string?> { ["Lumen:Assets:UnitCostsFile"] = file }));
            Assert.Contains($"{Path.GetFileName(file)}:3: error: class", string.Join(" ", ex.Failures), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>A new register upload: a new revision, the older kept, results recomputed; and the upload size limit.</summary>
public sealed class AssetsRegisterRevisionTests : IAsyncLifetime
{
    private LumenApp _app = null!;

    public async Task InitializeAsync() => _app = await LumenApp.StartAsync(new Dictionary<string, string?> { ["Lumen:Server:MaxUploadBytes"] = "400000" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task NewRegister_BecomesRevision2_OlderKept_StoredRowsReadBackEqual_ResultsFollow_Oversize413()
    {
        await AssetOracle.ReadyAsync(_app, 1);
        AssetRepository repository = _app.Get<AssetRepository>();

        // The stored rows of revision 1 read back as the same register as the demo file.
        AssetRegister original = AssetRegisterReader.Read(AssetOracle.RegisterPath(_app)).Register!;
        AssertSameRegister(original, repository.Load(repository.Latest()!).Register!);

        // A register without its last 100 assets is a new revision.
        string[] lines = await File.ReadAllLinesAsync(AssetOracle.RegisterPath(_app));
        string smaller = string.Join('\n', lines.Take(lines.Length - 100)) + "\n";
        HttpResponseMessage response = await _app.Client.PostAsync("/api/assets/register", Http.Files([("smaller.csv", Encoding.UTF8.GetBytes(smaller))]));
        JsonElement doc = await Http.JsonAsync(response, HttpStatusCode.Created);
        Assert.True(doc.GetProperty("created").GetBoolean());
        Assert.Equal(2, doc.GetProperty("revision").GetProperty("revision").GetInt32());
        Assert.Equal(original.Count - 100, doc.GetProperty("revision").GetProperty("rows").GetInt32());
        Assert.Equal(2, repository.List().Count);
        Assert.Equal(original.Count, repository.CountAssets(1));
        Assert.Equal(original.Count - 100, repository.CountAssets(2));

        AssetsSnapshot snapshot = await AssetOracle.ReadyAsync(_app, 2);
        Assert.Equal(original.Count - 100, snapshot.Cnaim.Register.Count);
        JsonElement ranking = await Http.JsonAsync(await _app.Client.GetAsync("/api/assets/ranking?top=1"));
        Assert.Equal(2, ranking.GetProperty("register_revision").GetInt32());
        Assert.Equal(original.Count - 100, ranking.GetProperty("total").GetInt32());

        // The same file again changes nothing.
        response = await _app.Client.PostAsync("/api/assets/register", Http.Files([("smaller.csv", Encoding.UTF8.GetBytes(smaller))]));
        Assert.False((await Http.JsonAsync(response)).GetProperty("created").GetBoolean());
        Assert.Equal(2, repository.List().Count);

        // Over the upload limit (400 kB here): 413 and nothing stored.
        await Http.ProblemAsync(await _app.Client.PostAsync("/api/assets/register", Http.Files([("big.csv", new byte[500_000])])), HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Equal(2, repository.List().Count);
    }

    private static void AssertSameRegister(AssetRegister expected, AssetRegister actual)
    {
        Assert.Equal(expected.Ids.ToArray(), actual.Ids.ToArray());
        Assert.Equal(expected.Classes.ToArray(), actual.Classes.ToArray());
        Assert.Equal(expected.InstallYears.ToArray(), actual.InstallYears.ToArray());
        Assert.Equal(expected.ComponentIds.ToArray(), actual.ComponentIds.ToArray());
        Assert.Equal(expected.Rating.ToArray(), actual.Rating.ToArray());
        Assert.Equal(expected.LengthKm.ToArray(), actual.LengthKm.ToArray());
        Assert.Equal(expected.RecordsStartYear, actual.RecordsStartYear);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected.Records[i].InspectionYear, actual.Records[i].InspectionYear);
            Assert.Equal(expected.Records[i].Manufacturer, actual.Records[i].Manufacturer);
            Assert.Equal(expected.ConditionsOf(i).ToArray(), actual.ConditionsOf(i).ToArray());
            Assert.Equal(expected.FailuresOf(i).ToArray(), actual.FailuresOf(i).ToArray());
        }
    }
}
