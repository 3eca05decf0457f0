using System.Globalization;
using System.Text;
using CsvHelper;
using Lumen.Topology.Import;
using Lumen.Topology.Network;

namespace Lumen.Reliability.History;

/// <summary>A row that was not imported, with the reason: what <c>--lenient</c> writes to its report file.</summary>
/// <param name="File">File name.</param>
/// <param name="Line">1-based line (the header is line 1); 0 for a whole-file problem.</param>
/// <param name="Field">Column at fault; empty when the whole row is.</param>
/// <param name="Reason">Why it was rejected.</param>
/// <param name="Row">The row's text as read (empty when unknown).</param>
public sealed record RejectedRow(string File, int Line, string Field, string Reason, string Row);

/// <summary>
/// Strict CSV reading for history files (UTF-8, header with the required columns, RFC 4180 quoting): each data row is
/// handed to a parser that reports bad cells; a row with any bad cell yields no record. Every problem is a diagnostic
/// naming file, line and column.
/// </summary>
internal static class HistoryCsv
{
    public static List<T> Read<T>(string path, IReadOnlyCollection<string> required, IReadOnlyCollection<string> optional, List<Diagnostic> diagnostics, Dictionary<SourceLocation, string> rawRows, Func<CsvCells, T?> parse)
        where T : class
    {
        string name = Path.GetFileName(path);
        var records = new List<T>();
        if (!StrictCsv.TryReadText(path, name, diagnostics, out string text))
        {
            return records;
        }

        using CsvReader parser = CsvReader.FromText(text, StrictCsv.Options);
        try
        {
            if (!parser.Read() || parser.Current.ToArray() is not { Length: > 0 } header)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(name, 1), string.Empty, "the file is empty: a header row is required"));
                return records;
            }

            if (!StrictCsv.CheckHeader(name, header, required, optional, diagnostics, out Dictionary<string, int> columns))
            {
                return records;
            }

            var cells = new CsvCells(name, columns, diagnostics);
            while (parser.Read())
            {
                string[] fields = parser.Current.ToArray();
                if (fields.Length == 1 && string.IsNullOrWhiteSpace(fields[0]))
                {
                    continue;
                }

                string raw = Encoding.UTF8.GetString(parser.RawRecord);
                int line = (int)parser.LineNumber;
                var location = new SourceLocation(name, line);
                rawRows[location] = raw;
                if (CountOf(raw, '"') % 2 == 1)
                {
                    diagnostics.Add(new Diagnostic(location, string.Empty, "unterminated quoted field: a '\"' has no closing quote"));
                    continue;
                }

                if (fields.Length != header.Length)
                {
                    diagnostics.Add(new Diagnostic(location, string.Empty, $"row has {fields.Length} fields but the header has {header.Length} (truncated or misquoted line?)"));
                    continue;
                }

                if (!StrictCsv.CheckFieldLengths(location, header, fields, diagnostics))
                {
                    continue;
                }

                cells.Reset(location, fields);
                T? record = parse(cells);
                if (record is not null && !cells.HasErrors)
                {
                    records.Add(record);
                }
            }
        }
        catch (CsvFormatException ex)
        {
            int line = (int)ex.LineNumber;
            string message = ex.Message.Split('\n')[0].Trim();
            diagnostics.Add(new Diagnostic(new SourceLocation(name, line), string.Empty, $"malformed CSV: {message}"));
        }

        return records;
    }

    private static int CountOf(string text, char c)
    {
        int n = 0;
        foreach (char x in text)
        {
            n += x == c ? 1 : 0;
        }

        return n;
    }
}

/// <summary>Typed access to the cells of the current row; bad cells become diagnostics and mark the row.</summary>
internal sealed class CsvCells
{
    private readonly string _file;
    private readonly Dictionary<string, int> _columns;
    private readonly List<Diagnostic> _diagnostics;
    private string[] _fields = [];

    public CsvCells(string file, Dictionary<string, int> columns, List<Diagnostic> diagnostics)
    {
        _file = file;
        _columns = columns;
        _diagnostics = diagnostics;
    }

    public SourceLocation Location { get; private set; }

    public bool HasErrors { get; private set; }

    public void Reset(SourceLocation location, string[] fields)
    {
        Location = location;
        _fields = fields;
        HasErrors = false;
    }

    public bool HasColumn(string column) => _columns.ContainsKey(column);

    public string Text(string column) => _columns.TryGetValue(column, out int i) && i < _fields.Length ? _fields[i].Trim() : string.Empty;

    public void Error(string column, string message)
    {
        // One error per row: the rejected row is reported once, with its first problem.
        if (!HasErrors)
        {
            _diagnostics.Add(new Diagnostic(Location, column, message));
        }

        HasErrors = true;
    }

    public string Required(string column)
    {
        string value = Text(column);
        if (value.Length == 0)
        {
            Error(column, "value is required");
        }

        return value;
    }

    public DateTimeOffset Time(string column, TimeSpan? naiveOffset)
    {
        string text = Required(column);
        if (text.Length == 0)
        {
            return default;
        }

        if (!HistoryTime.TryParse(text, naiveOffset, out DateTimeOffset value, out string? error))
        {
            Error(column, error!);
        }

        return value;
    }

    public double? OptionalDouble(string column, double minimum, double maximum)
    {
        string text = Text(column);
        if (text.Length == 0)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            Error(column, $"'{text}' is not a number");
            return null;
        }

        if (value < minimum || value > maximum)
        {
            Error(column, $"{text} is outside {minimum.ToString(CultureInfo.InvariantCulture)}..{maximum.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return value;
    }

    public int? OptionalInt(string column, int minimum)
    {
        string text = Text(column);
        if (text.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            Error(column, $"'{text}' is not a whole number");
            return null;
        }

        if (value < minimum)
        {
            Error(column, $"{value} is below the minimum of {minimum}");
            return null;
        }

        return value;
    }
}
