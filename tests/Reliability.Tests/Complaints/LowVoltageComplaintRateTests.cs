using Lumen.Reliability.Complaints;
using Xunit;

namespace Lumen.Reliability.Tests.Complaints;

public sealed class LowVoltageComplaintRateTests
{
    private static readonly DateTimeOffset s_start = new(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));

    private static ComplaintLink Link(int day, string? kind, string? episode) =>
        new(new Complaint($"C{day}", s_start.AddDays(day), "LP1", kind ?? "billing"), kind, episode, -1, episode is null ? LinkMatch.None : LinkMatch.Area,
            episode is null ? UnlinkedReason.NoEpisodeInWindow : UnlinkedReason.None);

    [Fact]
    public void Fit_IsLowVoltageComplaintsPerLowVoltageCustomerYear_OverTheLogsSpan()
    {
        // Two years of log (day 0 to day 730.5), three complaints linked to low voltage, one outage, one unlinked low-voltage one.
        var links = new ComplaintLinkResult([
            Link(0, ComplaintLinkOptions.LowVoltageKind, "lv-1"), Link(100, ComplaintLinkOptions.LowVoltageKind, "lv-1"), Link(200, ComplaintLinkOptions.LowVoltageKind, "lv-2"),
            Link(300, ComplaintLinkOptions.OutageKind, "e-1"), Link(400, ComplaintLinkOptions.LowVoltageKind, null),
            new(new Complaint("C-end", s_start.AddDays(730.5), "LP1", "billing"), null, null, -1, LinkMatch.None, UnlinkedReason.CategoryNotSupplyRelated),
        ]);
        Assert.Equal(3.0 / (50 * 2.0), LowVoltageComplaintRate.Fit(links, 50)!.Value, 12);
    }

    [Fact]
    public void Fit_WithoutLowVoltageCustomersOrAMonthOfLog_IsNull()
    {
        var month = new ComplaintLinkResult([Link(0, ComplaintLinkOptions.LowVoltageKind, "lv-1"), Link(29, ComplaintLinkOptions.LowVoltageKind, "lv-1")]);
        Assert.Null(LowVoltageComplaintRate.Fit(month, 10));
        var year = new ComplaintLinkResult([Link(0, ComplaintLinkOptions.LowVoltageKind, "lv-1"), Link(365, ComplaintLinkOptions.LowVoltageKind, "lv-1")]);
        Assert.Null(LowVoltageComplaintRate.Fit(year, 0));
        Assert.Equal(2.0 / 10 / (365 / 365.25), LowVoltageComplaintRate.Fit(year, 10)!.Value, 12);
    }
}
