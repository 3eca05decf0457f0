using System.Globalization;
using System.Numerics;
using System.Text.Unicode;
using CsvHelper;
using Lumen.Topology.Network;

namespace Lumen.Topology.Import;

/// <summary>
/// Reads one CSV file strictly: valid UTF-8, a header with the required columns, well-formed quoting. Every problem
/// becomes a <see cref="Diagnostic"/> naming file, line and column; unknown columns are warnings.
/// </summary>
/// <remarks>
/// Rows are streamed; a row callback reads typed cells through <see cref="CsvRow"/>, which reports bad cells itself. A
/// large file can be read in ranges of whole lines, each by its own CsvHelper parser on its own thread: every range
/// fills its own part, and the parts and their diagnostics come back in file order, the same as one range would give.
/// </remarks>
internal sealed class CsvTable
{
    private CsvTable(string displayName, List<Diagnostic> diagnostics)
    {
        DisplayName = displayName;
        Diagnostics = diagnostics;
    }

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
        Action<int>? onRowCount = null) =>
        Read<object?>(path, required, optional, diagnostics, CsvRanges.One, rowCounts =>
        {
            onRowCount?.Invoke(rowCounts[0]);
            return [null];
        }, (row, _) => onRow(row), out _);

    /// <summary>
    /// Reads <paramref name="path"/> in up to <see cref="CsvRanges.MaxRanges"/> ranges of whole lines, calling
    /// <paramref name="onRow"/> with each range's own part (made by <paramref name="newParts"/>, one per range in file
    /// order, from an upper bound of each range's rows). The parts come back in file order and the diagnostics are added
    /// in file order, as one range gives. Returns false (with diagnostics) when the file cannot be read as a table at all.
    /// </summary>
    /// <remarks>
    /// When there are several ranges the text is plain (<see cref="CsvRanges.IsPlain"/>): every row ends at a line break
    /// or at the end of its range, so the bounds hold and the parts may share storage sized from them. A single range
    /// may hold more rows than its bound (a lone <c>\r</c> ends a row too): its part must be able to grow.
    /// </remarks>
    public static bool Read<TPart>(
        string path,
        IReadOnlyCollection<string> required,
        IReadOnlyCollection<string> optional,
        List<Diagnostic> diagnostics,
        CsvRanges ranges,
        Func<int[], TPart[]> newParts,
        Action<CsvRow, TPart> onRow,
        out TPart[] parts)
    {
        parts = [];
        string name = System.IO.Path.GetFileName(path);
        if (!StrictCsv.TryReadBytes(path, name, diagnostics, out byte[] bytes))
        {
            return false;
        }

        // Most files are read from their UTF-8 bytes, each range decoded as its parser reads it; only a file that needs
        // its raw records checked (a quote may leave a field open or hide a line break) or that is not strict UTF-8 (for
        // the diagnostic) is decoded whole first. An empty file takes that second way too, which reports it.
        int textStart = StrictCsv.TextStart(bytes);
        ReadOnlyMemory<byte> plain = StrictCsv.IsStrictUtf8(bytes) && CsvRanges.IsPlain<byte>(bytes.AsSpan(textStart)) ? bytes.AsMemory(textStart) : default;
        string text = string.Empty;
        if (plain.IsEmpty && !StrictCsv.TryDecode(bytes, name, diagnostics, out text))
        {
            return false;
        }

        string[] header;
        Dictionary<string, int> columns;
        int bodyStart;
        int headerLines;
        using (var parser = new CsvParser(plain.IsEmpty ? new StringReader(text) : new Utf8Reader(plain), StrictCsv.Configuration))
        {
            try
            {
                if (!parser.Read() || parser.Record is not string[] record || record.Length == 0)
                {
                    diagnostics.Add(new Diagnostic(new SourceLocation(name, 1), string.Empty, "the file is empty: a header row is required"));
                    return false;
                }

                header = record;
            }
            catch (CsvHelperException ex)
            {
                diagnostics.Add(Malformed(name, ex, 0));
                return false;
            }

            if (!StrictCsv.CheckHeader(name, header, required, optional, diagnostics, out columns))
            {
                return false;
            }

            // Without quotes a record is one line, so the header ends at the end of its last line.
            headerLines = parser.RawRow;
            bodyStart = plain.IsEmpty ? (int)parser.CharCount : CsvRanges.AfterLines<byte>(plain.Span, headerLines);
        }

        int[] cuts = plain.IsEmpty ? ranges.Cut<char>(text, bodyStart) : ranges.CutPlain<byte>(plain.Span, bodyStart);
        var results = new RangeResult<TPart>[cuts.Length - 1];

        // A range's rows: its line breaks, plus one for a last line without a break.
        int[] rowBounds = new int[results.Length];
        for (int r = 0; r < rowBounds.Length; r++)
        {
            rowBounds[r] = plain.IsEmpty ? RowBound<char>(text.AsSpan(cuts[r], cuts[r + 1] - cuts[r])) : RowBound<byte>(plain.Span[cuts[r]..cuts[r + 1]]);
        }

        TPart[] made = newParts(rowBounds);
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = results.Length }, r =>
        {
            var table = new CsvTable(name, []);
            int start = cuts[r];
            int length = cuts[r + 1] - start;
            int linesBefore = headerLines + (plain.IsEmpty ? text.AsSpan(bodyStart, start - bodyStart).Count('\n') : plain.Span[bodyStart..start].Count((byte)'\n'));
            TPart part = made[r];
            bool complete = plain.IsEmpty
                ? ReadRange(table, new MemoryReader(text.AsMemory(start, length)), text.AsMemory(start, length), linesBefore, header, columns, part, onRow)
                : ReadRange(table, new Utf8Reader(plain.Slice(start, length)), null, linesBefore, header, columns, part, onRow);
            results[r] = new RangeResult<TPart>(part, table.Diagnostics, complete);
        });

        // A range that stopped on malformed CSV ends the file there, as it would end a single parser.
        var read = new List<TPart>(results.Length);
        foreach (RangeResult<TPart> result in results)
        {
            read.Add(result.Part);
            diagnostics.AddRange(result.Diagnostics);
            if (!result.Complete)
            {
                parts = [.. read];
                return false;
            }
        }

        parts = [.. read];
        return true;
    }

    // Parses the data rows of one range; the parser counts lines from the range's start, linesBefore places them in the
    // file. The raw text, when given, is the range's text: its records are checked for open quotes and line breaks.
    private static bool ReadRange<TPart>(
        CsvTable table,
        TextReader reader,
        ReadOnlyMemory<char>? raw,
        int linesBefore,
        string[] header,
        Dictionary<string, int> columns,
        TPart part,
        Action<CsvRow, TPart> onRow)
    {
        List<Diagnostic> diagnostics = table.Diagnostics;

        // Without raw text the range is plain (no quote anywhere): parsed without quote handling, fields trimmed here.
        bool plain = raw is null;
        using var parser = new CsvParser(reader, plain ? StrictCsv.PlainConfiguration : StrictCsv.Configuration);
        var row = new CsvRow(table, columns);

        // One array of fields for every row: only rows with the header's field count are read, and a row's strings
        // are read once, here.
        string[] fields = new string[header.Length];
        try
        {
            // The raw text of a record is the span of the text the parser consumed for it (CharCount is where it
            // stopped; skipped blank lines before it are trimmed), so the line and quote checks need no copy of it.
            long recordStart = 0;
            while (parser.Read())
            {
                ReadOnlySpan<char> record = raw is ReadOnlyMemory<char> text
                    ? text.Span.Slice((int)recordStart, (int)(parser.CharCount - recordStart)).TrimStart("\r\n")
                    : [];
                recordStart = parser.CharCount;
                int count = parser.Count;
                if (count == 1 && string.IsNullOrWhiteSpace(parser[0]))
                {
                    continue;
                }

                bool unterminated = HasUnterminatedQuote(record);
                row.Reset(linesBefore + StartLine(parser.RawRow, record, unterminated), fields, count);
                if (unterminated)
                {
                    diagnostics.Add(new Diagnostic(row.Location, string.Empty, "unterminated quoted field: a '\"' has no closing quote, so the rest of the file was read as one value"));
                    continue;
                }

                if (count != header.Length)
                {
                    diagnostics.Add(new Diagnostic(row.Location, string.Empty, $"row has {count} fields but the header has {header.Length} (truncated or misquoted line?)"));
                    continue;
                }

                for (int i = 0; i < fields.Length; i++)
                {
                    fields[i] = plain ? StrictCsv.TrimField(parser[i]) : parser[i];
                }

                if (!StrictCsv.CheckFieldLengths(row.Location, header, fields, diagnostics))
                {
                    continue;
                }

                onRow(row, part);
            }
        }
        catch (CsvHelperException ex)
        {
            diagnostics.Add(Malformed(table.DisplayName, ex, linesBefore));
            return false;
        }

        return true;
    }

    private static int RowBound<T>(ReadOnlySpan<T> range)
        where T : unmanaged, IBinaryInteger<T>
    {
        T newline = T.CreateTruncating('\n');
        return range.Count(newline) + (range.IsEmpty || range[^1] == newline ? 0 : 1);
    }

    private static Diagnostic Malformed(string name, CsvHelperException ex, int linesBefore) =>
        new(new SourceLocation(name, linesBefore + (ex.Context?.Parser?.RawRow ?? 0)), string.Empty, $"malformed CSV: {FirstLine(ex.Message)}");

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

    private readonly record struct RangeResult<TPart>(TPart Part, List<Diagnostic> Diagnostics, bool Complete);

    /// <summary>A text reader over a range of a string in memory, so that each range's parser reads it without a copy.</summary>
    private sealed class MemoryReader(ReadOnlyMemory<char> text) : TextReader
    {
        private int _position;

        public override int Peek() => _position < text.Length ? text.Span[_position] : -1;

        public override int Read() => _position < text.Length ? text.Span[_position++] : -1;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            int n = Math.Min(buffer.Length, text.Length - _position);
            text.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
    }

    /// <summary>A text reader decoding a range of valid UTF-8 bytes in memory as its parser asks for text.</summary>
    private sealed class Utf8Reader(ReadOnlyMemory<byte> bytes) : TextReader
    {
        private int _position;

        // The second half of a surrogate pair that did not fit the caller's buffer.
        private int _pending = -1;

        public override int Peek()
        {
            if (_pending < 0)
            {
                Span<char> one = stackalloc char[1];
                if (Read(one) == 0)
                {
                    return -1;
                }

                _pending = one[0];
            }

            return _pending;
        }

        public override int Read()
        {
            Span<char> one = stackalloc char[1];
            return Read(one) == 0 ? -1 : one[0];
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }

            if (_pending >= 0)
            {
                buffer[0] = (char)_pending;
                _pending = -1;
                return 1;
            }

            // The bytes were checked as UTF-8 before, so the only stop short of the end is a full buffer; a character
            // that needs two chars where one is left is decoded whole and handed over one char at a time.
            Utf8.ToUtf16(bytes.Span[_position..], buffer, out int read, out int written, replaceInvalidSequences: false);
            _position += read;
            if (written == 0 && _position < bytes.Length)
            {
                Span<char> pair = stackalloc char[2];
                Utf8.ToUtf16(bytes.Span[_position..], pair, out read, out written, replaceInvalidSequences: false);
                _position += read;
                buffer[0] = pair[0];
                _pending = written > 1 ? pair[1] : -1;
                return 1;
            }

            return written;
        }
    }
}

