using System.ComponentModel;
using System.Globalization;
using Lumen.Host.Documents;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen reliability assess</c>: predicted load-point and system indices, analytical and optionally Monte Carlo.</summary>
internal sealed class ReliabilityAssessCommand(IAnsiConsole console) : Command<ReliabilityAssessCommand.Settings>
{
    /// <summary>Options of <c>reliability assess</c>.</summary>
    internal sealed class Settings : NetworkSettings
    {
        [CommandOption("--monte-carlo")]
        [Description("Also run a sequential Monte Carlo simulation.")]
        public bool MonteCarlo { get; init; }

        [CommandOption("--years <N>")]
        [Description("Simulated years for --monte-carlo (default 10000).")]
        [DefaultValue(10_000)]
        public int Years { get; init; } = 10_000;

        [CommandOption("--seed <N>")]
        [Description("Seed for --monte-carlo.")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("--users <COUNTING>")]
        [Description("customers (IEEE 1366, default) or transformers (DL/T 836: each transformer area counts as one user).")]
        [DefaultValue(UserCounting.Customers)]
        public UserCounting Users { get; init; } = UserCounting.Customers;

        [CommandOption("--explain <LOAD_POINT>")]
        [Description("List the failures that make up one load point's λ and U.")]
        public string? Explain { get; init; }

        [CommandOption("--top <N>")]
        [Description("Feeders and load points shown in the table view (default 10).")]
        [DefaultValue(10)]
        public int Top { get; init; } = 10;

        [CommandOption("--unconstrained")]
        [Description("Let any usable tie pick up everything below a fault, whatever its capacity (the result without capacity and voltage limits).")]
        public bool Unconstrained { get; init; }

        [CommandOption("--load <PATH>")]
        [Description("Load series (a CSV file or a folder of them, timestamp,load_mw) whose summed load duration curve gives the load levels; default: a straight-line curve at the network's load factor.")]
        public string? Load { get; init; }

        public override ValidationResult Validate()
        {
            if (Years < 1)
            {
                return ValidationResult.Error("--years must be at least 1");
            }

            return Top < 1 ? ValidationResult.Error("--top must be at least 1") : base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        NetworkImportResult imported = NetworkImporter.Import(settings.Path, settings.Case);
        if (imported.Network is not Network network)
        {
            DiagnosticsView.Write(console, imported.Diagnostics);
            return ExitCodes.InvalidInput;
        }

        int explain = -1;
        if (settings.Explain is not null && !network.TryGetLoadPoint(settings.Explain, out explain))
        {
            console.MarkupLine($"[red]error: --explain: no load point '{Markup.Escape(settings.Explain)}'[/]");
            return ExitCodes.InvalidInput;
        }

        RestorationLimits? limits = LoadSeriesInput.Limits(console, settings.Unconstrained, settings.Load);
        if (limits is null)
        {
            return ExitCodes.InvalidInput;
        }

        var options = new ReliabilityOptions { Users = settings.Users, Restoration = limits };
        ReliabilityResult result = null!;
        MonteCarloResult? monteCarlo = null;
        var steps = new List<(string, Action)> { ("analytical assessment", () => result = ReliabilityAssessor.Assess(network, imported.Case, options)) };
        if (settings.MonteCarlo)
        {
            steps.Add(($"Monte Carlo, {settings.Years:N0} years", () =>
                monteCarlo = MonteCarloSimulator.Run(network, imported.Case, new MonteCarloOptions { Years = settings.Years, Seed = settings.Seed }, options)));
        }

        if (settings.Format == OutputFormat.Json)
        {
            foreach ((string _, Action work) in steps)
            {
                work();
            }

            LumenJson.Write(console, Document(settings, network, imported.Case, result, monteCarlo, explain));
            return ExitCodes.Ok;
        }

        Progress.Run(console, "Reliability", steps);
        ReliabilityView.WriteSystem(console, result.System, monteCarlo, settings.Users);
        ReliabilityView.WriteWorstFeeders(console, result, settings.Top);
        ReliabilityView.WriteWorstLoadPoints(console, network, result, settings.Top);
        if (explain >= 0)
        {
            ReliabilityView.WriteExplanation(console, network.LoadPointIds[explain], result.Explain(explain));
        }

        return ExitCodes.Ok;
    }

    private static AssessmentDocument Document(Settings settings, Network network, StudyCase study, ReliabilityResult result, MonteCarloResult? mc, int explain)
    {
        LoadPointResults lp = result.LoadPoints;
        string[] feederNames = network.Normal.FeederNames;
        var loadPoints = new List<LoadPointDocument>(lp.Count);
        for (int l = 0; l < lp.Count; l++)
        {
            loadPoints.Add(new LoadPointDocument(
                lp.Ids[l],
                lp.Feeder[l] >= 0 ? feederNames[lp.Feeder[l]] : null,
                lp.Users[l],
                lp.FailureRatePerYear[l],
                lp.AverageOutageHours[l],
                lp.UnavailabilityHoursPerYear[l],
                lp.EnsMwhPerYear[l],
                lp.CapacityLimitedUnavailabilityHoursPerYear[l]));
        }

        return new AssessmentDocument(
            settings.Path,
            study.Id,
            settings.Users == UserCounting.Customers ? "customers" : "transformers",
            IndicesDocument.Of(result.System),
            result.CapacityLimited,
            LoadLevelDocument.Of(result),
            result.CapacityLimitedSaidi,
            result.Feeders.Select(f => new FeederDocument(f.Name, IndicesDocument.Of(f.Indices), f.CapacityLimitedSaidi)).ToList(),
            loadPoints,
            explain < 0 ? null : result.Explain(explain).Select(c => new ContributionDocument(c.ComponentId, c.FailureRatePerYear, c.OutageHours, c.UnavailabilityHoursPerYear)).ToList(),
            mc is null ? null : new MonteCarloDocument(mc.Years, mc.Workers, mc.Seed, DistributionDocument.Of(mc.Saifi), DistributionDocument.Of(mc.Saidi), DistributionDocument.Of(mc.EnsMwhPerYear)));
    }
}
