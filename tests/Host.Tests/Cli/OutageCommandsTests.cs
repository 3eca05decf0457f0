using System.Text.Json;
using Lumen.Host.Cli;
using Lumen.Reliability.History.Demo;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

/// <summary>A small demo network and two years of generated history written to a temporary folder, shared by the class.</summary>
public sealed class OutageCliFixture : IDisposable
{
    public OutageCliFixture()
    {
        Folder = Directory.CreateTempSubdirectory("lumen-outage-cli-").FullName;
        Network network = DemoGrid.Generate(DemoScale.Small, 3).Build().Network!;
        LumenCsvWriter.Write(network, NetworkFolder);
        DemoHistoryGenerator.Write(network, 5, HistoryFolder, new DateOnly(2022, 1, 1), 2);
    }

    public string Folder { get; }

    public string NetworkFolder => Path.Combine(Folder, "network");

    public string HistoryFolder => Path.Combine(Folder, "history");

    public string File(string name) => Path.Combine(HistoryFolder, name);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

public sealed class OutageCommandsTests(OutageCliFixture fixture) : IClassFixture<OutageCliFixture>
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    private string[] History(params string[] more) =>
        ["--network", fixture.NetworkFolder, "--outages", fixture.File("outages.csv"), "--steps", fixture.File("restoration_steps.csv"), "--momentary", fixture.File("momentary.csv"), .. more];

    [Fact]
    public void Stats_Json_HasSnakeCaseSystemIndicesMedDaysAndSplits()
    {
        (int code, string output) = Run(["outages", "stats", .. History("--from", "2023-01-01", "--to", "2024-01-01", "--by", "feeder,month", "--by", "cause", "--format", "json")]);

        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement system = doc.RootElement.GetProperty("indices");
        foreach (string name in new[] { "saifi", "saidi", "caidi", "ctaidi", "caifi", "asai", "maifi", "maifi_e", "cemi", "celid_s", "celid_t", "aitc_1", "aihc_1", "rs_1", "rs_3" })
        {
            Assert.True(system.TryGetProperty(name, out _), name);
        }

        Assert.InRange(system.GetProperty("rs_1").GetDouble(), 99, 100);
        Assert.Equal(8760, doc.RootElement.GetProperty("period").GetProperty("hours").GetDouble());
        Assert.Equal("2023-01-01T00:00:00+08:00", doc.RootElement.GetProperty("period").GetProperty("from").GetString());
        Assert.True(doc.RootElement.GetProperty("major_event_days").TryGetProperty("threshold_hours", out _));
        Assert.Equal(12, doc.RootElement.GetProperty("splits").GetProperty("month").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("splits").GetProperty("feeder").GetArrayLength() > 1);
        Assert.True(doc.RootElement.GetProperty("splits").TryGetProperty("cause", out _));
    }

    [Fact]
    public void Stats_Table_ExcludeMed()
    {
        (int code, string output) = Run(["outages", "stats", .. History("--exclude-med", "--worst", "3")]);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("major event days excluded", output, StringComparison.Ordinal);
        Assert.Contains("RS-1 (%)", output, StringComparison.Ordinal);
        Assert.Contains("Worst served", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_BadRow_ExitsOneNamingFileLineAndField()
    {
        string bad = Path.Combine(fixture.Folder, "bad_outages.csv");
        System.IO.File.WriteAllText(bad, "event_id,start,end,device_id,cause,nature\nX1,2023-01-01T10:00+08:00,2023-01-01T09:00+08:00,NOPE,equipment,fault\nX2,2023-01-02T10:00,2023-01-02T11:00+08:00,NOPE,equipment,fault\n");

        (int code, string output) = Run("outages", "stats", "--network", fixture.NetworkFolder, "--outages", bad);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad_outages.csv:2: error: end:", output, StringComparison.Ordinal);
        Assert.Contains("bad_outages.csv:3: error: start: '2023-01-02T10:00' has no zone offset", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_Lenient_WritesTheRejectedRowsReport()
    {
        string outages = Path.Combine(fixture.Folder, "lenient_outages.csv");
        string report = Path.Combine(fixture.Folder, "rejected.csv");
        string[] lines = System.IO.File.ReadAllLines(fixture.File("outages.csv"));
        System.IO.File.WriteAllLines(outages, [.. lines, "BAD1,2023-05-01T10:00+08:00,2023-05-01T11:00+08:00,NO_SUCH_DEVICE,equipment,fault"]);

        (int code, string output) = Run("outages", "stats", "--network", fixture.NetworkFolder, "--outages", outages, "--lenient", "--report", report, "--format", "json");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(1, JsonDocument.Parse(output).RootElement.GetProperty("rejected_rows").GetInt32());
        string[] rejected = System.IO.File.ReadAllLines(report);
        Assert.Equal(2, rejected.Length);
        Assert.Contains("unknown device or branch 'NO_SUCH_DEVICE'", rejected[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_UnknownSplitOrBadDate_UsageError()
    {
        Assert.Equal(ExitCodes.Usage, Run(["outages", "stats", .. History("--by", "weather")]).Code);
        Assert.Equal(ExitCodes.Usage, Run(["outages", "stats", .. History("--from", "01/02/2023")]).Code);
    }

    [Fact]
    public void ComplaintsLinkAndRates_Run()
    {
        string links = Path.Combine(fixture.Folder, "links.csv");
        (int code, string output) = Run(["complaints", "link", .. History("--complaints", fixture.File("complaints.csv"), "--out", links, "--format", "json")]);
        Assert.Equal(ExitCodes.Ok, code);
        JsonElement root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("linked").GetInt32() > 0);
        Assert.StartsWith("complaint_id,time,location_id,category,kind,episode_id,match,reason", System.IO.File.ReadAllText(links), StringComparison.Ordinal);

        (code, output) = Run(["complaints", "rates", .. History("--complaints", fixture.File("complaints.csv"))]);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Per 1,000", output, StringComparison.Ordinal);
        Assert.Contains("Logistic: logit p", output, StringComparison.Ordinal);
    }
}
