using System.Text.Json;
using System.Text.Json.Nodes;
using Lumen.Host.Cli;
using Spectre.Console;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary><c>POST /api/voltage/powerflow</c> and <c>lumen voltage powerflow --format json</c> give one document.</summary>
public sealed class VoltagePowerFlowApiTests(LumenAppFixture fixture) : IClassFixture<LumenAppFixture>
{
    [Fact]
    public async Task PowerFlow_ApiAndCli_ReturnTheSameDocument()
    {
        await SeriesTestData.WaitForForecastsAsync(fixture.App.Client, d => d.GetProperty("items").GetArrayLength() > 0);
        string network = Path.Combine(fixture.App.DataDirectory, "demo");
        JsonElement api = await Http.JsonAsync(await fixture.App.Client.PostAsync("/api/voltage/powerflow", Http.JsonBody("""{"load_scale":1.0,"source_voltage_pu":1.0,"top":1000}""")));

        var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
        int code = LumenCli.Run(["voltage", "powerflow", network, "--format", "json"], console);

        Assert.True(code == ExitCodes.Ok, output.ToString());
        JsonObject cli = JsonNode.Parse(output.ToString())!.AsObject();
        JsonObject served = JsonNode.Parse(api.GetRawText())!.AsObject();
        Assert.Equal(network, cli["path"]!.GetValue<string>());
        Assert.True(served["version"]!.GetValue<int>() >= 1);
        Assert.Equal("balanced", served["model"]!.GetValue<string>());
        foreach (JsonObject document in new[] { cli, served })
        {
            document.Remove("path");
            document.Remove("version");
        }

        Assert.True(served["low_areas"]!.AsArray().Count < 1000, "the comparison needs every low area in the answer");
        Assert.Equal(cli.ToJsonString(), served.ToJsonString());
    }
}
