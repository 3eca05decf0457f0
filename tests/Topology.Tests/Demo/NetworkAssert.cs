using Lumen.Topology.Network;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tests.Demo;

/// <summary>Element-by-element comparison of two networks (ignoring source locations).</summary>
internal static class NetworkAssert
{
    public static void Same(Net expected, Net actual)
    {
        Assert.Equal(expected.NodeCount, actual.NodeCount);
        Assert.Equal(expected.EdgeCount, actual.EdgeCount);
        Assert.Equal(expected.DeviceCount, actual.DeviceCount);
        Assert.Equal(expected.LoadPointCount, actual.LoadPointCount);

        Equal(expected.NodeIds, actual.NodeIds, "node ids");
        Equal(expected.NodeKinds, actual.NodeKinds, "node kinds");
        Equal(expected.NominalKv, actual.NominalKv, "nominal kV");
        Equal(expected.NodeX, actual.NodeX, "x");
        Equal(expected.NodeY, actual.NodeY, "y");

        Equal(expected.EdgeIds, actual.EdgeIds, "edge ids");
        Equal(expected.EdgeFrom, actual.EdgeFrom, "edge from");
        Equal(expected.EdgeTo, actual.EdgeTo, "edge to");
        Equal(expected.EdgeKinds, actual.EdgeKinds, "edge kinds");
        Equal(expected.LengthKm, actual.LengthKm, "length");
        Equal(expected.FailureRatePerYear, actual.FailureRatePerYear, "failure rate");
        Equal(expected.RepairHours, actual.RepairHours, "repair hours");
        Equal(expected.ReplacementHours, actual.ReplacementHours, "replacement hours");
        Equal(expected.EdgeNormallyOpen, actual.EdgeNormallyOpen, "edge normally open");
        Equal(expected.ROhm, actual.ROhm, "r");
        Equal(expected.XOhm, actual.XOhm, "x ohm");
        Equal(expected.EdgeRating, actual.EdgeRating, "rating");
        Equal(expected.EdgeTapPu, actual.EdgeTapPu, "tap");
        Equal(expected.EdgeFeederHint, actual.EdgeFeederHint, "feeder");
        Equal(expected.EdgeAssets, actual.EdgeAssets, "edge assets");

        Equal(expected.DeviceIds, actual.DeviceIds, "device ids");
        Equal(expected.DeviceEdge, actual.DeviceEdge, "device edge");
        Equal(expected.DeviceNode, actual.DeviceNode, "device node");
        Equal(expected.DeviceKinds, actual.DeviceKinds, "device kinds");
        Equal(expected.DeviceNormallyOpen, actual.DeviceNormallyOpen, "device normally open");
        Equal(expected.DeviceAutomated, actual.DeviceAutomated, "automated");
        Equal(expected.DeviceOperatingTimeHours, actual.DeviceOperatingTimeHours, "operating time");
        Equal(expected.DeviceOperatingProbability, actual.DeviceOperatingProbability, "operating probability");
        Equal(expected.DeviceAssets, actual.DeviceAssets, "device assets");

        Equal(expected.LoadPointIds, actual.LoadPointIds, "load point ids");
        Equal(expected.LoadPointNode, actual.LoadPointNode, "load point node");
        Equal(expected.Customers, actual.Customers, "customers");
        Equal(expected.AverageKw, actual.AverageKw, "average kW");
        Equal(expected.PeakKw, actual.PeakKw, "peak kW");
        Equal(expected.PeakKvar, actual.PeakKvar, "peak kvar");
        Equal(expected.CustomerClass, actual.CustomerClass, "customer class");
        Equal(expected.Sources, actual.Sources, "sources");
    }

    private static void Equal<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            // EqualityComparer<double> treats NaN as equal to NaN and otherwise compares exactly: round trips must be bit-exact.
            if (!EqualityComparer<T>.Default.Equals(expected[i], actual[i]))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
            }
        }
    }
}
