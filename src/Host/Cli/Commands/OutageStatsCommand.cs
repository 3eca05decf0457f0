using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using Lumen.Host.Documents;
using Lumen.Reliability.History;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen outages stats</c>: IEEE 1366 and DL/T 836 indices, major event days and splits.</summary>
internal sealed class OutageStatsCommand(IAnsiConsole console) : Command<OutageStatsCommand.Settings>
{
    /// <summary>Options of <c>outages stats</c>.</summary>
    internal sealed class Settings : OutageSettings
    {
        [CommandOption("--from <DATE>")]
        [Description("Period start: a date (local midnight in --zone) or an ISO 8601 time. Default: the first record's day.")]
        public string? From { get; init; }

        [CommandOption("--to <DATE>")]
        [Description("Period end (exclusive): a date or an ISO 8601 time. Default: the day after the last restoration.")]
        public string? To { get; init; }

        [CommandOption("--by <SPLIT>")]
        [Description("Split by feeder, substation, cause, nature or month; repeat or comma-separate for several.")]
        public string[] By { get; init; } = [];

        [CommandOption("--exclude-med")]
        [Description("Report the system and splits without major event days (2.5β).")]
        public bool ExcludeMed { get; init; }

        [CommandOption("--population-sd")]
        [Description("Use the population standard deviation in the 2.5β method (default: sample).")]
        public bool PopulationSd { get; init; }

        [CommandOption("--cemi-n <N>")]
        [Description("n of CEMI_n and CEMSMI_n (default 3).")]
        [DefaultValue(3)]
        public int CemiN { get; init; } = 3;

        [CommandOption("--celid-s <HOURS>")]
        [Description("s of CELID-s in hours (default 8).")]
        [DefaultValue(8.0)]
        public double CelidS { get; init; } = 8;

        [CommandOption("--celid-t <HOURS>")]
        [Description("t of CELID-t in hours (default 12).")]
        [DefaultValue(12.0)]
        public double CelidT { get; init; } = 12;

        [CommandOption("--sustained-minutes <MIN>")]
        [Description("IEEE 1366 sustained threshold in minutes (default 5).")]
        [DefaultValue(5.0)]
        public double SustainedMinutes { get; init; } = 5;

        [CommandOption("--worst <N>")]
        [Description("Also list the N worst-served load points, transformers and feeders.")]
        [DefaultValue(0)]
        public int Worst { get; init; }

        public override ValidationResult Validate()
        {
            ValidationResult baseResult = base.Validate();
            if (!baseResult.Successful)
            {
                return baseResult;
            }

            foreach (string by in By.SelectMany(b => b.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (ParseSplit(by) == HistorySplits.None)
                {
                    return ValidationResult.Error($"--by '{by}': use feeder, substation, cause, nature or month");
                }
            }

            foreach ((string name, string? value) in new[] { ("--from", From), ("--to", To) })
            {
                if (value is not null && !HistoryTime.TryParseBound(value, ZoneOffset, out _, out string? error))
                {
                    return ValidationResult.Error($"{name}: {error}");
                }
            }

            if (CemiN < 0 || CelidS <= 0 || CelidT <= 0 || SustainedMinutes < 0 || Worst < 0)
            {
                return ValidationResult.Error("--cemi-n, --worst and --sustained-minutes must not be negative; --celid-s and --celid-t must be positive");
            }

            return ValidationResult.Success();
        }

        public HistorySplits Splits => By.SelectMany(b => b.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Aggregate(HistorySplits.None, (acc, s) => acc | ParseSplit(s));

        private static HistorySplits ParseSplit(string s) => s.ToLowerInvariant() switch
        {
            "feeder" => HistorySplits.Feeder,
            "substation" => HistorySplits.Substation,
            "cause" => HistorySplits.Cause,
            "nature" => HistorySplits.Nature,
            "month" => HistorySplits.Month,
            _ => HistorySplits.None,
        };
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        (_, OutageHistory? history, HistoryImportResult? import, int code) = HistoryLoader.Load(console, settings);
        if (history is null)
        {
            return code;
        }

        TimeSpan zone = settings.ZoneOffset;
        DateTimeOffset? from = settings.From is null ? null : Bound(settings.From, zone);
        DateTimeOffset? to = settings.To is null ? null : Bound(settings.To, zone);
        if (from is not null && to is not null && to <= from)
        {
            console.MarkupLine("[red]--to must be after --from[/]");
            return ExitCodes.Usage;
        }

        if (history.EventCount == 0 && history.Momentary.Count == 0 && (from is null || to is null))
        {
            console.MarkupLine("[red]the history is empty: give --from and --to to report a period[/]");
            return ExitCodes.InvalidInput;
        }

        var options = new HistoryIndexOptions
        {
            Zone = zone,
            CemiN = settings.CemiN,
            CemsmiN = settings.CemiN,
            CelidSingle = TimeSpan.FromHours(settings.CelidS),
            CelidTotal = TimeSpan.FromHours(settings.CelidT),
            SustainedThreshold = TimeSpan.FromMinutes(settings.SustainedMinutes),
            MajorEvents = { Deviation = settings.PopulationSd ? DeviationKind.Population : DeviationKind.Sample },
        };
        HistoryReport report = HistoryStatistics.Compute(history, new HistoryQuery(from, to)
        {
            ExcludeMajorEventDays = settings.ExcludeMed,
            Splits = settings.Splits,
            WorstServedCount = settings.Worst,
            Options = options,
        });

        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, StatsDocument.Of(report, settings, import!));
        }
        else
        {
            WriteTables(report, settings);
        }

