namespace Lumen.Reliability.Repair;

/// <summary>
/// A placement problem in its combinatorial core: demand point i costs <c>Baseline[i]</c> with the existing bases, and
/// <c>Cost[j][i]</c> when candidate j serves it; choose k candidates minimising Σ_i min(Baseline[i], min over the chosen j of Cost[j][i]).
/// </summary>
/// <param name="Baseline">Cost of each demand point with the existing bases (≥ 0; +∞ is not allowed: use a large finite cost).</param>
/// <param name="Cost">Cost of each demand point from each candidate, one array per candidate.</param>
/// <remarks>
/// With cost = weight × a nondecreasing function of the arrival time, this is the weighted p-median problem (cost =
/// arrival minutes) or maximal coverage (cost = expected late arrivals) with the existing bases fixed.
/// </remarks>
public sealed record PlacementProblem(double[] Baseline, double[][] Cost);

/// <summary>A chosen placement.</summary>
/// <param name="Chosen">Candidate indices, in the order the search added them (exact: ascending).</param>
/// <param name="Objective">Total cost with them.</param>
/// <param name="Gain">Cost removed: baseline total − objective.</param>
/// <param name="UpperBoundGain">No placement of that many candidates removes more (equal to <paramref name="Gain"/> when exact).</param>
/// <param name="Exact">True when every combination was evaluated.</param>
/// <param name="MarginalGains">Cost removed by each chosen candidate when added in that order.</param>
public sealed record PlacementSolution(int[] Chosen, double Objective, double Gain, double UpperBoundGain, bool Exact, double[] MarginalGains);

/// <summary>
/// Solves <see cref="PlacementProblem"/>s: by enumerating every combination when that is small enough
/// (combinations × demand points ≤ the limit), else by greedy addition followed by 1-interchange (Teitz–Bart) local
/// search.
/// </summary>
/// <remarks>
/// The heuristic's bound: the cost removed, F(S), is monotone and submodular in the set of bases (each demand point
/// keeps its cheapest server), so for every set S the best k-set removes at most F(S) plus the k largest single-candidate
/// gains on top of S (Nemhauser–Wolsey). The solver takes the smallest such bound over the greedy sets and the final one;
/// greedy alone already guarantees at least (1 − 1/e) ≈ 63 % of the best gain.
/// </remarks>
public static class CrewPlacementSolver
{
    /// <summary>Default limit of the exact search: combinations × demand points.</summary>
    public const long DefaultExactLimit = 200_000_000;

