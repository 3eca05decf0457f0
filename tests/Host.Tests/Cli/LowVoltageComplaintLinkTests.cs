using Lumen.Host.Cli;
using Lumen.Topology.Import;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

/// <summary>
/// Low-voltage episodes found by <c>voltage stats</c> join the complaint linkage of <c>complaints link</c>: a
/// low-voltage complaint in the same transformer area during the episode links to it, not to an outage.
/// </summary>
public sealed class LowVoltageComplaintLinkTests(OutageCliFixture fixture) : IClassFixture<OutageCliFixture>
{
    private static int Run(params string[] args) => LumenCli.Run(args, new TestConsole().Width(250));

    [Fact]
    public void VoltageEpisodes_LinkLowVoltageComplaints()
    {
        string area = NetworkImporter.Import(fixture.NetworkFolder).Network!.LoadPointIds[0];
        string readings = Path.Combine(fixture.Folder, "lv_readings.csv");
        string episodes = Path.Combine(fixture.Folder, "lv_episodes.csv");
        string complaints = Path.Combine(fixture.Folder, "lv_complaints.csv");
        string links = Path.Combine(fixture.Folder, "lv_links.csv");

        // 18:00-21:00 below 198 V for three hours: one sgcc-low-voltage episode (> 1 h continuous).
        File.WriteAllLines(readings,
        [
            "point_id,timestamp,voltage_v,nominal_v,area_id,feeder_id",
            .. new[] { 221.0, 218, 196, 193, 195, 214, 220 }.Select((v, h) => $"M1,2023-07-10T{17 + h:D2}:00+08:00,{v},220,{area},F"),
        ]);
        Assert.Equal(ExitCodes.Ok, Run("voltage", "stats", "--readings", readings, "--profile", "sgcc-low-voltage", "--episodes-out", episodes));
        string[] written = File.ReadAllLines(episodes);
        Assert.Equal(2, written.Length);
        Assert.StartsWith($"LV000001,low_voltage,{area},2023-07-10T19:00:00+08:00,2023-07-10T22:00:00+08:00", written[1], StringComparison.Ordinal);

        File.WriteAllLines(complaints, ["complaint_id,time,location_id,category", $"C1,2023-07-10T20:30+08:00,{area},low_voltage"]);
        Assert.Equal(ExitCodes.Ok, Run(
            "complaints", "link", "--network", fixture.NetworkFolder, "--outages", fixture.File("outages.csv"),
            "--complaints", complaints, "--episodes", episodes, "--out", links));

        string link = File.ReadAllLines(links)[1];
        Assert.Contains("low_voltage,LV000001", link, StringComparison.Ordinal);
    }
}
