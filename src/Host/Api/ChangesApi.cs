using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Lumen.Host.Api;

/// <summary>A network version with the system indices stored for it (null when none were computed on it).</summary>
internal sealed record VersionReliabilityDocument(NetworkVersionDocument Network, StoredSystemReliability? Reliability);

/// <summary>The current version and the one before it, for "what changed since the last version".</summary>
internal sealed record ChangesDocument(VersionReliabilityDocument Current, VersionReliabilityDocument? Previous);

/// <summary><c>GET /api/changes</c>: the current network version and the previous one, each with its stored indices.</summary>
internal static class ChangesApi
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapChangesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/changes", Changes).WithTags("Status").WithName("GetChanges")
            .WithSummary("The current network version and the previous stored one, with their counts and stored system indices.");
        return app;
    }

    private static Results<Ok<ChangesDocument>, ProblemHttpResult> Changes(NetworkRepository repository, NetworkCatalog catalog)
    {
        if (catalog.Current is not { } snapshot)
        {
            return Problems.NotReady();
        }

        int current = snapshot.Info.Version;
        NetworkVersionInfo? previous = repository.List().Where(v => v.Version < current).MaxBy(v => v.Version);
        return TypedResults.Ok(new ChangesDocument(
            new VersionReliabilityDocument(NetworkVersionDocument.Of(snapshot.Info, current), repository.SystemReliability(current)),
            previous is null ? null : new VersionReliabilityDocument(NetworkVersionDocument.Of(previous, current), repository.SystemReliability(previous.Version))));
    }
}
