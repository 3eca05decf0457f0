using Lumen.Topology.Network;

namespace Lumen.Topology.Demo;

/// <summary>
/// The output of <see cref="DemoNetworkGenerator"/>: a filled <see cref="NetworkBuilder"/> and a summary of what it holds.
/// </summary>
/// <remarks>
/// Not thread-safe (the builder is not). <see cref="Build"/> may be called more than once; each call validates and
/// freezes a new <see cref="Network.Network"/>.
/// </remarks>
public sealed class DemoNetwork
{
    internal DemoNetwork(
        NetworkBuilder builder,
        DemoRandom random,
        int seed,
        int targetNodeCount,
        int substationCount,
        int feederCount,
        int urbanFeederCount,
        int tieCount,
        int transformerCount)
    {
        Builder = builder;
        Random = random;
        Seed = seed;
        TargetNodeCount = targetNodeCount;
        SubstationCount = substationCount;
        FeederCount = feederCount;
        UrbanFeederCount = urbanFeederCount;
        TieCount = tieCount;
        TransformerCount = transformerCount;
    }

    /// <summary>The builder holding every bus, branch, device and load point, in generation order.</summary>
    public NetworkBuilder Builder { get; }

    /// <summary>
    /// The generation's random stream where the generator left it: the steps that complete the demo outside Topology
    /// (the voltage area's tap setting) continue it, so the same seed still gives the same files.
    /// </summary>
    internal DemoRandom Random { get; }

    /// <summary>The seed it was generated from.</summary>
    public int Seed { get; }

    /// <summary>The requested number of buses.</summary>
    public int TargetNodeCount { get; }

    /// <summary>The number of buses generated (sources, 10 kV and 0.4 kV buses).</summary>
    public int NodeCount => Builder.BusCount;

    /// <summary>Number of 110/10 kV substations (one source bus each).</summary>
    public int SubstationCount { get; }

    /// <summary>Number of 10 kV feeders.</summary>
    public int FeederCount { get; }

    /// <summary>Number of feeders built as urban (mostly cable) feeders; the rest are rural (mostly overhead).</summary>
    public int UrbanFeederCount { get; }

    /// <summary>Number of normally-open tie switches between feeders.</summary>
    public int TieCount { get; }

    /// <summary>Number of 10/0.4 kV distribution transformers (each with one load point).</summary>
    public int TransformerCount { get; }

    /// <summary>Validates and freezes the network. A generated network always builds without errors.</summary>
    /// <remarks>O(N + E + D + L); see <see cref="NetworkBuilder.Build"/>.</remarks>
    public BuildResult Build() => Builder.Build();
}
