using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Aging;
using Lumen.Topology.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>A stored register revision.</summary>
internal sealed record AssetRevisionDocument(int Revision, string FileName, string ContentSha256, DateTime ImportedAt, int Rows, int ConditionObservations, int Failures, bool Current)
{
    public static AssetRevisionDocument Of(AssetRegisterRevision r, int? current) =>
        new(r.Revision, r.FileName, r.ContentSha256, r.ImportedAt, r.Rows, r.ConditionObservations, r.Failures, r.Revision == current);
}

/// <summary>Whether asset results are available (the dashboard polls this instead of meeting 503s).</summary>
internal sealed record AssetStatusDocument(bool Ready, bool HasRegister, int? RegisterRevision, int? NetworkVersion, int? Year, DateTime? ComputedAt, int? Assets, string? ComplaintModel, string? Error,
    AssetUnitCostsDocument? UnitCosts);

/// <summary>The unit costs and outage times the consequences use (defaults, <c>Lumen:Assets</c> and its unit-cost file).</summary>
internal sealed record AssetUnitCostsDocument(string Currency, double EnsCostPerKwh, double CostPerComplaint, double CostPerCustomerHour, IReadOnlyList<AssetClassCostDocument> Classes)
{
    public static AssetUnitCostsDocument Of(AssetCostOptions costs, AssetOutageOptions outage) =>
        new(costs.Currency, costs.EnergyNotSuppliedCostPerKwh, costs.CostPerComplaint, costs.CostPerCustomerHour,
            AssetClasses.All.Select(c => new AssetClassCostDocument(AssetClasses.Name(c), costs.ReplacementCost.GetValueOrDefault(c),
                costs.RepairCostPerFailure.GetValueOrDefault(c), outage.RepairHours.TryGetValue(c, out double h) ? h : null)).ToArray());
}

/// <summary>Unit costs of one class; replacement per km for lines and cables; outage hours null when the branch's own time applies.</summary>
internal sealed record AssetClassCostDocument(string Class, double ReplacementCost, double RepairCostPerFailure, double? OutageHours);

/// <summary>Result of a register upload.</summary>
internal sealed record AssetImportDocument(bool Created, AssetRevisionDocument Revision);

/// <summary>One asset's health and PoF by one method.</summary>
/// <param name="Rank">Position by PoF, 1 = most likely to fail.</param>
/// <param name="AssetId">Asset id.</param>
/// <param name="Class">Asset class.</param>
/// <param name="Method">Method used for this asset (CNAIM excludes some classes, which use Weibull).</param>
/// <param name="AgeYears">Age at the analysis year.</param>
/// <param name="Health">CNAIM health score 0.5–10; null on Weibull.</param>
/// <param name="HealthScoreFactor">CNAIM health score factor, or the condition multiplier on Weibull.</param>
/// <param name="ExpectedLifeYears">CNAIM expected life or Weibull characteristic life.</param>
/// <param name="Pof">Probability of failure next year.</param>
/// <param name="PofIn10Years">Probability of failure in the year ten years after next, if kept.</param>
/// <param name="Failures">Failures on record.</param>
/// <param name="HistoryFactor">PoF multiplier from the asset's own failure history.</param>
internal sealed record AssetHealthDocument(int Rank, string AssetId, string Class, string Method, double AgeYears, double? Health, double? HealthScoreFactor,
    double? ExpectedLifeYears, double Pof, [property: JsonPropertyName("pof_in_10_years")] double PofIn10Years, int Failures, double? HistoryFactor);

/// <summary>A page of the health list.</summary>
internal sealed record AssetHealthPageDocument(int NetworkVersion, int RegisterRevision, int Year, string Method, int Total, int Offset, IReadOnlyList<AssetHealthDocument> Items);

/// <summary>One method's view of one asset.</summary>
internal sealed record AssetMethodDocument(string Method, double? Health, double Pof, [property: JsonPropertyName("pof_in_10_years")] double PofIn10Years, double? ExpectedLifeYears, double? RiskPerYear, int RiskRank);

