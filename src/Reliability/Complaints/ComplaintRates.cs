using System.Globalization;
using Lumen.Reliability.History;

namespace Lumen.Reliability.Complaints;

/// <summary>Complaints per 1,000 customer interruptions in one band.</summary>
/// <param name="Band">Band label (<c>&lt;1h</c>, <c>1-4h</c>, … or <c>1st</c>, <c>2nd</c>, …).</param>
/// <param name="CustomerInterruptions">Sustained customer interruptions in the band.</param>
/// <param name="Complaints">Outage complaints linked to them.</param>
/// <param name="PerThousand">Complaints per 1,000 customer interruptions; NaN when there were none.</param>
public sealed record RateBand(string Band, double CustomerInterruptions, double Complaints, double PerThousand);

/// <summary>Settings of <see cref="ComplaintRates.Compute"/>.</summary>
/// <remarks>Mutable settings object.</remarks>
public sealed class ComplaintRateOptions
{
    /// <summary>Upper edges of the duration bands in hours; the last band is open. Default 1, 4, 12 (&lt;1 h, 1–4 h, 4–12 h, &gt;12 h).</summary>
    public IReadOnlyList<double> DurationBandEdgesHours { get; set; } = [1, 4, 12];

    /// <summary>Repeat bands: 1st, 2nd, … up to this, the last open (e.g. 4+). Default 4.</summary>
    public int RepeatBands { get; set; } = 4;

