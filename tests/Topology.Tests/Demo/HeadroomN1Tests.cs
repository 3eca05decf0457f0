using Lumen.Topology.Network;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tests.Demo;

/// <summary>Hand cases of the head-room N-1 check the demo's tie layout is measured with.</summary>
public sealed class HeadroomN1Tests
{
    // Two feeders from one busbar, heads rated 100 A (1,732 kVA at 10 kV), each a head section and a second section
    // behind a load-break switch; A1 carries 300 kW, B1 200 kW, B2 300 kW, A2 the given load; a tie joins A2 and B2.
    [Theory]
    [InlineData(500, true, true, true)] // A2 500 fits B's 1,232 kVA of room; B2 300 fits A's 932
    [InlineData(1_100, true, true, true)] // A2 1,100 still fits B's room; B2 300 fits A's 332
    [InlineData(1_300, true, false, false)] // A2 1,300 exceeds B's 1,232; B2 300 exceeds A's 132
    [InlineData(500, false, false, false)] // no tie: the second sections cannot be restored
    public void Check_TwoFeedersOneTie(double a2Kw, bool tie, bool aPasses, bool bPasses)
    {
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        foreach (string n in new[] { "A1", "A2", "B1", "B2" })
        {
            b.AddBus(new BusSpec(n, NodeKind.Bus, SourceLocation.None) { NominalKv = 10 });
        }

        Section(b, "SA1", "S", "A1", DeviceKind.Breaker, "A");
        Section(b, "SA2", "A1", "A2", DeviceKind.LoadBreakSwitch, null);
        Section(b, "SB1", "S", "B1", DeviceKind.Breaker, "B");
        Section(b, "SB2", "B1", "B2", DeviceKind.LoadBreakSwitch, null);
        if (tie)
        {
            b.AddBranch(new BranchSpec("TIE", "A2", "B2", BranchKind.BusTie, SourceLocation.None));
            b.AddDevice(new DeviceSpec("TIE-LBS", "TIE", "A2", DeviceKind.LoadBreakSwitch, SourceLocation.None) { NormallyOpen = true });
        }

        Load(b, "A1", 300);
        Load(b, "A2", a2Kw);
        Load(b, "B1", 200);
        Load(b, "B2", 300);
        Net network = b.Build().Network!;

        bool[] passes = HeadroomN1.Check(network);
        Assert.Equal(aPasses, passes[network.Normal.FeederNames.IndexOf("A")]);
        Assert.Equal(bPasses, passes[network.Normal.FeederNames.IndexOf("B")]);
    }

    [Fact]
    public void Check_TwoTiesSplitTheLoadAtTheSwitchBetweenThem()
    {
        // M (head, M1, M2) is tied at M1 to L and at M2 to R; M carries 1,500 kW, L and R 900 kW each (832 kVA of room
        // each): neither takes M whole, but split at M1–M2 each takes its 750.
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        foreach (string n in new[] { "M0", "M1", "M2", "L1", "R1" })
        {
            b.AddBus(new BusSpec(n, NodeKind.Bus, SourceLocation.None) { NominalKv = 10 });
        }

        Section(b, "SM0", "S", "M0", DeviceKind.Breaker, "M");
        Section(b, "SM1", "M0", "M1", DeviceKind.LoadBreakSwitch, null);
        Section(b, "SM2", "M1", "M2", DeviceKind.LoadBreakSwitch, null);
        Section(b, "SL1", "S", "L1", DeviceKind.Breaker, "L");
        Section(b, "SR1", "S", "R1", DeviceKind.Breaker, "R");
        b.AddBranch(new BranchSpec("TL", "L1", "M1", BranchKind.BusTie, SourceLocation.None));
        b.AddDevice(new DeviceSpec("TL-LBS", "TL", "L1", DeviceKind.LoadBreakSwitch, SourceLocation.None) { NormallyOpen = true });
        b.AddBranch(new BranchSpec("TR", "R1", "M2", BranchKind.BusTie, SourceLocation.None));
        b.AddDevice(new DeviceSpec("TR-LBS", "TR", "R1", DeviceKind.LoadBreakSwitch, SourceLocation.None) { NormallyOpen = true });
        Load(b, "M1", 750);
        Load(b, "M2", 750);
        Load(b, "L1", 900);
        Load(b, "R1", 900);
        Net network = b.Build().Network!;

        Assert.True(HeadroomN1.Check(network)[network.Normal.FeederNames.IndexOf("M")]);
    }

    private static void Section(NetworkBuilder b, string id, string from, string to, DeviceKind device, string? feeder)
    {
        b.AddBranch(new BranchSpec(id, from, to, BranchKind.Cable, SourceLocation.None) { LengthKm = 1, ROhm = 0.1, XOhm = 0.1, Rating = 100, Feeder = feeder });
        b.AddDevice(new DeviceSpec(id + "-D", id, from, device, SourceLocation.None));
    }

    private static void Load(NetworkBuilder b, string bus, double kw) =>
        b.AddLoadPoint(new LoadPointSpec("LP-" + bus, bus, SourceLocation.None) { Customers = 1, PeakKw = kw, PeakKvar = 0 });
}
