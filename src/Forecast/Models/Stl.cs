namespace Lumen.Forecast.Models;

/// <summary>
/// Seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae and Terpenning 1990), non-robust, with the settings
/// and the arithmetic of R's <c>stats::stl</c>, so that <see cref="Mstl"/> reproduces R's <c>forecast::mstl</c>.
/// </summary>
/// <remarks>
/// <para>Each inner pass: the detrended series is split into its cycle-subseries (every period-th value), each smoothed by
/// loess of degree 0 and extended by one value at either end; a low-pass filter (moving averages of period, period and 3,
/// then loess of degree 1) takes out what leaks into them at low frequency; the seasonal component is the difference; the
/// trend is loess of degree 1 of the deseasonalised series. Loess is evaluated every <c>jump</c>-th point and linearly
/// interpolated between, as in R (this is part of R's answer, not only a speed-up).</para>
/// <para>Fast path: loess is a linear smoother whose weights depend only on the series length, the window, the degree
/// and the jump, so they are computed once per such plan (<see cref="LoessPlan"/>, kept in <see cref="StlScratch"/>) and
/// every later smoothing is one dot product per evaluated position; in the interior, where the window is symmetric about
/// the position, the local linear fit is the weighted mean under one shared tricube kernel. Cost O(n · window / jump)
/// per smoother with a small constant; no allocation once the plans exist. A direct transcription of the definition is
/// the oracle in the tests.</para>
/// </remarks>
internal static class Stl
{
    /// <summary>
    /// Decomposes <paramref name="y"/> into <paramref name="seasonal"/> and <paramref name="trend"/> (the remainder is
    /// y − seasonal − trend) with <paramref name="p"/>.
    /// </summary>
    public static void Decompose(ReadOnlySpan<double> y, StlParameters p, Span<double> seasonal, Span<double> trend, StlScratch scratch)
    {
        int n = y.Length;
        int np = p.Period;
        if (n <= 2 * np)
        {
            throw new ArgumentException($"STL needs more than two periods ({n} values for period {np}).", nameof(y));
        }

        scratch.Ensure(n, np);
        Span<double> detrended = scratch.A.AsSpan(0, n);
        Span<double> cycle = scratch.B.AsSpan(0, n + (2 * np));
        Span<double> low = scratch.C.AsSpan(0, n + (2 * np));
        Span<double> lowSmooth = scratch.D.AsSpan(0, n);
        trend[..n].Clear();
        for (int pass = 0; pass < p.Inner; pass++)
        {
            for (int i = 0; i < n; i++)
            {
                detrended[i] = y[i] - trend[i];
            }

            CycleSubseries(detrended, np, p.SeasonalWindow, p.SeasonalJump, cycle, scratch);

            // Low-pass filter of the extended cycle-subseries: moving averages of np, np and 3, then loess.
            Span<double> twice = scratch.A.AsSpan(0, n + 2);
            MovingAverage(cycle, np, low);
            MovingAverage(low[..(n + np + 1)], np, twice);
            MovingAverage(twice, 3, low);
            Loess(low[..n], p.LowPassWindow, 1, p.LowPassJump, lowSmooth, scratch);
            for (int i = 0; i < n; i++)
            {
                seasonal[i] = cycle[np + i] - lowSmooth[i];
                detrended[i] = y[i] - seasonal[i];
            }

            Loess(detrended, p.TrendWindow, 1, p.TrendJump, trend, scratch);
        }
    }

