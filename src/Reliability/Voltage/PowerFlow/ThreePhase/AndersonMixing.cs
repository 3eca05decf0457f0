using System.Numerics;
using System.Runtime.InteropServices;

namespace Lumen.Reliability.Voltage.PowerFlow.ThreePhase;

/// <summary>
/// Anderson acceleration (type II; Walker and Ni, SIAM J. Numer. Anal. 49, 2011) of the fixed-point iteration
/// x ← G(x) over the conductor voltages: the next iterate is G(x) − Σ γᵢ ΔGᵢ, with the real γ that minimise the
/// weighted norm of f − Σ γᵢ ΔFᵢ over the last few differences of G and of the residual f = G(x) − x.
/// </summary>
/// <remarks>
/// The loads' currents are not complex-analytic in the voltage (they depend on its conjugate), so the coefficients are
/// real and the inner product is the real one over the real and imaginary parts, weighted per bus by 1/base so that a
/// 115 kV bus and a 120 V leg count alike (per unit): the residual differences are stored already scaled. The history
/// is a ring of <c>depth</c> columns in flat arrays allocated once; each call makes three SIMD passes over the voltages
/// and solves a depth × depth system. A history that has become singular is dropped rather than regularised away.
/// </remarks>
internal sealed class AndersonMixing
{
    private readonly int _depth;
    private readonly int _length;
    private readonly double[] _scale;
    private readonly double[][] _dF;
    private readonly double[][] _dG;
    private readonly double[] _lastF;
    private readonly double[] _lastG;
    private readonly double[] _gram;
    private readonly double[] _factor;
    private readonly double[] _gamma;
    private int _columns;
    private int _next;
    private bool _hasLast;

    /// <summary>A mixer for one <see cref="Vec3"/> per bus, weighted by <paramref name="inverseBase2"/> (1/base² per bus), keeping <paramref name="depth"/> differences.</summary>
    public AndersonMixing(double[] inverseBase2, int depth)
    {
        _depth = depth;
        _length = inverseBase2.Length * 6;
        _scale = new double[_length];
        for (int p = 0; p < inverseBase2.Length; p++)
        {
            _scale.AsSpan(p * 6, 6).Fill(Math.Sqrt(inverseBase2[p]));
        }

        _dF = new double[depth][];
        _dG = new double[depth][];
        for (int i = 0; i < depth; i++)
        {
            _dF[i] = new double[_length];
            _dG[i] = new double[_length];
        }

        _lastF = new double[_length];
        _lastG = new double[_length];
        _gram = new double[depth * depth];
        _factor = new double[depth * depth];
        _gamma = new double[depth];
    }

    /// <summary>Forgets the history (the map G changed: new factors or taps).</summary>
    public void Reset()
    {
        _columns = 0;
        _next = 0;
        _hasLast = false;
    }

    /// <summary>
    /// Takes G(x) in <paramref name="g"/> and f = G(x) − x in <paramref name="f"/> (one <see cref="Vec3"/> per bus, as
    /// many as the weights) and overwrites <paramref name="g"/> with the accelerated next iterate.
    /// </summary>
    public void Mix(Vec3[] g, Vec3[] f)
    {
        Span<double> gs = MemoryMarshal.Cast<Vec3, double>(g.AsSpan())[.._length];
        ReadOnlySpan<double> fs = MemoryMarshal.Cast<Vec3, double>(f.AsSpan())[.._length];
        if (!_hasLast)
        {
            Multiply(fs, _scale, _lastF);
            gs.CopyTo(_lastG);
            _hasLast = true;
            return;
        }

        int d = _depth;
        int j = _next;
        int filled = Math.Min(_columns + 1, d);
        Differences(fs, gs, _dF[j], _dG[j]);
        Span<double> projection = stackalloc double[d];
        for (int i = 0; i < filled; i++)
        {
            (projection[i], double cross) = Dots(_dF[i], _lastF, _dF[j]);
            _gram[(i * d) + j] = cross;
            _gram[(j * d) + i] = cross;
        }

        _columns = filled;
        _next = (j + 1) % d;
        if (!SolveGram(filled, projection))
        {
            // The differences have become linearly dependent (or vanished): start the history again from here.
            _columns = 0;
            _next = 0;
            return;
        }

        Update(gs, filled);
    }

