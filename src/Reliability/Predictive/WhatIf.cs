using Lumen.Topology.Network;
using Lumen.Topology.Requests;
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
        (WhatIfResult? result, List<(int Change, FieldProblem Problem)> problems) = TryEvaluate(network, study, [.. changes], options);
        return result ?? throw new ArgumentException($"change {problems[0].Change}, {problems[0].Problem.Field}: {problems[0].Problem.Message}", nameof(changes));
    }

    /// <summary>
    /// <see cref="Evaluate"/>, with the changes that cannot be applied as problems instead of an exception. Changes apply
    /// in order (one may need an earlier one); one that cannot be applied is skipped, so every problem is found at once.
    /// </summary>
    /// <returns>The result, or null and the problems (by index of the change, on its field).</returns>
    internal static (WhatIfResult? Result, List<(int Change, FieldProblem Problem)> Problems) TryEvaluate(
        Net network, StudyCase study, IReadOnlyList<WhatIfChange> changes, ReliabilityOptions? options)
    {
        ReliabilityAssessor.Validate(study);
        options ??= ReliabilityOptions.Default;
        ReliabilityModel model = ReliabilityModel.Create(network, study, options);
        ReliabilityResult baseline = ReliabilityAssessor.AssessModel(model, options);
        ReliabilityModel scenario = model.Clone();
        var problems = new List<(int Change, FieldProblem Problem)>();
        for (int i = 0; i < changes.Count; i++)
        {
            if (Apply(scenario, changes[i]) is { } problem)
            {
                problems.Add((i, problem));
            }
        }

        return problems.Count > 0 ? (null, problems) : (Compare(baseline, ReliabilityAssessor.AssessModel(scenario, options), network), problems);
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

    /// <summary>Applies one change to <paramref name="model"/>, or says why it cannot be applied (and leaves the model as it was).</summary>
    /// <returns>Null when applied; else the problem, on the field of the change as a planner names it (<c>branch</c>, <c>at_bus</c>, <c>device</c>, <c>bus_a</c>, <c>bus_b</c>, <c>failure_rate_per_year</c>).</returns>
    internal static FieldProblem? Apply(ReliabilityModel model, WhatIfChange change)
    {
        Net net = model.Network;
        switch (change)
        {
            case AddDevice add:
            {
                int child = TreeChildOrNone(model, add.Edge.Value);
                if (child < 0)
                {
                    return NotOnTree(net, add.Edge.Value);
                }

                int p = model.Trace.Parent[child];
                if (add.AtNode.Value != p && add.AtNode.Value != child)
                {
                    return new FieldProblem("at_bus", $"{NodeName(net, add.AtNode.Value)} is not an end of branch '{net.EdgeIds[add.Edge.Value]}'", NotFound: true);
                }

                if (!(add.OperatingProbability >= 0 && add.OperatingProbability <= 1))
                {
                    return new FieldProblem("operating_probability", "must lie in 0..1");
                }

                model.Devices.Add(NewDevice(model, child, add.AtNode.Value == p, add.Kind, add.Automated, add.OperatingTimeHours, add.OperatingProbability, add.Id));
                return null;
            }

            case RemoveDevice remove:
            {
                int index = FindDevice(model, remove.Device.Value);
                if (index < 0)
                {
                    return new FieldProblem("device", $"{DeviceName(net, remove.Device.Value)} is not on a branch of the radial tree (a tie's switch goes with remove_tie)", NotFound: true);
                }

                model.Devices.RemoveAt(index);
                return null;
            }

            case AutomateDevice automate:
            {
                double hours = double.IsNaN(automate.OperatingTimeHours) ? model.AutomatedHours : automate.OperatingTimeHours;
                int index = FindDevice(model, automate.Device.Value);
                if (index >= 0)
                {
                    model.Devices[index] = model.Devices[index] with { SwitchingHours = hours };
                    return null;
                }

                int device = automate.Device.Value;
                int tie = device < 0 || device >= net.DeviceCount ? -1 : model.Ties.FindIndex(t => t.Edge == net.DeviceEdge[device]);
                if (tie < 0)
                {
                    return new FieldProblem("device", $"{DeviceName(net, device)} is neither on the radial tree nor on a usable tie", NotFound: true);
                }

                model.Ties[tie] = model.Ties[tie] with { SwitchingHours = Math.Min(model.Ties[tie].SwitchingHours, hours) };
                return null;
            }

            case AddTie tie:
            {
                if (!IsNode(net, tie.A.Value))
                {
                    return new FieldProblem("bus_a", $"bus {tie.A.Value} does not exist", NotFound: true);
                }

                if (!IsNode(net, tie.B.Value))
                {
                    return new FieldProblem("bus_b", $"bus {tie.B.Value} does not exist", NotFound: true);
                }

                if (tie.A.Value == tie.B.Value)
                {
                    return new FieldProblem("bus_b", "a tie needs two different buses: bus_b is bus_a");
                }

                double hours = double.IsNaN(tie.SwitchingTimeHours) ? model.Study.SwitchingTimeHours : tie.SwitchingTimeHours;
                model.Ties.Add(new ModelTie(tie.A.Value, tie.B.Value, hours, tie.Id, -1));
                return null;
            }

            case RemoveTie remove:
            {
                if (model.Ties.RemoveAll(t => t.Edge == remove.Tie.Value) == 0)
                {
                    return new FieldProblem("branch", remove.Tie.Value >= 0 && remove.Tie.Value < net.EdgeCount
                        ? $"branch '{net.EdgeIds[remove.Tie.Value]}' is not a normally-open tie between energised buses"
                        : $"branch {remove.Tie.Value} does not exist", NotFound: true);
                }

                return null;
            }

            case ChangeFailureRate rate:
            {
                if (!(rate.FailureRatePerYear >= 0))
                {
                    return new FieldProblem("failure_rate_per_year", "must be at least 0");
                }

                int child = TreeChildOrNone(model, rate.Edge.Value);
                if (child < 0)
                {
                    return NotOnTree(net, rate.Edge.Value);
                }

                model.FailureRatePerYear[child] = rate.FailureRatePerYear;
                return null;
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

    /// <summary>The child end of <paramref name="edge"/> in the energised radial tree.</summary>
    /// <exception cref="ArgumentException">The branch does not exist or is not part of the tree.</exception>
    internal static int TreeChild(ReliabilityModel model, int edge, string parameter)
    {
        int child = TreeChildOrNone(model, edge);
        return child >= 0 ? child : throw new ArgumentException(NotOnTree(model.Network, edge).Message, parameter);
    }

    /// <summary>The child end of <paramref name="edge"/> in the energised radial tree, or -1 when it does not exist or is not part of it.</summary>
    private static int TreeChildOrNone(ReliabilityModel model, int edge)
    {
        Net net = model.Network;
        if (edge < 0 || edge >= net.EdgeCount)
        {
            return -1;
        }

        ReadOnlySpan<int> parentEdge = model.Trace.ParentEdge;
        int a = net.EdgeFrom[edge];
        int b = net.EdgeTo[edge];
        return parentEdge[b] == edge ? b : parentEdge[a] == edge ? a : -1;
    }

    private static FieldProblem NotOnTree(Net net, int edge) => new("branch", edge >= 0 && edge < net.EdgeCount
        ? $"branch '{net.EdgeIds[edge]}' is not part of the energised radial tree (a tie or a de-energised branch)"
        : $"branch {edge} does not exist", NotFound: true);

    private static string NodeName(Net net, int node) => IsNode(net, node) ? $"bus '{net.NodeIds[node]}'" : $"bus {node}";

    private static string DeviceName(Net net, int device) => device >= 0 && device < net.DeviceCount ? $"device '{net.DeviceIds[device]}'" : $"device {device}";

    private static bool IsNode(Net net, int node) => node >= 0 && node < net.NodeCount;

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

    internal static bool Changed(double a, double b) => Math.Abs(a - b) > 1e-12 * Math.Max(1, Math.Abs(a));
}
