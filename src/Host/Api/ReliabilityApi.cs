using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Lumen.Host.Documents;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Host.Api;

/// <summary>System indices of the current version.</summary>
internal sealed record SystemReliabilityDocument(
    int Version, string NetworkName, string Case, DateTime ComputedAt, IndicesReport System, int Feeders, int LoadPoints,
    bool CapacityLimits, IReadOnlyList<LoadLevel> LoadLevels, double? CapacityLimitedSaidi);

/// <summary>One feeder's indices with its rank (1 = worst SAIDI).</summary>
internal sealed record RankedFeederDocument(int Rank, string Id, IndicesReport Indices, double? CapacityLimitedSaidi);

/// <summary>A page of a ranked list.</summary>
internal sealed record PageDocument<T>(int Total, int Offset, IReadOnlyList<T> Items);

/// <summary>Body of <c>POST /api/reliability/what-if</c>.</summary>
/// <param name="Changes">Changes applied in order.</param>
public sealed record WhatIfRequest([Required, Length(1, 1000)] IReadOnlyList<WhatIfChangeRequest>? Changes);

/// <summary>One what-if change. <c>type</c> is add_device, remove_device, automate_device, add_tie, remove_tie or change_failure_rate.</summary>
public sealed record WhatIfChangeRequest(
    string? Type,
    string? Branch = null,
    string? AtBus = null,
    string? Kind = null,
    bool? Automated = null,
    string? Device = null,
    string? BusA = null,
    string? BusB = null,
    string? Id = null,
    double? FailureRatePerYear = null);

/// <summary>Result of a what-if.</summary>
internal sealed record WhatIfDocument(IndicesReport Baseline, IndicesReport Scenario, double DeltaSaifi, double DeltaSaidi, double DeltaEnsMwh, long CustomersAffected, int LoadPointsAffected);

/// <summary>Body of <c>POST /api/reliability/placement</c>.</summary>
public sealed record PlacementRequest([Required] string? Feeder, string? Device = "sectionaliser", bool Automated = false, [Range(1, 100)] int Count = 5);

/// <summary>Body of <c>POST /api/reliability/monte-carlo</c> (at most <see cref="RecomputeOptions.MaxMonteCarloYears"/> years).</summary>
public sealed record MonteCarloRequest([Range(1, int.MaxValue)] int Years = 10_000, int Seed = 1, bool? CapacityLimits = null);

/// <summary>A job's status; <c>result</c> is set once it succeeded.</summary>
internal sealed record JobDocument(Guid Id, string Kind, string State, double Progress, string? Step, DateTime CreatedAt, DateTime? FinishedAt, string? Error, object? Result, string StatusUrl)
{
    public static JobDocument Of(Job j) => new(j.Id, j.Kind, j.State.ToString().ToLowerInvariant(), j.Progress, j.Step, j.CreatedAt, j.FinishedAt, j.Error, j.Result, $"/api/jobs/{j.Id}");
}

/// <summary>One bus of a feeder diagram (a tree: <c>parent</c> is null at the feeder head); x and y are the network's own coordinates, when it has them.</summary>
internal sealed record DiagramNode(string Id, string? Parent, string? Branch, string? BranchKind, IReadOnlyList<string> Devices, string? LoadPoint, double Customers, double? UHours, double? Lambda, double? X = null, double? Y = null);

/// <summary>A normally-open tie from a bus of the feeder to a bus of another feeder (or of the same one).</summary>
internal sealed record DiagramTie(string Branch, string Bus, string OtherBus, string? OtherFeeder);

/// <summary>A feeder diagram.</summary>
internal sealed record DiagramDocument(string Feeder, int Version, IndicesReport Indices, IReadOnlyList<DiagramNode> Nodes, IReadOnlyList<DiagramTie> Ties);

/// <summary>Which analyses the service provides now (the dashboard shows a placeholder for the others).</summary>
/// <param name="Analyses">Per analysis: results are published and computed on the current network and data (not stale).</param>
/// <param name="ComputedOn">Per analysis: the network version and data its published results were computed on, and whether they are stale.</param>
internal sealed record StatusDocument(
    bool Ready, int? Version, string? NetworkName, DateTime? ComputedAt, string? StartupError, IReadOnlyDictionary<string, bool> Analyses,
    IReadOnlyDictionary<string, AnalysisState> ComputedOn);

/// <summary><c>/api/reliability</c>, <c>/api/feeders</c>, <c>/api/jobs</c> and <c>/api/status</c>.</summary>
internal static class ReliabilityApi
{
    private const int MaxDiagramNodes = 20_000;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapReliabilityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/status", Status).WithTags("Status").WithName("GetStatus").WithSummary("Readiness, current version and which analyses are available.");

