using CsvHelper;
using Lumen.Topology.Import;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Planning;

/// <summary>
/// Reads the supply zones a utility assigns (<c>id,zone</c>: a substation's source bus id or a feeder name, and a zone
/// code of the rule table). All or nothing: every bad row is reported with file, line and field.
/// </summary>
public static class SupplyZonesReader
{
    /// <summary>Reads <paramref name="path"/>; the zones, or null with the problems.</summary>
    public static (IReadOnlyDictionary<string, string>? Zones, IReadOnlyList<Diagnostic> Diagnostics) Read(string path, DiagnosisRules rules)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rules);
        string name = Path.GetFileName(path);
        var diagnostics = new List<Diagnostic>();
        if (!StrictCsv.TryReadText(path, name, diagnostics, out string text))
        {
            return (null, diagnostics);
        }

        var zones = new Dictionary<string, string>(StringComparer.Ordinal);
        using CsvReader csv = CsvReader.FromText(text, StrictCsv.Options);
        if (!csv.Read() || !StrictCsv.CheckHeader(name, csv.Current.ToArray(), ["id", "zone"], [], diagnostics, out Dictionary<string, int> columns))
        {
            if (diagnostics.Count == 0)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(name, 1), string.Empty, "the file is empty: a header id,zone is needed"));
            }

            return (null, diagnostics);
        }

        while (csv.Read())
        {
            int line = (int)csv.LineNumber;
            string id = csv.GetString(columns["id"]);
            string zone = csv.GetString(columns["zone"]);
            if (id.Length == 0)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(name, line), "id", "empty id"));
            }
            else if (rules.Zone(zone) is null)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(name, line), "zone", $"unknown zone '{zone}': one of {string.Join(", ", rules.Zones.Select(z => z.Zone))}"));
            }
            else if (!zones.TryAdd(id, zone))
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(name, line), "id", $"'{id}' is given twice"));
            }
        }

        return diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error) ? (null, diagnostics) : (zones, diagnostics);
    }
}
