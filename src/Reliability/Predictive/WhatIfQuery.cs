using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>
/// One what-if change as a planner writes it, by the ids of the network's elements (the JSON of <c>POST
/// /api/reliability/what-if</c> and of <c>lumen reliability whatif --changes</c>). <see cref="Type"/> says which
/// fields it needs: <c>add_device</c> (branch, at_bus, kind, automated, id), <c>remove_device</c> and
/// <c>automate_device</c> (device), <c>add_tie</c> (bus_a, bus_b, id), <c>remove_tie</c> (branch) and
/// <c>change_failure_rate</c> (branch, failure_rate_per_year).
/// </summary>
/// <param name="Type">add_device, remove_device, automate_device, add_tie, remove_tie or change_failure_rate.</param>
/// <param name="Branch">The branch a device is added to, a tie removed from or a failure rate changed on.</param>
/// <param name="AtBus">The end of <paramref name="Branch"/> where an added device sits.</param>
/// <param name="Kind">The added device's kind (sectionaliser, recloser, fuse, load_break_switch, breaker, disconnector).</param>
/// <param name="Automated">The added device is remote-controlled (default false).</param>
/// <param name="Device">The device removed or automated.</param>
/// <param name="BusA">One end of an added tie.</param>
/// <param name="BusB">The other end of an added tie.</param>
/// <param name="Id">The id of an added device or tie in explanations (default <c>whatif-…</c>).</param>
/// <param name="FailureRatePerYear">The branch's new permanent failure rate, failures per year, 0 to <see cref="WhatIfQuery.MaxFailureRatePerYear"/>.</param>
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

/// <summary>A request for the effect of changes on a network's predicted reliability, without changing the network.</summary>
/// <param name="Network">The network, in its normal switch state.</param>
/// <param name="Study">The study case.</param>
/// <param name="Changes">The changes, applied in order (1 to <see cref="WhatIfQuery.MaxChanges"/>).</param>
public sealed record WhatIfQueryRequest(Net Network, StudyCase Study, IReadOnlyList<WhatIfChangeRequest>? Changes)
{
    /// <summary>Restoration limits of both assessments (the published assessment's, so that the baseline is its result).</summary>
    public RestorationLimits Restoration { get; init; } = RestorationLimits.Default;
}

/// <summary>The effect of a what-if: the system indices without and with the changes, and the differences.</summary>
/// <param name="Baseline">System indices of the network as it is.</param>
/// <param name="Scenario">System indices with the changes.</param>
/// <param name="DeltaSaifi">Scenario − baseline SAIFI, interruptions per user per year (negative is better).</param>
/// <param name="DeltaSaidi">Scenario − baseline SAIDI, hours per user per year (negative is better).</param>
/// <param name="DeltaEnsMwh">Scenario − baseline ENS, MWh per year.</param>
/// <param name="CustomersAffected">Customers of the load points whose λ or U changed.</param>
/// <param name="LoadPointsAffected">Load points whose λ or U changed.</param>
public sealed record WhatIfReport(
    IndicesReport Baseline, IndicesReport Scenario, double DeltaSaifi, double DeltaSaidi, double DeltaEnsMwh, long CustomersAffected, int LoadPointsAffected);

/// <summary>
/// The one entry point of "what would these changes do to reliability?": the CLI (<c>lumen reliability whatif</c>)
/// and the API (<c>POST /api/reliability/what-if</c>) gather its inputs and render its report.
/// </summary>
/// <remarks>Thread-safe: it keeps no state. Two linear assessments: O(N + D + F log F + C) for C changes.</remarks>
public static class WhatIfQuery
{
    /// <summary>Most changes in one request.</summary>
    public const int MaxChanges = 1000;

    /// <summary>Highest failure rate a change may set: a branch failing more often is no network's, and larger rates overflow the indices.</summary>
    public const double MaxFailureRatePerYear = 1000;

    private const string Types = "add_device, remove_device, automate_device, add_tie, remove_tie, change_failure_rate";

    /// <summary>Evaluates the request's changes on its network.</summary>
    /// <returns>
    /// The report, or the problems: per change the first of its fields that is missing or malformed, or names nothing
    /// in the network (<c>changes[2].branch: no branch 'X'</c>, flagged <see cref="FieldProblem.NotFound"/>), or the
    /// change that cannot be applied (a branch off the radial tree, a branch that is not a tie, a tie from a bus to itself).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or its network is null.</exception>
    public static QueryResult<WhatIfReport> Run(WhatIfQueryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Network);
        if (request.Changes is not { Count: >= 1 and <= MaxChanges } changes)
        {
            return QueryResult<WhatIfReport>.Invalid("changes", $"between 1 and {MaxChanges} changes");
        }

