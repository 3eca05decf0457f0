using System.Diagnostics;
using Lumen.Host.Options;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Host.Services;

/// <summary>
/// Keeps the published results current: on start it seeds the demo county into an empty store (when configured),
/// then recomputes predictive reliability whenever a newer network version appears (an API import wakes it at once;
/// otherwise the store is polled). One failed iteration is logged and the previous results stay published.
/// </summary>
internal sealed class RecomputeService(
    IOptions<StoreOptions> storeOptions,
    IOptions<RecomputeOptions> recomputeOptions,
    NetworkRepository repository,
    NetworkCatalog catalog,
    TimeProvider timeProvider,
    IEnumerable<IAnalysisSlice> slices,
    ILogger<RecomputeService> logger) : BackgroundService
{
    private readonly StoreOptions _store = storeOptions.Value;
    private readonly RecomputeOptions _recompute = recomputeOptions.Value;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Yield first: in .NET 10 ExecuteAsync already runs in the background, this keeps start-up independent of the seed.
        await Task.Yield();
        try
        {
            SeedIfEmpty(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            catalog.MarkFailed(ex.Message);
            Log.StartupFailed(logger, ex.Message, ex);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Run(() => RecomputeIfChanged(stoppingToken), stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.RecomputeFailed(logger, ex);
            }

            try
            {
                await catalog.WaitForChangeAsync(_recompute.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One iteration: publishes results for the newest version when they are not current, then lets every slice refresh.</summary>
    internal void RecomputeIfChanged(CancellationToken cancellationToken)
    {
        NetworkVersionInfo? latest = repository.Latest();
        if (latest is null)
        {
            catalog.MarkReadyEmpty();
            return;
        }

        if (catalog.Current?.Info.Version != latest.Version)
        {
            PublishNetwork(latest, cancellationToken);
        }

        if (catalog.Current is NetworkSnapshot current)
        {
            RefreshSlices(current, cancellationToken);
            catalog.MarkAnalysesRefreshed();
        }
    }

    private void RefreshSlices(NetworkSnapshot snapshot, CancellationToken cancellationToken)
    {
        foreach (IAnalysisSlice slice in slices)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                slice.Refresh(snapshot, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.SliceFailed(logger, slice.Name, ex);
            }
        }
    }

    private void PublishNetwork(NetworkVersionInfo latest, CancellationToken cancellationToken)
    {
        (Net? network, StudyCase study, IReadOnlyList<Diagnostic> diagnostics) = catalog.GetNetwork(latest);
        if (network is null)
        {
            Log.VersionInvalid(logger, latest.Version, string.Join("; ", diagnostics));
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var watch = Stopwatch.StartNew();
        var options = new ReliabilityOptions { Restoration = Restoration(_recompute) };
        ReliabilityResult result = ReliabilityAssessor.Assess(network, study, options);
        if (!repository.HasReliability(latest.Version))
        {
            repository.SaveReliability(latest.Version, network, study, result);
        }

        Log.Computed(logger, latest.Version, watch.ElapsedMilliseconds, result.System.Saifi, result.System.Saidi);

        // Voltage at peak load: a failure here must not hide the reliability results.
        LowVoltageReport? voltage = null;
        try
        {
            PowerFlowScenario peak = PowerFlowScenario.Base with { LoadScale = _recompute.PeakCoincidenceFactor, SourceVoltagePu = _recompute.SourceVoltagePu };
            voltage = LowVoltagePrediction.Predict(network, peak, VoltageProfile.GbT12325);
            if (!repository.HasVoltage(latest.Version))
            {
                repository.SaveVoltage(latest.Version, voltage);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RecomputeFailed(logger, ex);
        }

        catalog.Publish(NetworkSnapshot.Create(latest, network, study, result, timeProvider.GetUtcNow().UtcDateTime, voltage));
    }

    /// <summary>The restoration limits the service assesses with (<c>Lumen:Recompute:CapacityLimits</c>, <c>SourceVoltagePu</c>).</summary>
    internal static RestorationLimits Restoration(RecomputeOptions options, bool? capacityLimits = null) =>
        capacityLimits ?? options.CapacityLimits ? RestorationLimits.Default with { SourceVoltagePu = options.SourceVoltagePu } : RestorationLimits.Unlimited;

    private void SeedIfEmpty(CancellationToken cancellationToken)
    {
        if (!_store.SeedDemo || repository.Latest() is not null)
        {
            return;
        }

        Log.SeedingDemo(logger, Path.GetFullPath(_store.DataDirectory), _store.DemoScale.ToString().ToLowerInvariant(), _store.DemoSeed);
        string folder = Path.Combine(Path.GetFullPath(_store.DataDirectory), "demo");
        BuildResult built = DemoGrid.Generate(_store.DemoScale, _store.DemoSeed).Build();
        Net generated = built.Network ?? throw new InvalidOperationException("the demo generator produced an invalid network: " + string.Join("; ", built.Errors));
        cancellationToken.ThrowIfCancellationRequested();
        LumenCsvWriter.Write(generated, folder);

        // The same import path a utility's own files take: validated, hashed, stored as version 1.
        ImportOutcome outcome = repository.Import(folder, "demo-" + _store.DemoScale.ToString().ToLowerInvariant(), null);
        if (outcome.Status == ImportStatus.Invalid)
        {
            throw new InvalidOperationException("the demo network did not import: " + string.Join("; ", outcome.Diagnostics));
        }

        NetworkVersionInfo info = outcome.Version!;
        catalog.Remember(info.Version, outcome.Network!, outcome.Case);
        Log.Imported(logger, info.Version, info.Name, info.Buses, info.Customers, outcome.Status.ToString().ToLowerInvariant());
        var context = new DemoSeedContext(outcome.Network!, info, folder, _store.DemoSeed, _store.DemoScale);
        foreach (IAnalysisSlice slice in slices)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Log.SeedingSlice(logger, slice.Name);
            slice.SeedDemo(context, cancellationToken);
        }
    }
}
