using System.Globalization;
using System.Text;
using CsvHelper.Configuration;
using Lumen.Topology.Network;

namespace Lumen.Topology.Import;

/// <summary>
/// The strict parts of reading a CSV file that every Lumen importer shares: the text must be UTF-8 (a BOM is accepted;
/// UTF-16, other encodings and binary files are rejected with the line of the first bad byte), and the header must hold
/// every required column once; unknown columns are warnings.
/// </summary>
public static class StrictCsv
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// How the strict importers parse the text: commas only, fields trimmed, blank lines skipped; bad quoting and short
    /// rows are not thrown but left to the importer, which reports them with file, line and field.
    /// </summary>
    public static CsvConfiguration Configuration { get; } = new(CultureInfo.InvariantCulture)
    {
        DetectDelimiter = false,
        BadDataFound = null,
        MissingFieldFound = null,
        TrimOptions = TrimOptions.Trim,
        IgnoreBlankLines = true,
    };

    /// <summary>Reads <paramref name="path"/> as strict UTF-8; false (with a diagnostic naming <paramref name="displayName"/>) when it cannot.</summary>
    public static bool TryReadText(string path, string displayName, List<Diagnostic> diagnostics, out string text)
    {
        text = string.Empty;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(displayName, 0), string.Empty, $"cannot read the file: {ex.Message}"));
            return false;
        }

        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(displayName, 1), string.Empty, "the file is UTF-16; save it as UTF-8"));
            return false;
        }

        int offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
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

            diagnostics.Add(new Diagnostic(new SourceLocation(displayName, line), string.Empty, "the file is not valid UTF-8 (GBK or Latin-1?); save it as UTF-8"));
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
