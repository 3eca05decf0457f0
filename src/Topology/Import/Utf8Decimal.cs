namespace Lumen.Topology.Import;

/// <summary>
/// The common form of a number in a CSV cell, <c>[+-]digits[.digits]</c>, parsed from UTF-8 without the general number
/// parser: exactly the value <see cref="double.Parse(string, System.IFormatProvider)"/> gives, or false for any other
/// form, which the caller parses in full.
/// </summary>
/// <remarks>
/// A mantissa of at most 2^53 and a power of ten of at most 22 are both exact doubles, so one division rounds the
/// decimal's value correctly (Clinger's fast path, the same one the runtime's parser takes first).
/// </remarks>
internal static class Utf8Decimal
{
    private static readonly double[] s_powersOf10 =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>The value of <paramref name="text"/> when it is a decimal of the common form that parses exactly here.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (!text.IsEmpty && text[0] is (byte)'-' or (byte)'+')
        {
            negative = text[0] == '-';
            i = 1;
        }

        ulong mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit <= 9)
            {
                // 19 digits fit a ulong; longer ones are rare enough for the full parser.
                if (++digits > 19)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + digit;
            }
            else if (text[i] == '.' && fraction < 0)
            {
                fraction = digits;
            }
            else
            {
                return false;
            }
        }

        int scale = fraction < 0 ? 0 : digits - fraction;
        if (digits == 0 || mantissa > (1UL << 53) || scale >= s_powersOf10.Length)
        {
            return false;
        }

        double magnitude = (double)mantissa / s_powersOf10[scale];
        value = negative ? -magnitude : magnitude;
        return true;
    }
}
