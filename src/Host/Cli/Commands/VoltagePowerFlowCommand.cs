using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary>
/// <c>lumen voltage powerflow PATH</c>: radial power flow of a load scenario and its predicted low voltage, three-phase
/// unbalanced for networks with phase data (OpenDSS); the answer is <see cref="PowerFlowQuery"/>'s.
/// </summary>
internal sealed class VoltagePowerFlowCommand(IAnsiConsole console) : Command<VoltagePowerFlowCommand.Settings>
{
    /// <summary>Options of <c>voltage powerflow</c>.</summary>
    internal sealed class Settings : NetworkSettings
    {
        [CommandOption("--load-scale <FACTOR>")]
        [Description("Growth factor on every load (1.1 = +10 %); multiplies the scenario's own load_scale. Default 1.")]
        public double? LoadScale { get; init; }

        [CommandOption("--scenario <FILE>")]
        [Description("Scenario CSV (kind,target,value): peak_kw, capacitor_kvar, tap_pu, r_ohm/x_ohm/rating, zip_z/zip_i, open/close, load_scale, source_pu.")]
        public string? Scenario { get; init; }

        [CommandOption("--profile <NAME>")]
        [Description("Voltage profile for the low-voltage prediction: gbt12325 (default) or sgcc-low-voltage.")]
        public string Profile { get; init; } = "gbt12325";

        [CommandOption("--top <N>")]
        [Description("Rows in the table's lowest-bus and most-loaded-branch lists. Default 10.")]
        public int Top { get; init; } = 10;

        public override ValidationResult Validate()
        {
            if (LoadScale is double s && (!(s >= 0) || !double.IsFinite(s)))
            {
                return ValidationResult.Error("--load-scale must be a non-negative number");
            }

            if (VoltageProfileCatalog.Find(Profile) is null)
            {
                return ValidationResult.Error($"unknown --profile '{Profile}' (gbt12325 or sgcc-low-voltage)");
            }

            return Top < 0 ? ValidationResult.Error("--top must not be negative") : base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Import(console) is not { Network: Network network } imported)
        {
            return ExitCodes.InvalidInput;
        }

        PowerFlowScenario scenario = PowerFlowScenario.Base;
        if (settings.Scenario is not null)
        {
            PowerFlowScenarioReadResult read = PowerFlowScenarioReader.Read(settings.Scenario, network);
            if (read.Scenario is null)
            {
                DiagnosticsView.Write(console, read.Diagnostics);
                return ExitCodes.InvalidInput;
            }

            scenario = read.Scenario;
        }

        if (settings.LoadScale is double scale)
        {
            scenario = scenario with { LoadScale = scenario.LoadScale * scale };
        }

        VoltageProfile profile = VoltageProfileCatalog.Find(settings.Profile)!;
        PowerFlowReport report = PowerFlowQuery.Run(new PowerFlowRequest(network, scenario, profile) 
        {
            Phases = imported.Phases,
            Path = settings.Path,
            Notes = [.. imported.Diagnostics.Where(d => d.Field == "phases")],
        });
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, report);
        }
        else
        {
            WriteTables(report, settings.Top);
        }

        return report.Converged ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }

    private void WriteTables(PowerFlowReport report, int top)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string Number(double? value, string format) => value is double v ? v.ToString(format, c) : "-";
        var summary = new Table().Title("Power flow").AddColumn("Item").AddColumn(new TableColumn("Value").RightAligned());
        summary.AddRow("model", report.Model == "three_phase" ? "three-phase unbalanced" : "balanced");
        summary.AddRow("converged", report.Converged ? "yes" : "[red]no[/]");
        summary.AddRow("iterations", report.Iterations.ToString(c));
        summary.AddRow("source", $"{Number(report.SourceKw, "N1")} kW, {Number(report.SourceKvar, "N1")} kvar");
        summary.AddRow("load", $"{Number(report.LoadKw, "N1")} kW");
        summary.AddRow("losses", report.LossesKvar is null ? $"{Number(report.LossesKw, "N2")} kW" : $"{Number(report.LossesKw, "N2")} kW, {Number(report.LossesKvar, "N2")} kvar");
        summary.AddRow("minimum voltage", $"{Number(report.MinVoltagePu, "F4")} pu at {Markup.Escape(report.MinVoltageBus ?? "-")}");
        summary.AddRow($"low-voltage customers ({Markup.Escape(report.Profile)})", $"{Number(report.LowVoltageCustomers, "N0")} in {Number(report.LowVoltageAreas, "N0")} area(s)");
        summary.AddRow("overloaded branches", Number(report.OverloadedBranches, "N0"));
        console.Write(summary);
        if (report.Converged && top > 0)
        {
            var lowest = new Table().Title("Lowest buses").AddColumn("Bus").AddColumn(new TableColumn("V (pu)").RightAligned()).AddColumn(new TableColumn("V (kV)").RightAligned()).AddColumn(new TableColumn("Angle (°)").RightAligned());
            bool phases = report.Model == "three_phase";
            if (phases)
            {
                lowest.AddColumn("Phases (pu)");
            }

            foreach (PowerFlowBus bus in report.Buses.Where(b => b.VPu is not null).OrderBy(b => b.VPu).Take(top))
            {
                var cells = new List<string> { Markup.Escape(bus.Id), Number(bus.VPu, "F4"), Number(bus.VKv, "F3"), Number(bus.AngleDeg, "F2") };
                if (phases)
                {
                    cells.Add(string.Join("  ", (bus.Phases ?? []).Select(p => $"{p.Phase} {p.VPu.ToString("F4", c)}")));
                }

                lowest.AddRow([.. cells]);
            }

            console.Write(lowest);
            var loaded = new Table().Title("Most loaded branches").AddColumn("Branch").AddColumn(new TableColumn("I (A)").RightAligned()).AddColumn(new TableColumn("Loading (%)").RightAligned());
            foreach (PowerFlowBranch b in report.Branches.Where(b => b.CurrentA is not null).OrderByDescending(b => b.LoadingPct ?? -1).ThenByDescending(b => b.CurrentA).Take(top))
            {
                loaded.AddRow(Markup.Escape(b.Id), Number(b.CurrentA, "F1"), Number(b.LoadingPct, "F1"));
            }

            console.Write(loaded);
            if (report.Regulators.Count > 0)
            {
                var taps = new Table().Title("Regulators").AddColumn("Control").AddColumn("Transformer").AddColumn(new TableColumn("Tap").RightAligned()).AddColumn(new TableColumn("Tap (pu)").RightAligned()).AddColumn(new TableColumn("Control V").RightAligned());
                foreach (PowerFlowRegulator r in report.Regulators)
                {
                    taps.AddRow(Markup.Escape(r.Id), Markup.Escape(r.Transformer), r.Tap.ToString("+0;-0;0", c), r.TapPu.ToString("F5", c), r.ControlVoltageV.ToString("F2", c));
                }

                console.Write(taps);
            }
        }

        foreach (PowerFlowProblem p in report.Diagnostics)
        {
            string where = p.File.Length > 0 ? $"{p.File}:{p.Line}: " : string.Empty;
            console.MarkupLine($"{(p.Severity == "error" ? "[red]" : "[yellow]")}{Markup.Escape($"{where}{p.Severity}: {p.Field}: {p.Message}")}[/]");
        }
    }
}
