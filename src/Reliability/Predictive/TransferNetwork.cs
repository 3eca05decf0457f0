using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>What limits a transfer: a branch rating, a bus voltage, or nothing.</summary>
public enum TransferLimitKind : byte
{
    /// <summary>Nothing limits it (no rated branch and no voltage drop on the way).</summary>
    None = 0,

    /// <summary>A branch reaches its rating first.</summary>
    BranchRating = 1,

    /// <summary>A medium-voltage bus reaches the minimum voltage first.</summary>
    Voltage = 2,
}

/// <summary>
/// The outcome of one transfer check: the largest fraction of peak load at which the configuration stays within every
/// limit (+∞ when nothing limits it), and the element that binds there. The binding constraint is
/// <c>Linear·f + Quadratic·f² ≤ Capacity</c> at load fraction f (see <c>TransferNetwork</c>).
/// </summary>
/// <param name="CriticalFraction">Largest load fraction (of each load's peak) that stays within the limits; +∞ when unlimited.</param>
/// <param name="Kind">What binds.</param>
/// <param name="Element">Edge index (branch rating) or node index (voltage); -1 for none.</param>
/// <param name="Linear">Coefficient of f of the binding constraint.</param>
/// <param name="Quadratic">Coefficient of f² of the binding constraint (the losses).</param>
/// <param name="Capacity">Right-hand side of the binding constraint.</param>
internal readonly record struct TransferCheck(double CriticalFraction, TransferLimitKind Kind, int Element, double Linear = 0, double Quadratic = 0, double Capacity = 1)
{
    // Relative slack so that a load exactly at a rating counts as within it in both this model and the brute-force oracle.
    private const double Slack = 1e-9;

    public static TransferCheck Unlimited => new(double.PositiveInfinity, TransferLimitKind.None, -1);

    public bool FitsAt(double fraction) => fraction <= CriticalFraction * (1 + Slack);

    public TransferCheck Min(TransferCheck other) => other.CriticalFraction < CriticalFraction ? other : this;

    /// <summary>How much of the binding constraint's capacity is used at <paramref name="fraction"/> (1 at the critical fraction).</summary>
    public double UseAt(double fraction) => ((Linear * fraction) + (Quadratic * fraction * fraction)) / Capacity;

    /// <summary>The check of <c>linear·f + quadratic·f² ≤ capacity</c>: its largest f (+∞ when nothing grows with f).</summary>
    public static TransferCheck Of(TransferLimitKind kind, int element, double linear, double quadratic, double capacity)
    {
        if (!(linear > 0) && !(quadratic > 0))
        {
            return Unlimited;
        }

        // The positive root of quadratic·f² + linear·f − capacity, in the form that stays exact when quadratic → 0.
        double f = 2 * capacity / (linear + Math.Sqrt((linear * linear) + (4 * quadratic * capacity)));
        return new TransferCheck(f, kind, element, linear, quadratic, capacity);
    }
}

/// <summary>
/// A healthy part picked up through a tie: the subtree of <paramref name="Top"/> without the subtree of
/// <paramref name="Cut"/> (-1: nothing cut away), fed from <paramref name="Far"/> through the tie, entering at <paramref name="Near"/>.
/// </summary>
internal readonly record struct Injection(int Top, int Cut, int Near, int Far, int TieEdge);

