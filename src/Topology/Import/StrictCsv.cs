using System.Text;
using CsvHelper;
using Lumen.Topology.Network;

namespace Lumen.Topology.Import;

/// <summary>
/// The strict parts of reading a CSV file that every Lumen importer shares: the text must be UTF-8 (a BOM is accepted;
/// UTF-16, other encodings and binary files are rejected with the line of the first bad byte and how to convert the
/// file), the header must hold every required column once (unknown columns are warnings), no field is longer than
/// <see cref="MaxFieldLength"/>, and messages quote at most <see cref="MaxQuotedLength"/> characters of a bad value.
/// </summary>
public static class StrictCsv
{
    /// <summary>Longest value of any CSV field, characters (identifiers, causes and complaint texts included).</summary>
    public const int MaxFieldLength = 2000;

    /// <summary>Longest part of a bad value a message quotes, characters.</summary>
    public const int MaxQuotedLength = 64;

    /// <summary>What to do with a file that is not UTF-8: the one encoding rule of every importer.</summary>
    public const string NotUtf8 = "the file is not valid UTF-8 (a GBK/GB18030 export?): save it as \"CSV UTF-8\" in Excel, or convert it with iconv -f GB18030 -t UTF-8 in.csv > out.csv";

    /// <summary>What to do with a UTF-16 file.</summary>
    public const string Utf16 = "the file is UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\", or convert it with iconv -f UTF-16 -t UTF-8 in.csv > out.csv";

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // With a preamble, so that a StreamReader skips a UTF-8 byte order mark (and only that one).
    private static readonly UTF8Encoding s_strictUtf8WithBom = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <summary><paramref name="value"/> as a message quotes it: whole when short, else its first <see cref="MaxQuotedLength"/> characters and its length.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= MaxQuotedLength ? value : string.Concat(value.AsSpan(0, MaxQuotedLength), $"… ({value.Length:N0} characters)");
    }

    /// <summary>
    /// False (with one diagnostic naming the first column at fault) when a field of the row is longer than
    /// <see cref="MaxFieldLength"/>: no identifier, cause or text is megabytes long.
    /// </summary>
    public static bool CheckFieldLengths(SourceLocation location, IReadOnlyList<string> header, IReadOnlyList<string> fields, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(fields);
        for (int i = 0; i < fields.Count; i++)
        {
            if (fields[i].Length > MaxFieldLength)
            {
                diagnostics.Add(TooLong(location, header is not null && i < header.Count ? header[i] : string.Empty, fields[i]));
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A field's UTF-8 bytes trimmed as <see cref="string.Trim()"/> trims its text, when the bytes settle it: false when,
    /// after the ASCII whitespace at either end is removed, a non-ASCII whitespace character is at either end (the caller
    /// then trims the field's string).
    /// </summary>
    internal static bool TryTrimUtf8(ReadOnlySpan<byte> field, out ReadOnlySpan<byte> trimmed)
    {
        trimmed = field;
        if (field.IsEmpty || (field[0] is > 0x20 and < 0x80 && field[^1] is > 0x20 and < 0x80))
        {
            return true;
        }

        trimmed = field.Trim(" \t\n\v\f\r"u8);
        return trimmed.IsEmpty || (!(trimmed[0] >= 0x80 && StartsWithWhiteSpace(trimmed)) && !(trimmed[^1] >= 0x80 && EndsWithWhiteSpace(trimmed)));
    }

    private static bool StartsWithWhiteSpace(ReadOnlySpan<byte> utf8) => Rune.DecodeFromUtf8(utf8, out Rune rune, out _) == System.Buffers.OperationStatus.Done && Rune.IsWhiteSpace(rune);

    private static bool EndsWithWhiteSpace(ReadOnlySpan<byte> utf8) => Rune.DecodeLastFromUtf8(utf8, out Rune rune, out _) == System.Buffers.OperationStatus.Done && Rune.IsWhiteSpace(rune);

    /// <summary>The diagnostic of a field longer than <see cref="MaxFieldLength"/>, in the column of header name <paramref name="column"/>.</summary>
    internal static Diagnostic TooLong(SourceLocation location, string column, string field) =>
        new(location, column.Trim(), $"{field.Length:N0} characters; at most {MaxFieldLength:N0} ('{Quote(field)}')");

    /// <summary>
    /// Opens <paramref name="path"/> for streaming as strict UTF-8 (a UTF-8 byte order mark is skipped): false, with a
    /// diagnostic naming <paramref name="displayName"/>, for a UTF-16/UTF-32 file or a binary one (NUL bytes in its first
    /// 64 KiB). Bytes that are not UTF-8 further on throw <see cref="DecoderFallbackException"/> while reading: report
    /// them with <see cref="NotUtf8"/>.
    /// </summary>
    public static bool TryOpenText(string path, string displayName, List<Diagnostic> diagnostics, out StreamReader reader)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        reader = StreamReader.Null;
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(displayName, 0), string.Empty, $"cannot read the file: {ex.Message}"));
            return false;
        }

        byte[] head = new byte[64 * 1024];
        int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (IsUtf16(head.AsSpan(0, n)) || head.AsSpan(0, n).Contains((byte)0))
        {
            stream.Dispose();
            diagnostics.Add(new Diagnostic(new SourceLocation(displayName, 1), string.Empty, IsUtf16(head.AsSpan(0, n)) ? Utf16 : "the file contains NUL bytes: it is binary or UTF-16, not a UTF-8 CSV"));
            return false;
        }

        reader = new StreamReader(stream, s_strictUtf8WithBom, detectEncodingFromByteOrderMarks: false, 1 << 16);
        return true;
    }

    private static bool IsUtf16(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF));

    /// <summary>
    /// How the strict importers parse the text: commas only (no detection, no <c>sep=</c> line), spaces around fields
    /// trimmed (spaces only, not inside quotes), blank lines skipped, line numbers counted; bad quoting and short rows
    /// are not thrown but left to the importer, which reports them with file, line and field. There is no header row
    /// for the parser: the importer reads the first record as its header and checks it (<see cref="CheckHeader"/>).
    /// </summary>
    public static CsvReaderOptions Options { get; } = new()
    {
        Separator = ',',
        DetectSeparatorHint = false,
        HasHeader = false,
        Mode = CsvMode.Rfc4180,
        TrimWhitespace = true,
        WhitespaceCharacters = " ",
        SkipEmptyLines = true,
        MalformedData = CsvMalformedDataHandling.Recover,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
        TrackLineNumbers = true,
    };

    /// <summary>Reads <paramref name="path"/> as strict UTF-8; false (with a diagnostic naming <paramref name="displayName"/>) when it cannot.</summary>
    public static bool TryReadText(string path, string displayName, List<Diagnostic> diagnostics, out string text)
    {
        text = string.Empty;
        return TryReadBytes(path, displayName, diagnostics, out byte[] bytes) && TryDecode(bytes, displayName, diagnostics, out text);
    }

    /// <summary>The bytes of <paramref name="path"/>; false (with a diagnostic naming <paramref name="displayName"/>) when it cannot be read.</summary>
    internal static bool TryReadBytes(string path, string displayName, List<Diagnostic> diagnostics, out byte[] bytes)
    {
        try
        {
            bytes = File.ReadAllBytes(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(displayName, 0), string.Empty, $"cannot read the file: {ex.Message}"));
            bytes = [];
            return false;
        }
    }

    /// <summary>Where the text of <paramref name="bytes"/> starts: after a UTF-8 byte order mark, if any.</summary>
    internal static int TextStart(ReadOnlySpan<byte> bytes) => bytes.StartsWith("\uFEFF"u8) ? 3 : 0;

    /// <summary>
    /// True when <paramref name="bytes"/> decode as strict UTF-8 with no NUL character, so that
    /// <see cref="TryDecode"/> would succeed (a vectorised check, without decoding).
    /// </summary>
    internal static bool IsStrictUtf8(ReadOnlySpan<byte> bytes) =>
        !IsUtf16(bytes) && System.Text.Unicode.Utf8.IsValid(bytes[TextStart(bytes)..]) && !bytes.Contains((byte)0);

    /// <summary>Decodes <paramref name="bytes"/> as strict UTF-8; false (with a diagnostic naming <paramref name="displayName"/>) when it cannot.</summary>
    internal static bool TryDecode(byte[] bytes, string displayName, List<Diagnostic> diagnostics, out string text)
    {
        text = string.Empty;
        if (IsUtf16(bytes))
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(displayName, 1), string.Empty, Utf16));
            return false;
        }

        int offset = TextStart(bytes);
        try
        {
            text = s_strictUtf8.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException ex)
        {
            int at = offset + Math.Max(0, ex.Index);
            int line = 1;
            for (int i = 0; i < at && i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                }
            }

            diagnostics.Add(new Diagnostic(new SourceLocation(displayName, line), string.Empty, NotUtf8));
            return false;
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(displayName, 1), string.Empty, "the file contains NUL characters: it is binary or UTF-16, not a UTF-8 CSV"));
            return false;
        }

        return true;
    }

    /// <summary>
    /// Checks a header row: duplicate and missing required columns are errors, columns neither required nor optional are
    /// warnings. <paramref name="columns"/> maps each column name to its position.
    /// </summary>
    public static bool CheckHeader(string displayName, string[] header, IReadOnlyCollection<string> required, IReadOnlyCollection<string> optional, List<Diagnostic> diagnostics, out Dictionary<string, int> columns)
    {
        columns = new Dictionary<string, int>(StringComparer.Ordinal);
        bool ok = true;
        for (int i = 0; i < header.Length; i++)
        {
            string column = header[i].Trim();
            if (!columns.TryAdd(column, i))
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(displayName, 1), column, "column appears twice in the header"));
                ok = false;
            }
            else if (!required.Contains(column) && !optional.Contains(column))
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(displayName, 1), column, "unknown column, ignored", DiagnosticSeverity.Warning));
            }
        }

        foreach (string column in required)
        {
            if (!columns.ContainsKey(column))
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(displayName, 1), column, "required column is missing from the header"));
                ok = false;
            }
        }

        return ok;
    }
}
