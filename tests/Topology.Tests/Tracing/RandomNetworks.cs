using Lumen.Topology.Network;

namespace Lumen.Topology.Tests.Tracing;

/// <summary>Random radial networks for property tests: 1–3 sources, random trees, devices of every kind on random ends, open ties.</summary>
internal static class RandomNetworks
{
    private static readonly DeviceKind[] s_kinds = Enum.GetValues<DeviceKind>();

    public static Network.Network Create(int seed, int nodeCount)
    {
        var rng = new Random(seed);
        int sources = 1 + rng.Next(3);
        int n = Math.Max(nodeCount, sources + 1);
        var builder = new NetworkBuilder();
        for (int i = 0; i < n; i++)
        {
            builder.AddBus(new BusSpec($"N{i}", i < sources ? NodeKind.Source : NodeKind.Bus, SourceLocation.None));
        }

        var parent = new int[n];
        int deviceId = 0;
        for (int i = sources; i < n; i++)
        {
            // Mostly long chains with some branching, so paths are deep and segments nest.
            parent[i] = rng.NextDouble() < 0.6 ? i - 1 : rng.Next(i);
            string id = $"E{i}";
            builder.AddBranch(new BranchSpec(id, $"N{parent[i]}", $"N{i}", BranchKind.OverheadLine, SourceLocation.None)
            {
                LengthKm = 1,
                FailureRatePerYear = 0.1,
                RepairHours = 4,
            });
            int devices = rng.NextDouble() < 0.4 ? 1 + rng.Next(2) : 0;
            for (int k = 0; k < devices; k++)
            {
                string at = rng.Next(2) == 0 ? $"N{parent[i]}" : $"N{i}";
                builder.AddDevice(new DeviceSpec($"D{deviceId++}", id, at, s_kinds[rng.Next(s_kinds.Length)], SourceLocation.None));
            }
        }

        int ties = rng.Next(5);
        for (int t = 0; t < ties; t++)
        {
            int a = rng.Next(n);
            int b = rng.Next(n);
            if (a == b)
            {
                continue;
            }

            string id = $"T{t}";
            bool openBranch = rng.Next(2) == 0;
            builder.AddBranch(new BranchSpec(id, $"N{a}", $"N{b}", BranchKind.BusTie, SourceLocation.None) { NormallyOpen = openBranch });
            if (!openBranch)
            {
                builder.AddDevice(new DeviceSpec($"D{deviceId++}", id, rng.Next(2) == 0 ? $"N{a}" : $"N{b}", DeviceKind.LoadBreakSwitch, SourceLocation.None) { NormallyOpen = true });
            }
        }

        BuildResult result = builder.Build();
        return result.Network ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }

    /// <summary>The normal state with a few random closed devices opened (never closes anything, so it stays radial).</summary>
    public static SwitchState OpenSome(Network.Network network, int seed)
    {
        var rng = new Random(seed);
        SwitchState state = network.NormalState;
        int opens = network.DeviceCount == 0 ? 0 : rng.Next(3);
        for (int k = 0; k < opens; k++)
        {
            state = state.WithDevice(new DeviceIndex(rng.Next(network.DeviceCount)), open: true);
        }

        return state;
    }
}
