using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lumen.Host.Extensions;

/// <summary>Wiring of the repair-response area.</summary>
internal static class RepairExtensions
{
    /// <summary>The work-order store and the repair slice (registered after the history slice, whose results it reads).</summary>
    public static IHostApplicationBuilder AddLumenRepair(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RepairRepository>();
        builder.Services.AddSingleton<RepairCatalog>();
        builder.Services.AddSingleton<IAnalysisSlice, RepairSlice>();
        return builder;
    }
}
