using System.Globalization;
using CsvHelper;

namespace Lumen.Topology.Import;

/// <summary>
/// The one way Lumen writes a table as CSV (exports, rejected rows, linkage files): CsvHelper's RFC 4180 quoting, a
/// header row, and every cell through <see cref="Cell"/>, so a value reads the same in every file Lumen writes.
/// </summary>
/// <remarks>Not thread-safe. Disposing flushes; the underlying writer is left open unless <c>leaveOpen</c> is false.</remarks>
public sealed class CsvTableWriter : IDisposable, IAsyncDisposable
{
    // CsvHelper quotes a value with a separator, quote, CR or LF (a lone CR ends a record for most readers); a value
    // with whitespace at either end is quoted too, so that a trimming reader keeps it. Rows may differ in length (the
    // caller's business), and Cell guards formulas itself.
    private static readonly CsvWriterOptions s_options = new()
    {
        NewLine = "\n",
        ShouldQuote = static (field, _, _, _) => field.Length > 0 && (char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1])),
        Injection = CsvInjection.None,
        ValidateFieldCount = false,
    };
    private readonly CsvWriter _csv;

    /// <summary>Starts a table on <paramref name="writer"/> and writes its header.</summary>
    /// <param name="writer">Where the CSV goes.</param>
    /// <param name="header">Column names (the JSON field names of the same values).</param>
    /// <param name="leaveOpen">Whether disposing leaves <paramref name="writer"/> open.</param>
    public CsvTableWriter(TextWriter writer, IEnumerable<string> header, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(header);
        _csv = CsvWriter.Create(writer, s_options, leaveOpen);
        foreach (string name in header)
        {
            _csv.WriteField(name);
        }

        _csv.EndRecord();
    }

    /// <summary>Writes one row, each value formatted by <see cref="Cell"/>.</summary>
    public void WriteRow(params ReadOnlySpan<object?> values)
    {
        foreach (object? value in values)
        {
            _csv.WriteField(Cell(value));
        }

        _csv.EndRecord();
    }

    /// <summary>Writes one row, each value formatted by <see cref="Cell"/>.</summary>
    public void WriteRow(IEnumerable<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (object? value in values)
        {
            _csv.WriteField(Cell(value));
        }

        _csv.EndRecord();
    }

    /// <summary>Writes one row and passes full buffers on asynchronously (a response body allows no synchronous writes).</summary>
    public async Task WriteRowAsync(IEnumerable<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (object? value in values)
        {
            _csv.WriteField(Cell(value));
        }

        await _csv.EndRecordAsync().ConfigureAwait(false);
    }

    /// <summary>Writes one whole table to a new UTF-8 file (no byte order mark).</summary>
    public static void WriteFile(string path, IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var file = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        using var table = new CsvTableWriter(file, header);
        foreach (IEnumerable<object?> row in rows)
        {
            table.WriteRow(row);
        }
    }

    /// <summary>
    /// A value as CSV text: empty for null, NaN and infinities (never "NaN" in a spreadsheet); numbers in the invariant
    /// culture, shortest round-trip; <c>true</c>/<c>false</c>; UTC times as ISO 8601 with milliseconds and <c>Z</c>,
    /// other times as ISO 8601 wall-clock (with the offset when there is one); text that a spreadsheet would run as a
    /// formula (starting with <c>= + - @</c>, tab or carriage return) prefixed with <c>'</c>. Quoting is the writer's.
    /// </summary>
    public static string Cell(object? value) => value switch
    {
        null => string.Empty,
        double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : string.Empty,
        float f => float.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) : string.Empty,
        bool b => b ? "true" : "false",
        DateTime t => t.Kind == DateTimeKind.Utc
            ? t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        string s => Guarded(s),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Guarded(value.ToString() ?? string.Empty),
    };

    private static string Guarded(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <inheritdoc/>
    public void Dispose() => _csv.Dispose();

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _csv.DisposeAsync();
}
