using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Repair;

/// <summary>What a placement study minimises.</summary>
public enum PlacementObjective : byte
{
    /// <summary>Expected arrivals later than the commitment, a year (maximal coverage).</summary>
    LateArrivals = 0,

    /// <summary>Expected complaints a year from the complaint model with repair delay.</summary>
    Complaints = 1,

    /// <summary>Expected call-to-arrival minutes summed over a year's orders (weighted p-median).</summary>
    ArrivalMinutes = 2,
}

/// <summary>Parsing of <see cref="PlacementObjective"/> as written in options and queries.</summary>
public static class PlacementObjectives
{
    /// <summary>Parses <c>late_arrivals</c>, <c>complaints</c> or <c>arrival_minutes</c> (case-insensitive); false otherwise.</summary>
    public static bool TryParse(string text, out PlacementObjective objective)
    {
        ArgumentNullException.ThrowIfNull(text);
        (bool ok, objective) = text.ToLowerInvariant() switch
        {
            "late_arrivals" => (true, PlacementObjective.LateArrivals),
            "complaints" => (true, PlacementObjective.Complaints),
            "arrival_minutes" => (true, PlacementObjective.ArrivalMinutes),
            _ => (false, PlacementObjective.LateArrivals),
        };
        return ok;
    }
}

/// <summary>The question "where should the next k crew bases be (and which existing ones should move), and what would they change".</summary>
/// <param name="Network">The network.</param>
/// <param name="Orders">Work orders: where and how often repairs are called, and how long arrival took.</param>
/// <param name="Crews">The crew register: the existing bases.</param>
/// <remarks>Immutable.</remarks>
public sealed record RepairPlacementRequest(Net Network, IReadOnlyList<WorkOrder> Orders, IReadOnlyList<Crew> Crews)
{
    /// <summary>Outage history on <see cref="Network"/> (orders are linked to it for the complaint exposure); null when none.</summary>
    public OutageHistory? History { get; init; }

    /// <summary>Complaints (for the complaint model); null when none.</summary>
    public IReadOnlyList<Complaint>? Complaints { get; init; }

    /// <summary>Area classes, commitments and road speeds.</summary>
    public AreaClassRules Rules { get; init; } = AreaClassRules.Default;

    /// <summary>Link windows.</summary>
    public RepairLinkOptions Links { get; init; } = new();

    /// <summary>Candidate sites; null for every substation (source bus) with coordinates.</summary>
    public IReadOnlyList<BaseSite>? Candidates { get; init; }

    /// <summary>The utility's travel times; entries replace the road model.</summary>
    public IReadOnlyList<TravelTime> TravelTimes { get; init; } = [];

    /// <summary>How many bases to add, 1..10 (0..10 when bases may move).</summary>
    public int Count { get; init; } = 2;

    /// <summary>How many existing bases may move to candidate sites (their crews with them), 0..10; 0 keeps every base where it is.</summary>
    public int Relocations { get; init; }

    /// <summary>What to minimise.</summary>
    public PlacementObjective Objective { get; init; } = PlacementObjective.LateArrivals;

    /// <summary>Study options of the reliability assessment.</summary>
    public StudyCase Study { get; init; } = StudyCase.Default;

    /// <summary>Largest combinations × demand points searched exhaustively; beyond it the greedy–interchange heuristic runs.</summary>
    public long ExactLimit { get; init; } = CrewPlacementSolver.DefaultExactLimit;

    /// <summary>Side of the map's cells, km.</summary>
    public double MapCellKm { get; init; } = 2;

    /// <summary>First call used (inclusive); null for all.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>End of the calls used (exclusive); null for all.</summary>
    public DateTimeOffset? To { get; init; }
}

/// <summary>Late arrivals, arrival time, complaints and reliability with a set of bases.</summary>
/// <param name="LateArrivalsPerYear">Expected arrivals later than the commitment a year (at the historical call rate).</param>
/// <param name="LateShare">Their share of the orders.</param>
/// <param name="MeanArrivalMinutes">Order-weighted expected call-to-arrival minutes.</param>
/// <param name="ComplaintsPerYear">Expected complaints a year of those orders; null without a complaint model.</param>
/// <param name="Saidi">Predicted SAIDI (reliability engine), hours per customer a year.</param>
/// <param name="Saifi">Predicted SAIFI, interruptions per customer a year.</param>
/// <param name="EnsMwh">Predicted energy not supplied, MWh a year.</param>
public sealed record PlacementEffect(double LateArrivalsPerYear, double LateShare, double MeanArrivalMinutes, double? ComplaintsPerYear, double Saidi, double Saifi, double EnsMwh);

