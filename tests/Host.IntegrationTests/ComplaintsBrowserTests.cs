using Microsoft.Playwright;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>The dashboard's complaints view in headless Chromium against the real service on 127.0.0.1.</summary>
public sealed class ComplaintsBrowserTests
{
    [ChromiumFact]
    public async Task ComplaintsView_RendersMonthlyLinksAndRateCurve_WithoutErrors()
    {
        await using LumenApp app = await LumenApp.StartKestrelAsync();
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(2200, warningsAreErrors: true);
        IPage page = dashboard.Page;
        List<string> errors = dashboard.Errors;

        await page.GotoAsync(app.BaseAddress.ToString());
        await page.WaitForSelectorAsync("body[data-complaints]", new PageWaitForSelectorOptions { Timeout = 60_000, State = WaitForSelectorState.Attached });
        await page.WaitForSelectorAsync("body[data-ready]", new PageWaitForSelectorOptions { Timeout = 60_000, State = WaitForSelectorState.Attached });
        Assert.Equal("ready", await page.GetAttributeAsync("body", "data-complaints"));
        Assert.True(await page.Locator("#complaints-panel").IsVisibleAsync());
        Assert.True(await page.Locator("#chart-complaints canvas").CountAsync() > 0, "the monthly complaints chart has no canvas");
        Assert.True(await page.Locator("#chart-complaint-rates canvas").CountAsync() > 0, "the rate curve has no canvas");
        Assert.True(await page.Locator("#chart-history canvas").CountAsync() > 0, "the history panel still renders");

        // The counts shown are the service's.
        Lumen.Reliability.Complaints.ComplaintSummary summary = app.Get<Services.HistoryCatalog>().Current!.Summary!;
        string counts = await page.Locator("#complaints-counts").InnerTextAsync();
        Assert.Contains(summary.Complaints.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " complaints", counts, StringComparison.Ordinal);
        Assert.Empty(errors);
    }
}
