using System.Net;
using System.Text.Json;
using Lumen.Host.Services;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>What-if, placement and Monte Carlo jobs: success and failure paths.</summary>
public sealed class ComputeApiTests(LumenAppFixture fixture) : IClassFixture<LumenAppFixture>
{
    private HttpClient Client => fixture.App.Client;

    private NetworkSnapshot Snapshot => fixture.App.Get<NetworkCatalog>().Current!;

    private string SomeLine()
    {
        var net = Snapshot.Network;
        for (int e = 0; e < net.EdgeCount; e++)
        {
            if (net.FailureRatePerYear[e] > 0 && !net.EdgeNormallyOpen[e])
            {
                return net.EdgeIds[e];
            }
        }

        throw new InvalidOperationException("no failing branch");
    }

    [Fact]
    public async Task WhatIf_LowerFailureRate_LowersSaidi()
    {
        string body = $$"""{"changes":[{"type":"change_failure_rate","branch":"{{SomeLine()}}","failure_rate_per_year":0}]}""";
        JsonElement doc = await Http.JsonAsync(await Client.PostAsync("/api/reliability/what-if", Http.JsonBody(body)));
        Assert.True(doc.GetProperty("delta_saidi").GetDouble() < 0);
        Assert.True(doc.GetProperty("load_points_affected").GetInt32() > 0);
    }

    [Theory]
    [InlineData("""{"changes":[]}""", HttpStatusCode.BadRequest, "changes")]
    [InlineData("""{"changes":[{"type":"explode"}]}""", HttpStatusCode.BadRequest, "changes[0].type")]
    [InlineData("""{"changes":[{"type":"change_failure_rate","branch":"NOPE","failure_rate_per_year":1}]}""", HttpStatusCode.UnprocessableEntity, "changes[0].branch")]
    [InlineData("""{"changes":[{"type":"remove_device","device":"NOPE"}]}""", HttpStatusCode.UnprocessableEntity, "changes[0].device")]
    [InlineData("""{"changes":[{"type":"add_tie","bus_a":"NOPE"}]}""", HttpStatusCode.UnprocessableEntity, "changes[0].bus_a")]
    [InlineData("""{"changes":[{"type":"remove_device"}]}""", HttpStatusCode.BadRequest, "changes[0].device")]
    [InlineData("""{"changez":[]}""", HttpStatusCode.BadRequest, "changez")]
    [InlineData("""{"changes":[{"type":"change_failure_rate","branch":"B","failure_rate_per_year":"high"}]}""", HttpStatusCode.BadRequest, "failure_rate_per_year")]
    [InlineData("""{"changes":[""", HttpStatusCode.BadRequest, "$")]
    [InlineData("null", HttpStatusCode.BadRequest, "$")]
    public async Task WhatIf_BadBody_IsProblemNamingField(string body, HttpStatusCode status, string field) =>
        await Http.ProblemAsync(await Client.PostAsync("/api/reliability/what-if", Http.JsonBody(body)), status, field);

    [Fact]
    public async Task WhatIf_NotJson_Is415() =>
        await Http.ProblemAsync(await Client.PostAsync("/api/reliability/what-if", new StringContent("changes=1")), HttpStatusCode.UnsupportedMediaType, "content-type");

    [Fact]
    public async Task Placement_ReturnsRankedCandidates()
    {
        string feeder = Snapshot.Reliability.Feeders[Snapshot.FeedersBySaidi[0]].Name;
        JsonElement doc = await Http.JsonAsync(await Client.PostAsync("/api/reliability/placement",
            Http.JsonBody($$"""{"feeder":"{{feeder}}","device":"sectionaliser","automated":true,"count":3}""")));
        Assert.InRange(doc.GetArrayLength(), 1, 3);
        Assert.Equal(1, doc[0].GetProperty("rank").GetInt32());
    }

    [Theory]
    [InlineData("""{"device":"recloser"}""", HttpStatusCode.BadRequest, "feeder")]
    [InlineData("""{"feeder":"NOPE"}""", HttpStatusCode.UnprocessableEntity, "feeder")]
    [InlineData("""{"feeder":"X","device":"teleporter"}""", HttpStatusCode.BadRequest, "device")]
    [InlineData("""{"feeder":"X","count":0}""", HttpStatusCode.BadRequest, "count")]
    public async Task Placement_BadBody_IsProblemNamingField(string body, HttpStatusCode status, string field) =>
        await Http.ProblemAsync(await Client.PostAsync("/api/reliability/placement", Http.JsonBody(body)), status, field);

    [Fact]
    public async Task MonteCarlo_RunsAsJobWithStatusUrl()
    {
        HttpResponseMessage accepted = await Client.PostAsync("/api/reliability/monte-carlo", Http.JsonBody("""{"years":200,"seed":7}"""));
        JsonElement job = await Http.JsonAsync(accepted, HttpStatusCode.Accepted);
        string url = accepted.Headers.Location!.OriginalString;
        Assert.Equal(job.GetProperty("status_url").GetString(), url);
        JsonElement status = job;
        for (int i = 0; i < 600; i++)
        {
            status = await Http.JsonAsync(await Client.GetAsync(url));
            if (status.GetProperty("state").GetString() is "succeeded" or "failed")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("succeeded", status.GetProperty("state").GetString());
        Assert.Equal(1.0, status.GetProperty("progress").GetDouble());
        Assert.Equal(200, status.GetProperty("result").GetProperty("years").GetInt32());
        Assert.True(status.GetProperty("result").GetProperty("saidi").GetProperty("mean").GetDouble() > 0);
    }

    [Theory]
    [InlineData("""{"years":0}""")]
    [InlineData("""{"years":99999999}""")]
    public async Task MonteCarlo_YearsOutOfRange_Is400(string body) =>
        await Http.ProblemAsync(await Client.PostAsync("/api/reliability/monte-carlo", Http.JsonBody(body)), HttpStatusCode.BadRequest, "years");

    [Fact]
    public async Task JsonBody_OverLimit_Is413()
    {
        string huge = """{"changes":[""" + string.Join(",", Enumerable.Repeat("""{"type":"remove_device","device":"X"}""", 60_000)) + "]}";
        await Http.ProblemAsync(await Client.PostAsync("/api/reliability/what-if", Http.JsonBody(huge)), HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Fact]
    public async Task JsonBody_ChunkedOverLimit_Is413()
    {
        // No Content-Length: the limit must still cut the body off while it is read.
        var content = new StreamContent(new MemoryStream(new byte[3 * 1024 * 1024]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/reliability/what-if") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        HttpResponseMessage response = await Client.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live")).StatusCode);
    }
}
