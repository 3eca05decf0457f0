namespace Lumen.Topology.Network;

/// <summary>Where an element came from: file and 1-based line (0 when built in code).</summary>
/// <param name="File">File name or path as given to the importer; empty when built in code.</param>
/// <param name="Line">1-based line in that file (the header is line 1 in CSV files); 0 when unknown.</param>
public readonly record struct SourceLocation(string File, int Line)
{
    /// <summary>No location: the element was built in code.</summary>
    public static SourceLocation None => new(string.Empty, 0);

    /// <inheritdoc />
    public override string ToString() => File.Length == 0 ? "(in code)" : Line > 0 ? $"{File}:{Line}" : File;
}

/// <summary>How bad a diagnostic is.</summary>
public enum DiagnosticSeverity : byte
{
    /// <summary>The input cannot be used; nothing is built.</summary>
    Error = 0,

    /// <summary>Reported and skipped (e.g. an OpenDSS object Lumen does not model); the network is still built.</summary>
    Warning = 1,
}

/// <summary>One problem found in the input, naming file, line, field and what is wrong.</summary>
/// <param name="Location">File and line.</param>
/// <param name="Field">Column or property name; empty when the problem is with the whole row or file.</param>
/// <param name="Message">What is wrong, in words a planner understands.</param>
/// <param name="Severity">Error (blocks the import) or warning.</param>
public sealed record Diagnostic(SourceLocation Location, string Field, string Message, DiagnosticSeverity Severity = DiagnosticSeverity.Error)
{
    /// <inheritdoc />
    public override string ToString()
    {
        string level = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return Field.Length == 0 ? $"{Location}: {level}: {Message}" : $"{Location}: {level}: {Field}: {Message}";
    }
}
