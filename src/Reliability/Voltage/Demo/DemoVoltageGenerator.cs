using System.Globalization;
using System.Text;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Voltage.Demo;

/// <summary>What <see cref="DemoVoltageGenerator.Write"/> produced.</summary>
/// <param name="Points">Series written (one per transformer area on a 0.4 kV bus).</param>
/// <param name="Readings">Rows written.</param>
/// <param name="MissingReadings">Readings left out on purpose (meter communication gaps).</param>
/// <param name="LoadLevels">Load levels solved by power flow.</param>
/// <param name="CollapsedLevels">Levels at which the power flow did not converge (voltage taken from the last level that did).</param>
public sealed record DemoVoltageSummary(int Points, long Readings, long MissingReadings, int LoadLevels, int CollapsedLevels);

/// <summary>
/// Writes hourly voltage series for a demo network's transformer areas from the same network state as its peak power
/// flow: the network's transformer taps, the substations' set point (10.5 kV at the peak, lower at light load by
/// <see cref="DemoNetworkGenerator.SourceVoltageAt"/>), and each hour's load level on the load scale the power flow
/// uses (1 = the coincident peak). Long rural feeders sag at the evening peak, and their far areas
/// show low-voltage episodes. Output is the readings CSV of <see cref="VoltageReadingsReader"/>
/// (<c>point_id,timestamp,voltage_v,nominal_v,area_id,feeder_id</c>, timestamps at +08:00), rows in time order.
/// </summary>
/// <remarks>
/// <para><b>Meters.</b> One per transformer area on a 0.4 kV bus: the area's distribution-transformer monitoring
/// terminal (配变监测终端), reading the line-to-line voltage of the 0.4 kV busbar, 380 V nominal: 400 V × the bus
/// voltage in pu, plus ±1 V of noise. That is the bus the power flow judges, against the same limits (the 380 V class
/// of the profile), so the two differ only in load (below). Customers further down the unmodelled LV network see a
/// few per cent less; neither view includes that drop. About 1 % of readings are missing at random and about one area
/// in 50 loses a whole day.</para>
/// <para><b>Loads.</b> The hour's level is a residential/commercial daily shape (morning shoulder, evening peak at
/// 19–21 h), lower at weekends, highest in July–August (level 1.0 on weekday evenings), 0.9 in June, September,
/// December and January, 0.75 otherwise. The whole network is at that level (the power flow's state); each area's own
/// load varies around it by ±5 % (its mix) and by 3 % (σ) from hour to hour, which moves only the drop across its own
/// transformer. A demo network's <c>PeakKw</c> are coincident (see <see cref="Lumen.Topology.Demo.DemoNetworkGenerator"/>), so a
/// level is the power flow's load scale directly: the summer weekday evening is the peak power flow's state, and a
/// winter week reaches only 0.9 of it. Power flows are solved once per level on a grid of <see cref="LoadLevels"/>
/// levels and interpolated per hour, so the cost is a few dozen power flows, not one per hour.</para>
/// <para>Deterministic for a seed and network. O(areas × hours) time, O(areas × levels) memory.</para>
/// </remarks>
public static class DemoVoltageGenerator
{
    /// <summary>Number of load levels solved by power flow.</summary>
    public const int LoadLevels = 16;

    /// <summary>Source (substation 10 kV busbar) voltage at the peak, pu: what the peak power flow uses.</summary>
    public const double SourceVoltagePu = DemoNetworkGenerator.SourceVoltagePu;

    /// <summary>Nominal voltage of the meters, V: line to line on the 0.4 kV busbar.</summary>
    public const double NominalV = 380;

    /// <summary>Volts per pu of a 0.4 kV bus.</summary>
    private const double BusBaseV = 400;

    /// <summary>Writes the series from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), hourly.</summary>
    /// <param name="network">The demo network.</param>
    /// <param name="seed">Any integer; the same seed gives the same series.</param>
    /// <param name="outputPath">The CSV file to create (overwritten).</param>
    /// <param name="from">First hour.</param>
    /// <param name="to">End of the period.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="outputPath"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="to"/> is not after <paramref name="from"/>.</exception>
    public static DemoVoltageSummary Write(Net network, int seed, string outputPath, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(outputPath);
        if (to <= from)
        {
            throw new ArgumentException("the period must end after it starts", nameof(to));
        }

        var areas = new List<int>();
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            int node = network.LoadPointNode[l];
            if (network.NominalKv[node] < 1 && network.Normal.PreIndex[node] >= 0)
            {
                areas.Add(l);
            }
        }

