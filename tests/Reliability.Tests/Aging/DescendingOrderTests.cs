using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Reliability.Aging;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

public sealed class DescendingOrderTests
{
    // Brute force: a comparison sort by (value descending with NaN last and −0 = +0, then original position).
    private static int[] Oracle(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            double x = values[a], y = values[b];
            int c = double.IsNaN(x) ? (double.IsNaN(y) ? 0 : 1) : double.IsNaN(y) ? -1 : y.CompareTo(x);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }

    private static int[] Radix(double[] values)
    {
        var keys = values.Select(DescendingOrder.Key).ToArray();
        var items = Enumerable.Range(0, values.Length).ToArray();
        DescendingOrder.Sort(keys, items);
        return items;
    }

    [Property(MaxTest = 300)]
    public Property Sort_RandomKeysWithTiesNaNAndSignedZero_MatchesComparisonSort(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        double[] pool = [double.NaN, 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, 1, -1, 1e300, -1e-300];
        int n = rng.Next(0, 3000);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = rng.Next(5) switch
            {
                3 => 1 + (rng.Next(40) * 1e-15), // same high 32 bits, distinct low bits: long runs finished by the full key
                0 => pool[rng.Next(pool.Length)],
                1 => Math.Round(rng.NextDouble() * 10),
                2 => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-300, 300)),
                _ => BitConverter.Int64BitsToDouble(rng.NextInt64()),
            };
        }

        return Radix(values).SequenceEqual(Oracle(values)).ToProperty();
    }

    [Fact]
    public void Sort_AllEqualAndEmpty_KeepOrder()
    {
        Assert.Equal([0, 1, 2, 3], Radix([2.5, 2.5, 2.5, 2.5]));
        Assert.Empty(Radix([]));
        Assert.Equal([1, 2, 0], Radix([double.NaN, 0.0, -0.0]));
    }
}
