using System.Globalization;
using Lumen.Host.Documents;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Topology.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>Historical indices of a period (IEEE 1366 / DL/T 836), hours and interruptions per customer.</summary>
/// <remarks>SAIFI, SAIDI and MAIFI are totals over the period (<c>period_hours</c>); RS-1 = (1 − SAIDI / period hours) × 100.</remarks>
internal sealed record HistoryIndicesDocument(double Saifi, double Saidi, double Caidi, [property: System.Text.Json.Serialization.JsonPropertyName("rs_1")] double Rs1, double Maifi, long Customers, int SustainedEvents, double PeriodHours)
{
    public static HistoryIndicesDocument Of(ReliabilityIndices i) =>
        new(i.Saifi, i.Saidi, i.Caidi, i.PeriodHours > 0 ? (1 - (i.Saidi / i.PeriodHours)) * 100 : double.NaN, i.Maifi, i.CustomersServed, i.SustainedEvents, i.PeriodHours);
}

/// <summary>One split (month, feeder or cause) of the historical indices.</summary>
internal sealed record HistorySplitDocument(string Key, HistoryIndicesDocument Indices);

/// <summary>Outage-history statistics of the current version.</summary>
internal sealed record HistoryDocument(
    int Version, DateTimeOffset From, DateTimeOffset To, HistoryIndicesDocument AllDays, HistoryIndicesDocument ExcludingMajorEventDays,
    double MajorEventThresholdHours, IReadOnlyList<MajorEventDay> MajorEventDays);

/// <summary>A stored import batch of outages or complaints.</summary>
internal sealed record HistoryBatchDocument(int Batch, string Kind, string FileName, string ContentSha256, DateTime ImportedAt, int Rows, int NetworkVersion)
{
    public static HistoryBatchDocument Of(HistoryBatch b) => new(b.Batch, b.Kind, b.FileName, b.ContentSha256, b.ImportedAt, b.RowCount, b.NetworkVersion);
}

/// <summary>Result of an outage or complaint upload.</summary>
internal sealed record HistoryImportDocument(bool Created, HistoryBatchDocument Batch, IReadOnlyList<string> Warnings);

/// <summary>Filtered outage statistics of <c>GET /api/outages</c>.</summary>
/// <param name="Version">Network version the history is built on.</param>
/// <param name="Batch">Outage batch the records come from.</param>
/// <param name="From">Start of the period.</param>
/// <param name="To">End of the period (exclusive).</param>
/// <param name="Feeder">Feeder filter (indices over the feeder's customers), or null.</param>
/// <param name="Cause">Cause filter (that cause's share of the indices, system customers), or null.</param>
/// <param name="ExcludeMajorEventDays">Whether events that began on major event days are left out.</param>
/// <param name="Indices">Indices of the filtered events.</param>
/// <param name="MajorEventThresholdHours">The system's 2.5β threshold for the period.</param>
/// <param name="MajorEventDays">The system's major event days in the period (identified on all records, before filters).</param>
/// <param name="Split">The requested split of the filtered events, or null.</param>
internal sealed record OutageStatsDocument(
    int Version, int Batch, DateTimeOffset From, DateTimeOffset To, string? Feeder, string? Cause, bool ExcludeMajorEventDays,
    HistoryIndicesDocument Indices, double MajorEventThresholdHours, IReadOnlyList<MajorEventDay> MajorEventDays, IReadOnlyList<HistorySplitDocument>? Split);

/// <summary>Complaint linkage summary of <c>GET /api/complaints/summary</c>.</summary>
internal sealed record ComplaintSummaryDocument(int Version, int ComplaintBatch, int? OutageBatch, bool LowVoltageAreasUsed, ComplaintSummary Summary);

/// <summary>Expected complaints of one outage under the fitted model.</summary>
internal sealed record ExpectedComplaintsDocument(double Customers, double DurationHours, int Repeat, double Complaints);

/// <summary>One point of the model's curve: complaints per 1,000 customers interrupted for a duration.</summary>
internal sealed record RateCurvePoint(double DurationHours, double ComplaintsPerThousand);

/// <summary>Complaint rates and the fitted model of <c>GET /api/complaints/rates</c>.</summary>
/// <param name="Model">The model other analyses use (logistic when fitted, else Poisson).</param>
internal sealed record ComplaintRatesDocument(
    int Version, int OutageBatch, int ComplaintBatch, int Complaints, int LinkedToOutages, IReadOnlyList<RateBand> ByDuration, IReadOnlyList<RateBand> ByRepeat,
    ComplaintRateModelDocument? Model, ComplaintRateModelDocument? Poisson, ComplaintRateModelDocument? Logistic,
    ExpectedComplaintsDocument? Expected, IReadOnlyList<RateCurvePoint> Curve);

