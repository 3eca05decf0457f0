using System.Diagnostics;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>
/// Analytical (failure-mode and effect) reliability assessment of radial distribution networks, as in the RELRAD
/// method and the RBTS evaluation rules: every branch with λ &gt; 0 is an independent permanent failure; the nearest
/// upstream protective device clears it (escalating upstream, with expected-value weighting, when a device fails to
/// operate); the switches around the faulted zone isolate it; the healthy part upstream is restored after the
/// isolating switch's operating time, the healthy part downstream through a usable normally-open tie after the switching
/// time; everything else waits for the repair (or transformer replacement). With <see cref="ReliabilityOptions.Restoration"/>
/// limits on (the default), a tie picks up only what fits within the ratings and voltage limit at each load level
/// (whole, split over two ties or in part; see <c>docs/diagnosis.md</c>), and the indices are weighted over the levels.
/// </summary>
/// <remarks>
/// Linear time: one pass per tree, with each outcome applied as range updates on the depth-first preorder (difference
/// arrays), never one network trace per failure. Thread-safe: it keeps no state.
/// </remarks>
public static class ReliabilityAssessor
{
    /// <summary>Assesses <paramref name="network"/> in its normal switch state under <paramref name="study"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="study">Study options: alternate supply, transformer outage mode, switching time, device reliabilities.</param>
    /// <param name="options">Assessment options; null for <see cref="ReliabilityOptions.Default"/>.</param>
    /// <returns>Load-point, system and feeder indices.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="study"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The study's switching time is negative or NaN, or a reliability is outside 0..1.</exception>
    /// <remarks>O(N + D + F log F + Σ tie depth in segments). Load points on de-energised buses get λ = U = 0.</remarks>
    public static ReliabilityResult Assess(Net network, StudyCase study, ReliabilityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        Validate(study);
        options ??= ReliabilityOptions.Default;
        return AssessModel(ReliabilityModel.Create(network, study, options), options);
    }

    internal static void Validate(StudyCase study)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (!(study.SwitchingTimeHours >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(study), study.SwitchingTimeHours, "The switching time must be a non-negative number of hours.");
        }

