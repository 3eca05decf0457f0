using System.Net;
using System.Text.Json.Nodes;
using Lumen.Host.Cli;
using Lumen.Host.Services;
using Lumen.Reliability.Aging.Demo;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// An empty service given a generated network and its asset register by upload, and the same two as files for the CLI:
/// the inputs of the CLI-versus-API tests of the assets and investment questions.
/// </summary>
internal sealed record AssetsService(LumenApp App, string Network, string Register)
{
    /// <summary>Starts the service, uploads both and waits until the asset analysis is published.</summary>
    public static async Task<AssetsService> StartAsync(int buses, int seed)
    {
        LumenApp app = await LumenApp.StartAsync(new Dictionary<string, string?> { ["Lumen:Store:SeedDemo"] = "false" });
        string folder = Path.Combine(app.DataDirectory, "cli-network");
        Network network = DemoGrid.Generate(buses, seed).Build().Network!;
        LumenCsvWriter.Write(network, folder);
        string register = DemoAssetGenerator.Write(network, seed, Path.Combine(app.DataDirectory, "cli-assets"), 2025).RegisterPath;
        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        await Http.JsonAsync(await app.Client.PostAsync("/api/networks", Http.Files(files)), HttpStatusCode.Created);
        await Http.JsonAsync(await app.Client.PostAsync("/api/assets/register", Http.Files([(Path.GetFileName(register), File.ReadAllBytes(register))])), HttpStatusCode.Created);
        AssetsSlice slice = app.Get<AssetsSlice>();
        for (int i = 0; i < 600 && slice.Current is null; i++)
        {
            Assert.Null(slice.Error);
            await Task.Delay(100);
        }

        Assert.NotNull(slice.Current);
        return new AssetsService(app, folder, register);
    }

    /// <summary>Runs <c>lumen</c> in-process with <c>--format json</c> among <paramref name="args"/>; fails unless it exits 0.</summary>
    public static JsonNode CliJson(params string[] args)
    {
        using var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        int code = LumenCli.Run(args, console);
        Assert.True(code == ExitCodes.Ok, output.ToString());
        return JsonNode.Parse(output.ToString())!;
    }

    /// <summary>The start of a JSON document, for a failure message.</summary>
    public static string Head(JsonNode node)
    {
        string text = node.ToJsonString();
        return text.Length <= 3000 ? text : text[..3000] + "…";
    }
}
