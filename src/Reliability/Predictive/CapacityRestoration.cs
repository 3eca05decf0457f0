namespace Lumen.Reliability.Predictive;

/// <summary>
/// The pieces restored through ties under capacity and voltage limits, for every (faulted segment, protection outcome,
/// child segment) slot of a <see cref="FailurePlan"/> and every load level: the pieces of slot <c>s</c> at level
/// <c>l</c> are <c>[PieceStart[s·L + l], PieceStart[s·L + l + 1])</c>. A child's nodes outside its pieces wait for the repair.
/// </summary>
/// <remarks>Built once per plan by <see cref="TransferSolver"/>, in the slot order of <see cref="FailurePlan.RestoreHours"/>.</remarks>
internal sealed class CapacityRestoration
{
    private CapacityRestoration(double[] weights, int[] start, int[] top, int[] cut, double[] hours)
    {
        Weights = weights;
        PieceStart = start;
        PieceTop = top;
        PieceCut = cut;
        PieceHours = hours;
        var cumulative = new double[weights.Length];
        double sum = 0;
        for (int l = 0; l < weights.Length; l++)
        {
            sum += weights[l];
            cumulative[l] = sum;
        }

        CumulativeWeights = cumulative;
    }

    /// <summary>Share of the year of each load level.</summary>
    public double[] Weights { get; }

    /// <summary>Running sums of <see cref="Weights"/>, to draw a level.</summary>
    public double[] CumulativeWeights { get; }

    public int LevelCount => Weights.Length;

    public int[] PieceStart { get; }

    public int[] PieceTop { get; }

    public int[] PieceCut { get; }

    public double[] PieceHours { get; }

    /// <summary>The level a uniform draw in [0, 1) falls in.</summary>
    public int LevelAt(double u)
    {
        for (int l = 0; l < CumulativeWeights.Length - 1; l++)
        {
            if (u < CumulativeWeights[l])
            {
                return l;
            }
        }

        return CumulativeWeights.Length - 1;
    }

    public static CapacityRestoration Build(FailurePlan plan)
    {
        ReliabilityModel model = plan.Model;
        LoadLevels levels = model.Levels;
        int levelCount = levels.Count;
        var grid = new TransferNetwork(model.Network, model.Trace, model.Restoration);
        var solver = new TransferSolver(grid, plan.Parent, plan.CutHours);
        int slots = plan.RestoreHours.Length;
        var entries = new List<(int Entry, Piece Piece)>();
        var parts = new List<CutOffPart>();
        var pieces = new List<Piece>();
        for (int z = 0; z < plan.SegmentCount; z++)
        {
            int k0 = plan.OutcomeStart[z];
            int c0 = plan.ChildStart[z];
            int childCount = plan.ChildStart[z + 1] - c0;
            if (k0 == plan.OutcomeStart[z + 1] || childCount == 0)
            {
                continue;
            }

            int zTop = plan.SegmentTop[z];
            double upstream = plan.UpstreamIsolationHours[z];
            for (int k = k0; k < plan.OutcomeStart[z + 1]; k++)
            {
                int interruptedTop = plan.OutcomeTop[k];
                parts.Clear();
                for (int j = 0; j < childCount; j++)
                {
                    int child = plan.Children[c0 + j];
                    if (plan.TieStart[child] == plan.TieStart[child + 1])
                    {
                        continue;
                    }

                    int slot = plan.RestoreStart[z] + ((k - k0) * childCount) + j;
                    parts.Add(new CutOffPart(plan.SegmentTop[child], plan.TieOptions(child, interruptedTop, upstream), slot));
                }

                if (parts.Count == 0)
                {
                    continue;
                }

                solver.SortByPriority(parts);

                for (int l = 0; l < levelCount; l++)
                {
                    pieces.Clear();
                    solver.Solve(zTop, parts, levels.Levels[l].FractionOfPeak, pieces);
                    foreach (Piece piece in pieces)
                    {
                        entries.Add(((parts[piece.Child].Tag * levelCount) + l, piece));
                    }
                }
            }
        }

        // Counting sort of the pieces by (slot, level).
        var start = new int[(slots * levelCount) + 1];
        foreach ((int entry, _) in entries)
        {
            start[entry + 1]++;
        }

        for (int i = 0; i + 1 < start.Length; i++)
        {
            start[i + 1] += start[i];
        }

        var fill = start.AsSpan(0, start.Length - 1).ToArray();
        var top = new int[entries.Count];
        var cut = new int[entries.Count];
        var hours = new double[entries.Count];
        foreach ((int entry, Piece piece) in entries)
        {
            int i = fill[entry]++;
            top[i] = piece.Top;
            cut[i] = piece.Cut;
            hours[i] = piece.Hours;
        }

        return new CapacityRestoration([.. levels.Weights], start, top, cut, hours);
    }
}
