using CsvHelper;
using Lumen.Topology.Import;

namespace Lumen.Reliability;

/// <summary>
/// The CsvHelper options of the lenient readers and the plain writers outside the network import (the strict readers use
/// <see cref="StrictCsv.Options"/>). Each reader reads the header as its first record and numbers every record by the
/// line it starts on (the header is line 1).
/// </summary>
public static class PlainCsv
{
    /// <summary>
    /// The register readers' parsing: commas only, fields as they are (each reader trims what it needs), blank lines
    /// skipped, bad quoting recovered as text and left to the field checks.
    /// </summary>
    public static CsvReaderOptions Lenient { get; } = new()
    {
        Separator = ',',
        HasHeader = false,
        TrimWhitespace = false,
        SkipEmptyLines = true,
        MalformedData = CsvMalformedDataHandling.Recover,
        TrackLineNumbers = true,
    };

    /// <summary>
    /// <see cref="Lenient"/> with spaces (not tabs) trimmed around fields: how Forecast's growth reader parses the growth
    /// file, so that a row found with it is on the line that reader names.
    /// </summary>
    public static CsvReaderOptions LenientTrimmed { get; } = Lenient with { TrimWhitespace = true, WhitespaceCharacters = " " };

    /// <summary>
    /// RFC 4180 output with CRLF line ends, a field with a space or tab at either end quoted so that a trimming reader
    /// keeps it, and no spreadsheet guard: files read back by Lumen keep their cells as they are (exports use
    /// <see cref="CsvTableWriter"/>, which has the guard).
    /// </summary>
    public static CsvWriterOptions Writer { get; } = new() { Quoting = CsvQuoting.WhenNeededOrWhitespace };
}
