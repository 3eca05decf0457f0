using System.Net;
using System.Text.Json;
using Lumen.Host.Services;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// Read endpoints of the history slice on the seeded demo (five years of outages and complaints imported through the
/// slice's own import), checked against the library run directly on the demo's files.
/// </summary>
public sealed class HistoryApiTests(LumenAppFixture fixture) : IClassFixture<LumenAppFixture>
{
    private HttpClient Client => fixture.App.Client;

    private string HistoryFolder => Path.Combine(fixture.App.DataDirectory, "demo", "history");

    /// <summary>The demo's files imported by the library on the published network: the oracle, independent of the store.</summary>
    private OutageHistory Oracle()
    {
        var files = new OutageFiles(Path.Combine(HistoryFolder, "outages.csv"))
        {
            Steps = Path.Combine(HistoryFolder, "restoration_steps.csv"),
            Momentary = Path.Combine(HistoryFolder, "momentary.csv"),
        };
        HistoryImportResult imported = OutageHistoryImporter.Import(fixture.App.Get<NetworkCatalog>().Current!.Network, files);
        return imported.History ?? throw new InvalidOperationException(string.Join("; ", imported.Diagnostics));
    }

    private static readonly DateTimeOffset s_from = new(2023, 1, 1, 0, 0, 0, HistoryTime.ChinaOffset);
    private static readonly DateTimeOffset s_to = new(2025, 1, 1, 0, 0, 0, HistoryTime.ChinaOffset);

    private async Task<JsonElement> StatsAsync(string query) =>
        await Http.JsonAsync(await Client.GetAsync("/api/outages?from=2023-01-01&to=2025-01-01" + query));

    private static HistoryQuery Year(int year) =>
        new(new DateTimeOffset(year, 1, 1, 0, 0, 0, HistoryTime.ChinaOffset), new DateTimeOffset(year + 1, 1, 1, 0, 0, 0, HistoryTime.ChinaOffset));

    private async Task<JsonElement> WholeAsync(string query) =>
        await Http.JsonAsync(await Client.GetAsync("/api/outages?" + query.TrimStart('&')));

    [Fact]
    public async Task Stats_FeederAndCauseFilters_MatchTheLibrarySplits()
    {
        OutageHistory history = Oracle();

        // The small demo has no major event day in any year, so exclude_med is checked for binding and equality only.
        const int year = 2024;
        foreach (bool excludeMed in new[] { false, true })
        {
            HistoryReport report = HistoryStatistics.Compute(history, Year(year) with { ExcludeMajorEventDays = excludeMed, Splits = HistorySplits.Feeder | HistorySplits.Cause });
            string med = $"from={year}-01-01&to={year + 1}-01-01&exclude_med={(excludeMed ? "true" : "false")}";
            JsonElement system = await WholeAsync(med);
            Assert.Equal(excludeMed, system.GetProperty("exclude_med").GetBoolean());
            Assert.Equal(report.System.Saidi, system.GetProperty("indices").GetProperty("saidi").GetDouble(), 9);
            Assert.Equal(report.System.Saifi, system.GetProperty("indices").GetProperty("saifi").GetDouble(), 9);
            Assert.Equal(report.MajorEventDays.Days.Count, system.GetProperty("major_event_days").GetProperty("days").GetArrayLength());

            SplitIndices feeder = report.Splits["feeder"].OrderByDescending(r => r.Indices.Saidi).First();
            JsonElement byFeeder = await WholeAsync($"{med}&feeder={feeder.Key}");
            Assert.Equal(feeder.Indices.Saidi, byFeeder.GetProperty("indices").GetProperty("saidi").GetDouble(), 9);
            Assert.Equal(feeder.Indices.CustomersServed, byFeeder.GetProperty("indices").GetProperty("customers_served").GetInt64());

            foreach (SplitIndices cause in report.Splits["cause"])
            {
                JsonElement byCause = await WholeAsync($"{med}&cause={cause.Key}");
                Assert.Equal(cause.Indices.Saidi, byCause.GetProperty("indices").GetProperty("saidi").GetDouble(), 9);
                Assert.Equal(cause.Indices.SustainedEvents, byCause.GetProperty("indices").GetProperty("sustained_events").GetInt32());
            }
        }
    }

    [Fact]
    public async Task Stats_FeederAndCause_CustomerHoursAddUpOverCauses()
    {
        // Customer-hours are additive over causes: the feeder's SAIDI is the sum of its per-cause SAIDIs (same denominator).
        OutageHistory history = Oracle();
        HistoryReport report = HistoryStatistics.Compute(history, new HistoryQuery(s_from, s_to) { Splits = HistorySplits.Feeder });
        SplitIndices feeder = report.Splits["feeder"].OrderByDescending(r => r.Indices.SustainedEvents).First();
        Assert.True(feeder.Indices.SustainedEvents > 1, "the demo feeder has events");
        double sum = 0;
        foreach (string cause in history.Causes)
        {
            sum += (await StatsAsync($"&feeder={feeder.Key}&cause={cause}")).GetProperty("indices").GetProperty("saidi").GetDouble();
        }

        Assert.Equal(feeder.Indices.Saidi, sum, 9);
    }

