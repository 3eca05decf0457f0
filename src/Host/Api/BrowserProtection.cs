using System.Security.Cryptography;
using System.Text;
using Lumen.Host.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>
/// Headers on every response that keep a browser from running injected script, framing the dashboard or sniffing
/// content types: a Content-Security-Policy without inline script, <c>nosniff</c>, <c>DENY</c> framing, no referrer.
/// </summary>
/// <remarks>Set when the response starts, so error pages written after the exception handler cleared the headers get them too.</remarks>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>The policy the dashboard is written for: scripts and styles from the service only (inline styles allowed, no inline script).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers once the response starts.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            IHeaderDictionary headers = ((HttpResponse)state).Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}

/// <summary>
/// Refuses state-changing requests a browser sends on behalf of another site (403), with or without an API key:
/// a multipart or form POST needs no CORS preflight, so without this any page the planner visits could replace the
/// network. A browser marks the request with Fetch Metadata (<c>Sec-Fetch-Site</c>; only <c>same-origin</c> and
/// <c>none</c>, a user's own action, pass) and with <c>Origin</c> (must name this service's own host and port).
/// Clients that are not browsers send neither and pass to the API key check.
/// </summary>
internal sealed class CrossSiteWriteMiddleware(RequestDelegate next)
{
    /// <summary>Checks the request.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        if (!IsStateChanging(request.Method))
        {
            return next(context);
        }

        string? site = request.Headers["Sec-Fetch-Site"];
        if (site is not null && site is not ("same-origin" or "none"))
        {
            return Refuse(context, "Sec-Fetch-Site", $"a {site} request may not change anything here; use the dashboard or a non-browser client");
        }

        // The origin's host and port must be the request's own; the scheme is not compared, so that a TLS-terminating
        // reverse proxy (https outside, http here) that passes the Host header through keeps working.
        string? origin = request.Headers.Origin;
        if (origin is not null && !(Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https"
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            return Refuse(context, "Origin", $"'{Quote.Prefix(origin)}' is not this service's origin; cross-site writes are refused");
        }

        return next(context);
    }

    /// <summary>True for every method but the safe ones (GET, HEAD, OPTIONS, TRACE).</summary>
    public static bool IsStateChanging(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    private static Task Refuse(HttpContext context, string field, string message) =>
        Problems.Field(field, message, StatusCodes.Status403Forbidden).ExecuteAsync(context);
}

/// <summary>
/// Requires the configured API key in <c>X-Api-Key</c> on every state-changing request, and on reads of
/// <c>/api</c> and <c>/openapi</c> when <see cref="ServerOptions.RequireKeyForReads"/> is set. Health checks, the
/// dashboard's static files and requests without a configured key pass. Every route, present and future, is covered
/// because the check runs on the request, not on the endpoint.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.ApiKey) ? null : Encoding.UTF8.GetBytes(options.Value.ApiKey);
    private readonly bool _reads = options.Value.RequireKeyForReads;

    /// <summary>Checks the key.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (_key is null || !Needed(context.Request) || Matches(context.Request.Headers[ApiKeyFilter.Header]))
        {
            return next(context);
        }

        return Problems.Field(ApiKeyFilter.Header, "missing or wrong API key", StatusCodes.Status401Unauthorized).ExecuteAsync(context);
    }

    private bool Needed(HttpRequest request) =>
        CrossSiteWriteMiddleware.IsStateChanging(request.Method)
        || (_reads && (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)));

    private bool Matches(string? given) => given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _key);
}

/// <summary>How a problem message quotes a value the client sent: a short prefix, never the whole (possibly megabytes long) value.</summary>
internal static partial class Quote
{
    /// <summary>Longest message a problem carries, characters.</summary>
    public const int MaxMessageLength = 1000;

    /// <summary><paramref name="message"/> with every quoted value cut to its prefix, and the whole cut to <see cref="MaxMessageLength"/>.</summary>
    public static string Shorten(string message)
    {
        if (message.Length <= 2 * MaxLength)
        {
            return message;
        }

        string shortened = LongQuotedValue().Replace(message, m => $"'{Prefix(m.Groups[1].Value)}'");
        return shortened.Length <= MaxMessageLength ? shortened : Prefix(shortened[..MaxMessageLength]);
    }

    [System.Text.RegularExpressions.GeneratedRegex("'([^']{65,})'")]
    private static partial System.Text.RegularExpressions.Regex LongQuotedValue();

    /// <summary>Longest quoted prefix, characters.</summary>
    public const int MaxLength = 64;

    /// <summary><paramref name="value"/>, or its first <see cref="MaxLength"/> characters followed by "…" and its length.</summary>
    public static string Prefix(string value) =>
        value.Length <= MaxLength ? value : string.Concat(value.AsSpan(0, MaxLength), $"… ({value.Length:N0} characters)");
}
