using System.Net;
using Lumen.Host.Api;
using Lumen.Host.Options;
using Lumen.Host.Services;
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

    private static async Task AllOkAsync(HttpClient client, string route)
    {
        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => client.GetAsync(route)));
        HttpStatusCode[] codes = [.. responses.Select(r => r.StatusCode)];
        Assert.True(codes.All(c => c == HttpStatusCode.OK), $"{route}: {string.Join(", ", codes.GroupBy(c => c).Select(g => $"{(int)g.Key} × {g.Count()}"))}");
    }
}
