using System.Globalization;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Topology.Requests;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Repair;

/// <summary>How response statistics are grouped.</summary>
public enum RepairGrouping : byte
{
    /// <summary>By area class (urban, rural, remote …).</summary>
    Class = 0,

    /// <summary>By 10 kV feeder.</summary>
    Feeder = 1,

    /// <summary>By substation (source bus).</summary>
    Substation = 2,

    /// <summary>By crew.</summary>
    Crew = 3,
}

/// <summary>The question "how fast do repairs arrive, where are they late, and what does lateness cost in complaints".</summary>
/// <param name="Network">The network the orders are placed on.</param>
/// <param name="Orders">The work orders.</param>
/// <remarks>Immutable.</remarks>
public sealed record RepairStatsRequest(Net Network, IReadOnlyList<WorkOrder> Orders)
{
    /// <summary>Outage history built on <see cref="Network"/>; null when none (no order is linked to an outage).</summary>
    public OutageHistory? History { get; init; }

    /// <summary>95598 complaints; null or empty when none (no complaint model).</summary>
    public IReadOnlyList<Complaint>? Complaints { get; init; }

    /// <summary>Area classes, commitments and road speeds.</summary>
    public AreaClassRules Rules { get; init; } = AreaClassRules.Default;

    /// <summary>Link windows.</summary>
    public RepairLinkOptions Links { get; init; } = new();

    /// <summary>First instant of the period (calls at or after it); null for the first call.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>End of the period (calls before it); null for after the last call.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The grouping of <see cref="RepairStatsReport.Groups"/> and <see cref="RepairStatsReport.Monthly"/>.</summary>
    public RepairGrouping By { get; init; } = RepairGrouping.Class;

    /// <summary>How many worst feeders to list.</summary>
    public int Worst { get; init; } = 10;

    /// <summary>Orders with an arrival a feeder needs to be listed among the worst (default 20: fewer make the share noise).</summary>
    public int WorstMinimumOrders { get; init; } = 20;

    /// <summary>The zone of local months. Default UTC+08:00.</summary>
    public TimeSpan Zone { get; init; } = HistoryTime.ChinaOffset;
}

/// <summary>Median, P90 and P95 of one interval, minutes.</summary>
/// <param name="Orders">Orders with both ends of the interval.</param>
/// <param name="MeanMinutes">Mean.</param>
/// <param name="MedianMinutes">Median.</param>
/// <param name="P90Minutes">90th percentile.</param>
/// <param name="P95Minutes">95th percentile.</param>
public sealed record IntervalStats(int Orders, double MeanMinutes, double MedianMinutes, double P90Minutes, double P95Minutes);

/// <summary>Response statistics of one group (and month).</summary>
/// <param name="Key">Group (class, feeder, substation or crew; <c>all</c> for the whole; <c>(none)</c> for orders without one).</param>
/// <param name="Month">Local month <c>yyyy-MM</c>; null for the whole period.</param>
/// <param name="Orders">Work orders.</param>
/// <param name="WithArrival">Orders with a recorded arrival (the basis of the late share).</param>
/// <param name="CallToDispatch">Call to dispatch; null when no order has both.</param>
/// <param name="DispatchToArrival">Dispatch to arrival.</param>
/// <param name="CallToArrival">Call to arrival: what the commitment is measured on.</param>
/// <param name="ArrivalToRestoration">Arrival to restoration: the repair itself.</param>
/// <param name="CallToRestoration">Call to restoration: what the customer lived through.</param>
/// <param name="ArrivalCommitmentMinutes">The class's commitment (class groups only).</param>
/// <param name="Late">Arrivals later than the commitment of their order's class.</param>
/// <param name="LateShare">Late / with arrival; null when none arrived.</param>
/// <param name="Crews">Distinct crews dispatched.</param>
/// <param name="OrdersPerCrew">Orders / crews; null without crews.</param>
/// <param name="Complaints">Complaints linked to the orders.</param>
/// <param name="ComplaintsPerOrder">Complaints / orders.</param>
/// <param name="ComplaintsAvoidedPerMinute">Complaints a year that arriving one minute sooner on these orders would remove (complaint model); null without a model.</param>
public sealed record ResponseRow(
    string Key, string? Month, int Orders, int WithArrival,
    IntervalStats? CallToDispatch, IntervalStats? DispatchToArrival, IntervalStats? CallToArrival, IntervalStats? ArrivalToRestoration, IntervalStats? CallToRestoration,
    double? ArrivalCommitmentMinutes, int Late, double? LateShare, int Crews, double? OrdersPerCrew, int Complaints, double? ComplaintsPerOrder, double? ComplaintsAvoidedPerMinute);

