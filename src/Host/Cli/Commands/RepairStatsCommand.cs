using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.History;
using Lumen.Reliability.Repair;
using Lumen.Topology.Requests;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen repair stats</c>: how fast repairs arrive, where they are late, and what lateness costs in complaints.</summary>
internal sealed class RepairStatsCommand(IAnsiConsole console) : Command<RepairStatsCommand.Settings>
{
    /// <summary>Options of <c>repair stats</c>.</summary>
    internal sealed class Settings : RepairSettings
    {
        [CommandOption("--by <GROUP>")]
        [Description("class (default), feeder, substation or crew.")]
        [DefaultValue(RepairGrouping.Class)]
        public RepairGrouping By { get; init; } = RepairGrouping.Class;

        [CommandOption("--from <DATE>")]
        [Description("First local day (yyyy-MM-dd, UTC+08:00) of calls to include.")]
        public string? From { get; init; }

        [CommandOption("--to <DATE>")]
        [Description("Local day after the last (exclusive).")]
        public string? To { get; init; }

        [CommandOption("--worst <N>")]
        [Description("Worst feeders to list (default 10).")]
        [DefaultValue(10)]
        public int Worst { get; init; } = 10;

        public override ValidationResult Validate()
        {
            ValidationResult b = base.Validate();
            if (!b.Successful)
            {
                return b;
            }

            if (Worst is < 0 or > 1000)
            {
                return ValidationResult.Error("--worst must be 0-1000");
            }

            return Day(From) is null && From is not null || Day(To) is null && To is not null
                ? ValidationResult.Error("--from and --to are local days yyyy-MM-dd")
                : ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        (RepairInputs? inputs, int code) = RepairLoader.Load(console, settings);
        if (inputs is null)
        {
            return code;
        }

        QueryResult<RepairStatsReport> result = RepairStatsQuery.Run(new RepairStatsRequest(inputs.Network, inputs.Orders)
        {
            History = inputs.History,
            Complaints = inputs.Complaints,
            Rules = inputs.Rules,
            By = settings.By,
            From = Day(settings.From),
            To = Day(settings.To),
            Worst = settings.Worst,
        });
        if (result.Value is not { } r)
        {
            return RequestProblemsView.Write(console, result.Problems);
        }

        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, r);
            return ExitCodes.Ok;
        }

        Write(console, r);
        return ExitCodes.Ok;
    }

    internal static DateTimeOffset? Day(string? text) =>
        text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d)
            ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), HistoryTime.ChinaOffset)
            : null;

    private static void Write(IAnsiConsole console, RepairStatsReport r)
    {
        var c = CultureInfo.InvariantCulture;
        console.MarkupLine($"{r.Links.Orders:N0} work orders over {r.Years.ToString("0.0#", c)} years; linked to outages by id {r.Links.LinkedExplicitly:N0}, by time and place {r.Links.LinkedByTimeAndPlace:N0}, without outage {r.Links.WithoutOutage:N0}; complaints linked {r.Links.ComplaintsLinked:N0} of {r.Links.ComplaintsGiven:N0}");
        console.MarkupLine("Commitments: " + Markup.Escape(string.Join(", ", r.Classes.Select(k => $"{k.AreaClass} {k.ArrivalCommitmentMinutes.ToString("0", c)} min"))));
        var table = new Table().Title($"Response by {r.By.ToString().ToLowerInvariant()} (minutes)")
            .AddColumn("Group").AddColumn(new TableColumn("Orders").RightAligned())
            .AddColumn(new TableColumn("Dispatch P50").RightAligned()).AddColumn(new TableColumn("Arrival P50").RightAligned())
            .AddColumn(new TableColumn("P90").RightAligned()).AddColumn(new TableColumn("P95").RightAligned())
            .AddColumn(new TableColumn("Repair P50").RightAligned()).AddColumn(new TableColumn("Restored P90").RightAligned())
            .AddColumn(new TableColumn("Late").RightAligned()).AddColumn(new TableColumn("Per crew").RightAligned())
            .AddColumn(new TableColumn("Complaints/yr per min").RightAligned());
        foreach (ResponseRow g in r.Groups.Prepend(r.Overall))
        {
            table.AddRow(Markup.Escape(g.Key), g.Orders.ToString("N0", c), RepairLoader.Minutes(g.CallToDispatch?.MedianMinutes),
                RepairLoader.Minutes(g.CallToArrival?.MedianMinutes), RepairLoader.Minutes(g.CallToArrival?.P90Minutes), RepairLoader.Minutes(g.CallToArrival?.P95Minutes),
                RepairLoader.Minutes(g.ArrivalToRestoration?.MedianMinutes), RepairLoader.Minutes(g.CallToRestoration?.P90Minutes),
                RepairLoader.Share(g.LateShare), g.OrdersPerCrew?.ToString("0.0", c) ?? "–", g.ComplaintsAvoidedPerMinute?.ToString("0.00", c) ?? "–");
        }

        console.Write(table);
        var chart = new BarChart().Label("Late arrivals by month, last 24 (% of orders with an arrival)").Width(70);
        foreach (ResponseRow m in r.Months.TakeLast(24))
        {
            chart.AddItem(m.Month!, Math.Round(100 * (m.LateShare ?? 0), 1), Color.Orange1);
        }

        console.Write(chart);
        if (r.WorstFeeders.Count > 0)
        {
            var worst = new Table().Title("Worst feeders (late share)").AddColumn("Feeder").AddColumn(new TableColumn("Orders").RightAligned())
                .AddColumn(new TableColumn("Late").RightAligned()).AddColumn(new TableColumn("Call→arrival P90").RightAligned());
            foreach (ResponseRow w in r.WorstFeeders)
            {
                worst.AddRow(Markup.Escape(w.Key), w.Orders.ToString("N0", c), RepairLoader.Share(w.LateShare), RepairLoader.Minutes(w.CallToArrival?.P90Minutes));
            }

            console.Write(worst);
        }

        if (r.ComplaintModel is { } m2)
        {
            console.MarkupLine($"Complaint model with repair delay: complaints = {m2.PerExpected.ToString("0.000", c)} × expected from the outage + {m2.PerCustomerHourWaiting.ToString("0.00000", c)} × customer-hours waiting for the crew (s.e. {string.Join(", ", m2.StandardErrors!.Select(s => s.ToString("0.00000", c)))}; {m2.Orders:N0} orders)");
        }

        foreach (OrderProblem p in r.Problems)
        {
            console.MarkupLine($"[yellow]{Markup.Escape($"{p.File}:{p.Line}: warning: {p.OrderId}: {p.Message}")}[/]");
        }
    }
}
