using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Topology.Tests.Tracing;

public sealed class RatingsTests
{
    private static readonly Network.Network s_net = Build();

    [Theory]
    [InlineData("L1", 5196.152422706632)] // a line: √3 × 10 kV × 300 A
    [InlineData("T1", 400.0)] // a transformer: its kVA
    [InlineData("F1", 5196.152422706632)] // a feeder: its head section
    [InlineData("LP1", 400.0)] // a load point: its supply branch, the transformer
    public void OfElementKva_RatedElements(string id, double expected) =>
        Assert.Equal(expected, Ratings.OfElementKva(s_net, id)!.Value, 9);

    [Theory]
    [InlineData("L2")] // rated in A, but its from bus has no nominal voltage
    [InlineData("LP2")] // supplied by L2
    [InlineData("L3")] // no rating
    [InlineData("nothing")]
    public void OfElementKva_UnratedOrUnknown_IsNull(string id) => Assert.Null(Ratings.OfElementKva(s_net, id));

    private static Network.Network Build()
    {
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        b.AddBus(new BusSpec("B1", NodeKind.Bus, SourceLocation.None) { NominalKv = 10 });
        b.AddBus(new BusSpec("B2", NodeKind.Bus, SourceLocation.None) { NominalKv = 0.4 });
        b.AddBus(new BusSpec("B3", NodeKind.Bus, SourceLocation.None));
        b.AddBus(new BusSpec("B4", NodeKind.Bus, SourceLocation.None));
        b.AddBranch(new BranchSpec("L1", "S", "B1", BranchKind.OverheadLine, SourceLocation.None) { Feeder = "F1", Rating = 300 });
        b.AddBranch(new BranchSpec("T1", "B1", "B2", BranchKind.Transformer, SourceLocation.None) { Rating = 400 });
        b.AddBranch(new BranchSpec("L3", "B1", "B3", BranchKind.Cable, SourceLocation.None));
        b.AddBranch(new BranchSpec("L2", "B3", "B4", BranchKind.Cable, SourceLocation.None) { Rating = 200 });
        b.AddDevice(new DeviceSpec("CB", "L1", "S", DeviceKind.Breaker, SourceLocation.None));
        b.AddLoadPoint(new LoadPointSpec("LP1", "B2", SourceLocation.None) { Customers = 10 });
        b.AddLoadPoint(new LoadPointSpec("LP2", "B4", SourceLocation.None) { Customers = 5 });
        BuildResult built = b.Build();
        Assert.Empty(built.Diagnostics);
        return built.Network!;
    }
}
