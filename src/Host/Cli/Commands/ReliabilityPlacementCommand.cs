using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen reliability placement</c>: the k best branches on a feeder for a new sectionaliser or recloser, by ΔSAIDI.</summary>
internal sealed class ReliabilityPlacementCommand(IAnsiConsole console) : Command<ReliabilityPlacementCommand.Settings>
{
    /// <summary>Options of <c>reliability placement</c>.</summary>
    internal sealed class Settings : NetworkSettings
    {
        [CommandOption("--feeder <ID>")]
        [Description("Feeder name (as in topology summary / reliability assess).")]
        public string Feeder { get; init; } = string.Empty;

        [CommandOption("--device <KIND>")]
        [Description("sectionaliser (default), recloser, fuse, load_break_switch, breaker or disconnector.")]
        [DefaultValue("sectionaliser")]
        public string Device { get; init; } = "sectionaliser";

        [CommandOption("--count <K>")]
        [Description("How many candidate positions to list, 1 to 100 (default 5).")]
        [DefaultValue(5)]
        public int Count { get; init; } = 5;

        [CommandOption("--automated")]
        [Description("The new device is remotely operated (fast switching).")]
        public bool Automated { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Import(console) is not { Network: Network network } imported)
        {
            return ExitCodes.InvalidInput;
        }

        var request = new PlacementQueryRequest(network, imported.Case, settings.Feeder, settings.Device) { Automated = settings.Automated, Count = settings.Count };
        QueryResult<IReadOnlyList<PlacementCandidateReport>> result = PlacementQuery.Run(request);
        if (result.Value is not { } best)
        {
            RequestProblemsView.Write(console, result.Problems);
            return ExitCodes.InvalidInput;
        }

        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, best);
            return ExitCodes.Ok;
        }

        var table = new Table().Title($"Best positions for a new {Markup.Escape(settings.Device)} on {Markup.Escape(settings.Feeder)}")
            .AddColumns("Rank", "Branch", "ΔSAIFI", "ΔSAIDI (h)", "ΔENS (MWh/yr)", "Customers affected");
        foreach (PlacementCandidateReport d in best)
        {
            table.AddRow(d.Rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(d.Branch), d.DeltaSaifi.ToString("F5", CultureInfo.InvariantCulture),
                d.DeltaSaidi.ToString("F5", CultureInfo.InvariantCulture), d.DeltaEnsMwh.ToString("F3", CultureInfo.InvariantCulture), d.CustomersAffected.ToString("N0", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        return ExitCodes.Ok;
    }
}
