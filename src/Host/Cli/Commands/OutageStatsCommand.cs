using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.History;
using Lumen.Topology.Requests;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen outages stats</c>: IEEE 1366 and DL/T 836 indices, major event days and splits.</summary>
internal sealed class OutageStatsCommand(IAnsiConsole console) : Command<OutageStatsCommand.Settings>
{
    /// <summary>Options of <c>outages stats</c>: the fields of <see cref="OutageStatisticsRequest"/> (kebab-case).</summary>
    internal sealed class Settings : OutageSettings
    {
        [CommandOption("--from <DATE>")]
        [Description("Period start: a date (local midnight in --zone) or an ISO 8601 time. Default: the first record's day.")]
        public string? From { get; init; }

        [CommandOption("--to <DATE>")]
        [Description("Period end (exclusive): a date or an ISO 8601 time. Default: the day after the last restoration.")]
        public string? To { get; init; }

        [CommandOption("--feeder <NAME>")]
        [Description("Only this feeder: indices over its customers (no splits then).")]
        public string? Feeder { get; init; }

        [CommandOption("--cause <CAUSE>")]
        [Description("Only events of this cause: its share of the system indices.")]
        public string? Cause { get; init; }

        [CommandOption("--by <SPLIT>")]
        [Description("Split by feeder, substation, cause, nature or month; repeat or comma-separate for several.")]
        public string[] By { get; init; } = [];

        [CommandOption("--exclude-med")]
        [Description("Report the indices and splits without major event days (2.5β).")]
        public bool ExcludeMed { get; init; }

        [CommandOption("--population-sd")]
        [Description("Use the population standard deviation in the 2.5β method (default: sample).")]
        public bool PopulationSd { get; init; }

        [CommandOption("--cemi-n <N>")]
        [Description("n of CEMI_n and CEMSMI_n (default 3).")]
        [DefaultValue(3)]
        public int CemiN { get; init; } = 3;

        [CommandOption("--celid-s-hours <HOURS>")]
        [Description("s of CELID-s in hours (default 8).")]
        [DefaultValue(8.0)]
        public double CelidSHours { get; init; } = 8;

        [CommandOption("--celid-t-hours <HOURS>")]
        [Description("t of CELID-t in hours (default 12).")]
        [DefaultValue(12.0)]
        public double CelidTHours { get; init; } = 12;

        [CommandOption("--sustained-minutes <MIN>")]
        [Description("IEEE 1366 sustained threshold in minutes (default 5).")]
        [DefaultValue(5.0)]
        public double SustainedMinutes { get; init; } = 5;

        [CommandOption("--worst <N>")]
        [Description("Also list the N worst-served load points, transformers and feeders.")]
        [DefaultValue(0)]
        public int Worst { get; init; }

        public OutageStatisticsRequest Request => new()
        {
            From = From,
            To = To,
            Zone = Zone,
            Feeder = Feeder,
            Cause = Cause,
            ExcludeMed = ExcludeMed,
            By = By.SelectMany(b => b.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
            Worst = Worst,
            CemiN = CemiN,
            CelidSHours = CelidSHours,
            CelidTHours = CelidTHours,
            SustainedMinutes = SustainedMinutes,
            PopulationSd = PopulationSd,
        };
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        (_, OutageHistory? history, _, int code) = HistoryLoader.Load(console, settings);
        if (history is null)
        {
            return code;
        }

        QueryResult<OutageStatisticsReport> result = OutageStatistics.Run(history, settings.Request);
        if (result.Value is not { } report)
        {
            return RequestProblemsView.Write(console, result.Problems);
        }

        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, report);
        }
        else
        {
            WriteTables(report);
        }

