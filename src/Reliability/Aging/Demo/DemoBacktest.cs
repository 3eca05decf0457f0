using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Aging.Demo;

/// <summary>A demo county: the generator's target bus count and seed.</summary>
/// <param name="Buses">Target bus count of the demo network generator.</param>
/// <param name="Seed">Seed of the network and asset generators.</param>
public sealed record DemoCounty(int Buses, int Seed);

/// <summary>The ranking backtest of one demo county.</summary>
/// <param name="County">The county.</param>
/// <param name="Result">Its scores.</param>
public sealed record DemoCountyBacktest(DemoCounty County, BacktestResult Result);

/// <summary>
/// The ranking backtest on generated demo counties (docs/assets.md §6): each county's network and asset register are
/// generated, ranked with data up to the year before the last and scored against the last year's failures.
/// </summary>
public static class DemoBacktest
{
    /// <summary>The counties of the README table: three of 20,000 buses, one of 5,000 and one of 60,000.</summary>
    public static IReadOnlyList<DemoCounty> ReadmeCounties { get; } = [new(20_000, 7), new(20_000, 11), new(20_000, 23), new(5_000, 3), new(60_000, 5)];

    /// <summary>Runs the backtest on each county in turn.</summary>
    /// <param name="counties">The counties.</param>
    /// <param name="budgetShare">Budget as a share of the replacement value in service, (0, 1].</param>
    /// <param name="progress">Receives each county as it finishes; may be null.</param>
    /// <returns>One result per county, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="counties"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The budget share is outside (0, 1].</exception>
    public static IReadOnlyList<DemoCountyBacktest> Run(IReadOnlyList<DemoCounty> counties, double budgetShare = RankingBacktest.DefaultBudgetShare, Action<DemoCountyBacktest>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(counties);
        if (!(budgetShare is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(budgetShare), budgetShare, "The budget share must be in (0, 1].");
        }

        var results = new List<DemoCountyBacktest>(counties.Count);
        foreach (DemoCounty county in counties)
        {
            Net network = DemoGrid.Generate(county.Buses, county.Seed).Build().Network
                ?? throw new InvalidOperationException($"the demo generator gave no network for {county}");
            DemoAssets demo = DemoAssetGenerator.Generate(network, county.Seed);
            var result = new DemoCountyBacktest(county, RankingBacktest.Run(demo.Register, network, demo.LastYear - 1, budgetShare: budgetShare));
            results.Add(result);
            progress?.Invoke(result);
        }

        return results;
    }
}
