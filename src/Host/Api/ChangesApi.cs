using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Lumen.Host.Api;

/// <summary>A network version with the system indices stored for it (null when none were computed on it).</summary>
internal sealed record VersionReliabilityDocument(NetworkVersionDocument Network, StoredSystemReliability? Reliability);

/// <summary>One kind of imported data (outages, complaints, asset register): its current import and the one before it.</summary>
internal sealed record DataImportDocument(string Kind, string FileName, DateTime ImportedAt, int Rows, DateTime? PreviousImportedAt, int? PreviousRows);

/// <summary>The current version and the one before it, and the newest imports of the other data, for "what changed since the last version".</summary>
internal sealed record ChangesDocument(VersionReliabilityDocument Current, VersionReliabilityDocument? Previous, IReadOnlyList<DataImportDocument> Data);

/// <summary><c>GET /api/changes</c>: the current network version and the previous one, each with its stored indices, and the newest data imports.</summary>
internal static class ChangesApi
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapChangesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/changes", Changes).WithTags("Status").WithName("GetChanges")
            .WithSummary("The current network version and the previous stored one, with their counts and stored system indices; the current and previous import of outages, complaints and the asset register.");
        return app;
    }

    private static Results<Ok<ChangesDocument>, ProblemHttpResult> Changes(NetworkRepository repository, HistoryRepository history, AssetRepository assets, NetworkCatalog catalog)
    {
        if (catalog.Current is not { } snapshot)
        {
            return Problems.NotReady();
        }

        int current = snapshot.Info.Version;
        NetworkVersionInfo? previous = repository.List().Where(v => v.Version < current).MaxBy(v => v.Version);
        var data = new List<DataImportDocument>();
        IReadOnlyList<HistoryBatch> batches = history.Batches();
        foreach (string kind in (string[])[HistoryRepository.OutagesKind, HistoryRepository.ComplaintsKind])
        {
            HistoryBatch[] ofKind = [.. batches.Where(b => b.Kind == kind)];
            if (ofKind.Length > 0)
            {
                HistoryBatch last = ofKind[^1];
                HistoryBatch? before = ofKind.Length > 1 ? ofKind[^2] : null;
                data.Add(new DataImportDocument(kind, last.FileName, last.ImportedAt, last.RowCount, before?.ImportedAt, before?.RowCount));
            }
        }

        IReadOnlyList<AssetRegisterRevision> revisions = assets.List();
        if (revisions.Count > 0)
        {
            AssetRegisterRevision last = revisions[^1];
            AssetRegisterRevision? before = revisions.Count > 1 ? revisions[^2] : null;
            data.Add(new DataImportDocument("asset_register", last.FileName, last.ImportedAt, last.Rows, before?.ImportedAt, before?.Rows));
        }

        return TypedResults.Ok(new ChangesDocument(
            new VersionReliabilityDocument(NetworkVersionDocument.Of(snapshot.Info, current), repository.SystemReliability(current)),
            previous is null ? null : new VersionReliabilityDocument(NetworkVersionDocument.Of(previous, current), repository.SystemReliability(previous.Version)),
            data));
    }
}