/// <summary>
/// <c>/api/history</c>: outage-history indices, major event days and splits; <c>/api/outages</c>: upload of outage records
/// and filtered statistics; <c>/api/complaints</c>: upload, linkage summary and the complaint-rate model.
/// </summary>
internal static class HistoryApi
{
    private static readonly string[] s_splits = ["month", "feeder", "cause"];
    private static readonly string[] s_statsSplits = ["month", "feeder", "substation", "cause", "nature"];
    private static readonly string[] s_outageFiles = ["outages.csv", "restoration_steps.csv", "momentary.csv"];
    private static readonly double[] s_curveHours = [0, 0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 36, 48];

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/history").WithTags("Outage history");
        api.MapGet("/", Get).WithName("GetOutageHistory").WithSummary("Historical SAIFI/SAIDI/CAIDI/ASAI/RS-1/MAIFI over the period, all days and without major event days (IEEE 1366 2.5β).");
        api.MapGet("/{split}", Split).WithName("GetOutageHistorySplit").WithSummary("Historical indices by month, feeder or cause (feeders and causes worst SAIDI first).");

        RouteGroupBuilder outages = app.MapGroup("/api/outages").WithTags("Outage history");
        outages.MapPost("/", ImportOutagesAsync).WithName("ImportOutages")
            .WithSummary("Import outage records: multipart/form-data with outages.csv and optionally restoration_steps.csv and momentary.csv. A different file set replaces the outage dataset as a new batch (older batches stay stored); the same content again is 200 unchanged.")
            .Accepts<IFormFileCollection>("multipart/form-data", "*/*").DisableAntiforgery().AddEndpointFilter<ApiKeyFilter>();
        outages.MapGet("/", Stats).WithName("GetOutageStatistics").RequireRateLimiting(ReadLimits.Expensive)
            .WithSummary("Historical indices for a period (from, to: local dates, to exclusive) filtered by feeder and/or cause, with or without major event days (exclude_med), and an optional split.");

