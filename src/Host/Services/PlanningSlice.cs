using System.Diagnostics;
using Lumen.Forecast.Data;
using Lumen.Host.Options;
using Lumen.Host.Storage.Series;
using Lumen.Reliability.History;
using Lumen.Reliability.Planning;
using Lumen.Reliability.Predictive;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Services;

/// <summary>The published planning diagnosis and the inputs it was computed from.</summary>
/// <param name="NetworkVersion">Network version diagnosed.</param>
/// <param name="SeriesRevision">Revision of the stored load series used.</param>
/// <param name="History">The history report used (by reference), null without outages.</param>
/// <param name="ComputedAt">When it was computed (UTC).</param>
/// <param name="Report">The report.</param>
internal sealed record PlanningSnapshot(int NetworkVersion, int SeriesRevision, HistoryReport? History, DateTime ComputedAt, DiagnosisReport Report);

/// <summary>The inputs of a diagnosis as the CLI and the service both gather them.</summary>
internal static class PlanningInputs
{
    /// <summary>A stored or read load series as the planning library takes it (named after the element it measures).</summary>
    public static ElementLoadSeries Of(LoadSeries series) => new(series.Name, series.Start, series.Period, series.LoadMw.ToArray());

    /// <summary>The transfer limits of a capacity switch and a source voltage.</summary>
    public static RestorationLimits Limits(bool capacityLimits, double sourceVoltagePu) =>
        capacityLimits ? RestorationLimits.Default with { SourceVoltagePu = sourceVoltagePu } : RestorationLimits.Unlimited;

    /// <summary>The history statistics the diagnosis reads (whole period, feeder split), as the history slice computes them.</summary>
    public static HistoryQuery HistoryQuery { get; } = new() { Splits = HistorySplits.Month | HistorySplits.Feeder | HistorySplits.Cause };
}

/// <summary>
/// The planning slice: diagnoses the current network (N-1, loading, radius, interconnection, reliability against the
/// zone targets) whenever the network, the stored load series or the outage history changes.
/// </summary>
internal sealed partial class PlanningSlice(
    SeriesRepository series,
    HistoryCatalog history,
    IOptions<RecomputeOptions> options,
    TimeProvider timeProvider,
    ILogger<PlanningSlice> logger) : IAnalysisSlice
{
    private volatile PlanningSnapshot? _current;

    /// <summary>The newest diagnosis, or null before the first.</summary>
    public PlanningSnapshot? Current => _current;

    /// <inheritdoc/>
    public string Name => "planning";

    /// <inheritdoc/>
    public void SeedDemo(DemoSeedContext context, CancellationToken cancellationToken)
    {
        // The diagnosis has no data of its own: it reads the network, the load series and the outage history.
    }

    /// <inheritdoc/>
    public void Refresh(NetworkSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        int revision = series.Revision();
        HistoryReport? report = history.Current?.Report;
        if (_current is { } c && c.NetworkVersion == snapshot.Info.Version && c.SeriesRevision == revision && ReferenceEquals(c.History, report))
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        var load = series.ListLoad().Select(s => PlanningInputs.Of(series.ReadLoad(s))).ToList();
        RecomputeOptions settings = options.Value;
        var request = new DiagnosisRequest(snapshot.Network, snapshot.Info.Name, snapshot.Case)
        {
            Load = load,
            History = report,
            Limits = PlanningInputs.Limits(settings.CapacityLimits, settings.SourceVoltagePu),
        };
        DiagnosisReport diagnosis = DiagnosisQuery.Run(request);
        cancellationToken.ThrowIfCancellationRequested();
        _current = new PlanningSnapshot(snapshot.Info.Version, revision, report, timeProvider.GetUtcNow().UtcDateTime, diagnosis);
        LogComputed(logger, diagnosis.Feeders.Count, diagnosis.Problems.Count, watch.ElapsedMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Planning diagnosis: {Feeders} feeders, {Problems} problems in {ElapsedMs} ms")]
    private static partial void LogComputed(ILogger logger, int feeders, int problems, long elapsedMs);
}