/// <summary>A recorded failure.</summary>
internal sealed record AssetFailureDocument(DateOnly Date, string Mode);

/// <summary>One asset with its health by both methods, consequence, reasons and failures.</summary>
internal sealed record AssetDetailDocument(
    string AssetId, string Class, string? ComponentId, string? Feeder, int InstallYear, string? Manufacturer, int? InspectionYear, double AgeYears,
    AssetMethodDocument Cnaim, AssetMethodDocument Weibull, double? ConsequencePerFailure, double? ReplacementCost, double? CustomersPerFailure,
    double? CustomerHoursPerFailure, double? ComplaintsPerFailure, int ValueRank, IReadOnlyList<AssetReason> Reasons, IReadOnlyList<AssetFailureDocument> Failures,
    int NetworkVersion, int RegisterRevision, int Year, string Currency);

/// <summary>Body of <c>POST /api/assets/plan</c>.</summary>
/// <param name="BudgetPerYear">Replacement budget per year, in the cost currency.</param>
/// <param name="Years">Plan years (default: the configured default plan's; at most <see cref="AssetsOptions.MaxPlanYears"/>).</param>
/// <param name="Currency">Optional check: must equal the cost currency.</param>
/// <param name="SpendAll">Spend the budget also on replacements whose benefit is below their cost (default: <c>Lumen:Assets:SpendAll</c>).</param>
public sealed record AssetPlanBody([Required, Range(0, AssetPlanBody.MaxBudget)] double? BudgetPerYear, [Range(1, int.MaxValue)] int? Years = null, string? Currency = null, bool? SpendAll = null)
{
    /// <summary>Largest budget per year.</summary>
    public const double MaxBudget = 1e13;
}

