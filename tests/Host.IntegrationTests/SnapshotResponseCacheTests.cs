using System.Net;
using System.Text.Json;
using Lumen.Host.Services;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>Read endpoints served from bytes cached per snapshot: the same answer as computed, and never stale after an import.</summary>
public sealed class SnapshotResponseCacheTests
{
    [Fact]
    public async Task CachedReads_SameAsComputed_ThenFollowANewVersion()
    {
        await using LumenApp app = await LumenApp.StartAsync();
        string feeder = (await Http.JsonAsync(await app.Client.GetAsync("/api/reliability/feeders?top=1"))).GetProperty("items")[0].GetProperty("id").GetString()!;
        string[] urls = ["/api/reliability", "/api/reliability/feeders?top=5", "/api/reliability/load-points?top=5", "/api/networks/current", $"/api/feeders/{feeder}/diagram"];
        var first = new Dictionary<string, string>();
        foreach (string url in urls)
        {
            HttpResponseMessage miss = await app.Client.GetAsync(url);
            HttpResponseMessage hit = await app.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
            Assert.Equal("application/json", hit.Content.Headers.ContentType?.MediaType);
            first[url] = await miss.Content.ReadAsStringAsync();
            Assert.Equal(first[url], await hit.Content.ReadAsStringAsync());
        }

        // Different queries are different answers.
        Assert.NotEqual(first["/api/reliability/feeders?top=5"], await app.Client.GetStringAsync("/api/reliability/feeders?top=6"));

        string folder = Path.Combine(app.DataDirectory, "v2");
        LumenCsvWriter.Write(DemoGrid.Generate(400, 7).Build().Network!, folder);
        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        await Http.JsonAsync(await app.Client.PostAsync("/api/networks", Http.Files(files, "v2")), HttpStatusCode.Created);
        NetworkCatalog catalog = app.Get<NetworkCatalog>();
        for (int i = 0; i < 600 && catalog.Current!.Info.Version != 2; i++)
        {
            await Task.Delay(100);
        }

        JsonElement system = await Http.JsonAsync(await app.Client.GetAsync("/api/reliability"));
        Assert.Equal(2, system.GetProperty("version").GetInt32());
        Assert.Equal(catalog.Current!.Reliability.System.Saidi, system.GetProperty("system").GetProperty("saidi").GetDouble());
        JsonElement current = await Http.JsonAsync(await app.Client.GetAsync("/api/networks/current"));
        Assert.Equal(2, current.GetProperty("network").GetProperty("version").GetInt32());
    }
}