/// <summary>
/// How a <see cref="CsvTable"/> splits a file's data rows into ranges read side by side: at most
/// <see cref="MaxRanges"/>, none shorter than <see cref="MinRangeLength"/> (characters, or bytes of a file read as
/// bytes), cut only after a line break. A file with any quote character is read as one range, since a quoted field may
/// hold a line break; so is one whose line breaks are not all <c>\n</c> or <c>\r\n</c>, since the parser would count
/// its lines differently.
/// </summary>
/// <param name="MaxRanges">Most ranges.</param>
/// <param name="MinRangeLength">Fewest characters (or bytes) in a range.</param>
internal readonly record struct CsvRanges(int MaxRanges, int MinRangeLength)
{
    /// <summary>The whole file as one range.</summary>
    public static CsvRanges One => new(1, int.MaxValue);

    /// <summary>One range per core, each at least 4 M characters or bytes (a range costs a parser and a part to merge).</summary>
    public static CsvRanges PerCore => new(Environment.ProcessorCount, 4 << 20);

    /// <summary>The range bounds in <paramref name="text"/> from <paramref name="bodyStart"/> on: first start, …, end.</summary>
    public int[] Cut<T>(ReadOnlySpan<T> text, int bodyStart)
        where T : unmanaged, IBinaryInteger<T> =>
        IsPlain(text[bodyStart..]) ? CutPlain(text, bodyStart) : [bodyStart, text.Length];

    /// <summary>True when <paramref name="text"/> has no quote and every line break is <c>\n</c> or <c>\r\n</c>.</summary>
    public static bool IsPlain<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
    {
        T cr = T.CreateTruncating('\r');
        ReadOnlySpan<T> crlf = [cr, T.CreateTruncating('\n')];
        return !text.Contains(T.CreateTruncating('"')) && text.Count(cr) == text.Count(crlf);
    }

    /// <summary>Where the line after the first <paramref name="lines"/> lines of plain <paramref name="text"/> starts (its length when there is none).</summary>
    public static int AfterLines<T>(ReadOnlySpan<T> text, int lines)
        where T : unmanaged, IBinaryInteger<T>
    {
        T newline = T.CreateTruncating('\n');
        int at = 0;
        for (int i = 0; i < lines; i++)
        {
            int next = text[at..].IndexOf(newline);
            if (next < 0)
            {
                return text.Length;
            }

            at += next + 1;
        }

        return at;
    }

    /// <summary><see cref="Cut"/> of text known to be plain (<see cref="IsPlain"/>).</summary>
    public int[] CutPlain<T>(ReadOnlySpan<T> text, int bodyStart)
        where T : unmanaged, IBinaryInteger<T>
    {
        int bodyLength = text.Length - bodyStart;
        int count = Math.Clamp(bodyLength / Math.Max(MinRangeLength, 1), 1, Math.Max(MaxRanges, 1));
        var cuts = new List<int>(count + 1) { bodyStart };
        T newline = T.CreateTruncating('\n');
        for (int r = 1; r < count; r++)
        {
            int from = Math.Max(bodyStart + (int)((long)bodyLength * r / count), cuts[^1]);
            int next = text[from..].IndexOf(newline);
            if (next < 0)
            {
                break;
            }

            int cut = from + next + 1;
            if (cut > cuts[^1] && cut < text.Length)
            {
                cuts.Add(cut);
            }
        }

        cuts.Add(text.Length);
        return [.. cuts];
    }
}

