using System.ComponentModel.DataAnnotations;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>System indices of the current version.</summary>
internal sealed record SystemReliabilityDocument(
    int Version, string NetworkName, string Case, DateTime ComputedAt, IndicesReport System, int Feeders, int LoadPoints,
    bool CapacityLimits, IReadOnlyList<LoadLevel> LoadLevels, double? CapacityLimitedSaidi);

/// <summary>One feeder's indices with its rank (1 = worst SAIDI).</summary>
internal sealed record RankedFeederDocument(int Rank, string Id, IndicesReport Indices, double? CapacityLimitedSaidi);

/// <summary>A page of a ranked list.</summary>
internal sealed record PageDocument<T>(int Total, int Offset, IReadOnlyList<T> Items);

/// <summary>Body of <c>POST /api/reliability/what-if</c> (and the file of <c>lumen reliability whatif --changes</c>).</summary>
/// <param name="Changes">Changes applied in order.</param>
public sealed record WhatIfRequest([Required, Length(1, WhatIfQuery.MaxChanges)] IReadOnlyList<WhatIfChangeRequest>? Changes);

/// <summary>Body of <c>POST /api/reliability/placement</c>.</summary>
public sealed record PlacementRequest([Required] string? Feeder, string? Device = "sectionaliser", bool Automated = false, [Range(1, PlacementQuery.MaxCount)] int Count = 5);

/// <summary>Body of <c>POST /api/reliability/monte-carlo</c> (at most <see cref="RecomputeOptions.MaxMonteCarloYears"/> years).</summary>
public sealed record MonteCarloRequest([Range(1, int.MaxValue)] int Years = 10_000, int Seed = 1, bool? CapacityLimits = null);

