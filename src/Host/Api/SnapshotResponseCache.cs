using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lumen.Host.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>
/// Serves a read endpoint whose answer depends only on the published <see cref="NetworkSnapshot"/> and the request's
/// path and query from JSON bytes serialised once per snapshot: the dashboard and the morning's planners ask for the
/// same few documents (system indices, worst feeders, a feeder's diagram) thousands of times between two imports.
/// </summary>
/// <remarks>
/// The bytes hang on the snapshot (a weak table), so a new snapshot starts empty and the old one's bytes go with it.
/// Only 200 answers computed on the snapshot that is still current are kept, at most <see cref="MaxEntries"/> per
/// snapshot (query strings are the client's choice).
/// </remarks>
internal sealed class SnapshotResponseCache(NetworkCatalog catalog, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IEndpointFilter
{
    private const int MaxEntries = 4096;
    private const string ContentType = "application/json; charset=utf-8";
    private static readonly ConditionalWeakTable<NetworkSnapshot, ConcurrentDictionary<string, byte[]>> s_bySnapshot = [];
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    /// <inheritdoc/>
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (catalog.Current is not { } snapshot)
        {
            return await next(context);
        }

        HttpRequest request = context.HttpContext.Request;
        string key = request.Path.Value + request.QueryString.Value;
        ConcurrentDictionary<string, byte[]> responses = s_bySnapshot.GetValue(snapshot, _ => new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal));
        if (responses.TryGetValue(key, out byte[]? cached))
        {
            return TypedResults.Bytes(cached, ContentType);
        }

        object? result = await next(context);
        object? inner = result is INestedHttpResult nested ? nested.Result : result;
        if (inner is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK } and IValueHttpResult { Value: { } value }
            && ReferenceEquals(catalog.Current, snapshot))
        {
            // Serialised as the endpoint would (its declared type, the API's options), once.
            Type declared = inner.GetType().IsGenericType ? inner.GetType().GetGenericArguments()[0] : value.GetType();
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(value, declared, _options);
            if (responses.Count < MaxEntries)
            {
                responses.TryAdd(key, body);
            }

            return TypedResults.Bytes(body, ContentType);
        }

        return result;
    }
}
