using System.Text.Json;
using Lumen.Host.Cli;
using Lumen.Reliability.Aging.Demo;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History.Demo;
using Lumen.Reliability.History;
using Lumen.Reliability.Voltage.Demo;
using Lumen.TestSupport;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

public sealed class AssetsCommandsTests : IClassFixture<AssetsCommandsTests.DemoFolder>
{
    private const string Sample = "data/assets/cnaim-sample.csv";
    private readonly DemoFolder _demo;

    public AssetsCommandsTests(DemoFolder demo) => _demo = demo;

    public sealed class DemoFolder : IDisposable
    {
        public DemoFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lumen-assets-{Guid.NewGuid():N}");
            Network network = DemoGrid.Generate(1_000, 9).Build().Network!;
            LumenCsvWriter.Write(network, Path);
            DemoAssetGenerator.Write(network, 9, Path);
            DemoHistoryGenerator.Write(network, 9, HistoryPath, new DateOnly(2022, 1, 1), 2);
        }

        public string Path { get; }

        /// <summary>Two years of outage history and 95598 complaints on the same network.</summary>
        public string HistoryPath => System.IO.Path.Combine(Path, "history");

        public string Outages => System.IO.Path.Combine(HistoryPath, "outages.csv");

        public string Complaints => System.IO.Path.Combine(HistoryPath, "complaints.csv");

