using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using System.Text;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// The service in a browser's world: security headers on every response, no cross-site writes (key or no key), no
/// foreign Host headers (DNS rebinding), optional key for reads declared in the OpenAPI document, 405 for wrong methods.
/// </summary>
public sealed class SecurityTests(LumenAppFixture fixture) : IClassFixture<LumenAppFixture>
{
    private const string Key = "a-test-key-of-24-chars!!";

    private static readonly (string Name, byte[] Content)[] s_network = DemoNetwork();

    private static readonly Dictionary<string, string?> s_empty = new() { ["Lumen:Store:SeedDemo"] = "false" };

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/api/status")]
    [InlineData("GET", "/openapi/v1.json")]
    [InlineData("GET", "/api/no-such-thing")]
    [InlineData("GET", "/api/reliability/feeders?top=abc")]
    [InlineData("POST", "/api/reliability/what-if")]
    [InlineData("GET", "/health/ready")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
        {
            request.Content = Http.JsonBody("{");
        }

        HttpResponseMessage response = await fixture.App.Client.SendAsync(request);
        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
            Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Theory]
    [InlineData("http://evil.example", "cross-site")]
    [InlineData(null, "cross-site")]
    [InlineData(null, "same-site")]
    [InlineData("http://evil.example", null)]
    [InlineData("null", null)]
    [InlineData("http://localhost.evil.example", "same-origin")]
    public async Task CrossSiteNetworkUpload_Is403_NothingStored_KeyOrNoKey(string? origin, string? site)
    {
        foreach (Dictionary<string, string?> settings in new[] { s_empty, new(s_empty) { ["Lumen:Server:ApiKey"] = Key } })
        {
            await using LumenApp app = await LumenApp.StartAsync(settings);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/networks") { Content = Http.Files(s_network) };
            request.Headers.Add("X-Api-Key", Key);
            Browser(request, origin, site);
            await Http.ProblemAsync(await app.Client.SendAsync(request), HttpStatusCode.Forbidden);

            // A form post needs no CORS preflight either.
            using var form = new HttpRequestMessage(HttpMethod.Post, "/api/reliability/what-if") { Content = new FormUrlEncodedContent([new("changes", "[]")]) };
            Browser(form, origin, site);
            await Http.ProblemAsync(await app.Client.SendAsync(form), HttpStatusCode.Forbidden);
            Assert.Empty(app.Get<NetworkRepository>().List());
        }
    }

    [Fact]
    public async Task SameOriginAndNonBrowserUploads_AreAccepted()
    {
        await using LumenApp app = await LumenApp.StartAsync(s_empty);
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/networks") { Content = Http.Files(s_network) };
        Browser(sameOrigin, "http://localhost", "same-origin");
        await Http.JsonAsync(await app.Client.SendAsync(sameOrigin), HttpStatusCode.Created);

        // curl and scripts send neither header.
        await Http.JsonAsync(await app.Client.PostAsync("/api/networks", Http.Files(s_network)), HttpStatusCode.OK);
        Assert.Single(app.Get<NetworkRepository>().List());
    }

    [Fact]
    public async Task ForeignHostHeader_Is400_ConfiguredNamesAreAccepted()
    {
        await using LumenApp app = await LumenApp.StartKestrelAsync(new Dictionary<string, string?>(s_empty) { ["Lumen:Server:AllowedHosts:0"] = "lumen.example.local" });
        foreach (string host in new[] { "evil.example", "evil.example:80", "127.0.0.1.nip.io" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
            request.Headers.Host = host;
            Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.SendAsync(request)).StatusCode);
        }

