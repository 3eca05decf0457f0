using Lumen.Host.Api;
using Lumen.Host.Cli;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Lumen.Host.Telemetry.Influx;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Extensions;

/// <summary>Wiring of each area, one <c>AddX</c> per area (STYLE §1.4).</summary>
internal static class LumenExtensions
{
    /// <summary>Options bound from configuration and validated at start-up: a bad value stops the host with a message naming it.</summary>
    public static IHostApplicationBuilder AddLumenOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsCustomValidator>();
        builder.Services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        builder.Services.AddOptions<RecomputeOptions>().BindConfiguration(RecomputeOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RecomputeOptions>, RecomputeOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>The embedded DuckDB store (its private temporary folder emptied at start-up) and the network repository.</summary>
    public static IHostApplicationBuilder AddLumenStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new DuckDbStore(sp.GetRequiredService<IOptions<StoreOptions>>().Value.DatabasePath));
        builder.Services.AddHostedService<TempCleanup>();
        builder.Services.AddSingleton<NetworkRepository>();
        builder.Services.AddSingleton<NetworkCatalog>();
        builder.Services.AddSingleton<StoredDataReader>();
        return builder;
    }

    /// <summary>Background services: recomputation (with the first-start demo seed) and the job runner.</summary>
    public static IHostApplicationBuilder AddLumenServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<JobRegistry>();
        builder.Services.AddHostedService<RecomputeService>();
        builder.Services.AddHostedService<JobRunner>();
        builder.Services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<ResultsHealthCheck>("results", tags: ["ready"]);
        return builder;
    }

    /// <summary>InfluxDB telemetry (only when <c>Lumen:Influx:Enabled</c>): client, durable writer, readiness check.</summary>
    public static IHostApplicationBuilder AddLumenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InfluxOptions>().BindConfiguration(InfluxOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<InfluxOptions>, InfluxOptionsValidator>();
        if (!builder.Configuration.GetValue<bool>(InfluxOptions.Section + ":Enabled"))
        {
            return builder;
        }

        builder.Services.AddHttpClient<InfluxClient>();
        builder.Services.AddSingleton<InfluxWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InfluxWriter>());
        builder.Services.AddHealthChecks().AddCheck<InfluxHealthCheck>("influxdb", tags: ["ready"]);
        return builder;
    }

    /// <summary>HTTP: Kestrel bound from <see cref="ServerOptions"/>, JSON like the CLI's, problem details, OpenAPI.</summary>
    public static IHostApplicationBuilder AddLumenApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerOptions>>((kestrel, server) =>
        {
            kestrel.Listen(System.Net.IPAddress.Parse(server.Value.Address), server.Value.Port);
            kestrel.Limits.MaxRequestBodySize = Math.Max(server.Value.MaxUploadBytes, server.Value.MaxJsonBytes);
            kestrel.AddServerHeader = false;
        });
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = LumenJson.Options.PropertyNamingPolicy;
            o.SerializerOptions.NumberHandling = LumenJson.Options.NumberHandling;
            o.SerializerOptions.Encoder = LumenJson.Options.Encoder;
            foreach (System.Text.Json.Serialization.JsonConverter converter in LumenJson.Options.Converters)
            {
                o.SerializerOptions.Converters.Add(converter);
            }

            RequestBinding.Configure(o.SerializerOptions);
        });

        // Typed bodies: binding failures reach ApiExceptionHandler, validation failures are named like the JSON (RequestBinding).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddValidation();
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = long.MaxValue);

        // Host filtering (DNS rebinding): only the names the service is reached by; ASP.NET's filter answers 400 to others.
        builder.Services.AddOptions<HostFilteringOptions>().Configure<IOptions<ServerOptions>>((filter, server) =>
            filter.AllowedHosts = server.Value.AllowedHosts.Contains("*") ? ["*"] : [.. server.Value.EffectiveAllowedHosts()]);
        builder.Services.AddLumenReadLimits();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = RequestBinding.NameFields);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<ApiKeySchemeTransformer>().AddSchemaTransformer(FiniteNumberSchema.TransformAsync));
        return builder;
    }

    /// <summary>
    /// Middleware and endpoints: security headers, problem details, cross-site write and API key checks, size limits,
    /// parameter ranges, health, OpenAPI, API, dashboard. The checks run on every request (they need no per-route
    /// declaration), so routes added later get them too.
    /// </summary>
    public static WebApplication MapLumen(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CrossSiteWriteMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseMiddleware<ParameterBoundsMiddleware>();
        app.UseMiddleware<PrivateFormMiddleware>();
        app.UseMiddleware<ReadTimeoutMiddleware>();
        app.UseDefaultFiles();
        // The dashboard's modules are revalidated on every load (a 304 when unchanged), so an upgrade never runs old views with new ones.
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache" });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("ready"),
            ResponseWriter = HealthWriter.WriteAsync,

            // Degraded is "still starting": not ready (503), but not a failure either.
            ResultStatusCodes = { [HealthStatus.Healthy] = 200, [HealthStatus.Degraded] = 503, [HealthStatus.Unhealthy] = 503 },
        });
        app.MapOpenApi();
        app.MapNetworksApi();
        app.MapStatusApi();
        app.MapReliabilityApi();
        app.MapTelemetryApi();
        app.MapVoltageApi();
        app.MapHistoryApi();
        app.MapAssetsApi();
        app.MapRepairApi();
        app.MapLumenSeries();
        app.MapPlanningApi();
        app.MapInvestmentApi();
        app.MapExportApi();
        app.MapChangesApi();
        app.MapFallback("/api/{**path}", ApiFallback.Handle);
        return app;
    }
}

/// <summary>Empties the store's private temporary folder at start-up: what a killed process left there is never read again.</summary>
internal sealed class TempCleanup(DuckDbStore store) : IHostedService
{
    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        store.Temp.Clean();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Readiness: the store answers a query.</summary>
internal sealed class StoreHealthCheck(DuckDbStore store) : IHealthCheck
{
    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult(store.Ping() ? HealthCheckResult.Healthy(store.DatabasePath) : HealthCheckResult.Unhealthy("SELECT 1 failed"));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the store cannot be opened", ex));
        }
    }
}

/// <summary>
/// Readiness: the first results of every analysis are published (or the store is empty and seeding is off). While
/// the first start imports and computes, the check is Degraded: not ready (503) but not a failure, so the health
/// service does not log an error on every poll; a start-up failure is Unhealthy.
/// </summary>
internal sealed class ResultsHealthCheck(NetworkCatalog catalog) : IHealthCheck
{
    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        HealthCheckResult result = catalog.StartupError is { } error ? HealthCheckResult.Unhealthy(error)
            : catalog.Ready && catalog.AnalysesRefreshed ? HealthCheckResult.Healthy(catalog.Current is { } s ? $"version {s.Info.Version}" : "store empty")
            : HealthCheckResult.Degraded("importing or computing the first results");
        return Task.FromResult(result);
    }
}

/// <summary>JSON body of <c>/health/ready</c>: overall status and each check's.</summary>
internal static class HealthWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description });
        return context.Response.WriteAsJsonAsync(new { status = report.Status.ToString().ToLowerInvariant(), checks });
    }
}
