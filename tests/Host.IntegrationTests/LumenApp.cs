using Lumen.Host.Extensions;
using Lumen.Host.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// The real Lumen application (built by <see cref="LumenWebApp"/>, exactly as <c>lumen serve</c> builds it) on an
/// in-memory <see cref="TestServer"/>, with its store in a temporary folder seeded with the small demo network.
/// </summary>
/// <remarks>
/// WebApplicationFactory is not used: it finds the host by running the entry point's Main, and lumen's Main runs the
/// CLI. Building the same WebApplication through <see cref="LumenWebApp"/> and TestServer tests the same pipeline.
/// </remarks>
public sealed class LumenApp : IAsyncDisposable
{
    private LumenApp(WebApplication app, string dataDirectory, Uri? baseAddress = null)
    {
        App = app;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress ?? new Uri("http://localhost/");
        Client = baseAddress is null ? app.GetTestClient() : new HttpClient { BaseAddress = baseAddress };
    }

    /// <summary>Where the application listens (a real socket only for <see cref="StartKestrelAsync"/>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The application.</summary>
    public WebApplication App { get; }

    /// <summary>Its store folder.</summary>
    public string DataDirectory { get; }

    /// <summary>A client of the in-memory server.</summary>
    public HttpClient Client { get; }

    /// <summary>Service lookup.</summary>
    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Builds the application with <paramref name="settings"/> over the test defaults, without starting it.</summary>
    public static WebApplication Build(string dataDirectory, IDictionary<string, string?>? settings = null, bool kestrel = false)
    {
        var values = new Dictionary<string, string?>
        {
            ["Lumen:Store:DataDirectory"] = dataDirectory,
            ["Lumen:Store:DemoScale"] = "Small",
            ["Lumen:Recompute:PollInterval"] = "00:00:01",
            ["Lumen:Recompute:MaxMonteCarloYears"] = "5000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (KeyValuePair<string, string?> kv in settings ?? new Dictionary<string, string?>())
        {
            values[kv.Key] = kv.Value;
        }

        WebApplicationBuilder builder = LumenWebApp.CreateBuilder([], configuration => configuration.AddInMemoryCollection(values));
        if (!kestrel)
        {
            builder.WebHost.UseTestServer();
        }

        return LumenWebApp.Build(builder);
    }

    /// <summary>Starts an application on a fresh store and waits until its first results are published.</summary>
    public static Task<LumenApp> StartAsync(IDictionary<string, string?>? settings = null) => StartAsync(settings, kestrel: false);

    /// <summary>Starts the application on Kestrel at 127.0.0.1 and a free port (for the browser and load tests).</summary>
    public static Task<LumenApp> StartKestrelAsync(IDictionary<string, string?>? settings = null) => StartAsync(settings, kestrel: true);

    /// <summary>A TCP port nobody listens on now.</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<LumenApp> StartAsync(IDictionary<string, string?>? settings, bool kestrel)
    {
        string data = Path.Combine(Path.GetTempPath(), "lumen-it-" + Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        Uri? address = null;
        if (kestrel)
        {
            int port = FreePort();
            values["Lumen:Server:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            address = new Uri($"http://127.0.0.1:{port}/");
        }

        WebApplication app = Build(data, values, kestrel);
        await app.StartAsync();
        var lumen = new LumenApp(app, data, address);
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
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still closing is left to the temp cleaner.
        }
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
