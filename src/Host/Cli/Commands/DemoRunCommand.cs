using System.ComponentModel;
using System.Globalization;
using Lumen.Host.Services;
using Lumen.Reliability.History;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Tracing;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary>
/// <c>lumen demo run</c>, the main job on the embedded default: generate the demo county network, write it in Lumen's
/// CSV format, import it back (the same all-or-nothing path a utility's own files take), and report on it.
/// </summary>
internal sealed class DemoRunCommand(IAnsiConsole console) : Command<DemoRunCommand.Settings>
{
    /// <summary>Options of <c>demo run</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--scale <SCALE>")]
        [Description("small (~1,000 buses), county (~50,000, default) or province (>=1,000,000).")]
        [DefaultValue(DemoScale.County)]
        public DemoScale Scale { get; init; } = DemoScale.County;

        [CommandOption("--seed <N>")]
        [Description("Random seed of the demo data.")]
        [DefaultValue(42)]
        public int Seed { get; init; } = 42;

        [CommandOption("--out <DIR>")]
        [Description("Where the demo data is written (default lumen-data/demo under the current folder).")]
        public string Out { get; init; } = Path.Combine("lumen-data", "demo");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        DemoDataset.Layout layout = DemoDataset.In(Path.GetFullPath(settings.Out));
        string folder = layout.Network;
        NetworkImportResult? imported = null;
        ReliabilityAssessmentReport? reliability = null;
        HistoryImportResult? history = null;
        Progress.Run(console, "Demo", [
            ("generate network", () =>
            {
                BuildResult built = DemoGrid.Generate(settings.Scale, settings.Seed).Build();
                Network network = built.Network ?? throw new InvalidOperationException("the generator produced an invalid network: " + string.Join("; ", built.Errors));
                LumenCsvWriter.Write(network, folder);
            }),
            ("import and validate", () => imported = NetworkImporter.Import(folder)),
            ("outage history", () =>
            {
                if (imported!.Network is { } valid)
                {
                    DemoDataset.WriteHistory(valid, settings.Seed, layout, DemoDataset.HistoryYears);
                    history = OutageHistoryImporter.Import(valid, layout.HistoryFiles);
                }
            }),
            ("predictive reliability", () =>
            {
                if (imported!.Network is { } valid)
                {
                    reliability = ReliabilityAssessment.Run(new ReliabilityAssessmentRequest(valid, imported.Case)).Value;
                }
            }),
        ]);

        if (imported!.Network is not Network net)
        {
            DiagnosticsView.Write(console, imported.Diagnostics);
            return ExitCodes.InvalidInput;
        }

        console.MarkupLine($"Demo network ({settings.Scale.ToString().ToLowerInvariant()}, seed {settings.Seed}) in [bold]{Markup.Escape(folder)}[/]");
        WriteTopology(net);
        if (history?.History is { } outages)
        {
            WriteHistory(outages);
        }
        else if (history is not null)
        {
            DiagnosticsView.Write(console, history.Diagnostics);
            return ExitCodes.InvalidInput;
        }

        ReliabilityView.WriteSystem(console, reliability!);
        ReliabilityView.WriteWorstFeeders(console, reliability!, 10);
        ReliabilityView.WriteWorstLoadPoints(console, reliability!, 10);
        return ExitCodes.Ok;
    }

    private void WriteTopology(Network net)
    {
        NetworkSummary s = NetworkSummary.Of(net);
        var table = new Table().Title("Network").AddColumns("Sources", "Feeders", "Buses", "Transformers", "Customers", "Protective devices", "Segments", "Ties");
        table.AddRow(N(s.Sources), N(s.Feeders), N(s.Buses), N(s.Transformers), N(s.Customers), N(s.ProtectiveDevices), N(s.Segments), N(s.Ties));
        console.Write(table);

        // Feeders with no alternate supply are where a trunk fault hurts most: the first thing a planner looks for.
        RadialTrace trace = net.Normal;
        var tied = new bool[trace.FeederHeadEdge.Length];
        foreach (int tie in trace.TieEdges)
        {
            MarkFeeder(trace.FeederOf[net.EdgeFrom[tie]]);
            MarkFeeder(trace.FeederOf[net.EdgeTo[tie]]);
        }

        int untied = tied.Count(t => !t);
        console.MarkupLine($"{N(tied.Length - untied)} of {N(tied.Length)} feeders have at least one tie to another feeder; {N(untied)} have none.");

        void MarkFeeder(int feeder)
        {
            if (feeder >= 0)
            {
                tied[feeder] = true;
            }
        }
    }

    // The last year of the demo history against its own 2.5β threshold learnt from the years before: what the
    // utility reports, and the storm days it may exclude.
    private void WriteHistory(OutageHistory outages)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        HistoryReport report = HistoryStatistics.Compute(outages, new HistoryQuery(DemoDataset.End.AddYears(-1), DemoDataset.End));
        var table = new Table().Title($"Outage history {report.From.Year} (from the demo's {DemoDataset.HistoryYears}-year record)")
            .AddColumn("Index").AddColumn(new TableColumn("All days").RightAligned()).AddColumn(new TableColumn("Without major event days").RightAligned());
        void Row(string name, Func<Lumen.Reliability.History.HistoricalIndices, double> get, string format) =>
            table.AddRow(name, get(report.AllDays).ToString(format, c), get(report.ExcludingMajorEventDays).ToString(format, c));
        Row("sustained events", x => x.SustainedEvents, "N0");
        Row("SAIFI", x => x.Saifi, "F3");
        Row("SAIDI (h)", x => x.Saidi, "F3");
        Row("CAIDI (h)", x => x.Caidi, "F3");
        Row("MAIFI", x => x.Maifi, "F3");
        Row("AITC-1 (per transformer)", x => x.Aitc1, "F3");
        Row("AIHC-1 (h)", x => x.Aihc1, "F3");
        Row("RS-1 (%)", x => x.Rs1, "F4");
        console.Write(table);
        MajorEventDayResult med = report.MajorEventDays;
        console.MarkupLine($"Major event days (2.5β): T_MED = {med.ThresholdHours.ToString("F3", c)} h; {MajorEventDaysText.Of(med)}");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
