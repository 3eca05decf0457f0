using System.Globalization;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Host.Storage;
using Lumen.Host.Storage.DuckDb;
using Lumen.Host.Storage.Series;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Network;
using Lumen.Topology.PowerFlow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>Result of a series upload.</summary>
internal sealed record SeriesImportDocument(bool Created, int Batch, long Rows, int Series, string Backend, IReadOnlyList<string> Warnings);

/// <summary>One stored load series with its range.</summary>
internal sealed record LoadSeriesDocument(string Series, int Batch, string FileName, DateTime Start, DateTime End, int PeriodsPerDay, long Points, double? PeakMw, bool HasTemperature);

/// <summary>Coverage of the stored voltage readings.</summary>
internal sealed record VoltageCoverageDocument(int Points, long Readings, DateTime? FirstUtc, DateTime? LastUtc, IReadOnlyList<string> Feeders);

/// <summary>The stored series.</summary>
internal sealed record SeriesListDocument(string Backend, IReadOnlyList<LoadSeriesDocument> Load, VoltageCoverageDocument Voltage);

/// <summary>Time totals and compliance of a group of metered points.</summary>
internal sealed record VoltageGroupDocument(string Key, int Points, double CompliancePercent, double MonitoredHours, double MissingHours, double HoursAbove, double HoursBelow, int LowVoltageCustomers, int Episodes)
{
    public static VoltageGroupDocument Of(VoltageGroupSummary g) => new(g.Key, g.Points, g.Totals.ComplianceRate * 100, g.Totals.MonitoredMinutes / 60,
        g.Totals.MissingMinutes / 60, g.Totals.MinutesAbove / 60, g.Totals.MinutesBelow / 60, g.LowVoltageCustomers, g.Episodes);
}

/// <summary>One low-voltage episode.</summary>
internal sealed record VoltageEpisodeDocument(string PointId, string AreaId, string? FeederId, DateTimeOffset Start, DateTimeOffset End, double Hours, double MinVoltageV, double LowerLimitV);

/// <summary>Voltage statistics of the stored readings (GB/T 12325).</summary>
internal sealed record VoltageStatsDocument(
    string Profile, DateTime? From, DateTime? To, string? Feeder, string By, VoltageGroupDocument Total, IReadOnlyList<VoltageGroupDocument> Groups,
    IReadOnlyList<VoltageGroupDocument> Months, int EpisodeCount, IReadOnlyList<VoltageEpisodeDocument> Episodes, IReadOnlyList<string> Warnings);

/// <summary>One change of a power-flow what-if, as a row of the CLI's scenario file (<c>kind,target,value</c>).</summary>
internal sealed record PowerFlowChangeRequest(string? Kind, string? Target, double? Value = null);

/// <summary>Body of <c>POST /api/voltage/powerflow</c>.</summary>
internal sealed record PowerFlowRequest(double LoadScale = 1.0, double? SourceVoltagePu = null, IReadOnlyList<PowerFlowChangeRequest>? Changes = null, string Profile = "gbt12325", int Top = 20);

/// <summary>One bus of the power-flow answer.</summary>
internal sealed record PowerFlowBusDocument(string Bus, double VoltagePu);

/// <summary>Result of a power-flow what-if on the current network.</summary>
internal sealed record PowerFlowResultDocument(
    int Version, bool Converged, int Iterations, double LoadScale, double SourceVoltagePu, double SourceKw, double LoadKw, double LossesKw,
    double? MinVoltagePu, string? MinVoltageBus, string Profile, long? LowVoltageCustomers, int? LowVoltageAreas, int? OverloadedBranches,
    IReadOnlyList<LowVoltageAreaDocument> LowAreas, IReadOnlyList<OverloadedBranchDocument> Overloaded, IReadOnlyList<string> Diagnostics);

