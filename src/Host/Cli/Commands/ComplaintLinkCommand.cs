using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Complaints;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen complaints link</c>: links each complaint to the outage or episode that most plausibly caused it.</summary>
internal sealed class ComplaintLinkCommand(IAnsiConsole console) : Command<ComplaintLinkCommand.Settings>
{
    /// <summary>Options of <c>complaints link</c>.</summary>
    internal sealed class Settings : ComplaintSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("Write every complaint with its link (or the reason it has none) to this CSV.")]
        public string? Out { get; init; }
    }

    /// <summary>JSON summary of the links.</summary>
    internal sealed record LinkDocument(int Complaints, int Linked, int LinkedByArea, int LinkedByFeeder, IReadOnlyDictionary<string, int> LinkedByKind, IReadOnlyDictionary<string, int> Unlinked, int RejectedRows, string? Out);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        (_, ComplaintLinkResult? links, int rejected, int code) = ComplaintLoader.Link(console, settings);
        if (links is null)
        {
            return code;
        }

        if (settings.Out is not null)
        {
            ComplaintLinkWriter.Write(settings.Out, links);
        }

        var doc = new LinkDocument(
            links.Links.Count,
            links.Linked,
            links.Links.Count(l => l.Match == LinkMatch.Area),
            links.Links.Count(l => l.Match == LinkMatch.Feeder),
            links.Links.Where(l => l.EpisodeId is not null).GroupBy(l => l.Kind!).ToDictionary(g => g.Key, g => g.Count()),
            links.Unlinked.GroupBy(l => l.Reason == UnlinkedReason.CategoryNotSupplyRelated ? "category_not_supply_related" : "no_episode_in_window").ToDictionary(g => g.Key, g => g.Count()),
            rejected,
            settings.Out);
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, doc);
            return ExitCodes.Ok;
        }

        var c = CultureInfo.InvariantCulture;
        var table = new Table().Title("Complaint links").AddColumn("Item").AddColumn(new TableColumn("Count").RightAligned());
        table.AddRow("complaints", doc.Complaints.ToString("N0", c));
        table.AddRow("linked (same area)", doc.LinkedByArea.ToString("N0", c));
        table.AddRow("linked (same feeder)", doc.LinkedByFeeder.ToString("N0", c));
        foreach ((string kind, int n) in doc.LinkedByKind)
        {
            table.AddRow($"  to {Markup.Escape(kind)} episodes", n.ToString("N0", c));
        }

        foreach ((string reason, int n) in doc.Unlinked)
        {
            table.AddRow($"unlinked: {reason.Replace('_', ' ')}", n.ToString("N0", c));
        }

        console.Write(table);
        if (settings.Out is not null)
        {
            console.MarkupLine($"links written to {Markup.Escape(settings.Out)}");
        }

        return ExitCodes.Ok;
    }
}