        return ExitCodes.Ok;
    }

    private void WriteTables(OutageStatisticsReport report)
    {
        var c = CultureInfo.InvariantCulture;
        string selection = (report.Feeder, report.Cause) switch
        {
            (null, null) => "System indices",
            (string f, null) => $"Feeder {f}",
            (null, string k) => $"Cause {k} (system customers)",
            (string f, string k) => $"Feeder {f}, cause {k}",
        };
        console.MarkupLine($"Period {report.Period.From.ToString("yyyy-MM-dd HH:mm zzz", c)} to {report.Period.To.ToString("yyyy-MM-dd HH:mm zzz", c)} ({report.Period.Hours.ToString("N0", c)} h)");
        var table = new Table().Title(Markup.Escape(report.ExcludeMed ? selection + " (major event days excluded)" : selection))
            .AddColumn("Index").AddColumn(new TableColumn("All days").RightAligned()).AddColumn(new TableColumn("Without MED").RightAligned());
        foreach ((string name, Func<HistoricalIndices, double> get, string format) in Rows(report.Parameters))
        {
            table.AddRow(name, get(report.AllDays).ToString(format, c), get(report.ExcludingMajorEventDays).ToString(format, c));
        }

        console.Write(table);
        MajorEventDayResult med = report.MajorEventDays;
        console.MarkupLine($"Major event days (2.5β, {med.Basis.Replace('_', ' ')}, {med.LearningDays} non-zero days): T_MED = {med.ThresholdHours.ToString("F4", c)} h; {MajorEventDaysText.Of(med)}");
        foreach ((string kind, IReadOnlyList<SplitIndices> rows) in report.Splits)
        {
            var split = new Table().Title($"By {kind}").AddColumn(kind);
            foreach (string h in new[] { "Customers", "SAIFI", "SAIDI h", "CAIDI h", "MAIFI", "AITC-1", "AIHC-1 h", "RS-1 %", "RS-3 %" })
            {
                split.AddColumn(new TableColumn(h).RightAligned());
            }

            foreach (SplitIndices row in rows)
            {
                HistoricalIndices x = row.Indices;
                split.AddRow(Markup.Escape(row.Key), x.CustomersServed.ToString("N0", c), x.Saifi.ToString("F3", c), x.Saidi.ToString("F3", c), x.Caidi.ToString("F3", c), x.Maifi.ToString("F3", c), x.Aitc1.ToString("F3", c), x.Aihc1.ToString("F3", c), x.Rs1.ToString("F4", c), x.Rs3.ToString("F4", c));
            }

            console.Write(split);
        }

        if (report.WorstServed is { } worst)
        {
            var w = new Table().Title("Worst served").AddColumn("Load point").AddColumn("Feeder").AddColumn(new TableColumn("Customers").RightAligned()).AddColumn(new TableColumn("Interruptions").RightAligned()).AddColumn(new TableColumn("Hours").RightAligned());
            foreach (WorstLoadPoint lp in worst.MostInterruptions.Concat(worst.LongestDuration).DistinctBy(x => x.LoadPointId))
            {
                w.AddRow(Markup.Escape(lp.LoadPointId), Markup.Escape(lp.Feeder), lp.Customers.ToString(c), lp.SustainedInterruptions.ToString(c), lp.InterruptionHours.ToString("F2", c));
            }

            console.Write(w);
        }
    }

    private static IEnumerable<(string, Func<HistoricalIndices, double>, string)> Rows(OutageIndexParameters p)
    {
        var c = CultureInfo.InvariantCulture;
        yield return ("Customers served", x => x.CustomersServed, "N0");
        yield return ("Sustained events", x => x.SustainedEvents, "N0");
        yield return ("SAIFI", x => x.Saifi, "F4");
        yield return ("SAIDI (h)", x => x.Saidi, "F4");
        yield return ("CAIDI (h)", x => x.Caidi, "F4");
        yield return ("CTAIDI (h)", x => x.Ctaidi, "F4");
        yield return ("CAIFI", x => x.Caifi, "F4");
        yield return ("ASAI", x => x.Asai, "F6");
        yield return ("ASIFI", x => x.Asifi, "F4");
        yield return ("ASIDI (h)", x => x.Asidi, "F4");
        yield return ("MAIFI", x => x.Maifi, "F4");
        yield return ("MAIFI_E", x => x.MaifiE, "F4");
        yield return ($"CEMI_{p.CemiN}", x => x.Cemi, "F4");
        yield return ($"CEMSMI_{p.CemiN}", x => x.Cemsmi, "F4");
        yield return ($"CELID-{p.CelidSHours.ToString(c)}h", x => x.CelidS, "F4");
        yield return ($"CELID-t{p.CelidTHours.ToString(c)}h", x => x.CelidT, "F4");
        yield return ("AITC-1 (DL/T 836)", x => x.Aitc1, "F4");
        yield return ("AIHC-1 (h)", x => x.Aihc1, "F4");
        yield return ("RS-1 (%)", x => x.Rs1, "F4");
        yield return ("RS-3 (%)", x => x.Rs3, "F4");
    }
}
