using Lumen.Reliability.History;
using Lumen.Topology.Requests;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Repair;

/// <summary>What the repair questions check of a request before answering: the inputs both entry points share.</summary>
internal static class RepairRequestProblems
{
    /// <summary>The problems of the rules, the history and the period; empty when the request can be answered.</summary>
    public static List<FieldProblem> Of(Net network, OutageHistory? history, AreaClassRules rules, DateTimeOffset? from, DateTimeOffset? to)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(rules);
        var problems = new List<FieldProblem>();
        foreach (string problem in rules.Validate())
        {
            problems.Add(new FieldProblem("rules", problem));
        }

        if (history is not null && !ReferenceEquals(history.Network, network))
        {
            problems.Add(new FieldProblem("history", "the outage history is built on another network (or another version of it)"));
        }

        if (from is { } f && to is { } t && t <= f)
        {
            problems.Add(new FieldProblem("to", "must be after from (the period is [from, to))"));
        }

        return problems;
    }
}
