using System.ComponentModel.DataAnnotations;
using System.Data;
using System.Text;
using Lumen.Host.Documents;
using Lumen.Host.Services;
using Lumen.Host.Storage.Series;
using Lumen.Reliability.Aging;
using Lumen.Reliability.History;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Import;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Lumen.Host.Api;

/// <summary>The JSON form of an export: columns with units, rows as objects keyed by column name.</summary>
internal sealed record ExportDocument(IReadOnlyList<ExportColumn> Columns, IReadOnlyList<Dictionary<string, object?>> Rows);

/// <summary>
/// <c>/api/export/{table}.xlsx|.csv|.json</c> for the tables planners take away: feeder ranking, worst-served load points,
/// asset ranking, replacement plan (years and replacements), outage statistics by split, voltage compliance by area.
/// Each calls the JSON route's own handler (same filters, same rows) and renders its rows; xlsx through MiniExcel with
/// typed cells, a frozen header row with units and a filter.
/// </summary>
internal static class ExportApi
{
    private const int MaxWorst = 10_000;
    internal const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static readonly string[] s_formats = ["csv", "xlsx", "json"];

    /// <summary>Maps the endpoints (literal names: they take precedence over the stored tables' <c>{table}.csv</c>).</summary>
    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/export").WithTags("Export");
        foreach (string format in s_formats)
        {
            api.MapGet($"/feeder_ranking.{format}", (HttpContext c, NetworkCatalog catalog) => Render(c, format, FeederRanking(catalog)))
                .WithName("ExportFeederRanking_" + format).WithSummary("Predicted reliability per feeder, worst SAIDI first (GET /api/reliability/feeders).");
            api.MapGet($"/worst_served.{format}", (HttpContext c, HistoryCatalog catalog, [Range(1, MaxWorst)] int? top, [FromQuery(Name = "exclude_med")] bool? excludeMed) =>
                    Render(c, format, WorstServed(catalog, top, excludeMed)))
                .WithName("ExportWorstServed_" + format).WithSummary("Load points with the most interruptions and the longest interruption in the stored outage history (top: each list's length, default 100).");
            api.MapGet($"/asset_ranking.{format}", (HttpContext c, AssetsSlice slice, string? sort, string? method, string? @class, string? feeder, string? q) =>
                    Render(c, format, AssetRanking(slice, sort, method, @class, feeder, q)))
                .WithName("ExportAssetRanking_" + format).WithSummary("The replacement ranking with every matching asset (filters of GET /api/assets/ranking).");
            api.MapGet($"/plan_years.{format}", (HttpContext c, AssetsSlice slice) => Render(c, format, PlanYears(slice)))
                .WithName("ExportPlanYears_" + format).WithSummary("The default replacement plan's effect per year (GET /api/assets/plan).");
            api.MapGet($"/plan_replacements.{format}", (HttpContext c, AssetsSlice slice) => Render(c, format, PlanReplacements(slice)))
                .WithName("ExportPlanReplacements_" + format).WithSummary("The default replacement plan's replacements (GET /api/assets/plan).");
            api.MapGet($"/outage_stats.{format}", async (HttpContext c, HistoryCatalog catalog, OutageStatsMemo memo, [AsParameters] OutageStatsParameters query) =>
                    await Render(c, format, await OutageSplitAsync(catalog, memo, query, c.RequestAborted)))
                .WithName("ExportOutageStats_" + format).WithSummary("Historical indices by split (feeder by default; filters of GET /api/outages).");
            api.MapGet($"/voltage_compliance.{format}", async (HttpContext c, SeriesRepository repository, TelemetrySlice slice, ExpensiveReads reads, DateTime? from, DateTime? to, string? feeder, string? by) =>
                    await Render(c, format, await VoltageComplianceAsync(repository, slice, reads, from, to, feeder, by, c.RequestAborted)))
                .WithName("ExportVoltageCompliance_" + format).WithSummary("Voltage compliance from meter readings by transformer area (by=area, default), feeder or month (GET /api/voltage/stats).");
        }

