using System.Globalization;
using System.Text;
using Lumen.Topology.Import;
using Net = Lumen.Topology.Network.Network;
using Lumen.Topology.PowerFlow;

namespace Lumen.Reliability.Voltage.Demo;

/// <summary>What <see cref="DemoVoltageGenerator.Write"/> produced.</summary>
/// <param name="Points">Series written (one per transformer area on a 0.4 kV bus).</param>
/// <param name="Readings">Rows written.</param>
/// <param name="MissingReadings">Readings left out on purpose (meter communication gaps).</param>
/// <param name="LoadLevels">Load levels solved by power flow.</param>
/// <param name="CollapsedLevels">Levels at which the power flow did not converge (voltage taken from the last level that did).</param>
public sealed record DemoVoltageSummary(int Points, long Readings, long MissingReadings, int LoadLevels, int CollapsedLevels);

/// <summary>
/// Writes hourly voltage series for a demo network's transformer areas, consistent with its loads: each hour's load
/// level drives a radial power flow, so long rural feeders sag at the evening peak, and areas far down them show
/// low-voltage episodes. Output is the readings CSV of <see cref="VoltageReadingsReader"/>
/// (<c>point_id,timestamp,voltage_v,nominal_v,area_id,feeder_id</c>, timestamps at +08:00), rows in time order.
/// </summary>
/// <remarks>
/// <para><b>Loads.</b> The hour's level is a residential/commercial daily shape (morning shoulder, evening peak at
/// 19–21 h), lower at weekends, higher in July–August and December–January. A demo network's <c>PeakKw</c> are already
/// coincident (each area's share of the feeder's peak, see <see cref="Lumen.Topology.Demo.DemoNetworkGenerator"/>), so a
/// level is the load scale of the power flow directly: level 1 is the sum of the load-point peaks.
/// Power flows are solved once per level on a grid of <see cref="LoadLevels"/> levels and interpolated per hour, so the
/// cost is a few dozen power flows, not one per hour.</para>
/// <para><b>Meters.</b> One meter per public or dedicated area on a 0.4 kV bus, standing for a customer at the end of
/// the LV network: 220 V nominal, phase voltage of the LV bus (400 V / √3 at 1 pu, the 10/0.4 kV transformer's no-load
/// voltage) less an LV network drop of 2–7 % at peak growing with the load, plus ±1 V noise. About 1 % of readings
/// are missing at random and about one area in 50 loses a whole day.</para>
/// <para>Deterministic for a seed and network. O(areas × hours) time, O(areas × levels) memory.</para>
/// </remarks>
public static class DemoVoltageGenerator
{
    /// <summary>Number of load levels solved by power flow.</summary>
    public const int LoadLevels = 16;

    /// <summary>Source (substation 10 kV busbar) voltage, pu: 10.5 kV, the usual set point.</summary>
    public const double SourceVoltagePu = 1.05;

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

        // Bus voltage of each area at each level (pu of 0.4 kV), from one power flow per level.
        var levels = new double[LoadLevels];
        var volts = new double[areas.Count * LoadLevels];
        var solver = new RadialPowerFlow(network);
        int collapsed = 0;
        for (int k = 0; k < LoadLevels; k++)
        {
            levels[k] = 0.15 + (1.15 * k / (LoadLevels - 1));
            PowerFlowResult flow = solver.Solve(new PowerFlowScenario { LoadScale = levels[k], SourceVoltagePu = SourceVoltagePu });
            bool ok = flow.Converged;
            collapsed += ok ? 0 : 1;
            for (int a = 0; a < areas.Count; a++)
            {
                double v = flow.VoltagePu[network.LoadPointNode[areas[a]]];
                volts[(a * LoadLevels) + k] = ok && v > 0.5 ? v : k > 0 ? volts[(a * LoadLevels) + k - 1] : SourceVoltagePu;
            }
        }

        var rng = new Random(seed);
        var lvDrop = new double[areas.Count];
        var areaBias = new double[areas.Count];
        var outageDay = new int[areas.Count];
        int days = (int)Math.Ceiling((to - from).TotalDays);
        for (int a = 0; a < areas.Count; a++)
        {
            lvDrop[a] = 0.02 + (rng.NextDouble() * 0.05);
            areaBias[a] = 0.9 + (rng.NextDouble() * 0.2);
            outageDay[a] = rng.NextDouble() < 0.02 ? rng.Next(days) : -1;
        }

        string[] feeders = network.Normal.FeederNames;
        int[] feederOf = network.Normal.FeederOf;
        var pointIds = new string[areas.Count];
        var tails = new string[areas.Count];
        for (int a = 0; a < areas.Count; a++)
        {
            string id = network.LoadPointIds[areas[a]];
            int f = feederOf[network.LoadPointNode[areas[a]]];
            pointIds[a] = id + "-M";
            tails[a] = ",220," + CsvField.Quote(id) + "," + (f >= 0 ? CsvField.Quote(feeders[f]) : string.Empty);
        }

        long rows = 0;
        long missing = 0;
        double phaseBaseV = 400 / Math.Sqrt(3);
        var offset = TimeSpan.FromHours(8);
        using var writer = new StreamWriter(outputPath, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine("point_id,timestamp,voltage_v,nominal_v,area_id,feeder_id");
        var line = new StringBuilder(128);
        for (DateTimeOffset t = from.ToOffset(offset); t < to; t = t.AddHours(1))
        {
            double shape = Shape(t);
            string stamp = t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            int day = (int)(t - from).TotalDays;
            for (int a = 0; a < areas.Count; a++)
            {
                double level = shape * areaBias[a] * (1 + (0.05 * Gaussian(rng)));
                if (rng.NextDouble() < 0.01 || outageDay[a] == day)
                {
                    missing++;
                    continue;
                }

                double pu = Interpolate(levels, volts, a * LoadLevels, level);
                double v = (pu - (lvDrop[a] * level)) * phaseBaseV + Gaussian(rng);
                line.Clear();
                line.Append(pointIds[a]).Append(',').Append(stamp).Append(',');
                line.Append(Math.Round(v, 1).ToString("0.0", CultureInfo.InvariantCulture));
                line.Append(tails[a]);
                writer.WriteLine(line);
                rows++;
            }
        }

        return new DemoVoltageSummary(areas.Count, rows, missing, LoadLevels, collapsed);
    }

    /// <summary>Load level 0..~1.1 of the hour: daily shape × weekday × season.</summary>
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
