using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Lumen.Host.Cli;
using Lumen.Host.Options;
using Lumen.Topology.Network;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>RFC 7807 problem results that name the offending field.</summary>
internal static class Problems
{
    /// <summary>400 (or another status) with one error on <paramref name="field"/>.</summary>
    /// <remarks>Every message quotes at most a short prefix of a value the client sent (<see cref="Quote"/>).</remarks>
    public static ProblemHttpResult Field(string field, string message, int status = StatusCodes.Status400BadRequest, string? title = null)
    {
        (field, message) = (Quote.Shorten(field), Quote.Shorten(message));
        return TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title ?? TitleOf(status),
            Detail = $"{field}: {message}",
            Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } },
        });
    }

    /// <summary>A problem with several field errors.</summary>
    public static ProblemHttpResult Fields(IDictionary<string, string[]> errors, int status, string detail) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = TitleOf(status),
            Detail = Quote.Shorten(detail),
            Extensions = { ["errors"] = errors.GroupBy(e => Quote.Shorten(e.Key)).ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).Select(Quote.Shorten).ToArray()) },
        });

    /// <summary>422 naming each error as <c>file:line:field</c>: the input was read but is invalid, and nothing was stored.</summary>
    /// <param name="diagnostics">The importer's diagnostics (warnings are left out).</param>
    /// <param name="what">What was imported, for the detail (e.g. "the asset register").</param>
    public static ProblemHttpResult Invalid(IEnumerable<Diagnostic> diagnostics, string what)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (Diagnostic d in diagnostics)
        {
            if (d.Severity == DiagnosticSeverity.Error)
            {
                string key = KeyOf(d);
                errors[key] = errors.TryGetValue(key, out string[]? list) ? [.. list, d.Message] : [d.Message];
            }
        }

        return Fields(errors, StatusCodes.Status422UnprocessableEntity, $"{what} has {errors.Count} error(s); nothing was stored (an import is all or nothing)");
    }

    /// <summary>Where a diagnostic points, as a problem's error key: <c>file:line:field</c> (file name only).</summary>
    public static string KeyOf(Diagnostic d)
    {
        string file = Path.GetFileName(d.Location.File);
        string where = file.Length == 0 ? string.Empty : d.Location.Line > 0 ? $"{file}:{d.Location.Line}" : file;
        return where.Length == 0 ? (d.Field.Length == 0 ? "input" : d.Field) : d.Field.Length == 0 ? where : $"{where}:{d.Field}";
    }

    /// <summary>404 naming what was not found.</summary>
    public static ProblemHttpResult NotFound(string field, string value) =>
        Field(field, $"'{value}' was not found", StatusCodes.Status404NotFound);

    /// <summary>503 while the first results are being computed.</summary>
    public static ProblemHttpResult NotReady() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Results are not available yet",
        Detail = "the service is still importing or computing the first network; retry shortly (see /health/ready)",
    });

    /// <summary>503 when the job queue is full: the client retries once a running job has finished.</summary>
    public static ProblemHttpResult JobQueueFull() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Too many jobs queued",
        Detail = "retry when a running job has finished (see /api/jobs/{id} of the jobs submitted)",
    });

    internal static string TitleOf(int status) => status switch
    {
        400 => "The request is invalid",
        401 => "An API key is required",
        404 => "Not found",
        403 => "Refused",
        405 => "Method not allowed",
        413 => "The request body is too large",
        414 => "The request URI is too long",
        415 => "Unsupported media type",
        422 => "The input was understood but is invalid",
        503 => "Service unavailable",
        _ => "Error",
    };
}

/// <summary>
/// Typed request bodies (<c>[FromBody] T</c>) are read by the framework with the API's JSON options (snake_case,
/// unknown members rejected) and checked by its validation (DataAnnotations on the request types, <c>AddValidation</c>).
/// What goes wrong is answered here, once, as problem+json naming the field: a binding failure (malformed or
/// mistyped JSON, a missing body, a query value that does not parse) through <see cref="FromBinding"/>, and a
/// validation failure through <see cref="NameFields"/>. The request types are public records: the validation source
/// generator (which needs <c>InterceptorsNamespaces</c> in Host.csproj) passes over internal types without a word.
/// </summary>
internal static partial class RequestBinding
{
    /// <summary>The API's reading of a request body: unknown members are an error, not ignored.</summary>
    public static void Configure(JsonSerializerOptions options) => options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;

