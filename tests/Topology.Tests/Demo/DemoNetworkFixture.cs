using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tests.Demo;

/// <summary>One county-scale demo network, generated and built once for all tests of a class.</summary>
public sealed class DemoNetworkFixture
{
    /// <summary>The seed used.</summary>
    public const int Seed = 20_250_601;

    public DemoNetworkFixture()
    {
        Demo = DemoNetworkGenerator.Generate(DemoScale.County, Seed);
        Result = Demo.Build();
        Network = Result.Network ?? throw new InvalidOperationException(string.Join(Environment.NewLine, Result.Diagnostics));
    }

    public DemoNetwork Demo { get; }

    public BuildResult Result { get; }

    public Net Network { get; }
}
