using System.Buffers;
using System.Diagnostics;

namespace Lumen.Reliability.Predictive;

/// <summary>
/// Everything the analytical, explanation and Monte Carlo kernels need about what each failure does, computed in one
/// pass over the tree: isolation segments (zones bounded by devices), the failures grouped by segment, the expected
/// protection outcomes of a fault in each segment, and the restoration time of each downstream segment.
/// </summary>
/// <remarks>
/// Key fact: every branch failure inside one segment is cleared by the same chain of protective devices, isolated by the
/// same switches and transferred through the same ties, so all work is per segment, not per failure. Each outcome
/// interrupts a whole subtree, which is a contiguous range of the preorder; the kernels therefore use range updates.
/// Build cost O(N + D + F log F + Σ tie depth in segments + Σ outcomes × children).
/// </remarks>
internal sealed class FailurePlan
{
    // Combined outcomes whose remaining probability falls below this are folded into the source-level outcome; this
    // bounds the protection chain of a long line of imperfect fuses (error below 1e-15 of the segment's λ).
    private const double NegligibleProbability = 1e-15;

    /// <param name="model">The model.</param>
    /// <param name="capacity">Whether to work out the restoration under the model's capacity and voltage limits (when they are enabled).</param>
    /// <param name="capacityFeeders">
    /// When given, the capacity-limited restoration is worked out only for the faults of the feeders marked (by feeder
    /// index of the model's trace) and of buses in no feeder: the indices of the load points of those feeders are exact,
    /// the others are not (see <see cref="CapacityRestoration.Build"/>). The investment planner reads only some feeders of a part.
    /// </param>
    /// <param name="grid">
    /// The transfer network of the model's network, trace and restoration limits, for the capacity-limited restoration
    /// (built when null): the investment planner builds it once for a part's restoration and its N-1.
    /// </param>
    public FailurePlan(ReliabilityModel model, bool capacity = true, bool[]? capacityFeeders = null, TransferNetwork? grid = null)
    {
        Model = model;
        var trace = model.Trace;
        Parent = trace.ParentArray;
        PreIndex = trace.PreIndexArray;
        SubtreeSize = trace.SubtreeSizeArray;
        Order = trace.OrderArray;
        SourceOf = trace.SourceOfArray;
        int n = model.NodeCount;

        // Per tree edge (by child node): devices at each end, fastest switching time and probability that all
        // protective devices at that end fail to clear. The counts and probabilities serve only this build: pooled (the
        // investment planner builds a plan per valuation, tens of thousands of them; only the first n entries are used).
        int[] countParent = ArrayPool<int>.Shared.Rent(n);
        int[] countChild = ArrayPool<int>.Shared.Rent(n);
        double[] failParent = ArrayPool<double>.Shared.Rent(n);
        double[] failChild = ArrayPool<double>.Shared.Rent(n);
        countParent.AsSpan(0, n).Clear();
        countChild.AsSpan(0, n).Clear();
        var timeParent = new double[n];
        var timeChild = new double[n];
        Array.Fill(timeParent, double.PositiveInfinity);
        Array.Fill(timeChild, double.PositiveInfinity);
        failParent.AsSpan(0, n).Fill(1.0);
        failChild.AsSpan(0, n).Fill(1.0);
        foreach (ModelDevice d in model.Devices)
        {
            int v = d.Node;
            if (d.AtParentEnd)
            {
                countParent[v]++;
                timeParent[v] = Math.Min(timeParent[v], d.SwitchingHours);
                if (d.Protective)
                {
                    failParent[v] *= 1 - d.SuccessProbability;
                }
            }
            else
            {
                countChild[v]++;
                timeChild[v] = Math.Min(timeChild[v], d.SwitchingHours);
                if (d.Protective)
                {
                    failChild[v] *= 1 - d.SuccessProbability;
                }
            }
        }

        TimeParent = timeParent;
        TimeChild = timeChild;
        BuildSegments(countParent, countChild);
        BuildFailures();
        BuildChildren();
        BuildOutcomes(failParent, failChild);
        ArrayPool<int>.Shared.Return(countParent);
        ArrayPool<int>.Shared.Return(countChild);
        ArrayPool<double>.Shared.Return(failParent);
        ArrayPool<double>.Shared.Return(failChild);
        BuildTies();
        BuildRestorationTimes();
        Capacity = capacity && model.Restoration.Enabled && model.AlternateSupply ? CapacityRestoration.Build(this, capacityFeeders, grid: grid) : null;
    }

