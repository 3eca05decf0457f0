using Lumen.Reliability.Planning;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Investment;

/// <summary>
/// The problems of one later year of the horizon with load growth, for the candidates of problems that appear only then
/// (docs/investment.md §2): the grown network, its peak power flow and the N-1 at peak of the feeders that pass it before.
/// </summary>
/// <param name="Year">The plan year (of the year rows) whose network this is: the network <c>Year − 1</c> years from now.</param>
/// <param name="Network">Today's network with that year's loads (the same indices).</param>
/// <param name="Peak">Its peak power flow.</param>
/// <param name="N1">N-1 at peak by feeder index; null for the feeders not checked (failing N-1 or radial today or in an earlier year).</param>
internal sealed record GrownYear(int Year, Net Network, LowVoltageReport Peak, IReadOnlyList<FeederN1?> N1)
{
    /// <summary>
    /// The grown years of <paramref name="request"/>: the networks 1 … <see cref="InvestmentPlanRequest.Years"/> years from
    /// now with load growth (ageing changes no load), each with its peak power flow and the N-1 of the feeders that pass
    /// N-1 today (<paramref name="diagnosis"/>) and in every year before. Empty without load growth.
    /// </summary>
    public static IReadOnlyList<GrownYear> Of(InvestmentPlanRequest request, DiagnosisReport diagnosis, RestorationLimits limits)
    {
        if (request.GrowthPercentPerYear == 0 && request.Growth.Count == 0)
        {
            return [];
        }

        Net network = request.Network;
        int feeders = network.Normal.FeederNames.Length;
        var check = new bool[feeders];
        for (int f = 0; f < feeders && f < diagnosis.Feeders.Count; f++)
        {
            check[f] = diagnosis.Feeders[f] is { Interconnected: true, N1Passes: true };
        }

        // Each year's network, power flow and N-1 of the feeders passing today are independent: worked out on both cores.
        // N-1 of a feeder does not depend on which others are checked, so a feeder is then kept only for the years
        // before it first fails, in order.
        bool[] today = [.. check];
        var found = new (PlanYear Year, Net Grown, LowVoltageReport Peak, IReadOnlyList<FeederN1>? N1)[request.Years];
        Parallel.For(1, request.Years + 1, ahead =>
        {
            PlanYear year = PlanYear.Of(network, ahead, request.Growth, request.GrowthPercentPerYear, null);
            if (year.IsToday)
            {
                found[ahead - 1] = (year, network, null!, null);
                return;
            }

            Net grown = EditedNetwork.Build(network, null, [], null, year).Network;
            LowVoltageReport peak = LowVoltagePrediction.Predict(grown, new PowerFlowScenario { SourceVoltagePu = limits.SourceVoltagePu }, request.VoltageProfile);
            IReadOnlyList<FeederN1>? n1 = Array.IndexOf(today, true) >= 0 ? N1Analysis.Run(grown, limits, LoadLevels.PeakOnly, today) : null;
            found[ahead - 1] = (year, grown, peak, n1);
        });

        var years = new List<GrownYear>();
        for (int ahead = 1; ahead <= request.Years; ahead++)
        {
            (PlanYear year, Net grown, LowVoltageReport peak, IReadOnlyList<FeederN1>? n1Found) = found[ahead - 1];
            if (year.IsToday)
            {
                continue;
            }

            var n1 = new FeederN1?[feeders];
            if (n1Found is not null)
            {
                for (int f = 0; f < feeders; f++)
                {
                    if (check[f])
                    {
                        n1[f] = n1Found[f];
                        check[f] = n1Found[f].Passes;
                    }
                }
            }

            years.Add(new GrownYear(ahead + 1, grown, peak, n1));
        }

        return years;
    }
}
