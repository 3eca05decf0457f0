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

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var messages = new List<string>();
        IReadOnlyList<string> files = LoadCsvReader.FilesIn(settings.Data);
        if (files.Count == 0)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(settings.Data)}: no such CSV file or folder with CSV files");
            return ExitCodes.InvalidInput;
        }

        IReadOnlyDictionary<string, PlannerGrowth> growth = new Dictionary<string, PlannerGrowth>();
        if (settings.Growth is not null)
        {
            (IReadOnlyDictionary<string, PlannerGrowth>? read, IReadOnlyList<ForecastDiagnostic> errors) = PlannerGrowthReader.Read(settings.Growth);
            if (read is null)
            {
                ForecastCliSupport.WriteDiagnostics(console, errors);
                return ExitCodes.InvalidInput;
            }

            growth = read;
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

        var results = new List<PeakOutlook>();
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
            results.Add(PeakOutlook.Of(PeakForecaster.Forecast(read.Series, HolidayCalendar.For(region), options), options));
        }

        if (!ok)
        {
            messages.ForEach(m => console.MarkupLine($"[red]{Markup.Escape(m)}[/]"));
            return ExitCodes.InvalidInput;
        }

        PeakOutlookReport report = PeakOutlookReport.Of(settings.Years, new PeakOptions().PowerFactor, results);
        if (settings.Format == OutputFormat.Json)
        {
            // The document is the answer; what the files' reading noted goes to standard error beside it.
            messages.ForEach(Console.Error.WriteLine);
            LumenJson.Write(console, report);
        }
        else
        {
            messages.ForEach(m => console.MarkupLine($"[yellow]{Markup.Escape(m)}[/]"));
            var table = new Table().Title("Annual peaks (MW)").AddColumn("series").AddColumn("year").AddColumn(new TableColumn("P50").RightAligned())
                .AddColumn(new TableColumn("P90").RightAligned()).AddColumn(new TableColumn("summer P90").RightAligned()).AddColumn(new TableColumn("winter P90").RightAligned())
                .AddColumn(new TableColumn("P90 loading %").RightAligned()).AddColumn("flag");
            foreach (PeakOutlook p in report.Series)
            {
                foreach (string d in p.Diagnostics)
                {
                    console.MarkupLine($"[yellow]{Markup.Escape(d)}[/]");
                }

                foreach (PeakOutlookYear y in p.Years)
                {
                    table.AddRow(Markup.Escape(p.Series), y.Year.ToString(CultureInfo.InvariantCulture), F(y.P50Mw), F(y.P90Mw), F(y.SummerP90Mw), F(y.WinterP90Mw),
                        y.P90LoadingPercent is double l ? l.ToString("0.0", CultureInfo.InvariantCulture) : "-", y.Overloaded ? "[red]OVERLOAD[/]" : string.Empty);
                }
            }

            console.Write(table);
            foreach (PeakOutlook p in report.Series.Where(r => r.FirstOverloadYear is not null))
            {
                console.MarkupLine($"[red]{Markup.Escape(p.Series)}: P90 peak exceeds the rating from {p.FirstOverloadYear}[/]");
            }
        }

        return ExitCodes.Ok;
    }

    private static string F(double v) => double.IsNaN(v) ? "-" : v.ToString("0.000", CultureInfo.InvariantCulture);
}
