using System.ComponentModel;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Tracing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen topology summary PATH</c>: counts and every validation error.</summary>
internal sealed class TopologySummaryCommand(IAnsiConsole console) : Command<TopologySummaryCommand.Settings>
{
    /// <summary>Options of <c>topology summary</c>.</summary>
    internal sealed class Settings : NetworkSettings
    {
    }

    /// <summary>JSON shape of the summary: stable snake_case names.</summary>
    internal sealed record SummaryDocument(
        string Path,
        string? Case,
        bool Valid,
        NetworkSummary? Counts,
        IReadOnlyDictionary<string, int>? SourceObjects,
        IReadOnlyList<DiagnosticDocument> Diagnostics);

    /// <summary>JSON shape of one diagnostic.</summary>
    internal sealed record DiagnosticDocument(string Severity, string File, int Line, string Field, string Message)
    {
        public static DiagnosticDocument Of(Diagnostic d) =>
            new(d.Severity == DiagnosticSeverity.Error ? "error" : "warning", d.Location.File, d.Location.Line, d.Field, d.Message);
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        NetworkImportResult result = NetworkImporter.Import(settings.Path, settings.Case);
        Network? network = result.Network ?? result.Draft;
        NetworkSummary? counts = network is null ? null : NetworkSummary.Of(network);
        if (settings.Format == OutputFormat.Json)
        {
            var doc = new SummaryDocument(settings.Path, settings.Case, result.Succeeded, counts, result.SourceObjects, result.Diagnostics.Select(DiagnosticDocument.Of).ToList());
            LumenJson.Write(console, doc);
        }
        else
        {
            if (counts is not null)
            {
                console.Write(CountsTable(counts, result.Succeeded ? "Network" : "Network (invalid; counts for reference)"));
            }

            if (result.SourceObjects is not null)
            {
                var objects = new Table().Title("Objects read").AddColumn("Class").AddColumn(new TableColumn("Count").RightAligned());
                foreach ((string name, int count) in result.SourceObjects.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    objects.AddRow(Markup.Escape(name), count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                console.Write(objects);
            }

            DiagnosticsView.Write(console, result.Diagnostics);
            console.MarkupLine(result.Succeeded ? "[green]valid[/]" : $"[red]invalid:[/] {result.Errors.Count()} error(s)");
        }

        return result.Succeeded ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }

    private static Table CountsTable(NetworkSummary s, string title)
    {
        var table = new Table().Title(title).AddColumn("Item").AddColumn(new TableColumn("Count").RightAligned());
        void Row(string name, long value) => table.AddRow(name, value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        Row("sources", s.Sources);
        Row("feeders", s.Feeders);
        Row("buses", s.Buses);
        Row("branches", s.Branches);
        Row("transformers", s.Transformers);
        Row("load points", s.LoadPoints);
        Row("customers", s.Customers);
        Row("switches open", s.SwitchesOpen);
        Row("switches closed", s.SwitchesClosed);
        Row("protective devices", s.ProtectiveDevices);
        Row("ties", s.Ties);
        Row("segments", s.Segments);
        Row("islands", s.Islands);
        Row("loops", s.Loops);
        return table;
    }
}
