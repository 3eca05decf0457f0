using System.Globalization;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Lumen.Host.Storage.Series;
using Lumen.Host.Storage;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Topology.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>Result of a series upload.</summary>
internal sealed record SeriesImportDocument(bool Created, int Batch, long Rows, int Series, string Backend, IReadOnlyList<string> Warnings);

/// <summary>One stored load series with its range.</summary>
internal sealed record LoadSeriesDocument(string Series, int Batch, string FileName, DateTime Start, DateTime End, int PeriodsPerDay, long Points, double? PeakMw, bool HasTemperature);

/// <summary>Coverage of the stored voltage readings.</summary>
internal sealed record VoltageCoverageDocument(int Points, long Readings, DateTime? FirstUtc, DateTime? LastUtc, IReadOnlyList<string> Feeders);

/// <summary>The stored series.</summary>
internal sealed record SeriesListDocument(string Backend, IReadOnlyList<LoadSeriesDocument> Load, VoltageCoverageDocument Voltage);

/// <summary><c>/api/series</c>: uploads and list of the stored load series and voltage readings.</summary>
internal static class SeriesApi
{
    private const int MaxFiles = 64;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapSeriesApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder series = app.MapGroup("/api/series").WithTags("Series");
        series.MapGet("/", List).WithName("ListSeries").WithSummary("Stored load series with their ranges, and the coverage of the voltage readings.");
        series.MapPost("/load", ImportLoadAsync).WithName("ImportLoadSeries")
            .WithSummary("Import load series: multipart/form-data with one CSV per series (timestamp,load_mw[,temperature_c]; the file name is the series id). 201 created, 200 unchanged, 422 invalid (nothing stored).")
            .Accepts<IFormFileCollection>("multipart/form-data", "*/*").DisableAntiforgery().AddEndpointFilter<ApiKeyFilter>();
        series.MapPost("/voltage", ImportVoltageAsync).WithName("ImportVoltageReadings")
            .WithSummary("Import voltage readings: multipart/form-data with one CSV (point_id,timestamp,voltage_v,nominal_v[,area_id][,feeder_id]). 201 created, 200 unchanged, 422 invalid (nothing stored).")
            .Accepts<IFormFileCollection>("multipart/form-data", "*/*").DisableAntiforgery().AddEndpointFilter<ApiKeyFilter>();
        return app;
    }

    private static Ok<SeriesListDocument> List(SeriesRepository repository)
    {
        var load = repository.ListLoad().Select(s => new LoadSeriesDocument(s.Series, s.Batch, s.FileName, s.Start, s.End, s.PeriodsPerDay, s.Points,
            double.IsFinite(s.PeakMw) ? s.PeakMw : null, s.HasTemperature)).ToList();
        VoltageCoverage c = repository.Coverage();
        return TypedResults.Ok(new SeriesListDocument(repository.Samples.Backend, load, new VoltageCoverageDocument(c.Points, c.Readings, c.FirstUtc, c.LastUtc, c.Feeders)));
    }

    private static Task<IResult> ImportLoadAsync(HttpRequest request, SeriesRepository repository, NetworkCatalog catalog, IOptions<StoreOptions> store, CancellationToken cancellationToken) =>
        ImportAsync(request, store.Value, MaxFiles, "load series CSV files (one per series)", upload => repository.ImportLoad([.. upload.Paths], "upload"), repository, catalog, cancellationToken);

    private static Task<IResult> ImportVoltageAsync(HttpRequest request, SeriesRepository repository, NetworkCatalog catalog, IOptions<StoreOptions> store, CancellationToken cancellationToken) =>
        ImportAsync(request, store.Value, 1, "one voltage readings CSV", upload => repository.ImportVoltage(upload.Paths.Single(), cancellationToken), repository, catalog, cancellationToken);

    private static async Task<IResult> ImportAsync(
        HttpRequest request, StoreOptions store, int maxFiles, string what, Func<CsvUpload, SeriesImportOutcome> import, SeriesRepository repository, NetworkCatalog catalog, CancellationToken cancellationToken)
    {
        (CsvUpload? received, ProblemHttpResult? problem) = await CsvUpload.ReceiveAsync(request, store, maxFiles, what, null, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using CsvUpload upload = received!;
        SeriesImportOutcome outcome = await Task.Run(() => import(upload), cancellationToken);
        if (outcome.Status == ImportStatus.Invalid)
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (SeriesProblem p in outcome.Errors)
            {
                errors[p.Key] = errors.TryGetValue(p.Key, out string[]? list) ? [.. list, p.Message] : [p.Message];
            }

            return Problems.Fields(errors, StatusCodes.Status422UnprocessableEntity,
                $"{outcome.Errors.Count} error(s); nothing was stored (an import is all or nothing)");
        }

        var doc = new SeriesImportDocument(outcome.Status == ImportStatus.Created, outcome.Batch!.Value, outcome.Rows, outcome.Series, repository.Samples.Backend, outcome.Warnings);
        if (outcome.Status == ImportStatus.Unchanged)
        {
            return TypedResults.Ok(doc);
        }

        catalog.SignalChanged();
        return TypedResults.Created("/api/series", doc);
    }
}
