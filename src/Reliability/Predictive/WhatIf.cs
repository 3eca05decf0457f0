using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>One change of a what-if scenario, applied to the reliability model without rebuilding the network.</summary>
/// <remarks>Immutable. The concrete changes are the sealed records deriving from it.</remarks>
public abstract record WhatIfChange;

/// <summary>Adds a device (sectionaliser, recloser, fuse, switch …) at one end of an energised branch.</summary>
/// <param name="Edge">The branch; it must be part of the normal radial tree (not a tie).</param>
/// <param name="AtNode">The branch end where it sits.</param>
/// <param name="Kind">Device kind; breakers, reclosers and fuses also clear faults.</param>
/// <param name="Id">Id used in explanations.</param>
public sealed record AddDevice(EdgeIndex Edge, NodeIndex AtNode, DeviceKind Kind, string Id) : WhatIfChange
{
    /// <summary>True for a remote-controlled or automatic switch.</summary>
    public bool Automated { get; init; }

    /// <summary>Own operating time in hours; NaN for the automated or study switching time.</summary>
    public double OperatingTimeHours { get; init; } = double.NaN;

    /// <summary>Probability that it clears a fault it sees (protective kinds), 0..1; 1 means the study's reliability.</summary>
    public double OperatingProbability { get; init; } = 1.0;
}

/// <summary>Removes a device that sits on a branch of the radial tree (not a tie's normally-open switch).</summary>
/// <param name="Device">The device.</param>
public sealed record RemoveDevice(DeviceIndex Device) : WhatIfChange;

/// <summary>Makes a device (a sectionalising switch or a tie's switch) remote-controlled.</summary>
/// <param name="Device">The device.</param>
public sealed record AutomateDevice(DeviceIndex Device) : WhatIfChange
{
    /// <summary>Operating time once automated, in hours; NaN for the options' automated switching time.</summary>
    public double OperatingTimeHours { get; init; } = double.NaN;
}

/// <summary>Adds a normally-open tie between two energised buses.</summary>
/// <param name="A">One end.</param>
/// <param name="B">The other end.</param>
/// <param name="Id">Id used in explanations.</param>
public sealed record AddTie(NodeIndex A, NodeIndex B, string Id) : WhatIfChange
{
    /// <summary>Time to close it, in hours; NaN for the study's switching time.</summary>
    public double SwitchingTimeHours { get; init; } = double.NaN;
}

/// <summary>Removes a normally-open tie (the alternate supply through it is lost).</summary>
/// <param name="Tie">The tie branch.</param>
public sealed record RemoveTie(EdgeIndex Tie) : WhatIfChange;

/// <summary>Changes a branch's failure rate (e.g. after undergrounding or tree trimming).</summary>
/// <param name="Edge">The branch.</param>
/// <param name="FailureRatePerYear">New permanent failure rate, failures per year, ≥ 0.</param>
public sealed record ChangeFailureRate(EdgeIndex Edge, double FailureRatePerYear) : WhatIfChange;

/// <summary>The effect of a what-if scenario.</summary>
/// <param name="Baseline">Results of the network as it is.</param>
/// <param name="Scenario">Results with the changes applied.</param>
/// <param name="DeltaSaifi">Scenario − baseline SAIFI, interruptions per user per year.</param>
/// <param name="DeltaSaidi">Scenario − baseline SAIDI, hours per user per year.</param>
/// <param name="DeltaEnsMwhPerYear">Scenario − baseline ENS, MWh per year.</param>
/// <param name="CustomersAffected">Customers of the load points whose λ or U changed.</param>
/// <param name="LoadPointsAffected">Number of load points whose λ or U changed.</param>
public sealed record WhatIfResult(
    ReliabilityResult Baseline,
    ReliabilityResult Scenario,
    double DeltaSaifi,
    double DeltaSaidi,
    double DeltaEnsMwhPerYear,
    long CustomersAffected,
    int LoadPointsAffected);

