using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Topology.Requests;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen complaints rates</c>: complaints per 1,000 customer interruptions and the fitted complaint-rate model.</summary>
internal sealed class ComplaintRatesCommand(IAnsiConsole console) : Command<ComplaintRatesCommand.Settings>
{
    /// <summary>Options of <c>complaints rates</c>: the inputs, and the fields of <see cref="ComplaintRatesRequest"/>.</summary>
    internal sealed class Settings : ComplaintSettings
    {
        [CommandOption("--customers <N>")]
        [Description("Customers of an outage to give the expected complaints of (with --duration-hours).")]
        public double? Customers { get; init; }

        [CommandOption("--duration-hours <H>")]
        [Description("Its duration in hours.")]
        public double? DurationHours { get; init; }

        [CommandOption("--repeat <N>")]
        [Description("The customers' n-th interruption in 12 months for the expected complaints and the curve (default 1).")]
        public int? Repeat { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        (OutageHistory? history, ComplaintLinkResult? links, _, int code) = ComplaintLoader.Link(console, settings);
        if (links is null || history is null)
        {
            return code;
        }

        QueryResult<ComplaintRatesDocument> result = ComplaintRatesQuery.Run(ComplaintRates.Compute(history, links), new ComplaintRatesRequest(settings.Customers, settings.DurationHours, settings.Repeat));
        if (result.Value is not { } r)
        {
            return RequestProblemsView.Write(console, result.Problems);
        }

        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, r);
            return ExitCodes.Ok;
        }

        var c = CultureInfo.InvariantCulture;
        foreach ((string title, IReadOnlyList<RateBand> bands) in new[] { ("By interruption duration", r.ByDuration), ("By repeat (n-th interruption in 12 months)", r.ByRepeat) })
        {
            var t = new Table().Title(title).AddColumn("Band").AddColumn(new TableColumn("Customer interruptions").RightAligned())
                .AddColumn(new TableColumn("Complaints").RightAligned()).AddColumn(new TableColumn("Per 1,000").RightAligned());
            foreach (RateBand b in bands)
            {
                t.AddRow(Markup.Escape(b.Band), b.CustomerInterruptions.ToString("N0", c), b.Complaints.ToString("N0", c), b.PerThousand.ToString("F3", c));
            }

            console.Write(t);
        }

        console.MarkupLine($"complaints {r.Complaints:N0}; linked to outages {r.LinkedToOutages:N0}; to other episodes {r.LinkedToOtherEpisodes:N0}; unlinked: {Markup.Escape(string.Join(", ", r.Unlinked.Select(p => $"{p.Key} {p.Value}")))}");
        foreach (ComplaintRateModel? m in new[] { r.Poisson, r.Logistic })
        {
            if (m is null)
            {
                console.MarkupLine("[yellow]model not fitted (no linked complaints or degenerate data)[/]");
                continue;
            }

            string link = m.Kind == ComplaintModelKind.Poisson ? "log rate" : "logit p";
            string used = ReferenceEquals(m, r.Model) ? " (used by the other analyses)" : string.Empty;
            console.MarkupLine($"{m.Kind}: {link} = {m.Intercept.ToString("F4", c)} + {m.PerHour.ToString("F4", c)}·hours + {m.PerRepeat.ToString("F4", c)}·(repeat − 1)  (s.e. {string.Join(", ", m.StandardErrors.Select(s => s.ToString("F4", c)))}){used}");
        }

        if (r.Expected is { } e)
        {
            console.MarkupLine($"expected complaints of {e.Customers.ToString("N0", c)} customers interrupted {e.DurationHours.ToString("F1", c)} h (interruption {e.Repeat} in 12 months): {e.Complaints.ToString("F2", c)}");
        }

        return ExitCodes.Ok;
    }
}
