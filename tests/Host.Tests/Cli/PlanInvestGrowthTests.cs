using System.Globalization;
using System.Text;
using System.Text.Json;
using Lumen.Forecast.Data;
using Lumen.Forecast.Peaks;
using Lumen.Host.Cli;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

/// <summary>
/// <c>plan invest --load</c> with series per distribution transformer: a feeder without a series of its own grows as the
/// peak outlook of its transformers' series summed hour by hour; a feeder with its own series takes that one.
/// </summary>
public sealed class PlanInvestGrowthTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lumen-invest-growth-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TransformerSeries_GiveTheirFeederTheGrowthOfTheirSum_AFeedersOwnSeriesWins()
    {
        // F1: transformers TA (series by branch id) and TB (series by its load point LPB), growing 8 and 1 % a year.
        // F2: its own series (3 %/yr) and its transformer TC's (9 %/yr).
        File.WriteAllText(Path.Combine(_folder, "buses.csv"), "bus_id,kind,nominal_kv,x,y\nS,source,10,0,0\nA,node,10,1,0\nB,node,10,2,0\nC,node,10,1,2\n"
            + "LA,node,0.4,1,1\nLB,node,0.4,2,1\nLC,node,0.4,1,3\n");
        File.WriteAllText(Path.Combine(_folder, "branches.csv"), "branch_id,from_bus,to_bus,type,length_km,failure_rate_per_year,repair_hours,feeder,r_ohm,x_ohm,rating\n"
            + "L1,S,A,line,1,0.1,4,F1,0.3,0.35,300\nL2,A,B,line,1,0.1,4,F1,0.3,0.35,300\nM1,S,C,line,1,0.1,4,F2,0.3,0.35,300\n"
            + "TA,A,LA,transformer,0,0.01,8,,0.01,0.04,400\nTB,B,LB,transformer,0,0.01,8,,0.01,0.04,400\nTC,C,LC,transformer,0,0.01,8,,0.01,0.04,400\n");
        File.WriteAllText(Path.Combine(_folder, "load_points.csv"), "load_point_id,bus_id,customers,average_load_kw,peak_load_kw,peak_load_kvar\n"
            + "LPA,LA,50,100,200,60\nLPB,LB,40,80,160,50\nLPC,LC,30,60,120,40\n");
        string load = Path.Combine(_folder, "load");
        Directory.CreateDirectory(load);
        string ta = Write(load, "TA", 0.25, 8);
        string lpb = Write(load, "LPB", 0.15, 1);
        string f2 = Write(load, "F2", 0.2, 3);
        Write(load, "TC", 0.2, 9);

        var console = new TestConsole().Width(400);
        int code = LumenCli.Run(["plan", "invest", _folder, "--load", load, "--years", "2", "--budget-per-year", "0", "--format", "json"], console);
        Assert.True(code == ExitCodes.Ok, console.Output);
        using JsonDocument doc = JsonDocument.Parse(console.Output);
        Dictionary<string, (string Source, double Percent)> growth = doc.RootElement.GetProperty("growth").EnumerateArray()
            .ToDictionary(r => r.GetProperty("feeder").GetString()!, r => (r.GetProperty("source").GetString()!, r.GetProperty("growth_percent_per_year").GetDouble()));

        // Oracle: the two series read and added hour by hour here, through the peak outlook directly.
        LoadSeries a = LoadCsvReader.Read(ta).Series!;
        LoadSeries b = LoadCsvReader.Read(lpb).Series!;
        double[] sum = [.. Enumerable.Range(0, a.Length).Select(t => a.LoadMw[t] + b.LoadMw[t])];
        double expected = PeakGrowth.Of([new LoadSeries("F1", a.Start, 24, sum, a.TemperatureC.ToArray())])["F1"];
        Assert.Equal("transformers", growth["F1"].Source);
        Assert.Equal(expected, growth["F1"].Percent, 9);

        // The sum's growth is neither part's: it weighs each by its load.
        IReadOnlyDictionary<string, double> parts = PeakGrowth.Of([a, b]);
        Assert.InRange(growth["F1"].Percent, parts["LPB"] + 1, parts["TA"] - 1);

        // F2's own series wins over its transformer's.
        Assert.Equal(("forecast", PeakGrowth.Of([LoadCsvReader.Read(f2).Series!])["F2"]), growth["F2"]);
    }

    // 800 days of hourly load (timestamp,load_mw,temperature_c) with a daily shape, growing at a compound rate a year.
    private static string Write(string folder, string name, double mw, double percentPerYear)
    {
        var text = new StringBuilder("timestamp,load_mw,temperature_c\n");
        var start = new DateTime(2023, 1, 2);
        for (int t = 0; t < 800 * 24; t++)
        {
            double load = mw * (0.8 + (0.2 * Math.Sin(2 * Math.PI * ((t % 24) - 8) / 24))) * Math.Pow(1 + (percentPerYear / 100), t / (24 * 365.25));
            double temperature = 15 - (10 * Math.Cos(2 * Math.PI * t / (24 * 365.25)));
            text.Append(CultureInfo.InvariantCulture, $"{start.AddHours(t):yyyy-MM-dd'T'HH:mm},{load:0.000000},{temperature:0.00}\n");
        }

        string path = Path.Combine(folder, name + ".csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
