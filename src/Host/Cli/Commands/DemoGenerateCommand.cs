using System.ComponentModel;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console;
using Spectre.Console.Cli;

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
        [Description("Output folder (created; existing network files are replaced).")]
        public string Out { get; init; } = string.Empty;

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out is required");
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
        Progress.Run(console, "Generating demo network", [
            ("network", () =>
            {
                BuildResult built = DemoNetworkGenerator.Generate(target, settings.Seed).Build();
                network = built.Network ?? throw new InvalidOperationException("the generator produced an invalid network: " + string.Join("; ", built.Errors));
            }),
            ("write CSV", () => LumenCsvWriter.Write(network!, settings.Out)),
        ]);
        console.MarkupLine($"wrote [bold]{network!.NodeCount:N0}[/] buses, {network.EdgeCount:N0} branches, {network.LoadPointCount:N0} load points, {network.TotalCustomers:N0} customers to [bold]{Markup.Escape(Path.GetFullPath(settings.Out))}[/]");
        return ExitCodes.Ok;
    }
}
