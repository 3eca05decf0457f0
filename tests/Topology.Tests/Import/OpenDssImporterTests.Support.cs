using Lumen.Topology.Import.OpenDss;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;
using Xunit;

namespace Lumen.Topology.Tests.Import;

/// <summary>Helpers: write snippets to a temporary folder and look elements up by id.</summary>
public sealed partial class OpenDssImporterTests
{
    private static string Lines(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    /// <summary>Writes the files (the first is the master) to a fresh temporary folder, imports, deletes the folder.</summary>
    private static OpenDssImportResult ImportText(params (string Name, string Text)[] files)
    {
        string dir = Path.Combine(Path.GetTempPath(), "lumen-opendss-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            foreach ((string name, string text) in files)
            {
                string path = Path.Combine(dir, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }

            return OpenDssImporter.Import(Path.Combine(dir, files[0].Name));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Net AssertBuilt(OpenDssImportResult result)
    {
        Assert.True(result.Network is not null, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Network;
    }

    private static int EdgeOf(Net network, string id) => Array.IndexOf(network.EdgeIds.ToArray(), id) is int e and >= 0
        ? e
        : throw new Xunit.Sdk.XunitException($"no branch '{id}' in [{string.Join(", ", network.EdgeIds.ToArray())}]");

    private static int NodeOf(Net network, string id) => Array.IndexOf(network.NodeIds.ToArray(), id) is int n and >= 0
        ? n
        : throw new Xunit.Sdk.XunitException($"no bus '{id}'");

    private static int DeviceOf(Net network, string id) => Array.IndexOf(network.DeviceIds.ToArray(), id) is int d and >= 0
        ? d
        : throw new Xunit.Sdk.XunitException($"no device '{id}' in [{string.Join(", ", network.DeviceIds.ToArray())}]");
}
