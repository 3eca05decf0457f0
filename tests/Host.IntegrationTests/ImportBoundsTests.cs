using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// One encoding rule for every importer (UTF-8 with or without a BOM; UTF-16 refused with how to convert it),
/// physical ranges per column, field-length limits, and problems that quote at most a short prefix of a bad value.
/// Nothing is stored by any of these uploads.
/// </summary>
public sealed class ImportBoundsTests(LumenAppFixture fixture) : IClassFixture<LumenAppFixture>
{
    private HttpClient Client => fixture.App.Client;

    public static TheoryData<string, string, string> Utf16Uploads => new()
    {
        { "/api/series/load", "feeder1.csv", "timestamp,load_mw\n2024-01-01T00:00,1.5\n2024-01-01T01:00,1.6\n" },
        { "/api/series/voltage", "meters.csv", "point_id,timestamp,voltage_v,nominal_v\np1,2024-01-01T00:00:00+08:00,220,220\n" },
        { "/api/assets/register", "assets.csv", "asset_id,class,install_year\nT1,transformer,1990\n" },
        { "/api/networks", "buses.csv", "id,kind,nominal_kv\nS,source,10\n" },
        { "/api/outages", "outages.csv", "event_id,start,end,device_id,cause,nature\n" },
        { "/api/complaints", "complaints.csv", "complaint_id,time,location_id,category\n" },
    };

    [Theory]
    [MemberData(nameof(Utf16Uploads))]
    public async Task Utf16File_IsRefusedByEveryImporter_SayingHowToConvert(string route, string name, string text)
    {
        byte[] utf16 = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)];
        JsonElement problem = await Http.ProblemAsync(await Client.PostAsync(route, Http.Files([(name, utf16)])), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("iconv -f UTF-16 -t UTF-8", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Utf8WithBom_IsAccepted_ByTheLoadImporter()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF, .. SeriesTestData.LoadCsv(days: 3, seed: 9)];
        HttpResponseMessage response = await Client.PostAsync("/api/series/load", SeriesTestData.Upload("bom-feeder.csv", bom));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/series/load", "feeder1.csv", "timestamp,load_mw\n2024-01-01T00:00,-1e300\n", "load_mw")]
    [InlineData("/api/series/voltage", "meters.csv", "point_id,timestamp,voltage_v,nominal_v\np1,2024-01-01T00:00:00+08:00,220000,220\n", "voltage_v")]
    [InlineData("/api/series/voltage", "meters.csv", "point_id,timestamp,voltage_v,nominal_v\np1,2024-01-01T00:00:00+08:00,220,1e300\n", "nominal_v")]
    public async Task ValueOutsideItsPhysicalRange_Is422NamingTheColumn(string route, string name, string text, string field) =>
        await Http.ProblemAsync(await Client.PostAsync(route, Http.Files([(name, Encoding.UTF8.GetBytes(text))])), HttpStatusCode.UnprocessableEntity, field);

    [Theory]
    [InlineData("/api/outages", "outages.csv", "event_id,start,end,device_id,cause,nature\ne1,2024-01-01T00:00:00+08:00,2024-01-01T01:00:00+08:00,B1,{0},fault\n", "cause")]
    [InlineData("/api/complaints", "complaints.csv", "complaint_id,time,location_id,category,text\nc1,2024-01-01T00:00:00+08:00,LP1,outage,{0}\n", "text")]
    [InlineData("/api/series/voltage", "meters.csv", "point_id,timestamp,voltage_v,nominal_v\n{0},2024-01-01T00:00:00+08:00,220,220\n", "point_id")]
    [InlineData("/api/assets/register", "assets.csv", "asset_id,class,install_year\n{0},transformer,1990\n", "asset_id")]
    [InlineData("/api/networks", "buses.csv", "id,kind,nominal_kv\n{0},source,10\n", "id")]
    public async Task MegabyteField_IsRefused_AndNotEchoedBack(string route, string name, string template, string field)
    {
        string huge = new('x', 5 * 1024 * 1024);
        HttpResponseMessage response = await Client.PostAsync(route, Http.Files([(name, Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, huge)))]));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Length < 10_000, $"{(int)response.StatusCode}: a {body.Length:N0}-character answer");
        await Http.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, field);
    }
}
