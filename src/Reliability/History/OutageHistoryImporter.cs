using System.Globalization;
using System.Text;
using Lumen.Topology.Import;
using Net = Lumen.Topology.Network.Network;
using Lumen.Topology.Network;

namespace Lumen.Reliability.History;

/// <summary>The history files to import; only <see cref="Outages"/> is required.</summary>
/// <param name="Outages">Path of <c>outages.csv</c>.</param>
/// <remarks>A request DTO; immutable.</remarks>
public sealed record OutageFiles(string Outages)
{
    /// <summary>Path of <c>restoration_steps.csv</c>, or null.</summary>
    public string? Steps { get; init; }

    /// <summary>Path of <c>momentary.csv</c>, or null.</summary>
    public string? Momentary { get; init; }
}

/// <summary>Import settings.</summary>
/// <remarks>Mutable settings object.</remarks>
public sealed class HistoryImportOptions
{
    /// <summary>Zone for timestamps written without an offset; null (default) rejects them.</summary>
    public TimeSpan? NaiveTimestampOffset { get; set; }

    /// <summary>Import the good rows and report the rejected ones, instead of rejecting the whole import.</summary>
    public bool Lenient { get; set; }

    /// <summary>Longest plausible event; longer ones are rejected. Default 30 days.</summary>
    public TimeSpan MaximumEventDuration { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>The outcome of an import.</summary>
/// <param name="History">The history; null when any row was rejected in strict mode.</param>
/// <param name="Diagnostics">Every problem (errors and warnings) with file, line, field and reason.</param>
/// <param name="Rejected">Every rejected row with its reason and text, in file and line order.</param>
/// <param name="RowsRead">Data rows read over all files.</param>
public sealed record HistoryImportResult(OutageHistory? History, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<RejectedRow> Rejected, int RowsRead)
{
    /// <summary>True when a history was built.</summary>
    public bool Succeeded => History is not null;
}

/// <summary>
/// Reads <c>outages.csv</c>, <c>restoration_steps.csv</c> and <c>momentary.csv</c> (formats in docs/formats.md) and
/// builds an <see cref="OutageHistory"/>. All-or-nothing unless lenient; nothing is dropped silently.
/// </summary>
public static class OutageHistoryImporter
{
    /// <summary>Columns of <c>outages.csv</c> that must be present.</summary>
    public static readonly IReadOnlyList<string> OutageColumns = ["event_id", "start", "end", "device_id", "cause", "nature"];

    private static readonly string[] s_outageOptional = ["customers_interrupted", "transformers_interrupted", "load_points", "feeder", "description", "note"];
    private static readonly string[] s_stepRequired = ["event_id", "time"];
    private static readonly string[] s_stepOptional = ["device_id", "customers_restored", "transformers_restored", "note"];
    private static readonly string[] s_momentaryRequired = ["event_id", "time", "device_id", "operations"];
    private static readonly string[] s_momentaryOptional = ["note"];

    /// <summary>Imports the files against <paramref name="network"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>O(R log R + N) for R rows. Bad rows are diagnostics, never exceptions.</remarks>
    public static HistoryImportResult Import(Net network, OutageFiles files, HistoryImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(files);
        options ??= new HistoryImportOptions();
        var diagnostics = new List<Diagnostic>();
        var raw = new Dictionary<SourceLocation, string>();
        TimeSpan? naive = options.NaiveTimestampOffset;

        List<OutageEvent> events = HistoryCsv.Read(files.Outages, OutageColumns.ToArray(), s_outageOptional, diagnostics, raw, c => ParseOutage(c, naive));
        List<RestorationStep> steps = files.Steps is null ? [] : ReadSteps(files.Steps, diagnostics, raw, naive);
        List<MomentaryInterruption> momentary = files.Momentary is null ? [] : HistoryCsv.Read(files.Momentary, s_momentaryRequired, s_momentaryOptional, diagnostics, raw, c => ParseMomentary(c, naive));

        bool fileLevelError = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.Line <= 1);
        var buildOptions = new OutageHistoryOptions { Lenient = options.Lenient, MaximumEventDuration = options.MaximumEventDuration };
        HistoryBuildResult built = OutageHistory.Build(new HistoryTopology(network), events, steps, momentary, buildOptions);
        diagnostics.AddRange(built.Diagnostics);
        bool anyError = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        OutageHistory? history = fileLevelError || (anyError && !options.Lenient) ? null : built.History;
        IReadOnlyList<RejectedRow> rejected = Rejections(diagnostics, raw);
        if (history is not null)
        {
            history.RejectedRows = rejected.Count;
        }

        return new HistoryImportResult(history, diagnostics, rejected, raw.Count);
    }

    /// <summary>Writes rejected rows as CSV (<c>file,line,field,reason,row</c>) for the <c>--lenient</c> report.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteRejectionReport(string path, IReadOnlyList<RejectedRow> rejected)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rejected);
        CsvTableWriter.WriteFile(path, ["file", "line", "field", "reason", "row"], rejected.Select(r => new object?[] { r.File, r.Line, r.Field, r.Reason, r.Row }));
    }

