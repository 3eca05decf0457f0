using System.Globalization;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Planning;

/// <summary>
/// The physical indicators of every feeder in one pass over the network: load and loading, ties, supply radius,
/// length and cable share, automation, distribution-transformer loading, and the supply area of each substation.
/// </summary>
internal sealed class FeederGrid
{
    /// <summary>Each bus is taken to supply about this far around it when a substation's supply area is drawn, km.</summary>
    public const double SupplyReachKm = 0.5;

    private readonly Net _net;
    private readonly RadialTrace _trace;
    private readonly DiagnosisRules _rules;
    private readonly Dictionary<string, ElementLoadSeries> _series;
    private readonly double[] _peakKw;
    private readonly double[] _peakKvar;
    private readonly double[] _averageKw;
    private readonly int[] _first;
    private readonly List<(string Id, double Percent)>[] _transformerLoadings;

    // Load points by node, CSR: _loadPoints[_loadPointStart[v].._loadPointStart[v + 1]).
    private readonly int[] _loadPointStart;
    private readonly int[] _loadPoints;

    public FeederGrid(Net network, RadialTrace trace, IReadOnlyList<ElementLoadSeries> load, DiagnosisRules rules)
    {
        _net = network;
        _trace = trace;
        _rules = rules;
        _series = new Dictionary<string, ElementLoadSeries>(StringComparer.Ordinal);
        foreach (ElementLoadSeries s in load)
        {
            _series[s.Element] = s;
        }

        int feeders = trace.FeederNames.Length;
        int n = network.NodeCount;
        _first = new int[feeders];
        for (int f = 0; f < feeders; f++)
        {
            int h = trace.FeederHeadEdge[f];
            _first[f] = trace.ParentEdge[network.EdgeTo[h]] == h ? network.EdgeTo[h] : network.EdgeFrom[h];
        }

        // Per node peak, then per feeder and per subtree (prefix sums over the preorder).
        var nodeKw = new double[n];
        var nodeKvar = new double[n];
        var nodeAverage = new double[n];
        ReadOnlySpan<int> lpNode = network.LoadPointNode;
        for (int l = 0; l < lpNode.Length; l++)
        {
            bool peak = network.PeakKw[l] > 0;
            nodeKw[lpNode[l]] += peak ? network.PeakKw[l] : Math.Max(0, network.AverageKw[l]);
            nodeKvar[lpNode[l]] += peak ? Math.Max(0, network.PeakKvar[l]) : 0;
            nodeAverage[lpNode[l]] += Math.Max(0, network.AverageKw[l]);
        }

        _loadPointStart = new int[n + 1];
        foreach (int v in lpNode)
        {
            _loadPointStart[v + 1]++;
        }

        for (int v = 0; v < n; v++)
        {
            _loadPointStart[v + 1] += _loadPointStart[v];
        }

        _loadPoints = new int[lpNode.Length];
        int[] fill = _loadPointStart[..n];
        for (int l = 0; l < lpNode.Length; l++)
        {
            _loadPoints[fill[lpNode[l]]++] = l;
        }

        ReadOnlySpan<int> order = trace.Order;
        var cumKw = new double[order.Length + 1];
        var cumKvar = new double[order.Length + 1];
        for (int i = 0; i < order.Length; i++)
        {
            cumKw[i + 1] = cumKw[i] + nodeKw[order[i]];
            cumKvar[i + 1] = cumKvar[i] + nodeKvar[order[i]];
        }

        _peakKw = new double[feeders];
        _peakKvar = new double[feeders];
        _averageKw = new double[feeders];
        Ties = new int[feeders];
        InterSubstation = new bool[feeders];
        RadiusKm = new double[feeders];
        LengthKm = new double[feeders];
        CableKm = new double[feeders];
        Automated = new bool[feeders];
        Transformers = new int[feeders];
        RatedTransformers = new int[feeders];
        HeavyTransformers = new int[feeders];
        OverloadedTransformers = new int[feeders];
        MaxTransformerPercent = new double?[feeders];
        TransformerPercentSum = new double[feeders];
        _transformerLoadings = new List<(string, double)>[feeders];
        for (int f = 0; f < feeders; f++)
        {
            _transformerLoadings[f] = [];
        }

        ReadOnlySpan<int> feederOf = trace.FeederOf;
        var distance = new double[n];
        foreach (int v in order)
        {
            int f = feederOf[v];
            int e = trace.ParentEdge[v];
            if (f < 0 || e < 0)
            {
                continue;
            }

            _peakKw[f] += nodeKw[v];
            _peakKvar[f] += nodeKvar[v];
            _averageKw[f] += nodeAverage[v];
            double km = Math.Max(0, network.LengthKm[e]);
            distance[v] = distance[trace.Parent[v]] + km;
            if (_loadPointStart[v + 1] > _loadPointStart[v])
            {
                RadiusKm[f] = Math.Max(RadiusKm[f], distance[v]);
            }

            BranchKind kind = network.EdgeKinds[e];
            if (kind is BranchKind.OverheadLine or BranchKind.Cable)
            {
                LengthKm[f] += km;
                CableKm[f] += kind == BranchKind.Cable ? km : 0;
            }

            foreach (int d in network.DevicesOn(e))
            {
                DeviceKind device = network.DeviceKinds[d];
                bool automatic = network.DeviceAutomated[d] || device == DeviceKind.Sectionaliser;
                Automated[f] |= automatic && device != DeviceKind.Fuse && e != trace.FeederHeadEdge[f];
            }

            if (kind == BranchKind.Transformer)
            {
                Transformers[f]++;
                double kva = Math.Sqrt(Square(Sum(cumKw, v)) + Square(Sum(cumKvar, v)));
                double? percent = TransformerPercent(e, v, kva, out bool sustainedHeavy, out bool sustainedOver);
                if (percent is double p)
                {
                    RatedTransformers[f]++;
                    TransformerPercentSum[f] += p;
                    MaxTransformerPercent[f] = Math.Max(MaxTransformerPercent[f] ?? 0, p);
                    _transformerLoadings[f].Add((network.EdgeIds[e], p));
                    if (sustainedOver)
                    {
                        OverloadedTransformers[f]++;
                    }
                    else if (sustainedHeavy)
                    {
                        HeavyTransformers[f]++;
                    }
                }
            }
        }

        foreach (int t in trace.TieEdges)
        {
            int a = network.EdgeFrom[t];
            int b = network.EdgeTo[t];
            int fa = feederOf[a];
            int fb = feederOf[b];
            if (fa == fb)
            {
                continue;
            }

            bool otherSubstation = trace.SourceOf[a] != trace.SourceOf[b];
            foreach (int f in new[] { fa, fb })
            {
                if (f >= 0)
                {
                    Ties[f]++;
                    InterSubstation[f] |= otherSubstation;
                }
            }
        }

        double Sum(double[] cumulative, int v) => cumulative[trace.PreIndex[v] + trace.SubtreeSize[v]] - cumulative[trace.PreIndex[v]];
    }

