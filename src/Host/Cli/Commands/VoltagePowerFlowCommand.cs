using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.PowerFlow;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen voltage powerflow PATH</c>: radial power flow of a load scenario and its predicted low voltage.</summary>
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

    /// <summary>JSON shape of a bus.</summary>
    internal sealed record BusDocument(string Id, double VPu, double AngleDeg, double VKv);

    /// <summary>JSON shape of a branch.</summary>
    internal sealed record BranchDocument(string Id, double CurrentA, double LoadingPct, double FlowKw, double FlowKvar);

    /// <summary>JSON shape of the result.</summary>
    internal sealed record PowerFlowDocument(
        string Path,
        bool Converged,
        int Iterations,
        double LossesKw,
        double LossesKvar,
        double SourceKw,
        double SourceKvar,
        double LoadKw,
        double MinVoltagePu,
        string? MinVoltageBus,
        string Profile,
        long LowVoltageCustomers,
        int LowVoltageAreas,
        int OverloadedBranches,
        IReadOnlyList<BusDocument> Buses,
        IReadOnlyList<BranchDocument> Branches,
        IReadOnlyList<TopologySummaryCommand.DiagnosticDocument> Diagnostics);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        NetworkImportResult imported = NetworkImporter.Import(settings.Path, settings.Case);
        if (imported.Network is not Network network)
        {
            DiagnosticsView.Write(console, imported.Diagnostics);
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
        LowVoltageReport report = LowVoltagePrediction.Predict(network, scenario, profile);
        PowerFlowResult flow = report.PowerFlow;
        if (settings.Format == OutputFormat.Json)
        {
            var buses = new List<BusDocument>(network.NodeCount);
            for (int v = 0; v < network.NodeCount; v++)
            {
                buses.Add(new BusDocument(network.NodeIds[v], Round(flow.VoltagePu[v], 6), Round(flow.AngleDeg[v], 4), Round(flow.VoltageKv(v), 4)));
            }

            var branches = new List<BranchDocument>(network.EdgeCount);
            for (int e = 0; e < network.EdgeCount; e++)
            {
                branches.Add(new BranchDocument(network.EdgeIds[e], Round(flow.CurrentA[e], 3), Round(flow.LoadingPct[e], 2), Round(flow.FlowKw[e], 3), Round(flow.FlowKvar[e], 3)));
            }

            LumenJson.Write(console, new PowerFlowDocument(
                settings.Path, flow.Converged, flow.Iterations, Round(flow.LossesKw, 3), Round(flow.LossesKvar, 3), Round(flow.SourceKw, 3),
                Round(flow.SourceKvar, 3), Round(flow.LoadKw, 3), Round(flow.MinVoltagePu, 6), flow.MinVoltageBus, profile.Name,
                report.LowVoltageCustomers, report.LowAreas.Count, report.Overloaded.Count, buses, branches,
                flow.Diagnostics.Select(TopologySummaryCommand.DiagnosticDocument.Of).ToList()));
        }
        else
        {
            WriteTables(network, report, profile, settings.Top);
        }

        return flow.Converged ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }

    private void WriteTables(Network network, LowVoltageReport report, VoltageProfile profile, int top)
    {
        PowerFlowResult flow = report.PowerFlow;
        CultureInfo c = CultureInfo.InvariantCulture;
        var summary = new Table().Title("Power flow").AddColumn("Item").AddColumn(new TableColumn("Value").RightAligned());
        summary.AddRow("converged", flow.Converged ? "yes" : "[red]no[/]");
        summary.AddRow("iterations", flow.Iterations.ToString(c));
        summary.AddRow("source", string.Create(c, $"{flow.SourceKw:N1} kW, {flow.SourceKvar:N1} kvar"));
        summary.AddRow("load", string.Create(c, $"{flow.LoadKw:N1} kW, {flow.LoadKvar:N1} kvar"));
        summary.AddRow("losses", string.Create(c, $"{flow.LossesKw:N2} kW, {flow.LossesKvar:N2} kvar"));
        summary.AddRow("minimum voltage", string.Create(c, $"{flow.MinVoltagePu:F4} pu at {Markup.Escape(flow.MinVoltageBus ?? "-")}"));
        summary.AddRow($"low-voltage customers ({Markup.Escape(profile.Name)})", string.Create(c, $"{report.LowVoltageCustomers:N0} in {report.LowAreas.Count:N0} area(s)"));
        summary.AddRow("low buses", report.LowBuses.Count.ToString("N0", c));
        summary.AddRow("overloaded branches", report.Overloaded.Count.ToString("N0", c));
        console.Write(summary);
        if (flow.Solved && top > 0)
        {
            var lowest = new Table().Title("Lowest buses").AddColumn("Bus").AddColumn(new TableColumn("V (pu)").RightAligned()).AddColumn(new TableColumn("V (kV)").RightAligned()).AddColumn(new TableColumn("Angle (°)").RightAligned());
            int[] order = Enumerable.Range(0, network.NodeCount).Where(v => !double.IsNaN(flow.VoltagePu[v])).OrderBy(v => flow.VoltagePu[v]).ThenBy(v => v).Take(top).ToArray();
            foreach (int v in order)
            {
                lowest.AddRow(Markup.Escape(network.NodeIds[v]), flow.VoltagePu[v].ToString("F4", c), flow.VoltageKv(v).ToString("F3", c), flow.AngleDeg[v].ToString("F2", c));
            }

            console.Write(lowest);
            var loaded = new Table().Title("Most loaded branches").AddColumn("Branch").AddColumn(new TableColumn("I (A)").RightAligned()).AddColumn(new TableColumn("Loading (%)").RightAligned());
            int[] edges = Enumerable.Range(0, network.EdgeCount).Where(e => !double.IsNaN(flow.CurrentA[e])).OrderByDescending(e => double.IsNaN(flow.LoadingPct[e]) ? -1 : flow.LoadingPct[e]).ThenByDescending(e => flow.CurrentA[e]).Take(top).ToArray();
            foreach (int e in edges)
            {
                loaded.AddRow(Markup.Escape(network.EdgeIds[e]), flow.CurrentA[e].ToString("F1", c), double.IsNaN(flow.LoadingPct[e]) ? "-" : flow.LoadingPct[e].ToString("F1", c));
            }

            console.Write(loaded);
        }

        DiagnosticsView.Write(console, flow.Diagnostics);
    }

    private static double Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : value;
}
