using System.Net;
using System.Text.Json;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// Every JSON body route binds a typed request and is checked by the framework's validation: a bad field, an unknown
/// property and malformed JSON are each a 400 problem naming the field (the JSON name), before any handler runs.
/// </summary>
public sealed class TypedBodyTests(LumenAppFixture fixture) : IClassFixture<LumenAppFixture>
{
    public static TheoryData<string, string, string> BadFields => new()
    {
        { "/api/forecasts/run", """{"series":"f1","horizon_hours":673}""", "horizon_hours" },
        { "/api/forecasts/run", """{"horizon_hours":24}""", "series" },
        { "/api/forecasts/backtest", """{"origins":"most"}""", "origins" },
        { "/api/telemetry", """{"points":[]}""", "points" },
        { "/api/telemetry", """{"points":[{"measurement":"m","series":"s","timestamp":"2025-01-01T00:00:00Z"}]}""", "points[0].value" },
        { "/api/reliability/what-if", """{"changes":[]}""", "changes" },
        { "/api/reliability/placement", """{"feeder":"F1","count":101}""", "count" },
        { "/api/reliability/monte-carlo", """{"years":0}""", "years" },
        { "/api/voltage/powerflow", """{"top":1001}""", "top" },
        { "/api/voltage/powerflow", """{"load_scale":11}""", "load_scale" },
        { "/api/assets/plan", """{"budget_per_year":2e13}""", "budget_per_year" },
        { "/api/assets/plan", """{"budget_per_year":1000,"years":0}""", "years" },
    };

    public static TheoryData<string> Routes => new()
    {
        "/api/forecasts/run", "/api/forecasts/backtest", "/api/telemetry", "/api/reliability/what-if", "/api/reliability/placement",
        "/api/reliability/monte-carlo", "/api/voltage/powerflow", "/api/assets/plan",
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task BadField_Is400_NamingIt(string route, string body, string field) =>
        AssertNames(await Http.ProblemAsync(await fixture.App.Client.PostAsync(route, Http.JsonBody(body)), HttpStatusCode.BadRequest, field), field);

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task UnknownProperty_Is400_NamingIt(string route) =>
        AssertNames(await Http.ProblemAsync(await fixture.App.Client.PostAsync(route, Http.JsonBody("""{"colour":"red"}""")), HttpStatusCode.BadRequest, "colour"), "$.colour");

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task MalformedJson_Is400_AtItsPath(string route)
    {
        JsonElement problem = await Http.ProblemAsync(await fixture.App.Client.PostAsync(route, Http.JsonBody("{]")), HttpStatusCode.BadRequest, "$");
        Assert.Contains("line 1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EmptyOrNullBody_Is400(string route)
    {
        await Http.ProblemAsync(await fixture.App.Client.PostAsync(route, Http.JsonBody("null")), HttpStatusCode.BadRequest, "$");
        await Http.ProblemAsync(await fixture.App.Client.PostAsync(route, Http.JsonBody(string.Empty)), HttpStatusCode.BadRequest, "$");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task NotJson_Is415(string route) =>
        await Http.ProblemAsync(await fixture.App.Client.PostAsync(route, new StringContent("years=1")), HttpStatusCode.UnsupportedMediaType, "content-type");

    [Fact]
    public async Task ManyBadItems_NameTheFirstFields_NotAll()
    {
        string body = "{\"points\":[" + string.Join(",", Enumerable.Repeat("{}", 1000)) + "]}";
        JsonElement problem = await Http.ProblemAsync(await fixture.App.Client.PostAsync("/api/telemetry", Http.JsonBody(body)), HttpStatusCode.BadRequest, "points[0].measurement");
        Assert.Equal(Api.RequestBinding.MaxFields, problem.GetProperty("errors").EnumerateObject().Count());
        Assert.EndsWith($"and {(4 * 1000) - Api.RequestBinding.MaxFields} more field(s)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    // The problem's only error is on exactly this field, and its title is the API's.
    private static void AssertNames(JsonElement problem, string field)
    {
        Assert.Equal(field, Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name);
        Assert.Equal("The request is invalid", problem.GetProperty("title").GetString());
    }
}
