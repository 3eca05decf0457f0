using System.Reflection;
using Lumen.Host;
using Lumen.Host.Cli;
using Lumen.Host.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// Tools that build the host through the entry point (WebApplicationFactory in the integration tests, dotnet-getdocument)
// call this Main from their own process, with the host settings as --key=value arguments, and take the host from the
// HostBuilt event. They get exactly the application `lumen serve` runs. A lumen process of its own (the entry
// assembly is this one) always runs the CLI, whose parsing stays strict.
if (Assembly.GetEntryAssembly() != typeof(Program).Assembly)
{
    WebApplication app = LumenWebApp.Build(LumenWebApp.CreateBuilder(args));

    // A bad option fails here, while the host is whole: inside Run it would fail in StartAsync, and Run disposes the
    // host on the way out, racing the factory that reads the host's services while it waits for that same error.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    app.Run();
    return ExitCodes.Ok;
}

return LumenCli.Run(args);
