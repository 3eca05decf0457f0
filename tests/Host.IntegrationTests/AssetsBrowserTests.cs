using System.Globalization;
using Lumen.Host.Services;
using Microsoft.Playwright;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>The dashboard's asset panels in headless Chromium against the real service on 127.0.0.1.</summary>
public sealed class AssetsBrowserTests
{
    [ChromiumFact]
    public async Task AssetRanking_Sorts_Filters_Exports_AndThePlanChartRenders()
    {
        await using LumenApp app = await LumenApp.StartKestrelAsync();
        AssetsSnapshot snapshot = await AssetOracle.ReadyAsync(app);
        await using DashboardPage dashboard = await DashboardPage.OpenAsync();
        IPage page = dashboard.Page;
        List<string> errors = dashboard.Errors;

        await page.GotoAsync(app.BaseAddress.ToString());
        await page.WaitForSelectorAsync("#assets-panel[data-ready]", new PageWaitForSelectorOptions { Timeout = 60_000, State = WaitForSelectorState.Attached });
        Assert.Equal("true", await page.GetAttributeAsync("#assets-panel", "data-ready"));
        Assert.Equal(0, await page.Locator("[data-pending='assets']").CountAsync());

        // The ranking renders the service's top 50 by risk, in the service's order.
        ILocator rows = page.Locator("#assets-ranking tbody tr");
        Assert.Equal(50, await rows.CountAsync());
        string[] ids = [.. await page.Locator("#assets-ranking tbody tr td:nth-child(2)").AllInnerTextsAsync()];
        Assert.Equal(snapshot.Cnaim.ByRisk.Take(50).Select(i => snapshot.Cnaim.Register.Ids[i]), ids);

        // Sorting by a header: PoF descending, then ascending.
        ILocator pofHeader = page.Locator("#assets-ranking th[data-key='pof']");
        await pofHeader.ClickAsync();
        double[] descending = await ColumnAsync(page, 6);
        Assert.Equal(descending.OrderDescending(), descending);
        Assert.NotEqual(ids, await page.Locator("#assets-ranking tbody tr td:nth-child(2)").AllInnerTextsAsync());
        await pofHeader.ClickAsync();
        double[] ascending = await ColumnAsync(page, 6);
        Assert.Equal(ascending.Order(), ascending);

        // Each row's reasons are visible on expanding it.
        await page.Locator("#assets-ranking tbody tr").First.Locator("summary").ClickAsync();
        Assert.Contains("customers", await page.Locator("#assets-ranking tbody tr").First.Locator("details ul").InnerTextAsync(), StringComparison.Ordinal);

        // Filtering by class reduces the rows to that class.
        string loaded = (await page.GetAttributeAsync("#assets-panel", "data-loaded"))!;
        await page.SelectOptionAsync("#assets-class", "cable");

        // A function, not an expression string: the CSP forbids the eval Playwright would use for a string.
        await page.WaitForFunctionAsync($"() => document.getElementById('assets-panel').dataset.loaded !== '{loaded}'");
        int cables = snapshot.Cnaim.Register.Classes.Count(c => c == Reliability.Aging.AssetClass.Cable);
        Assert.Equal(Math.Min(50, cables), await rows.CountAsync());
        Assert.True(cables < snapshot.Cnaim.Register.Count);
        Assert.All(await page.Locator("#assets-ranking tbody tr td:nth-child(3)").AllInnerTextsAsync(), c => Assert.Equal("cable", c));
        Assert.Contains("class=cable", await page.GetAttributeAsync("#assets-export-server", "href"), StringComparison.Ordinal);

        // The export is a CSV download of the filtered rows in the order shown.
        IDownload download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#assets-export"));
        string[] lines = (await File.ReadAllTextAsync(await download.PathAsync())).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("rank,asset_id,class,", lines[0], StringComparison.Ordinal);
        Assert.Equal(Math.Min(50, cables), lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Equal("cable", l.Split(',')[2]));
        Assert.Equal(await page.Locator("#assets-ranking tbody tr td:nth-child(2)").AllInnerTextsAsync(), lines.Skip(1).Select(l => l.Split(',')[1]));

        // The plan charts render the default plan.
        Assert.Equal("default plan", await page.GetAttributeAsync("#assets-plan-panel", "data-rendered"));
        Assert.True(await page.Locator("#chart-assets-plan canvas").CountAsync() > 0);
        Assert.True(await page.Locator("#chart-assets-spend canvas").CountAsync() > 0);

        // The unit costs behind the money columns are one click away, as the service uses them.
        await page.ClickAsync("#assets-costs summary");
        Assert.StartsWith("CNY: energy not supplied 20 per kWh, 2,000 per complaint", await page.InnerTextAsync("#assets-costs-scalars"), StringComparison.Ordinal);
        IReadOnlyList<string> fuse = await page.Locator("#assets-costs tbody tr", new PageLocatorOptions { HasText = "fuse" }).Locator("td").AllInnerTextsAsync();
        Assert.Equal(["fuse", "3,000", "500", "2.0"], fuse);

        string folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "dashboard-assets.png"), FullPage = true });
        Assert.Empty(errors);
    }

    private static async Task<double[]> ColumnAsync(IPage page, int column)
    {
        IReadOnlyList<string> cells = await page.Locator($"#assets-ranking tbody tr td:nth-child({column})").AllInnerTextsAsync();
        return cells.Select(c => double.Parse(c, NumberStyles.Any, CultureInfo.InvariantCulture)).ToArray();
    }
}
