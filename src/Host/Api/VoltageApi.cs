using System.ComponentModel.DataAnnotations;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage.Series;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>Peak-load power flow and low-voltage prediction of the current version; the predictions are null when the power flow did not converge.</summary>
internal sealed record VoltageSummaryDocument(
    int Version, string Profile, bool Converged, int Iterations, double SourceKw, double LoadKw, double LossesKw,
    double? MinVoltagePu, string? MinVoltageBus, long? LowVoltageCustomers, int? LowVoltageAreas, int? LowBuses, int? OverloadedBranches,
    double PeakCoincidenceFactor, double SourceVoltagePu);

/// <summary>One transformer area below its voltage limit.</summary>
internal sealed record LowVoltageAreaDocument(string LoadPoint, string Bus, string? Feeder, int Customers, double VoltagePu, double LimitPu);

/// <summary>One branch above its rating.</summary>
internal sealed record OverloadedBranchDocument(string Branch, string Kind, double LoadingPct, double CurrentA);

/// <summary>Body of <c>POST /api/voltage/powerflow</c>.</summary>
public sealed record PowerFlowBody(
    [Range(0.0, 10.0)] double LoadScale = 1.0,
    [Range(0.8, 1.2)] double? SourceVoltagePu = null,
    [MaxLength(10_000)] IReadOnlyList<PowerFlowChange>? Changes = null,
    string Profile = "gbt12325",
    [Range(0, 1000)] int Top = 20);

