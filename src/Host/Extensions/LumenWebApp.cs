using Microsoft.AspNetCore.Builder;

namespace Lumen.Host.Extensions;

/// <summary>
/// Builds the Lumen web host. <c>lumen serve</c> and the tests build the same application from here: the content
/// root (appsettings.json, wwwroot) is the executable's own folder, so it works from any working directory.
/// </summary>
internal static class LumenWebApp
{
    /// <summary>
    /// A builder with configuration from appsettings.json, environment variables (e.g. <c>Lumen__Server__Port</c>),
    /// <paramref name="args"/>, and then <paramref name="configure"/> (tests add their settings there).
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, Action<Microsoft.Extensions.Configuration.IConfigurationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            ApplicationName = "lumen",
        });
        configure?.Invoke(builder.Configuration);
        // History before assets: slices refresh in registration order and assets use the fitted complaint model.
        builder.AddLumenOptions().AddLumenStore().AddLumenServices().AddLumenTelemetry().AddLumenApi().AddLumenHistory().AddLumenAssets().AddLumenSeries().AddLumenPlanning().AddLumenRepair();
        return builder;
    }

    /// <summary>Builds the application and maps its middleware and endpoints.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Build().MapLumen();
    }
}