    // A copy of `source` for `model`, whose failure rates may differ from source's model but are positive on the same
    // tree edges (so the segments holding failures, hence outcomes, restoration and capacity, are the same).
    private FailurePlan(FailurePlan source, ReliabilityModel model)
    {
        Model = model;
        (Parent, PreIndex, SubtreeSize, Order, SourceOf, TimeParent, TimeChild) = (source.Parent, source.PreIndex, source.SubtreeSize, source.Order, source.SourceOf, source.TimeParent, source.TimeChild);
        (SegmentCount, SegmentOfNode, SegmentOfEdge, SegmentParent, SegmentTop, SegmentNodeless, SegmentContainsEntry) =
            (source.SegmentCount, source.SegmentOfNode, source.SegmentOfEdge, source.SegmentParent, source.SegmentTop, source.SegmentNodeless, source.SegmentContainsEntry);
        BuildFailures();
        (ChildStart, Children, OutcomeStart, OutcomeTop, OutcomeProb, UpstreamIsolationHours) =
            (source.ChildStart, source.Children, source.OutcomeStart, source.OutcomeTop, source.OutcomeProb, source.UpstreamIsolationHours);
        (TieStart, TieFar, TieHours, TieIndex, RestoreStart, RestoreHours) = (source.TieStart, source.TieFar, source.TieHours, source.TieIndex, source.RestoreStart, source.RestoreHours);
        Capacity = source.Capacity;
    }

    /// <summary>
    /// This plan with the failure rates of <paramref name="model"/>, a copy of this plan's model (<see cref="ReliabilityModel.Clone"/>)
    /// with other rates: only the failures are worked out again (O(N + F log F)); the segments, outcomes, restoration and
    /// capacity limits depend on the topology, devices, ties and loads, and on which segments hold failures.
    /// Null when that changes (a segment's last failure falls to a zero rate, or a zero rate becomes positive).
    /// </summary>
    public FailurePlan? WithFailureRates(ReliabilityModel model)
    {
        double[] before = Model.FailureRatePerYear;
        double[] after = model.FailureRatePerYear;
        if (model.Trace != Model.Trace || after.Length != before.Length)
        {
            return null;
        }

        Dictionary<int, int>? lost = null;
        for (int v = 0; v < after.Length; v++)
        {
            int s = SegmentOfEdge[v];
            if (after[v] > 0 == before[v] > 0 || s < 0)
            {
                continue;
            }

            if (after[v] > 0)
            {
                return null;
            }

            lost ??= [];
            lost[s] = lost.GetValueOrDefault(s) + 1;
        }

        foreach ((int s, int count) in lost ?? [])
        {
            if (FailureStart[s + 1] - FailureStart[s] == count)
            {
                return null;
            }
        }

        return new FailurePlan(this, model);
    }

    /// <summary>The restoration under capacity and voltage limits; null when unconstrained (then <see cref="RestoreHours"/> applies).</summary>
    public CapacityRestoration? Capacity { get; }

    public ReliabilityModel Model { get; }

    public int[] Parent { get; }

    public int[] PreIndex { get; }

    public int[] SubtreeSize { get; }

    public int[] Order { get; }

    public int[] SourceOf { get; }

    public double[] TimeParent { get; }

    public double[] TimeChild { get; }

    // Segments. Invariant: a node shares its parent's segment iff its parent edge carries no device; an edge with devices
    // at both ends is a segment of its own holding no node (Nodeless). SegmentTop[s]'s subtree is s plus everything below
    // it; for a nodeless segment it is the edge's child node, which belongs to the segment below.
    public int SegmentCount { get; private set; }

    public int[] SegmentOfNode { get; private set; } = [];

    public int[] SegmentOfEdge { get; private set; } = [];