/// <summary><c>/api/series</c> (uploads and list) and the readings-based <c>/api/voltage/stats</c> and <c>/api/voltage/powerflow</c>.</summary>
internal static class SeriesApi
{
    private const int MaxFiles = 64;
    private const int MaxEpisodes = 1000;
    private static readonly string[] s_splits = ["feeder", "area", "month"];

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapSeriesApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder series = app.MapGroup("/api/series").WithTags("Series");
        series.MapGet("/", List).WithName("ListSeries").WithSummary("Stored load series with their ranges, and the coverage of the voltage readings.");
        series.MapPost("/load", ImportLoadAsync).WithName("ImportLoadSeries")
            .WithSummary("Import load series: multipart/form-data with one CSV per series (timestamp,load_mw[,temperature_c]; the file name is the series id). 201 created, 200 unchanged, 422 invalid (nothing stored).")
            .Accepts<IFormFileCollection>("multipart/form-data", "*/*").DisableAntiforgery().AddEndpointFilter<ApiKeyFilter>();
        series.MapPost("/voltage", ImportVoltageAsync).WithName("ImportVoltageReadings")
            .WithSummary("Import voltage readings: multipart/form-data with one CSV (point_id,timestamp,voltage_v,nominal_v[,area_id][,feeder_id]). 201 created, 200 unchanged, 422 invalid (nothing stored).")
            .Accepts<IFormFileCollection>("multipart/form-data", "*/*").DisableAntiforgery().AddEndpointFilter<ApiKeyFilter>();