        public string Register => System.IO.Path.Combine(Path, DemoAssetGenerator.RegisterFileName);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    [Fact]
    public void Health_DemoRegister_TableAndJson()
    {
        (int code, string output) = Run("assets", "health", "--register", _demo.Register);
        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("Asset health", output, StringComparison.Ordinal);
        (code, output) = Run("assets", "health", "--register", _demo.Register, "--method", "weibull", "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("assets").GetArrayLength() > 100);
        Assert.Equal("weibull", doc.RootElement.GetProperty("assets")[0].GetProperty("method").GetString());
    }

    [SharedDataFact(Sample)]
    public void Health_PackageLayoutRPackageMode_WritesCsvWithOutputColumns()
    {
        (int code, string output) = Run("assets", "health", "--register", SharedData.PathOf(Sample), "--mode", "r-package", "--format", "csv");
        Assert.Equal(ExitCodes.Ok, code);
        string header = output.Split('\n')[0];
        foreach (string column in (string[])["chs", "pof", "pof_future_y10", "cof_total"])
        {
            Assert.Contains(column, header.Split(','));
        }

        Assert.Equal(34, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Health_PackageLayoutRPackageMode_RefusedRowsKeepTheirRowAndStrictFails()
    {
        string path = System.IO.Path.Combine(_demo.Path, "package-rows.csv");
        File.WriteAllText(path, "asset_class,in_asset_category,in_age,in_sub_division,in_no_customers,in_access_type,in_type_financial_factor_criteria\n" +
            "P,6.6/11kV Poles,30,Other (e.g. fibreglass),800,Type A,Pole (supporting conductor only)\n" +
            "Q,6.6/11kV Poles,30,Wood,800,Type A,Pole (supporting conductor only)\nS,HV Sub Cable,30,,800,,\n");
        (int code, string output) = Run("assets", "health", "--register", path, "--mode", "r-package", "--format", "csv");
        Assert.True(code == ExitCodes.Ok, output);
        using CsvHelper.CsvReader parser = CsvHelper.CsvReader.Create(new StringReader(output), new CsvHelper.CsvReaderOptions { Separator = ',', HasHeader = false, MalformedData = CsvHelper.CsvMalformedDataHandling.Throw }, leaveOpen: false);
        parser.Read();
        string[] header = parser.Current.ToArray();
        var rows = new List<string[]>();
        while (parser.Read())
        {
            rows.Add(parser.Current.ToArray());
        }

        Assert.Equal(3, rows.Count);
        int error = Array.IndexOf(header, "error");
        int pof = Array.IndexOf(header, "pof");
        int cof = Array.IndexOf(header, "cof_total");
        Assert.Contains("Overhead Line", rows[0][error], StringComparison.Ordinal);
        Assert.Equal(string.Empty, rows[0][pof]);
        Assert.NotEqual(string.Empty, rows[0][cof]);
        Assert.Equal(string.Empty, rows[1][error]);
        Assert.Contains("duty_factor_table1", rows[2][error], StringComparison.Ordinal);
        Assert.Equal("375942", rows[2][cof]);

        (code, output) = Run("assets", "health", "--register", path, "--mode", "r-package", "--format", "csv", "--strict");
        Assert.Equal(ExitCodes.InvalidInput, code);
        (code, output) = Run("assets", "health", "--register", path, "--format", "csv");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("package-rows.csv:4: error: in_asset_category", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_Json_HasNoNaNOrInfinity()
    {
        // Assets without condition data have no health score: null, not "NaN".
        (int code, string output) = Run("assets", "rank", "--network", _demo.Path, "--register", _demo.Register, "--format", "json");
        Assert.True(code == ExitCodes.Ok, output);
        Assert.DoesNotContain("NaN", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", output, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Contains(doc.RootElement.GetProperty("items").EnumerateArray(), a => a.GetProperty("health").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public void Rank_Demo_JsonHasReasonsAndRanksInOrder()
    {
        (int code, string output) = Run("assets", "rank", "--network", _demo.Path, "--register", _demo.Register, "--by", "risk", "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement assets = doc.RootElement.GetProperty("items");
        Assert.Equal(1, assets[0].GetProperty("rank").GetInt32());
        Assert.True(assets[0].GetProperty("risk_per_year").GetDouble() >= assets[1].GetProperty("risk_per_year").GetDouble());
        Assert.Contains(assets[0].GetProperty("reasons").EnumerateArray(), r => r.GetProperty("text").GetString()!.Contains("customers", StringComparison.Ordinal));
        Assert.Equal("CNY", doc.RootElement.GetProperty("currency").GetString());
        Assert.Equal("risk", doc.RootElement.GetProperty("sort").GetString());

        // The default order is risk removed per yuan; assets whose replacement removes nothing come last, marked.
        (code, output) = Run("assets", "rank", "--network", _demo.Path, "--register", _demo.Register, "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument byValue = JsonDocument.Parse(output);
        Assert.Equal("risk_per_cost", byValue.RootElement.GetProperty("sort").GetString());
        JsonElement[] rows = byValue.RootElement.GetProperty("items").EnumerateArray().ToArray();
        for (int r = 1; r < rows.Length; r++)
        {
            Assert.True(rows[r - 1].GetProperty("risk_removed_per_cost").GetDouble() >= rows[r].GetProperty("risk_removed_per_cost").GetDouble());
        }

        int firstNothing = Array.FindIndex(rows, r => r.GetProperty("removes_nothing").GetBoolean());
        Assert.True(firstNothing > 0, "the demo has assets whose replacement removes nothing");
        Assert.All(rows[firstNothing..], r => Assert.True(r.GetProperty("removes_nothing").GetBoolean()));
        Assert.Equal(rows.Length - firstNothing, byValue.RootElement.GetProperty("removes_nothing").GetInt32());
    }

    [Fact]
    public void Rank_OutageHistoryAndComplaints_UsesTheFittedComplaintModel()
    {
        (int code, string output) = Run("assets", "rank", "--network", _demo.Path, "--register", _demo.Register, "--outages", _demo.Outages, "--complaints", _demo.Complaints, "--format", "json");
        Assert.True(code == ExitCodes.Ok, output);
        using JsonDocument doc = JsonDocument.Parse(output);

        // The same fit done here through the library: outage history + complaints → linked → rates → logistic model.
        NetworkImportResult imported = NetworkImporter.Import(_demo.Path);
        Network network = imported.Network!;
        OutageHistory history = OutageHistoryImporter.Import(network, new OutageFiles(_demo.Outages)).History!;
        ComplaintImportResult complaints = ComplaintImporter.Import(network, _demo.Complaints);
        ComplaintRateModel model = ComplaintRates.Compute(history, ComplaintLinker.Link(history, complaints.Complaints)).Logistic!;
        JsonElement used = doc.RootElement.GetProperty("complaint_model");
        Assert.Equal("fitted", used.GetProperty("source").GetString());
        Assert.Equal(model.Intercept, used.GetProperty("intercept").GetDouble(), 12);
        Assert.Equal(model.PerHour, used.GetProperty("per_hour").GetDouble(), 12);

        // Expected complaints per failure are the network consequence under that model, not under the default curve.
        AssetRegister register = AssetRegisterReader.Read(_demo.Register).Register!;
        var options = new AssetRiskOptions { Year = doc.RootElement.GetProperty("year").GetInt32(), Study = imported.Case };
        AssetRiskResult fitted = AssetRiskAnalysis.Evaluate(register, network, options with { Complaints = new FittedComplaintRateModel(model) }).Result!;
        AssetRiskResult fallback = AssetRiskAnalysis.Evaluate(register, network, options).Result!;
        var index = register.Ids.ToArray().Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        int differing = 0;
        foreach (JsonElement asset in doc.RootElement.GetProperty("items").EnumerateArray().Take(50))
        {
            int i = index[asset.GetProperty("asset_id").GetString()!];
            double written = asset.GetProperty("complaints_per_failure").GetDouble();
            Assert.Equal(fitted.ComplaintsPerFailure[i], written, 9);
            differing += Math.Abs(fallback.ComplaintsPerFailure[i] - written) > 1e-9 * (1 + written) ? 1 : 0;
        }

        Assert.True(differing > 0, "the fitted model gives the same complaints per failure as the default curve");

        // The default curve is used, and said to be, without the history files.
        (code, output) = Run("assets", "rank", "--network", _demo.Path, "--register", _demo.Register, "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument plain = JsonDocument.Parse(output);
        Assert.Equal("default", plain.RootElement.GetProperty("complaint_model").GetProperty("source").GetString());
    }

    [Fact]
    public void Plan_OutageHistoryAndComplaints_UsesTheFittedComplaintModel()
    {
        (int code, string output) = Run("assets", "plan", "--network", _demo.Path, "--register", _demo.Register, "--outages", _demo.Outages, "--complaints", _demo.Complaints, "--budget-per-year", "1000000", "--years", "2", "--format", "json");
        Assert.True(code == ExitCodes.Ok, output);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal("fitted", doc.RootElement.GetProperty("complaint_model").GetProperty("source").GetString());
        (code, output) = Run("assets", "plan", "--network", _demo.Path, "--register", _demo.Register, "--outages", _demo.Outages, "--complaints", _demo.Complaints, "--budget-per-year", "1000000", "--years", "2");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("fitted logistic model", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_OutageHistoryWithoutComplaintLog_ExitCodeOneNamingTheMissingFile()
    {
        (int code, string output) = Run("assets", "rank", "--network", _demo.Path, "--register", _demo.Register, "--outages", _demo.Outages);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--complaints", output, StringComparison.Ordinal);
        Assert.Contains("complaint_id", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_BadComplaintLogRow_ExitCodeOneWithFileLineField()
    {
        string path = System.IO.Path.Combine(_demo.Path, "bad-complaints.csv");
        File.WriteAllText(path, "complaint_id,time,location_id,category\nC1,not-a-time,X,outage\n");
        (int code, string output) = Run("assets", "rank", "--network", _demo.Path, "--register", _demo.Register, "--outages", _demo.Outages, "--complaints", path);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad-complaints.csv:2", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_UnitCostsAndCostOptions_AreTheLibrarysConsequencesWithThoseCosts()
    {
        string path = System.IO.Path.Combine(_demo.Path, "unit-costs.csv");
        File.WriteAllText(path, "class,replacement_cost,repair_cost_per_failure,outage_hours\nfuse,9000,,0.5\ndistribution_transformer,300000,60000,\n");
        (int code, string output) = Run("assets", "rank", "--network", _demo.Path, "--register", _demo.Register, "--unit-costs", path,
            "--ens-cost", "35", "--complaint-cost", "500", "--customer-hour-cost", "3", "--currency", "EUR", "--format", "json");
        Assert.True(code == ExitCodes.Ok, output);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal("EUR", doc.RootElement.GetProperty("currency").GetString());

        NetworkImportResult imported = NetworkImporter.Import(_demo.Path);
        AssetRegister register = AssetRegisterReader.Read(_demo.Register).Register!;
        var options = new AssetRiskOptions { Year = doc.RootElement.GetProperty("year").GetInt32(), Study = imported.Case };
        AssetUnitCostsResult costs = AssetUnitCostsReader.Read(path,
            AssetCostOptions.Default with { Currency = "EUR", EnergyNotSuppliedCostPerKwh = 35, CostPerComplaint = 500, CostPerCustomerHour = 3 }, AssetOutageOptions.Default);
        AssetRiskResult expected = AssetRiskAnalysis.Evaluate(register, imported.Network!, options with { Costs = costs.Costs!, Outage = costs.Outage! }).Result!;
        AssetRiskResult defaults = AssetRiskAnalysis.Evaluate(register, imported.Network!, options).Result!;
        var index = register.Ids.ToArray().Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        int fuses = 0;
        foreach (JsonElement row in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            int i = index[row.GetProperty("asset_id").GetString()!];
            Assert.Equal(expected.CustomerHoursPerFailure[i], row.GetProperty("customer_hours_per_failure").GetDouble(), 9);
            Assert.Equal(expected.ConsequencePerFailure[i], row.GetProperty("consequence_per_failure").GetDouble(), 6);
            Assert.Equal(expected.ReplacementCost[i], row.GetProperty("replacement_cost").GetDouble(), 6);
            if (register.Classes[i] == AssetClass.Fuse && defaults.CustomerHoursPerFailure[i] > 0)
            {
                // A fuse repaired in 0.5 h instead of 2 h costs its customers fewer hours.
                Assert.True(expected.CustomerHoursPerFailure[i] < defaults.CustomerHoursPerFailure[i], register.Ids[i]);
                Assert.Equal(9000, expected.ReplacementCost[i]);
                fuses++;
            }
        }

        Assert.True(fuses > 0, "the ranking shows no fuse with customers behind it");
    }

    [Fact]
    public void Rank_BadUnitCostsRow_ExitCodeOneWithFileLineField()
    {
        string path = System.IO.Path.Combine(_demo.Path, "bad-unit-costs.csv");
        File.WriteAllText(path, "class,replacement_cost,outage_hours\nfuse,1000,\nbreaker,,-2\n");
        (int code, string output) = Run("assets", "rank", "--network", _demo.Path, "--register", _demo.Register, "--unit-costs", path);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad-unit-costs.csv:3: error: outage_hours", output, StringComparison.Ordinal);
        (code, output) = Run("assets", "plan", "--network", _demo.Path, "--register", _demo.Register, "--budget-per-year", "1000000", "--complaint-cost", "-1");
        Assert.NotEqual(ExitCodes.Ok, code);
        Assert.Contains("--complaint-cost", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_Table_ShowsReasons()
    {
        (int code, string output) = Run("assets", "rank", "--network", _demo.Path, "--register", _demo.Register, "--top", "5");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("alternate_supply:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Demo_JsonHasFiveYearsAndGap()
    {
        (int code, string output) = Run("assets", "plan", "--network", _demo.Path, "--register", _demo.Register, "--budget-per-year", "1000000", "--years", "5", "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal(5, doc.RootElement.GetProperty("years").GetArrayLength());
        double gap = doc.RootElement.GetProperty("optimality_gap").GetDouble();
        Assert.InRange(gap, 0, 1);
    }

    [Fact]
    public void Health_BadRegister_ExitCodeOneWithFileLineField()
    {
        string path = System.IO.Path.Combine(_demo.Path, "bad.csv");
        File.WriteAllText(path, "asset_id,class,install_year\nA,warp_core,1990\n");
        (int code, string output) = Run("assets", "health", "--register", path);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad.csv:2", output, StringComparison.Ordinal);
        Assert.Contains("class", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MissingBudget_IsUsageError()
    {
        (int code, _) = Run("assets", "plan", "--network", _demo.Path, "--register", _demo.Register);
        Assert.NotEqual(ExitCodes.Ok, code);
    }
}
