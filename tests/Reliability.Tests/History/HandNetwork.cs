using Lumen.Reliability.History;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Tests.History;

/// <summary>
/// A two-feeder network small enough to compute every index by hand.
/// <code>
/// S ─CB1─ B1 ─ N1 ─SW2─ B2 ─ N2 ─R3─ B3 ─ N3 ─F3─ T3(400 kVA) ─ L3: LP3 70 customers
///               └─F1─ T1(200 kVA) ─ L1: LP1 10      └─F2─ T2(100 kVA) ─ L2: LP2 20
/// S ─CB4─ B4 ─ M1 ─F4─ T4(300 kVA) ─ L4: LP4 100 customers
/// N3 ─NO1 (normally open tie)─ M1
/// </code>
/// N_T = 200 customers, 4 transformers (DL/T 836 users), 1,000 kVA. Feeder F1 (B1): 100 customers, 3 transformers,
/// 700 kVA; feeder F2 (B4): 100 customers, 1 transformer, 300 kVA.
/// </summary>
internal static class HandNetwork
{
    public static readonly TimeSpan Zone = TimeSpan.FromHours(8);

    /// <summary>The 1,000-hour period of the hand cases: 2024-01-01T00:00+08:00 to 2024-02-11T16:00+08:00.</summary>
    public static readonly DateTimeOffset From = new(2024, 1, 1, 0, 0, 0, Zone);

    public static readonly DateTimeOffset To = From.AddHours(1000);

    private static Network? s_network;

    public static Network Network => s_network ??= Build();

    public static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2024, month, day, hour, minute, 0, Zone);

    public static OutageEvent Event(string id, string device, DateTimeOffset start, double hours, OutageNature nature = OutageNature.Fault, string cause = "equipment") =>
        new(id, start, start.AddHours(hours), device, cause, nature);

    public static OutageHistory Make(IReadOnlyList<OutageEvent> events, IReadOnlyList<RestorationStep>? steps = null, IReadOnlyList<MomentaryInterruption>? momentary = null)
    {
        HistoryBuildResult result = OutageHistory.Build(Network, events, steps ?? [], momentary ?? []);
        return result.History ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }

    private static Network Build()
    {
        var b = new NetworkBuilder();
        void Bus(string id, NodeKind kind = NodeKind.Bus) => b.AddBus(new BusSpec(id, kind, SourceLocation.None));
        void Line(string id, string from, string to, string? feeder = null) =>
            b.AddBranch(new BranchSpec(id, from, to, BranchKind.OverheadLine, SourceLocation.None) { LengthKm = 1, FailureRatePerYear = 0.1, RepairHours = 4, Feeder = feeder });
        void Transformer(string id, string from, string to, double kva) =>
            b.AddBranch(new BranchSpec(id, from, to, BranchKind.Transformer, SourceLocation.None) { FailureRatePerYear = 0.01, RepairHours = 8, Rating = kva });
        void Device(string id, string branch, string at, DeviceKind kind, bool open = false) =>
            b.AddDevice(new DeviceSpec(id, branch, at, kind, SourceLocation.None) { NormallyOpen = open });
        void Load(string id, string bus, int customers) =>
            b.AddLoadPoint(new LoadPointSpec(id, bus, SourceLocation.None) { Customers = customers, AverageKw = customers, PeakKw = 2 * customers });

        Bus("S", NodeKind.Source);
        foreach (string n in new[] { "N1", "N2", "N3", "L1", "L2", "L3", "M1", "L4" })
        {
            Bus(n);
        }

        Line("B1", "S", "N1", "F1");
        Line("B2", "N1", "N2");
        Line("B3", "N2", "N3");
        Line("B4", "S", "M1", "F2");
        Transformer("T1", "N1", "L1", 200);
        Transformer("T2", "N2", "L2", 100);
        Transformer("T3", "N3", "L3", 400);
        Transformer("T4", "M1", "L4", 300);
        b.AddBranch(new BranchSpec("TIE", "N3", "M1", BranchKind.BusTie, SourceLocation.None));
        Device("CB1", "B1", "S", DeviceKind.Breaker);
        Device("SW2", "B2", "N1", DeviceKind.LoadBreakSwitch);
        Device("R3", "B3", "N2", DeviceKind.Recloser);
        Device("F1", "T1", "N1", DeviceKind.Fuse);
        Device("F2", "T2", "N2", DeviceKind.Fuse);
        Device("F3", "T3", "N3", DeviceKind.Fuse);
        Device("CB4", "B4", "S", DeviceKind.Breaker);
        Device("F4", "T4", "M1", DeviceKind.Fuse);
        Device("NO1", "TIE", "N3", DeviceKind.LoadBreakSwitch, open: true);
        Load("LP1", "L1", 10);
        Load("LP2", "L2", 20);
        Load("LP3", "L3", 70);
        Load("LP4", "L4", 100);
        BuildResult result = b.Build();
        return result.Network ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }
}
