namespace Lumen.Reliability.Repair;

/// <summary>
/// A placement problem in its combinatorial core: demand point i costs <c>Baseline[i]</c> with the bases that stay,
/// <c>Existing[e][i]</c> from existing base e when it may be moved, and <c>Cost[j][i]</c> when candidate j serves it.
/// A placement closes at most r movable bases and opens k + (bases closed) candidates (k additional bases, the others
/// the moved bases' new sites), minimising Σ_i min(Baseline[i], min over the open bases and chosen candidates of the cost).
/// </summary>
/// <param name="Baseline">Cost of each demand point with the bases that stay (≥ 0, finite: with every base movable, any
/// value at least every cost, e.g. the largest, leaves the problem unchanged).</param>
/// <param name="Cost">Cost of each demand point from each candidate, one array per candidate.</param>
/// <remarks>
/// With cost = weight × a nondecreasing function of the arrival time, this is the weighted p-median problem (cost =
/// arrival minutes) or maximal coverage (cost = expected late arrivals), with the existing bases fixed (no relocation)
/// or with up to r of them free to move.
/// </remarks>
public sealed record PlacementProblem(double[] Baseline, double[][] Cost)
{
    /// <summary>Cost of each demand point from each existing base that may be moved, one array per base; empty when none may.</summary>
    public double[][] Existing { get; init; } = [];
}

/// <summary>A chosen placement.</summary>
/// <param name="Chosen">Candidate indices opened, in the order the search added them (exact: ascending).</param>
/// <param name="Objective">Total cost with them.</param>
/// <param name="Gain">Cost removed: the total with every existing base and no candidate − objective.</param>
/// <param name="UpperBoundGain">No feasible placement removes more (equal to <paramref name="Gain"/> when exact).</param>
/// <param name="Exact">True when every combination was evaluated.</param>
/// <param name="MarginalGains">Cost removed by each chosen candidate when added in that order to the bases kept.</param>
public sealed record PlacementSolution(int[] Chosen, double Objective, double Gain, double UpperBoundGain, bool Exact, double[] MarginalGains)
{
    /// <summary>Movable existing bases closed (indices of <see cref="PlacementProblem.Existing"/>, ascending): their crews go to chosen candidates.</summary>
    public int[] Closed { get; init; } = [];
}

/// <summary>
/// Solves <see cref="PlacementProblem"/>s: by enumerating every combination when that is small enough
/// (combinations × demand points ≤ the limit), else by greedy addition followed by 1-interchange (Teitz–Bart) local
/// search, whose swaps may also move an existing base to a candidate (or back) while at most r are moved.
/// </summary>
/// <remarks>
/// The heuristic's bound: with F(S) = Σ_i Baseline[i] − cost(S) over sets S of open sites (existing and candidates),
/// F is monotone and submodular (each demand point keeps its cheapest server), so F(S*) ≤ F(S) + Σ over S* \ S of the
/// single-site gains on top of S (Nemhauser–Wolsey). An optimum S* opens at most k + r candidates and reopens at most
/// the existing bases S closed, so the k + r largest candidate gains plus the largest gains of S's closed bases bound
/// it. The solver takes the smallest such bound over the greedy sets and the final one. Without relocation, greedy
/// alone already guarantees at least (1 − 1/e) ≈ 63 % of the best gain; relocation only adds moves to the local search.
/// </remarks>
public static class CrewPlacementSolver
{
    /// <summary>Default limit of the exact search: combinations × demand points.</summary>
    public const long DefaultExactLimit = 200_000_000;

