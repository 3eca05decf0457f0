using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Host.Storage.DuckDb;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>Malformed JSON and CSV: always a clean 4xx problem, never a 500; the service stays up and the store unchanged.</summary>
public sealed class FuzzTests(LumenAppFixture fixture) : IClassFixture<LumenAppFixture>
{
    private static readonly string[] s_fragments =
    [
        "{", "}", "[", "]", "\"changes\"", ":", ",", "\"type\"", "\"add_device\"", "\"change_failure_rate\"", "\"branch\"", "null", "true",
        "1e999", "-0", "\"\\u0000\"", "\"\\ud800\"", "NaN", "\"failure_rate_per_year\"", "9999999999999999999999", "'", "\u00e9", "\uFEFF",
    ];

    private static readonly string[] s_csv =
    [
        "id", "kind", "from_bus", "to_bus", ",", "\n", "\r\n", "\"", "\"\"", "1000m", "-1", "NaN", "1e309", "\u00ff", "\0", "bus1", "source", "line", " ",
    ];

    private HttpClient Client => fixture.App.Client;

    [Property(MaxTest = 60)]
    public Property WhatIf_RandomJson_IsClientError(int[] picks)
    {
        string body = Build(s_fragments, picks);
        HttpResponseMessage response = Client.PostAsync("/api/reliability/what-if", Http.JsonBody(body)).GetAwaiter().GetResult();
        int status = (int)response.StatusCode;
        return (status is 200 or 400 or 422).Label($"{status} for {body}");
    }

    [Property(MaxTest = 25)]
    public Property Upload_RandomCsv_IsRejected_StoreUnchanged(int[] buses, int[] branches)
    {
        int before = fixture.App.Get<NetworkRepository>().List().Count;
        var files = new List<(string, byte[])>
        {
            ("buses.csv", Encoding.UTF8.GetBytes("id,kind,nominal_kv\n" + Build(s_csv, buses))),
            ("branches.csv", Encoding.UTF8.GetBytes("id,from_bus,to_bus,kind\n" + Build(s_csv, branches))),
        };
        HttpResponseMessage response = Client.PostAsync("/api/networks", Http.Files(files)).GetAwaiter().GetResult();
        int status = (int)response.StatusCode;
        int after = fixture.App.Get<NetworkRepository>().List().Count;
        return (status is 400 or 422 && after == before).Label($"{status}, versions {before} -> {after}");
    }

    [Fact]
    public async Task Random_Bytes_AsJson_NeverCrash()
    {
        var random = new Random(1234);
        for (int i = 0; i < 40; i++)
        {
            var bytes = new byte[random.Next(1, 2000)];
            random.NextBytes(bytes);
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            foreach (string url in new[] { "/api/reliability/what-if", "/api/reliability/placement", "/api/reliability/monte-carlo" })
            {
                HttpResponseMessage response = await Client.PostAsync(url, content);
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}");
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live")).StatusCode);
    }

    private static string Build(string[] alphabet, int[]? picks)
    {
        var text = new StringBuilder();
        foreach (int p in picks ?? [])
        {
            text.Append(alphabet[(int)((uint)p % (uint)alphabet.Length)]);
        }

        return text.ToString();
    }
}
