using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Reliability.Repair;
using Lumen.Topology.Requests;
using Xunit;
using static Lumen.Reliability.Tests.Repair.RepairNetwork;

namespace Lumen.Reliability.Tests.Repair;

public sealed class RepairStatsTests
{
    // Every load point urban (45 min). Call-to-arrival: W1 30 (on time), W2 60 (late), W3 100 (late), W4 45 (on time:
    // the commitment is met at exactly 45), W5 no arrival.
    private static readonly WorkOrder[] s_orders =
    [
        Order("W1", At(3, 1, 10), "A1", 5, 30, 90, "C1"),
        Order("W2", At(3, 2, 10), "A2", 10, 60, 120, "C1"),
        Order("W3", At(3, 3, 10), "A3", 20, 100, 200, "C2"),
        Order("W4", At(3, 4, 10), "B1", 5, 45, 65, "C2"),
        Order("W5", At(4, 5, 10), "B1", null, null, 50, "C1"),
    ];

    private static RepairStatsReport Run(RepairGrouping by = RepairGrouping.Class) =>
        RepairStatsQuery.Run(new RepairStatsRequest(Network, s_orders) { Rules = Urban, By = by }).Value!;

    [Fact]
    public void Run_HandOrders_IntervalsAndLateShareByHand()
    {
        RepairStatsReport r = Run();
        ResponseRow all = r.Overall;
        Assert.Equal((5, 4, 2, 0.5), (all.Orders, all.WithArrival, all.Late, all.LateShare!.Value));

        // Call to arrival 30, 45, 60, 100: type-7 median at h = 1.5, P90 at 2.7, P95 at 2.85.
        Assert.Equal(4, all.CallToArrival!.Orders);
        Assert.Equal(52.5, all.CallToArrival.MedianMinutes, 9);
        Assert.Equal(88, all.CallToArrival.P90Minutes, 9);
        Assert.Equal(94, all.CallToArrival.P95Minutes, 9);
        Assert.Equal(58.75, all.CallToArrival.MeanMinutes, 9);
        Assert.Equal(7.5, all.CallToDispatch!.MedianMinutes, 9);
        Assert.Equal(168, all.CallToRestoration!.P90Minutes, 9);   // 50, 65, 90, 120, 200: h = 3.6 → 120 + 0.6 · 80
        Assert.Equal((2, 2.5), (all.Crews, all.OrdersPerCrew!.Value));
        Assert.Null(r.ComplaintModel);
        Assert.Null(all.ComplaintsAvoidedPerMinute);
    }

    [Fact]
    public void Run_ByFeederAndMonth_SplitsTheOrders()
    {
        RepairStatsReport r = Run(RepairGrouping.Feeder);
        ResponseRow fa = Assert.Single(r.Groups, g => g.Key == "FA");
        ResponseRow fb = Assert.Single(r.Groups, g => g.Key == "FB");
        Assert.Equal((3, 2, 2.0 / 3), (fa.Orders, fa.Late, fa.LateShare!.Value));
        Assert.Equal((2, 1, 0), (fb.Orders, fb.WithArrival, fb.Late));
        Assert.Equal(["2024-03", "2024-04"], r.Months.Select(m => m.Month));
        Assert.Equal([("FA", "2024-03", 3), ("FB", "2024-03", 1), ("FB", "2024-04", 1)], r.Monthly.Select(m => (m.Key, m.Month!, m.Orders)));
        Assert.Empty(r.WorstFeeders); // none has the default 20 orders with an arrival

        RepairStatsReport any = RepairStatsQuery.Run(new RepairStatsRequest(Network, s_orders) { Rules = Urban, WorstMinimumOrders = 1 }).Value!;
        Assert.Equal(["FA", "FB"], any.WorstFeeders.Select(w => w.Key));
    }

    [Fact]
    public void Run_ClassRows_CarryTheirCommitment_AndAnOrderClassOverridesTheRule()
    {
        WorkOrder remote = Order("W6", At(3, 6, 10), "A3", 5, 100, 150, "C2") with { AreaClass = "remote" };
        RepairStatsReport r = RepairStatsQuery.Run(new RepairStatsRequest(Network, [.. s_orders, remote]) { Rules = Urban }).Value!;
        ResponseRow urban = Assert.Single(r.Groups, g => g.Key == "urban");
        ResponseRow far = Assert.Single(r.Groups, g => g.Key == "remote");
        Assert.Equal((45.0, 2), (urban.ArrivalCommitmentMinutes!.Value, urban.Late));
        Assert.Equal((120.0, 0, 0.0), (far.ArrivalCommitmentMinutes!.Value, far.Late, far.LateShare!.Value));
    }

    [Fact]
    public void Run_Period_KeepsOnlyCallsInIt()
    {
        RepairStatsReport r = RepairStatsQuery.Run(new RepairStatsRequest(Network, s_orders) { Rules = Urban, From = At(3, 2, 0), To = At(4, 1, 0) }).Value!;
        Assert.Equal(3, r.Overall.Orders);
        Assert.Equal(30.0 / 365.25, r.Years, 9);
    }

