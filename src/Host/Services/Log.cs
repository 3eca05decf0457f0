using Microsoft.Extensions.Logging;

namespace Lumen.Host.Services;

/// <summary>Structured log messages of the background services.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Store {DatabasePath} is empty: seeding the demo {Scale} network (seed {Seed})")]
    public static partial void SeedingDemo(ILogger logger, string databasePath, string scale, int seed);

    [LoggerMessage(2, LogLevel.Information, "Imported network version {Version} ({Name}): {Buses} buses, {Customers} customers, {Status}")]
    public static partial void Imported(ILogger logger, int version, string name, int buses, long customers, string status);

    [LoggerMessage(3, LogLevel.Information, "Computed predictive reliability of version {Version} in {ElapsedMs} ms: SAIFI {Saifi:F3}, SAIDI {SaidiHours:F3} h")]
    public static partial void Computed(ILogger logger, int version, long elapsedMs, double saifi, double saidiHours);

    [LoggerMessage(4, LogLevel.Error, "Recomputation failed; the previous results stay published")]
    public static partial void RecomputeFailed(ILogger logger, Exception exception);

    [LoggerMessage(5, LogLevel.Error, "Stored network version {Version} could not be rebuilt: {Errors}")]
    public static partial void VersionInvalid(ILogger logger, int version, string errors);

    [LoggerMessage(6, LogLevel.Information, "Job {JobId} ({Kind}) {State}")]
    public static partial void JobStateChanged(ILogger logger, Guid jobId, string kind, string state);

    [LoggerMessage(7, LogLevel.Error, "Job {JobId} ({Kind}) failed")]
    public static partial void JobFailed(ILogger logger, Guid jobId, string kind, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "Start-up failed: {Message}")]
    public static partial void StartupFailed(ILogger logger, string message, Exception exception);

    [LoggerMessage(9, LogLevel.Information, "Lumen is listening on {Url} (dashboard at /, API under /api/, OpenAPI at /openapi/v1.json)")]
    public static partial void Listening(ILogger logger, string url);

    [LoggerMessage(10, LogLevel.Error, "Recomputing {Slice} failed; its previous results stay published")]
    public static partial void SliceFailed(ILogger logger, string slice, Exception exception);

    [LoggerMessage(11, LogLevel.Information, "Seeding the demo {Slice} data")]
    public static partial void SeedingSlice(ILogger logger, string slice);

    [LoggerMessage(12, LogLevel.Warning, "Network version {Version} made current again (was {Previous}) through the {Via}")]
    public static partial void MadeCurrent(ILogger logger, int version, int previous, string via);
}
