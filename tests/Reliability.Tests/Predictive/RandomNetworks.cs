using FsCheck;
using FsCheck.Fluent;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Tests.Predictive;

/// <summary>Shape of a random radial test network; <see cref="Build"/> turns it into a network and study.</summary>
/// <param name="Seed">Seed of every random choice below.</param>
/// <param name="Nodes">Number of buses, sources included.</param>
/// <param name="Sources">Number of sources.</param>
/// <param name="Ties">Number of normally-open ties.</param>
/// <param name="DeviceDensity">Probability (percent) that a tree edge carries devices.</param>
/// <param name="UniformSwitching">When true, devices have no own operating time and none is automated.</param>
/// <param name="PerfectProtection">When true, every protective device always operates.</param>
public sealed record RandomNetworkCase(int Seed, int Nodes, int Sources, int Ties, int DeviceDensity, bool UniformSwitching, bool PerfectProtection)
{
    private static readonly DeviceKind[] s_kinds =
        [DeviceKind.Breaker, DeviceKind.Recloser, DeviceKind.Fuse, DeviceKind.Disconnector, DeviceKind.LoadBreakSwitch, DeviceKind.Sectionaliser];

    private static readonly BranchKind[] s_branchKinds = [BranchKind.OverheadLine, BranchKind.Cable, BranchKind.Transformer, BranchKind.BusTie];

    /// <summary>Builds the network and a random study case.</summary>
    public (Network Network, StudyCase Study) Build(Action<NetworkBuilder>? extra = null)
    {
        var rng = new Random(Seed);
        var builder = new NetworkBuilder();
        for (int i = 0; i < Nodes; i++)
        {
            builder.AddBus(new BusSpec($"N{i}", i < Sources ? NodeKind.Source : NodeKind.Bus, SourceLocation.None));
        }

        var parent = new int[Nodes];
        for (int i = Sources; i < Nodes; i++)
        {
            // Prefer recent nodes so that some trees are deep chains, some bushy.
            int p = rng.NextDouble() < 0.5 ? i - 1 : rng.Next(i);
            parent[i] = p;
            bool flip = rng.NextDouble() < 0.3;
            string from = flip ? $"N{i}" : $"N{p}";
            string to = flip ? $"N{p}" : $"N{i}";
            BranchKind kind = s_branchKinds[rng.Next(s_branchKinds.Length)];
            builder.AddBranch(new BranchSpec($"E{i}", from, to, kind, SourceLocation.None)
            {
                FailureRatePerYear = rng.NextDouble() < 0.2 ? 0 : 0.01 + (0.5 * rng.NextDouble()),
                RepairHours = rng.NextDouble() < 0.1 ? 0.5 * rng.NextDouble() : 1 + (50 * rng.NextDouble()),
                ReplacementHours = rng.NextDouble() < 0.5 ? double.NaN : 20 * rng.NextDouble(),
            });

            if (rng.Next(100) < DeviceDensity)
            {
                int count = 1 + rng.Next(2);
                for (int d = 0; d < count; d++)
                {
                    builder.AddDevice(RandomDevice(rng, $"D{i}_{d}", $"E{i}", rng.NextDouble() < 0.5 ? $"N{p}" : $"N{i}", normallyOpen: false));
                }
            }
        }

        for (int t = 0; t < Ties && Nodes - Sources >= 2; t++)
        {
            int a = rng.Next(Nodes);
            int b = rng.Next(Nodes);
            if (a == b)
            {
                continue;
            }

            bool viaDevice = rng.NextDouble() < 0.5;
            builder.AddBranch(new BranchSpec($"T{t}", $"N{a}", $"N{b}", BranchKind.BusTie, SourceLocation.None)
            {
                NormallyOpen = !viaDevice,
                FailureRatePerYear = rng.NextDouble() < 0.5 ? 0 : 0.1,
                RepairHours = 3,
            });
            if (viaDevice)
            {
                builder.AddDevice(RandomDevice(rng, $"TD{t}", $"T{t}", rng.NextDouble() < 0.5 ? $"N{a}" : $"N{b}", normallyOpen: true));
            }
        }

        for (int i = 0; i < Nodes; i++)
        {
            if (rng.NextDouble() < 0.6)
            {
                builder.AddLoadPoint(new LoadPointSpec($"L{i}", $"N{i}", SourceLocation.None)
                {
                    Customers = rng.Next(0, 200),
                    AverageKw = 1000 * rng.NextDouble(),
                });
            }
        }

        extra?.Invoke(builder);
        BuildResult result = builder.Build();
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        var study = new StudyCase(
            "random",
            rng.NextDouble() < 0.7,
            rng.NextDouble() < 0.5 ? TransformerOutageMode.Repair : TransformerOutageMode.Replacement,
            UniformSwitching ? 1.0 : 3 * rng.NextDouble(),
            PerfectProtection || rng.NextDouble() < 0.5 ? 1.0 : rng.NextDouble(),
            PerfectProtection || rng.NextDouble() < 0.5 ? 1.0 : rng.NextDouble());
        return (result.Network!, study);
    }

    private DeviceSpec RandomDevice(Random rng, string id, string branch, string atBus, bool normallyOpen) => new(
        id, branch, atBus, s_kinds[rng.Next(s_kinds.Length)], SourceLocation.None)
    {
        NormallyOpen = normallyOpen,
        Automated = !UniformSwitching && rng.NextDouble() < 0.3,
        OperatingTimeHours = UniformSwitching || rng.NextDouble() < 0.5 ? double.NaN : 4 * rng.NextDouble(),
        OperatingProbability = PerfectProtection || rng.NextDouble() < 0.6 ? 1.0 : rng.NextDouble(),
    };
}

/// <summary>FsCheck generators of random radial networks.</summary>
public static class RandomNetworkArbitraries
{
    /// <summary>Any random case: all device kinds, random ends, ties, operating times and probabilities.</summary>
    public static Arbitrary<RandomNetworkCase> Any() => Arb.From(Cases(uniform: false, perfect: false));

    /// <summary>Random cases where every switch takes the study's switching time (no automation, no own times).</summary>
    public static Arbitrary<UniformSwitchingCase> Uniform() => Arb.From(Cases(uniform: true, perfect: false).Select(c => new UniformSwitchingCase(c)));

    /// <summary>Generator of random cases.</summary>
    public static Gen<RandomNetworkCase> Cases(bool uniform, bool perfect) =>
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from nodes in Gen.Choose(2, 40)
        from sources in Gen.Choose(1, 3)
        from ties in Gen.Choose(0, 4)
        from density in Gen.Choose(0, 100)
        select new RandomNetworkCase(seed, Math.Max(nodes, sources + 1), sources, ties, density, uniform, perfect);
}

/// <summary>A random case in which all switching takes the same time.</summary>
/// <param name="Case">The case.</param>
public sealed record UniformSwitchingCase(RandomNetworkCase Case);
