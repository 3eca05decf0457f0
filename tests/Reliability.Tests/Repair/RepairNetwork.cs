using Lumen.Reliability.History;
using Lumen.Reliability.Repair;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Tests.Repair;

/// <summary>
/// A small network with coordinates (km) for the repair cases: source S at the origin, feeder FA east along y = 0
/// with load points A1 (1 km), A2 (2 km) and A3 (20 km, a remote village); feeder FB north to B1 at (0, 3).
/// <code>
/// S ─CBA─ LA1 ─ N1 ─ LA2 ─ N2 ─ LA3 ─ N3     (x = 0 … 20 km)
///          └T1─ A1(100)  └T2─ A2(50)   └T3─ A3(10)
/// S ─CBB─ LB1 ─ M1 ─TB1─ B1(200)        (0, 3 km)
/// </code>
/// </summary>
internal static class RepairNetwork
{
    public static readonly TimeSpan Zone = TimeSpan.FromHours(8);

    private static Network? s_network;

    public static Network Network => s_network ??= Build();

    /// <summary>The same network as another object (what a reload of the same files gives).</summary>
    public static Network Fresh() => Build();

    public static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2024, month, day, hour, minute, 0, Zone);

    /// <summary>Every load point is 'urban' by an override, so each commitment is 45 min unless an order says otherwise.</summary>
    public static AreaClassRules Urban { get; } = AreaClassRules.Default with
    {
        Overrides = new Dictionary<string, string>(StringComparer.Ordinal) { ["FA"] = "urban", ["FB"] = "urban" },
    };

    public static OutageHistory History(params OutageEvent[] events)
    {
        HistoryBuildResult r = OutageHistory.Build(Network, events, [], []);
        return r.History ?? throw new InvalidOperationException(string.Join("\n", r.Diagnostics));
    }

    public static WorkOrder Order(string id, DateTimeOffset call, string location, double? dispatch, double? arrival, double? restoration, string crew = "C1", string category = "outage") =>
        new(id, call, category)
        {
            LocationId = location,
            DispatchTime = dispatch is double d ? call.AddMinutes(d) : null,
            ArrivalTime = arrival is double a ? call.AddMinutes(a) : null,
            RestorationTime = restoration is double r ? call.AddMinutes(r) : null,
            CrewId = crew,
        };

    private static Network Build()
    {
        var b = new NetworkBuilder();
        void Bus(string id, double x, double y, NodeKind kind = NodeKind.Bus) => b.AddBus(new BusSpec(id, kind, SourceLocation.None) { X = x, Y = y });
        void Line(string id, string from, string to, string? feeder = null) =>
            b.AddBranch(new BranchSpec(id, from, to, BranchKind.OverheadLine, SourceLocation.None) { LengthKm = 1, FailureRatePerYear = 0.2, RepairHours = 4, Feeder = feeder });
        void Transformer(string id, string from, string to) =>
            b.AddBranch(new BranchSpec(id, from, to, BranchKind.Transformer, SourceLocation.None) { FailureRatePerYear = 0.02, RepairHours = 6, Rating = 200 });
        void Load(string id, string bus, int customers) =>
            b.AddLoadPoint(new LoadPointSpec(id, bus, SourceLocation.None) { Customers = customers, AverageKw = customers, PeakKw = 2 * customers });

        Bus("S", 0, 0, NodeKind.Source);
        Bus("N1", 1, 0);
        Bus("N2", 2, 0);
        Bus("N3", 20, 0);
        Bus("M1", 0, 3);
        Bus("LV1", 1, 0.1);
        Bus("LV2", 2, 0.1);
        Bus("LV3", 20, 0.1);
        Bus("LVB", 0, 3.1);
        Line("LA1", "S", "N1", "FA");
        Line("LA2", "N1", "N2");
        Line("LA3", "N2", "N3");
        Line("LB1", "S", "M1", "FB");
        Transformer("T1", "N1", "LV1");
        Transformer("T2", "N2", "LV2");
        Transformer("T3", "N3", "LV3");
        Transformer("TB1", "M1", "LVB");
        b.AddDevice(new DeviceSpec("CBA", "LA1", "S", DeviceKind.Breaker, SourceLocation.None));
        b.AddDevice(new DeviceSpec("CBB", "LB1", "S", DeviceKind.Breaker, SourceLocation.None));
        Load("A1", "LV1", 100);
        Load("A2", "LV2", 50);
        Load("A3", "LV3", 10);
        Load("B1", "LVB", 200);
        BuildResult built = b.Build();
        return built.Network ?? throw new InvalidOperationException(string.Join("\n", built.Diagnostics));
    }
}
