using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Repair;

/// <summary>Where one work order is on the network: its load point, feeder, substation, area class and coordinates.</summary>
/// <param name="LoadPoint">Load point index (the named one, the largest under a named transformer or bus, or the nearest to the coordinates); -1 when none.</param>
/// <param name="Feeder">Feeder index; -1 when not energised.</param>
/// <param name="Substation">Source bus index; -1 when not energised.</param>
/// <param name="AreaClass">Index into the rule table's classes.</param>
/// <param name="X">x coordinate, km (the order's own, else its load point's; NaN when unknown).</param>
/// <param name="Y">y coordinate, km.</param>
internal readonly record struct OrderSite(int LoadPoint, int Feeder, int Substation, int AreaClass, double X, double Y);

/// <summary>
/// The network as the repair analyses see it: the area class of every load point, and the resolution of work-order
/// locations (an id, or the nearest load point to coordinates through a uniform grid).
/// </summary>
internal sealed class RepairSites
{
    private readonly AreaResolver _resolver;
    private readonly int[] _largestRankOfFeeder;
    private readonly PointGrid _grid;

    public RepairSites(Net network, AreaClassRules rules)
    {
        Network = network;
        Rules = rules;
        Topology = new HistoryTopology(network);
        _resolver = new AreaResolver(Topology);
        ClassOfLoadPoint = rules.Classify(network);
        int[] customers = Topology.CustomersByRank;
        _largestRankOfFeeder = new int[Topology.Trace.FeederNames.Length];
        Array.Fill(_largestRankOfFeeder, -1);
        for (int r = 0; r < customers.Length; r++)
        {
            int f = Topology.FeederByRank[r];
            if (f >= 0 && (_largestRankOfFeeder[f] < 0 || customers[r] > customers[_largestRankOfFeeder[f]]))
            {
                _largestRankOfFeeder[f] = r;
            }
        }

        var xs = new double[network.LoadPointCount];
        var ys = new double[network.LoadPointCount];
        for (int l = 0; l < xs.Length; l++)
        {
            xs[l] = network.NodeX[network.LoadPointNode[l]];
            ys[l] = network.NodeY[network.LoadPointNode[l]];
        }

        LoadPointX = xs;
        LoadPointY = ys;
        _grid = new PointGrid(xs, ys);
    }

    public Net Network { get; }

    public AreaClassRules Rules { get; }

    public HistoryTopology Topology { get; }

    /// <summary>Area class index by load point index.</summary>
    public int[] ClassOfLoadPoint { get; }

    /// <summary>Load point coordinates (NaN when unknown).</summary>
    public double[] LoadPointX { get; }

    /// <summary>Load point coordinates (NaN when unknown).</summary>
    public double[] LoadPointY { get; }

    /// <summary>The nearest load point with coordinates to (x, y); -1 when no load point has coordinates.</summary>
    public int Nearest(double x, double y) => _grid.Nearest(x, y);

    /// <summary>Resolves an order's location; false (with the reason) when it cannot be placed on the network.</summary>
    public bool TryResolve(WorkOrder order, out OrderSite site, out string? problem)
    {
        int lp = -1;
        int feeder = -1;
        if (order.LocationId.Length > 0 && Network.TryGetLoadPoint(order.LocationId, out int named))
        {
            // The common case, without the resolver's allocation.
            lp = named;
        }
        else if (order.LocationId.Length > 0)
        {
            if (!_resolver.TryResolve(order.LocationId, out ResolvedArea area))
            {
                (site, problem) = (default, $"unknown location '{order.LocationId}'");
                return false;
            }

            feeder = area.Feeder;
            int rank = area.LoadPointRanks.Length > 0 ? Largest(area.LoadPointRanks) : feeder >= 0 ? _largestRankOfFeeder[feeder] : -1;
            lp = rank >= 0 ? Topology.LoadPointByRank[rank] : -1;
        }
        else if (order.X is double ox && order.Y is double oy)
        {
            lp = Nearest(ox, oy);
            if (lp < 0)
            {
                (site, problem) = (default, "the network has no load point coordinates to place the order's x, y");
                return false;
            }
        }

        int lpRank = lp >= 0 ? Topology.RankOfLoadPoint[lp] : -1;
        if (feeder < 0 && lpRank >= 0)
        {
            feeder = Topology.FeederByRank[lpRank];
        }

        int substation = lpRank >= 0 ? Topology.SourceByRank[lpRank] : -1;
        int areaClass;
        if (order.AreaClass.Length > 0)
        {
            areaClass = Rules.IndexOf(order.AreaClass);
            if (areaClass < 0)
            {
                (site, problem) = (default, $"area class '{order.AreaClass}' is not in the rule table");
                return false;
            }
        }
        else
        {
            areaClass = lp >= 0 ? ClassOfLoadPoint[lp] : Rules.IndexOf(Rules.ClassWithoutCoordinates);
        }

        double x = order.X ?? (lp >= 0 ? LoadPointX[lp] : double.NaN);
        double y = order.Y ?? (lp >= 0 ? LoadPointY[lp] : double.NaN);
        site = new OrderSite(lp, feeder, substation, areaClass, x, y);
        problem = null;
        return true;
    }

