namespace Lumen.Reliability.Predictive;

/// <summary>A tie that can pick up a cut-off part: its ends, its branch and the time the pick-up takes.</summary>
/// <param name="Near">End inside the part.</param>
/// <param name="Far">End that is alive.</param>
/// <param name="TieEdge">The tie's branch; -1 for a tie added by a what-if (unrated, no impedance).</param>
/// <param name="Hours">Time until the part is back through this tie (switching, isolation), hours.</param>
/// <param name="Rank">Order among ties of equal time: the tie's branch index (what-if ties after the network's).</param>
internal readonly record struct TieOption(int Near, int Far, int TieEdge, double Hours, int Rank);

/// <summary>A part restored through a tie: the subtree of <paramref name="Top"/> without that of <paramref name="Cut"/>, after <paramref name="Hours"/>.</summary>
internal readonly record struct Piece(int Child, int Top, int Cut, double Hours);

/// <summary>One cut-off part (the subtree of <paramref name="Top"/>) and the ties that can pick it up, fastest first; <paramref name="Tag"/> is the caller's.</summary>
internal readonly record struct CutOffPart(int Top, IReadOnlyList<TieOption> Options, int Tag);

/// <summary>How much of a cut-off part came back, and what stopped the rest.</summary>
/// <param name="RestoredKw">Peak kW restored (whole, split or partial).</param>
/// <param name="Best">The best whole pick-up that was tried (highest critical fraction): what binds it; unlimited with no tie.</param>
/// <param name="BestOption">Index of that tie option; -1 when the part has no tie.</param>
internal readonly record struct PartOutcome(double RestoredKw, TransferCheck Best, int BestOption);

/// <summary>
/// The restoration rule under capacity and voltage limits, for one event (a fault isolated, at one load level):
/// <list type="number">
/// <item>The cut-off parts (the subtrees below the faulted section) are served in priority order: most customers per
/// peak kW first (a part without load first of all), then by node index.</item>
/// <item>A part is picked up whole through the first tie, in the order fastest first (then by branch index), with
/// which the receiving feeder (with every part it already took in this event) and the part stay within limits.</item>
/// <item>Else it is split in two at a switching point on the path between two ties, each side through its own tie
/// (ties in the same order, cut points nearest the part's top first), both within limits.</item>
/// <item>Else it is picked up whole through a <b>chained transfer</b>: the receiving feeder first hands a subtree of its
/// own on to a third feeder through another tie (make-before-break, so those customers see no interruption), then
/// takes the part. Ties to the part in the same order; then the receiving feeder's ties to other feeders by tie
/// (branch) index; then the switching points on the way from that tie up to the receiving feeder's first bus, nearest
/// the tie first (the smallest hand-over first). Both feeders must stay within limits, neither may be the faulted
/// feeder or be interrupted by the failure, and the subtree handed on may hold neither the tie's far end nor a part
/// already taken. The part comes back when the slowest of the three switchings (its tie, the other tie, the opened
/// switch) is done.</item>
/// <item>Else the largest piece that fits is picked up through one tie: cut points on the path from the tie up to the
/// part's top, nearest the top first (ties in the same order).</item>
/// <item>What is left waits for the repair.</item>
/// </list>
/// A split or partial piece comes back when the tie is closed and the cut switch opened, whichever is later.
/// </summary>
/// <remarks>Checks of one injection on a feeder that holds nothing else in the event are cached across events and levels (one entry for all the faults off that feeder). Not thread-safe.</remarks>
internal sealed class TransferSolver
{
    private readonly TransferNetwork _grid;
    private readonly int[] _parent;
    private readonly Func<int, double> _cutHours;
    private readonly List<TieOption>[] _tiesOfFeeder;
    private readonly Dictionary<(Injection, int), TransferCheck> _cache = [];
    private readonly List<(int Feeder, Injection Part)> _taken = [];
    private readonly List<(int Feeder, int Top)> _handedOn = [];
    private readonly List<Injection> _scratch = [];
    private readonly List<int> _removed = [];
    private readonly List<int> _cuts = [];
    private readonly List<int> _handOvers = [];