    /// <summary>The problem for a failed binding (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/> turns it into an exception).</summary>
    public static ProblemHttpResult FromBinding(BadHttpRequestException bad) => bad switch
    {
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => Problems.Field("content-type", "send the body as application/json", bad.StatusCode),
        { InnerException: JsonException json } => Problems.Field(
            string.IsNullOrEmpty(json.Path) ? "$" : json.Path,
            "malformed or mistyped JSON" + (json.LineNumber is long line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : string.Empty) + ": " + FirstSentence(json.Message)),
        { StatusCode: StatusCodes.Status400BadRequest } when BoundParameter().Match(bad.Message) is { Success: true } m =>
            m.Groups["source"].Value == "body" ? Problems.Field("$", "the body is empty or null") : Problems.Field(JsonName(m.Groups["name"].Value), FirstSentence(bad.Message)),
        _ => Problems.Field("body", bad.Message, bad.StatusCode),
    };

    /// <summary>Most fields one validation problem names: a list of bad items is answered with its first ones, not echoed whole.</summary>
    public const int MaxFields = 20;

    /// <summary>
    /// Names a validation problem's fields as the JSON does (<c>Points[0].Timestamp</c> is <c>points[0].timestamp</c>,
    /// in the key and in its messages), keeps the first <see cref="MaxFields"/> and gives it the API's title and detail.
    /// </summary>
    public static void NameFields(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails validation)
        {
            return;
        }

        int count = validation.Errors.Count;
        var named = validation.Errors.Take(MaxFields).ToDictionary(e => JsonName(e.Key), e => e.Value.Select(m => InMessage(m, e.Key)).ToArray(), StringComparer.Ordinal);
        validation.Errors.Clear();
        foreach ((string field, string[] messages) in named)
        {
            validation.Errors[field] = messages;
        }

        validation.Title = Problems.TitleOf(StatusCodes.Status400BadRequest);
        string more = count > MaxFields ? $"; and {count - MaxFields} more field(s)" : string.Empty;
        validation.Detail = Quote.Shorten(string.Join("; ", named.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))) + more;
    }

    // "The field HorizonHours must be …" reads "The field horizon_hours must be …".
    private static string InMessage(string message, string path)
    {
        string member = path[(path.LastIndexOf('.') + 1)..].Split('[')[0];
        return Regex.Replace(message, $@"\b{Regex.Escape(member)}\b", JsonName(member), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static string JsonName(string path) => string.Join('.', path.Split('.').Select(segment =>
    {
        int index = segment.IndexOf('[', StringComparison.Ordinal);
        return index < 0 ? LumenJson.Options.PropertyNamingPolicy!.ConvertName(segment)
            : LumenJson.Options.PropertyNamingPolicy!.ConvertName(segment[..index]) + segment[index..];
    }));

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    // ASP.NET's binding messages: 'Failed to bind parameter "int? top" from "abc".', 'Required parameter "T body" was not provided from body.'
    [GeneratedRegex("""parameter "(?:[^"]* )?(?<name>[^" ]+)" (?:from "[^"]*"|was not provided from (?<source>\w+))""")]
    private static partial Regex BoundParameter();
}

/// <summary>Requires the configured API key in <c>X-Api-Key</c> on write endpoints (mandatory off loopback, see <see cref="ServerOptions"/>).</summary>
/// <remarks>
/// <see cref="ApiKeyMiddleware"/> enforces the same key on every state-changing request, declared or not; this filter
/// only repeats it for the routes that still declare it, and can go once no branch adds it.
/// </remarks>
internal sealed class ApiKeyFilter(IOptions<ServerOptions> options) : IEndpointFilter
{
    /// <summary>Header carrying the key.</summary>
    public const string Header = "X-Api-Key";

    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.ApiKey) ? null : Encoding.UTF8.GetBytes(options.Value.ApiKey);

    /// <inheritdoc/>
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_key is not null)
        {
            string? given = context.HttpContext.Request.Headers[Header];
            if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _key))
            {
                return Problems.Field(Header, "missing or wrong API key", StatusCodes.Status401Unauthorized);
            }
        }

        return await next(context);
    }
}