/// <summary>
/// The network as transfer checks see it: DistFlow (Baran and Wu) with the voltage-squared form and the losses kept to
/// second order, built so that a configuration it accepts is within limits in the full AC power flow too. With
/// r = R/(1000·kV²) and x = X/(1000·kV²) per branch (kV the nominal voltage at its from bus; P in kW, Q in kvar) and
/// P⁰, Q⁰ the lossless flow of a branch at peak (the sum of the loads it feeds):
/// <list type="bullet">
/// <item>each branch's losses at load fraction f are at most f²·(r, x)·|S⁰|²/V²min (its current at the lowest voltage
/// allowed), and a branch carries f·(P⁰, Q⁰) plus the losses it feeds, f²·(Lᴾ, Lᵠ);</item>
/// <item>exact DistFlow, V²ⱼ = V²ᵢ − 2(r·Pᵢⱼ + x·Qᵢⱼ) + |z|²·ℓ, gives V²ⱼ ≥ V²₀ − 2·(A·f + B·f²) with
/// A = Σ(r·P⁰ + x·Q⁰) and B = Σ(r·Lᴾ + x·Lᵠ) along the path from the source, so a bus stays at or above V_min when
/// A·f + B·f² ≤ (V²₀ − V²min)/2;</item>
/// <item>a branch carries at most f·|S⁰| + f²·|L| kVA; a transformer (rated in kVA) fits when that is within its
/// rating R, a line or cable (rated in A) when its current fits at the from bus's lowest possible voltage,
/// V₀ − κ·(Aᵢ·f + Bᵢ·f²) with κ = 2/(V₀ + V_min): (|S⁰| + R·κ·Aᵢ)·f + (|L| + R·κ·Bᵢ)·f² ≤ R·V₀.</item>
/// </list>
/// Every constraint is a quadratic in f, so one check finds the largest fraction of peak load at which a configuration
/// stays within limits, and every load level is a comparison with it. Against the full sweep of <c>RadialPowerFlow</c>
/// the check is conservative and within a few percent of the full power flow's critical load
/// (<c>TransferFullPowerFlowTests</c>; docs/diagnosis.md gives the measured bound).
/// </summary>
/// <remarks>
/// A check covers every rated branch and every medium-voltage bus (nominal ≥ 1 kV) that the configuration energises
/// on the receiving feeder (the feeder of the tie's far end, without the dead faulted part when it is the faulted
/// feeder itself) and in the transferred parts; branches and buses of other feeders are untouched by a transfer and not
/// checked. Loads are the load points' peaks (average where no peak is given) at constant power; a negative kvar is
/// taken as 0, so that adding load never lowers a flow. Transformer taps are not modelled (1:1). A check costs
/// two passes over the receiving feeder and three over the transferred parts. Not thread-safe (scratch arrays).
/// </remarks>
internal sealed class TransferNetwork
{
    private readonly int[] _parent;
    private readonly int[] _parentEdge;
    private readonly int[] _pre;
    private readonly int[] _size;
    private readonly int[] _order;
    private readonly int[] _feederOf;
    private readonly int[] _feederFirst;
    private readonly double[] _cumP;
    private readonly double[] _cumQ;
    private readonly double[] _cumCustomers;
    private readonly double[] _ratingKva;
    private readonly bool[] _kvaRated;
    private readonly double[] _rPu;
    private readonly double[] _xPu;
    private readonly bool[] _checkedAt;
    private readonly int[] _parentAt;
    private readonly int[] _edgeAt;
    private readonly int[] _sizeAt;
    private readonly double _sourcePu;
    private readonly double _voltageCapacity;
    private readonly double _kappa;
    private readonly double _lossPerKva2;

    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly int _positions;
    private readonly int _nodes;
    private Scratch? _own;

    // Per preorder position, for the branch feeding its node in the checked configuration: lossless flow at peak,
    // losses fed (its own included), and the node's voltage terms A and B. Valid only for the nodes of the current check:
    // the arrays of this thread's Scratch, taken at the start of each check.
    private double[] _p = [];
    private double[] _q = [];
    private double[] _lossP = [];
    private double[] _lossQ = [];
    private double[] _subP = [];
    private double[] _subQ = [];
    private double[] _a = [];
    private double[] _b = [];
    private int[] _mark = [];
    private readonly List<int> _inside = [];
    private double[] _partLossP = new double[4];
    private double[] _partLossQ = new double[4];
    private int _stamp;

