using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Voltage.PowerFlow.ThreePhase;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Import;
using Lumen.Topology.Phases;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary>Options of <c>voltage day</c> and <c>voltage rebalance</c>.</summary>
internal sealed class VoltageDaySettings : NetworkSettings
{
    [CommandOption("--load-scale <FACTOR>")]
    [Description("Factor on every load (growth what-if). Default 1.")]
    public double LoadScale { get; init; } = 1;

    [CommandOption("--profile <NAME>")]
    [Description("Voltage limits: gbt12325 (default) or sgcc-low-voltage.")]
    public string Profile { get; init; } = "gbt12325";

    [CommandOption("--unbalance-limit <PERCENT>")]
    [Description("Transformer current unbalance limit, % ((Imax − Imin)/Imax). Default 15 (Yyn0).")]
    public double UnbalanceLimit { get; init; } = PhaseUnbalance.DefaultLimitPercent;

    [CommandOption("--max-moves <N>")]
    [Description("rebalance: most customers moved. Default 20.")]
    public int MaxMoves { get; init; } = 20;

    [CommandOption("--top <N>")]
    [Description("Rows of the customer table. Default 20.")]
    public int Top { get; init; } = 20;

    public override ValidationResult Validate()
    {
        if (!(LoadScale >= 0 && LoadScale <= 10))
        {
            return ValidationResult.Error("--load-scale must lie in 0..10");
        }

        if (!(UnbalanceLimit > 0 && UnbalanceLimit <= 100))
        {
            return ValidationResult.Error("--unbalance-limit must lie in 0..100");
        }

        if (MaxMoves is < 0 or > 10_000 || Top < 0)
        {
            return ValidationResult.Error("--max-moves must lie in 0..10000 and --top must not be negative");
        }

        return VoltageProfileCatalog.Find(Profile) is null ? ValidationResult.Error($"unknown --profile '{Profile}' (gbt12325 or sgcc-low-voltage)") : base.Validate();
    }

    /// <summary>The phase model and the day request, or an exit code after printing why there is none.</summary>
    public (LowVoltageDayRequest? Request, int Exit) Read(IAnsiConsole console)
    {
        NetworkImportResult imported = NetworkImporter.Import(Path, Case);
        if (imported.Network is null || imported.Phases is not PhaseNetwork phases)
        {
            DiagnosticsView.Write(console, imported.Network is null ? imported.Diagnostics : [.. imported.Diagnostics.Where(d => d.Field == "phases")]);
            if (imported.Network is not null)
            {
                console.MarkupLine("[red]error:[/] the network has no phase model: a day of load shapes needs an OpenDSS feeder with phases");
            }

            return (null, ExitCodes.InvalidInput);
        }

        return (new LowVoltageDayRequest(phases, VoltageProfileCatalog.Find(Profile)!) { LoadScale = LoadScale, UnbalanceLimitPercent = UnbalanceLimit }, ExitCodes.Ok);
    }
}

/// <summary><c>lumen voltage day PATH</c>: a day of the feeder's load shapes, minutes below the limit per customer with the cause.</summary>
internal sealed class VoltageDayCommand(IAnsiConsole console) : Command<VoltageDaySettings>
{
    public override int Execute(CommandContext context, VoltageDaySettings settings, CancellationToken cancellationToken)
    {
        (LowVoltageDayRequest? request, int exit) = settings.Read(console);
        if (request is null)
        {
            return exit;
        }

        LowVoltageDayReport report = LowVoltageDay.Run(request);
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, report);
        }
        else
        {
            VoltageDayTables.Write(console, report, settings.Top);
        }

        return report.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }
}