    /// <summary>Loess of each cycle-subseries, extended by one value before and after: <paramref name="cycle"/> has n + 2·np values.</summary>
    private static void CycleSubseries(ReadOnlySpan<double> x, int np, int window, int jump, Span<double> cycle, StlScratch scratch)
    {
        int n = x.Length;
        Span<double> sub = scratch.Sub.AsSpan(0, (n / np) + 1);
        Span<double> smooth = scratch.SubSmooth.AsSpan(0, (n / np) + 3);
        for (int j = 0; j < np; j++)
        {
            int k = ((n - 1 - j) / np) + 1;
            for (int i = 0; i < k; i++)
            {
                sub[i] = x[j + (i * np)];
            }

            ReadOnlySpan<double> series = sub[..k];
            Loess(series, window, 0, jump, smooth.Slice(1, k), scratch);
            LoessPlan ends = scratch.Ends(k, window);
            smooth[0] = ends.Apply(0, series, smooth[1]);
            smooth[k + 1] = ends.Apply(1, series, smooth[k]);
            for (int m = 0; m < k + 2; m++)
            {
                cycle[(m * np) + j] = smooth[m];
            }
        }
    }

    /// <summary>Running mean of length <paramref name="length"/>: output has x.Length − length + 1 values.</summary>
    private static void MovingAverage(ReadOnlySpan<double> x, int length, Span<double> output)
    {
        double v = 0;
        for (int i = 0; i < length; i++)
        {
            v += x[i];
        }

        output[0] = v / length;
        for (int j = 1; j <= x.Length - length; j++)
        {
            v += x[j + length - 1] - x[j - 1];
            output[j] = v / length;
        }
    }

    /// <summary>
    /// Loess of <paramref name="y"/> (positions 1..n) with <paramref name="window"/> neighbours and local degree
    /// <paramref name="degree"/> (0 or 1), evaluated every <paramref name="jump"/>-th position and at the last, linearly
    /// interpolated between; a position whose weights are all zero keeps its value. The weights depend on n, the window,
    /// the degree and the jump only (loess is a linear smoother), so they are computed once per such plan.
    /// </summary>
    internal static void Loess(ReadOnlySpan<double> y, int window, int degree, int jump, Span<double> ys, StlScratch scratch)
    {
        int n = y.Length;
        if (n < 2)
        {
            ys[0] = y[0];
            return;
        }

        LoessPlan plan = scratch.Plan(n, window, degree, jump);
        int step = plan.Step;
        for (int e = 0; e < plan.Count; e++)
        {
            int i = plan.Position(e);
            ys[i - 1] = plan.Apply(e, y, y[i - 1]);
        }

        if (step == 1)
        {
            return;
        }

        for (int i = 1; i <= n - step; i += step)
        {
            Interpolate(ys, i, i + step);
        }

        int last = ((n - 1) / step * step) + 1;
        if (last != n && last != n - 1)
        {
            Interpolate(ys, last, n);
        }
    }

    /// <summary>
    /// The positions loess is evaluated at and each one's window, as R's stl.f chooses them: every step-th position
    /// (step = min(jump, n − 1)) with the window of the <paramref name="window"/> nearest positions (all n when the
    /// window is longer), and the last position, when not on that grid, with the window of the last grid position.
    /// </summary>
    internal static LoessPlan NewPlan(int n, int window, int degree, int jump, StlScratch scratch)
    {
        int step = Math.Min(jump, n - 1);
        int count = ((n - 1) / step) + 1;
        bool extra = ((n - 1) / step * step) + 1 != n;
        var plan = new LoessPlan(step, count + (extra ? 1 : 0));
        int left = 1;
        int right = n;
        int half = (window + 1) / 2;
        int e = 0;
        for (int i = 1; i <= n; i += step)
        {
            if (window < n)
            {
                (left, right) = i < half ? (1, window) : i >= n - half + 1 ? (n - window + 1, n) : (i - half + 1, window + i - half);
                if (i - left == right - i)
                {
                    plan.Set(e++, i, left, scratch.Kernel(window));
                    continue;
                }
            }

            plan.Set(e++, i, left, Weights(n, window, degree, i, left, right));
        }

        if (extra)
        {
            plan.Set(e, n, left, Weights(n, window, degree, n, left, right));
        }

        return plan;
    }

    private static void Interpolate(Span<double> ys, int from, int to)
    {
        double delta = (ys[to - 1] - ys[from - 1]) / (to - from);
        for (int j = from + 1; j < to; j++)
        {
            ys[j - 1] = ys[from - 1] + (delta * (j - from));
        }
    }

