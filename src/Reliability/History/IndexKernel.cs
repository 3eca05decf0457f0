using System.Diagnostics;

namespace Lumen.Reliability.History;

/// <summary>Denominators of one group: what the area serves.</summary>
internal readonly record struct ServedTotals(long Customers, long Transformers, double Kva);

/// <summary>
/// Computes <see cref="HistoricalIndices"/> for a selection of events and momentary records over a period, in one pass
/// over the affected load points and transformers. Keeps per-load-point and per-transformer tallies (for CN, CEMI,
/// CELID and the worst-served lists) in scratch arrays reused across calls; touched entries are reset lazily.
/// </summary>
/// <remarks>
/// Not thread-safe: one kernel per worker. O(Σ affected load points + transformers + steps) per call, no allocation
/// in the loops (rule 22). A load point's customers share one history: its interruption count is the number of events
/// touching it, its duration per event the time until its own restoration.
/// </remarks>
internal sealed class IndexKernel
{
    private readonly OutageHistory _history;
    private readonly HistoryTopology _topology;

    // Per load-point rank, valid only where _lpStamp == _stamp.
    private readonly int[] _lpStamp;
    private readonly int[] _lpSustained;
    private readonly int[] _lpMomentary;
    private readonly double[] _lpHours;
    private readonly double[] _lpMaxHours;
    private readonly int[] _lpTouched;
    private int _lpTouchedCount;

    // Per transformer rank (DL/T 836 counting), valid only where _trStamp == _stamp.
    private readonly int[] _trStamp;
    private readonly int[] _trCount;
    private readonly double[] _trHours;
    private readonly int[] _trTouched;
    private int _trTouchedCount;
    private int _stamp;

    public IndexKernel(OutageHistory history)
    {
        _history = history;
        _topology = history.Topology;
        int lps = _topology.LoadPointRankCount;
        int trs = _topology.TotalTransformers;
        _lpStamp = new int[lps];
        _lpSustained = new int[lps];
        _lpMomentary = new int[lps];
        _lpHours = new double[lps];
        _lpMaxHours = new double[lps];
        _lpTouched = new int[lps];
        _trStamp = new int[trs];
        _trCount = new int[trs];
        _trHours = new double[trs];
        _trTouched = new int[trs];
    }

    public ReadOnlySpan<int> TouchedLoadPoints => _lpTouched.AsSpan(0, _lpTouchedCount);

    public ReadOnlySpan<int> TouchedTransformers => _trTouched.AsSpan(0, _trTouchedCount);

    public int SustainedOf(int rank) => _lpSustained[rank];

    public double HoursOf(int rank) => _lpHours[rank];

    public int MomentaryOf(int rank) => _lpMomentary[rank];

    public int TransformerCountOf(int rank) => _trCount[rank];

    public double TransformerHoursOf(int rank) => _trHours[rank];

