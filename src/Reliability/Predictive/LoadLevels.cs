using System.Globalization;

namespace Lumen.Reliability.Predictive;

/// <summary>One step of a load duration curve: every load at this fraction of its peak for this many hours a year.</summary>
/// <param name="FractionOfPeak">Load as a fraction of peak, 0..1.5.</param>
/// <param name="Hours">Hours a year at this level, &gt; 0.</param>
public readonly record struct LoadLevel(double FractionOfPeak, double Hours);

/// <summary>
/// The year as a few load levels (a stepped load duration curve): restoration after each failure is evaluated at each
/// level, and the indices are weighted by the levels' shares of the year (a failure is equally likely at any hour).
/// </summary>
/// <remarks>
/// Immutable. Every load point scales with the same fraction of its own peak (a system-wide curve, as the coincident peaks
/// of the network files are). <see cref="Default"/> is used when no load series is given; <see cref="FromSeries(IEnumerable{double})"/>
/// builds the curve from hourly totals.
/// </remarks>
public sealed class LoadLevels
{
    /// <summary>Fewest levels accepted.</summary>
    public const int MinimumCount = 1;

    /// <summary>Most levels accepted.</summary>
    public const int MaximumCount = 10;

    // The duration bins of the default and series-built curves, as shares of the year: a short peak bin (the hours that
    // decide most capacity problems), then wider bins down to the night-time minimum.
    private static readonly double[] s_binShares = [0.05, 0.15, 0.30, 0.30, 0.20];

    /// <summary>Checks and wraps the levels.</summary>
    /// <param name="levels">1–10 levels, each with 0 &lt; fraction ≤ 1.5 and hours &gt; 0.</param>
    /// <exception cref="ArgumentException">Too few or too many levels, or a level out of range.</exception>
    public LoadLevels(IReadOnlyList<LoadLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Count is < MinimumCount or > MaximumCount)
        {
            throw new ArgumentException($"A load duration curve needs {MinimumCount}–{MaximumCount} levels; {levels.Count} given.", nameof(levels));
        }

        double total = 0;
        foreach (LoadLevel level in levels)
        {
            if (!(level.FractionOfPeak > 0 && level.FractionOfPeak <= 1.5) || !(level.Hours > 0 && double.IsFinite(level.Hours)))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Load level {level.FractionOfPeak} of peak for {level.Hours} h: the fraction must lie in (0, 1.5] and the hours be positive."),
                    nameof(levels));
            }

            total += level.Hours;
        }

        Levels = [.. levels];
        var weights = new double[levels.Count];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = levels[i].Hours / total;
        }

        Weights = weights;
    }

    /// <summary>The levels, in the order given.</summary>
    public IReadOnlyList<LoadLevel> Levels { get; }

    /// <summary>Share of the year of each level (hours / total hours); sums to 1.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>Number of levels.</summary>
    public int Count => Levels.Count;

    /// <summary>Only the peak, all year: restoration checked at peak load (the N-1 criterion's level).</summary>
    public static LoadLevels PeakOnly { get; } = new([new LoadLevel(1.0, 8760)]);

    /// <summary>
    /// The documented default when no load series exists: a straight-line load duration curve from the peak down to
    /// the minimum 2·LF − 1 (LF the load factor, average / peak; at least 0.05), so that its mean is the network's
    /// load factor, cut into five bins of 5, 15, 30, 30 and 20 % of the year, each at the curve's value at the bin's
    /// middle hour.
    /// </summary>
    /// <param name="loadFactor">Average load / peak load of the system, (0, 1]; e.g. Σ average kW / Σ peak kW.</param>
    /// <returns>Five levels.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The load factor is outside (0, 1].</exception>
    public static LoadLevels Default(double loadFactor)
    {
        if (!(loadFactor > 0 && loadFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(loadFactor), loadFactor, "The load factor must lie in (0, 1].");
        }

        double minimum = Math.Max(0.05, (2 * loadFactor) - 1);
        var levels = new LoadLevel[s_binShares.Length];
        double start = 0;
        for (int i = 0; i < levels.Length; i++)
        {
            double middle = start + (s_binShares[i] / 2);
            levels[i] = new LoadLevel(1 - ((1 - minimum) * middle), s_binShares[i] * 8760);
            start += s_binShares[i];
        }

        return new LoadLevels(levels);
    }

    /// <summary>
    /// A load duration curve from several load series (feeders, transformers): the samples of equal time are summed into
    /// system totals, then binned as <see cref="FromSeries(IEnumerable{double})"/> does.
    /// </summary>
    /// <param name="samples">Every series' samples as (time, load); any unit, the same for all.</param>
    /// <returns>Five levels, or null when fewer than 20 distinct times or no positive total.</returns>
    public static LoadLevels? FromSeries(IEnumerable<(DateTime Time, double Value)> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var totals = new Dictionary<DateTime, double>();
        foreach ((DateTime time, double value) in samples)
        {
            if (double.IsFinite(value))
            {
                totals[time] = totals.GetValueOrDefault(time) + value;
            }
        }

        return FromSeries(totals.Values);
    }

    /// <summary>
    /// A load duration curve from a series of system totals (e.g. the sum of every feeder's hourly load): the values
    /// are sorted from the highest, cut into the same five bins as <see cref="Default"/> (5, 15, 30, 30, 20 % of the
    /// samples), and each level is its bin's mean over the series' maximum; hours are the bin's share of 8760.
    /// </summary>
    /// <param name="totals">Load samples at regular intervals (any unit); NaN samples are skipped.</param>
    /// <returns>Five levels, or null when fewer than 20 valid samples or a non-positive maximum.</returns>
    public static LoadLevels? FromSeries(IEnumerable<double> totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var values = new List<double>();
        foreach (double v in totals)
        {
            if (double.IsFinite(v))
            {
                values.Add(Math.Max(0, v));
            }
        }

        if (values.Count < 20)
        {
            return null;
        }

        values.Sort(static (a, b) => b.CompareTo(a));
        double peak = values[0];
        if (!(peak > 0))
        {
            return null;
        }

        var levels = new List<LoadLevel>(s_binShares.Length);
        double share = 0;
        int from = 0;
        foreach (double binShare in s_binShares)
        {
            share += binShare;
            int to = share >= 1 - 1e-12 ? values.Count : (int)Math.Round(share * values.Count);
            if (to <= from)
            {
                continue;
            }

            double sum = 0;
            for (int i = from; i < to; i++)
            {
                sum += values[i];
            }

            double fraction = sum / (to - from) / peak;
            levels.Add(new LoadLevel(Math.Max(fraction, 1e-3), 8760.0 * (to - from) / values.Count));
            from = to;
        }

        return new LoadLevels(levels);
    }
}