    private int Largest(int[] ranks)
    {
        int[] customers = Topology.CustomersByRank;
        int best = ranks[0];
        foreach (int r in ranks)
        {
            best = customers[r] > customers[best] ? r : best;
        }

        return best;
    }
}

/// <summary>Nearest-point search over a uniform grid of about two points per cell.</summary>
internal sealed class PointGrid
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double _minX;
    private readonly double _minY;
    private readonly double _cell;
    private readonly int _columns;
    private readonly int _rows;
    private readonly int[] _cellStart;
    private readonly int[] _points;

    public PointGrid(double[] x, double[] y)
    {
        _x = x;
        _y = y;
        var valid = new List<int>(x.Length);
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsFinite(x[i]) && double.IsFinite(y[i]))
            {
                valid.Add(i);
                minX = Math.Min(minX, x[i]);
                minY = Math.Min(minY, y[i]);
                maxX = Math.Max(maxX, x[i]);
                maxY = Math.Max(maxY, y[i]);
            }
        }

        if (valid.Count == 0)
        {
            (_cellStart, _points) = ([0], []);
            return;
        }

        double width = Math.Max(maxX - minX, 1e-9), height = Math.Max(maxY - minY, 1e-9);
        _cell = Math.Max(Math.Sqrt(width * height * 2 / valid.Count), 1e-6);
        _minX = minX;
        _minY = minY;
        _columns = Math.Min((int)(width / _cell) + 1, 4096);
        _rows = Math.Min((int)(height / _cell) + 1, 4096);
        _cell = Math.Max(width / _columns, height / _rows) * (1 + 1e-9);
        _cellStart = new int[(_columns * _rows) + 1];
        var cellOf = new int[valid.Count];
        for (int k = 0; k < valid.Count; k++)
        {
            cellOf[k] = CellOf(x[valid[k]], y[valid[k]]);
            _cellStart[cellOf[k] + 1]++;
        }

        for (int c = 0; c < _columns * _rows; c++)
        {
            _cellStart[c + 1] += _cellStart[c];
        }

        _points = new int[valid.Count];
        var fill = (int[])_cellStart.Clone();
        for (int k = 0; k < valid.Count; k++)
        {
            _points[fill[cellOf[k]]++] = valid[k];
        }
    }

    /// <summary>Index of the nearest point (ties: lowest index); -1 when there are none.</summary>
    public int Nearest(double x, double y)
    {
        if (_points.Length == 0 || !double.IsFinite(x) || !double.IsFinite(y))
        {
            return -1;
        }

        int cx = Math.Clamp((int)((x - _minX) / _cell), 0, _columns - 1);
        int cy = Math.Clamp((int)((y - _minY) / _cell), 0, _rows - 1);
        int best = -1;
        double bestD = double.PositiveInfinity;
        int maxRing = Math.Max(_columns, _rows);
        for (int ring = 0; ring <= maxRing; ring++)
        {
            // Every point in ring r + 1 or beyond is at least r cells (minus the offset inside the query's cell) away.
            if (best >= 0)
            {
                double reach = (ring - 1) * _cell;
                if (reach > 0 && reach * reach > bestD)
                {
                    break;
                }
            }

            for (int gy = cy - ring; gy <= cy + ring; gy++)
            {
                if (gy < 0 || gy >= _rows)
                {
                    continue;
                }

                bool edgeRow = gy == cy - ring || gy == cy + ring;
                for (int gx = cx - ring; gx <= cx + ring; gx += edgeRow ? 1 : 2 * ring)
                {
                    if (gx >= 0 && gx < _columns)
                    {
                        int c = (gy * _columns) + gx;
                        for (int k = _cellStart[c]; k < _cellStart[c + 1]; k++)
                        {
                            int p = _points[k];
                            double dx = _x[p] - x, dy = _y[p] - y;
                            double d = (dx * dx) + (dy * dy);
                            if (d < bestD || (d == bestD && p < best))
                            {
                                (best, bestD) = (p, d);
                            }
                        }
                    }

                    if (ring == 0)
                    {
                        break;
                    }
                }
            }
        }

        return best;
    }

    private int CellOf(double x, double y)
    {
        int cx = Math.Clamp((int)((x - _minX) / _cell), 0, _columns - 1);
        int cy = Math.Clamp((int)((y - _minY) / _cell), 0, _rows - 1);
        return (cy * _columns) + cx;
    }
}
