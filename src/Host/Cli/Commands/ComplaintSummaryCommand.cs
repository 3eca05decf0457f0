using System.Globalization;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen complaints summary</c>: what the complaints were linked to, by category, month and feeder.</summary>
internal sealed class ComplaintSummaryCommand(IAnsiConsole console) : Command<ComplaintSettings>
{
    public override int Execute(CommandContext context, ComplaintSettings settings, CancellationToken cancellationToken)
    {
        (OutageHistory? history, ComplaintLinkResult? links, _, int code) = ComplaintLoader.Link(console, settings);
        if (links is null || history is null)
        {
            return code;
        }

        ComplaintSummary s = ComplaintSummaries.Summarise(history, links, settings.ZoneOffset);
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, s);
            return ExitCodes.Ok;
        }

        var c = CultureInfo.InvariantCulture;
        console.MarkupLine($"complaints {s.Complaints.ToString("N0", c)}: linked to outages {s.LinkedToOutages.ToString("N0", c)}, to low voltage {s.LinkedToLowVoltage.ToString("N0", c)}, to other episodes {s.LinkedToOtherEpisodes.ToString("N0", c)}; unlinked {s.Unlinked.ToString("N0", c)} ({Markup.Escape(string.Join(", ", s.UnlinkedByReason.Select(p => $"{p.Key} {p.Value}")))})");
        var months = new Table().Title("By month").AddColumn("Month").AddColumn(new TableColumn("Outage").RightAligned())
            .AddColumn(new TableColumn("Low voltage and other").RightAligned()).AddColumn(new TableColumn("Unlinked").RightAligned());
        foreach (ComplaintMonth m in s.ByMonth)
        {
            months.AddRow(m.Month, m.Outage.ToString("N0", c), m.LowVoltage.ToString("N0", c), m.Unlinked.ToString("N0", c));
        }

        console.Write(months);
        foreach ((string title, IReadOnlyList<KeyCount> counts) in new[] { ("By category", s.ByCategory), ("By feeder (top 20)", s.ByFeeder.Take(20).ToList()) })
        {
            var t = new Table().Title(title).AddColumn("Key").AddColumn(new TableColumn("Complaints").RightAligned());
            foreach (KeyCount k in counts)
            {
                t.AddRow(Markup.Escape(k.Key), k.Count.ToString("N0", c));
            }

            console.Write(t);
        }

        return ExitCodes.Ok;
    }
}
