using System.ComponentModel;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
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
        if (settings.Import(console) is not { Network: Network network } imported)
        {
            return ExitCodes.InvalidInput;
        }

        RestorationLimits? limits = LoadSeriesInput.Limits(console, settings.Unconstrained, settings.Load, settings.Format == OutputFormat.Json);
        if (limits is null)
        {
            return ExitCodes.InvalidInput;
        }

        var request = new ReliabilityAssessmentRequest(network, imported.Case)
        {
            Users = settings.Users,
            Restoration = limits,
            Explain = settings.Explain,
            MonteCarlo = settings.MonteCarlo ? new MonteCarloOptions { Years = settings.Years, Seed = settings.Seed } : null,
        };
        QueryResult<ReliabilityAssessmentReport> result = null!;
        string step = settings.MonteCarlo ? $"analytical assessment and Monte Carlo, {settings.Years:N0} years" : "analytical assessment";
        if (settings.Format == OutputFormat.Json)
        {
            result = ReliabilityAssessment.Run(request);
        }
        else
        {
            Progress.Run(console, "Reliability", [(step, () => result = ReliabilityAssessment.Run(request))]);
        }

        if (result.Value is not { } report)
        {
            // An --explain that names no load point is wrong input for this network, not a wrong command line.
            RequestProblemsView.Write(console, result.Problems);
            return ExitCodes.InvalidInput;
        }

        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, report);
            return ExitCodes.Ok;
        }

        ReliabilityView.WriteSystem(console, report);
        ReliabilityView.WriteWorstFeeders(console, report, settings.Top);
        ReliabilityView.WriteWorstLoadPoints(console, report, settings.Top);
        if (report.Explanation is { } explanation)
        {
            ReliabilityView.WriteExplanation(console, explanation);
        }

        return ExitCodes.Ok;
    }
}
