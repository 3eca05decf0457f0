using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>A request for a predictive reliability assessment.</summary>
/// <param name="Network">The network, in its normal switch state.</param>
/// <param name="Study">The study case.</param>
public sealed record ReliabilityAssessmentRequest(Net Network, StudyCase Study)
{
    /// <summary>Who counts as a user: customers (IEEE 1366) or transformer areas (DL/T 836).</summary>
    public UserCounting Users { get; init; } = UserCounting.Customers;

    /// <summary>Restoration limits: capacity and voltage limited by default, <see cref="RestorationLimits.Unlimited"/> for the classical result.</summary>
    public RestorationLimits Restoration { get; init; } = RestorationLimits.Default;

    /// <summary>A load point to explain, or null.</summary>
    public string? Explain { get; init; }

    /// <summary>Options of a Monte Carlo run to add, or null for the analytical assessment only.</summary>
    public MonteCarloOptions? MonteCarlo { get; init; }

    /// <summary>The assessment options of this request.</summary>
    public ReliabilityOptions Options => new() { Users = Users, Restoration = Restoration };
}

/// <summary>
/// The one entry point of "how reliable is this network predicted to be?": the CLI (<c>lumen reliability assess</c>) and
/// the API (<c>GET /api/reliability/assessment</c>) gather its inputs and render its report.
/// </summary>
/// <remarks>Thread-safe: it keeps no state.</remarks>
public static class ReliabilityAssessment
{
    /// <summary>Assesses the request's network analytically and, when asked, by Monte Carlo simulation.</summary>
    /// <returns>The report, or a problem naming <c>explain</c> when it names no load point.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or its network is null.</exception>
    public static QueryResult<ReliabilityAssessmentReport> Run(ReliabilityAssessmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Network);
        if (Problem(request) is { } problem)
        {
            return QueryResult<ReliabilityAssessmentReport>.Invalid([problem]);
        }

        ReliabilityOptions options = request.Options;
        ReliabilityResult result = ReliabilityAssessor.Assess(request.Network, request.Study, options);
        MonteCarloResult? monteCarlo = request.MonteCarlo is { } mc ? MonteCarloSimulator.Run(request.Network, request.Study, mc, options) : null;
        return QueryResult<ReliabilityAssessmentReport>.Answer(Report(request, result, monteCarlo));
    }

    /// <summary>
    /// The report of an assessment already computed with the request's options (the service computes one per network
    /// version when it is published and answers from it).
    /// </summary>
    /// <returns>The report, or a problem naming <c>explain</c> when it names no load point.</returns>
    public static QueryResult<ReliabilityAssessmentReport> Of(ReliabilityAssessmentRequest request, ReliabilityResult result)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        return Problem(request) is { } problem
            ? QueryResult<ReliabilityAssessmentReport>.Invalid([problem])
            : QueryResult<ReliabilityAssessmentReport>.Answer(Report(request, result, null));
    }

    private static FieldProblem? Problem(ReliabilityAssessmentRequest request) =>
        request.Explain is { } id && !request.Network.TryGetLoadPoint(id, out _) ? new FieldProblem("explain", $"no load point '{id}'", NotFound: true) : null;

    private static ReliabilityAssessmentReport Report(ReliabilityAssessmentRequest request, ReliabilityResult result, MonteCarloResult? monteCarlo)
    {
        ReadOnlySpan<string> feederNames = request.Network.Normal.FeederNames;
        var loadPoints = new LoadPointReport[result.LoadPoints.Count];
        for (int l = 0; l < loadPoints.Length; l++)
        {
            loadPoints[l] = LoadPointReport.Of(result, feederNames, l);
        }

        var feeders = new FeederIndicesReport[result.Feeders.Count];
        for (int f = 0; f < feeders.Length; f++)
        {
            FeederReliability fr = result.Feeders[f];
            feeders[f] = new FeederIndicesReport(fr.Name, IndicesReport.Of(fr.Indices), fr.CapacityLimitedSaidi);
        }

        LoadPointExplanation? explanation = request.Explain is { } id && request.Network.TryGetLoadPoint(id, out int explained)
            ? LoadPointExplanation.Of(result, feederNames, explained)
            : null;
        return new ReliabilityAssessmentReport(
            request.Study.Id,
            request.Users == UserCounting.Customers ? "customers" : "transformers",
            IndicesReport.Of(result.System),
            result.CapacityLimited,
            [.. result.LoadLevels],
            result.CapacityLimitedSaidi,
            feeders,
            loadPoints,
            explanation,
            monteCarlo is null ? null : MonteCarloReport.Of(monteCarlo));
    }
}