        foreach (string host in new[] { "localhost", $"127.0.0.1:{app.BaseAddress.Port}", "lumen.example.local" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
            request.Headers.Host = host;
            Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task RequireKeyForReads_ApiAndOpenApiNeedTheKey_HealthAndDashboardDoNot()
    {
        await using LumenApp app = await LumenApp.StartAsync(new Dictionary<string, string?>(s_empty) { ["Lumen:Server:ApiKey"] = Key, ["Lumen:Server:RequireKeyForReads"] = "true" });
        foreach (string url in new[] { "/api/status", "/api/networks", "/api/export/buses.csv", "/openapi/v1.json" })
        {
            await Http.ProblemAsync(await app.Client.GetAsync(url), HttpStatusCode.Unauthorized, "X-Api-Key");
        }

        using var keyed = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        keyed.Headers.Add("X-Api-Key", Key);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(keyed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_DeclaresTheKeyScheme_OnWrites()
    {
        using JsonDocument doc = JsonDocument.Parse(await fixture.App.Client.GetStringAsync("/openapi/v1.json"));
        JsonElement scheme = doc.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        JsonElement paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/networks").GetProperty("post").TryGetProperty("security", out _));
        Assert.False(paths.GetProperty("/api/status").GetProperty("get").TryGetProperty("security", out _));
    }

    [Theory]
    [InlineData("/api/outages?from=0001-01-01")]
    [InlineData("/api/outages?to=0001-01-01")]
    [InlineData("/api/outages?from=9999-12-31")]
    [InlineData("/api/voltage/stats?from=0001-01-01T00:00:00%2B08:00")]
    [InlineData("/api/voltage/stats?to=9999-12-31T23:59:59-08:00")]
    [InlineData("/api/complaints/rates?customers=1e308&duration_hours=1")]
    [InlineData("/api/reliability/feeders?top=99999999999")]
    [InlineData("/api/telemetry/load_mw/f1?from=2024-01-01&to=2024-01-02&every_seconds=1e308")]
    public async Task BoundaryQueryValues_Are400(string url) =>
        await Http.ProblemAsync(await fixture.App.Client.GetAsync(url), HttpStatusCode.BadRequest);

    [Fact]
    public async Task LongQueryValue_Is400_AndNotEchoedBack()
    {
        HttpResponseMessage response = await fixture.App.Client.GetAsync("/api/reliability/load-points?feeder=" + new string('x', 5000));
        string body = (await Http.ProblemAsync(response, HttpStatusCode.BadRequest, "feeder")).ToString();
        Assert.True(body.Length < 1000, body);

        // Past the longest query string, the request line itself is refused.
        await Http.ProblemAsync(await fixture.App.Client.GetAsync("/api/status?q=" + new string('x', 100_000)), HttpStatusCode.RequestUriTooLong);
    }

    [Fact]
    public async Task UploadWithTrailingSlash_GetsTheUploadLimit()
    {
        await using LumenApp app = await LumenApp.StartAsync(new Dictionary<string, string?>(s_empty) { ["Lumen:Server:MaxJsonBytes"] = "1024" });
        byte[] padding = Encoding.UTF8.GetBytes(new string(' ', 4096));
        var files = s_network.Select(f => (f.Name, f.Content.Concat(padding).ToArray()));
        HttpResponseMessage response = await app.Client.PostAsync("/api/networks/", Http.Files(files));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("DELETE", "/api/networks", "GET, POST")]
    [InlineData("PUT", "/api/networks/1", "GET")]
    [InlineData("POST", "/api/status", "GET")]
    [InlineData("PATCH", "/api/reliability/what-if", "POST")]
    public async Task UnsupportedMethod_Is405_NamingTheAllowedOnes(string method, string url, string allow)
    {
        HttpResponseMessage response = await fixture.App.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = Http.JsonBody("{}") });
        await Http.ProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method");
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task UnknownApiPath_Is404() =>
        await Http.ProblemAsync(await fixture.App.Client.DeleteAsync("/api/no/such/path"), HttpStatusCode.NotFound, "path");

    private static (string Name, byte[] Content)[] DemoNetwork()
    {
        string folder = Path.Combine(Path.GetTempPath(), "lumen-security-" + Guid.NewGuid().ToString("N"));
        LumenCsvWriter.Write(DemoGrid.Generate(300, 3).Build().Network!, folder);
        (string, byte[])[] files = [.. Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))];
        Directory.Delete(folder, recursive: true);
        return files;
    }

    private static void Browser(HttpRequestMessage request, string? origin, string? site)
    {
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (site is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", site);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
