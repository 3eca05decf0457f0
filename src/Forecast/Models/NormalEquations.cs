using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lumen.Forecast.Models;

/// <summary>
/// Weighted least squares by normal equations: accumulates <c>XᵀWX</c> and <c>XᵀWy</c> row by row (dense rows with SIMD,
/// or sparse rows), then solves with a Cholesky factorisation and a small ridge that makes empty columns (a holiday dummy
/// with no holiday in the window) come out as zero instead of failing.
/// </summary>
/// <remarks>
/// One instance belongs to one worker and is reused across fits (<see cref="Reset"/>): no allocation per fit.
/// Columns should be scaled to similar magnitudes (the callers scale temperatures by 1/10 and loads by a level).
/// </remarks>
internal sealed class NormalEquations
{
    private readonly double[] _gram;   // k×k row-major, full (both triangles) so that dense updates vectorise
    private readonly double[] _rhs;    // k
    private readonly double[] _chol;   // k×k lower factor after Solve
    private double _yy;                // Σ w y²
    private double _wSum;              // Σ w
    private int _rows;
    private bool _upperOnly;           // dense rows fill only the upper triangle

    public NormalEquations(int columns)
    {
        Columns = columns;
        _gram = new double[columns * columns];
        _rhs = new double[columns];
        _chol = new double[columns * columns];
    }

    public int Columns { get; }

    public int Rows => _rows;

    public double WeightSum => _wSum;

    public void Reset()
    {
        Array.Clear(_gram);
        Array.Clear(_rhs);
        _yy = 0;
        _wSum = 0;
        _rows = 0;
        _upperOnly = false;
    }

    /// <summary>Makes this system a copy of <paramref name="other"/> (same number of columns).</summary>
    public void CopyFrom(NormalEquations other)
    {
        Debug.Assert(other.Columns == Columns);
        Array.Copy(other._gram, _gram, _gram.Length);
        Array.Copy(other._rhs, _rhs, _rhs.Length);
        _yy = other._yy;
        _wSum = other._wSum;
        _rows = other._rows;
        _upperOnly = other._upperOnly;
    }

    /// <summary>Removes a dense row added before with the same weight (a downdate of the sums).</summary>
    public void Remove(ReadOnlySpan<double> x, double y, double w)
    {
        Add(x, y, -w);
        _rows -= 2;
    }

    /// <summary>Adds one dense row with weight <paramref name="w"/> (upper triangle only; <see cref="Solve(Span{double}, double)"/> mirrors it).</summary>
    public void Add(ReadOnlySpan<double> x, double y, double w)
    {
        Debug.Assert(x.Length == Columns);
        int k = Columns;
        ref double g0 = ref MemoryMarshal.GetArrayDataReference(_gram);
        ref double x0 = ref MemoryMarshal.GetReference(x);
        int vn = Vector<double>.Count;
        for (int i = 0; i < k; i++)
        {
            double a = w * Unsafe.Add(ref x0, i);
            if (a == 0)
            {
                continue;
            }

            _rhs[i] += a * y;
            ref double gi = ref Unsafe.Add(ref g0, (i * k) + i);
            ref double xi = ref Unsafe.Add(ref x0, i);
            int len = k - i;
            int j = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var va = new Vector<double>(a);
                for (; j <= len - vn; j += vn)
                {
                    var vx = Vector.LoadUnsafe(ref xi, (nuint)j);
                    var vg = Vector.LoadUnsafe(ref gi, (nuint)j);
                    (vg + (va * vx)).StoreUnsafe(ref gi, (nuint)j);
                }
            }

            for (; j < len; j++)
            {
                Unsafe.Add(ref gi, j) += a * Unsafe.Add(ref xi, j);
            }
        }

