using Lumen.Topology.Network;

namespace Lumen.Topology.Demo;

/// <summary>A conductor type: impedance per km and ampacity.</summary>
/// <param name="Kind">Overhead line or cable.</param>
/// <param name="ROhmPerKm">Positive-sequence resistance, ohm/km.</param>
/// <param name="XOhmPerKm">Positive-sequence reactance, ohm/km.</param>
/// <param name="RatingAmps">Continuous current rating, A.</param>
internal readonly record struct Conductor(BranchKind Kind, double ROhmPerKm, double XOhmPerKm, double RatingAmps);

/// <summary>
/// Equipment data used by <see cref="DemoNetworkGenerator"/>: typical State Grid 10 kV conductors and S11-series
/// 10/0.4 kV transformers. Values are typical catalogue figures, not a particular manufacturer's.
/// </summary>
internal static class DemoCatalog
{
    /// <summary>LGJ-240 steel-cored aluminium, main trunk (resistance at operating temperature).</summary>
    public static readonly Conductor OverheadTrunk = new(BranchKind.OverheadLine, 0.132, 0.35, 610);

    /// <summary>LGJ-120, branch lines.</summary>
    public static readonly Conductor OverheadLateral = new(BranchKind.OverheadLine, 0.27, 0.37, 380);

    /// <summary>LGJ-70, short spurs.</summary>
    public static readonly Conductor OverheadSpur = new(BranchKind.OverheadLine, 0.46, 0.38, 275);

    /// <summary>YJV22-8.7/15-3×300 XLPE armoured cable, trunk and substation exits.</summary>
    public static readonly Conductor CableTrunk = new(BranchKind.Cable, 0.0601, 0.09, 480);

    /// <summary>YJV22-3×150, branch lines.</summary>
    public static readonly Conductor CableLateral = new(BranchKind.Cable, 0.124, 0.10, 320);

    /// <summary>YJV22-3×70, short spurs.</summary>
    public static readonly Conductor CableSpur = new(BranchKind.Cable, 0.268, 0.11, 210);

    /// <summary>Standard 10/0.4 kV ratings used, kVA.</summary>
    public static ReadOnlySpan<double> TransformerKva => [100, 160, 200, 250, 315, 400, 500, 630];

    /// <summary>S11 Dyn11 load losses at 75 °C (GB/T 6451), kW, parallel to <see cref="TransformerKva"/>.</summary>
    public static ReadOnlySpan<double> TransformerLoadLossKw => [1.58, 2.31, 2.73, 3.20, 3.83, 4.52, 5.41, 6.20];

    /// <summary>Short-circuit impedance of ≤ 630 kVA units (GB/T 6451), per unit of the rating.</summary>
    public const double TransformerImpedancePerUnit = 0.04;

    /// <summary>Nominal primary voltage, kV.</summary>
    public const double PrimaryKv = 10.0;

    /// <summary>
    /// Series R and X of a transformer in ohms referred to the 10 kV (from) side: Z_base = kV²/MVA,
    /// R = P_k/S · Z_base, Z = u_k · Z_base, X = √(Z² − R²).
    /// </summary>
    public static (double ROhm, double XOhm) TransformerImpedance(int ratingIndex)
    {
        double kva = TransformerKva[ratingIndex];
        double baseOhm = PrimaryKv * PrimaryKv / (kva / 1000.0);
        double r = TransformerLoadLossKw[ratingIndex] / kva * baseOhm;
        double z = TransformerImpedancePerUnit * baseOhm;
        return (r, Math.Sqrt((z * z) - (r * r)));
    }
}
