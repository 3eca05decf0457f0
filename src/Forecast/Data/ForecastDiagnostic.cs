namespace Lumen.Forecast.Data;

/// <summary>How bad a forecast-input diagnostic is.</summary>
public enum ForecastSeverity : byte
{
    /// <summary>The input cannot be used; nothing is forecast from it.</summary>
    Error = 0,

    /// <summary>The input was repaired or a simpler model was used; the result is still produced.</summary>
    Warning = 1,
}

/// <summary>One problem found in a load file or series: file, 1-based line (header = line 1), field and message.</summary>
/// <param name="File">File name or series id; empty when built in code.</param>
/// <param name="Line">1-based line in the file (the header is line 1); 0 when the problem concerns the whole file or series.</param>
/// <param name="Field">Column name (<c>timestamp</c>, <c>load_mw</c>, <c>temperature_c</c>); empty for the whole row or file.</param>
/// <param name="Message">What is wrong or what was repaired, in words a planner understands.</param>
/// <param name="Severity">Error (the series is not used) or warning (repaired or degraded).</param>
public sealed record ForecastDiagnostic(string File, int Line, string Field, string Message, ForecastSeverity Severity = ForecastSeverity.Error)
{
    /// <inheritdoc />
    public override string ToString()
    {
        string level = Severity == ForecastSeverity.Error ? "error" : "warning";
        string where = Line > 0 ? $"{File}:{Line}" : File;
        return Field.Length == 0 ? $"{where}: {level}: {Message}" : $"{where}: {level}: {Field}: {Message}";
    }
}
