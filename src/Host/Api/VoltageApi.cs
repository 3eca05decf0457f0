using Lumen.Host.Services;
using Lumen.Reliability.Voltage;
using Lumen.Topology.PowerFlow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

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

/// <summary><c>/api/voltage</c>: power flow at peak load and the low-voltage areas it predicts (GB/T 12325 limits).</summary>
internal static class VoltageApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapVoltageApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/voltage").WithTags("Voltage");
        api.MapGet("/", Summary).WithName("GetVoltageSummary").WithSummary("Peak-load power flow of the current version: convergence, losses, minimum voltage, low-voltage customers.");
        api.MapGet("/low-areas", LowAreas).WithName("ListLowVoltageAreas").WithSummary("Transformer areas below the GB/T 12325 limit at peak load, lowest first.");
        api.MapGet("/overloaded", Overloaded).WithName("ListOverloadedBranches").WithSummary("Branches above 100 % of rating at peak load, most loaded first.");
        return app;
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

    private static Results<Ok<PageDocument<LowVoltageAreaDocument>>, ProblemHttpResult> LowAreas(NetworkCatalog catalog, int? top, int? offset)
    {
        if (top is < 1 or > 1000)
        {
            return Problems.Field("top", "between 1 and 1000");
        }

        if (offset < 0)
        {
            return Problems.Field("offset", "must be 0 or more");
        }

        if (Report(catalog, out NetworkSnapshot? s) is { } problem)
        {
            return problem;
        }

        if (Converged(s!) is { } diverged)
        {
            return diverged;
        }

        IReadOnlyList<LowVoltageArea> areas = s!.Voltage!.LowAreas;
        int start = Math.Min(offset ?? 0, areas.Count);
        var items = areas.Skip(start).Take(top ?? 20)
            .Select(a => new LowVoltageAreaDocument(a.LoadPointId, a.BusId, a.Feeder, a.Customers, a.VoltagePu, a.LimitPu)).ToList();
        return TypedResults.Ok(new PageDocument<LowVoltageAreaDocument>(areas.Count, start, items));
    }

    private static Results<Ok<PageDocument<OverloadedBranchDocument>>, ProblemHttpResult> Overloaded(NetworkCatalog catalog, int? top)
    {
        if (top is < 1 or > 1000)
        {
            return Problems.Field("top", "between 1 and 1000");
        }

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
