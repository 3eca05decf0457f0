using Lumen.TestSupport;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// <c>lumen</c> with its output redirected to a pipe, as in <c>lumen … &gt; report.txt</c>: no table row and no error
/// message may be wrapped (a pipe has no width; Spectre would assume 80 columns).
/// </summary>
public sealed class RedirectedOutputTests : IClassFixture<RedirectedOutputTests.DemoFolder>
{
    private const string EuropeanLv = "data/feeders/european_lv/Master.dss";

    private readonly DemoFolder _demo;

    public RedirectedOutputTests(DemoFolder demo) => _demo = demo;

    /// <summary>A small demo county with every kind of input, under a long path so that wrapping would show.</summary>
    public sealed class DemoFolder : IDisposable
    {
        public DemoFolder()
        {
            Root = Path.Combine(Path.GetTempPath(), "lumen-redirected-output-" + Guid.NewGuid().ToString("N"), "a-folder-name-long-enough-to-wrap");
            (int code, string output) = RunAsync(["demo", "generate", "--scale", "small", "--seed", "5", "--out", Root, "--voltage-days", "2", "--load-series", "2", "--load-years", "2"]).GetAwaiter().GetResult();
            Assert.True(code == 0, output);
        }

        public string Root { get; }

        public string NetworkPath => Path.Combine(Root, "network");

        public string File(string relative) => Path.Combine(Root, relative);

        public void Dispose() => Directory.Delete(Path.GetDirectoryName(Root)!, recursive: true);
    }

    public static TheoryData<string[]> Verbs() => new()
    {
        { ["topology", "summary", "{network}"] },
        { ["topology", "trace", "{network}", "--node", "{first-load-bus}"] },
        { ["reliability", "assess", "{network}"] },
        { ["reliability", "placement", "{network}", "--feeder", "{first-feeder}", "--count", "3"] },
        { ["outages", "stats", "--network", "{network}", "--outages", "{history/outages.csv}", "--steps", "{history/restoration_steps.csv}", "--by", "feeder", "--worst", "10"] },
        { ["complaints", "rates", "--network", "{network}", "--outages", "{history/outages.csv}", "--complaints", "{history/complaints.csv}"] },
        { ["assets", "health", "--register", "{assets/assets.csv}"] },
        { ["assets", "rank", "--network", "{network}", "--register", "{assets/assets.csv}", "--top", "15"] },
        { ["assets", "plan", "--network", "{network}", "--register", "{assets/assets.csv}", "--budget-per-year", "2000000", "--years", "3"] },
        { ["voltage", "stats", "--readings", "{voltage/readings.csv}", "--by", "area"] },
        { ["voltage", "powerflow", "{network}"] },
        { ["forecast", "peaks", "--data", "{load}", "--years", "5", "--network", "{network}"] },
        { ["forecast", "backtest", "--data", "{load}", "--method", "lumen,snaive", "--origins", "sub4"] },
        { ["complaints", "summary", "--network", "{network}", "--outages", "{history/outages.csv}", "--complaints", "{history/complaints.csv}"] },
        { ["plan", "diagnose", "{network}", "--load", "{load}", "--history", "{history}"] },
        { ["plan", "invest", "{network}", "--load", "{load}", "--history", "{history}", "--register", "{assets/assets.csv}", "--budget-per-year", "2000000", "--years", "2"] },
        { ["repair", "stats", "--network", "{network}", "--orders", "{repair/work_orders.csv}", "--crews", "{repair/crews.csv}", "--outages", "{history/outages.csv}", "--complaints", "{history/complaints.csv}"] },
        { ["repair", "placement", "--network", "{network}", "--orders", "{repair/work_orders.csv}", "--crews", "{repair/crews.csv}", "--count", "1"] },
        { ["assets", "backtest", "--counties", "2000:3"] },
        { ["demo", "run", "--scale", "small", "--seed", "5", "--out", "{demo-run}"] },
    };

    /// <summary>The verbs that read an OpenDSS feeder with load shapes, which the demo does not have.</summary>
    public static TheoryData<string[]> FeederDayVerbs() => new()
    {
        { ["voltage", "day", "{european-lv}", "--load-scale", "3"] },
        { ["voltage", "rebalance", "{european-lv}", "--load-scale", "3"] },
    };

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Verb_RedirectedOutput_NoTableRowWrapped(string[] template)
    {
        (int code, string output) = await RunAsync(Expand(template));

        Assert.True(code == 0, output);
        Assert.Contains('┌', output);
        AssertNoWrappedTableRow(output);
        Assert.DoesNotMatch(@"(?m):[ \t]*\r?$", output); // no dangling "label:" without its list
    }

    [SharedDataTheory(EuropeanLv)]
    [MemberData(nameof(FeederDayVerbs))]
    public Task FeederDayVerb_RedirectedOutput_NoTableRowWrapped(string[] template) => Verb_RedirectedOutput_NoTableRowWrapped(template);

