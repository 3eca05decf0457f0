using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Lumen.Host.Extensions;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>
/// <c>lumen serve</c>: the HTTP service, API and dashboard. Command-line options override appsettings.json and
/// environment variables (<c>Lumen__Server__Port</c> …); any invalid value stops start-up with a message naming it.
/// </summary>
internal sealed class ServeCommand(IAnsiConsole console) : AsyncCommand<ServeCommand.Settings>
{
    /// <summary>Options of <c>serve</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--address <IP>")]
        [Description("IP address to bind (default 127.0.0.1; a non-loopback address needs an API key).")]
        public string? Address { get; init; }

        [CommandOption("--port <PORT>")]
        [Description("TCP port (default 5080).")]
        public int? Port { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("Data folder of the embedded store (default lumen-data under the working directory).")]
        public string? Data { get; init; }

        [CommandOption("--api-key <KEY>")]
        [Description("API key required (header X-Api-Key) by write endpoints.")]
        public string? ApiKey { get; init; }

        [CommandOption("--no-demo")]
        [Description("Do not seed the demo county into an empty store.")]
        public bool NoDemo { get; init; }

        [CommandOption("--demo-scale <SCALE>")]
        [Description("Size of the seeded demo: small, county (default) or province.")]
        public string? DemoScale { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        bool terminal = console.Profile.Capabilities.Interactive && console.Profile.Out.IsTerminal;

        // On a terminal the progress display stands for the seeding's information logs until the first results are ready.
        var quiet = new QuietLoggingSource(terminal);
        WebApplication? app = null;
        try
        {
            app = LumenWebApp.Build(LumenWebApp.CreateBuilder(Arguments(settings), configuration => configuration.Add(quiet)));

            // Open the store before listening: a store held by another process stops start-up (exit 3), not the first results.
            app.Services.GetRequiredService<DuckDbStore>().Ping();
            await app.StartAsync(cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            foreach (string failure in ex.Failures)
            {
                console.MarkupLine($"[red]error: configuration: {Markup.Escape(failure)}[/]");
            }

            await DisposeAsync(app);
            return ExitCodes.InvalidInput;
        }
        catch (Exception ex) when (DuckDbStore.UnavailableReason(ex) is { } reason)
        {
            console.MarkupLine($"[red]error: {Markup.Escape(reason)}[/]");
            await DisposeAsync(app);
            return ExitCodes.StoreUnavailable;
        }
        catch (IOException ex)
        {
            // Most often: the port is taken, or the store is locked by another lumen process.
            console.MarkupLine($"[red]error: {Markup.Escape(ex.Message)}[/]");
            await DisposeAsync(app);
            return ExitCodes.InvalidInput;
        }

        ServerOptions server = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        string url = string.Create(CultureInfo.InvariantCulture, $"http://{server.Address}:{server.Port}/");
        StoreOptions store = app.Services.GetRequiredService<IOptions<StoreOptions>>().Value;
        if (terminal)
        {
            console.MarkupLine($"Lumen is running at [bold link]{url}[/] (store {Markup.Escape(store.DatabasePath)}). Press Ctrl+C to stop.");
        }
        else
        {
            StartupWatcher.WriteLine(console, $"Lumen is running at {url} (store {store.DatabasePath}). Press Ctrl+C to stop.");
        }

        CancellationToken stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken))
        {
            var watcher = new StartupWatcher(app.Services.GetRequiredService<NetworkRepository>(), app.Services.GetRequiredService<NetworkCatalog>(), store);
            try
            {
                await (terminal ? watcher.ShowProgressAsync(console, waiting.Token) : watcher.PrintStagesAsync(console, waiting.Token));
                watcher.PrintOutcome(console, url);
            }
            catch (OperationCanceledException)
            {
                // Stopped before the first results.
            }
        }

        quiet.Release();
        try
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C observed by the command line itself: stop as the host would.
            await app.StopAsync(CancellationToken.None);
        }

        await app.DisposeAsync();
        return ExitCodes.Ok;
    }

    private static async Task DisposeAsync(WebApplication? app)
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    internal static string[] Arguments(Settings settings)
    {
        var args = new List<string>();
        Add("Lumen:Server:Address", settings.Address);
        Add("Lumen:Server:Port", settings.Port?.ToString(CultureInfo.InvariantCulture));
        Add("Lumen:Server:ApiKey", settings.ApiKey);
        Add("Lumen:Store:DataDirectory", settings.Data);
        Add("Lumen:Store:DemoScale", settings.DemoScale);
        if (settings.NoDemo)
        {
            Add("Lumen:Store:SeedDemo", "false");
        }

        return [.. args];

        void Add(string key, string? value)
        {
            if (value is not null)
            {
                args.Add($"--{key}={value}");
            }
        }
    }
}

