using Lumen.Forecast.Demo;
using Lumen.Reliability.Aging.Demo;
using Lumen.Reliability.History;
using Lumen.Reliability.History.Demo;
using Lumen.Reliability.Repair.Demo;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Network;

namespace Lumen.Host.Services;

/// <summary>Where the demo's datasets go in an output folder, and how each is written from the demo network.</summary>
internal static class DemoDataset
{
    /// <summary>The demo's clock: data ends at the start of 2026 (local time, UTC+8).</summary>
    public static readonly DateTimeOffset End = new(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Years of outage history the demo writes by default (what the 2.5β method needs to learn from).</summary>
    public const int HistoryYears = 5;

    /// <summary>Folders and files of one demo dataset.</summary>
    internal sealed record Layout(string Root, string Network, string Voltage, string Load, string History, string Assets)
    {
        public OutageFiles HistoryFiles => new(Path.Combine(History, "outages.csv"))
        {
            Steps = Path.Combine(History, "restoration_steps.csv"),
            Momentary = Path.Combine(History, "momentary.csv"),
        };
    }

    public static Layout In(string root) => new(
        root,
        Path.Combine(root, "network"),
        Path.Combine(root, "voltage", "readings.csv"),
        Path.Combine(root, "load"),
        Path.Combine(root, "history"),
        Path.Combine(root, "assets"));

    /// <summary>Writes the asset register (condition observations, failure history) and its hidden hazards.</summary>
    public static void WriteAssets(Network network, int seed, Layout layout) =>
        DemoAssetGenerator.Write(network, seed, layout.Assets, End.Year - 1);

    /// <summary>
    /// Writes <paramref name="years"/> years of outages, restoration steps, momentaries and complaints ending at
    /// <see cref="End"/>, and the repair crews and work orders of those outages (<c>repair/</c>).
    /// </summary>
    public static void WriteHistory(Network network, int seed, Layout layout, int years)
    {
        DemoHistoryGenerator.Write(network, seed, layout.History, DateOnly.FromDateTime(End.AddYears(-years).Date), years);
        DemoRepairGenerator.Write(network, layout.History, Path.Combine(layout.Root, "repair"), seed);
    }

    public static void WriteVoltage(Network network, int seed, Layout layout, int days)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(layout.Voltage)!);
        DemoVoltageGenerator.Write(network, seed, layout.Voltage, End.AddDays(-days), End);
    }

    /// <summary>
    /// Writes hourly load for the first <paramref name="count"/> series: feeders first (peak = sum of their load points'
    /// peaks), then transformer areas (their load point's peak). A feeder is urban when its head section is a cable.
    /// </summary>
    public static void WriteLoad(Network network, int seed, Layout layout, int count, int years)
    {
        RadialTrace trace = network.Normal;
        var feederPeakKw = new double[trace.FeederHeadEdge.Length];
        ReadOnlySpan<int> loadNode = network.LoadPointNode;
        ReadOnlySpan<double> peak = network.PeakKw;
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            int feeder = trace.FeederOf[loadNode[l]];
            if (feeder >= 0)
            {
                feederPeakKw[feeder] += peak[l];
            }
        }

        var series = new List<(string SeriesId, double PeakKw, bool Urban)>(count);
        for (int f = 0; f < feederPeakKw.Length && series.Count < count; f++)
        {
            if (feederPeakKw[f] > 0)
            {
                series.Add((trace.FeederNames[f], feederPeakKw[f], IsUrban(network, trace, f)));
            }
        }

        for (int l = 0; l < network.LoadPointCount && series.Count < count; l++)
        {
            int feeder = trace.FeederOf[loadNode[l]];
            if (peak[l] > 0 && feeder >= 0)
            {
                series.Add((network.LoadPointIds[l], peak[l], IsUrban(network, trace, feeder)));
            }
        }

        DateOnly start = DateOnly.FromDateTime(End.AddYears(-years).Date);
        DemoLoadGenerator.Write(series, seed, layout.Load, start, years);
    }

    private static bool IsUrban(Network network, RadialTrace trace, int feeder) =>
        network.EdgeKinds[trace.FeederHeadEdge[feeder]] == BranchKind.Cable;
}
