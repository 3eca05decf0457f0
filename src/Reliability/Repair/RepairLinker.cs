using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Repair;

/// <summary>Windows of linking work orders to outages and complaints to work orders.</summary>
/// <remarks>Immutable.</remarks>
public sealed record RepairLinkOptions
{
    /// <summary>How long before an outage's recorded start a call may still belong to it (clock skew). Default 30 min; a call must come before the outage ended.</summary>
    public TimeSpan OutageWindowBefore { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long before a call a complaint may still belong to its order. Default 30 min.</summary>
    public TimeSpan ComplaintWindowBefore { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long after the order's restoration a complaint may still belong to it. Default 48 h.</summary>
    public TimeSpan ComplaintWindowAfter { get; init; } = TimeSpan.FromHours(48);
}

/// <summary>How a work order was linked to its outage event.</summary>
public enum OutageLinkKind : byte
{
    /// <summary>Not linked: no outage of its place was in progress at the call (e.g. a fault on the customer's side).</summary>
    None = 0,

    /// <summary>The order names the event (<c>outage_event_id</c>).</summary>
    Explicit = 1,

    /// <summary>An outage covering the order's load point (or its feeder) was in progress at the call.</summary>
    TimeAndPlace = 2,
}

/// <summary>One work order as linked.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="LoadPointId">Its load point (named, or nearest to its coordinates); null when unresolved.</param>
/// <param name="Feeder">Its feeder; null when unresolved or de-energised.</param>
/// <param name="AreaClass">Its area class; null when unresolved.</param>
/// <param name="OutageEventId">The outage event it belongs to; null when none.</param>
/// <param name="OutageLink">How it was linked.</param>
/// <param name="Complaints">Complaints linked to it.</param>
/// <param name="Problem">Why it could not be placed or linked as written; null when fine.</param>
public sealed record OrderLink(string OrderId, string? LoadPointId, string? Feeder, string? AreaClass, string? OutageEventId, OutageLinkKind OutageLink, int Complaints, string? Problem);

/// <summary>The work orders placed on the network and linked to outages and complaints, as compact arrays.</summary>
public sealed class RepairLinkResult
{
    internal RepairLinkResult(IReadOnlyList<WorkOrder> orders, RepairSites sites, OrderSite[] site, bool[] resolved, int[] eventIndex, OutageLinkKind[] link, int[] complaints, OutageExpectation expectation, string?[] problems, int complaintCount, int complaintsLinked, OutageHistory? history)
    {
        Expectation = expectation;
        Orders = orders;
        Sites = sites;
        Site = site;
        Resolved = resolved;
        EventIndex = eventIndex;
        Link = link;
        ComplaintsOf = complaints;
        Problems = problems;
        ComplaintCount = complaintCount;
        ComplaintsLinked = complaintsLinked;
        History = history;
    }

    /// <summary>The orders, in input order.</summary>
    public IReadOnlyList<WorkOrder> Orders { get; }

    /// <summary>Complaints given.</summary>
    public int ComplaintCount { get; }

    /// <summary>Complaints linked to an order.</summary>
    public int ComplaintsLinked { get; }

    internal RepairSites Sites { get; }

    internal OrderSite[] Site { get; }

    internal bool[] Resolved { get; }

    internal int[] EventIndex { get; }

    internal OutageLinkKind[] Link { get; }

    internal int[] ComplaintsOf { get; }

    /// <summary>What the complaint-rate model expects from each order's outage.</summary>
    internal OutageExpectation Expectation { get; }

    internal string?[] Problems { get; }

    internal OutageHistory? History { get; }

    /// <summary>Order <paramref name="index"/> as linked.</summary>
    public OrderLink this[int index]
    {
        get
        {
            OrderSite s = Site[index];
            bool ok = Resolved[index];
            var network = Sites.Network;
            int e = EventIndex[index];
            return new OrderLink(
                Orders[index].OrderId,
                ok && s.LoadPoint >= 0 ? network.LoadPointIds[s.LoadPoint] : null,
                ok && s.Feeder >= 0 ? network.Normal.FeederNames[s.Feeder] : null,
                ok ? Sites.Rules.Classes[s.AreaClass].AreaClass : null,
                e >= 0 ? History!.Events[e].EventId : null,
                Link[index],
                ComplaintsOf[index],
                Problems[index]);
        }
    }
}

/// <summary>
/// Places work orders on the network and links them: each order to the outage event it names, or else to an outage in
/// progress at its call on its load point (or feeder); each outage complaint to the work order of its place and time.
/// </summary>
/// <remarks>
/// Both links reuse <see cref="ComplaintLinker"/>'s rules (area match over feeder match, an episode in progress over
/// one that ended, the latest start): an order is linked like an outage complaint with a window that closes when the
/// outage ends; a complaint linked to an outage goes to that outage's order, and the others to orders without an
/// outage, seen as episodes from the call to the restoration.
/// </remarks>
public static class RepairLinker
{
    /// <summary>The episode kind of a work order when complaints are linked to orders.</summary>
    public const string RepairKind = "repair";

    private const string CallCategory = "repair_call";

    /// <summary>Places and links <paramref name="orders"/>.</summary>
    /// <param name="network">The network (the history must be built on it).</param>
    /// <param name="history">Outage history; null when none is available (no order is linked to an outage).</param>
    /// <param name="orders">The work orders.</param>
    /// <param name="complaints">Complaints; null or empty when none.</param>
    /// <param name="rules">Area class rules.</param>
    /// <param name="options">Windows; null for the defaults.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The history is built on another network, or the rules are invalid.</exception>
    public static RepairLinkResult Link(Topology.Network.Network network, OutageHistory? history, IReadOnlyList<WorkOrder> orders, IReadOnlyList<Complaint>? complaints, AreaClassRules rules, RepairLinkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(rules);
        return Link(new RepairSites(network, rules), history, orders, complaints, options);
    }

    internal static RepairLinkResult Link(RepairSites sites, OutageHistory? history, IReadOnlyList<WorkOrder> orders, IReadOnlyList<Complaint>? complaints, RepairLinkOptions? options)
    {
        ArgumentNullException.ThrowIfNull(orders);
        options ??= new RepairLinkOptions();
        if (history is not null && !ReferenceEquals(history.Network, sites.Network))
        {
            throw new ArgumentException("the outage history is built on another network", nameof(history));
        }

        int n = orders.Count;
        var site = new OrderSite[n];
        var resolved = new bool[n];
        var eventIndex = new int[n];
        var link = new OutageLinkKind[n];
        var problems = new string?[n];
        Array.Fill(eventIndex, -1);
        Dictionary<string, int>? eventById = null;
        if (history is not null)
        {
            eventById = new Dictionary<string, int>(history.EventCount, StringComparer.Ordinal);
            for (int e = 0; e < history.EventCount; e++)
            {
                eventById.TryAdd(history.Events[e].EventId, e);
            }
        }

        var calls = new List<Complaint>();
        var callOrder = new List<int>();
        for (int i = 0; i < n; i++)
        {
            WorkOrder o = orders[i];
            resolved[i] = sites.TryResolve(o, out site[i], out problems[i]);
            if (!resolved[i] || eventById is null)
            {
                continue;
            }

            if (o.OutageEventId.Length > 0)
            {
                if (eventById.TryGetValue(o.OutageEventId, out int e))
                {
                    (eventIndex[i], link[i]) = (e, OutageLinkKind.Explicit);
                }
                else
                {
                    problems[i] = $"outage event '{o.OutageEventId}' is not in the outage history";
                }
            }
            else if (site[i].LoadPoint >= 0 || o.LocationId.Length > 0)
            {
                string location = o.LocationId.Length > 0 ? o.LocationId : sites.Network.LoadPointIds[site[i].LoadPoint];
                calls.Add(new Complaint(o.OrderId, o.CallTime, location, CallCategory));
                callOrder.Add(i);
            }
        }

        if (history is not null && calls.Count > 0)
        {
            var callOptions = new ComplaintLinkOptions
            {
                WindowBefore = options.OutageWindowBefore,
                WindowAfter = TimeSpan.Zero,
                CategoryKinds = new Dictionary<string, string>(StringComparer.Ordinal) { [CallCategory] = ComplaintLinkOptions.OutageKind },
            };
            ComplaintLinkResult linked = ComplaintLinker.Link(history, calls, callOptions);
            for (int k = 0; k < linked.Links.Count; k++)
            {
                if (linked.Links[k].EventIndex >= 0)
                {
                    (eventIndex[callOrder[k]], link[callOrder[k]]) = (linked.Links[k].EventIndex, OutageLinkKind.TimeAndPlace);
                }
            }
        }

        (int[] perOrder, int linkedComplaints, ComplaintLinkResult? byOutage) = LinkComplaints(sites, history, orders, site, resolved, eventIndex, complaints ?? [], options);
        OutageExpectation expectation = OutageExpectation.Of(history, byOutage, orders, eventIndex, perOrder);
        return new RepairLinkResult(orders, sites, site, resolved, eventIndex, link, perOrder, expectation, problems, complaints?.Count ?? 0, linkedComplaints, history);
    }

    /// <summary>
    /// Complaints linked to an outage event (by the complaint linker's rules) go to an order of that event: the one at
    /// the complaint's load point, else the first called. The others go to orders without an outage by place and time.
    /// </summary>
    private static (int[] PerOrder, int Linked, ComplaintLinkResult? ByOutage) LinkComplaints(RepairSites sites, OutageHistory? history, IReadOnlyList<WorkOrder> orders, OrderSite[] site, bool[] resolved, int[] eventIndex, IReadOnlyList<Complaint> complaints, RepairLinkOptions options)
    {
        var perOrder = new int[orders.Count];
        if (complaints.Count == 0)
        {
            return (perOrder, 0, null);
        }

        int linked = 0;
        IReadOnlyList<Complaint> rest = complaints;
        ComplaintLinkResult? byOutage = null;
        if (history is not null)
        {
            var ordersOfEvent = new Dictionary<int, List<int>>();
            for (int i = 0; i < orders.Count; i++)
            {
                if (eventIndex[i] >= 0)
                {
                    if (!ordersOfEvent.TryGetValue(eventIndex[i], out List<int>? list))
                    {
                        ordersOfEvent[eventIndex[i]] = list = [];
                    }

                    list.Add(i);
                }
            }

            var outageOptions = new ComplaintLinkOptions { WindowBefore = options.ComplaintWindowBefore, WindowAfter = options.ComplaintWindowAfter };
            byOutage = ComplaintLinker.Link(history, complaints, outageOptions);
            var unlinked = new List<Complaint>();
            foreach (ComplaintLink l in byOutage.Links)
            {
                if (l.EventIndex < 0)
                {
                    unlinked.Add(l.Complaint);
                    continue;
                }

                if (!ordersOfEvent.TryGetValue(l.EventIndex, out List<int>? candidates))
                {
                    continue;
                }

                int lp = l.LoadPointRank >= 0 ? sites.Topology.LoadPointByRank[l.LoadPointRank] : -1;
                int chosen = candidates[0];
                foreach (int i in candidates)
                {
                    if (lp >= 0 && site[i].LoadPoint == lp)
                    {
                        chosen = i;
                        break;
                    }

                    chosen = orders[i].CallTime < orders[chosen].CallTime ? i : chosen;
                }

                perOrder[chosen]++;
                linked++;
            }

            rest = unlinked;
        }

        var episodes = new List<Episode>(orders.Count);
        var indexById = new Dictionary<string, int>(orders.Count, StringComparer.Ordinal);
        for (int i = 0; i < orders.Count; i++)
        {
            WorkOrder o = orders[i];
            if (!resolved[i] || eventIndex[i] >= 0 || (o.LocationId.Length == 0 && site[i].LoadPoint < 0))
            {
                continue;
            }

            string area = o.LocationId.Length > 0 ? o.LocationId : sites.Network.LoadPointIds[site[i].LoadPoint];
            DateTimeOffset end = o.RestorationTime ?? o.ArrivalTime ?? o.DispatchTime ?? o.CallTime;
            episodes.Add(new Episode(o.OrderId, RepairKind, area, o.CallTime, end));
            indexById[o.OrderId] = i;
        }

        // Every category that the complaint linker relates to outages relates to the repair of the outage here.
        var defaults = new ComplaintLinkOptions();
        var kinds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, string> k in defaults.CategoryKinds)
        {
            if (k.Value == ComplaintLinkOptions.OutageKind)
            {
                kinds[k.Key] = RepairKind;
            }
        }

        var linkOptions = new ComplaintLinkOptions { WindowBefore = options.ComplaintWindowBefore, WindowAfter = options.ComplaintWindowAfter, CategoryKinds = kinds };
        OutageHistory empty = OutageHistory.Build(sites.Topology, [], [], [], new OutageHistoryOptions()).History!;
        ComplaintLinkResult links = ComplaintLinker.Link(empty, episodes, rest, linkOptions, out _);
        foreach (ComplaintLink l in links.Links)
        {
            if (l.EpisodeId is not null && indexById.TryGetValue(l.EpisodeId, out int i))
            {
                perOrder[i]++;
                linked++;
            }
        }

        return (perOrder, linked, byOutage);
    }
}

/// <summary>
/// What the complaint-rate model (duration and repetition) fitted on the outages and complaints expects from each
/// order's outage, for the model with repair delay: per event, its first-called order carries the event's expected
/// complaints, the complaints of all its orders, and the slope for the customers still out when the crew arrived.
/// </summary>
internal sealed class OutageExpectation
{
    private OutageExpectation(double[] expected, double[] customers, double[] complaints, double[] waitingSlope)
    {
        Customers = customers;
        Expected = expected;
        Complaints = complaints;
        WaitingSlopePerHour = waitingSlope;
    }

