using System.Diagnostics;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>
/// The outage durations to evaluate per edge, grouped by edge: the durations of edge <c>e</c> are
/// <c>Hours[Start[e]..Start[e + 1])</c>, and NaN stands for the edge's own outage time (its repair time, or its
/// replacement time for transformers when the study says so). Each (edge, duration) is one query of
/// <see cref="FailureConsequences.ComputeForDurations"/>.
/// </summary>
/// <remarks>Immutable once built (the arrays are not copied: do not change them afterwards).</remarks>
public sealed class EdgeDurations
{
    /// <summary>Checks and wraps the two arrays.</summary>
    /// <param name="start">Query offsets per edge, length edges + 1, non-decreasing, from 0 to <c>hours.Length</c>.</param>
    /// <param name="hours">Durations, hours: finite and ≥ 0, or NaN for the edge's own outage time.</param>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">The offsets are not a valid grouping of <paramref name="hours"/>, or a duration is negative or infinite.</exception>
    public EdgeDurations(int[] start, double[] hours)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(hours);
        if (start.Length == 0 || start[0] != 0 || start[^1] != hours.Length)
        {
            throw new ArgumentException("Offsets must run from 0 to the number of durations.", nameof(start));
        }

        for (int e = 0; e + 1 < start.Length; e++)
        {
            if (start[e + 1] < start[e])
            {
                throw new ArgumentException($"Offsets decrease at edge {e}.", nameof(start));
            }
        }

        foreach (double h in hours)
        {
            if (!double.IsNaN(h) && !(h >= 0 && double.IsFinite(h)))
            {
                throw new ArgumentException($"Duration {h} h is not finite and ≥ 0.", nameof(hours));
            }
        }

        Start = start;
        Hours = hours;
    }

    /// <summary>Query offsets per edge (length edges + 1).</summary>
    public int[] Start { get; }

    /// <summary>Durations, hours; NaN for the edge's own outage time.</summary>
    public double[] Hours { get; }

    /// <summary>Number of edges.</summary>
    public int EdgeCount => Start.Length - 1;

    /// <summary>One query per edge with the edge's own outage time: query index = edge index.</summary>
    /// <param name="edges">Number of edges.</param>
    /// <returns>The durations.</returns>
    public static EdgeDurations Own(int edges)
    {
        var start = new int[edges + 1];
        for (int e = 0; e <= edges; e++)
        {
            start[e] = e;
        }

        var hours = new double[edges];
        Array.Fill(hours, double.NaN);
        return new EdgeDurations(start, hours);
    }
}

/// <summary>
/// What one permanent failure of each branch does to the customers, under the same protection, isolation, switching
/// and alternate-supply rules as <see cref="ReliabilityAssessor"/> with unconstrained transfers (a usable tie picks up
/// the whole part below the fault, whatever its capacity): the expected customers and load points interrupted,
/// customer-hours, energy not supplied, customers transferred to alternate supply before the repair, and an optional
/// duration-weighted customer count (e.g. expected complaints).
/// </summary>
/// <remarks>
/// Arrays are indexed by edge (<see cref="Compute(Net, StudyCase, ReliabilityOptions?, Func{double, double}?)"/>) or by (edge, duration) query (<see cref="ComputeForDurations"/>);
/// edges outside the energised radial tree (ties, de-energised parts) hold 0. With the edge's own outage time each value
/// is the derivative of the corresponding system total with respect to that branch's failure rate, so
/// <c>ΔSAIDI·users = CustomerHours[e]·Δλ</c> exactly; with another duration it is that derivative on the network whose
/// branch takes that duration to restore. Branches with λ = 0 get their consequence too. Immutable.
/// </remarks>
public sealed class FailureConsequences
{
    internal FailureConsequences(int queries)
    {
        CustomersInterrupted = new double[queries];
        LoadPointsInterrupted = new double[queries];
        CustomerHours = new double[queries];
        EnergyNotSuppliedKwh = new double[queries];
        CustomersTransferred = new double[queries];
        WeightedCustomers = new double[queries];
        OutageHours = new double[queries];
    }

    /// <summary>Expected customers interrupted per failure of each edge.</summary>
    public double[] CustomersInterrupted { get; }

    /// <summary>Expected load points (distribution transformers) interrupted per failure.</summary>
    public double[] LoadPointsInterrupted { get; }

    /// <summary>Expected customer-hours interrupted per failure.</summary>
    public double[] CustomerHours { get; }

    /// <summary>Expected energy not supplied per failure, kWh (average load × outage time).</summary>
    public double[] EnergyNotSuppliedKwh { get; }

    /// <summary>Expected customers restored through a normally-open tie before the repair ends, per failure.</summary>
    public double[] CustomersTransferred { get; }

    /// <summary>Σ over interrupted customers of the duration weight w(outage hours), per failure; 0 without a weight.</summary>
    public double[] WeightedCustomers { get; }

