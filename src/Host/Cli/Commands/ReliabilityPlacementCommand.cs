using System.ComponentModel;
using System.Globalization;
using Lumen.Host.Documents;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
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
        [Description("sectionaliser (default), recloser, fuse, load_break_switch or breaker.")]
        [DefaultValue("sectionaliser")]
        public string Device { get; init; } = "sectionaliser";

        [CommandOption("--count <K>")]
        [Description("How many candidate positions to list (default 5).")]
        [DefaultValue(5)]
        public int Count { get; init; } = 5;

        [CommandOption("--automated")]
        [Description("The new device is remotely operated (fast switching).")]
        public bool Automated { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Feeder))
            {
                return ValidationResult.Error("--feeder is required");
            }

            if (!KindExtensions.TryParseDeviceKind(Device, out _))
            {
                return ValidationResult.Error($"--device: '{Device}' is not a device kind");
            }

            return Count < 1 ? ValidationResult.Error("--count must be at least 1") : base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Import(console) is not { Network: Network network } imported)
        {
            return ExitCodes.InvalidInput;
        }

        int feeder = network.Normal.FeederNames.IndexOf(settings.Feeder);
        if (feeder < 0)
        {
            console.MarkupLine($"[red]error: --feeder: no feeder '{Markup.Escape(settings.Feeder)}'[/]");
            return ExitCodes.InvalidInput;
        }

        KindExtensions.TryParseDeviceKind(settings.Device, out DeviceKind kind);
        IReadOnlyList<PlacementCandidate> best = PlacementSearch.FindBest(network, imported.Case, feeder, kind, settings.Automated, settings.Count);
        var docs = best.Select((c, i) => new PlacementDocument(i + 1, c.EdgeId, c.DeltaSaifi, c.DeltaSaidi, c.DeltaEnsMwhPerYear, c.CustomersAffected)).ToList();
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, docs);
            return ExitCodes.Ok;
        }

        var table = new Table().Title($"Best positions for a new {kind.ToSnakeCase()} on {Markup.Escape(settings.Feeder)}")
            .AddColumns("Rank", "Branch", "ΔSAIFI", "ΔSAIDI (h)", "ΔENS (MWh/yr)", "Customers affected");
        foreach (PlacementDocument d in docs)
        {
            table.AddRow(d.Rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(d.Branch), d.DeltaSaifi.ToString("F5", CultureInfo.InvariantCulture),
                d.DeltaSaidi.ToString("F5", CultureInfo.InvariantCulture), d.DeltaEnsMwh.ToString("F3", CultureInfo.InvariantCulture), d.CustomersAffected.ToString("N0", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        return ExitCodes.Ok;
    }
}
