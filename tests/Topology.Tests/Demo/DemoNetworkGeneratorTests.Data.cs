using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tests.Demo;

/// <summary>Asset, reliability, impedance and load data of <see cref="DemoNetworkGenerator"/> output.</summary>
public sealed partial class DemoNetworkGeneratorTests
{
    private static readonly string[] s_branchClasses = ["overhead_line", "cable", "distribution_transformer"];
    private static readonly string[] s_deviceClasses = ["breaker", "recloser", "fuse", "disconnector", "load_break_switch"];

    [Fact]
    public void Generate_County_EveryAssetHasIdClassAndYearWithSpread()
    {
        Net network = county.Network;
        var decades = new int[5];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int assets = 0;
        for (int e = 0; e < network.EdgeCount; e++)
        {
            AssetInfo asset = network.EdgeAssets[e];
            if (network.EdgeKinds[e] == BranchKind.BusTie)
            {
                Assert.Equal(default, asset);
                continue;
            }

            Assert.Contains(asset.AssetClass, s_branchClasses);
            CountAsset(asset, decades, ids);
            assets++;
        }

        for (int d = 0; d < network.DeviceCount; d++)
        {
            Assert.Contains(network.DeviceAssets[d].AssetClass, s_deviceClasses);
            CountAsset(network.DeviceAssets[d], decades, ids);
            assets++;
        }

        Assert.Equal(assets, ids.Count);
        int decadesUsed = 0;
        foreach (int count in decades)
        {
            Assert.True(count < 0.6 * assets, $"one decade holds {count} of {assets} assets");
            decadesUsed += count > 0 ? 1 : 0;
        }

        Assert.True(decadesUsed >= 4, $"install years span only {decadesUsed} decades");
    }

    [Fact]
    public void Generate_County_AssetClassMatchesKind()
    {
        Net network = county.Network;
        for (int e = 0; e < network.EdgeCount; e++)
        {
            string? expected = network.EdgeKinds[e] switch
            {
                BranchKind.OverheadLine => "overhead_line",
                BranchKind.Cable => "cable",
                BranchKind.Transformer => "distribution_transformer",
                _ => null,
            };
            Assert.Equal(expected, network.EdgeAssets[e].AssetClass);
        }

        for (int d = 0; d < network.DeviceCount; d++)
        {
            Assert.Equal(network.DeviceKinds[d].ToSnakeCase(), network.DeviceAssets[d].AssetClass);
        }
    }

    [Fact]
    public void Generate_County_ReliabilityDataInRangeByClass()
    {
        Net network = county.Network;
        for (int e = 0; e < network.EdgeCount; e++)
        {
            double length = network.LengthKm[e];
            double rate = network.FailureRatePerYear[e];
            double repair = network.RepairHours[e];
            switch (network.EdgeKinds[e])
            {
                case BranchKind.OverheadLine:
                    Assert.InRange(length, 0.05, 1.5);
                    Assert.InRange(rate / length, 0.05, 0.2);
                    Assert.InRange(repair, 4, 6);
                    Assert.True(double.IsNaN(network.ReplacementHours[e]));
                    break;
                case BranchKind.Cable:
                    Assert.InRange(length, 0.05, 1.5);
                    Assert.InRange(rate / length, 0.02, 0.05);
                    Assert.InRange(repair, 8, 30);
                    break;
                case BranchKind.Transformer:
                    Assert.Equal(0, length);
                    Assert.InRange(rate, 0.005, 0.02);
                    Assert.InRange(repair, 24, 200);
                    Assert.InRange(network.ReplacementHours[e], 6, 10);
                    break;
                default:
                    Assert.Equal(0, rate);
                    Assert.Equal(0, network.ROhm[e]);
                    break;
            }
        }
    }

    [Fact]
    public void Generate_County_OlderLinesFailMoreOften()
    {
        Net network = county.Network;
        double oldRate = 0;
        double oldKm = 0;
        double newRate = 0;
        double newKm = 0;
        for (int e = 0; e < network.EdgeCount; e++)
        {
            if (network.EdgeKinds[e] != BranchKind.OverheadLine)
            {
                continue;
            }

            int year = network.EdgeAssets[e].InstallYear;
            if (year < 1995)
            {
                oldRate += network.FailureRatePerYear[e];
                oldKm += network.LengthKm[e];
            }
            else if (year >= 2015)
            {
                newRate += network.FailureRatePerYear[e];
                newKm += network.LengthKm[e];
            }
        }

        Assert.True(oldKm > 0 && newKm > 0);
        Assert.True(oldRate / oldKm > 1.2 * (newRate / newKm), $"old {oldRate / oldKm:F4} vs new {newRate / newKm:F4} f/(km·yr)");
    }