    /// <summary>The verbs that report in sentences, not tables: each sentence, long store path included, on one line.</summary>
    [Fact]
    public async Task StoreAndForecastVerbs_RedirectedOutput_OneLinePerSentence()
    {
        string data = _demo.File("store");
        string forecast = _demo.File("forecast.csv");
        (string[] Args, string Pattern)[] runs =
        [
            (["import", "network", _demo.NetworkPath, "--data", data], @"^Imported as version 1 \(network\): .* store .*lumen\.duckdb\r?$"),
            (["import", "outages", "--data", data, "--history", _demo.File("history")], @"^Imported as batch 1 \(outages: .*\): .* rows, .* store .*lumen\.duckdb\r?$"),
            (["network", "current", "1", "--data", data], @"^Version 1 is already current; nothing changed\.\r?$"),
            (["forecast", "run", "--data", _demo.File("load"), "--out", forecast], @"^\d+ series forecast 7 day\(s\) ahead -> .*forecast\.csv\r?$"),
        ];
        foreach ((string[] args, string pattern) in runs)
        {
            (int code, string output) = await RunAsync(args);
            Assert.True(code == 0, output);
            Assert.Matches(new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.Multiline), output);
        }
    }

    [Fact]
    public async Task InvalidNetwork_RedirectedOutput_OneErrorPerLine()
    {
        string bad = _demo.File("invalid-network");
        Directory.CreateDirectory(bad);
        foreach (string file in Directory.GetFiles(_demo.NetworkPath))
        {
            System.IO.File.Copy(file, Path.Combine(bad, Path.GetFileName(file)), overwrite: true);
        }

        // Two bad rows: an unknown bus and a length that is not a number.
        string branches = Path.Combine(bad, "branches.csv");
        string[] lines = System.IO.File.ReadAllLines(branches);
        const string Unknown = "NO-SUCH-BUS-WITH-A-NAME-LONG-ENOUGH-THAT-AN-80-COLUMN-CONSOLE-WOULD-WRAP-ITS-ERROR-MESSAGE";
        lines[3] = ReplaceField(lines[0], lines[3], "to_bus", Unknown);
        lines[5] = ReplaceField(lines[0], lines[5], "length_km", "twelve");
        System.IO.File.WriteAllLines(branches, lines);

        (int code, string output) = await RunAsync(["topology", "summary", bad]);

        Assert.Equal(1, code);
        string[] errors = output.Split('\n').Where(l => l.Contains("error:", StringComparison.Ordinal)).ToArray();
        Assert.True(errors.Length >= 2, output);
        Assert.All(errors, e => Assert.StartsWith("branches.csv:", e, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("branches.csv:4: error: to_bus:", StringComparison.Ordinal) && e.Contains(Unknown, StringComparison.Ordinal));
    }

    /// <summary>
    /// Spectre wraps a row that does not fit onto further lines whose other cells are blank, and a header onto a second
    /// header line: each table must have one header line and no row line with a blank first cell.
    /// </summary>
    private static void AssertNoWrappedTableRow(string output)
    {
        string[] lines = output.Split('\n');
        int headerLines = -1;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r').TrimStart();
            if (line.StartsWith('┌'))
            {
                headerLines = 0;
            }
            else if (line.StartsWith('├'))
            {
                Assert.True(headerLines == 1, $"a table header spans {headerLines} lines at line {i + 1}:\n{output}");
                headerLines = -1;
            }
            else if (line.StartsWith('│'))
            {
                string[] cells = line.Split('│');
                if (headerLines >= 0)
                {
                    headerLines++;
                }
                else
                {
                    Assert.False(string.IsNullOrWhiteSpace(cells[1]), $"wrapped table row at line {i + 1}: {line}\n{output}");
                }
            }
        }
    }

    private string[] Expand(string[] template)
    {
        return template.Select(a => a switch
        {
            "{network}" => _demo.NetworkPath,
            "{european-lv}" => SharedData.PathOf(EuropeanLv),
            "{first-feeder}" => FirstRowField("branches.csv", "feeder"),
            "{first-load-bus}" => FirstRowField("load_points.csv", "bus_id"),
            ['{', .. string relative, '}'] => _demo.File(relative),
            _ => a,
        }).ToArray();
    }

    private string FirstRowField(string file, string field)
    {
        string[] lines = System.IO.File.ReadAllLines(Path.Combine(_demo.NetworkPath, file));
        return lines[1].Split(',')[Array.IndexOf(lines[0].Split(','), field)];
    }

    private static string ReplaceField(string header, string row, string field, string value)
    {
        string[] names = header.Split(',');
        string[] cells = row.Split(',');
        cells[Array.IndexOf(names, field)] = value;
        return string.Join(',', cells);
    }

    private static async Task<(int Code, string Output)> RunAsync(IEnumerable<string> args)
    {
        (int code, string output, string errors) = await LumenProcess.RunAsync(args);
        return (code, output + errors);
    }
}
