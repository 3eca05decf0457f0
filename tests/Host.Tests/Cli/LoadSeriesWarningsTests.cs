using System.Globalization;
using System.Text;
using System.Text.Json;
using Lumen.Host.Cli;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

/// <summary>
/// The planning commands that read <c>--load</c>: a series whose reading notes a warning (a gap) leaves standard output
/// the JSON document alone (the warning goes to standard error), and the table view still shows the warning.
/// </summary>
public sealed class LoadSeriesWarningsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lumen-load-warn-").FullName;

    public LoadSeriesWarningsTests()
    {
        // One 10 kV feeder F1: two line sections, a transformer and a load point at the end of each.
        File.WriteAllText(Path.Combine(_folder, "buses.csv"), "bus_id,kind,nominal_kv,x,y\nS,source,10,0,0\nA,node,10,1,0\nB,node,10,2,0\nLA,node,0.4,1,1\nLB,node,0.4,2,1\n");
        File.WriteAllText(Path.Combine(_folder, "branches.csv"), "branch_id,from_bus,to_bus,type,length_km,failure_rate_per_year,repair_hours,feeder,r_ohm,x_ohm,rating\n"
            + "L1,S,A,line,1,0.1,4,F1,0.3,0.35,300\nL2,A,B,line,1,0.1,4,F1,0.3,0.35,300\nTA,A,LA,transformer,0,0.01,8,F1,0.01,0.04,400\nTB,B,LB,transformer,0,0.01,8,F1,0.01,0.04,400\n");
        File.WriteAllText(Path.Combine(_folder, "load_points.csv"), "load_point_id,bus_id,customers,average_load_kw,peak_load_kw,peak_load_kvar\nLPA,LA,50,100,200,60\nLPB,LB,40,80,160,50\n");
        Directory.CreateDirectory(Path.Combine(_folder, "load"));

        // 30 days of hourly load with one hour missing: the reader fills it and notes a warning.
        var text = new StringBuilder("timestamp,load_mw,temperature_c\n");
        for (int t = 0; t < 30 * 24; t++)
        {
            if (t != 100)
            {
                double load = 0.3 + (0.1 * Math.Sin(2 * Math.PI * ((t % 24) - 8) / 24));
                text.Append(CultureInfo.InvariantCulture, $"{new DateTime(2024, 3, 4).AddHours(t):yyyy-MM-dd'T'HH:mm},{load:0.0000},15\n");
            }
        }

        File.WriteAllText(Path.Combine(_folder, "load", "F1.csv"), text.ToString());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("reliability", "assess")]
    [InlineData("plan", "diagnose")]
    [InlineData("plan", "invest")]
    public void JsonOutput_WithALoadSeriesWarning_ParsesAsTheDocumentAlone(string verb, string command)
    {
        string load = Path.Combine(_folder, "load");
        (int code, string output) = Run(verb, command, _folder, "--load", load, "--format", "json");

        Assert.True(code == ExitCodes.Ok, output);
        Assert.DoesNotContain("warning", output, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);

        // Beside a table the warning is shown.
        (int tableCode, string table) = Run(verb, command, _folder, "--load", load);
        Assert.Equal(ExitCodes.Ok, tableCode);
        Assert.Contains("warning: load_mw: gap of 1 period(s)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void InvestCsv_WithALoadSeriesWarning_IsTheCsvAlone()
    {
        (int code, string output) = Run("plan", "invest", _folder, "--load", Path.Combine(_folder, "load"), "--format", "csv");

        Assert.True(code == ExitCodes.Ok, output);
        Assert.StartsWith("plan_year,order,id,", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", output, StringComparison.Ordinal);
    }

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(400);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }
}
