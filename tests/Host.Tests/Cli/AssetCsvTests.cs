using Lumen.Host.Cli.Commands;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

public sealed class AssetCsvTests
{
    private sealed record Row(int PlanYear, string AssetId, string? Feeder, double Cost, double? BenefitCostRatio, bool RemovesNothing, string Reason);

    [Fact]
    public void WriteCsv_ColumnsAreThePropertiesInSnakeCase_CellsInvariantAndRoundTrip()
    {
        var console = new TestConsole();
        AssetLoading.WriteCsv(console, [new Row(1, "T1", null, 0.1 + 0.2, null, true, "a, b"), new Row(2, " T2", "F1", 1e-7, 2.5, false, "end_of_life")]);
        Assert.Equal(
            "plan_year,asset_id,feeder,cost,benefit_cost_ratio,removes_nothing,reason\n" +
            "1,T1,,0.30000000000000004,,True,\"a, b\"\n" +
            "2,\" T2\",F1,1E-07,2.5,False,end_of_life\n",
            console.Output.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
