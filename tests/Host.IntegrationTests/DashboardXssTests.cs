using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// Stored XSS: a network whose feeder, bus, branch and load-point names carry script is imported through the API; every
/// view of the dashboard shows the names literally, as text, and nothing executes (no dialog, no console error, no
/// element the names describe), under the dashboard's Content-Security-Policy.
/// </summary>
public sealed class DashboardXssTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string Feeder = "<img src=x onerror=alert(document.domain)>";
    private const string Bus = "<script>alert(\"bus\")</script>";
    private const string LoadPoint = "\"><svg onload=alert('lp')>";
    private const string Branch = "<b onmouseover=alert(3)>B2</b>";
    private static readonly string[] s_noData = ["/api/outages", "/api/complaints/"];

    [ChromiumFact]
    public async Task NamesCarryingScript_AreShownAsText_NothingExecutes()
    {
        await using LumenApp app = await LumenApp.StartKestrelWithCspAsync(new Dictionary<string, string?> { ["Lumen:Store:SeedDemo"] = "false" });
        await ImportHostileNetworkAsync(app.Client);
        await using DashboardPage dashboard = await DashboardPage.OpenAsync(await chromium.BrowserAsync(), "en-US", 1366, 900);
        IPage page = dashboard.Page;

        foreach (string view in DashboardBrowserTests.Views)
        {
            await dashboard.ShowAsync(app.BaseAddress, view);
            await AssertNothingInjectedAsync(page, view);
        }

        // The feeder ranking and the diagram's feeder list show the name literally.
        await dashboard.ShowAsync(app.BaseAddress, "feeders");
        Assert.Equal(Feeder, await page.InnerTextAsync("table.data tbody tr td:nth-child(2)"));
        await dashboard.ShowAsync(app.BaseAddress, "diagram?feeder=" + Uri.EscapeDataString(Feeder));
        Assert.Equal(Feeder, await page.InnerTextAsync("#feeder-select option:checked"));

        // Without coordinates the diagram is a schematic tree.
        Assert.Contains("schematic", await page.EvaluateAsync<string>("() => echarts.getInstanceByDom(document.querySelector('[data-chart=diagram]')).getOption().title[0].text"), StringComparison.Ordinal);

        // The trace of the bus named like a script, opened by its address, lists every hostile name as text.
        await dashboard.ShowAsync(app.BaseAddress, $"diagram?feeder={Uri.EscapeDataString(Feeder)}&node={Uri.EscapeDataString(LoadPoint)}");
        string trace = await page.InnerTextAsync("#trace");
        Assert.Contains(LoadPoint, trace, StringComparison.Ordinal);
        Assert.Contains(Bus, trace, StringComparison.Ordinal);
        Assert.Contains(Branch, trace, StringComparison.Ordinal);
        Assert.Contains(Feeder, trace, StringComparison.Ordinal);

        // ECharts tooltips are HTML: hovering the hostile nodes shows their names as text.
        foreach (string node in new[] { LoadPoint, Bus })
        {
            (float x, float y) = await dashboard.DiagramNodeAsync(node);
            await page.Mouse.MoveAsync(x, y);
            await page.WaitForFunctionAsync("t => [...document.querySelectorAll('[data-chart=diagram] div')].some(d => d.textContent.includes(t))", node);
        }

        await dashboard.ShowAsync(app.BaseAddress, "reliability");
        ILocator bars = page.Locator("[data-chart=feeders] canvas").First;
        LocatorBoundingBoxResult box = (await bars.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await page.WaitForFunctionAsync("t => [...document.querySelectorAll('[data-chart=feeders] div')].some(d => d.textContent.includes(t))", Feeder);
        await AssertNothingInjectedAsync(page, "tooltips");

        // This store has a network and nothing else: the routes of the other data answer 404 "none stored", which the
        // browser logs as failed loads. Anything else (a script error, a CSP violation, a dialog) fails the test.
        string[] errors = [.. dashboard.Errors.Where(e => !(e.StartsWith("HTTP 404: ", StringComparison.Ordinal) && s_noData.Any(r => e.Contains(r, StringComparison.Ordinal)))
            && !e.Contains("Failed to load resource: the server responded with a status of 404", StringComparison.Ordinal))];
        Assert.True(errors.Length == 0, string.Join("\n", errors));
        Assert.Equal(dashboard.Errors.Count(e => e.StartsWith("HTTP 404: ", StringComparison.Ordinal)),
            dashboard.Errors.Count(e => e.Contains("Failed to load resource: the server responded with a status of 404", StringComparison.Ordinal)));
    }

    private static async Task AssertNothingInjectedAsync(IPage page, string where)
    {
        // The names would make an <img>, a <script> in the view, an <svg>, a <b>: none exists.
        int injected = await page.EvaluateAsync<int>("() => document.querySelectorAll('img, svg, #view script, b, [onerror], [onload], [onmouseover]').length");
        Assert.True(injected == 0, $"{where}: {injected} element(s) made from a name");
    }

    private static async Task ImportHostileNetworkAsync(HttpClient client)
    {
        static string Q(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        string buses = $"""
            bus_id,kind,customers,average_load_kw,peak_load_kw,nominal_kv
            S,source,0,0,0,10
            N1,node,0,0,0,10
            {Q(Bus)},node,0,0,0,10
            LV1,load_point,20,30,60,0.4
            {Q(LoadPoint)},load_point,10,15,30,0.4
            """;
        string branches = $"""
            branch_id,from_bus,to_bus,type,length_km,failure_rate_per_year,repair_hours,feeder,r_ohm,x_ohm,rating
            B1,S,N1,cable,1,0.1,5,{Q(Feeder)},0.2,0.1,400
            {Q(Branch)},N1,{Q(Bus)},overhead_line,2,0.4,4,,0.5,0.35,300
            T1,N1,LV1,transformer,0,0.02,20,,0.01,0.04,200
            T2,{Q(Bus)},{Q(LoadPoint)},transformer,0,0.02,20,,0.01,0.04,200
            """;
        string devices = $"""
            device_id,branch_id,at_bus,type
            CB1,B1,S,breaker
            DS1,{Q(Branch)},N1,disconnector
            FU1,T1,N1,fuse
            FU2,T2,{Q(Bus)},fuse
            """;
        using MultipartFormDataContent form = Http.Files(
        [
            ("buses.csv", Encoding.UTF8.GetBytes(buses)), ("branches.csv", Encoding.UTF8.GetBytes(branches)), ("devices.csv", Encoding.UTF8.GetBytes(devices)),
        ], "hostile");
        JsonElement created = await Http.JsonAsync(await client.PostAsync("/api/networks", form), HttpStatusCode.Created);
        int version = created.GetProperty("network").GetProperty("version").GetInt32();
        for (int i = 0; i < 600; i++)
        {
            JsonElement status = await Http.JsonAsync(await client.GetAsync("/api/status"));
            if (status.GetProperty("version").ValueKind == JsonValueKind.Number && status.GetProperty("version").GetInt32() == version
                && status.GetProperty("analyses").GetProperty("predictive_reliability").GetBoolean())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the hostile network's results were not computed within 60 s");
    }
}
