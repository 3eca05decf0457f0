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
    /// <param name="path">The file.</param>
    /// <param name="required">Columns that must be in the header.</param>
    /// <param name="optional">Other known columns.</param>
    /// <param name="diagnostics">Receives every problem.</param>
    /// <param name="onRow">Called per data row.</param>
    /// <param name="onRowCount">Called once before the rows with an upper bound of their number (to size lists).</param>
    public static bool Read(
        string path,
        IReadOnlyCollection<string> required,
        IReadOnlyCollection<string> optional,
        List<Diagnostic> diagnostics,
        Action<CsvRow> onRow,
        Action<int>? onRowCount = null)
    {
        string name = System.IO.Path.GetFileName(path);
        var table = new CsvTable(path, name, diagnostics);
        if (!StrictCsv.TryReadText(path, name, diagnostics, out string text))
        {
            return false;
        }

        using var parser = new CsvParser(new StringReader(text), StrictCsv.Configuration);
        try
        {
            if (!parser.Read() || parser.Record is not string[] header || header.Length == 0)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(name, 1), string.Empty, "the file is empty: a header row is required"));
                return false;
            }

            if (!StrictCsv.CheckHeader(name, header, required, optional, diagnostics, out Dictionary<string, int> columns))
            {
                return false;
            }

            onRowCount?.Invoke(text.AsSpan().Count('\n') + 1);
            var row = new CsvRow(table, columns);

            // The raw text of a record is the span of the file the parser consumed for it (CharCount is where it
            // stopped; skipped blank lines before it are trimmed), so the line and quote checks need no copy of it.
            long recordStart = parser.CharCount;
            while (parser.Read())
            {
                ReadOnlySpan<char> raw = text.AsSpan((int)recordStart, (int)(parser.CharCount - recordStart)).TrimStart("\r\n");
                recordStart = parser.CharCount;
                if (parser.Count == 1 && string.IsNullOrWhiteSpace(parser[0]))
                {
                    continue;
                }

                bool unterminated = HasUnterminatedQuote(raw);
                string[] fields = parser.Record ?? [];
                row.Reset(StartLine(parser.RawRow, raw, unterminated), fields);
                if (unterminated)
                {
                    diagnostics.Add(new Diagnostic(row.Location, string.Empty, "unterminated quoted field: a '\"' has no closing quote, so the rest of the file was read as one value"));
                    continue;
                }

                if (row.FieldCount != header.Length)
                {
                    diagnostics.Add(new Diagnostic(row.Location, string.Empty, $"row has {row.FieldCount} fields but the header has {header.Length} (truncated or misquoted line?)"));
                    continue;
                }

                if (!StrictCsv.CheckFieldLengths(row.Location, header, fields, diagnostics))
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
    private static int StartLine(int rawRow, ReadOnlySpan<char> raw, bool unterminated)
    {
        ReadOnlySpan<char> body = unterminated ? raw : raw.TrimEnd("\r\n");
        return rawRow - body.Count('\n');
    }

    private static bool HasUnterminatedQuote(ReadOnlySpan<char> raw) => raw.Count('"') % 2 == 1;

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

    // Column names come from the importers' literals: looking them up by reference saves hashing the name per cell.
    private readonly Dictionary<string, int> _byReference = new(ReferenceEqualityComparer.Instance);
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

    public bool Has(string column) => IndexOf(column) >= 0 && Text(column).Length > 0;

    public string Text(string column)
    {
        int i = IndexOf(column);
        return i >= 0 && i < _fields.Length ? _fields[i].Trim() : string.Empty;
    }

    private int IndexOf(string column)
    {
        if (!_byReference.TryGetValue(column, out int i))
        {
            i = _columns.TryGetValue(column, out int found) ? found : -1;
            _byReference.Add(column, i);
        }

        return i;
    }

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
