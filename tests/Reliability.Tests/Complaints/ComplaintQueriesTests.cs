using Lumen.Reliability.Complaints;
using Lumen.Reliability.History.Demo;
using Lumen.Reliability.History;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Xunit;

namespace Lumen.Reliability.Tests.Complaints;

/// <summary>The complaint entry points: the rates document with its preferred model, and the summary's counts.</summary>
public sealed class ComplaintQueriesTests
{
    private static readonly Lazy<(OutageHistory History, DemoHistory Demo, ComplaintLinkResult Links)> s_demo = new(() =>
    {
        Network network = DemoGrid.Generate(1_000, 4).Build().Network!;
        DemoHistory demo = DemoHistoryGenerator.Generate(network, 4, new DateOnly(2023, 1, 1), 2);
        OutageHistory history = OutageHistory.Build(network, demo.Events, demo.Steps, demo.Momentary).History!;
        return (history, demo, ComplaintLinker.Link(history, demo.Complaints));
    });

    [Fact]
    public void Rates_PreferredModelIsLogistic_CurveAndExpectedFollowIt()
    {
        ComplaintRateReport rates = ComplaintRates.Compute(s_demo.Value.History, s_demo.Value.Links);
        ComplaintRatesDocument doc = ComplaintRatesQuery.Run(rates, new(Customers: 800, DurationHours: 5, Repeat: 3)).Value!;

        Assert.NotNull(rates.Logistic);
        Assert.Same(rates.Logistic, doc.Model);
        Assert.Equal(rates.Logistic!.ExpectedComplaints(800, 5, 3), doc.Expected!.Complaints, 12);
        Assert.Equal(1000 * rates.Logistic.ComplaintsPerCustomer(48, 3), doc.Curve[^1].ComplaintsPerThousand, 12);
        Assert.Same(rates.Poisson, (rates with { Logistic = null }).Model);
    }

    [Theory]
    [InlineData(0.0, 2.0, 1, "customers")]
    [InlineData(double.NaN, 2.0, 1, "customers")]
    [InlineData(1e308, 2.0, 1, "customers")]
    [InlineData(10.0, -1.0, 1, "duration_hours")]
    [InlineData(10.0, 1e308, 1, "duration_hours")]
    [InlineData(10.0, 2.0, 0, "repeat")]
    [InlineData(10.0, 2.0, 7, "repeat")]
    public void Rates_OutOfRange_Problem(double customers, double hours, int repeat, string field)
    {
        ComplaintRateReport rates = ComplaintRates.Compute(s_demo.Value.History, s_demo.Value.Links);
        QueryResult<ComplaintRatesDocument> result = ComplaintRatesQuery.Run(rates, new(customers, hours, repeat));
        Assert.Null(result.Value);
        Assert.Equal(field, Assert.Single(result.Problems).Field);
    }

    [Fact]
    public void Rates_OnlyOneOfCustomersAndDuration_Problem()
    {
        ComplaintRateReport rates = ComplaintRates.Compute(s_demo.Value.History, s_demo.Value.Links);
        Assert.Equal("duration_hours", Assert.Single(ComplaintRatesQuery.Run(rates, new(Customers: 10)).Problems).Field);
    }

    [Fact]
    public void Summary_EveryComplaintCountedOnceInEachBreakdown_MonthsInTheZone()
    {
        (OutageHistory history, DemoHistory demo, ComplaintLinkResult links) = s_demo.Value;
        ComplaintSummary s = ComplaintSummaries.Summarise(history, links, TimeSpan.FromHours(8));

        int n = demo.Complaints.Count;
        Assert.Equal(n, s.Complaints);
        Assert.Equal(n, s.LinkedToOutages + s.LinkedToLowVoltage + s.LinkedToOtherEpisodes + s.Unlinked);
        Assert.Equal(n, s.ByMonth.Sum(m => m.Outage + m.LowVoltage + m.Unlinked));
        Assert.Equal(n, s.ByCategory.Sum(c => c.Count));
        Assert.Equal(n, s.ByFeeder.Sum(c => c.Count));
        Assert.Equal(s.Unlinked, s.UnlinkedByReason.Values.Sum());
        Assert.Equal(demo.Complaints.Select(c => c.Time.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order(StringComparer.Ordinal), s.ByMonth.Select(m => m.Month));
    }

    [Fact]
    public void StandingLowVoltageEpisodes_SpanTheComplaints_LinkLowVoltageComplaints()
    {
        (OutageHistory history, DemoHistory demo, _) = s_demo.Value;
        Complaint lowVoltage = demo.Complaints.First(c => c.Category.Contains("voltage", StringComparison.Ordinal) && history.Network.TryGetLoadPoint(c.LocationId, out _));
        IReadOnlyList<Episode> episodes = ComplaintSummaries.StandingLowVoltageEpisodes([lowVoltage.LocationId], demo.Complaints);

        Episode e = Assert.Single(episodes);
        Assert.Equal(demo.Complaints.Min(c => c.Time), e.Start);
        Assert.Equal(demo.Complaints.Max(c => c.Time), e.End);
        ComplaintLinkResult links = ComplaintLinker.Link(history, episodes, demo.Complaints, null, out _);
        Assert.Equal(e.Id, links.Links.Single(l => l.Complaint.ComplaintId == lowVoltage.ComplaintId).EpisodeId);
    }
}
