using System.Diagnostics;
using Lumen.Topology.Network;
using Lumen.Topology.Tracing;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>A switching or protective device as the reliability kernels see it.</summary>
/// <param name="Node">Child node of the tree edge the device sits on (edges are indexed by their downstream node).</param>
/// <param name="AtParentEnd">True when the device sits at the source-side end of the edge.</param>
/// <param name="Protective">True for breakers, reclosers and fuses (they clear faults).</param>
/// <param name="SwitchingHours">Time to operate it for isolation, in hours.</param>
/// <param name="SuccessProbability">Probability that it clears a fault it sees (protective devices only).</param>
/// <param name="Id">Device id, for explanations.</param>
/// <param name="NetworkDevice">Index of the device in the network; -1 for a device added by a what-if.</param>
internal readonly record struct ModelDevice(int Node, bool AtParentEnd, bool Protective, double SwitchingHours, double SuccessProbability, string Id, int NetworkDevice);

/// <summary>A normally-open tie between two energised nodes.</summary>
/// <param name="A">One end.</param>
/// <param name="B">The other end.</param>
/// <param name="SwitchingHours">Time to close it, in hours.</param>
/// <param name="Id">Tie id (branch id), for explanations.</param>
/// <param name="Edge">Edge index of the tie in the network; -1 for a tie added by a what-if.</param>
internal readonly record struct ModelTie(int A, int B, double SwitchingHours, string Id, int Edge);

/// <summary>
/// The inputs of the reliability kernels: the normal radial tree of a network plus per-edge failure data, devices and
/// ties as plain arrays and lists, so that what-if changes (add a switch, automate it, add a tie, change a rate) need
/// no new <see cref="Net"/>: the tree never changes, because devices are closed and ties are open in normal operation.
/// </summary>
/// <remarks>
/// Tree edges are indexed by their downstream (child) node: edge data of node <c>v</c> describes the edge
/// <c>Parent[v]</c>–<c>v</c>. Roots (sources) and de-energised nodes carry λ = 0. Not thread-safe while being changed;
/// <see cref="Clone"/> gives an independent copy for a what-if.
/// </remarks>
internal sealed class ReliabilityModel
{
    private ReliabilityModel(
        Net network,
        RadialTrace trace,
        double[] failureRatePerYear,
        double[] outageHours,
        List<ModelDevice> devices,
        List<ModelTie> ties,
        double[] users,
        StudyCase study,
        double automatedHours,
        RestorationLimits restoration,
        LoadLevels levels)
    {
        Network = network;
        Trace = trace;
        FailureRatePerYear = failureRatePerYear;
        OutageHours = outageHours;
        Devices = devices;
        Ties = ties;
        Users = users;
        Study = study;
        AutomatedHours = automatedHours;
        Restoration = restoration;
        Levels = levels;
    }

    public Net Network { get; }

    public RadialTrace Trace { get; }

    public int NodeCount => Network.NodeCount;

    // λ of the parent edge of each node, f/yr; 0 for roots and de-energised nodes.
    public double[] FailureRatePerYear { get; }

    // Outage time (repair, or replacement for transformers when the study says so) of each node's parent edge, hours.
    public double[] OutageHours { get; }

    public List<ModelDevice> Devices { get; }

    public List<ModelTie> Ties { get; }

    // Users per load point: customers, or 1 per load point when each distribution transformer is one user.
    public double[] Users { get; }

    public StudyCase Study { get; }

    // Operating time of automated switches without an own time, hours.
    public double AutomatedHours { get; }

    public bool AlternateSupply => Study.AlternateSupply;

    // Limits on transfers through ties, and the load levels they are checked at.
    public RestorationLimits Restoration { get; }

    public LoadLevels Levels { get; }

