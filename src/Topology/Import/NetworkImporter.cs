using Lumen.Topology.Network;

namespace Lumen.Topology.Import;

/// <summary>Imports a network from any supported input, chosen by what the path is.</summary>
public static class NetworkImporter
{
    /// <summary>
    /// Imports <paramref name="path"/>: a folder in Lumen's CSV format, a folder holding a radial power-flow case
    /// (IEEE 33/69-bus layout), or an OpenDSS master file (<c>.dss</c>).
    /// </summary>
    /// <param name="path">Folder or file.</param>
    /// <param name="caseId">Study case from <c>case.json</c> (Lumen folders only).</param>
    public static NetworkImportResult Import(string path, string? caseId = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return PowerFlowCaseImporter.Recognises(path) ? RejectCase(PowerFlowCaseImporter.Import(path), caseId) : LumenCsvImporter.Import(path, caseId);
        }

        var location = new SourceLocation(path, 0);
        if (!File.Exists(path))
        {
            return new NetworkImportResult(null, StudyCase.Default, [new Diagnostic(location, string.Empty, "no such file or folder")]);
        }

        if (path.EndsWith(".dss", StringComparison.OrdinalIgnoreCase))
        {
            OpenDss.OpenDssImportResult dss = OpenDss.OpenDssImporter.Import(path);

            // Bus names as referenced in the files: what the IEEE feeders' documentation counts.
            var objects = new Dictionary<string, int>(dss.ObjectCounts) { ["bus"] = dss.BusCount };
            return RejectCase(new NetworkImportResult(dss.Network, StudyCase.Default, dss.Diagnostics, dss.Network, objects, dss.Phases), caseId);
        }

        return new NetworkImportResult(null, StudyCase.Default,
            [new Diagnostic(location, string.Empty, "not a network: give a Lumen network folder, a power-flow case folder or an OpenDSS .dss file")]);
    }

    private static NetworkImportResult RejectCase(NetworkImportResult result, string? caseId)
    {
        if (caseId is null)
        {
            return result;
        }

        var diagnostics = new List<Diagnostic>(result.Diagnostics)
        {
            new(new SourceLocation("case.json", 0), "cases", $"case '{caseId}' was requested but only Lumen network folders have study cases"),
        };
        return result with { Network = null, Diagnostics = diagnostics };
    }
}
