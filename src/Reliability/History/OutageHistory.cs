using System.Diagnostics;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.History;

/// <summary>Options for validating an outage history.</summary>
/// <remarks>Mutable settings object; do not change it while a build is running.</remarks>
public sealed class OutageHistoryOptions
{
    /// <summary>Longest plausible outage event; a longer one is rejected as a nonsense duration. Default 30 days.</summary>
    public TimeSpan MaximumEventDuration { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// When true, records with errors are rejected one by one and the history is built from the rest (every rejection
    /// is still reported); when false (default) any error rejects the whole history.
    /// </summary>
    public bool Lenient { get; set; }
}

/// <summary>The outcome of building an <see cref="OutageHistory"/>: the history, or every error found.</summary>
/// <param name="History">The history; null when there were errors and the build was strict.</param>
/// <param name="Diagnostics">Every problem, each naming file, line, field and reason; in lenient mode each error is one rejected record.</param>
public sealed record HistoryBuildResult(OutageHistory? History, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when a history was built.</summary>
    public bool Succeeded => History is not null;

    /// <summary>The error diagnostics.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>
/// Validated outage events, restoration steps and momentary interruptions resolved against a network's normal state:
/// the input of <see cref="HistoryStatistics"/> and the complaint linker.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Events are ordered by start time. Each event's affected set is a contiguous range of
/// load points and transformers in the trace's preorder (everything downstream of its device), or an explicit list.
/// The topology is the network's normal state: the history does not know of switching done at the time.
/// </remarks>
public sealed class OutageHistory
{
    private OutageHistory(HistoryTopology topology)
    {
        Topology = topology;
    }

    /// <summary>The network the history is resolved against.</summary>
    public Net Network => Topology.Network;

    internal HistoryTopology Topology { get; }

    /// <summary>The accepted events, ordered by start (ties by input order).</summary>
    public IReadOnlyList<OutageEvent> Events { get; private set; } = [];

    /// <summary>The accepted restoration steps.</summary>
    public IReadOnlyList<RestorationStep> Steps { get; private set; } = [];

    /// <summary>The accepted momentary interruption events, ordered by time.</summary>
    public IReadOnlyList<MomentaryInterruption> Momentary { get; private set; } = [];

    /// <summary>The distinct causes, in order of first appearance; <see cref="CauseOf"/> indexes it.</summary>
    public IReadOnlyList<string> Causes { get; private set; } = [];

    /// <summary>Number of events.</summary>
    public int EventCount => Events.Count;

    /// <summary>Rows a lenient import rejected (and reported) before this history was built; 0 for an all-or-nothing import.</summary>
    public int RejectedRows { get; internal set; }

    // Per event, parallel to Events. Times are UTC ticks. Exactly one of (LpFirst..LpEnd, TrFirst..TrEnd) ranges and the
    // explicit lists (ListStart >= 0) describes the affected set.
    internal long[] StartTicks = [];
    internal long[] EndTicks = [];
    internal int[] Top = [];
    internal int[] LpFirst = [];
    internal int[] LpEnd = [];
    internal int[] TrFirst = [];
    internal int[] TrEnd = [];
    internal int[] ListStart = [];          // -1, or offset into LpList/TrList pairs with ListLength
    internal int[] LpListLength = [];
    internal int[] TrListStart = [];
    internal int[] TrListLength = [];
    internal int[] LpList = [];
    internal int[] TrList = [];
    internal long[] TopoCustomers = [];
    internal int[] TopoTransformers = [];
    internal double[] CustomerScale = [];    // explicit / topology customers; 1 when not explicit
    internal double[] TransformerScale = [];
    internal double[] ExplicitCustomers = []; // NaN when not given
    internal double[] ExplicitTransformers = [];
    internal int[] Feeder = [];
    internal int[] Substation = [];
    internal int[] CauseIndex = [];
    internal OutageNature[] Natures = [];

    // Steps CSR by event: StepStart[e]..StepStart[e+1]. A device step has StepLpFirst >= 0 ranges and StepDepth (the
    // subtree size of its top, smaller = deeper); a count step has StepLpFirst = -1 and counts.
    internal int[] StepStart = [];
    internal long[] StepTicks = [];
    internal int[] StepLpFirst = [];
    internal int[] StepLpEnd = [];
    internal int[] StepTrFirst = [];
    internal int[] StepTrEnd = [];
    internal int[] StepDepth = [];
    internal double[] StepCustomers = [];
    internal double[] StepTransformers = [];
    internal bool[] HasCountSteps = [];

    // Momentary, parallel to Momentary.
    internal long[] MomentaryTicks = [];
    internal int[] MomentaryOperations = [];
    internal int[] MomentaryLpFirst = [];
    internal int[] MomentaryLpEnd = [];
    internal int[] MomentaryFeeder = [];
    internal int[] MomentarySubstation = [];

    /// <summary>Index into <see cref="Causes"/> of event <paramref name="eventIndex"/>'s cause.</summary>
    public int CauseOf(int eventIndex) => CauseIndex[eventIndex];

    /// <summary>Feeder index (into the trace's feeder names) of the event's area; -1 when it is a whole substation.</summary>
    public int FeederOf(int eventIndex) => Feeder[eventIndex];

    /// <summary>Customers interrupted by the event: the explicit count when given, else the topology's.</summary>
    public double CustomersInterrupted(int eventIndex) =>
        double.IsNaN(ExplicitCustomers[eventIndex]) ? TopoCustomers[eventIndex] : ExplicitCustomers[eventIndex];

    /// <summary>Load points affected by the event (network load-point indices).</summary>
    /// <remarks>O(affected load points); allocates the result.</remarks>
    public int[] AffectedLoadPoints(int eventIndex)
    {
        int[] byRank = Topology.LoadPointByRank;
        if (ListStart[eventIndex] >= 0)
        {
            var list = new int[LpListLength[eventIndex]];
            for (int i = 0; i < list.Length; i++)
            {
                list[i] = byRank[LpList[ListStart[eventIndex] + i]];
            }

            return list;
        }

        var range = new int[LpEnd[eventIndex] - LpFirst[eventIndex]];
        for (int i = 0; i < range.Length; i++)
        {
            range[i] = byRank[LpFirst[eventIndex] + i];
        }

        return range;
    }

    /// <summary>
    /// When each load point of the event got supply back: the time of the deepest device step covering it, else the
    /// event's end. Parallel to <see cref="AffectedLoadPoints"/>.
    /// </summary>
    public DateTimeOffset[] RestorationTimes(int eventIndex)
    {
        int count = ListStart[eventIndex] >= 0 ? LpListLength[eventIndex] : LpEnd[eventIndex] - LpFirst[eventIndex];
        var times = new DateTimeOffset[count];
        for (int i = 0; i < count; i++)
        {
            int rank = ListStart[eventIndex] >= 0 ? LpList[ListStart[eventIndex] + i] : LpFirst[eventIndex] + i;
            times[i] = new DateTimeOffset(LoadPointRestoreTicks(eventIndex, rank), TimeSpan.Zero);
        }

        return times;
    }

    /// <summary>Restore time (UTC ticks) of load-point rank <paramref name="rank"/> in event <paramref name="e"/>.</summary>
    internal long LoadPointRestoreTicks(int e, int rank)
    {
        long restore = EndTicks[e];
        int best = int.MaxValue;
        for (int s = StepStart[e]; s < StepStart[e + 1]; s++)
        {
            if (StepLpFirst[s] >= 0 && rank >= StepLpFirst[s] && rank < StepLpEnd[s] && StepDepth[s] < best)
            {
                best = StepDepth[s];
                restore = StepTicks[s];
            }
        }

        return restore;
    }

    /// <summary>Restore time (UTC ticks) of transformer rank <paramref name="rank"/> in event <paramref name="e"/>.</summary>
    internal long TransformerRestoreTicks(int e, int rank)
    {
        long restore = EndTicks[e];
        int best = int.MaxValue;
        for (int s = StepStart[e]; s < StepStart[e + 1]; s++)
        {
            if (StepLpFirst[s] >= 0 && rank >= StepTrFirst[s] && rank < StepTrEnd[s] && StepDepth[s] < best)
            {
                best = StepDepth[s];
                restore = StepTicks[s];
            }
        }

        return restore;
    }

    /// <summary>
    /// Validates the records against <paramref name="network"/> and builds the history. Checks: unique ids, known
    /// devices, branches and load points, end after start, durations up to the options' maximum, no two events
    /// overlapping on the same device, steps inside their event's time and area, count steps not restoring more than
    /// was interrupted, one step kind per event, momentary operations ≥ 1.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>O(R log R + N + E + L) for R records. Expected failures are diagnostics, not exceptions.</remarks>
    public static HistoryBuildResult Build(
        Net network,
        IReadOnlyList<OutageEvent> events,
        IReadOnlyList<RestorationStep> steps,
        IReadOnlyList<MomentaryInterruption> momentary,
        OutageHistoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(momentary);
        return Build(new HistoryTopology(network), events, steps, momentary, options ?? new OutageHistoryOptions());
    }

    internal static HistoryBuildResult Build(
        HistoryTopology topology,
        IReadOnlyList<OutageEvent> events,
        IReadOnlyList<RestorationStep> steps,
        IReadOnlyList<MomentaryInterruption> momentary,
        OutageHistoryOptions options)
    {
        var diagnostics = new List<Diagnostic>();
        var builder = new HistoryValidator(topology, options, diagnostics);
        OutageHistory history = builder.Run(events, steps, momentary);
        bool failed = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) && !options.Lenient;
        return new HistoryBuildResult(failed ? null : history, diagnostics);
    }

    /// <summary>Validation and resolution of the records; each rejected record gets exactly one error.</summary>
    private sealed class HistoryValidator(HistoryTopology topology, OutageHistoryOptions options, List<Diagnostic> diagnostics)
    {
        private sealed class ResolvedEvent
        {
            public required OutageEvent Record;
            public int Top = -1;
            public int[]? LpList;
            public List<(RestorationStep Step, int Top)> Steps = [];
        }

        public OutageHistory Run(IReadOnlyList<OutageEvent> events, IReadOnlyList<RestorationStep> steps, IReadOnlyList<MomentaryInterruption> momentary)
        {
            List<ResolvedEvent> accepted = ValidateEvents(events);
            ValidateSteps(accepted, steps);
            var history = new OutageHistory(topology);
            Fill(history, accepted);
            FillMomentary(history, ValidateMomentary(momentary));
            return history;
        }

        private void Reject(SourceLocation at, string field, string message) => diagnostics.Add(new Diagnostic(at, field, message));

        private List<ResolvedEvent> ValidateEvents(IReadOnlyList<OutageEvent> events)
        {
            var firstLine = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            var candidates = new List<ResolvedEvent>(events.Count);
            foreach (OutageEvent ev in events)
            {
                ArgumentNullException.ThrowIfNull(ev);
                if (!firstLine.TryAdd(ev.EventId, ev.Source))
                {
                    Reject(ev.Source, "event_id", $"duplicate event id '{ev.EventId}' (first at {firstLine[ev.EventId]})");
                    continue;
                }

                if (ev.EventId.Length == 0)
                {
                    Reject(ev.Source, "event_id", "value is required");
                    continue;
                }

                if (ev.End < ev.Start)
                {
                    Reject(ev.Source, "end", $"end {ev.End:yyyy-MM-dd'T'HH:mm:sszzz} is before start {ev.Start:yyyy-MM-dd'T'HH:mm:sszzz}");
                    continue;
                }

                if (ev.End == ev.Start)
                {
                    Reject(ev.Source, "end", "end equals start: a zero-length outage is not an interruption");
                    continue;
                }

                if (ev.End - ev.Start > options.MaximumEventDuration)
                {
                    Reject(ev.Source, "end", $"duration of {(ev.End - ev.Start).TotalDays:0.0} days exceeds the plausible maximum of {options.MaximumEventDuration.TotalDays:0.#} days");
                    continue;
                }

                if (ev.Cause.Length == 0)
                {
                    Reject(ev.Source, "cause", "value is required");
                    continue;
                }

                if (ev.CustomersInterrupted is < 0 || ev.TransformersInterrupted is < 0)
                {
                    Reject(ev.Source, ev.CustomersInterrupted is < 0 ? "customers_interrupted" : "transformers_interrupted", "must not be negative");
                    continue;
                }

                int top = topology.ResolveEventTop(ev.DeviceId, out string? error);
                if (top < 0)
                {
                    Reject(ev.Source, "device_id", error!);
                    continue;
                }

                var resolved = new ResolvedEvent { Record = ev, Top = top };
                if (ev.LoadPointIds is { } ids)
                {
                    var ranks = new List<int>(ids.Count);
                    string? bad = null;
                    foreach (string id in ids)
                    {
                        if (!topology.Network.TryGetLoadPoint(id, out int lp))
                        {
                            bad = $"unknown customer or transformer area (load point) '{id}'";
                            break;
                        }

                        if (topology.RankOfLoadPoint[lp] < 0)
                        {
                            bad = $"load point '{id}' is not energised in the normal state";
                            break;
                        }

                        ranks.Add(topology.RankOfLoadPoint[lp]);
                    }

                    if (bad is not null)
                    {
                        Reject(ev.Source, "load_points", bad);
                        continue;
                    }

                    ranks.Sort();
                    resolved.LpList = ranks.Distinct().ToArray();
                }

                candidates.Add(resolved);
            }

            // Overlaps on the same device: the earlier event stands, the later one is rejected.
            var byDevice = candidates.OrderBy(c => c.Record.DeviceId, StringComparer.Ordinal).ThenBy(c => c.Record.Start).ToList();
            var overlapping = new HashSet<ResolvedEvent>();
            ResolvedEvent? previous = null;
            foreach (ResolvedEvent c in byDevice)
            {
                if (previous is not null && previous.Record.DeviceId == c.Record.DeviceId && c.Record.Start < previous.Record.End)
                {
                    Reject(c.Record.Source, "start", $"overlaps event '{previous.Record.EventId}' ({previous.Record.Source}) on the same device '{c.Record.DeviceId}', which lasts until {previous.Record.End:yyyy-MM-dd'T'HH:mm:sszzz}");
                    overlapping.Add(c);
                    continue;
                }

                previous = c;
            }

            return candidates.Where(c => !overlapping.Contains(c)).OrderBy(c => c.Record.Start).ToList();
        }

        private void ValidateSteps(List<ResolvedEvent> accepted, IReadOnlyList<RestorationStep> steps)
        {
            var byId = new Dictionary<string, ResolvedEvent>(StringComparer.Ordinal);
            foreach (ResolvedEvent e in accepted)
            {
                byId[e.Record.EventId] = e;
            }

            var restored = new Dictionary<ResolvedEvent, long>();
            foreach (RestorationStep step in steps)
            {
                ArgumentNullException.ThrowIfNull(step);
                if (!byId.TryGetValue(step.EventId, out ResolvedEvent? ev))
                {
                    Reject(step.Source, "event_id", $"unknown or rejected outage event '{step.EventId}'");
                    continue;
                }

                OutageEvent record = ev.Record;
                if (step.Time < record.Start || step.Time > record.End)
                {
                    Reject(step.Source, "time", $"{step.Time:yyyy-MM-dd'T'HH:mm:sszzz} is outside event '{record.EventId}' ({record.Start:yyyy-MM-dd'T'HH:mm:sszzz} to {record.End:yyyy-MM-dd'T'HH:mm:sszzz})");
                    continue;
                }

                bool isDevice = step.DeviceId is { Length: > 0 };
                bool isCount = step.CustomersRestored is not null;
                if (isDevice == isCount)
                {
                    Reject(step.Source, "device_id", "give either the device closed or customers_restored, not both or neither");
                    continue;
                }

                if (ev.Steps.Count > 0 && (ev.Steps[0].Top >= 0) != isDevice)
                {
                    Reject(step.Source, isDevice ? "device_id" : "customers_restored", $"event '{record.EventId}' already has {(isDevice ? "count" : "device")} steps: one event's steps name either devices or counts");
                    continue;
                }

                if (isDevice)
                {
                    int top = topology.ResolveStepTop(step.DeviceId!, ev.Top, out string? error);
                    if (top < 0)
                    {
                        Reject(step.Source, "device_id", error!);
                        continue;
                    }

                    if (!Intersects(ev, top))
                    {
                        Reject(step.Source, "device_id", $"device '{step.DeviceId}' does not feed any customer interrupted by event '{record.EventId}'");
                        continue;
                    }

                    if (ev.Steps.Any(s => s.Step.DeviceId == step.DeviceId))
                    {
                        Reject(step.Source, "device_id", $"device '{step.DeviceId}' is already a step of event '{record.EventId}'");
                        continue;
                    }

                    ev.Steps.Add((step, top));
                }
                else
                {
                    if (step.CustomersRestored is <= 0 || step.TransformersRestored is < 0)
                    {
                        Reject(step.Source, step.CustomersRestored is <= 0 ? "customers_restored" : "transformers_restored", "must be positive");
                        continue;
                    }

                    long interrupted = record.CustomersInterrupted ?? TopologyCustomers(ev);
                    long total = restored.GetValueOrDefault(ev) + step.CustomersRestored!.Value;
                    if (total > interrupted)
                    {
                        Reject(step.Source, "customers_restored", $"steps of event '{record.EventId}' restore {total} customers but it interrupted {interrupted}");
                        continue;
                    }

                    restored[ev] = total;
                    ev.Steps.Add((step, -1));
                }
            }
        }

        private bool Intersects(ResolvedEvent ev, int stepTop)
        {
            if (ev.LpList is { } list)
            {
                (int first, int end) = topology.LoadPointRange(stepTop);
                foreach (int r in list)
                {
                    if (r >= first && r < end)
                    {
                        return true;
                    }
                }

                return false;
            }

            // The step's area and the event's overlap when one subtree holds the other (a device below the event's device,
            // or one upstream that re-energises all of it); a step below it feeding no customer is harmless.
            return topology.Trace.IsInSubtree(stepTop, ev.Top) || topology.Trace.IsInSubtree(ev.Top, stepTop);
        }

        private long TopologyCustomers(ResolvedEvent ev)
        {
            long sum = 0;
            int[] customers = topology.CustomersByRank;
            if (ev.LpList is { } list)
            {
                foreach (int r in list)
                {
                    sum += customers[r];
                }

                return sum;
            }

            (int first, int end) = topology.LoadPointRange(ev.Top);
            return topology.CustomerPrefix[end] - topology.CustomerPrefix[first];
        }

        private List<(MomentaryInterruption Record, int Top)> ValidateMomentary(IReadOnlyList<MomentaryInterruption> momentary)
        {
            var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            var accepted = new List<(MomentaryInterruption, int)>(momentary.Count);
            foreach (MomentaryInterruption m in momentary)
            {
                ArgumentNullException.ThrowIfNull(m);
                if (!seen.TryAdd(m.EventId, m.Source))
                {
                    Reject(m.Source, "event_id", $"duplicate momentary event id '{m.EventId}' (first at {seen[m.EventId]})");
                    continue;
                }

                if (m.Operations < 1)
                {
                    Reject(m.Source, "operations", $"{m.Operations} operations: a momentary event has at least one");
                    continue;
                }

                int top = topology.ResolveEventTop(m.DeviceId, out string? error);
                if (top < 0)
                {
                    Reject(m.Source, "device_id", error!);
                    continue;
                }

                accepted.Add((m, top));
            }

            accepted.Sort((a, b) => a.Item1.Time.CompareTo(b.Item1.Time));
            return accepted;
        }

        private void Fill(OutageHistory h, List<ResolvedEvent> events)
        {
            int n = events.Count;
            h.Events = events.Select(e => e.Record).ToArray();
            h.Steps = events.SelectMany(e => e.Steps.Select(s => s.Step)).ToArray();
            h.StartTicks = new long[n];
            h.EndTicks = new long[n];
            h.Top = new int[n];
            h.LpFirst = new int[n];
            h.LpEnd = new int[n];
            h.TrFirst = new int[n];
            h.TrEnd = new int[n];
            h.ListStart = new int[n];
            h.LpListLength = new int[n];
            h.TrListStart = new int[n];
            h.TrListLength = new int[n];
            h.TopoCustomers = new long[n];
            h.TopoTransformers = new int[n];
            h.CustomerScale = new double[n];
            h.TransformerScale = new double[n];
            h.ExplicitCustomers = new double[n];
            h.ExplicitTransformers = new double[n];
            h.Feeder = new int[n];
            h.Substation = new int[n];
            h.CauseIndex = new int[n];
            h.Natures = new OutageNature[n];
            h.StepStart = new int[n + 1];
            h.HasCountSteps = new bool[n];
            var lpList = new List<int>();
            var trList = new List<int>();
            var causes = new Dictionary<string, int>(StringComparer.Ordinal);
            var causeNames = new List<string>();
            int stepCount = 0;
            foreach (ResolvedEvent e in events)
            {
                stepCount += e.Steps.Count;
            }

            h.StepTicks = new long[stepCount];
            h.StepLpFirst = new int[stepCount];
            h.StepLpEnd = new int[stepCount];
            h.StepTrFirst = new int[stepCount];
            h.StepTrEnd = new int[stepCount];
            h.StepDepth = new int[stepCount];
            h.StepCustomers = new double[stepCount];
            h.StepTransformers = new double[stepCount];
            int[] customersByRank = topology.CustomersByRank;
            int[] trOfRank = topology.TransformerOfRank;
            int step = 0;
            for (int i = 0; i < n; i++)
            {
                ResolvedEvent e = events[i];
                OutageEvent r = e.Record;
                h.StartTicks[i] = r.Start.UtcTicks;
                h.EndTicks[i] = r.End.UtcTicks;
                h.Top[i] = e.Top;
                (h.LpFirst[i], h.LpEnd[i]) = topology.LoadPointRange(e.Top);
                (h.TrFirst[i], h.TrEnd[i]) = topology.TransformerRange(e.Top);
                long customers = 0;
                int transformers;
                if (e.LpList is { } list)
                {
                    h.ListStart[i] = lpList.Count;
                    h.LpListLength[i] = list.Length;
                    h.TrListStart[i] = trList.Count;
                    lpList.AddRange(list);
                    var distinct = new SortedSet<int>();
                    foreach (int rank in list)
                    {
                        customers += customersByRank[rank];
                        if (trOfRank[rank] >= 0)
                        {
                            distinct.Add(trOfRank[rank]);
                        }
                    }

                    trList.AddRange(distinct);
                    h.TrListLength[i] = distinct.Count;
                    transformers = distinct.Count;
                }
                else
                {
                    h.ListStart[i] = -1;
                    h.TrListStart[i] = -1;
                    customers = topology.CustomerPrefix[h.LpEnd[i]] - topology.CustomerPrefix[h.LpFirst[i]];

                    transformers = h.TrEnd[i] - h.TrFirst[i];
                }

                h.TopoCustomers[i] = customers;
                h.TopoTransformers[i] = transformers;
                h.ExplicitCustomers[i] = r.CustomersInterrupted ?? double.NaN;
                h.ExplicitTransformers[i] = r.TransformersInterrupted ?? double.NaN;
                h.CustomerScale[i] = r.CustomersInterrupted is int c && customers > 0 ? (double)c / customers : 1.0;
                h.TransformerScale[i] = r.TransformersInterrupted is int t && transformers > 0 ? (double)t / transformers : 1.0;
                h.Feeder[i] = topology.Trace.FeederOf[e.Top];
                h.Substation[i] = topology.Trace.SourceOf[e.Top];
                if (!causes.TryGetValue(r.Cause, out int cause))
                {
                    cause = causeNames.Count;
                    causes.Add(r.Cause, cause);
                    causeNames.Add(r.Cause);
                }

                h.CauseIndex[i] = cause;
                h.Natures[i] = r.Nature;
                h.StepStart[i] = step;
                foreach ((RestorationStep s, int top) in e.Steps.OrderBy(s => s.Step.Time))
                {
                    h.StepTicks[step] = s.Time.UtcTicks;
                    if (top >= 0)
                    {
                        (h.StepLpFirst[step], h.StepLpEnd[step]) = topology.LoadPointRange(top);
                        (h.StepTrFirst[step], h.StepTrEnd[step]) = topology.TransformerRange(top);
                        h.StepDepth[step] = topology.Trace.SubtreeSize[top];
                    }
                    else
                    {
                        h.StepLpFirst[step] = -1;
                        h.StepCustomers[step] = s.CustomersRestored!.Value;
                        h.StepTransformers[step] = s.TransformersRestored ?? double.NaN;
                        h.HasCountSteps[i] = true;
                    }

                    step++;
                }
            }

            h.StepStart[n] = step;
            h.LpList = lpList.ToArray();
            h.TrList = trList.ToArray();
            h.Causes = causeNames;
            Debug.Assert(step == stepCount);
        }

        private void FillMomentary(OutageHistory h, List<(MomentaryInterruption Record, int Top)> accepted)
        {
            int n = accepted.Count;
            h.Momentary = accepted.Select(a => a.Record).ToArray();
            h.MomentaryTicks = new long[n];
            h.MomentaryOperations = new int[n];
            h.MomentaryLpFirst = new int[n];
            h.MomentaryLpEnd = new int[n];
            h.MomentaryFeeder = new int[n];
            h.MomentarySubstation = new int[n];
            for (int i = 0; i < n; i++)
            {
                (MomentaryInterruption m, int top) = accepted[i];
                h.MomentaryTicks[i] = m.Time.UtcTicks;
                h.MomentaryOperations[i] = m.Operations;
                (h.MomentaryLpFirst[i], h.MomentaryLpEnd[i]) = topology.LoadPointRange(top);
                h.MomentaryFeeder[i] = topology.Trace.FeederOf[top];
                h.MomentarySubstation[i] = topology.Trace.SourceOf[top];
            }
        }
    }
}
