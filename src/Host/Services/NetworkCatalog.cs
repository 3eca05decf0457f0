using System.Collections.Concurrent;
using Lumen.Host.Options;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Tracing;
using Microsoft.Extensions.Options;
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
internal sealed class NetworkCatalog(NetworkRepository repository, IOptions<ServerOptions> options)
{
    // Memory of a built network per element (bus, branch, device, load point), measured on the demo county (50,000
    // buses, ~100 MB): arrays, ids, trace structures. An estimate is enough to bound the cache.
    private const long BytesPerElement = 1_000;

    private readonly ConcurrentDictionary<int, (Net Network, StudyCase Case)> _recent = new();
    private readonly ConcurrentDictionary<int, Lazy<NetworkImportResult>> _loading = new();

    // One rebuild at a time: a rebuild takes a core for up to a second and ~100 MB; concurrent reads of other old
    // versions wait (bounded by the read timeout) instead of multiplying both.
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private readonly long _budget = options.Value.NetworkCacheBytes;
    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);
    private volatile NetworkSnapshot? _current;
    private long _storeChanges;
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
    public void MarkReadyEmpty()
    {
        Ready = AnalysesRefreshed = true;
        Interlocked.Increment(ref _storeChanges);
    }

    /// <summary>True once every analysis area has refreshed on a published network at least once (its first results, or why not).</summary>
    public bool AnalysesRefreshed { get; private set; }

    /// <summary>Records that every analysis area has refreshed on the published network (a recomputation pass: the store may have changed).</summary>
    public void MarkAnalysesRefreshed()
    {
        AnalysesRefreshed = true;
        Interlocked.Increment(ref _storeChanges);
    }

    /// <summary>
    /// Counts the store changes: every <see cref="SignalChanged"/> and every recomputation pass. Readers that mirror the
    /// store's current data (<c>/api/status</c>) read it again when the count moved, not on every request.
    /// </summary>
    public long StoreChanges => Interlocked.Read(ref _storeChanges);

    /// <summary>Records a start-up failure (reported by the readiness check).</summary>
    public void MarkFailed(string message) => _startupError = message;

    /// <summary>Remembers a network just imported so that recomputation need not rebuild it from the stored files.</summary>
    public void Remember(int version, Net network, StudyCase study)
    {
        _recent[version] = (network, study);
        Trim(_current?.Info.Version ?? version);
    }

    /// <summary>Wakes the recomputation service (an import landed).</summary>
    public void SignalChanged()
    {
        Interlocked.Increment(ref _storeChanges);
        _changed.Release();
    }

    /// <summary>Waits for <see cref="SignalChanged"/> or the timeout.</summary>
    public Task<bool> WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken) => _changed.WaitAsync(timeout, cancellationToken);

    /// <summary>The network of <paramref name="version"/> when it is in memory (no rebuild needed), else null.</summary>
    public Net? Cached(int version) => _recent.TryGetValue(version, out (Net Network, StudyCase Case) hit) ? hit.Network : null;

    /// <summary>
    /// The network of <paramref name="info"/>: from memory when cached, otherwise rebuilt from the store: once, however
    /// many requests ask for it at the same time, and one version at a time.
    /// </summary>
    /// <exception cref="TimeoutException">Other rebuilds kept this one waiting longer than the read timeout (the API answers 503).</exception>
    public (Net? Network, StudyCase Case, IReadOnlyList<Diagnostic> Diagnostics) GetNetwork(NetworkVersionInfo info, CancellationToken cancellationToken = default)
    {
        if (_recent.TryGetValue(info.Version, out (Net Network, StudyCase Case) hit))
        {
            return (hit.Network, hit.Case, []);
        }

        Lazy<NetworkImportResult> load = _loading.GetOrAdd(info.Version, _ => new Lazy<NetworkImportResult>(() => Rebuild(info)));
        bool acquired = false;
        try
        {
            acquired = !load.IsValueCreated && _rebuild.Wait(options.Value.ReadTimeout, cancellationToken);
            if (!acquired && !load.IsValueCreated)
            {
                throw new TimeoutException("the service is rebuilding other network versions; retry shortly");
            }

            NetworkImportResult loaded = load.Value;
            return (loaded.Network, loaded.Case, loaded.Diagnostics);
        }
        finally
        {
            if (acquired)
            {
                _rebuild.Release();
            }

            _loading.TryRemove(new KeyValuePair<int, Lazy<NetworkImportResult>>(info.Version, load));
        }
    }

    /// <summary>Estimated memory of <paramref name="network"/>, bytes.</summary>
    internal static long EstimatedBytes(Net network) =>
        BytesPerElement * ((long)network.NodeCount + network.EdgeCount + network.DeviceCount + network.LoadPointCount);

    private NetworkImportResult Rebuild(NetworkVersionInfo info)
    {
        NetworkImportResult loaded = repository.Load(info);
        if (loaded.Network is Net network)
        {
            _recent[info.Version] = (network, loaded.Case);
            Trim(_current?.Info.Version ?? info.Version);
        }

        return loaded;
    }

    private void Trim(int keep)
    {
        // The current version always stays (its results hold it anyway); others, newest first, while they fit the budget.
        long used = 0;
        foreach (int version in _recent.Keys.OrderByDescending(v => v == keep).ThenByDescending(v => v))
        {
            if (!_recent.TryGetValue(version, out (Net Network, StudyCase Case) entry))
            {
                continue;
            }

            used += EstimatedBytes(entry.Network);
            if (version != keep && used > _budget)
            {
                _recent.TryRemove(version, out _);
            }
        }
    }
}
