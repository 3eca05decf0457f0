namespace Lumen.Reliability.Predictive;

/// <summary>
/// Whether and how transfers through normally-open ties are limited by branch ratings and voltage: a healthy part cut
/// off by a fault is picked up only when, at the load of the moment, every rated branch of the receiving feeder and of
/// the transferred part stays within its rating and every medium-voltage bus of them stays at or above
/// <see cref="MinimumVoltagePu"/>. Flows and voltages come from the DistFlow bounds of <c>TransferNetwork</c>
/// (conservative against the full power flow); an empty rating means unlimited.
/// </summary>
/// <remarks>Immutable record. <see cref="Unlimited"/> gives the unconstrained restoration (any usable tie picks up everything).</remarks>
public sealed record RestorationLimits
{
    /// <summary>The defaults: limits on, GB/T 12325 lower limit 0.93 pu, sources at 1.05 pu, default load levels.</summary>
    public static RestorationLimits Default { get; } = new();

    /// <summary>Transfers limited by nothing: the unconstrained restoration.</summary>
    public static RestorationLimits Unlimited { get; } = new() { Enabled = false };

    /// <summary>When false, any usable tie picks up the whole part below the fault (the unconstrained result). Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The load duration curve; null for <see cref="LoadLevels.Default"/> at the network's own load factor.</summary>
    public LoadLevels? Levels { get; init; }

    /// <summary>
    /// Lowest voltage allowed at a medium-voltage bus (nominal ≥ 1 kV) after a transfer, per unit. Default 0.93, the
    /// GB/T 12325-2008 lower limit for 10 kV (−7 %). Buses below 1 kV are not checked.
    /// </summary>
    public double MinimumVoltagePu { get; init; } = 0.93;

    /// <summary>
    /// Voltage held at every source bus, per unit. Default 1.05 (10.5 kV), the set point the service's peak power flow
    /// uses too (on-load tap changers hold about 1.05).
    /// </summary>
    public double SourceVoltagePu { get; init; } = 1.05;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A voltage is outside (0, 2) or the source is not above the minimum.</exception>
    public void Validate()
    {
        if (!(MinimumVoltagePu > 0 && MinimumVoltagePu < 2) || !(SourceVoltagePu > 0 && SourceVoltagePu < 2))
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumVoltagePu), "Voltages must lie in (0, 2) per unit.");
        }

        if (!(SourceVoltagePu > MinimumVoltagePu))
        {
            throw new ArgumentOutOfRangeException(nameof(SourceVoltagePu), SourceVoltagePu, "The source voltage must be above the minimum voltage.");
        }
    }
}
