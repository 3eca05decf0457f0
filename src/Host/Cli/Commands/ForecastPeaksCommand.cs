using System.ComponentModel;
using System.Globalization;
using Lumen.Forecast.Data;
using Lumen.Forecast.Peaks;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen forecast peaks --data DIR --years 10 [--growth FILE] [--network PATH]</c>: P50/P90 peaks and overload years.</summary>
internal sealed class ForecastPeaksCommand(IAnsiConsole console) : Command<ForecastPeaksCommand.Settings>
{
    /// <summary>Options of <c>forecast peaks</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--data <PATH>")]
        [Description("Load CSV or folder: one file per transformer/branch, named by its id in the network.")]
        public string Data { get; init; } = string.Empty;

        [CommandOption("--years <N>")]
        [Description("Years ahead, 1-30 (default 10).")]
        [DefaultValue(10)]
        public int Years { get; init; } = 10;

        [CommandOption("--growth <FILE>")]
        [Description("Planner growth CSV: series_id,growth_percent_per_year,added_peak_mw,added_from_year (empty cells allowed).")]
        public string? Growth { get; init; }

        [CommandOption("--network <PATH>")]
        [Description("Network (Lumen CSV folder, power-flow case or .dss): a series named after a branch, a feeder (its head section) or a load point (its transformer) gets that rating.")]
        public string? Network { get; init; }

        [CommandOption("--case <ID>")]
        [Description("Study case of the network folder.")]
        public string? Case { get; init; }

        [CommandOption("--calendar <REGION>")]
        [Description("Holiday calendar: auto (default), cn, us, au or none.")]
        [DefaultValue("auto")]
        public string Calendar { get; init; } = "auto";

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

            if (Years < 1 || Years > 30)
            {
                return ValidationResult.Error("--years must be 1..30");
            }

            return HolidayCalendar.TryParseRegion(Calendar, string.Empty, out _) ? ValidationResult.Success() : ValidationResult.Error($"unknown --calendar '{Calendar}'");
        }
    }

    /// <summary>JSON document of the peaks.</summary>
    internal sealed record PeaksDocument(IReadOnlyList<PeakForecast> Series, IReadOnlyList<string> Diagnostics);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var messages = new List<string>();
        IReadOnlyList<string> files = LoadCsvReader.FilesIn(settings.Data);
        if (files.Count == 0)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(settings.Data)}: no such CSV file or folder with CSV files");
            return ExitCodes.InvalidInput;
        }

        Dictionary<string, PlannerGrowth> growth = [];
        if (settings.Growth is not null && !TryReadGrowth(settings.Growth, growth, messages))
        {
            messages.ForEach(m => console.MarkupLine($"[red]{Markup.Escape(m)}[/]"));
            return ExitCodes.InvalidInput;
        }

        Network? network = null;
        if (settings.Network is not null)
        {
            NetworkImportResult imported = NetworkImporter.Import(settings.Network, settings.Case);
            if (imported.Network is null)
            {
                DiagnosticsView.Write(console, imported.Diagnostics);
                return ExitCodes.InvalidInput;
            }

            network = imported.Network;
        }

        var results = new List<PeakForecast>();
        bool ok = true;
        foreach (string file in files)
        {
            LoadReadResult read = LoadCsvReader.Read(file);
            messages.AddRange(read.Diagnostics.Select(d => d.ToString()));
            if (read.Series is null)
            {
                ok = false;
                continue;
            }

            HolidayCalendar.TryParseRegion(settings.Calendar, read.Series.Name, out HolidayRegion region);
            var options = new PeakOptions
            {
                Years = settings.Years,
                Growth = growth.GetValueOrDefault(read.Series.Name),
                RatingKva = network is null ? null : Ratings.OfElementKva(network, read.Series.Name),
            };
            PeakForecast peak = PeakForecaster.Forecast(read.Series, HolidayCalendar.For(region), options);
            messages.AddRange(peak.Diagnostics.Select(d => d.ToString()));
            results.Add(peak);
        }

        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, new PeaksDocument(results, messages));
        }
        else
        {
            messages.ForEach(m => console.MarkupLine($"[yellow]{Markup.Escape(m)}[/]"));
            var table = new Table().Title("Annual peaks (MW)").AddColumn("series").AddColumn("year").AddColumn(new TableColumn("P50").RightAligned())
                .AddColumn(new TableColumn("P90").RightAligned()).AddColumn(new TableColumn("summer P90").RightAligned()).AddColumn(new TableColumn("winter P90").RightAligned())
                .AddColumn(new TableColumn("P90 loading %").RightAligned()).AddColumn("flag");
            foreach (PeakForecast p in results)
            {
                foreach (YearPeak y in p.Years)
                {
                    bool over = y.P90LoadingPercent > 100;
                    table.AddRow(Markup.Escape(p.SeriesName), y.Year.ToString(CultureInfo.InvariantCulture), F(y.P50Mw), F(y.P90Mw), F(y.SummerP90Mw), F(y.WinterP90Mw),
                        double.IsNaN(y.P90LoadingPercent) ? "-" : y.P90LoadingPercent.ToString("0.0", CultureInfo.InvariantCulture), over ? "[red]OVERLOAD[/]" : string.Empty);
                }
            }

            console.Write(table);
            foreach (PeakForecast p in results.Where(r => r.FirstOverloadYear is not null))
            {
                console.MarkupLine($"[red]{Markup.Escape(p.SeriesName)}: P90 peak exceeds the rating from {p.FirstOverloadYear}[/]");
            }
        }

        return ok ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }

    private static string F(double v) => double.IsNaN(v) ? "-" : v.ToString("0.000", CultureInfo.InvariantCulture);

    private static bool TryReadGrowth(string path, Dictionary<string, PlannerGrowth> growth, List<string> errors)
    {
        string file = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            errors.Add($"{file}: error: file not found");
            return false;
        }

        string[] lines = File.ReadAllLines(path);
        string[] header = lines.Length > 0 ? lines[0].Split(',') : [];
        string[] expected = ["series_id", "growth_percent_per_year", "added_peak_mw", "added_from_year"];
        if (!header.Select(h => h.Trim()).SequenceEqual(expected))
        {
            errors.Add($"{file}:1: error: header must be {string.Join(',', expected)}");
            return false;
        }

        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            string[] f = lines[i].Split(',');
            if (f.Length != 4)
            {
                errors.Add($"{file}:{i + 1}: error: expected 4 fields, found {f.Length}");
                continue;
            }

            double? g = null;
            if (f[1].Trim().Length > 0)
            {
                if (!double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double gv) || gv <= -100 || gv > 100)
                {
                    errors.Add($"{file}:{i + 1}: error: growth_percent_per_year: '{f[1]}' is not a percentage in (-100, 100]");
                    continue;
                }

                g = gv;
            }

            double add = 0;
            if (f[2].Trim().Length > 0 && (!double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out add) || !double.IsFinite(add)))
            {
                errors.Add($"{file}:{i + 1}: error: added_peak_mw: '{f[2]}' is not a number");
                continue;
            }

            int from = 1;
            if (f[3].Trim().Length > 0 && (!int.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out from) || from < 1))
            {
                errors.Add($"{file}:{i + 1}: error: added_from_year: '{f[3]}' is not a year number >= 1");
                continue;
            }

            if (!growth.TryAdd(f[0].Trim(), new PlannerGrowth(g, add, from)))
            {
                errors.Add($"{file}:{i + 1}: error: series_id: '{f[0].Trim()}' appears twice");
            }
        }

        return errors.Count == 0;
    }
}
