using Microsoft.Playwright;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// A headless Debian Chromium page (driven by Playwright, never a downloaded browser) that records every console error
/// and uncaught page error, so each dashboard test can assert there were none.
/// </summary>
public sealed class DashboardPage : IAsyncDisposable
{
    private static readonly string[] s_flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private DashboardPage(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>Console errors (and warnings when asked for) and uncaught errors so far.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Launches Chromium with one page of <paramref name="height"/> pixels (downloads accepted).</summary>
    /// <param name="height">Viewport height; the width is 1,400.</param>
    /// <param name="warningsAreErrors">Also record console warnings.</param>
    public static async Task<DashboardPage> OpenAsync(int height = 1800, bool warningsAreErrors = false)
    {
        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            Args = s_flags,
        });
        IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1400, Height = height } });
        var dashboard = new DashboardPage(playwright, browser, await context.NewPageAsync());
        dashboard.Page.Console += (_, message) =>
        {
            if (message.Type == "error" || (warningsAreErrors && message.Type == "warning"))
            {
                dashboard.Errors.Add(message.Text);
            }
        };
        dashboard.Page.PageError += (_, error) => dashboard.Errors.Add(error);
        return dashboard;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
