using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.Json;
using Lumen.Host.Cli;
using Lumen.Reliability.Aging.Demo;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

/// <summary>
/// Approval tests of the JSON of <c>assets rank</c> and <c>assets plan</c> on a small seeded demo (300 buses, seed 5,
/// analysis year 2025). The approved documents are in <c>AssetsSnapshots/</c>, with every array cut to its first
/// <see cref="Kept"/> elements (and its length kept as <c>"…_count"</c>) so that they stay readable in a review.
/// Numbers compare to 1e-9 relative, text exactly.
/// To re-approve after an intended change: run these tests with <c>LUMEN_APPROVE=1</c> (the expected files are
/// rewritten), or copy the <c>*.received.json</c> written beside a failing snapshot over it, and review the diff.
/// </summary>
public sealed class AssetsSnapshotTests : IClassFixture<AssetsSnapshotTests.SmallDemo>
{
    private const int Kept = 12;
    private readonly SmallDemo _demo;

    public AssetsSnapshotTests(SmallDemo demo) => _demo = demo;

    public sealed class SmallDemo : IDisposable
    {
        public SmallDemo()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lumen-assets-snapshot-{Guid.NewGuid():N}");
            Network network = DemoGrid.Generate(300, 5).Build().Network!;
            LumenCsvWriter.Write(network, Path);
            DemoAssetGenerator.Write(network, 5, Path);
        }

        public string Path { get; }

        public string Register => System.IO.Path.Combine(Path, DemoAssetGenerator.RegisterFileName);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private static string Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        int code = LumenCli.Run(args, console);
        Assert.True(code == ExitCodes.Ok, console.Output);
        return console.Output;
    }

    [Fact]
    public void Rank_SmallDemo_MatchesApprovedJson() =>
        Verify("rank.json", Run("assets", "rank", "--network", _demo.Path, "--register", _demo.Register, "--year", "2025", "--format", "json"));

    [Fact]
    public void Plan_SmallDemo_MatchesApprovedJson() =>
        Verify("plan.json", Run("assets", "plan", "--network", _demo.Path, "--register", _demo.Register, "--year", "2025", "--budget-per-year", "2000000", "--years", "5", "--format", "json"));

    private static void Verify(string name, string json, [CallerFilePath] string source = "")
    {
        JsonNode received = Trim(JsonNode.Parse(json)!);
        string folder = Path.Combine(Path.GetDirectoryName(source)!, "AssetsSnapshots");
        string approved = Path.Combine(folder, name);
        string receivedPath = Path.ChangeExtension(approved, ".received.json");
        string text = received.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable("LUMEN_APPROVE") == "1")
        {
            File.WriteAllText(approved, text);
            File.Delete(receivedPath);
            return;
        }

        Assert.True(File.Exists(approved), $"No approved snapshot {approved}: run the test with LUMEN_APPROVE=1 and review the file.");
        string? difference = FirstDifference(JsonNode.Parse(File.ReadAllText(approved))!, received, "$");
        if (difference is not null)
        {
            File.WriteAllText(receivedPath, text);
            Assert.Fail($"{name} differs from the approved snapshot at {difference}. Received output written to {receivedPath}; if the change is intended, re-approve with LUMEN_APPROVE=1 (or copy it over {approved}) and review the diff.");
        }

        File.Delete(receivedPath);
    }

    // Arrays cut to their first elements, with their length kept beside them.
    private static JsonNode Trim(JsonNode node)
    {
        if (node is JsonObject o)
        {
            var trimmed = new JsonObject();
            foreach ((string key, JsonNode? value) in o)
            {
                if (value is JsonArray a)
                {
                    trimmed[key + "_count"] = a.Count;
                }

                trimmed[key] = value is null ? null : Trim(value);
            }

            return trimmed;
        }

        if (node is JsonArray array)
        {
            var kept = new JsonArray();
            foreach (JsonNode? item in array.Take(Kept))
            {
                kept.Add(item is null ? null : Trim(item));
            }

            return kept;
        }

        return node.DeepClone();
    }

    private static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach ((string key, JsonNode? value) in e)
                {
                    if (!a.ContainsKey(key))
                    {
                        return $"{path}.{key} (missing)";
                    }

                    if (FirstDifference(value, a[key], $"{path}.{key}") is string d)
                    {
                        return d;
                    }
                }

                return a.Select(p => p.Key).FirstOrDefault(k => !e.ContainsKey(k)) is string extra ? $"{path}.{extra} (new)" : null;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                {
                    return $"{path} (length {e.Count} → {a.Count})";
                }

                for (int i = 0; i < e.Count; i++)
                {
                    if (FirstDifference(e[i], a[i], $"{path}[{i}]") is string d)
                    {
                        return d;
                    }
                }

                return null;
            case (JsonValue e, JsonValue a) when e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number:
                double x = double.Parse(e.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
                double y = double.Parse(a.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
                return Math.Abs(x - y) <= 1e-9 * Math.Max(Math.Abs(x), Math.Abs(y)) + 1e-12 ? null : $"{path} ({x} → {y})";
            case (JsonValue e, JsonValue a):
                return e.ToJsonString() == a.ToJsonString() ? null : $"{path} ({e.ToJsonString()} → {a.ToJsonString()})";
            default:
                return $"{path} ({expected?.ToJsonString()} → {actual?.ToJsonString()})";
        }
    }
}
