using System.Globalization;
using Lumen.Host.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// The real Lumen application, built by <see cref="WebApplicationFactory{TEntryPoint}"/> through lumen's own entry
/// point (which builds exactly what <c>lumen serve</c> runs), on the in-memory test server or on Kestrel, with its
/// store in a temporary folder seeded with the small demo network.
/// </summary>
public sealed class LumenApp : IAsyncDisposable
{
    private readonly LumenFactory _factory;

    private LumenApp(LumenFactory factory, string dataDirectory, Uri? kestrelAddress)
    {
        _factory = factory;
        DataDirectory = dataDirectory;
        BaseAddress = kestrelAddress ?? new Uri("http://localhost/");
        Client = kestrelAddress is null ? factory.CreateClient() : new HttpClient { BaseAddress = kestrelAddress };
    }

    /// <summary>Where the application listens (a real socket only for <see cref="StartKestrelAsync"/>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Its store folder.</summary>
    public string DataDirectory { get; }

    /// <summary>A client of the application.</summary>
    public HttpClient Client { get; }

    /// <summary>Service lookup.</summary>
    public T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    /// <summary>Starts an application on a fresh store and waits until its first results are published.</summary>
    public static Task<LumenApp> StartAsync(IDictionary<string, string?>? settings = null) => StartAsync(settings, kestrel: false);

    /// <summary>Starts the application on Kestrel at 127.0.0.1 and a free port (for the browser and load tests).</summary>
    public static Task<LumenApp> StartKestrelAsync(IDictionary<string, string?>? settings = null) => StartAsync(settings, kestrel: true);

    /// <summary>
    /// The Content-Security-Policy the dashboard must work under (the service sets it; the browser tests also set it
    /// themselves, so they hold whether or not the service's own header is there).
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Starts the application on Kestrel with <see cref="ContentSecurityPolicy"/> on every answer (for the browser tests).</summary>
    public static Task<LumenApp> StartKestrelWithCspAsync(IDictionary<string, string?>? settings = null, bool waitForResults = true) =>
        waitForResults ? StartAsync(settings, kestrel: true, csp: true) : StartServerAsync(settings, kestrel: true, csp: true);

    /// <summary>
    /// Starts the application with <paramref name="settings"/> over the test defaults on a fresh store, without waiting
    /// for results; start-up failures (e.g. invalid options) are thrown as the application threw them.
    /// </summary>
    internal static async Task<LumenApp> StartServerAsync(IDictionary<string, string?>? settings = null, bool kestrel = false, bool csp = false)
    {
        string data = Path.Combine(Path.GetTempPath(), "lumen-it-" + Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?>
        {
            ["Lumen:Store:DataDirectory"] = data,
            ["Lumen:Store:DemoScale"] = "Small",
            ["Lumen:Recompute:PollInterval"] = "00:00:01",
            ["Lumen:Recompute:MaxMonteCarloYears"] = "5000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (KeyValuePair<string, string?> kv in settings ?? new Dictionary<string, string?>())
        {
            values[kv.Key] = kv.Value;
        }

        Uri? address = null;
        if (kestrel)
        {
            int port = FreePort();
            values["Lumen:Server:Port"] = port.ToString(CultureInfo.InvariantCulture);
            address = new Uri($"http://127.0.0.1:{port}/");
        }

        var factory = new LumenFactory(values, csp);
        try
        {
            // The factory starts the host on first use; the application's own start-up runs on a thread of the factory.
            await Task.Run(() =>
            {
                if (kestrel)
                {
                    factory.UseKestrel();
                    factory.StartServer();
                }
                else
                {
                    _ = factory.Server;
                }
            });
        }
        catch
        {
            try
            {
                await factory.DisposeAsync();
            }
            catch (ObjectDisposedException)
            {
                // A host that failed to start may have disposed its services already; the start-up error is what counts.
            }

            TryDelete(data);
            throw;
        }

        return new LumenApp(factory, data, address);
    }

    /// <summary>A TCP port nobody listens on now.</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<LumenApp> StartAsync(IDictionary<string, string?>? settings, bool kestrel, bool csp = false)
    {
        LumenApp lumen = await StartServerAsync(settings, kestrel, csp);
        NetworkCatalog catalog = lumen.Get<NetworkCatalog>();
        for (int i = 0; i < 600 && !catalog.Ready && catalog.StartupError is null; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(catalog.Ready, "the service did not become ready: " + catalog.StartupError);
        return lumen;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        TryDelete(DataDirectory);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still closing is left to the temp cleaner.
        }
    }

    /// <summary>
    /// The factory with the test's settings as host configuration: WebApplicationFactory passes host configuration to
    /// lumen's Main as <c>--key=value</c> arguments, so the settings are visible while services are registered
    /// (application configuration added by the factory would only apply when the host is built), and the content
    /// root stays the executable's folder as lumen sets it (the factory's default would be the project folder).
    /// </summary>
    private sealed class LumenFactory(IReadOnlyDictionary<string, string?> settings, bool csp) : WebApplicationFactory<Program>
    {
        protected override IHost CreateHost(IHostBuilder builder)
        {
            builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(settings));
            return base.CreateHost(builder);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(AppContext.BaseDirectory);
            if (csp)
            {
                builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, CspStartupFilter>());
            }
        }
    }

    /// <summary>Adds <see cref="ContentSecurityPolicy"/> to every answer, ahead of the application's own middleware.</summary>
    private sealed class CspStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, Func<Task> following) =>
            {
                // Appended: when the service sends its own policy too, the browser enforces both.
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.Append("Content-Security-Policy", ContentSecurityPolicy);
                    return Task.CompletedTask;
                });
                await following();
            });
            next(app);
        };
    }
}

/// <summary>One shared seeded application for the read-only tests.</summary>
public sealed class LumenAppFixture : IAsyncLifetime
{
    private LumenApp? _app;

    /// <summary>The application.</summary>
    public LumenApp App => _app ?? throw new InvalidOperationException("not started");

    /// <inheritdoc/>
    public async Task InitializeAsync() => _app = await LumenApp.StartAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
