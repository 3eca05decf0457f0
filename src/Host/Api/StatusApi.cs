using Lumen.Host.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Lumen.Host.Api;

/// <summary>Which analyses the service provides now (the dashboard shows a placeholder for the others).</summary>
/// <param name="Analyses">Per analysis: results are published and computed on the current network and data (not stale).</param>
/// <param name="ComputedOn">Per analysis: the network version and data its published results were computed on, and whether they are stale.</param>
internal sealed record StatusDocument(
    bool Ready, int? Version, string? NetworkName, DateTime? ComputedAt, string? StartupError, IReadOnlyDictionary<string, bool> Analyses,
    IReadOnlyDictionary<string, AnalysisState> ComputedOn);

/// <summary>A job's status; <c>result</c> is set once it succeeded.</summary>
internal sealed record JobDocument(Guid Id, string Kind, string State, double Progress, string? Step, DateTime CreatedAt, DateTime? FinishedAt, string? Error, object? Result, string StatusUrl)
{
    public static JobDocument Of(Job j) => new(j.Id, j.Kind, j.State.ToString().ToLowerInvariant(), j.Progress, j.Step, j.CreatedAt, j.FinishedAt, j.Error, j.Result, $"/api/jobs/{j.Id}");
}

/// <summary><c>/api/status</c> (the service as a whole) and <c>/api/jobs</c> (the long runs every area starts).</summary>
internal static class StatusApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/status", Status).WithTags("Status").WithName("GetStatus").WithSummary("Readiness, current version and which analyses are available.");
        app.MapGet("/api/jobs/{id:guid}", GetJob).WithTags("Jobs").WithName("GetJob").WithSummary("Status, progress and (once done) result of a job.");
        return app;
    }

    private static Ok<StatusDocument> Status(
        NetworkCatalog catalog, StoredDataReader stored, HistoryCatalog history, AssetsSlice assets, TelemetrySlice telemetry, PlanningSlice planning, RepairCatalog repair)
    {
        IReadOnlyDictionary<string, AnalysisState> states = AnalysisStates.Of(catalog, stored.Current(), history, assets, telemetry, planning, repair);
        NetworkSnapshot? s = catalog.Current;
        return TypedResults.Ok(new StatusDocument(catalog.Ready, s?.Info.Version, s?.Info.Name, s?.ComputedAt, catalog.StartupError,
            states.ToDictionary(x => x.Key, x => x.Value.Available, StringComparer.Ordinal), states));
    }

    private static Results<Ok<JobDocument>, ProblemHttpResult> GetJob(Guid id, JobRegistry jobs) =>
        jobs.Find(id) is { } job ? TypedResults.Ok(JobDocument.Of(job)) : Problems.NotFound("id", id.ToString());
}