    [Fact]
    public void BadRequests_AnswerFieldProblems_NotExceptions()
    {
        // Invalid rules, a history of another network object and an empty period are the user's input: both entry points
        // answer them as problems (the API's problem+json and the CLI's error lines), never as an ArgumentException.
        AreaClassRules badRules = Urban with { DetourFactor = 0.5 };
        OutageHistory other = OutageHistory.Build(Fresh(), [], [], []).History!;
        QueryResult<RepairStatsReport> stats = RepairStatsQuery.Run(new RepairStatsRequest(Network, s_orders) { Rules = badRules, History = other, From = At(4, 1, 0), To = At(3, 1, 0) });
        Assert.Null(stats.Value);
        Assert.Equal(["history", "rules", "to"], stats.Problems.Select(p => p.Field).Order(StringComparer.Ordinal));

        QueryResult<RepairPlacementReport> placement = RepairPlacementQuery.Run(new RepairPlacementRequest(Network, s_orders, []) { Rules = badRules, Count = 11, Relocations = -1, MapCellKm = 0 });
        Assert.Null(placement.Value);
        Assert.Equal(["count", "map_cell_km", "relocations", "rules"], placement.Problems.Select(p => p.Field).Order(StringComparer.Ordinal));

        QueryResult<RepairStatsReport> good = RepairStatsQuery.Run(new RepairStatsRequest(Network, s_orders) { Rules = Urban, History = RepairNetwork.History() });
        Assert.Empty(good.Problems);
        Assert.NotNull(good.Value);
    }

    [Fact]
    public void DefaultRules_ClassByLoadDensity_AndOverridesByFeeder()
    {
        // 20 kW over the 9 km² around the village at 20 km: 0.002 MW/km², remote (120 min).
        AreaClassRules rules = AreaClassRules.Default;
        Assert.Equal("remote", rules.Classes[rules.Classify(Network)[2]].AreaClass);
        Assert.Equal(["urban", "urban", "rural", "rural", "remote"], new[] { 5.0, 1.0, 0.99, 0.1, 0.09 }.Select(d => rules.Classes[rules.ClassOfDensity(d)].AreaClass));
        Assert.All(Urban.Classify(Network), c => Assert.Equal(0, c));
        Assert.NotEmpty((AreaClassRules.Default with { DetourFactor = 0.5 }).Validate());
    }

    [Property(MaxTest = 200)]
    public Property Quantiles_RandomValues_MatchTheSortedType7Definition(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        int n = 1 + rng.Next(rng.Next(2) == 0 ? 20 : 2000);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = rng.Next(3) == 0 ? rng.Next(5) : Math.Round(rng.NextDouble() * 1000, 2);
        }

        double[] sorted = [.. values.Order()];
        double[] ps = [0.5, 0.9, 0.95];
        var got = new double[3];
        Quantiles.Compute(values, ps, got);
        double Oracle(double p)
        {
            double h = (n - 1) * p;
            int lo = (int)Math.Floor(h);
            return lo + 1 < n ? sorted[lo] + ((h - lo) * (sorted[lo + 1] - sorted[lo])) : sorted[lo];
        }

        return ps.Select((p, q) => Math.Abs(got[q] - Oracle(p)) <= 1e-9 * Math.Max(1, Math.Abs(Oracle(p)))).All(x => x).ToProperty();
    }

    [Fact]
    public void ComplaintModel_SimulatedOrders_RecoversTheKnownDelayEffect()
    {
        // Outages the duration model expects 0–20 complaints from (observed 0.9 × that), plus 0.004 complaints per
        // customer-hour of waiting for the crew.
        var truth = new RepairDelayComplaintModel(0.9, 0.004);
        var rng = new Random(11);
        var cells = new List<RepairComplaintCell>();
        for (int i = 0; i < 20_000; i++)
        {
            double expected = rng.NextDouble() * 20;
            double customers = 10 + (rng.NextDouble() * 1990);
            double arrival = 0.1 + (rng.NextDouble() * 3.9);
            cells.Add(new RepairComplaintCell(expected, customers, arrival, MathNet.Numerics.Distributions.Poisson.Sample(rng, truth.ExpectedComplaints(expected, customers, arrival))));
        }

        RepairDelayComplaintModel fit = RepairDelayComplaintModel.Fit(cells)!;
        IReadOnlyList<double> se = fit.StandardErrors!;
        Assert.InRange(fit.PerExpected, 0.9 - (4 * se[0]), 0.9 + (4 * se[0]));
        Assert.InRange(fit.PerCustomerHourWaiting, 0.004 - (4 * se[1]), 0.004 + (4 * se[1]));
        Assert.True(se[1] < 0.0002, $"waiting effect too uncertain: s.e. {se[1]}");

        // A minute sooner removes β N / 60 directly, plus α × the waiting customers' slope / 60.
        Assert.Equal(fit.PerCustomerHourWaiting * 500 / 60, fit.ComplaintsPerMinuteFaster(500, 2, 0), 12);
        Assert.Equal(fit.PerExpected * 3 / 60, fit.ComplaintsPerMinuteFaster(500, 2, 3) - fit.ComplaintsPerMinuteFaster(500, 2, 0), 12);
    }

    [Fact]
    public void ComplaintModel_NoComplaintsOrNoSpread_IsNotFitted()
    {
        Assert.Null(RepairDelayComplaintModel.Fit([new RepairComplaintCell(10, 100, 1, 0)]));
        Assert.Null(RepairDelayComplaintModel.Fit([new RepairComplaintCell(10, 100, 0, 2), new RepairComplaintCell(20, 100, 0, 1)]));
    }
}
