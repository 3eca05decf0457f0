namespace Lumen.Reliability.Predictive;

/// <summary>Builds the failure-mode table of one load point from a <see cref="FailurePlan"/>.</summary>
internal static class Explainer
{
    public static IReadOnlyList<FailureContribution> Explain(FailurePlan plan, int loadPoint)
    {
        ReliabilityModel model = plan.Model;
        int x = model.Network.LoadPointNode[loadPoint];
        var lambdaByNode = new Dictionary<int, double>();
        var hoursByNode = new Dictionary<int, double>();
        if (plan.PreIndex[x] < 0)
        {
            return [];
        }

        // Segments whose subtree holds x are its segment's ancestors; for each, remember the child segment on the way.
        var childOnPath = new Dictionary<int, int>();
        int segX = plan.SegmentOfNode[x];
        for (int s = segX, previous = -1; s >= 0; previous = s, s = plan.SegmentParent[s])
        {
            childOnPath[s] = previous;
        }

        for (int z = 0; z < plan.SegmentCount; z++)
        {
            int a = plan.FailureStart[z];
            int b = plan.FailureStart[z + 1];
            if (a == b)
            {
                continue;
            }

            bool below = childOnPath.TryGetValue(z, out int child);
            int c0 = plan.ChildStart[z];
            int childCount = plan.ChildStart[z + 1] - c0;
            int childSlot = -1;
            if (below && child >= 0)
            {
                for (int j = 0; j < childCount; j++)
                {
                    if (plan.Children[c0 + j] == child)
                    {
                        childSlot = j;
                    }
                }
            }

            for (int k = plan.OutcomeStart[z]; k < plan.OutcomeStart[z + 1]; k++)
            {
                if (!plan.IsInSubtree(x, plan.OutcomeTop[k]))
                {
                    continue;
                }

                double p = plan.OutcomeProb[k];
                int slot = childSlot < 0 ? -1 : plan.RestoreStart[z] + ((k - plan.OutcomeStart[z]) * childCount) + childSlot;
                for (int i = a; i < b; i++)
                {
                    int v = plan.FailureNode[i];
                    double l = p * model.FailureRatePerYear[v];
                    double r = plan.FailureHours[i];
                    double hours = !below ? Math.Min(plan.UpstreamIsolationHours[z], r)
                        : slot < 0 ? r
                        : plan.Capacity is null ? Math.Min(plan.RestoreHours[slot], r)
                        : LimitedHours(plan, plan.Capacity, slot, x, r);
                    lambdaByNode[v] = lambdaByNode.GetValueOrDefault(v) + l;
                    hoursByNode[v] = hoursByNode.GetValueOrDefault(v) + (l * hours);
                }
            }
        }

        var rows = new List<FailureContribution>(lambdaByNode.Count);
        ReadOnlySpan<int> parentEdge = model.Trace.ParentEdge;
        ReadOnlySpan<string> edgeIds = model.Network.EdgeIds;
        foreach ((int v, double l) in lambdaByNode)
        {
            double u = hoursByNode[v];
            rows.Add(new FailureContribution(edgeIds[parentEdge[v]], l, u / l, u));
        }

        rows.Sort(static (p, q) => q.UnavailabilityHoursPerYear.CompareTo(p.UnavailabilityHoursPerYear));
        return rows;
    }

    // Expected outage time of node x over the load levels: the time of the piece holding x, else the repair r.
    private static double LimitedHours(FailurePlan plan, CapacityRestoration capacity, int slot, int x, double r)
    {
        double hours = 0;
        for (int level = 0; level < capacity.LevelCount; level++)
        {
            double t = r;
            (int first, int last) = capacity.Pieces(slot, level);
            for (int i = first; i < last; i++)
            {
                int cut = capacity.PieceCut[i];
                if (plan.IsInSubtree(x, capacity.PieceTop[i]) && (cut < 0 || !plan.IsInSubtree(x, cut)))
                {
                    t = Math.Min(capacity.PieceHours[i], r);
                }
            }

            hours += capacity.Weights[level] * t;
        }

        return hours;
    }
}