    /// <summary>
    /// The weights of the local fit at position <paramref name="xs"/> on the values at positions [left, right] (1-based)
    /// of a series of <paramref name="n"/>: tricube weights over the distance to the farthest of them (widened by
    /// (window − n)/2 when the window exceeds the series), locally constant or linear, as stl.f's stlest; null when no
    /// value has weight (the position then keeps its value).
    /// </summary>
    internal static double[]? Weights(int n, int window, int degree, double xs, int left, int right)
    {
        double range = n - 1.0;
        double h = Math.Max(xs - left, right - xs);
        if (window > n)
        {
            h += (window - n) / 2;
        }

        double h9 = 0.999 * h;
        double h1 = 0.001 * h;
        var w = new double[right - left + 1];
        double a = 0;
        for (int j = left; j <= right; j++)
        {
            double r = Math.Abs(j - xs);
            double wj = 0;
            if (r <= h9)
            {
                if (r <= h1)
                {
                    wj = 1;
                }
                else
                {
                    double u = r / h;
                    double c = 1 - (u * u * u);
                    wj = c * c * c;
                }
            }

            w[j - left] = wj;
            a += wj;
        }

        if (a <= 0)
        {
            return null;
        }

        for (int j = 0; j < w.Length; j++)
        {
            w[j] /= a;
        }

        if (h > 0 && degree > 0)
        {
            double mean = 0;
            for (int j = left; j <= right; j++)
            {
                mean += w[j - left] * j;
            }

            double b = xs - mean;
            double c = 0;
            for (int j = left; j <= right; j++)
            {
                double d = j - mean;
                c += w[j - left] * d * d;
            }

            if (Math.Sqrt(c) > 0.001 * range)
            {
                b /= c;
                for (int j = left; j <= right; j++)
                {
                    w[j - left] *= (b * (j - mean)) + 1;
                }
            }
        }

        return w;
    }
}

/// <summary>The evaluated positions of one loess (<see cref="Stl.NewPlan"/>), each with its window's first position and weights.</summary>
internal sealed class LoessPlan(int step, int count)
{
    private readonly int[] _position = new int[count];
    private readonly int[] _left = new int[count];
    private readonly double[]?[] _weights = new double[count][];

    /// <summary>Distance between evaluated positions (interpolated between).</summary>
    public int Step { get; } = step;

    public int Count => _position.Length;

    public int Position(int e) => _position[e];

    public void Set(int e, int position, int left, double[]? weights)
    {
        _position[e] = position;
        _left[e] = left;
        _weights[e] = weights;
    }

    /// <summary>The fit of entry <paramref name="e"/> on <paramref name="y"/>, or <paramref name="fallback"/> when its weights are all zero.</summary>
    public double Apply(int e, ReadOnlySpan<double> y, double fallback)
    {
        double[]? w = _weights[e];
        if (w is null)
        {
            return fallback;
        }

        ReadOnlySpan<double> x = y.Slice(_left[e] - 1, w.Length);
        double sum = 0;
        for (int j = 0; j < w.Length; j++)
        {
            sum += w[j] * x[j];
        }

        return sum;
    }
}

/// <summary>
/// Spans, degrees' jumps and passes of one <see cref="Stl"/> decomposition. <see cref="ForR"/> gives R's defaults for a
/// numeric <c>s.window</c> (non-robust: two inner passes, no robustness iterations).
/// </summary>
internal readonly record struct StlParameters(int Period, int SeasonalWindow, int SeasonalJump, int TrendWindow, int TrendJump, int LowPassWindow, int LowPassJump, int Inner)
{
    /// <summary>
    /// R's <c>stl(x, s.window)</c> defaults: t.window = nextodd(⌈1.5·period / (1 − 1.5/s.window)⌉), l.window =
    /// nextodd(period), each jump ⌈window/10⌉, two inner passes; windows below 3 raised to 3 and even ones made odd as
    /// the Fortran does.
    /// </summary>
    public static StlParameters ForR(int period, int seasonalWindow)
    {
        int ns = Odd(Math.Max(3, seasonalWindow));
        int nt = Odd(Math.Max(3, (int)Math.Ceiling(1.5 * period / (1 - (1.5 / seasonalWindow)))));
        int nl = Odd(Math.Max(3, period));
        return new StlParameters(Math.Max(2, period), ns, Jump(seasonalWindow), nt, Jump(nt), nl, Jump(nl), 2);
    }

    private static int Odd(int x) => x % 2 == 0 ? x + 1 : x;

    private static int Jump(int window) => (int)Math.Ceiling(window / 10.0);
}

