using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage.Series;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Investment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>The body of <c>POST /api/plan/invest</c>; what is left out takes the CLI's default.</summary>
/// <param name="BudgetPerYear">Budget per year (default 5,000,000).</param>
/// <param name="Years">Plan years, 1..30 (default 5).</param>
/// <param name="Levers">Levers allowed (default all).</param>
/// <param name="Constraints">Force the fixes of overloads and of N-1 where the zone requires it (default true).</param>
internal sealed record InvestBody(double? BudgetPerYear, int? Years, IReadOnlyList<string>? Levers, bool? Constraints);

/// <summary>
/// <c>/api/plan/invest</c>: the investment plan as a background job on the stored network, load series, outage history,
/// fitted complaint model and the assets slice's risk; the job's result is the document of <c>lumen plan invest --format json</c>.
/// </summary>
internal static class InvestmentApi
{
    private const string Kind = "investment_plan";

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapInvestmentApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/plan").WithTags("Planning");
        api.MapPost("/invest", StartAsync).WithName("StartInvestmentPlan")
            .WithSummary("Starts the investment plan across every lever (202 with the job; progress at /api/jobs/{id}, the plan at /api/plan/invest/{id}).");
        api.MapGet("/invest/{id:guid}", Result).WithName("GetInvestmentPlan")
            .WithSummary("The plan of a finished job (202 with the job's progress while it runs).");
        return app;
    }

    private static async Task<Results<Accepted<JobDocument>, ProblemHttpResult>> StartAsync(
        HttpRequest http, NetworkCatalog catalog, SeriesRepository series, HistoryCatalog history, IComplaintModelSource complaints, AssetsSlice assets,
        JobRegistry jobs, IOptions<RecomputeOptions> options, CancellationToken cancellationToken)
    {
        (InvestBody? body, ProblemHttpResult? problem) = await JsonBody.ReadAsync<InvestBody>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        // The same inputs as the CLI: the stored data stands for --load, --history (with complaints) and --register.
        IComplaintRateModel model = complaints.ModelFor(s) ?? LogisticComplaintRateModel.Default;
        InvestmentPlanRequest request = InvestInputs.Request(s.Network, s.Info.Name, s.Case, body!.BudgetPerYear ?? 5_000_000, body.Years ?? 5) with
        {
            Limits = PlanningInputs.Limits(options.Value.CapacityLimits, options.Value.SourceVoltagePu),
            Load = [.. series.ListLoad().Select(l => PlanningInputs.Of(series.ReadLoad(l)))],
            History = history.Current is { } h && h.NetworkVersion == s.Info.Version ? h.Report : null,
            ComplaintModel = model,
            Assets = assets.Current is { } a && a.NetworkVersion == s.Info.Version ? a.Cnaim : null,
            Levers = body.Levers ?? Levers.All,
            FixOverloads = body.Constraints ?? true,
            RequireN1 = body.Constraints ?? true,
        };
        if (request.Problem() is string invalid)
        {
            return Problems.Field("body", invalid);
        }

        Job? job = jobs.TrySubmit(Kind, (job, ct) => InvestmentPlanQuery.Run(request, (fraction, step) =>
        {
            job.Step = step;
            job.ReportProgress(fraction);
        }, ct));
        return job is null ? Problems.JobQueueFull() : TypedResults.Accepted($"/api/jobs/{job.Id}", JobDocument.Of(job));
    }

    private static Results<Ok<InvestmentPlanReport>, Accepted<JobDocument>, ProblemHttpResult> Result(Guid id, JobRegistry jobs)
    {
        if (jobs.Find(id) is not { Kind: Kind } job)
        {
            return Problems.NotFound("id", id.ToString());
        }

        return job.State switch
        {
            JobState.Succeeded => TypedResults.Ok((InvestmentPlanReport)job.Result!),
            JobState.Queued or JobState.Running => TypedResults.Accepted($"/api/plan/invest/{id}", JobDocument.Of(job)),
            _ => Problems.Field("id", $"the job {job.State.ToString().ToLowerInvariant()}: {job.Error}", StatusCodes.Status409Conflict),
        };
    }
}
