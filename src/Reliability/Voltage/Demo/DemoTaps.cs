using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Voltage.Demo;

/// <summary>
/// Off-load tap positions of the demo's distribution transformers, set as a utility sets them at commissioning: from
/// the 10 kV voltage the unit sees at light load and at the feeder's peak of the year it was last tapped, the position
/// of the ±2×2.5 % HV winding that keeps its 0.4 kV busbar closest to the band
/// <see cref="LowerPu"/>..<see cref="UpperPu"/> over the day.
/// </summary>
/// <remarks>
/// The substations run counter regulation (<see cref="DemoNetworkGenerator.SourceVoltageAt"/>: 10.5 kV at the peak,
/// 10.0 kV at the valley). Units near the substation sit on the nominal or a + HV tap, lowering the secondary; units
/// where the 10 kV sags at the peak on −2.5 % or −5 %, raising it. A few (<see cref="UntappedShare"/>) were never
/// moved from the nominal tap, as happens in the field. Load has grown since a unit was last tapped: its tap suits a
/// peak of <see cref="TappedAtPeakMin"/>–1 times today's, so today's peak takes the far ends of the longest, most loaded
/// rural feeders below the low-voltage limit, which is where planners find their low-voltage areas. Voltages between
/// light load and today's peak are interpolated linearly in the load (the drop is nearly proportional to it). Costs
/// one network build and two power flows, O(N).
/// </remarks>
internal static class DemoTaps
{
    /// <summary>
    /// Upper end of the band, pu of 400 V: 402 V, a little margin under GB/T 12325's +7 % of 380 V (406.6 V) for the
    /// many light-load hours.
    /// </summary>
    public const double UpperPu = 402.0 / 400;

    /// <summary>
    /// Lower end of the band, pu of 400 V: 372 V, so that the last customer of an LV network with a 5 % drop stays
    /// above 353.4 V (GB/T 12325's −7 % of 380 V).
    /// </summary>
    public const double LowerPu = 372.0 / 400;

    /// <summary>Lowest peak, as a share of today's, that a unit's tap was chosen for.</summary>
    public const double TappedAtPeakMin = 0.5;

    /// <summary>Share of transformers left on the nominal tap.</summary>
    public const double UntappedShare = 0.05;

    /// <summary>
    /// Tap ratios of the five HV positions: +5 %, +2.5 %, 0, −2.5 %, −5 % (secondary no-load voltage per unit of
    /// primary).
    /// </summary>
    public static ReadOnlySpan<double> Positions => [1 / 1.05, 1 / 1.025, 1.0, 1 / 0.975, 1 / 0.95];

    /// <summary>Chooses and stores the tap of every transformer added to <paramref name="builder"/>.</summary>
    public static void Set(NetworkBuilder builder, DemoRandom rng)
    {
        Net network = builder.Build().Network
            ?? throw new InvalidOperationException("the demo generator produced an invalid network");
        var solver = new RadialPowerFlow(network);
        const double LightLoadScale = DemoNetworkGenerator.LightLoadScale;
        PowerFlowResult light = solver.Solve(new PowerFlowScenario { LoadScale = LightLoadScale, SourceVoltagePu = DemoNetworkGenerator.SourceVoltageAt(LightLoadScale) });
        PowerFlowResult peak = solver.Solve(new PowerFlowScenario { LoadScale = 1.0, SourceVoltagePu = DemoNetworkGenerator.SourceVoltagePu });
        ReadOnlySpan<BranchKind> kinds = network.EdgeKinds;
        for (int e = 0; e < network.EdgeCount; e++)
        {
            if (kinds[e] != BranchKind.Transformer)
            {
                continue;
            }

            int hv = network.EdgeFrom[e];
            int lv = network.EdgeTo[e];
            double w = (rng.Uniform(TappedAtPeakMin, 1.0) - LightLoadScale) / (1.0 - LightLoadScale);
            double hvPeak = light.VoltagePu[hv] + (w * (peak.VoltagePu[hv] - light.VoltagePu[hv]));
            double lvPeak = light.VoltagePu[lv] + (w * (peak.VoltagePu[lv] - light.VoltagePu[lv]));
            double tap = rng.Chance(UntappedShare) ? 1.0 : Best(light.VoltagePu[hv], light.VoltagePu[lv], hvPeak, lvPeak);
            if (tap != 1.0)
            {
                builder.SetTapPu(e, tap);
            }
        }
    }

    /// <summary>
    /// The position whose worst excursion out of the band (secondary above <see cref="UpperPu"/> at light load, or
    /// below <see cref="LowerPu"/> at peak) is smallest; the secondary scales with the tap, less the unit's own drop.
    /// </summary>
    internal static double Best(double hvLight, double lvLight, double hvPeak, double lvPeak)
    {
        double best = 1.0;
        double bestExcursion = double.PositiveInfinity;
        foreach (double tap in Positions)
        {
            double high = (tap * hvLight) - (hvLight - lvLight) - UpperPu;
            double low = LowerPu - ((tap * hvPeak) - (hvPeak - lvPeak));
            double excursion = Math.Max(high, low);
            if (excursion < bestExcursion)
            {
                best = tap;
                bestExcursion = excursion;
            }
        }

        return best;
    }
}
