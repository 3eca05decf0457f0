namespace Lumen.Reliability.Complaints;

/// <summary>
/// Low-voltage complaints (供电质量 complaints) per low-voltage customer and year: what turns a change of low-voltage
/// customers into expected complaints, as the complaint-rate model does for interruptions (docs/investment.md §7).
/// </summary>
public static class LowVoltageComplaintRate
{
    /// <summary>
    /// The documented default until one is fitted: 0.02 complaints per low-voltage customer and year, the outage model's
    /// ceiling (a customer living below the limit all year complains as often as after a day-long outage). Lumen's
    /// planning assumption; no published figure.
    /// </summary>
    public const double Default = 0.02;

    /// <summary>
    /// Fits the rate: complaints linked to a low-voltage episode ÷ (low-voltage customers × the years the complaint log
    /// spans). Null when there are no low-voltage customers or the log spans less than 30 days.
    /// </summary>
    /// <param name="links">The complaints as linked (low-voltage episodes among the episodes).</param>
    /// <param name="lowVoltageCustomers">Customers of the areas below the limit over the period (e.g. at peak by the power flow).</param>
    /// <exception cref="ArgumentNullException"><paramref name="links"/> is null.</exception>
    public static double? Fit(ComplaintLinkResult links, int lowVoltageCustomers)
    {
        ArgumentNullException.ThrowIfNull(links);
        if (lowVoltageCustomers <= 0 || links.Links.Count == 0)
        {
            return null;
        }

        DateTimeOffset from = DateTimeOffset.MaxValue;
        DateTimeOffset to = DateTimeOffset.MinValue;
        int lowVoltage = 0;
        foreach (ComplaintLink link in links.Links)
        {
            from = link.Complaint.Time < from ? link.Complaint.Time : from;
            to = link.Complaint.Time > to ? link.Complaint.Time : to;
            lowVoltage += link.Kind == ComplaintLinkOptions.LowVoltageKind && link.EpisodeId is not null ? 1 : 0;
        }

        double years = (to - from).TotalDays / 365.25;
        return years * 365.25 < 30 ? null : lowVoltage / (lowVoltageCustomers * years);
    }
}
