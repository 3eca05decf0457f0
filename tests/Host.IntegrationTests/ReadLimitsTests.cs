using System.Net;
using Lumen.Host.Api;
using Lumen.Host.Options;
using Lumen.Host.Services;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// The expensive-read limit bounds the computing of answers, never the reading of remembered ones: many concurrent
/// requests for an answer that is remembered, or being computed once, all get 200 even with one permit.
/// </summary>
public sealed class ReadLimitsTests
{
    private const int Concurrent = 80; // more than one permit and the 32 places of the queue

    [Fact]
    public async Task ManyConcurrentReads_OfRememberedAnswers_AllGet200_WithOnePermit()
    {
        await using LumenApp app = await LumenApp.StartAsync(new Dictionary<string, string?> { ["Lumen:Server:ExpensiveReadConcurrency"] = "1" });
        HistoryCatalog history = app.Get<HistoryCatalog>();
        for (int i = 0; i < 600 && history.Current?.History is null; i++)
        {
            await Task.Delay(100);
        }

        Assert.NotNull(history.Current?.History);

        // A cold answer: computed once while every request waits for it; then the remembered one.
        const string cold = "/api/outages?by=feeder,cause&worst=5&exclude_med=true";
        await AllOkAsync(app.Client, cold);
        await AllOkAsync(app.Client, cold);

        // The published voltage statistics and the current network version are read from memory.
        for (int i = 0; i < 600 && (await app.Client.GetAsync("/api/voltage/stats")).StatusCode == HttpStatusCode.ServiceUnavailable; i++)
        {
            await Task.Delay(100);
        }

        await AllOkAsync(app.Client, "/api/voltage/stats");
        await AllOkAsync(app.Client, $"/api/networks/{app.Get<NetworkCatalog>().Current!.Info.Version}");
    }

    [Fact]
    public async Task Computations_BeyondThePermitsAndTheQueue_AreRefused()
    {
        // The limit itself: one permit held, the queue filled, the next computation is refused (the API's 503).
        using var reads = new ExpensiveReads(Microsoft.Extensions.Options.Options.Create(new ServerOptions { ExpensiveReadConcurrency = 1 }));
        using var release = new ManualResetEventSlim();
        Task<int> held = reads.RunAsync(() => release.Wait(TimeSpan.FromMinutes(1)) ? 1 : 0, CancellationToken.None);
        Task<int>[] queued = [.. Enumerable.Range(0, ReadLimits.QueueLimit).Select(i => reads.RunAsync(() => i, CancellationToken.None))];
        await Assert.ThrowsAsync<TimeoutException>(() => reads.RunAsync(() => -1, CancellationToken.None));
        release.Set();
        Assert.Equal(1, await held);
        Assert.Equal(Enumerable.Range(0, ReadLimits.QueueLimit), await Task.WhenAll(queued));
    }

    [Fact]
    public async Task ExportsAndRebuiltVersions_TakeTheOneLimiter_TracesInMemoryDoNot()
    {
        // One permit, and a network cache that keeps only the current version: an earlier one is rebuilt from the store.
        await using LumenApp app = await LumenApp.StartAsync(new Dictionary<string, string?>
        {
            ["Lumen:Server:ExpensiveReadConcurrency"] = "1",
            ["Lumen:Server:NetworkCacheBytes"] = "1",
        });
        NetworkCatalog catalog = app.Get<NetworkCatalog>();
        int first = catalog.Current!.Info.Version;
        string firstNode = catalog.Current.Network.NodeIds[^1];
        string folder = Path.Combine(app.DataDirectory, "second-network");
        LumenCsvWriter.Write(DemoGrid.Generate(300, 9).Build().Network!, folder);
        await Http.JsonAsync(await app.Client.PostAsync("/api/networks", Http.Files([.. Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))])), HttpStatusCode.Created);
        for (int i = 0; i < 600 && (catalog.Current!.Info.Version == first || catalog.Cached(first) is not null); i++)
        {
            await Task.Delay(100);
        }

        NetworkSnapshot current = catalog.Current!;
        Assert.Null(catalog.Cached(first));
        string currentTrace = $"/api/networks/{current.Info.Version}/trace/{current.Network.NodeIds[^1]}";
        string earlierTrace = $"/api/networks/{first}/trace/{firstNode}";

        // The permit held and every place of the queue taken: a trace of the current version (in memory) is answered,
        // an export and a rebuild of the earlier version are refused with 503 and Retry-After.
        ExpensiveReads reads = app.Get<ExpensiveReads>();
        using var release = new ManualResetEventSlim();
        Task<bool>[] held = [.. Enumerable.Range(0, 1 + ReadLimits.QueueLimit).Select(_ => reads.RunAsync(() => release.Wait(TimeSpan.FromMinutes(1)), CancellationToken.None))];
        try
        {
            await AllOkAsync(app.Client, currentTrace);
            foreach (string route in (string[])["/api/export/buses.csv", earlierTrace])
            {
                HttpResponseMessage busy = await app.Client.GetAsync(route);
                Assert.Equal((HttpStatusCode.ServiceUnavailable, true), (busy.StatusCode, busy.Headers.RetryAfter is not null));
            }
        }
        finally
        {
            release.Set();
            Assert.All(await Task.WhenAll(held), Assert.True);
        }

        // Free again: both computed (the export under the same limiter that once made it wait, not a second one).
        HttpResponseMessage export = await app.Client.GetAsync("/api/export/buses.csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.StartsWith("id,", await export.Content.ReadAsStringAsync());
        HttpResponseMessage earlier = await app.Client.GetAsync(earlierTrace);
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
    }

    private static async Task AllOkAsync(HttpClient client, string route)
    {
        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => client.GetAsync(route)));
        HttpStatusCode[] codes = [.. responses.Select(r => r.StatusCode)];
        Assert.True(codes.All(c => c == HttpStatusCode.OK), $"{route}: {string.Join(", ", codes.GroupBy(c => c).Select(g => $"{(int)g.Key} × {g.Count()}"))}");
    }
}