    /// <summary>The loading of a feeder or transformer: peak and average percent of rating, sustained hours over the thresholds.</summary>
    public readonly record struct Loading(double? PeakPercent, double? AveragePercent, double? HeavyHours, double? OverloadHours, bool FromSeries);

    public int[] Ties { get; }

    public bool[] InterSubstation { get; }

    public double[] RadiusKm { get; }

    public double[] LengthKm { get; }

    public double[] CableKm { get; }

    public bool[] Automated { get; }

    public int[] Transformers { get; }

    public int[] RatedTransformers { get; }

    public int[] HeavyTransformers { get; }

    public int[] OverloadedTransformers { get; }

    public double?[] MaxTransformerPercent { get; }

    public double[] TransformerPercentSum { get; }

    /// <summary>Substation of a feeder: its source bus id.</summary>
    public string Substation(int feeder) => _net.NodeIds[_trace.SourceOf[_first[feeder]]];

    /// <summary>Coincident peak of a feeder, kVA.</summary>
    public double PeakKva(int feeder) => Math.Sqrt(Square(_peakKw[feeder]) + Square(_peakKvar[feeder]));

    /// <summary>Rating of the feeder head, kVA; null when unrated.</summary>
    public double? HeadRatingKva(int feeder) => Ratings.BranchKva(_net, _trace.FeederHeadEdge[feeder]);

    /// <summary>Loading of a feeder: from its series (named after the feeder) when there is one, else from the network's peaks.</summary>
    public Loading FeederLoading(int feeder)
    {
        if (HeadRatingKva(feeder) is not double rating)
        {
            return new Loading(null, null, null, null, false);
        }

        if (_series.TryGetValue(_trace.FeederNames[feeder], out ElementLoadSeries? series))
        {
            return FromSeries(series, rating);
        }

        return new Loading(100 * PeakKva(feeder) / rating, 100 * _averageKw[feeder] / rating, null, null, false);
    }

    /// <summary>The most loaded overloaded transformers of a feeder, as "id (p %)".</summary>
    public string WorstTransformers(string feeder)
    {
        int f = _trace.FeederNames.IndexOf(feeder);
        return string.Join(", ", _transformerLoadings[f]
            .Where(t => t.Percent > _rules.OverloadPercent)
            .OrderByDescending(t => t.Percent)
            .Take(3)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Id} ({t.Percent:F0} %)")));
    }

