using System.Globalization;
using Lumen.TestSupport;
using Microsoft.Playwright;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>Runs only when Debian's chromium is installed; skipped with a message otherwise, and never skipped under CI.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>The browser Playwright drives (never downloaded).</summary>
    public static readonly string Executable = Environment.GetEnvironmentVariable("LUMEN_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable) && !SharedData.InCi)
        {
            Skip = $"{Executable} is not installed (apt-get install -y chromium); .ci/run installs it";
        }
    }
}

/// <summary>The dashboard in headless Chromium against the real service on 127.0.0.1.</summary>
public sealed class BrowserTests
{
    [ChromiumFact]
    public async Task Dashboard_LoadsWithoutErrors_ChartsRender_TableSortsAndExports()
    {
        await using LumenApp app = await LumenApp.StartKestrelAsync();
        await using DashboardPage dashboard = await DashboardPage.OpenAsync();
        IPage page = dashboard.Page;
        List<string> errors = dashboard.Errors;

        await page.GotoAsync(app.BaseAddress.ToString());
        await page.WaitForSelectorAsync("body[data-ready]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.Equal("true", await page.GetAttributeAsync("body", "data-ready"));

        // Charts render: ECharts draws each into a canvas.
        foreach (string chart in new[] { "#chart-feeders", "#chart-areas", "#chart-diagram", "#chart-history", "#chart-causes" })
        {
            Assert.True(await page.Locator($"{chart} canvas").CountAsync() > 0, chart + " has no canvas");
        }

        // The voltage panel: a chart of the low-voltage areas, or a statement that there are none.
        Assert.True(await page.Locator("#chart-voltage canvas").CountAsync() > 0 || (await page.Locator("#chart-voltage").InnerTextAsync()).Contains("No transformer area", StringComparison.Ordinal));

        // The KPIs show the service's real numbers.
        var snapshot = app.Get<Services.NetworkCatalog>().Current!;
        string saidi = await page.Locator("[data-kpi='SAIDI (AIHC-1)'] .value").InnerTextAsync();
        Assert.Equal(snapshot.Reliability.System.Saidi.ToString("N2", CultureInfo.InvariantCulture), saidi);
        // Every analysis of the seeded demo is computed, so no "not available yet" placeholder is left.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-pending]').length === 0", null, new PageWaitForFunctionOptions { Timeout = 60_000 });

        // The ranking sorts by SAIDI both ways.
        ILocator saidiHeader = page.Locator("#ranking th[data-key='saidi']");
        await saidiHeader.ClickAsync();
        double[] descending = await ColumnAsync(page, 5);
        Assert.Equal(descending.OrderByDescending(v => v), descending);
        await saidiHeader.ClickAsync();
        double[] ascending = await ColumnAsync(page, 5);
        Assert.Equal(ascending.Order(), ascending);
        Assert.Equal(snapshot.Reliability.Feeders.Count, ascending.Length);

        // Filtering and exporting: the CSV holds the filtered rows.
        string feeder = snapshot.Reliability.Feeders[0].Name;
        await page.FillAsync("#ranking-filter", feeder);
        IDownload download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#ranking-export"));
        string csv = await File.ReadAllTextAsync(await download.PathAsync());
        string[] lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("rank,feeder,", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.Contains(feeder, l, StringComparison.Ordinal));
        Assert.True(lines.Length >= 2);
        await page.FillAsync("#ranking-filter", string.Empty);

        string folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "dashboard.png"), FullPage = true });
        Assert.Empty(errors);
    }

    private static async Task<double[]> ColumnAsync(IPage page, int column)
    {
        IReadOnlyList<string> cells = await page.Locator($"#ranking tbody tr td:nth-child({column})").AllInnerTextsAsync();
        return cells.Select(c => double.Parse(c, NumberStyles.Any, CultureInfo.InvariantCulture)).ToArray();
    }
}