        _yy += w * y * y;
        _wSum += w;
        _rows++;
        _upperOnly = true;
    }

    /// <summary>Adds one sparse row (column indices and values) with weight <paramref name="w"/>.</summary>
    public void AddSparse(ReadOnlySpan<int> cols, ReadOnlySpan<double> vals, double y, double w)
    {
        int k = Columns;
        for (int a = 0; a < cols.Length; a++)
        {
            double wa = w * vals[a];
            int ia = cols[a];
            _rhs[ia] += wa * y;
            int rowOff = ia * k;
            for (int b = 0; b < cols.Length; b++)
            {
                _gram[rowOff + cols[b]] += wa * vals[b];
            }
        }

        _yy += w * y * y;
        _wSum += w;
        _rows++;
    }

    /// <summary>
    /// Solves <c>(XᵀWX + λD)β = XᵀWy</c> with <c>D</c> the Gram diagonal (and 1 for empty columns), <c>λ</c> = <paramref name="ridge"/>.
    /// Returns false when the factorisation fails even with the ridge.
    /// </summary>
    public bool Solve(Span<double> beta, double ridge) => Solve(beta, ridge, ReadOnlySpan<int>.Empty);

    /// <summary>
    /// Solves the normal equations restricted to the columns <paramref name="columns"/> (ascending; empty = all), i.e. the
    /// least-squares fit of the sub-model that drops the other columns, from the same accumulated sums; the dropped
    /// coefficients are set to zero. Leaves the factor of the sub-system for <see cref="Leverage"/> only when all columns
    /// are used.
    /// </summary>
    public bool Solve(Span<double> beta, double ridge, ReadOnlySpan<int> columns)
    {
        int k = Columns;
        double[] c = _chol;
        double[] g = _gram;

        // The upper triangle is always current (dense rows fill only it, sparse rows fill both), so the lower factor is
        // seeded from it directly: no mirroring per solve (a calibration fit solves 27 times per period).
        bool all = columns.IsEmpty;
        int m = all ? k : columns.Length;
        double maxDiag = 0;
        if (all)
        {
            for (int a = 0; a < m; a++)
            {
                for (int b = 0; b <= a; b++)
                {
                    c[(a * k) + b] = g[(b * k) + a];
                }

                maxDiag = Math.Max(maxDiag, c[(a * k) + a]);
            }
        }
        else
        {
            for (int a = 0; a < m; a++)
            {
                int ia = columns[a];
                for (int b = 0; b <= a; b++)
                {
                    c[(a * k) + b] = g[(columns[b] * k) + ia];
                }

                maxDiag = Math.Max(maxDiag, c[(a * k) + a]);
            }
        }

        if (!(maxDiag > 0))
        {
            return false;
        }

        for (int i = 0; i < m; i++)
        {
            double d = c[(i * k) + i];
            c[(i * k) + i] = d + (ridge * Math.Max(d, 1e-12 * maxDiag)) + (1e-14 * maxDiag);
        }

        // In-place Cholesky, lower triangle of the leading m×m block (row stride k).
        ref double c0 = ref MemoryMarshal.GetArrayDataReference(c);
        for (int j = 0; j < m; j++)
        {
            ref double rj = ref Unsafe.Add(ref c0, j * k);
            double s = Unsafe.Add(ref rj, j) - Dot(ref rj, ref rj, j);
            if (!(s > 0))
            {
                return false;
            }

            double ljj = Math.Sqrt(s);
            Unsafe.Add(ref rj, j) = ljj;
            for (int i = j + 1; i < m; i++)
            {
                ref double ri = ref Unsafe.Add(ref c0, i * k);
                double t = Unsafe.Add(ref ri, j) - Dot(ref ri, ref rj, j);
                Unsafe.Add(ref ri, j) = t / ljj;
            }
        }

        Span<double> v = beta[..m];
        for (int a = 0; a < m; a++)
        {
            v[a] = _rhs[all ? a : columns[a]];
        }

        ForwardSolve(v, m);
        BackSolve(v, m);
        for (int i = 0; i < m; i++)
        {
            if (!double.IsFinite(v[i]))
            {
                return false;
            }
        }

        if (!all)
        {
            // Scatter back to full positions, from the end so that nothing is overwritten before it is read.
            for (int a = m - 1; a >= 0; a--)
            {
                double val = v[a];
                v[a] = 0;
                beta[columns[a]] = val;
            }

            for (int i = 0; i < k; i++)
            {
                if (columns.IndexOf(i) < 0)
                {
                    beta[i] = 0;
                }
            }
        }

        return true;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Debug.Assert(b.Length >= a.Length);
        return Dot(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    /// <summary>Σ a[j]·b[j] over n entries: SIMD lanes then the scalar tail (the same order as the span version it replaced).</summary>
    private static double Dot(ref double a, ref double b, int n)
    {
        int j = 0;
        double s = 0;
        int vn = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated && n >= vn)
        {
            var acc = Vector<double>.Zero;
            for (; j <= n - vn; j += vn)
            {
                acc += Vector.LoadUnsafe(ref a, (nuint)j) * Vector.LoadUnsafe(ref b, (nuint)j);
            }

            s = Vector.Sum(acc);
        }

        for (; j < n; j++)
        {
            s += Unsafe.Add(ref a, j) * Unsafe.Add(ref b, j);
        }

        return s;
    }

    /// <summary>Weighted residual sum of squares of <paramref name="beta"/> (exact from the accumulated sums).</summary>
    public double ResidualSumOfSquares(ReadOnlySpan<double> beta)
    {
        int k = Columns;
        if (_upperOnly)
        {
            MirrorUpper();
        }

        double bXy = 0;
        double bGb = 0;
        for (int i = 0; i < k; i++)
        {
            bXy += beta[i] * _rhs[i];
            double gi = 0;
            for (int j = 0; j < k; j++)
            {
                gi += _gram[(i * k) + j] * beta[j];
            }

            bGb += beta[i] * gi;
        }

        return Math.Max(0, _yy - (2 * bXy) + bGb);
    }

    /// <summary><c>xᵀ(XᵀWX)⁻¹x</c> using the factor from the last <see cref="Solve(Span{double}, double)"/>; <paramref name="scratch"/> has k entries.</summary>
    public double Leverage(ReadOnlySpan<double> x, Span<double> scratch)
    {
        x.CopyTo(scratch);
        ForwardSolve(scratch, Columns);
        double s = 0;
        for (int i = 0; i < Columns; i++)
        {
            s += scratch[i] * scratch[i];
        }

        return s;
    }

    private void MirrorUpper()
    {
        int k = Columns;
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < i; j++)
            {
                _gram[(i * k) + j] = _gram[(j * k) + i];
            }
        }

        _upperOnly = false;
    }

    private void ForwardSolve(Span<double> v, int n)
    {
        int k = Columns;
        double[] c = _chol;
        for (int i = 0; i < n; i++)
        {
            double t = v[i];
            for (int m = 0; m < i; m++)
            {
                t -= c[(i * k) + m] * v[m];
            }

            v[i] = t / c[(i * k) + i];
        }
    }

    private void BackSolve(Span<double> v, int n)
    {
        int k = Columns;
        double[] c = _chol;
        for (int i = n - 1; i >= 0; i--)
        {
            double t = v[i];
            for (int m = i + 1; m < n; m++)
            {
                t -= c[(m * k) + i] * v[m];
            }

            v[i] = t / c[(i * k) + i];
        }
    }
}
