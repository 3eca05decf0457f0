using Lumen.Reliability.History.Demo;
using Lumen.Reliability.History;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Xunit;

namespace Lumen.Reliability.Tests.History;

/// <summary>The entry point of outage statistics: what a user may ask, and the problems it reports instead of throwing.</summary>
public sealed class OutageStatisticsTests
{
    private static readonly Lazy<OutageHistory> s_history = new(() =>
    {
        Network network = DemoGrid.Generate(1_000, 3).Build().Network!;
        DemoHistory demo = DemoHistoryGenerator.Generate(network, 3, new DateOnly(2023, 1, 1), 2);
        return OutageHistory.Build(network, demo.Events, demo.Steps, demo.Momentary).History!;
    });

    private static QueryResult<OutageStatisticsReport> Run(OutageStatisticsRequest request) => OutageStatistics.Run(s_history.Value, request);

    private static FieldProblem Single(OutageStatisticsRequest request)
    {
        QueryResult<OutageStatisticsReport> result = Run(request);
        Assert.Null(result.Value);
        return Assert.Single(result.Problems);
    }

    [Fact]
    public void Run_Defaults_WholeHistorySplitsInOrderWorstFirst()
    {
        OutageStatisticsReport report = Run(new() { By = ["month", "feeder"] }).Value!;

        Assert.Equal(["feeder", "month"], report.Splits.Keys);
        IReadOnlyList<SplitIndices> feeders = report.Splits["feeder"];
        Assert.True(feeders.Zip(feeders.Skip(1)).All(p => p.First.Indices.Saidi >= p.Second.Indices.Saidi), "feeders worst SAIDI first");
        IReadOnlyList<SplitIndices> months = report.Splits["month"];
        Assert.Equal(months.Select(m => m.Key).Order(StringComparer.Ordinal), months.Select(m => m.Key));
        Assert.Equal(report.AllDays, report.Indices);
        Assert.Equal("+08:00", report.Parameters.Zone);
        Assert.Equal(report.Period.Hours, report.Indices.PeriodHours, 9);
    }

    [Fact]
    public void Run_ExcludeMed_IndicesAreTheExcludingOnes()
    {
        OutageStatisticsReport report = Run(new() { ExcludeMed = true }).Value!;
        Assert.Equal(report.ExcludingMajorEventDays, report.Indices);
        Assert.True(report.ExcludeMed);
    }

    [Theory]
    [InlineData("0001-01-01", "from")]
    [InlineData("9999-12-31", "from")]
    [InlineData("1899-12-31", "from")]
    [InlineData("2024-13-01", "from")]
    [InlineData("yesterday", "from")]
    public void Run_BadFrom_OneProblemNoException(string from, string field)
    {
        FieldProblem p = Single(new() { From = from });
        Assert.Equal(field, p.Field);
        Assert.False(p.NotFound);
    }

    [Fact]
    public void Run_BadFields_EachNamed()
    {
        Assert.Equal("to", Single(new() { From = "2024-01-01", To = "2023-01-01" }).Field);
        Assert.Equal("zone", Single(new() { Zone = "Asia/Shanghai" }).Field);
        Assert.Equal("by", Single(new() { By = ["weather"] }).Field);
        Assert.Equal("worst", Single(new() { Worst = -1 }).Field);
        Assert.Equal("cemi_n", Single(new() { CemiN = 1_001 }).Field);
        Assert.Equal("celid_s_hours", Single(new() { CelidSHours = double.NaN }).Field);
        Assert.Equal("celid_t_hours", Single(new() { CelidTHours = 1e308 }).Field);
        Assert.Equal("sustained_minutes", Single(new() { SustainedMinutes = -5 }).Field);
        Assert.Equal("by", Single(new() { Feeder = s_history.Value.Topology.Trace.FeederNames[0], By = ["month"] }).Field);

        FieldProblem feeder = Single(new() { Feeder = "NO-SUCH-FEEDER" });
        Assert.Equal("feeder", feeder.Field);
        Assert.True(feeder.NotFound);
        FieldProblem cause = Single(new() { Cause = "meteor" });
        Assert.True(cause.NotFound);
    }

    [Fact]
    public void Run_HugeBadValue_QuotedShort()
    {
        string huge = new('x', 1_000_000);
        FieldProblem p = Single(new() { From = huge });
        Assert.True(p.Message.Length < 200, p.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Single(new() { Cause = huge }).Message.Length < 400);
    }

    [Fact]
    public void Run_FeederAndCause_FeederCustomersCauseEvents()
    {
        OutageHistory history = s_history.Value;
        OutageStatisticsReport byFeeder = Run(new() { By = ["feeder"] }).Value!;
        SplitIndices worst = byFeeder.Splits["feeder"][0];
        OutageStatisticsReport feeder = Run(new() { Feeder = worst.Key }).Value!;
        Assert.Equal(worst.Indices, feeder.Indices);

        double sum = history.Causes.Sum(c => Run(new() { Feeder = worst.Key, Cause = c }).Value!.Indices.Saidi);
        Assert.Equal(worst.Indices.Saidi, sum, 9);
    }
}
