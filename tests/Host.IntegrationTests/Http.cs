using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>Assertions on HTTP answers.</summary>
internal static class Http
{
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 7807 problem with <paramref name="status"/> whose errors name <paramref name="field"/>.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out JsonElement errors), body);
            Assert.True(errors.EnumerateObject().Any(p => p.Name.Contains(field, StringComparison.Ordinal)), $"no error names '{field}': {body}");
        }

        return problem;
    }

    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static MultipartFormDataContent Files(IEnumerable<(string Name, byte[] Content)> files, string? name = null)
    {
        var form = new MultipartFormDataContent();
        foreach ((string fileName, byte[] content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(part, "files", fileName);
        }

        if (name is not null)
        {
            form.Add(new StringContent(name), "name");
        }

        return form;
    }
}