/// <summary>Reusable buffers of <see cref="Stl"/> (not thread-safe: one per thread).</summary>
internal sealed class StlScratch
{
    private readonly Dictionary<int, double[]> _kernels = [];
    private readonly Dictionary<(int N, int Window, int Degree, int Jump), LoessPlan> _plans = [];
    private readonly Dictionary<(int N, int Window), LoessPlan> _ends = [];

    public double[] A { get; private set; } = [];

    public double[] B { get; private set; } = [];

    public double[] C { get; private set; } = [];

    public double[] D { get; private set; } = [];

    public double[] Sub { get; private set; } = [];

    public double[] SubSmooth { get; private set; } = [];

    /// <summary>Grows the buffers for n values of period np.</summary>
    public void Ensure(int n, int np)
    {
        int m = n + (2 * np);
        if (A.Length < m)
        {
            A = new double[m];
            B = new double[m];
            C = new double[m];
            D = new double[m];
        }

        if (Sub.Length < (n / 2) + 3)
        {
            Sub = new double[(n / 2) + 3];
            SubSmooth = new double[(n / 2) + 3];
        }
    }

    /// <summary>The loess plan of a series of <paramref name="n"/> (computed on first use).</summary>
    public LoessPlan Plan(int n, int window, int degree, int jump)
    {
        if (!_plans.TryGetValue((n, window, degree, jump), out LoessPlan? plan))
        {
            plan = Stl.NewPlan(n, window, degree, jump, this);
            _plans[(n, window, degree, jump)] = plan;
        }

        return plan;
    }

    /// <summary>
    /// The locally constant fits one position before (entry 0) and after (entry 1) a cycle-subseries of
    /// <paramref name="n"/> values, on its first and last <paramref name="window"/> values.
    /// </summary>
    public LoessPlan Ends(int n, int window)
    {
        if (!_ends.TryGetValue((n, window), out LoessPlan? plan))
        {
            plan = new LoessPlan(1, 2);
            int right = Math.Min(window, n);
            int left = Math.Max(1, n - window + 1);
            plan.Set(0, 0, 1, Stl.Weights(n, window, 0, 0, 1, right));
            plan.Set(1, n + 1, left, Stl.Weights(n, window, 0, n + 1, left, n));
            _ends[(n, window)] = plan;
        }

        return plan;
    }

    /// <summary>
    /// Normalised tricube weights of a symmetric window of <paramref name="window"/> (odd) positions about its centre,
    /// h = (window − 1)/2 (the end positions get weight 0, as in <see cref="Stl.Weights"/>).
    /// </summary>
    public double[] Kernel(int window)
    {
        if (!_kernels.TryGetValue(window, out double[]? k))
        {
            k = new double[window];
            double h = (window - 1) / 2.0;
            double sum = 0;
            for (int j = 0; j < window; j++)
            {
                double r = Math.Abs(j - h);
                double w = 0;
                if (r <= 0.999 * h)
                {
                    double u = r / h;
                    double c = 1 - (u * u * u);
                    w = r <= 0.001 * h ? 1 : c * c * c;
                }

                k[j] = w;
                sum += w;
            }

            for (int j = 0; j < window; j++)
            {
                k[j] /= sum;
            }

            _kernels[window] = k;
        }

        return k;
    }
}
