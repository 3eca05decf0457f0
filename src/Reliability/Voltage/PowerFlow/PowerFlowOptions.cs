namespace Lumen.Reliability.Voltage.PowerFlow;

/// <summary>Numerical settings of <see cref="RadialPowerFlow"/>.</summary>
/// <remarks>Immutable record; <see cref="Default"/> suits feeders of any size.</remarks>
public sealed record PowerFlowOptions
{
    /// <summary>Defaults: tolerance 1e-9 pu, 100 iterations.</summary>
    public static PowerFlowOptions Default { get; } = new();

    /// <summary>
    /// Converged when no bus voltage phasor changes by more than this between two sweeps, in per unit. Default 1e-9.
    /// </summary>
    public double TolerancePu { get; init; } = 1e-9;

    /// <summary>Most backward/forward sweeps before giving up. Default 100.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>
    /// Below this voltage (pu) at any bus the sweep is declared divergent (voltage collapse) and stops. Default 0.2.
    /// </summary>
    public double CollapseVoltagePu { get; init; } = 0.2;

    /// <summary>Validates the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <see cref="TolerancePu"/> is not positive, <see cref="MaxIterations"/> is below 1 or
    /// <see cref="CollapseVoltagePu"/> is outside 0..1.
    /// </exception>
    public void Validate()
    {
        if (!(TolerancePu > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(TolerancePu), TolerancePu, "tolerance must be positive");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        if (!(CollapseVoltagePu is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(CollapseVoltagePu), CollapseVoltagePu, "must lie in 0..1");
        }
    }
}