/// <summary>A new base of the placement (an additional one, or the new site of a moved one), as a project (a future project kind of the investment plan).</summary>
/// <param name="BaseId">Candidate site.</param>
/// <param name="X">x, km.</param>
/// <param name="Y">y, km.</param>
/// <param name="Rank">1 for the site the search added first.</param>
/// <param name="MarginalGain">Objective removed when it is added, to the bases kept, after the sites ranked before it (objective units a year).</param>
/// <param name="OrdersPerYearServed">Orders a year it would reach first.</param>
/// <param name="LoadPointsServed">Load points it would reach first.</param>
/// <param name="LateArrivalsAvoidedPerYear">Late arrivals a year it avoids when it is the only change (the only new base, or the only move).</param>
/// <param name="ComplaintsAvoidedPerYear">Complaints a year it avoids alone; null without a complaint model.</param>
/// <param name="DeltaSaidi">The engine's SAIDI change when it is the only change, hours per customer a year.</param>
/// <param name="MovedFrom">The existing base whose crews move here; null for an additional base.</param>
public sealed record NewBase(string BaseId, double X, double Y, int Rank, double MarginalGain, double OrdersPerYearServed, int LoadPointsServed, double LateArrivalsAvoidedPerYear, double? ComplaintsAvoidedPerYear, double DeltaSaidi, string? MovedFrom);

/// <summary>One cell of the late-arrival map.</summary>
/// <param name="X">Cell centre x, km.</param>
/// <param name="Y">Cell centre y, km.</param>
/// <param name="LoadPoints">Load points in the cell.</param>
/// <param name="OrdersPerYear">Work orders a year in the cell.</param>
/// <param name="ArrivalMinutesBefore">Mean expected arrival with the existing bases.</param>
/// <param name="ArrivalMinutesAfter">With the new bases.</param>
/// <param name="LateProbabilityBefore">Mean probability of a late arrival with the existing bases.</param>
/// <param name="LateProbabilityAfter">With the new bases.</param>
public sealed record ArrivalCell(double X, double Y, int LoadPoints, double OrdersPerYear, double ArrivalMinutesBefore, double ArrivalMinutesAfter, double LateProbabilityBefore, double LateProbabilityAfter);

/// <summary>The placement study: the best new bases, their effect on late arrivals, complaints and SAIDI, and the map.</summary>
/// <remarks>Immutable; every number finite, "not available" null. <see cref="Problems"/> lists why parts are missing.</remarks>
public sealed record RepairPlacementReport
{
    /// <summary>What was minimised.</summary>
    public required PlacementObjective Objective { get; init; }

    /// <summary>Bases requested.</summary>
    public required int Count { get; init; }

    /// <summary>Existing bases allowed to move.</summary>
    public int Relocations { get; init; }

    /// <summary>Years of orders the call rates come from.</summary>
    public required double Years { get; init; }

    /// <summary>Orders used (placed on the network, in the period).</summary>
    public required int OrdersUsed { get; init; }

    /// <summary>Load points with orders (the demand points).</summary>
    public required int DemandPoints { get; init; }

    /// <summary>Candidate sites considered.</summary>
    public required int Candidates { get; init; }

    /// <summary>The existing bases.</summary>
    public required IReadOnlyList<BaseSite> ExistingBases { get; init; }

    /// <summary>The arrival model per class.</summary>
    public required IReadOnlyList<ArrivalCalibration> Calibration { get; init; }

    /// <summary><c>exhaustive</c> or <c>greedy_interchange</c>; null when nothing was solved.</summary>
    public string? Method { get; init; }

    /// <summary>The objective removed by the chosen bases, a year.</summary>
    public double? Gain { get; init; }

    /// <summary>No placement of k bases (with as many moves allowed) removes more than this (equal to the gain when exhaustive).</summary>
    public double? UpperBoundGain { get; init; }

    /// <summary>The new bases (additional ones and the new sites of moved ones), best first.</summary>
    public required IReadOnlyList<NewBase> Bases { get; init; }

    /// <summary>With the existing bases.</summary>
    public PlacementEffect? Before { get; init; }

    /// <summary>With the new bases added (and the moved bases moved).</summary>
    public PlacementEffect? After { get; init; }

