using Lumen.Reliability.Voltage;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Xunit;

namespace Lumen.Reliability.Tests.Voltage;

public sealed class DemoVoltageGeneratorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lumen-demo-voltage-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Write_SummerWeek_ReadsBackWithEveningSagsAndLowVoltageCustomers()
    {
        var network = DemoNetworkGenerator.Generate(DemoScale.Small, 11).Build().Network!;
        string path = Path.Combine(_folder, "voltage.csv");
        var from = new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.FromHours(8));
        DemoVoltageSummary summary = DemoVoltageGenerator.Write(network, 5, path, from, from.AddDays(7));
        Assert.Equal(0, summary.CollapsedLevels);
        Assert.Equal((summary.Points * 7L * 24) - summary.MissingReadings, summary.Readings);
        Assert.True(summary.MissingReadings > 0);

        VoltageStatisticsReadResult read = VoltageReadingsReader.Read(path, VoltageProfile.SgccLowVoltage);
        Assert.True(read.Succeeded, string.Join("\n", read.Diagnostics));
        VoltageStatistics stats = read.Statistics!;
        Assert.True(stats.Total.LowVoltageCustomers > 0);
        Assert.True(stats.Total.Totals.MissingMinutes > 0);
        Assert.NotEmpty(stats.Feeders);

        // Episodes are evening sags: most start between 17:00 and 22:00.
        int evening = stats.Episodes.Count(e => e.Start.Hour is >= 17 and < 22);
        Assert.True(evening * 2 > stats.Episodes.Count, $"{evening} of {stats.Episodes.Count} episodes start in the evening");

        // Deterministic.
        string again = Path.Combine(_folder, "again.csv");
        DemoVoltageGenerator.Write(network, 5, again, from, from.AddDays(7));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
    }
}
