using System.Text.Json;
using Microsoft.Playwright;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>The dashboard's forecast, peak-outlook and voltage-compliance panels in headless Chromium against the real service.</summary>
public sealed class SeriesBrowserTests
{
    [ChromiumFact]
    public async Task ForecastWithIntervalBands_PeakOutlook_AndCompliance_RenderWithoutConsoleErrors()
    {
        await using LumenApp app = await LumenApp.StartKestrelAsync();
        JsonElement list = await SeriesTestData.WaitForForecastsAsync(app.Client, d => d.GetProperty("items").GetArrayLength() > 0);
        await using DashboardPage dashboard = await DashboardPage.OpenAsync();
        IPage page = dashboard.Page;
        List<string> errors = dashboard.Errors;

        await page.GotoAsync(app.BaseAddress.ToString());
        await page.WaitForSelectorAsync("body[data-forecast-ready]", new PageWaitForSelectorOptions { Timeout = 60_000, State = WaitForSelectorState.Attached });
        Assert.Equal("true", await page.GetAttributeAsync("body", "data-forecast-ready"));
        foreach (string chart in new[] { "#chart-forecast", "#chart-peaks", "#chart-peak-loading", "#chart-compliance" })
        {
            Assert.True(await page.Locator($"{chart} canvas").CountAsync() > 0, chart + " has no canvas");
        }

        Assert.Equal(0, await page.Locator("[data-pending='forecast']").CountAsync());
        Assert.Equal(list.GetProperty("items").GetArrayLength(), await page.Locator("#forecast-series option").CountAsync());

        // The forecast chart carries the API's numbers: the 80 % and 95 % bands are (lower, upper − lower) stacks.
        string first = list.GetProperty("items")[0].GetProperty("series").GetString()!;
        JsonElement doc = await Http.JsonAsync(await app.Client.GetAsync($"/api/forecasts/{first}"));
        JsonElement step = doc.GetProperty("forecast")[0];
        int offset = doc.GetProperty("actuals").GetArrayLength();
        string bands = await page.EvaluateAsync<string>("""
            () => JSON.stringify(echarts.getInstanceByDom(document.getElementById('chart-forecast')).getOption().series
              .map(s => ({ name: s.name, stack: s.stack || null, filled: !!(s.areaStyle), data: s.data })))
            """);
        JsonElement[] series = JsonDocument.Parse(bands).RootElement.EnumerateArray().ToArray();
        JsonElement band95 = series.Single(s => s.GetProperty("name").GetString() == "95 % interval");
        JsonElement lower95 = series.Single(s => s.GetProperty("name").GetString() == "95 % interval lower");
        JsonElement band80 = series.Single(s => s.GetProperty("name").GetString() == "80 % interval");
        Assert.True(band95.GetProperty("filled").GetBoolean() && band80.GetProperty("filled").GetBoolean());
        Assert.Equal(Math.Round(step.GetProperty("lower95_mw").GetDouble(), 4), lower95.GetProperty("data")[offset].GetDouble(), 9);
        Assert.Equal(Math.Round(step.GetProperty("upper95_mw").GetDouble(), 4) - Math.Round(step.GetProperty("lower95_mw").GetDouble(), 4), band95.GetProperty("data")[offset].GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, band95.GetProperty("data")[0].ValueKind);

        // Choosing another series redraws the forecast for it.
        string second = list.GetProperty("items")[1].GetProperty("series").GetString()!;
        await page.SelectOptionAsync("#forecast-series", second);
        await page.WaitForFunctionAsync("s => document.getElementById('forecast-note').textContent.length > 0 && echarts.getInstanceByDom(document.getElementById('chart-peaks')).getOption().title[0].text.startsWith(s)", second);

        string folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        await page.Locator("#forecast-panel").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, "forecast.png") });
        await page.Locator("#peaks-panel").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, "peaks.png") });
        await page.Locator("#compliance-panel").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, "compliance.png") });
        Assert.Empty(errors);
    }
}