/// <summary>
/// Caps request bodies before they are read: bodies of upload endpoints (those that accept multipart/form-data, with
/// or without a trailing slash) at <see cref="ServerOptions.MaxUploadBytes"/>, everything else at
/// <see cref="ServerOptions.MaxJsonBytes"/>. A declared length over the cap is answered 413 at once; an undeclared
/// (chunked) body is cut off with a 413 as soon as it passes the cap.
/// </summary>
internal sealed class RequestSizeLimitMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    private readonly ServerOptions _options = options.Value;

    /// <summary>True when the request's endpoint takes file uploads.</summary>
    public static bool IsUpload(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts
        && accepts.ContentTypes.Contains("multipart/form-data", StringComparer.OrdinalIgnoreCase);

    /// <summary>Applies the cap.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        long limit = IsUpload(context) ? _options.MaxUploadBytes : _options.MaxJsonBytes;
        if (context.Request.ContentLength > limit)
        {
            await Problems.Field("body", $"{context.Request.ContentLength} bytes exceed the limit of {limit} bytes", StatusCodes.Status413PayloadTooLarge)
                .ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
        await next(context);
    }
}

/// <summary>A read-only stream that fails with 413 once more than a limit has been read.</summary>
internal sealed class LimitedReadStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int n)
    {
        _read += n;
        if (_read > limit)
        {
            throw new BadHttpRequestException($"the request body exceeds the limit of {limit} bytes", StatusCodes.Status413PayloadTooLarge);
        }

        return n;
    }
}

/// <summary>Turns exceptions that escape a handler into problem details; client errors keep their status, others are a bare 500.</summary>
internal sealed partial class ApiExceptionHandler(Microsoft.Extensions.Logging.ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    [Microsoft.Extensions.Logging.LoggerMessage(20, Microsoft.Extensions.Logging.LogLevel.Error, "Request {Method} {Path} failed")]
    private static partial void RequestFailed(Microsoft.Extensions.Logging.ILogger logger, string method, string path, Exception exception);

    /// <inheritdoc/>
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemHttpResult problem = exception switch
        {
            BadHttpRequestException bad => RequestBinding.FromBinding(bad),
            InvalidDataException data when data.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) =>
                Problems.Field("body", data.Message, StatusCodes.Status413PayloadTooLarge),
            InvalidDataException data => Problems.Field("body", data.Message),
            TimeoutException busy => Problems.Field("request", busy.Message, StatusCodes.Status503ServiceUnavailable),
            _ => null!,
        };
        if (exception is TimeoutException && !httpContext.Response.HasStarted)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        if (problem is null)
        {
            RequestFailed(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            problem = TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Internal error",
                detail: "the request failed inside the service; see the service log");
        }

        await problem.ExecuteAsync(httpContext);
        return true;
    }
}

/// <summary>
/// The page of a list endpoint, <c>?top=&amp;offset=</c>, bound with <c>[AsParameters]</c>. Its ranges are declared here
/// once and checked by <see cref="ParameterBoundsMiddleware"/> before any handler runs (400 naming the parameter).
/// </summary>
/// <remarks>The attributes sit on the properties only: OpenAPI's schema reader fails on validation attributes of an [AsParameters] constructor.</remarks>
/// <param name="Top">Rows in the page, 1 to <see cref="MaxTop"/>; null for the endpoint's default.</param>
/// <param name="Offset">Rows skipped, 0 or more; null for 0.</param>
internal readonly record struct Paging(
    [property: FromQuery(Name = "top"), Range(1, Paging.MaxTop)] int? Top,
    [property: FromQuery(Name = "offset"), Range(0, int.MaxValue)] int? Offset)
{
    /// <summary>Longest page of any list.</summary>
    public const int MaxTop = 1000;

    /// <summary>Rows skipped.</summary>
    public int Skip => Offset ?? 0;

    /// <summary>Rows in the page, <paramref name="fallback"/> when not given.</summary>
    public int Take(int fallback) => Top ?? fallback;
}
