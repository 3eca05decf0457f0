using System.Text.Json;
using Microsoft.Playwright;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// The investment view in headless Chromium: a plan run from the form shows the API's numbers (every figure checked
/// against <c>GET /api/plan/invest/{id}</c>), the per-year curves with and without the plan, and no console error.
/// </summary>
public sealed class InvestmentDashboardTests(SeededDashboardFixture seeded, ChromiumFixture chromium) : IClassFixture<SeededDashboardFixture>, IClassFixture<ChromiumFixture>
{
    [ChromiumFact]
    public async Task PlanFromTheForm_ShowsTheApisPlan_AndItsYearCurves()
    {
        LumenApp app = await seeded.AppAsync();
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(await chromium.BrowserAsync(), "zh-CN", 1366, 900);
        IPage page = dashboard.Page;
        await dashboard.ShowAsync(app.BaseAddress, "investment");
        await page.FillAsync("#invest-budget", "10");
        await page.FillAsync("#invest-years", "1");
        await page.ClickAsync("#invest-form button[type='submit']");
        await page.WaitForSelectorAsync("#invest-result table.data", new PageWaitForSelectorOptions { Timeout = 600_000 });

        Assert.True(await dashboard.AssertNumbersEqualApiAsync(app.Client) > 5);
        string src = (await page.GetAttributeAsync("#invest-result [data-src]", "data-src"))!;
        JsonElement plan = await Http.JsonAsync(await app.Client.GetAsync(src));
        JsonElement option = JsonDocument.Parse(await page.EvaluateAsync<string>(
            "() => JSON.stringify(echarts.getInstanceByDom(document.querySelector(`[data-chart='invest-complaints']`)).getOption())")).RootElement;
        JsonElement series = option.GetProperty("series");
        Assert.Equal(plan.GetProperty("year_rows").EnumerateArray().Select(y => y.GetProperty("without_plan").GetProperty("complaints").GetDouble()),
            series[0].GetProperty("data").EnumerateArray().Select(d => d.GetDouble()));
        Assert.Equal(plan.GetProperty("year_rows").EnumerateArray().Select(y => y.GetProperty("with_plan").GetProperty("complaints").GetDouble()),
            series[1].GetProperty("data").EnumerateArray().Select(d => d.GetDouble()));
        Assert.Equal(Math.Min(25, plan.GetProperty("projects").GetArrayLength()), await page.Locator("#invest-result table.data tbody tr").CountAsync());
        Assert.Empty(await dashboard.OverflowingAsync());
        Assert.Empty(dashboard.Errors);
    }
}
