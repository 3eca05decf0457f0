using System.Text.Json;
using Lumen.TestSupport;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Predictive;

/// <summary>Loads RBTS Bus 2 cases and the expected values from the shared reference folder.</summary>
internal static class Rbts
{
    public const string Folder = "data/reliability/rbts-bus2";

    public static readonly string[] CaseIds = ["A", "B", "C", "D", "E", "F"];

    public static (Network Network, StudyCase Case) Load(string caseId)
    {
        NetworkImportResult result = LumenCsvImporter.Import(SharedData.PathOf(Folder), caseId);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Diagnostics));
        return (result.Network!, result.Case);
    }

    public static JsonElement Expected(string caseId)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf(Folder + "/expected.json")));
        return doc.RootElement.GetProperty("cases").GetProperty(caseId).Clone();
    }
}
