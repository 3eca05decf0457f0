
namespace Lumen.Topology.Network;

/// <summary>Thermal ratings in kVA, the unit load forecasts are compared against.</summary>
public static class Ratings
{
    /// <summary>
    /// Rating of branch <paramref name="edge"/> in kVA: transformers are rated in kVA, lines and cables in A, turned
    /// into kVA with the nominal voltage of their from bus (√3·kV·A). Null when the branch or that voltage is unrated.
    /// </summary>
    public static double? BranchKva(Network network, int edge)
    {
        ArgumentNullException.ThrowIfNull(network);
        double rating = network.EdgeRating[edge];
        if (!(rating > 0))
        {
            return null;
        }

        if (network.EdgeKinds[edge] == BranchKind.Transformer)
        {
            return rating;
        }

        double kv = network.NominalKv[network.EdgeFrom[edge]];
        return kv > 0 ? Math.Sqrt(3) * kv * rating : null;
    }

    /// <summary>
    /// Rating in kVA of what a load series named <paramref name="id"/> measures: the branch of that id, else the
    /// head section of the feeder of that name, else the supply branch (its transformer) of the load point of that id.
    /// Null when the id names none of them or the element is unrated.
    /// </summary>
    public static double? OfElementKva(Network network, string id)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.TryGetEdge(id, out EdgeIndex branch))
        {
            return BranchKva(network, branch.Value);
        }

        RadialTrace trace = network.Normal;
        int feeder = trace.FeederNames.IndexOf(id);
        int edge = feeder >= 0 ? trace.FeederHeadEdge[feeder]
            : network.TryGetLoadPoint(id, out int l) ? trace.ParentEdge[network.LoadPointNode[l]] : -1;
        return edge >= 0 ? BranchKva(network, edge) : null;
    }
}