        return app;
    }

    private static (ExportTable? Table, IResult? Problem) FeederRanking(NetworkCatalog catalog)
    {
        var rows = new List<object?[]>();
        for (int offset = 0; ; offset += Paging.MaxTop)
        {
            IResult page = (IResult)ReliabilityApi.Feeders(catalog, new Paging(Paging.MaxTop, offset)).Result;
            if (page is not Ok<PageDocument<RankedFeederDocument>> ok)
            {
                return (null, page);
            }

            foreach (RankedFeederDocument f in ok.Value!.Items)
            {
                Reliability.Predictive.IndicesReport i = f.Indices;
                rows.Add([f.Rank, f.Id, i.Customers, i.Saifi, i.Saidi, i.Caidi, i.Asai, i.Rs1, i.EnsMwh]);
            }

            if (offset + Paging.MaxTop >= ok.Value.Total)
            {
                break;
            }
        }

        return (new ExportTable($"feeder-ranking-v{catalog.Current!.Info.Version}",
            [new("rank"), new("feeder"), new("customers"), new("saifi", "1/yr"), new("saidi", "h/yr"), new("caidi", "h"), new("asai"), new("rs_1", "%"), new("ens_mwh", "MWh/yr")], rows), null);
    }

    private static (ExportTable? Table, IResult? Problem) WorstServed(HistoryCatalog catalog, int? top, bool? excludeMed)
    {
        if (HistoryApi.Report(catalog, out HistoryResults? s) is { } problem)
        {
            return (null, problem);
        }

        WorstServedLoadPoints worst = WorstServedQuery.Run(new WorstServedRequest(s!.History!, top ?? 100, excludeMed ?? false));
        var rows = worst.LoadPoints.Select(w => new object?[] { w.LoadPointId, w.Feeder, w.Customers, w.SustainedInterruptions, w.MomentaryEvents, w.InterruptionHours }).ToList();
        return (new ExportTable($"worst-served-v{s.NetworkVersion}-b{s.Outages!.Batch}",
            [new("load_point"), new("feeder"), new("customers"), new("sustained_interruptions"), new("momentary_events"), new("interruption_hours", "h")], rows), null);
    }

    internal static (ExportTable? Table, IResult? Problem) AssetRanking(AssetsSlice slice, string? sort, string? method, string? @class, string? feeder, string? q, int offset = 0, int? top = null)
    {
        if (AssetsApi.Filter(slice, sort, method, @class, feeder, q, offset, top ?? int.MaxValue, out AssetRankingRequest? query) is { } problem)
        {
            return (null, problem);
        }

        AssetRankingReport report = AssetRankingQuery.Run(query!);
        string currency = report.Currency;
        var rows = report.Items.Select(r => new object?[]
        {
            r.Rank, r.AssetId, r.Class, r.ComponentId, r.Feeder, r.InstallYear, r.AgeYears, AssetsApi.MethodName(r.Method), r.Health, r.Pof, r.ConsequencePerFailure, r.RiskPerYear,
            r.ReplacementCost, r.RiskRemovedPerYear, r.RiskRemovedPerCost, r.RemovesNothing, r.CustomersPerFailure, r.CustomerHoursPerFailure, r.EnsKwhPerFailure,
            r.ComplaintsPerFailure, r.Failures, string.Join(" | ", r.Reasons.Select(x => $"{x.Kind}: {x.Text}")),
        }).ToList();
        return (new ExportTable($"asset-ranking-r{report.RegisterRevision}-v{report.NetworkVersion}",
            [new("rank"), new("asset_id"), new("class"), new("component_id"), new("feeder"), new("install_year"), new("age_years", "a"), new("method"), new("health"),
             new("pof", "1/yr"), new("consequence_per_failure", currency), new("risk_per_year", currency + "/yr"), new("replacement_cost", currency),
             new("risk_removed_per_year", currency + "/yr"), new("risk_removed_per_cost"), new("removes_nothing"), new("customers_per_failure"),
             new("customer_hours_per_failure", "h"), new("ens_kwh_per_failure", "kWh"), new("complaints_per_failure"), new("failures"), new("reasons")], rows), null);
    }

    internal static (ExportTable? Table, IResult? Problem) PlanYears(AssetsSlice slice)
    {
        IResult answer = (IResult)AssetsApi.DefaultPlan(slice).Result;
        if (answer is not Ok<AssetPlanReport> ok)
        {
            return (null, answer);
        }

        AssetPlanReport plan = ok.Value!;
        string c = plan.Currency;
        var rows = plan.Years.Select(y => new object?[]
        {
            y.PlanYear, y.CalendarYear, y.Budget, y.Spent, y.Replacements, y.MandatoryReplacements, y.Exact, y.Benefit, y.BenefitRepair, y.BenefitEns, y.BenefitComplaints,
            y.BenefitCustomerHours, y.BenefitCostRatio, y.NetPresentValue, y.SkippedBelowCost, y.Note, y.RiskDoNothing, y.RiskRemaining, y.DeltaSaifi, y.DeltaSaidi,
            y.DeltaEnsMwh, y.DeltaComplaints, y.AssetSaidiDoNothing, y.AssetSaidiWithPlan, y.ComplaintsDoNothing, y.ComplaintsWithPlan,
        }).ToList();
        return (new ExportTable("asset-plan-years",
            [new("plan_year"), new("calendar_year"), new("budget", c), new("spent", c), new("replacements"), new("mandatory_replacements"), new("exact"),
             new("benefit", c), new("benefit_repair", c), new("benefit_ens", c), new("benefit_complaints", c), new("benefit_customer_hours", c),
             new("benefit_cost_ratio"), new("net_present_value", c), new("skipped_below_cost"), new("note"), new("risk_do_nothing", c + "/yr"),
             new("risk_remaining", c + "/yr"), new("delta_saifi", "1/yr"), new("delta_saidi", "h/yr"), new("delta_ens_mwh", "MWh/yr"), new("delta_complaints", "1/yr"),
             new("asset_saidi_do_nothing", "h/yr"), new("asset_saidi_with_plan", "h/yr"), new("complaints_do_nothing", "1/yr"), new("complaints_with_plan", "1/yr")],
            rows), null);
    }

    internal static (ExportTable? Table, IResult? Problem) PlanReplacements(AssetsSlice slice)
    {
        IResult answer = (IResult)AssetsApi.DefaultPlan(slice).Result;
        if (answer is not Ok<AssetPlanReport> ok)
        {
            return (null, answer);
        }

        AssetPlanReport plan = ok.Value!;
        var rows = plan.Replacements.Select(r => new object?[] { r.PlanYear, r.AssetId, r.Class, r.Feeder, r.Cost, r.Benefit, r.BenefitCostRatio, r.RiskRemoved, AssetsApi.ReasonName(r.Reason) }).ToList();
        return (new ExportTable("asset-plan-replacements",
            [new("plan_year"), new("asset_id"), new("class"), new("feeder"), new("cost", plan.Currency), new("benefit", plan.Currency), new("benefit_cost_ratio"),
             new("risk_removed", plan.Currency + "/yr"), new("reason")], rows), null);
    }

    private static async Task<(ExportTable? Table, IResult? Problem)> OutageSplitAsync(HistoryCatalog catalog, OutageStatsMemo memo, OutageStatsParameters query, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> names = query.ToRequest().By;
        if (names.Count > 1)
        {
            return (null, Problems.Field("by", "one split per table"));
        }

        IResult answer = (IResult)(await HistoryApi.StatsAsync(catalog, memo, query with { By = [names.Count == 1 ? names[0] : "feeder"], Feeder = null }, cancellationToken)).Result;
        if (answer is not Ok<OutageStatisticsReport> ok)
        {
            return (null, answer);
        }

        OutageStatisticsReport doc = ok.Value!;
        string by = doc.Splits.Keys.Single();
        var rows = doc.Splits[by].Select(r => new object?[]
        {
            r.Key, r.Indices.CustomersServed, r.Indices.SustainedEvents, r.Indices.Saifi, r.Indices.Saidi, r.Indices.Caidi, r.Indices.Rs1, r.Indices.Maifi, r.Indices.PeriodHours,
        }).ToList();
        return (new ExportTable($"outage-stats-by-{by}-{doc.Period.From:yyyyMMdd}-{doc.Period.To:yyyyMMdd}",
            [new(by), new("customers_served"), new("sustained_events"), new("saifi", "1/period"), new("saidi", "h/period"), new("caidi", "h"), new("rs_1", "%"),
             new("maifi", "1/period"), new("period_hours", "h")], rows), null);
    }

    private static async Task<(ExportTable? Table, IResult? Problem)> VoltageComplianceAsync(
        SeriesRepository repository, TelemetrySlice slice, ExpensiveReads reads, DateTime? from, DateTime? to, string? feeder, string? by, CancellationToken cancellationToken)
    {
        string split = by ?? "area";
        Results<Ok<VoltageStatisticsReport>, ProblemHttpResult> answer = await VoltageApi.StatsAsync(repository, slice, reads, from, to, feeder, split, 0, cancellationToken);
        if (answer.Result is not Ok<VoltageStatisticsReport> ok)
        {
            return (null, (IResult)answer.Result);
        }

        VoltageStatisticsReport doc = ok.Value!;
        var rows = doc.Groups.Select(g => new object?[]
        {
            g.Key, g.Points, g.CompliancePercent, g.MonitoredHours, g.MissingHours, g.HoursAbove, g.HoursBelow, g.LowVoltageCustomers, g.Episodes,
        }).ToList();
        return (new ExportTable($"voltage-compliance-by-{split}",
            [new(split), new("points"), new("compliance_percent", "%"), new("monitored_hours", "h"), new("missing_hours", "h"), new("hours_above", "h"),
             new("hours_below", "h"), new("low_voltage_customers"), new("episodes")], rows), null);
    }

    internal static async Task<IResult> Render(HttpContext context, string format, (ExportTable? Table, IResult? Problem) answer)
    {
        if (answer.Table is not { } table)
        {
            return answer.Problem!;
        }

        if (format == "json")
        {
            var rows = table.Rows.Select(r => table.Columns.Select((c, i) => (c.Name, Value: ExportWorkbook.Cell(r[i]))).ToDictionary(x => x.Name, x => x.Value)).ToList();
            return TypedResults.Ok(new ExportDocument(table.Columns, rows));
        }

        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{table.FileName}.{format}\"";
        if (format == "csv")
        {
            context.Response.ContentType = "text/csv; charset=utf-8";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
            await using (var csv = new CsvTableWriter(writer, table.Columns.Select(c => c.Name)))
            {
                foreach (object?[] row in table.Rows)
                {
                    await csv.WriteRowAsync(row);
                }
            }

            await writer.FlushAsync(context.RequestAborted);
            return Results.Empty;
        }

        // MiniExcel writes the zip synchronously: build it in memory (a few MB for the largest ranking), then send it.
        using var buffer = new MemoryStream();
        await ExportWorkbook.WriteAsync(buffer, [("data", table)], context.RequestAborted);
        return TypedResults.File(buffer.ToArray(), Xlsx, table.FileName + ".xlsx");
    }
}
