using System.Collections.Concurrent;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Tracing;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Host.Services;

/// <summary>A network version with everything computed on it, immutable once published.</summary>
/// <param name="Info">The stored version.</param>
/// <param name="Network">The network.</param>
/// <param name="Case">Its study case.</param>
/// <param name="Summary">Counts.</param>
/// <param name="Reliability">Predictive reliability (analytical).</param>
/// <param name="ComputedAt">When the results were computed (UTC).</param>
/// <param name="FeedersBySaidi">Indices into <c>Reliability.Feeders</c>, worst SAIDI first.</param>
/// <param name="LoadPointsByU">Load point indices, largest unavailability U first.</param>
/// <param name="Voltage">Low-voltage prediction at peak load (GB/T 12325 limits), or null when it failed.</param>
internal sealed record NetworkSnapshot(
    NetworkVersionInfo Info,
    Net Network,
    StudyCase Case,
    NetworkSummary Summary,
    ReliabilityResult Reliability,
    DateTime ComputedAt,
    int[] FeedersBySaidi,
    int[] LoadPointsByU,
    LowVoltageReport? Voltage = null)
{
    /// <summary>Computes the sort orders the read endpoints serve.</summary>
    public static NetworkSnapshot Create(NetworkVersionInfo info, Net network, StudyCase study, ReliabilityResult result, DateTime computedAt, LowVoltageReport? voltage = null)
    {
        var feeders = new int[result.Feeders.Count];
        var saidi = new double[feeders.Length];
        for (int f = 0; f < feeders.Length; f++)
        {
            feeders[f] = f;
            double s = result.Feeders[f].Indices.Saidi;
            saidi[f] = double.IsNaN(s) ? double.PositiveInfinity : -s;
        }

        Array.Sort(saidi, feeders);
        var lps = new int[result.LoadPoints.Count];
        var u = new double[lps.Length];
        for (int l = 0; l < lps.Length; l++)
        {
            lps[l] = l;
            u[l] = -result.LoadPoints.UnavailabilityHoursPerYear[l];
        }

        Array.Sort(u, lps);
        return new NetworkSnapshot(info, network, study, NetworkSummary.Of(network), result, computedAt, feeders, lps, voltage);
    }
}

/// <summary>
/// The service's view of the store: the current (newest) version with its results, a small cache of other versions,
/// and the signal that wakes the recomputation service.
/// </summary>
/// <remarks>Thread-safe: readers get an immutable snapshot; publication is one reference swap.</remarks>
internal sealed class NetworkCatalog(NetworkRepository repository)
{
    private readonly ConcurrentDictionary<int, (Net Network, StudyCase Case)> _recent = new();
    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);
    private volatile NetworkSnapshot? _current;
    private volatile string? _startupError;

    /// <summary>The newest version with results, or null before the first computation finished.</summary>
    public NetworkSnapshot? Current => _current;

    /// <summary>True once the store has been opened and (if it holds a network) the first results are published.</summary>
    public bool Ready { get; private set; }

    /// <summary>Why start-up has not finished, if it failed.</summary>
    public string? StartupError => _startupError;

    /// <summary>Publishes new results.</summary>
    public void Publish(NetworkSnapshot snapshot)
    {
        _current = snapshot;
        _recent[snapshot.Info.Version] = (snapshot.Network, snapshot.Case);
        Trim(snapshot.Info.Version);
        Ready = true;
    }

    /// <summary>Marks the service ready although the store holds no network.</summary>
    public void MarkReadyEmpty() => Ready = true;

    /// <summary>Records a start-up failure (reported by the readiness check).</summary>
    public void MarkFailed(string message) => _startupError = message;

    /// <summary>Remembers a network just imported so that recomputation need not rebuild it from the stored files.</summary>
    public void Remember(int version, Net network, StudyCase study)
    {
        _recent[version] = (network, study);
        Trim(_current?.Info.Version ?? version);
    }

    /// <summary>Wakes the recomputation service (an import landed).</summary>
    public void SignalChanged() => _changed.Release();

    /// <summary>Waits for <see cref="SignalChanged"/> or the timeout.</summary>
    public Task<bool> WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken) => _changed.WaitAsync(timeout, cancellationToken);

    /// <summary>The network of <paramref name="info"/>: from memory when recent, otherwise rebuilt from the store.</summary>
    public (Net? Network, StudyCase Case, IReadOnlyList<Diagnostic> Diagnostics) GetNetwork(NetworkVersionInfo info)
    {
        if (_recent.TryGetValue(info.Version, out (Net Network, StudyCase Case) hit))
        {
            return (hit.Network, hit.Case, []);
        }

        NetworkImportResult loaded = repository.Load(info);
        if (loaded.Network is Net network)
        {
            _recent[info.Version] = (network, loaded.Case);
            Trim(_current?.Info.Version ?? info.Version);
        }

        return (loaded.Network, loaded.Case, loaded.Diagnostics);
    }

    private void Trim(int keep)
    {
        // Keep the current version and at most two others: a county network is ~100 MB in memory.
        if (_recent.Count <= 3)
        {
            return;
        }

        foreach (int version in _recent.Keys.Order())
        {
            if (_recent.Count <= 3)
            {
                break;
            }

            if (version != keep)
            {
                _recent.TryRemove(version, out _);
            }
        }
    }
}
