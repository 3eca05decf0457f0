using Lumen.Host.Services;
using Lumen.Reliability.Planning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Lumen.Host.Api;

/// <summary><c>/api/plan</c>: the diagnosis of the current network (the same document as <c>lumen plan diagnose --format json</c>).</summary>
internal static class PlanningApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapPlanningApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/plan").WithTags("Planning");
        api.MapGet("/diagnosis", Diagnosis).WithName("GetPlanningDiagnosis")
            .WithSummary("Diagnosis of the current network: N-1, interconnection, loading, supply radius, sections, reliability against the zone targets, and the problems by severity.");
        return app;
    }

    private static Results<Ok<DiagnosisReport>, ProblemHttpResult> Diagnosis(PlanningSlice planning, NetworkCatalog catalog)
    {
        if (planning.Current is not { } p || catalog.Current is not { } s || p.NetworkVersion != s.Info.Version)
        {
            return Problems.NotReady();
        }

        return TypedResults.Ok(p.Report);
    }
}