        var problems = new List<FieldProblem>();
        var parsed = new List<WhatIfChange>(changes.Count);
        for (int i = 0; i < changes.Count; i++)
        {
            string at = $"changes[{i}]";
            if (changes[i] is null)
            {
                problems.Add(new FieldProblem(at, "a change, not null"));
                continue;
            }

            (WhatIfChange? change, FieldProblem? problem) = Parse(request.Network, changes[i]);
            if (problem is not null)
            {
                problems.Add(problem with { Field = $"{at}.{problem.Field}" });
            }
            else
            {
                parsed.Add(change!);
            }
        }

        if (problems.Count > 0)
        {
            return QueryResult<WhatIfReport>.Invalid(problems);
        }

        var options = new ReliabilityOptions { Restoration = request.Restoration };
        (WhatIfResult? result, List<(int Change, FieldProblem Problem)> cannot) = WhatIfAnalysis.TryEvaluate(request.Network, request.Study, parsed, options);
        if (result is null)
        {
            return QueryResult<WhatIfReport>.Invalid([.. cannot.Select(c => c.Problem with { Field = $"changes[{c.Change}].{c.Problem.Field}" })]);
        }

        return QueryResult<WhatIfReport>.Answer(new WhatIfReport(IndicesReport.Of(result.Baseline.System), IndicesReport.Of(result.Scenario.System),
            result.DeltaSaifi, result.DeltaSaidi, result.DeltaEnsMwhPerYear, result.CustomersAffected, result.LoadPointsAffected));
    }

    /// <summary>The index-based change of <paramref name="c"/>, or its first problem (field relative to the change).</summary>
    private static (WhatIfChange? Change, FieldProblem? Problem) Parse(Net net, WhatIfChangeRequest c)
    {
        switch (c.Type)
        {
            case "add_device":
            {
                if (Branch(net, c.Branch, out EdgeIndex edge) is { } p1)
                {
                    return (null, p1);
                }

                if (Bus(net, c.AtBus, "at_bus", out NodeIndex node) is { } p2)
                {
                    return (null, p2);
                }

                if (!KindExtensions.TryParseDeviceKind(c.Kind ?? string.Empty, out DeviceKind kind))
                {
                    return (null, new FieldProblem("kind", $"'{c.Kind}' is not a device kind (sectionaliser, recloser, fuse, load_break_switch, breaker, disconnector)"));
                }

                return (new AddDevice(edge, node, kind, c.Id ?? "whatif-" + c.Branch) { Automated = c.Automated ?? false }, null);
            }

            case "remove_device":
            case "automate_device":
            {
                if (string.IsNullOrEmpty(c.Device))
                {
                    return (null, new FieldProblem("device", "required"));
                }

                if (!net.TryGetDevice(c.Device, out DeviceIndex device))
                {
                    return (null, new FieldProblem("device", $"no device '{c.Device}'", NotFound: true));
                }

                return (c.Type == "remove_device" ? new RemoveDevice(device) : new AutomateDevice(device), null);
            }

            case "add_tie":
            {
                if (Bus(net, c.BusA, "bus_a", out NodeIndex a) is { } p1)
                {
                    return (null, p1);
                }

                if (Bus(net, c.BusB, "bus_b", out NodeIndex b) is { } p2)
                {
                    return (null, p2);
                }

                return (new AddTie(a, b, c.Id ?? $"whatif-tie-{c.BusA}-{c.BusB}"), null);
            }

            case "remove_tie":
            {
                return Branch(net, c.Branch, out EdgeIndex tie) is { } p ? (null, p) : (new RemoveTie(tie), null);
            }

            case "change_failure_rate":
            {
                if (Branch(net, c.Branch, out EdgeIndex edge) is { } p)
                {
                    return (null, p);
                }

                if (c.FailureRatePerYear is not double rate || !double.IsFinite(rate) || rate is < 0 or > MaxFailureRatePerYear)
                {
                    return (null, new FieldProblem("failure_rate_per_year", $"required, failures per year between 0 and {MaxFailureRatePerYear:0}"));
                }

                return (new ChangeFailureRate(edge, rate), null);
            }

            default:
                return (null, new FieldProblem("type", $"'{c.Type}' is not one of {Types}"));
        }
    }

    private static FieldProblem? Branch(Net net, string? id, out EdgeIndex edge)
    {
        edge = default;
        if (string.IsNullOrEmpty(id))
        {
            return new FieldProblem("branch", "required");
        }

        return net.TryGetEdge(id, out edge) ? null : new FieldProblem("branch", $"no branch '{id}'", NotFound: true);
    }

    private static FieldProblem? Bus(Net net, string? id, string field, out NodeIndex node)
    {
        node = default;
        if (string.IsNullOrEmpty(id))
        {
            return new FieldProblem(field, "required");
        }

        return net.TryGetNode(id, out node) ? null : new FieldProblem(field, $"no bus '{id}'", NotFound: true);
    }
}