    public int[] SegmentParent { get; private set; } = [];

    public int[] SegmentTop { get; private set; } = [];

    public bool[] SegmentNodeless { get; private set; } = [];

    // True when the segment's entry edge belongs to it (devices only at the entry edge's parent end, or nodeless).
    public bool[] SegmentContainsEntry { get; private set; } = [];

    // Failures (tree edges with λ > 0, by child node) bucketed by the segment of their edge, sorted by outage time inside
    // each bucket: FailureNode[FailureStart[s]..FailureStart[s+1]). CumLambda/CumLambdaHours are prefix sums over that
    // order (length F + 1), so a segment's sums and F_s(t) = Σ λ·min(t, r) come from two lookups and a binary search.
    public int[] FailureStart { get; private set; } = [];

    public int[] FailureNode { get; private set; } = [];

    public double[] FailureHours { get; private set; } = [];

    public double[] CumLambda { get; private set; } = [];

    public double[] CumLambdaHours { get; private set; } = [];

    // Child segments, CSR: Children[ChildStart[s]..ChildStart[s+1]).
    public int[] ChildStart { get; private set; } = [];

    public int[] Children { get; private set; } = [];

    // Expected protection outcomes of a fault in each segment, CSR: the fault is cleared with probability OutcomeProb at
    // the device(s) on the parent edge of OutcomeTop (or at the source when OutcomeTop is the root), interrupting the
    // subtree of OutcomeTop. Probabilities of one segment sum to 1.
    public int[] OutcomeStart { get; private set; } = [];

    public int[] OutcomeTop { get; private set; } = [];

    public double[] OutcomeProb { get; private set; } = [];

    // Time to isolate a segment from the part upstream of it (fault inside the segment); NaN for root segments.
    public double[] UpstreamIsolationHours { get; private set; } = [];

    // Restoration time of child segment j of s under outcome k of s: RestoreHours[RestoreStart[s] + k * c + j], with
    // c the child count of s; +∞ when no usable tie can pick it up (it waits for the repair).
    public int[] RestoreStart { get; private set; } = [];

    public double[] RestoreHours { get; private set; } = [];

    // Ties that can pick up segment s once a fault in its parent segment is isolated (far end alive): CSR.
    public int[] TieStart { get; private set; } = [];

    public int[] TieFar { get; private set; } = [];

    public double[] TieHours { get; private set; } = [];

    public int[] TieIndex { get; private set; } = [];

    /// <summary>Time to open the switch on the parent edge of <paramref name="node"/>; +∞ when that edge has no device.</summary>
    public double CutHours(int node) => Math.Min(TimeParent[node], TimeChild[node]);

    /// <summary>
    /// The ties that can pick up child segment <paramref name="child"/> after a fault in its parent segment whose
    /// protection interrupts the subtree of <paramref name="interruptedTop"/>, each with its restoration time (as in
    /// <see cref="RestoreHours"/>), fastest first, then by branch index.
    /// </summary>
    public List<TieOption> TieOptions(int child, int interruptedTop, double upstream)
    {
        var options = new List<TieOption>(TieStart[child + 1] - TieStart[child]);
        double isolation = DownstreamIsolationHours(child);
        int edges = Model.Network.EdgeCount;
        for (int i = TieStart[child]; i < TieStart[child + 1]; i++)
        {
            double t = TieHours[i];
            if (IsInSubtree(TieFar[i], interruptedTop))
            {
                t = Math.Max(t, upstream);
            }

            ModelTie tie = Model.Ties[TieIndex[i]];
            int near = tie.A == TieFar[i] ? tie.B : tie.A;
            options.Add(new TieOption(near, TieFar[i], tie.Edge, Math.Max(t, isolation), tie.Edge >= 0 ? tie.Edge : edges + TieIndex[i]));
        }

        options.Sort(static (a, b) => a.Hours != b.Hours ? a.Hours.CompareTo(b.Hours) : a.Rank.CompareTo(b.Rank));
        return options;
    }

    public bool IsInSubtree(int node, int top)
    {
        int p = PreIndex[node];
        int t = PreIndex[top];
        return p >= t && p < t + SubtreeSize[top];
    }

