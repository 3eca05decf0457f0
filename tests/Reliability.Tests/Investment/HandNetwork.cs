using Lumen.Topology.Network;

namespace Lumen.Reliability.Tests.Investment;

/// <summary>
/// Two feeders side by side, 2 km apart: F1 from S1 along y = 0 (buses A1..A4 every <c>km</c> km, 100 customers and
/// <c>kw</c> kW each, overhead LGJ-70) with no tie; F2 from S2 along y = 2 (B1..B4, 10 customers and 50 kW each).
/// Breakers at both heads, manual switches between the sections (unless <c>switches</c> is false); optionally a normally-open tie A4–B4.
/// </summary>
internal static class HandNetwork
{
    public static Network Build(double km = 1, double kw = 200, double f2HeadAmps = 400, bool tie = false, double f1HeadAmps = 400, bool switches = true)
    {
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S1", NodeKind.Source, SourceLocation.None) { NominalKv = 10, X = 0, Y = 0 });
        b.AddBus(new BusSpec("S2", NodeKind.Source, SourceLocation.None) { NominalKv = 10, X = 0, Y = 2 });
        Feeder(b, "A", "S1", 0, km, kw, 100, f1HeadAmps, switches);
        Feeder(b, "B", "S2", 2, km, 50, 10, f2HeadAmps, switches);
        b.AddDevice(new DeviceSpec("CB1", "A1-in", "S1", DeviceKind.Breaker, SourceLocation.None));
        b.AddDevice(new DeviceSpec("CB2", "B1-in", "S2", DeviceKind.Breaker, SourceLocation.None));
        if (tie)
        {
            b.AddBranch(new BranchSpec("T", "A4", "B4", BranchKind.BusTie, SourceLocation.None) { Rating = 630 });
            b.AddDevice(new DeviceSpec("T-LBS", "T", "A4", DeviceKind.LoadBreakSwitch, SourceLocation.None) { NormallyOpen = true, OperatingTimeHours = 1 });
        }

        return b.Build().Network ?? throw new InvalidOperationException("hand network does not build");
    }

    private static void Feeder(NetworkBuilder b, string prefix, string source, double y, double km, double kw, int customers, double headAmps, bool switches)
    {
        string from = source;
        for (int i = 1; i <= 4; i++)
        {
            string bus = prefix + i;
            b.AddBus(new BusSpec(bus, NodeKind.Bus, SourceLocation.None) { NominalKv = 10, X = i * km, Y = y });
            b.AddBranch(new BranchSpec(bus + "-in", from, bus, BranchKind.OverheadLine, SourceLocation.None)
            {
                LengthKm = km, FailureRatePerYear = 0.2 * km, RepairHours = 4, ROhm = 0.46 * km, XOhm = 0.38 * km, Rating = i == 1 ? headAmps : 400,
                Feeder = i == 1 ? "F" + (prefix == "A" ? "1" : "2") : null,
            });
            if (i > 1 && switches)
            {
                // Manual sectionalising switches between the sections (1 h to operate).
                b.AddDevice(new DeviceSpec(bus + "-SW", bus + "-in", from, DeviceKind.LoadBreakSwitch, SourceLocation.None) { OperatingTimeHours = 1 });
            }

            b.AddLoadPoint(new LoadPointSpec("L" + bus, bus, SourceLocation.None) { Customers = customers, PeakKw = kw, AverageKw = kw / 2, PeakKvar = kw / 2 });
            from = bus;
        }
    }
}
