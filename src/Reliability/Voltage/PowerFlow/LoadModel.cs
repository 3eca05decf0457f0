namespace Lumen.Reliability.Voltage.PowerFlow;

/// <summary>
/// How a load's power depends on its voltage (ZIP model): a share drawn at constant impedance (power ∝ V²), a share at
/// constant current (power ∝ V) and the rest at constant power. The default value is a pure constant-power load.
/// </summary>
/// <remarks>
/// Immutable. Shares are fractions 0..1 of the nominal power (the power drawn at 1.0 pu voltage) and apply to both
/// active and reactive power: <c>S(V) = S₀ · (p + i·|V| + z·|V|²)</c> with <c>p = 1 − i − z</c>.
/// </remarks>
/// <param name="ConstantImpedanceShare">Share z drawn as a constant impedance, 0..1.</param>
/// <param name="ConstantCurrentShare">Share i drawn as a constant current, 0..1; z + i ≤ 1.</param>
public readonly record struct LoadModel(double ConstantImpedanceShare, double ConstantCurrentShare)
{
    /// <summary>A constant-power load (the IEEE test feeders' convention).</summary>
    public static LoadModel ConstantPower => default;

    /// <summary>A constant-current load.</summary>
    public static LoadModel ConstantCurrent => new(0, 1);

    /// <summary>A constant-impedance load.</summary>
    public static LoadModel ConstantImpedance => new(1, 0);

    /// <summary>The constant-power share, <c>1 − z − i</c>.</summary>
    public double ConstantPowerShare => 1.0 - ConstantImpedanceShare - ConstantCurrentShare;

    /// <summary>True when both shares lie in 0..1 and sum to at most 1.</summary>
    public bool IsValid =>
        ConstantImpedanceShare is >= 0 and <= 1
        && ConstantCurrentShare is >= 0 and <= 1
        && ConstantImpedanceShare + ConstantCurrentShare <= 1 + 1e-12;
}
