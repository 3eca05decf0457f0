using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Investment;

/// <summary>Where a new tie from one feeder to another would run: from bus <paramref name="From"/> to bus <paramref name="To"/> of feeder <paramref name="Feeder"/>, <paramref name="Km"/> long.</summary>
internal readonly record struct TieReach(int Feeder, int From, int To, double Km);

/// <summary>
/// The shortest new ties from a feeder to the feeders around it (docs/investment.md §2): from a medium-voltage bus in
/// the feeder's far half (a tie near the head transfers little) to a medium-voltage bus of another feeder, at most the
/// maximum tie length along the route (straight distance × route factor); per other feeder the nearest such pair, and of
/// those the nearest feeders.
/// </summary>
/// <remarks>
/// The candidate ends lie in a grid of cells a quarter of the longest straight tie wide (structs of arrays, one
/// dictionary lookup per cell). A search first looks as far as the longest tie, then only as far as can still change its
/// answer: once two other feeders are found, a pair much longer than the second of them cannot make its feeder one of
/// the nearest, nor be that feeder's nearest pair. So the work per bus is about the buses within the distance to the
/// second-nearest feeder, and the search for every feeder is near-linear in the network. Not thread-safe (scratch state).
/// </remarks>
internal sealed class TieSearch
{
    // Slack in km on the pruning bound: pairs are compared by their length rounded to 10 m, which moves a length by at
    // most 5 m, so a pair 20 m longer than a feeder's final length can neither be nor tie that feeder's pair.
    private const double PruneSlackKm = 0.02;

    private readonly Net _network;
    private readonly double _maxKm;
    private readonly double _routeFactor;
    private readonly double[] _distanceKm;
    private readonly double[] _radiusKm;

    // Buses of each feeder in index order (CSR).
    private readonly int[] _feederStart;
    private readonly int[] _feederBuses;

    // The buses that may end a tie, by cell (CSR over _cells' indices), with their coordinates and feeder.
    private readonly double _cellKm;
    private readonly Dictionary<long, int> _cells = new(CellKeys.Instance);
    private readonly int[] _cellStart;
    private readonly int[] _bus;
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly int[] _feeder;

    // Per other feeder, its best pair so far in the present search (valid when _stamp[g] == _search).
    private readonly int[] _stamp;
    private readonly TieReach[] _best;
    private readonly List<int> _found = [];
    private int _search;

    /// <summary>Indexes the buses of <paramref name="network"/> that may end a tie of at most <paramref name="maxKm"/> km.</summary>
    public TieSearch(Net network, double maxKm, double routeFactor)
    {
        _network = network;
        _maxKm = maxKm;
        _routeFactor = routeFactor;
        RadialTrace trace = network.Normal;
        ReadOnlySpan<int> feederOf = trace.FeederOf;
        int n = network.NodeCount;
        int feeders = trace.FeederNames.Length;

        // Distance along the feeder from its source, and each feeder's radius (its farthest bus).
        _distanceKm = new double[n];
        foreach (int v in trace.Order)
        {
            int p = trace.Parent[v];
            _distanceKm[v] = p < 0 ? 0 : _distanceKm[p] + Math.Max(0, network.LengthKm[trace.ParentEdge[v]]);
        }

        _radiusKm = new double[feeders];
        _feederStart = new int[feeders + 1];
        for (int v = 0; v < n; v++)
        {
            if (feederOf[v] is int f and >= 0)
            {
                _radiusKm[f] = Math.Max(_radiusKm[f], _distanceKm[v]);
                _feederStart[f + 1]++;
            }
        }

        for (int f = 0; f < feeders; f++)
        {
            _feederStart[f + 1] += _feederStart[f];
        }

        _feederBuses = new int[_feederStart[feeders]];
        int[] next = _feederStart[..feeders];
        for (int v = 0; v < n; v++)
        {
            if (feederOf[v] >= 0)
            {
                _feederBuses[next[feederOf[v]]++] = v;
            }
        }

        _cellKm = maxKm / routeFactor / 4;
        var cellOf = new int[n];
        var counts = new List<int>();
        for (int v = 0; v < n; v++)
        {
            cellOf[v] = -1;
            if (feederOf[v] >= 0 && Ends(v))
            {
                long key = Key(CellIndex(network.NodeX[v]), CellIndex(network.NodeY[v]));
                if (!_cells.TryGetValue(key, out int c))
                {
                    _cells[key] = c = counts.Count;
                    counts.Add(0);
                }

                cellOf[v] = c;
                counts[c]++;
            }
        }

        _cellStart = new int[counts.Count + 1];
        for (int c = 0; c < counts.Count; c++)
        {
            _cellStart[c + 1] = _cellStart[c] + counts[c];
        }

        int m = _cellStart[^1];
        (_bus, _x, _y, _feeder) = (new int[m], new double[m], new double[m], new int[m]);
        int[] fill = _cellStart[..^1];
        for (int v = 0; v < n; v++)
        {
            if (cellOf[v] >= 0)
            {
                int k = fill[cellOf[v]]++;
                (_bus[k], _x[k], _y[k], _feeder[k]) = (v, network.NodeX[v], network.NodeY[v], feederOf[v]);
            }
        }

        _stamp = new int[feeders];
        _best = new TieReach[feeders];
    }