    /// <summary>Outage (repair or replacement) time of each edge, or the duration of each query, hours.</summary>
    public double[] OutageHours { get; }

    /// <summary>Computes the consequences of one failure of every branch.</summary>
    /// <param name="network">The network.</param>
    /// <param name="study">Study options (alternate supply, transformer outage mode, switching time, device reliabilities).</param>
    /// <param name="options">Assessment options; null for the defaults.</param>
    /// <param name="durationWeight">Optional w(hours) ≥ 0 summed over interrupted customers (e.g. complaints per customer interruption).</param>
    /// <returns>Per-edge consequences.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="study"/> is null.</exception>
    /// <remarks>
    /// O(N + D + F log C + S·K·C log C) for N nodes, F failing branches and, per segment S, K protection outcomes and C
    /// child segments: one pass over the failure plan, never one trace per failure.
    /// </remarks>
    public static FailureConsequences Compute(Net network, StudyCase study, ReliabilityOptions? options = null, Func<double, double>? durationWeight = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        return ComputeForDurations(network, study, EdgeDurations.Own(network.EdgeCount), options, durationWeight);
    }

    /// <summary>
    /// Computes the consequences of one failure of each branch lasting each of the given durations: the same
    /// protection outcomes, isolation and transfers as a failure of the branch, with the repair ending after the
    /// query's duration instead of the branch's own outage time (e.g. a fuse on the branch failing and being replaced).
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="study">Study options (alternate supply, transformer outage mode, switching time, device reliabilities).</param>
    /// <param name="durations">The durations per edge; its edge count must equal the network's.</param>
    /// <param name="options">Assessment options; null for the defaults.</param>
    /// <param name="durationWeight">Optional w(hours) ≥ 0 summed over interrupted customers.</param>
    /// <returns>Consequences indexed by query (position in <see cref="EdgeDurations.Hours"/>).</returns>
    /// <exception cref="ArgumentNullException">An argument other than the optional ones is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="durations"/> does not have one group per network edge.</exception>
    /// <remarks>
    /// Customer-hours are piecewise linear in the duration r (upstream customers × min(isolation, r) + customers not yet
    /// transferred at r × r + Σ transferred customers × their transfer time), so each query costs one binary search in
    /// its outcome's sorted transfer times: O(N + D + F log C + S·K·C log C + Q·K log C) for Q queries.
    /// </remarks>
    public static FailureConsequences ComputeForDurations(Net network, StudyCase study, EdgeDurations durations, ReliabilityOptions? options = null, Func<double, double>? durationWeight = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(durations);
        ReliabilityAssessor.Validate(study);
        if (durations.EdgeCount != network.EdgeCount)
        {
            throw new ArgumentException($"Durations are grouped over {durations.EdgeCount} edges; the network has {network.EdgeCount}.", nameof(durations));
        }

        options ??= ReliabilityOptions.Default;
        ReliabilityModel model = ReliabilityModel.Create(network, study, options);

        // The consequence of one failure does not depend on λ, but the plan only holds branches that can fail: give the
        // branches without a rate a token one so that every energised branch gets its consequence.
        double[] rate = model.FailureRatePerYear;
        ReadOnlySpan<int> parent = model.Trace.Parent;
        for (int v = 0; v < rate.Length; v++)
        {
            if (parent[v] >= 0 && !(rate[v] > 0))
            {
                rate[v] = 1e-12;
            }
        }

        return Compute(new FailurePlan(model, capacity: false), durationWeight, durations);
    }