    /// <param name="grid">The transfer model.</param>
    /// <param name="parent">Parent node by node (normal tree).</param>
    /// <param name="cutHours">Time to open the switch on a node's parent edge; +∞ when that edge has no device.</param>
    /// <param name="ties">The normally-open ties (for chained transfers), in tie order.</param>
    /// <param name="feeders">Number of feeders.</param>
    public TransferSolver(TransferNetwork grid, int[] parent, Func<int, double> cutHours, IReadOnlyList<ModelTie> ties, int feeders)
    {
        _grid = grid;
        _parent = parent;
        _cutHours = cutHours;

        // Per feeder, its ties to other feeders: near end on the feeder, far end on the other, in tie order.
        _tiesOfFeeder = new List<TieOption>[feeders];
        for (int f = 0; f < feeders; f++)
        {
            _tiesOfFeeder[f] = [];
        }

        int edges = parent.Length;
        for (int t = 0; t < ties.Count; t++)
        {
            ModelTie tie = ties[t];
            int fa = grid.FeederOf(tie.A);
            int fb = grid.FeederOf(tie.B);
            if (fa < 0 || fb < 0 || fa == fb)
            {
                continue;
            }

            int rank = tie.Edge >= 0 ? tie.Edge : edges + t;
            _tiesOfFeeder[fa].Add(new TieOption(tie.A, tie.B, tie.Edge, tie.SwitchingHours, rank));
            _tiesOfFeeder[fb].Add(new TieOption(tie.B, tie.A, tie.Edge, tie.SwitchingHours, rank));
        }
    }

    /// <summary>
    /// Whether the cached check of an injection alone on its receiving feeder is shared by every fault off that feeder
    /// (false: one entry per dead subtree, the oracle of tests).
    /// </summary>
    internal bool SharesChecksAcrossFaults { get; init; } = true;

