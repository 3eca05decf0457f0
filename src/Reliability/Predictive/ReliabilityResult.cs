namespace Lumen.Reliability.Predictive;

/// <summary>Indices of one feeder.</summary>
/// <param name="Feeder">Feeder index (as in <c>RadialTrace.FeederOf</c>).</param>
/// <param name="Name">Feeder name.</param>
/// <param name="Indices">The feeder's indices over the load points it supplies in normal operation.</param>
/// <param name="CapacityLimitedSaidi">
/// The part of the feeder's SAIDI (hours per user per year) caused by transfers that capacity or voltage limits
/// prevented or cut short; 0 when unconstrained; null when the feeder serves no user.
/// </param>
public sealed record FeederReliability(int Feeder, string Name, PredictedIndices Indices, double? CapacityLimitedSaidi);

/// <summary>One failure's share in a load point's interruptions (a row of the failure-mode table).</summary>
/// <param name="ComponentId">Id of the failed branch.</param>
/// <param name="FailureRatePerYear">Interruptions of the load point per year caused by it (its λ, weighted by protection outcome probabilities).</param>
/// <param name="OutageHours">Average interruption duration of the load point per such failure, hours (U / λ).</param>
/// <param name="UnavailabilityHoursPerYear">Contribution to the load point's U, hours per year.</param>
public readonly record struct FailureContribution(string ComponentId, double FailureRatePerYear, double OutageHours, double UnavailabilityHoursPerYear);

/// <summary>Per-load-point results, struct of arrays indexed by load point (as in the network).</summary>
/// <remarks>Immutable. r is NaN for a load point that is never interrupted (λ = 0).</remarks>
public sealed class LoadPointResults
{
    internal LoadPointResults(string[] ids, double[] users, double[] averageKw, int[] feeder, double[] lambda, double[] unavailability, double[] capacityLimited)
    {
        CapacityLimitedUnavailabilityHoursPerYear = capacityLimited;
        Ids = ids;
        Users = users;
        AverageKw = averageKw;
        Feeder = feeder;
        FailureRatePerYear = lambda;
        UnavailabilityHoursPerYear = unavailability;
        var r = new double[lambda.Length];
        var ens = new double[lambda.Length];
        for (int l = 0; l < r.Length; l++)
        {
            r[l] = lambda[l] > 0 ? unavailability[l] / lambda[l] : double.NaN;
            ens[l] = averageKw[l] * unavailability[l] / 1000;
        }

        AverageOutageHours = r;
        EnsMwhPerYear = ens;
    }

    /// <summary>Load-point ids.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Users per load point (customers, or 1 per distribution transformer).</summary>
    public IReadOnlyList<double> Users { get; }

    /// <summary>Average demand in kW.</summary>
    public IReadOnlyList<double> AverageKw { get; }

    /// <summary>Feeder supplying each load point in normal operation; -1 for a load point at a source bus.</summary>
    public IReadOnlyList<int> Feeder { get; }

    /// <summary>λ: interruptions per year.</summary>
    public IReadOnlyList<double> FailureRatePerYear { get; }

    /// <summary>r = U / λ: average interruption duration in hours; NaN when λ = 0.</summary>
    public IReadOnlyList<double> AverageOutageHours { get; }

    /// <summary>U: unavailability in hours per year.</summary>
    public IReadOnlyList<double> UnavailabilityHoursPerYear { get; }

    /// <summary>
    /// The part of U caused by capacity- or voltage-limited restoration: U minus U with unconstrained transfers, hours per
    /// year (0 when unconstrained or when no transfer is limited).
    /// </summary>
    public IReadOnlyList<double> CapacityLimitedUnavailabilityHoursPerYear { get; }

    /// <summary>Energy not supplied in MWh per year (average load × U).</summary>
    public IReadOnlyList<double> EnsMwhPerYear { get; }

    /// <summary>Number of load points.</summary>
    public int Count => FailureRatePerYear.Count;
}

/// <summary>The outcome of <see cref="ReliabilityAssessor.Assess"/>: load-point, system and feeder results, with explanations.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ReliabilityResult
{
    private readonly FailurePlan _plan;

    internal ReliabilityResult(FailurePlan plan, LoadPointResults loadPoints, PredictedIndices system, FeederReliability[] feeders, double? capacityLimitedSaidi)
    {
        _plan = plan;
        CapacityLimitedSaidi = capacityLimitedSaidi;
        LoadPoints = loadPoints;
        System = system;
        Feeders = feeders;
    }

    /// <summary>λ, r, U and ENS per load point.</summary>
    public LoadPointResults LoadPoints { get; }

    /// <summary>System indices over every load point.</summary>
    public PredictedIndices System { get; }

    /// <summary>Indices per feeder, indexed by feeder.</summary>
    public IReadOnlyList<FeederReliability> Feeders { get; }

    /// <summary>The part of the system SAIDI caused by capacity- or voltage-limited restoration, hours per user per year; null with no user.</summary>
    public double? CapacityLimitedSaidi { get; }

    /// <summary>Whether transfers were limited by capacity and voltage (false: unconstrained restoration).</summary>
    public bool CapacityLimited => _plan.Capacity is not null;

    /// <summary>The load levels restoration was checked at (fraction of peak and hours); empty when unconstrained.</summary>
    public IReadOnlyList<LoadLevel> LoadLevels => _plan.Capacity is null ? [] : _plan.Model.Levels.Levels;

    /// <summary>
    /// The failures that interrupt <paramref name="loadPoint"/>: the failure-mode table, largest U contribution first.
    /// The rows sum to the load point's λ and U.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="loadPoint"/> is outside 0..LoadPointCount-1.</exception>
    /// <remarks>O(S·K + F) for S segments, K protection outcomes per segment and F failures; computed on demand.</remarks>
    public IReadOnlyList<FailureContribution> Explain(int loadPoint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(loadPoint);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(loadPoint, LoadPoints.Count);
        return Explainer.Explain(_plan, loadPoint);
    }
}
