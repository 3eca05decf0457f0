using System.Reflection;
using Lumen.Host;
using Lumen.Host.Cli;
using Lumen.Host.Extensions;

// Tools that build the host through the entry point (WebApplicationFactory in the integration tests, dotnet-getdocument)
// call this Main from their own process, with the host settings as --key=value arguments, and take the host from the
// HostBuilt event. They get exactly the application `lumen serve` runs. A lumen process of its own (the entry
// assembly is this one) always runs the CLI, whose parsing stays strict.
if (Assembly.GetEntryAssembly() != typeof(Program).Assembly)
{
    LumenWebApp.Build(LumenWebApp.CreateBuilder(args)).Run();
    return ExitCodes.Ok;
}

return LumenCli.Run(args);