    public TransferNetwork(Net network, RadialTrace trace, RestorationLimits limits)
    {
        _parent = trace.ParentArray;
        _parentEdge = trace.ParentEdgeArray;
        _pre = trace.PreIndexArray;
        _size = trace.SubtreeSizeArray;
        _order = trace.OrderArray;
        _feederOf = trace.FeederOfArray;
        int n = network.NodeCount;
        int positions = _order.Length;
        _cumP = new double[positions + 1];
        _cumQ = new double[positions + 1];
        _cumCustomers = new double[positions + 1];
        ReadOnlySpan<int> lpNode = network.LoadPointNode;
        ReadOnlySpan<double> peak = network.PeakKw;
        ReadOnlySpan<double> average = network.AverageKw;
        ReadOnlySpan<double> kvar = network.PeakKvar;
        ReadOnlySpan<int> customers = network.Customers;
        for (int l = 0; l < lpNode.Length; l++)
        {
            int p = _pre[lpNode[l]];
            if (p < 0)
            {
                continue;
            }

            bool hasPeak = peak[l] > 0;
            _cumP[p + 1] += hasPeak ? peak[l] : Math.Max(0, average[l]);
            _cumQ[p + 1] += hasPeak ? Math.Max(0, kvar[l]) : 0;
            _cumCustomers[p + 1] += customers[l];
        }

        for (int i = 0; i < positions; i++)
        {
            _cumP[i + 1] += _cumP[i];
            _cumQ[i + 1] += _cumQ[i];
            _cumCustomers[i + 1] += _cumCustomers[i];
        }

        int edges = network.EdgeCount;
        _ratingKva = new double[edges];
        _kvaRated = new bool[edges];
        _rPu = new double[edges];
        _xPu = new double[edges];
        ReadOnlySpan<double> kv = network.NominalKv;
        ReadOnlySpan<int> from = network.EdgeFrom;
        ReadOnlySpan<BranchKind> kinds = network.EdgeKinds;
        for (int e = 0; e < edges; e++)
        {
            // Limits off: nothing is rated and nothing drops, so every check is unlimited.
            _ratingKva[e] = limits.Enabled ? Ratings.BranchKva(network, e) ?? double.PositiveInfinity : double.PositiveInfinity;
            _kvaRated[e] = kinds[e] == BranchKind.Transformer;
            double v = kv[from[e]];
            if (v > 0 && limits.Enabled)
            {
                _rPu[e] = Math.Max(0, network.ROhm[e]) / (1000 * v * v);
                _xPu[e] = Math.Max(0, network.XOhm[e]) / (1000 * v * v);
            }
        }

        // By preorder position: whether the bus is checked, its parent's position (a source's own for a source), its
        // parent edge and its subtree size.
        _checkedAt = new bool[positions];
        _parentAt = new int[positions];
        _edgeAt = new int[positions];
        _sizeAt = new int[positions];
        for (int i = 0; i < positions; i++)
        {
            int v = _order[i];
            _checkedAt[i] = kv[v] >= 1;
            _parentAt[i] = _parent[v] >= 0 ? _pre[_parent[v]] : i;
            _edgeAt[i] = _parentEdge[v];
            _sizeAt[i] = _size[v];
        }

        _feederFirst = new int[trace.FeederHeadEdge.Length];
        for (int f = 0; f < _feederFirst.Length; f++)
        {
            int h = trace.FeederHeadEdge[f];
            int head = network.EdgeTo[h];
            _feederFirst[f] = _parentEdge[head] == h ? head : from[h];
        }

        double v0 = limits.SourceVoltagePu;
        double vMin = limits.MinimumVoltagePu;
        _sourcePu = v0;
        _voltageCapacity = ((v0 * v0) - (vMin * vMin)) / 2;
        _kappa = 2 / (v0 + vMin);
        _lossPerKva2 = 1 / (vMin * vMin);
        _positions = positions;
        _nodes = n;
    }

