using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.Repair;
using Lumen.Topology.Requests;
using Xunit;
using static Lumen.Reliability.Tests.Repair.RepairNetwork;

namespace Lumen.Reliability.Tests.Repair;

public sealed class CrewPlacementTests
{
    private static IEnumerable<int[]> Subsets(int m, int k, int start = 0)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }

        for (int j = start; j <= m - k; j++)
        {
            foreach (int[] rest in Subsets(m, k - 1, j + 1))
            {
                yield return [j, .. rest];
            }
        }
    }

    // Brute force: every set of at most r existing bases closed, with every (k + closed)-subset of the candidates, cost
    // recomputed from scratch.
    private static double Oracle(PlacementProblem p, int k, int r = 0)
    {
        int e = p.Existing.Length, m = p.Cost.Length;
        double best = double.PositiveInfinity;
        for (int c = 0; c <= Math.Min(r, e) && k + c <= m; c++)
        {
            foreach (int[] shut in Subsets(e, c))
            {
                double[][] kept = [.. Enumerable.Range(0, e).Where(x => !shut.Contains(x)).Select(x => p.Existing[x])];
                foreach (int[] open in Subsets(m, k + c))
                {
                    double cost = p.Baseline.Select((b, i) => open.Select(j => p.Cost[j][i]).Concat(kept.Select(col => col[i])).Append(b).Min()).Sum();
                    best = Math.Min(best, cost);
                }
            }
        }

        return best;
    }

    // Points and sites in a square; cost = weight × a nondecreasing function of distance (as the study builds it). With
    // movable bases, the baseline is the largest cost (as the study sets it) or, sometimes, a fixed base at the origin.
    private static (PlacementProblem Problem, int K, int R) Random(int seed, bool relocate)
    {
        var rng = new Random(seed);
        int n = 1 + rng.Next(30), m = 1 + rng.Next(relocate ? 7 : 9), existing = relocate ? 1 + rng.Next(3) : 0;
        int k = relocate ? rng.Next(Math.Min(m, 3) + 1) : 1 + rng.Next(Math.Min(m, 4));
        int r = relocate ? (k == 0 ? 1 : 0) + rng.Next(3) : 0;
        double[] px = [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 10)], py = [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 10)];
        double[] w = [.. Enumerable.Range(0, n).Select(_ => rng.Next(4) == 0 ? 0 : rng.NextDouble() * 5)];
        Func<double, double> g = rng.Next(3) switch { 0 => d => d, 1 => d => d > 4 ? 1 : 0, _ => d => Math.Round(d) };
        double Cost(int i, double sx, double sy) => w[i] * g(Math.Sqrt(((px[i] - sx) * (px[i] - sx)) + ((py[i] - sy) * (py[i] - sy))));
        double[] Column((double X, double Y) s) => [.. Enumerable.Range(0, n).Select(i => Cost(i, s.X, s.Y))];
        double[][] cost = [.. Enumerable.Range(0, m).Select(_ => (rng.NextDouble() * 10, rng.NextDouble() * 10)).Select(Column)];
        double[][] movable = [.. Enumerable.Range(0, existing).Select(_ => (rng.NextDouble() * 10, rng.NextDouble() * 10)).Select(Column)];
        double[] baseline = !relocate || rng.Next(3) == 0
            ? Column((0, 0))
            : [.. Enumerable.Range(0, n).Select(i => cost.Concat(movable).Max(c => c[i]))];
        return (new PlacementProblem(baseline, cost) { Existing = movable }, k, r);
    }

    [Property(MaxTest = 300)]
    public Property Exhaustive_RandomInstances_MatchesBruteForce(PositiveInt seed, bool relocate)
    {
        (PlacementProblem p, int k, int r) = Random(seed.Get, relocate);
        PlacementSolution s = CrewPlacementSolver.Solve(p, k, r);
        double oracle = Oracle(p, k, r);
        double tolerance = 1e-9 * Math.Max(1, oracle);
        return (s.Exact
            && Feasible(p, s, k, r)
            && Math.Abs(s.Objective - oracle) <= tolerance
            && Math.Abs(CrewPlacementSolver.Objective(p, s.Chosen, s.Closed) - s.Objective) <= tolerance
            && Math.Abs(s.Gain - s.UpperBoundGain) <= tolerance).ToProperty()
            .Label($"k {k}, r {r}, objective {s.Objective}, oracle {oracle}");
    }

    [Property(MaxTest = 300)]
    public Property Heuristic_RandomInstances_IsFeasible_WithinItsBound_AndAtLeastTheGreedyGuarantee(PositiveInt seed, bool relocate)
    {
        (PlacementProblem p, int k, int r) = Random(seed.Get, relocate);
        PlacementSolution s = CrewPlacementSolver.Solve(p, k, r, exactLimit: 0);
        double current = CrewPlacementSolver.Objective(p, []);
        double tolerance = 1e-9 * Math.Max(1, current);
        double bestGain = current - Oracle(p, k, r);

        // Greedy keeps 63 % of the best gain without moves; moves only add to what the local search may reach.
        double bestAddingOnly = k == 0 ? 0 : current - Oracle(p, k);
        double kept = CrewPlacementSolver.Objective(p, [], s.Closed);
        return (!s.Exact
            && Feasible(p, s, k, r)
            && Math.Abs(CrewPlacementSolver.Objective(p, s.Chosen, s.Closed) - s.Objective) <= tolerance
            && Math.Abs(current - s.Objective - s.Gain) <= tolerance
            && s.Gain <= bestGain + tolerance
            && s.UpperBoundGain >= bestGain - tolerance
            && s.Gain >= ((1 - (1 / Math.E)) * bestAddingOnly) - tolerance
            && Math.Abs(s.MarginalGains.Sum() - (kept - s.Objective)) <= tolerance).ToProperty()
            .Label($"k {k}, r {r}, gain {s.Gain}, best {bestGain}, bound {s.UpperBoundGain}");
    }

    private static bool Feasible(PlacementProblem p, PlacementSolution s, int k, int r) =>
        s.Closed.Length <= r
        && s.Closed.Distinct().Count() == s.Closed.Length
        && s.Closed.All(e => e >= 0 && e < p.Existing.Length)
        && s.Chosen.Length == k + s.Closed.Length
        && s.Chosen.Distinct().Count() == s.Chosen.Length
        && s.MarginalGains.Length == s.Chosen.Length;

    [Fact]
    public void Relocation_TheOnlyBaseFarFromEveryone_MovesToTheMiddle()
    {
        // Two clusters of demand at x = 0 and x = 10, one base at x = 30; candidates at 0, 5 and 10. Moving the base
        // (no new one) to the middle serves both; adding without moving is not allowed (k = 0).
        double[] xs = [0, 0.5, 10, 9.5];
        double[] Column(double site) => [.. xs.Select(x => Math.Abs(x - site))];
        var p = new PlacementProblem([.. xs.Select(_ => 1e9)], [Column(0), Column(5), Column(10)]) { Existing = [Column(30)] };
        PlacementSolution s = CrewPlacementSolver.Solve(p, 0, 1);
        Assert.Equal([0], s.Closed);
        Assert.Equal([1], s.Chosen);
        Assert.Equal(19, s.Objective, 12);
        Assert.Equal(Column(30).Sum() - 19, s.Gain, 9);

        // Allowed to add one as well: the base moves to one cluster and the new one goes to the other.
        PlacementSolution both = CrewPlacementSolver.Solve(p, 1, 1);
        Assert.Equal([0], both.Closed);
        Assert.Equal([0, 2], both.Chosen);
        Assert.Equal(1, both.Objective, 12);
    }

    [Property(MaxTest = 200)]
    public Property NearestLoadPoint_RandomPoints_MatchesLinearScan(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        int n = rng.Next(0, 300);
        double spread = rng.Next(2) == 0 ? 1 : 100;
        double[] x = [.. Enumerable.Range(0, n).Select(_ => rng.Next(8) == 0 ? double.NaN : Math.Round(rng.NextDouble() * spread, rng.Next(2) == 0 ? 1 : 6))];
        double[] y = [.. Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble() * spread * (rng.Next(3) == 0 ? 0.01 : 1), 3))];
        var grid = new PointGrid(x, y);
        for (int q = 0; q < 20; q++)
        {
            double qx = (rng.NextDouble() * spread * 1.4) - (0.2 * spread), qy = (rng.NextDouble() * spread * 1.4) - (0.2 * spread);
            int expected = -1;
            double best = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                double d = ((x[i] - qx) * (x[i] - qx)) + ((y[i] - qy) * (y[i] - qy));
                if (d < best)
                {
                    (expected, best) = (i, d);
                }
            }

            if (grid.Nearest(qx, qy) != expected)
            {
                return false.ToProperty();
            }
        }

        return true.ToProperty();
    }

    [Fact]
    public void Study_RemoteVillageLateFromTheTownBase_TheNewBaseGoesThere()
    {
        // One crew at the source; the village 20 km east calls often and waits ~50+ min; candidates at the source, at
        // (10, 0) and at the village. Under the default rules the village is remote (120 min): use an urban rule table
        // so it is late, and the study must put the base in the village.
        var orders = new List<WorkOrder>();
        for (int i = 0; i < 40; i++)
        {
            DateTimeOffset call = At(1, 1, 0).AddDays(i * 9);
            orders.Add(Order($"V{i}", call, "A3", 5, 55 + (i % 7), 120 + i, "C1"));
            orders.Add(Order($"T{i}", call.AddHours(3), "A1", 5, 12 + (i % 5), 60, "C1"));
        }

        Crew crew = new("C1", "TOWN", 0, 0, TimeOnly.MinValue, TimeOnly.MinValue, 4);
        BaseSite[] candidates = [new("SOURCE", 0, 0), new("MIDWAY", 10, 0), new("VILLAGE", 20, 0.2)];
        RepairPlacementReport r = RepairPlacementQuery.Run(new RepairPlacementRequest(Network, orders, [crew])
        {
            Rules = Urban,
            Candidates = candidates,
            Count = 1,
        }).Value!;
        Assert.Empty(r.Problems);
        Assert.Equal("exhaustive", r.Method);
        NewBase added = Assert.Single(r.Bases);
        Assert.Equal("VILLAGE", added.BaseId);
        Assert.True(r.Before!.LateArrivalsPerYear > 3, $"late before {r.Before.LateArrivalsPerYear}");
        Assert.True(r.After!.LateArrivalsPerYear < 0.5 * r.Before.LateArrivalsPerYear);
        Assert.True(r.DeltaSaidi < 0, $"ΔSAIDI {r.DeltaSaidi}");
        Assert.True(r.BranchesFaster > 0);
        Assert.Equal(r.Gain!.Value, r.LateArrivalsAvoidedPerYear!.Value, 9);
        Assert.Null(r.ComplaintsAvoidedPerYear);

        // The only new base's own effect is the study's.
        Assert.Equal(r.DeltaSaidi!.Value, added.DeltaSaidi, 12);
        Assert.Equal(r.LateArrivalsAvoidedPerYear!.Value, added.LateArrivalsAvoidedPerYear, 9);
        Assert.Contains(r.Map, c => c.LateProbabilityBefore > c.LateProbabilityAfter);
        Assert.Null(added.MovedFrom);

    }

    [Fact]
    public void Study_OnlyTheVillageCalls_TheTownBaseMovesThere_AndTheTownsBranchesGetSlower()
    {
        var orders = new List<WorkOrder>();
        for (int i = 0; i < 40; i++)
        {
            orders.Add(Order($"V{i}", At(1, 1, 0).AddDays(i * 9), "A3", 5, 55 + (i % 7), 120 + i, "C1"));
        }

        Crew crew = new("C1", "TOWN", 0, 0, TimeOnly.MinValue, TimeOnly.MinValue, 4);
        RepairPlacementReport r = RepairPlacementQuery.Run(new RepairPlacementRequest(Network, orders, [crew])
        {
            Rules = Urban,
            Candidates = [new("MIDWAY", 10, 0), new("VILLAGE", 20, 0.2)],
            Count = 0,
            Relocations = 1,
            Objective = PlacementObjective.ArrivalMinutes,
        }).Value!;
        Assert.Empty(r.Problems);
        Assert.Equal(1, r.Relocations);
        NewBase target = Assert.Single(r.Bases);
        Assert.Equal(("VILLAGE", "TOWN"), (target.BaseId, target.MovedFrom));
        Assert.True(r.After!.LateArrivalsPerYear < 0.5 * r.Before!.LateArrivalsPerYear, $"late {r.Before.LateArrivalsPerYear} → {r.After.LateArrivalsPerYear}");
        Assert.Equal(r.Gain!.Value, (r.Before.MeanArrivalMinutes - r.After.MeanArrivalMinutes) * orders.Count / r.Years, 6);
        Assert.True(r.BranchesFaster > 0 && r.BranchesSlower > 0, $"faster {r.BranchesFaster}, slower {r.BranchesSlower}");

        // The one move is the whole study: its own effect is the study's.
        Assert.Equal(r.DeltaSaidi!.Value, target.DeltaSaidi, 12);
        Assert.Equal(r.LateArrivalsAvoidedPerYear!.Value, target.LateArrivalsAvoidedPerYear, 9);

        // Moves are only made when asked for.
        QueryResult<RepairPlacementReport> invalid = RepairPlacementQuery.Run(new RepairPlacementRequest(Network, orders, [crew]) { Count = 0 });
        Assert.Null(invalid.Value);
        Assert.Contains(invalid.Problems, p => p.Field == "count");
    }

    [Fact]
    public void Study_WithoutCrewsOrCandidates_ReportsProblemsNotExceptions()
    {
        WorkOrder[] orders = [Order("W1", At(1, 1, 0), "A1", 5, 30, 60)];
        RepairPlacementReport r = RepairPlacementQuery.Run(new RepairPlacementRequest(Network, orders, []) { Candidates = [], Count = 2 }).Value!;
        Assert.Contains(r.Problems, p => p.StartsWith("crews:", StringComparison.Ordinal));
        Assert.Contains(r.Problems, p => p.StartsWith("candidates:", StringComparison.Ordinal));
        Assert.Null(r.Method);

        RepairPlacementReport complaints = RepairPlacementQuery.Run(new RepairPlacementRequest(Network, orders, [new Crew("C1", "B", 0, 0, default, default, 3)])
        {
            Objective = PlacementObjective.Complaints,
        }).Value!;
        Assert.Contains(complaints.Problems, p => p.StartsWith("objective:", StringComparison.Ordinal));
    }

    [Fact]
    public void ComplaintsObjective_UsesTheDelayModel()
    {
        // Feeder-wide outages (CBA: A1–A3), each called in from A1 (near) or A3 (far); complaints grow with the outage
        // and more with a late crew, so the delay model is fitted on top of the duration model.
        var rng = new Random(3);
        var orders = new List<WorkOrder>();
        var events = new List<Lumen.Reliability.History.OutageEvent>();
        var complaints = new List<Complaint>();
        for (int i = 0; i < 300; i++)
        {
            DateTimeOffset start = At(1, 1, 0).AddHours(i * 20);
            bool far = i % 2 == 0;
            double arrival = far ? 50 + rng.Next(40) : 10 + rng.Next(20);
            double hours = 1 + (rng.NextDouble() * 6);
            events.Add(new("E" + i, start, start.AddHours(hours), "CBA", "equipment", Lumen.Reliability.History.OutageNature.Fault));
            orders.Add(Order($"W{i}", start.AddMinutes(2), far ? "A3" : "A1", 5, arrival, (hours * 60) - 2, "C1") with { OutageEventId = "E" + i });
            int count = MathNet.Numerics.Distributions.Poisson.Sample(rng, (0.2 * hours) + (160 * 0.02 * arrival / 60));
            for (int c = 0; c < count; c++)
            {
                complaints.Add(new Complaint($"C{i}-{c}", start.AddMinutes(30), far ? "A3" : "A1", "outage"));
            }
        }

        RepairPlacementReport r = RepairPlacementQuery.Run(new RepairPlacementRequest(Network, orders, [new Crew("C1", "TOWN", 0, 0, default, default, 3)])
        {
            History = RepairNetwork.History([.. events]),
            Complaints = complaints,
            Objective = PlacementObjective.Complaints,
            Candidates = [new("MIDWAY", 10, 0), new("VILLAGE", 20, 0)],
            Count = 1,
        }).Value!;
        Assert.Empty(r.Problems);
        Assert.Equal("VILLAGE", r.Bases[0].BaseId);
        Assert.True(r.ComplaintModel!.PerCustomerHourWaiting > 0.005, $"β {r.ComplaintModel.PerCustomerHourWaiting}");
        Assert.True(r.ComplaintsAvoidedPerYear > 0);
        Assert.Equal(r.Gain!.Value, r.ComplaintsAvoidedPerYear!.Value, 6);
    }
}
