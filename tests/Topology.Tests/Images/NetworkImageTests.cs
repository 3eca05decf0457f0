using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Tests.Demo;
using Lumen.Topology.Tests.Import;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tests.Images;

/// <summary>Round trips of <see cref="NetworkImage"/>, and what it does with damaged input.</summary>
public sealed class NetworkImageTests
{
    [Property(MaxTest = 12)]
    public Property RoundTrip_RandomDemoNetwork_EveryArrayAndTraceEqual(int seed, ushort extra, bool alternate, byte outage)
    {
        int target = DemoNetworkGenerator.MinimumNodeCount + (extra % 3_000);
        Net network = DemoNetworkGenerator.Generate(target, seed).Build().Network!;
        var study = new StudyCase($"case-{seed}", alternate, (TransformerOutageMode)(outage % 2), 0.5 + (outage / 100.0), 0.9, 0.99);

        NetworkImage back = RoundTrip(new NetworkImage(network, study));

        NetworkAssert.Same(network, back.Network);
        Assert.Equal(study, back.Case);
        Assert.Equal(network.Data.NodeLocations, back.Network.Data.NodeLocations);
        Assert.Equal(network.Data.EdgeLocations, back.Network.Data.EdgeLocations);
        SameTrace(network.Normal, back.Network.Normal);
        return true.ToProperty();
    }

    [Fact]
    public void RoundTrip_ImportedFolder_KeepsSourceLocationsAndLookups()
    {
        using var mini = new MiniNetwork();
        NetworkImportResult imported = LumenCsvImporter.Import(mini.Folder);
        Net network = imported.Network!;

        Net back = RoundTrip(new NetworkImage(network, imported.Case)).Network;

        NetworkAssert.Same(network, back);
        Assert.Equal(network.Data.NodeLocations, back.Data.NodeLocations);
        Assert.Equal(network.Data.EdgeLocations, back.Data.EdgeLocations);
        Assert.Equal(new SourceLocation("branches.csv", 4), back.Data.EdgeLocations[2]);
        Assert.True(back.TryGetEdge("TIE", out EdgeIndex tie));
        Assert.Equal("TIE", back.EdgeIds[tie.Value]);
        Assert.True(back.TryGetDevice("NO1", out _));
        Assert.True(back.TryGetLoadPoint("LPB", out _));
        SameTrace(network.Normal, back.Normal);
    }

    [Fact]
    public void RoundTrip_Utf8IdsAndAbsentAssetIds_DecodedColumnByColumn()
    {
        // Multi-byte UTF-8 ids (a planner's Chinese names), an empty-named column and assets with and without ids: each
        // string column is one block of bytes with end offsets, decoded on its own core.
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("变电站甲", NodeKind.Source, new SourceLocation("buses.csv", 2)) { NominalKv = 10 });
        b.AddBus(new BusSpec("节点-1", NodeKind.Bus, new SourceLocation("buses.csv", 3)) { NominalKv = 10 });
        b.AddBus(new BusSpec("N2", NodeKind.Bus, new SourceLocation("buses.csv", 4)) { NominalKv = 10 });
        b.AddBranch(new BranchSpec("线路①", "变电站甲", "节点-1", BranchKind.Cable, new SourceLocation("branches.csv", 2))
        {
            LengthKm = 1, Feeder = "馈线一", Asset = new AssetInfo("资产-001", "电缆", 2001),
        });
        b.AddBranch(new BranchSpec("L2", "节点-1", "N2", BranchKind.OverheadLine, new SourceLocation("branches.csv", 3)) { LengthKm = 2 });
        b.AddDevice(new DeviceSpec("断路器", "线路①", "变电站甲", DeviceKind.Breaker, new SourceLocation("devices.csv", 2)) { Asset = new AssetInfo(null, "breaker", 0) });
        b.AddLoadPoint(new LoadPointSpec("负荷点", "N2", new SourceLocation("load_points.csv", 2)) { Customers = 3, CustomerClass = "居民" });
        Net network = b.Build().Network!;

        Net back = RoundTrip(new NetworkImage(network, StudyCase.Default)).Network;

        NetworkAssert.Same(network, back);
        Assert.Equal(["变电站甲", "节点-1", "N2"], back.NodeIds.ToArray());
        Assert.Equal(new AssetInfo("资产-001", "电缆", 2001), back.EdgeAssets[0]);
        Assert.Equal(default, back.EdgeAssets[1]);
        Assert.Equal(new AssetInfo(null, "breaker", 0), back.DeviceAssets[0]);
        Assert.Equal("馈线一", back.EdgeFeederHint[0]);
        Assert.Null(back.EdgeFeederHint[1]);
        Assert.True(back.TryGetLoadPoint("负荷点", out _));
        Assert.Equal(network.Data.EdgeLocations, back.Data.EdgeLocations);
    }

    [Fact]
    public void Read_FlippedByte_IsRejectedByTheChecksum()
    {
        byte[] bytes = Bytes(Mini());
        bytes[^10] ^= 0x40;

        var ex = Assert.Throws<InvalidDataException>(() => NetworkImage.Read(new MemoryStream(bytes)));
        Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedOrForeignOrOtherVersion_IsRejected()
    {
        byte[] bytes = Bytes(Mini());
        Assert.Throws<InvalidDataException>(() => NetworkImage.Read(new MemoryStream(bytes[..^1])));
        Assert.Throws<InvalidDataException>(() => NetworkImage.Read(new MemoryStream(bytes[..20])));
        Assert.Throws<InvalidDataException>(() => NetworkImage.Read(new MemoryStream("bus_id,kind\nA,source\n"u8.ToArray())));

        byte[] future = (byte[])bytes.Clone();
        future[8] = NetworkImage.FormatVersion + 1;
        var ex = Assert.Throws<InvalidDataException>(() => NetworkImage.Read(new MemoryStream(future)));
        Assert.Contains("format", ex.Message, StringComparison.Ordinal);
    }

    private static NetworkImage Mini()
    {
        using var mini = new MiniNetwork();
        NetworkImportResult imported = LumenCsvImporter.Import(mini.Folder);
        return new NetworkImage(imported.Network!, imported.Case);
    }

    private static byte[] Bytes(NetworkImage image)
    {
        using var stream = new MemoryStream();
        image.Write(stream);
        return stream.ToArray();
    }

    private static NetworkImage RoundTrip(NetworkImage image) => NetworkImage.Read(new MemoryStream(Bytes(image)));

    private static void SameTrace(RadialTrace expected, RadialTrace actual)
    {
        Assert.Equal(expected.Parent, actual.Parent);
        Assert.Equal(expected.ParentEdge, actual.ParentEdge);
        Assert.Equal(expected.Order, actual.Order);
        Assert.Equal(expected.SourceOf, actual.SourceOf);
        Assert.Equal(expected.FeederOf, actual.FeederOf);
        Assert.Equal(expected.FeederOfEdge, actual.FeederOfEdge);
        Assert.Equal(expected.FeederNames, actual.FeederNames);
        Assert.Equal(expected.UpstreamProtector, actual.UpstreamProtector);
        Assert.Equal(expected.FaultProtector, actual.FaultProtector);
        Assert.Equal(expected.SegmentOfNode, actual.SegmentOfNode);
        Assert.Equal(expected.SegmentOfEdge, actual.SegmentOfEdge);
        Assert.Equal(expected.SegmentParent, actual.SegmentParent);
        Assert.Equal(expected.TieEdges, actual.TieEdges);
        Assert.Equal(expected.LoopEdges, actual.LoopEdges);
        Assert.Equal(expected.DeEnergisedCount, actual.DeEnergisedCount);
    }
}