    /// <summary>Feeder of a node in normal operation; -1 for sources.</summary>
    public int FeederOf(int node) => _feederOf[node];

    /// <summary>Peak kW of the subtree of <paramref name="node"/>.</summary>
    public double SubtreeKw(int node) => Sum(_cumP, node);

    /// <summary>Customers in the subtree of <paramref name="node"/>.</summary>
    public double SubtreeCustomers(int node) => Sum(_cumCustomers, node);

    /// <summary>Customers of a part.</summary>
    public double PartCustomers(int top, int cut) => Sum(_cumCustomers, top) - (cut >= 0 ? Sum(_cumCustomers, cut) : 0);

    /// <summary>
    /// Checks feeder <paramref name="feeder"/> (-1: the far ends are sources) with the parts <paramref name="injections"/>
    /// attached and the subtrees of <paramref name="removed"/> taken off it (de-energised by the fault, or handed on to
    /// another feeder); removed subtrees are disjoint, and those outside the feeder are ignored.
    /// </summary>
    public TransferCheck Check(int feeder, ReadOnlySpan<int> removed, ReadOnlySpan<Injection> injections)
    {
        Scratch scratch = _positions <= Scratch.ThreadLimit ? Scratch.ForThread(_positions, _nodes) : OwnScratch();
        (_p, _q, _lossP, _lossQ, _subP, _subQ, _a, _b, _mark, _stamp) =
            (scratch.P, scratch.Q, scratch.LossP, scratch.LossQ, scratch.SubP, scratch.SubQ, scratch.A, scratch.B, scratch.Mark, scratch.Stamp);
        bool done = false;
        try
        {
            TransferCheck check = Checked(feeder, removed, injections);
            done = true;
            return check;
        }
        finally
        {
            // A check cut short leaves its sums behind: the thread starts over with a clean scratch.
            scratch.Stamp = _stamp;
            if (!done)
            {
                if (ReferenceEquals(scratch, _own))
                {
                    _own = null;
                }
                else
                {
                    t_scratch = null;
                }
            }
        }
    }

    private TransferCheck Checked(int feeder, ReadOnlySpan<int> removed, ReadOnlySpan<Injection> injections)
    {
        if (_partLossP.Length < injections.Length)
        {
            _partLossP = new double[injections.Length];
            _partLossQ = new double[injections.Length];
        }

        // 1. The parts' flows and the losses they hold, towards their ties.
        for (int k = 0; k < injections.Length; k++)
        {
            (_partLossP[k], _partLossQ[k]) = PartFlows(injections[k]);
        }

        // 2. The receiving feeder: flows and losses up, voltage terms and checks down.
        var worst = TransferCheck.Unlimited;
        if (feeder >= 0)
        {
            worst = FeederFlows(feeder, removed, injections);
        }

        // 3. The parts' voltage terms and checks, from their far ends through their ties.
        for (int k = 0; k < injections.Length; k++)
        {
            PartChecks(injections[k], ref worst);
        }

        return worst;
    }

