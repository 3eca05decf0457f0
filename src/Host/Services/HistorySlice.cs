using System.Globalization;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Network;
using Microsoft.Extensions.Logging;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Host.Services;

/// <summary>
/// The outage-history slice's results for one network version and one pair of stored batches; immutable once published.
/// </summary>
/// <param name="NetworkVersion">The network version the history was built on.</param>
/// <param name="Outages">The outage batch used, or null when none is stored.</param>
/// <param name="Complaints">The complaint batch used, or null when none is stored.</param>
/// <param name="WithVoltage">Whether low-voltage areas of a converged peak-load power flow were available for linking.</param>
/// <param name="History">The built history (empty when only complaints are stored), or null.</param>
/// <param name="Report">Indices over the whole period with month, feeder and cause splits; null without outage records.</param>
/// <param name="Error">Why the stored records no longer build on this network version, or null.</param>
/// <param name="Links">Complaint links, or null without complaints.</param>
/// <param name="Rates">Complaint rates and fitted models, or null without complaints or outage events.</param>
/// <param name="Summary">Complaint summary, or null without complaints.</param>
internal sealed record HistoryResults(
    int NetworkVersion, HistoryBatch? Outages, HistoryBatch? Complaints, bool WithVoltage, OutageHistory? History, HistoryReport? Report,
    string? Error, ComplaintLinkResult? Links, ComplaintRateReport? Rates, ComplaintSummary? Summary)
{
    /// <summary>True when these results were computed from exactly these inputs.</summary>
    public bool IsFor(int version, HistoryBatch? outages, HistoryBatch? complaints, bool withVoltage) =>
        NetworkVersion == version && Outages?.Batch == outages?.Batch && Complaints?.Batch == complaints?.Batch && WithVoltage == withVoltage;
}

/// <summary>The published outage-history results: one immutable snapshot swapped by reference.</summary>
internal sealed class HistoryCatalog
{
    private volatile HistoryResults? _current;

    /// <summary>The newest results, or null before the first computation.</summary>
    public HistoryResults? Current => _current;

    /// <summary>Publishes new results.</summary>
    public void Publish(HistoryResults results) => _current = results;
}

/// <summary>The complaint-rate model fitted on the stored outages and complaints, for other slices (complaints per failure).</summary>
internal sealed class ComplaintModelProvider(HistoryCatalog catalog) : IComplaintModelSource
{
    private volatile FittedComplaintRateModel? _adapted;

    /// <summary>
    /// The fitted logistic model (bounded per-customer probability), else the Poisson one; null when no model could be
    /// fitted (no outages or complaints stored, or degenerate data).
    /// </summary>
    public ComplaintRateModel? Current => catalog.Current?.Rates?.Model;

    /// <summary>The fitted model as the assets slice uses it: one instance per fit, so a refit triggers its recomputation.</summary>
    public IComplaintRateModel? ModelFor(NetworkSnapshot snapshot)
    {
        if (Current is not ComplaintRateModel model)
        {
            return null;
        }

        FittedComplaintRateModel? adapted = _adapted;
        if (adapted is null || !ReferenceEquals(adapted.Model, model))
        {
            adapted = new FittedComplaintRateModel(model);
            _adapted = adapted;
        }

        return adapted;
    }
}

/// <summary>
/// Outage history and complaints: seeds the demo's five years of outages and complaints through the same import as
/// uploads, and rebuilds the history, its statistics, complaint links and the complaint-rate model when the network
/// version, the stored batches or the availability of low-voltage areas change.
/// </summary>
/// <remarks>
/// Low-voltage episodes come from the peak-load power flow: each transformer area below its limit is a standing
/// episode over the complaints' whole period (the service has no timed voltage episodes from meter readings here).
/// </remarks>
internal sealed partial class HistorySlice(HistoryRepository repository, HistoryCatalog catalog, ILogger<HistorySlice> logger) : IAnalysisSlice
{
    private static readonly HistorySplits s_splits = HistorySplits.Month | HistorySplits.Feeder | HistorySplits.Cause;

    /// <inheritdoc/>
    public string Name => "history";

