using Lumen.Topology.Network;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary>Prints diagnostics as <c>file:line: error: field: message</c>, one per line, errors in red.</summary>
internal static class DiagnosticsView
{
    public static void Write(IAnsiConsole console, IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (Diagnostic d in diagnostics)
        {
            string colour = d.Severity == DiagnosticSeverity.Error ? "red" : "yellow";
            console.MarkupLine($"[{colour}]{Markup.Escape(d.ToString())}[/]");
        }
    }
}