        RouteGroupBuilder voltage = app.MapGroup("/api/voltage").WithTags("Voltage");
        voltage.MapGet("/stats", StatsAsync).WithName("GetVoltageStatistics").RequireRateLimiting(ReadLimits.Expensive)
            .WithSummary("Voltage compliance (GB/T 12325) of the stored readings by feeder, area or month, low-voltage customers and episodes; filters from, to (UTC) and feeder.");
        voltage.MapPost("/powerflow", PowerFlowAsync).WithName("RunPowerFlow").Accepts<PowerFlowRequest>("application/json", "*/*")
            .WithSummary("Radial power flow of the current network under a load scale, source voltage and the CLI's scenario changes (kind,target,value).").AddEndpointFilter<ApiKeyFilter>();
        return app;
    }

    private static Ok<SeriesListDocument> List(SeriesRepository repository)
    {
        var load = repository.ListLoad().Select(s => new LoadSeriesDocument(s.Series, s.Batch, s.FileName, s.Start, s.End, s.PeriodsPerDay, s.Points,
            double.IsFinite(s.PeakMw) ? s.PeakMw : null, s.HasTemperature)).ToList();
        VoltageCoverage c = repository.Coverage();
        return TypedResults.Ok(new SeriesListDocument(repository.Samples.Backend, load, new VoltageCoverageDocument(c.Points, c.Readings, c.FirstUtc, c.LastUtc, c.Feeders)));
    }

    private static Task<IResult> ImportLoadAsync(HttpRequest request, SeriesRepository repository, NetworkCatalog catalog, IOptions<StoreOptions> store, CancellationToken cancellationToken) =>
        ImportAsync(request, store.Value, MaxFiles, "load series CSV files (one per series)", upload => repository.ImportLoad([.. upload.Paths], "upload"), repository, catalog, cancellationToken);

    private static Task<IResult> ImportVoltageAsync(HttpRequest request, SeriesRepository repository, NetworkCatalog catalog, IOptions<StoreOptions> store, CancellationToken cancellationToken) =>
        ImportAsync(request, store.Value, 1, "one voltage readings CSV", upload => repository.ImportVoltage(upload.Paths.Single(), cancellationToken), repository, catalog, cancellationToken);

    private static async Task<IResult> ImportAsync(
        HttpRequest request, StoreOptions store, int maxFiles, string what, Func<CsvUpload, SeriesImportOutcome> import, SeriesRepository repository, NetworkCatalog catalog, CancellationToken cancellationToken)
    {
        (CsvUpload? received, ProblemHttpResult? problem) = await CsvUpload.ReceiveAsync(request, store, maxFiles, what, null, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using CsvUpload upload = received!;
        SeriesImportOutcome outcome = await Task.Run(() => import(upload), cancellationToken);
        if (outcome.Status == ImportStatus.Invalid)
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (SeriesProblem p in outcome.Errors)
            {
                errors[p.Key] = errors.TryGetValue(p.Key, out string[]? list) ? [.. list, p.Message] : [p.Message];
            }

            return Problems.Fields(errors, StatusCodes.Status422UnprocessableEntity,
                $"{outcome.Errors.Count} error(s); nothing was stored (an import is all or nothing)");
        }

        var doc = new SeriesImportDocument(outcome.Status == ImportStatus.Created, outcome.Batch!.Value, outcome.Rows, outcome.Series, repository.Samples.Backend, outcome.Warnings);
        if (outcome.Status == ImportStatus.Unchanged)
        {
            return TypedResults.Ok(doc);
        }

        catalog.SignalChanged();
        return TypedResults.Created("/api/series", doc);
    }

    private static async Task<Results<Ok<VoltageStatsDocument>, ProblemHttpResult>> StatsAsync(
        SeriesRepository repository, TelemetrySlice slice, DateTime? from, DateTime? to, string? feeder, string? by, int? top, CancellationToken cancellationToken)
    {
        string split = by ?? "feeder";
        if (Array.IndexOf(s_splits, split) < 0)
        {
            return Problems.Field("by", $"'{split}' is not one of {string.Join(", ", s_splits)}");
        }

        if (top is < 0 or > MaxEpisodes)
        {
            return Problems.Field("top", $"between 0 and {MaxEpisodes}");
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

            stats = await Task.Run(() => repository.VoltageStatistics(fromUtc, toUtc, feeder, cancellationToken), cancellationToken);
        }

        if (stats is null)
        {
            return Problems.Field("readings", "no stored voltage reading matches (import readings with POST /api/series/voltage)", StatusCodes.Status404NotFound);
        }

        IReadOnlyList<VoltageGroupSummary> groups = split switch { "area" => stats.Areas, "month" => stats.Months, _ => stats.Feeders };
        var episodes = stats.Episodes.OrderByDescending(e => e.Duration).ThenBy(e => e.PointId, StringComparer.Ordinal).Take(top ?? 100)
            .Select(e => new VoltageEpisodeDocument(e.PointId, e.AreaId, e.FeederId, e.Start, e.End, e.Duration.TotalHours, e.MinVoltageV, e.LowerLimitV)).ToList();
        return TypedResults.Ok(new VoltageStatsDocument(stats.Profile.Name, fromUtc, toUtc, feeder, split, VoltageGroupDocument.Of(stats.Total),
            groups.Select(VoltageGroupDocument.Of).ToList(), stats.Months.Select(VoltageGroupDocument.Of).ToList(), stats.Episodes.Count, episodes, stats.Warnings));
    }

    private static async Task<Results<Ok<PowerFlowResultDocument>, ProblemHttpResult>> PowerFlowAsync(
        HttpRequest request, NetworkCatalog catalog, IOptions<RecomputeOptions> options, IOptions<StoreOptions> store, CancellationToken cancellationToken)
    {
        (PowerFlowRequest? body, ProblemHttpResult? problem) = await JsonBody.ReadAsync<PowerFlowRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!(body!.LoadScale >= 0 && body.LoadScale <= 10))
        {
            return Problems.Field("load_scale", "a factor between 0 and 10");
        }

        double source = body.SourceVoltagePu ?? options.Value.SourceVoltagePu;
        if (!(source >= 0.8 && source <= 1.2))
        {
            return Problems.Field("source_voltage_pu", "between 0.8 and 1.2");
        }

        if (VoltageProfileCatalog.Find(body.Profile) is not VoltageProfile profile)
        {
            return Problems.Field("profile", $"unknown profile '{body.Profile}' (gbt12325 or sgcc-low-voltage)");
        }

        if (body.Top is < 0 or > 1000)
        {
            return Problems.Field("top", "between 0 and 1000");
        }

        if (body.Changes is { Count: > 10_000 })
        {
            return Problems.Field("changes", "at most 10000 changes");
        }

        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        PowerFlowScenario scenario = PowerFlowScenario.Base;
        if (body.Changes is { Count: > 0 } changes)
        {
            (PowerFlowScenario? read, ProblemHttpResult? bad) = ReadChanges(changes, s.Network, store.Value);
            if (bad is not null)
            {
                return bad;
            }

            scenario = read!;
        }

        // The source voltage: the body's, else a source_pu change's, else the service's peak-load setting.
        bool changed = body.Changes?.Any(c => string.Equals(c.Kind, "source_pu", StringComparison.OrdinalIgnoreCase)) == true;
        scenario = scenario with { LoadScale = scenario.LoadScale * body.LoadScale, SourceVoltagePu = body.SourceVoltagePu ?? (changed ? scenario.SourceVoltagePu : source) };
        LowVoltageReport report = await Task.Run(() => LowVoltagePrediction.Predict(s.Network, scenario, profile), cancellationToken);
        PowerFlowResult f = report.PowerFlow;
        bool ok = f.Converged;
        int top = body.Top;
        var low = ok ? report.LowAreas.Take(top).Select(a => new LowVoltageAreaDocument(a.LoadPointId, a.BusId, a.Feeder, a.Customers, a.VoltagePu, a.LimitPu)).ToList() : [];
        var over = ok ? report.Overloaded.Take(top).Select(b => new OverloadedBranchDocument(b.BranchId, b.Kind.ToString().ToLowerInvariant(), b.LoadingPct, b.CurrentA)).ToList() : [];
        return TypedResults.Ok(new PowerFlowResultDocument(s.Info.Version, f.Converged, f.Iterations, scenario.LoadScale, scenario.SourceVoltagePu, f.SourceKw, f.LoadKw, f.LossesKw,
            ok ? f.MinVoltagePu : null, ok ? f.MinVoltageBus : null, profile.Name, ok ? report.LowVoltageCustomers : null, ok ? report.LowAreas.Count : null,
            ok ? report.Overloaded.Count : null, low, over, f.Diagnostics.Select(d => d.ToString()).ToList()));
    }

    /// <summary>
    /// The changes through the CLI's scenario reader (same kinds, ids and checks): written as its CSV, each change on
    /// line i + 2, so an error on line n names <c>changes[n − 2]</c>.
    /// </summary>
    private static (PowerFlowScenario? Scenario, ProblemHttpResult? Problem) ReadChanges(IReadOnlyList<PowerFlowChangeRequest> changes, Network network, StoreOptions store)
    {
        var lines = new List<string>(changes.Count + 1) { "kind,target,value" };
        for (int i = 0; i < changes.Count; i++)
        {
            PowerFlowChangeRequest c = changes[i];
            if (string.IsNullOrWhiteSpace(c.Kind) || c.Kind.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                return (null, Problems.Field($"changes[{i}].kind", "required, without commas, quotes or line breaks"));
            }

            if (c.Target is null || c.Target.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                return (null, Problems.Field($"changes[{i}].target", "required (empty for load_scale/source_pu), without commas, quotes or line breaks"));
            }

            if (c.Value is double v && !double.IsFinite(v))
            {
                return (null, Problems.Field($"changes[{i}].value", "must be a finite number"));
            }

            lines.Add($"{c.Kind},{c.Target},{(c.Value is double x ? x.ToString("R", CultureInfo.InvariantCulture) : string.Empty)}");
        }

        string path = new PrivateTemp(store.DataDirectory).NewFilePath("scenario", ".csv");
        try
        {
            using (var writer = new StreamWriter(PrivateTemp.Create(path)))
            {
                lines.ForEach(writer.WriteLine);
            }

            PowerFlowScenarioReadResult read = PowerFlowScenarioReader.Read(path, network);
            if (read.Scenario is not null)
            {
                return (read.Scenario, null);
            }

            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (Diagnostic d in read.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                string key = d.Location.Line >= 2 ? $"changes[{d.Location.Line - 2}]{(d.Field.Length > 0 ? "." + d.Field : string.Empty)}" : "changes";
                errors[key] = errors.TryGetValue(key, out string[]? list) ? [.. list, d.Message] : [d.Message];
            }

            return (null, Problems.Fields(errors, StatusCodes.Status400BadRequest, $"{errors.Count} invalid change(s)"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