    /// <summary>After − before SAIDI (engine, repair times changed by the arrival saved or lost on each branch), hours per customer a year.</summary>
    public double? DeltaSaidi { get; init; }

    /// <summary>After − before ENS, MWh a year.</summary>
    public double? DeltaEnsMwh { get; init; }

    /// <summary>Late arrivals avoided a year.</summary>
    public double? LateArrivalsAvoidedPerYear { get; init; }

    /// <summary>Complaints avoided a year (complaint model with repair delay); null without it.</summary>
    public double? ComplaintsAvoidedPerYear { get; init; }

    /// <summary>Branches whose repair time the new bases shorten.</summary>
    public int BranchesFaster { get; init; }

    /// <summary>Branches whose repair time gets longer (a moved base leaves them).</summary>
    public int BranchesSlower { get; init; }

    /// <summary>The late-arrival map, before and after.</summary>
    public required IReadOnlyList<ArrivalCell> Map { get; init; }

    /// <summary>The complaint model with repair delay, when fitted.</summary>
    public RepairDelayComplaintModel? ComplaintModel { get; init; }

    /// <summary>Why parts of the study are missing (field: message).</summary>
    public required IReadOnlyList<string> Problems { get; init; }
}

/// <summary>The one entry point of the crew placement study.</summary>
public static class RepairPlacementQuery
{
    /// <summary>Most bases one study adds.</summary>
    public const int MaximumCount = 10;

    /// <summary>Runs the study.</summary>
    /// <returns>The study (whose <see cref="RepairPlacementReport.Problems"/> say why parts of it are missing), or the
    /// problems of the request: invalid rules (<c>rules</c>), a history built on another network (<c>history</c>), an
    /// empty period (<c>to</c>), <c>count</c>, <c>relocations</c> or <c>map_cell_km</c> out of range.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>
    /// O(L · (E + m) · S) to build the costs (L load points, E existing and m candidate sites, S ≤ 64 arrival samples),
    /// the solver's cost, and two reliability assessments (linear in network size).
    /// </remarks>
    public static QueryResult<RepairPlacementReport> Run(RepairPlacementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Network);
        ArgumentNullException.ThrowIfNull(request.Orders);
        ArgumentNullException.ThrowIfNull(request.Crews);
        List<FieldProblem> invalid = RepairRequestProblems.Of(request.Network, request.History, request.Rules, request.From, request.To);
        if (request.Relocations < 0 || request.Relocations > MaximumCount)
        {
            invalid.Add(new FieldProblem("relocations", $"must be 0..{MaximumCount}"));
        }

        if (request.Count < (request.Relocations > 0 ? 0 : 1) || request.Count > MaximumCount)
        {
            invalid.Add(new FieldProblem("count", $"must be 1..{MaximumCount} (0..{MaximumCount} when bases may move)"));
        }

        if (!(request.MapCellKm >= 0.1 && request.MapCellKm <= 100))
        {
            invalid.Add(new FieldProblem("map_cell_km", "must be 0.1..100"));
        }