    public static ReliabilityModel Create(Net network, StudyCase study, ReliabilityOptions options)
    {
        RadialTrace trace = network.Normal;
        int n = network.NodeCount;
        ReadOnlySpan<int> parentEdge = trace.ParentEdge;
        ReadOnlySpan<double> lambda = network.FailureRatePerYear;
        ReadOnlySpan<double> repair = network.RepairHours;
        ReadOnlySpan<double> replacement = network.ReplacementHours;
        ReadOnlySpan<BranchKind> kinds = network.EdgeKinds;
        bool replace = study.TransformerOutage == TransformerOutageMode.Replacement;
        var rate = new double[n];
        var outage = new double[n];
        for (int v = 0; v < n; v++)
        {
            int e = parentEdge[v];
            if (e < 0)
            {
                continue;
            }

            rate[v] = lambda[e];
            outage[v] = replace && kinds[e] == BranchKind.Transformer && !double.IsNaN(replacement[e]) ? replacement[e] : repair[e];
        }

        double automatedHours = options.AutomatedSwitchingTime.TotalHours;
        var devices = new List<ModelDevice>(network.DeviceCount);
        ReadOnlySpan<int> parent = trace.Parent;
        ReadOnlySpan<int> deviceEdge = network.DeviceEdge;
        ReadOnlySpan<int> deviceNode = network.DeviceNode;
        ReadOnlySpan<int> from = network.EdgeFrom;
        ReadOnlySpan<int> to = network.EdgeTo;
        for (int d = 0; d < network.DeviceCount; d++)
        {
            int e = deviceEdge[d];
            int child = parentEdge[to[e]] == e ? to[e] : parentEdge[from[e]] == e ? from[e] : -1;
            if (child < 0)
            {
                // Not on a tree edge: a tie's switch (its time is taken below) or a device in a de-energised area.
                continue;
            }

            devices.Add(new ModelDevice(
                child,
                deviceNode[d] == parent[child],
                network.DeviceKinds[d].IsProtective(),
                SwitchingHours(network, d, study, automatedHours),
                SuccessProbability(network, d, study),
                network.DeviceIds[d],
                d));
        }

        var ties = new List<ModelTie>(trace.TieEdges.Length);
        foreach (int t in trace.TieEdges)
        {
            double hours = double.PositiveInfinity;
            foreach (int d in network.DevicesOn(t))
            {
                hours = Math.Min(hours, SwitchingHours(network, d, study, automatedHours));
            }

            ties.Add(new ModelTie(from[t], to[t], double.IsPositiveInfinity(hours) ? study.SwitchingTimeHours : hours, network.EdgeIds[t], t));
        }

        var users = new double[network.LoadPointCount];
        ReadOnlySpan<int> customers = network.Customers;
        for (int l = 0; l < users.Length; l++)
        {
            users[l] = options.Users == UserCounting.Customers ? customers[l] : 1.0;
        }

        RestorationLimits restoration = options.Restoration ?? RestorationLimits.Default;
        restoration.Validate();
        LoadLevels levels = restoration.Levels ?? LoadLevels.Default(LoadFactor(network));
        return new ReliabilityModel(network, trace, rate, outage, devices, ties, users, study, automatedHours, restoration, levels);
    }

    /// <summary>Σ average kW / Σ peak kW over the load points that give both; 0.55 (an assumption, see docs/diagnosis.md) when none does.</summary>
    public static double LoadFactor(Net network)
    {
        double average = 0;
        double peak = 0;
        ReadOnlySpan<double> peaks = network.PeakKw;
        ReadOnlySpan<double> averages = network.AverageKw;
        for (int l = 0; l < peaks.Length; l++)
        {
            if (peaks[l] > 0 && averages[l] > 0)
            {
                average += averages[l];
                peak += peaks[l];
            }
        }

        return peak > 0 ? Math.Clamp(average / peak, 0.05, 1) : 0.55;
    }

    /// <summary>Switching time of a device: its own operating time, else the automated or the manual (study) time.</summary>
    public static double SwitchingHours(Net network, int device, StudyCase study, double automatedHours)
    {
        double own = network.DeviceOperatingTimeHours[device];
        if (!double.IsNaN(own))
        {
            return own;
        }

        // A sectionaliser opens by itself in the dead time of the upstream recloser: it is automatic by nature.
        bool automatic = network.DeviceAutomated[device] || network.DeviceKinds[device] == DeviceKind.Sectionaliser;
        return automatic ? automatedHours : study.SwitchingTimeHours;
    }

    /// <summary>
    /// Probability that a protective device clears a fault it sees: its own probability when below 1, else the study's
    /// fuse or breaker reliability (1.0, the builder's default, means "not given").
    /// </summary>
    public static double SuccessProbability(Net network, int device, StudyCase study)
    {
        DeviceKind kind = network.DeviceKinds[device];
        if (!kind.IsProtective())
        {
            return 0;
        }

        double own = network.DeviceOperatingProbability[device];
        if (own < 1)
        {
            return own;
        }

        return kind == DeviceKind.Fuse ? study.FuseReliability : study.BreakerReliability;
    }

    public ReliabilityModel Clone() => new(
        Network,
        Trace,
        (double[])FailureRatePerYear.Clone(),
        (double[])OutageHours.Clone(),
        new List<ModelDevice>(Devices),
        new List<ModelTie>(Ties),
        Users,
        Study,
        AutomatedHours,
        Restoration,
        Levels);

    [Conditional("DEBUG")]
    public void AssertTreeEdge(int node) => Debug.Assert(node >= 0 && node < NodeCount && Trace.Parent[node] >= 0);
}
