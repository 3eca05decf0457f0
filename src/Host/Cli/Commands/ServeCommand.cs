using System.ComponentModel;
using System.Globalization;
using Lumen.Host.Extensions;
using Lumen.Host.Options;
using Microsoft.AspNetCore.Builder;
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
        WebApplication? app = null;
        try
        {
            app = LumenWebApp.Build(LumenWebApp.CreateBuilder(Arguments(settings)));
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
        console.MarkupLine($"Lumen is running at [bold link]{url}[/] (store {Markup.Escape(store.DatabasePath)}). Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync(cancellationToken);
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
