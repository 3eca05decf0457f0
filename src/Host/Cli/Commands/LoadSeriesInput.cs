using Lumen.Forecast.Data;
using Lumen.Reliability.Planning;
using Lumen.Reliability.Predictive;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary>
/// Reads the <c>--load</c> series of the planning commands and turns them into restoration limits. Errors go to the
/// console (there is no document then); warnings go to the console beside a table and to standard error beside a
/// document (<c>--format json</c> or <c>csv</c>), whose standard output must stay the document alone.
/// </summary>
internal static class LoadSeriesInput
{
    /// <summary>Every load series of a file or folder; null (errors written) when one does not read.</summary>
    /// <param name="console">Where errors (and warnings beside a table) go.</param>
    /// <param name="path">A CSV file or a folder of them.</param>
    /// <param name="document">Whether standard output carries a document: warnings then go to standard error.</param>
    public static IReadOnlyList<ElementLoadSeries>? Read(IAnsiConsole console, string path, bool document) =>
        ReadSeries(console, path, document) is { } series ? [.. series.Select(Services.PlanningInputs.Of)] : null;

    /// <summary>As <see cref="Read"/>, the series as read (with their temperature, for forecasts).</summary>
    public static IReadOnlyList<LoadSeries>? ReadSeries(IAnsiConsole console, string path, bool document)
    {
        IReadOnlyList<string> files = LoadCsvReader.FilesIn(path);
        if (files.Count == 0)
        {
            console.MarkupLine($"[red]error:[/] --load {Markup.Escape(path)}: no such CSV file or folder with CSV files");
            return null;
        }

        var series = new List<LoadSeries>(files.Count);
        var diagnostics = new List<ForecastDiagnostic>();
        bool ok = true;
        foreach (string file in files)
        {
            LoadReadResult read = LoadCsvReader.Read(file);
            diagnostics.AddRange(read.Diagnostics);
            if (read.Series is LoadSeries s)
            {
                series.Add(s);
            }
            else
            {
                ok = false;
            }
        }

        // Without series there is no document either: everything goes to the console.
        ForecastCliSupport.WriteDiagnostics(console, diagnostics.Where(d => !(ok && document) || d.Severity == ForecastSeverity.Error));
        if (ok && document)
        {
            foreach (ForecastDiagnostic d in diagnostics.Where(d => d.Severity != ForecastSeverity.Error))
            {
                Console.Error.WriteLine(d);
            }
        }

        return ok ? series : null;
    }

    /// <summary>
    /// The restoration limits of <c>--unconstrained</c> and <c>--load</c>: unlimited, or limited at the load levels of the
    /// series' summed duration curve (the default curve without series). Null (error written) on bad input.
    /// </summary>
    public static RestorationLimits? Limits(IAnsiConsole console, bool unconstrained, string? loadPath, bool document)
    {
        if (unconstrained)
        {
            return RestorationLimits.Unlimited;
        }

        if (loadPath is null)
        {
            return RestorationLimits.Default;
        }

        IReadOnlyList<ElementLoadSeries>? series = Read(console, loadPath, document);
        return series is null ? null : RestorationLimits.Default with { Levels = PlanningLoad.Levels(series) };
    }
}
