using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Host.Services;
using Lumen.Host.Storage.DuckDb;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// Hostile input against every endpoint the OpenAPI document lists (so new endpoints are covered without editing
/// this file): malformed JSON and CSV, wrong types, deep nesting, random bytes, bodies over the limits and path
/// traversal in every route parameter. Always a clean 4xx problem, never a 5xx; the service stays up and the store
/// is unchanged.
/// </summary>
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

    /// <summary>Bodies no JSON endpoint may accept, whatever its schema.</summary>
    private static readonly (string Name, byte[] Body)[] s_malformedJson =
    [
        ("empty", []),
        ("truncated object", Utf8("{\"years\": 10")),
        ("truncated string", Utf8("{\"a")),
        ("truncated array", Utf8("[1, 2")),
        ("trailing garbage", Utf8("{} {}")),
        ("single quotes", Utf8("{'years': 1}")),
        ("comment", Utf8("{/* x */}")),
        ("null", Utf8("null")),
        ("string root", Utf8("\"NaN\"")),
        ("number root", Utf8("1e999")),
        ("array root", Utf8("[]")),
        ("unknown field", Utf8("{\"no_such_field_zz\": 1}")),
        ("nested objects 10k deep", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000))),
        ("nested arrays 10k deep", Utf8(new string('[', 10_000) + new string(']', 10_000))),
        ("BOM then truncated", [0xEF, 0xBB, 0xBF, .. Utf8("{\"x\"")]),
        ("BOM then unknown field", [0xEF, 0xBB, 0xBF, .. Utf8("{\"no_such_field_zz\": true}")]),
        ("UTF-16", Encoding.Unicode.GetBytes("{\"years\": 10}")),
        ("UTF-16 with BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("{}")]),
        ("invalid UTF-8", [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']),
        ("lone surrogate escape", Utf8("{\"\\ud800\": 1}")),
        ("NUL byte", Utf8("{\"a\0\": 1}")),
    ];

    /// <summary>
    /// Route-parameter values that try to leave the API's name space (already percent-encoded where needed).
    /// </summary>
    private static readonly string[] s_traversal =
    [
        "..", "%2e%2e", "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%252e%252e%252fetc%252fpasswd", "..%5C..%5Cappsettings.json",
        "%2Fetc%2Fpasswd", "%2Ftmp", "lumen.duckdb", "..%2Flumen.duckdb", "%00", "buses%00.csv", "....%2F%2F....%2F%2Fetc%2Fpasswd",
        "%C0%AE%C0%AE%2F", "~root", "*", "%20",
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
    public async Task EveryEndpoint_HostileInput_CleanProblems_ServiceUp_StoreUnchanged()
    {
        // Its own service, so that jobs the valid random bodies of the other tests started cannot write meanwhile.
        await using LumenApp app = await LumenApp.StartAsync();
        HttpClient client = app.Client;

        // The description first: reading it probes each JSON POST, and the counts are taken once all that settled.
        ApiDescription api = await ApiDescription.LoadAsync(client);
        IReadOnlyDictionary<string, long> before = await StableRowCountsAsync(app);
        Assert.NotEmpty(api.JsonPosts);
        Assert.NotEmpty(api.UploadPosts);
        var failures = new List<string>();

        foreach (string path in api.JsonPosts)
        {
            foreach ((string name, byte[] body) in s_malformedJson)
            {
                await ExpectProblemAsync(failures, $"{path} {name}", await PostAsync(client, path, body, "application/json"), 400, 413, 415, 422);
            }

            foreach ((string property, string value) in api.WrongTypes(path))
            {
                string body = $"{{\"{property}\": {value}}}";
                await ExpectProblemAsync(failures, $"{path} {body}", await PostAsync(client, path, Utf8(body), "application/json"), 400, 422);
            }

            await ExpectProblemAsync(failures, $"{path} as text/plain", await PostAsync(client, path, Utf8("{}"), "text/plain"), 400, 415);
        }

        foreach (string path in api.UploadPosts)
        {
            foreach ((string name, byte[][] files) in MalformedUploads())
            {
                var form = Http.Files(files.Select((content, i) => ($"file{i}.csv", content)));
                await ExpectProblemAsync(failures, $"{path} {name}", await client.PostAsync(path, form), 400, 415, 422);
            }

            foreach ((string name, byte[] body) in s_malformedJson.Take(6))
            {
                await ExpectProblemAsync(failures, $"{path} JSON {name}", await PostAsync(client, path, body, "application/json"), 400, 415, 422);
            }
        }

        foreach (string route in api.RoutesWithParameters)
        {
            // Dot segments and NUL need the raw request line, so they go over Kestrel (RawPaths_OverKestrel_...).
            foreach (string value in s_traversal.Where(v => !IsRawOnly(v)))
            {
                string url = ApiDescription.Fill(route, value);
                HttpResponseMessage response = await client.GetAsync(new Uri(url, UriKind.Relative));
                if (Leaks(await response.Content.ReadAsStringAsync()))
                {
                    failures.Add($"GET {url}: a file outside the API was served");
                }

                await ExpectProblemAsync(failures, $"GET {url}", response, 400, 404, 422);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        AssertSameCounts(before, await StableRowCountsAsync(app));
    }

    [Fact]
    public async Task EveryEndpoint_BoundaryValues_NeverServerError_NoNaN()
    {
        HttpClient client = Client;
        ApiDescription api = await ApiDescription.LoadAsync(client);
        Assert.NotEmpty(api.QueryParameters);
        var failures = new List<string>();
        foreach ((string path, string parameter, string type) in api.QueryParameters)
        {
            foreach (string value in BoundaryValues(type))
            {
                string url = $"{ApiDescription.Fill(path, "1")}?{parameter}={value}";
                HttpResponseMessage response = await client.GetAsync(new Uri(url, UriKind.Relative));
                await ExpectCleanAsync(failures, $"GET {url[..Math.Min(url.Length, 120)]}", response);
            }
        }

        foreach (string path in api.JsonPosts)
        {
            foreach ((string property, string value) in api.BoundaryBodies(path))
            {
                string body = $"{{\"{property}\": {value}}}";
                HttpResponseMessage response = await PostAsync(client, path, Utf8(body), "application/json");
                await ExpectCleanAsync(failures, $"{path} {body[..Math.Min(body.Length, 120)]}", response);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    /// <summary>Query values at and beyond the edges of every type: dates, ±1e308, empty, NaN, a 10 MB string.</summary>
    private static IEnumerable<string> BoundaryValues(string type)
    {
        string[] common = ["", "%00", "NaN", "Infinity", "-Infinity", "1e308", "-1e308", "-1", "0", "2147483648", "-9223372036854775809",
            "0001-01-01", "9999-12-31", "0001-01-01T00:00:00%2B14:00", "9999-12-31T23:59:59-12:00", new string('x', 300), new string('x', 10 * 1024 * 1024)];
        return type == "boolean" ? [.. common, "yes"] : common;
    }

    /// <summary>A 2xx with JSON that has no NaN or Infinity, or a 4xx problem; never a 5xx (503 when a job queue is full is a client's retry).</summary>
    private static async Task ExpectCleanAsync(List<string> failures, string what, HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        string text = await response.Content.ReadAsStringAsync();
        if (status >= 500 && !(status == 503 && text.Contains("Too many jobs queued", StringComparison.Ordinal)))
        {
            failures.Add($"{what}: {status} {text[..Math.Min(text.Length, 200)]}");
        }
        else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{what}: {status} without problem details");
        }
        else if (status < 300 && response.Content.Headers.ContentType?.MediaType == "application/json"
            && (text.Contains("NaN", StringComparison.Ordinal) || text.Contains("Infinity", StringComparison.Ordinal)))
        {
            failures.Add($"{what}: NaN or Infinity in the answer");
        }
        else if (text.Length > 100_000 && status >= 400)
        {
            failures.Add($"{what}: a {text.Length:N0}-character problem echoes the input");
        }
    }

    [Fact]
    public async Task EveryPost_BodyOverTheLimit_Is413()
    {
        const int limit = 4096;
        await using LumenApp app = await LumenApp.StartAsync(new Dictionary<string, string?>
        {
            ["Lumen:Server:MaxUploadBytes"] = limit.ToString(CultureInfo.InvariantCulture),
            ["Lumen:Server:MaxJsonBytes"] = "1024",
            ["Lumen:Store:SeedDemo"] = "false",
        });
        ApiDescription api = await ApiDescription.LoadAsync(app.Client);
        byte[] huge = Utf8("{\"a\": \"" + new string('x', limit) + "\"}");
        foreach (string path in api.JsonPosts.Concat(api.UploadPosts))
        {
            // Declared length over the limit, and the same body chunked (no length): both 413, before or while reading.
            var declared = new ByteArrayContent(huge);
            declared.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            await Http.ProblemAsync(await app.Client.PostAsync(path, declared), HttpStatusCode.RequestEntityTooLarge);
            var chunked = new StreamContent(new UnknownLengthStream(huge));
            chunked.Headers.ContentType = MediaTypeHeaderValue.Parse(api.UploadPosts.Contains(path) ? "multipart/form-data; boundary=b" : "application/json");
            HttpResponseMessage response = await app.Client.PostAsync(path, chunked);
            Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{path} chunked: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Empty(app.Get<NetworkRepository>().List());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task RawPaths_OverKestrel_NulIs400_DotSegmentsServeNothingOutside()
    {
        await using LumenApp app = await LumenApp.StartKestrelAsync();
        ApiDescription api = await ApiDescription.LoadAsync(app.Client);
        foreach (string route in api.RoutesWithParameters)
        {
            foreach (string value in s_traversal.Where(IsRawOnly))
            {
                // Sent exactly as written (the client would otherwise resolve the dot segments itself). Kestrel rejects
                // a NUL in the request line and removes dot segments (RFC 3986), so "/api/x/../.." is the dashboard's "/".
                string url = ApiDescription.Fill(route, value);
                var raw = new Uri(app.BaseAddress + url.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
                HttpResponseMessage response = await app.Client.GetAsync(raw);
                int status = (int)response.StatusCode;
                Assert.False(Leaks(await response.Content.ReadAsStringAsync()), $"GET {url}: a file outside the API was served");
                Assert.True(value.Contains("%00", StringComparison.Ordinal) ? status == 400 : status < 500, $"GET {url}: {status}");
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/live")).StatusCode);
    }

    [Property(MaxTest = 40)]
    public Property EveryJsonPost_RandomJsonTree_NeverServerError()
    {
        ApiDescription api = ApiDescription.LoadAsync(Client).GetAwaiter().GetResult();
        Gen<string> gen = JsonTree(api.PropertyNames);
        return Prop.ForAll(Arb.From(gen), body =>
        {
            foreach (string path in api.JsonPosts)
            {
                HttpResponseMessage response = Client.PostAsync(path, Http.JsonBody(body)).GetAwaiter().GetResult();
                int status = (int)response.StatusCode;

                // A valid random body may start a job: 503 is the documented answer once the job queue is full.
                bool queueFull = status == 503 && response.Content.ReadAsStringAsync().GetAwaiter().GetResult().Contains("Too many jobs queued", StringComparison.Ordinal);
                if ((status >= 500 && !queueFull) || (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                {
                    return false.Label($"{path}: {status} for {body}");
                }
            }

            return true.ToProperty();
        });
    }

    [Fact]
    public async Task Random_Bytes_AsJson_NeverCrash()
    {
        ApiDescription api = await ApiDescription.LoadAsync(Client);
        var random = new Random(1234);
        for (int i = 0; i < 40; i++)
        {
            var bytes = new byte[random.Next(1, 2000)];
            random.NextBytes(bytes);
            foreach (string url in api.JsonPosts)
            {
                HttpResponseMessage response = await PostAsync(Client, url, bytes, "application/json");
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}");
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live")).StatusCode);
    }

    /// <summary>Random JSON values up to a few levels deep, with the API's own property names among the keys.</summary>
    private static Gen<string> JsonTree(IReadOnlyList<string> names)
    {
        Gen<string> leaf = Gen.Elements("null", "true", "false", "0", "-1", "1.5", "1e999", "-1e999", "9223372036854775808", "\"NaN\"", "\"Infinity\"",
            "\"\"", "\"x\"", "\"../../etc/passwd\"", "\"\\u0000\"", "\"2024-13-45\"", "-0");
        Gen<string> key = Gen.Elements([.. names, "zz_unknown", ""]);
        Gen<string> Value(int depth) => depth <= 0 ? leaf : Gen.OneOf(
            leaf,
            Gen.ListOf(Value(depth - 1)).Select(items => "[" + string.Join(",", items.Take(6)) + "]"),
            Gen.ListOf(key.Zip(Value(depth - 1))).Select(pairs => "{" + string.Join(",", pairs.Take(6).Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}"));
        return Gen.ListOf(key.Zip(Value(3))).Select(pairs => "{" + string.Join(",", pairs.Take(8).Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}");
    }

    private static IEnumerable<(string Name, byte[][] Files)> MalformedUploads()
    {
        yield return ("empty file", [[]]);
        yield return ("header only", [Utf8("id,kind,nominal_kv\n")]);
        yield return ("unterminated quote", [Utf8("id,kind,nominal_kv\n\"b1,source,10\n")]);
        yield return ("ragged rows", [Utf8("id,kind,nominal_kv\nb1,source\nb2,load,10,extra\n")]);
        yield return ("NUL bytes", [Utf8("id,kind,nominal_kv\nb\0,source,10\n")]);
        yield return ("UTF-16", [Encoding.Unicode.GetBytes("id,kind,nominal_kv\nb1,source,10\n")]);
        yield return ("invalid UTF-8", [[.. Utf8("id,kind\n"), 0xC3, 0x28, (byte)'\n']]);
        yield return ("binary", [[0x50, 0x4B, 0x03, 0x04, 0xFF, 0x00, 0x13, 0x37]]);
        yield return ("huge number", [Utf8("id,kind,nominal_kv\nb1,source,1e309\n")]);
        yield return ("NaN", [Utf8("id,kind,nominal_kv\nb1,source,NaN\n")]);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await client.PostAsync(path, content);
    }

    private static async Task ExpectProblemAsync(List<string> failures, string what, HttpResponseMessage response, params int[] allowed)
    {
        int status = (int)response.StatusCode;
        if (Array.IndexOf(allowed, status) < 0)
        {
            string text = await response.Content.ReadAsStringAsync();
            failures.Add($"{what}: {status} {text[..Math.Min(text.Length, 200)]}");
        }
        else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{what}: {status} without problem details ({response.Content.Headers.ContentType})");
        }
    }

    private static void AssertSameCounts(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        string[] changed = [.. before.Keys.Union(after.Keys).Where(t => before.GetValueOrDefault(t, -1) != after.GetValueOrDefault(t, -1))
            .Select(t => $"{t}: {before.GetValueOrDefault(t, -1)} → {after.GetValueOrDefault(t, -1)}")];
        Assert.True(changed.Length == 0, "the store changed: " + string.Join(", ", changed));
    }

    /// <summary>
    /// Row counts of every table in the store once the service has settled: every analysis published, no job queued
    /// or running, and two reads a second apart agree. Fails when that does not happen within five minutes.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, long>> StableRowCountsAsync(LumenApp app)
    {
        IReadOnlyDictionary<string, long> last = await RowCountsAsync(app);
        JobRegistry jobs = app.Get<JobRegistry>();
        for (int i = 0; i < 300; i++)
        {
            await Task.Delay(1000);
            IReadOnlyDictionary<string, long> now = await RowCountsAsync(app);
            if (jobs.Idle && now.SequenceEqual(last) && await AllAnalysesPublishedAsync(app.Client))
            {
                return now;
            }

            last = now;
        }

        Assert.Fail("the service did not settle within five minutes: " + await app.Client.GetStringAsync("/api/status"));
        return last;
    }

    private static async Task<bool> AllAnalysesPublishedAsync(HttpClient client)
    {
        using JsonDocument status = JsonDocument.Parse(await client.GetStringAsync("/api/status"));
        return status.RootElement.GetProperty("analyses").EnumerateObject().All(a => a.Value.GetBoolean());
    }

    private static Task<IReadOnlyDictionary<string, long>> RowCountsAsync(LumenApp app)
    {
        DuckDbStore store = app.Get<DuckDbStore>();
        using var connection = store.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY table_name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (string table in tables)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        Assert.NotEmpty(counts);
        return Task.FromResult<IReadOnlyDictionary<string, long>>(counts);
    }

    private static bool IsRawOnly(string value) => value is ".." or "%2e%2e" || value.Contains("%00", StringComparison.Ordinal);

    private static bool Leaks(string body) =>
        body.Contains("root:", StringComparison.Ordinal) || body.Contains("\"Logging\"", StringComparison.Ordinal) || body.StartsWith("DUCK", StringComparison.Ordinal);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Build(string[] alphabet, int[]? picks)
    {
        var text = new StringBuilder();
        foreach (int p in picks ?? [])
        {
            text.Append(alphabet[(int)((uint)p % (uint)alphabet.Length)]);
        }

        return text.ToString();
    }

    /// <summary>A body whose length the client cannot know, so it is sent chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    /// <summary>The endpoints of <c>/openapi/v1.json</c>: POSTs by body kind, routes with parameters, request schemas.</summary>
    private sealed class ApiDescription
    {
        private readonly JsonElement _document;

        private ApiDescription(JsonElement document)
        {
            _document = document;
            foreach (JsonProperty path in document.GetProperty("paths").EnumerateObject())
            {
                foreach (JsonProperty operation in path.Value.EnumerateObject())
                {
                    bool hasParameters = path.Name.Contains('{', StringComparison.Ordinal);
                    if (operation.Name == "post" && operation.Value.TryGetProperty("requestBody", out JsonElement body))
                    {
                        JsonElement content = body.GetProperty("content");
                        (content.TryGetProperty("multipart/form-data", out _) ? UploadPosts : JsonPosts).Add(hasParameters ? Fill(path.Name, "x") : path.Name);
                    }
                    else if (operation.Name == "get" && hasParameters)
                    {
                        RoutesWithParameters.Add(path.Name);
                    }

                    if (operation.Name == "get" && operation.Value.TryGetProperty("parameters", out JsonElement parameters))
                    {
                        foreach (JsonElement parameter in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query"))
                        {
                            string type = parameter.TryGetProperty("schema", out JsonElement schema) ? string.Join("|", TypesOf(Resolve(schema))) : "unknown";
                            QueryParameters.Add((path.Name, parameter.GetProperty("name").GetString()!, type));
                        }
                    }
                }
            }

            foreach (JsonProperty schema in Schemas.EnumerateObject())
            {
                if (schema.Value.TryGetProperty("properties", out JsonElement properties))
                {
                    PropertyNames.AddRange(properties.EnumerateObject().Select(p => p.Name));
                }
            }
        }

        public List<string> JsonPosts { get; } = [];

        public List<string> UploadPosts { get; } = [];

        public List<string> RoutesWithParameters { get; } = [];

        public List<string> PropertyNames { get; } = [];

        /// <summary>Every query parameter of every GET: its path, name and schema type.</summary>
        public List<(string Path, string Name, string Type)> QueryParameters { get; } = [];

        private JsonElement Schemas => _document.TryGetProperty("components", out JsonElement c) && c.TryGetProperty("schemas", out JsonElement s) ? s : default;

        /// <summary>POST endpoints that answer 404 to any body here (e.g. telemetry while InfluxDB is not configured).</summary>
        public List<string> Disabled { get; } = [];

        /// <summary>Reads the document and sets aside the endpoints not enabled in this configuration.</summary>
        /// <remarks>The probe's body is always invalid (an unknown member): a valid one would start jobs that write to the store.</remarks>
        public static async Task<ApiDescription> LoadAsync(HttpClient client)
        {
            using JsonDocument document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
            var api = new ApiDescription(document.RootElement.Clone());
            foreach (string path in api.JsonPosts.ToArray())
            {
                if ((await client.PostAsync(path, Http.JsonBody("{\"zz_probe_unknown_member\": 0}"))).StatusCode == HttpStatusCode.NotFound)
                {
                    api.JsonPosts.Remove(path);
                    api.Disabled.Add(path);
                }
            }

            return api;
        }

        /// <summary>Every route parameter set to <paramref name="value"/>.</summary>
        public static string Fill(string route, string value)
        {
            var url = new StringBuilder();
            for (int i = 0; i < route.Length; i++)
            {
                if (route[i] == '{')
                {
                    i = route.IndexOf('}', i);
                    url.Append(value);
                }
                else
                {
                    url.Append(route[i]);
                }
            }

            return url.ToString();
        }

        /// <summary>For each top-level property of the endpoint's JSON body, values of a type it cannot take.</summary>
        public IEnumerable<(string Property, string Value)> WrongTypes(string path)
        {
            if (!TryRequestSchema(path, out JsonElement schema) || !schema.TryGetProperty("properties", out JsonElement properties))
            {
                yield break;
            }

            foreach (JsonProperty property in properties.EnumerateObject())
            {
                JsonElement p = Resolve(property.Value);
                // A double is described as anyOf [number, enum of NaN/Infinity] (named float literals are allowed):
                // the member types are what the property accepts, not the enclosing "object".
                string[] types = p.TryGetProperty("anyOf", out JsonElement any)
                    ? [.. any.EnumerateArray().Select(Resolve).Where(x => x.TryGetProperty("type", out _)).SelectMany(TypesOf)]
                    : TypesOf(p);
                string[] wrong = types.Contains("integer") ? ["\"x\"", "1.5", "1e999", "9223372036854775808", "true", "{}", "[]"]
                    : types.Contains("number") ? ["\"x\"", "1e999", "-1e999", "true", "{}", "[]"]
                    : types.Contains("boolean") ? ["\"yes\"", "1", "{}", "[]"]
                    : types.Contains("array") ? ["\"x\"", "1", "true", "{}"]
                    : types.Contains("object") ? ["\"x\"", "1", "true", "[]"]
                    : types.Contains("string") ? ["1", "true", "{}", "[]"]
                    : [];
                foreach (string value in wrong)
                {
                    yield return (property.Name, value);
                }
            }
        }

        /// <summary>For each top-level property of the endpoint's JSON body, values at and beyond the edges of its type.</summary>
        public IEnumerable<(string Property, string Value)> BoundaryBodies(string path)
        {
            if (!TryRequestSchema(path, out JsonElement schema) || !schema.TryGetProperty("properties", out JsonElement properties))
            {
                yield break;
            }

            foreach (JsonProperty property in properties.EnumerateObject())
            {
                string[] types = TypesOf(Resolve(property.Value));
                string[] values = types.Contains("integer") ? ["2147483647", "-2147483648", "0", "-1"]
                    : types.Contains("number") ? ["1e308", "-1e308", "0", "-1", "5e-324"]
                    : types.Contains("string") ? ["\"\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", $"\"{new string('x', 300)}\"", $"\"{new string('x', 10 * 1024 * 1024)}\""]
                    : types.Contains("array") ? ["[]", $"[{string.Join(",", Enumerable.Repeat("{}", 2000))}]"]
                    : [];
                foreach (string value in values)
                {
                    yield return (property.Name, value);
                }
            }
        }

        private static string[] TypesOf(JsonElement schema) => schema.TryGetProperty("type", out JsonElement t)
            ? t.ValueKind == JsonValueKind.Array ? [.. t.EnumerateArray().Select(x => x.GetString()!)] : [t.GetString()!]
            : [schema.TryGetProperty("properties", out _) ? "object" : "unknown"];

        private bool TryRequestSchema(string path, out JsonElement schema)
        {
            schema = default;
            return _document.GetProperty("paths").TryGetProperty(path, out JsonElement item)
                && item.TryGetProperty("post", out JsonElement post)
                && post.TryGetProperty("requestBody", out JsonElement body)
                && body.GetProperty("content").TryGetProperty("application/json", out JsonElement json)
                && json.TryGetProperty("schema", out JsonElement s)
                && (schema = Resolve(s)).ValueKind == JsonValueKind.Object;
        }

        private JsonElement Resolve(JsonElement schema)
        {
            for (int i = 0; i < 8 && schema.TryGetProperty("$ref", out JsonElement reference); i++)
            {
                schema = Schemas.GetProperty(reference.GetString()!["#/components/schemas/".Length..]);
            }

            return schema;
        }
    }
}
