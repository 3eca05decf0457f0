using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>The seeded service on Kestrel under the dashboard's Content-Security-Policy, with every analysis computed.</summary>
public sealed class SeededDashboardFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LumenApp? _app;

    /// <summary>The application, started on first use (so skipped tests start nothing).</summary>
    public async Task<LumenApp> AppAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_app is null)
            {
                _app = await LumenApp.StartKestrelWithCspAsync();
                await AllComputedAsync(_app.Client);
            }

            return _app;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _gate.Dispose();
    }

    private static async Task AllComputedAsync(HttpClient client)
    {
        for (int i = 0; i < 1200; i++)
        {
            JsonElement status = await Http.JsonAsync(await client.GetAsync("/api/status"));
            JsonElement assets = await Http.JsonAsync(await client.GetAsync("/api/assets/status"));
            HttpResponseMessage forecasts = await client.GetAsync("/api/forecasts");
            if (status.GetProperty("analyses").EnumerateObject().All(a => a.Value.GetBoolean()) && assets.GetProperty("ready").GetBoolean()
                && forecasts.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the demo's analyses were not all computed within 120 s");
    }
}

/// <summary>
/// Every view of the dashboard in headless Chromium, in Chinese and English, at 1366×768 and 1920×1080: it renders
/// under the CSP with no console error, nothing overflows, every number shown is the API's; plus the interactions
/// (sorting, search, paging, addresses and the back button, the diagram's trace, downloads, the language switch).
/// Screenshots go to the test output's artifacts/dashboard folder.
/// </summary>
public sealed class DashboardBrowserTests(SeededDashboardFixture seeded, ChromiumFixture chromium) : IClassFixture<SeededDashboardFixture>, IClassFixture<ChromiumFixture>
{
    /// <summary>The views and the addresses the tests open (deep links with parameters where a view has them).</summary>
    public static readonly string[] Views = ["overview", "reliability", "history", "feeders", "diagram", "voltage", "complaints", "forecast", "assets", "diagnosis", "repair", "investment"];

    private static readonly (int Width, int Height)[] s_sizes = [(1366, 768), (1920, 1080)];

    private static string Artifacts(string language)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard", language);
        Directory.CreateDirectory(folder);
        return folder;
    }

    [ChromiumFact]
    public Task EveryView_InChinese_RendersUnderCsp_NoErrors_NoOverflow_NumbersAreTheApis() => EveryViewAsync("zh-CN", "中文", "总览");

    [ChromiumFact]
    public Task EveryView_InEnglish_RendersUnderCsp_NoErrors_NoOverflow_NumbersAreTheApis() => EveryViewAsync("en-US", "English", "Overview");

    [ChromiumFact]
    public async Task FeederTable_SortsSearchesPages_AddressesAndBackButton_DownloadsFromTheApi()
    {
        LumenApp app = await seeded.AppAsync();
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(await chromium.BrowserAsync(), "en-US", 1366, 900);
        IPage page = dashboard.Page;
        JsonElement feeders = await Http.JsonAsync(await app.Client.GetAsync("/api/reliability/feeders?top=1000"));
        int total = feeders.GetProperty("total").GetInt32();

        await dashboard.ShowAsync(app.BaseAddress, "overview");
        await page.ClickAsync("nav a[data-view='feeders']");
        await page.WaitForSelectorAsync("main[data-ready='feeders']");
        Assert.EndsWith("#/feeders", page.Url, StringComparison.Ordinal);

        // Sorting by SAIDI: descending, then ascending; the sort is part of the address.
        ILocator saidi = page.Locator("table.data th[data-key='saidi']");
        await saidi.ClickAsync();
        double[] descending = await ColumnAsync(page, 5);
        Assert.Equal(descending.OrderDescending(), descending);
        Assert.Contains("sort=saidi", page.Url, StringComparison.Ordinal);
        Assert.Contains("dir=desc", page.Url, StringComparison.Ordinal);
        await saidi.ClickAsync();
        double[] ascending = await ColumnAsync(page, 5);
        Assert.Equal(ascending.Order(), ascending);
        Assert.Equal(Math.Min(25, total), ascending.Length);

        // Paging through the whole ranking shows every feeder once.
        var seen = new List<string>(await page.Locator("table.data tbody tr td:nth-child(2)").AllInnerTextsAsync());
        while (await page.Locator("button[data-page='next']").IsEnabledAsync())
        {
            await page.ClickAsync("button[data-page='next']");
            seen.AddRange(await page.Locator("table.data tbody tr td:nth-child(2)").AllInnerTextsAsync());
        }

        Assert.Equal(feeders.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));

        // Searching narrows the rows; the address carries the search, so a reload shows the same rows.
        string first = feeders.GetProperty("items")[0].GetProperty("id").GetString()!;
        await page.FillAsync("input.table-search", first);
        Assert.All(await page.Locator("table.data tbody tr td:nth-child(2)").AllInnerTextsAsync(), id => Assert.Contains(first, id, StringComparison.Ordinal));
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("main[data-ready='feeders']");
        Assert.Equal(first, await page.InputValueAsync("input.table-search"));

        // Downloads come from the API: CSV and Excel of the same ranking.
        Assert.Equal("/api/export/feeder_ranking.csv", await page.GetAttributeAsync("[data-export='feeder_ranking'] a[data-format='csv']", "href"));
        IDownload csv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-export='feeder_ranking'] a[data-format='csv']"));
        string[] lines = (await File.ReadAllTextAsync((await csv.PathAsync())!)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("rank,feeder,customers,saifi,saidi,", lines[0], StringComparison.Ordinal);
        Assert.Equal(total + 1, lines.Length);
        IDownload xlsx = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-export='feeder_ranking'] a[data-format='xlsx']"));
        Assert.EndsWith(".xlsx", xlsx.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync((await xlsx.PathAsync())!))[..2]));

        // A row opens the feeder's diagram; the back button returns to the ranking as it was.
        await page.FillAsync("input.table-search", string.Empty);
        await page.Locator("table.data tbody tr").First.ClickAsync();
        await page.WaitForSelectorAsync("main[data-ready='diagram']");
        Assert.Contains("#/diagram?feeder=", page.Url, StringComparison.Ordinal);
        await page.GoBackAsync();
        await page.WaitForSelectorAsync("main[data-ready='feeders']");
        Assert.Contains("sort=saidi", page.Url, StringComparison.Ordinal);
        await page.GoBackAsync();
        await page.WaitForSelectorAsync("main[data-ready='overview']");
        Assert.Empty(dashboard.Errors);
    }

    [ChromiumFact]
    public async Task Diagram_ClickOnANode_ShowsItsTraceFromTheApi_LabelsToggle_DeepLinkReopensIt()
    {
        LumenApp app = await seeded.AppAsync();
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(await chromium.BrowserAsync(), "en-US", 1366, 900);
        IPage page = dashboard.Page;
        string feeder = (await Http.JsonAsync(await app.Client.GetAsync("/api/reliability/feeders?top=1"))).GetProperty("items")[0].GetProperty("id").GetString()!;
        JsonElement diagram = await Http.JsonAsync(await app.Client.GetAsync($"/api/feeders/{feeder}/diagram"));
        JsonElement area = diagram.GetProperty("nodes").EnumerateArray().Last(n => n.GetProperty("load_point").ValueKind == JsonValueKind.String);
        string bus = area.GetProperty("id").GetString()!;
        await dashboard.ShowAsync(app.BaseAddress, $"diagram?feeder={feeder}");

        // The four node shapes: transformer areas, protective devices, switches, buses.
        string shapes = await page.EvaluateAsync<string>("""
            () => JSON.stringify([...new Set(echarts.getInstanceByDom(document.querySelector('[data-chart=diagram]')).getOption().series[0].data.map(d => d.category + ':' + d.symbol))].sort())
            """);
        Assert.Contains("\"load:circle\"", shapes, StringComparison.Ordinal);
        Assert.Contains("\"protective:triangle\"", shapes, StringComparison.Ordinal);
        Assert.Contains("\"switch:diamond\"", shapes, StringComparison.Ordinal);

        // Click the transformer area's node where the chart drew it.
        (float x, float y) = await dashboard.DiagramNodeAsync(bus);
        await page.Mouse.ClickAsync(x, y);
        await page.WaitForFunctionAsync("b => document.getElementById('trace').dataset.trace === b", bus);
        JsonElement trace = await Http.JsonAsync(await app.Client.GetAsync($"/api/networks/{diagram.GetProperty("version").GetInt32()}/trace/{bus}"));
        string text = await page.InnerTextAsync("#trace");
        Assert.Contains(trace.GetProperty("protective_device").GetString()!, text, StringComparison.Ordinal);
        Assert.Contains(trace.GetProperty("upstream_path")[0].GetProperty("branch").GetString()!, text, StringComparison.Ordinal);
        Assert.Contains(area.GetProperty("load_point").GetString()!, text, StringComparison.Ordinal);
        Assert.Contains(area.GetProperty("u_hours").GetDouble().ToString("N2", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.Contains($"node={Uri.EscapeDataString(bus)}", page.Url, StringComparison.Ordinal);

        // Labels on demand.
        await page.CheckAsync("#diagram-labels");
        Assert.True(await page.EvaluateAsync<bool>("() => echarts.getInstanceByDom(document.querySelector('[data-chart=diagram]')).getOption().series[0].label.show"));
        Assert.Contains("labels=1", page.Url, StringComparison.Ordinal);

        // The address reopens the same feeder with the same trace.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("main[data-ready='diagram']");
        Assert.Equal(bus, await page.GetAttributeAsync("#trace", "data-trace"));
        Assert.Equal(feeder, await page.InputValueAsync("#feeder-select"));
        string folder = Artifacts("en");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "diagram-trace.png") });
        Assert.Empty(dashboard.Errors);
    }

    [ChromiumFact]
    public async Task LanguageSwitch_IsRemembered_AssetFilters_ReachTheDownloads()
    {
        LumenApp app = await seeded.AppAsync();
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(await chromium.BrowserAsync(), "en-US", 1366, 900);
        IPage page = dashboard.Page;
        await dashboard.ShowAsync(app.BaseAddress, "assets");
        Assert.Equal("Assets and plan", await page.InnerTextAsync("nav a[data-view='assets']"));

        await page.SelectOptionAsync("#language", "zh-CN");
        await page.WaitForSelectorAsync("main[data-ready='assets']");
        Assert.Equal("设备与计划", await page.InnerTextAsync("nav a[data-view='assets']"));
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("main[data-ready='assets']");
        Assert.Equal("设备与计划", await page.InnerTextAsync("nav a[data-view='assets']"));
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));

        // A class filter is applied on the server: every row is a cable, and the downloads hold the same filter.
        string loaded = (await page.GetAttributeAsync("#assets-ranking", "data-loaded"))!;
        await page.SelectOptionAsync("#assets-class", "cable");
        await page.WaitForFunctionAsync($"() => document.getElementById('assets-ranking').dataset.loaded !== '{loaded}'");
        Assert.All(await page.Locator("#assets-ranking tbody tr td:nth-child(3)").AllInnerTextsAsync(), c => Assert.Equal("电缆", c));
        Assert.Equal("/api/export/asset_ranking.xlsx?class=cable", await page.GetAttributeAsync("[data-export='asset_ranking'] a[data-format='xlsx']", "href"));
        Assert.Contains("class=cable", page.Url, StringComparison.Ordinal);
        await page.SelectOptionAsync("#language", "en");
        await page.WaitForSelectorAsync("main[data-ready='assets']");
        Assert.All(await page.Locator("#assets-ranking tbody tr td:nth-child(3)").AllInnerTextsAsync(), c => Assert.Equal("cable", c));
        Assert.Empty(dashboard.Errors);
    }

    [ChromiumFact]
    public async Task Charts_DrawTheApisNumbers_EffectsAsChanges_MagnitudesFromZero()
    {
        LumenApp app = await seeded.AppAsync();
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(await chromium.BrowserAsync(), "zh-CN", 1366, 900);
        IPage page = dashboard.Page;

        // Worst feeders: the API's SAIDI of its 15 worst feeders, largest on top, on an axis from zero.
        await dashboard.ShowAsync(app.BaseAddress, "reliability");
        JsonElement feeders = await Http.JsonAsync(await app.Client.GetAsync("/api/reliability/feeders?top=15"));
        JsonElement option = await OptionAsync(page, "feeders");
        Assert.Equal(feeders.GetProperty("items").EnumerateArray().Reverse().Select(f => f.GetProperty("indices").GetProperty("saidi").GetDouble()),
            option.GetProperty("series")[0].GetProperty("data").EnumerateArray().Select(d => d.GetProperty("value").GetDouble()));
        Assert.Equal(0, option.GetProperty("xAxis")[0].GetProperty("min").GetDouble());

        // The plan: its effect per year as the change in SAIDI minutes (negative bars from zero), not as two levels.
        await dashboard.ShowAsync(app.BaseAddress, "assets");
        JsonElement plan = await Http.JsonAsync(await app.Client.GetAsync("/api/assets/plan"));
        option = await OptionAsync(page, "assets-plan");
        Assert.Equal(plan.GetProperty("years").EnumerateArray().Select(y => 60 * y.GetProperty("delta_saidi").GetDouble()),
            option.GetProperty("series")[0].GetProperty("data").EnumerateArray().Select(d => d.GetDouble()));
        Assert.Equal(plan.GetProperty("years").EnumerateArray().Select(y => y.GetProperty("calendar_year").GetInt32().ToString(CultureInfo.InvariantCulture)),
            option.GetProperty("xAxis")[0].GetProperty("data").EnumerateArray().Select(d => d.GetString()));

        // Voltage compliance by feeder: coloured by the same bands as its legend (below 90 % red, 90-99 % amber, from 99 % green).
        await dashboard.ShowAsync(app.BaseAddress, "voltage");
        option = await OptionAsync(page, "compliance");
        Assert.All(option.GetProperty("series")[0].GetProperty("data").EnumerateArray(), d =>
        {
            double v = d.GetProperty("value").GetDouble();
            Assert.Equal(v < 90 ? "#c62828" : v < 99 ? "#ef8f00" : "#2e7d32", d.GetProperty("itemStyle").GetProperty("color").GetString());
        });

        // Forecast: the x axis carries the year; the peak outlook starts at zero and its rating line is inside the axis.
        await dashboard.ShowAsync(app.BaseAddress, "forecast");
        option = await OptionAsync(page, "forecast");
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d$", option.GetProperty("xAxis")[0].GetProperty("data")[0].GetString()!);
        option = await OptionAsync(page, "peaks");
        Assert.Equal(0, option.GetProperty("yAxis")[0].GetProperty("min").GetDouble());
        Assert.Empty(dashboard.Errors);
    }

    private static async Task<JsonElement> OptionAsync(IPage page, string chart) =>
        JsonDocument.Parse(await page.EvaluateAsync<string>(
            "c => JSON.stringify(echarts.getInstanceByDom(document.querySelector(`[data-chart='${c}']`)).getOption())", chart)).RootElement.Clone();

    private async Task EveryViewAsync(string locale, string languageOption, string overviewTitle)
    {
        LumenApp app = await seeded.AppAsync();
        IBrowser browser = await chromium.BrowserAsync();
        string language = locale == "zh-CN" ? "zh-CN" : "en";
        string folder = Artifacts(language);
        foreach ((int width, int height) in s_sizes)
        {
            await using DashboardPage dashboard = await DashboardPage.OpenAsync(browser, locale, width, height);
            IPage page = dashboard.Page;
            int numbers = 0;
            foreach (string view in Views)
            {
                await dashboard.ShowAsync(app.BaseAddress, view);
                Assert.Equal(languageOption, await page.EvalOnSelectorAsync<string>("#language", "s => s.options[s.selectedIndex].text"));
                Assert.Equal(overviewTitle, await page.InnerTextAsync("nav a[data-view='overview']"));
                Assert.True(await page.Locator("[data-chart] canvas").CountAsync() >= await page.Locator("[data-chart]:not(.empty)").CountAsync(), $"{view}: a chart did not draw");
                numbers += await dashboard.AssertNumbersEqualApiAsync(app.Client);
                string[] overflowing = await dashboard.OverflowingAsync();
                Assert.True(overflowing.Length == 0, $"{view} at {width}×{height} ({language}): {string.Join("; ", overflowing)}");
                if (view == "overview" && width == 1366)
                {
                    int pageHeight = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
                    Assert.True(pageHeight <= height, $"the overview is {pageHeight} px tall at {width}×{height}");
                }

                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{view}-{width}x{height}.png") });
                if (width == 1366)
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{view}-{width}-full.png"), FullPage = true });
                }
            }

            Assert.True(numbers > 200, $"only {numbers} numbers carried their source");
            Assert.True(dashboard.Errors.Count == 0, string.Join("\n", dashboard.Errors));
        }
    }

    private static async Task<double[]> ColumnAsync(IPage page, int column)
    {
        IReadOnlyList<string> cells = await page.Locator($"table.data tbody tr td:nth-child({column})").AllInnerTextsAsync();
        return [.. cells.Select(c => double.Parse(c, NumberStyles.Any, CultureInfo.InvariantCulture))];
    }
}