        RouteGroupBuilder api = app.MapGroup("/api/reliability").WithTags("Reliability");
        api.MapGet("/", System).WithName("GetSystemReliability").AddEndpointFilter<SnapshotResponseCache>().WithSummary("Predicted system indices (SAIFI, SAIDI, CAIDI, ASAI, RS-1, ENS) of the current version.");
        api.MapGet("/assessment", Assessment).WithName("GetReliabilityAssessment").AddEndpointFilter<SnapshotResponseCache>()
            .WithSummary("Predicted system, feeder and load-point indices of the current version, optionally with one load point explained (explain=id): the document of `lumen reliability assess --format json`.");
        api.MapGet("/feeders", Feeders).WithName("ListFeederReliability").AddEndpointFilter<SnapshotResponseCache>().WithSummary("Feeders, worst SAIDI first (paged with offset and top).");
        api.MapGet("/load-points", LoadPoints).WithName("ListLoadPointReliability").AddEndpointFilter<SnapshotResponseCache>().WithSummary("Load points (transformer areas), largest U first; optional feeder filter.");
        api.MapGet("/load-points/{id}/explanation", Explain).WithName("ExplainLoadPoint").AddEndpointFilter<SnapshotResponseCache>().WithSummary("Which component failures make up one load point's U.");
        api.MapPost("/what-if", WhatIfAsync).WithName("EvaluateWhatIf")
            .WithSummary("Effect of added/removed/automated devices, ties and changed failure rates, without changing the stored network.").AddEndpointFilter<ApiKeyFilter>();
        api.MapPost("/placement", PlacementAsync).WithName("FindPlacement")
            .WithSummary("The best branches on a feeder for a new device, ranked by ΔSAIDI.").AddEndpointFilter<ApiKeyFilter>();
        api.MapPost("/monte-carlo", MonteCarlo).WithName("StartMonteCarlo")
            .WithSummary("Starts a sequential Monte Carlo run as a job: 202 Accepted with the status URL.").AddEndpointFilter<ApiKeyFilter>();