        RouteGroupBuilder complaints = app.MapGroup("/api/complaints").WithTags("Complaints");
        complaints.MapPost("/", ImportComplaintsAsync).WithName("ImportComplaints")
            .WithSummary("Import 95598 complaints: multipart/form-data with one CSV (complaint_id,time,location_id,category[,text]); replaces the complaint dataset as a new batch.")
            .Accepts<IFormFileCollection>("multipart/form-data", "*/*").DisableAntiforgery().AddEndpointFilter<ApiKeyFilter>();
        complaints.MapGet("/summary", Summary).WithName("GetComplaintSummary")
            .WithSummary("Complaints linked to outages and low-voltage areas, with counts by category, month and feeder.");
        complaints.MapGet("/rates", Rates).WithName("GetComplaintRates")
            .WithSummary("Complaints per 1,000 customer interruptions and the fitted complaint-rate model; with customers and duration_hours, the expected complaints of such an outage.");
        return app;
    }

    private static Results<Ok<HistoryDocument>, ProblemHttpResult> Get(HistoryCatalog catalog)
    {
        if (Report(catalog, out HistoryResults? s) is { } problem)
        {
            return problem;
        }

        HistoryReport r = s!.Report!;
        return TypedResults.Ok(new HistoryDocument(s.NetworkVersion, r.From, r.To, HistoryIndicesDocument.Of(r.AllDays),
            HistoryIndicesDocument.Of(r.ExcludingMajorEventDays), r.MajorEventDays.ThresholdHours, r.MajorEventDays.Days));
    }

    private static Results<Ok<HistorySplitDocument[]>, ProblemHttpResult> Split(string split, HistoryCatalog catalog, int? top)
    {
        if (Array.IndexOf(s_splits, split) < 0)
        {
            return Problems.Field("split", $"'{split}' is not one of {string.Join(", ", s_splits)}", StatusCodes.Status404NotFound);
        }

        if (top is < 1 or > 1000)
        {
            return Problems.Field("top", "between 1 and 1000");
        }

        if (Report(catalog, out HistoryResults? s) is { } problem)
        {
            return problem;
        }

        IEnumerable<SplitIndices> rows = s!.Report!.Splits.TryGetValue(split, out IReadOnlyList<SplitIndices>? list) ? list : [];
        return TypedResults.Ok(Ordered(rows, split).Take(top ?? 1000).Select(r => new HistorySplitDocument(r.Key, HistoryIndicesDocument.Of(r.Indices))).ToArray());
    }

    private static Results<Ok<OutageStatsDocument>, ProblemHttpResult> Stats(HistoryCatalog catalog, OutageStatsMemo memo, string? from, string? to, string? feeder, string? cause, [FromQuery(Name = "exclude_med")] bool? excludeMed, string? split)
    {
        if (ParseDay("from", from, out DateTimeOffset? start) is { } badFrom)
        {
            return badFrom;
        }

        if (ParseDay("to", to, out DateTimeOffset? end) is { } badTo)
        {
            return badTo;
        }

        if (start is not null && end is not null && end <= start)
        {
            return Problems.Field("to", "must be after from (the period is [from, to) in local days)");
        }

        if (split is not null && Array.IndexOf(s_statsSplits, split) < 0)
        {
            return Problems.Field("split", $"'{split}' is not one of {string.Join(", ", s_statsSplits)}");
        }

        if (split is not null && feeder is not null)
        {
            return Problems.Field("split", "not available with a feeder filter: splits are over system customers, the feeder filter over the feeder's");
        }

        if (Report(catalog, out HistoryResults? s) is { } problem)
        {
            return problem;
        }

        OutageHistory history = s!.History!;
        if (feeder is not null && Array.IndexOf(history.Network.Normal.FeederNames, feeder) < 0)
        {
            return Problems.NotFound("feeder", feeder);
        }

        if (cause is not null && !history.Causes.Contains(cause.ToLowerInvariant()))
        {
            return Problems.Field("cause", $"'{cause}' is not a cause of the stored outages ({string.Join(", ", history.Causes)})", StatusCodes.Status404NotFound);
        }

        string key = string.Join('\u001f', start?.ToString("O", CultureInfo.InvariantCulture), end?.ToString("O", CultureInfo.InvariantCulture), feeder, cause?.ToLowerInvariant(), excludeMed ?? false, split);
        (OutageStatsDocument? doc, string? error) = memo.GetOrCompute(s, key, () =>
            OutageStats.Compute(history, s.NetworkVersion, s.Outages!.Batch, start, end, feeder, cause?.ToLowerInvariant(), excludeMed ?? false, split));
        return doc is null ? Problems.Field("from", error!) : TypedResults.Ok(doc);
    }

    private static Results<Ok<ComplaintSummaryDocument>, ProblemHttpResult> Summary(HistoryCatalog catalog)
    {
        if (Complaints(catalog, out HistoryResults? s) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(new ComplaintSummaryDocument(s!.NetworkVersion, s.Complaints!.Batch, s.Outages?.Batch, s.WithVoltage, s.Summary!));
    }

    private static Results<Ok<ComplaintRatesDocument>, ProblemHttpResult> Rates(HistoryCatalog catalog, ComplaintModelProvider models, double? customers, [FromQuery(Name = "duration_hours")] double? durationHours, int? repeat)
    {
        if (customers is not null && (!double.IsFinite(customers.Value) || customers <= 0 || customers > 10_000_000))
        {
            return Problems.Field("customers", "a number of customers between 0 (exclusive) and 10,000,000");
        }

        if (durationHours is not null && (!double.IsFinite(durationHours.Value) || durationHours < 0 || durationHours > 720))
        {
            return Problems.Field("duration_hours", "hours between 0 and 720");
        }

        if ((customers is null) != (durationHours is null))
        {
            return Problems.Field(customers is null ? "customers" : "duration_hours", "give both customers and duration_hours for the expected complaints");
        }

        if (repeat is < 1 or > ComplaintRateModel.MaximumRepeatIndex)
        {
            return Problems.Field("repeat", $"between 1 and {ComplaintRateModel.MaximumRepeatIndex} (the n-th interruption in 12 months)");
        }

        if (Complaints(catalog, out HistoryResults? s) is { } problem)
        {
            return problem;
        }

        if (s!.Rates is not ComplaintRateReport r)
        {
            return Problems.Field("outages", "no outage events are stored to relate the complaints to; import outages first (POST /api/outages)", StatusCodes.Status404NotFound);
        }

        ComplaintRateModel? model = models.Current;
        int k = repeat ?? 1;
        ExpectedComplaintsDocument? expected = model is not null && customers is double c && durationHours is double d
            ? new ExpectedComplaintsDocument(c, d, k, model.ExpectedComplaints(c, d, k))
            : null;
        RateCurvePoint[] curve = model is null ? [] : s_curveHours.Select(h => new RateCurvePoint(h, 1000 * model.ComplaintsPerCustomer(h, k))).ToArray();
        return TypedResults.Ok(new ComplaintRatesDocument(s.NetworkVersion, s.Outages!.Batch, s.Complaints!.Batch, r.Complaints, r.LinkedToOutages, r.ByDuration, r.ByRepeat,
            ComplaintRateModelDocument.Of(model), ComplaintRateModelDocument.Of(r.Poisson), ComplaintRateModelDocument.Of(r.Logistic), expected, curve));
    }

    private static async Task<IResult> ImportOutagesAsync(HttpRequest request, HistoryRepository repository, NetworkCatalog catalog, IOptions<StoreOptions> storeOptions, CancellationToken cancellationToken)
    {
        // Saved under their canonical names, so that diagnostics name them as documented.
        (CsvUpload? received, ProblemHttpResult? problem) = await CsvUpload.ReceiveAsync(request, storeOptions.Value, s_outageFiles.Length,
            "outages.csv (and optionally restoration_steps.csv, momentary.csv)", name => name.ToLowerInvariant(), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using CsvUpload upload = received!;
        foreach (string name in upload.Names)
        {
            if (Array.IndexOf(s_outageFiles, name) < 0)
            {
                return Problems.Field($"files[{name}]", $"not one of {string.Join(", ", s_outageFiles)}");
            }
        }

        if (upload.Find("outages.csv") is not string outages)
        {
            return Problems.Field("files", "outages.csv is required");
        }

        var files = new OutageFiles(outages) { Steps = upload.Find("restoration_steps.csv"), Momentary = upload.Find("momentary.csv") };
        return await ImportAsync(catalog, cancellationToken, snapshot => repository.ImportOutages(snapshot.Network, snapshot.Info.Version, files));
    }

    private static async Task<IResult> ImportComplaintsAsync(HttpRequest request, HistoryRepository repository, NetworkCatalog catalog, IOptions<StoreOptions> storeOptions, CancellationToken cancellationToken)
    {
        (CsvUpload? received, ProblemHttpResult? problem) = await CsvUpload.ReceiveAsync(request, storeOptions.Value, 1, "one complaints CSV", null, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using CsvUpload upload = received!;
        string path = upload.Paths.Single();
        return await ImportAsync(catalog, cancellationToken, snapshot => repository.ImportComplaints(snapshot.Network, snapshot.Info.Version, path));
    }

    /// <summary>Imports uploaded files against the current network and answers.</summary>
    private static async Task<IResult> ImportAsync(NetworkCatalog catalog, CancellationToken cancellationToken, Func<NetworkSnapshot, HistoryImportOutcome> import)
    {
        if (catalog.Current is not NetworkSnapshot snapshot)
        {
            return Problems.NotReady();
        }

        HistoryImportOutcome outcome = await Task.Run(() => import(snapshot), cancellationToken);
        if (outcome.Status == ImportStatus.Invalid)
        {
            return Problems.Invalid(outcome.Diagnostics, "the upload");
        }

        string[] warnings = outcome.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Error).Select(d => $"{Problems.KeyOf(d)}: {d.Message}").ToArray();
        var doc = new HistoryImportDocument(outcome.Status == ImportStatus.Created, HistoryBatchDocument.Of(outcome.Batch!), warnings);
        if (outcome.Status == ImportStatus.Unchanged)
        {
            return TypedResults.Ok(doc);
        }

        catalog.SignalChanged();
        return TypedResults.Created($"/api/export/history_batches.csv", doc);
    }

    private static IEnumerable<SplitIndices> Ordered(IEnumerable<SplitIndices> rows, string split) =>
        split == "month" ? rows : rows.OrderByDescending(r => double.IsNaN(r.Indices.Saidi) ? double.NegativeInfinity : r.Indices.Saidi).ThenBy(r => r.Key, StringComparer.Ordinal);

    private static ProblemHttpResult? ParseDay(string field, string? text, out DateTimeOffset? day)
    {
        day = null;
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            return Problems.Field(field, $"'{Quote.Prefix(text)}' is not a date yyyy-MM-dd");
        }

        if (date < DateOnly.FromDateTime(ParameterBoundsMiddleware.MinDay) || date >= DateOnly.FromDateTime(ParameterBoundsMiddleware.MaxDay))
        {
            return Problems.Field(field, $"a date from {ParameterBoundsMiddleware.MinDay:yyyy-MM-dd} to before {ParameterBoundsMiddleware.MaxDay:yyyy-MM-dd}");
        }

        day = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), HistoryTime.ChinaOffset);
        return null;
    }

    private static ProblemHttpResult? Report(HistoryCatalog catalog, out HistoryResults? results)
    {
        results = catalog.Current;
        if (results is null)
        {
            return Problems.NotReady();
        }

        if (results.Error is { } error)
        {
            return Problems.Field("history", error, StatusCodes.Status422UnprocessableEntity);
        }

        return results.Report is null
            ? Problems.Field("history", "no outage records are stored; import them with POST /api/outages or `lumen import outages`", StatusCodes.Status404NotFound)
            : null;
    }

    private static ProblemHttpResult? Complaints(HistoryCatalog catalog, out HistoryResults? results)
    {
        results = catalog.Current;
        if (results is null)
        {
            return Problems.NotReady();
        }

        if (results.Error is { } error)
        {
            return Problems.Field("history", error, StatusCodes.Status422UnprocessableEntity);
        }

        return results.Summary is null
            ? Problems.Field("complaints", "no complaints are stored; import them with POST /api/complaints or `lumen import complaints`", StatusCodes.Status404NotFound)
            : null;
    }

}

