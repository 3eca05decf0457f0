using Lumen.Reliability.Aging;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

public sealed class AssetUnitCostsReaderTests
{
    private static readonly AssetCostOptions s_base = AssetCostOptions.Default with { Currency = "EUR", CostPerComplaint = 123 };

    private static AssetUnitCostsResult ReadText(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"unit-costs-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        try
        {
            return AssetUnitCostsReader.Read(path, s_base, AssetOutageOptions.Default);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_Overrides_OnlyTheGivenCells_KeepsEverythingElse()
    {
        AssetUnitCostsResult r = ReadText(
            "class,replacement_cost,repair_cost_per_failure,outage_hours\n" +
            "distribution_transformer,180000,,10\n" +
            "fuse,,800,1.5\n" +
            "cable,2000000,,\n");
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        AssetCostOptions costs = r.Costs!;
        AssetOutageOptions outage = r.Outage!;
        Assert.Equal(180_000, costs.ReplacementCost[AssetClass.DistributionTransformer]);
        Assert.Equal(s_base.RepairCostPerFailure[AssetClass.DistributionTransformer], costs.RepairCostPerFailure[AssetClass.DistributionTransformer]);
        Assert.Equal(10, outage.RepairHours[AssetClass.DistributionTransformer]);
        Assert.Equal(s_base.ReplacementCost[AssetClass.Fuse], costs.ReplacementCost[AssetClass.Fuse]);
        Assert.Equal(800, costs.RepairCostPerFailure[AssetClass.Fuse]);
        Assert.Equal(1.5, outage.RepairHours[AssetClass.Fuse]);
        Assert.Equal(2_000_000, costs.ReplacementCost[AssetClass.Cable]);
        Assert.Equal(AssetOutageOptions.Default.RepairHours[AssetClass.Cable], outage.RepairHours[AssetClass.Cable]);

        // Classes and amounts the file does not name are the ones given.
        Assert.Equal(s_base.ReplacementCost[AssetClass.Pole], costs.ReplacementCost[AssetClass.Pole]);
        Assert.Equal(AssetOutageOptions.Default.RepairHours[AssetClass.Breaker], outage.RepairHours[AssetClass.Breaker]);
        Assert.Equal("EUR", costs.Currency);
        Assert.Equal(123, costs.CostPerComplaint);
    }

    [Theory]
    [InlineData("warp_core,1,,", 2, "class", "unknown asset class")]
    [InlineData("fuse,abc,,", 2, "replacement_cost", "not a number")]
    [InlineData("fuse,0,,", 2, "replacement_cost", "above 0")]
    [InlineData("fuse,,-5,", 2, "repair_cost_per_failure", "outside")]
    [InlineData("fuse,,,9000", 2, "outage_hours", "outside")]
    [InlineData("fuse,,,NaN", 2, "outage_hours", "not a number")]
    [InlineData(",1,,", 2, "class", "required")]
    [InlineData("fuse,1,,\nfuse,2,,", 3, "class", "already appears on line 3")]
    public void Read_BadRow_RefusesTheWholeFile_NamingLineAndColumn(string rows, int line, string field, string message)
    {
        AssetUnitCostsResult r = ReadText("class,replacement_cost,repair_cost_per_failure,outage_hours\nbreaker,300000,,\n" + rows + "\n");
        Assert.Null(r.Costs);
        Assert.Null(r.Outage);
        Diagnostic d = Assert.Single(r.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(line + 1, d.Location.Line);
        Assert.Equal(field, d.Field);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingClassColumn_OrMissingFile_IsAnError()
    {
        Assert.Contains(ReadText("replacement_cost\n1\n").Diagnostics, d => d.Field == "class" && d.Location.Line == 1);
        AssetUnitCostsResult missing = AssetUnitCostsReader.Read(Path.Combine(Path.GetTempPath(), "no-such-unit-costs.csv"), s_base, AssetOutageOptions.Default);
        Assert.Null(missing.Costs);
        Assert.Contains("no-such-unit-costs.csv", Assert.Single(missing.Diagnostics).ToString(), StringComparison.Ordinal);
    }
}
