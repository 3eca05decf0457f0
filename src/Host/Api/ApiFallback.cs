using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Lumen.Host.Api;

/// <summary>
/// Answers a request under <c>/api</c> that no endpoint took: 405 with <c>Allow</c> when the path exists for other
/// methods, 415 when it exists for this method but another content type, else 404. (Route constraints are not evaluated here: a path that fails one for its own method is a 404.) (The catch-all fallback would otherwise turn every wrong method into a 404.)
/// </summary>
internal static class ApiFallback
{
    /// <summary>The fallback handler.</summary>
    public static IResult Handle(HttpContext context, EndpointDataSource endpoints)
    {
        string path = context.Request.Path.Value ?? "/";
        var allowed = new SortedSet<string>(StringComparer.Ordinal);
        var accepted = new SortedSet<string>(StringComparer.Ordinal);
        foreach (RouteEndpoint endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<HttpMethodMetadata>() is { } methods && endpoint.RoutePattern.RawText is { } pattern
                && !pattern.Contains("{**", StringComparison.Ordinal)
                && new TemplateMatcher(TemplateParser.Parse(pattern), []).TryMatch(path, []))
            {
                allowed.UnionWith(methods.HttpMethods);
                if (methods.HttpMethods.Contains(context.Request.Method) && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is { } accepts)
                {
                    accepted.UnionWith(accepts.ContentTypes);
                }
            }
        }

        // The path and method exist but for other content types than the one sent (routing left the endpoint out): 415 naming them.
        string? sent = context.Request.ContentType?.Split(';')[0].Trim();
        if (accepted.Count > 0 && !accepted.Contains(sent ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.Field("content-type", $"send {string.Join(" or ", accepted)}", StatusCodes.Status415UnsupportedMediaType);
        }

        // A path that matches a route only when its constraints ({version:int}, {id:guid}) are ignored, by its own method, is not found.
        if (allowed.Count == 0 || allowed.Contains(context.Request.Method))
        {
            return Problems.NotFound("path", Quote.Prefix(path));
        }

        context.Response.Headers.Allow = string.Join(", ", allowed);
        ProblemHttpResult problem = Problems.Field("method", $"{context.Request.Method} is not supported here; use {string.Join(" or ", allowed)}", StatusCodes.Status405MethodNotAllowed);
        return problem;
    }
}
