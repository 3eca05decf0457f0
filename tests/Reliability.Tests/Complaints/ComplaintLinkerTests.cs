using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Reliability.Tests.History;
using Xunit;
using static Lumen.Reliability.Tests.History.HandNetwork;

namespace Lumen.Reliability.Tests.Complaints;

public sealed class ComplaintLinkerTests
{
    // F2 (LP2) out 10:00–12:00 on 10 Jan; CB4 (LP4, feeder F2) out 10:00–11:00 on 10 Jan; F1 (LP1) out on 12 Jan.
    private static OutageHistory Outages() => Make(
    [
        Event("OUT-LP2", "F2", At(1, 10, 10), 2),
        Event("OUT-F2", "CB4", At(1, 10, 10), 1),
        Event("OUT-LP1", "F1", At(1, 12, 10), 1),
    ]);

    private static readonly Episode[] s_lowVoltage =
    [
        new("LV-LP3", ComplaintLinkOptions.LowVoltageKind, "LP3", At(1, 10, 18), At(1, 10, 21)),
        new("LV-T2", ComplaintLinkOptions.LowVoltageKind, "T2", At(1, 15, 18), At(1, 15, 21)),
        new("LV-??", ComplaintLinkOptions.LowVoltageKind, "NOWHERE", At(1, 15, 18), At(1, 15, 21)),
    ];

    private static ComplaintLinkResult Link(params Complaint[] complaints) =>
        ComplaintLinker.Link(Outages(), s_lowVoltage, complaints, null, out _);

    [Fact]
    public void Link_OutageComplaintOnTheArea_LinksToTheOutageThere()
    {
        ComplaintLink link = Assert.Single(Link(new Complaint("C1", At(1, 10, 11), "LP2", "slow_repair")).Links);
        Assert.Equal(("OUT-LP2", LinkMatch.Area), (link.EpisodeId, link.Match));
    }

    [Fact]
    public void Link_LowVoltageComplaint_LinksToTheLowVoltageEpisodeNotTheOutage()
    {
        ComplaintLinkResult result = Link(
            new Complaint("C1", At(1, 10, 19), "LP3", "low_voltage"),
            new Complaint("C2", At(1, 15, 20), "LP2", "低电压"));
        Assert.Equal(["LV-LP3", "LV-T2"], result.Links.Select(l => l.EpisodeId));
        Assert.All(result.Links, l => Assert.Equal(-1, l.EventIndex));
    }

    [Fact]
    public void Link_FeederComplaint_LinksByFeeder()
    {
        ComplaintLink link = Assert.Single(Link(new Complaint("C1", At(1, 10, 10, 30), "F2", "outage")).Links);
        Assert.Equal(("OUT-F2", LinkMatch.Feeder), (link.EpisodeId, link.Match));
    }

    [Fact]
    public void Link_AreaMatchBeatsFeederMatch_AndWindowLimits()
    {
        // LP3 sits on feeder F1 next to the LP2 and LP1 outages, but neither covers it: feeder match to the latest started.
        ComplaintLinkResult result = Link(
            new Complaint("C1", At(1, 12, 10, 30), "LP3", "outage"),
            new Complaint("C2", At(1, 20, 10), "LP1", "outage"),       // 8 days after: outside the 48 h window
            new Complaint("C3", At(1, 12, 9, 45), "LP1", "outage"));    // 15 min before the start: inside the 30 min window
        Assert.Equal(("OUT-LP1", LinkMatch.Feeder), (result.Links[0].EpisodeId, result.Links[0].Match));
        Assert.Equal(UnlinkedReason.NoEpisodeInWindow, result.Links[1].Reason);
        Assert.Equal(("OUT-LP1", LinkMatch.Area), (result.Links[2].EpisodeId, result.Links[2].Match));
    }

    [Fact]
    public void Link_BillingComplaint_NotSupplyRelated()
    {
        ComplaintLink link = Assert.Single(Link(new Complaint("C1", At(1, 10, 11), "LP2", "billing")).Links);
        Assert.Equal(UnlinkedReason.CategoryNotSupplyRelated, link.Reason);
    }

    [Fact]
    public void Link_EpisodeWithUnknownArea_IsReported()
    {
        ComplaintLinker.Link(Outages(), s_lowVoltage, [], null, out IReadOnlyList<string> unknown);
        Assert.Equal(["LV-??"], unknown);
    }