    /// <summary>F_s(t) = Σ over failures in segment s of λ·min(t, r). O(log F_s).</summary>
    public double CappedHours(int segment, double hours)
    {
        int a = FailureStart[segment];
        int b = FailureStart[segment + 1];
        double[] r = FailureHours;
        int lo = a;
        int hi = b;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (r[mid] < hours)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return CumLambdaHours[lo] - CumLambdaHours[a] + hours * (CumLambda[b] - CumLambda[lo]);
    }

    /// <summary>Isolation time of child segment <paramref name="child"/> from a fault in its parent segment.</summary>
    public double DownstreamIsolationHours(int child)
    {
        int top = SegmentTop[child];
        int parentSegment = SegmentParent[child];

        // When the parent segment is a lone edge with devices at both ends, that edge is the failed one: only the
        // device at its downstream end separates the child from the fault.
        return SegmentNodeless[parentSegment] ? TimeChild[top] : Math.Min(TimeParent[top], TimeChild[top]);
    }

    private void BuildSegments(int[] countParent, int[] countChild)
    {
        int n = Model.NodeCount;
        int[] parent = Parent;
        var segOfNode = new int[n];
        var segOfEdge = new int[n];
        Array.Fill(segOfNode, -1);
        Array.Fill(segOfEdge, -1);
        int capacity = Math.Max(16, n / 2);
        var segParent = new List<int>(capacity);
        var segTop = new List<int>(capacity);
        var nodeless = new List<bool>(capacity);
        var containsEntry = new List<bool>(capacity);
        foreach (int v in Order)
        {
            int p = parent[v];
            if (p < 0)
            {
                segOfNode[v] = segParent.Count;
                segParent.Add(-1);
                segTop.Add(v);
                nodeless.Add(false);
                containsEntry.Add(false);
                continue;
            }

            bool atParent = countParent[v] > 0;
            bool atChild = countChild[v] > 0;
            int up = segOfNode[p];
            if (atParent && atChild)
            {
                int edgeSegment = segParent.Count;
                segParent.Add(up);
                segTop.Add(v);
                nodeless.Add(true);
                containsEntry.Add(true);
                segOfEdge[v] = edgeSegment;
                segOfNode[v] = segParent.Count;
                segParent.Add(edgeSegment);
                segTop.Add(v);
                nodeless.Add(false);
                containsEntry.Add(false);
            }
            else if (atParent || atChild)
            {
                segOfNode[v] = segParent.Count;
                segOfEdge[v] = atParent ? segParent.Count : up;
                segParent.Add(up);
                segTop.Add(v);
                nodeless.Add(false);
                containsEntry.Add(atParent);
            }
            else
            {
                segOfNode[v] = up;
                segOfEdge[v] = up;
            }
        }

        SegmentCount = segParent.Count;
        SegmentOfNode = segOfNode;
        SegmentOfEdge = segOfEdge;
        SegmentParent = segParent.ToArray();
        SegmentTop = segTop.ToArray();
        SegmentNodeless = nodeless.ToArray();
        SegmentContainsEntry = containsEntry.ToArray();
    }

