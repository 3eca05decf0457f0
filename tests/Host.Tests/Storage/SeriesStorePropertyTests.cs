using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Forecast.Data;
using Lumen.Host.Storage.DuckDb;
using Lumen.Host.Storage.Series;
using Lumen.Reliability.Voltage;

namespace Lumen.Host.Tests.Storage;

/// <summary>
/// The DuckDB series store on random inputs: a load series reads back exactly as the library's reader parsed the file, and
/// voltage statistics from the store (after overlapping imports) equal the accumulator fed the expected readings directly.
/// </summary>
public sealed class SeriesStorePropertyTests
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    private static (string Folder, DuckDbStore Store, SeriesRepository Repository) NewStore()
    {
        string folder = Directory.CreateTempSubdirectory("lumen-series-prop-").FullName;
        var store = new DuckDbStore(Path.Combine(folder, "lumen.duckdb"));
        return (folder, store, new SeriesRepository(store, new DuckDbSeriesStore(store), TimeProvider.System));
    }

    [Xunit.Fact]
    public void Import_FailingInsideTheTransaction_LeavesTheStoreUnchanged()
    {
        (string folder, DuckDbStore store, SeriesRepository repository) = NewStore();
        try
        {
            string load = Path.Combine(folder, "F1.csv");
            File.WriteAllText(load, "timestamp,load_mw\n" + string.Concat(Enumerable.Range(0, 48).Select(h => $"{new DateTime(2025, 1, 1).AddHours(h):yyyy-MM-dd'T'HH:mm},{h}\n")));
            string voltage = Path.Combine(folder, "v.csv");
            File.WriteAllText(voltage, "point_id,timestamp,voltage_v,nominal_v\nM1,2025-01-01T00:00:00+08:00,220,220\nM1,2025-01-01T01:00:00+08:00,190,220\n");
            repository.FaultInjection = stage => throw new IOException("disk full at " + stage);
            Xunit.Assert.Throws<IOException>(() => repository.ImportLoad([load], "t"));
            Xunit.Assert.Throws<IOException>(() => repository.ImportVoltage(voltage));
            Xunit.Assert.Equal(0, repository.Revision());
            Xunit.Assert.Empty(repository.ListLoad());
            Xunit.Assert.Equal(0, repository.Coverage().Points);
            Xunit.Assert.Null(repository.VoltageStatistics(null, null, null, CancellationToken.None));

            repository.FaultInjection = null;
            Xunit.Assert.Equal(Lumen.Host.Storage.DuckDb.ImportStatus.Created, repository.ImportLoad([load], "t").Status);
            Xunit.Assert.Equal(48, repository.ReadLoad(repository.ListLoad().Single()).Length);
        }
        finally
        {
            store.Dispose();
            Directory.Delete(folder, true);
        }
    }

    [Property(MaxTest = 20)]
    public Property LoadSeries_ReadsBackAsTheReaderParsedTheFile(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        (string folder, DuckDbStore store, SeriesRepository repository) = NewStore();
        try
        {
            int days = 2 + rng.Next(14);
            bool temperature = rng.Next(2) == 0;
            var sb = new StringBuilder(temperature ? "timestamp,load_mw,temperature_c\n" : "timestamp,load_mw\n");
            var start = new DateTime(2025, 1, 1).AddHours(rng.Next(0, 30));
            for (int t = 0; t < days * 24; t++)
            {
                if (rng.NextDouble() < 0.05)
                {
                    continue; // a missing row
                }

                string load = rng.NextDouble() < 0.03 ? string.Empty : (rng.NextDouble() * 5).ToString("R", s_inv);
                sb.Append(start.AddHours(t).ToString("yyyy-MM-dd'T'HH:mm", s_inv)).Append(',').Append(load);
                if (temperature)
                {
                    sb.Append(',').Append((rng.NextDouble() * 30).ToString("0.00", s_inv));
                }

                sb.Append('\n');
            }

            string path = Path.Combine(folder, "S1.csv");
            File.WriteAllText(path, sb.ToString());
            LoadReadResult read = LoadCsvReader.Read(path);
            SeriesImportOutcome outcome = repository.ImportLoad([path], "prop");
            if (read.Series is not LoadSeries expected)
            {
                return (outcome.Status == Lumen.Host.Storage.DuckDb.ImportStatus.Invalid && repository.ListLoad().Count == 0).Label("invalid file stored nothing");
            }

            StoredLoadSeries info = repository.ListLoad().Single();
            LoadSeries actual = repository.ReadLoad(info);
            bool same = actual.Start == expected.Start && actual.PeriodsPerDay == expected.PeriodsPerDay && actual.Length == expected.Length
                && actual.HasTemperature == expected.HasTemperature
                && actual.LoadMw.SequenceEqual(expected.LoadMw) && actual.TemperatureC.SequenceEqual(expected.TemperatureC);
            return same.Label($"{days} days, temperature {temperature}");
        }
        finally
        {
            store.Dispose();
            Directory.Delete(folder, true);
        }
    }

    [Property(MaxTest = 20)]
    public Property VoltageStatistics_FromTheStore_AfterOverlappingImports_EqualTheAccumulatorOnTheExpectedReadings(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        (string folder, DuckDbStore store, SeriesRepository repository) = NewStore();
        try
        {
            int points = 1 + rng.Next(4);
            var origin = new DateTimeOffset(2025, 11, 30, 20, 0, 0, TimeSpan.FromHours(8));
            Dictionary<(int Point, int Hour), double> Readings(int from, int to)
            {
                var r = new Dictionary<(int, int), double>();
                for (int h = from; h < to; h++)
                {
                    for (int p = 0; p < points; p++)
                    {
                        if (rng.NextDouble() >= 0.1)
                        {
                            r[(p, h)] = Math.Round(185 + (rng.NextDouble() * 60), 1);
                        }
                    }
                }

                return r;
            }

            string Write(string name, Dictionary<(int Point, int Hour), double> readings)
            {
                var sb = new StringBuilder("point_id,timestamp,voltage_v,nominal_v,area_id,feeder_id\n");
                foreach (((int p, int h), double v) in readings.OrderBy(kv => kv.Key.Hour).ThenBy(kv => kv.Key.Point))
                {
                    sb.Append(s_inv, $"P{p},{origin.AddHours(h):yyyy-MM-dd'T'HH:mm:sszzz},{v.ToString("R", s_inv)},220,A{p},F{p % 2}\n");
                }

                string path = Path.Combine(folder, name);
                File.WriteAllText(path, sb.ToString());
                return path;
            }

            int n = 2 + rng.Next(60);
            int k = rng.Next(n);
            Dictionary<(int, int), double> first = Readings(0, n);
            Dictionary<(int, int), double> second = Readings(k, k + 1 + rng.Next(40));
            repository.ImportVoltage(Write("a.csv", first));
            repository.ImportVoltage(Write("b.csv", second));

            // Expected: per point, the second file replaces the first within the span it covers for that point.
            var expected = new Dictionary<(int Point, int Hour), double>(first);
            foreach (int p in second.Keys.Select(x => x.Item1).Distinct())
            {
                int lo = second.Keys.Where(x => x.Item1 == p).Min(x => x.Item2);
                int hi = second.Keys.Where(x => x.Item1 == p).Max(x => x.Item2);
                foreach ((int, int) key in expected.Keys.Where(x => x.Point == p && x.Hour >= lo && x.Hour <= hi).ToList())
                {
                    expected.Remove(key);
                }
            }

            foreach (KeyValuePair<(int, int), double> kv in second)
            {
                expected[kv.Key] = kv.Value;
            }

            var accumulator = new VoltageStatisticsAccumulator(SeriesRepository.Profile);
            var index = new Dictionary<int, int>();
            foreach (((int p, int h), double v) in expected.OrderBy(kv => kv.Key.Point).ThenBy(kv => kv.Key.Hour))
            {
                if (!index.TryGetValue(p, out int i))
                {
                    index[p] = i = accumulator.RegisterPoint($"P{p}", 220, $"A{p}", $"F{p % 2}", out _);
                }

                accumulator.Add(i, origin.AddHours(h), v);
            }

            VoltageStatistics? oracle = expected.Count == 0 ? null : accumulator.Complete();
            VoltageStatistics? stored = repository.VoltageStatistics(null, null, null, CancellationToken.None);
            if (oracle is null || stored is null)
            {
                return (oracle is null && stored is null).Label("both empty");
            }

            bool same = oracle.Total == stored.Total && oracle.Feeders.SequenceEqual(stored.Feeders) && oracle.Episodes.SequenceEqual(stored.Episodes)
                && oracle.Months.SequenceEqual(stored.Months);
            return same.Label($"{points} points, {n} h then {second.Count} readings from hour {k}: {oracle.Total} vs {stored.Total}");
        }
        finally
        {
            store.Dispose();
            Directory.Delete(folder, true);
        }
    }
}
