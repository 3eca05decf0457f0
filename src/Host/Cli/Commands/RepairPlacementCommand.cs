using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Repair;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen repair placement</c>: where the next crew bases should be, and what they would change.</summary>
internal sealed class RepairPlacementCommand(IAnsiConsole console) : Command<RepairPlacementCommand.Settings>
{
    /// <summary>Options of <c>repair placement</c>.</summary>
    internal sealed class Settings : RepairSettings
    {
        [CommandOption("--count <K>")]
        [Description("Bases to add, 1-10 (default 2; 0-10 with --relocations).")]
        [DefaultValue(2)]
        public int Count { get; init; } = 2;

        [CommandOption("--relocations <R>")]
        [Description("Existing bases that may move to candidate sites, with their crews, 0-10 (default 0).")]
        [DefaultValue(0)]
        public int Relocations { get; init; }

        [CommandOption("--objective <GOAL>")]
        [Description("late_arrivals (default), complaints or arrival_minutes.")]
        public string Objective { get; init; } = "late_arrivals";

        [CommandOption("--candidates <FILE>")]
        [Description("Candidate sites: base_id and bus_id or x,y (default: every substation).")]
        public string? Candidates { get; init; }

        [CommandOption("--travel-times <FILE>")]
        [Description("The utility's travel times: base_id,load_point_id,minutes (replace the road model where given).")]
        public string? TravelTimes { get; init; }

        public override ValidationResult Validate()
        {
            ValidationResult b = base.Validate();
            if (!b.Successful)
            {
                return b;
            }

            return PlacementObjectives.TryParse(Objective, out _) ? ValidationResult.Success() : ValidationResult.Error("--objective must be late_arrivals, complaints or arrival_minutes");
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        (RepairInputs? inputs, int code) = RepairLoader.Load(console, settings);
        if (inputs is null)
        {
            return code;
        }

        IReadOnlyList<BaseSite>? candidates = null;
        if (settings.Candidates is not null)
        {
            (candidates, IReadOnlyList<Diagnostic> diagnostics) = RepairTables.ReadCandidates(inputs.Network, settings.Candidates);
            if (candidates is null)
            {
                return RepairLoader.Fail(console, diagnostics).ExitCode;
            }
        }

        IReadOnlyList<TravelTime> travel = [];
        if (settings.TravelTimes is not null)
        {
            (IReadOnlyList<TravelTime>? read, IReadOnlyList<Diagnostic> diagnostics) = RepairTables.ReadTravelTimes(inputs.Network, settings.TravelTimes);
            if (read is null)
            {
                return RepairLoader.Fail(console, diagnostics).ExitCode;
            }

            travel = read;
        }

        PlacementObjectives.TryParse(settings.Objective, out PlacementObjective objective);
        QueryResult<RepairPlacementReport> result = RepairPlacementQuery.Run(new RepairPlacementRequest(inputs.Network, inputs.Orders, inputs.Crews)
        {
            History = inputs.History,
            Complaints = inputs.Complaints,
            Rules = inputs.Rules,
            Study = inputs.Study,
            Candidates = candidates,
            TravelTimes = travel,
            Count = settings.Count,
            Relocations = settings.Relocations,
            Objective = objective,
        });
        if (result.Value is not { } r)
        {
            return RequestProblemsView.Write(console, result.Problems);
        }

        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, r);
            return r.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.InvalidInput;
        }

        foreach (string problem in r.Problems)
        {
            console.MarkupLine($"[red]error: {Markup.Escape(problem)}[/]");
        }

        if (r.Problems.Count > 0)
        {
            return ExitCodes.InvalidInput;
        }

        Write(console, r);
        return ExitCodes.Ok;
    }

    private static void Write(IAnsiConsole console, RepairPlacementReport r)
    {
        var c = CultureInfo.InvariantCulture;
        console.MarkupLine($"{r.OrdersUsed:N0} orders over {r.Years.ToString("0.0#", c)} years at {r.DemandPoints:N0} load points; {r.ExistingBases.Count} existing bases, {r.Candidates} candidate sites; {Markup.Escape(r.Method ?? "")}: gain {r.Gain?.ToString("0.00", c)} of at most {r.UpperBoundGain?.ToString("0.00", c)} ({Markup.Escape(r.Objective.ToString())} a year)");
        bool moves = r.Relocations > 0;
        var bases = new Table().Title("New bases").AddColumn("Rank").AddColumn("Site").AddColumn(moves ? "Moved from" : "").AddColumn(new TableColumn("x, y (km)").RightAligned())
            .AddColumn(new TableColumn("Gain/yr").RightAligned()).AddColumn(new TableColumn("Orders/yr served").RightAligned()).AddColumn(new TableColumn("Load points").RightAligned())
            .AddColumn(new TableColumn("Alone: late avoided/yr").RightAligned()).AddColumn(new TableColumn("complaints avoided/yr").RightAligned()).AddColumn(new TableColumn("ΔSAIDI h").RightAligned());
        foreach (NewBase b in r.Bases)
        {
            bases.AddRow(b.Rank.ToString(c), Markup.Escape(b.BaseId), Markup.Escape(b.MovedFrom ?? (moves ? "–" : "")), $"{b.X.ToString("0.0", c)}, {b.Y.ToString("0.0", c)}", b.MarginalGain.ToString("0.00", c), b.OrdersPerYearServed.ToString("0.0", c), b.LoadPointsServed.ToString("N0", c),
                b.LateArrivalsAvoidedPerYear.ToString("0.0", c), b.ComplaintsAvoidedPerYear?.ToString("0.0", c) ?? "–", b.DeltaSaidi.ToString("0.0000", c));
        }

        console.Write(bases);
        var effect = new Table().Title("Effect").AddColumn("").AddColumn(new TableColumn("Before").RightAligned()).AddColumn(new TableColumn("After").RightAligned());
        PlacementEffect before = r.Before!, after = r.After!;
        effect.AddRow("Late arrivals / yr", before.LateArrivalsPerYear.ToString("0.0", c), after.LateArrivalsPerYear.ToString("0.0", c));
        effect.AddRow("Late share", RepairLoader.Share(before.LateShare), RepairLoader.Share(after.LateShare));
        effect.AddRow("Mean arrival (min)", before.MeanArrivalMinutes.ToString("0.0", c), after.MeanArrivalMinutes.ToString("0.0", c));
        effect.AddRow("Complaints / yr", before.ComplaintsPerYear?.ToString("0.0", c) ?? "–", after.ComplaintsPerYear?.ToString("0.0", c) ?? "–");
        effect.AddRow("SAIDI (h, predicted)", before.Saidi.ToString("0.0000", c), after.Saidi.ToString("0.0000", c));
        effect.AddRow("ENS (MWh/yr)", before.EnsMwh.ToString("0.00", c), after.EnsMwh.ToString("0.00", c));
        console.Write(effect);
        var chart = new BarChart().Label("Late arrivals a year").Width(60)
            .AddItem("before", Math.Round(before.LateArrivalsPerYear, 1), Color.Red)
            .AddItem("after", Math.Round(after.LateArrivalsPerYear, 1), Color.Green);
        console.Write(chart);
    }
}