/// <summary>
/// <c>/api/voltage</c>: power flow at peak load and the low-voltage areas it predicts (GB/T 12325 limits), the
/// power-flow what-if (<see cref="PowerFlowQuery"/>, the same answer as <c>lumen voltage powerflow --format json</c>),
/// and the measured compliance of the stored readings (<see cref="VoltageStatisticsQuery"/>, <c>lumen voltage stats</c>).
/// </summary>
internal static class VoltageApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapVoltageApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/voltage").WithTags("Voltage");
        api.MapGet("/", Summary).WithName("GetVoltageSummary").WithSummary("Peak-load power flow of the current version: convergence, losses, minimum voltage, low-voltage customers.");
        api.MapGet("/low-areas", LowAreas).WithName("ListLowVoltageAreas").WithSummary("Transformer areas below the GB/T 12325 limit at peak load, lowest first.");
        api.MapPost("/powerflow", PowerFlowAsync).WithName("RunPowerFlow")
            .WithSummary("Radial power flow of the current network under a load scale, source voltage and the CLI's scenario changes (kind,target,value): the document of lumen voltage powerflow --format json.").AddEndpointFilter<ApiKeyFilter>();
        api.MapGet("/stats", StatsAsync).WithName("GetVoltageStatistics")
            .WithSummary("Voltage compliance (GB/T 12325) of the stored readings by feeder, area or month, low-voltage customers and episodes; filters from, to (UTC) and feeder.");
        api.MapGet("/overloaded", Overloaded).WithName("ListOverloadedBranches").WithSummary("Branches above 100 % of rating at peak load, most loaded first.");
        return app;
    }

    /// <summary>
    /// The document of <c>lumen voltage stats --format json</c>, from the stored readings: the published statistics when
    /// unfiltered (never limited), a pass over the stored readings under <see cref="ExpensiveReads"/> when filtered.
    /// </summary>
    internal static async Task<Results<Ok<VoltageStatisticsReport>, ProblemHttpResult>> StatsAsync(
        SeriesRepository repository, TelemetrySlice slice, ExpensiveReads reads, DateTime? from, DateTime? to, string? feeder, string? by, int? top, CancellationToken cancellationToken)
    {
        var request = new VoltageStatisticsRequest(by ?? "area", top ?? 100);
        if (VoltageStatisticsQuery.Check(request) is { Count: > 0 } problems)
        {
            return problems.ToProblem();
        }

        DateTime? fromUtc = from?.ToUniversalTime();
        DateTime? toUtc = to?.ToUniversalTime();
        if (fromUtc is DateTime a && toUtc is DateTime b && b <= a)
        {
            return Problems.Field("to", "must be after 'from'");
        }

        VoltageStatistics? stats;
        if (fromUtc is null && toUtc is null && feeder is null)
        {
            TelemetrySnapshot? current = slice.Current;
            if (current is null || current.Revision != repository.Revision())
            {
                return Problems.NotReady();
            }

            stats = current.Voltage;
        }
        else
        {
            if (feeder is not null && !repository.Coverage().Feeders.Contains(feeder, StringComparer.Ordinal))
            {
                return Problems.NotFound("feeder", feeder);
            }

            stats = await reads.RunAsync(() => repository.VoltageStatistics(fromUtc, toUtc, feeder, cancellationToken), cancellationToken);
        }

        if (stats is null)
        {
            return Problems.Field("readings", "no stored voltage reading matches (import readings with POST /api/series/voltage)", StatusCodes.Status404NotFound);
        }

        QueryResult<VoltageStatisticsReport> result = VoltageStatisticsQuery.Run(stats, request);
        return result.Value is { } report ? TypedResults.Ok(report) : result.Problems.ToProblem();
    }

    private static Results<Ok<VoltageSummaryDocument>, ProblemHttpResult> Summary(NetworkCatalog catalog, Microsoft.Extensions.Options.IOptions<Options.RecomputeOptions> options)
    {
        if (Report(catalog, out NetworkSnapshot? s) is { } problem)
        {
            return problem;
        }

        LowVoltageReport r = s!.Voltage!;
        PowerFlowResult f = r.PowerFlow;
        bool ok = f.Converged;
        return TypedResults.Ok(new VoltageSummaryDocument(s.Info.Version, VoltageProfile.GbT12325.Name, f.Converged, f.Iterations, f.SourceKw, f.LoadKw,
            f.LossesKw, ok ? f.MinVoltagePu : null, ok ? f.MinVoltageBus : null, ok ? r.LowVoltageCustomers : null, ok ? r.LowAreas.Count : null,
            ok ? r.LowBuses.Count : null, ok ? r.Overloaded.Count : null, options.Value.PeakCoincidenceFactor, options.Value.SourceVoltagePu));
    }

    private static Results<Ok<PageDocument<LowVoltageAreaDocument>>, ProblemHttpResult> LowAreas(NetworkCatalog catalog, [AsParameters] Paging page)
    {
        if (Report(catalog, out NetworkSnapshot? s) is { } problem)
        {
            return problem;
        }

        if (Converged(s!) is { } diverged)
        {
            return diverged;
        }

        IReadOnlyList<LowVoltageArea> areas = s!.Voltage!.LowAreas;
        int start = Math.Min(page.Skip, areas.Count);
        var items = areas.Skip(start).Take(page.Take(20))
            .Select(a => new LowVoltageAreaDocument(a.LoadPointId, a.BusId, a.Feeder, a.Customers, a.VoltagePu, a.LimitPu)).ToList();
        return TypedResults.Ok(new PageDocument<LowVoltageAreaDocument>(areas.Count, start, items));
    }

    private static Results<Ok<PageDocument<OverloadedBranchDocument>>, ProblemHttpResult> Overloaded(NetworkCatalog catalog, [Range(1, Paging.MaxTop)] int? top)
    {
        if (Report(catalog, out NetworkSnapshot? s) is { } problem)
        {
            return problem;
        }

        if (Converged(s!) is { } diverged)
        {
            return diverged;
        }

        IReadOnlyList<OverloadedBranch> list = s!.Voltage!.Overloaded;
        var items = list.Take(top ?? 20).Select(b => new OverloadedBranchDocument(b.BranchId, b.Kind.ToString().ToLowerInvariant(), b.LoadingPct, b.CurrentA)).ToList();
        return TypedResults.Ok(new PageDocument<OverloadedBranchDocument>(list.Count, 0, items));
    }

    private static async Task<Results<Ok<PowerFlowReport>, ProblemHttpResult>> PowerFlowAsync(
        [FromBody] PowerFlowBody body, NetworkCatalog catalog, IOptions<RecomputeOptions> options, CancellationToken cancellationToken)
    {
        // The body's ranges are declared on it, and the configured source voltage is validated at start-up.
        double source = body.SourceVoltagePu ?? options.Value.SourceVoltagePu;
        if (VoltageProfileCatalog.Find(body.Profile) is not VoltageProfile profile)
        {
            return Problems.Field("profile", $"unknown profile '{body.Profile}' (gbt12325 or sgcc-low-voltage)");
        }

        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        PowerFlowScenario scenario = PowerFlowScenario.Base;
        if (body.Changes is { Count: > 0 } changes)
        {
            // The same parser of a change as the CLI's scenario file, with the problems named by the body's fields.
            QueryResult<PowerFlowScenario> read = PowerFlowScenarioReader.FromChanges(changes, s.Network);
            if (read.Value is not { } fromChanges)
            {
                return read.Problems.ToProblem();
            }

            scenario = fromChanges;
        }

        // The source voltage: the body's, else a source_pu change's, else the service's peak-load setting.
        bool changed = body.Changes?.Any(c => string.Equals(c.Kind, "source_pu", StringComparison.OrdinalIgnoreCase)) == true;
        scenario = scenario with { LoadScale = scenario.LoadScale * body.LoadScale, SourceVoltagePu = body.SourceVoltagePu ?? (changed ? scenario.SourceVoltagePu : source) };
        var query = new PowerFlowRequest(s.Network, scenario, profile) { Version = s.Info.Version, Top = body.Top };
        return TypedResults.Ok(await Task.Run(() => PowerFlowQuery.Run(query), cancellationToken));
    }

    private static ProblemHttpResult? Report(NetworkCatalog catalog, out NetworkSnapshot? snapshot)
    {
        snapshot = catalog.Current;
        if (snapshot is null)
        {
            return Problems.NotReady();
        }

        if (snapshot.Voltage is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The voltage prediction failed for this version", detail: "see the service log");
        }

        return null;
    }

    private static ProblemHttpResult? Converged(NetworkSnapshot snapshot) =>
        snapshot.Voltage!.PowerFlow.Converged
            ? null
            : Problems.Field("power_flow", "the peak-load power flow did not converge, so no low-voltage areas or overloads are predicted (see GET /api/voltage)", StatusCodes.Status422UnprocessableEntity);
}