/// <summary>How the orders were placed and linked.</summary>
/// <param name="Orders">Orders in the period.</param>
/// <param name="Unplaced">Orders whose location or class could not be placed (listed in problems).</param>
/// <param name="LinkedExplicitly">Orders naming their outage event.</param>
/// <param name="LinkedByTimeAndPlace">Orders linked to an outage in progress at their place and call time.</param>
/// <param name="WithoutOutage">Orders without an outage (e.g. faults on the customer's side).</param>
/// <param name="ComplaintsGiven">Complaints given.</param>
/// <param name="ComplaintsLinked">Complaints linked to an order of the period.</param>
public sealed record RepairLinkSummary(int Orders, int Unplaced, int LinkedExplicitly, int LinkedByTimeAndPlace, int WithoutOutage, int ComplaintsGiven, int ComplaintsLinked);

/// <summary>A work order that could not be used as written.</summary>
/// <param name="File">File.</param>
/// <param name="Line">Line (0 when not from a file).</param>
/// <param name="OrderId">Order.</param>
/// <param name="Message">What is wrong.</param>
public sealed record OrderProblem(string File, int Line, string OrderId, string Message);

/// <summary>Repair response statistics: intervals, late shares against the commitments, worst feeders, and the complaint model with repair delay.</summary>
/// <remarks>Immutable. Every number is finite; "not available" is null.</remarks>
public sealed record RepairStatsReport
{
    /// <summary>First call of the period (or the requested start).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>End of the period (the requested end, or the last call).</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Length of the period in years (per-year figures divide by it).</summary>
    public required double Years { get; init; }

    /// <summary>The grouping of <see cref="Groups"/> and <see cref="Monthly"/>.</summary>
    public required RepairGrouping By { get; init; }

    /// <summary>The area classes and commitments in use.</summary>
    public required IReadOnlyList<AreaClassRule> Classes { get; init; }

    /// <summary>How the orders were placed and linked.</summary>
    public required RepairLinkSummary Links { get; init; }

    /// <summary>All orders of the period.</summary>
    public required ResponseRow Overall { get; init; }

    /// <summary>All orders, by local month.</summary>
    public required IReadOnlyList<ResponseRow> Months { get; init; }

    /// <summary>By <see cref="By"/>, over the period.</summary>
    public required IReadOnlyList<ResponseRow> Groups { get; init; }

    /// <summary>By <see cref="By"/> and local month.</summary>
    public required IReadOnlyList<ResponseRow> Monthly { get; init; }

    /// <summary>The feeders with the largest late share (then P90 call-to-arrival).</summary>
    public required IReadOnlyList<ResponseRow> WorstFeeders { get; init; }

    /// <summary>
    /// The complaint-rate model with repair delay fitted on the orders linked to outages, over what the complaint-rate
    /// model (duration and repetition) expects from their outages; null without outage history, complaints, or a fit.
    /// </summary>
    public RepairDelayComplaintModel? ComplaintModel { get; init; }

    /// <summary>Orders that could not be used as written (the first 100).</summary>
    public required IReadOnlyList<OrderProblem> Problems { get; init; }

    /// <summary>All such orders.</summary>
    public required int ProblemCount { get; init; }
}

/// <summary>The one entry point of repair response statistics.</summary>
public static class RepairStatsQuery
{
    private const int IntervalCount = 5;
    private static readonly double[] s_ps = [0.5, 0.9, 0.95];

    /// <summary>Links the orders, computes the statistics and fits the complaint model.</summary>
    /// <returns>The statistics, or the problems of the request: invalid rules (<c>rules</c>), a history built on another
    /// network (<c>history</c>), an empty period (<c>to</c>), a negative <c>worst</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>O(N + C log C) for N orders and C complaints: grouping by counting sort and quantiles by selection.</remarks>
    public static QueryResult<RepairStatsReport> Run(RepairStatsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Network);
        ArgumentNullException.ThrowIfNull(request.Orders);
        List<FieldProblem> problems = RepairRequestProblems.Of(request.Network, request.History, request.Rules, request.From, request.To);
        if (request.Worst < 0)
        {
            problems.Add(new FieldProblem("worst", "must be 0 or more"));
        }