    [Fact]
    public async Task Stats_Split_AndBadParameters()
    {
        JsonElement months = await StatsAsync("&by=month&cause=equipment");
        Assert.Equal(24, months.GetProperty("splits").GetProperty("month").GetArrayLength());
        double total = months.GetProperty("splits").GetProperty("month").EnumerateArray().Sum(m => m.GetProperty("indices").GetProperty("saidi").GetDouble());
        Assert.Equal(months.GetProperty("indices").GetProperty("saidi").GetDouble(), total, 6);

        await Http.ProblemAsync(await Client.GetAsync("/api/outages?from=2023-13-01"), HttpStatusCode.BadRequest, "from");
        await Http.ProblemAsync(await Client.GetAsync("/api/outages?from=2024-01-01&to=2023-01-01"), HttpStatusCode.BadRequest, "to");
        await Http.ProblemAsync(await Client.GetAsync("/api/outages?feeder=NOPE"), HttpStatusCode.NotFound, "feeder");
        await Http.ProblemAsync(await Client.GetAsync("/api/outages?cause=meteor"), HttpStatusCode.NotFound, "cause");
        await Http.ProblemAsync(await Client.GetAsync("/api/outages?by=weather"), HttpStatusCode.BadRequest, "by");
    }

    [Fact]
    public async Task ComplaintSummary_CountsAddUpAndOutageLinksMatchTheLinker()
    {
        OutageHistory history = Oracle();
        ComplaintImportResult complaints = ComplaintImporter.Import(history.Network, Path.Combine(HistoryFolder, "complaints.csv"));
        ComplaintLinkResult links = ComplaintLinker.Link(history, complaints.Complaints);

        JsonElement s = await Http.JsonAsync(await Client.GetAsync("/api/complaints/summary"));
        Assert.Equal(complaints.Complaints.Count, s.GetProperty("complaints").GetInt32());
        Assert.Equal(links.Links.Count(l => l.Kind == ComplaintLinkOptions.OutageKind && l.EpisodeId is not null), s.GetProperty("linked_to_outages").GetInt32());
        int months = s.GetProperty("by_month").EnumerateArray().Sum(m => m.GetProperty("outage").GetInt32() + m.GetProperty("low_voltage").GetInt32() + m.GetProperty("unlinked").GetInt32());
        Assert.Equal(complaints.Complaints.Count, months);
        Assert.Equal(complaints.Complaints.Count, s.GetProperty("by_category").EnumerateArray().Sum(c => c.GetProperty("count").GetInt32()));
        Assert.Equal(complaints.Complaints.Count, s.GetProperty("by_feeder").EnumerateArray().Sum(c => c.GetProperty("count").GetInt32()));
        Assert.Equal(complaints.Complaints.Count(c => c.Category == "billing"), s.GetProperty("by_category").EnumerateArray().Single(c => c.GetProperty("key").GetString() == "billing").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task ComplaintRates_ModelIsTheLibraryFit_AndExpectedComplaintsFollowIt()
    {
        OutageHistory history = Oracle();
        ComplaintImportResult complaints = ComplaintImporter.Import(history.Network, Path.Combine(HistoryFolder, "complaints.csv"));
        ComplaintRateReport rates = ComplaintRates.Compute(history, ComplaintLinker.Link(history, complaints.Complaints));
        ComplaintRateModel expected = rates.Logistic ?? rates.Poisson!;

        JsonElement doc = await Http.JsonAsync(await Client.GetAsync("/api/complaints/rates?customers=500&duration_hours=6&repeat=2"));
        JsonElement model = doc.GetProperty("model");
        Assert.Equal(expected.Intercept, model.GetProperty("intercept").GetDouble(), 9);
        Assert.Equal(expected.PerHour, model.GetProperty("per_hour").GetDouble(), 9);
        Assert.Equal(expected.ExpectedComplaints(500, 6, 2), doc.GetProperty("expected").GetProperty("complaints").GetDouble(), 9);
        Assert.Equal(expected.PerRepeat, fixture.App.Get<ComplaintModelProvider>().Current!.PerRepeat, 9);

        // Longer outages draw more complaints (the demo's true model rises with duration).
        double[] curve = doc.GetProperty("curve").EnumerateArray().Select(p => p.GetProperty("complaints_per_thousand").GetDouble()).ToArray();
        Assert.Equal(curve.Order(), curve);

        await Http.ProblemAsync(await Client.GetAsync("/api/complaints/rates?customers=500"), HttpStatusCode.BadRequest, "duration_hours");
        await Http.ProblemAsync(await Client.GetAsync("/api/complaints/rates?customers=-1&duration_hours=2"), HttpStatusCode.BadRequest, "customers");
        await Http.ProblemAsync(await Client.GetAsync("/api/complaints/rates?repeat=9"), HttpStatusCode.BadRequest, "repeat");
    }

    [Fact]
    public async Task Export_HistoryTables_HaveEveryStoredRow()
    {
        OutageHistory history = Oracle();
        foreach ((string table, int rows) in new[] { ("outage_events", history.EventCount), ("outage_restoration_steps", history.Steps.Count), ("outage_momentary", history.Momentary.Count) })
        {
            string csv = await Client.GetStringAsync($"/api/export/{table}.csv");
            Assert.Equal(rows + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }

        string complaints = await Client.GetStringAsync("/api/export/complaints.csv");
        int lines = File.ReadAllLines(Path.Combine(HistoryFolder, "complaints.csv")).Length;
        Assert.Equal(lines, complaints.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("batch,line,complaint_id,time_utc", complaints, StringComparison.Ordinal);
        string batches = await Client.GetStringAsync("/api/export/history_batches.csv");
        Assert.Equal(3, batches.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
