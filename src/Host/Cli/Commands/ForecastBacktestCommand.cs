using System.ComponentModel;
using Lumen.Forecast.Backtest;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen forecast backtest --data FILE|DIR</c>: the protocol's day-ahead backtest, long-format output and scores.</summary>
internal sealed class ForecastBacktestCommand(IAnsiConsole console) : Command<ForecastBacktestCommand.Settings>
{
    /// <summary>Options of <c>forecast backtest</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--data <PATH>")]
        [Description("Load CSV (timestamp,load_mw,temperature_c) or a folder of them.")]
        public string Data { get; init; } = string.Empty;

        [CommandOption("--method <NAME>")]
        [Description("snaive, vanilla_lm, lumen, or all (default). Several may be given comma-separated.")]
        [DefaultValue("all")]
        public string Method { get; init; } = "all";

        [CommandOption("--origins <SET>")]
        [Description("all (28 origins, default) or sub4 (7 origins).")]
        [DefaultValue("all")]
        public string Origins { get; init; } = "all";

        [CommandOption("--calendar <REGION>")]
        [Description("Holiday calendar: auto (default: isone*/gefcom* = us, vic* = au, else cn), cn, us, au or none.")]
        [DefaultValue("auto")]
        public string Calendar { get; init; } = "auto";

        [CommandOption("--out <FILE>")]
        [Description("Write the long-format forecast file (dataset,method,origin,step,...) here; Rscript evaluate.R scores it.")]
        public string? Out { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("table (default) or json.")]
        [DefaultValue(OutputFormat.Table)]
        public OutputFormat Format { get; init; } = OutputFormat.Table;

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Data))
            {
                return ValidationResult.Error("--data is required");
            }

            if (Origins is not ("all" or "sub4"))
            {
                return ValidationResult.Error($"--origins must be all or sub4, not '{Origins}'");
            }

            foreach (string m in MethodNames(Method))
            {
                if (!ForecastMethods.Names.Contains(m))
                {
                    return ValidationResult.Error($"unknown --method '{m}' (use {string.Join(", ", ForecastMethods.Names)} or all)");
                }
            }

            return HolidayCalendar.TryParseRegion(Calendar, string.Empty, out _) ? ValidationResult.Success() : ValidationResult.Error($"unknown --calendar '{Calendar}' (auto, cn, us, au, none)");
        }

        internal static IReadOnlyList<string> MethodNames(string text) =>
            text == "all" ? ForecastMethods.Names : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>JSON document: scores of tables A and B and every diagnostic.</summary>
    internal sealed record BacktestDocument(IReadOnlyList<BacktestScore> All, IReadOnlyList<BacktestScore> Sub4, IReadOnlyList<string> Diagnostics);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> files = LoadCsvReader.FilesIn(settings.Data);
        if (files.Count == 0)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(settings.Data)}: no such CSV file or folder with CSV files");
            return ExitCodes.InvalidInput;
        }

        var methods = new List<IDayAheadForecaster>();
        foreach (string name in Settings.MethodNames(settings.Method))
        {
            ForecastMethods.TryCreate(name, out IDayAheadForecaster? m);
            methods.Add(m!);
        }

        var rows = new List<BacktestRow>();
        var messages = new List<string>();
        bool ok = true;
        bool progressLines = settings.Format == OutputFormat.Table;
        foreach (string file in files)
        {
            LoadReadResult read = LoadCsvReader.Read(file);
            messages.AddRange(read.Diagnostics.Select(d => d.ToString()));
            if (settings.Format == OutputFormat.Table)
            {
                ForecastCliSupport.WriteDiagnostics(console, read.Diagnostics);
            }

            if (read.Series is null)
            {
                ok = false;
                continue;
            }

            HolidayCalendar.TryParseRegion(settings.Calendar, read.Series.Name, out HolidayRegion region);
            if (read.Series.DayCount < 64)
            {
                string msg = $"{Path.GetFileName(file)}: error: {read.Series.DayCount} days; the backtest protocol needs at least 64";
                messages.Add(msg);
                console.MarkupLine($"[red]{Markup.Escape(msg)}[/]");
                ok = false;
                continue;
            }

            OriginSet set = settings.Origins == "sub4" ? OriginSet.Sub4 : OriginSet.All;
            Action<string, int, int>? progress = progressLines
                ? (m, i, n) =>
                {
                    if (i == n)
                    {
                        console.WriteLine($"{read.Series.Name} {m}: {n} origins done");
                    }
                }
                : null;
            rows.AddRange(BacktestRunner.Run(read.Series, HolidayCalendar.For(region), methods, set, progress));
        }

        if (settings.Out is not null && rows.Count > 0)
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(settings.Out));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            using var writer = new StreamWriter(settings.Out);
            BacktestRunner.WriteCsv(writer, rows);
        }

        (IReadOnlyList<BacktestScore> all, IReadOnlyList<BacktestScore> sub4) = BacktestMetrics.ScoreAll(rows);
        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, new BacktestDocument(all, sub4, messages));
        }
        else
        {
            TextWriter w = console.Profile.Out.Writer;
            w.WriteLine("## (A) Each method on all origins it was run on");
            w.WriteLine();
            w.Write(BacktestMetrics.ToMarkdown(all));
            w.WriteLine();
            w.WriteLine("## (B) All methods on the common 7-origin subset (k = 0,4,...,24)");
            w.WriteLine();
            w.Write(BacktestMetrics.ToMarkdown(sub4));
            w.Flush();
        }

        return ok ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }
}