/// <summary>Evaluates what-if scenarios on an existing network without re-importing or rebuilding it.</summary>
/// <remarks>Each evaluation is two linear assessments. Thread-safe: it keeps no state.</remarks>
public static class WhatIfAnalysis
{
    /// <summary>Applies <paramref name="changes"/> in order and compares the result with the network as it is.</summary>
    /// <param name="network">The network.</param>
    /// <param name="study">Study options.</param>
    /// <param name="changes">The changes.</param>
    /// <param name="options">Assessment options; null for the defaults.</param>
    /// <returns>Baseline, scenario and the differences.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A change names an element that does not exist or cannot be changed that way.</exception>
    /// <remarks>O(N + D + F log F + C) for C changes.</remarks>
    public static WhatIfResult Evaluate(Net network, StudyCase study, IEnumerable<WhatIfChange> changes, ReliabilityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(changes);
        ReliabilityAssessor.Validate(study);
        options ??= ReliabilityOptions.Default;
        ReliabilityModel model = ReliabilityModel.Create(network, study, options);
        ReliabilityResult baseline = ReliabilityAssessor.AssessModel(model, options);
        ReliabilityModel scenario = model.Clone();
        foreach (WhatIfChange change in changes)
        {
            Apply(scenario, change);
        }

        return Compare(baseline, ReliabilityAssessor.AssessModel(scenario, options), network);
    }

    internal static WhatIfResult Compare(ReliabilityResult baseline, ReliabilityResult scenario, Net network)
    {
        long customers = 0;
        int affected = 0;
        ReadOnlySpan<int> lpCustomers = network.Customers;
        for (int l = 0; l < lpCustomers.Length; l++)
        {
            if (Changed(baseline.LoadPoints.FailureRatePerYear[l], scenario.LoadPoints.FailureRatePerYear[l])
                || Changed(baseline.LoadPoints.UnavailabilityHoursPerYear[l], scenario.LoadPoints.UnavailabilityHoursPerYear[l]))
            {
                customers += lpCustomers[l];
                affected++;
            }
        }

        return new WhatIfResult(
            baseline,
            scenario,
            scenario.System.Saifi - baseline.System.Saifi,
            scenario.System.Saidi - baseline.System.Saidi,
            scenario.System.EnsMwhPerYear - baseline.System.EnsMwhPerYear,
            customers,
            affected);
    }

