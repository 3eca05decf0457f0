using Lumen.Topology.Network;
using Lumen.Topology.Tracing;
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
/// limit (+∞ when nothing limits it), and the element that binds there.
/// </summary>
/// <param name="CriticalFraction">Largest load fraction (of each load's peak) that stays within the limits; +∞ when unlimited.</param>
/// <param name="Kind">What binds.</param>
/// <param name="Element">Edge index (branch rating) or node index (voltage); -1 for none.</param>
internal readonly record struct TransferCheck(double CriticalFraction, TransferLimitKind Kind, int Element)
{
    // Relative slack so that a load exactly at a rating counts as within it in both this model and the brute-force oracle.
    private const double Slack = 1e-9;

    public static TransferCheck Unlimited => new(double.PositiveInfinity, TransferLimitKind.None, -1);

    public bool FitsAt(double fraction) => fraction <= CriticalFraction * (1 + Slack);

    public TransferCheck Min(TransferCheck other) => other.CriticalFraction < CriticalFraction ? other : this;
}

/// <summary>
/// A healthy part picked up through a tie: the subtree of <paramref name="Top"/> without the subtree of
/// <paramref name="Cut"/> (-1: nothing cut away), fed from <paramref name="Far"/> through the tie, entering at <paramref name="Near"/>.
/// </summary>
internal readonly record struct Injection(int Top, int Cut, int Near, int Far, int TieEdge);