        return invalid.Count > 0 ? QueryResult<RepairPlacementReport>.Invalid(invalid) : QueryResult<RepairPlacementReport>.Answer(Place(request));
    }

    private static RepairPlacementReport Place(RepairPlacementRequest request)
    {
        Net network = request.Network;
        var sites = new RepairSites(network, request.Rules);
        var orders = request.Orders.Where(o => (request.From is null || o.CallTime >= request.From) && (request.To is null || o.CallTime < request.To)).ToList();
        RepairLinkResult links = RepairLinker.Link(sites, request.History, orders, request.Complaints, request.Links);
        var crews = new Dictionary<string, Crew>(StringComparer.Ordinal);
        var existing = new List<BaseSite>();
        foreach (Crew c in request.Crews)
        {
            crews.TryAdd(c.CrewId, c);
            if (!existing.Any(b => b.BaseId == c.BaseId))
            {
                existing.Add(new BaseSite(c.BaseId, c.X, c.Y));
            }
        }

        var arrival = new ArrivalModel(sites, request.TravelTimes, links, crews);
        IReadOnlyList<BaseSite> candidates = request.Candidates ?? Substations(network);
        var problems = new List<string>();
        if (existing.Count == 0)
        {
            problems.Add("crews: the crew register has no base to start from");
        }

        if (candidates.Count < request.Count)
        {
            problems.Add($"candidates: {candidates.Count} candidate sites for {request.Count} bases");
        }

        // Demand points: load points with orders, weighted by orders a year.
        DateTimeOffset? first = request.From, last = request.To;
        foreach (WorkOrder o in orders)
        {
            first = request.From ?? (first is null || o.CallTime < first ? o.CallTime : first);
            last = request.To ?? (last is null || o.CallTime > last ? o.CallTime : last);
        }

        double years = first is { } f && last is { } l ? Math.Max((l - f).TotalDays, 1) / 365.25 : 1;
        int loadPoints = network.LoadPointCount;
        var calls = new double[loadPoints];
        var points = new LoadPointHistory(loadPoints);
        var cells = new List<RepairComplaintCell>();
        int used = 0;
        for (int i = 0; i < orders.Count; i++)
        {
            OrderSite s = links.Site[i];
            if (!links.Resolved[i] || s.LoadPoint < 0 || !double.IsFinite(sites.LoadPointX[s.LoadPoint]))
            {
                continue;
            }

            used++;
            calls[s.LoadPoint]++;
            WorkOrder o = orders[i];
            OutageExpectation x = links.Expectation;
            if (o.ArrivalTime is { } a && !double.IsNaN(x.Expected[i]) && !double.IsNaN(x.WaitingSlopePerHour[i]))
            {
                double arrivalHours = (a - o.CallTime).TotalHours;
                points.Add(s.LoadPoint, x.Expected[i], x.Customers[i], arrivalHours, x.WaitingSlopePerHour[i]);
                cells.Add(new RepairComplaintCell(x.Expected[i], x.Customers[i], arrivalHours, x.Complaints[i]));
            }
        }

        RepairDelayComplaintModel? model = links.ComplaintCount > 0 ? RepairDelayComplaintModel.Fit(cells) : null;
        if (request.Objective == PlacementObjective.Complaints && model is null)
        {
            problems.Add("objective: no complaint model could be fitted (no complaints linked to the orders)");
        }

        points.Finish(request.Rules.Classes.Count, i => sites.ClassOfLoadPoint[i]);
        var demand = new List<int>();
        for (int lp = 0; lp < loadPoints; lp++)
        {
            if (calls[lp] > 0)
            {
                demand.Add(lp);
            }
        }

        if (demand.Count == 0)
        {
            problems.Add("orders: no work order could be placed at a load point with coordinates");
        }

        var report = new RepairPlacementReport
        {
            Objective = request.Objective,
            Count = request.Count,
            Relocations = request.Relocations,
            Years = years,
            OrdersUsed = used,
            DemandPoints = demand.Count,
            Candidates = candidates.Count,
            ExistingBases = existing,
            Calibration = arrival.Calibration,
            Bases = [],
            Map = [],
            ComplaintModel = model,
            Problems = problems,
        };
        if (problems.Count > 0)
        {
            return report;
        }

        var study = new Study(sites, arrival, model, request.Objective, calls, points, years);
        double[] baselineTravel = study.Nearest(existing, null);
        double[] Costs(BaseSite site) => [.. demand.Select(lp => study.Cost(lp, study.TravelFrom(site, lp)))];
        double[][] candidateCost = [.. candidates.Select(Costs)];
        PlacementProblem problem;
        if (request.Relocations > 0)
        {
            // Every existing base may move: the baseline only has to be no cheaper than any site (the largest cost).
            double[][] existingCost = [.. existing.Select(Costs)];
            double[] cap = new double[demand.Count];
            foreach (double[] column in existingCost.Concat(candidateCost))
            {
                for (int i = 0; i < cap.Length; i++)
                {
                    cap[i] = Math.Max(cap[i], column[i]);
                }
            }

            problem = new PlacementProblem(cap, candidateCost) { Existing = existingCost };
        }
        else
        {
            problem = new PlacementProblem([.. demand.Select(lp => study.Cost(lp, baselineTravel[lp]))], candidateCost);
        }

        PlacementSolution solution = CrewPlacementSolver.Solve(problem, request.Count, request.Relocations, request.ExactLimit);
        BaseSite[] chosen = [.. solution.Chosen.Select(j => candidates[j])];
        BaseSite[] closed = [.. solution.Closed.Select(e => existing[e])];
        List<BaseSite> kept = [.. existing.Where(b => !closed.Contains(b))];
        double[] keptTravel = closed.Length == 0 ? baselineTravel : study.Nearest(kept, null);
        double[] afterTravel = study.Nearest(chosen, keptTravel);
        string?[] movedFrom = Pair(closed, chosen);

        // Who each new base reaches first.
        var served = new double[chosen.Length];
        var servedPoints = new int[chosen.Length];
        foreach (int lp in demand)
        {
            int best = -1;
            double bestTravel = keptTravel[lp];
            for (int b = 0; b < chosen.Length; b++)
            {
                double t = study.TravelFrom(chosen[b], lp);
                if (t < bestTravel)
                {
                    (best, bestTravel) = (b, t);
                }
            }

            if (best >= 0)
            {
                served[best] += calls[lp] / years;
                servedPoints[best]++;
            }
        }

        ReliabilityResult before = ReliabilityAssessor.Assess(network, request.Study);
        List<BaseSite> configuration = [.. kept, .. chosen];
        (ReliabilityResult after, int faster, int slower) = Changed(network, request.Study, study, existing, configuration, before);
        PlacementEffect effectBefore = study.Effect(demand, baselineTravel, before);
        PlacementEffect effectAfter = study.Effect(demand, afterTravel, after);

        // Each new base alone (added, or its one move made), as a project of its own.
        var bases = new List<NewBase>(chosen.Length);
        for (int t = 0; t < chosen.Length; t++)
        {
            BaseSite b = chosen[t];
            List<BaseSite> alone = [.. existing.Where(e => e.BaseId != movedFrom[t]), b];
            PlacementEffect effect = study.Effect(demand, study.Nearest(alone, null), Changed(network, request.Study, study, existing, alone, before).After);
            bases.Add(new NewBase(b.BaseId, b.X, b.Y, t + 1, solution.MarginalGains[t], served[t], servedPoints[t],
                effectBefore.LateArrivalsPerYear - effect.LateArrivalsPerYear, effectBefore.ComplaintsPerYear - effect.ComplaintsPerYear, effect.Saidi - effectBefore.Saidi, movedFrom[t]));
        }

        return report with
        {
            Method = solution.Exact ? "exhaustive" : "greedy_interchange",
            Gain = solution.Gain,
            UpperBoundGain = solution.UpperBoundGain,
            Bases = bases,
            Before = effectBefore,
            After = effectAfter,
            DeltaSaidi = after.System.Saidi - before.System.Saidi,
            DeltaEnsMwh = after.System.EnsMwhPerYear - before.System.EnsMwhPerYear,
            LateArrivalsAvoidedPerYear = effectBefore.LateArrivalsPerYear - effectAfter.LateArrivalsPerYear,
            ComplaintsAvoidedPerYear = effectBefore.ComplaintsPerYear - effectAfter.ComplaintsPerYear,
            BranchesFaster = faster,
            BranchesSlower = slower,
            Map = study.Map(baselineTravel, afterTravel, request.MapCellKm),
        };
    }

    /// <summary>
    /// Which closed base moves to which new site (null: an additional base): the closest remaining pair first. Only a
    /// presentation of the moves; the study's answer does not depend on it.
    /// </summary>
    private static string?[] Pair(BaseSite[] closed, BaseSite[] chosen)
    {
        var from = new string?[chosen.Length];
        var used = new bool[closed.Length];
        for (int pairs = 0; pairs < closed.Length; pairs++)
        {
            (int C, int B, double D) best = (-1, -1, double.PositiveInfinity);
            for (int c = 0; c < closed.Length; c++)
            {
                for (int b = 0; b < chosen.Length; b++)
                {
                    double d = Math.Pow(closed[c].X - chosen[b].X, 2) + Math.Pow(closed[c].Y - chosen[b].Y, 2);
                    if (!used[c] && from[b] is null && (best.C < 0 || d < best.D))
                    {
                        best = (c, b, d);
                    }
                }
            }

            used[best.C] = true;
            from[best.B] = closed[best.C].BaseId;
        }

        return from;
    }

    /// <summary>Every source bus with coordinates, as a candidate site.</summary>
    private static List<BaseSite> Substations(Net network)
    {
        var list = new List<BaseSite>();
        foreach (int s in network.Sources)
        {
            if (double.IsFinite(network.NodeX[s]) && double.IsFinite(network.NodeY[s]))
            {
                list.Add(new BaseSite(network.NodeIds[s], network.NodeX[s], network.NodeY[s]));
            }
        }

        return list;
    }

    /// <summary>
    /// The reliability engine with the bases <paramref name="after"/> instead of <paramref name="before"/>: each
    /// branch's repair (and replacement) time changes by the expected arrival saved or lost at the branch (its
    /// midpoint, in the class of its nearest load point).
    /// </summary>
    private static (ReliabilityResult After, int Faster, int Slower) Changed(Net network, StudyCase studyCase, Study study, IReadOnlyList<BaseSite> before, IReadOnlyList<BaseSite> after, ReliabilityResult result)
    {
        var saved = new double[network.EdgeCount];
        int faster = 0, slower = 0;
        for (int e = 0; e < network.EdgeCount; e++)
        {
            int a = network.EdgeFrom[e], b = network.EdgeTo[e];
            double x = Mid(network.NodeX[a], network.NodeX[b]), y = Mid(network.NodeY[a], network.NodeY[b]);
            int lp = study.Sites.Nearest(x, y);
            if (lp < 0 || !double.IsFinite(x) || !double.IsFinite(y))
            {
                continue;
            }

            int cls = study.Sites.ClassOfLoadPoint[lp];
            double old = Nearest(study, before, x, y, cls), now = Nearest(study, after, x, y, cls);
            if (now != old)
            {
                saved[e] = study.Arrival.MeanRatio(cls) * (old - now) / 60;
                if (now < old)
                {
                    faster++;
                }
                else
                {
                    slower++;
                }
            }
        }

        Net? changed = NetworkCopy.ToBuilder(network, hoursSaved: saved).Build().Network;
        return (changed is null ? result : ReliabilityAssessor.Assess(changed, studyCase), faster, slower);
    }

    private static double Nearest(Study study, IReadOnlyList<BaseSite> bases, double x, double y, int cls)
    {
        double best = double.PositiveInfinity;
        foreach (BaseSite s in bases)
        {
            best = Math.Min(best, study.Arrival.Travel(s.BaseId, s.X, s.Y, x, y, cls, -1));
        }

        return best;
    }

    private static double Mid(double a, double b) => double.IsFinite(a) && double.IsFinite(b) ? (a + b) / 2 : double.IsFinite(a) ? a : b;

    /// <summary>
    /// What the outage orders at each load point looked like: the complaints the complaint-rate model expects from their
    /// outages, their arrival hours and the slope for the customers waiting for the repair; a load point without such
    /// orders takes its class's means.
    /// </summary>
    private sealed class LoadPointHistory(int count)
    {
        private readonly double[] _n = new double[count];

        public double[] Expected { get; } = new double[count];

        public double[] Customers { get; } = new double[count];

        public double[] ArrivalHours { get; } = new double[count];

        public double[] SlopePerHour { get; } = new double[count];

        public void Add(int lp, double expected, double customers, double arrivalHours, double slopePerHour)
        {
            _n[lp]++;
            Expected[lp] += expected;
            Customers[lp] += customers;
            ArrivalHours[lp] += arrivalHours;
            SlopePerHour[lp] += slopePerHour;
        }

        public void Finish(int classes, Func<int, int> classOf)
        {
            var sums = new double[classes, 4];
            var n = new double[classes];
            for (int lp = 0; lp < count; lp++)
            {
                int c = classOf(lp);
                n[c] += _n[lp];
                sums[c, 0] += Expected[lp];
                sums[c, 1] += ArrivalHours[lp];
                sums[c, 2] += SlopePerHour[lp];
                sums[c, 3] += Customers[lp];
            }

            for (int lp = 0; lp < count; lp++)
            {
                int c = classOf(lp);
                double k = _n[lp] > 0 ? _n[lp] : n[c];
                if (_n[lp] == 0)
                {
                    (Expected[lp], ArrivalHours[lp], SlopePerHour[lp], Customers[lp]) = (sums[c, 0], sums[c, 1], sums[c, 2], sums[c, 3]);
                }

                Customers[lp] = k > 0 ? Customers[lp] / k : 0;
                Expected[lp] = k > 0 ? Expected[lp] / k : 0;
                ArrivalHours[lp] = k > 0 ? ArrivalHours[lp] / k : 0;
                SlopePerHour[lp] = k > 0 ? SlopePerHour[lp] / k : 0;
            }
        }
    }

    /// <summary>The per-load-point quantities of one study.</summary>
    private sealed class Study(RepairSites sites, ArrivalModel arrival, RepairDelayComplaintModel? model, PlacementObjective objective, double[] calls, LoadPointHistory points, double years)
    {
        public RepairSites Sites => sites;

        public ArrivalModel Arrival => arrival;

        public double TravelFrom(BaseSite site, int lp) =>
            arrival.Travel(site.BaseId, site.X, site.Y, sites.LoadPointX[lp], sites.LoadPointY[lp], sites.ClassOfLoadPoint[lp], lp);

        /// <summary>Minimum travel to every load point from <paramref name="bases"/> (and no worse than <paramref name="floor"/>); NaN without coordinates.</summary>
        public double[] Nearest(IReadOnlyList<BaseSite> bases, double[]? floor)
        {
            var travel = new double[sites.Network.LoadPointCount];
            for (int lp = 0; lp < travel.Length; lp++)
            {
                if (!double.IsFinite(sites.LoadPointX[lp]) || !double.IsFinite(sites.LoadPointY[lp]))
                {
                    travel[lp] = double.NaN;
                    continue;
                }

                double best = floor?[lp] ?? double.PositiveInfinity;
                foreach (BaseSite b in bases)
                {
                    best = Math.Min(best, TravelFrom(b, lp));
                }

                travel[lp] = best;
            }

            return travel;
        }

        /// <summary>Orders a year at <paramref name="lp"/> × the objective's function of travel.</summary>
        public double Cost(int lp, double travel)
        {
            int cls = sites.ClassOfLoadPoint[lp];
            double weight = calls[lp] / years;
            return weight * objective switch
            {
                PlacementObjective.Complaints => Complaints(lp, travel),
                PlacementObjective.ArrivalMinutes => arrival.ExpectedArrival(cls, travel),
                _ => arrival.LateProbability(cls, travel),
            };
        }

        /// <summary>Expected complaints of one order at <paramref name="lp"/> after <paramref name="travel"/> minutes of modelled travel.</summary>
        private double Complaints(int lp, double travel) =>
            arrival.Complaints(model!, sites.ClassOfLoadPoint[lp], travel, points.Expected[lp], points.Customers[lp], points.ArrivalHours[lp], points.SlopePerHour[lp]);

        public PlacementEffect Effect(List<int> demand, double[] travel, ReliabilityResult reliability)
        {
            double late = 0, minutes = 0, orders = 0, complaints = 0;
            foreach (int lp in demand)
            {
                int cls = sites.ClassOfLoadPoint[lp];
                double w = calls[lp] / years;
                orders += w;
                late += w * arrival.LateProbability(cls, travel[lp]);
                minutes += w * arrival.ExpectedArrival(cls, travel[lp]);
                complaints += model is null ? 0 : w * Complaints(lp, travel[lp]);
            }

            Predictive.PredictedIndices system = reliability.System;
            return new PlacementEffect(late, orders > 0 ? late / orders : 0, orders > 0 ? minutes / orders : 0, model is null ? null : complaints,
                Finite(system.Saidi), Finite(system.Saifi), Finite(system.EnsMwhPerYear));
        }

        public List<ArrivalCell> Map(double[] before, double[] after, double cellKm)
        {
            var cells = new SortedDictionary<(long, long), double[]>();
            for (int lp = 0; lp < before.Length; lp++)
            {
                if (double.IsNaN(before[lp]) || double.IsInfinity(before[lp]))
                {
                    continue;
                }

                (long, long) key = ((long)Math.Floor(sites.LoadPointX[lp] / cellKm), (long)Math.Floor(sites.LoadPointY[lp] / cellKm));
                double[] acc = cells.TryGetValue(key, out double[]? a) ? a : cells[key] = new double[6];
                int cls = sites.ClassOfLoadPoint[lp];
                acc[0]++;
                acc[1] += calls[lp] / years;
                acc[2] += arrival.ExpectedArrival(cls, before[lp]);
                acc[3] += arrival.ExpectedArrival(cls, after[lp]);
                acc[4] += arrival.LateProbability(cls, before[lp]);
                acc[5] += arrival.LateProbability(cls, after[lp]);
            }

            return [.. cells.Select(c => new ArrivalCell(
                (c.Key.Item1 + 0.5) * cellKm, (c.Key.Item2 + 0.5) * cellKm, (int)c.Value[0], c.Value[1],
                c.Value[2] / c.Value[0], c.Value[3] / c.Value[0], c.Value[4] / c.Value[0], c.Value[5] / c.Value[0]))];
        }

        private static double Finite(double v) => double.IsFinite(v) ? v : 0;
    }
}
