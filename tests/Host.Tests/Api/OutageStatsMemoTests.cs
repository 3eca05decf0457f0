using Lumen.Host.Api;
using Lumen.Host.Services;
using Lumen.Reliability.History;
using Lumen.Topology.Requests;
using Xunit;

namespace Lumen.Host.Tests.Api;

/// <summary>The memo of <c>GET /api/outages</c>: one computation per request and results instance, problems never remembered.</summary>
public sealed class OutageStatsMemoTests
{
    private static HistoryResults Results(int version) => new(version, null, null, false, null, null, null, null, null, null);

    private static QueryResult<OutageStatisticsReport> Answer(int calls) => QueryResult<OutageStatisticsReport>.Answer(new OutageStatisticsReport(
        new ReportPeriod(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(1), 8760), null, null, false,
        new OutageIndexParameters("+08:00", 3, 8, 12, 5, "sample"), new ReliabilityIndices { SustainedEvents = calls }, new(), new(),
        new MajorEventDayResult(double.NaN, 0, 0, 0, default, default, "in_period", []), new Dictionary<string, IReadOnlyList<SplitIndices>>(), null, 0));

    [Fact]
    public void GetOrCompute_SameRequest_ComputesOnce_NewResults_Recompute()
    {
        var memo = new OutageStatsMemo();
        HistoryResults first = Results(1);
        int calls = 0;
        QueryResult<OutageStatisticsReport> Compute() => Answer(++calls);

        var q = new OutageStatisticsRequest { From = "2024-01-01", By = ["feeder"] };
        OutageStatisticsReport? a = memo.GetOrCompute(first, q, Compute).Value;
        OutageStatisticsReport? b = memo.GetOrCompute(first, q with { By = ["feeder"] }, Compute).Value;
        Assert.Same(a, b);
        Assert.Equal(1, calls);

        Assert.NotSame(a, memo.GetOrCompute(first, q with { By = ["month"] }, Compute).Value);
        Assert.Equal(2, calls);

        // Recomputed history (a new results instance, even with equal values): nothing is served from before.
        OutageStatisticsReport? c = memo.GetOrCompute(Results(1), q, Compute).Value;
        Assert.Equal(3, calls);
        Assert.Equal(3, c!.Indices.SustainedEvents);
    }

    [Fact]
    public void GetOrCompute_Problem_IsNotRemembered()
    {
        var memo = new OutageStatsMemo();
        HistoryResults owner = Results(1);
        int calls = 0;
        QueryResult<OutageStatisticsReport> Bad() => QueryResult<OutageStatisticsReport>.Invalid("from", "bad" + (calls++ == 0 ? string.Empty : "!"));
        Assert.Equal("bad", memo.GetOrCompute(owner, new(), Bad).Problems[0].Message);
        Assert.Equal("bad!", memo.GetOrCompute(owner, new(), Bad).Problems[0].Message);
    }
}