/// <summary><c>/api/reliability</c> and <c>/api/feeders</c>.</summary>
internal static class ReliabilityApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapReliabilityApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/reliability").WithTags("Reliability");
        api.MapGet("/", System).WithName("GetSystemReliability").AddEndpointFilter<SnapshotResponseCache>().WithSummary("Predicted system indices (SAIFI, SAIDI, CAIDI, ASAI, RS-1, ENS) of the current version.");
        api.MapGet("/assessment", Assessment).WithName("GetReliabilityAssessment").AddEndpointFilter<SnapshotResponseCache>()
            .WithSummary("Predicted system, feeder and load-point indices of the current version, optionally with one load point explained (explain=id): the document of `lumen reliability assess --format json`.");
        api.MapGet("/feeders", Feeders).WithName("ListFeederReliability").AddEndpointFilter<SnapshotResponseCache>().WithSummary("Feeders, worst SAIDI first (paged with offset and top).");
        api.MapGet("/load-points", LoadPoints).WithName("ListLoadPointReliability").AddEndpointFilter<SnapshotResponseCache>().WithSummary("Load points (transformer areas), largest U first; optional feeder filter.");
        api.MapGet("/load-points/{id}/explanation", Explain).WithName("ExplainLoadPoint").AddEndpointFilter<SnapshotResponseCache>().WithSummary("Which component failures make up one load point's U.");
        api.MapPost("/what-if", WhatIfAsync).WithName("EvaluateWhatIf")
            .WithSummary("Effect of added/removed/automated devices, ties and changed failure rates, without changing the stored network.").AddEndpointFilter<ApiKeyFilter>();
        api.MapPost("/placement", PlacementAsync).WithName("FindPlacement")
            .WithSummary("The best branches on a feeder for a new device, ranked by ΔSAIDI.").AddEndpointFilter<ApiKeyFilter>();
        api.MapPost("/monte-carlo", MonteCarlo).WithName("StartMonteCarlo")
            .WithSummary("Starts a sequential Monte Carlo run as a job: 202 Accepted with the status URL.").AddEndpointFilter<ApiKeyFilter>();

        app.MapGet("/api/feeders/{name}/diagram", Diagram).WithTags("Reliability").WithName("GetFeederDiagram").AddEndpointFilter<SnapshotResponseCache>()
            .WithSummary("A feeder as a tree of buses with devices and load points coloured by U.");
        return app;
    }

    private static Results<Ok<SystemReliabilityDocument>, ProblemHttpResult> System(NetworkCatalog catalog)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        return TypedResults.Ok(new SystemReliabilityDocument(s.Info.Version, s.Info.Name, s.Case.Id, s.ComputedAt,
            IndicesReport.Of(s.Reliability.System), s.Reliability.Feeders.Count, s.Reliability.LoadPoints.Count,
            s.Reliability.CapacityLimited, [.. s.Reliability.LoadLevels], s.Reliability.CapacityLimitedSaidi));
    }

    internal static Results<Ok<PageDocument<RankedFeederDocument>>, ProblemHttpResult> Feeders(NetworkCatalog catalog, [AsParameters] Paging page)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        int start = Math.Min(page.Skip, s.FeedersBySaidi.Length);
        int end = Math.Min(start + page.Take(20), s.FeedersBySaidi.Length);
        var items = new List<RankedFeederDocument>(end - start);
        for (int r = start; r < end; r++)
        {
            FeederReliability f = s.Reliability.Feeders[s.FeedersBySaidi[r]];
            items.Add(new RankedFeederDocument(r + 1, f.Name, IndicesReport.Of(f.Indices), f.CapacityLimitedSaidi));
        }

        return TypedResults.Ok(new PageDocument<RankedFeederDocument>(s.FeedersBySaidi.Length, start, items));
    }

    private static Results<Ok<PageDocument<LoadPointReport>>, ProblemHttpResult> LoadPoints(NetworkCatalog catalog, [AsParameters] Paging page, string? feeder)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        int feederIndex = -1;
        if (feeder is not null)
        {
            feederIndex = s.Network.Normal.FeederNames.IndexOf(feeder);
            if (feederIndex < 0)
            {
                return Problems.NotFound("feeder", feeder);
            }
        }

        int skip = page.Skip;
        int take = page.Take(20);
        int total = 0;
        var items = new List<LoadPointReport>(Math.Min(take, 64));
        LoadPointResults lp = s.Reliability.LoadPoints;
        foreach (int l in s.LoadPointsByU)
        {
            if (feederIndex >= 0 && lp.Feeder[l] != feederIndex)
            {
                continue;
            }

            if (total >= skip && items.Count < take)
            {
                items.Add(LoadPointReport.Of(s.Reliability, s.Network.Normal.FeederNames, l));
            }

            total++;
        }

        return TypedResults.Ok(new PageDocument<LoadPointReport>(total, skip, items));
    }

    private static Results<Ok<LoadPointExplanation>, ProblemHttpResult> Explain(string id, NetworkCatalog catalog)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        if (!s.Network.TryGetLoadPoint(id, out int l))
        {
            return Problems.NotFound("id", id);
        }

        return TypedResults.Ok(LoadPointExplanation.Of(s.Reliability, s.Network.Normal.FeederNames, l));
    }

    /// <summary>The document of <c>lumen reliability assess --format json</c>, from the results published for the current version.</summary>
    private static Results<Ok<ReliabilityAssessmentReport>, ProblemHttpResult> Assessment(NetworkCatalog catalog, IOptions<RecomputeOptions> options, string? explain)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        var request = new ReliabilityAssessmentRequest(s.Network, s.Case) { Restoration = RecomputeService.Restoration(options.Value), Explain = explain };
        QueryResult<ReliabilityAssessmentReport> result = ReliabilityAssessment.Of(request, s.Reliability);
        return result.Value is { } report ? TypedResults.Ok(report) : result.Problems.ToProblem();
    }

    private static async Task<Results<Ok<WhatIfReport>, ProblemHttpResult>> WhatIfAsync(
        [FromBody] WhatIfRequest body, NetworkCatalog catalog, IOptions<RecomputeOptions> options, CancellationToken cancellationToken)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        var request = new WhatIfQueryRequest(s.Network, s.Case, body.Changes) { Restoration = RecomputeService.Restoration(options.Value) };
        QueryResult<WhatIfReport> result = await Task.Run(() => WhatIfQuery.Run(request), cancellationToken);
        return result.Value is { } report ? TypedResults.Ok(report) : result.Problems.ToProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Ok<IReadOnlyList<PlacementCandidateReport>>, ProblemHttpResult>> PlacementAsync(
        [FromBody] PlacementRequest body, NetworkCatalog catalog, IOptions<RecomputeOptions> options, CancellationToken cancellationToken)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        var request = new PlacementQueryRequest(s.Network, s.Case, body.Feeder, body.Device)
        {
            Automated = body.Automated, Count = body.Count, Restoration = RecomputeService.Restoration(options.Value),
        };
        QueryResult<IReadOnlyList<PlacementCandidateReport>> result = await Task.Run(() => PlacementQuery.Run(request), cancellationToken);
        return result.Value is { } report ? TypedResults.Ok(report) : result.Problems.ToProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static Results<Accepted<JobDocument>, ProblemHttpResult> MonteCarlo([FromBody] MonteCarloRequest body, NetworkCatalog catalog, JobRegistry jobs, IOptions<RecomputeOptions> options)
    {
        // The least is declared on the request; the most is configured.
        int maxYears = options.Value.MaxMonteCarloYears;
        if (body.Years > maxYears)
        {
            return Problems.Field("years", $"between 1 and {maxYears}");
        }

        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        Job? job = jobs.TrySubmit("monte_carlo", (job, ct) =>
        {
            job.Step = "simulating";
            int years = body.Years;
            RecomputeOptions settings = options.Value;
            var reliability = new ReliabilityOptions { Restoration = RecomputeService.Restoration(settings, body.CapacityLimits) };
            var monteCarlo = new MonteCarloOptions { Years = years, Seed = body.Seed, YearsCompleted = done => job.ReportProgress(0.95 * done / years) };
            MonteCarloResult mc = MonteCarloSimulator.Run(s.Network, s.Case, monteCarlo, reliability);
            ct.ThrowIfCancellationRequested();
            job.Step = "done";
            return MonteCarloReport.Of(mc);
        });
        if (job is null)
        {
            return Problems.JobQueueFull();
        }

        return TypedResults.Accepted($"/api/jobs/{job.Id}", JobDocument.Of(job));
    }

    private static Results<Ok<FeederDiagramReport>, ProblemHttpResult> Diagram(string name, NetworkCatalog catalog)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        QueryResult<FeederDiagramReport> result = FeederDiagramQuery.Run(new FeederDiagramRequest(s.Network, s.Case, name) { Reliability = s.Reliability, Version = s.Info.Version });
        return result.Value is { } report ? TypedResults.Ok(report) : result.Problems.ToProblem();
    }
}
