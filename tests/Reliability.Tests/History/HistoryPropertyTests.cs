using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Reliability.History;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Tests.History;

/// <summary>
/// The index kernel against a brute-force per-customer computation: every customer is visited for every event, its
/// interruption found by walking parent pointers up to the event's device, its restoration time by the nearest step
/// device on that path. Random radial networks, devices, transformers and events with steps, momentaries and clipping.
/// </summary>
public sealed class HistoryPropertyTests
{
    private static readonly DateTimeOffset s_origin = new(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));

    private sealed record Case(Network Network, List<OutageEvent> Events, List<RestorationStep> Steps, List<MomentaryInterruption> Momentary, DateTimeOffset From, DateTimeOffset To);

    private static Case Generate(int seed, int nodes, int eventCount)
    {
        var rng = new Random(seed);
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("N0", NodeKind.Source, SourceLocation.None));
        var kinds = new[] { DeviceKind.Breaker, DeviceKind.Fuse, DeviceKind.Recloser, DeviceKind.LoadBreakSwitch };
        int devices = 0;
        for (int i = 1; i < nodes; i++)
        {
            int parent = rng.NextDouble() < 0.5 ? i - 1 : rng.Next(i);
            bool transformer = rng.NextDouble() < 0.3;
            b.AddBus(new BusSpec($"N{i}", NodeKind.Bus, SourceLocation.None));
            b.AddBranch(new BranchSpec($"E{i}", $"N{parent}", $"N{i}", transformer ? BranchKind.Transformer : BranchKind.OverheadLine, SourceLocation.None)
            {
                LengthKm = 1,
                Rating = transformer ? 100 * (1 + rng.Next(6)) : double.NaN,
            });
            if (i == 1 || rng.NextDouble() < 0.5)
            {
                b.AddDevice(new DeviceSpec($"D{devices++}", $"E{i}", rng.Next(2) == 0 ? $"N{parent}" : $"N{i}", kinds[rng.Next(kinds.Length)], SourceLocation.None));
            }

            if (rng.NextDouble() < 0.6)
            {
                b.AddLoadPoint(new LoadPointSpec($"LP{i}", $"N{i}", SourceLocation.None) { Customers = 1 + rng.Next(50) });
            }
        }

        Network network = b.Build().Network!;
        RadialTrace trace = network.Normal;
        var events = new List<OutageEvent>();
        var steps = new List<RestorationStep>();
        var natures = OutageNatures.All;
        for (int k = 0; k < eventCount; k++)
        {
            // One event a day, at most 20 h long: no overlaps on a device.
            int d = rng.Next(network.DeviceCount);
            DateTimeOffset start = s_origin.AddDays(k).AddMinutes(rng.Next(240));
            double minutes = rng.NextDouble() < 0.2 ? 1 + rng.Next(6) : 1 + rng.Next(1200);
            string id = $"X{k}";
            events.Add(new OutageEvent(id, start, start.AddMinutes(minutes), network.DeviceIds[d], rng.Next(3) == 0 ? "weather" : "equipment", natures[rng.Next(natures.Count)]));
            int top = ChildOf(trace, network, network.DeviceEdge[d]);
            foreach (int v in trace.Downstream(top))
            {
                if (v == top || rng.NextDouble() > 0.3)
                {
                    continue;
                }

                foreach (int dv in network.DevicesOn(trace.ParentEdge[v]))
                {
                    if (rng.NextDouble() < 0.5)
                    {
                        steps.Add(new RestorationStep(id, start.AddMinutes(rng.NextDouble() * minutes)) { DeviceId = network.DeviceIds[dv] });
                        break;
                    }
                }
            }
        }

        var momentary = new List<MomentaryInterruption>();
        for (int k = 0; k < eventCount / 2; k++)
        {
            momentary.Add(new MomentaryInterruption($"M{k}", s_origin.AddDays(rng.NextDouble() * eventCount), network.DeviceIds[rng.Next(network.DeviceCount)], 1 + rng.Next(3)));
        }

        return new Case(network, events, steps, momentary, s_origin.AddDays(0.7), s_origin.AddDays(eventCount - 0.7));
    }

    private static int ChildOf(RadialTrace trace, Network network, int edge) =>
        trace.ParentEdge[network.EdgeTo[edge]] == edge ? network.EdgeTo[edge] : network.EdgeFrom[edge];

    /// <summary>The nearest node on the path from <paramref name="node"/> up to the source that is in <paramref name="tops"/>, or -1.</summary>
    private static int NearestTop(RadialTrace trace, int node, Dictionary<int, long> tops)
    {
        for (int v = node; v >= 0; v = trace.Parent[v])
        {
            if (tops.ContainsKey(v))
            {
                return v;
            }
        }

        return -1;
    }

    private static bool Below(RadialTrace trace, int node, int top)
    {
        for (int v = node; v >= 0; v = trace.Parent[v])
        {
            if (v == top)
            {
                return true;
            }
        }

        return false;
    }

    private static HistoricalIndices BruteForce(Case c, HistoryIndexOptions o)
    {
        Network net = c.Network;
        RadialTrace trace = net.Normal;
        long from = c.From.UtcTicks, to = c.To.UtcTicks;
        double periodHours = (c.To - c.From).TotalHours;

        // Per customer: expand each load point into its individual customers.
        var customers = new List<int>();
        for (int lp = 0; lp < net.LoadPointCount; lp++)
        {
            for (int k = 0; k < net.Customers[lp]; k++)
            {
                customers.Add(net.LoadPointNode[lp]);
            }
        }

        var transformers = new List<int>();
        double kvaTotal = 0;
        for (int e = 0; e < net.EdgeCount; e++)
        {
            if (net.EdgeKinds[e] == BranchKind.Transformer)
            {
                transformers.Add(e);
                kvaTotal += net.EdgeRating[e];
            }
        }

        var count = new int[customers.Count];
        var momentaryCount = new int[customers.Count];
        var hours = new double[customers.Count];
        var longest = new double[customers.Count];
        double ci = 0, ch = 0, li = 0, lh = 0, mi = 0, me = 0, ui = 0, uh = 0, uh3 = 0;
        foreach (OutageEvent ev in c.Events)
        {
            net.TryGetDevice(ev.DeviceId, out DeviceIndex d);
            int top = ChildOf(trace, net, net.DeviceEdge[d.Value]);
            var stepTops = new Dictionary<int, long>();
            foreach (RestorationStep s in c.Steps.Where(s => s.EventId == ev.EventId))
            {
                net.TryGetDevice(s.DeviceId!, out DeviceIndex sd);
                stepTops[ChildOf(trace, net, net.DeviceEdge[sd.Value])] = s.Time.UtcTicks;
            }

            long start = ev.Start.UtcTicks;
            bool counts = start >= from && start < to;
            long Restore(int node)
            {
                int nearest = NearestTop(trace, node, stepTops);
                return nearest >= 0 && Below(trace, nearest, top) ? stepTops[nearest] : ev.End.UtcTicks;
            }

            double Clipped(long restore) => Math.Max(0, Math.Min(restore, to) - Math.Max(start, from)) / (double)TimeSpan.TicksPerHour;

            for (int i = 0; i < customers.Count; i++)
            {
                if (!Below(trace, customers[i], top))
                {
                    continue;
                }

                long restore = Restore(customers[i]);
                if (restore - start > o.SustainedThreshold.Ticks)
                {
                    double h = Clipped(restore);
                    ci += counts ? 1 : 0;
                    ch += h;
                    count[i] += counts ? 1 : 0;
                    hours[i] += h;
                    longest[i] = counts ? Math.Max(longest[i], h) : longest[i];
                }
                else if (counts)
                {
                    mi++;
                    me++;
                    momentaryCount[i]++;
                }
            }

            foreach (int e in transformers)
            {
                int child = ChildOf(trace, net, e);
                if (!Below(trace, child, top))
                {
                    continue;
                }

                long restore = Restore(child);
                double h = Clipped(restore);
                if (restore - start > o.DlT836Threshold.Ticks)
                {
                    ui += counts ? 1 : 0;
                    uh += h;
                    uh3 += ev.Nature == OutageNature.SupplyShortage ? 0 : h;
                }

                if (restore - start > o.SustainedThreshold.Ticks)
                {
                    li += counts ? net.EdgeRating[e] : 0;
                    lh += net.EdgeRating[e] * h;
                }
            }
        }

        foreach (MomentaryInterruption m in c.Momentary)
        {
            if (m.Time.UtcTicks < from || m.Time.UtcTicks >= to)
            {
                continue;
            }

            net.TryGetDevice(m.DeviceId, out DeviceIndex d);
            int top = ChildOf(trace, net, net.DeviceEdge[d.Value]);
            for (int i = 0; i < customers.Count; i++)
            {
                if (Below(trace, customers[i], top))
                {
                    mi += m.Operations;
                    me++;
                    momentaryCount[i]++;
                }
            }
        }

        double nt = customers.Count;
        double cn = count.Count(x => x > 0);
        return new HistoricalIndices
        {
            Saifi = ci / nt,
            Saidi = ch / nt,
            Ctaidi = ch / cn,
            Caifi = ci / cn,
            Asai = 1 - (ch / (nt * periodHours)),
            Asifi = li / kvaTotal,
            Asidi = lh / kvaTotal,
            Maifi = mi / nt,
            MaifiE = me / nt,
            Cemi = count.Count(x => x > o.CemiN) / nt,
            Cemsmi = Enumerable.Range(0, customers.Count).Count(i => count[i] + momentaryCount[i] > o.CemsmiN) / nt,
            CelidS = Enumerable.Range(0, customers.Count).Count(i => count[i] > 0 && longest[i] >= o.CelidSingle.TotalHours) / nt,
            CelidT = hours.Count(x => x > 0 && x >= o.CelidTotal.TotalHours) / nt,
            Aitc1 = ui / transformers.Count,
            Aihc1 = uh / transformers.Count,
            Rs1 = (1 - (uh / transformers.Count / periodHours)) * 100,
            Rs3 = (1 - (uh3 / transformers.Count / periodHours)) * 100,
        };
    }

    private static bool Close(double a, double b) => a.Equals(b) || Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b));

    [Property(MaxTest = 60)]
    public Property Compute_MatchesBruteForcePerCustomer(PositiveInt seed, PositiveInt size, PositiveInt events)
    {
        Case c = Generate(seed.Get, 3 + (size.Get % 40), 3 + (events.Get % 25));
        var options = new HistoryIndexOptions { CemiN = 1, CemsmiN = 2, CelidSingle = TimeSpan.FromHours(4), CelidTotal = TimeSpan.FromHours(10) };
        HistoryBuildResult built = OutageHistory.Build(c.Network, c.Events, c.Steps, c.Momentary);
        if (!built.Succeeded || c.Network.TotalCustomers == 0)
        {
            return true.ToProperty().When(built.Succeeded || c.Network.TotalCustomers == 0).Label(string.Join("\n", built.Diagnostics));
        }

        HistoricalIndices fast = HistoryStatistics.Compute(built.History!, new HistoryQuery(c.From, c.To) { Options = options }).System;
        HistoricalIndices slow = BruteForce(c, options);
        var pairs = new (string Name, double Fast, double Slow)[]
        {
            ("SAIFI", fast.Saifi, slow.Saifi), ("SAIDI", fast.Saidi, slow.Saidi), ("CTAIDI", fast.Ctaidi, slow.Ctaidi),
            ("CAIFI", fast.Caifi, slow.Caifi), ("ASAI", fast.Asai, slow.Asai), ("ASIFI", fast.Asifi, slow.Asifi),
            ("ASIDI", fast.Asidi, slow.Asidi), ("MAIFI", fast.Maifi, slow.Maifi), ("MAIFI_E", fast.MaifiE, slow.MaifiE),
            ("CEMI", fast.Cemi, slow.Cemi), ("CEMSMI", fast.Cemsmi, slow.Cemsmi), ("CELID-s", fast.CelidS, slow.CelidS),
            ("CELID-t", fast.CelidT, slow.CelidT), ("AITC-1", fast.Aitc1, slow.Aitc1), ("AIHC-1", fast.Aihc1, slow.Aihc1),
            ("RS-1", fast.Rs1, slow.Rs1), ("RS-3", fast.Rs3, slow.Rs3),
        };
        string failures = string.Join("; ", pairs.Where(p => !Close(p.Fast, p.Slow)).Select(p => $"{p.Name} fast {p.Fast} slow {p.Slow}"));
        return (failures.Length == 0).ToProperty().Label(failures);
    }

    /// <summary>
    /// The cause filter equals the brute force on the history of that cause's events alone (no momentary records: they
    /// carry no cause), over system customers; the feeder filter equals the feeder's row of the feeder split.
    /// </summary>
    [Property(MaxTest = 40)]
    public Property Compute_CauseAndFeederFilters_MatchBruteForceAndSplit(PositiveInt seed, PositiveInt size, PositiveInt events)
    {
        Case c = Generate(seed.Get, 3 + (size.Get % 40), 3 + (events.Get % 25));
        var options = new HistoryIndexOptions { CemiN = 1, CemsmiN = 2 };
        HistoryBuildResult built = OutageHistory.Build(c.Network, c.Events, c.Steps, c.Momentary);
        if (!built.Succeeded || c.Network.TotalCustomers == 0)
        {
            return true.ToProperty().When(built.Succeeded || c.Network.TotalCustomers == 0).Label(string.Join("\n", built.Diagnostics));
        }

        var failures = new List<string>();
        foreach (string cause in built.History!.Causes)
        {
            HistoricalIndices fast = HistoryStatistics.Compute(built.History, new HistoryQuery(c.From, c.To) { Options = options, Cause = cause }).System;
            var ids = c.Events.Where(e => e.Cause == cause).Select(e => e.EventId).ToHashSet();
            Case only = c with { Events = c.Events.Where(e => ids.Contains(e.EventId)).ToList(), Steps = c.Steps.Where(s => ids.Contains(s.EventId)).ToList(), Momentary = [] };
            HistoricalIndices slow = BruteForce(only, options);
            failures.AddRange(Compare(fast, slow).Select(f => $"cause {cause}: {f}"));
        }

        HistoryReport split = HistoryStatistics.Compute(built.History, new HistoryQuery(c.From, c.To) { Options = options, Splits = HistorySplits.Feeder });
        foreach (SplitIndices row in split.Splits["feeder"])
        {
            HistoricalIndices filtered = HistoryStatistics.Compute(built.History, new HistoryQuery(c.From, c.To) { Options = options, Feeder = row.Key }).System;
            failures.AddRange(Compare(filtered, row.Indices).Select(f => $"feeder {row.Key}: {f}"));
        }

        return (failures.Count == 0).ToProperty().Label(string.Join("; ", failures));
    }

    private static IEnumerable<string> Compare(HistoricalIndices fast, HistoricalIndices slow)
    {
        var pairs = new (string Name, double Fast, double Slow)[]
        {
            ("SAIFI", fast.Saifi, slow.Saifi), ("SAIDI", fast.Saidi, slow.Saidi), ("CAIFI", fast.Caifi, slow.Caifi),
            ("MAIFI", fast.Maifi, slow.Maifi), ("CEMI", fast.Cemi, slow.Cemi), ("CELID-t", fast.CelidT, slow.CelidT),
            ("AITC-1", fast.Aitc1, slow.Aitc1), ("AIHC-1", fast.Aihc1, slow.Aihc1), ("RS-1", fast.Rs1, slow.Rs1),
        };
        return pairs.Where(p => !Close(p.Fast, p.Slow)).Select(p => $"{p.Name} fast {p.Fast} slow {p.Slow}");
    }
}
