using Lumen.Topology.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>Shape of a sampled duration distribution.</summary>
public enum DurationShape : byte
{
    /// <summary>Exponential with the given mean.</summary>
    Exponential = 0,

    /// <summary>Lognormal with the given mean and the model's log-space standard deviation.</summary>
    LogNormal = 1,
}

/// <summary>How a duration (repair, switching) is sampled around its mean.</summary>
/// <param name="Shape">Distribution shape.</param>
/// <param name="LogSigma">For <see cref="DurationShape.LogNormal"/>: standard deviation of ln(duration), &gt; 0. Ignored otherwise.</param>
/// <remarks>Immutable. The default value is the exponential distribution.</remarks>
public readonly record struct DurationModel(DurationShape Shape, double LogSigma)
{
    /// <summary>Exponentially distributed durations (the classical Markov assumption).</summary>
    public static DurationModel Exponential => new(DurationShape.Exponential, 0);

    /// <summary>Lognormal durations with log-space standard deviation <paramref name="logSigma"/>; the mean is kept.</summary>
    /// <param name="logSigma">Standard deviation of ln(duration), &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logSigma"/> is not positive.</exception>
    public static DurationModel LogNormal(double logSigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(logSigma);
        return new DurationModel(DurationShape.LogNormal, logSigma);
    }
}

/// <summary>Options of the sequential Monte Carlo simulation.</summary>
/// <remarks>Immutable record.</remarks>
public sealed record MonteCarloOptions
{
    /// <summary>Simulated years, ≥ 1. Default 10 000.</summary>
    public int Years { get; init; } = 10_000;

    /// <summary>Seed of the per-worker generators; results depend only on the seed and <see cref="Workers"/>. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Number of workers, ≥ 1; each simulates a fixed block of years with its own generator. Default: processor count.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Repair-time distribution per branch kind; kinds not listed use the exponential. Default: none listed.</summary>
    public IReadOnlyDictionary<BranchKind, DurationModel> RepairDurations { get; init; } = new Dictionary<BranchKind, DurationModel>();

    /// <summary>Distribution of switching (restoration) durations. Default exponential.</summary>
    public DurationModel SwitchingDuration { get; init; } = DurationModel.Exponential;

    /// <summary>Relative precision (half-width of the confidence interval / mean) for the years-needed estimate. Default 0.01.</summary>
    public double RelativePrecision { get; init; } = 0.01;

    /// <summary>Confidence level of the intervals and of the years-needed estimate, in (0, 1). Default 0.95.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>
    /// Per-load-point annual values are kept for percentiles only when load points × years is at most this. Default 50 M.
    /// </summary>
    public long MaxStoredLoadPointYears { get; init; } = 50_000_000;

    /// <summary>
    /// Called after every simulated year with the number of years completed so far by all workers (for a job's
    /// progress). Called concurrently from the workers: it must be thread-safe and cheap. Default none.
    /// </summary>
    public Action<int>? YearsCompleted { get; init; }
}
