using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tests.Demo;

/// <summary>
/// <see cref="LumenCsvWriter"/> round trips. Kept beside the demo tests (its natural home is Import/) because it is
/// exercised mainly through demo networks.
/// </summary>
public sealed class LumenCsvWriterTests
{
    [Fact]
    public void Write_DemoNetwork_ReadsBackIdentical()
    {
        Net network = DemoNetworkGenerator.Generate(DemoScale.Small, 5).Build().Network!;
        using var folder = new TempFolder();

        LumenCsvWriter.Write(network, folder.Path);
        BuildResult back = CsvNetworkReader.Read(folder.Path).Build();

        Assert.Empty(back.Diagnostics);
        NetworkAssert.Same(network, back.Network!);
    }

    [Theory]
    [InlineData(DemoNetworkGenerator.SmallNodeCount, 5)]
    [InlineData(3_000, 6)]
    public void Write_DemoNetwork_ImporterReadsBackIdentical(int nodes, int seed)
    {
        Net network = DemoNetworkGenerator.Generate(nodes, seed).Build().Network!;
        using var folder = new TempFolder();

        LumenCsvWriter.Write(network, folder.Path);
        NetworkImportResult back = LumenCsvImporter.Import(folder.Path);

        Assert.Empty(back.Diagnostics);
        NetworkAssert.Same(network, back.Network!);
    }

    [Fact]
    public void Write_UnknownValuesAndAwkwardText_ImporterReadsBackIdentical()
    {
        Net network = AwkwardNetwork();
        using var folder = new TempFolder();

        LumenCsvWriter.Write(network, folder.Path);
        NetworkImportResult back = LumenCsvImporter.Import(folder.Path);

        Assert.Empty(back.Diagnostics);
        NetworkAssert.Same(network, back.Network!);
    }

    [Fact]
    public void Write_UnknownValuesAndAwkwardText_ReadsBackIdentical()
    {
        Net network = AwkwardNetwork();
        using var folder = new TempFolder();

        LumenCsvWriter.Write(network, folder.Path);
        BuildResult back = CsvNetworkReader.Read(folder.Path).Build();

        Assert.Empty(back.Diagnostics);
        NetworkAssert.Same(network, back.Network!);
    }

    [Fact]
    public void Write_NullNetwork_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => LumenCsvWriter.Write(null!, "x"));
    }

    /// <summary>Ids needing quotes, NaN and null fields, subnormal and non-terminating doubles, a normally-open branch.</summary>
    private static Net AwkwardNetwork()
    {
        var builder = new NetworkBuilder();
        builder.AddBus(new BusSpec("S,1", NodeKind.Source, SourceLocation.None));
        builder.AddBus(new BusSpec("B \"2\"", NodeKind.Bus, SourceLocation.None) { NominalKv = 0.4, X = -1e-300, Y = 1.0 / 3 });
        builder.AddBus(new BusSpec("B3", NodeKind.Bus, SourceLocation.None) { NominalKv = 11 });
        builder.AddBranch(new BranchSpec("L1", "S,1", "B \"2\"", BranchKind.OverheadLine, SourceLocation.None)
        {
            LengthKm = 0.1 + 0.2,
            FailureRatePerYear = double.Epsilon,
            RepairHours = 5,
            Feeder = "F\n1",
            Asset = new AssetInfo("A1", null, 0),
        });
        builder.AddBranch(new BranchSpec("L2", "B \"2\"", "B3", BranchKind.BusTie, SourceLocation.None) { ReplacementHours = 2 });
        builder.AddBranch(new BranchSpec("L3", "S,1", "B3", BranchKind.Cable, SourceLocation.None) { NormallyOpen = true, Rating = 300 });
        builder.AddDevice(new DeviceSpec("D1", "L1", "S,1", DeviceKind.Sectionaliser, SourceLocation.None) { OperatingProbability = 0.95 });
        builder.AddLoadPoint(new LoadPointSpec("LP1", "B \"2\"", SourceLocation.None) { Customers = 3, PeakKw = 1e-7, AverageKw = 1234567.0123456789 });
        BuildResult built = builder.Build();
        Assert.Empty(built.Diagnostics);
        return built.Network!;
    }
}
