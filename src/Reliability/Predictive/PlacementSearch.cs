using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>A candidate position for a new device and what it would change.</summary>
/// <param name="Edge">The branch; the device goes at its source-side end.</param>
/// <param name="EdgeId">The branch id.</param>
/// <param name="DeltaSaifi">Change of system SAIFI, interruptions per user per year (negative is better).</param>
/// <param name="DeltaSaidi">Change of system SAIDI, hours per user per year (negative is better).</param>
/// <param name="DeltaEnsMwhPerYear">Change of ENS, MWh per year.</param>
/// <param name="CustomersAffected">Customers of the load points whose λ or U changes.</param>
public sealed record PlacementCandidate(EdgeIndex Edge, string EdgeId, double DeltaSaifi, double DeltaSaidi, double DeltaEnsMwhPerYear, long CustomersAffected);

/// <summary>Ranks the positions on a feeder for a new sectionaliser, automated switch or recloser.</summary>
/// <remarks>Thread-safe: it keeps no state.</remarks>
public static class PlacementSearch
{
    /// <summary>
    /// The <paramref name="count"/> best branches of feeder <paramref name="feeder"/> for a new device of
    /// <paramref name="kind"/> at the branch's source-side end, best (most negative ΔSAIDI) first. Branches that already
    /// carry a device at that end are skipped.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="study">Study options.</param>
    /// <param name="feeder">Feeder index (as in <c>network.Normal.FeederNames</c>).</param>
    /// <param name="kind">Device kind to place (sectionaliser, load-break switch, recloser, fuse …).</param>
    /// <param name="automated">True to place a remote-controlled device.</param>
    /// <param name="count">How many candidates to return, ≥ 1.</param>
    /// <param name="options">Assessment options; null for the defaults.</param>
    /// <returns>At most <paramref name="count"/> candidates, ΔSAIDI ascending (ties by ΔENS).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="study"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="feeder"/> is not a feeder index, or <paramref name="count"/> &lt; 1.</exception>
    /// <remarks>
    /// The network is never rebuilt: each candidate adds one device to a copy of the reliability model that keeps only
    /// the failures the device can affect (the feeder's source tree and the trees its ties reach), runs the kernel and
    /// sums the change of every load point. The protection chains, isolation and capacity-limited transfers are worked
    /// out for those failures only, the rest is a few linear passes: O(N + B · (N + D + W)) for B branches on the feeder
    /// and W the work of the kept failures.
    /// </remarks>
    public static IReadOnlyList<PlacementCandidate> FindBest(
        Net network,
        StudyCase study,
        int feeder,
        DeviceKind kind,
        bool automated,
        int count,
        ReliabilityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ReliabilityAssessor.Validate(study);
        ArgumentOutOfRangeException.ThrowIfNegative(feeder);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(feeder, network.Normal.FeederNames.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        List<PlacementCandidate> candidates = Candidates(network, study, feeder, kind, automated, options ?? ReliabilityOptions.Default);
        candidates.Sort(static (a, b) =>
        {
            int bySaidi = a.DeltaSaidi.CompareTo(b.DeltaSaidi);
            return bySaidi != 0 ? bySaidi : a.DeltaEnsMwhPerYear.CompareTo(b.DeltaEnsMwhPerYear);
        });
        return candidates.Count <= count ? candidates : candidates.GetRange(0, count);
    }

    /// <summary>Every candidate of the feeder, in branch order (unsorted).</summary>
    /// <remarks>
    /// The kernel's λ and U of a load point are sums over the faulted segments, each term depending only on that
    /// segment's own failures and on the devices and ties its protection, isolation and restoration use. A device on
    /// feeder F changes only the terms of failures in F's source tree and, under capacity limits, of failures whose
    /// cut-off parts a feeder receiving through a tie to F may make room for by handing on a subtree cut at F's
    /// switches (a chained transfer; one level deep by the restoration rule): failures in the trees of the far ends
    /// of F's ties. So every candidate runs on a model without the other failures (their segments carry no outcomes,
    /// hence no transfers to solve), and the change of each load point is exact; the baseline of the other failures is
    /// never recomputed.
    /// </remarks>
    internal static List<PlacementCandidate> Candidates(Net network, StudyCase study, int feeder, DeviceKind kind, bool automated, ReliabilityOptions options)
    {
        ReliabilityModel model = ReliabilityModel.Create(network, study, options);
        int lpCount = network.LoadPointCount;
        var fullLambda = new double[lpCount];
        var fullU = new double[lpCount];
        ReliabilityAssessor.Evaluate(new FailurePlan(model), fullLambda, fullU);

        ReliabilityModel local = WithoutUnaffectedFailures(model, feeder);
        var baseLambda = new double[lpCount];
        var baseU = new double[lpCount];
        ReliabilityAssessor.Evaluate(new FailurePlan(local), baseLambda, baseU);
        double[] users = model.Users;
        ReadOnlySpan<double> averageKw = network.AverageKw;
        ReadOnlySpan<int> customers = network.Customers;
        double totalUsers = 0;
        for (int l = 0; l < lpCount; l++)
        {
            totalUsers += users[l];
        }

        var lambda = new double[lpCount];
        var unavailability = new double[lpCount];
        var candidates = new List<PlacementCandidate>();
        foreach ((int edge, int child) in Positions(model, feeder))
        {
            ReliabilityModel scenario = local.Clone();
            scenario.Devices.Add(WhatIfAnalysis.NewDevice(scenario, child, atParentEnd: true, kind, automated, double.NaN, 1.0, "candidate"));
            ReliabilityAssessor.Evaluate(new FailurePlan(scenario), lambda, unavailability);

            // Σ of the differences, not the difference of the sums: exact where nothing changed, and no cancellation.
            double frequency = 0;
            double duration = 0;
            double energyKwh = 0;
            long affected = 0;
            for (int l = 0; l < lpCount; l++)
            {
                double dl = lambda[l] - baseLambda[l];
                double du = unavailability[l] - baseU[l];
                if (dl == 0 && du == 0)
                {
                    continue;
                }

                frequency += users[l] * dl;
                duration += users[l] * du;
                energyKwh += averageKw[l] * du;
                if (WhatIfAnalysis.Changed(fullLambda[l], fullLambda[l] + dl) || WhatIfAnalysis.Changed(fullU[l], fullU[l] + du))
                {
                    affected += customers[l];
                }
            }

            double saifi = totalUsers > 0 ? frequency / totalUsers : double.NaN;
            double saidi = totalUsers > 0 ? duration / totalUsers : double.NaN;
            candidates.Add(new PlacementCandidate(new EdgeIndex(edge), network.EdgeIds[edge], saifi, saidi, energyKwh / 1000, affected));
        }

        return candidates;
    }

    // A copy of the model whose only failures are those a device on the feeder can affect (see Candidates).
    private static ReliabilityModel WithoutUnaffectedFailures(ReliabilityModel model, int feeder)
    {
        ReadOnlySpan<int> sourceOf = model.Trace.SourceOf;
        ReadOnlySpan<int> feederOf = model.Trace.FeederOf;
        int n = model.NodeCount;
        var keepSource = new bool[n];
        for (int v = 0; v < n; v++)
        {
            if (feederOf[v] == feeder && sourceOf[v] >= 0)
            {
                keepSource[sourceOf[v]] = true;
            }
        }

        foreach (ModelTie tie in model.Ties)
        {
            if (feederOf[tie.A] == feeder && sourceOf[tie.B] >= 0)
            {
                keepSource[sourceOf[tie.B]] = true;
            }

            if (feederOf[tie.B] == feeder && sourceOf[tie.A] >= 0)
            {
                keepSource[sourceOf[tie.A]] = true;
            }
        }

        ReliabilityModel local = model.Clone();
        double[] rate = local.FailureRatePerYear;
        for (int v = 0; v < n; v++)
        {
            if (sourceOf[v] < 0 || !keepSource[sourceOf[v]])
            {
                rate[v] = 0;
            }
        }

        return local;
    }

    /// <summary>
    /// The brute-force oracle of <see cref="Candidates"/>: a whole assessment (result document and all) per candidate,
    /// compared as a what-if.
    /// </summary>
    internal static List<PlacementCandidate> CandidatesByReassessment(Net network, StudyCase study, int feeder, DeviceKind kind, bool automated, ReliabilityOptions options)
    {
        ReliabilityModel model = ReliabilityModel.Create(network, study, options);
        ReliabilityResult baseline = ReliabilityAssessor.AssessModel(model, options);
        var candidates = new List<PlacementCandidate>();
        foreach ((int edge, int child) in Positions(model, feeder))
        {
            ReliabilityModel scenario = model.Clone();
            scenario.Devices.Add(WhatIfAnalysis.NewDevice(scenario, child, atParentEnd: true, kind, automated, double.NaN, 1.0, "candidate"));
            WhatIfResult effect = WhatIfAnalysis.Compare(baseline, ReliabilityAssessor.AssessModel(scenario, options), network);
            candidates.Add(new PlacementCandidate(new EdgeIndex(edge), network.EdgeIds[edge], effect.DeltaSaifi, effect.DeltaSaidi, effect.DeltaEnsMwhPerYear, effect.CustomersAffected));
        }

        return candidates;
    }

    // The feeder's tree branches (edge, child node) whose source-side end carries no device yet.
    private static List<(int Edge, int Child)> Positions(ReliabilityModel model, int feeder)
    {
        Net network = model.Network;
        var taken = new bool[network.NodeCount];
        foreach (ModelDevice d in model.Devices)
        {
            if (d.AtParentEnd)
            {
                taken[d.Node] = true;
            }
        }

        ReadOnlySpan<int> feederOfEdge = network.Normal.FeederOfEdge;
        var positions = new List<(int Edge, int Child)>();
        for (int e = 0; e < network.EdgeCount; e++)
        {
            if (feederOfEdge[e] != feeder)
            {
                continue;
            }

            int child = WhatIfAnalysis.TreeChild(model, e, nameof(feeder));
            if (!taken[child])
            {
                positions.Add((e, child));
            }
        }

        return positions;
    }
}
