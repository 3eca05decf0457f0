using BenchmarkDotNet.Attributes;
using Lumen.Reliability.Repair;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;

namespace Lumen.Benchmarks.Repair;

/// <summary>Synthetic work orders on demo networks: seeded, every interval present, most at a load point, some by coordinates.</summary>
internal static class RepairData
{
    public static List<WorkOrder> Orders(Network net, int count, int seed, IReadOnlyList<int>? loadPoints = null, bool someByCoordinates = true)
    {
        var rng = new Random(seed);
        var origin = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var orders = new List<WorkOrder>(count);
        for (int i = 0; i < count; i++)
        {
            int lp = loadPoints is null ? rng.Next(net.LoadPointCount) : loadPoints[i % loadPoints.Count];
            DateTimeOffset call = origin.AddSeconds(rng.Next(5 * 365 * 86_400));
            DateTimeOffset dispatch = call.AddMinutes(2 + (rng.NextDouble() * 20));
            DateTimeOffset arrival = dispatch.AddMinutes(5 + (rng.NextDouble() * 120));
            bool coordinates = someByCoordinates && i % 10 == 0;
            int node = net.LoadPointNode[lp];
            orders.Add(new WorkOrder("W" + i, call, "outage")
            {
                LocationId = coordinates ? string.Empty : net.LoadPointIds[lp],
                X = coordinates ? net.NodeX[node] + 0.01 : null,
                Y = coordinates ? net.NodeY[node] : null,
                DispatchTime = dispatch,
                ArrivalTime = arrival,
                RestorationTime = arrival.AddMinutes(10 + (rng.NextDouble() * 400)),
                CrewId = "C" + rng.Next(60),
            });
        }

        return orders;
    }
}

/// <summary>Response statistics of one million work orders on the demo county (placement, class, intervals, quantiles by selection).</summary>
[MemoryDiagnoser]
public class RepairStatsBenchmarks
{
    private RepairStatsRequest _request = null!;

    [Params(RepairGrouping.Class, RepairGrouping.Feeder)]
    public RepairGrouping By { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Network net = DemoGrid.Generate(DemoScale.County, 7).Build().Network!;
        _request = new RepairStatsRequest(net, RepairData.Orders(net, 1_000_000, 3)) { By = By };
    }

    [Benchmark]
    public RepairStatsReport Stats() => RepairStatsQuery.Run(_request).Value!;
}

/// <summary>How a placement benchmark searches.</summary>
public enum PlacementCase
{
    /// <summary>Greedy–interchange with its bound (the default at this size).</summary>
    Heuristic,

    /// <summary>Every one of the 19,600 combinations.</summary>
    Exhaustive,

    /// <summary>The heuristic with up to two of the five existing bases free to move as well.</summary>
    HeuristicRelocateTwo,
}

/// <summary>
/// The crew placement study at county scale: 20,000 load points with calls, 50 candidate sites, 5 existing bases,
/// k = 3: arrival model, cost matrix, solver and the reliability assessments (ΔSAIDI, before, after and per base).
/// </summary>
[MemoryDiagnoser]
public class RepairPlacementBenchmarks
{
    private RepairPlacementRequest _request = null!;

    /// <summary>The search.</summary>
    [Params(PlacementCase.Heuristic, PlacementCase.Exhaustive, PlacementCase.HeuristicRelocateTwo)]
    public PlacementCase Case { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Network net = DemoGrid.Generate(70_000, 7).Build().Network!;
        var rng = new Random(5);
        int[] points = [.. Enumerable.Range(0, net.LoadPointCount).OrderBy(_ => rng.Next()).Take(20_000)];
        List<WorkOrder> orders = RepairData.Orders(net, 40_000, 9, points, someByCoordinates: false);
        double maxX = points.Max(p => net.NodeX[net.LoadPointNode[p]]), maxY = points.Max(p => net.NodeY[net.LoadPointNode[p]]);
        Crew[] crews = [.. Enumerable.Range(0, 5).Select(b => new Crew("C" + b, "B" + b, rng.NextDouble() * maxX, rng.NextDouble() * maxY, default, default, 4))];
        orders = [.. orders.Select((o, i) => o with { CrewId = "C" + (i % 5) })];
        BaseSite[] candidates = [.. Enumerable.Range(0, 50).Select(j => new BaseSite("S" + j, rng.NextDouble() * maxX, rng.NextDouble() * maxY))];
        _request = new RepairPlacementRequest(net, orders, crews)
        {
            Candidates = candidates,
            Count = 3,
            Relocations = Case == PlacementCase.HeuristicRelocateTwo ? 2 : 0,
            ExactLimit = Case == PlacementCase.Exhaustive ? long.MaxValue : CrewPlacementSolver.DefaultExactLimit,
        };
        if (RepairPlacementQuery.Run(_request with { Count = 1 }).Value!.DemandPoints != 20_000)
        {
            throw new InvalidOperationException("the benchmark needs 20,000 demand points");
        }
    }

    [Benchmark]
    public RepairPlacementReport Placement() => RepairPlacementQuery.Run(_request).Value!;
}