    private (double LossP, double LossQ) PartFlows(Injection inj)
    {
        double partP = PartP(inj);
        double partQ = PartQ(inj);
        int stamp = ++_stamp;

        // Fed from below: the branch above each path node w now feeds w's parent, carrying the part outside w's subtree.
        int w = inj.Near;
        Feed(_pre[w], inj.TieEdge, partP, partQ);
        _mark[w] = stamp;
        while (w != inj.Top)
        {
            int up = _parent[w];
            Feed(_pre[up], _parentEdge[w], partP - InPartP(inj, w), partQ - InPartQ(inj, w));
            _mark[up] = stamp;
            w = up;
        }

        int start = _pre[inj.Top];
        int end = start + _sizeAt[start];
        int cutStart = inj.Cut >= 0 ? _pre[inj.Cut] : -1;
        int cutEnd = inj.Cut >= 0 ? cutStart + _sizeAt[cutStart] : -1;
        for (int i = start; i < end; i++)
        {
            if (i == cutStart)
            {
                i = cutEnd - 1;
                continue;
            }

            int v = _order[i];
            if (_mark[v] != stamp)
            {
                Feed(i, _edgeAt[i], InPartP(inj, v), InPartQ(inj, v));
            }
        }

        // Losses summed over the normal subtrees, bottom-up; each node's own feeding branch included.
        for (int i = end - 1; i > start; i--)
        {
            if (i == cutEnd - 1)
            {
                i = cutStart;
                continue;
            }

            _lossP[_parentAt[i]] += _lossP[i];
            _lossQ[_parentAt[i]] += _lossQ[i];
        }

        // The whole part's losses now sit at its top; a path node's parent is fed with all of the part outside the
        // path node's normal subtree.
        double totalP = _lossP[start];
        double totalQ = _lossQ[start];
        int near = _pre[inj.Near];
        double belowP = _lossP[near];
        double belowQ = _lossQ[near];
        _lossP[near] = totalP;
        _lossQ[near] = totalQ;
        for (w = inj.Near; w != inj.Top; w = _parent[w])
        {
            int up = _pre[_parent[w]];
            double upP = _lossP[up];
            double upQ = _lossQ[up];
            _lossP[up] = totalP - belowP;
            _lossQ[up] = totalQ - belowQ;
            belowP = upP;
            belowQ = upQ;
        }

        return (totalP, totalQ);
    }

    private TransferCheck FeederFlows(int feeder, ReadOnlySpan<int> removed, ReadOnlySpan<Injection> injections)
    {
        int first = _feederFirst[feeder];
        int start = _pre[first];
        int end = start + _sizeAt[start];
        _inside.Clear();
        foreach (int top in removed)
        {
            if (top >= 0 && IsInSubtree(top, first))
            {
                _inside.Add(top);
            }
        }

        // Flows and losses from the leaves up: a node's losses are its own branch's plus what its children (and any
        // part hanging from it) pass up in _subP/_subQ, which are zero between checks. Scratch arrays are indexed by
        // preorder position, so a feeder is a contiguous run of them.
        for (int k = 0; k < injections.Length; k++)
        {
            int far = _pre[injections[k].Far];
            _subP[far] += _partLossP[k];
            _subQ[far] += _partLossQ[k];
        }

        for (int i = end - 1; i >= start; i--)
        {
            int skip = RemovedEndingAt(i);
            if (skip >= 0)
            {
                i = _pre[skip];
                continue;
            }

            int size = _sizeAt[i];
            double p = _cumP[i + size] - _cumP[i];
            double q = _cumQ[i + size] - _cumQ[i];
            foreach (int top in _inside)
            {
                int t = _pre[top];
                if (t >= i && t < i + size)
                {
                    p -= Sum(_cumP, top);
                    q -= Sum(_cumQ, top);
                }
            }

            for (int k = 0; k < injections.Length; k++)
            {
                int far = _pre[injections[k].Far];
                if (far >= i && far < i + size)
                {
                    p += PartP(injections[k]);
                    q += PartQ(injections[k]);
                }
            }

            Feed(i, _edgeAt[i], p, q);
            _lossP[i] += _subP[i];
            _lossQ[i] += _subQ[i];
            _subP[_parentAt[i]] += _lossP[i];
            _subQ[_parentAt[i]] += _lossQ[i];
        }

        // Voltage terms and checks from the source down, clearing the sums on the way.
        var worst = TransferCheck.Unlimited;
        int source = _parentAt[start];
        _a[source] = 0;
        _b[source] = 0;
        _subP[source] = 0;
        _subQ[source] = 0;
        for (int i = start; i < end; i++)
        {
            int skip = RemovedAt(i);
            if (skip >= 0)
            {
                i += _sizeAt[i] - 1;
                continue;
            }

            Down(_parentAt[i], i, _edgeAt[i], ref worst);
            _subP[i] = 0;
            _subQ[i] = 0;
        }

        return worst;
    }

