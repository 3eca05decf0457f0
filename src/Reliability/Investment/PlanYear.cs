using Lumen.Reliability.Aging;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Investment;

/// <summary>
/// A feeder's planned peak growth (the planner's growth file of <c>forecast peaks</c>): a compound rate per year, and a
/// step load added from a year on (a new development).
/// </summary>
/// <param name="PercentPerYear">Peak growth, % a year (−50..100).</param>
/// <param name="AddedPeakMw">Peak added from <paramref name="AddedFromYear"/> on, MW (0..1000).</param>
/// <param name="AddedFromYear">Years from now when the added peak arrives (1..60).</param>
public sealed record FeederGrowth(double PercentPerYear, double AddedPeakMw = 0, int AddedFromYear = 1)
{
    /// <summary>Where the rate comes from (<see cref="GrowthSources"/>). Default the planner's file.</summary>
    public string Source { get; init; } = GrowthSources.PlannerFile;

    /// <summary>The first problem, or null.</summary>
    public string? Problem() =>
        !(PercentPerYear is >= -50 and <= 100) ? "growth_percent_per_year must lie in -50..100"
        : !(AddedPeakMw is >= 0 and <= 1000) ? "added_peak_mw must lie in 0..1000"
        : AddedFromYear is < 1 or > 60 ? "added_from_year must lie in 1..60" : null;
}

/// <summary>
/// The network of one year of the horizon, as changes to today's: each feeder's loads scaled by its growth, and each
/// branch's failure rate raised by the ageing of the assets on it (the asset model's probability of failure at their age
/// then if kept, less now: <see cref="AssetRiskResult.KeptPof"/>). A replacement resets its asset: its edit removes the asset's ageing with its failures.
/// </summary>
internal sealed class PlanYear
{
    private PlanYear(int yearsAhead, double[] loadScale, double[] failureRateAdded, Dictionary<string, double> ageingByAsset)
    {
        YearsAhead = yearsAhead;
        LoadScale = loadScale;
        FailureRateAdded = failureRateAdded;
        AgeingByAsset = ageingByAsset;
    }

    /// <summary>Years from now.</summary>
    public int YearsAhead { get; }

    /// <summary>Load factor by base feeder index.</summary>
    public double[] LoadScale { get; }

    /// <summary>Failures a year added by ageing, by base branch index.</summary>
    public double[] FailureRateAdded { get; }

    /// <summary>Failures a year added by ageing, by asset id (what a replacement of that asset also removes).</summary>
    public Dictionary<string, double> AgeingByAsset { get; }

    /// <summary>Whether this year's network is today's.</summary>
    public bool IsToday => Array.TrueForAll(LoadScale, s => s == 1) && AgeingByAsset.Count == 0;

    /// <summary>
    /// The network <paramref name="yearsAhead"/> years from now: loads by <paramref name="growth"/> (by feeder name, else
    /// <paramref name="defaultPercent"/>), ageing from <paramref name="assets"/> when given.
    /// </summary>
    public static PlanYear Of(Net network, int yearsAhead, IReadOnlyDictionary<string, FeederGrowth> growth, double defaultPercent, AssetRiskResult? assets)
    {
        ReadOnlySpan<string> names = network.Normal.FeederNames;
        ReadOnlySpan<int> feederOf = network.Normal.FeederOf;
        var peakKw = new double[names.Length];
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            int f = feederOf[network.LoadPointNode[l]];
            if (f >= 0)
            {
                peakKw[f] += network.PeakKw[l];
            }
        }

        var scale = new double[names.Length];
        for (int f = 0; f < names.Length; f++)
        {
            FeederGrowth g = growth.GetValueOrDefault(names[f]) ?? new FeederGrowth(defaultPercent);
            scale[f] = Math.Pow(1 + (g.PercentPerYear / 100), yearsAhead);
            if (yearsAhead >= g.AddedFromYear && g.AddedPeakMw > 0 && peakKw[f] > 0)
            {
                scale[f] += g.AddedPeakMw * 1000 / peakKw[f];
            }
        }

        var added = new double[network.EdgeCount];
        var byAsset = new Dictionary<string, double>(StringComparer.Ordinal);
        if (assets is not null && yearsAhead > 0)
        {
            // The asset model's PoF of each coming year if the asset is kept (its history calibration unchanged).
            Span<double> pof = new double[yearsAhead + 1];
            for (int i = 0; i < assets.Register.Count; i++)
            {
                int e = assets.EdgeOf[i];
                if (e < 0)
                {
                    continue;
                }

                assets.KeptPof(i, pof);
                double ageing = pof[yearsAhead] - assets.PofPerYear[i];
                if (ageing != 0 && double.IsFinite(ageing))
                {
                    added[e] += ageing;
                    byAsset[assets.Register.Ids[i]] = ageing;
                }
            }
        }

        return new PlanYear(yearsAhead, scale, added, byAsset);
    }
}
