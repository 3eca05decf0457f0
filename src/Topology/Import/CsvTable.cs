using System.Globalization;
using System.Numerics;
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
    // Text without quotes is parsed untrimmed: CsvRow trims every cell it reads (string.Trim's whitespace includes the
    // spaces StrictCsv.Options trims), and the parser's own trim costs about four times its reading of the fields.
    private static readonly CsvReaderOptions s_plainOptions = StrictCsv.Options with { TrimWhitespace = false };

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

        // The parser reads the UTF-8 bytes in place; a file that is not strict UTF-8 is decoded only for the diagnostic.
        if (!StrictCsv.IsStrictUtf8(bytes) && !StrictCsv.TryDecode(bytes, name, diagnostics, out _))
        {
            return false;
        }

        ReadOnlyMemory<byte> text = bytes.AsMemory(StrictCsv.TextStart(bytes));
        string[] header;
        Dictionary<string, int> columns;
        int bodyStart;
        int headerLines;
        using (CsvReader reader = CsvReader.Create(text, StrictCsv.Options))
        {
            try
            {
                if (!reader.Read())
                {
                    diagnostics.Add(new Diagnostic(new SourceLocation(name, 1), string.Empty, "the file is empty: a header row is required"));
                    return false;
                }

                header = new string[reader.FieldCount];
                for (int i = 0; i < header.Length; i++)
                {
                    header[i] = reader.GetString(i);
                }

                // The body starts after the header's own line break; a quoted header field may hold line breaks too.
                ReadOnlySpan<byte> raw = reader.RawRecord;
                int headerEnd = (int)reader.ByteOffset + raw.Length;
                bodyStart = headerEnd + (text.Span[headerEnd..].StartsWith("\r\n"u8) ? 2 : headerEnd < text.Length ? 1 : 0);
                headerLines = (int)reader.LineNumber + LineBreaks(raw);
            }
            catch (CsvFormatException ex)
            {
                diagnostics.Add(Malformed(name, ex, 0));
                return false;
            }
        }

        if (!StrictCsv.CheckHeader(name, header, required, optional, diagnostics, out columns))
        {
            return false;
        }

        int[] cuts = ranges.Cut<byte>(text.Span, bodyStart);
        var results = new RangeResult<TPart>[cuts.Length - 1];

        // A range's rows: its line breaks, plus one for a last line without a break.
        int[] rowBounds = new int[results.Length];
        for (int r = 0; r < rowBounds.Length; r++)
        {
            rowBounds[r] = RowBound(text.Span[cuts[r]..cuts[r + 1]]);
        }

        // Several ranges only when the body is plain (CsvRanges.Cut): no quote, so the raw records need no check.
        bool plain = results.Length > 1 || CsvRanges.IsPlain<byte>(text.Span[bodyStart..]);
        TPart[] made = newParts(rowBounds);
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = results.Length }, r =>
        {
            var table = new CsvTable(name, []);
            int start = cuts[r];
            int linesBefore = headerLines + text.Span[bodyStart..start].Count((byte)'\n');
            TPart part = made[r];
            bool complete = ReadRange(table, text[start..cuts[r + 1]], plain, linesBefore, header, columns, part, onRow);
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
    // file. A plain range (no quote) is parsed untrimmed; one that is not has its records checked for open quotes.
    private static bool ReadRange<TPart>(
        CsvTable table,
        ReadOnlyMemory<byte> range,
        bool plain,
        int linesBefore,
        string[] header,
        Dictionary<string, int> columns,
        TPart part,
        Action<CsvRow, TPart> onRow)
    {
        List<Diagnostic> diagnostics = table.Diagnostics;
        using CsvReader reader = CsvReader.Create(range, plain ? s_plainOptions : StrictCsv.Options);
        var row = new CsvRow(table, columns);
        try
        {
            while (reader.Read())
            {
                int count = reader.FieldCount;
                if (count == 1 && string.IsNullOrWhiteSpace(reader.GetString(0)))
                {
                    continue;
                }

                row.Reset(linesBefore + (int)reader.LineNumber, reader, count);

                // An unterminated quote runs to the end of the text: the record's raw text then holds an odd number of quotes.
                if (!plain && reader.RawRecord.Count((byte)'"') % 2 == 1)
                {
                    diagnostics.Add(new Diagnostic(row.Location, string.Empty, "unterminated quoted field: a '\"' has no closing quote, so the rest of the file was read as one value"));
                    continue;
                }

                if (count != header.Length)
                {
                    diagnostics.Add(new Diagnostic(row.Location, string.Empty, $"row has {count} fields but the header has {header.Length} (truncated or misquoted line?)"));
                    continue;
                }

                if (!CheckFieldLengths(reader, row.Location, header, diagnostics))
                {
                    continue;
                }

                onRow(row, part);
            }
        }
        catch (CsvFormatException ex)
        {
            diagnostics.Add(Malformed(table.DisplayName, ex, linesBefore));
            return false;
        }

        return true;
    }

    // StrictCsv.CheckFieldLengths on the parser's bytes, spaces trimmed as StrictCsv.Options trims them (a plain range is
    // parsed untrimmed): a field has no more characters than bytes, so only a field longer than the limit in bytes is
    // counted, and only a field too long in characters becomes a string.
    private static bool CheckFieldLengths(CsvReader reader, SourceLocation location, string[] header, List<Diagnostic> diagnostics)
    {
        for (int i = 0; i < header.Length; i++)
        {
            ReadOnlySpan<byte> field = reader.GetSpan(i);
            if (field.Length > StrictCsv.MaxFieldLength && System.Text.Encoding.UTF8.GetCharCount(field.Trim((byte)' ')) > StrictCsv.MaxFieldLength)
            {
                diagnostics.Add(StrictCsv.TooLong(location, header[i], reader.GetString(i).Trim(' ')));
                return false;
            }
        }

        return true;
    }

    private static int RowBound(ReadOnlySpan<byte> range) => range.Count((byte)'\n') + (range.IsEmpty || range[^1] == '\n' ? 0 : 1);

    private static Diagnostic Malformed(string name, CsvFormatException ex, int linesBefore) =>
        new(new SourceLocation(name, linesBefore + (int)ex.LineNumber), string.Empty, $"malformed CSV: {FirstLine(ex.Message)}");

    // Line breaks as the parser counts lines: \r\n, a lone \n and a lone \r each end one.
    private static int LineBreaks(ReadOnlySpan<byte> raw) => raw.Count((byte)'\n') + raw.Count((byte)'\r') - raw.Count("\r\n"u8);

    private static string FirstLine(string message)
    {
        int end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }

    private readonly record struct RangeResult<TPart>(TPart Part, List<Diagnostic> Diagnostics, bool Complete);
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