    [Fact]
    public void Generate_County_ImpedanceMatchesConductorCatalogue()
    {
        Net network = county.Network;
        for (int e = 0; e < network.EdgeCount; e++)
        {
            double length = network.LengthKm[e];
            switch (network.EdgeKinds[e])
            {
                case BranchKind.OverheadLine:
                    Assert.Contains(Math.Round(network.ROhm[e] / length, 4), new[] { 0.132, 0.27, 0.46 });
                    Assert.InRange(network.XOhm[e] / length, 0.349, 0.381);
                    break;
                case BranchKind.Cable:
                    Assert.Contains(Math.Round(network.ROhm[e] / length, 4), new[] { 0.0601, 0.124, 0.268 });
                    Assert.InRange(network.XOhm[e] / length, 0.089, 0.111);
                    break;
                case BranchKind.Transformer:
                    // u_k = 4 % of Z_base = 10² / S_MVA, referred to the 10 kV side.
                    double zBase = 100 / (network.EdgeRating[e] / 1000);
                    double z = Math.Sqrt((network.ROhm[e] * network.ROhm[e]) + (network.XOhm[e] * network.XOhm[e]));
                    Assert.Equal(0.04 * zBase, z, 1e-9);
                    Assert.InRange(network.ROhm[e] / network.XOhm[e], 0.2, 0.5);
                    break;
            }
        }
    }

    [Fact]
    public void Generate_County_LoadsConsistentWithTransformerRatings()
    {
        Net network = county.Network;
        var ratingOfBus = new double[network.NodeCount];
        double totalKva = 0;
        for (int e = 0; e < network.EdgeCount; e++)
        {
            if (network.EdgeKinds[e] == BranchKind.Transformer)
            {
                ratingOfBus[network.EdgeTo[e]] = network.EdgeRating[e];
                totalKva += network.EdgeRating[e];
            }
        }

        double totalPeak = 0;
        int dedicated = 0;
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            double kva = ratingOfBus[network.LoadPointNode[l]];
            double peak = network.PeakKw[l];
            Assert.True(kva > 0, $"load point {network.LoadPointIds[l]} is not on a transformer's 0.4 kV bus");
            // 40–70 % of the rating, times the feeder's demand factor (0.7–1.35) and a load density of 0.6–1 on long
            // rural feeders, at most 90 % of the rating.
            Assert.InRange(peak, 0.7 * 0.6 * 0.399 * kva, 0.9001 * kva);
            Assert.InRange(network.AverageKw[l] / peak, 0.49, 0.61);
            double powerFactor = peak / Math.Sqrt((peak * peak) + (network.PeakKvar[l] * network.PeakKvar[l]));
            Assert.InRange(powerFactor, 0.925, 0.975);
            if (network.CustomerClass[l] == "residential")
            {
                Assert.InRange(network.Customers[l], 50, 300);
            }
            else
            {
                Assert.Contains(network.CustomerClass[l], new[] { "commercial", "industrial" });
                Assert.Equal(1, network.Customers[l]);
                dedicated++;
            }

            totalPeak += peak;
        }

        Assert.InRange(totalPeak / totalKva, 0.45, 0.6);
        Assert.InRange(dedicated, network.LoadPointCount / 20, network.LoadPointCount / 3);
    }

    [Fact]
    public void Generate_County_SwitchingTimesByAutomation()
    {
        Net network = county.Network;
        int automated = 0;
        int manual = 0;
        for (int d = 0; d < network.DeviceCount; d++)
        {
            double hours = network.DeviceOperatingTimeHours[d];
            if (network.DeviceKinds[d] == DeviceKind.Fuse)
            {
                Assert.True(double.IsNaN(hours));
                Assert.False(network.DeviceAutomated[d]);
            }
            else if (network.DeviceAutomated[d])
            {
                Assert.Equal(DemoNetworkGenerator.AutomatedSwitchingHours, hours);
                automated++;
            }
            else
            {
                Assert.Contains(hours, new[] { DemoNetworkGenerator.UrbanManualSwitchingHours, DemoNetworkGenerator.RuralManualSwitchingHours });
                manual++;
            }
        }

        Assert.True(automated > 0 && manual > 0);
    }

    private static void CountAsset(AssetInfo asset, int[] decades, HashSet<string> ids)
    {
        Assert.False(string.IsNullOrEmpty(asset.AssetId));
        Assert.True(ids.Add(asset.AssetId!), $"duplicate asset id {asset.AssetId}");
        Assert.InRange(asset.InstallYear, DemoNetworkGenerator.OldestInstallYear, DemoNetworkGenerator.ReferenceYear);
        decades[Math.Min(4, (asset.InstallYear - 1980) / 10)]++;
    }
}
