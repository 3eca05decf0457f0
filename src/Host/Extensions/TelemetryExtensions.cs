using Lumen.Host.Api;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Lumen.Host.Storage.Series;
using Lumen.Host.Telemetry.Influx;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Extensions;

/// <summary>Wiring of the load/voltage series area: series store (DuckDB, or InfluxDB when enabled), repository, slice, endpoints.</summary>
internal static class TelemetryExtensions
{
    /// <summary>Registers the series store seam, the repository and the telemetry slice.</summary>
    public static IHostApplicationBuilder AddLumenSeries(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>(InfluxOptions.Section + ":Enabled"))
        {
            builder.Services.AddSingleton<ISeriesStore>(sp => new InfluxSeriesStore(
                sp.GetRequiredService<InfluxClient>(), sp.GetRequiredService<InfluxWriter>(), sp.GetRequiredService<IOptions<InfluxOptions>>()));
        }
        else
        {
            builder.Services.AddSingleton<ISeriesStore>(sp => new DuckDbSeriesStore(sp.GetRequiredService<DuckDbStore>()));
        }

        builder.Services.AddSingleton<SeriesRepository>();
        builder.Services.AddSingleton<TelemetrySlice>();
        builder.Services.AddSingleton<IAnalysisSlice>(sp => sp.GetRequiredService<TelemetrySlice>());
        return builder;
    }

    /// <summary>Maps <c>/api/series</c> and <c>/api/forecasts</c>.</summary>
    public static WebApplication MapLumenSeries(this WebApplication app)
    {
        app.MapSeriesApi();
        app.MapForecastApi();
        return app;
    }
}