/// <summary>Filtered statistics: major event days are found on all records, then the filters select the events.</summary>
internal static class OutageStats
{
    /// <summary>
    /// Indices of the events matching <paramref name="cause"/> (system customers) on <paramref name="feeder"/> (its
    /// customers) in [<paramref name="from"/>, <paramref name="to"/>), without events that began on the system's major
    /// event days when <paramref name="excludeMed"/>. Returns an error instead when the period is empty.
    /// </summary>
    public static (OutageStatsDocument? Document, string? Error) Compute(
        OutageHistory history, int version, int batch, DateTimeOffset? from, DateTimeOffset? to, string? feeder, string? cause, bool excludeMed, string? split)
    {
        HistorySplits splits = split switch
        {
            "month" => HistorySplits.Month,
            "feeder" => HistorySplits.Feeder,
            "substation" => HistorySplits.Substation,
            "cause" => HistorySplits.Cause,
            "nature" => HistorySplits.Nature,
            _ => HistorySplits.None,
        } | (feeder is null ? HistorySplits.None : HistorySplits.Feeder);
        HistoryReport system;
        try
        {
            system = HistoryStatistics.Compute(history, new HistoryQuery(from, to) { ExcludeMajorEventDays = excludeMed, Splits = splits });
        }
        catch (ArgumentException ex)
        {
            return (null, ex.Message);
        }

        HistoryReport report = system;
        if (cause is not null)
        {
            // The MEDs are the system's: a cause's own daily SAIDI would give a different, meaningless threshold.
            var med = new HashSet<DateOnly>(system.MajorEventDays.Days.Select(d => d.Date));
            var events = new List<OutageEvent>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (OutageEvent e in history.Events)
            {
                if (e.Cause == cause && !(excludeMed && med.Contains(HistoryTime.LocalDay(e.Start, HistoryTime.ChinaOffset))))
                {
                    events.Add(e);
                    ids.Add(e.EventId);
                }
            }

            List<RestorationStep> steps = history.Steps.Where(s => ids.Contains(s.EventId)).ToList();
            OutageHistory subset = OutageHistory.Build(history.Network, events, steps, []).History
                ?? throw new InvalidOperationException("a subset of a valid history did not build");
            report = HistoryStatistics.Compute(subset, new HistoryQuery(system.From, system.To) { Splits = splits });
        }

        ReliabilityIndices indices = feeder is null ? report.System : report.Splits["feeder"].FirstOrDefault(r => r.Key == feeder)?.Indices ?? NoCustomers(report.System.PeriodHours);
        IReadOnlyList<HistorySplitDocument>? rows = split is null ? null
            : (report.Splits.TryGetValue(split, out IReadOnlyList<SplitIndices>? list) ? list : [])
                .Select(r => new HistorySplitDocument(r.Key, HistoryIndicesDocument.Of(r.Indices))).ToList();
        return (new OutageStatsDocument(version, batch, report.From, report.To, feeder, cause, excludeMed, HistoryIndicesDocument.Of(indices),
            system.MajorEventDays.ThresholdHours, system.MajorEventDays.Days, rows), null);
    }

    /// <summary>A feeder the split left out (no customers and no events): per-customer indices are undefined.</summary>
    private static ReliabilityIndices NoCustomers(double periodHours) =>
        new() { PeriodHours = periodHours, Saifi = double.NaN, Saidi = double.NaN, Caidi = double.NaN, Maifi = double.NaN };
}