    [Fact]
    public void Rates_PerThousandCustomerInterruptions_ByDurationAndRepeat()
    {
        // LP2 (20 customers, 2 h): 2 complaints → 1–4 h band 2 / 20 · 1000 = 100; LP4 (100, 1 h) 1 complaint and LP1 (10, 1 h) 0 →
        // 1–4 h total 3 / 130 · 1000. All are first interruptions.
        OutageHistory h = Outages();
        ComplaintLinkResult links = ComplaintLinker.Link(h, [
            new Complaint("C1", At(1, 10, 11), "LP2", "outage"),
            new Complaint("C2", At(1, 10, 12), "LP2", "slow_repair"),
            new Complaint("C3", At(1, 10, 10, 20), "LP4", "outage"),
            new Complaint("C4", At(1, 10, 11), "LP4", "billing"),
        ]);
        ComplaintRateReport report = ComplaintRates.Compute(h, links);
        RateBand band = Assert.Single(report.ByDuration, b => b.Band == "1-4h");
        Assert.Equal(130, band.CustomerInterruptions, 1e-9);
        Assert.Equal(3000.0 / 130, band.PerThousand, 1e-9);
        Assert.Equal(130, report.ByRepeat[0].CustomerInterruptions, 1e-9);
        Assert.Equal(1, report.Unlinked["category_not_supply_related"]);
        Assert.Equal(3, report.LinkedToOutages);
    }
}

public sealed class ComplaintRateModelTests
{
    [Fact]
    public void Fit_Poisson_RecoversKnownCoefficientsFromExpectedCounts()
    {
        // Noise-free data: complaints = customers · exp(−6 + 0.3 d + 0.5 (k − 1)); IRLS must return the generating coefficients.
        var truth = new ComplaintRateModel(ComplaintModelKind.Poisson, -6, 0.3, 0.5);
        var cells = new List<ComplaintCell>();
        foreach (double d in new[] { 0.5, 1, 2, 4, 8, 16 })
        {
            for (int k = 1; k <= 4; k++)
            {
                cells.Add(new ComplaintCell(10_000, d, k, truth.ExpectedComplaints(10_000, d, k)));
            }
        }

        ComplaintRateModel fit = ComplaintRateModel.Fit(cells, ComplaintModelKind.Poisson)!;
        Assert.Equal(-6, fit.Intercept, 1e-6);
        Assert.Equal(0.3, fit.PerHour, 1e-6);
        Assert.Equal(0.5, fit.PerRepeat, 1e-6);
        Assert.All(fit.StandardErrors, se => Assert.True(se > 0 && se < 0.1));
    }

    [Fact]
    public void Fit_Logistic_RecoversKnownCoefficients()
    {
        var truth = new ComplaintRateModel(ComplaintModelKind.Logistic, -4, 0.25, 0.4);
        var cells = new List<ComplaintCell>();
        foreach (double d in new[] { 0.5, 1, 3, 6, 12 })
        {
            for (int k = 1; k <= 3; k++)
            {
                cells.Add(new ComplaintCell(5_000, d, k, truth.ExpectedComplaints(5_000, d, k)));
            }
        }

        ComplaintRateModel fit = ComplaintRateModel.Fit(cells, ComplaintModelKind.Logistic)!;
        Assert.Equal(-4, fit.Intercept, 1e-6);
        Assert.Equal(0.25, fit.PerHour, 1e-6);
        Assert.Equal(0.4, fit.PerRepeat, 1e-6);
    }

    [Fact]
    public void Fit_NoComplaints_Null()
    {
        Assert.Null(ComplaintRateModel.Fit([new ComplaintCell(100, 1, 1, 0)], ComplaintModelKind.Poisson));
    }

    [Fact]
    public void ComplaintsAvoided_ShorterOutageMeansFewerComplaints()
    {
        // Poisson: 1000 · (exp(−6 + 0.3·4) − exp(−6 + 0.3·1)).
        var model = new ComplaintRateModel(ComplaintModelKind.Poisson, -6, 0.3, 0);
        Assert.Equal(1000 * (Math.Exp(-6 + 1.2) - Math.Exp(-6 + 0.3)), model.ComplaintsAvoided(1000, 4, 3, 1), 1e-9);
        Assert.Equal(0.3 * Math.Exp(-6 + 1.2), model.ComplaintsPerCustomerHourAvoided(4, 1), 1e-12);
    }
}
