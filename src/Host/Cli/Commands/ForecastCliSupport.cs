using Lumen.Forecast.Data;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary>Diagnostics output shared by the <c>forecast</c> and series import commands.</summary>
internal static class ForecastCliSupport
{
    /// <summary>Prints diagnostics as <c>file:line: error: field: message</c>, errors red, warnings yellow.</summary>
    public static void WriteDiagnostics(IAnsiConsole console, IEnumerable<ForecastDiagnostic> diagnostics)
    {
        foreach (ForecastDiagnostic d in diagnostics)
        {
            string colour = d.Severity == ForecastSeverity.Error ? "red" : "yellow";
            console.MarkupLine($"[{colour}]{Markup.Escape(d.ToString())}[/]");
        }
    }
}