/// <summary><c>/api/assets</c>: register upload, health, replacement ranking, one asset, replacement plans.</summary>
internal static class AssetsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapAssetsApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/assets").WithTags("Assets");
        api.MapPost("/register", ImportAsync).WithName("ImportAssetRegister")
            .WithSummary("Import an asset register (multipart/form-data with one .csv file, docs/assets.md) as the new current revision; all or nothing, re-importing the current file is detected.")
            .Accepts<IFormFile>("multipart/form-data", "*/*").DisableAntiforgery().AddEndpointFilter<ApiKeyFilter>();
        api.MapGet("/status", Status).WithName("GetAssetStatus").WithSummary("Whether asset results are available, for which register revision and network version, or why not.");
        api.MapGet("/register", Revisions).WithName("ListAssetRegisterRevisions").WithSummary("Every stored register revision, oldest first.");
        api.MapGet("/health", Health).WithName("ListAssetHealth")
            .WithSummary("Health score and PoF now and in 10 years by CNAIM (spec mode) or Weibull, most likely to fail first; filter by class, paged.");
        api.MapGet("/ranking", Ranking).WithName("ListAssetRanking")
            .WithSummary("Replacement ranking by risk removed per cost (default) or by risk (PoF × consequence), with reasons and assets whose replacement removes nothing marked; filter by class, feeder and free text, paged.");
        api.MapGet("/ranking.csv", RankingCsvAsync).WithName("ExportAssetRanking").WithSummary("The ranking as CSV, same filters (all rows unless top is given).");
        api.MapGet("/plan", DefaultPlan).WithName("GetDefaultAssetPlan").WithSummary("The default replacement plan (Lumen:Assets budget, years and economics): spend, benefit, B/C and NPV per year and in total, and its effect per year.");
        api.MapPost("/plan", Plan).WithName("StartAssetPlan")
            .WithSummary("Starts a replacement plan for a budget per year as a job: 202 Accepted with the status URL.").AddEndpointFilter<ApiKeyFilter>();
        api.MapGet("/plan/replacements.csv", PlanReplacementsCsvAsync).WithName("ExportAssetPlanReplacements").WithSummary("The default plan's replacements as CSV.");
        api.MapGet("/plan/years.csv", PlanYearsCsvAsync).WithName("ExportAssetPlanYears").WithSummary("The default plan's per-year effect as CSV.");
        api.MapGet("/{id}", Detail).WithName("GetAsset").WithSummary("One asset: health and PoF (now and in 10 years) by both methods, consequence, ranks, reasons and failures.");
        return app;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, AssetRepository repository, NetworkCatalog catalog, IOptions<StoreOptions> store, CancellationToken cancellationToken)
    {
        (CsvUpload? received, ProblemHttpResult? problem) = await CsvUpload.ReceiveAsync(request, store.Value, 1, "one asset register .csv file", null, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using CsvUpload upload = received!;
        AssetImportOutcome outcome = await Task.Run(() => repository.Import(upload.Paths.Single(), catalog.Current?.Network), cancellationToken);
        if (outcome.Status == ImportStatus.Invalid)
        {
            return Problems.Invalid(outcome.Diagnostics, "the register");
        }

        var doc = new AssetImportDocument(outcome.Status == ImportStatus.Created, AssetRevisionDocument.Of(outcome.Revision!, outcome.Revision!.Revision));
        if (outcome.Status == ImportStatus.Unchanged)
        {
            return TypedResults.Ok(doc);
        }

        catalog.SignalChanged();
        return TypedResults.Created("/api/assets/register", doc);
    }

    private static Ok<AssetStatusDocument> Status(AssetsSlice slice)
    {
        AssetsSnapshot? s = slice.Current;
        return TypedResults.Ok(new AssetStatusDocument(s is not null, slice.HasRegister, s?.Revision.Revision, s?.NetworkVersion, s?.Year, s?.ComputedAt,
            s?.Cnaim.Register.Count, s?.ComplaintModel, slice.Error, s is null ? null : AssetUnitCostsDocument.Of(s.Cnaim.Options.Costs, s.Cnaim.Options.Outage)));
    }

    private static Ok<AssetRevisionDocument[]> Revisions(AssetRepository repository)
    {
        IReadOnlyList<AssetRegisterRevision> all = repository.List();
        int? current = all.Count == 0 ? null : all[^1].Revision;
        return TypedResults.Ok(all.Select(r => AssetRevisionDocument.Of(r, current)).ToArray());
    }

    private static Results<Ok<AssetHealthPageDocument>, ProblemHttpResult> Health(AssetsSlice slice, string? method, string? @class, [AsParameters] Paging page)
    {
        if (ParseMethod(method) is not PofMethod m)
        {
            return Problems.Field("method", $"'{method}' is not cnaim or weibull");
        }

        if (ParseClass(@class, out AssetClass? assetClass) is { } badClass)
        {
            return badClass;
        }

        if (Snapshot(slice, out AssetsSnapshot? s) is { } notReady)
        {
            return notReady;
        }

        AssetRiskResult r = s!.Of(m);
        ReadOnlySpan<int> order = r.ByPof;
        int skip = page.Skip;
        int take = page.Take(50);
        int total = 0;
        var items = new List<AssetHealthDocument>(Math.Min(take, 64));
        Span<double> future = stackalloc double[11];
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];
            if (assetClass is { } c && r.Register.Classes[i] != c)
            {
                continue;
            }

            if (total >= skip && items.Count < take)
            {
                r.KeptPof(i, future);
                items.Add(new AssetHealthDocument(k + 1, r.Register.Ids[i], AssetClasses.Name(r.Register.Classes[i]), MethodName(r.Method[i]), r.AgeYears[i],
                    N(r.Health[i]), N(r.HealthScoreFactor[i]), N(r.ExpectedLifeYears[i]), r.PofPerYear[i], future[10], r.Failures[i], N(r.HistoryFactor[i])));
            }

            total++;
        }

        return TypedResults.Ok(new AssetHealthPageDocument(s.NetworkVersion, s.Revision.Revision, s.Year, MethodName(m), total, skip, items));
    }

    private static Results<Ok<AssetRankingReport>, ProblemHttpResult> Ranking(AssetsSlice slice, string? sort, string? method, string? @class, string? feeder, string? q, [AsParameters] Paging page)
    {
        return Filter(slice, sort, method, @class, feeder, q, page.Skip, page.Take(50), out AssetRankingRequest? query) is { } problem
            ? problem
            : TypedResults.Ok(AssetRankingQuery.Run(query!));
    }

    // The CSV routes of the assets area are the planner tables of /api/export (one writer, one set of columns).
    private static async Task<IResult> RankingCsvAsync(HttpContext context, AssetsSlice slice, string? sort, string? method, string? @class, string? feeder, string? q, [Range(1, int.MaxValue)] int? top, [Range(0, int.MaxValue)] int? offset)
    {
        return await ExportApi.Render(context, "csv", ExportApi.AssetRanking(slice, sort, method, @class, feeder, q, offset ?? 0, top));
    }

    internal static Results<Ok<AssetPlanReport>, ProblemHttpResult> DefaultPlan(AssetsSlice slice) =>
        Snapshot(slice, out AssetsSnapshot? s) is { } problem ? problem : TypedResults.Ok(s!.DefaultPlan);

    private static Task<IResult> PlanReplacementsCsvAsync(HttpContext context, AssetsSlice slice) => ExportApi.Render(context, "csv", ExportApi.PlanReplacements(slice));

    private static Task<IResult> PlanYearsCsvAsync(HttpContext context, AssetsSlice slice) => ExportApi.Render(context, "csv", ExportApi.PlanYears(slice));

    private static Results<Accepted<JobDocument>, ProblemHttpResult> Plan([FromBody] AssetPlanBody body, AssetsSlice slice, JobRegistry jobs, IOptions<AssetsOptions> options)
    {
        // The body's ranges are declared on it; the most years is configured.
        double budget = body.BudgetPerYear!.Value;
        int maxYears = options.Value.MaxPlanYears;
        int years = body.Years ?? options.Value.DefaultPlanYears;
        if (years > maxYears)
        {
            return Problems.Field("years", $"between 1 and {maxYears}");
        }

        if (Snapshot(slice, out AssetsSnapshot? s) is { } notReady)
        {
            return notReady;
        }

        string currency = s!.Cnaim.Options.Costs.Currency;
        if (body.Currency is not null && !body.Currency.Equals(currency, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Field("currency", $"the unit costs are in {currency}; give the budget in {currency}", StatusCodes.Status422UnprocessableEntity);
        }

        double[] budgets = Enumerable.Repeat(budget, years).ToArray();
        var plan = new AssetPlanRequest(s.Cnaim, options.Value.Plan(budgets, body.SpendAll));
        Job? job = jobs.TrySubmit("asset_plan", (job, ct) => AssetPlanQuery.Run(plan, (fraction, step) =>
        {
            job.Step = step;
            job.Progress = fraction;
        }, ct));
        if (job is null)
        {
            return Problems.JobQueueFull();
        }

        return TypedResults.Accepted($"/api/jobs/{job.Id}", JobDocument.Of(job));
    }

    private static Results<Ok<AssetDetailDocument>, ProblemHttpResult> Detail(string id, AssetsSlice slice)
    {
        if (Snapshot(slice, out AssetsSnapshot? s) is { } problem)
        {
            return problem;
        }

        if (!s!.IndexById.TryGetValue(id, out int i))
        {
            return Problems.NotFound("id", id);
        }

        AssetRiskResult c = s.Cnaim;
        AssetRecord record = c.Register.Records[i];
        var failures = new List<AssetFailureDocument>();
        foreach (AssetFailure f in c.Register.FailuresOf(i))
        {
            failures.Add(new AssetFailureDocument(f.Date, f.Mode));
        }

        return TypedResults.Ok(new AssetDetailDocument(
            record.Id, AssetClasses.Name(record.Class), record.ComponentId, s.Cnaim.Feeders[i], record.InstallYear, record.Manufacturer,
            record.InspectionYear == 0 ? null : record.InspectionYear, c.AgeYears[i], Method(s.Cnaim, i), Method(s.Weibull, i),
            N(c.ConsequencePerFailure[i]), N(c.ReplacementCost[i]), N(c.CustomersPerFailure[i]), N(c.CustomerHoursPerFailure[i]), N(c.ComplaintsPerFailure[i]),
            c.ByValue.IndexOf(i) + 1, c.Reasons(i), failures, s.NetworkVersion, s.Revision.Revision, s.Year, c.Options.Costs.Currency));
    }

    private static AssetMethodDocument Method(AssetRiskResult r, int i)
    {
        Span<double> future = stackalloc double[11];
        r.KeptPof(i, future);
        return new AssetMethodDocument(MethodName(r.Method[i]), N(r.Health[i]), r.PofPerYear[i], future[10], N(r.ExpectedLifeYears[i]), N(r.RiskPerYear[i]), r.ByRisk.IndexOf(i) + 1);
    }

    /// <summary>Validates the ranking parameters into a library request on the current snapshot.</summary>
    internal static ProblemHttpResult? Filter(AssetsSlice slice, string? sort, string? method, string? @class, string? feeder, string? q, int offset, int? top, out AssetRankingRequest? query)
    {
        query = null;
        if (sort is not (null or "risk" or "risk_per_cost"))
        {
            return Problems.Field("sort", $"'{sort}' is not risk_per_cost or risk");
        }

        if (ParseMethod(method) is not PofMethod m)
        {
            return Problems.Field("method", $"'{method}' is not cnaim or weibull");
        }

        if (ParseClass(@class, out AssetClass? assetClass) is { } badClass)
        {
            return badClass;
        }

        if (q is { Length: > 200 })
        {
            return Problems.Field("q", "at most 200 characters");
        }

        if (Snapshot(slice, out AssetsSnapshot? s) is { } notReady)
        {
            return notReady;
        }

        if (!string.IsNullOrEmpty(feeder) && !s!.Cnaim.Feeders.Contains(feeder))
        {
            return Problems.NotFound("feeder", feeder);
        }

        query = new AssetRankingRequest(
            s!.Of(m), sort == "risk" ? AssetRankingSort.Risk : AssetRankingSort.RiskPerCost, assetClass, string.IsNullOrEmpty(feeder) ? null : feeder,
            string.IsNullOrWhiteSpace(q) ? null : q.Trim(), offset, top, s.NetworkVersion, s.Revision.Revision);
        return null;
    }

    internal static string ReasonName(ReplacementReason reason) => reason switch
    {
        ReplacementReason.EndOfLife => "end_of_life",
        ReplacementReason.SpendAll => "spend_all",
        _ => "benefit",
    };

    private static ProblemHttpResult? Snapshot(AssetsSlice slice, out AssetsSnapshot? snapshot)
    {
        snapshot = slice.Current;
        if (snapshot is not null)
        {
            return null;
        }

        if (!slice.HasRegister)
        {
            return Problems.Field("register", "no asset register has been imported (POST /api/assets/register or lumen import assets)", StatusCodes.Status404NotFound);
        }

        return TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Asset results are not available yet",
            Detail = slice.Error is { } error ? "the asset analysis failed: " + error : "the asset analysis is being computed; retry shortly",
        });
    }

    private static PofMethod? ParseMethod(string? method) => method switch
    {
        null or "cnaim" => PofMethod.Cnaim,
        "weibull" => PofMethod.Weibull,
        _ => null,
    };

    private static ProblemHttpResult? ParseClass(string? text, out AssetClass? assetClass)
    {
        assetClass = null;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!AssetClasses.TryParse(text, out AssetClass parsed))
        {
            return Problems.Field("class", $"'{text}' is not an asset class; one of: {string.Join(", ", AssetClasses.All.Select(AssetClasses.Name))}");
        }

        assetClass = parsed;
        return null;
    }

    internal static string MethodName(PofMethod method) => method == PofMethod.Weibull ? "weibull" : "cnaim";

    private static double? N(double value) => double.IsFinite(value) ? value : null;
}