        if (!(study.FuseReliability >= 0 && study.FuseReliability <= 1) || !(study.BreakerReliability >= 0 && study.BreakerReliability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(study), "Fuse and breaker reliabilities must lie in 0..1.");
        }
    }

    internal static ReliabilityResult AssessModel(ReliabilityModel model, ReliabilityOptions options) => AssessPlan(new FailurePlan(model), options);

    /// <summary>The indices of a failure plan already worked out (the kernel and the sums, not the plan).</summary>
    internal static ReliabilityResult AssessPlan(FailurePlan plan, ReliabilityOptions options)
    {
        ReliabilityModel model = plan.Model;
        Net network = model.Network;
        int lpCount = network.LoadPointCount;
        var lambda = new double[lpCount];
        var unavailability = new double[lpCount];
        var limited = new double[lpCount];
        Evaluate(plan, lambda, unavailability, limited);

        var feeder = new int[lpCount];
        ReadOnlySpan<int> lpNode = network.LoadPointNode;
        ReadOnlySpan<int> feederOf = model.Trace.FeederOf;
        for (int l = 0; l < lpCount; l++)
        {
            feeder[l] = feederOf[lpNode[l]];
        }

        var averageKw = network.AverageKw.ToArray();
        var loadPoints = new LoadPointResults(network.LoadPointIds.ToArray(), model.Users, averageKw, feeder, lambda, unavailability, limited);
        PredictedIndices system = PredictedIndices.Compute(model.Users, averageKw, lambda, unavailability, options.HoursPerYear);
        ReadOnlySpan<string> names = model.Trace.FeederNames;
        var feeders = ComputeFeeders(names, feeder, model.Users, averageKw, lambda, unavailability, limited, options.HoursPerYear);
        double users = 0;
        double limitedHours = 0;
        for (int l = 0; l < lpCount; l++)
        {
            users += model.Users[l];
            limitedHours += model.Users[l] * limited[l];
        }

        double? systemLimited = users > 0 ? limitedHours / users : null;
        return new ReliabilityResult(plan, loadPoints, system, feeders, systemLimited);
    }

    // One pass over the load points into per-feeder sums (a pass per feeder would be O(feeders × L)).
    private static FeederReliability[] ComputeFeeders(
        ReadOnlySpan<string> names,
        int[] feeder,
        double[] users,
        double[] averageKw,
        double[] lambda,
        double[] unavailability,
        double[] limited,
        double hoursPerYear)
    {
        int count = names.Length;
        var sums = new double[count * 3];
        var limitedSums = new double[count];
        for (int l = 0; l < feeder.Length; l++)
        {
            int f = feeder[l];
            if (f < 0)
            {
                continue;
            }

            sums[3 * f] += users[l];
            sums[(3 * f) + 1] += users[l] * lambda[l];
            sums[(3 * f) + 2] += users[l] * unavailability[l];
            limitedSums[f] += users[l] * limited[l];
        }

        var energy = new double[count];
        for (int l = 0; l < feeder.Length; l++)
        {
            if (feeder[l] >= 0)
            {
                energy[feeder[l]] += averageKw[l] * unavailability[l];
            }
        }

        var result = new FeederReliability[count];
        for (int f = 0; f < count; f++)
        {
            double u = sums[3 * f];
            double saifi = u > 0 ? sums[(3 * f) + 1] / u : double.NaN;
            double saidi = u > 0 ? sums[(3 * f) + 2] / u : double.NaN;
            double asui = saidi / hoursPerYear;
            double ens = energy[f] / 1000;
            var indices = new PredictedIndices(saifi, saidi, saifi > 0 ? saidi / saifi : double.NaN, 1 - asui, asui, ens, u > 0 ? ens / u : double.NaN, u);
            result[f] = new FeederReliability(f, names[f], indices, u > 0 ? limitedSums[f] / u : null);
        }

        return result;
    }

    /// <summary>
    /// The kernel: per segment with failures and per protection outcome, range updates of frequency and duration on the
    /// preorder, then one prefix sum. Writes λ and U per load point.
    /// </summary>
    internal static void Evaluate(FailurePlan plan, Span<double> lambda, Span<double> unavailability, Span<double> capacityLimited = default)
    {
        CapacityRestoration? capacity = plan.Capacity;
        ReadOnlySpan<int> pre = plan.PreIndex;
        ReadOnlySpan<int> size = plan.SubtreeSize;
        ReadOnlySpan<int> segTop = plan.SegmentTop;
        int[] failStart = plan.FailureStart;
        double[] cumLambda = plan.CumLambda;
        double[] cumLambdaHours = plan.CumLambdaHours;
        int[] outStart = plan.OutcomeStart;
        int[] outTop = plan.OutcomeTop;
        double[] outProb = plan.OutcomeProb;
        int[] childStart = plan.ChildStart;
        int[] children = plan.Children;
        int[] restoreStart = plan.RestoreStart;
        double[] restoreHours = plan.RestoreHours;
        double[] upstreamHours = plan.UpstreamIsolationHours;
        int positions = plan.Order.Length;

        // Difference arrays over preorder positions: adding x on [a, b) is d[a] += x, d[b] -= x.
        var frequency = new double[positions + 1];
        var duration = new double[positions + 1];
        var limited = new double[capacity is null ? 0 : positions + 1];
        for (int z = 0; z < plan.SegmentCount; z++)
        {
            int a = failStart[z];
            int b = failStart[z + 1];
            if (a == b)
            {
                continue;
            }

            double segmentLambda = cumLambda[b] - cumLambda[a];
            double repairSum = cumLambdaHours[b] - cumLambdaHours[a];
            int zTop = segTop[z];
            int zStart = pre[zTop];
            int zEnd = zStart + size[zTop];
            double upstreamDelta = double.IsNaN(upstreamHours[z]) ? 0 : plan.CappedHours(z, upstreamHours[z]) - repairSum;
            int c0 = childStart[z];
            int childCount = childStart[z + 1] - c0;
            for (int k = outStart[z]; k < outStart[z + 1]; k++)
            {
                double p = outProb[k];
                int top = outTop[k];
                int start = pre[top];
                int end = start + size[top];
                Debug.Assert(start <= zStart && zEnd <= end);
                frequency[start] += p * segmentLambda;
                frequency[end] -= p * segmentLambda;
                duration[start] += p * repairSum;
                duration[end] -= p * repairSum;
                if (top != zTop)
                {
                    // The interrupted area above the faulted subtree is back after the upstream isolation.
                    double d = p * upstreamDelta;
                    duration[start] += d;
                    duration[end] -= d;
                    duration[zStart] -= d;
                    duration[zEnd] += d;
                }

                int r0 = restoreStart[z] + ((k - outStart[z]) * childCount);
                for (int j = 0; j < childCount; j++)
                {
                    double hours = restoreHours[r0 + j];
                    if (double.IsPositiveInfinity(hours))
                    {
                        // No usable tie: the child waits for the repair, limits or not.
                        continue;
                    }

                    if (capacity is not null)
                    {
                        // Restored pieces per load level; the difference from the unconstrained restoration is what the
                        // limits cost (nothing, exactly, at a level where the child comes back whole as fast as unlimited).
                        int childTop = segTop[children[c0 + j]];
                        double free = plan.CappedHours(z, hours) - repairSum;
                        for (int l = 0; l < capacity.LevelCount; l++)
                        {
                            double w = p * capacity.Weights[l];
                            (int first, int last) = capacity.Pieces(r0 + j, l);
                            if (last == first + 1 && capacity.PieceTop[first] == childTop && capacity.PieceCut[first] < 0 && capacity.PieceHours[first] == hours)
                            {
                                AddRange(duration, pre[childTop], size[childTop], w * free);
                                continue;
                            }

                            AddRange(limited, pre[childTop], size[childTop], -w * free);
                            for (int i = first; i < last; i++)
                            {
                                double d = w * (plan.CappedHours(z, capacity.PieceHours[i]) - repairSum);
                                int pieceTop = capacity.PieceTop[i];
                                int cut = capacity.PieceCut[i];
                                AddRange(duration, pre[pieceTop], size[pieceTop], d);
                                AddRange(limited, pre[pieceTop], size[pieceTop], d);
                                if (cut >= 0)
                                {
                                    AddRange(duration, pre[cut], size[cut], -d);
                                    AddRange(limited, pre[cut], size[cut], -d);
                                }
                            }
                        }

                        continue;
                    }

                    int cTop = segTop[children[c0 + j]];
                    int cStart = pre[cTop];
                    double dd = p * (plan.CappedHours(z, hours) - repairSum);
                    duration[cStart] += dd;
                    duration[cStart + size[cTop]] -= dd;
                }
            }
        }

        double runningFrequency = 0;
        double runningDuration = 0;
        double runningLimited = 0;
        for (int i = 0; i < positions; i++)
        {
            runningFrequency += frequency[i];
            runningDuration += duration[i];
            frequency[i] = runningFrequency;
            duration[i] = runningDuration;
            if (capacity is not null)
            {
                runningLimited += limited[i];
                limited[i] = runningLimited;
            }
        }

        ReadOnlySpan<int> lpNode = plan.Model.Network.LoadPointNode;
        for (int l = 0; l < lpNode.Length; l++)
        {
            int position = pre[lpNode[l]];
            lambda[l] = position < 0 ? 0 : frequency[position];
            unavailability[l] = position < 0 ? 0 : duration[position];
            if (!capacityLimited.IsEmpty)
            {
                // Opposite range updates elsewhere in the prefix sum leave round-off (±1e-17) where the limits cost nothing.
                double part = position < 0 || capacity is null ? 0 : limited[position];
                capacityLimited[l] = part > 1e-12 * Math.Max(1, unavailability[l]) ? part : 0;
            }
        }
    }

    // Adds x on the preorder positions [start, start + count) of a difference array.
    private static void AddRange(double[] difference, int start, int count, double x)
    {
        difference[start] += x;
        difference[start + count] -= x;
    }
}
