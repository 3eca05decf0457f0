using FsCheck.Xunit;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tests.Demo;

/// <summary>Properties of <see cref="DemoNetworkGenerator"/> over random seeds and sizes.</summary>
public sealed partial class DemoNetworkGeneratorTests
{
    [Property(MaxTest = 25)]
    public bool Generate_AnySeedAndSize_BuildsCleanlyNearTargetWithHeadBreakers(int seed, ushort extra)
    {
        int target = DemoNetworkGenerator.MinimumNodeCount + (extra % 4_000);
        DemoNetwork demo = DemoNetworkGenerator.Generate(target, seed);
        BuildResult result = demo.Build();
        if (result.Diagnostics.Count != 0 || result.Network is not Net network)
        {
            return false;
        }

        foreach (int head in network.Normal.FeederHeadEdge)
        {
            bool breaker = false;
            foreach (int d in network.DevicesOn(head))
            {
                breaker |= network.DeviceKinds[d] == DeviceKind.Breaker && network.DeviceNode[d] == network.EdgeFrom[head];
            }

            if (!breaker)
            {
                return false;
            }
        }

        // The last feeders have a minimum size, so small targets can overshoot by a few percent.
        return network.NodeCount >= 0.95 * target && network.NodeCount <= 1.10 * target;
    }
}
