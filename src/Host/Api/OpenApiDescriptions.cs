using Lumen.Host.Options;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Lumen.Host.Api;

/// <summary>
/// Declares the <c>X-Api-Key</c> scheme in the OpenAPI document and requires it on every state-changing operation
/// (and on every operation when <see cref="ServerOptions.RequireKeyForReads"/>), as <see cref="ApiKeyMiddleware"/> enforces.
/// </summary>
internal sealed class ApiKeySchemeTransformer(IOptions<ServerOptions> options) : IOpenApiDocumentTransformer
{
    /// <summary>Name of the scheme in <c>components.securitySchemes</c>.</summary>
    public const string Scheme = "ApiKey";

    /// <inheritdoc/>
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyFilter.Header,
            Description = options.Value.RequireKeyForReads
                ? "Required by every request under /api and /openapi."
                : "Required by every state-changing request when the service has a key (always off loopback).",
        };
        foreach (IOpenApiPathItem path in document.Paths.Values)
        {
            foreach ((HttpMethod method, OpenApiOperation operation) in path.Operations ?? [])
            {
                if (options.Value.RequireKeyForReads || CrossSiteWriteMiddleware.IsStateChanging(method.Method))
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] });
                }
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Describes <c>double</c> as a JSON number (null when not available): its converter
/// (<see cref="Cli.FiniteDoubleConverter"/>) is custom, which the schema generator would otherwise describe as "anything".
/// </summary>
internal static class FiniteNumberSchema
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        Type type = context.JsonTypeInfo.Type;
        if (type == typeof(double) || type == typeof(double?))
        {
            schema.Type = JsonSchemaType.Number | JsonSchemaType.Null;
            schema.Format = "double";
        }

        return Task.CompletedTask;
    }
}
