using Lumen.Host.Api;
using Lumen.Host.Services;
using Xunit;

namespace Lumen.Host.Tests.Api;

/// <summary>The memo of <c>GET /api/outages</c>: one computation per query and results instance, failures never remembered.</summary>
public sealed class OutageStatsMemoTests
{
    private static HistoryResults Results(int version) => new(version, null, null, false, null, null, null, null, null, null);

    private static OutageStatsDocument Document(int version) => new(
        version, 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(1), null, null, false,
        new HistoryIndicesDocument(1, 2, 2, 99.9, 0, 100, 3, 8760), 0, [], null);

    [Fact]
    public void GetOrCompute_SameQuery_ComputesOnce_NewResults_Recompute()
    {
        var memo = new OutageStatsMemo();
        HistoryResults first = Results(1);
        int calls = 0;
        (OutageStatsDocument?, string?) Compute()
        {
            calls++;
            return (Document(calls), null);
        }

        OutageStatsDocument? a = memo.GetOrCompute(first, "q", Compute).Document;
        OutageStatsDocument? b = memo.GetOrCompute(first, "q", Compute).Document;
        Assert.Same(a, b);
        Assert.Equal(1, calls);

        Assert.NotSame(a, memo.GetOrCompute(first, "other", Compute).Document);
        Assert.Equal(2, calls);

        // Recomputed history (a new results instance, even with equal values): nothing is served from before.
        OutageStatsDocument? c = memo.GetOrCompute(Results(1), "q", Compute).Document;
        Assert.Equal(3, calls);
        Assert.Equal(3, c!.Version);
    }

    [Fact]
    public void GetOrCompute_Error_IsNotRemembered()
    {
        var memo = new OutageStatsMemo();
        HistoryResults owner = Results(1);
        int calls = 0;
        Assert.Equal("bad", memo.GetOrCompute(owner, "q", () => (null, "bad" + (calls++ == 0 ? string.Empty : "!"))).Error);
        Assert.Equal("bad!", memo.GetOrCompute(owner, "q", () => (null, "bad" + (calls++ == 0 ? string.Empty : "!"))).Error);
    }
}
