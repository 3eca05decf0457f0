using System.Buffers;

namespace Lumen.Forecast.Data;

/// <summary>What <see cref="SeriesCleaner"/> found and repaired.</summary>
/// <param name="Series">The repaired series (a copy; the input is unchanged). Load before the cleaning limit has no NaN.</param>
/// <param name="GapPeriods">Periods that were NaN (missing rows, empty cells, meter outages) and were filled.</param>
/// <param name="Spikes">Isolated spikes or drops that were replaced.</param>
/// <param name="StuckPeriods">Periods in runs of a repeated value (stuck meter) or zeros inside a live series, treated as gaps.</param>
/// <param name="Flat">True when the whole cleaned range has no variation (dead or constant series).</param>
/// <param name="Diagnostics">One warning per kind of repair, naming the first affected time.</param>
public sealed record CleaningResult(LoadSeries Series, int GapPeriods, int Spikes, int StuckPeriods, bool Flat, IReadOnlyList<ForecastDiagnostic> Diagnostics);

/// <summary>
/// Detects and repairs gaps, meter spikes and stuck/dead stretches in a load series before fitting.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Spikes: a point whose second difference <c>y[t] − (y[t−1] + y[t+1])/2</c> exceeds <see cref="SpikeThreshold"/>
/// robust standard deviations (1.4826·MAD of the second differences) and that jumps away from both neighbours in the same
/// direction by more than 20 % of the median load. Real peaks are smooth over neighbouring hours and are kept.</item>
/// <item>Stuck meters: runs of ≥ 12 hours of an identical value, and runs of ≥ 3 hours of zero inside a series whose median is
/// positive, are treated as gaps.</item>
/// <item>Gaps: up to 2 hours are interpolated linearly; longer ones take the same period one week (else one day) earlier,
/// shifted linearly so that both edges join the observed values.</item>
/// </list>
/// Only indices before <c>limit</c> are inspected, so a backtest can clean exactly the information available at an
/// origin. O(n) time; the input is never modified.
/// </remarks>
public static class SeriesCleaner
{
    /// <summary>Robust standard deviations of the second difference above which an isolated point is a spike (10).</summary>
    public const double SpikeThreshold = 10;

    /// <summary>Cleans <paramref name="series"/> up to (excluding) period <paramref name="limit"/> (null = the whole series).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative or beyond the series.</exception>
    public static CleaningResult Clean(LoadSeries series, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        int n = limit ?? series.Length;
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, series.Length);
        double[] y = series.LoadArray.ToArray();
        int s = series.PeriodsPerDay;
        int hour = s / 24;
        var diagnostics = new List<ForecastDiagnostic>();
        var bad = new bool[n];
        int gaps = 0;
        int firstGap = -1;
        for (int t = 0; t < n; t++)
        {
            if (!double.IsFinite(y[t]))
            {
                bad[t] = true;
                gaps++;
                firstGap = firstGap < 0 ? t : firstGap;
            }
        }

        double median = MedianOfFinite(y, n, 1);
        int stuck = MarkStuck(y, n, s, hour, median, bad, out int firstStuck);
        int spikes = MarkSpikes(y, n, median, bad, out int firstSpike);
        if (gaps > 0)
        {
            diagnostics.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", $"{gaps} missing period(s) filled (first at {series.TimeOf(firstGap):yyyy-MM-ddTHH:mm})", ForecastSeverity.Warning));
        }

        if (stuck > 0)
        {
            diagnostics.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", $"{stuck} period(s) of a stuck or dead meter (repeated value or zeros) treated as gaps (first at {series.TimeOf(firstStuck):yyyy-MM-ddTHH:mm})", ForecastSeverity.Warning));
        }

        if (spikes > 0)
        {
            diagnostics.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", $"{spikes} spike(s) replaced (first at {series.TimeOf(firstSpike):yyyy-MM-ddTHH:mm})", ForecastSeverity.Warning));
        }

        Fill(y, n, s, hour, bad);
        bool flat = IsFlat(y, n);
        if (flat)
        {
            diagnostics.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", "flat or dead series: the load never varies", ForecastSeverity.Warning));
        }

