using Lumen.Forecast.Data;
using Lumen.Reliability.Planning;
using Lumen.Reliability.Predictive;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary>Reads the <c>--load</c> series of the planning commands and turns them into restoration limits.</summary>
internal static class LoadSeriesInput
{
    /// <summary>Every load series of a file or folder; null (errors written) when one does not read.</summary>
    public static IReadOnlyList<ElementLoadSeries>? Read(IAnsiConsole console, string path) =>
        ReadSeries(console, path) is { } series ? [.. series.Select(Services.PlanningInputs.Of)] : null;

    /// <summary>As <see cref="Read"/>, the series as read (with their temperature, for forecasts).</summary>
    public static IReadOnlyList<LoadSeries>? ReadSeries(IAnsiConsole console, string path)
    {
        IReadOnlyList<string> files = LoadCsvReader.FilesIn(path);
        if (files.Count == 0)
        {
            console.MarkupLine($"[red]error:[/] --load {Markup.Escape(path)}: no such CSV file or folder with CSV files");
            return null;
        }

        var series = new List<LoadSeries>(files.Count);
        bool ok = true;
        foreach (string file in files)
        {
            LoadReadResult read = LoadCsvReader.Read(file);
            ForecastCliSupport.WriteDiagnostics(console, read.Diagnostics);
            if (read.Series is LoadSeries s)
            {
                series.Add(s);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? series : null;
    }

    /// <summary>
    /// The restoration limits of <c>--unconstrained</c> and <c>--load</c>: unlimited, or limited at the load levels of the
    /// series' summed duration curve (the default curve without series). Null (error written) on bad input.
    /// </summary>
    public static RestorationLimits? Limits(IAnsiConsole console, bool unconstrained, string? loadPath)
    {
        if (unconstrained)
        {
            return RestorationLimits.Unlimited;
        }

        if (loadPath is null)
        {
            return RestorationLimits.Default;
        }

        IReadOnlyList<ElementLoadSeries>? series = Read(console, loadPath);
        return series is null ? null : RestorationLimits.Default with { Levels = PlanningLoad.Levels(series) };
    }
}
