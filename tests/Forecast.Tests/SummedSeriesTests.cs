using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Forecast.Data;
using Lumen.Forecast.Peaks;
using Xunit;

namespace Lumen.Forecast.Tests;

/// <summary>
/// <see cref="SummedSeries"/>: a feeder's load from its transformers' series, added period by period on their common
/// days, against an oracle that adds the readings by timestamp.
/// </summary>
public sealed class SummedSeriesTests
{
    private static readonly int[] s_grids = [24, 48, 96];

    [Fact]
    public void Parts_AreAddedOnTheirCommonDays_AlignedOnTimestamps()
    {
        // A: 4 days from 1 March; B: 3 days from 2 March. The sum covers 2-4 March.
        LoadSeries a = Constant("A", new DateTime(2024, 3, 1), 24, 4, t => t);
        LoadSeries b = Constant("B", new DateTime(2024, 3, 2), 24, 3, t => 1000 + t);

        LoadSeries sum = SummedSeries.Of("F1", [a, b])!;

        Assert.Equal(("F1", new DateTime(2024, 3, 2), 24, 72), (sum.Name, sum.Start, sum.PeriodsPerDay, sum.Length));
        // Period 0 of the sum is A's period 24 (2 March 00:00) and B's period 0.
        Assert.Equal(24 + 1000, sum.LoadMw[0]);
        Assert.Equal(24 + 71 + 1000 + 71, sum.LoadMw[71]);
    }

    [Fact]
    public void AGapInAPart_IsAGapOfTheSum_AndAFinerPartIsAveragedToTheCoarserGrid()
    {
        LoadSeries hourly = Constant("A", new DateTime(2024, 3, 1), 24, 2, t => t == 5 ? double.NaN : 1);
        LoadSeries quarter = Constant("B", new DateTime(2024, 3, 1), 96, 2, t => t % 4);

        LoadSeries sum = SummedSeries.Of("F1", [hourly, quarter])!;

        Assert.Equal((24, 48), (sum.PeriodsPerDay, sum.Length));
        Assert.True(double.IsNaN(sum.LoadMw[5]));
        Assert.Equal(1 + 1.5, sum.LoadMw[6]);
    }

    [Fact]
    public void PartsSharingNoDay_HaveNoSum_AndTemperatureIsTheMeanOfThePartsWithOne()
    {
        LoadSeries a = Constant("A", new DateTime(2024, 3, 1), 24, 2, _ => 1, temperature: 10);
        LoadSeries b = Constant("B", new DateTime(2024, 3, 1), 24, 2, _ => 2, temperature: 20);
        LoadSeries c = Constant("C", new DateTime(2024, 3, 1), 24, 2, _ => 3);
        Assert.Null(SummedSeries.Of("F1", [a, Constant("D", new DateTime(2024, 3, 3), 24, 2, _ => 1)]));

        LoadSeries sum = SummedSeries.Of("F1", [a, b, c])!;

        Assert.True(sum.HasTemperature);
        Assert.All(sum.TemperatureC.ToArray(), t => Assert.Equal(15, t, 12));
        Assert.All(sum.LoadMw.ToArray(), y => Assert.Equal(6, y, 12));
        Assert.False(SummedSeries.Of("F1", [c])!.HasTemperature);
    }

    [Property(MaxTest = 100)]
    public Property Sum_EqualsTheReadingsAddedByTimestamp(PositiveInt seed, byte count)
    {
        var random = new Random(seed.Get);
        var parts = new LoadSeries[1 + (count % 4)];
        for (int i = 0; i < parts.Length; i++)
        {
            int grid = s_grids[random.Next(3)];
            parts[i] = Constant($"P{i}", new DateTime(2024, 1, 1).AddDays(random.Next(4)), grid, 1 + random.Next(5), _ => random.Next(10) == 0 ? double.NaN : random.NextDouble());
        }

        // Oracle: every reading by its time; the sum's period is the mean of each part's readings inside it, added.
        int perDay = parts.Min(p => p.PeriodsPerDay);
        DateTime start = parts.Max(p => p.Start);
        DateTime end = parts.Min(p => p.Start.AddDays(p.DayCount));
        LoadSeries? sum = SummedSeries.Of("F", parts);
        if (end <= start)
        {
            return (sum is null).ToProperty();
        }

        TimeSpan step = TimeSpan.FromMinutes(1440.0 / perDay);
        var expected = new List<double>();
        for (DateTime t = start; t < end; t += step)
        {
            double total = 0;
            foreach (LoadSeries p in parts)
            {
                var inside = Enumerable.Range(0, p.Length).Where(k => p.TimeOf(k) >= t && p.TimeOf(k) < t + step).Select(k => p.LoadMw[k]).ToList();
                total += inside.Sum() / inside.Count;
            }

            expected.Add(total);
        }

        return (sum is not null && sum.Start == start && sum.PeriodsPerDay == perDay
            && sum.LoadMw.ToArray().Zip(expected).All(x => (double.IsNaN(x.First) && double.IsNaN(x.Second)) || Math.Abs(x.First - x.Second) < 1e-9)
            && sum.Length == expected.Count).ToProperty();
    }

    private static LoadSeries Constant(string name, DateTime start, int perDay, int days, Func<int, double> load, double? temperature = null)
    {
        double[] y = [.. Enumerable.Range(0, perDay * days).Select(load)];
        return new LoadSeries(name, start, perDay, y, temperature is double c ? [.. Enumerable.Repeat(c, y.Length)] : null);
    }
}