    private void BuildFailures()
    {
        int n = Model.NodeCount;
        double[] rate = Model.FailureRatePerYear;
        double[] outage = Model.OutageHours;
        int[] segOfEdge = SegmentOfEdge;
        var start = new int[SegmentCount + 1];
        for (int v = 0; v < n; v++)
        {
            if (rate[v] > 0 && segOfEdge[v] >= 0)
            {
                start[segOfEdge[v] + 1]++;
            }
        }

        for (int s = 0; s < SegmentCount; s++)
        {
            start[s + 1] += start[s];
        }

        int count = start[SegmentCount];
        var fill = start.AsSpan(0, SegmentCount).ToArray();
        var nodes = new int[count];
        var hours = new double[count];
        for (int v = 0; v < n; v++)
        {
            if (rate[v] > 0 && segOfEdge[v] >= 0)
            {
                int i = fill[segOfEdge[v]]++;
                nodes[i] = v;
                hours[i] = outage[v];
            }
        }

        for (int s = 0; s < SegmentCount; s++)
        {
            int length = start[s + 1] - start[s];
            if (length > 16)
            {
                Array.Sort(hours, nodes, start[s], length);
            }
            else if (length > 1)
            {
                // Most segments hold a handful of failures: an insertion sort beats the call overhead of Array.Sort.
                for (int i = start[s] + 1; i < start[s + 1]; i++)
                {
                    double key = hours[i];
                    int node = nodes[i];
                    int j = i - 1;
                    while (j >= start[s] && hours[j] > key)
                    {
                        hours[j + 1] = hours[j];
                        nodes[j + 1] = nodes[j];
                        j--;
                    }

                    hours[j + 1] = key;
                    nodes[j + 1] = node;
                }
            }
        }

        var cumLambda = new double[count + 1];
        var cumLambdaHours = new double[count + 1];
        for (int i = 0; i < count; i++)
        {
            double l = rate[nodes[i]];
            cumLambda[i + 1] = cumLambda[i] + l;
            cumLambdaHours[i + 1] = cumLambdaHours[i] + l * hours[i];
        }

        FailureStart = start;
        FailureNode = nodes;
        FailureHours = hours;
        CumLambda = cumLambda;
        CumLambdaHours = cumLambdaHours;
    }

    private void BuildChildren()
    {
        int count = SegmentCount;
        int[] segParent = SegmentParent;
        var start = new int[count + 1];
        for (int s = 0; s < count; s++)
        {
            if (segParent[s] >= 0)
            {
                start[segParent[s] + 1]++;
            }
        }

        for (int s = 0; s < count; s++)
        {
            start[s + 1] += start[s];
        }

        var fill = start.AsSpan(0, count).ToArray();
        var children = new int[start[count]];
        for (int s = 0; s < count; s++)
        {
            if (segParent[s] >= 0)
            {
                children[fill[segParent[s]]++] = s;
            }
        }

        ChildStart = start;
        Children = children;
    }

    private void BuildOutcomes(double[] failParent, double[] failChild)
    {
        int n = Model.NodeCount;
        int[] parent = Parent;

        // Nearest tree edge (by child node) at or above each node whose ends carry a protective device: the next point
        // of escalation when the devices below it fail. -1 when only the source remains.
        int[] protectedAt = ArrayPool<int>.Shared.Rent(n);
        protectedAt.AsSpan(0, n).Clear();
        foreach (int v in Order)
        {
            int p = parent[v];
            protectedAt[v] = p < 0 ? -1 : failParent[v] * failChild[v] < 1 ? v : protectedAt[p];
        }

        var start = new int[SegmentCount + 1];
        var tops = new List<int>(SegmentCount);
        var probs = new List<double>(SegmentCount);
        var upstreamHours = new double[SegmentCount];
        for (int s = 0; s < SegmentCount; s++)
        {
            start[s] = tops.Count;
            int top = SegmentTop[s];
            upstreamHours[s] = SegmentParent[s] < 0
                ? double.NaN
                : SegmentNodeless[s] ? TimeParent[top] : Math.Min(TimeParent[top], TimeChild[top]);
            if (FailureStart[s] == FailureStart[s + 1])
            {
                continue;
            }

            double remaining = 1.0;
            int point;
            if (SegmentParent[s] < 0)
            {
                point = -1;
            }
            else
            {
                // A fault inside the segment sees the entry edge's devices at both ends, unless the entry edge itself
                // belongs to the segment, in which case only its source-side end lies between fault and source.
                double fail = SegmentContainsEntry[s] ? failParent[top] : failParent[top] * failChild[top];
                if (fail < 1)
                {
                    tops.Add(top);
                    probs.Add(remaining * (1 - fail));
                    remaining *= fail;
                }

                point = protectedAt[parent[top]];
            }

            while (point >= 0 && remaining > NegligibleProbability)
            {
                double fail = failParent[point] * failChild[point];
                tops.Add(point);
                probs.Add(remaining * (1 - fail));
                remaining *= fail;
                point = protectedAt[parent[point]];
            }

            if (remaining > 0)
            {
                tops.Add(SourceOf[top]);
                probs.Add(remaining);
            }
        }

        ArrayPool<int>.Shared.Return(protectedAt);
        start[SegmentCount] = tops.Count;
        OutcomeStart = start;
        OutcomeTop = tops.ToArray();
        OutcomeProb = probs.ToArray();
        UpstreamIsolationHours = upstreamHours;
    }