    public HistoricalIndices Compute(ReadOnlySpan<int> events, ReadOnlySpan<int> momentary, long fromTicks, long toTicks, ServedTotals served, HistoryIndexOptions options)
    {
        Debug.Assert(toTicks > fromTicks);
        _stamp++;
        _lpTouchedCount = 0;
        _trTouchedCount = 0;
        OutageHistory h = _history;
        long sustainedTicks = options.SustainedThreshold.Ticks;
        long dltTicks = options.DlT836Threshold.Ticks;
        int[] customersByRank = _topology.CustomersByRank;
        double[] kvaByRank = _topology.KvaByRank;
        long[] startTicks = h.StartTicks;
        long[] endTicks = h.EndTicks;
        int[] stepStart = h.StepStart;

        double ci = 0, ch = 0, li = 0, lh = 0, mi = 0, me = 0, ui = 0, uh = 0, uhNoShortage = 0;
        int sustainedEvents = 0, momentaryEvents = 0;
        foreach (int e in events)
        {
            long start = startTicks[e];
            bool counts = start >= fromTicks && start < toTicks;
            long clipFrom = Math.Max(start, fromTicks);
            bool hasDeviceSteps = stepStart[e + 1] > stepStart[e] && !h.HasCountSteps[e];
            bool shortage = h.Natures[e] == OutageNature.SupplyShortage;
            bool anySustained = false;
            bool anyMomentary = false;

            // Load points: per-customer tallies always; aggregates here unless the event is counted in pieces.
            bool pieces = h.HasCountSteps[e] || (h.TopoCustomers[e] == 0 && !double.IsNaN(h.ExplicitCustomers[e]));
            double scale = h.CustomerScale[e];
            int listStart = h.ListStart[e];
            int count = listStart >= 0 ? h.LpListLength[e] : h.LpEnd[e] - h.LpFirst[e];
            for (int i = 0; i < count; i++)
            {
                int r = listStart >= 0 ? h.LpList[listStart + i] : h.LpFirst[e] + i;
                long restore = hasDeviceSteps ? h.LoadPointRestoreTicks(e, r) : endTicks[e];
                long full = restore - start;
                double hours = Math.Max(0, Math.Min(restore, toTicks) - clipFrom) / (double)TimeSpan.TicksPerHour;
                Touch(r);
                if (full > sustainedTicks)
                {
                    anySustained = true;
                    if (counts)
                    {
                        _lpSustained[r]++;
                        if (hours > _lpMaxHours[r])
                        {
                            _lpMaxHours[r] = hours;
                        }
                    }

                    _lpHours[r] += hours;
                    if (!pieces)
                    {
                        double n = customersByRank[r] * scale;
                        ci += counts ? n : 0;
                        ch += n * hours;
                    }
                }
                else if (counts)
                {
                    anyMomentary = true;
                    _lpMomentary[r]++;
                    if (!pieces)
                    {
                        double n = customersByRank[r] * scale;
                        mi += n;
                        me += n;
                    }
                }
            }

            if (pieces)
            {
                PieceSums(e, counts, clipFrom, toTicks, sustainedTicks, ref ci, ref ch, ref mi, ref me, ref anySustained, ref anyMomentary);
            }

            // Transformers: DL/T 836 users and IEEE connected kVA.
            bool trPieces = h.HasCountSteps[e] || (h.TopoTransformers[e] == 0 && !double.IsNaN(h.ExplicitTransformers[e]));
            double trScale = h.TransformerScale[e];
            int trListStart = h.TrListStart[e];
            int trCount = trListStart >= 0 ? h.TrListLength[e] : h.TrEnd[e] - h.TrFirst[e];
            double kvaTotal = 0;
            for (int i = 0; i < trCount; i++)
            {
                int r = trListStart >= 0 ? h.TrList[trListStart + i] : h.TrFirst[e] + i;
                long restore = hasDeviceSteps ? h.TransformerRestoreTicks(e, r) : endTicks[e];
                long full = restore - start;
                double hours = Math.Max(0, Math.Min(restore, toTicks) - clipFrom) / (double)TimeSpan.TicksPerHour;
                kvaTotal += kvaByRank[r];
                if (full > dltTicks)
                {
                    TouchTransformer(r);
                    _trCount[r] += counts ? 1 : 0;
                    _trHours[r] += hours;
                    if (!trPieces)
                    {
                        ui += counts ? trScale : 0;
                        uh += trScale * hours;
                        uhNoShortage += shortage ? 0 : trScale * hours;
                    }
                }

                if (full > sustainedTicks && !trPieces)
                {
                    li += counts ? kvaByRank[r] * trScale : 0;
                    lh += kvaByRank[r] * trScale * hours;
                }
            }

            if (trPieces)
            {
                TransformerPieceSums(e, counts, clipFrom, toTicks, dltTicks, sustainedTicks, kvaTotal * trScale, shortage, ref ui, ref uh, ref uhNoShortage, ref li, ref lh);
            }

            sustainedEvents += counts && anySustained ? 1 : 0;
            momentaryEvents += counts && anyMomentary && !anySustained ? 1 : 0;
        }

        foreach (int m in momentary)
        {
            long t = h.MomentaryTicks[m];
            if (t < fromTicks || t >= toTicks)
            {
                continue;
            }

            momentaryEvents++;
            int ops = h.MomentaryOperations[m];
            for (int r = h.MomentaryLpFirst[m]; r < h.MomentaryLpEnd[m]; r++)
            {
                Touch(r);
                _lpMomentary[r]++;
                mi += (double)ops * customersByRank[r];
                me += customersByRank[r];
            }
        }

        return Finish(served, (toTicks - fromTicks) / (double)TimeSpan.TicksPerHour, options, ci, ch, li, lh, mi, me, ui, uh, uhNoShortage, sustainedEvents, momentaryEvents);
    }

