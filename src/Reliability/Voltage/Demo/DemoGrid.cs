using Lumen.Topology.Demo;

namespace Lumen.Reliability.Voltage.Demo;

/// <summary>
/// The demo network as every front end uses it: Topology's generated network (<see cref="DemoNetworkGenerator"/>),
/// then the distribution transformers' off-load taps chosen from two of its power flows (<see cref="DemoTaps"/>), the
/// step that needs the voltage area's solver. The taps continue the generator's random stream, so a seed gives the same
/// network, and the same files, as when the generator set them itself.
/// </summary>
public static class DemoGrid
{
    /// <summary>Generates a network of a preset scale with its taps set.</summary>
    /// <param name="scale">The size preset.</param>
    /// <param name="seed">Any integer; the same seed gives the same network.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not a defined value.</exception>
    /// <remarks>O(N) and two power flows. Thread-safe: each call has its own state.</remarks>
    public static DemoNetwork Generate(DemoScale scale, int seed) => Generate(DemoNetworkGenerator.TargetNodeCount(scale), seed);

    /// <summary>Generates a network of about <paramref name="targetNodeCount"/> buses with its taps set.</summary>
    /// <param name="targetNodeCount">Number of buses wanted (<see cref="DemoNetworkGenerator.Generate(int, int)"/>).</param>
    /// <param name="seed">Any integer; the same seed and count give the same network.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetNodeCount"/> is out of the generator's range.</exception>
    /// <remarks>O(N) and two power flows. Thread-safe: each call has its own state.</remarks>
    public static DemoNetwork Generate(int targetNodeCount, int seed)
    {
        DemoNetwork demo = DemoNetworkGenerator.Generate(targetNodeCount, seed);
        DemoTaps.Set(demo.Builder, demo.Random);
        return demo;
    }
}