/// <summary><c>lumen voltage rebalance PATH</c>: phase rebalancing (换相) moves and the day before and after.</summary>
internal sealed class VoltageRebalanceCommand(IAnsiConsole console) : Command<VoltageDaySettings>
{
    public override int Execute(CommandContext context, VoltageDaySettings settings, CancellationToken cancellationToken)
    {
        (LowVoltageDayRequest? request, int exit) = settings.Read(console);
        if (request is null)
        {
            return exit;
        }

        PhaseRebalancingReport report = PhaseRebalancing.Run(new PhaseRebalancingRequest(request.Network, request.Profile) { Day = request, MaxMoves = settings.MaxMoves });
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, report);
            return report.Before.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.InvalidInput;
        }

        if (report.Before.Problems.Count > 0)
        {
            VoltageDayTables.WriteProblems(console, report.Before.Problems);
            return ExitCodes.InvalidInput;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        var moves = new Table().Title("Phase moves (换相)").AddColumn("Customer").AddColumn("Bus").AddColumn("Transformer").AddColumn("From").AddColumn("To");
        foreach (PhaseMove m in report.Moves)
        {
            moves.AddRow(Markup.Escape(m.Load), Markup.Escape(m.Bus), Markup.Escape(m.Transformer), m.FromPhase, m.ToPhase);
        }

        console.Write(moves);
        var effect = new Table().Title("Before and after").AddColumn("Item").AddColumn(new TableColumn("Before").RightAligned()).AddColumn(new TableColumn("After").RightAligned());
        effect.AddRow("low-voltage customers", report.LowVoltageCustomersBefore.ToString(c), report.LowVoltageCustomersAfter.ToString(c));
        effect.AddRow("customer-minutes below the limit", report.CustomerMinutesBelowBefore.ToString("N0", c), report.CustomerMinutesBelowAfter.ToString("N0", c));
        foreach ((TransformerUnbalance before, TransformerUnbalance after) in report.Before.Transformers.Zip(report.After.Transformers))
        {
            effect.AddRow($"{Markup.Escape(before.Transformer)} mean unbalance (%)", before.MeanUnbalancePercent.ToString("F1", c), after.MeanUnbalancePercent.ToString("F1", c));
            effect.AddRow($"{Markup.Escape(before.Transformer)} minutes above the limit", before.MinutesAboveLimit.ToString("N0", c), after.MinutesAboveLimit.ToString("N0", c));
        }

        console.Write(effect);
        return ExitCodes.Ok;
    }
}

/// <summary>Tables of a <see cref="LowVoltageDayReport"/>.</summary>
internal static class VoltageDayTables
{
    public static void WriteProblems(IAnsiConsole console, IReadOnlyList<PowerFlowProblem> problems)
    {
        foreach (PowerFlowProblem p in problems)
        {
            console.MarkupLine($"[red]{Markup.Escape($"{p.Severity}: {p.Field}: {p.Message}")}[/]");
        }
    }

    public static void Write(IAnsiConsole console, LowVoltageDayReport report, int top)
    {
        if (report.Problems.Count > 0)
        {
            WriteProblems(console, report.Problems);
            return;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        var summary = new Table().Title("Low voltage over the day").AddColumn("Item").AddColumn(new TableColumn("Value").RightAligned());
        summary.AddRow("steps", $"{report.Steps.ToString(c)} × {report.StepMinutes.ToString(c)} min");
        summary.AddRow("steps not settled", report.UnsettledSteps.ToString(c));
        summary.AddRow("low-voltage customers", report.LowVoltageCustomers.ToString(c));
        summary.AddRow("customer-minutes below the limit", report.CustomerMinutesBelow.ToString("N0", c));
        console.Write(summary);
        var transformers = new Table().Title("Transformers (三相不平衡度)").AddColumn("Transformer").AddColumn(new TableColumn("kVA").RightAligned())
            .AddColumn(new TableColumn("Max unbalance %").RightAligned()).AddColumn(new TableColumn("Mean unbalance %").RightAligned())
            .AddColumn(new TableColumn($"Minutes > {report.UnbalanceLimitPercent.ToString(c)} %").RightAligned()).AddColumn(new TableColumn("Peak loading %").RightAligned());
        foreach (TransformerUnbalance t in report.Transformers)
        {
            transformers.AddRow(Markup.Escape(t.Transformer), t.Kva.ToString("N0", c), t.MaxUnbalancePercent.ToString("F1", c), t.MeanUnbalancePercent.ToString("F1", c),
                t.MinutesAboveLimit.ToString("N0", c), t.PeakLoadingPercent.ToString("F1", c));
        }

        console.Write(transformers);
        var customers = new Table().Title("Customers, lowest first").AddColumn("Customer").AddColumn("Phase").AddColumn(new TableColumn("Min V").RightAligned())
            .AddColumn(new TableColumn("Limit V").RightAligned()).AddColumn(new TableColumn("Minutes below").RightAligned()).AddColumn("Cause");
        foreach (LowVoltageCustomer x in report.Customers.OrderBy(x => x.MinVoltageV).Take(top))
        {
            customers.AddRow(Markup.Escape(x.Load), x.Phase, x.MinVoltageV.ToString("F1", c), x.LimitV.ToString("F1", c), x.MinutesBelow.ToString("N0", c), x.Cause?.ToString() ?? "-");
        }

        console.Write(customers);
    }
}