    private void PieceSums(int e, bool counts, long clipFrom, long toTicks, long sustainedTicks, ref double ci, ref double ch, ref double mi, ref double me, ref bool anySustained, ref bool anyMomentary)
    {
        OutageHistory h = _history;
        long start = h.StartTicks[e];
        double remaining = h.CustomersInterrupted(e);
        for (int s = h.StepStart[e]; s <= h.StepStart[e + 1]; s++)
        {
            bool last = s == h.StepStart[e + 1];
            long t = last ? h.EndTicks[e] : h.StepTicks[s];
            double n = last ? remaining : h.StepCustomers[s];
            remaining -= last ? 0 : n;
            if (n <= 0)
            {
                continue;
            }

            double hours = Math.Max(0, Math.Min(t, toTicks) - clipFrom) / (double)TimeSpan.TicksPerHour;
            if (t - start > sustainedTicks)
            {
                anySustained = true;
                ci += counts ? n : 0;
                ch += n * hours;
            }
            else if (counts)
            {
                anyMomentary = true;
                mi += n;
                me += n;
            }
        }
    }

    private void TransformerPieceSums(int e, bool counts, long clipFrom, long toTicks, long dltTicks, long sustainedTicks, double kvaTotal, bool shortage, ref double ui, ref double uh, ref double uhNoShortage, ref double li, ref double lh)
    {
        OutageHistory h = _history;
        long start = h.StartTicks[e];
        double total = double.IsNaN(h.ExplicitTransformers[e]) ? h.TopoTransformers[e] : h.ExplicitTransformers[e];
        double customers = h.CustomersInterrupted(e);
        double remaining = total;
        for (int s = h.StepStart[e]; s <= h.StepStart[e + 1]; s++)
        {
            bool last = s == h.StepStart[e + 1];
            long t = last ? h.EndTicks[e] : h.StepTicks[s];
            double n;
            if (last)
            {
                n = remaining;
            }
            else
            {
                // A count step without a transformer count restores the same share of transformers as of customers.
                n = !double.IsNaN(h.StepTransformers[s]) ? h.StepTransformers[s] : customers > 0 ? total * h.StepCustomers[s] / customers : 0;
                n = Math.Min(n, remaining);
                remaining -= n;
            }

            if (n <= 0)
            {
                continue;
            }

            double hours = Math.Max(0, Math.Min(t, toTicks) - clipFrom) / (double)TimeSpan.TicksPerHour;
            if (t - start > dltTicks)
            {
                ui += counts ? n : 0;
                uh += n * hours;
                uhNoShortage += shortage ? 0 : n * hours;
            }

            if (t - start > sustainedTicks && total > 0)
            {
                double kva = kvaTotal * n / total;
                li += counts ? kva : 0;
                lh += kva * hours;
            }
        }
    }

