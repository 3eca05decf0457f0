using Lumen.Host.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lumen.Host.Extensions;

/// <summary>Wiring of the planning area.</summary>
internal static class PlanningExtensions
{
    /// <summary>The planning slice (after the history and series slices, whose results it reads).</summary>
    public static IHostApplicationBuilder AddLumenPlanning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PlanningSlice>();
        builder.Services.AddSingleton<IAnalysisSlice>(sp => sp.GetRequiredService<PlanningSlice>());
        return builder;
    }
}
