using Lumen.Host.Documents;
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
        app.MapGet("/api/export/diagnosis.xlsx", DiagnosisWorkbookAsync).WithTags("Export").WithName("ExportDiagnosis_xlsx")
            .WithSummary("The diagnosis as an Excel workbook (sheets summaries, problems, feeders, n1_failures, load_levels; the same workbook as lumen plan diagnose --xlsx).");
        return app;
    }

    private static async Task<IResult> DiagnosisWorkbookAsync(PlanningSlice planning, NetworkCatalog catalog, HttpContext context)
    {
        if (Diagnosis(planning, catalog).Result is not Ok<DiagnosisReport> ok)
        {
            return Problems.NotReady();
        }

        // MiniExcel writes the zip synchronously: build it in memory, then send it.
        using var buffer = new MemoryStream();
        await DiagnosisWorkbook.WriteAsync(buffer, ok.Value!, context.RequestAborted);
        return TypedResults.File(buffer.ToArray(), ExportApi.Xlsx, $"diagnosis-v{catalog.Current!.Info.Version}.xlsx");
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
