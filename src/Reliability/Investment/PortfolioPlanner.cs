using System.Collections.Concurrent;
using System.Globalization;
using Lumen.Reliability.Planning;

namespace Lumen.Reliability.Investment;

/// <summary>
/// The multi-year portfolio (docs/investment.md §5): hard constraints first (must-do projects, every overload fixed,
/// N-1 where the zone requires it), then year by year the candidate with the highest discounted benefit/cost that fits
/// the year's budget, as long as it is at least 1, re-evaluating after each choice the candidates whose part of the
/// network it changed.
/// </summary>
internal sealed class PortfolioPlanner
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    private readonly FeederEvaluator _evaluator;
    private readonly Candidate[] _candidates;
    private readonly InvestmentPlanRequest _request;
    private readonly DiagnosisReport _diagnosis;
    private readonly Action<double, string>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly FeederMetrics[] _current;
    private readonly FeederMetrics[] _baseline;

    // What the chosen projects changed, so that a candidate is valued on the chosen projects of its part only (in the
    // order they were chosen, as the whole list would build it): the picks by the feeders their elements lie on, the
    // picks with an element outside every feeder, and every new tie chosen (they widen the parts).
    private readonly List<int> _picks = [];
    private readonly List<int>[] _picksByFeeder;
    private readonly List<int> _picksAnywhere = [];
    private readonly Dictionary<int, List<int>> _chosenTies = [];

    // Indices over the candidates: by the feeders they touch, by what they occupy, the feeders their elements lie on.
    private readonly List<int>[] _byFeeder;
    private readonly Dictionary<string, List<int>> _byKey = new(StringComparer.Ordinal);
    private readonly SortedSet<int>[] _editFeeders;
    private readonly int[] _seen;
    private int _stamp;
    private readonly Dictionary<(int Year, int Build), double> _annuity = [];

    // Money a year at or below which a valuation is no benefit: a project that changes nothing on a feeder still shows
    // ±1e-9 there, the round-off of the engine's prefix sums over the part (which differs from part to part).
    private const double NoBenefit = 0.01;

    // The year's candidates by benefit/cost (then annual benefit, then index: the order of a scan), with the version of
    // the valuation each entry was made from; entries whose candidate was valued again, chosen, excluded or no longer
    // fits the year's budget are dropped when they come to the top.
    private static readonly Comparer<(double Ratio, double Annual, int Index)> s_best = Comparer<(double Ratio, double Annual, int Index)>.Create(
        (a, b) => a.Ratio != b.Ratio ? b.Ratio.CompareTo(a.Ratio) : a.Annual != b.Annual ? b.Annual.CompareTo(a.Annual) : a.Index.CompareTo(b.Index));

    private readonly PriorityQueue<(int Candidate, int Version), (double Ratio, double Annual, int Index)> _queue = new(s_best);
    private readonly int[] _version;
    private int _queueYear;
    private readonly Valuation?[] _value;
    private readonly bool[] _stale;
    private readonly bool[] _eager;
    private readonly bool[] _chosen;
    private readonly string?[] _excludedBy;
    private readonly double[] _spent;
    private readonly List<InvestmentProject> _projects = [];
    private readonly List<InvestmentConstraint> _constraints = [];
    private readonly InvestmentState[] _endOfYear;

    // Per year of the horizon (docs/investment.md §3): each year's choices are valued on the network of the first year
    // they work, loads grown and assets aged; _withoutPlan[k] is that network k years ahead with no project.
    private readonly bool _perYear;
    private readonly InvestmentState[] _withoutPlan;
    private FeederMetrics[]? _withoutFigures;
    private int _constraintYear = 1;
    private int _evaluations;

    /// <param name="evaluator">The engines on parts of the network.</param>
    /// <param name="today">Every feeder's figures on today's network (<see cref="FeederEvaluator.EvaluateAll"/> with no edit).</param>
    /// <param name="candidates">The candidate projects.</param>
    /// <param name="request">The plan's request.</param>
    /// <param name="diagnosis">The diagnosis of today's network.</param>
    /// <param name="progress">Receives (fraction done, step); may be null.</param>
    /// <param name="cancellation">Stops between evaluations.</param>
    public PortfolioPlanner(FeederEvaluator evaluator, Dictionary<int, FeederMetrics> today, IReadOnlyList<Candidate> candidates, InvestmentPlanRequest request, DiagnosisReport diagnosis, Action<double, string>? progress, CancellationToken cancellation)
    {
        _evaluator = evaluator;
        _candidates = [.. candidates];
        _request = request;
        _diagnosis = diagnosis;
        _progress = progress;
        _cancellation = cancellation;
        _evaluations++;
        _current = new FeederMetrics[evaluator.FeederCount];
        foreach ((int f, FeederMetrics m) in today)
        {
            _current[f] = m;
        }

        _baseline = [.. _current];
        _value = new Valuation?[_candidates.Length];
        _stale = new bool[_candidates.Length];
        Array.Fill(_stale, true);
        _eager = new bool[_candidates.Length];
        Array.Fill(_eager, true);
        _chosen = new bool[_candidates.Length];
        _excludedBy = new string?[_candidates.Length];
        _spent = new double[request.Years + 1];
        _endOfYear = new InvestmentState[request.Years + 1];
        _perYear = request.GrowthPercentPerYear != 0 || request.Growth.Count > 0 || (request.Ageing && request.Assets is not null);
        _withoutPlan = new InvestmentState[request.Years + 1];
        _withoutPlan[0] = State(_baseline);
        _picksByFeeder = new List<int>[evaluator.FeederCount];
        _byFeeder = new List<int>[evaluator.FeederCount];
        for (int f = 0; f < _byFeeder.Length; f++)
        {
            (_picksByFeeder[f], _byFeeder[f]) = ([], []);
        }

        _editFeeders = new SortedSet<int>[_candidates.Length];
        _seen = new int[_candidates.Length];
        _version = new int[_candidates.Length];
        for (int i = 0; i < _candidates.Length; i++)
        {
            foreach (int f in _candidates[i].Touched)
            {
                if (_byFeeder[f].Count == 0 || _byFeeder[f][^1] != i)
                {
                    _byFeeder[f].Add(i);
                }
            }

            foreach (string key in _candidates[i].ExclusiveKeys)
            {
                if (!_byKey.TryGetValue(key, out List<int>? list))
                {
                    _byKey[key] = list = [];
                }

                list.Add(i);
            }

            _editFeeders[i] = evaluator.FeedersOf(_candidates[i].Edits);
        }
    }

    /// <summary>One evaluation of a candidate on top of the projects chosen so far.</summary>
    /// <param name="After">Metrics of the affected feeders with it.</param>
    /// <param name="Delta">Sum over the affected feeders of after − now.</param>
    /// <param name="Annual">Money a year it saves.</param>
    /// <param name="Part">The feeders of the network part it was valued on: a change to their elements makes it stale.</param>
    /// <param name="Error">Why it cannot be built on the present plan, when it cannot.</param>
    /// <param name="Picks">The chosen projects built into the part (indices into the picks, in the order chosen).</param>
    /// <param name="Loads">The version of the loads it was valued with (<see cref="_loads"/>).</param>
    private sealed record Valuation(Dictionary<int, FeederMetrics> After, FeederMetrics Delta, double Annual, HashSet<int> Part, string? Error, int[] Picks, int Loads);

    // The version of the loads of the year valued: it changes when a year's loads differ from the year before (growth),
    // not when only failure rates do (ageing). The N-1 and power flow of a part depend on its elements and loads, not
    // on failure rates, so a candidate valued again on the same part, picks and loads keeps its N-1 and power-flow figures.
    private int _loads;

    /// <summary>Whether a valuation on the same part, picks and loads takes its N-1 and power flow from the last one (false: the oracle of tests).</summary>
    internal bool KeepsLoadFigures { get; init; } = true;

    public InvestmentPlanReport Run()
    {
        _progress?.Invoke(0.1, "constraints");
        SetYear(1);
        MustDo();
        Constraints();
        _endOfYear[0] = State(_baseline);
        for (int year = 1; year <= _request.Years; year++)
        {
            _cancellation.ThrowIfCancellationRequested();
            _progress?.Invoke(0.1 + (0.8 * (year - 1) / _request.Years), string.Create(s_inv, $"year {year}"));
            if (year > 1 && SetYear(year))
            {
                // Overloads and N-1 failures that growth or ageing bring by the year this year's projects work.
                _constraintYear = year;
                Constraints();
            }

            _queueYear = year;
            _queue.Clear();
            for (int i = 0; i < _candidates.Length; i++)
            {
                Push(i);
            }

            while (true)
            {
                double room = _request.BudgetPerYear - _spent[year];
                Refresh(room);
                int best = Best(room);
                if (best < 0)
                {
                    break;
                }

                if (_stale[best])
                {
                    // Valued before a choice on a feeder near it (lazy): value it again before buying it.
                    Evaluate(best);
                    Push(best);
                    continue;
                }

                Choose(best, year, "benefit", null);
            }

            _endOfYear[year] = State(_current);
        }

        _progress?.Invoke(0.95, "report");
        return Report();
    }

    // Moves the evaluation to the network of the first year plan year `year`'s projects work (`year` years ahead):
    // the plan's present figures and the figures without the plan are re-assessed there, and every candidate is valued
    // again. False (nothing done) without growth or ageing.
    private bool SetYear(int year)
    {
        if (!_perYear)
        {
            return false;
        }

        PlanYear next = PlanYear.Of(_evaluator.Network, year, _request.Growth, _request.GrowthPercentPerYear, _request.Ageing ? _request.Assets : null);
        bool sameLoads = (_evaluator.Year?.LoadScale ?? OnesLike(next.LoadScale)).AsSpan().SequenceEqual(next.LoadScale);
        if (!sameLoads)
        {
            _loads++;
        }

        // Only failure rates changed (ageing): the power flow and N-1 of both networks are those of the year before, the
        // plan's in its present figures (each feeder's from the valuation that last changed it).
        FeederMetrics[] present = [.. _current];
        FeederMetrics[]? lastWithout = _withoutFigures;
        Func<int, FeederMetrics>? withFrom = sameLoads && KeepsLoadFigures ? f => present[f] : null;
        Func<int, FeederMetrics>? withoutFrom = sameLoads && KeepsLoadFigures && lastWithout is not null ? f => lastWithout[f] : null;

        _evaluator.Year = next;
        var edits = new List<ProjectEdit>();
        foreach (int i in _picks)
        {
            edits.AddRange(_candidates[i].Edits);
        }

        // The network with and without the plan, one on each core (each a whole-network assessment, serial inside);
        // with no projects yet (year 1) they are the same network, assessed once.
        Dictionary<int, FeederMetrics>? without = null;
        Dictionary<int, FeederMetrics> with = [];
        if (edits.Count == 0)
        {
            with = _evaluator.EvaluateAll([], withFrom);
            without = year < _request.Years ? with : null;
        }
        else
        {
            Parallel.Invoke(
                new ParallelOptions { CancellationToken = _cancellation },
                () => without = year < _request.Years ? _evaluator.EvaluateAll([], withoutFrom) : null,
                () => with = _evaluator.EvaluateAll(edits, withFrom));
        }

        if (without is not null)
        {
            _withoutFigures = Ordered(without);
            _withoutPlan[year] = State(_withoutFigures);
        }

        foreach ((int f, FeederMetrics m) in with)
        {
            _current[f] = m;
        }

        Array.Fill(_stale, true);
        Array.Fill(_eager, true);
        return true;
    }

    private static double[] OnesLike(double[] scale)
    {
        var ones = new double[scale.Length];
        Array.Fill(ones, 1.0);
        return ones;
    }

    private FeederMetrics[] Ordered(Dictionary<int, FeederMetrics> byFeeder)
    {
        var metrics = new FeederMetrics[_current.Length];
        foreach ((int f, FeederMetrics m) in byFeeder)
        {
            metrics[f] = m;
        }

        return metrics;
    }

    private void Constraints()
    {
        if (_request.FixOverloads)
        {
            Constrain("feeder_overload", f => _current[f].Overloads > 0, m => m.Overloads == 0, m => m.Overloads);
        }

        if (_request.RequireN1)
        {
            Constrain("n1", f => N1Required(f) && (_current[f].N1Failures > 0 || !_current[f].Tied), m => m.N1Failures == 0 && m.Tied, m => m.N1Failures + (m.Tied ? 0 : 1));
        }

        if (_request.MeetZoneTargets)
        {
            MeetZoneTargets();
        }
    }

    private void MustDo()
    {
        for (int i = 0; i < _candidates.Length; i++)
        {
            if (!_candidates[i].MustDo)
            {
                continue;
            }

            if (_excludedBy[i] is string by)
            {
                _constraints.Add(new InvestmentConstraint("must_do", _candidates[i].Id, false, null, $"excluded by {by}, which occupies the same element"));
                continue;
            }

            Evaluate(i);
            if (_value[i]!.Error is string error)
            {
                _constraints.Add(new InvestmentConstraint("must_do", _candidates[i].Id, false, null, error));
                continue;
            }

            Choose(i, FirstYearWithRoom(_candidates[i].Cost), "must_do", "must_do");
            _constraints.Add(new InvestmentConstraint("must_do", _candidates[i].Id, true, _candidates[i].Id, "listed as must-do in projects.csv"));
        }
    }

    // Meets a per-feeder constraint with the cheapest project that fixes it alone; else the one that reduces its
    // violations most per yuan, up to three projects.
    private void Constrain(string rule, Func<int, bool> violated, Func<FeederMetrics, bool> fixedBy, Func<FeederMetrics, int> violations)
    {
        for (int f = 0; f < _current.Length; f++)
        {
            if (!violated(f))
            {
                continue;
            }

            string feeder = _diagnosis.Feeders[f].Feeder;
            var used = new List<string>();
            for (int round = 0; round < 3 && violated(f); round++)
            {
                int fix = -1;
                int reduce = -1;
                double bestReduction = 0;
                RefreshAll(_byFeeder[f]);
                foreach (int i in _byFeeder[f])
                {
                    if (!Available(i))
                    {
                        continue;
                    }

                    if (_value[i] is not { Error: null } val || !val.After.TryGetValue(f, out FeederMetrics after))
                    {
                        continue;
                    }

                    if (fixedBy(after))
                    {
                        if (fix < 0 || _candidates[i].Cost < _candidates[fix].Cost || (_candidates[i].Cost == _candidates[fix].Cost && val.Annual > _value[fix]!.Annual))
                        {
                            fix = i;
                        }
                    }
                    else
                    {
                        double reduction = (violations(_current[f]) - violations(after)) / Math.Max(1, _candidates[i].Cost);
                        if (reduction > bestReduction)
                        {
                            (reduce, bestReduction) = (i, reduction);
                        }
                    }
                }

                int pick = fix >= 0 ? fix : reduce;
                if (pick < 0)
                {
                    break;
                }

                string constraint = $"{rule} {feeder}";
                Choose(pick, FirstYearWithRoom(_candidates[pick].Cost), "constraint", constraint);
                used.Add(_candidates[pick].Id);
            }

            bool met = !violated(f);
            string detail = met
                ? $"met by {string.Join(" + ", used)}"
                : used.Count == 0 ? $"no candidate of the allowed levers ({string.Join(", ", _request.Levers)}) helps" : $"still violated after {string.Join(" + ", used)}";
            if (_constraintYear > 1)
            {
                detail = string.Create(s_inv, $"appears by year {_constraintYear + 1} (growth, ageing); ") + detail;
            }
            _constraints.Add(new InvestmentConstraint(rule, feeder, met, used.Count > 0 ? string.Join(" + ", used) : null, detail));
        }
    }

    // Every feeder of a zone with an RS-1 target reaches it (predicted): one constraint per feeder, violations counted in customer-minutes above the target's allowance.
    private void MeetZoneTargets()
    {
        for (int g = 0; g < _current.Length; g++)
        {
            if (_request.Rules.Zone(_diagnosis.Feeders[g].Zone) is { Rs1TargetPercent: double target })
            {
                int feeder = g;
                Constrain("zone_target", f => f == feeder && MinutesAboveTarget(_current[f], target) > 0, m => MinutesAboveTarget(m, target) == 0, m => MinutesAboveTarget(m, target));
            }
        }
    }

    private static int MinutesAboveTarget(FeederMetrics m, double rs1TargetPercent) =>
        (int)Math.Min(int.MaxValue, Math.Max(0, Math.Ceiling((m.CustomerHours - (m.Customers * 8760 * (1 - (rs1TargetPercent / 100)))) * 60 - 1e-6)));

    // A project bought for its benefit must not make a feeder fail N-1 where the zone requires it (a new switch on a
    // feeder whose tie cannot carry the part below it turns a vacuous pass into a failing contingency).
    private bool BreaksRequiredN1(Valuation val)
    {
        if (!_request.RequireN1)
        {
            return false;
        }

        foreach ((int f, FeederMetrics after) in val.After)
        {
            if (N1Required(f) && _current[f].N1Failures == 0 && _current[f].Tied && (after.N1Failures > 0 || !after.Tied))
            {
                return true;
            }
        }

        return false;
    }

    private bool N1Required(int f) => _request.Rules.Zone(_diagnosis.Feeders[f].Zone) is { N1Required: true };

    private int FirstYearWithRoom(double cost)
    {
        for (int y = _constraintYear; y <= _request.Years; y++)
        {
            if (_spent[y] + cost <= _request.BudgetPerYear)
            {
                return y;
            }
        }

        return _constraintYear;
    }

    private bool Available(int i) => !_chosen[i] && _excludedBy[i] is null;

    // Values again the stale available candidates of `candidates`, as one parallel batch (each valuation reads only the
    // plan so far, which none of them changes, so the order does not matter).
    private void RefreshAll(List<int> candidates)
    {
        var stale = new List<int>();
        foreach (int i in candidates)
        {
            if (Available(i) && _stale[i])
            {
                stale.Add(i);
            }
        }

        EvaluateBatch(stale);
        foreach (int i in stale)
        {
            Push(i);
        }
    }

    private void Refresh(double room)
    {
        var stale = new List<int>();
        for (int i = 0; i < _candidates.Length; i++)
        {
            if (_stale[i] && _eager[i] && Available(i) && _candidates[i].Cost <= room)
            {
                stale.Add(i);
            }
        }

        EvaluateBatch(stale);
        foreach (int i in stale)
        {
            Push(i);
        }
    }

    // Queues candidate i's present valuation for the year's choice (after each valuation).
    private void Push(int i)
    {
        if (_queueYear > 0 && Available(i) && _value[i] is { Error: null } val && val.Annual > NoBenefit)
        {
            _queue.Enqueue((i, _version[i]), (Ratio(i, _queueYear), val.Annual, i));
        }
    }

    // The available candidate with the highest benefit/cost above 1 that fits `room` (ties: higher annual benefit, then
    // lower index), or -1.
    private int Best(double room)
    {
        while (_queue.TryPeek(out (int Candidate, int Version) top, out (double Ratio, double Annual, int Index) priority))
        {
            int i = top.Candidate;
            // A valuation that breaks a required N-1 stays out until a choice on its feeders re-values it.
            if (top.Version != _version[i] || !Available(i) || _candidates[i].Cost > room || BreaksRequiredN1(_value[i]!))
            {
                _queue.Dequeue();
                continue;
            }

            return priority.Ratio > 1 - 1e-12 ? i : -1;
        }

        return -1;
    }

    private void Evaluate(int i) => Evaluate(i, null);

    // Values candidate i; with `rates` (the part of i's feeder built with the chosen projects that reach it), a
    // replacement is valued on that part with only its failure rates changed, which gives the same figures.
    private void Evaluate(int i, RatePart? rates)
    {
        Candidate c = _candidates[i];
        Valuation value;
        try
        {
            (HashSet<int> affected, HashSet<int> part) = PartOf(c);
            int[] picks = PicksIn(part);
            Func<int, FeederMetrics> current = f => _current[f];

            // Valued before on the same part, projects and loads: N-1 and the power flow are what they were.
            Func<int, FeederMetrics>? last = KeepsLoadFigures && _value[i] is { Error: null } before && before.Loads == _loads && before.Part.SetEquals(part)
                && before.Picks.AsSpan().SequenceEqual(picks) && affected.All(before.After.ContainsKey) ? f => before.After[f] : null;
            Dictionary<int, FeederMetrics> after = (rates is null ? null : _evaluator.EvaluateRates(rates, affected, c.Edits, current))
                ?? _evaluator.EvaluatePart(
                    affected, part, EditsOf(picks, c),
                    FeederEvaluator.ChangesPowerFlow(c.Edits) ? last : current,
                    FeederEvaluator.ChangesN1(c.Edits) ? last : current);
            var delta = default(FeederMetrics);
            foreach ((int f, FeederMetrics m) in after)
            {
                delta += m - _current[f];
            }

            value = new Valuation(after, delta, Annual(delta), part, null, picks, _loads);
        }
        catch (InvalidOperationException e)
        {
            value = new Valuation([], default, 0, [.. c.Touched], e.Message, [], _loads);
        }

        _value[i] = value;
        _stale[i] = false;
        _version[i]++;
        Interlocked.Increment(ref _evaluations);
    }

    // The feeders candidate c changes (up to two ties from its own) and the part they are re-assessed on (two more).
    private (HashSet<int> Affected, HashSet<int> Part) PartOf(Candidate c)
    {
        Dictionary<int, List<int>> ties = TiesWith(c);
        HashSet<int> affected = _evaluator.Within(c.Touched, FeederEvaluator.Reach, ties);
        return (affected, _evaluator.Within(affected, FeederEvaluator.Reach, ties));
    }

    // Whether candidate c only lowers failure rates on one feeder: the replacements of one feeder share their part (no
    // new tie widens it), which is built once for all of them (EvaluateRates).
    private static bool RatesOnly(Candidate c) => c.Touched.Length == 1 && c.Edits.Count > 0 && c.Edits.All(e => e is ReduceFailureRate);

    // Values a batch of candidates, in parallel: the replacements of one feeder as one work item on their shared part.
    private void EvaluateBatch(List<int> batch)
    {
        var work = new List<List<int>>();
        var byFeeder = new Dictionary<int, List<int>>();
        foreach (int i in batch)
        {
            if (!RatesOnly(_candidates[i]))
            {
                work.Add([i]);
            }
            else if (byFeeder.TryGetValue(_candidates[i].Touched[0], out List<int>? group))
            {
                group.Add(i);
            }
            else
            {
                work.Add(byFeeder[_candidates[i].Touched[0]] = [i]);
            }
        }

        // Largest groups first, one item at a time, so that neither core waits on a long last item.
        work.Sort((a, b) => b.Count.CompareTo(a.Count));
        Parallel.ForEach(Partitioner.Create(work, EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { CancellationToken = _cancellation }, group =>
        {
            RatePart? rates = null;
            if (group.Count > 1)
            {
                try
                {
                    (HashSet<int> affected, HashSet<int> part) = PartOf(_candidates[group[0]]);
                    rates = _evaluator.BuildRatePart(affected, part, EditsOf(PicksIn(part), null));
                }
                catch (InvalidOperationException)
                {
                    // Each is valued on its own and reports why it cannot be built.
                }
            }

            foreach (int i in group)
            {
                Evaluate(i, rates);
            }
        });
    }

    // The chosen ties by feeder, with candidate c's own.
    private Dictionary<int, List<int>> TiesWith(Candidate c)
    {
        Dictionary<int, List<int>> own = _evaluator.NewTies(c.Edits);
        if (own.Count == 0)
        {
            return _chosenTies;
        }

        var ties = new Dictionary<int, List<int>>(_chosenTies.Count + own.Count);
        foreach ((int f, List<int> to) in _chosenTies)
        {
            ties[f] = [.. to];
        }

        foreach ((int f, List<int> to) in own)
        {
            ties[f] = ties.TryGetValue(f, out List<int>? list) ? [.. list, .. to] : to;
        }

        return ties;
    }

    // The chosen projects that can reach `part` (those with an element on its feeders), in the order they were chosen
    // (indices into _picks).
    private int[] PicksIn(HashSet<int> part)
    {
        var picks = new List<int>(_picksAnywhere);
        foreach (int f in part)
        {
            picks.AddRange(_picksByFeeder[f]);
        }

        picks.Sort();
        var distinct = new List<int>(picks.Count);
        for (int k = 0; k < picks.Count; k++)
        {
            if (k == 0 || picks[k] != picks[k - 1])
            {
                distinct.Add(picks[k]);
            }
        }

        return [.. distinct];
    }

    // The edits of `picks` in order, then c's own: the part builds as it would with every chosen edit.
    private List<ProjectEdit> EditsOf(int[] picks, Candidate? c)
    {
        var edits = new List<ProjectEdit>();
        foreach (int pick in picks)
        {
            edits.AddRange(_candidates[_picks[pick]].Edits);
        }

        if (c is not null)
        {
            edits.AddRange(c.Edits);
        }

        return edits;
    }

    private double Annual(FeederMetrics delta)
    {
        InvestmentValues v = _request.Values;
        return -((delta.Complaints * v.CostPerComplaint) + (delta.CustomerHours * v.CostPerCustomerHour) + (delta.EnsMwh * 1000 * v.EnsCostPerKwh) + (delta.LowVoltageCustomers * v.CostPerLowVoltageCustomerYear));
    }

    // Discounted benefit ÷ discounted cost of candidate i paid for in year y (infinite for a free project with a benefit).
    private double Ratio(int i, int year)
    {
        Candidate c = _candidates[i];
        double cost = CostPv(c.Cost, year);
        double benefit = BenefitPv(_value[i]!.Annual, year, c.BuildYears);
        return cost > 0 ? benefit / cost : benefit > 0 ? double.MaxValue : 0;
    }

    private double CostPv(double cost, int year) => cost / Math.Pow(1 + _request.Values.DiscountRate, year - 1);

    // The benefit works from the end of the build to the end of the appraisal years, each year discounted from its end.
    private double BenefitPv(double annual, int year, int buildYears)
    {
        if (!_annuity.TryGetValue((year, buildYears), out double sum))
        {
            double r = _request.Values.DiscountRate;
            int first = year + buildYears;
            for (int k = first; k < first + _request.Values.AppraisalYears; k++)
            {
                sum += 1 / Math.Pow(1 + r, k - 1);
            }

            _annuity[(year, buildYears)] = sum;
        }

        return annual * sum;
    }

    private void Choose(int i, int year, string reason, string? constraint)
    {
        Candidate c = _candidates[i];
        if (_stale[i])
        {
            Evaluate(i);
        }

        Valuation val = _value[i]!;
        List<InvestmentAlternative> alternatives = Alternatives(i, year);
        _chosen[i] = true;
        Record(i);
        foreach ((int f, FeederMetrics m) in val.After)
        {
            _current[f] = m;
        }

        foreach (string key in c.ExclusiveKeys)
        {
            foreach (int j in _byKey[key])
            {
                if (j != i && Available(j))
                {
                    _excludedBy[j] = c.Id;
                }
            }
        }

        MarkStale(i, val);

        _spent[year] += c.Cost;
        double costPv = CostPv(c.Cost, year);
        double benefitPv = BenefitPv(val.Annual, year, c.BuildYears);
        string fixes = Fixes(c);
        string why = reason switch
        {
            "must_do" => "listed as must-do by the planner",
            "constraint" => $"meets the hard constraint {constraint} at the least cost among the candidates that do",
            _ => string.Create(s_inv, $"highest benefit/cost ({benefitPv / Math.Max(costPv, 1e-9):0.00}) of the candidates left that fit year {year}'s budget"),
        };
        if (alternatives.Count > 0)
        {
            why += "; alternatives on the same feeder: " + string.Join(", ", alternatives.Take(3).Select(a => a.BenefitCostRatio is double r
                ? string.Create(s_inv, $"{a.Id} B/C {r:0.00} ({a.Status})")
                : $"{a.Id} ({a.Status})"));
        }

        int? feeder = c.Touched.Length > 0 ? c.Touched[0] : null;
        _projects.Add(new InvestmentProject(
            c.Id, c.Kind, ProjectKinds.Lever(c.Kind), year, _projects.Count + 1, c.Source, c.Description, feeder is int f0 ? _diagnosis.Feeders[f0].Feeder : null,
            Finite(c.X), Finite(c.Y), c.Cost, c.Problem, fixes, reason, constraint, Effect(val.Delta, val.Annual), benefitPv, costPv,
            costPv > 0 ? benefitPv / costPv : null, benefitPv - costPv, why, alternatives));
    }

    // Adds chosen project i to the indices of what the plan has changed.
    private void Record(int i)
    {
        int pick = _picks.Count;
        _picks.Add(i);
        foreach (int f in _editFeeders[i])
        {
            (f >= 0 ? _picksByFeeder[f] : _picksAnywhere).Add(pick);
        }

        foreach (int f in _candidates[i].Touched)
        {
            if (!_editFeeders[i].Contains(f))
            {
                _picksByFeeder[f].Add(pick);
            }
        }

        foreach ((int f, List<int> to) in _evaluator.NewTies(_candidates[i].Edits))
        {
            if (!_chosenTies.TryGetValue(f, out List<int>? list))
            {
                _chosenTies[f] = list = [];
            }

            list.AddRange(to);
        }
    }

    // After choosing i: a valuation is stale when the choice changed an element of the part it was made on, or the
    // present figures of a feeder it changes. Only candidates touching a feeder up to four ties from the changed
    // elements can be (a part reaches four ties from the candidate's feeders); with an element outside every feeder,
    // all are checked. Eager (valued again before the next choice) where projects interact most: on the feeders whose
    // elements the choice changed, and, when it changes how load is transferred (a tie, a conductor, a tap, a
    // capacitor, a split area), on every feeder whose figures it changed (a tie and a reinforcement of the feeder it
    // feeds into); lazy further out (valued again when it comes to the top of the queue, docs/investment.md §5).
    private void MarkStale(int i, Valuation val)
    {
        var changed = new HashSet<int>(_candidates[i].Touched);
        changed.UnionWith(_editFeeders[i]);
        bool transfers = _candidates[i].Edits.Any(e => e is not (ReduceFailureRate or NewDevice or AutomateDevice));
        IEnumerable<int> near;
        if (changed.Remove(-1))
        {
            near = Enumerable.Range(0, _candidates.Length);
        }
        else
        {
            HashSet<int> feeders = _evaluator.Within(changed, 2 * FeederEvaluator.Reach, _chosenTies);
            var list = new List<int>();
            _stamp++;
            foreach (int f in feeders)
            {
                foreach (int j in _byFeeder[f])
                {
                    if (_seen[j] != _stamp)
                    {
                        _seen[j] = _stamp;
                        list.Add(j);
                    }
                }
            }

            near = list;
        }

        foreach (int j in near)
        {
            if (j == i || !Available(j) || _value[j] is not { } other)
            {
                continue;
            }

            bool touchesFigures = false;
            bool touchesElements = false;
            foreach (int f in _candidates[j].Touched)
            {
                touchesFigures |= val.After.ContainsKey(f);
                touchesElements |= changed.Contains(f);
            }

            bool stale = other.Error is null
                ? other.Part.Overlaps(changed) || Overlaps(other.After, val.After)
                : touchesFigures;
            if (stale)
            {
                _stale[j] = true;
                _eager[j] = other.Error is not null || transfers ? touchesFigures : touchesElements;
            }
        }

        static bool Overlaps(Dictionary<int, FeederMetrics> a, Dictionary<int, FeederMetrics> b)
        {
            foreach (int f in a.Keys)
            {
                if (b.ContainsKey(f))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private List<InvestmentAlternative> Alternatives(int chosen, int year)
    {
        Candidate c = _candidates[chosen];
        var list = new List<(InvestmentAlternative Alternative, double Ratio)>();
        var sameFeeder = new List<int>();
        if (c.Touched.Length > 0)
        {
            foreach (int j in _byFeeder[c.Touched[0]])
            {
                Candidate o = _candidates[j];
                if (j != chosen && o.Touched.Length > 0 && o.Touched[0] == c.Touched[0] && (o.Kind != ProjectKinds.Replacement || c.Kind == ProjectKinds.Replacement))
                {
                    sameFeeder.Add(j);
                }
            }
        }

        // The stale ones valued again first, as one parallel batch (none of them changes the plan).
        RefreshAll(sameFeeder);
        foreach (int j in sameFeeder)
        {
            Candidate o = _candidates[j];
            double annual = _value[j]?.Annual ?? 0;
            double? ratio = o.Cost > 0 && _value[j] is not null ? BenefitPv(annual, year, o.BuildYears) / CostPv(o.Cost, year) : null;
            string status = _chosen[j] ? "chosen" : _excludedBy[j] is not null ? "excluded"
                : _value[j]?.Error is not null ? "not_buildable"
                : ratio < 1 ? "below_cost"
                : o.Cost > _request.BudgetPerYear - _spent[year] ? "over_budget" : "lower_ratio";
            list.Add((new InvestmentAlternative(o.Id, o.Kind, o.Cost, annual, ratio, status), ratio ?? 0));
        }

        list.Sort((a, b) => b.Ratio.CompareTo(a.Ratio));
        return list.Take(5).Select(a => a.Alternative).ToList();
    }

    private string Fixes(Candidate c)
    {
        string? feeder = c.Touched.Length > 0 ? _diagnosis.Feeders[c.Touched[0]].Feeder : null;
        switch (c.Problem)
        {
            case "asset_risk":
                return $"aging asset {c.ProblemKey} (asset model: risk removed per yuan)";
            case "outages":
                int f = c.Touched[0];
                FeederMetrics m = _baseline[f];
                return m.Customers > 0
                    ? string.Create(s_inv, $"fault outages on {feeder}: predicted SAIFI {m.CustomerInterruptions / m.Customers:0.###}, SAIDI {m.CustomerHours / m.Customers:0.###} h, {m.Complaints:0.#} complaints a year")
                    : $"fault outages on {feeder}";
            case "low_voltage":
                return string.Create(s_inv, $"{_baseline[c.Touched[0]].LowVoltageCustomers:0} customers below the voltage limit at peak on {feeder} (power flow)");
            default:
                DiagnosisProblem? p = _diagnosis.Problems.FirstOrDefault(x => x.Rule == c.Problem && x.Feeder == feeder);
                return p is null ? $"{c.Problem} on {feeder}" : $"{p.Rule} ({p.Severity}): {p.Detail}";
        }
    }

    private InvestmentEffect Effect(FeederMetrics delta, double annual)
    {
        double customers = 0;
        foreach (FeederMetrics m in _baseline)
        {
            customers += m.Customers;
        }

        return new InvestmentEffect(
            customers > 0 ? delta.CustomerInterruptions / customers : null, customers > 0 ? delta.CustomerHours / customers : null,
            delta.CustomerHours, delta.EnsMwh, delta.Complaints, delta.LowVoltageCustomers, delta.N1Failures, delta.Overloads, annual);
    }

    private static InvestmentState State(FeederMetrics[] metrics)
    {
        var sum = default(FeederMetrics);
        int radial = 0;
        int failingN1 = 0;
        foreach (FeederMetrics m in metrics)
        {
            sum += m;
            radial += m.Tied ? 0 : 1;
            failingN1 += m.N1Failures > 0 || !m.Tied ? 1 : 0;
        }

        return new InvestmentState(
            sum.Customers, sum.Customers > 0 ? sum.CustomerInterruptions / sum.Customers : null, sum.Customers > 0 ? sum.CustomerHours / sum.Customers : null,
            sum.CustomerHours, sum.EnsMwh, sum.Complaints, sum.LowVoltageCustomers, sum.N1Failures, sum.Overloads, radial) { N1FailingFeeders = failingN1 };
    }

    private InvestmentPlanReport Report()
    {
        double spent = 0;
        double costPv = 0;
        double benefit = 0;
        double annual = 0;
        foreach (InvestmentProject p in _projects)
        {
            spent += p.Cost;
            costPv += p.CostPresentValue;
            benefit += p.Benefit;
            annual += p.Effect.AnnualBenefit;
        }

        // Under diminishing returns a candidate's benefit on top of the final plan is at most its last valuation, so the
        // best set within the total budget gains at most the fractional knapsack of those (docs/investment.md §5).
        var extra = new List<(double Value, double Cost)>();
        int belowCost = 0;
        for (int i = 0; i < _candidates.Length; i++)
        {
            if (_chosen[i] || _value[i] is not { Error: null } val || !(val.Annual > NoBenefit))
            {
                continue;
            }

            extra.Add((val.Annual, _candidates[i].Cost));
            if (Available(i) && Ratio(i, 1) < 1)
            {
                belowCost++;
            }
        }

        double bound = annual + BudgetedGreedy.FractionalKnapsack(extra, _request.BudgetPerYear * _request.Years);
        var years = new InvestmentYear[_request.Years];
        for (int y = 1; y <= _request.Years; y++)
        {
            // Year y with the projects paid for by year y - 1 (working in year y); without growth or ageing every year is today's network.
            InvestmentState without = _perYear ? _withoutPlan[y - 1] : _endOfYear[0];
            years[y - 1] = new InvestmentYear(y, _request.BudgetPerYear, _spent[y], _projects.Count(p => p.PlanYear == y), without, _endOfYear[y - 1]);
        }

        InvestmentValues v = _request.Values;
        return new InvestmentPlanReport(
            _diagnosis.Network, _diagnosis.Case, _request.Currency, _request.BudgetPerYear, _request.Years, v.DiscountRate, v.AppraisalYears, _request.Levers,
            Aging.ComplaintModelSummary.Of(_request.ComplaintModel), _candidates.Length, _evaluations,
            spent, costPv, benefit, costPv > 0 ? benefit / costPv : null, benefit - costPv,
            annual, bound, bound > 0 ? 1 - (annual / bound) : null, belowCost,
            _endOfYear[0], State(_current), years, _projects, _constraints);
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;
}