    /// <summary>Chooses <paramref name="k"/> candidates.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is null.</exception>
    /// <exception cref="ArgumentException">The arrays disagree in length or hold NaN or infinite values.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not 1..candidates.</exception>
    /// <remarks>Exact: O(C(m, k) · n). Heuristic: O(k · m · n) per greedy pass and per interchange pass (at most 50 passes).</remarks>
    public static PlacementSolution Solve(PlacementProblem problem, int k, long exactLimit = DefaultExactLimit)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Validate(problem);
        int m = problem.Cost.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, m);
        double combinations = Combinations(m, k);
        return combinations * Math.Max(1, problem.Baseline.Length) <= exactLimit ? Exhaustive(problem, k) : Heuristic(problem, k);
    }

    /// <summary>The exact solution by enumerating every combination (lexicographically first among equals).</summary>
    internal static PlacementSolution Exhaustive(PlacementProblem problem, int k)
    {
        double[] baseline = problem.Baseline;
        double[][] cost = problem.Cost;
        int n = baseline.Length, m = cost.Length;
        double total = Sum(baseline);

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
        double[] marginal = Marginals(problem, best);
        return new PlacementSolution(best, bestObjective, total - bestObjective, total - bestObjective, true, marginal);
    }

    /// <summary>Greedy addition, then 1-interchange until no swap improves, with the submodular upper bound.</summary>
    internal static PlacementSolution Heuristic(PlacementProblem problem, int k)
    {
        double[] baseline = problem.Baseline;
        double[][] cost = problem.Cost;
        int n = baseline.Length, m = cost.Length;
        double total = Sum(baseline);
        var current = (double[])baseline.Clone();
        var chosen = new List<int>(k);
        var isChosen = new bool[m];
        var gains = new double[m];
        double removed = 0;
        double bound = double.PositiveInfinity;
        for (int step = 0; step < k; step++)
        {
            Gains(cost, current, isChosen, gains);
            bound = Math.Min(bound, removed + TopSum(gains, isChosen, k));
            int pick = -1;
            for (int j = 0; j < m; j++)
            {
                if (!isChosen[j] && (pick < 0 || gains[j] > gains[pick]))
                {
                    pick = j;
                }
            }

            chosen.Add(pick);
            isChosen[pick] = true;
            removed += gains[pick];
            double[] c = cost[pick];
            for (int i = 0; i < n; i++)
            {
                current[i] = Math.Min(current[i], c[i]);
            }
        }

        // 1-interchange: replace a chosen candidate by another while that lowers the total.
        var bestCost = new double[n];
        var bestOf = new int[n];
        var second = new double[n];
        double objective = Sum(current);
        for (int pass = 0; pass < 50; pass++)
        {
            BestTwo(baseline, cost, chosen, bestCost, bestOf, second);
            (int Out, int In, double Objective) move = (-1, -1, objective);
            for (int o = 0; o < chosen.Count; o++)
            {
                int leaving = chosen[o];
                for (int j = 0; j < m; j++)
                {
                    if (isChosen[j])
                    {
                        continue;
                    }

                    double[] c = cost[j];
                    double sum = 0;
                    for (int i = 0; i < n; i++)
                    {
                        double without = bestOf[i] == leaving ? second[i] : bestCost[i];
                        sum += Math.Min(without, c[i]);
                    }

                    if (sum < move.Objective - (1e-12 * Math.Max(1, Math.Abs(move.Objective))))
                    {
                        move = (o, j, sum);
                    }
                }
            }

            if (move.Out < 0)
            {
                break;
            }

            isChosen[chosen[move.Out]] = false;
            isChosen[move.In] = true;
            chosen[move.Out] = move.In;
            objective = move.Objective;
        }

        // The bound at the final set.
        Array.Copy(baseline, current, n);
        foreach (int j in chosen)
        {
            for (int i = 0; i < n; i++)
            {
                current[i] = Math.Min(current[i], cost[j][i]);
            }
        }

        objective = Sum(current);
        Gains(cost, current, isChosen, gains);
        bound = Math.Min(bound, (total - objective) + TopSum(gains, isChosen, k));
        int[] order = [.. chosen];
        return new PlacementSolution(order, objective, total - objective, Math.Max(bound, total - objective), false, Marginals(problem, order));
    }

    /// <summary>The total cost of <paramref name="chosen"/> (for reports and tests).</summary>
    public static double Objective(PlacementProblem problem, IReadOnlyList<int> chosen)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(chosen);
        double sum = 0;
        for (int i = 0; i < problem.Baseline.Length; i++)
        {
            double v = problem.Baseline[i];
            foreach (int j in chosen)
            {
                v = Math.Min(v, problem.Cost[j][i]);
            }

            sum += v;
        }

        return sum;
    }

    private static double[] Marginals(PlacementProblem problem, int[] order)
    {
        var marginal = new double[order.Length];
        double previous = Sum(problem.Baseline);
        for (int t = 0; t < order.Length; t++)
        {
            double now = Objective(problem, order[..(t + 1)]);
            marginal[t] = previous - now;
            previous = now;
        }

        return marginal;
    }

    private static void Gains(double[][] cost, double[] current, bool[] isChosen, double[] gains)
    {
        for (int j = 0; j < cost.Length; j++)
        {
            if (isChosen[j])
            {
                gains[j] = 0;
                continue;
            }

            double[] c = cost[j];
            double g = 0;
            for (int i = 0; i < current.Length; i++)
            {
                double d = current[i] - c[i];
                g += d > 0 ? d : 0;
            }

            gains[j] = g;
        }
    }

    private static double TopSum(double[] gains, bool[] isChosen, int k)
    {
        var top = new List<double>(gains.Length);
        for (int j = 0; j < gains.Length; j++)
        {
            if (!isChosen[j])
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

    private static void BestTwo(double[] baseline, double[][] cost, List<int> chosen, double[] best, int[] bestOf, double[] second)
    {
        for (int i = 0; i < baseline.Length; i++)
        {
            (best[i], bestOf[i], second[i]) = (baseline[i], -1, baseline[i]);
        }

        foreach (int j in chosen)
        {
            double[] c = cost[j];
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

        foreach (double[] column in problem.Cost)
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
