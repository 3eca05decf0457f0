using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Topology.Import;
using Xunit;

namespace Lumen.Topology.Tests.Import;

/// <summary>
/// <see cref="Utf8Decimal"/> parses the common decimal form itself: whatever it accepts must be bit for bit what
/// <see cref="double.Parse(string, NumberStyles, System.IFormatProvider)"/> gives for the same text (the oracle), and it
/// must accept the forms the network writer produces when their mantissa is short enough.
/// </summary>
public sealed class Utf8DecimalTests
{
    private static readonly string[] s_formats = ["R", "G15", "G17", "F0", "F1", "F3", "F6", "F10", "F17", "F22", "E3"];

    [Property(MaxTest = 500)]
    public Property Accepted_IsWhatTheRuntimeParserGives(int seed, NonNull<string> noise)
    {
        var random = new Random(seed);
        for (int k = 0; k < 40; k++)
        {
            string text = random.Next(4) switch
            {
                0 => RandomDouble(random).ToString(s_formats[random.Next(s_formats.Length)], CultureInfo.InvariantCulture),
                1 => Digits(random),
                2 => noise.Get,
                _ => (random.Next(2) == 0 ? "-" : "+") + Digits(random),
            };
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            if (Utf8Decimal.TryParse(utf8, out double fast))
            {
                double expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(fast), $"'{text}': {fast:R} instead of {expected:R}");
            }
        }

        return true.ToProperty();
    }

    [Theory]
    [InlineData("0.28", true)]
    [InlineData("19.57343304242392", true)]
    [InlineData("-0", true)]
    [InlineData(".5", true)]
    [InlineData("5.", true)]
    [InlineData("9007199254740992", true)]
    [InlineData("9007199254740993", false)]
    [InlineData("5.3988057042575335", false)]
    [InlineData("1e5", false)]
    [InlineData("1.2.3", false)]
    [InlineData(".", false)]
    [InlineData("-", false)]
    [InlineData("", false)]
    [InlineData(" 1", false)]
    [InlineData("0.0000000000000000000000001", false)]
    public void Accepts_TheCommonFormOnly(string text, bool accepted)
    {
        Assert.Equal(accepted, Utf8Decimal.TryParse(Encoding.UTF8.GetBytes(text), out double value));
        if (accepted)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
        }
    }

    private static double RandomDouble(Random random) => random.Next(3) switch
    {
        0 => random.NextDouble(),
        1 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 16)),
        _ => BitConverter.Int64BitsToDouble(random.NextInt64()),
    };

    // Up to 24 digits with a decimal point anywhere (or none).
    private static string Digits(Random random)
    {
        var text = new StringBuilder();
        int count = 1 + random.Next(24);
        int point = random.Next(-1, count + 1);
        for (int i = 0; i < count; i++)
        {
            if (i == point)
            {
                text.Append('.');
            }

            text.Append((char)('0' + random.Next(10)));
        }

        return text.ToString();
    }
}
