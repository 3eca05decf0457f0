using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Lumen.Reliability.History;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;

namespace Lumen.Benchmarks.History;

/// <summary>Seeded synthetic outage events over a province-sized demo network (1M buses).</summary>
internal static class ProvinceHistory
{
    private static Network? s_network;

    public static Network Network => s_network ??= DemoGrid.Generate(DemoScale.Province, 7).Build().Network!;

    /// <summary>
    /// <paramref name="count"/> events over five years: 97 % on transformer fuses (one transformer area each), 3 % on any
    /// device (sections and whole feeders), one in ten with a restoration step. About 50 customers per event.
    /// </summary>
    public static (List<OutageEvent> Events, List<RestorationStep> Steps) Events(int count, int seed)
    {
        Network net = Network;
        var rng = new Random(seed);
        var fuses = new List<int>();
        for (int d = 0; d < net.DeviceCount; d++)
        {
            if (net.DeviceKinds[d] == DeviceKind.Fuse && net.EdgeKinds[net.DeviceEdge[d]] == BranchKind.Transformer)
            {
                fuses.Add(d);
            }
        }

        var origin = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var events = new List<OutageEvent>(count);
        var steps = new List<RestorationStep>();
        string[] causes = ["equipment", "weather", "external_damage", "animal", "overload", "unknown"];
        for (int i = 0; i < count; i++)
        {
            int device = rng.NextDouble() < 0.97 ? fuses[rng.Next(fuses.Count)] : rng.Next(net.DeviceCount);
            DateTimeOffset start = origin.AddMinutes(rng.Next(5 * 365 * 24 * 60));
            double hours = 0.05 + (rng.NextDouble() * 8);
            string id = "E" + i.ToString(CultureInfo.InvariantCulture);
            events.Add(new OutageEvent(id, start, start.AddHours(hours), net.DeviceIds[device], causes[rng.Next(causes.Length)], (OutageNature)rng.Next(4)));
            if (i % 10 == 0)
            {
                steps.Add(new RestorationStep(id, start.AddHours(hours / 2)) { DeviceId = net.DeviceIds[device] });
            }
        }

        return (events, steps);
    }
}

/// <summary>
/// All system indices (IEEE 1366 + DL/T 836, with and without major event days, 2.5β from daily SAIDI) for a period
/// covering every event, over a province network; linear in events.
/// </summary>
[MemoryDiagnoser]
public class HistoryIndexBenchmarks
{
    private OutageHistory _history = null!;
    private HistoryQuery _query = null!;

    /// <summary>Number of outage events.</summary>
    [Params(100_000, 1_000_000)]
    public int Events { get; set; }

    /// <summary>Generates the network and the events, and builds the history once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (List<OutageEvent> events, List<RestorationStep> steps) = ProvinceHistory.Events(Events, 11);
        _history = OutageHistory.Build(ProvinceHistory.Network, events, steps, [], new OutageHistoryOptions { Lenient = true }).History!;
        _query = new HistoryQuery();
        HistoricalIndices x = HistoryStatistics.Compute(_history, _query).AllDays;
        Console.WriteLine($"// {_history.EventCount:N0} events accepted, {x.CustomerInterruptions:N0} customer interruptions, SAIFI {x.Saifi:F3}, SAIDI {x.Saidi:F3} h");
    }

    /// <summary>System indices, major event days and the MED-excluded indices.</summary>
    [Benchmark]
    public HistoryReport SystemIndices() => HistoryStatistics.Compute(_history, _query);
}

/// <summary>CSV import (parse, validate, resolve against the province network, build) of outages.csv.</summary>
[MemoryDiagnoser]
public class HistoryImportBenchmarks
{
    private string _path = null!;

    /// <summary>Rows in outages.csv.</summary>
    [Params(200_000)]
    public int Rows { get; set; }

    /// <summary>Writes the file once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (List<OutageEvent> events, _) = ProvinceHistory.Events(Rows, 13);
        var text = new StringBuilder("event_id,start,end,device_id,cause,nature\n");
        foreach (OutageEvent e in events)
        {
            text.Append(e.EventId).Append(',').Append(e.Start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)).Append(',')
                .Append(e.End.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)).Append(',').Append(e.DeviceId).Append(',')
                .Append(e.Cause).Append(',').Append(e.Nature.ToSnakeCase()).Append('\n');
        }

        _path = Path.Combine(Path.GetTempPath(), $"lumen-bench-outages-{Rows}.csv");
        File.WriteAllText(_path, text.ToString());
    }

    /// <summary>Removes the file.</summary>
    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>Lenient import (overlapping random events are rejected and reported, not thrown).</summary>
    [Benchmark]
    public int Import() => OutageHistoryImporter.Import(ProvinceHistory.Network, new OutageFiles(_path), new HistoryImportOptions { Lenient = true }).History!.EventCount;
}
