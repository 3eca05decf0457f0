using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen reliability diagram</c>: one feeder as a tree of buses with its devices, load points (U, λ) and ties.</summary>
internal sealed class ReliabilityDiagramCommand(IAnsiConsole console) : Command<ReliabilityDiagramCommand.Settings>
{
    /// <summary>Options of <c>reliability diagram</c>.</summary>
    internal sealed class Settings : NetworkSettings
    {
        [CommandOption("--feeder <ID>")]
        [Description("Feeder name (as in topology summary / reliability assess).")]
        public string Feeder { get; init; } = string.Empty;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Import(console) is not { Network: Network network } imported)
        {
            return ExitCodes.InvalidInput;
        }

        QueryResult<FeederDiagramReport> result = FeederDiagramQuery.Run(new FeederDiagramRequest(network, imported.Case, settings.Feeder));
        if (result.Value is not { } diagram)
        {
            // The route's field is the feeder's name; here it is --feeder.
            RequestProblemsView.Write(console, [.. result.Problems.Select(p => p with { Field = "feeder" })]);
            return ExitCodes.InvalidInput;
        }

        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, diagram);
            return ExitCodes.Ok;
        }

        Write(diagram);
        return ExitCodes.Ok;
    }

    private void Write(FeederDiagramReport diagram)
    {
        IndicesReport i = diagram.Indices;
        var tree = new Tree(Markup.Escape($"{diagram.Feeder}: SAIFI {F(i.Saifi, "F4")}, SAIDI {F(i.Saidi, "F4")} h/yr, {F(i.Customers, "N0")} customers"));
        var at = new Dictionary<string, IHasTreeNodes>(StringComparer.Ordinal);
        foreach (FeederDiagramNode n in diagram.Nodes)
        {
            string devices = n.Devices.Count == 0 ? string.Empty : $" [{string.Join(", ", n.Devices)}]";
            string branch = n.Branch is null ? string.Empty : $"{n.Branch}{devices} → ";
            string area = n.LoadPoint is null ? string.Empty : $" — area {n.LoadPoint}: {F(n.Customers, "N0")} customers, U {F(n.UHours, "F3")} h/yr, λ {F(n.Lambda, "F4")}/yr";
            IHasTreeNodes parent = n.Parent is not null && at.TryGetValue(n.Parent, out IHasTreeNodes? p) ? p : tree;
            at[n.Id] = parent.AddNode(Markup.Escape(branch + n.Id + area));
        }

        console.Write(tree);
        foreach (FeederDiagramTie t in diagram.Ties)
        {
            console.MarkupLine(Markup.Escape($"tie {t.Branch}: {t.Bus} ↔ {t.OtherBus} ({t.OtherFeeder ?? "de-energised"})"));
        }
    }

    private static string F(double? value, string format) => value is double v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}
