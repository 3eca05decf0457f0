using System.Globalization;
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
        [Description("Holiday calendar: auto (default: chosen at each origin from the load before it, see src/Forecast/README.md), cn, us, au or none.")]
        [DefaultValue("auto")]
        public string Calendar { get; init; } = "auto";

        [CommandOption("--ablate <SETS>")]
        [Description("Robustness sets (issue #14), comma-separated: full (default), notemp, h12w (only the 12 weeks before each origin), notemp-h12w, or all.")]
        [DefaultValue("full")]
        public string Ablate { get; init; } = "full";

        [CommandOption("--sets-out <DIR>")]
        [Description("Also write the robustness sets as protocol CSVs under DIR/<set>/ (for the R peers): <dataset>.csv, or <dataset>/<origin date>.csv for the 12-week sets.")]
        public string? SetsOut { get; init; }

        [CommandOption("--out-dir <DIR>")]
        [Description("Write one long-format file per set, dataset and method: DIR/<set>/<dataset>__<method>.csv (the layout evaluate.R scores).")]
        public string? OutDir { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Write the long-format forecast file (dataset,method,origin,step,...) here; Rscript evaluate.R scores it.")]
        public string? Out { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("table (default), json or markdown (the tables of src/Forecast/README.md).")]
        [DefaultValue("table")]
        public string Format { get; init; } = "table";

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Data))
            {
                return ValidationResult.Error("--data is required");
            }

            if (Format is not ("table" or "json" or "markdown"))
            {
                return ValidationResult.Error($"--format must be table, json or markdown, not '{Format}'");
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

            foreach (string a in SetNames(Ablate))
            {
                if (!RobustnessSets.TryParse(a, out _))
                {
                    return ValidationResult.Error($"unknown --ablate '{a}' (use {string.Join(", ", RobustnessSets.All.Select(RobustnessSets.Id))} or all)");
                }
            }

            return HolidayCalendar.TryParseRegion(Calendar, string.Empty, out _) ? ValidationResult.Success() : ValidationResult.Error($"unknown --calendar '{Calendar}' (auto, cn, us, au, none)");
        }

        internal static IReadOnlyList<string> SetNames(string text) =>
            text == "all" ? [.. RobustnessSets.All.Select(RobustnessSets.Id)] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        internal static IReadOnlyList<string> MethodNames(string text) =>
            text == "all" ? ForecastMethods.Names : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Scores of one robustness set: tables A and B.</summary>
    internal sealed record SetScores(string Set, IReadOnlyList<BacktestScore> All, IReadOnlyList<BacktestScore> Sub4);

    /// <summary>JSON document: scores of tables A and B per robustness set, and every diagnostic.</summary>
    internal sealed record BacktestDocument(IReadOnlyList<SetScores> Sets, IReadOnlyList<string> Diagnostics);

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

        var ablations = Settings.SetNames(settings.Ablate).Select(a => RobustnessSets.TryParse(a, out Ablation x) ? x : Ablation.None).Distinct().ToList();
        var rowsBySet = ablations.ToDictionary(a => a, _ => new List<BacktestRow>());
        var messages = new List<string>();
        bool ok = true;
        bool progressLines = settings.Format != "json";
        OriginSet set = settings.Origins == "sub4" ? OriginSet.Sub4 : OriginSet.All;
        foreach (string file in files)
        {
            LoadReadResult read = LoadCsvReader.Read(file);
            messages.AddRange(read.Diagnostics.Select(d => d.ToString()));
            if (progressLines)
            {
                ForecastCliSupport.WriteDiagnostics(console, read.Diagnostics);
            }

            if (read.Series is null)
            {
                ok = false;
                continue;
            }

            if (read.Series.DayCount < 64)
            {
                string msg = $"{Path.GetFileName(file)}: error: {read.Series.DayCount} days; the backtest protocol needs at least 64";
                messages.Add(msg);
                console.MarkupLine($"[red]{Markup.Escape(msg)}[/]");
                ok = false;
                continue;
            }

            foreach (Ablation ablation in ablations)
            {
                string id = RobustnessSets.Id(ablation);
                IReadOnlyList<BacktestCase> cases = RobustnessSets.Cases(read.Series, ablation, set);
                if (settings.SetsOut is not null)
                {
                    RobustnessSets.Write(cases, ablation, Path.Combine(settings.SetsOut, id));
                }

                Action<string, int, int>? progress = progressLines
                    ? (m, i, n) =>
                    {
                        if (i == n)
                        {
                            console.WriteLine($"{read.Series.Name} [{id}] {m}: {n} origins done");
                        }
                    }
                    : null;
                Func<BacktestCase, HolidayCalendar> calendar = c =>
                {
                    CalendarDetector.TryChoose(settings.Calendar, c.Series, c.OriginDay, out HolidayRegion region);
                    return HolidayCalendar.For(region);
                };
                List<BacktestRow> setRows = rowsBySet[ablation];
                setRows.AddRange(BacktestRunner.Run(cases, calendar, methods, progress));
            }
        }

        var allRows = rowsBySet.Values.SelectMany(r => r).ToList();
        if (settings.Out is not null && allRows.Count > 0)
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(settings.Out));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            using var writer = new StreamWriter(settings.Out);
            BacktestRunner.WriteCsv(writer, allRows);
        }

        if (settings.OutDir is not null)
        {
            foreach ((Ablation ablation, List<BacktestRow> setRows) in rowsBySet)
            {
                string folder = Path.Combine(settings.OutDir, RobustnessSets.Id(ablation));
                Directory.CreateDirectory(folder);
                foreach (IGrouping<(string Dataset, string Method), BacktestRow> g in setRows.GroupBy(r => (r.Dataset, r.Method)))
                {
                    using var writer = new StreamWriter(Path.Combine(folder, $"{g.Key.Dataset}__{g.Key.Method}.csv"));
                    BacktestRunner.WriteCsv(writer, g);
                }
            }
        }

        var scores = new List<SetScores>();
        foreach ((Ablation ablation, List<BacktestRow> setRows) in rowsBySet)
        {
            (IReadOnlyList<BacktestScore> all, IReadOnlyList<BacktestScore> sub4) = BacktestMetrics.ScoreAll(setRows);
            scores.Add(new SetScores(RobustnessSets.Id(ablation), all, sub4));
        }

        switch (settings.Format)
        {
            case "json":
                LumenJson.Write(console, new BacktestDocument(scores, messages));
                break;
            case "markdown":
                WriteMarkdown(console.Profile.Out.Writer, scores);
                break;
            default:
                foreach (SetScores sc in scores)
                {
                    string suffix = SetSuffix(scores, sc);
                    console.Write(ScoreTable($"(A) Each method on all origins it was run on{suffix}", sc.All));
                    console.Write(ScoreTable($"(B) All methods on the common 7-origin subset (k = 0,4,...,24){suffix}", sc.Sub4));
                }

                break;
        }

        return ok ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }

    private static string SetSuffix(IReadOnlyList<SetScores> scores, SetScores sc) =>
        scores.Count > 1 || sc.Set != "full" ? $" [{sc.Set}]" : string.Empty;

    private static void WriteMarkdown(TextWriter w, IReadOnlyList<SetScores> scores)
    {
        foreach (SetScores sc in scores)
        {
            string suffix = SetSuffix(scores, sc);
            w.WriteLine($"## (A) Each method on all origins it was run on{suffix}");
            w.WriteLine();
            w.Write(BacktestMetrics.ToMarkdown(sc.All));
            w.WriteLine();
            w.WriteLine($"## (B) All methods on the common 7-origin subset (k = 0,4,...,24){suffix}");
            w.WriteLine();
            w.Write(BacktestMetrics.ToMarkdown(sc.Sub4));
            w.WriteLine();
        }

        w.Flush();
    }

    /// <summary>The scores as the other verbs print their results: one Spectre table, numbers right-aligned.</summary>
    private static Table ScoreTable(string title, IReadOnlyList<BacktestScore> scores)
    {
        var table = new Table { Title = new TableTitle(title) };
        table.AddColumn("dataset").AddColumn("method");
        foreach (string numeric in (string[])["origins", "MAPE %", "RMSE MW", "MASE", "80 % coverage", "95 % coverage", "pinball MW", "s/origin", "CPU s/origin"])
        {
            table.AddColumn(new TableColumn(numeric).RightAligned());
        }

        foreach (BacktestScore s in scores)
        {
            table.AddRow(
                Markup.Escape(s.Dataset), Markup.Escape(s.Method), s.Origins.ToString(CultureInfo.InvariantCulture),
                Fixed(s.MapePercent, 2), Megawatts(s.RmseMw), Fixed(s.Mase, 3), Fixed(s.Coverage80Percent, 1), Fixed(s.Coverage95Percent, 1),
                Megawatts(s.PinballMw), Fixed(s.SecondsPerOrigin, 4), Fixed(s.CpuSecondsPerOrigin, 4));
        }

        return table;
    }

    private static string Fixed(double value, int digits) =>
        double.IsFinite(value) ? value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Three decimals below 10 MW (errors and pinball losses are never negative): a transformer area's errors are tenths of a megawatt.</summary>
    private static string Megawatts(double value) => Fixed(value, value < 10 ? 3 : 1);
}