        return ExitCodes.Ok;
    }

    private static DateTimeOffset Bound(string text, TimeSpan zone)
    {
        HistoryTime.TryParseBound(text, zone, out DateTimeOffset value, out _);
        return value;
    }

    private void WriteTables(HistoryReport report, Settings settings)
    {
        var c = CultureInfo.InvariantCulture;
        console.MarkupLine($"Period {report.From.ToString("yyyy-MM-dd HH:mm zzz", c)} to {report.To.ToString("yyyy-MM-dd HH:mm zzz", c)} ({report.System.PeriodHours.ToString("N0", c)} h)");
        var table = new Table().Title(settings.ExcludeMed ? "System indices (major event days excluded)" : "System indices")
            .AddColumn("Index").AddColumn(new TableColumn("All days").RightAligned()).AddColumn(new TableColumn("Without MED").RightAligned());
        foreach ((string name, Func<ReliabilityIndices, double> get, string format) in Rows(settings))
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
                ReliabilityIndices x = row.Indices;
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

    private static IEnumerable<(string, Func<ReliabilityIndices, double>, string)> Rows(Settings s)
    {
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
        yield return ($"CEMI_{s.CemiN}", x => x.Cemi, "F4");
        yield return ($"CEMSMI_{s.CemiN}", x => x.Cemsmi, "F4");
        yield return ($"CELID-{s.CelidS.ToString(CultureInfo.InvariantCulture)}h", x => x.CelidS, "F4");
        yield return ($"CELID-t{s.CelidT.ToString(CultureInfo.InvariantCulture)}h", x => x.CelidT, "F4");
        yield return ("AITC-1 (DL/T 836)", x => x.Aitc1, "F4");
        yield return ("AIHC-1 (h)", x => x.Aihc1, "F4");
        yield return ("RS-1 (%)", x => x.Rs1, "F4");
        yield return ("RS-3 (%)", x => x.Rs3, "F4");
    }

    /// <summary>JSON document of <c>outages stats</c>.</summary>
    internal sealed record StatsDocument(
        PeriodDocument Period,
        IndicesDocument System,
        IndicesDocument AllDays,
        IndicesDocument ExcludingMed,
        MedDocument MedDays,
        IReadOnlyDictionary<string, IReadOnlyList<SplitDocument>> Splits,
        WorstServedReport? WorstServed,
        int RejectedRows)
    {
        public static StatsDocument Of(HistoryReport r, Settings s, HistoryImportResult import) => new(
            new PeriodDocument(r.From, r.To, r.System.PeriodHours),
            IndicesDocument.Of(r.System, s),
            IndicesDocument.Of(r.AllDays, s),
            IndicesDocument.Of(r.ExcludingMajorEventDays, s),
            new MedDocument(r.MajorEventDays.ThresholdHours, r.MajorEventDays.Alpha, r.MajorEventDays.Beta, r.MajorEventDays.LearningDays, r.MajorEventDays.LearningFrom, r.MajorEventDays.LearningTo, r.MajorEventDays.Basis, s.PopulationSd ? "population" : "sample", r.MajorEventDays.Days.Select(d => new MedDayDocument(d.Date, d.SaidiHours)).ToList()),
            r.Splits.ToDictionary(p => p.Key, p => (IReadOnlyList<SplitDocument>)p.Value.Select(x => new SplitDocument(x.Key, IndicesDocument.Of(x.Indices, s))).ToList()),
            r.WorstServed,
            import.Rejected.Count);
    }

    internal sealed record PeriodDocument(DateTimeOffset From, DateTimeOffset To, double Hours);

    internal sealed record MedDocument(double ThresholdHours, double Alpha, double Beta, int LearningDays, DateOnly LearningFrom, DateOnly LearningTo, string Basis, string StandardDeviation, IReadOnlyList<MedDayDocument> Days);

    internal sealed record MedDayDocument(DateOnly Date, double SaidiHours);

    internal sealed record SplitDocument(string Key, IndicesDocument Indices);

    /// <summary>Index names as the standards write them, in snake_case; durations in hours.</summary>
    internal sealed record IndicesDocument
    {
        [JsonPropertyName("customers_served")] public long CustomersServed { get; init; }
        [JsonPropertyName("transformers_served")] public long TransformersServed { get; init; }
        [JsonPropertyName("sustained_events")] public int SustainedEvents { get; init; }
        [JsonPropertyName("momentary_events")] public int MomentaryEvents { get; init; }
        [JsonPropertyName("customer_interruptions")] public double CustomerInterruptions { get; init; }
        [JsonPropertyName("customer_hours")] public double CustomerHours { get; init; }
        [JsonPropertyName("customers_interrupted")] public double CustomersInterrupted { get; init; }
        [JsonPropertyName("saifi")] public double Saifi { get; init; }
        [JsonPropertyName("saidi")] public double Saidi { get; init; }
        [JsonPropertyName("caidi")] public double Caidi { get; init; }
        [JsonPropertyName("ctaidi")] public double Ctaidi { get; init; }
        [JsonPropertyName("caifi")] public double Caifi { get; init; }
        [JsonPropertyName("asai")] public double Asai { get; init; }
        [JsonPropertyName("asifi")] public double Asifi { get; init; }
        [JsonPropertyName("asidi")] public double Asidi { get; init; }
        [JsonPropertyName("maifi")] public double Maifi { get; init; }
        [JsonPropertyName("maifi_e")] public double MaifiE { get; init; }
        [JsonPropertyName("cemi")] public double Cemi { get; init; }
        [JsonPropertyName("cemi_n")] public int CemiN { get; init; }
        [JsonPropertyName("cemsmi")] public double Cemsmi { get; init; }
        [JsonPropertyName("celid_s")] public double CelidS { get; init; }
        [JsonPropertyName("celid_s_hours")] public double CelidSHours { get; init; }
        [JsonPropertyName("celid_t")] public double CelidT { get; init; }
        [JsonPropertyName("celid_t_hours")] public double CelidTHours { get; init; }
        [JsonPropertyName("aitc_1")] public double Aitc1 { get; init; }
        [JsonPropertyName("aihc_1")] public double Aihc1 { get; init; }
        [JsonPropertyName("rs_1")] public double Rs1 { get; init; }
        [JsonPropertyName("rs_3")] public double Rs3 { get; init; }

        public static IndicesDocument Of(ReliabilityIndices x, Settings s) => new()
        {
            CustomersServed = x.CustomersServed,
            TransformersServed = x.TransformersServed,
            SustainedEvents = x.SustainedEvents,
            MomentaryEvents = x.MomentaryEvents,
            CustomerInterruptions = x.CustomerInterruptions,
            CustomerHours = x.CustomerHours,
            CustomersInterrupted = x.CustomersInterrupted,
            Saifi = x.Saifi,
            Saidi = x.Saidi,
            Caidi = x.Caidi,
            Ctaidi = x.Ctaidi,
            Caifi = x.Caifi,
            Asai = x.Asai,
            Asifi = x.Asifi,
            Asidi = x.Asidi,
            Maifi = x.Maifi,
            MaifiE = x.MaifiE,
            Cemi = x.Cemi,
            CemiN = s.CemiN,
            Cemsmi = x.Cemsmi,
            CelidS = x.CelidS,
            CelidSHours = s.CelidS,
            CelidT = x.CelidT,
            CelidTHours = s.CelidT,
            Aitc1 = x.Aitc1,
            Aihc1 = x.Aihc1,
            Rs1 = x.Rs1,
            Rs3 = x.Rs3,
        };
    }
}