        if (problems.Count > 0)
        {
            return QueryResult<RepairStatsReport>.Invalid(problems);
        }

        var sites = new RepairSites(request.Network, request.Rules);
        List<WorkOrder> inPeriod = Filter(request.Orders, request.From, request.To);
        RepairLinkResult links = RepairLinker.Link(sites, request.History, inPeriod, request.Complaints, request.Links);
        return QueryResult<RepairStatsReport>.Answer(Summarise(request, links));
    }

    internal static RepairStatsReport Summarise(RepairStatsRequest request, RepairLinkResult links)
    {
        IReadOnlyList<WorkOrder> orders = links.Orders;
        AreaClassRules rules = request.Rules;
        Net network = request.Network;
        int n = orders.Count;

        DateTimeOffset? first = request.From, last = request.To;
        foreach (WorkOrder o in orders)
        {
            first = request.From ?? (first is null || o.CallTime < first ? o.CallTime : first);
            last = request.To ?? (last is null || o.CallTime > last ? o.CallTime : last);
        }

        double years = first is { } f && last is { } l ? Math.Max((l - f).TotalDays, 1) / 365.25 : 1;

        // Compact per-order columns.
        var minutes = new double[IntervalCount][];
        for (int k = 0; k < IntervalCount; k++)
        {
            minutes[k] = new double[n];
        }

        var cls = new int[n];
        var feeder = new int[n];
        var substation = new int[n];
        var crew = new int[n];
        var month = new int[n];
        var late = new sbyte[n];
        var avoided = new double[n];
        var crewIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var crewNames = new List<string>();
        var monthNames = new SortedDictionary<int, string>();
        var cells = new List<RepairComplaintCell>();
        OutageExpectation expectation = links.Expectation;
        int noClass = rules.Classes.Count;
        for (int i = 0; i < n; i++)
        {
            WorkOrder o = orders[i];
            OrderSite s = links.Site[i];
            bool ok = links.Resolved[i];
            minutes[0][i] = Minutes(o.CallTime, o.DispatchTime);
            minutes[1][i] = o.DispatchTime is { } d ? Minutes(d, o.ArrivalTime) : double.NaN;
            minutes[2][i] = Minutes(o.CallTime, o.ArrivalTime);
            minutes[3][i] = o.ArrivalTime is { } a ? Minutes(a, o.RestorationTime) : double.NaN;
            minutes[4][i] = Minutes(o.CallTime, o.RestorationTime);
            cls[i] = ok ? s.AreaClass : noClass;
            feeder[i] = ok ? s.Feeder : -1;
            substation[i] = ok ? s.Substation : -1;
            crew[i] = o.CrewId.Length == 0 ? -1 : CrewOf(o.CrewId, crewIndex, crewNames);
            DateTimeOffset local = o.CallTime.ToOffset(request.Zone);
            month[i] = (local.Year * 12) + local.Month - 1;
            if (!monthNames.ContainsKey(month[i]))
            {
                monthNames[month[i]] = local.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            }
            late[i] = double.IsNaN(minutes[2][i]) || !ok ? (sbyte)-1 : minutes[2][i] > rules.Classes[s.AreaClass].ArrivalCommitmentMinutes ? (sbyte)1 : (sbyte)0;
            if (ok && !double.IsNaN(minutes[2][i]) && !double.IsNaN(expectation.Expected[i]))
            {
                cells.Add(new RepairComplaintCell(expectation.Expected[i], expectation.Customers[i], minutes[2][i] / 60, expectation.Complaints[i]));
            }
        }

        RepairDelayComplaintModel? model = links.ComplaintCount > 0 ? RepairDelayComplaintModel.Fit(cells) : null;
        for (int i = 0; i < n; i++)
        {
            avoided[i] = model is not null && !double.IsNaN(minutes[2][i]) && !double.IsNaN(expectation.Expected[i]) && !double.IsNaN(expectation.WaitingSlopePerHour[i])
                ? model.ComplaintsPerMinuteFaster(expectation.Customers[i], minutes[2][i] / 60, expectation.WaitingSlopePerHour[i]) / years
                : 0;
        }

        var columns = new Columns(minutes, late, crew, crewNames.Count, links.ComplaintsOf, avoided, model is not null);

        // Month keys as dense indices.
        int[] monthKeys = [.. monthNames.Keys];
        var monthDense = new Dictionary<int, int>();
        for (int m = 0; m < monthKeys.Length; m++)
        {
            monthDense[monthKeys[m]] = m;
        }

        var monthOf = new int[n];
        for (int i = 0; i < n; i++)
        {
            monthOf[i] = monthDense[month[i]];
        }

        string[] monthLabels = [.. monthNames.Values];
        ReadOnlySpan<string> feederNames = network.Normal.FeederNames;
        string[] classNames = [.. rules.Classes.Select(r => r.AreaClass), "(none)"];
        (int[] groupKey, string[] groupNames) = request.By switch
        {
            RepairGrouping.Feeder => (Shift(feeder), Prepend(feederNames)),
            RepairGrouping.Substation => SubstationKeys(network, substation),
            RepairGrouping.Crew => (Shift(crew), Prepend([.. crewNames])),
            _ => (cls, classNames),
        };

        double?[]? commitments = request.By == RepairGrouping.Class ? [.. rules.Classes.Select(r => (double?)r.ArrivalCommitmentMinutes), null] : null;
        var combined = new int[n];
        for (int i = 0; i < n; i++)
        {
            combined[i] = (groupKey[i] * monthLabels.Length) + monthOf[i];
        }

        // The five partitions are independent: computed side by side.
        string[] feederKeys = Prepend(feederNames);
        List<ResponseRow> all = [], months = [], groups = [], monthly = [], byFeeder = [];
        Parallel.Invoke(
            () => all = Rows(columns, new int[n], 1, _ => "all", null, null),
            () => months = Rows(columns, monthOf, monthLabels.Length, _ => "all", m => monthLabels[m], null),
            () => groups = Rows(columns, groupKey, groupNames.Length, g => groupNames[g], null, commitments is null ? null : g => commitments[g]),
            () => monthly = Rows(columns, combined, groupNames.Length * Math.Max(1, monthLabels.Length),
                c => groupNames[c / monthLabels.Length], c => monthLabels[c % monthLabels.Length], commitments is null ? null : c => commitments[c / monthLabels.Length]),
            () => byFeeder = request.By == RepairGrouping.Feeder ? [] : Rows(columns, Shift(feeder), feederKeys.Length, g => feederKeys[g], null, null));
        byFeeder = request.By == RepairGrouping.Feeder ? groups : byFeeder;
        ResponseRow overall = n == 0 ? new ResponseRow("all", null, 0, 0, null, null, null, null, null, null, 0, null, 0, null, 0, null, null) : all[0];
        List<ResponseRow> worst = byFeeder
            .Where(r => r.Key != "(none)" && r.WithArrival >= request.WorstMinimumOrders && r.LateShare is not null)
            .OrderByDescending(r => r.LateShare)
            .ThenByDescending(r => r.CallToArrival?.P90Minutes ?? 0)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .Take(request.Worst)
            .ToList();

        var problems = new List<OrderProblem>();
        int problemCount = 0;
        int explicitLinks = 0, matched = 0, unplaced = 0;
        for (int i = 0; i < n; i++)
        {
            explicitLinks += links.Link[i] == OutageLinkKind.Explicit ? 1 : 0;
            matched += links.Link[i] == OutageLinkKind.TimeAndPlace ? 1 : 0;
            unplaced += links.Resolved[i] ? 0 : 1;
            if (links.Problems[i] is string message)
            {
                problemCount++;
                if (problems.Count < 100)
                {
                    problems.Add(new OrderProblem(orders[i].Source.File, orders[i].Source.Line, orders[i].OrderId, message));
                }
            }
        }

        return new RepairStatsReport
        {
            From = first,
            To = last,
            Years = years,
            By = request.By,
            Classes = rules.Classes,
            Links = new RepairLinkSummary(n, unplaced, explicitLinks, matched, n - explicitLinks - matched, links.ComplaintCount, links.ComplaintsLinked),
            Overall = overall,
            Months = months,
            Groups = groups,
            Monthly = monthly,
            WorstFeeders = worst,
            ComplaintModel = model,
            Problems = problems,
            ProblemCount = problemCount,
        };
    }

    private static List<WorkOrder> Filter(IReadOnlyList<WorkOrder> orders, DateTimeOffset? from, DateTimeOffset? to)
    {
        var list = new List<WorkOrder>(orders.Count);
        foreach (WorkOrder o in orders)
        {
            ArgumentNullException.ThrowIfNull(o);
            if ((from is null || o.CallTime >= from) && (to is null || o.CallTime < to))
            {
                list.Add(o);
            }
        }

        return list;
    }

    private static double Minutes(DateTimeOffset start, DateTimeOffset? end) => end is { } e ? (e - start).TotalMinutes : double.NaN;

    private static int CrewOf(string id, Dictionary<string, int> index, List<string> names)
    {
        if (!index.TryGetValue(id, out int c))
        {
            c = names.Count;
            index[id] = c;
            names.Add(id);
        }

        return c;
    }

    /// <summary>Keys shifted by one so that -1 (none) becomes group 0.</summary>
    private static int[] Shift(int[] keys)
    {
        var shifted = new int[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            shifted[i] = keys[i] + 1;
        }

        return shifted;
    }

    private static string[] Prepend(ReadOnlySpan<string> names) => ["(none)", .. names];

    private static (int[] Keys, string[] Names) SubstationKeys(Net network, int[] source)
    {
        var dense = new Dictionary<int, int>();
        var names = new List<string> { "(none)" };
        var keys = new int[source.Length];
        for (int i = 0; i < source.Length; i++)
        {
            if (source[i] < 0)
            {
                continue;
            }

            if (!dense.TryGetValue(source[i], out int k))
            {
                k = names.Count;
                dense[source[i]] = k;
                names.Add(network.NodeIds[source[i]]);
            }

            keys[i] = k;
        }

        return (keys, [.. names]);
    }

    /// <summary>The per-order columns the rows are computed from.</summary>
    private sealed record Columns(double[][] Minutes, sbyte[] Late, int[] Crew, int CrewCount, int[] Complaints, double[] Avoided, bool HasModel);

    /// <summary>One row per non-empty group: the orders are grouped by counting sort, each interval's quantiles by selection.</summary>
    private static List<ResponseRow> Rows(Columns c, int[] key, int groups, Func<int, string> name, Func<int, string>? month, Func<int, double?>? commitment)
    {
        int n = key.Length;
        var start = new int[groups + 1];
        foreach (int k in key)
        {
            start[k + 1]++;
        }

        for (int g = 0; g < groups; g++)
        {
            start[g + 1] += start[g];
        }

        var order = new int[n];
        var fill = (int[])start.Clone();
        for (int i = 0; i < n; i++)
        {
            order[fill[key[i]]++] = i;
        }

        var rows = new List<ResponseRow>();
        var scratch = new double[n];
        var stamp = new int[c.CrewCount];
        Array.Fill(stamp, -1);
        Span<double> q = stackalloc double[3];
        var stats = new IntervalStats?[IntervalCount];
        for (int g = 0; g < groups; g++)
        {
            int from = start[g], to = start[g + 1];
            if (to == from)
            {
                continue;
            }

            for (int k = 0; k < IntervalCount; k++)
            {
                double[] column = c.Minutes[k];
                int m = 0;
                double sum = 0;
                for (int j = from; j < to; j++)
                {
                    double v = column[order[j]];
                    if (!double.IsNaN(v))
                    {
                        scratch[m++] = v;
                        sum += v;
                    }
                }

                if (m == 0)
                {
                    stats[k] = null;
                    continue;
                }

                Quantiles.Compute(scratch.AsSpan(0, m), s_ps, q);
                stats[k] = new IntervalStats(m, sum / m, q[0], q[1], q[2]);
            }

            int withArrival = 0, late = 0, crews = 0, complaints = 0;
            double avoided = 0;
            for (int j = from; j < to; j++)
            {
                int i = order[j];
                withArrival += c.Late[i] >= 0 ? 1 : 0;
                late += c.Late[i] == 1 ? 1 : 0;
                complaints += c.Complaints[i];
                avoided += c.Avoided[i];
                int crew = c.Crew[i];
                if (crew >= 0 && stamp[crew] != g)
                {
                    stamp[crew] = g;
                    crews++;
                }
            }

            int count = to - from;
            rows.Add(new ResponseRow(
                name(g), month?.Invoke(g), count, withArrival, stats[0], stats[1], stats[2], stats[3], stats[4],
                commitment?.Invoke(g), late, withArrival > 0 ? late / (double)withArrival : null,
                crews, crews > 0 ? count / (double)crews : null, complaints, complaints / (double)count, c.HasModel ? avoided : null));
        }

        return rows;
    }
}
