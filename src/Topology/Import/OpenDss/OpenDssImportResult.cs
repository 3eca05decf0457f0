using Lumen.Topology.Network;
using Lumen.Topology.Phases;

namespace Lumen.Topology.Import.OpenDss;

/// <summary>The outcome of <see cref="OpenDssImporter.Import"/>: the single-line network, or every problem found.</summary>
/// <param name="Network">The network; null when any error was found (in the script or in the network validation).</param>
/// <param name="Diagnostics">Every error and warning, each with file, 1-based line and property name.</param>
/// <param name="ObjectCounts">
/// Objects defined after the last <c>Clear</c>, by lower-case OpenDSS class (<c>line</c>, <c>transformer</c>,
/// <c>load</c>, <c>linecode</c>, <c>loadshape</c>, …). Raw counts: the three units of a regulator bank count three
/// here although they become one branch. Classes with no object are absent.
/// </param>
/// <param name="BusCount">
/// Distinct bus names referenced by the source, lines, transformers, reactors, loads and capacitors (node suffixes
/// removed, case-insensitive), before the <c>_OPEN</c> renaming described on <see cref="OpenDssImporter"/>.
/// </param>
/// <param name="ElementBranches">
/// Branch id of every OpenDSS element (key <c>class.name</c>, lower case) that became a branch or part of one, e.g.
/// <c>transformer.reg2</c> → <c>transformer.reg1</c> when a regulator bank was collapsed.
/// </param>
/// <param name="Phases">
/// The phase-level model for unbalanced power flow (same bus ids as <paramref name="Network"/>); null when the
/// network failed or uses something the phase model does not cover (a warning says what).
/// </param>
public sealed record OpenDssImportResult(
    Network.Network? Network,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyDictionary<string, int> ObjectCounts,
    int BusCount,
    IReadOnlyDictionary<string, string> ElementBranches,
    PhaseNetwork? Phases = null)
{
    /// <summary>True when a network was built (there may still be warnings).</summary>
    public bool Succeeded => Network is not null;

    /// <summary>Number of objects of <paramref name="className"/> (lower case); 0 when there are none.</summary>
    /// <param name="className">OpenDSS class name, e.g. <c>line</c>.</param>
    public int CountOf(string className)
    {
        ArgumentNullException.ThrowIfNull(className);
        return ObjectCounts.TryGetValue(className.ToLowerInvariant(), out int count) ? count : 0;
    }
}
