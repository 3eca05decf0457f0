using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Extensions;

/// <summary>Wiring of the aging-assets area.</summary>
internal static class AssetsExtensions
{
    /// <summary>
    /// Options (<c>Lumen:Assets</c>, validated at start-up), the register repository and the assets slice (which takes
    /// its complaint model from the history area's <see cref="IComplaintModelSource"/>).
    /// </summary>
    public static IHostApplicationBuilder AddLumenAssets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AssetsOptions>().BindConfiguration(AssetsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AssetsOptions>, AssetsOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<AssetsOptions>, AssetsOptionsCustomValidator>();
        builder.Services.AddSingleton<AssetRepository>();
        builder.Services.AddSingleton<AssetsSlice>();
        builder.Services.AddSingleton<IAnalysisSlice>(sp => sp.GetRequiredService<AssetsSlice>());
        return builder;
    }
}
