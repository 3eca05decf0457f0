using System.ComponentModel;
using Lumen.Host.Services;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen demo generate</c>: writes a synthetic county network (and its data) in Lumen's formats.</summary>
internal sealed class DemoGenerateCommand(IAnsiConsole console) : Command<DemoGenerateCommand.Settings>
{
    /// <summary>Options of <c>demo generate</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--scale <SCALE>")]
        [Description("small (~1,000 buses), county (~50,000) or province (>=1,000,000).")]
        [DefaultValue(DemoScale.County)]
        public DemoScale Scale { get; init; } = DemoScale.County;

        [CommandOption("--nodes <N>")]
        [Description("Exact target bus count instead of a named scale.")]
        public int? Nodes { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Random seed; the same seed gives the same files.")]
        [DefaultValue(42)]
        public int Seed { get; init; } = 42;

        [CommandOption("--out <DIR>")]
        [Description("Output folder (created; existing files are replaced): network/, history/, assets/, voltage/, load/.")]
        public string Out { get; init; } = string.Empty;

        [CommandOption("--history-years <N>")]
        [Description("Years of outage history (outages, restoration steps, momentaries, complaints), default 5; 0 for none.")]
        [DefaultValue(DemoDataset.HistoryYears)]
        public int HistoryYears { get; init; } = DemoDataset.HistoryYears;

        [CommandOption("--voltage-days <N>")]
        [Description("Days of hourly voltage readings per transformer area (default 7; 0 for none).")]
        [DefaultValue(7)]
        public int VoltageDays { get; init; } = 7;

        [CommandOption("--load-series <N>")]
        [Description("Hourly load series to write: feeders first, then transformer areas (default 50; 0 for none).")]
        [DefaultValue(50)]
        public int LoadSeries { get; init; } = 50;

        [CommandOption("--load-years <N>")]
        [Description("Years of hourly load per series, 1-5 (default 2).")]
        [DefaultValue(2)]
        public int LoadYears { get; init; } = 2;

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out is required");
            }

            if (VoltageDays is < 0 or > 366 || LoadSeries < 0 || LoadYears is < 1 or > 5 || HistoryYears is < 0 or > 20)
            {
                return ValidationResult.Error("--voltage-days must be 0-366, --load-series at least 0, --load-years 1-5, --history-years 0-20");
            }

            return Nodes is { } n && (n < DemoNetworkGenerator.MinimumNodeCount || n > DemoNetworkGenerator.MaximumNodeCount)
                ? ValidationResult.Error($"--nodes must be between {DemoNetworkGenerator.MinimumNodeCount} and {DemoNetworkGenerator.MaximumNodeCount}")
                : ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        int target = settings.Nodes ?? DemoNetworkGenerator.TargetNodeCount(settings.Scale);
        Network? network = null;
        DemoDataset.Layout layout = DemoDataset.In(settings.Out);
        var steps = new List<(string, Action)>
        {
            ("network", () =>
            {
                BuildResult built = DemoGrid.Generate(target, settings.Seed).Build();
                network = built.Network ?? throw new InvalidOperationException("the generator produced an invalid network: " + string.Join("; ", built.Errors));
                LumenCsvWriter.Write(network, layout.Network);
            }),
        };
        if (settings.HistoryYears > 0)
        {
            steps.Add(("outage history", () => DemoDataset.WriteHistory(network!, settings.Seed, layout, settings.HistoryYears)));
        }

        steps.Add(("asset register", () => DemoDataset.WriteAssets(network!, settings.Seed, layout)));
        if (settings.VoltageDays > 0)
        {
            steps.Add(("voltage readings", () => DemoDataset.WriteVoltage(network!, settings.Seed, layout, settings.VoltageDays)));
        }

        if (settings.LoadSeries > 0)
        {
            steps.Add(("load series", () => DemoDataset.WriteLoad(network!, settings.Seed, layout, settings.LoadSeries, settings.LoadYears)));
        }

        Progress.Run(console, "Generating demo data", steps);
        console.MarkupLine($"wrote [bold]{network!.NodeCount:N0}[/] buses, {network.EdgeCount:N0} branches, {network.LoadPointCount:N0} load points, {network.TotalCustomers:N0} customers");
        console.MarkupLine($"to [bold]{Markup.Escape(Path.GetFullPath(settings.Out))}[/]");
        return ExitCodes.Ok;
    }
}
