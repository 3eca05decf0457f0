using System.Globalization;
using CsvHelper;
using Lumen.Topology.Network;

namespace Lumen.Topology.Import;

/// <summary>
/// Reads one CSV file strictly: valid UTF-8, a header with the required columns, well-formed quoting. Every problem
/// becomes a <see cref="Diagnostic"/> naming file, line and column; unknown columns are warnings.
/// </summary>
/// <remarks>Rows are streamed; a row callback reads typed cells through <see cref="CsvRow"/>, which reports bad cells itself.</remarks>
internal sealed class CsvTable
{
    private CsvTable(string path, string displayName, List<Diagnostic> diagnostics)
    {
        Path = path;
        DisplayName = displayName;
        Diagnostics = diagnostics;
    }

    public string Path { get; }

    public string DisplayName { get; }

    public List<Diagnostic> Diagnostics { get; }

    /// <summary>
    /// Reads <paramref name="path"/> and calls <paramref name="onRow"/> for each data row. Returns false (with diagnostics)
    /// when the file cannot be read as a table at all.
    /// </summary>
    public static bool Read(
        string path,
        IReadOnlyCollection<string> required,
        IReadOnlyCollection<string> optional,
        List<Diagnostic> diagnostics,
        Action<CsvRow> onRow)
    {
        string name = System.IO.Path.GetFileName(path);
        var table = new CsvTable(path, name, diagnostics);
        if (!StrictCsv.TryReadText(path, name, diagnostics, out string text))
        {
            return false;
        }

        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, StrictCsv.Configuration);
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null || csv.HeaderRecord.Length == 0)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(name, 1), string.Empty, "the file is empty: a header row is required"));
                return false;
            }

            if (!StrictCsv.CheckHeader(name, csv.HeaderRecord, required, optional, diagnostics, out Dictionary<string, int> columns))
            {
                return false;
            }

            var row = new CsvRow(table, columns);
            while (csv.Read())
            {
                if (csv.Parser.Count == 1 && string.IsNullOrWhiteSpace(csv.Parser[0]))
                {
                    continue;
                }

                row.Reset(StartLine(csv.Parser), csv.Parser.Record ?? []);
                if (HasUnterminatedQuote(csv.Parser.RawRecord))
                {
                    diagnostics.Add(new Diagnostic(row.Location, string.Empty, "unterminated quoted field: a '\"' has no closing quote, so the rest of the file was read as one value"));
                    continue;
                }

                if (row.FieldCount != csv.HeaderRecord.Length)
                {
                    diagnostics.Add(new Diagnostic(row.Location, string.Empty, $"row has {row.FieldCount} fields but the header has {csv.HeaderRecord.Length} (truncated or misquoted line?)"));
                    continue;
                }

                if (!StrictCsv.CheckFieldLengths(row.Location, csv.HeaderRecord, csv.Parser.Record ?? [], diagnostics))
                {
                    continue;
                }

                onRow(row);
            }
        }
        catch (CsvHelperException ex)
        {
            int line = ex.Context?.Parser?.RawRow ?? 0;
            diagnostics.Add(new Diagnostic(new SourceLocation(name, line), string.Empty, $"malformed CSV: {FirstLine(ex.Message)}"));
            return false;
        }

        return true;
    }

    // RawRow is the last physical line of the record; a quoted field may span lines, and the error belongs where it
    // starts. The record's own terminator is not counted, unless it sits inside an unterminated quote.
    private static int StartLine(IParser parser)
    {
        string raw = parser.RawRecord;
        string body = HasUnterminatedQuote(raw) ? raw : raw.TrimEnd('\r', '\n');
        int newlines = 0;
        foreach (char c in body)
        {
            newlines += c == '\n' ? 1 : 0;
        }

        return parser.RawRow - newlines;
    }

    private static bool HasUnterminatedQuote(string raw)
    {
        int quotes = 0;
        foreach (char c in raw)
        {
            quotes += c == '"' ? 1 : 0;
        }

        return quotes % 2 == 1;
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }
}

/// <summary>One data row of a <see cref="CsvTable"/>, with typed cell readers that report bad values as diagnostics.</summary>
internal sealed class CsvRow
{
    private readonly CsvTable _table;
    private readonly Dictionary<string, int> _columns;
    private string[] _fields = [];

    public CsvRow(CsvTable table, Dictionary<string, int> columns)
    {
        _table = table;
        _columns = columns;
    }

    public SourceLocation Location { get; private set; }

    public int FieldCount => _fields.Length;

    public void Reset(int line, string[] fields)
    {
        Location = new SourceLocation(_table.DisplayName, line);
        _fields = fields;
    }

    public bool Has(string column) => _columns.ContainsKey(column) && Text(column).Length > 0;

    public string Text(string column) => _columns.TryGetValue(column, out int i) && i < _fields.Length ? _fields[i].Trim() : string.Empty;

    public void Error(string column, string message) => _table.Diagnostics.Add(new Diagnostic(Location, column, message));

    public string Required(string column)
    {
        string value = Text(column);
        if (value.Length == 0)
        {
            Error(column, "value is required");
        }

        return value;
    }

    public double Double(string column, double missing)
    {
        string text = Text(column);
        if (text.Length == 0)
        {
            return missing;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            string hint = text.Any(char.IsLetter) && text.Any(char.IsDigit) ? " (write the bare number in the column's unit)" : string.Empty;
            Error(column, $"'{text}' is not a number{hint}");
            return missing;
        }

        if (!double.IsFinite(value))
        {
            Error(column, $"'{text}' is out of range");
            return missing;
        }

        return value;
    }

    public int Int(string column, int missing)
    {
        string text = Text(column);
        if (text.Length == 0)
        {
            return missing;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            bool tooBig = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) || text.All(char.IsDigit);
            Error(column, tooBig ? $"'{text}' is too large" : $"'{text}' is not a whole number");
            return missing;
        }

        return value;
    }

    public bool Bool(string column, bool missing)
    {
        string text = Text(column);
        switch (text.ToLowerInvariant())
        {
            case "":
                return missing;
            case "true" or "1" or "yes" or "y":
                return true;
            case "false" or "0" or "no" or "n":
                return false;
            default:
                Error(column, $"'{text}' is not true/false");
                return missing;
        }
    }
}