    internal static void Apply(ReliabilityModel model, WhatIfChange change)
    {
        Net net = model.Network;
        switch (change)
        {
            case AddDevice add:
            {
                int child = TreeChild(model, add.Edge.Value, nameof(change));
                int p = model.Trace.Parent[child];
                if (add.AtNode.Value != p && add.AtNode.Value != child)
                {
                    throw new ArgumentException($"Bus {add.AtNode.Value} is not an end of branch '{net.EdgeIds[add.Edge.Value]}'.", nameof(change));
                }

                model.Devices.Add(NewDevice(model, child, add.AtNode.Value == p, add.Kind, add.Automated, add.OperatingTimeHours, add.OperatingProbability, add.Id));
                break;
            }

            case RemoveDevice remove:
            {
                int index = FindDevice(model, remove.Device.Value);
                if (index < 0)
                {
                    throw new ArgumentException($"Device {remove.Device.Value} is not on a branch of the radial tree (a tie switch is removed with RemoveTie).", nameof(change));
                }

                model.Devices.RemoveAt(index);
                break;
            }

            case AutomateDevice automate:
            {
                double hours = double.IsNaN(automate.OperatingTimeHours) ? model.AutomatedHours : automate.OperatingTimeHours;
                int index = FindDevice(model, automate.Device.Value);
                if (index >= 0)
                {
                    model.Devices[index] = model.Devices[index] with { SwitchingHours = hours };
                    break;
                }

                int edge = DeviceEdge(net, automate.Device.Value);
                int tie = model.Ties.FindIndex(t => t.Edge == edge);
                if (tie < 0)
                {
                    throw new ArgumentException($"Device {automate.Device.Value} is neither on the radial tree nor on a usable tie.", nameof(change));
                }

                model.Ties[tie] = model.Ties[tie] with { SwitchingHours = Math.Min(model.Ties[tie].SwitchingHours, hours) };
                break;
            }

            case AddTie tie:
            {
                CheckNode(net, tie.A.Value);
                CheckNode(net, tie.B.Value);
                if (tie.A.Value == tie.B.Value)
                {
                    throw new ArgumentException("A tie needs two different buses.", nameof(change));
                }

                double hours = double.IsNaN(tie.SwitchingTimeHours) ? model.Study.SwitchingTimeHours : tie.SwitchingTimeHours;
                model.Ties.Add(new ModelTie(tie.A.Value, tie.B.Value, hours, tie.Id, -1));
                break;
            }

            case RemoveTie remove:
            {
                if (model.Ties.RemoveAll(t => t.Edge == remove.Tie.Value) == 0)
                {
                    throw new ArgumentException($"Branch {remove.Tie.Value} is not a normally-open tie between energised buses.", nameof(change));
                }

                break;
            }

            case ChangeFailureRate rate:
            {
                ArgumentOutOfRangeException.ThrowIfNegative(rate.FailureRatePerYear, nameof(change));
                int child = TreeChild(model, rate.Edge.Value, nameof(change));
                model.FailureRatePerYear[child] = rate.FailureRatePerYear;
                break;
            }

            default:
                throw new ArgumentException($"Unknown change {change.GetType().Name}.", nameof(change));
        }
    }

    internal static ModelDevice NewDevice(ReliabilityModel model, int child, bool atParentEnd, DeviceKind kind, bool automated, double operatingHours, double probability, string id)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The operating probability must lie in 0..1.");
        }

        bool automatic = automated || kind == DeviceKind.Sectionaliser;
        double hours = !double.IsNaN(operatingHours) ? operatingHours : automatic ? model.AutomatedHours : model.Study.SwitchingTimeHours;
        bool protective = kind.IsProtective();
        double success = !protective ? 0 : probability < 1 ? probability : kind == DeviceKind.Fuse ? model.Study.FuseReliability : model.Study.BreakerReliability;
        return new ModelDevice(child, atParentEnd, protective, hours, success, id, -1);
    }

    internal static int TreeChild(ReliabilityModel model, int edge, string parameter)
    {
        Net net = model.Network;
        if (edge < 0 || edge >= net.EdgeCount)
        {
            throw new ArgumentException($"Branch {edge} does not exist.", parameter);
        }

        ReadOnlySpan<int> parentEdge = model.Trace.ParentEdge;
        int a = net.EdgeFrom[edge];
        int b = net.EdgeTo[edge];
        int child = parentEdge[b] == edge ? b : parentEdge[a] == edge ? a : -1;
        if (child < 0)
        {
            throw new ArgumentException($"Branch '{net.EdgeIds[edge]}' is not part of the energised radial tree.", parameter);
        }

        return child;
    }

    private static int FindDevice(ReliabilityModel model, int device)
    {
        List<ModelDevice> devices = model.Devices;
        for (int i = 0; i < devices.Count; i++)
        {
            if (devices[i].NetworkDevice == device)
            {
                return i;
            }
        }

        return -1;
    }

    private static int DeviceEdge(Net net, int device)
    {
        if (device < 0 || device >= net.DeviceCount)
        {
            throw new ArgumentException($"Device {device} does not exist.", nameof(device));
        }

        return net.DeviceEdge[device];
    }

    private static void CheckNode(Net net, int node)
    {
        if (node < 0 || node >= net.NodeCount)
        {
            throw new ArgumentException($"Bus {node} does not exist.", nameof(node));
        }
    }

    private static bool Changed(double a, double b) => Math.Abs(a - b) > 1e-12 * Math.Max(1, Math.Abs(a));
}