        app.MapGet("/api/jobs/{id:guid}", GetJob).WithTags("Jobs").WithName("GetJob").WithSummary("Status, progress and (once done) result of a job.");
        app.MapGet("/api/feeders/{name}/diagram", Diagram).WithTags("Reliability").WithName("GetFeederDiagram").AddEndpointFilter<SnapshotResponseCache>()
            .WithSummary("A feeder as a tree of buses with devices and load points coloured by U.");
        return app;
    }

    private static Ok<StatusDocument> Status(
        NetworkCatalog catalog, StoredDataReader stored, HistoryCatalog history, AssetsSlice assets, TelemetrySlice telemetry, PlanningSlice planning, RepairCatalog repair)
    {
        IReadOnlyDictionary<string, AnalysisState> states = AnalysisStates.Of(catalog, stored.Current(), history, assets, telemetry, planning, repair);
        NetworkSnapshot? s = catalog.Current;
        return TypedResults.Ok(new StatusDocument(catalog.Ready, s?.Info.Version, s?.Info.Name, s?.ComputedAt, catalog.StartupError,
            states.ToDictionary(x => x.Key, x => x.Value.Available, StringComparer.Ordinal), states));
    }

    private static Results<Ok<SystemReliabilityDocument>, ProblemHttpResult> System(NetworkCatalog catalog)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        return TypedResults.Ok(new SystemReliabilityDocument(s.Info.Version, s.Info.Name, s.Case.Id, s.ComputedAt,
            IndicesReport.Of(s.Reliability.System), s.Reliability.Feeders.Count, s.Reliability.LoadPoints.Count,
            s.Reliability.CapacityLimited, [.. s.Reliability.LoadLevels], s.Reliability.CapacityLimitedSaidi));
    }

    internal static Results<Ok<PageDocument<RankedFeederDocument>>, ProblemHttpResult> Feeders(NetworkCatalog catalog, [AsParameters] Paging page)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        int start = Math.Min(page.Skip, s.FeedersBySaidi.Length);
        int end = Math.Min(start + page.Take(20), s.FeedersBySaidi.Length);
        var items = new List<RankedFeederDocument>(end - start);
        for (int r = start; r < end; r++)
        {
            FeederReliability f = s.Reliability.Feeders[s.FeedersBySaidi[r]];
            items.Add(new RankedFeederDocument(r + 1, f.Name, IndicesReport.Of(f.Indices), f.CapacityLimitedSaidi));
        }

        return TypedResults.Ok(new PageDocument<RankedFeederDocument>(s.FeedersBySaidi.Length, start, items));
    }

    private static Results<Ok<PageDocument<LoadPointReport>>, ProblemHttpResult> LoadPoints(NetworkCatalog catalog, [AsParameters] Paging page, string? feeder)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        int feederIndex = -1;
        if (feeder is not null)
        {
            feederIndex = s.Network.Normal.FeederNames.IndexOf(feeder);
            if (feederIndex < 0)
            {
                return Problems.NotFound("feeder", feeder);
            }
        }

        int skip = page.Skip;
        int take = page.Take(20);
        int total = 0;
        var items = new List<LoadPointReport>(Math.Min(take, 64));
        LoadPointResults lp = s.Reliability.LoadPoints;
        foreach (int l in s.LoadPointsByU)
        {
            if (feederIndex >= 0 && lp.Feeder[l] != feederIndex)
            {
                continue;
            }

            if (total >= skip && items.Count < take)
            {
                items.Add(LoadPointReport.Of(s.Reliability, s.Network.Normal.FeederNames, l));
            }

            total++;
        }

        return TypedResults.Ok(new PageDocument<LoadPointReport>(total, skip, items));
    }

    private static Results<Ok<LoadPointExplanation>, ProblemHttpResult> Explain(string id, NetworkCatalog catalog)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        if (!s.Network.TryGetLoadPoint(id, out int l))
        {
            return Problems.NotFound("id", id);
        }

        return TypedResults.Ok(LoadPointExplanation.Of(s.Reliability, s.Network.Normal.FeederNames, l));
    }

    /// <summary>The document of <c>lumen reliability assess --format json</c>, from the results published for the current version.</summary>
    private static Results<Ok<ReliabilityAssessmentReport>, ProblemHttpResult> Assessment(NetworkCatalog catalog, IOptions<RecomputeOptions> options, string? explain)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        var request = new ReliabilityAssessmentRequest(s.Network, s.Case) { Restoration = RecomputeService.Restoration(options.Value), Explain = explain };
        QueryResult<ReliabilityAssessmentReport> result = ReliabilityAssessment.Of(request, s.Reliability);
        return result.Value is { } report ? TypedResults.Ok(report) : result.Problems.ToProblem();
    }

    private static async Task<Results<Ok<WhatIfDocument>, ProblemHttpResult>> WhatIfAsync([FromBody] WhatIfRequest body, NetworkCatalog catalog, CancellationToken cancellationToken)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        IReadOnlyList<WhatIfChangeRequest> changes = body.Changes!;
        var parsed = new List<WhatIfChange>(changes.Count);
        for (int i = 0; i < changes.Count; i++)
        {
            (WhatIfChange? change, ProblemHttpResult? bad) = Parse(s.Network, changes[i], $"changes[{i}]");
            if (bad is not null)
            {
                return bad;
            }

            parsed.Add(change!);
        }

        WhatIfResult result;
        try
        {
            result = await Task.Run(() => WhatIfAnalysis.Evaluate(s.Network, s.Case, parsed), cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return Problems.Field("changes", ex.Message, StatusCodes.Status422UnprocessableEntity);
        }

        return TypedResults.Ok(new WhatIfDocument(IndicesReport.Of(result.Baseline.System), IndicesReport.Of(result.Scenario.System),
            result.DeltaSaifi, result.DeltaSaidi, result.DeltaEnsMwhPerYear, result.CustomersAffected, result.LoadPointsAffected));
    }

    private static async Task<Results<Ok<PlacementDocument[]>, ProblemHttpResult>> PlacementAsync([FromBody] PlacementRequest body, NetworkCatalog catalog, CancellationToken cancellationToken)
    {
        if (!KindExtensions.TryParseDeviceKind(body.Device ?? string.Empty, out DeviceKind kind))
        {
            return Problems.Field("device", $"'{body.Device}' is not a device kind (sectionaliser, recloser, fuse, load_break_switch, breaker, disconnector)");
        }

        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        int feeder = s.Network.Normal.FeederNames.IndexOf(body.Feeder!);
        if (feeder < 0)
        {
            return Problems.Field("feeder", $"no feeder '{body.Feeder}'", StatusCodes.Status422UnprocessableEntity);
        }

        IReadOnlyList<PlacementCandidate> best = await Task.Run(
            () => PlacementSearch.FindBest(s.Network, s.Case, feeder, kind, body.Automated, body.Count), cancellationToken);
        return TypedResults.Ok(best.Select((c, i) => new PlacementDocument(i + 1, c.EdgeId, c.DeltaSaifi, c.DeltaSaidi, c.DeltaEnsMwhPerYear, c.CustomersAffected)).ToArray());
    }

    private static Results<Accepted<JobDocument>, ProblemHttpResult> MonteCarlo([FromBody] MonteCarloRequest body, NetworkCatalog catalog, JobRegistry jobs, IOptions<RecomputeOptions> options)
    {
        // The least is declared on the request; the most is configured.
        int maxYears = options.Value.MaxMonteCarloYears;
        if (body.Years > maxYears)
        {
            return Problems.Field("years", $"between 1 and {maxYears}");
        }

        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        Job? job = jobs.TrySubmit("monte_carlo", (job, ct) =>
        {
            job.Step = "simulating";
            int years = body.Years;
            RecomputeOptions settings = options.Value;
            var reliability = new ReliabilityOptions { Restoration = RecomputeService.Restoration(settings, body.CapacityLimits) };
            var monteCarlo = new MonteCarloOptions { Years = years, Seed = body.Seed, YearsCompleted = done => job.ReportProgress(0.95 * done / years) };
            MonteCarloResult mc = MonteCarloSimulator.Run(s.Network, s.Case, monteCarlo, reliability);
            ct.ThrowIfCancellationRequested();
            job.Step = "done";
            return MonteCarloReport.Of(mc);
        });
        if (job is null)
        {
            return Problems.JobQueueFull();
        }

        return TypedResults.Accepted($"/api/jobs/{job.Id}", JobDocument.Of(job));
    }

    private static Results<Ok<JobDocument>, ProblemHttpResult> GetJob(Guid id, JobRegistry jobs) =>
        jobs.Find(id) is { } job ? TypedResults.Ok(JobDocument.Of(job)) : Problems.NotFound("id", id.ToString());

    private static Results<Ok<DiagramDocument>, ProblemHttpResult> Diagram(string name, NetworkCatalog catalog)
    {
        if (catalog.Current is not { } s)
        {
            return Problems.NotReady();
        }

        Net net = s.Network;
        var trace = net.Normal;
        int feeder = trace.FeederNames.IndexOf(name);
        if (feeder < 0)
        {
            return Problems.NotFound("name", name);
        }

        int head = trace.FeederHeadEdge[feeder];
        int root = trace.Parent[net.EdgeFrom[head]] == net.EdgeTo[head] ? net.EdgeFrom[head] : net.EdgeTo[head];
        ReadOnlySpan<int> nodes = trace.Downstream(root);
        if (nodes.Length > MaxDiagramNodes)
        {
            return Problems.Field("name", $"the feeder has {nodes.Length} buses; diagrams are limited to {MaxDiagramNodes}", StatusCodes.Status422UnprocessableEntity);
        }

        var loadPointAt = new Dictionary<int, int>();
        ReadOnlySpan<int> lpNode = net.LoadPointNode;
        for (int l = 0; l < lpNode.Length; l++)
        {
            loadPointAt.TryAdd(lpNode[l], l);
        }

        LoadPointResults lp = s.Reliability.LoadPoints;
        var result = new List<DiagramNode>(nodes.Length + 1);
        int top = net.OtherEnd(head, root);
        result.Add(new DiagramNode(net.NodeIds[top], null, null, null, [], null, 0, null, null, Coordinate(net.NodeX[top]), Coordinate(net.NodeY[top])));
        foreach (int v in nodes)
        {
            int edge = trace.ParentEdge[v];
            var devices = new List<string>();
            foreach (int d in net.DevicesOn(edge))
            {
                devices.Add(net.DeviceKinds[d].ToSnakeCase());
            }

            bool hasLp = loadPointAt.TryGetValue(v, out int l);
            result.Add(new DiagramNode(net.NodeIds[v], net.NodeIds[trace.Parent[v]], net.EdgeIds[edge], net.EdgeKinds[edge].ToSnakeCase(), devices,
                hasLp ? net.LoadPointIds[l] : null, hasLp ? lp.Users[l] : 0, hasLp ? lp.UnavailabilityHoursPerYear[l] : null, hasLp ? lp.FailureRatePerYear[l] : null,
                Coordinate(net.NodeX[v]), Coordinate(net.NodeY[v])));
        }

        var ties = new List<DiagramTie>();
        foreach (int edge in trace.TieEdges)
        {
            int a = net.EdgeFrom[edge];
            int b = net.EdgeTo[edge];
            (int mine, int other) = trace.FeederOf[a] == feeder ? (a, b) : (b, a);
            if (trace.FeederOf[mine] == feeder)
            {
                int otherFeeder = trace.FeederOf[other];
                ties.Add(new DiagramTie(net.EdgeIds[edge], net.NodeIds[mine], net.NodeIds[other], otherFeeder >= 0 ? trace.FeederNames[otherFeeder] : null));
            }
        }

        FeederReliability fr = s.Reliability.Feeders.First(f => f.Feeder == feeder);
        return TypedResults.Ok(new DiagramDocument(name, s.Info.Version, IndicesReport.Of(fr.Indices), result, ties));
    }

    private static double? Coordinate(double value) => double.IsFinite(value) ? value : null;

    private static (WhatIfChange? Change, ProblemHttpResult? Problem) Parse(Net net, WhatIfChangeRequest c, string at)
    {
        switch (c.Type)
        {
            case "add_device":
            {
                if (Edge(net, c.Branch, at + ".branch") is (null, var p1))
                {
                    return (null, p1);
                }

                if (Node(net, c.AtBus, at + ".at_bus") is (null, var p2))
                {
                    return (null, p2);
                }

                if (!KindExtensions.TryParseDeviceKind(c.Kind ?? string.Empty, out DeviceKind kind))
                {
                    return (null, Problems.Field(at + ".kind", $"'{c.Kind}' is not a device kind"));
                }

                net.TryGetEdge(c.Branch!, out EdgeIndex edge);
                net.TryGetNode(c.AtBus!, out NodeIndex node);
                return (new AddDevice(edge, node, kind, c.Id ?? "whatif-" + c.Branch) { Automated = c.Automated ?? false }, null);
            }

            case "remove_device":
            case "automate_device":
            {
                if (string.IsNullOrEmpty(c.Device))
                {
                    return (null, Problems.Field(at + ".device", "required"));
                }

                if (!net.TryGetDevice(c.Device, out DeviceIndex device))
                {
                    return (null, Problems.Field(at + ".device", $"no device '{c.Device}'", StatusCodes.Status422UnprocessableEntity));
                }

                return (c.Type == "remove_device" ? new RemoveDevice(device) : new AutomateDevice(device), null);
            }

            case "add_tie":
            {
                if (Node(net, c.BusA, at + ".bus_a") is (null, var p1))
                {
                    return (null, p1);
                }

                if (Node(net, c.BusB, at + ".bus_b") is (null, var p2))
                {
                    return (null, p2);
                }

                net.TryGetNode(c.BusA!, out NodeIndex a);
                net.TryGetNode(c.BusB!, out NodeIndex b);
                return (new AddTie(a, b, c.Id ?? $"whatif-tie-{c.BusA}-{c.BusB}"), null);
            }

            case "remove_tie":
            {
                if (Edge(net, c.Branch, at + ".branch") is (null, var p))
                {
                    return (null, p);
                }

                net.TryGetEdge(c.Branch!, out EdgeIndex tie);
                return (new RemoveTie(tie), null);
            }

            case "change_failure_rate":
            {
                if (Edge(net, c.Branch, at + ".branch") is (null, var p))
                {
                    return (null, p);
                }

                // A branch failing more than 1000 times a year is no network's; larger rates overflow the indices.
                if (c.FailureRatePerYear is not double rate || !double.IsFinite(rate) || rate is < 0 or > 1000)
                {
                    return (null, Problems.Field(at + ".failure_rate_per_year", "required, failures per year between 0 and 1000"));
                }

                net.TryGetEdge(c.Branch!, out EdgeIndex edge);
                return (new ChangeFailureRate(edge, rate), null);
            }

            default:
                return (null, Problems.Field(at + ".type", $"'{c.Type}' is not one of add_device, remove_device, automate_device, add_tie, remove_tie, change_failure_rate"));
        }
    }

    private static (object? Found, ProblemHttpResult? Problem) Edge(Net net, string? id, string field)
    {
        if (string.IsNullOrEmpty(id))
        {
            return (null, Problems.Field(field, "required"));
        }

        return net.TryGetEdge(id, out EdgeIndex e) ? (e, null) : (null, Problems.Field(field, $"no branch '{id}'", StatusCodes.Status422UnprocessableEntity));
    }

    private static (object? Found, ProblemHttpResult? Problem) Node(Net net, string? id, string field)
    {
        if (string.IsNullOrEmpty(id))
        {
            return (null, Problems.Field(field, "required"));
        }

        return net.TryGetNode(id, out NodeIndex n) ? (n, null) : (null, Problems.Field(field, $"no bus '{id}'", StatusCodes.Status422UnprocessableEntity));
    }
}
