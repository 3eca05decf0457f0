namespace Lumen.Reliability.Predictive;

/// <summary>Customer-weighted reliability indices of a system or a feeder (IEEE 1366 names and DL/T 836 names).</summary>
/// <param name="Saifi">System average interruption frequency, interruptions per user per year; NaN when no user is served.</param>
/// <param name="Saidi">System average interruption duration, hours per user per year; NaN when no user is served.</param>
/// <param name="Caidi">Customer average interruption duration, SAIDI / SAIFI in hours; NaN when SAIFI is 0 or NaN.</param>
/// <param name="Asai">Average service availability, 1 − SAIDI / hours per year (per unit); NaN when no user is served.</param>
/// <param name="Asui">Average service unavailability, SAIDI / hours per year (per unit); NaN when no user is served.</param>
/// <param name="EnsMwhPerYear">Energy not supplied, Σ average load × U, in MWh per year; 0 when there is no load point.</param>
/// <param name="AensMwhPerUserYear">Average energy not supplied, ENS / users, MWh per user per year; NaN when no user is served.</param>
/// <param name="Users">Users served (customers, or load points when each distribution transformer is one user).</param>
/// <remarks>Immutable.</remarks>
public sealed record ReliabilityIndices(
    double Saifi,
    double Saidi,
    double Caidi,
    double Asai,
    double Asui,
    double EnsMwhPerYear,
    double AensMwhPerUserYear,
    double Users)
{
    /// <summary>DL/T 836 AITC-1, average interruption times of users (same value as <see cref="Saifi"/>), per year.</summary>
    public double Aitc1 => Saifi;

    /// <summary>DL/T 836 AIHC-1, average interruption hours of users (same value as <see cref="Saidi"/>), hours per year.</summary>
    public double Aihc1 => Saidi;

    /// <summary>DL/T 836 RS-1, supply reliability in percent: (1 − AIHC-1 / hours per year) × 100 = ASAI × 100.</summary>
    public double Rs1Percent => Asai * 100;

    /// <summary>Forms the indices from per-load-point λ and U.</summary>
    /// <param name="users">Users per load point.</param>
    /// <param name="averageKw">Average demand per load point, kW.</param>
    /// <param name="failuresPerYear">λ per load point, interruptions per year.</param>
    /// <param name="unavailabilityHoursPerYear">U per load point, hours per year.</param>
    /// <param name="hoursPerYear">Hours in a year (8760).</param>
    /// <param name="selected">Load points to include (e.g. one feeder's); null for all.</param>
    /// <returns>The indices; see the parameter docs for what an empty selection gives.</returns>
    /// <remarks>O(L).</remarks>
    public static ReliabilityIndices Compute(
        ReadOnlySpan<double> users,
        ReadOnlySpan<double> averageKw,
        ReadOnlySpan<double> failuresPerYear,
        ReadOnlySpan<double> unavailabilityHoursPerYear,
        double hoursPerYear,
        ReadOnlySpan<bool> selected = default)
    {
        double totalUsers = 0;
        double frequency = 0;
        double duration = 0;
        double energyKwh = 0;
        bool all = selected.IsEmpty;
        for (int l = 0; l < users.Length; l++)
        {
            if (!all && !selected[l])
            {
                continue;
            }

            totalUsers += users[l];
            frequency += users[l] * failuresPerYear[l];
            duration += users[l] * unavailabilityHoursPerYear[l];
            energyKwh += averageKw[l] * unavailabilityHoursPerYear[l];
        }

        double saifi = totalUsers > 0 ? frequency / totalUsers : double.NaN;
        double saidi = totalUsers > 0 ? duration / totalUsers : double.NaN;
        double caidi = saifi > 0 ? saidi / saifi : double.NaN;
        double asui = saidi / hoursPerYear;
        double ens = energyKwh / 1000;
        return new ReliabilityIndices(saifi, saidi, caidi, 1 - asui, asui, ens, totalUsers > 0 ? ens / totalUsers : double.NaN, totalUsers);
    }
}

/// <summary>Indices of one feeder.</summary>
/// <param name="Feeder">Feeder index (as in <c>RadialTrace.FeederOf</c>).</param>
/// <param name="Name">Feeder name.</param>
/// <param name="Indices">The feeder's indices over the load points it supplies in normal operation.</param>
/// <param name="CapacityLimitedSaidi">
/// The part of the feeder's SAIDI (hours per user per year) caused by transfers that capacity or voltage limits
/// prevented or cut short; 0 when unconstrained; null when the feeder serves no user.
/// </param>
public sealed record FeederReliability(int Feeder, string Name, ReliabilityIndices Indices, double? CapacityLimitedSaidi);

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

    internal ReliabilityResult(FailurePlan plan, LoadPointResults loadPoints, ReliabilityIndices system, FeederReliability[] feeders, double? capacityLimitedSaidi)
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
    public ReliabilityIndices System { get; }

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
