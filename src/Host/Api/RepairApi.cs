using System.Globalization;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.History;
using Lumen.Reliability.Repair;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>Result of a repair upload.</summary>
/// <param name="Created">False when the same files are already the current batch.</param>
/// <param name="Batch">The new or current batch.</param>
/// <param name="Warnings">Warnings of the import (e.g. unknown columns).</param>
internal sealed record RepairImportDocument(bool Created, RepairBatch Batch, IReadOnlyList<string> Warnings);

/// <summary>The area class rules every repair answer uses.</summary>
/// <param name="RuleSet">The stored rule set; null for the defaults.</param>
/// <param name="Rules">The rules: class table (commitments, densities, speeds), detour factor, overrides.</param>
/// <param name="Created">After an upload: false when the same files are already the current rules; null otherwise.</param>
/// <param name="Warnings">Warnings of the upload (e.g. unknown columns).</param>
internal sealed record RepairRulesDocument(RepairRuleSet? RuleSet, AreaClassRules Rules, bool? Created, IReadOnlyList<string> Warnings);

/// <summary>
/// <c>/api/repair</c>: upload of work orders and crews, response statistics (the same document as <c>lumen repair
/// stats --format json</c>) and the crew placement study (as <c>lumen repair placement --format json</c>).
/// </summary>
internal static class RepairApi
{
    private static readonly string[] s_files = ["work_orders.csv", "crews.csv"];
    private static readonly string[] s_ruleFiles = ["area_classes.csv", "area_overrides.csv"];

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapRepairApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/repair").WithTags("Repair response");
        api.MapPost("/", ImportAsync).WithName("ImportRepairs")
            .WithSummary("Import repair work orders with their crew register: multipart/form-data with work_orders.csv and crews.csv (docs/repair.md). A different file pair replaces the repair dataset as a new batch; the same content again is 200 unchanged.")
            .Accepts<IFormFileCollection>("multipart/form-data", "*/*").DisableAntiforgery().AddEndpointFilter<ApiKeyFilter>();
        api.MapPost("/rules", ImportRulesAsync).WithName("ImportRepairRules")
            .WithSummary("Store the area class rules of every repair answer, as `lumen repair stats|placement --rules --classes` take them: multipart/form-data with area_classes.csv (area_class,arrival_commitment_minutes,minimum_load_density_mw_per_km2,speed_km_per_hour, densest first) and/or area_overrides.csv (area_id,area_class). 422 with file:line:field errors; the same files again are 200 unchanged.")
            .Accepts<IFormFileCollection>("multipart/form-data", "*/*").DisableAntiforgery().AddEndpointFilter<ApiKeyFilter>();
        api.MapDelete("/rules", ResetRules).WithName("ResetRepairRules").WithSummary("Return to the default area class rules (docs/repair.md §3).").AddEndpointFilter<ApiKeyFilter>();
        api.MapGet("/rules", Rules).WithName("GetRepairRules").WithSummary("The area class rules in use: the stored rule set, or the defaults.");
        api.MapGet("/batch", Batch).WithName("GetRepairBatch").WithSummary("The current repair batch: files, orders, crews, network version.");
        api.MapGet("/stats", StatsAsync).WithName("GetRepairStatistics")
            .WithSummary("Call-to-dispatch, dispatch-to-arrival, call-to-arrival, arrival-to-restoration and call-to-restoration (median, P90, P95), late share against the area class commitments, orders per crew and complaints, overall, by month and by=class|feeder|substation|crew (and month); worst feeders; the complaint model with repair delay. from, to: local dates (to exclusive).");
        api.MapGet("/placement", PlacementAsync).WithName("GetRepairPlacement")
            .WithSummary("The best count (1-10, default 2) additional crew bases among the substations, with up to relocations (0-10, default 0; count may then be 0) existing bases moved as well, minimising objective=late_arrivals|complaints|arrival_minutes: their effect on late arrivals, SAIDI (reliability engine) and complaints, and the late-arrival map before and after.");
        return app;
    }

    private static Results<Ok<RepairBatch>, ProblemHttpResult> Batch(RepairRepository repository) =>
        repository.Current() is RepairBatch b ? TypedResults.Ok(b) : NoData();

    private static async Task<Results<Ok<RepairStatsReport>, ProblemHttpResult>> StatsAsync(RepairCatalog catalog, RepairRepository repository, string? by, string? from, string? to, CancellationToken cancellationToken)
    {
        RepairGrouping? parsed = by?.ToLowerInvariant() switch
        {
            null or "class" => RepairGrouping.Class,
            "feeder" => RepairGrouping.Feeder,
            "substation" => RepairGrouping.Substation,
            "crew" => RepairGrouping.Crew,
            _ => null,
        };
        if (parsed is not RepairGrouping grouping)
        {
            return Problems.Field("by", $"'{by}' is not one of class, feeder, substation, crew");
        }

        if (Day("from", from, out DateTimeOffset? start) is { } badFrom)
        {
            return badFrom;
        }

        if (Day("to", to, out DateTimeOffset? end) is { } badTo)
        {
            return badTo;
        }

        if (start is not null && end is not null && end <= start)
        {
            return Problems.Field("to", "must be after from (the period is [from, to) in local days)");
        }

        if (Results(catalog, repository, out RepairResults? r) is { } problem)
        {
            return problem;
        }

        if (by is null && from is null && to is null)
        {
            return TypedResults.Ok(r!.Stats);
        }

        string key = string.Join('\u001f', "stats", grouping, start?.ToString("O", CultureInfo.InvariantCulture), end?.ToString("O", CultureInfo.InvariantCulture));
        QueryResult<RepairStatsReport> result = await Task.Run(() => r!.Memo(key, () => RepairStatsQuery.Run(r.StatsRequest() with { By = grouping, From = start, To = end })), cancellationToken);
        return result.Value is { } report ? TypedResults.Ok(report) : result.Problems.ToProblem();
    }

    private static async Task<Results<Ok<RepairPlacementReport>, ProblemHttpResult>> PlacementAsync(RepairCatalog catalog, RepairRepository repository, int? count, int? relocations, string? objective, CancellationToken cancellationToken)
    {
        PlacementObjective goal = PlacementObjective.LateArrivals;
        if (objective is not null && !PlacementObjectives.TryParse(objective, out goal))
        {
            return Problems.Field("objective", $"'{objective}' is not one of late_arrivals, complaints, arrival_minutes");
        }

        if (Results(catalog, repository, out RepairResults? r) is { } problem)
        {
            return problem;
        }

        int k = count ?? RepairSlice.DefaultBases;
        int moves = relocations ?? 0;
        if (k == RepairSlice.DefaultBases && moves == 0 && goal == PlacementObjective.LateArrivals)
        {
            return TypedResults.Ok(r!.Placement);
        }

        QueryResult<RepairPlacementReport> result = await Task.Run(() => r!.Memo($"placement\u001f{k}\u001f{moves}\u001f{goal}", () => RepairPlacementQuery.Run(r.PlacementRequest() with { Count = k, Relocations = moves, Objective = goal })), cancellationToken);
        return result.Value is { } report ? TypedResults.Ok(report) : result.Problems.ToProblem();
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, RepairRepository repository, NetworkCatalog catalog, IOptions<StoreOptions> storeOptions, CancellationToken cancellationToken)
    {
        (CsvUpload? received, ProblemHttpResult? problem) = await CsvUpload.ReceiveAsync(request, storeOptions.Value, s_files.Length,
            "work_orders.csv and crews.csv", name => name.ToLowerInvariant(), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using CsvUpload upload = received!;
        if (upload.Unexpected(s_files) is { } unexpected)
        {
            return unexpected;
        }

        if (upload.Find("work_orders.csv") is not string orders || upload.Find("crews.csv") is not string crews)
        {
            return Problems.Field("files", "work_orders.csv and crews.csv are both required");
        }

        if (catalog.Current is not NetworkSnapshot snapshot)
        {
            return Problems.NotReady();
        }

        RepairImportOutcome outcome = await Task.Run(() => repository.Import(snapshot.Network, snapshot.Info.Version, new RepairFiles(orders, crews)), cancellationToken);
        if (outcome.Status == ImportStatus.Invalid)
        {
            return Problems.Invalid(outcome.Diagnostics, "the upload");
        }

        string[] warnings = outcome.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Error).Select(d => $"{Problems.KeyOf(d)}: {d.Message}").ToArray();
        var doc = new RepairImportDocument(outcome.Status == ImportStatus.Created, outcome.Batch!, warnings);
        if (outcome.Status == ImportStatus.Unchanged)
        {
            return TypedResults.Ok(doc);
        }

        catalog.SignalChanged();
        return TypedResults.Created("/api/repair/batch", doc);
    }

    private static Ok<RepairRulesDocument> Rules(RepairRepository repository)
    {
        (RepairRuleSet? set, AreaClassRules rules) = repository.Rules();
        return TypedResults.Ok(new RepairRulesDocument(set, rules, null, []));
    }

    private static IResult ResetRules(RepairRepository repository, NetworkCatalog catalog) =>
        Stored(repository.ImportRules(null, null), repository, catalog);

    private static async Task<IResult> ImportRulesAsync(HttpRequest request, RepairRepository repository, NetworkCatalog catalog, IOptions<StoreOptions> storeOptions, CancellationToken cancellationToken)
    {
        (CsvUpload? received, ProblemHttpResult? problem) = await CsvUpload.ReceiveAsync(request, storeOptions.Value, s_ruleFiles.Length,
            "area_classes.csv and/or area_overrides.csv", name => name.ToLowerInvariant(), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using CsvUpload upload = received!;
        foreach (string name in upload.Names)
        {
            if (Array.IndexOf(s_ruleFiles, name) < 0)
            {
                return Problems.Field($"files[{name}]", $"not one of {string.Join(", ", s_ruleFiles)}");
            }
        }

        RepairRulesOutcome outcome = await Task.Run(() => repository.ImportRules(upload.Find("area_classes.csv"), upload.Find("area_overrides.csv")), cancellationToken);
        return Stored(outcome, repository, catalog);
    }

    private static IResult Stored(RepairRulesOutcome outcome, RepairRepository repository, NetworkCatalog catalog)
    {
        if (outcome.Status == ImportStatus.Invalid)
        {
            return Problems.Invalid(outcome.Diagnostics, "the upload");
        }

        string[] warnings = outcome.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Error).Select(d => $"{Problems.KeyOf(d)}: {d.Message}").ToArray();
        var doc = new RepairRulesDocument(outcome.RuleSet, repository.Rules().Rules, outcome.Status == ImportStatus.Created, warnings);
        if (outcome.Status == ImportStatus.Unchanged)
        {
            return TypedResults.Ok(doc);
        }

        catalog.SignalChanged();
        return TypedResults.Created("/api/repair/rules", doc);
    }

    private static ProblemHttpResult NoData() =>
        Problems.Field("repair", "no repair work orders are stored; import them with POST /api/repair or `lumen import repairs`", StatusCodes.Status404NotFound);

    private static ProblemHttpResult? Results(RepairCatalog catalog, RepairRepository repository, out RepairResults? results)
    {
        results = catalog.Current;
        if (catalog.Error is { } error)
        {
            return Problems.Field("repair", error, StatusCodes.Status422UnprocessableEntity);
        }

        return results is not null ? null : repository.Current() is null ? NoData() : Problems.NotReady();
    }

    private static ProblemHttpResult? Day(string field, string? text, out DateTimeOffset? day)
    {
        day = null;
        if (text is null)
        {
            return null;
        }

        if (!HistoryTime.TryParsePeriodBound(text, HistoryTime.ChinaOffset, out DateTimeOffset value, out string? error))
        {
            return Problems.Field(field, error!);
        }

        day = value;
        return null;
    }
}