    /// <summary>Opens <paramref name="k"/> additional candidates, moving up to <paramref name="relocations"/> existing bases to candidates as well.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is null.</exception>
    /// <exception cref="ArgumentException">The arrays disagree in length or hold NaN or infinite values.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not 0..candidates, or <paramref name="relocations"/> is negative.</exception>
    /// <remarks>
    /// At most min(r, movable bases, candidates − k) bases move. Exact: O(Σ_c C(E, c) · C(m, k + c) · n) over c = 0..r.
    /// Heuristic: O(k · m · n) for the greedy pass and O((k + r + E) · (m + E) · n) per interchange pass (at most 50).
    /// </remarks>
    public static PlacementSolution Solve(PlacementProblem problem, int k, int relocations = 0, long exactLimit = DefaultExactLimit)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Validate(problem);
        int m = problem.Cost.Length;
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, m);
        ArgumentOutOfRangeException.ThrowIfNegative(relocations);
        int r = Math.Min(relocations, Math.Min(problem.Existing.Length, m - k));
        double combinations = 0;
        for (int c = 0; c <= r; c++)
        {
            combinations += Combinations(problem.Existing.Length, c) * Combinations(m, k + c);
        }

        return combinations * Math.Max(1, problem.Baseline.Length) <= exactLimit ? Exhaustive(problem, k, r) : Heuristic(problem, k, r);
    }

    /// <summary>
    /// The exact solution: for each set of at most <paramref name="r"/> movable bases closed, every combination of
    /// k + closed candidates (the first best in that order: fewer moves, then lexicographically).
    /// </summary>
    internal static PlacementSolution Exhaustive(PlacementProblem problem, int k, int r)
    {
        double[][] existing = problem.Existing;
        int n = problem.Baseline.Length;
        (int[] Chosen, double Objective) best = ([], double.PositiveInfinity);
        int[] closed = [];
        var kept = new double[n];
        foreach (int[] shut in Subsets(existing.Length, r))
        {
            Array.Copy(problem.Baseline, kept, n);
            for (int e = 0; e < existing.Length; e++)
            {
                if (Array.IndexOf(shut, e) < 0)
                {
                    MinInto(kept, existing[e]);
                }
            }

            (int[] Chosen, double Objective) found = Enumerate(kept, problem.Cost, k + shut.Length);
            if (found.Objective < best.Objective)
            {
                (best, closed) = (found, shut);
            }
        }

        double total = Current(problem);
        return new PlacementSolution(best.Chosen, best.Objective, total - best.Objective, total - best.Objective, true, Marginals(problem, closed, best.Chosen)) { Closed = closed };
    }

    /// <summary>Every subset of 0..<paramref name="count"/>−1 with at most <paramref name="most"/> elements, smaller first, each ascending.</summary>
    private static IEnumerable<int[]> Subsets(int count, int most)
    {
        for (int size = 0; size <= most; size++)
        {
            var s = new int[size];
            for (int t = 0; t < size; t++)
            {
                s[t] = t;
            }

            while (true)
            {
                yield return (int[])s.Clone();
                int t = size - 1;
                while (t >= 0 && s[t] == count - size + t)
                {
                    t--;
                }

                if (t < 0)
                {
                    break;
                }

                s[t]++;
                for (int u = t + 1; u < size; u++)
                {
                    s[u] = s[u - 1] + 1;
                }
            }
        }
    }

    /// <summary>The best <paramref name="k"/> candidates on top of <paramref name="baseline"/> by enumerating every combination (lexicographically first among equals).</summary>
    private static (int[] Chosen, double Objective) Enumerate(double[] baseline, double[][] cost, int k)
    {
        int n = baseline.Length, m = cost.Length;
        if (k == 0)
        {
            return ([], Sum(baseline));
        }
        // partial[d] = the per-point minimum over the baseline and the first d chosen candidates.
        var partial = new double[k + 1][];
        partial[0] = baseline;
        for (int d = 1; d <= k; d++)
        {
            partial[d] = new double[n];
        }

        var current = new int[k];
        int[] best = [];
        double bestObjective = double.PositiveInfinity;

        void Recurse(int depth, int next)
        {
            double[] above = partial[depth];
            if (depth == k - 1)
            {
                for (int j = next; j < m; j++)
                {
                    double[] c = cost[j];
                    double sum = 0;
                    for (int i = 0; i < n; i++)
                    {
                        sum += Math.Min(above[i], c[i]);
                    }

                    if (sum < bestObjective)
                    {
                        bestObjective = sum;
                        current[depth] = j;
                        best = (int[])current.Clone();
                    }
                }

                return;
            }

            double[] below = partial[depth + 1];
            for (int j = next; j <= m - (k - depth); j++)
            {
                double[] c = cost[j];
                for (int i = 0; i < n; i++)
                {
                    below[i] = Math.Min(above[i], c[i]);
                }

                current[depth] = j;
                Recurse(depth + 1, j + 1);
            }
        }

        Recurse(0, 0);
        return (best, bestObjective);
    }

    /// <summary>
    /// Greedy addition of <paramref name="k"/> candidates to every existing base, then 1-interchange (an open site out,
    /// a closed one in, at most <paramref name="r"/> existing bases closed) until no swap improves, with the submodular upper bound.
    /// </summary>
    internal static PlacementSolution Heuristic(PlacementProblem problem, int k, int r)
    {
        double[] baseline = problem.Baseline;
        double[][] cost = problem.Cost;
        int n = baseline.Length, m = cost.Length, sites = m + problem.Existing.Length;

        // Sites 0..m−1 are the candidates, m.. the movable existing bases.
        double[][] column = [.. cost, .. problem.Existing];
        var open = new bool[sites];
        var current = (double[])baseline.Clone();
        for (int s = m; s < sites; s++)
        {
            open[s] = true;
            MinInto(current, column[s]);
        }

        double total = Sum(current);
        var chosen = new List<int>(k + r);
        var gains = new double[sites];
        double removed = 0;
        double bound = double.PositiveInfinity;
        for (int step = 0; step < k; step++)
        {
            Gains(column, current, open, gains);
            bound = Math.Min(bound, removed + Bound(gains, open, m, k + r));
            int pick = -1;
            for (int j = 0; j < m; j++)
            {
                if (!open[j] && (pick < 0 || gains[j] > gains[pick]))
                {
                    pick = j;
                }
            }

            chosen.Add(pick);
            open[pick] = true;
            removed += gains[pick];
            MinInto(current, cost[pick]);
        }

        // 1-interchange: an open site out, a closed one in, while that lowers the total and at most r bases are closed.
        var bestCost = new double[n];
        var bestOf = new int[n];
        var second = new double[n];
        int closedCount = 0;
        double objective = Sum(current);
        for (int pass = 0; pass < 50; pass++)
        {
            BestTwo(baseline, column, open, bestCost, bestOf, second);
            (int Out, int In, double Objective) move = (-1, -1, objective);
            for (int leaving = 0; leaving < sites; leaving++)
            {
                if (!open[leaving])
                {
                    continue;
                }

                for (int j = 0; j < sites; j++)
                {
                    int closedAfter = closedCount + (leaving >= m ? 1 : 0) - (j >= m ? 1 : 0);
                    if (open[j] || closedAfter > r)
                    {
                        continue;
                    }

                    double[] c = column[j];
                    double sum = 0;
                    for (int i = 0; i < n; i++)
                    {
                        double without = bestOf[i] == leaving ? second[i] : bestCost[i];
                        sum += Math.Min(without, c[i]);
                    }

                    if (sum < move.Objective - (1e-12 * Math.Max(1, Math.Abs(move.Objective))))
                    {
                        move = (leaving, j, sum);
                    }
                }
            }

            if (move.Out < 0)
            {
                break;
            }

            closedCount += (move.Out >= m ? 1 : 0) - (move.In >= m ? 1 : 0);
            open[move.Out] = false;
            open[move.In] = true;
            if (move.Out < m)
            {
                chosen.Remove(move.Out);
            }

            if (move.In < m)
            {
                chosen.Add(move.In);
            }

            objective = move.Objective;
        }

        // The bound at the final set.
        Array.Copy(baseline, current, n);
        for (int s = 0; s < sites; s++)
        {
            if (open[s])
            {
                MinInto(current, column[s]);
            }
        }

        objective = Sum(current);
        Gains(column, current, open, gains);
        bound = Math.Min(bound, (total - objective) + Bound(gains, open, m, k + r));
        int[] order = [.. chosen];
        int[] closed = [.. Enumerable.Range(0, problem.Existing.Length).Where(e => !open[m + e])];
        return new PlacementSolution(order, objective, total - objective, Math.Max(bound, total - objective), false, Marginals(problem, closed, order)) { Closed = closed };
    }

    /// <summary>The total cost with the existing bases except <paramref name="closed"/> and the candidates <paramref name="chosen"/> (for reports and tests).</summary>
    public static double Objective(PlacementProblem problem, IReadOnlyList<int> chosen, IReadOnlyList<int>? closed = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(chosen);
        double[] kept = Kept(problem, closed ?? []);
        foreach (int j in chosen)
        {
            MinInto(kept, problem.Cost[j]);
        }

        return Sum(kept);
    }

    /// <summary>Per demand point: the baseline with the existing bases not in <paramref name="closed"/>.</summary>
    private static double[] Kept(PlacementProblem problem, IReadOnlyList<int> closed)
    {
        var kept = (double[])problem.Baseline.Clone();
        for (int e = 0; e < problem.Existing.Length; e++)
        {
            if (!closed.Contains(e))
            {
                MinInto(kept, problem.Existing[e]);
            }
        }

        return kept;
    }

    /// <summary>The total with every existing base and no candidate.</summary>
    private static double Current(PlacementProblem problem) => Sum(Kept(problem, []));

    private static double[] Marginals(PlacementProblem problem, int[] closed, int[] order)
    {
        var marginal = new double[order.Length];
        double previous = Sum(Kept(problem, closed));
        for (int t = 0; t < order.Length; t++)
        {
            double now = Objective(problem, order[..(t + 1)], closed);
            marginal[t] = previous - now;
            previous = now;
        }

        return marginal;
    }

    private static void MinInto(double[] target, double[] column)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = Math.Min(target[i], column[i]);
        }
    }

    private static void Gains(double[][] column, double[] current, bool[] open, double[] gains)
    {
        for (int j = 0; j < column.Length; j++)
        {
            if (open[j])
            {
                gains[j] = 0;
                continue;
            }

            double[] c = column[j];
            double g = 0;
            for (int i = 0; i < current.Length; i++)
            {
                double d = current[i] - c[i];
                g += d > 0 ? d : 0;
            }

            gains[j] = g;
        }
    }

    /// <summary>The largest gains an optimum can still add: <paramref name="candidates"/> closed candidates and every closed existing base.</summary>
    private static double Bound(double[] gains, bool[] open, int m, int candidates) =>
        TopSum(gains[..m], open[..m], candidates) + TopSum(gains[m..], open[m..], gains.Length - m);

    private static double TopSum(double[] gains, bool[] open, int k)
    {
        var top = new List<double>(gains.Length);
        for (int j = 0; j < gains.Length; j++)
        {
            if (!open[j])
            {
                top.Add(gains[j]);
            }
        }

        top.Sort();
        double sum = 0;
        for (int t = 0; t < k && t < top.Count; t++)
        {
            sum += top[top.Count - 1 - t];
        }

        return sum;
    }

    private static void BestTwo(double[] baseline, double[][] column, bool[] open, double[] best, int[] bestOf, double[] second)
    {
        for (int i = 0; i < baseline.Length; i++)
        {
            (best[i], bestOf[i], second[i]) = (baseline[i], -1, baseline[i]);
        }

        for (int j = 0; j < column.Length; j++)
        {
            if (!open[j])
            {
                continue;
            }

            double[] c = column[j];
            for (int i = 0; i < c.Length; i++)
            {
                if (c[i] < best[i])
                {
                    second[i] = best[i];
                    (best[i], bestOf[i]) = (c[i], j);
                }
                else if (c[i] < second[i])
                {
                    second[i] = c[i];
                }
            }
        }
    }

    private static double Sum(double[] values)
    {
        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return sum;
    }

    private static double Combinations(int m, int k)
    {
        double c = 1;
        for (int i = 0; i < k; i++)
        {
            c = c * (m - i) / (i + 1);
        }

        return c;
    }

    private static void Validate(PlacementProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem.Baseline);
        ArgumentNullException.ThrowIfNull(problem.Cost);
        int n = problem.Baseline.Length;
        foreach (double v in problem.Baseline)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("baseline costs must be finite", nameof(problem));
            }
        }

        ArgumentNullException.ThrowIfNull(problem.Existing);
        foreach (double[] column in problem.Cost.Concat(problem.Existing))
        {
            if (column is null || column.Length != n)
            {
                throw new ArgumentException("every candidate needs one cost per demand point", nameof(problem));
            }

            foreach (double v in column)
            {
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException("costs must be finite", nameof(problem));
                }
            }
        }
    }
}
