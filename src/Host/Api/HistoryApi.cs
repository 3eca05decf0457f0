using System.Globalization;
using Lumen.Host.Documents;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>A stored import batch of outages or complaints.</summary>
internal sealed record HistoryBatchDocument(int Batch, string Kind, string FileName, string ContentSha256, DateTime ImportedAt, int Rows, int NetworkVersion)
{
    public static HistoryBatchDocument Of(HistoryBatch b) => new(b.Batch, b.Kind, b.FileName, b.ContentSha256, b.ImportedAt, b.RowCount, b.NetworkVersion);
}

/// <summary>Result of an outage or complaint upload.</summary>
internal sealed record HistoryImportDocument(bool Created, HistoryBatchDocument Batch, IReadOnlyList<string> Warnings);

/// <summary>
/// <c>/api/outages</c>: upload of outage records and the outage statistics (indices with and without major event days,
/// splits, worst served: the document of <c>lumen outages stats</c>); <c>/api/complaints</c>: upload, linkage summary and the complaint-rate model.
/// </summary>
internal static class HistoryApi
{
    private static readonly string[] s_outageFiles = ["outages.csv", "restoration_steps.csv", "momentary.csv"];

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder outages = app.MapGroup("/api/outages").WithTags("Outage history");
        outages.MapPost("/", ImportOutagesAsync).WithName("ImportOutages")
            .WithSummary("Import outage records: multipart/form-data with outages.csv and optionally restoration_steps.csv and momentary.csv. A different file set replaces the outage dataset as a new batch (older batches stay stored); the same content again is 200 unchanged.")
            .Accepts<IFormFileCollection>("multipart/form-data", "*/*").DisableAntiforgery().AddEndpointFilter<ApiKeyFilter>();
        outages.MapGet("/", StatsAsync).WithName("GetOutageStatistics")
            .WithSummary("IEEE 1366 / DL/T 836 indices for a period (from, to: dates or ISO 8601 times in zone, to exclusive) filtered by feeder and/or cause, with or without major event days (exclude_med), splits (by=feeder,substation,cause,nature,month) and worst-served lists (worst=N): the document of `lumen outages stats --format json`.");

