using System.Text.Json;
using Lumen.Host.Cli;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

public sealed class ForecastCommandsTests
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    private static string WriteSeries(string folder, string name, int days)
    {
        var sb = new System.Text.StringBuilder("timestamp,load_mw,temperature_c\n");
        var start = new DateTime(2022, 1, 3);
        for (int t = 0; t < days * 24; t++)
        {
            double temp = 15 - (10 * Math.Cos(2 * Math.PI * t / 8766.0)) - (3 * Math.Cos(2 * Math.PI * ((t % 24) - 3) / 24));
            double load = 50 + (10 * Math.Sin(2 * Math.PI * ((t % 24) - 8) / 24)) + (2 * Math.Max(0, temp - 20)) + ((t * 7919 % 13) / 13.0);
            sb.Append(start.AddHours(t).ToString("yyyy-MM-dd'T'HH:mm")).Append(',').Append(load.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))
                .Append(',').Append(temp.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        string path = Path.Combine(folder, name + ".csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public void Backtest_WritesProtocolFileAndJsonScores()
    {
        string dir = Directory.CreateTempSubdirectory("lumen-fcst-").FullName;
        try
        {
            string data = WriteSeries(dir, "feeder1", 120);
            string outFile = Path.Combine(dir, "out", "lumen.csv");
            (int code, string output) = Run("forecast", "backtest", "--data", data, "--method", "snaive,lumen", "--origins", "sub4", "--out", outFile, "--format", "json");
            Assert.Equal(ExitCodes.Ok, code);
            using JsonDocument doc = JsonDocument.Parse(output);
            Assert.Equal(2, doc.RootElement.GetProperty("sets")[0].GetProperty("all").GetArrayLength());
            string[] lines = File.ReadAllLines(outFile);
            Assert.Equal("dataset,method,origin,step,timestamp,actual,mean,lo80,hi80,lo95,hi95,secs,scale,failed", lines[0]);
            Assert.Equal(1 + (2 * 7 * 24), lines.Length);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Backtest_BadFile_ExitsInvalidInputNamingLineAndField()
    {
        string dir = Directory.CreateTempSubdirectory("lumen-fcst-").FullName;
        try
        {
            string path = Path.Combine(dir, "bad.csv");
            File.WriteAllText(path, "timestamp,load_mw,temperature_c\n2020-01-01T00:00,1,2\n2020-01-01T01:00,x,2\n");
            (int code, string output) = Run("forecast", "backtest", "--data", path);
            Assert.Equal(ExitCodes.InvalidInput, code);
            Assert.Contains("bad.csv:3: error: load_mw: 'x' is not a number", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Backtest_Ablate_WritesTheSetsAndScoresEach()
    {
        string dir = Directory.CreateTempSubdirectory("lumen-fcst-").FullName;
        try
        {
            string data = WriteSeries(dir, "feeder1", 120);
            string sets = Path.Combine(dir, "sets");
            string outDir = Path.Combine(dir, "out");
            (int code, string output) = Run("forecast", "backtest", "--data", data, "--method", "snaive", "--origins", "sub4", "--ablate", "notemp,notemp-h12w",
                "--sets-out", sets, "--out-dir", outDir, "--calendar", "none", "--format", "json");
            Assert.Equal(ExitCodes.Ok, code);
            using JsonDocument doc = JsonDocument.Parse(output);
            JsonElement scored = doc.RootElement.GetProperty("sets");
            Assert.Equal(["notemp", "notemp-h12w"], scored.EnumerateArray().Select(e => e.GetProperty("set").GetString()));
            Assert.EndsWith(",", File.ReadAllLines(Path.Combine(sets, "notemp", "feeder1.csv"))[1], StringComparison.Ordinal);    // no temperature
            Assert.Equal(7, Directory.GetFiles(Path.Combine(sets, "notemp-h12w", "feeder1")).Length);                               // one file per origin
            Assert.Equal(1 + (7 * 24), File.ReadAllLines(Path.Combine(outDir, "notemp-h12w", "feeder1__snaive.csv")).Length);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("table", "│ feeder1 ")]
    [InlineData("markdown", "| feeder1 | snaive | 7 |")]
    public void Backtest_TableAndMarkdown_ShowTheSameScores(string format, string row)
    {
        string dir = Directory.CreateTempSubdirectory("lumen-fcst-").FullName;
        try
        {
            string data = WriteSeries(dir, "feeder1", 120);
            (int code, string output) = Run("forecast", "backtest", "--data", data, "--method", "snaive", "--origins", "sub4", "--calendar", "none", "--format", format);
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains(row, output, StringComparison.Ordinal);
            Assert.Equal(format == "table", output.Contains('┌'));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Backtest_UnknownFormat_IsUsageError()
    {
        (int code, _) = Run("forecast", "backtest", "--data", "x.csv", "--format", "xml");
        Assert.Equal(ExitCodes.Usage, code);
    }

    [Fact]
    public void Backtest_UnknownAblation_IsUsageError()
    {
        (int code, _) = Run("forecast", "backtest", "--data", "x.csv", "--ablate", "nowind");
        Assert.NotEqual(ExitCodes.Ok, code);
    }

    [Fact]
    public void Backtest_UnknownMethod_IsUsageError()
    {
        (int code, _) = Run("forecast", "backtest", "--data", "x.csv", "--method", "prophet");
        Assert.NotEqual(ExitCodes.Ok, code);
    }

    [Fact]
    public void Run_WritesHorizonWithQuantiles()
    {
        string dir = Directory.CreateTempSubdirectory("lumen-fcst-").FullName;
        try
        {
            WriteSeries(dir, "t1", 60);
            WriteSeries(dir, "t2", 60);
            string outFile = Path.Combine(dir, "fc.csv");
            (int code, _) = Run("forecast", "run", "--data", dir, "--horizon", "3d", "--quantiles", "0.1,0.9", "--out", outFile);
            Assert.Equal(ExitCodes.Ok, code);
            string[] lines = File.ReadAllLines(outFile);
            Assert.Equal("series,timestamp,mean_mw,q0.1,q0.9", lines[0]);
            Assert.Equal(1 + (2 * 3 * 24), lines.Length);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Peaks_JsonHasYearsAndBadGrowthFileIsRejected()
    {
        string dir = Directory.CreateTempSubdirectory("lumen-fcst-").FullName;
        try
        {
            string data = WriteSeries(dir, "t1", 400);
            (int code, string output) = Run("forecast", "peaks", "--data", data, "--years", "3", "--format", "json");
            Assert.Equal(ExitCodes.Ok, code);
            using JsonDocument doc = JsonDocument.Parse(output);
            Assert.Equal(3, doc.RootElement.GetProperty("series")[0].GetProperty("years").GetArrayLength());

            string growth = Path.Combine(dir, "growth.csv");
            File.WriteAllText(growth, "series_id,growth_percent_per_year,added_peak_mw,added_from_year\nt1,abc,,\n");
            (int bad, string badOut) = Run("forecast", "peaks", "--data", data, "--growth", growth);
            Assert.Equal(ExitCodes.InvalidInput, bad);
            Assert.Contains("growth.csv:2: error: growth_percent_per_year", badOut, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
