namespace Lumen.Topology.Demo;

/// <summary>Preset sizes of a generated demo network (see <see cref="DemoNetworkGenerator.TargetNodeCount"/>).</summary>
public enum DemoScale
{
    /// <summary>About 1,000 buses: one 110/10 kV substation with its feeders. Fast enough for unit tests.</summary>
    Small = 0,

    /// <summary>About 50,000 buses: a county utility with a few dozen substations.</summary>
    County = 1,

    /// <summary>About 1,000,000 buses: a province-sized model for benchmarks.</summary>
    Province = 2,
}