    // The removed subtree starting at preorder position i, or -1.
    private int RemovedAt(int i)
    {
        foreach (int top in _inside)
        {
            if (_pre[top] == i)
            {
                return top;
            }
        }

        return -1;
    }

    // The removed subtree ending at preorder position i, or -1.
    private int RemovedEndingAt(int i)
    {
        foreach (int top in _inside)
        {
            if (_pre[top] + _size[top] - 1 == i)
            {
                return top;
            }
        }

        return -1;
    }

    private void PartChecks(Injection inj, ref TransferCheck worst)
    {
        int far = _pre[inj.Far];
        if (_feederOf[inj.Far] < 0)
        {
            _a[far] = 0;
            _b[far] = 0;
        }

        int stamp = ++_stamp;
        int w = inj.Near;
        Down(far, _pre[w], inj.TieEdge, ref worst);
        _mark[w] = stamp;
        while (w != inj.Top)
        {
            int up = _parent[w];
            Down(_pre[w], _pre[up], _parentEdge[w], ref worst);
            _mark[up] = stamp;
            w = up;
        }

        int start = _pre[inj.Top];
        int end = start + _sizeAt[start];
        int cutStart = inj.Cut >= 0 ? _pre[inj.Cut] : -1;
        for (int i = start; i < end; i++)
        {
            if (i == cutStart)
            {
                i += _sizeAt[i] - 1;
                continue;
            }

            if (_mark[_order[i]] != stamp)
            {
                Down(_parentAt[i], i, _edgeAt[i], ref worst);
            }
        }
    }

    // The node at position `at` fed through `edge` (-1: a tie without branch) with lossless flow (p, q) at peak:
    // stores the flow and the branch's own losses.
    private void Feed(int at, int edge, double p, double q)
    {
        _p[at] = p;
        _q[at] = q;
        double s2 = ((p * p) + (q * q)) * _lossPerKva2;
        _lossP[at] = edge >= 0 ? _rPu[edge] * s2 : 0;
        _lossQ[at] = edge >= 0 ? _xPu[edge] * s2 : 0;
    }

    // Voltage terms of the node at `at` from those at `from`, and the checks of the branch and of the node folded into `worst`.
    private void Down(int from, int at, int edge, ref TransferCheck worst)
    {
        double aFrom = _a[from];
        double bFrom = _b[from];
        if (edge < 0)
        {
            _a[at] = aFrom;
            _b[at] = bFrom;
        }
        else
        {
            double p = _p[at];
            double q = _q[at];
            double lp = _lossP[at];
            double lq = _lossQ[at];
            _a[at] = aFrom + (_rPu[edge] * p) + (_xPu[edge] * q);
            _b[at] = bFrom + (_rPu[edge] * lp) + (_xPu[edge] * lq);
            double rating = _ratingKva[edge];
            if (double.IsFinite(rating))
            {
                double s = Math.Sqrt((p * p) + (q * q));
                double loss = Math.Sqrt((lp * lp) + (lq * lq));
                if (_kvaRated[edge])
                {
                    Bind(ref worst, TransferLimitKind.BranchRating, edge, s, loss, rating);
                }
                else
                {
                    Bind(ref worst, TransferLimitKind.BranchRating, edge, s + (rating * _kappa * aFrom), loss + (rating * _kappa * bFrom), rating * _sourcePu);
                }
            }
        }

        if (_checkedAt[at])
        {
            Bind(ref worst, TransferLimitKind.Voltage, _order[at], _a[at], _b[at], _voltageCapacity);
        }
    }

    // Folds one constraint into `worst`; one that holds at worst's fraction cannot bind earlier and costs no root.
    private static void Bind(ref TransferCheck worst, TransferLimitKind kind, int element, double linear, double quadratic, double capacity)
    {
        double f = worst.CriticalFraction;
        if (double.IsFinite(f) && (linear * f) + (quadratic * f * f) <= capacity)
        {
            return;
        }

        worst = worst.Min(TransferCheck.Of(kind, element, linear, quadratic, capacity));
    }