    internal static FailureConsequences Compute(FailurePlan plan, Func<double, double>? weight, EdgeDurations durations)
    {
        Net network = plan.Model.Network;
        int[] queryStart = durations.Start;
        double[] queryHours = durations.Hours;
        var result = new FailureConsequences(queryHours.Length);
        ReadOnlySpan<int> pre = plan.PreIndex;
        ReadOnlySpan<int> size = plan.SubtreeSize;
        int positions = plan.Order.Length;

        // Prefix sums over preorder positions: a subtree's customers, load points and kW are two lookups.
        var cumCustomers = new double[positions + 1];
        var cumLoadPoints = new double[positions + 1];
        var cumKw = new double[positions + 1];
        ReadOnlySpan<int> lpNode = network.LoadPointNode;
        ReadOnlySpan<int> customers = network.Customers;
        ReadOnlySpan<double> averageKw = network.AverageKw;
        for (int l = 0; l < lpNode.Length; l++)
        {
            int p = pre[lpNode[l]];
            if (p >= 0)
            {
                cumCustomers[p + 1] += customers[l];
                cumLoadPoints[p + 1] += 1;
                cumKw[p + 1] += averageKw[l];
            }
        }

        for (int i = 0; i < positions; i++)
        {
            cumCustomers[i + 1] += cumCustomers[i];
            cumLoadPoints[i + 1] += cumLoadPoints[i];
            cumKw[i + 1] += cumKw[i];
        }

        int maxChildren = 0;
        for (int z = 0; z < plan.SegmentCount; z++)
        {
            maxChildren = Math.Max(maxChildren, plan.ChildStart[z + 1] - plan.ChildStart[z]);
        }

        // Scratch per (segment, outcome): restorable children sorted by restoration time, with prefix sums.
        var hours = new double[maxChildren];
        var order = new int[maxChildren];
        var cumC = new double[maxChildren + 1];
        var cumCt = new double[maxChildren + 1];
        var cumK = new double[maxChildren + 1];
        var cumKt = new double[maxChildren + 1];
        var cumCw = new double[maxChildren + 1];
        ReadOnlySpan<int> parentEdge = plan.Model.Trace.ParentEdge;
        double[] lambda = plan.Model.FailureRatePerYear;
        for (int z = 0; z < plan.SegmentCount; z++)
        {
            int a = plan.FailureStart[z];
            int b = plan.FailureStart[z + 1];
            if (a == b)
            {
                continue;
            }

            int zTop = plan.SegmentTop[z];
            double zC = Sum(cumCustomers, pre[zTop], size[zTop]);
            double zK = Sum(cumKw, pre[zTop], size[zTop]);
            double up = plan.UpstreamIsolationHours[z];
            int c0 = plan.ChildStart[z];
            int childCount = plan.ChildStart[z + 1] - c0;
            for (int k = plan.OutcomeStart[z]; k < plan.OutcomeStart[z + 1]; k++)
            {
                double p = plan.OutcomeProb[k];
                int top = plan.OutcomeTop[k];
                double topC = Sum(cumCustomers, pre[top], size[top]);
                double topLp = Sum(cumLoadPoints, pre[top], size[top]);
                double topK = Sum(cumKw, pre[top], size[top]);
                double upC = top != zTop ? topC - zC : 0;
                double upK = top != zTop ? topK - zK : 0;

                int r0 = plan.RestoreStart[z] + ((k - plan.OutcomeStart[z]) * childCount);
                int m = 0;
                for (int j = 0; j < childCount; j++)
                {
                    if (!double.IsPositiveInfinity(plan.RestoreHours[r0 + j]))
                    {
                        hours[m] = plan.RestoreHours[r0 + j];
                        order[m] = j;
                        m++;
                    }
                }

                Array.Sort(hours, order, 0, m);
                for (int i = 0; i < m; i++)
                {
                    int childTop = plan.SegmentTop[plan.Children[c0 + order[i]]];
                    double c = Sum(cumCustomers, pre[childTop], size[childTop]);
                    double kw = Sum(cumKw, pre[childTop], size[childTop]);
                    cumC[i + 1] = cumC[i] + c;
                    cumCt[i + 1] = cumCt[i] + (c * hours[i]);
                    cumK[i + 1] = cumK[i] + kw;
                    cumKt[i + 1] = cumKt[i] + (kw * hours[i]);
                    cumCw[i + 1] = cumCw[i] + (weight is null ? 0 : c * weight(hours[i]));
                }

                double restorableC = cumC[m];
                double restorableK = cumK[m];
                for (int f = a; f < b; f++)
                {
                    int v = plan.FailureNode[f];
                    double own = plan.FailureHours[f];
                    int e = parentEdge[v];
                    Debug.Assert(lambda[v] > 0);
                    for (int q = queryStart[e]; q < queryStart[e + 1]; q++)
                    {
                        double r = double.IsNaN(queryHours[q]) ? own : queryHours[q];

                        // Children restored before the repair ends: those with restoration time < r.
                        int idx = LowerBound(hours, m, r);
                        double upHours = top != zTop ? Math.Min(up, r) : 0;
                        double unrestoredC = zC - restorableC + (cumC[m] - cumC[idx]);
                        double unrestoredK = zK - restorableK + (cumK[m] - cumK[idx]);
                        double customerHours = (upC * upHours) + (unrestoredC * r) + cumCt[idx];
                        double kwh = (upK * upHours) + (unrestoredK * r) + cumKt[idx];
                        result.CustomersInterrupted[q] += p * topC;
                        result.LoadPointsInterrupted[q] += p * topLp;
                        result.CustomerHours[q] += p * customerHours;
                        result.EnergyNotSuppliedKwh[q] += p * kwh;
                        result.CustomersTransferred[q] += p * cumC[idx];
                        if (weight is not null)
                        {
                            double weighted = (upC > 0 ? upC * weight(upHours) : 0) + (unrestoredC > 0 ? unrestoredC * weight(r) : 0) + cumCw[idx];
                            result.WeightedCustomers[q] += p * weighted;
                        }

                        result.OutageHours[q] = r;
                    }
                }
            }
        }

        return result;
    }

    private static double Sum(double[] cumulative, int start, int count) => cumulative[start + count] - cumulative[start];

    // Number of the first m sorted values strictly below x.
    private static int LowerBound(double[] sorted, int m, double x)
    {
        int lo = 0;
        int hi = m;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
