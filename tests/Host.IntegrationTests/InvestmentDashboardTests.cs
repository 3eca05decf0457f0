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
        // Each per-year curve is the API's year rows, without the plan and with it.
        foreach ((string chart, string field) in new[] { ("invest-complaints", "complaints"), ("invest-saidi", "saidi"), ("invest-low-voltage", "low_voltage_customers"), ("invest-n1", "n1_failing_feeders") })
        {
            JsonElement series = JsonDocument.Parse(await page.EvaluateAsync<string>(
                $"() => JSON.stringify(echarts.getInstanceByDom(document.querySelector(`[data-chart='{chart}']`)).getOption().series)")).RootElement;
            Assert.Equal(plan.GetProperty("year_rows").EnumerateArray().Select(y => y.GetProperty("without_plan").GetProperty(field).GetDouble()),
                series[0].GetProperty("data").EnumerateArray().Select(d => d.GetDouble()));
            Assert.Equal(plan.GetProperty("year_rows").EnumerateArray().Select(y => y.GetProperty("with_plan").GetProperty(field).GetDouble()),
                series[1].GetProperty("data").EnumerateArray().Select(d => d.GetDouble()));
        }

        // Where the projects are: each feeder of the plan (at most 30) links to its diagram.
        HashSet<string> feeders = [.. plan.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("feeder").GetString()).OfType<string>()];
        string[] links = await page.Locator("ul.feeder-projects a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Equal(Math.Min(30, feeders.Count), links.Length);
        Assert.All(links, l => Assert.Contains(l, feeders.Select(f => "#/diagram?feeder=" + f)));
        Assert.Equal(Math.Min(25, plan.GetProperty("projects").GetArrayLength()), await page.Locator("#invest-result table.data tbody tr").CountAsync());
        Assert.Empty(await dashboard.OverflowingAsync());
        Assert.Empty(dashboard.Errors);
    }

    [ChromiumFact]
    public async Task GrowthAndAgeingFields_GoToTheApi_AndTheGrownYearsShow()
    {
        LumenApp app = await seeded.AppAsync();
        string feeder = app.Get<Lumen.Host.Services.NetworkCatalog>().Current!.Network.Normal.FeederNames[0];
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(await chromium.BrowserAsync(), "en", 1366, 900);
        IPage page = dashboard.Page;
        await dashboard.ShowAsync(app.BaseAddress, "investment");
        static FilePayload Growth(string rows) => new()
        {
            Name = "mine.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("series_id,growth_percent_per_year,added_peak_mw,added_from_year\n" + rows),
        };

        // A growth file out of a plan's range: the API's file:line:field, as text.
        await page.SetInputFilesAsync("#invest-file-growth", Growth($"{feeder},-70,,\n"));
        await page.ClickAsync("#invest-form button[type='submit']");
        await page.WaitForSelectorAsync("#invest-status ul.invest-errors li");
        Assert.StartsWith("growth.csv:2:growth_percent_per_year: must lie in -50..100", await page.InnerTextAsync("#invest-status ul.invest-errors li"));

        // The file's rate for one feeder, 3 % for the others, ageing off; two years, the second on the grown network.
        await page.SetInputFilesAsync("#invest-file-growth", Growth($"{feeder},8,,\n"));
        await page.FillAsync("#invest-budget", "10");
        await page.FillAsync("#invest-years", "2");
        await page.FillAsync("#invest-growth-percent", "3");
        await page.UncheckAsync("#invest-ageing");
        await page.ClickAsync("#invest-form button[type='submit']");
        await page.WaitForSelectorAsync("#invest-result table.data", new PageWaitForSelectorOptions { Timeout = 600_000 });

        string src = (await page.GetAttributeAsync("#invest-result [data-src]", "data-src"))!;
        JsonElement plan = await Http.JsonAsync(await app.Client.GetAsync(src));
        Assert.False(plan.GetProperty("ageing").GetBoolean());
        JsonElement[] growth = [.. plan.GetProperty("growth").EnumerateArray()];
        Assert.Equal(app.Get<Lumen.Host.Services.NetworkCatalog>().Current!.Network.Normal.FeederNames.Length, growth.Length);
        Assert.All(growth, g => Assert.Equal(
            g.GetProperty("feeder").GetString() == feeder ? ("planner_file", 8d) : ("growth_percent", 3d),
            (g.GetProperty("source").GetString(), g.GetProperty("growth_percent_per_year").GetDouble())));
        Assert.Equal($"Load growth: growth file: 8.0 % a year on 1 feeder(s); growth % given or 0: 3.0 % a year on {growth.Length - 1} feeder(s). Asset ageing: off.", await page.InnerTextAsync("#invest-growth"));

        // The curves are the API's year rows, the second year valued on the grown loads.
        JsonElement[] years = [.. plan.GetProperty("year_rows").EnumerateArray()];
        Assert.Equal(2, years.Length);
        foreach ((string chart, string field) in new[] { ("invest-complaints", "complaints"), ("invest-low-voltage", "low_voltage_customers") })
        {
            JsonElement series = JsonDocument.Parse(await page.EvaluateAsync<string>(
                $"() => JSON.stringify(echarts.getInstanceByDom(document.querySelector(`[data-chart='{chart}']`)).getOption().series)")).RootElement;
            Assert.Equal(years.Select(y => y.GetProperty("without_plan").GetProperty(field).GetDouble()), series[0].GetProperty("data").EnumerateArray().Select(d => d.GetDouble()));
            Assert.Equal(years.Select(y => y.GetProperty("with_plan").GetProperty(field).GetDouble()), series[1].GetProperty("data").EnumerateArray().Select(d => d.GetDouble()));
        }

        Assert.True(years[1].GetProperty("without_plan").GetProperty("low_voltage_customers").GetDouble() >= years[0].GetProperty("without_plan").GetProperty("low_voltage_customers").GetDouble());
        Assert.Empty(await dashboard.OverflowingAsync());
        Assert.DoesNotContain(dashboard.Errors, e => !e.Contains("400", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task BadProjectsCsv_FromTheForm_ShowsEachFileLineAndFieldError_AsText()
    {
        LumenApp app = await seeded.AppAsync();
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(await chromium.BrowserAsync(), "en", 1366, 900);
        IPage page = dashboard.Page;
        await dashboard.ShowAsync(app.BaseAddress, "investment");
        await page.SetInputFilesAsync("#invest-file-projects", new FilePayload
        {
            Name = "mine.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("project_id,kind\nP1,<img src=x onerror=alert(1)>\n"),
        });
        await page.CheckAsync("#invest-constraint-zone_targets");
        await page.ClickAsync("#invest-form button[type='submit']");
        await page.WaitForSelectorAsync("#invest-status ul.invest-errors li");
        string error = await page.InnerTextAsync("#invest-status ul.invest-errors li");
        Assert.StartsWith("projects.csv:2:kind: unknown kind '<img", error);
        Assert.Equal(0, await page.Locator("#invest-status img").CountAsync());
        Assert.DoesNotContain(dashboard.Errors, e => !e.Contains("400", StringComparison.Ordinal));
    }
}