    private double PartP(Injection inj) => Sum(_cumP, inj.Top) - (inj.Cut >= 0 ? Sum(_cumP, inj.Cut) : 0);

    private double PartQ(Injection inj) => Sum(_cumQ, inj.Top) - (inj.Cut >= 0 ? Sum(_cumQ, inj.Cut) : 0);

    // Load of the part below v (v inside the part).
    private double InPartP(Injection inj, int v) => Sum(_cumP, v) - (inj.Cut >= 0 && IsInSubtree(inj.Cut, v) ? Sum(_cumP, inj.Cut) : 0);

    private double InPartQ(Injection inj, int v) => Sum(_cumQ, v) - (inj.Cut >= 0 && IsInSubtree(inj.Cut, v) ? Sum(_cumQ, inj.Cut) : 0);

    /// <summary>Whether <paramref name="node"/> (-1: none) lies on feeder <paramref name="feeder"/> (-1: none), as <see cref="Check"/> reads its removed subtrees.</summary>
    public bool InFeeder(int node, int feeder) => node >= 0 && feeder >= 0 && IsInSubtree(node, _feederFirst[feeder]);

    /// <summary>Whether <paramref name="node"/> lies in the subtree of <paramref name="top"/> (normal tree).</summary>
    public bool IsInSubtree(int node, int top)
    {
        int p = _pre[node];
        int t = _pre[top];
        return p >= t && p < t + _size[top];
    }

    // A network too large for the thread's scratch keeps its own, so that no pool thread holds a whole-network set of
    // arrays after the assessment that needed it.
    private Scratch OwnScratch()
    {
        if (_own is null || _own.Stamp > int.MaxValue / 2)
        {
            _own = new Scratch(_positions, _nodes);
        }

        return _own;
    }

    private double Sum(double[] cumulative, int node) => cumulative[_pre[node] + _size[node]] - cumulative[_pre[node]];

    /// <summary>
    /// The scratch arrays of the checks, one per thread for networks up to <see cref="ThreadLimit"/> positions: a transfer network is
    /// built per valuation of the investment planner (tens of thousands a plan), and only its own columns are its own.
    /// Between checks <see cref="SubP"/> and <see cref="SubQ"/> are zero and every <see cref="Mark"/> is below <see cref="Stamp"/>.
    /// </summary>
    private sealed class Scratch(int positions, int nodes)
    {
        public double[] P { get; } = new double[positions];

        public double[] Q { get; } = new double[positions];

        public double[] LossP { get; } = new double[positions];

        public double[] LossQ { get; } = new double[positions];

        public double[] SubP { get; } = new double[positions];

        public double[] SubQ { get; } = new double[positions];

        public double[] A { get; } = new double[positions];

        public double[] B { get; } = new double[positions];

        public int[] Mark { get; } = new int[nodes];

        public int Stamp { get; set; }

        /// <summary>
        /// The most preorder positions a thread's scratch is kept for (about 9 MB of arrays): the parts the investment
        /// planner values are far smaller, whole networks above it use their own (<see cref="OwnScratch"/>).
        /// </summary>
        public const int ThreadLimit = 1 << 17;

        /// <summary>This thread's scratch, replaced by a larger one when the network needs more.</summary>
        public static Scratch ForThread(int positions, int nodes)
        {
            Scratch? s = t_scratch;
            if (s is null || s.P.Length < positions || s.Mark.Length < nodes || s.Stamp > int.MaxValue / 2)
            {
                t_scratch = s = new Scratch(Math.Max(positions, s?.P.Length ?? 0), Math.Max(nodes, s?.Mark.Length ?? 0));
            }

            return s;
        }
    }
}
