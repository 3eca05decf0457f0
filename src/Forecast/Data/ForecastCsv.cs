using CsvHelper;

namespace Lumen.Forecast.Data;

/// <summary>How Forecast reads and writes CSV (Forecast references no other Lumen library, so not Topology's writers).</summary>
internal static class ForecastCsv
{
    /// <summary>
    /// Lenient reading, as the load and growth readers have always read: commas only, spaces (not tabs) trimmed around
    /// fields, blank lines skipped, bad quoting recovered as text; the header is read as the first record and every
    /// record carries the line it starts on.
    /// </summary>
    public static CsvReaderOptions ReaderOptions { get; } = new()
    {
        Separator = ',',
        HasHeader = false,
        TrimWhitespace = true,
        WhitespaceCharacters = " ",
        SkipEmptyLines = true,
        MalformedData = CsvMalformedDataHandling.Recover,
        TrackLineNumbers = true,
    };

    /// <summary>
    /// RFC 4180 output with CRLF line ends; a field with a space or tab at either end is quoted too, so that a trimming
    /// reader keeps it (CsvHelper 33's default rule, which quoted spaces only).
    /// </summary>
    public static CsvWriterOptions WriterOptions { get; } = new() { Quoting = CsvQuoting.WhenNeededOrWhitespace };
}
