using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lumen.Reliability.Voltage.PowerFlow.ThreePhase;

/// <summary>A complex 3-vector: one value per phase conductor (a, b, c) of a bus.</summary>
/// <remarks>
/// Mutable value type kept in arrays; 48 bytes, laid out a, b, c so that an array of them reads as one array of
/// conductors (bus × 3 + phase).
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct Vec3
{
    public Complex A;
    public Complex B;
    public Complex C;

    public Complex this[int i]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        readonly get => Unsafe.Add(ref Unsafe.AsRef(in A), i);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => Unsafe.Add(ref A, i) = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec3 operator -(in Vec3 x, in Vec3 y) => new() { A = x.A - y.A, B = x.B - y.B, C = x.C - y.C };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec3 operator +(in Vec3 x, in Vec3 y) => new() { A = x.A + y.A, B = x.B + y.B, C = x.C + y.C };
}

/// <summary>A complex 3×3 matrix (row-major): the coupling of the three phase conductors of one bus to those of another.</summary>
/// <remarks>
/// Mutable value type kept in arrays indexed by bus (one array per kind of block), so the solver walks each quantity
/// sequentially. Absent conductors have zero rows and columns; <see cref="Invert"/> treats them as decoupled.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct Block3
{
    public Complex M00;
    public Complex M01;
    public Complex M02;
    public Complex M10;
    public Complex M11;
    public Complex M12;
    public Complex M20;
    public Complex M21;
    public Complex M22;

    /// <summary>Element (r, c); the fields are laid out row-major, so this is one indexed load.</summary>
    public Complex this[int r, int c]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        readonly get => Unsafe.Add(ref Unsafe.AsRef(in M00), (r * 3) + c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => Unsafe.Add(ref M00, (r * 3) + c) = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Vec3 Times(in Vec3 v) => new()
    {
        A = (M00 * v.A) + (M01 * v.B) + (M02 * v.C),
        B = (M10 * v.A) + (M11 * v.B) + (M12 * v.C),
        C = (M20 * v.A) + (M21 * v.B) + (M22 * v.C),
    };

    public readonly Block3 Times(in Block3 o) => new()
    {
        M00 = (M00 * o.M00) + (M01 * o.M10) + (M02 * o.M20),
        M01 = (M00 * o.M01) + (M01 * o.M11) + (M02 * o.M21),
        M02 = (M00 * o.M02) + (M01 * o.M12) + (M02 * o.M22),
        M10 = (M10 * o.M00) + (M11 * o.M10) + (M12 * o.M20),
        M11 = (M10 * o.M01) + (M11 * o.M11) + (M12 * o.M21),
        M12 = (M10 * o.M02) + (M11 * o.M12) + (M12 * o.M22),
        M20 = (M20 * o.M00) + (M21 * o.M10) + (M22 * o.M20),
        M21 = (M20 * o.M01) + (M21 * o.M11) + (M22 * o.M21),
        M22 = (M20 * o.M02) + (M21 * o.M12) + (M22 * o.M22),
    };

    public void Add(in Block3 o)
    {
        M00 += o.M00;
        M01 += o.M01;
        M02 += o.M02;
        M10 += o.M10;
        M11 += o.M11;
        M12 += o.M12;
        M20 += o.M20;
        M21 += o.M21;
        M22 += o.M22;
    }

    public void Subtract(in Block3 o)
    {
        M00 -= o.M00;
        M01 -= o.M01;
        M02 -= o.M02;
        M10 -= o.M10;
        M11 -= o.M11;
        M12 -= o.M12;
        M20 -= o.M20;
        M21 -= o.M21;
        M22 -= o.M22;
    }

    /// <summary>
    /// The inverse, with every conductor whose row and column are all zero (absent phase) given a unit diagonal first,
    /// so it comes out decoupled with a zero voltage. False when the matrix is singular on the present conductors.
    /// </summary>
    public readonly bool Invert(out Block3 inverse)
    {
        Block3 m = this;
        if (m.M00 == Complex.Zero && m.M01 == Complex.Zero && m.M02 == Complex.Zero && m.M10 == Complex.Zero && m.M20 == Complex.Zero)
        {
            m.M00 = Complex.One;
        }

        if (m.M11 == Complex.Zero && m.M10 == Complex.Zero && m.M12 == Complex.Zero && m.M01 == Complex.Zero && m.M21 == Complex.Zero)
        {
            m.M11 = Complex.One;
        }

        if (m.M22 == Complex.Zero && m.M20 == Complex.Zero && m.M21 == Complex.Zero && m.M02 == Complex.Zero && m.M12 == Complex.Zero)
        {
            m.M22 = Complex.One;
        }

        Complex c00 = (m.M11 * m.M22) - (m.M12 * m.M21);
        Complex c01 = (m.M12 * m.M20) - (m.M10 * m.M22);
        Complex c02 = (m.M10 * m.M21) - (m.M11 * m.M20);
        Complex det = (m.M00 * c00) + (m.M01 * c01) + (m.M02 * c02);
        // Sizes by |re| + |im| (within √2 of the modulus, without Hypot): only a threshold for singularity.
        double scale = Math.Max(Math.Max(Size(m.M00), Size(m.M11)), Size(m.M22));
        if (det == Complex.Zero || !(Size(det) > 1e-300 * scale * scale * scale) || !double.IsFinite(det.Real) || !double.IsFinite(det.Imaginary))
        {
            inverse = default;
            return false;
        }

        Complex inv = Complex.One / det;
        inverse = new Block3
        {
            M00 = c00 * inv,
            M01 = ((m.M02 * m.M21) - (m.M01 * m.M22)) * inv,
            M02 = ((m.M01 * m.M12) - (m.M02 * m.M11)) * inv,
            M10 = c01 * inv,
            M11 = ((m.M00 * m.M22) - (m.M02 * m.M20)) * inv,
            M12 = ((m.M02 * m.M10) - (m.M00 * m.M12)) * inv,
            M20 = c02 * inv,
            M21 = ((m.M01 * m.M20) - (m.M00 * m.M21)) * inv,
            M22 = ((m.M00 * m.M11) - (m.M01 * m.M10)) * inv,
        };
        return true;
    }

    private static double Size(Complex z) => Math.Abs(z.Real) + Math.Abs(z.Imaginary);
}
