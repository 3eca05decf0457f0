using Lumen.Host.Api;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lumen.Host.Extensions;

/// <summary>Wiring of the outage-history and complaints area.</summary>
internal static class HistoryExtensions
{
    /// <summary>The outage/complaint store, the slice that keeps the history current, and the fitted complaint model for other slices.</summary>
    public static IHostApplicationBuilder AddLumenHistory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HistoryRepository>();
        builder.Services.AddSingleton<HistoryCatalog>();
        builder.Services.AddSingleton<ComplaintModelProvider>();
        builder.Services.AddSingleton<IComplaintModelSource>(sp => sp.GetRequiredService<ComplaintModelProvider>());
        builder.Services.AddSingleton<IAnalysisSlice, HistorySlice>();
        builder.Services.AddSingleton<OutageStatsMemo>();
        return builder;
    }
}