/// <summary>One data row of a <see cref="CsvTable"/>, with typed cell readers that report bad values as diagnostics.</summary>
internal sealed class CsvRow
{
    private readonly CsvTable _table;
    private readonly Dictionary<string, int> _columns;

    // Column names come from the importers' literals: looking them up by reference saves hashing the name per cell.
    private readonly Dictionary<string, int> _byReference = new(ReferenceEqualityComparer.Instance);

    // A row callback asks for its columns in the same order on every row, so the k-th lookup of a row is first checked
    // against the k-th of the row before (one reference comparison instead of a dictionary lookup per cell). A callback
    // that asks in another order only falls back to the dictionary.
    private readonly string?[] _recentNames = new string?[64];
    private readonly int[] _recentIndices = new int[64];
    private int _lookups;
    private string[] _fields = [];

    public CsvRow(CsvTable table, Dictionary<string, int> columns)
    {
        _table = table;
        _columns = columns;
    }

    public SourceLocation Location { get; private set; }

    public int FieldCount { get; private set; }

    public void Reset(int line, string[] fields, int count)
    {
        Location = new SourceLocation(_table.DisplayName, line);
        _fields = fields;
        FieldCount = count;
        _lookups = 0;
    }

    public bool Has(string column) => IndexOf(column) >= 0 && Text(column).Length > 0;

    public string Text(string column)
    {
        int i = IndexOf(column);
        return i >= 0 && i < _fields.Length ? _fields[i].Trim() : string.Empty;
    }

    private int IndexOf(string column)
    {
        int k = _lookups++;
        if (k < _recentNames.Length && ReferenceEquals(_recentNames[k], column))
        {
            return _recentIndices[k];
        }

        int i = Lookup(column);
        if (k < _recentNames.Length)
        {
            _recentNames[k] = column;
            _recentIndices[k] = i;
        }

        return i;
    }

    private int Lookup(string column)
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