    /// <summary>Expected complaints of the order's outage (on its event's first-called order; NaN on the others and without a model).</summary>
    public double[] Expected { get; }

    /// <summary>Customers interrupted by the order's outage (on the first-called order; NaN otherwise).</summary>
    public double[] Customers { get; }

    /// <summary>Complaints linked to all orders of the event (on the first-called order; NaN otherwise).</summary>
    public double[] Complaints { get; }

    /// <summary>Complaints per hour of interruption of the customers still out at the crew's arrival (NaN without arrival).</summary>
    public double[] WaitingSlopePerHour { get; }

    public static OutageExpectation Of(OutageHistory? history, ComplaintLinkResult? byOutage, IReadOnlyList<WorkOrder> orders, int[] eventIndex, int[] complaintsOf)
    {
        int n = orders.Count;
        double[] expected = new double[n], customers = new double[n], complaints = new double[n], slope = new double[n];
        Array.Fill(expected, double.NaN);
        Array.Fill(customers, double.NaN);
        Array.Fill(complaints, double.NaN);
        Array.Fill(slope, double.NaN);
        if (history is null || byOutage is null)
        {
            return new OutageExpectation(expected, customers, complaints, slope);
        }

        ComplaintRateReport rates = ComplaintRates.Compute(history, byOutage);
        ComplaintRateModel? model = rates.Logistic ?? rates.Poisson;
        if (model is null)
        {
            return new OutageExpectation(expected, customers, complaints, slope);
        }

        // The first-called order of each event, and the complaints of all its orders.
        var primary = new Dictionary<int, int>();
        var eventComplaints = new Dictionary<int, double>();
        for (int i = 0; i < n; i++)
        {
            int e = eventIndex[i];
            if (e < 0)
            {
                continue;
            }

            eventComplaints[e] = eventComplaints.GetValueOrDefault(e) + complaintsOf[i];
            if (!primary.TryGetValue(e, out int p) || orders[i].CallTime < orders[p].CallTime)
            {
                primary[e] = i;
            }
        }

        foreach ((int e, int i) in primary)
        {
            expected[i] = 0;
            customers[i] = history.CustomersInterrupted(e);
            complaints[i] = eventComplaints[e];
            slope[i] = orders[i].ArrivalTime is null ? double.NaN : 0;
        }

        foreach (ComplaintCell cell in rates.Cells)
        {
            if (!primary.TryGetValue(cell.EventIndex, out int i))
            {
                continue;
            }

            expected[i] += model.ExpectedComplaints(cell.Customers, cell.DurationHours, cell.RepeatIndex);
            if (orders[i].ArrivalTime is { } arrival && cell.DurationHours >= (arrival - history.Events[cell.EventIndex].Start).TotalHours)
            {
                slope[i] += cell.Customers * model.ComplaintsPerCustomerHourAvoided(cell.DurationHours, cell.RepeatIndex);
            }
        }

        return new OutageExpectation(expected, customers, complaints, slope);
    }
}
