using System.ComponentModel;
using System.Globalization;
using Lumen.Forecast.Data;
using Lumen.Host.Storage.DuckDb;
using Lumen.Host.Storage.Series;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>Options shared by <c>import load</c> and <c>import voltage</c>.</summary>
internal class ImportSeriesSettings : CommandSettings
{
    [CommandArgument(0, "<PATH>")]
    [Description("The CSV file (or, for load, a folder of CSV files: one series per file, temperature.csv skipped).")]
    public string Path { get; init; } = string.Empty;

    [CommandOption("--data <DIR>")]
    [Description("Data folder of the store (default lumen-data). The service must not be running on it (use POST /api/series/… then).")]
    public string Data { get; init; } = "lumen-data";

    [CommandOption("--format <FORMAT>")]
    [Description("table (default) or json.")]
    [DefaultValue(OutputFormat.Table)]
    public OutputFormat Format { get; init; } = OutputFormat.Table;
}

/// <summary>Runs a series import on the store of <c>--data</c> and prints its outcome (shared by the two verbs).</summary>
internal static class ImportSeries
{
    public static int Run(IAnsiConsole console, ImportSeriesSettings settings, string what, Func<SeriesRepository, SeriesImportOutcome> import)
    {
        using var store = new DuckDbStore(Path.Combine(Path.GetFullPath(settings.Data), "lumen.duckdb"));
        var repository = new SeriesRepository(store, new DuckDbSeriesStore(store), TimeProvider.System);
        SeriesImportOutcome? outcome = null;
        Progress.Run(console, "import", [($"validate and store {what}", () => outcome = import(repository))]);
        if (outcome!.Status == ImportStatus.Invalid)
        {
            foreach (SeriesProblem p in outcome.Errors)
            {
                console.MarkupLine($"[red]{Markup.Escape(p.ToString())}[/]");
            }

            return ExitCodes.InvalidInput;
        }

        bool created = outcome.Status == ImportStatus.Created;
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, new { created, batch = outcome.Batch, rows = outcome.Rows, series = outcome.Series, warnings = outcome.Warnings, store = store.DatabasePath });
            return ExitCodes.Ok;
        }

        foreach (string w in outcome.Warnings)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(w)}[/]");
        }

        string verb = created ? "Imported as batch" : "Unchanged: the same content is already batch";
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{verb} [bold]{outcome.Batch}[/]: {outcome.Rows:N0} rows, {outcome.Series:N0} {what}; store {Markup.Escape(store.DatabasePath)}"));
        return ExitCodes.Ok;
    }
}

/// <summary><c>lumen import load DIR|FILE [--data DIR]</c>: validate load series and store them as one batch (all or nothing).</summary>
internal sealed class ImportLoadCommand(IAnsiConsole console) : Command<ImportSeriesSettings>
{
    public override int Execute(CommandContext context, ImportSeriesSettings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> files = LoadCsvReader.FilesIn(settings.Path);
        if (files.Count == 0)
        {
            console.MarkupLine($"[red]{Markup.Escape(settings.Path)}: error: no such CSV file or folder with CSV files[/]");
            return ExitCodes.InvalidInput;
        }

        return ImportSeries.Run(console, settings, "load series", r => r.ImportLoad(files, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(settings.Path)))));
    }
}

/// <summary><c>lumen import voltage FILE [--data DIR]</c>: validate voltage readings and store them as one batch (all or nothing).</summary>
internal sealed class ImportVoltageCommand(IAnsiConsole console) : Command<ImportSeriesSettings>
{
    public override int Execute(CommandContext context, ImportSeriesSettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Path))
        {
            console.MarkupLine($"[red]{Markup.Escape(settings.Path)}: error: file not found[/]");
            return ExitCodes.InvalidInput;
        }

        return ImportSeries.Run(console, settings, "voltage points", r => r.ImportVoltage(settings.Path, cancellationToken));
    }
}
