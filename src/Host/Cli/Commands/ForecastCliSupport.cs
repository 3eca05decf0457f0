using Lumen.Forecast.Data;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary>Shared helpers of the <c>forecast</c> commands: input files and diagnostics.</summary>
internal static class ForecastCliSupport
{
    /// <summary>The shared city temperature file that <c>demo generate</c> writes beside the series; not a load series.</summary>
    public const string TemperatureFile = "temperature.csv";

    /// <summary>
    /// The CSV file itself, or the load-series CSV files of a folder sorted by name (without <see cref="TemperatureFile"/>);
    /// empty when neither exists.
    /// </summary>
    public static IReadOnlyList<string> DataFiles(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (Directory.Exists(path))
        {
            return Directory.GetFiles(path, "*.csv")
                .Where(f => !string.Equals(Path.GetFileName(f), TemperatureFile, StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();
        }

        return [];
    }

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