    /// <summary>Orders parts: most customers per kW first (no load first of all), then by node index.</summary>
    public static int ComparePriority(double customersA, double kwA, int topA, double customersB, double kwB, int topB)
    {
        double a = kwA > 0 ? customersA / kwA : double.PositiveInfinity;
        double b = kwB > 0 ? customersB / kwB : double.PositiveInfinity;
        // Relative closeness only between finite ratios: ∞ - x ≤ 1e-9·∞ would make a part without load "equal" to
        // every other, and the order intransitive (then the sort's result depends on the parts' initial order).
        bool equal = a == b || (double.IsFinite(a) && double.IsFinite(b) && Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b)));
        return !equal ? b.CompareTo(a) : topA.CompareTo(topB);
    }

    /// <summary>Sorts parts into service order.</summary>
    public void SortByPriority(List<CutOffPart> parts) =>
        parts.Sort((x, y) => ComparePriority(
            _grid.SubtreeCustomers(x.Top), _grid.SubtreeKw(x.Top), x.Top, _grid.SubtreeCustomers(y.Top), _grid.SubtreeKw(y.Top), y.Top));

    /// <summary>
    /// Restores <paramref name="parts"/> (already in service order) after the subtree of <paramref name="deadTop"/> is
    /// lost and the subtree of <paramref name="interruptedTop"/> (a source: its whole tree) was interrupted, at
    /// <paramref name="fraction"/> of peak load. Appends the restored pieces (Child = index in <paramref name="parts"/>).
    /// </summary>
    public void Solve(int deadTop, int interruptedTop, IReadOnlyList<CutOffPart> parts, double fraction, List<Piece> pieces, PartOutcome[]? outcomes = null)
    {
        _taken.Clear();
        _handedOn.Clear();
        for (int c = 0; c < parts.Count; c++)
        {
            CutOffPart part = parts[c];
            IReadOnlyList<TieOption> options = part.Options;
            var best = TransferCheck.Unlimited;
            int bestOption = -1;
            double restored = RestoreWhole(c, part, deadTop, fraction, pieces, ref best, ref bestOption);
            if (restored < 0)
            {
                restored = Split(c, part, deadTop, fraction, pieces);
            }

            if (restored < 0)
            {
                restored = Chained(c, part, deadTop, interruptedTop, fraction, pieces);
            }

            if (restored < 0)
            {
                restored = Partial(c, part, deadTop, fraction, pieces);
            }

            if (outcomes is not null)
            {
                outcomes[c] = new PartOutcome(Math.Max(restored, 0), options.Count == 0 ? TransferCheck.Unlimited : best, bestOption);
            }
        }
    }

    private double RestoreWhole(int c, CutOffPart part, int deadTop, double fraction, List<Piece> pieces, ref TransferCheck best, ref int bestOption)
    {
        for (int i = 0; i < part.Options.Count; i++)
        {
            TieOption o = part.Options[i];
            if (HandedOn(o.Far))
            {
                continue;
            }

            var whole = new Injection(part.Top, -1, o.Near, o.Far, o.TieEdge);
            TransferCheck check = Check(whole, deadTop, null);
            if (bestOption < 0 || check.CriticalFraction > best.CriticalFraction)
            {
                best = check;
                bestOption = i;
            }

            if (check.FitsAt(fraction))
            {
                Take(whole);
                pieces.Add(new Piece(c, part.Top, -1, o.Hours));
                return _grid.SubtreeKw(part.Top);
            }
        }

        return -1;
    }

    private double Split(int c, CutOffPart part, int deadTop, double fraction, List<Piece> pieces)
    {
        IReadOnlyList<TieOption> options = part.Options;
        for (int i = 0; i < options.Count; i++)
        {
            TieOption a = options[i];
            if (HandedOn(a.Far))
            {
                continue;
            }

            CollectCuts(a.Near, part.Top);
            for (int j = 0; j < options.Count; j++)
            {
                TieOption b = options[j];
                if (j == i || HandedOn(b.Far))
                {
                    continue;
                }

                for (int x = _cuts.Count - 1; x >= 0; x--)
                {
                    int w = _cuts[x];
                    if (_grid.IsInSubtree(b.Near, w))
                    {
                        continue;
                    }

                    var lower = new Injection(w, -1, a.Near, a.Far, a.TieEdge);
                    var upper = new Injection(part.Top, w, b.Near, b.Far, b.TieEdge);
                    bool fits = _grid.FeederOf(a.Far) == _grid.FeederOf(b.Far)
                        ? Check(lower, deadTop, upper).FitsAt(fraction)
                        : Check(lower, deadTop, null).FitsAt(fraction) && Check(upper, deadTop, null).FitsAt(fraction);
                    if (fits)
                    {
                        Take(lower);
                        Take(upper);
                        double cut = _cutHours(w);
                        pieces.Add(new Piece(c, w, -1, Math.Max(a.Hours, cut)));
                        pieces.Add(new Piece(c, part.Top, w, Math.Max(b.Hours, cut)));
                        return _grid.SubtreeKw(part.Top);
                    }
                }
            }
        }

        return -1;
    }

    private double Chained(int c, CutOffPart part, int deadTop, int interruptedTop, double fraction, List<Piece> pieces)
    {
        int faulted = _grid.FeederOf(deadTop);
        foreach (TieOption o in part.Options)
        {
            int receiving = _grid.FeederOf(o.Far);
            if (receiving < 0 || receiving == faulted || HandedOn(o.Far) || _grid.IsInSubtree(o.Far, interruptedTop))
            {
                continue;
            }

            var whole = new Injection(part.Top, -1, o.Near, o.Far, o.TieEdge);
            foreach (TieOption next in _tiesOfFeeder[receiving])
            {
                int third = _grid.FeederOf(next.Far);
                if (third == faulted || HandedOn(next.Near) || HandedOn(next.Far) || _grid.IsInSubtree(next.Far, interruptedTop))
                {
                    continue;
                }

                // Switching points from the tie up to the receiving feeder's first bus, nearest the tie first, up to the
                // first subtree holding the tie's far end or a part already taken (every larger one holds it too).
                _handOvers.Clear();
                for (int w = next.Near; _grid.FeederOf(_parent[w]) >= 0; w = _parent[w])
                {
                    if (_grid.IsInSubtree(o.Far, w) || HoldsTaken(w))
                    {
                        break;
                    }

                    if (!double.IsPositiveInfinity(_cutHours(w)))
                    {
                        _handOvers.Add(w);
                    }
                }

                // The receiving feeder fits better the more it hands on, the third feeder worse: the first hand-over
                // with which both fit is the smallest one with which the receiving feeder fits (found by bisection),
                // if the third feeder takes that one.
                if (_handOvers.Count == 0 || !Check(whole, deadTop, null, _handOvers[^1]).FitsAt(fraction))
                {
                    continue;
                }

                int lo = 0;
                int hi = _handOvers.Count - 1;
                while (lo < hi)
                {
                    int mid = (lo + hi) / 2;
                    if (Check(whole, deadTop, null, _handOvers[mid]).FitsAt(fraction))
                    {
                        hi = mid;
                    }
                    else
                    {
                        lo = mid + 1;
                    }
                }

                int top = _handOvers[hi];
                var handOver = new Injection(top, -1, next.Near, next.Far, next.TieEdge);
                if (Check(handOver, deadTop, null).FitsAt(fraction))
                {
                    Take(handOver);
                    _handedOn.Add((receiving, top));
                    Take(whole);
                    pieces.Add(new Piece(c, part.Top, -1, Math.Max(o.Hours, Math.Max(next.Hours, _cutHours(top)))));
                    return _grid.SubtreeKw(part.Top);
                }
            }
        }

        return -1;
    }

    // Whether a node lies in a subtree handed on to another feeder in this event.
    private bool HandedOn(int node)
    {
        foreach ((_, int top) in _handedOn)
        {
            if (_grid.IsInSubtree(node, top))
            {
                return true;
            }
        }

        return false;
    }

    // Whether the subtree of w feeds a part taken in this event, or overlaps a subtree already handed on.
    private bool HoldsTaken(int w)
    {
        foreach ((_, Injection taken) in _taken)
        {
            if (_grid.IsInSubtree(taken.Far, w))
            {
                return true;
            }
        }

        foreach ((_, int top) in _handedOn)
        {
            if (_grid.IsInSubtree(top, w) || _grid.IsInSubtree(w, top))
            {
                return true;
            }
        }

        return false;
    }

    private double Partial(int c, CutOffPart part, int deadTop, double fraction, List<Piece> pieces)
    {
        foreach (TieOption o in part.Options)
        {
            if (HandedOn(o.Far))
            {
                continue;
            }

            CollectCuts(o.Near, part.Top);
            for (int x = _cuts.Count - 1; x >= 0; x--)
            {
                int w = _cuts[x];
                var piece = new Injection(w, -1, o.Near, o.Far, o.TieEdge);
                if (Check(piece, deadTop, null).FitsAt(fraction))
                {
                    Take(piece);
                    pieces.Add(new Piece(c, w, -1, Math.Max(o.Hours, _cutHours(w))));
                    return _grid.SubtreeKw(w);
                }
            }
        }

        return -1;
    }

    // Switching points strictly inside the part on the path from near up to top, nearest near first.
    private void CollectCuts(int near, int top)
    {
        _cuts.Clear();
        for (int w = near; w != top; w = _parent[w])
        {
            if (!double.IsPositiveInfinity(_cutHours(w)))
            {
                _cuts.Add(w);
            }
        }
    }

    private void Take(Injection part) => _taken.Add((_grid.FeederOf(part.Far), part));

    // Checks the receiving feeder of `part` with everything it already took in this event, plus `part`, an optional
    // second part on the same feeder, and an optional subtree `handOver` it hands on to another feeder.
    private TransferCheck Check(Injection part, int deadTop, Injection? second, int handOver = -1)
    {
        int feeder = _grid.FeederOf(part.Far);
        _scratch.Clear();
        foreach ((int f, Injection taken) in _taken)
        {
            if (f == feeder)
            {
                _scratch.Add(taken);
            }
        }

        _removed.Clear();
        _removed.Add(deadTop);
        foreach ((int f, int top) in _handedOn)
        {
            if (f == feeder)
            {
                _removed.Add(top);
            }
        }

        if (handOver >= 0)
        {
            _removed.Add(handOver);
        }

        // A dead subtree off the receiving feeder changes nothing in its check (TransferNetwork.Check ignores it), so the
        // checks of one injection after the faults off that feeder (every fault upstream of a part on its own feeder) share one entry.
        bool alone = _scratch.Count == 0 && second is null && _removed.Count == 1;
        (Injection, int) key = (part, !SharesChecksAcrossFaults || _grid.InFeeder(deadTop, feeder) ? deadTop : -1);
        if (alone && _cache.TryGetValue(key, out TransferCheck cached))
        {
            return cached;
        }

        _scratch.Add(part);
        if (second is Injection other)
        {
            _scratch.Add(other);
        }

        TransferCheck check = _grid.Check(
            feeder, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_removed), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_scratch));
        if (alone)
        {
            _cache[key] = check;
        }

        return check;
    }
}