    private HistoricalIndices Finish(ServedTotals served, double periodHours, HistoryIndexOptions options, double ci, double ch, double li, double lh, double mi, double me, double ui, double uh, double uhNoShortage, int sustainedEvents, int momentaryEvents)
    {
        int[] customersByRank = _topology.CustomersByRank;
        double cn = 0, cemi = 0, cemsmi = 0, celidS = 0, celidT = 0;
        double s = options.CelidSingle.TotalHours;
        double t = options.CelidTotal.TotalHours;
        for (int i = 0; i < _lpTouchedCount; i++)
        {
            int r = _lpTouched[i];
            double n = customersByRank[r];
            int sustained = _lpSustained[r];
            cn += sustained > 0 ? n : 0;
            cemi += sustained > options.CemiN ? n : 0;
            cemsmi += sustained + _lpMomentary[r] > options.CemsmiN ? n : 0;
            celidS += _lpMaxHours[r] >= s && sustained > 0 ? n : 0;
            celidT += _lpHours[r] >= t && _lpHours[r] > 0 ? n : 0;
        }

        double nt = served.Customers;
        double tt = served.Transformers;
        double saifi = ci / nt;
        double saidi = ch / nt;
        double aihc = uh / tt;
        return new HistoricalIndices
        {
            CustomersServed = served.Customers,
            TransformersServed = served.Transformers,
            ConnectedKva = served.Kva,
            PeriodHours = periodHours,
            SustainedEvents = sustainedEvents,
            MomentaryEvents = momentaryEvents,
            CustomerInterruptions = ci,
            CustomerHours = ch,
            CustomersInterrupted = cn,
            Saifi = saifi,
            Saidi = saidi,
            Caidi = ch / ci,
            Ctaidi = ch / cn,
            Caifi = ci / cn,
            Asai = 1 - (ch / (nt * periodHours)),
            Asifi = li / served.Kva,
            Asidi = lh / served.Kva,
            Maifi = mi / nt,
            MaifiE = me / nt,
            Cemi = cemi / nt,
            Cemsmi = cemsmi / nt,
            CelidS = celidS / nt,
            CelidT = celidT / nt,
            UserInterruptions = ui,
            UserHours = uh,
            Aitc1 = ui / tt,
            Aihc1 = aihc,
            Rs1 = (1 - (aihc / periodHours)) * 100,
            Rs3 = (1 - (uhNoShortage / tt / periodHours)) * 100,
        };
    }

    private void Touch(int r)
    {
        if (_lpStamp[r] != _stamp)
        {
            _lpStamp[r] = _stamp;
            _lpSustained[r] = 0;
            _lpMomentary[r] = 0;
            _lpHours[r] = 0;
            _lpMaxHours[r] = 0;
            _lpTouched[_lpTouchedCount++] = r;
        }
    }

    private void TouchTransformer(int r)
    {
        if (_trStamp[r] != _stamp)
        {
            _trStamp[r] = _stamp;
            _trCount[r] = 0;
            _trHours[r] = 0;
            _trTouched[_trTouchedCount++] = r;
        }
    }
}

/// <summary>Customer-hours of one event, for daily SAIDI.</summary>
internal static class EventSums
{
    /// <summary>Σ r·N over the event's sustained pieces (full, unclipped durations). O(affected load points + steps).</summary>
    public static double CustomerHours(OutageHistory h, int e, long sustainedTicks)
    {
        long start = h.StartTicks[e];
        double sum = 0;
        bool pieces = h.HasCountSteps[e] || (h.TopoCustomers[e] == 0 && !double.IsNaN(h.ExplicitCustomers[e]));
        if (pieces)
        {
            double remaining = h.CustomersInterrupted(e);
            for (int s = h.StepStart[e]; s <= h.StepStart[e + 1]; s++)
            {
                bool last = s == h.StepStart[e + 1];
                long t = last ? h.EndTicks[e] : h.StepTicks[s];
                double n = last ? remaining : h.StepCustomers[s];
                remaining -= last ? 0 : n;
                if (t - start > sustainedTicks)
                {
                    sum += n * (t - start) / (double)TimeSpan.TicksPerHour;
                }
            }

            return sum;
        }

        int[] customers = h.Topology.CustomersByRank;
        bool hasSteps = h.StepStart[e + 1] > h.StepStart[e];
        int listStart = h.ListStart[e];
        int count = listStart >= 0 ? h.LpListLength[e] : h.LpEnd[e] - h.LpFirst[e];
        for (int i = 0; i < count; i++)
        {
            int r = listStart >= 0 ? h.LpList[listStart + i] : h.LpFirst[e] + i;
            long full = (hasSteps ? h.LoadPointRestoreTicks(e, r) : h.EndTicks[e]) - start;
            if (full > sustainedTicks)
            {
                sum += customers[r] * full / (double)TimeSpan.TicksPerHour;
            }
        }

        return sum * h.CustomerScale[e];
    }
}