        // Per area and level (pu of 0.4 kV), from one power flow per level: the bus voltage, and the drop across the
        // area's own transformer (its tap times the primary voltage, less the bus voltage).
        var levels = new double[LoadLevels];
        var volts = new double[areas.Count * LoadLevels];
        var drops = new double[areas.Count * LoadLevels];
        var solver = new RadialPowerFlow(network);
        RadialTrace trace = network.Normal;
        int collapsed = 0;
        for (int k = 0; k < LoadLevels; k++)
        {
            levels[k] = 0.15 + (1.15 * k / (LoadLevels - 1));
            PowerFlowResult flow = solver.Solve(new PowerFlowScenario { LoadScale = levels[k], SourceVoltagePu = DemoNetworkGenerator.SourceVoltageAt(levels[k]) });
            bool ok = flow.Converged;
            collapsed += ok ? 0 : 1;
            for (int a = 0; a < areas.Count; a++)
            {
                int i = (a * LoadLevels) + k;
                int node = network.LoadPointNode[areas[a]];
                double v = flow.VoltagePu[node];
                if (ok && v > 0.5)
                {
                    volts[i] = v;
                    drops[i] = (network.EdgeTapPu[trace.ParentEdge[node]] * flow.VoltagePu[trace.Parent[node]]) - v;
                }
                else
                {
                    volts[i] = k > 0 ? volts[i - 1] : DemoNetworkGenerator.SourceVoltageAt(levels[k]);
                    drops[i] = k > 0 ? drops[i - 1] : 0;
                }
            }
        }

        var rng = new Random(seed);
        var areaBias = new double[areas.Count];
        var outageDay = new int[areas.Count];
        int days = (int)Math.Ceiling((to - from).TotalDays);
        for (int a = 0; a < areas.Count; a++)
        {
            areaBias[a] = 0.95 + (rng.NextDouble() * 0.1);
            outageDay[a] = rng.NextDouble() < 0.02 ? rng.Next(days) : -1;
        }

        ReadOnlySpan<string> feeders = network.Normal.FeederNames;
        ReadOnlySpan<int> feederOf = network.Normal.FeederOf;
        var pointIds = new string[areas.Count];
        var areaIds = new string[areas.Count];
        var feederIds = new string[areas.Count];
        for (int a = 0; a < areas.Count; a++)
        {
            string id = network.LoadPointIds[areas[a]];
            int f = feederOf[network.LoadPointNode[areas[a]]];
            pointIds[a] = id + "-M";
            areaIds[a] = id;
            feederIds[a] = f >= 0 ? feeders[f] : string.Empty;
        }

        long rows = 0;
        long missing = 0;
        var offset = TimeSpan.FromHours(8);
        string nominal = NominalV.ToString(CultureInfo.InvariantCulture);
        using var file = new StreamWriter(outputPath, false, new UTF8Encoding(false), 1 << 16);
        using var csv = new CsvTableWriter(file, ["point_id", "timestamp", "voltage_v", "nominal_v", "area_id", "feeder_id"]);
        for (DateTimeOffset t = from.ToOffset(offset); t < to; t = t.AddHours(1))
        {
            double shape = Shape(t);
            string stamp = t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            int day = (int)(t - from).TotalDays;
            for (int a = 0; a < areas.Count; a++)
            {
                // The network is at the hour's level; the area's own load, off it by its mix and the hour's noise,
                // moves only the drop across its own transformer.
                double own = (areaBias[a] * (1 + (0.03 * Gaussian(rng)))) - 1;
                if (rng.NextDouble() < 0.01 || outageDay[a] == day)
                {
                    missing++;
                    continue;
                }

                double pu = Interpolate(levels, volts, a * LoadLevels, shape) - (own * Interpolate(levels, drops, a * LoadLevels, shape));
                double v = (pu * BusBaseV) + Gaussian(rng);

                // Every cell is text already (no boxing on this path of millions of rows); the writer quotes.
                csv.WriteRow(pointIds[a], stamp, Math.Round(v, 1).ToString("0.0", CultureInfo.InvariantCulture), nominal, areaIds[a], feederIds[a]);
                rows++;
            }
        }

        return new DemoVoltageSummary(areas.Count, rows, missing, LoadLevels, collapsed);
    }

    /// <summary>Load level 0..1 of the hour on the peak power flow's scale: daily shape × weekday × season.</summary>
    internal static double Shape(DateTimeOffset t)
    {
        int h = t.Hour;
        double daily = h switch
        {
            < 6 => 0.35,
            < 8 => 0.5,
            < 11 => 0.65,
            < 17 => 0.6,
            < 19 => 0.8,
            < 22 => 1.0,
            _ => 0.6,
        };
        double week = t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.92 : 1.0;
        double season = t.Month switch
        {
            7 or 8 => 1.0,
            6 or 9 or 12 or 1 => 0.9,
            _ => 0.75,
        };
        return daily * week * season;
    }

    private static double Interpolate(double[] levels, double[] volts, int start, double level)
    {
        if (level <= levels[0])
        {
            return volts[start];
        }

        for (int k = 1; k < levels.Length; k++)
        {
            if (level <= levels[k])
            {
                double w = (level - levels[k - 1]) / (levels[k] - levels[k - 1]);
                return volts[start + k - 1] + (w * (volts[start + k] - volts[start + k - 1]));
            }
        }

        return volts[start + levels.Length - 1];
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

}
