namespace Lumen.Reliability.History;

/// <summary>A load point (customer or transformer area) in a worst-served list (CEMI/CELID drill-down).</summary>
/// <param name="LoadPointId">Load point id.</param>
/// <param name="Feeder">Its feeder name.</param>
/// <param name="Customers">Customers at the load point.</param>
/// <param name="SustainedInterruptions">Sustained interruptions that began in the period.</param>
/// <param name="MomentaryEvents">Momentary events in the period.</param>
/// <param name="InterruptionHours">Total sustained interruption hours in the period.</param>
public sealed record WorstLoadPoint(string LoadPointId, string Feeder, int Customers, int SustainedInterruptions, int MomentaryEvents, double InterruptionHours);

/// <summary>A distribution transformer (DL/T 836 user) in a worst-served list.</summary>
/// <param name="TransformerId">The transformer branch id.</param>
/// <param name="Feeder">Its feeder name.</param>
/// <param name="Outages">Outages longer than the DL/T 836 threshold that began in the period.</param>
/// <param name="OutageHours">Their total hours in the period.</param>
public sealed record WorstTransformer(string TransformerId, string Feeder, int Outages, double OutageHours);

/// <summary>
/// Worst-served lists: load points and transformers with the most interruptions and the longest total duration, and
/// feeders with the highest SAIDI and SAIFI. Ties are broken by the other measure, then by id.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed record WorstServedReport
{
    /// <summary>Load points with the most sustained interruptions.</summary>
    public required IReadOnlyList<WorstLoadPoint> MostInterruptions { get; init; }

    /// <summary>Load points with the longest total interruption.</summary>
    public required IReadOnlyList<WorstLoadPoint> LongestDuration { get; init; }

    /// <summary>Transformers with the most outages (DL/T 836 counting).</summary>
    public required IReadOnlyList<WorstTransformer> TransformersMostOutages { get; init; }

    /// <summary>Transformers with the longest total outage.</summary>
    public required IReadOnlyList<WorstTransformer> TransformersLongestDuration { get; init; }

    /// <summary>Feeders by SAIDI, highest first.</summary>
    public IReadOnlyList<SplitIndices> Feeders { get; init; } = [];

    internal static WorstServedReport FromKernel(OutageHistory history, IndexKernel kernel, int count)
    {
        HistoryTopology t = history.Topology;
        ReadOnlySpan<string> feederNames = t.Trace.FeederNames;
        var lps = new List<WorstLoadPoint>();
        foreach (int r in kernel.TouchedLoadPoints)
        {
            int lp = t.LoadPointByRank[r];
            int f = t.FeederByRank[r];
            lps.Add(new WorstLoadPoint(history.Network.LoadPointIds[lp], f >= 0 ? feederNames[f] : string.Empty, t.CustomersByRank[r], kernel.SustainedOf(r), kernel.MomentaryOf(r), kernel.HoursOf(r)));
        }

        var trs = new List<WorstTransformer>();
        foreach (int r in kernel.TouchedTransformers)
        {
            int f = t.TransformerFeederByRank[r];
            trs.Add(new WorstTransformer(history.Network.EdgeIds[t.TransformerEdgeByRank[r]], f >= 0 ? feederNames[f] : string.Empty, kernel.TransformerCountOf(r), kernel.TransformerHoursOf(r)));
        }

        return new WorstServedReport
        {
            MostInterruptions = lps.Where(x => x.SustainedInterruptions > 0)
                .OrderByDescending(x => x.SustainedInterruptions).ThenByDescending(x => x.InterruptionHours).ThenBy(x => x.LoadPointId, StringComparer.Ordinal).Take(count).ToList(),
            LongestDuration = lps.Where(x => x.InterruptionHours > 0)
                .OrderByDescending(x => x.InterruptionHours).ThenByDescending(x => x.SustainedInterruptions).ThenBy(x => x.LoadPointId, StringComparer.Ordinal).Take(count).ToList(),
            TransformersMostOutages = trs.Where(x => x.Outages > 0)
                .OrderByDescending(x => x.Outages).ThenByDescending(x => x.OutageHours).ThenBy(x => x.TransformerId, StringComparer.Ordinal).Take(count).ToList(),
            TransformersLongestDuration = trs.Where(x => x.OutageHours > 0)
                .OrderByDescending(x => x.OutageHours).ThenByDescending(x => x.Outages).ThenBy(x => x.TransformerId, StringComparer.Ordinal).Take(count).ToList(),
        };
    }

    internal static IReadOnlyList<SplitIndices> WorstFeeders(IReadOnlyList<SplitIndices> feeders, int count) =>
        feeders.Where(f => f.Indices.CustomerHours > 0)
            .OrderByDescending(f => f.Indices.Saidi).ThenByDescending(f => f.Indices.Saifi).ThenBy(f => f.Key, StringComparer.Ordinal).Take(count).ToList();
}

/// <summary>Input of <see cref="WorstServedQuery.Run"/>.</summary>
/// <param name="History">The outage history of the current network version.</param>
/// <param name="Top">Length of each of the two lists merged (most interruptions, longest duration); at least 1.</param>
/// <param name="ExcludeMajorEventDays">Leave out the interruptions of major event days (IEEE 1366 2.5β).</param>
public sealed record WorstServedRequest(OutageHistory History, int Top = 100, bool ExcludeMajorEventDays = false);

/// <summary>The worst-served load points of the whole history, as the export table lists them.</summary>
/// <param name="LoadPoints">
/// The union of the <see cref="WorstServedRequest.Top"/> load points with the most sustained interruptions and of those
/// with the longest interruption, each once, longest total interruption first (then most interruptions, then id).
/// </param>
public sealed record WorstServedLoadPoints(IReadOnlyList<WorstLoadPoint> LoadPoints);

/// <summary>The entry point of "which load points were served worst" over the stored history (the worst-served export).</summary>
public static class WorstServedQuery
{
    /// <summary>The merged worst-served list of <paramref name="request"/>'s history.</summary>
    public static WorstServedLoadPoints Run(WorstServedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Top, 1);
        HistoryReport report = HistoryStatistics.Compute(request.History, new HistoryQuery { ExcludeMajorEventDays = request.ExcludeMajorEventDays, WorstServedCount = request.Top });
        WorstServedReport worst = report.WorstServed!;
        return new WorstServedLoadPoints(worst.MostInterruptions.Concat(worst.LongestDuration).DistinctBy(w => w.LoadPointId)
            .OrderByDescending(w => w.InterruptionHours).ThenByDescending(w => w.SustainedInterruptions).ThenBy(w => w.LoadPointId, StringComparer.Ordinal)
            .ToList());
    }
}
