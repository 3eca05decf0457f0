using System.Diagnostics;

namespace Lumen.Topology.Demo;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small, fast PRNG whose sequence depends only on the seed, so generated
/// networks are identical across runs and .NET versions (unlike <see cref="Random"/>, whose algorithm is not a contract).
/// </summary>
/// <remarks>Not thread-safe: one instance per generation.</remarks>
internal sealed class DemoRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public DemoRandom(int seed)
    {
        // SplitMix64 expands the 32-bit seed to 256 bits of state; it never yields the all-zero state xoshiro forbids.
        ulong x = unchecked((ulong)(long)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform integer in [minInclusive, maxInclusive]; the multiply-shift bias (below 2^-32) does not matter here.</summary>
    public int Next(int minInclusive, int maxInclusive)
    {
        Debug.Assert(maxInclusive >= minInclusive);
        ulong span = (ulong)((long)maxInclusive - minInclusive + 1);
        return (int)(minInclusive + (long)(((NextUInt64() >> 32) * span) >> 32));
    }

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public bool Chance(double probability) => NextDouble() < probability;

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
