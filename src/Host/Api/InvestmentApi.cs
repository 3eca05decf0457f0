using Lumen.Forecast.Data;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage;
using Lumen.Host.Storage.Series;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Investment;
using Lumen.Topology.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>
/// The form of <c>POST /api/plan/invest</c> (multipart/form-data): the inputs of <c>lumen plan invest</c>, the stored
/// data standing for <c>--load</c>, <c>--history</c> and <c>--register</c>; what is left out takes the CLI's default.
/// </summary>
internal sealed record InvestForm
{
    /// <summary>Every field the form may have.</summary>
    public static IReadOnlyList<string> Fields { get; } = ["budget_per_year", "years", "levers", "constraints", "growth_percent_per_year", "ageing", "projects", "costs", "zones", "rules", "growth"];

    /// <summary>Budget per year, 0..1e12 (default 5,000,000), as <c>--budget-per-year</c>.</summary>
    [FromForm(Name = "budget_per_year")]
    public double? BudgetPerYear { get; init; }

    /// <summary>Plan years, 1..30 (default 5), as <c>--years</c>.</summary>
    [FromForm(Name = "years")]
    public int? Years { get; init; }

    /// <summary>Levers allowed, comma-separated (default all), as <c>--levers</c>.</summary>
    [FromForm(Name = "levers")]
    public string? Levers { get; init; }

    /// <summary>Hard constraints: none, all, or some of overloads, n1, zone_targets (default overloads,n1), as <c>--constraints</c>.</summary>
    [FromForm(Name = "constraints")]
    public string? Constraints { get; init; }

    /// <summary>
    /// Peak growth a year of every feeder without a rate in <see cref="Growth"/>, % (−50..100), as <c>--growth-percent</c>;
    /// left out: each feeder's growth from the peak outlook of its stored load series, else 0.
    /// </summary>
    [FromForm(Name = "growth_percent_per_year")]
    public double? GrowthPercentPerYear { get; init; }

    /// <summary>Whether later years age the assets (default true); <c>false</c> as <c>--no-ageing</c>.</summary>
    [FromForm(Name = "ageing")]
    public bool? Ageing { get; init; }

    /// <summary>The planner's projects.csv, as <c>--projects</c>.</summary>
    [FromForm(Name = "projects")]
    public IFormFile? Projects { get; init; }

    /// <summary>Unit costs and values (JSON), as <c>--costs</c>.</summary>
    [FromForm(Name = "costs")]
    public IFormFile? Costs { get; init; }

    /// <summary>Supply zones (id,zone), as <c>--zones</c>.</summary>
    [FromForm(Name = "zones")]
    public IFormFile? Zones { get; init; }

    /// <summary>The diagnosis rule table (JSON), as <c>--rules</c>.</summary>
    [FromForm(Name = "rules")]
    public IFormFile? Rules { get; init; }

