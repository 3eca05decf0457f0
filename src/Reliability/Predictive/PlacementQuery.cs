using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>A request for the best positions on a feeder for a new device.</summary>
/// <param name="Network">The network, in its normal switch state.</param>
/// <param name="Study">The study case.</param>
/// <param name="Feeder">The feeder's name (as the assessment names it).</param>
/// <param name="Device">The new device's kind: sectionaliser, recloser, fuse, load_break_switch, breaker or disconnector.</param>
public sealed record PlacementQueryRequest(Net Network, StudyCase Study, string? Feeder, string? Device = "sectionaliser")
{
    /// <summary>The new device is remote-controlled.</summary>
    public bool Automated { get; init; }

    /// <summary>How many positions to list, 1 to <see cref="PlacementQuery.MaxCount"/>.</summary>
    public int Count { get; init; } = 5;

    /// <summary>Restoration limits of the assessments (the published assessment's, so that the baseline is its result).</summary>
    public RestorationLimits Restoration { get; init; } = RestorationLimits.Default;
}

/// <summary>One position for a new device, at the source-side end of a branch, and what it would change.</summary>
/// <param name="Rank">1 = the largest SAIDI reduction.</param>
/// <param name="Branch">The branch.</param>
/// <param name="DeltaSaifi">Change of system SAIFI, interruptions per user per year (negative is better).</param>
/// <param name="DeltaSaidi">Change of system SAIDI, hours per user per year (negative is better).</param>
/// <param name="DeltaEnsMwh">Change of ENS, MWh per year.</param>
/// <param name="CustomersAffected">Customers of the load points whose λ or U changes.</param>
public sealed record PlacementCandidateReport(int Rank, string Branch, double DeltaSaifi, double DeltaSaidi, double DeltaEnsMwh, long CustomersAffected);

/// <summary>
/// The one entry point of "where on this feeder would a new sectionaliser (recloser, switch) help most?": the CLI
/// (<c>lumen reliability placement</c>) and the API (<c>POST /api/reliability/placement</c>) gather its inputs and render its report.
/// </summary>
/// <remarks>Thread-safe: it keeps no state. O(B · (N + D)) for B branches on the feeder (<see cref="PlacementSearch"/>).</remarks>
public static class PlacementQuery
{
    /// <summary>Most positions one request lists.</summary>
    public const int MaxCount = 100;

    /// <summary>The best positions, largest SAIDI reduction first.</summary>
    /// <returns>
    /// The positions (at most <see cref="PlacementQueryRequest.Count"/>), or the problems: an unknown device kind, a
    /// count out of range, a missing feeder, or a feeder the network does not have (flagged <see cref="FieldProblem.NotFound"/>).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or its network is null.</exception>
    public static QueryResult<IReadOnlyList<PlacementCandidateReport>> Run(PlacementQueryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Network);
        var problems = new List<FieldProblem>();
        int feeder = -1;
        if (string.IsNullOrEmpty(request.Feeder))
        {
            problems.Add(new FieldProblem("feeder", "required"));
        }
        else if ((feeder = request.Network.Normal.FeederNames.IndexOf(request.Feeder)) < 0)
        {
            problems.Add(new FieldProblem("feeder", $"no feeder '{request.Feeder}'", NotFound: true));
        }

        if (!KindExtensions.TryParseDeviceKind(request.Device ?? string.Empty, out DeviceKind kind))
        {
            problems.Add(new FieldProblem("device", $"'{request.Device}' is not a device kind (sectionaliser, recloser, fuse, load_break_switch, breaker, disconnector)"));
        }

        if (request.Count is < 1 or > MaxCount)
        {
            problems.Add(new FieldProblem("count", $"between 1 and {MaxCount}"));
        }

        if (problems.Count > 0)
        {
            return QueryResult<IReadOnlyList<PlacementCandidateReport>>.Invalid(problems);
        }

        var options = new ReliabilityOptions { Restoration = request.Restoration };
        IReadOnlyList<PlacementCandidate> best = PlacementSearch.FindBest(request.Network, request.Study, feeder, kind, request.Automated, request.Count, options);
        var report = new PlacementCandidateReport[best.Count];
        for (int i = 0; i < report.Length; i++)
        {
            PlacementCandidate c = best[i];
            report[i] = new PlacementCandidateReport(i + 1, c.EdgeId, c.DeltaSaifi, c.DeltaSaidi, c.DeltaEnsMwhPerYear, c.CustomersAffected);
        }

        return QueryResult<IReadOnlyList<PlacementCandidateReport>>.Answer(report);
    }
}
