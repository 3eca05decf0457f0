namespace Lumen.Reliability.Repair;

/// <summary>
/// Quantiles by linear interpolation between order statistics (Hyndman–Fan type 7, as Excel's PERCENTILE.INC and
/// numpy's default): with n values sorted, quantile p is x[h] interpolated at h = (n − 1) p.
/// </summary>
/// <remarks>Expected O(n) per call through in-place selection (quickselect, sorting the rest of a range that partitions badly).</remarks>
internal static class Quantiles
{
    /// <summary>
    /// Writes the quantiles <paramref name="ps"/> (ascending, each in [0, 1]) of <paramref name="values"/> (no NaN) to
    /// <paramref name="result"/>. Reorders <paramref name="values"/>.
    /// </summary>
    public static void Compute(Span<double> values, ReadOnlySpan<double> ps, Span<double> result)
    {
        int n = values.Length;
        if (n == 0)
        {
            result.Fill(double.NaN);
            return;
        }

        int from = 0;
        int selected = -1;
        for (int q = 0; q < ps.Length; q++)
        {
            double h = (n - 1) * ps[q];
            int lo = (int)Math.Floor(h);
            if (lo > selected)
            {
                Select(values, from, lo);
                selected = lo;
                from = lo + 1;
            }

            double low = values[lo];
            double frac = h - lo;
            if (frac > 0 && lo + 1 < n)
            {
                if (lo + 1 > selected)
                {
                    Select(values, from, lo + 1);
                    selected = lo + 1;
                    from = lo + 2;
                }

                result[q] = low + (frac * (values[lo + 1] - low));
            }
            else
            {
                result[q] = low;
            }
        }
    }

    /// <summary>Puts the k-th smallest of values[from..] at position k, smaller ones before it and larger ones after it.</summary>
    private static void Select(Span<double> values, int from, int k)
    {
        int lo = from, hi = values.Length - 1;
        int budget = 2 * (BitLength(hi - lo + 1) + 2);
        while (hi - lo > 16)
        {
            if (budget-- == 0)
            {
                values[lo..(hi + 1)].Sort();
                return;
            }

            // Median of three as the pivot, then a Hoare partition.
            int mid = lo + ((hi - lo) >> 1);
            if (values[mid] < values[lo])
            {
                (values[mid], values[lo]) = (values[lo], values[mid]);
            }

            if (values[hi] < values[lo])
            {
                (values[hi], values[lo]) = (values[lo], values[hi]);
            }

            if (values[hi] < values[mid])
            {
                (values[hi], values[mid]) = (values[mid], values[hi]);
            }

            double pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

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
                return;
            }
        }

        values[lo..(hi + 1)].Sort();
    }

    private static int BitLength(int n) => 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)n);
}