/// <summary>
/// Follows the service's first start: seeding the demo (generate and import), computing the first results, ready.
/// Read from the store and the catalog, so it reports what the background service actually did.
/// </summary>
internal sealed class StartupWatcher(NetworkRepository repository, NetworkCatalog catalog, StoreOptions store)
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(200);
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private bool _seeding;

    /// <summary>The stage the service is in now.</summary>
    internal StartupStage Stage => catalog.StartupError is not null ? StartupStage.Failed
        : catalog.Ready && catalog.AnalysesRefreshed ? StartupStage.Ready
        : repository.Latest() is null ? StartupStage.Seeding
        : StartupStage.Computing;

    /// <summary>One plain line per stage, for redirected output.</summary>
    public async Task PrintStagesAsync(IAnsiConsole console, CancellationToken cancellationToken)
    {
        StartupStage shown = (StartupStage)(-1);
        for (StartupStage stage = Stage; stage < StartupStage.Ready; stage = Stage)
        {
            if (stage != shown)
            {
                WriteLine(console, string.Create(CultureInfo.InvariantCulture, $"[serve] {Describe(stage)} ({_watch.Elapsed.TotalSeconds:F1} s)"));
                shown = stage;
            }

            await Task.Delay(s_poll, cancellationToken);
        }
    }

    /// <summary>A progress display of the stages, on a terminal.</summary>
    public Task ShowProgressAsync(IAnsiConsole console, CancellationToken cancellationToken) =>
        console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                ProgressTask? task = null;
                StartupStage shown = (StartupStage)(-1);
                for (StartupStage stage = Stage; stage < StartupStage.Ready; stage = Stage)
                {
                    if (stage != shown)
                    {
                        task?.StopTask();
                        task = ctx.AddTask(Markup.Escape(Describe(stage)), maxValue: 1);
                        shown = stage;
                    }

                    await Task.Delay(s_poll, cancellationToken);
                }

                task?.Increment(1);
                task?.StopTask();
            });

    /// <summary>The line saying the first results are there (with SAIFI and SAIDI), or why they are not.</summary>
    public void PrintOutcome(IAnsiConsole console, string url)
    {
        string elapsed = string.Create(CultureInfo.InvariantCulture, $"{_watch.Elapsed.TotalSeconds:F1} s");
        if (catalog.StartupError is { } error)
        {
            console.MarkupLine($"[red]error: start-up failed: {Markup.Escape(error)}[/] (the service keeps answering; see /health/ready)");
        }
        else if (catalog.Current is { } s)
        {
            string text = string.Create(CultureInfo.InvariantCulture,
                $"First results ready after {elapsed}: network version {s.Info.Version} ({s.Info.Name}, {s.Info.Buses:N0} buses, {s.Info.Customers:N0} customers), SAIFI {s.Reliability.System.Saifi:F3} /yr, SAIDI {s.Reliability.System.Saidi:F3} h/yr. Dashboard: {url}");
            WriteLine(console, text);
        }
        else
        {
            WriteLine(console, $"The store is empty (demo seeding is off): import a network with POST {url}api/networks or `lumen import network`.");
        }
    }

    /// <summary>One unwrapped line (a console's own rendering wraps at its width, 80 columns when redirected).</summary>
    internal static void WriteLine(IAnsiConsole console, string text)
    {
        console.Profile.Out.Writer.WriteLine(text);
        console.Profile.Out.Writer.Flush();
    }

    private string Describe(StartupStage stage)
    {
        _seeding |= stage == StartupStage.Seeding && store.SeedDemo;
        return stage switch
        {
            StartupStage.Seeding => store.SeedDemo
                ? $"empty store: generating and importing the demo {store.DemoScale.ToString().ToLowerInvariant()} network (seed {store.DemoSeed})"
                : "empty store, demo seeding off: opening the store",
            StartupStage.Computing => _seeding
                ? "importing the demo's outages, complaints, asset register, load series and voltage readings; computing the first results"
                : "computing the first results",
            _ => stage.ToString().ToLowerInvariant(),
        };
    }
}

/// <summary>Where the first start is.</summary>
internal enum StartupStage
{
    /// <summary>The store is empty: the demo is being generated and imported (or nothing happens with seeding off).</summary>
    Seeding,

    /// <summary>A network is stored; its first results are being computed.</summary>
    Computing,

    /// <summary>Every analysis' first results are published (or the store is empty and seeding is off): /health/ready says ready.</summary>
    Ready,

    /// <summary>Start-up failed.</summary>
    Failed,
}

/// <summary>
/// Raises the information logs of the start-up (Lumen's own, and the host's lifetime lines) to warnings while the
/// progress display owns the terminal; <see cref="Release"/> drops the override and the logger reloads its levels.
/// </summary>
internal sealed class QuietLoggingSource(bool active) : ConfigurationProvider, IConfigurationSource
{
    /// <inheritdoc/>
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    /// <inheritdoc/>
    public override void Load()
    {
        if (active)
        {
            Data["Logging:LogLevel:Lumen"] = "Warning";
            Data["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning";
        }
    }

    /// <summary>Back to the configured levels.</summary>
    public void Release()
    {
        if (active)
        {
            active = false;
            Data.Clear();
            OnReload();
        }
    }
}
