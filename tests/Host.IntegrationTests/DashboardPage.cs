using System.Globalization;
using System.Text.Json;
using Lumen.TestSupport;
using Microsoft.Playwright;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>Runs only when Debian's chromium is installed; skipped with a message otherwise, and never skipped under CI.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>The browser Playwright drives (never downloaded); LUMEN_CHROMIUM points elsewhere (or nowhere, to try the skip).</summary>
    public static readonly string Executable = Environment.GetEnvironmentVariable("LUMEN_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable) && !SharedData.InCi)
        {
            Skip = $"{Executable} is not installed (apt-get install -y chromium); .ci/run installs it";
        }
    }
}

/// <summary>
/// One headless Debian Chromium (driven by Playwright, never a downloaded browser) shared by the dashboard tests of a
/// class; started on first use, so a class whose tests are all skipped never launches it.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private static readonly string[] s_flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--font-render-hinting=none",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The browser, launched on first use.</summary>
    public async Task<IBrowser> BrowserAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _playwright ??= await Playwright.CreateAsync();
            _browser ??= await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumFactAttribute.Executable, Headless = true, Args = s_flags });
            return _browser;
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
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _gate.Dispose();
    }
}

/// <summary>
/// A dashboard page in its own browser context (language, China time, viewport) that records every console error,
/// uncaught page error and dialog, so each test can assert there were none.
/// </summary>
public sealed class DashboardPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private DashboardPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
    }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>Console errors and warnings, uncaught errors and dialogs so far.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Opens a page whose browser asks for <paramref name="locale"/> (e.g. zh-CN or en-US).</summary>
    public static async Task<DashboardPage> OpenAsync(IBrowser browser, string locale, int width = 1366, int height = 768)
    {
        IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            AcceptDownloads = true,
            Locale = locale,
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var dashboard = new DashboardPage(context, await context.NewPageAsync());
        dashboard.Page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                dashboard.Errors.Add($"console {message.Type}: {message.Text}");
            }
        };
        dashboard.Page.PageError += (_, error) => dashboard.Errors.Add("page error: " + error);
        // The browser logs a failed request as a console error without its address: record which one it was.
        dashboard.Page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                dashboard.Errors.Add($"HTTP {response.Status}: {response.Url}");
            }
        };
        dashboard.Page.Dialog += (_, dialog) =>
        {
            dashboard.Errors.Add($"dialog {dialog.Type}: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        return dashboard;
    }

    /// <summary>Shows view <paramref name="view"/> (with its query) and waits until it has rendered; fails with the view's banner when it could not.</summary>
    public async Task ShowAsync(Uri baseAddress, string view)
    {
        string id = view.Split('?')[0];
        string url = $"{baseAddress}#/{view}";
        if (Page.Url.StartsWith(baseAddress.ToString(), StringComparison.Ordinal) && Page.Url.Contains('#', StringComparison.Ordinal))
        {
            // Same document: a hash change, as a click on the navigation would make.
            await Page.EvaluateAsync("u => { document.querySelector('main').removeAttribute('data-ready'); location.hash = u.split('#')[1]; }", url);
        }
        else
        {
            await Page.GotoAsync(url);
        }

        await Page.WaitForFunctionAsync("v => { const r = document.querySelector('main').dataset.ready; return r === v || r === 'error'; }", id,
            new PageWaitForFunctionOptions { Timeout = 60_000 });
        string? ready = await Page.GetAttributeAsync("main", "data-ready");
        Assert.True(ready == id, $"view {view} did not render: {await Page.InnerTextAsync("#view")}");
    }

    /// <summary>
    /// Every number in the view that carries where it comes from (data-src, data-path, data-digits, data-scale) compared
    /// with the API's value, formatted the way the page formats it; returns how many were checked.
    /// </summary>
    public async Task<int> AssertNumbersEqualApiAsync(HttpClient client)
    {
        string json = await Page.EvaluateAsync<string>("""
            () => JSON.stringify([...document.querySelectorAll('#view [data-src][data-path], header [data-src][data-path]')].map(e => ({
              src: e.dataset.src, path: e.dataset.path, digits: Number(e.dataset.digits), scale: e.dataset.scale ? Number(e.dataset.scale) : 1, text: e.textContent })))
            """);
        JsonElement[] shown = [.. JsonDocument.Parse(json).RootElement.EnumerateArray()];
        var documents = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonElement s in shown)
        {
            string src = s.GetProperty("src").GetString()!;
            if (!documents.TryGetValue(src, out JsonElement doc))
            {
                doc = await Http.JsonAsync(await client.GetAsync(src));
                documents[src] = doc;
            }

            string path = s.GetProperty("path").GetString()!;
            JsonElement value = doc;
            foreach (string part in path.Split('.'))
            {
                value = int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && value.ValueKind == JsonValueKind.Array ? value[index] : value.GetProperty(part);
            }

            // Both languages group thousands with ',' and mark decimals with '.', as the invariant culture does.
            string expected = value.ValueKind == JsonValueKind.Null ? "—"
                : (value.GetDouble() * s.GetProperty("scale").GetDouble()).ToString("N" + s.GetProperty("digits").GetInt32().ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            Assert.True(expected == s.GetProperty("text").GetString(), $"{src} {path}: page shows {s.GetProperty("text").GetString()}, the API's value is {expected}");
        }

        return shown.Length;
    }

    /// <summary>Where on the page the feeder diagram draws node <paramref name="id"/>.</summary>
    public async Task<(float X, float Y)> DiagramNodeAsync(string id)
    {
        float[] xy = await Page.EvaluateAsync<float[]>("""
            id => {
              const chart = echarts.getInstanceByDom(document.querySelector('[data-chart=diagram]'));
              const node = chart.getOption().series[0].data.find(d => d.id === id);
              const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, node.value);
              const box = chart.getDom().getBoundingClientRect();
              return [box.left + x, box.top + y];
            }
            """, id);
        return (xy[0], xy[1]);
    }

    /// <summary>Elements whose content sticks out of them (cut off or spilling), and a page wider than the window.</summary>
    public async Task<string[]> OverflowingAsync() => await Page.EvaluateAsync<string[]>("""
        () => {
          const out = [];
          const root = document.documentElement;
          if (root.scrollWidth > root.clientWidth + 1) out.push(`page: ${root.scrollWidth} px wide in a ${root.clientWidth} px window`);
          const name = e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''} "${(e.textContent || '').trim().slice(0, 40)}"`;
          for (const e of document.querySelectorAll('header *, nav *, #view *')) {
            if (e.closest('[data-chart]') || ['INPUT', 'SELECT', 'OPTION', 'CANVAS', 'svg'].includes(e.tagName)) continue;
            const style = getComputedStyle(e);
            if (style.display === 'none' || style.display === 'inline' || e.getClientRects().length === 0) continue;
            if (e.scrollWidth > e.clientWidth + 1) out.push(`${name(e)}: content ${e.scrollWidth} px in ${e.clientWidth} px`);
          }
          return out;
        }
        """);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