    /// <summary>The planner's growth CSV (series_id = feeder), as <c>--growth</c>.</summary>
    [FromForm(Name = "growth")]
    public IFormFile? Growth { get; init; }
}

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
            .WithSummary("Starts the investment plan across every lever from a multipart/form-data form with the inputs of lumen plan invest (202 with the job; progress at /api/jobs/{id}, the plan at /api/plan/invest/{id}).")
            .Accepts<InvestForm>("multipart/form-data", "application/x-www-form-urlencoded").DisableAntiforgery();
        api.MapGet("/invest/{id:guid}", Result).WithName("GetInvestmentPlan")
            .WithSummary("The plan of a finished job (202 with the job's progress while it runs).");
        return app;
    }

    private static async Task<Results<Accepted<JobDocument>, ProblemHttpResult>> StartAsync(
        [AsParameters] InvestForm form, HttpRequest http, NetworkCatalog catalog, SeriesRepository series, HistoryCatalog history, IComplaintModelSource complaints,
        AssetsSlice assets, JobRegistry jobs, IOptions<RecomputeOptions> options, IOptions<StoreOptions> store, CancellationToken cancellationToken)
    {
        IFormCollection received = await http.ReadFormAsync(cancellationToken);
        if (received.Keys.Concat(received.Files.Select(f => f.Name)).FirstOrDefault(k => !InvestForm.Fields.Contains(k)) is string unknown)
        {
            return Problems.Field(unknown, $"not a field of the plan; the fields are {string.Join(", ", InvestForm.Fields)}");
        }

        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        IReadOnlyList<string> levers = InvestInputs.LeverList(form.Levers);
        if (InvestConstraints.Parse(form.Constraints, out string? constraintsProblem) is not InvestConstraints constraints)
        {
            return Problems.Field("constraints", constraintsProblem!);
        }

        LoadSeries[] load = [.. series.ListLoad().Select(series.ReadLoad)];
        (InvestPlannerInputs? planner, InvestmentGrowthResult? growth, ProblemHttpResult? invalid) = await ReadFilesAsync(form, s.Network, load, store.Value, cancellationToken);
        if (planner is null || growth is null)
        {
            return invalid!;
        }

        // The same inputs as the CLI: the stored data stands for --load, --history (with complaints) and --register.
        IComplaintRateModel model = complaints.ModelFor(s) ?? LogisticComplaintRateModel.Default;
        InvestmentPlanRequest request = InvestInputs.Request(s.Network, s.Info.Name, s.Case, form.BudgetPerYear ?? 5_000_000, form.Years ?? 5, planner, levers, constraints) with
        {
            Limits = PlanningInputs.Limits(options.Value.CapacityLimits, options.Value.SourceVoltagePu),
            Load = [.. load.Select(PlanningInputs.Of)],
            History = history.Current is { } h && h.NetworkVersion == s.Info.Version ? h.Report : null,
            ComplaintModel = model,
            Assets = assets.Current is { } a && a.NetworkVersion == s.Info.Version ? a.Cnaim : null,
            Growth = growth.Growth,
            GrowthPercentPerYear = growth.GrowthPercentPerYear,
            Ageing = form.Ageing ?? true,
        };
        if (request.Problem() is string problem)
        {
            string field = problem.Split(' ')[0];
            return Problems.Field(InvestForm.Fields.Contains(field) ? field : "form", problem);
        }

        Job? job = jobs.TrySubmit(Kind, (job, ct) => InvestmentPlanQuery.Run(request, (fraction, step) =>
        {
            job.Step = step;
            job.ReportProgress(fraction);
        }, ct));
        return job is null ? Problems.JobQueueFull() : TypedResults.Accepted($"/api/jobs/{job.Id}", JobDocument.Of(job));
    }

    // The uploaded files under the names the documentation gives them, read by the CLI's readers, and the growth decided
    // from them, the growth percentage and the stored load series as the CLI decides it; all or nothing: a 400 naming
    // file, line and field for every error of the first bad file.
    private static async Task<(InvestPlannerInputs? Inputs, InvestmentGrowthResult? Growth, ProblemHttpResult? Problem)> ReadFilesAsync(
        InvestForm form, Network network, IReadOnlyList<LoadSeries> load, StoreOptions store, CancellationToken cancellationToken)
    {
        string folder = new PrivateTemp(store.DataDirectory).NewFolder("invest");
        try
        {
            async Task<string?> SaveAsync(IFormFile? file, string name)
            {
                if (file is null)
                {
                    return null;
                }

                string path = Path.Combine(folder, name);
                await using FileStream target = PrivateTemp.Create(path);
                await file.CopyToAsync(target, cancellationToken);
                return path;
            }

            var files = new InvestFiles(
                await SaveAsync(form.Projects, "projects.csv"), await SaveAsync(form.Costs, "costs.json"), await SaveAsync(form.Zones, "zones.csv"), await SaveAsync(form.Rules, "rules.json"));
            (InvestPlannerInputs? inputs, IReadOnlyList<Diagnostic> diagnostics) = InvestInputs.ReadFiles(network, files);
            InvestmentGrowthResult? growth = null;
            if (inputs is not null)
            {
                (growth, diagnostics) = InvestInputs.ReadGrowth(network, await SaveAsync(form.Growth, "growth.csv"), form.GrowthPercentPerYear, load);
                if (growth is not null)
                {
                    return (inputs, growth, null);
                }
            }

            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (Diagnostic d in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                string key = Problems.KeyOf(d);
                errors[key] = errors.TryGetValue(key, out string[]? list) ? [.. list, d.Message] : [d.Message];
            }

            return (null, null, Problems.Fields(errors, StatusCodes.Status400BadRequest, $"{errors.Count} error(s) in the uploaded files; nothing was planned"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
