using Lumen.Topology.Network;
using Lumen.Topology.Phases;

namespace Lumen.Topology.Import;

/// <summary>The outcome of importing a network: a valid network and its study case, or nothing and every error.</summary>
/// <param name="Network">The network; null when any error was found (an import is all or nothing).</param>
/// <param name="Case">The selected study case (<see cref="StudyCase.Default"/> when the input has none).</param>
/// <param name="Diagnostics">Every error and warning, each naming file, line and field.</param>
/// <param name="Draft">The assembled network even when its topology is invalid, for reporting counts (see <see cref="BuildResult.Draft"/>).</param>
/// <param name="SourceObjects">Objects read by class, for formats that have them (OpenDSS: line, transformer, load …); null otherwise.</param>
/// <param name="Phases">The phase-level model for unbalanced power flow, for formats that carry phase data (OpenDSS); null otherwise.</param>
public sealed record NetworkImportResult(
    Network.Network? Network,
    StudyCase Case,
    IReadOnlyList<Diagnostic> Diagnostics,
    Network.Network? Draft = null,
    IReadOnlyDictionary<string, int>? SourceObjects = null,
    PhaseNetwork? Phases = null)
{
    /// <summary>True when a network was imported.</summary>
    public bool Succeeded => Network is not null;

    /// <summary>The errors only.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
}
