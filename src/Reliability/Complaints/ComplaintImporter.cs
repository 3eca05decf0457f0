using System.Globalization;
using CsvHelper;
using Lumen.Reliability.History;
using Lumen.Topology.Import;
using Net = Lumen.Topology.Network.Network;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Complaints;

/// <summary>The outcome of importing complaints.</summary>
/// <param name="Complaints">The accepted complaints; empty when any row was rejected in strict mode.</param>
/// <param name="Succeeded">False when rows were rejected in strict mode or the file could not be read.</param>
/// <param name="Diagnostics">Every problem with file, line, field and reason.</param>
/// <param name="Rejected">Every rejected row with its reason and text.</param>
public sealed record ComplaintImportResult(IReadOnlyList<Complaint> Complaints, bool Succeeded, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<RejectedRow> Rejected);

/// <summary>Reads <c>complaints.csv</c>: <c>complaint_id,time,location_id,category</c> (optional <c>text</c>).</summary>
public static class ComplaintImporter
{
    private static readonly string[] s_required = ["complaint_id", "time", "location_id", "category"];
    private static readonly string[] s_optional = ["text", "note"];

    /// <summary>Imports <paramref name="path"/>, checking ids are unique and locations known to <paramref name="network"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>O(R + N). All-or-nothing unless <see cref="HistoryImportOptions.Lenient"/>.</remarks>
    public static ComplaintImportResult Import(Net network, string path, HistoryImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        options ??= new HistoryImportOptions();
        var diagnostics = new List<Diagnostic>();
        var raw = new Dictionary<SourceLocation, string>();
        var resolver = new AreaResolver(new HistoryTopology(network));
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        TimeSpan? naive = options.NaiveTimestampOffset;
        List<Complaint> complaints = HistoryCsv.Read(path, s_required, s_optional, diagnostics, raw, c =>
        {
            string id = c.Required("complaint_id");
            DateTimeOffset time = c.Time("time", naive);
            string location = c.Required("location_id");
            string category = c.Required("category").ToLowerInvariant();
            if (c.HasErrors)
            {
                return null;
            }

            if (!seen.TryAdd(id, c.Location))
            {
                c.Error("complaint_id", $"duplicate complaint id '{id}' (first at {seen[id]})");
                return null;
            }

            if (!resolver.TryResolve(location, out _))
            {
                c.Error("location_id", $"unknown customer area, transformer, bus or feeder '{location}'");
                return null;
            }

            return new Complaint(id, time, location, category) { Text = c.Text("text"), Source = c.Location };
        });

        bool anyError = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        bool fileError = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.Line <= 1);
        bool ok = !fileError && (!anyError || options.Lenient);
        return new ComplaintImportResult(ok ? complaints : [], ok, diagnostics, OutageHistoryImporter.Rejections(diagnostics, raw));
    }
}

/// <summary>Reads generic episodes (<c>episode_id,kind,area_id,start,end</c>), e.g. low-voltage episodes written by the voltage module.</summary>
public static class EpisodeImporter
{
    private static readonly string[] s_required = ["episode_id", "kind", "area_id", "start", "end"];

    /// <summary>Imports <paramref name="path"/>; rows with end before start or bad times are rejected.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static (IReadOnlyList<Episode> Episodes, IReadOnlyList<Diagnostic> Diagnostics) Import(string path, HistoryImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new List<Diagnostic>();
        TimeSpan? naive = options?.NaiveTimestampOffset;
        List<Episode> episodes = HistoryCsv.Read(path, s_required, ["note"], diagnostics, [], c =>
        {
            string id = c.Required("episode_id");
            string kind = c.Required("kind").ToLowerInvariant();
            string area = c.Required("area_id");
            DateTimeOffset start = c.Time("start", naive);
            DateTimeOffset end = c.Time("end", naive);
            if (!c.HasErrors && end < start)
            {
                c.Error("end", "end is before start");
            }

            return new Episode(id, kind, area, start, end);
        });
        return (episodes, diagnostics);
    }
}

/// <summary>Writes episodes in the <c>episodes.csv</c> layout that <see cref="EpisodeImporter"/> reads.</summary>
public static class EpisodeWriter
{
    // No spreadsheet guard (CsvTableWriter's): the file is read back by EpisodeImporter and must keep ids as they are.
    private static readonly CsvWriterOptions s_options = PlainCsv.Writer with { NewLine = "\n" };

    /// <summary>Writes <paramref name="episodes"/> to <paramref name="path"/> (overwritten), times in ISO 8601 with offset.</summary>
    public static void Write(string path, IEnumerable<Episode> episodes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(episodes);
        using CsvWriter csv = CsvWriter.ToFile(path, s_options);
        foreach (string name in (string[])["episode_id", "kind", "area_id", "start", "end"])
        {
            csv.WriteField(name);
        }

        csv.EndRecord();
        foreach (Episode e in episodes)
        {
            csv.WriteField(e.Id);
            csv.WriteField(e.Kind);
            csv.WriteField(e.AreaId);
            csv.WriteField(e.Start.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
            csv.WriteField(e.End.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
            csv.EndRecord();
        }
    }
}
