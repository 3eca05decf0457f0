using System.Globalization;
using CsvHelper;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Tests.Voltage;

public sealed class DemoVoltageGeneratorTests : IDisposable
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly string _folder = Directory.CreateTempSubdirectory("lumen-demo-voltage-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Write_SummerPeakWeek_MetersFindTheLowAreasOfThePeakPowerFlow()
    {
        // A 6,000-bus demo whose peak power flow has a few dozen low areas; a July week reaches the peak on weekday
        // evenings (load level 1, the power flow's state).
        Net network = DemoGrid.Generate(6_000, 1).Build().Network!;
        string path = Path.Combine(_folder, "july.csv");
        var from = new DateTimeOffset(2025, 7, 7, 0, 0, 0, China);
        DemoVoltageSummary summary = DemoVoltageGenerator.Write(network, 5, path, from, from.AddDays(7));
        Assert.Equal(0, summary.CollapsedLevels);
        Assert.Equal((summary.Points * 7L * 24) - summary.MissingReadings, summary.Readings);
        Assert.True(summary.MissingReadings > 0);

        VoltageStatisticsReadResult read = VoltageReadingsReader.Read(path, VoltageProfile.GbT12325);
        Assert.True(read.Succeeded, string.Join("\n", read.Diagnostics));
        VoltageStatistics stats = read.Statistics!;
        var meterLow = stats.Episodes.Select(e => e.AreaId).ToHashSet();
        LowVoltageReport peak = LowVoltagePrediction.Predict(network, new PowerFlowScenario { LoadScale = 1, SourceVoltagePu = DemoNetworkGenerator.SourceVoltagePu }, VoltageProfile.GbT12325);
        var predictedLow = peak.LowAreas.Select(a => a.LoadPointId).ToHashSet();

        // The meters read the busbar the power flow judges, against the same 380 V limits: every area the peak power
        // flow finds low, the meters find low at the peak hours; they find a few more, whose own load runs above the
        // coincident level.
        Assert.InRange(predictedLow.Count, 5, 60);
        Assert.Subset(meterLow, predictedLow);
        Assert.True(meterLow.Count <= (2 * predictedLow.Count) + 5, $"meters {meterLow.Count} low areas, power flow {predictedLow.Count}");
        Assert.True(stats.Total.Totals.ComplianceRate > 0.98, $"compliance {stats.Total.Totals.ComplianceRate:P2}");
        Assert.True(stats.Total.Totals.MissingMinutes > 0);

        // Episodes are evening sags: most start between 17:00 and 22:00.
        int evening = stats.Episodes.Count(e => e.Start.Hour is >= 17 and < 22);
        Assert.True(evening * 2 > stats.Episodes.Count, $"{evening} of {stats.Episodes.Count} episodes start in the evening");

        // A winter week peaks at 0.9 of the summer peak: fewer low areas.
        string december = Path.Combine(_folder, "december.csv");
        var winter = new DateTimeOffset(2025, 12, 25, 0, 0, 0, China);
        DemoVoltageGenerator.Write(network, 5, december, winter, winter.AddDays(7));
        VoltageStatistics winterStats = VoltageReadingsReader.Read(december, VoltageProfile.GbT12325).Statistics!;
        Assert.True(winterStats.Episodes.Select(e => e.AreaId).Distinct().Count() < meterLow.Count);

        // Deterministic.
        string again = Path.Combine(_folder, "again.csv");
        DemoVoltageGenerator.Write(network, 5, again, from, from.AddDays(7));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
    }

    [Fact]
    public void Write_AreaIdWithCommaAndQuotes_ReadsBackAsItIs()
    {
        // A demo network whose first 0.4 kV transformer area is renamed to an id that must be quoted in CSV.
        const string Renamed = "TA \"7\", north";
        Net demo = DemoGrid.Generate(300, 2).Build().Network!;
        string folder = Path.Combine(_folder, "network");
        LumenCsvWriter.Write(demo, folder);
        string old = demo.LoadPointIds[Enumerable.Range(0, demo.LoadPointCount).First(l => demo.NominalKv[demo.LoadPointNode[l]] < 1)];
        string loadPoints = Path.Combine(folder, "load_points.csv");
        string[][] records = ReadRecords(loadPoints);
        int id = Array.IndexOf(records[0], "load_point_id");
        using (CsvWriter csv = CsvWriter.Create(new StreamWriter(loadPoints), new CsvWriterOptions(), leaveOpen: false))
        {
            foreach (string[] record in records)
            {
                foreach (string field in record)
                {
                    csv.WriteField(field == old && field == record[id] ? Renamed : field);
                }

                csv.EndRecord();
            }
        }

        NetworkImportResult imported = NetworkImporter.Import(folder, null);
        Assert.True(imported.Succeeded, string.Join("\n", imported.Diagnostics));
        string path = Path.Combine(_folder, "quoted.csv");
        var from = new DateTimeOffset(2025, 7, 7, 0, 0, 0, China);
        DemoVoltageGenerator.Write(imported.Network!, 5, path, from, from.AddDays(1));

        // CsvHelper, the oracle, reads six fields on every row and the renamed area as it is; so does the readings reader.
        string[][] rows = ReadRecords(path);
        Assert.Equal(["point_id", "timestamp", "voltage_v", "nominal_v", "area_id", "feeder_id"], rows[0]);
        Assert.All(rows, r => Assert.Equal(6, r.Length));
        Assert.Contains(rows, r => r[0] == Renamed + "-M" && r[4] == Renamed);
        VoltageStatisticsReadResult read = VoltageReadingsReader.Read(path, VoltageProfile.GbT12325);
        Assert.True(read.Succeeded, string.Join("\n", read.Diagnostics));
    }

    private static string[][] ReadRecords(string path)
    {
        using CsvReader parser = CsvReader.Create(new StreamReader(path), new CsvReaderOptions { Separator = ',', HasHeader = false, MalformedData = CsvMalformedDataHandling.Throw }, leaveOpen: false);
        var records = new List<string[]>();
        while (parser.Read())
        {
            records.Add(parser.Current.ToArray());
        }

        return [.. records];
    }
}