    internal static IReadOnlyList<RejectedRow> Rejections(List<Diagnostic> diagnostics, Dictionary<SourceLocation, string> raw) =>
        diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.File, StringComparer.Ordinal).ThenBy(d => d.Location.Line)
            .Select(d => new RejectedRow(d.Location.File, d.Location.Line, d.Field, d.Message, raw.GetValueOrDefault(d.Location, string.Empty)))
            .ToList();


    private static List<RestorationStep> ReadSteps(string path, List<Diagnostic> diagnostics, Dictionary<SourceLocation, string> raw, TimeSpan? naive)
    {
        bool headerChecked = false;
        return HistoryCsv.Read(path, s_stepRequired, s_stepOptional, diagnostics, raw, c =>
        {
            if (!headerChecked)
            {
                headerChecked = true;
                if (!c.HasColumn("device_id") && !c.HasColumn("customers_restored"))
                {
                    diagnostics.Add(new Diagnostic(new SourceLocation(c.Location.File, 1), "device_id", "restoration_steps.csv needs a device_id or a customers_restored column"));
                }
            }

            string id = c.Required("event_id");
            DateTimeOffset time = c.Time("time", naive);
            string device = c.Text("device_id");
            int? customers = c.OptionalInt("customers_restored", 1);
            int? transformers = c.OptionalInt("transformers_restored", 0);
            return new RestorationStep(id, time)
            {
                DeviceId = device.Length == 0 ? null : device,
                CustomersRestored = customers,
                TransformersRestored = transformers,
                Source = c.Location,
            };
        });
    }

    private static OutageEvent? ParseOutage(CsvCells c, TimeSpan? naive)
    {
        string id = c.Required("event_id");
        DateTimeOffset start = c.Time("start", naive);
        DateTimeOffset end = c.Time("end", naive);
        string device = c.Required("device_id");
        string cause = c.Required("cause").ToLowerInvariant();
        string natureText = c.Required("nature");
        OutageNature nature = default;
        if (natureText.Length > 0 && !OutageNatures.TryParse(natureText, out nature))
        {
            c.Error("nature", $"'{natureText}' is not an outage nature (fault, planned, temporary, supply_shortage)");
        }

        int? customers = c.OptionalInt("customers_interrupted", 0);
        int? transformers = c.OptionalInt("transformers_interrupted", 0);
        string list = c.Text("load_points");
        string[]? loadPoints = list.Length == 0 ? null : list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new OutageEvent(id, start, end, device, cause, nature)
        {
            CustomersInterrupted = customers,
            TransformersInterrupted = transformers,
            LoadPointIds = loadPoints,
            Source = c.Location,
        };
    }

    private static MomentaryInterruption? ParseMomentary(CsvCells c, TimeSpan? naive)
    {
        string id = c.Required("event_id");
        DateTimeOffset time = c.Time("time", naive);
        string device = c.Required("device_id");
        int operations = c.OptionalInt("operations", 1) ?? 0;
        if (c.Text("operations").Length == 0)
        {
            c.Error("operations", "value is required");
        }

        return new MomentaryInterruption(id, time, device, operations) { Source = c.Location };
    }
}
