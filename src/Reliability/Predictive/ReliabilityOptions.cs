namespace Lumen.Reliability.Predictive;

/// <summary>Who counts as one "user" when customer-weighted indices are formed.</summary>
public enum UserCounting : byte
{
    /// <summary>Each customer (meter) of a load point is one user: IEEE 1366 SAIFI/SAIDI.</summary>
    Customers = 0,

    /// <summary>
    /// Each load point counts as one user, i.e. one distribution transformer (or one customer supplied directly at
    /// medium voltage): the statistical unit of DL/T 836 for 10 kV users.
    /// </summary>
    DistributionTransformers = 1,
}

/// <summary>Options of the analytical (and Monte Carlo) reliability assessment that are not part of the study case.</summary>
/// <remarks>Immutable record; the defaults reproduce the RBTS evaluation rules.</remarks>
public sealed record ReliabilityOptions
{
    /// <summary>The defaults: customers as users, 3-minute automated switching, 8760 h per year.</summary>
    public static ReliabilityOptions Default { get; } = new();

    /// <summary>Who counts as a user in SAIFI/SAIDI/AITC-1/AIHC-1. Default <see cref="UserCounting.Customers"/>.</summary>
    public UserCounting Users { get; init; } = UserCounting.Customers;

    /// <summary>
    /// Operating time of an automated (remote-controlled) switch or an automatic sectionaliser that has no operating time
    /// of its own. Default 3 minutes.
    /// </summary>
    public TimeSpan AutomatedSwitchingTime { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Hours in a year for ASAI/ASUI and RS-1. Default 8760.</summary>
    public double HoursPerYear { get; init; } = 8760;

    /// <summary>
    /// How transfers through normally-open ties are limited by ratings and voltage, at which load levels. Default
    /// <see cref="RestorationLimits.Default"/> (limits on wherever the network gives ratings and impedances);
    /// <see cref="RestorationLimits.Unlimited"/> gives the unconstrained restoration.
    /// </summary>
    public RestorationLimits Restoration { get; init; } = RestorationLimits.Default;
}
