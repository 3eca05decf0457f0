using System.ComponentModel;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Tracing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen topology trace PATH --node ID</c>: how one bus is fed, protected, isolated and back-fed.</summary>
internal sealed class TopologyTraceCommand(IAnsiConsole console) : Command<TopologyTraceCommand.Settings>
{
    /// <summary>Options of <c>topology trace</c>.</summary>
    internal sealed class Settings : NetworkSettings
    {
        [CommandOption("--node <ID>")]
        [Description("The bus to trace.")]
        public string Node { get; init; } = string.Empty;

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Node) ? ValidationResult.Error("--node is required") : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Import(console) is not { Network: Network network })
        {
            return ExitCodes.InvalidInput;
        }

        if (!network.TryGetNode(settings.Node, out NodeIndex node))
        {
            console.MarkupLine($"[red]{Markup.Escape(settings.Path)}: error: --node: no bus '{Markup.Escape(settings.Node)}'[/]");
            return ExitCodes.InvalidInput;
        }

        NodeTrace trace = NodeTrace.Of(network.Normal, node);
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, trace);
            return ExitCodes.Ok;
        }

        var facts = new Grid().AddColumn().AddColumn();
        facts.AddRow("bus", Markup.Escape(trace.Node));
        facts.AddRow("source", Markup.Escape(trace.Source ?? "(de-energised)"));
        facts.AddRow("feeder", Markup.Escape(trace.Feeder ?? "-"));
        facts.AddRow("protective device", Markup.Escape(trace.ProtectiveDevice ?? "(none)"));
        facts.AddRow("segment", $"#{trace.Segment}: {trace.SegmentBuses} bus(es), fed through {Markup.Escape(trace.SegmentEntryBranch ?? "(source)")}");
        facts.AddRow("downstream buses", trace.DownstreamBuses.ToString(System.Globalization.CultureInfo.InvariantCulture));
        console.Write(facts);

        var path = new Table().Title("Upstream path (nearest first)").AddColumn("Branch").AddColumn("From").AddColumn("To").AddColumn("Devices");
        foreach (PathStep step in trace.UpstreamPath)
        {
            path.AddRow(Markup.Escape(step.Branch), Markup.Escape(step.FromBus), Markup.Escape(step.ToBus), Markup.Escape(string.Join("; ", step.Devices)));
        }

        console.Write(path);
        var ties = new Table().Title("Alternate supply for this segment").AddColumn("Tie").AddColumn("Open device").AddColumn("From feeder");
        foreach (AlternateSupply s in trace.AlternateSupplies)
        {
            ties.AddRow(Markup.Escape(s.Branch), Markup.Escape(string.Join("; ", s.Devices)), Markup.Escape(s.FromFeeder));
        }

        if (trace.AlternateSupplies.Count == 0)
        {
            ties.AddRow("(none)", string.Empty, string.Empty);
        }

        console.Write(ties);
        return ExitCodes.Ok;
    }
}
