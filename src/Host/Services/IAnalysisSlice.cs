using Lumen.Host.Storage.DuckDb;
using Lumen.Topology.Demo;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Host.Services;

/// <summary>What a slice needs to seed its demo data on first start.</summary>
/// <param name="Network">The demo network just stored.</param>
/// <param name="Version">Its stored version.</param>
/// <param name="Folder">The demo's data folder (the slice writes its files under it, then imports them).</param>
/// <param name="Seed">Seed of the demo generator.</param>
/// <param name="Scale">Size of the demo.</param>
internal sealed record DemoSeedContext(Net Network, NetworkVersionInfo Version, string Folder, int Seed, DemoScale Scale);

/// <summary>
/// One analysis area of the service (outage history, assets, telemetry and forecasts …): it owns its tables, seeds
/// its demo data through its own import path, and keeps its results current for the published network version.
/// </summary>
/// <remarks>
/// The recomputation service calls <see cref="Refresh"/> after every publication and on every change signal; a
/// slice recomputes only when its inputs (network version or its own data) changed. One slice failing is logged
/// and does not stop the others.
/// </remarks>
internal interface IAnalysisSlice
{
    /// <summary>Short name used in logs and readiness (e.g. "history").</summary>
    string Name { get; }

    /// <summary>Writes and imports the slice's demo data for the demo network (first start on an empty store).</summary>
    void SeedDemo(DemoSeedContext context, CancellationToken cancellationToken);

    /// <summary>Recomputes the slice's results for <paramref name="snapshot"/> when its inputs changed.</summary>
    void Refresh(NetworkSnapshot snapshot, CancellationToken cancellationToken);
}
