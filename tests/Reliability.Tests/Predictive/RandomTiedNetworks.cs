using FsCheck;
using FsCheck.Fluent;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Tests.Predictive;

/// <summary>
/// A random radial network with ties, ratings, impedances and peak loads at 10 kV, so that transfers are limited by
/// branch ratings and by voltage; <see cref="Build"/> turns it into a network, a study and restoration limits.
/// </summary>
/// <param name="Seed">Seed of every random choice below.</param>
/// <param name="Nodes">Number of buses, sources included.</param>
/// <param name="Sources">Number of sources.</param>
/// <param name="Ties">Number of normally-open ties.</param>
/// <param name="DeviceDensity">Probability (percent) that a tree edge carries a device.</param>
/// <param name="Levels">Number of load levels.</param>
public sealed record RandomTiedNetworkCase(int Seed, int Nodes, int Sources, int Ties, int DeviceDensity, int Levels)
{
    private static readonly DeviceKind[] s_kinds =
        [DeviceKind.Breaker, DeviceKind.Recloser, DeviceKind.Fuse, DeviceKind.Disconnector, DeviceKind.LoadBreakSwitch, DeviceKind.Sectionaliser];

    /// <summary>Builds the network, a study and the limits; with <paramref name="unrated"/> no branch has a rating or impedance.</summary>
    public (Network Network, StudyCase Study, ReliabilityOptions Options) Build(bool unrated = false, bool realisticImpedance = false)
    {
        var rng = new Random(Seed);
        var builder = new NetworkBuilder();
        for (int i = 0; i < Nodes; i++)
        {
            builder.AddBus(new BusSpec($"N{i}", i < Sources ? NodeKind.Source : NodeKind.Bus, SourceLocation.None) { NominalKv = 10 });
        }

        for (int i = Sources; i < Nodes; i++)
        {
            int p = rng.NextDouble() < 0.6 ? i - 1 : rng.Next(i);
            bool flip = rng.NextDouble() < 0.3;
            double r = 3 * rng.NextDouble();
            BranchKind kind = rng.NextDouble() < 0.15 ? BranchKind.Transformer : rng.NextDouble() < 0.5 ? BranchKind.Cable : BranchKind.OverheadLine;
            builder.AddBranch(new BranchSpec($"E{i}", flip ? $"N{i}" : $"N{p}", flip ? $"N{p}" : $"N{i}", kind, SourceLocation.None)
            {
                FailureRatePerYear = rng.NextDouble() < 0.2 ? 0 : 0.01 + (0.5 * rng.NextDouble()),
                RepairHours = 1 + (30 * rng.NextDouble()),
                Rating = unrated || rng.NextDouble() < 0.3 ? double.NaN : kind == BranchKind.Transformer ? 200 + (3000 * rng.NextDouble()) : 10 + (150 * rng.NextDouble()),
                ROhm = unrated ? 0 : r,
                XOhm = unrated ? 0 : realisticImpedance ? r * (0.3 + (2.7 * rng.NextDouble())) : 3 * rng.NextDouble(),
            });
            if (rng.Next(100) < DeviceDensity)
            {
                builder.AddDevice(new DeviceSpec($"D{i}", $"E{i}", rng.NextDouble() < 0.5 ? $"N{p}" : $"N{i}", s_kinds[rng.Next(s_kinds.Length)], SourceLocation.None)
                {
                    Automated = rng.NextDouble() < 0.3,
                    OperatingTimeHours = rng.NextDouble() < 0.5 ? double.NaN : 4 * rng.NextDouble(),
                });
            }
        }

        for (int t = 0; t < Ties; t++)
        {
            int a = rng.Next(Nodes);
            int b = rng.Next(Nodes);
            if (a == b)
            {
                continue;
            }

            builder.AddBranch(new BranchSpec($"T{t}", $"N{a}", $"N{b}", BranchKind.BusTie, SourceLocation.None)
            {
                NormallyOpen = true,
                Rating = unrated || rng.NextDouble() < 0.5 ? double.NaN : 20 + (200 * rng.NextDouble()),
                ROhm = unrated ? 0 : rng.NextDouble(),
                XOhm = unrated ? 0 : rng.NextDouble(),
            });
        }

        for (int i = 0; i < Nodes; i++)
        {
            if (rng.NextDouble() < 0.7)
            {
                double peak = 600 * rng.NextDouble();
                builder.AddLoadPoint(new LoadPointSpec($"L{i}", $"N{i}", SourceLocation.None)
                {
                    Customers = rng.Next(0, 200),
                    PeakKw = peak,
                    PeakKvar = rng.NextDouble() * 0.5 * peak,
                    AverageKw = peak * (0.3 + (0.5 * rng.NextDouble())),
                });
            }
        }

        BuildResult result = builder.Build();
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        var study = new StudyCase("random", true, TransformerOutageMode.Repair, 0.5 + (2 * rng.NextDouble()), 1.0, 1.0);
        var levels = new LoadLevel[Levels];
        for (int l = 0; l < levels.Length; l++)
        {
            levels[l] = new LoadLevel(0.2 + (0.9 * rng.NextDouble()), 100 + (3000 * rng.NextDouble()));
        }

        var limits = new RestorationLimits
        {
            Levels = new LoadLevels(levels),
            SourceVoltagePu = rng.NextDouble() < 0.5 ? 1.0 : 1.05,
        };
        return (result.Network!, study, new ReliabilityOptions { Restoration = limits });
    }
}

/// <summary>FsCheck generators of random tied networks with limits.</summary>
public static class RandomTiedNetworkArbitraries
{
    /// <summary>Any random tied case.</summary>
    public static Arbitrary<RandomTiedNetworkCase> Any() => Arb.From(
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from nodes in Gen.Choose(3, 30)
        from sources in Gen.Choose(1, 3)
        from ties in Gen.Choose(1, 5)
        from density in Gen.Choose(20, 100)
        from levels in Gen.Choose(1, 4)
        select new RandomTiedNetworkCase(seed, Math.Max(nodes, sources + 2), sources, ties, density, levels));

    /// <summary>Random tied cases with many feeders and ties, where chained transfers (a receiving feeder handing load on) occur.</summary>
    public static Arbitrary<RandomTiedNetworkCase> ManyFeeders() => Arb.From(
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from nodes in Gen.Choose(12, 40)
        from sources in Gen.Choose(3, 6)
        from ties in Gen.Choose(4, 12)
        from density in Gen.Choose(40, 100)
        from levels in Gen.Choose(1, 3)
        select new RandomTiedNetworkCase(seed, nodes, sources, ties, density, levels));
}