    private static void Multiply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> into)
    {
        int k = 0;
        for (; k <= x.Length - Vector<double>.Count; k += Vector<double>.Count)
        {
            (new Vector<double>(x[k..]) * new Vector<double>(y[k..])).CopyTo(into[k..]);
        }

        for (; k < x.Length; k++)
        {
            into[k] = x[k] * y[k];
        }
    }

    /// <summary>ΔF = scale·f − last F and ΔG = g − last G into the new column; the last F and G become this step's.</summary>
    private void Differences(ReadOnlySpan<double> f, ReadOnlySpan<double> g, Span<double> dF, Span<double> dG)
    {
        Span<double> lastF = _lastF;
        Span<double> lastG = _lastG;
        ReadOnlySpan<double> scale = _scale;
        int k = 0;
        for (; k <= f.Length - Vector<double>.Count; k += Vector<double>.Count)
        {
            var fk = new Vector<double>(f[k..]) * new Vector<double>(scale[k..]);
            var gk = new Vector<double>(g[k..]);
            (fk - new Vector<double>(lastF[k..])).CopyTo(dF[k..]);
            (gk - new Vector<double>(lastG[k..])).CopyTo(dG[k..]);
            fk.CopyTo(lastF[k..]);
            gk.CopyTo(lastG[k..]);
        }

        for (; k < f.Length; k++)
        {
            double fk = f[k] * scale[k];
            dF[k] = fk - lastF[k];
            dG[k] = g[k] - lastG[k];
            lastF[k] = fk;
            lastG[k] = g[k];
        }
    }

    /// <summary>(column · f, column · newest column) in one pass.</summary>
    private static (double Projection, double Cross) Dots(ReadOnlySpan<double> column, ReadOnlySpan<double> f, ReadOnlySpan<double> newest)
    {
        Vector<double> projection = Vector<double>.Zero;
        Vector<double> cross = Vector<double>.Zero;
        int k = 0;
        for (; k <= column.Length - Vector<double>.Count; k += Vector<double>.Count)
        {
            var c = new Vector<double>(column[k..]);
            projection += c * new Vector<double>(f[k..]);
            cross += c * new Vector<double>(newest[k..]);
        }

        double p = Vector.Sum(projection);
        double x = Vector.Sum(cross);
        for (; k < column.Length; k++)
        {
            p += column[k] * f[k];
            x += column[k] * newest[k];
        }

        return (p, x);
    }

    /// <summary>g −= Σ γᵢ ΔGᵢ over the filled columns, in one pass.</summary>
    private void Update(Span<double> g, int filled)
    {
        int k = 0;
        for (; k <= g.Length - Vector<double>.Count; k += Vector<double>.Count)
        {
            var x = new Vector<double>(g[k..]);
            for (int i = 0; i < filled; i++)
            {
                x -= _gamma[i] * new Vector<double>(_dG[i].AsSpan(k));
            }

            x.CopyTo(g[k..]);
        }

        for (; k < g.Length; k++)
        {
            for (int i = 0; i < filled; i++)
            {
                g[k] -= _gamma[i] * _dG[i][k];
            }
        }
    }

    /// <summary>Cholesky solve of the filled × filled Gram system into <see cref="_gamma"/>; false when it is not safely positive definite.</summary>
    private bool SolveGram(int n, ReadOnlySpan<double> projection)
    {
        int d = _depth;
        double largest = 0;
        for (int i = 0; i < n; i++)
        {
            largest = Math.Max(largest, _gram[(i * d) + i]);
        }

        if (!(largest > 0) || !double.IsFinite(largest))
        {
            return false;
        }

        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k <= i; k++)
            {
                double sum = _gram[(i * d) + k];
                for (int m = 0; m < k; m++)
                {
                    sum -= _factor[(i * d) + m] * _factor[(k * d) + m];
                }

                if (i == k)
                {
                    // A pivot this small against the largest column means the newest difference adds nothing.
                    if (!(sum > 1e-12 * largest))
                    {
                        return false;
                    }

                    _factor[(i * d) + i] = Math.Sqrt(sum);
                }
                else
                {
                    _factor[(i * d) + k] = sum / _factor[(k * d) + k];
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            double sum = projection[i];
            for (int m = 0; m < i; m++)
            {
                sum -= _factor[(i * d) + m] * _gamma[m];
            }

            _gamma[i] = sum / _factor[(i * d) + i];
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double sum = _gamma[i];
            for (int m = i + 1; m < n; m++)
            {
                sum -= _factor[(m * d) + i] * _gamma[m];
            }

            _gamma[i] = sum / _factor[(i * d) + i];
        }

        return true;
    }
}