    /// <inheritdoc/>
    public void SeedDemo(DemoSeedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        DemoDataset.Layout layout = DemoDataset.In(context.Folder);
        DemoDataset.WriteHistory(context.Network, context.Seed, layout, DemoDataset.HistoryYears);
        cancellationToken.ThrowIfCancellationRequested();
        int version = context.Version.Version;
        HistoryImportOutcome outages = repository.ImportOutages(context.Network, version, layout.HistoryFiles);
        Throw("outage history", outages);
        HistoryImportOutcome complaints = repository.ImportComplaints(context.Network, version, Path.Combine(layout.History, "complaints.csv"));
        Throw("complaints", complaints);

        // Computed now so that the history is there when the first results are published (voltage follows on refresh).
        catalog.Publish(Compute(context.Network, version, outages.Batch, complaints.Batch, null, previous: null));
    }

    /// <inheritdoc/>
    public void Refresh(NetworkSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        HistoryBatch? outages = repository.Current(HistoryRepository.OutagesKind);
        HistoryBatch? complaints = repository.Current(HistoryRepository.ComplaintsKind);
        LowVoltageReport? voltage = snapshot.Voltage is { PowerFlow.Converged: true } v ? v : null;
        HistoryResults? previous = catalog.Current;
        if (previous is not null && previous.IsFor(snapshot.Info.Version, outages, complaints, voltage is not null))
        {
            return;
        }

        catalog.Publish(Compute(snapshot.Network, snapshot.Info.Version, outages, complaints, voltage, previous));
    }

    private static void Throw(string what, HistoryImportOutcome outcome)
    {
        if (outcome.Status == ImportStatus.Invalid)
        {
            throw new InvalidOperationException($"the demo {what} did not import: " + string.Join("; ", outcome.Diagnostics.Take(5)));
        }
    }

    private HistoryResults Compute(Net network, int version, HistoryBatch? outages, HistoryBatch? complaints, LowVoltageReport? voltage, HistoryResults? previous)
    {
        OutageHistory? history = null;
        HistoryReport? report = null;
        string? error = null;
        if (previous is not null && previous.NetworkVersion == version && previous.Outages?.Batch == outages?.Batch)
        {
            // Only the complaint side changed: the history and its statistics stay.
            (history, report, error) = (previous.History, previous.Report, previous.Error);
        }
        else if (outages is not null && repository.LoadOutages() is { } stored)
        {
            (history, report, error) = BuildHistory(network, stored);
            if (error is not null)
            {
                HistoryInvalid(logger, stored.Batch.Batch, version, error);
            }
        }

        ComplaintLinkResult? links = null;
        ComplaintRateReport? rates = null;
        ComplaintSummary? summary = null;
        if (complaints is not null && repository.LoadComplaints() is { } loaded)
        {
            OutageHistory? basis = outages is null ? OutageHistory.Build(network, [], [], []).History : history;
            if (basis is not null)
            {
                IReadOnlyList<Episode> episodes = voltage is null ? [] : ComplaintSummaries.StandingLowVoltageEpisodes(voltage.LowAreas.Select(a => a.LoadPointId), loaded.Complaints);
                links = ComplaintLinker.Link(basis, episodes, loaded.Complaints, null, out _);
                rates = basis.EventCount > 0 ? ComplaintRates.Compute(basis, links) : null;
                summary = ComplaintSummaries.Summarise(basis, links, HistoryTime.ChinaOffset);
            }
        }

        return new HistoryResults(version, outages, complaints, voltage is not null, history, report, error, links, rates, summary);
    }

    private static (OutageHistory? History, HistoryReport? Report, string? Error) BuildHistory(Net network, StoredOutages stored)
    {
        HistoryBuildResult built = OutageHistory.Build(network, stored.Events, stored.Steps, stored.Momentary);
        if (built.History is not OutageHistory history)
        {
            return (null, null, $"the outage records of batch {stored.Batch.Batch} do not build on this network version: " + string.Join("; ", built.Errors.Take(5)));
        }

        if (history.EventCount == 0 && history.Momentary.Count == 0)
        {
            return (history, null, null);
        }

        return (history, HistoryStatistics.Compute(history, new HistoryQuery { Splits = s_splits }), null);
    }

    [LoggerMessage(30, LogLevel.Error, "Outage batch {Batch} does not build on network version {Version}: {Error}")]
    private static partial void HistoryInvalid(ILogger logger, int batch, int version, string error);
}