        RouteGroupBuilder complaints = app.MapGroup("/api/complaints").WithTags("Complaints");
        complaints.MapPost("/", ImportComplaintsAsync).WithName("ImportComplaints")
            .WithSummary("Import 95598 complaints: multipart/form-data with one CSV (complaint_id,time,location_id,category[,text]); replaces the complaint dataset as a new batch.")
            .Accepts<IFormFileCollection>("multipart/form-data", "*/*").DisableAntiforgery().AddEndpointFilter<ApiKeyFilter>();
        complaints.MapGet("/summary", Summary).WithName("GetComplaintSummary")
            .WithSummary("Complaints linked to outages and low-voltage areas, with counts by category, month and feeder.");
        complaints.MapGet("/rates", Rates).WithName("GetComplaintRates")
            .WithSummary("Complaints per 1,000 customer interruptions and the fitted complaint-rate model; with customers and duration_hours, the expected complaints of such an outage.");
        return app;
    }

    internal static async Task<Results<Ok<OutageStatisticsReport>, ProblemHttpResult>> StatsAsync(HistoryCatalog catalog, OutageStatsMemo memo, [AsParameters] OutageStatsParameters query, CancellationToken cancellationToken)
    {
        if (Report(catalog, out HistoryResults? s) is { } problem)
        {
            return problem;
        }

        OutageStatisticsRequest request = query.ToRequest();
        QueryResult<OutageStatisticsReport> result = await memo.GetOrComputeAsync(s!, request, () => OutageStatistics.Run(s!.History!, request), cancellationToken);
        return result.Value is { } report ? TypedResults.Ok(report) : result.Problems.ToProblem();
    }

    private static Results<Ok<ComplaintSummary>, ProblemHttpResult> Summary(HistoryCatalog catalog) =>
        Complaints(catalog, out HistoryResults? s) is { } problem ? problem : TypedResults.Ok(s!.Summary!);

    private static Results<Ok<ComplaintRatesDocument>, ProblemHttpResult> Rates(HistoryCatalog catalog, double? customers, [FromQuery(Name = "duration_hours")] double? durationHours, int? repeat)
    {
        if (Complaints(catalog, out HistoryResults? s) is { } problem)
        {
            return problem;
        }

        if (s!.Rates is not ComplaintRateReport r)
        {
            return Problems.Field("outages", "no outage events are stored to relate the complaints to; import them first (POST /api/outages)", StatusCodes.Status404NotFound);
        }

        QueryResult<ComplaintRatesDocument> result = ComplaintRatesQuery.Run(r, new ComplaintRatesRequest(customers, durationHours, repeat));
        return result.Value is { } doc ? TypedResults.Ok(doc) : result.Problems.ToProblem();
    }

    private static async Task<IResult> ImportOutagesAsync(HttpRequest request, HistoryRepository repository, NetworkCatalog catalog, IOptions<StoreOptions> storeOptions, CancellationToken cancellationToken)
    {
        // Saved under their canonical names, so that diagnostics name them as documented.
        (CsvUpload? received, ProblemHttpResult? problem) = await CsvUpload.ReceiveAsync(request, storeOptions.Value, s_outageFiles.Length,
            "outages.csv (and optionally restoration_steps.csv, momentary.csv)", name => name.ToLowerInvariant(), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using CsvUpload upload = received!;
        if (upload.Unexpected(s_outageFiles) is { } unexpected)
        {
            return unexpected;
        }

        if (upload.Find("outages.csv") is not string outages)
        {
            return Problems.Field("files", "outages.csv is required");
        }

        var files = new OutageFiles(outages) { Steps = upload.Find("restoration_steps.csv"), Momentary = upload.Find("momentary.csv") };
        return await ImportAsync(catalog, cancellationToken, snapshot => repository.ImportOutages(snapshot.Network, snapshot.Info.Version, files));
    }

    private static async Task<IResult> ImportComplaintsAsync(HttpRequest request, HistoryRepository repository, NetworkCatalog catalog, IOptions<StoreOptions> storeOptions, CancellationToken cancellationToken)
    {
        (CsvUpload? received, ProblemHttpResult? problem) = await CsvUpload.ReceiveAsync(request, storeOptions.Value, 1, "one complaints CSV", null, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using CsvUpload upload = received!;
        string path = upload.Paths.Single();
        return await ImportAsync(catalog, cancellationToken, snapshot => repository.ImportComplaints(snapshot.Network, snapshot.Info.Version, path));
    }

    /// <summary>Imports uploaded files against the current network and answers.</summary>
    private static async Task<IResult> ImportAsync(NetworkCatalog catalog, CancellationToken cancellationToken, Func<NetworkSnapshot, HistoryImportOutcome> import)
    {
        if (catalog.Current is not NetworkSnapshot snapshot)
        {
            return Problems.NotReady();
        }

        HistoryImportOutcome outcome = await Task.Run(() => import(snapshot), cancellationToken);
        if (outcome.Status == ImportStatus.Invalid)
        {
            return Problems.Invalid(outcome.Diagnostics, "the upload");
        }

        string[] warnings = outcome.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Error).Select(d => $"{Problems.KeyOf(d)}: {d.Message}").ToArray();
        var doc = new HistoryImportDocument(outcome.Status == ImportStatus.Created, HistoryBatchDocument.Of(outcome.Batch!), warnings);
        if (outcome.Status == ImportStatus.Unchanged)
        {
            return TypedResults.Ok(doc);
        }

        catalog.SignalChanged();
        return TypedResults.Created($"/api/export/history_batches.csv", doc);
    }

    internal static ProblemHttpResult? Report(HistoryCatalog catalog, out HistoryResults? results)
    {
        results = catalog.Current;
        if (results is null)
        {
            return Problems.NotReady();
        }

        if (results.Error is { } error)
        {
            return Problems.Field("history", error, StatusCodes.Status422UnprocessableEntity);
        }

        return results.Report is null
            ? Problems.Field("history", "no outage records are stored; import them with POST /api/outages or `lumen import outages`", StatusCodes.Status404NotFound)
            : null;
    }

    private static ProblemHttpResult? Complaints(HistoryCatalog catalog, out HistoryResults? results)
    {
        results = catalog.Current;
        if (results is null)
        {
            return Problems.NotReady();
        }

        if (results.Error is { } error)
        {
            return Problems.Field("history", error, StatusCodes.Status422UnprocessableEntity);
        }

        return results.Summary is null
            ? Problems.Field("complaints", "no complaints are stored; import them with POST /api/complaints or `lumen import complaints`", StatusCodes.Status404NotFound)
            : null;
    }

}

/// <summary>Query parameters of <c>GET /api/outages</c>: the fields of <see cref="OutageStatisticsRequest"/> in snake_case.</summary>
internal sealed record OutageStatsParameters(
    string? From,
    string? To,
    string? Zone,
    string? Feeder,
    string? Cause,
    [property: FromQuery(Name = "exclude_med")] bool? ExcludeMed,
    [property: FromQuery(Name = "by")] string[]? By,
    int? Worst,
    [property: FromQuery(Name = "cemi_n")] int? CemiN,
    [property: FromQuery(Name = "celid_s_hours")] double? CelidSHours,
    [property: FromQuery(Name = "celid_t_hours")] double? CelidTHours,
    [property: FromQuery(Name = "sustained_minutes")] double? SustainedMinutes,
    [property: FromQuery(Name = "population_sd")] bool? PopulationSd)
{
    private static readonly OutageStatisticsRequest s_defaults = new();

    public OutageStatisticsRequest ToRequest() => new()
    {
        From = From,
        To = To,
        Zone = Zone ?? s_defaults.Zone,
        Feeder = Feeder,
        Cause = Cause,
        ExcludeMed = ExcludeMed ?? false,
        By = (By ?? []).SelectMany(b => b.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
        Worst = Worst ?? s_defaults.Worst,
        CemiN = CemiN ?? s_defaults.CemiN,
        CelidSHours = CelidSHours ?? s_defaults.CelidSHours,
        CelidTHours = CelidTHours ?? s_defaults.CelidTHours,
        SustainedMinutes = SustainedMinutes ?? s_defaults.SustainedMinutes,
        PopulationSd = PopulationSd ?? false,
    };
}
