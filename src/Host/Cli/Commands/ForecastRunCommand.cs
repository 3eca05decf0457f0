using System.ComponentModel;
using System.Globalization;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen forecast run --data FILE|DIR --horizon 7d --out FILE</c>: forecasts from the end of each series.</summary>
internal sealed class ForecastRunCommand(IAnsiConsole console) : Command<ForecastRunCommand.Settings>
{
    /// <summary>Options of <c>forecast run</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--data <PATH>")]
        [Description("Load CSV or folder of them; rows after the last load with a temperature are the temperature forecast.")]
        public string Data { get; init; } = string.Empty;

        [CommandOption("--horizon <DAYS>")]
        [Description("Horizon in days, e.g. 1d, 7d, 14d (default 7d).")]
        [DefaultValue("7d")]
        public string Horizon { get; init; } = "7d";

        [CommandOption("--quantiles <LIST>")]
        [Description("Comma-separated quantile levels (default 0.025,0.1,0.5,0.9,0.975).")]
        [DefaultValue("0.025,0.1,0.5,0.9,0.975")]
        public string Quantiles { get; init; } = "0.025,0.1,0.5,0.9,0.975";

        [CommandOption("--calendar <REGION>")]
        [Description("Holiday calendar: auto (default), cn, us, au or none.")]
        [DefaultValue("auto")]
        public string Calendar { get; init; } = "auto";

        [CommandOption("--out <FILE>")]
        [Description("Output CSV: series,timestamp,mean_mw,q... (required).")]
        public string Out { get; init; } = string.Empty;

        internal int HorizonDays => int.Parse(Horizon.TrimEnd('d', 'D'), CultureInfo.InvariantCulture);

        internal double[] Levels => Quantiles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(q => double.Parse(q, CultureInfo.InvariantCulture)).ToArray();

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Data))
            {
                return ValidationResult.Error("--data is required");
            }

            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out is required");
            }

            if (!int.TryParse(Horizon.TrimEnd('d', 'D'), NumberStyles.None, CultureInfo.InvariantCulture, out int h) || h < 1 || h > 28)
            {
                return ValidationResult.Error($"--horizon must be 1d..28d, not '{Horizon}'");
            }

            foreach (string q in Quantiles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!double.TryParse(q, NumberStyles.Float, CultureInfo.InvariantCulture, out double level) || !(level > 0 && level < 1))
                {
                    return ValidationResult.Error($"--quantiles: '{q}' is not a level strictly between 0 and 1");
                }
            }

            return HolidayCalendar.TryParseRegion(Calendar, string.Empty, out _) ? ValidationResult.Success() : ValidationResult.Error($"unknown --calendar '{Calendar}'");
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> files = LoadCsvReader.FilesIn(settings.Data);
        if (files.Count == 0)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(settings.Data)}: no such CSV file or folder with CSV files");
            return ExitCodes.InvalidInput;
        }

        var series = new List<LoadSeries>();
        bool ok = true;
        foreach (string file in files)
        {
            LoadReadResult read = LoadCsvReader.Read(file);
            ForecastCliSupport.WriteDiagnostics(console, read.Diagnostics);
            if (read.Series is null)
            {
                ok = false;
            }
            else
            {
                series.Add(read.Series);
            }
        }

        if (!ok)
        {
            console.MarkupLine("[red]invalid input: nothing forecast[/]");
            return ExitCodes.InvalidInput;
        }

        string calendarText = settings.Calendar;
        IReadOnlyList<SeriesForecast> results = ForecastRunner.RunMany(series, s =>
        {
            HolidayCalendar.TryParseRegion(calendarText, s.Name, out HolidayRegion r);
            return HolidayCalendar.For(r);
        }, settings.HorizonDays);
        foreach (SeriesForecast r in results)
        {
            ForecastCliSupport.WriteDiagnostics(console, r.Diagnostics);
        }

        using (var writer = new StreamWriter(settings.Out))
        {
            ForecastRunner.WriteCsv(writer, results, settings.Levels);
        }

        int forecast = results.Count(r => r.Forecast is not null);
        console.MarkupLine($"{forecast} series forecast {settings.HorizonDays} day(s) ahead -> {Markup.Escape(settings.Out)}");
        return forecast == results.Count ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }
}