/// <summary>
/// The network as transfer checks see it, in the linearised, lossless DistFlow model (Baran and Wu's simplified
/// DistFlow): the flow in a branch is the sum of the loads it feeds, and the voltage drop across it is
/// (R·P + X·Q) / (1000·kV²) per unit with P in kW, Q in kvar and kV the nominal voltage at its from bus. Both scale
/// linearly with the load, so a check finds once the largest fraction of peak load at which a configuration stays
/// within limits, and every load level is a comparison with it.
/// </summary>
/// <remarks>
/// A check covers every rated branch and every medium-voltage bus (nominal ≥ 1 kV) that the configuration energises
/// on the receiving feeder (the feeder of the tie's far end, without the dead faulted part when it is the faulted
/// feeder itself) and in the transferred parts; branches and buses of other feeders are untouched by a transfer and not
/// checked. Loads are the load points' peaks (average where no peak is given); a negative kvar is taken as 0, so that
/// adding load never lowers a flow. A check costs O(receiving feeder + transferred parts). Not thread-safe (scratch arrays).
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
    private readonly double[] _rPu;
    private readonly double[] _xPu;
    private readonly bool[] _checked;
    private readonly double _voltageMargin;
    private readonly double[] _drop;
    private readonly int[] _mark;
    private int _stamp;

    public TransferNetwork(Net network, RadialTrace trace, RestorationLimits limits)
    {
        _parent = trace.Parent;
        _parentEdge = trace.ParentEdge;
        _pre = trace.PreIndex;
        _size = trace.SubtreeSize;
        _order = trace.Order;
        _feederOf = trace.FeederOf;
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
        _rPu = new double[edges];
        _xPu = new double[edges];
        ReadOnlySpan<double> kv = network.NominalKv;
        ReadOnlySpan<int> from = network.EdgeFrom;
        for (int e = 0; e < edges; e++)
        {
            // Limits off: nothing is rated and nothing drops, so every check is unlimited.
            _ratingKva[e] = limits.Enabled ? Ratings.BranchKva(network, e) ?? double.PositiveInfinity : double.PositiveInfinity;
            double v = kv[from[e]];
            if (v > 0 && limits.Enabled)
            {
                _rPu[e] = Math.Max(0, network.ROhm[e]) / (1000 * v * v);
                _xPu[e] = Math.Max(0, network.XOhm[e]) / (1000 * v * v);
            }
        }

        _checked = new bool[n];
        for (int v = 0; v < n; v++)
        {
            _checked[v] = kv[v] >= 1;
        }

        _feederFirst = new int[trace.FeederHeadEdge.Length];
        for (int f = 0; f < _feederFirst.Length; f++)
        {
            int h = trace.FeederHeadEdge[f];
            int head = network.EdgeTo[h];
            _feederFirst[f] = _parentEdge[head] == h ? head : from[h];
        }

        _voltageMargin = limits.SourceVoltagePu - limits.MinimumVoltagePu;
        _drop = new double[n];
        _mark = new int[n];
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
    /// attached, the subtree of <paramref name="deadTop"/> (-1: none) being de-energised by the fault.
    /// </summary>
    public TransferCheck Check(int feeder, int deadTop, ReadOnlySpan<Injection> injections)
    {
        var worst = TransferCheck.Unlimited;
        double maxDrop = 0;
        int maxDropNode = -1;
        if (feeder >= 0)
        {
            int first = _feederFirst[feeder];
            _drop[_parent[first]] = 0;
            int start = _pre[first];
            int end = start + _size[first];
            bool deadInside = deadTop >= 0 && IsInSubtree(deadTop, first);
            int deadStart = deadInside ? _pre[deadTop] : -1;
            double deadP = deadInside ? Sum(_cumP, deadTop) : 0;
            double deadQ = deadInside ? Sum(_cumQ, deadTop) : 0;
            for (int i = start; i < end; i++)
            {
                if (i == deadStart)
                {
                    i += _size[deadTop] - 1;
                    continue;
                }

                int v = _order[i];
                double p = Sum(_cumP, v);
                double q = Sum(_cumQ, v);
                if (deadInside && IsInSubtree(deadTop, v))
                {
                    p -= deadP;
                    q -= deadQ;
                }

                foreach (Injection inj in injections)
                {
                    if (IsInSubtree(inj.Far, v))
                    {
                        p += PartP(inj);
                        q += PartQ(inj);
                    }
                }

                int e = _parentEdge[v];
                worst = worst.Min(Rating(e, p, q));
                _drop[v] = _drop[_parent[v]] + (_rPu[e] * p) + (_xPu[e] * q);
                Track(v, ref maxDrop, ref maxDropNode);
            }
        }

        foreach (Injection inj in injections)
        {
            double partP = PartP(inj);
            double partQ = PartQ(inj);
            double farDrop = _feederOf[inj.Far] >= 0 ? _drop[inj.Far] : 0;
            int stamp = ++_stamp;
            int w = inj.Near;
            _drop[w] = farDrop;
            if (inj.TieEdge >= 0)
            {
                worst = worst.Min(Rating(inj.TieEdge, partP, partQ));
                _drop[w] += (_rPu[inj.TieEdge] * partP) + (_xPu[inj.TieEdge] * partQ);
            }

            _mark[w] = stamp;
            Track(w, ref maxDrop, ref maxDropNode);
            while (w != inj.Top)
            {
                // Fed from below: the branch above w now carries the part's load outside w's subtree, upwards.
                int e = _parentEdge[w];
                double p = partP - InPartP(inj, w);
                double q = partQ - InPartQ(inj, w);
                worst = worst.Min(Rating(e, p, q));
                int up = _parent[w];
                _drop[up] = _drop[w] + (_rPu[e] * p) + (_xPu[e] * q);
                _mark[up] = stamp;
                w = up;
                Track(w, ref maxDrop, ref maxDropNode);
            }

            int start = _pre[inj.Top];
            int end = start + _size[inj.Top];
            int cutStart = inj.Cut >= 0 ? _pre[inj.Cut] : -1;
            for (int i = start; i < end; i++)
            {
                if (i == cutStart)
                {
                    i += _size[inj.Cut] - 1;
                    continue;
                }

                int v = _order[i];
                if (_mark[v] == stamp)
                {
                    continue;
                }

                int e = _parentEdge[v];
                double p = InPartP(inj, v);
                double q = InPartQ(inj, v);
                worst = worst.Min(Rating(e, p, q));
                _drop[v] = _drop[_parent[v]] + (_rPu[e] * p) + (_xPu[e] * q);
                Track(v, ref maxDrop, ref maxDropNode);
            }
        }

        if (maxDrop > 0)
        {
            worst = worst.Min(new TransferCheck(_voltageMargin / maxDrop, TransferLimitKind.Voltage, maxDropNode));
        }

        return worst;
    }

    private void Track(int v, ref double maxDrop, ref int maxDropNode)
    {
        if (_checked[v] && _drop[v] > maxDrop)
        {
            maxDrop = _drop[v];
            maxDropNode = v;
        }
    }

    private TransferCheck Rating(int edge, double p, double q)
    {
        double s = Math.Sqrt((p * p) + (q * q));
        double rating = _ratingKva[edge];
        return s > 0 && double.IsFinite(rating) ? new TransferCheck(rating / s, TransferLimitKind.BranchRating, edge) : TransferCheck.Unlimited;
    }

    private double PartP(Injection inj) => Sum(_cumP, inj.Top) - (inj.Cut >= 0 ? Sum(_cumP, inj.Cut) : 0);

    private double PartQ(Injection inj) => Sum(_cumQ, inj.Top) - (inj.Cut >= 0 ? Sum(_cumQ, inj.Cut) : 0);

    // Load of the part below v (v inside the part).
    private double InPartP(Injection inj, int v) => Sum(_cumP, v) - (inj.Cut >= 0 && IsInSubtree(inj.Cut, v) ? Sum(_cumP, inj.Cut) : 0);

    private double InPartQ(Injection inj, int v) => Sum(_cumQ, v) - (inj.Cut >= 0 && IsInSubtree(inj.Cut, v) ? Sum(_cumQ, inj.Cut) : 0);

    /// <summary>Whether <paramref name="node"/> lies in the subtree of <paramref name="top"/> (normal tree).</summary>
    public bool IsInSubtree(int node, int top)
    {
        int p = _pre[node];
        int t = _pre[top];
        return p >= t && p < t + _size[top];
    }

    private double Sum(double[] cumulative, int node) => cumulative[_pre[node] + _size[node]] - cumulative[_pre[node]];
}
