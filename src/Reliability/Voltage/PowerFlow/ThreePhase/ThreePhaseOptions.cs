namespace Lumen.Reliability.Voltage.PowerFlow.ThreePhase;

/// <summary>Numerical settings of <see cref="ThreePhasePowerFlow"/>.</summary>
public sealed record ThreePhaseOptions
{
    /// <summary>Defaults: tolerance 1e-9 pu, 100 iterations per solve, 30 control iterations, regulators free.</summary>
    public static ThreePhaseOptions Default { get; } = new();

    /// <summary>Converged when no conductor voltage moves by more than this between iterations, pu of its base.</summary>
    public double TolerancePu { get; init; } = 1e-9;

    /// <summary>Most current-injection iterations per solve.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Most regulator control iterations (OpenDSS's MaxControlIter).</summary>
    public int MaxControlIterations { get; init; } = 30;

    /// <summary>When true the regulators keep their initial taps (a fixed-tap study).</summary>
    public bool FixedTaps { get; init; }

    /// <summary>Validates the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (!(TolerancePu > 0) || !double.IsFinite(TolerancePu))
        {
            throw new ArgumentOutOfRangeException(nameof(TolerancePu), TolerancePu, "tolerance must be positive");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxControlIterations, 1, nameof(MaxControlIterations));
    }
}
