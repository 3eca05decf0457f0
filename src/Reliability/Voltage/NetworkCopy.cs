using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Voltage;

/// <summary>Copies a network into a builder, element for element in index order, for what-ifs that change its structure.</summary>
internal static class NetworkCopy
{
    /// <summary>
    /// A builder holding <paramref name="network"/>, with load point <paramref name="scaledLoadPoint"/>'s load and
    /// customers scaled by <paramref name="factor"/>, and each branch's repair and replacement times shortened by
    /// <paramref name="hoursSaved"/> (by branch index, to no less than zero) when given.
    /// </summary>
    public static NetworkBuilder ToBuilder(Net network, int scaledLoadPoint = -1, double factor = 1, double[]? hoursSaved = null)
    {
        var b = new NetworkBuilder(network.NodeCount + 1, network.EdgeCount + 1, network.DeviceCount, network.LoadPointCount + 1);
        for (int v = 0; v < network.NodeCount; v++)
        {
            b.AddBus(new BusSpec(network.NodeIds[v], network.NodeKinds[v], SourceLocation.None) { NominalKv = network.NominalKv[v], X = network.NodeX[v], Y = network.NodeY[v] });
        }

        for (int e = 0; e < network.EdgeCount; e++)
        {
            b.AddBranch(new BranchSpec(network.EdgeIds[e], network.NodeIds[network.EdgeFrom[e]], network.NodeIds[network.EdgeTo[e]], network.EdgeKinds[e], SourceLocation.None)
            {
                LengthKm = network.LengthKm[e],
                FailureRatePerYear = network.FailureRatePerYear[e],
                RepairHours = hoursSaved is null ? network.RepairHours[e] : Math.Max(0, network.RepairHours[e] - hoursSaved[e]),
                ReplacementHours = hoursSaved is null ? network.ReplacementHours[e] : Math.Max(0, network.ReplacementHours[e] - hoursSaved[e]),
                NormallyOpen = network.EdgeNormallyOpen[e],
                Feeder = network.EdgeFeederHint[e],
                ROhm = network.ROhm[e],
                XOhm = network.XOhm[e],
                Rating = network.EdgeRating[e],
                TapPu = network.EdgeTapPu[e],
                Asset = network.EdgeAssets[e],
            });
        }

        for (int d = 0; d < network.DeviceCount; d++)
        {
            b.AddDevice(new DeviceSpec(network.DeviceIds[d], network.EdgeIds[network.DeviceEdge[d]], network.NodeIds[network.DeviceNode[d]], network.DeviceKinds[d], SourceLocation.None)
            {
                NormallyOpen = network.DeviceNormallyOpen[d],
                Automated = network.DeviceAutomated[d],
                OperatingTimeHours = network.DeviceOperatingTimeHours[d],
                OperatingProbability = network.DeviceOperatingProbability[d],
                Asset = network.DeviceAssets[d],
            });
        }

        for (int l = 0; l < network.LoadPointCount; l++)
        {
            double f = l == scaledLoadPoint ? factor : 1;
            int customers = l == scaledLoadPoint ? network.Customers[l] - (int)Math.Round(network.Customers[l] * (1 - factor)) : network.Customers[l];
            b.AddLoadPoint(new LoadPointSpec(network.LoadPointIds[l], network.NodeIds[network.LoadPointNode[l]], SourceLocation.None)
            {
                Customers = customers,
                AverageKw = network.AverageKw[l] * f,
                PeakKw = network.PeakKw[l] * f,
                PeakKvar = network.PeakKvar[l] * f,
                CustomerClass = network.CustomerClass[l],
            });
        }

        return b;
    }

    /// <summary>The same open/closed branches and devices on <paramref name="target"/> (which extends the state's network); null stays null.</summary>
    public static SwitchState? RemapState(SwitchState? state, Net target)
    {
        if (state is null)
        {
            return null;
        }

        SwitchState mapped = target.NormalState;
        ReadOnlySpan<bool> branchOpen = state.BranchOpen;
        ReadOnlySpan<bool> deviceOpen = state.DeviceOpen;
        for (int e = 0; e < branchOpen.Length; e++)
        {
            if (branchOpen[e] != mapped.BranchOpen[e])
            {
                mapped = mapped.WithBranch(new EdgeIndex(e), branchOpen[e]);
            }
        }

        for (int d = 0; d < deviceOpen.Length; d++)
        {
            if (deviceOpen[d] != mapped.DeviceOpen[d])
            {
                mapped = mapped.WithDevice(new DeviceIndex(d), deviceOpen[d]);
            }
        }

        return mapped;
    }
}
