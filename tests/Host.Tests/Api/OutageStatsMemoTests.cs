using Lumen.Host.Api;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Reliability.History;
using Lumen.Topology.Requests;
using Xunit;

namespace Lumen.Host.Tests.Api;

/// <summary>The memo of <c>GET /api/outages</c>: one computation per request and results instance, problems never remembered.</summary>
public sealed class OutageStatsMemoTests : IDisposable
{
    private readonly ExpensiveReads _reads = new(Microsoft.Extensions.Options.Options.Create(new ServerOptions { ExpensiveReadConcurrency = 1 }));

    public void Dispose() => _reads.Dispose();

    private static HistoryResults Results(int version) => new(version, null, null, false, null, null, null, null, null, null);

    private static QueryResult<OutageStatisticsReport> Answer(int calls) => QueryResult<OutageStatisticsReport>.Answer(new OutageStatisticsReport(
        new ReportPeriod(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(1), 8760), null, null, false,
        new OutageIndexParameters("+08:00", 3, 8, 12, 5, "sample"), new HistoricalIndices { SustainedEvents = calls }, new(), new(),
        new MajorEventDayResult(double.NaN, 0, 0, 0, default, default, "in_period", []), new Dictionary<string, IReadOnlyList<SplitIndices>>(), null, 0));

    [Fact]
    public async Task GetOrCompute_SameRequest_ComputesOnce_NewResults_Recompute()
    {
        var memo = new OutageStatsMemo(_reads);
        HistoryResults first = Results(1);
        int calls = 0;
        QueryResult<OutageStatisticsReport> Compute() => Answer(++calls);

        var q = new OutageStatisticsRequest { From = "2024-01-01", By = ["feeder"] };
        OutageStatisticsReport? a = (await memo.GetOrComputeAsync(first, q, Compute, default)).Value;
        OutageStatisticsReport? b = (await memo.GetOrComputeAsync(first, q with { By = ["feeder"] }, Compute, default)).Value;
        Assert.Same(a, b);
        Assert.Equal(1, calls);

        Assert.NotSame(a, (await memo.GetOrComputeAsync(first, q with { By = ["month"] }, Compute, default)).Value);
        Assert.Equal(2, calls);

        // Recomputed history (a new results instance, even with equal values): nothing is served from before.
        OutageStatisticsReport? c = (await memo.GetOrComputeAsync(Results(1), q, Compute, default)).Value;
        Assert.Equal(3, calls);
        Assert.Equal(3, c!.Indices.SustainedEvents);
    }

    [Fact]
    public async Task GetOrCompute_Problem_IsNotRemembered()
    {
        var memo = new OutageStatsMemo(_reads);
        HistoryResults owner = Results(1);
        int calls = 0;
        QueryResult<OutageStatisticsReport> Bad() => QueryResult<OutageStatisticsReport>.Invalid("from", "bad" + (calls++ == 0 ? string.Empty : "!"));
        Assert.Equal("bad", (await memo.GetOrComputeAsync(owner, new(), Bad, default)).Problems[0].Message);
        Assert.Equal("bad!", (await memo.GetOrComputeAsync(owner, new(), Bad, default)).Problems[0].Message);
    }

    [Fact]
    public async Task GetOrCompute_ConcurrentAskers_WaitForOneComputation()
    {
        // Forty requests for an answer being computed: one computation, one permit, every request answered with it.
        var memo = new OutageStatsMemo(_reads);
        HistoryResults owner = Results(1);
        using var release = new ManualResetEventSlim();
        int calls = 0;
        QueryResult<OutageStatisticsReport> Slow()
        {
            Interlocked.Increment(ref calls);
            release.Wait(TimeSpan.FromMinutes(1));
            return Answer(calls);
        }

        Task<QueryResult<OutageStatisticsReport>>[] asks = [.. Enumerable.Range(0, 40).Select(_ => memo.GetOrComputeAsync(owner, new(), Slow, default))];
        release.Set();
        QueryResult<OutageStatisticsReport>[] answers = await Task.WhenAll(asks);
        Assert.Equal(1, calls);
        Assert.All(answers, a => Assert.Same(answers[0].Value, a.Value));
    }
}
