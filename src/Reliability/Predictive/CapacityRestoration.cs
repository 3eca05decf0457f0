namespace Lumen.Reliability.Predictive;

/// <summary>
/// The pieces restored through ties under capacity and voltage limits, for every (faulted segment, protection outcome,
/// child segment) slot of a <see cref="FailurePlan"/> whose child has a tie, and every load level (<see cref="Pieces"/>).
/// A child's nodes outside its pieces wait for the repair.
/// </summary>
/// <remarks>Built once per plan by <see cref="TransferSolver"/>, in the slot order of <see cref="FailurePlan.RestoreHours"/>.</remarks>
internal sealed class CapacityRestoration
{
    private readonly int[] _entryOfSlot;

    private CapacityRestoration(double[] weights, int[] entryOfSlot, int[] start, int[] top, int[] cut, double[] hours)
    {
        Weights = weights;
        _entryOfSlot = entryOfSlot;
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

    /// <summary>The pieces of a slot at a level, as a range of piece indices (empty when the child has no tie).</summary>
    public (int Start, int End) Pieces(int slot, int level)
    {
        int entry = _entryOfSlot[slot];
        if (entry < 0)
        {
            return (0, 0);
        }

        int i = (entry * Weights.Length) + level;
        return (PieceStart[i], PieceStart[i + 1]);
    }

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

    /// <summary>The pieces of every slot of <paramref name="plan"/>, or only of the faults in the feeders marked in <paramref name="feeders"/>.</summary>
    /// <remarks>
    /// Why skipping the other feeders' faults leaves the marked feeders' indices exact: the pieces of a slot restore
    /// parts of its child segment's subtree only, and the child segments of a fault in a feeder lie in that feeder (a
    /// radial feeder is the subtree below its head); the children of one fault compete for the ties' capacity, so a
    /// fault is kept or skipped with all its children. A fault outside every feeder (a bus feeding several feeders) is
    /// always kept. A skipped slot has no pieces: its child waits for the repair, which only the unmarked feeders' load
    /// points read.
    /// </remarks>
    /// <param name="plan">The failure plan.</param>
    /// <param name="feeders">The feeders whose faults are restored (null: all).</param>
    /// <param name="sharesChecks">Whether a transfer check is shared by the faults off its receiving feeder (<see cref="TransferSolver.SharesChecksAcrossFaults"/>; false: the oracle of tests).</param>
    /// <param name="grid">The transfer network of the model's network, trace and restoration limits, when the caller has it (built when null).</param>
    public static CapacityRestoration Build(FailurePlan plan, bool[]? feeders = null, bool sharesChecks = true, TransferNetwork? grid = null)
    {
        ReliabilityModel model = plan.Model;
        LoadLevels levels = model.Levels;
        int levelCount = levels.Count;
        grid ??= new TransferNetwork(model.Network, model.Trace, model.Restoration);
        var solver = new TransferSolver(grid, plan.Parent, plan.CutHours, model.Ties, model.Trace.FeederHeadEdge.Length) { SharesChecksAcrossFaults = sharesChecks };
        var entryOfSlot = new int[plan.RestoreHours.Length];
        Array.Fill(entryOfSlot, -1);
        int entries = 0;
        var found = new List<(int Entry, Piece Piece)>();
        var parts = new List<CutOffPart>();
        var previous = new List<CutOffPart>();
        var pieces = new List<Piece>[levelCount];
        for (int l = 0; l < levelCount; l++)
        {
            pieces[l] = [];
        }

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
            int zFeeder = grid.FeederOf(zTop);
            if (feeders is not null && zFeeder >= 0 && !feeders[zFeeder])
            {
                continue;
            }

            double upstream = plan.UpstreamIsolationHours[z];
            previous.Clear();
            int previousReach = -2;
            for (int k = k0; k < plan.OutcomeStart[z + 1]; k++)
            {
                int interruptedTop = plan.OutcomeTop[k];

                // Chained transfers avoid interrupted feeders: only an interruption reaching past the faulted feeder
                // (a whole source tree) can change them.
                int reach = grid.FeederOf(interruptedTop) >= 0 ? -1 : interruptedTop;
                parts.Clear();
                for (int j = 0; j < childCount; j++)
                {
                    int child = plan.Children[c0 + j];
                    if (plan.TieStart[child] == plan.TieStart[child + 1])
                    {
                        continue;
                    }

                    int slot = plan.RestoreStart[z] + ((k - k0) * childCount) + j;
                    entryOfSlot[slot] = entries++;
                    parts.Add(new CutOffPart(plan.SegmentTop[child], plan.TieOptions(child, interruptedTop, upstream), entryOfSlot[slot]));
                }

                if (parts.Count == 0)
                {
                    continue;
                }

                solver.SortByPriority(parts);

                // Most protection outcomes of a segment offer the same ties at the same times: then the pieces are the same.
                bool same = reach == previousReach && SameOptions(parts, previous);
                previousReach = reach;
                for (int l = 0; l < levelCount; l++)
                {
                    if (!same)
                    {
                        pieces[l].Clear();
                        solver.Solve(zTop, interruptedTop, parts, levels.Levels[l].FractionOfPeak, pieces[l]);
                    }

                    foreach (Piece piece in pieces[l])
                    {
                        found.Add(((parts[piece.Child].Tag * levelCount) + l, piece));
                    }
                }

                previous.Clear();
                previous.AddRange(parts);
            }
        }

        // Counting sort of the pieces by (slot entry, level).
        var start = new int[(entries * levelCount) + 1];
        foreach ((int entry, _) in found)
        {
            start[entry + 1]++;
        }

        for (int i = 0; i + 1 < start.Length; i++)
        {
            start[i + 1] += start[i];
        }

        var fill = start.AsSpan(0, start.Length - 1).ToArray();
        var top = new int[found.Count];
        var cut = new int[found.Count];
        var hours = new double[found.Count];
        foreach ((int entry, Piece piece) in found)
        {
            int i = fill[entry]++;
            top[i] = piece.Top;
            cut[i] = piece.Cut;
            hours[i] = piece.Hours;
        }

        return new CapacityRestoration([.. levels.Weights], entryOfSlot, start, top, cut, hours);
    }

    private static bool SameOptions(List<CutOffPart> parts, List<CutOffPart> previous)
    {
        if (parts.Count != previous.Count)
        {
            return false;
        }

        for (int i = 0; i < parts.Count; i++)
        {
            IReadOnlyList<TieOption> a = parts[i].Options;
            IReadOnlyList<TieOption> b = previous[i].Options;
            if (parts[i].Top != previous[i].Top || a.Count != b.Count)
            {
                return false;
            }

            for (int o = 0; o < a.Count; o++)
            {
                if (a[o] != b[o])
                {
                    return false;
                }
            }
        }

        return true;
    }
}