        return new CleaningResult(series.WithLoad(y), gaps, spikes, stuck, flat, diagnostics);
    }

    private static int MarkStuck(double[] y, int n, int s, int hour, double median, bool[] bad, out int first)
    {
        first = -1;
        int count = 0;
        int t = 0;
        while (t < n)
        {
            if (bad[t])
            {
                t++;
                continue;
            }

            int u = t + 1;
            while (u < n && !bad[u] && y[u] == y[t])
            {
                u++;
            }

            int run = u - t;
            bool zeroRun = y[t] == 0 && median > 0 && run >= 3 * hour;
            bool repeated = run >= 12 * hour && run < n;
            if (zeroRun || repeated)
            {
                for (int k = t; k < u; k++)
                {
                    bad[k] = true;
                }

                count += run;
                first = first < 0 ? t : first;
            }

            t = u;
        }

        return count;
    }

    private static int MarkSpikes(double[] y, int n, double median, bool[] bad, out int first)
    {
        first = -1;
        if (n < 10)
        {
            return 0;
        }

        // Robust scale of the second difference from a strided sample: O(n) instead of a full sort.
        int stride = Math.Max(1, n / 4096);
        double[] buffer = ArrayPool<double>.Shared.Rent(((n - 2) / stride) + 1);
        int m = 0;
        for (int t = 1; t < n - 1; t += stride)
        {
            if (!bad[t - 1] && !bad[t] && !bad[t + 1])
            {
                buffer[m++] = Math.Abs(y[t] - (0.5 * (y[t - 1] + y[t + 1])));
            }
        }

        double mad = m >= 8 ? SelectKth(buffer.AsSpan(0, m), m / 2) : 0;
        ArrayPool<double>.Shared.Return(buffer);
        if (m < 8)
        {
            return 0;
        }

        double sigma = 1.4826 * mad;
        double jump = 0.2 * Math.Abs(median);
        if (!(sigma > 0))
        {
            sigma = 1e-9 * Math.Max(1, Math.Abs(median));
        }

        int count = 0;
        for (int t = 1; t < n - 1; t++)
        {
            if (bad[t - 1] || bad[t] || bad[t + 1])
            {
                continue;
            }

            double a = y[t] - y[t - 1];
            double b = y[t] - y[t + 1];
            double r = y[t] - (0.5 * (y[t - 1] + y[t + 1]));
            if (Math.Abs(r) > SpikeThreshold * sigma && a * b > 0 && Math.Abs(a) > jump && Math.Abs(b) > jump)
            {
                bad[t] = true;
                count++;
                first = first < 0 ? t : first;
            }
        }

        return count;
    }

    private static void Fill(double[] y, int n, int s, int hour, bool[] bad)
    {
        int w = 7 * s;
        int t = 0;
        while (t < n)
        {
            if (!bad[t])
            {
                t++;
                continue;
            }

            int u = t;
            while (u < n && bad[u])
            {
                u++;
            }

            // [t, u) is bad; edges are t-1 and u when present.
            bool hasLeft = t > 0;
            bool hasRight = u < n;
            double left = hasLeft ? y[t - 1] : double.NaN;
            double right = hasRight ? y[u] : double.NaN;
            int len = u - t;
            if (len <= 2 * hour && hasLeft && hasRight)
            {
                for (int k = t; k < u; k++)
                {
                    y[k] = left + ((right - left) * (k - t + 1) / (len + 1));
                }
            }
            else
            {
                int lag = t >= w ? w : (t >= s ? s : 0);
                for (int k = t; k < u; k++)
                {
                    y[k] = lag > 0 ? y[k - lag] : (hasRight ? right : left);
                }

                // Join the edges: shift by a linear ramp of the mismatch at both ends.
                double dl = hasLeft && lag > 0 ? left - y[t - 1 - lag] : 0;
                double dr = hasRight && lag > 0 && u - lag >= 0 ? right - y[u - lag] : dl;
                if (!hasLeft)
                {
                    dl = dr;
                }

                for (int k = t; k < u; k++)
                {
                    double f = (k - t + 1) / (double)(len + 1);
                    y[k] += dl + ((dr - dl) * f);
                }
            }

            for (int k = t; k < u; k++)
            {
                if (!double.IsFinite(y[k]))
                {
                    y[k] = hasLeft ? left : (hasRight ? right : 0);
                }
            }

            t = u;
        }
    }

    private static double MedianOfFinite(double[] y, int n, int stride)
    {
        int step = Math.Max(stride, n / 8192);
        if (n == 0)
        {
            return 0;
        }

        double[] buffer = ArrayPool<double>.Shared.Rent(((n - 1) / step) + 1);
        int m = 0;
        for (int t = 0; t < n; t += step)
        {
            if (double.IsFinite(y[t]))
            {
                buffer[m++] = y[t];
            }
        }

        double median = m == 0 ? 0 : SelectKth(buffer.AsSpan(0, m), m / 2);
        ArrayPool<double>.Shared.Return(buffer);
        return median;
    }

    /// <summary>
    /// The <paramref name="k"/>-th smallest value (0-based) of <paramref name="v"/>, which must hold no NaN, by Hoare
    /// selection (expected O(n); reorders <paramref name="v"/>): the same value as sorting and indexing.
    /// </summary>
    internal static double SelectKth(Span<double> v, int k)
    {
        int lo = 0;
        int hi = v.Length - 1;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            // Median of three as pivot.
            if (v[mid] < v[lo])
            {
                (v[mid], v[lo]) = (v[lo], v[mid]);
            }

            if (v[hi] < v[lo])
            {
                (v[hi], v[lo]) = (v[lo], v[hi]);
            }

            if (v[hi] < v[mid])
            {
                (v[hi], v[mid]) = (v[mid], v[hi]);
            }

            double pivot = v[mid];
            int i = lo;
            int j = hi;
            while (i <= j)
            {
                while (v[i] < pivot)
                {
                    i++;
                }

                while (v[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (v[i], v[j]) = (v[j], v[i]);
                    i++;
                    j--;
                }
            }

            // Now v[lo..j] ≤ pivot ≤ v[i..hi] and every element strictly between j and i equals the pivot.
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return v[k];
            }
        }

        return v[k];
    }

    private static bool IsFlat(double[] y, int n)
    {
        if (n == 0)
        {
            return true;
        }

        double min = y[0];
        double max = y[0];
        for (int t = 1; t < n; t++)
        {
            min = Math.Min(min, y[t]);
            max = Math.Max(max, y[t]);
        }

        return max - min <= 1e-9 * Math.Max(1, Math.Abs(max));
    }
}