    /// <summary>
    /// The shortest tie from feeder <paramref name="f"/> to each of the two nearest other feeders, nearest first (of equally long ones, the lower feeder index). Per other feeder the pair nearest to 10 m; of equally
    /// near pairs the one farther along <paramref name="f"/>, then the one whose bus of <paramref name="f"/> comes first,
    /// then the one whose other bus lies first in a scan of cells of the maximum tie length (by column, then row) and then
    /// by index: the order the search kept before it was made near-linear, so that the candidates did not change.
    /// </summary>
    public List<TieReach> Nearest(int f)
    {
        _search++;
        _found.Clear();

        // The two feeders with the lowest bound on their final length: no pair longer than the second bound (plus
        // the rounding slack) can matter.
        (int g1, double b1, int g2, double b2) = (-1, double.PositiveInfinity, -1, double.PositiveInfinity);
        ReadOnlySpan<double> nodeX = _network.NodeX;
        ReadOnlySpan<double> nodeY = _network.NodeY;
        for (int i = _feederStart[f]; i < _feederStart[f + 1]; i++)
        {
            int v = _feederBuses[i];
            if (!Ends(v) || _distanceKm[v] < _radiusKm[f] / 2)
            {
                continue;
            }

            double xv = nodeX[v];
            double yv = nodeY[v];
            double limitKm = Math.Min(_maxKm, b2 + PruneSlackKm);
            double reach = (limitKm / _routeFactor * (1 + 1e-9)) + 1e-12;
            long cx0 = CellIndex(xv - reach);
            long cx1 = CellIndex(xv + reach);
            long cy0 = CellIndex(yv - reach);
            long cy1 = CellIndex(yv + reach);
            for (long cx = cx0; cx <= cx1; cx++)
            {
                for (long cy = cy0; cy <= cy1; cy++)
                {
                    if (!_cells.TryGetValue(Key(cx, cy), out int c))
                    {
                        continue;
                    }

                    for (int k = _cellStart[c]; k < _cellStart[c + 1]; k++)
                    {
                        int g = _feeder[k];
                        if (g == f)
                        {
                            continue;
                        }

                        double km = Math.Sqrt(Square(_x[k] - xv) + Square(_y[k] - yv)) * _routeFactor;
                        if (!(km <= limitKm) || !(km > 0))
                        {
                            continue;
                        }

                        int u = _bus[k];
                        if (_stamp[g] != _search)
                        {
                            _stamp[g] = _search;
                            _found.Add(g);
                        }
                        else if (!Better(v, u, km, _best[g]))
                        {
                            continue;
                        }

                        _best[g] = new TieReach(g, v, u, km);
                        double bound = Math.Round(km, 2) + 0.01;
                        if (g == g1)
                        {
                            b1 = Math.Min(b1, bound);
                        }
                        else if (g == g2)
                        {
                            b2 = Math.Min(b2, bound);
                            if (b2 < b1)
                            {
                                (g1, b1, g2, b2) = (g2, b2, g1, b1);
                            }
                        }
                        else if (bound < b1)
                        {
                            (g2, b2, g1, b1) = (g1, b1, g, bound);
                        }
                        else if (bound < b2)
                        {
                            (g2, b2) = (g, bound);
                        }
                    }
                }
            }
        }

        var nearest = new List<TieReach>(_found.Count);
        foreach (int g in _found)
        {
            nearest.Add(_best[g]);
        }

        nearest.Sort((a, b) => a.Km != b.Km ? a.Km.CompareTo(b.Km) : a.Feeder.CompareTo(b.Feeder));
        if (nearest.Count > 2)
        {
            nearest.RemoveRange(2, nearest.Count - 2);
        }

        return nearest;
    }

    // Whether pair (v, u) of length km replaces `best` as its feeder's pair (see Nearest).
    private bool Better(int v, int u, double km, TieReach best)
    {
        double rounded = Math.Round(km, 2);
        double had = Math.Round(best.Km, 2);
        if (rounded != had)
        {
            return rounded < had;
        }

        // The buses of the feeder are searched in index order, so `best` from another bus came first.
        if (v != best.From)
        {
            return _distanceKm[v] > _distanceKm[best.From];
        }

        int rank = ScanRank(v, u);
        int hadRank = ScanRank(v, best.To);
        return rank != hadRank ? rank < hadRank : u < best.To;
    }

    // Position of u's cell of the maximum tie length among the 3 × 3 around v's, by column, then row.
    private int ScanRank(int v, int u)
    {
        ReadOnlySpan<double> x = _network.NodeX;
        ReadOnlySpan<double> y = _network.NodeY;
        return ((int)(Math.Floor(x[u] / _maxKm) - Math.Floor(x[v] / _maxKm)) * 3) + (int)(Math.Floor(y[u] / _maxKm) - Math.Floor(y[v] / _maxKm));
    }

    // A bus that may end a tie: medium voltage, with coordinates (an infinite one is no place).
    private bool Ends(int v) => _network.NominalKv[v] >= 1 && double.IsFinite(_network.NodeX[v]) && double.IsFinite(_network.NodeY[v]);

    private long CellIndex(double coordinate) => (long)Math.Floor(coordinate / _cellKm);

    private static long Key(long cx, long cy) => (cx << 32) ^ (cy & 0xFFFFFFFF);

    private static double Square(double x) => x * x;

    // long's own hash (the two halves XORed) maps the cells of a region onto a few hundred codes.
    private sealed class CellKeys : IEqualityComparer<long>
    {
        public static readonly CellKeys Instance = new();

        public bool Equals(long a, long b) => a == b;

        public int GetHashCode(long key) => (int)((ulong)(key * -7046029254386353131L) >> 32);
    }
}
