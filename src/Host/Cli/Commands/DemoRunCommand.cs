using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Tracing;
using Spectre.Console;
using Spectre.Console.Cli;

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
        string folder = DemoDataset.In(Path.GetFullPath(settings.Out)).Network;
        NetworkImportResult? imported = null;
        ReliabilityResult? reliability = null;
        Progress.Run(console, "Demo", [
            ("generate network", () =>
            {
                BuildResult built = DemoNetworkGenerator.Generate(settings.Scale, settings.Seed).Build();
                Network network = built.Network ?? throw new InvalidOperationException("the generator produced an invalid network: " + string.Join("; ", built.Errors));
                LumenCsvWriter.Write(network, folder);
            }),
            ("import and validate", () => imported = NetworkImporter.Import(folder)),
            ("predictive reliability", () =>
            {
                if (imported!.Network is { } valid)
                {
                    reliability = ReliabilityAssessor.Assess(valid, imported.Case);
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
        ReliabilityView.WriteSystem(console, reliability!.System, null, UserCounting.Customers);
        ReliabilityView.WriteWorstFeeders(console, reliability, 10);
        ReliabilityView.WriteWorstLoadPoints(console, net, reliability, 10);
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

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