    /// <summary>
    /// Each substation's supply area, km²: the convex hull of its buses with coordinates grown by
    /// <see cref="SupplyReachKm"/> (area + perimeter·r + π·r²); null without coordinates. And its peak, MW.
    /// </summary>
    public Dictionary<string, (double? Area, double PeakMw)> SubstationAreas()
    {
        var points = new Dictionary<int, List<(double X, double Y)>>();
        ReadOnlySpan<double> xs = _net.NodeX;
        ReadOnlySpan<double> ys = _net.NodeY;
        for (int v = 0; v < _net.NodeCount; v++)
        {
            int source = _trace.SourceOf[v];
            if (source >= 0 && double.IsFinite(xs[v]) && double.IsFinite(ys[v]))
            {
                if (!points.TryGetValue(source, out List<(double, double)>? list))
                {
                    points[source] = list = [];
                }

                list.Add((xs[v], ys[v]));
            }
        }

        var areas = new Dictionary<string, (double?, double)>(StringComparer.Ordinal);
        for (int f = 0; f < _first.Length; f++)
        {
            int source = _trace.SourceOf[_first[f]];
            string id = _net.NodeIds[source];
            double? area = points.TryGetValue(source, out List<(double X, double Y)>? list) ? GrownHullArea(list, SupplyReachKm) : null;
            (double? _, double peak) = areas.GetValueOrDefault(id);
            areas[id] = (area, peak + (PeakKva(f) / 1000));
        }

        return areas;
    }

    /// <summary>Area of the convex hull of <paramref name="points"/> grown by <paramref name="reach"/> (Minkowski sum with a disc).</summary>
    internal static double GrownHullArea(List<(double X, double Y)> points, double reach)
    {
        points.Sort();
        var hull = new List<(double X, double Y)>(points.Count + 1);
        for (int pass = 0; pass < 2; pass++)
        {
            int start = hull.Count;
            for (int i = 0; i < points.Count; i++)
            {
                (double X, double Y) p = points[pass == 0 ? i : points.Count - 1 - i];
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0)
                {
                    hull.RemoveAt(hull.Count - 1);
                }

                hull.Add(p);
            }

            hull.RemoveAt(hull.Count - 1);
        }

        double area = 0;
        double perimeter = 0;
        for (int i = 0; i < hull.Count; i++)
        {
            (double X, double Y) a = hull[i];
            (double X, double Y) b = hull[(i + 1) % hull.Count];
            area += (a.X * b.Y) - (b.X * a.Y);
            perimeter += Math.Sqrt(Square(b.X - a.X) + Square(b.Y - a.Y));
        }

        return (Math.Abs(area) / 2) + (perimeter * reach) + (Math.PI * reach * reach);
    }

    private static double Cross((double X, double Y) o, (double X, double Y) a, (double X, double Y) b) =>
        ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));

    private static double Square(double x) => x * x;

    private double? TransformerPercent(int edge, int child, double peakKva, out bool heavy, out bool over)
    {
        heavy = over = false;
        if (Ratings.BranchKva(_net, edge) is not double rating)
        {
            return null;
        }

        ElementLoadSeries? series = _series.GetValueOrDefault(_net.EdgeIds[edge]);
        if (series is null)
        {
            for (int i = _loadPointStart[child]; i < _loadPointStart[child + 1]; i++)
            {
                series ??= _series.GetValueOrDefault(_net.LoadPointIds[_loadPoints[i]]);
            }
        }

        if (series is not null)
        {
            Loading loading = FromSeries(series, rating);
            heavy = loading.HeavyHours > 0;
            over = loading.OverloadHours > 0;
            return loading.PeakPercent;
        }

        double percent = 100 * peakKva / rating;
        heavy = percent >= _rules.HeavyLoadPercent;
        over = percent > _rules.OverloadPercent;
        return percent;
    }

    // Loading from a series in MW against a rating in kVA (MW taken as MVA: series carry no power factor); hours over a
    // threshold count when the run above it lasts at least the minimum duration, scaled to a year.
    private Loading FromSeries(ElementLoadSeries series, double ratingKva)
    {
        double max = 0;
        double sum = 0;
        int count = 0;
        foreach (double mw in series.LoadMw)
        {
            if (double.IsFinite(mw))
            {
                max = Math.Max(max, mw);
                sum += mw;
                count++;
            }
        }

        if (count == 0)
        {
            return new Loading(null, null, null, null, true);
        }

        double stepHours = series.Step.TotalHours;
        double years = Math.Max(count * stepHours / 8760, stepHours / 8760);
        double heavy = SustainedHours(series, ratingKva * _rules.HeavyLoadPercent / 100 / 1000, inclusive: true) / years;
        double over = SustainedHours(series, ratingKva * _rules.OverloadPercent / 100 / 1000, inclusive: false) / years;
        return new Loading(100 * max * 1000 / ratingKva, 100 * (sum / count) * 1000 / ratingKva, heavy, over, true);
    }

    private double SustainedHours(ElementLoadSeries series, double thresholdMw, bool inclusive)
    {
        double stepHours = series.Step.TotalHours;
        double total = 0;
        int run = 0;
        for (int i = 0; i <= series.LoadMw.Count; i++)
        {
            double mw = i < series.LoadMw.Count ? series.LoadMw[i] : double.NaN;
            bool above = inclusive ? mw >= thresholdMw : mw > thresholdMw;
            if (above)
            {
                run++;
                continue;
            }

            if (run * stepHours >= _rules.MinimumDurationHours - 1e-9)
            {
                total += run * stepHours;
            }

            run = 0;
        }

        return total;
    }
}
