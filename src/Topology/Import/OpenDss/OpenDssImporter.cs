using Lumen.Topology.Network;
using Lumen.Topology.Phases;

namespace Lumen.Topology.Import.OpenDss;

/// <summary>
/// Reads an OpenDSS master script (and everything it redirects to) into a Lumen network collapsed to a single-line,
/// positive-sequence model.
/// </summary>
/// <remarks>
/// <para>
/// Script: <c>Clear</c>, <c>New</c>, <c>Edit</c>, <c>Class.Name.prop=value</c>, <c>~</c>/<c>more</c>, <c>Redirect</c>
/// and <c>Compile</c> (relative to the current file, file names matched case-insensitively), <c>Open</c>/<c>Close</c>,
/// <c>BusCoords</c>; solution and reporting commands (<c>Set</c>, <c>Solve</c>, <c>Show</c>, <c>Plot</c>, …) are
/// ignored. Values may be quoted or bracketed, matrices use <c>|</c>, numbers may be in-line RPN (<c>(8 1000 /)</c>),
/// positional values take the next property, <c>like=</c> copies another object's assignments.
/// </para>
/// <para>
/// Model: the circuit's <c>bus1</c> (default <c>sourcebus</c>) is the source, at <c>basekv</c>. Bus names lose their
/// node suffixes (<c>692.3.1</c> → <c>692</c>) and are lower-cased; element ids are <c>class.name</c> (loads keep
/// their name). A line is an overhead line, or a cable when its line code is named UG/cable or has more than 50 nF/km
/// self capacitance; R and X are positive-sequence ohms (Z1 = Zs − Zm for matrices). <c>switch=yes</c> lines become
/// zero-length bus ties carrying a load-break switch. A transformer gives one branch from winding 1 to each other
/// winding; units between the same two buses (regulator banks, open-delta pairs, the two secondary windings of a
/// centre-tapped service transformer) are collapsed into one branch rated at the sum of their kVA, with the average
/// unit impedance (the units of a bank sit on different phases). Series reactors become bus ties. Fuse, Recloser,
/// Relay and SwtControl become fuse, recloser, breaker and load-break switch devices on their switched element.
/// Classes Lumen does not model (LoadShape, Monitor, CapControl, …) are counted and give one warning per class.
/// </para>
/// <para>
/// Normally-open points: an <c>Open</c> command opens the element's switching device (or the branch when it has
/// none); a switch line with <c>enabled=false</c> (IEEE 8500) is kept as a normally-open tie rather than dropped;
/// other disabled elements are left out with a warning. IEEE 123's master writes its open ties as switches to
/// dangling buses <c>300_OPEN</c> and <c>94_OPEN</c>: a bus named <c>&lt;x&gt;_open</c> that only switch lines touch,
/// where bus <c>&lt;x&gt;</c> exists, is mapped to <c>&lt;x&gt;</c> with the switch normally open at that end, so that
/// <c>IEEE123Master.dss</c> and <c>IEEE123Switches.dss</c> give the same topology.
/// </para>
/// <para>
/// Nominal kV is propagated from the source through lines and transformer ratios. Lengths with no units in the line or
/// its line code are taken as kft (the unit of OpenDSS's default impedances) with one warning. Thread-safe: every call
/// works on its own state. Time and memory are O(size of the script).
/// </para>
/// </remarks>
public static class OpenDssImporter
{
    /// <summary>Imports the OpenDSS model whose master script is <paramref name="masterFilePath"/>.</summary>
    /// <param name="masterFilePath">Path of the master <c>.dss</c> file (or a run script that compiles it).</param>
    /// <returns>
    /// The network with warnings, or no network and every error (file, line, property) when the script or the
    /// resulting topology is invalid (unknown references, bad values, loops with the normally-open points open, islands).
    /// A missing master file is an error in the result, not an exception.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="masterFilePath"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="masterFilePath"/> is empty or white space.</exception>
    public static OpenDssImportResult Import(string masterFilePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(masterFilePath);
        var script = new OpenDssScript();
        script.RunFile(masterFilePath);
        var mapper = new OpenDssNetworkMapper(script);
        Network.BuildResult build = mapper.Map(Path.GetFullPath(masterFilePath));
        PhaseNetwork? phases = null;
        var diagnostics = new List<Diagnostic>(build.Diagnostics);
        if (build.Network is not null)
        {
            phases = new OpenDssPhaseMapper(script).Map(out string? problem);
            if (problem is not null)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(Path.GetFullPath(masterFilePath), 0), "phases",
                    $"no three-phase model (the network is solved balanced): {problem}", DiagnosticSeverity.Warning));
            }
        }

        return new OpenDssImportResult(build.Network, diagnostics, mapper.ObjectCounts, mapper.BusCount, mapper.ElementBranches, phases);
    }
}
