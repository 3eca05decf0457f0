namespace Lumen.Topology.Import;

/// <summary>RFC 4180 quoting of one field, for the writers that build CSV lines themselves.</summary>
public static class CsvField
{
    /// <summary>
    /// <paramref name="text"/> as a CSV field: unchanged, or in double quotes with inner quotes doubled when it holds a
    /// comma, a quote or a line break.
    /// </summary>
    /// <param name="text">The field's text.</param>
    /// <returns>The field as written.</returns>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
