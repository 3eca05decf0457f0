using BenchmarkDotNet.Attributes;
using Lumen.Reliability.Voltage;

namespace Lumen.Benchmarks.Voltage;

/// <summary>
/// Streams readings into <see cref="VoltageStatisticsAccumulator"/> (sgcc-low-voltage profile): 10,000 meters read
/// hourly, interleaved by time as a meter-data export is, with evening sags below 198 V on a fifth of the meters.
/// Readings are generated on the fly (no file), so the figure is the statistics kernel, not CSV parsing.
/// </summary>
[MemoryDiagnoser]
public class VoltageStatisticsBenchmarks
{
    private const int Meters = 10_000;

    /// <summary>Readings streamed per operation.</summary>
    [Params(1_000_000, 100_000_000)]
    public long Readings { get; set; }

    /// <summary>All meters over the period, with total monitored hours and episodes as the result.</summary>
    [Benchmark]
    public VoltageGroupSummary Accumulate()
    {
        var accumulator = new VoltageStatisticsAccumulator(VoltageProfile.SgccLowVoltage, new VoltageStatisticsOptions { Interval = TimeSpan.FromHours(1), KeepEpisodes = false });
        for (int m = 0; m < Meters; m++)
        {
            accumulator.RegisterPoint("M" + m.ToString(System.Globalization.CultureInfo.InvariantCulture), 220, "TA" + (m / 20).ToString(System.Globalization.CultureInfo.InvariantCulture), "F" + (m / 400).ToString(System.Globalization.CultureInfo.InvariantCulture), out _);
        }

        var offset = TimeSpan.FromHours(8);
        long startTicks = new DateTime(2023, 1, 1, 0, 0, 0).Ticks;
        long hours = Readings / Meters;
        uint state = 2463534242;
        for (long h = 0; h < hours; h++)
        {
            var timestamp = new DateTimeOffset(startTicks + (h * TimeSpan.TicksPerHour), offset);
            int hourOfDay = (int)(h % 24);
            double sag = hourOfDay is >= 18 and < 22 ? 30 : 0;
            for (int m = 0; m < Meters; m++)
            {
                // xorshift32 noise: cheap and deterministic.
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                double v = 224 + ((state & 1023) * 0.01) - (m % 5 == 0 ? sag : 0);
                accumulator.Add(m, timestamp, v);
            }
        }

        return accumulator.Complete().Total;
    }
}