    /// <summary>The look-back that defines a customer's n-th interruption. Default 365 days.</summary>
    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Sustained threshold; shorter interruptions are not cells. Default 5 min (IEEE 1366).</summary>
    public TimeSpan SustainedThreshold { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Complaint rates by duration and repetition, unlinked counts, and the fitted models.</summary>
/// <remarks>Immutable.</remarks>
public sealed record ComplaintRateReport
{
    /// <summary>Complaints received.</summary>
    public required int Complaints { get; init; }

    /// <summary>Complaints linked to an outage event.</summary>
    public required int LinkedToOutages { get; init; }

    /// <summary>Complaints linked to other episodes (e.g. low voltage).</summary>
    public required int LinkedToOtherEpisodes { get; init; }

    /// <summary>Unlinked complaints by reason (snake_case).</summary>
    public required IReadOnlyDictionary<string, int> Unlinked { get; init; }

    /// <summary>Rates by interruption duration band.</summary>
    public required IReadOnlyList<RateBand> ByDuration { get; init; }

    /// <summary>Rates by the customer's n-th sustained interruption in the repeat window.</summary>
    public required IReadOnlyList<RateBand> ByRepeat { get; init; }

    /// <summary>Poisson model; null when it cannot be fitted (e.g. no linked complaints).</summary>
    public ComplaintRateModel? Poisson { get; init; }

    /// <summary>Logistic model; null when it cannot be fitted.</summary>
    public ComplaintRateModel? Logistic { get; init; }

    /// <summary>
    /// The model other analyses use: the logistic one when fitted (a bounded probability per customer interrupted),
    /// else the Poisson one; null when neither could be fitted.
    /// </summary>
    public ComplaintRateModel? Model => Logistic ?? Poisson;

    /// <summary>The cells the models were fitted on: one per (event, load point) sustained interruption.</summary>
    public required IReadOnlyList<ComplaintCell> Cells { get; init; }
}

/// <summary>Complaint rates per customer interruption and the complaint-rate model.</summary>
public static class ComplaintRates
{
    /// <summary>
    /// Builds one cell per sustained (event, load point) interruption — customers, the load point's own duration
    /// (step restoration respected), and its repeat index (its n-th sustained interruption within the repeat window) —
    /// counts the outage complaints linked to each, and fits the Poisson and logistic models. A complaint matched at
    /// area level counts on its load point; one matched at feeder level counts on the event's largest load point.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>O(Σ affected load points + complaints); allocates the cells.</remarks>
    public static ComplaintRateReport Compute(OutageHistory history, ComplaintLinkResult links, ComplaintRateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(links);
        options ??= new ComplaintRateOptions();
        int[] customersByRank = history.Topology.CustomersByRank;
        long window = options.RepeatWindow.Ticks;
        long sustained = options.SustainedThreshold.Ticks;

        // Complaints per (event, rank).
        var complaintsAt = new Dictionary<(int Event, int Rank), int>();
        foreach (ComplaintLink link in links.Links)
        {
            if (link.EventIndex < 0)
            {
                continue;
            }

            int rank = link.LoadPointRank >= 0 ? link.LoadPointRank : LargestRank(history, link.EventIndex);
            if (rank >= 0)
            {
                complaintsAt[(link.EventIndex, rank)] = complaintsAt.GetValueOrDefault((link.EventIndex, rank)) + 1;
            }
        }

        var recent = new Queue<long>?[customersByRank.Length];
        var cells = new List<ComplaintCell>();
        for (int e = 0; e < history.EventCount; e++)
        {
            long start = history.StartTicks[e];
            int listStart = history.ListStart[e];
            int count = listStart >= 0 ? history.LpListLength[e] : history.LpEnd[e] - history.LpFirst[e];
            double scale = history.CustomerScale[e];
            for (int i = 0; i < count; i++)
            {
                int r = listStart >= 0 ? history.LpList[listStart + i] : history.LpFirst[e] + i;
                long full = history.LoadPointRestoreTicks(e, r) - start;
                if (full <= sustained || customersByRank[r] == 0)
                {
                    continue;
                }

                Queue<long> q = recent[r] ??= new Queue<long>();
                while (q.Count > 0 && q.Peek() <= start - window)
                {
                    q.Dequeue();
                }

                q.Enqueue(start);
                cells.Add(new ComplaintCell(customersByRank[r] * scale, full / (double)TimeSpan.TicksPerHour, q.Count, complaintsAt.GetValueOrDefault((e, r))) { EventIndex = e });
            }
        }

        IReadOnlyList<double> edges = options.DurationBandEdgesHours;
        var durationCi = new double[edges.Count + 1];
        var durationY = new double[edges.Count + 1];
        var repeatCi = new double[options.RepeatBands];
        var repeatY = new double[options.RepeatBands];
        foreach (ComplaintCell c in cells)
        {
            int band = 0;
            while (band < edges.Count && c.DurationHours >= edges[band])
            {
                band++;
            }

            durationCi[band] += c.Customers;
            durationY[band] += c.Complaints;
            int k = Math.Min(c.RepeatIndex, options.RepeatBands) - 1;
            repeatCi[k] += c.Customers;
            repeatY[k] += c.Complaints;
        }

        var byDuration = new List<RateBand>();
        for (int b = 0; b <= edges.Count; b++)
        {
            string label = b == 0 ? $"<{Hours(edges[0])}h" : b == edges.Count ? $">={Hours(edges[b - 1])}h" : $"{Hours(edges[b - 1])}-{Hours(edges[b])}h";
            byDuration.Add(new RateBand(label, durationCi[b], durationY[b], 1000 * durationY[b] / durationCi[b]));
        }

        var byRepeat = new List<RateBand>();
        for (int k = 0; k < options.RepeatBands; k++)
        {
            string label = Ordinal(k + 1) + (k == options.RepeatBands - 1 ? "+" : string.Empty);
            byRepeat.Add(new RateBand(label, repeatCi[k], repeatY[k], 1000 * repeatY[k] / repeatCi[k]));
        }

        var unlinked = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (ComplaintLink l in links.Unlinked)
        {
            string reason = l.Reason == UnlinkedReason.CategoryNotSupplyRelated ? "category_not_supply_related" : "no_episode_in_window";
            unlinked[reason] = unlinked.GetValueOrDefault(reason) + 1;
        }

        return new ComplaintRateReport
        {
            Complaints = links.Links.Count,
            LinkedToOutages = links.Links.Count(l => l.EventIndex >= 0),
            LinkedToOtherEpisodes = links.Links.Count(l => l.EpisodeId is not null && l.EventIndex < 0),
            Unlinked = unlinked,
            ByDuration = byDuration,
            ByRepeat = byRepeat,
            Poisson = ComplaintRateModel.Fit(cells, ComplaintModelKind.Poisson),
            Logistic = ComplaintRateModel.Fit(cells, ComplaintModelKind.Logistic),
            Cells = cells,
        };
    }

    private static int LargestRank(OutageHistory h, int e)
    {
        int[] customers = h.Topology.CustomersByRank;
        int best = -1;
        int listStart = h.ListStart[e];
        int count = listStart >= 0 ? h.LpListLength[e] : h.LpEnd[e] - h.LpFirst[e];
        for (int i = 0; i < count; i++)
        {
            int r = listStart >= 0 ? h.LpList[listStart + i] : h.LpFirst[e] + i;
            if (best < 0 || customers[r] > customers[best])
            {
                best = r;
            }
        }

        return best;
    }

    private static string Hours(double h) => h.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Ordinal(int n) => n switch
    {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        _ => n.ToString(CultureInfo.InvariantCulture) + "th",
    };
}