    private void BuildTies()
    {
        var pairs = new List<(int Segment, int Far, double Hours, int Tie)>();
        if (Model.AlternateSupply)
        {
            List<ModelTie> ties = Model.Ties;
            for (int t = 0; t < ties.Count; t++)
            {
                ModelTie tie = ties[t];
                if (PreIndex[tie.A] < 0 || PreIndex[tie.B] < 0)
                {
                    continue;
                }

                AddTie(pairs, tie.A, tie.B, tie.SwitchingHours, t);
                AddTie(pairs, tie.B, tie.A, tie.SwitchingHours, t);
            }
        }

        var start = new int[SegmentCount + 1];
        foreach ((int s, _, _, _) in pairs)
        {
            start[s + 1]++;
        }

        for (int s = 0; s < SegmentCount; s++)
        {
            start[s + 1] += start[s];
        }

        var fill = start.AsSpan(0, SegmentCount).ToArray();
        var far = new int[pairs.Count];
        var hours = new double[pairs.Count];
        var index = new int[pairs.Count];
        foreach ((int s, int f, double h, int t) in pairs)
        {
            int i = fill[s]++;
            far[i] = f;
            hours[i] = h;
            index[i] = t;
        }

        TieStart = start;
        TieFar = far;
        TieHours = hours;
        TieIndex = index;
    }

    private void AddTie(List<(int Segment, int Far, double Hours, int Tie)> pairs, int near, int far, double hours, int tie)
    {
        // Segment s on the near side can be picked up after a fault in its parent segment when the far end is still
        // alive then, i.e. lies outside the parent's subtree. Going up, the parent's subtree only grows: stop at the first
        // segment whose parent's subtree contains the far end.
        for (int s = SegmentOfNode[near]; SegmentParent[s] >= 0; s = SegmentParent[s])
        {
            if (IsInSubtree(far, SegmentTop[SegmentParent[s]]))
            {
                break;
            }

            pairs.Add((s, far, hours, tie));
        }
    }

    private void BuildRestorationTimes()
    {
        var start = new int[SegmentCount + 1];
        for (int s = 0; s < SegmentCount; s++)
        {
            int outcomes = OutcomeStart[s + 1] - OutcomeStart[s];
            int children = ChildStart[s + 1] - ChildStart[s];
            start[s + 1] = start[s] + outcomes * children;
        }

        var restore = new double[start[SegmentCount]];
        for (int z = 0; z < SegmentCount; z++)
        {
            int k0 = OutcomeStart[z];
            int outcomes = OutcomeStart[z + 1] - k0;
            int c0 = ChildStart[z];
            int children = ChildStart[z + 1] - c0;
            double upstream = UpstreamIsolationHours[z];
            for (int k = 0; k < outcomes; k++)
            {
                int interruptedTop = OutcomeTop[k0 + k];
                for (int j = 0; j < children; j++)
                {
                    int child = Children[c0 + j];
                    double best = double.PositiveInfinity;
                    for (int i = TieStart[child]; i < TieStart[child + 1]; i++)
                    {
                        // A far end inside the interrupted area (but outside the faulted subtree) comes back only after the
                        // upstream isolation, so the transfer cannot be quicker than that.
                        double t = TieHours[i];
                        if (IsInSubtree(TieFar[i], interruptedTop))
                        {
                            Debug.Assert(!double.IsNaN(upstream));
                            t = Math.Max(t, upstream);
                        }

                        best = Math.Min(best, t);
                    }

                    restore[start[z] + (k * children) + j] = double.IsPositiveInfinity(best)
                        ? best
                        : Math.Max(best, DownstreamIsolationHours(child));
                }
            }
        }

        RestoreStart = start;
        RestoreHours = restore;
    }
}
