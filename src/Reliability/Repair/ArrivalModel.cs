namespace Lumen.Reliability.Repair;

/// <summary>A travel time the utility measured or routed: minutes from a base (or candidate site) to a load point.</summary>
/// <param name="BaseId">Base or candidate site id.</param>
/// <param name="LoadPointId">Load point id.</param>
/// <param name="Minutes">Driving time, minutes.</param>
public sealed record TravelTime(string BaseId, string LoadPointId, double Minutes);

/// <summary>What the history says about arriving in one area class: dispatch delay and how much slower than the road model crews really were.</summary>
/// <param name="AreaClass">The class.</param>
/// <param name="Samples">Work orders with a dispatch, an arrival and a crew whose base is known (the samples used; pooled over classes when the class has none).</param>
/// <param name="MedianDispatchMinutes">Median call-to-dispatch time of the samples.</param>
/// <param name="MeanTravelRatio">Mean of dispatch-to-arrival over modelled travel time (queueing on busy days included).</param>
/// <param name="MedianTravelRatio">Median of that ratio.</param>
public sealed record ArrivalCalibration(string AreaClass, int Samples, double MedianDispatchMinutes, double MeanTravelRatio, double MedianTravelRatio);

/// <summary>
/// Travel and arrival times: modelled travel = straight-line distance × detour factor / road speed of the destination's
/// area class (or the utility's travel-time table where it has an entry), and arrival = dispatch delay + ratio ×
/// travel, with (dispatch delay, ratio) pairs drawn from the history of the class. The spread of those pairs gives the
/// probability of a late arrival, storm-day queueing included.
/// </summary>
internal sealed class ArrivalModel
{
    /// <summary>Most (dispatch, ratio) samples kept per class: evenly spaced over the sorted ratios.</summary>
    public const int MaximumSamples = 64;

    private readonly Dictionary<(string, int), double> _table;
    private readonly double[][] _dispatch;
    private readonly double[][] _ratio;
    private readonly double[] _meanDispatch;
    private readonly double[] _meanRatio;
    private readonly double[] _commitment;
    private readonly double[] _minutesPerKm;

    public ArrivalModel(RepairSites sites, IReadOnlyList<TravelTime> table, RepairLinkResult links, IReadOnlyDictionary<string, Crew> crews)
    {
        AreaClassRules rules = sites.Rules;
        int classes = rules.Classes.Count;
        _commitment = [.. rules.Classes.Select(r => r.ArrivalCommitmentMinutes)];
        _minutesPerKm = [.. rules.Classes.Select(r => 60 * rules.DetourFactor / r.SpeedKmPerHour)];
        _table = new Dictionary<(string, int), double>();
        foreach (TravelTime t in table)
        {
            if (sites.Network.TryGetLoadPoint(t.LoadPointId, out int lp) && double.IsFinite(t.Minutes) && t.Minutes >= 0)
            {
                _table[(t.BaseId, lp)] = t.Minutes;
            }
        }

        var pairs = new List<(double Dispatch, double Ratio)>[classes];
        for (int c = 0; c < classes; c++)
        {
            pairs[c] = [];
        }

        for (int i = 0; i < links.Orders.Count; i++)
        {
            WorkOrder o = links.Orders[i];
            OrderSite s = links.Site[i];
            if (!links.Resolved[i] || o.DispatchTime is not { } d || o.ArrivalTime is not { } a || !crews.TryGetValue(o.CrewId, out Crew? crew))
            {
                continue;
            }

            double travel = Travel(crew.BaseId, crew.X, crew.Y, s.X, s.Y, s.AreaClass, s.LoadPoint);
            if (!(travel >= 1))
            {
                continue;
            }

            pairs[s.AreaClass].Add(((d - o.CallTime).TotalMinutes, (a - d).TotalMinutes / travel));
        }

        List<(double, double)> pooled = [.. pairs.SelectMany(p => p)];
        _dispatch = new double[classes][];
        _ratio = new double[classes][];
        _meanDispatch = new double[classes];
        _meanRatio = new double[classes];
        var calibration = new List<ArrivalCalibration>(classes);
        for (int c = 0; c < classes; c++)
        {
            List<(double Dispatch, double Ratio)> source = pairs[c].Count > 0 ? pairs[c] : pooled.Count > 0 ? pooled : [(0, 1)];
            source.Sort((x, y) => x.Ratio.CompareTo(y.Ratio));
            int count = Math.Min(MaximumSamples, source.Count);
            _dispatch[c] = new double[count];
            _ratio[c] = new double[count];
            for (int s = 0; s < count; s++)
            {
                (double dispatch, double ratio) = source[(int)(((s + 0.5) * source.Count) / count)];
                (_dispatch[c][s], _ratio[c][s]) = (dispatch, ratio);
            }

            _meanDispatch[c] = _dispatch[c].Average();
            _meanRatio[c] = _ratio[c].Average();
            double[] dispatches = [.. source.Select(p => p.Dispatch)];
            Array.Sort(dispatches);
            calibration.Add(new ArrivalCalibration(rules.Classes[c].AreaClass, pairs[c].Count, dispatches[dispatches.Length / 2], source.Average(p => p.Ratio), source[source.Count / 2].Ratio));
        }

        Calibration = calibration;
    }

    public IReadOnlyList<ArrivalCalibration> Calibration { get; }

    /// <summary>Modelled travel minutes from a base at (bx, by) to a point of class <paramref name="areaClass"/>; the table's entry for (base, load point) wins. NaN without coordinates.</summary>
    public double Travel(string baseId, double bx, double by, double x, double y, int areaClass, int loadPoint)
    {
        if (loadPoint >= 0 && _table.TryGetValue((baseId, loadPoint), out double minutes))
        {
            return minutes;
        }

        double dx = bx - x, dy = by - y;
        return Math.Sqrt((dx * dx) + (dy * dy)) * _minutesPerKm[areaClass];
    }

    /// <summary>Expected call-to-arrival minutes after <paramref name="travel"/> minutes of modelled travel.</summary>
    public double ExpectedArrival(int areaClass, double travel) => _meanDispatch[areaClass] + (_meanRatio[areaClass] * travel);

    /// <summary>Mean ratio of real to modelled travel in the class (turns a shorter modelled travel into a shorter repair).</summary>
    public double MeanRatio(int areaClass) => _meanRatio[areaClass];

    /// <summary>Probability that the arrival is later than the class's commitment.</summary>
    public double LateProbability(int areaClass, double travel)
    {
        double[] d = _dispatch[areaClass], r = _ratio[areaClass];
        double limit = _commitment[areaClass];
        int late = 0;
        for (int s = 0; s < d.Length; s++)
        {
            late += d[s] + (r[s] * travel) > limit ? 1 : 0;
        }

        return late / (double)d.Length;
    }

    /// <summary>
    /// Expected complaints of one outage order under <paramref name="model"/>: the base expectation moves with the
    /// arrival by <paramref name="slopePerHour"/> (the customers waiting for the repair), and the wait adds its own.
    /// </summary>
    public double Complaints(Complaints.RepairDelayComplaintModel model, int areaClass, double travel, double expected, double customers, double historicalArrivalHours, double slopePerHour)
    {
        double[] d = _dispatch[areaClass], r = _ratio[areaClass];
        double sum = 0;
        for (int s = 0; s < d.Length; s++)
        {
            double arrivalHours = Math.Max(0, d[s] + (r[s] * travel)) / 60;
            sum += model.ExpectedComplaints(Math.Max(0, expected + (slopePerHour * (arrivalHours - historicalArrivalHours))), customers, arrivalHours);
        }

        return sum / d.Length;
    }
}
