using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lumen.Host.Api;

/// <summary>
/// Every route and query parameter of every endpoint has a range, checked before the handler runs (400 naming the
/// parameter), so no input reaches a handler that could make it fail with a 500.
/// </summary>
/// <remarks>
/// <para>How a route declares its parameters' ranges: put DataAnnotations on the handler's parameters, nothing else.</para>
/// <code>
/// static IResult List([Range(1, 1000)] int? top, [StringLength(64)] string? feeder,
///                     [Range(typeof(DateTime), "2000-01-01", "2100-01-01")] DateTime? from) => …
/// </code>
/// <para>Without an attribute the defaults apply: strings (route or query) at most <see cref="DefaultMaxLength"/>
/// characters, floating-point numbers finite, dates between <see cref="MinDay"/> and <see cref="MaxDay"/>. A value
/// that does not parse at all (<c>top=abc</c>) is left to ASP.NET's binding, which answers 400. The whole query
/// string is capped at <see cref="MaxQueryLength"/> characters and unbound query keys at <see cref="DefaultMaxLength"/>.
/// A handler that takes a date as a string parses it itself and must keep it inside [<see cref="MinDay"/>, <see cref="MaxDay"/>].</para>
/// </remarks>
internal sealed class ParameterBoundsMiddleware(RequestDelegate next)
{
    /// <summary>Longest string parameter without a declared length.</summary>
    public const int DefaultMaxLength = 256;

    /// <summary>Longest query string.</summary>
    public const int MaxQueryLength = 8192;

    /// <summary>Earliest date any parameter may name.</summary>
    public static readonly DateTime MinDay = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Latest date any parameter may name.</summary>
    public static readonly DateTime MaxDay = new(2200, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly ConcurrentDictionary<Endpoint, ParameterRule[]> s_rules = new();

    /// <summary>Checks the request's parameters against its endpoint's rules.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        if (request.QueryString.Value is { Length: > MaxQueryLength } query)
        {
            return Reject(context, "query", $"the query string is {query.Length:N0} characters long; at most {MaxQueryLength:N0}", StatusCodes.Status414UriTooLong);
        }

        foreach (KeyValuePair<string, object?> value in request.RouteValues)
        {
            if (value.Value is string s && s.Length > DefaultMaxLength)
            {
                return Reject(context, value.Key, $"at most {DefaultMaxLength} characters ({s.Length:N0} given)");
            }
        }

        ParameterRule[] rules = context.GetEndpoint() is RouteEndpoint endpoint ? s_rules.GetOrAdd(endpoint, e => RulesOf((RouteEndpoint)e)) : [];
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> pair in request.Query)
        {
            if (Array.Exists(rules, r => !r.FromRoute && string.Equals(r.Name, pair.Key, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (pair.Value.Any(v => v is { Length: > DefaultMaxLength }))
            {
                return Reject(context, pair.Key, $"at most {DefaultMaxLength} characters");
            }
        }

        foreach (ParameterRule rule in rules)
        {
            string? raw = rule.FromRoute ? request.RouteValues[rule.Name] as string : request.Query[rule.Name].FirstOrDefault();
            if (raw is not null && rule.Check(raw) is { } message)
            {
                return Reject(context, rule.Name, message);
            }
        }

        return next(context);
    }

    private static Task Reject(HttpContext context, string field, string message, int status = StatusCodes.Status400BadRequest) =>
        Problems.Field(field, message, status).ExecuteAsync(context);

    private static ParameterRule[] RulesOf(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } method)
        {
            return [];
        }

        // The bound (settable) properties of an [AsParameters] type (e.g. Paging) are checked as if the handler declared them.
        var rules = new List<ParameterRule>();
        foreach ((string declared, Type type, ICustomAttributeProvider attributes) in method.GetParameters().SelectMany(p => p.GetCustomAttribute<AsParametersAttribute>() is null
            ? [(p.Name!, p.ParameterType, (ICustomAttributeProvider)p)]
            : p.ParameterType.GetProperties().Where(q => q.CanWrite).Select(q => (q.Name, q.PropertyType, (ICustomAttributeProvider)q))))
        {
            FromQueryAttribute? query = Attribute<FromQueryAttribute>(attributes);
            FromRouteAttribute? route = Attribute<FromRouteAttribute>(attributes);
            if (query is null && route is null
                && (!IsSimple(type) || Attribute<FromHeaderAttribute>(attributes) is not null || Attribute<FromServicesAttribute>(attributes) is not null))
            {
                continue;
            }

            string name = query?.Name ?? route?.Name ?? declared;
            bool fromRoute = endpoint.RoutePattern.GetParameter(name) is not null;
            int maxLength = Attribute<StringLengthAttribute>(attributes)?.MaximumLength ?? Attribute<MaxLengthAttribute>(attributes)?.Length ?? DefaultMaxLength;
            rules.Add(new ParameterRule(name, fromRoute, Nullable.GetUnderlyingType(type) ?? type, Attribute<RangeAttribute>(attributes), maxLength));
        }

        return [.. rules];
    }

    private static T? Attribute<T>(ICustomAttributeProvider provider)
        where T : Attribute => provider.GetCustomAttributes(typeof(T), inherit: false).OfType<T>().FirstOrDefault();

    private static bool IsSimple(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(DateTimeOffset)
            || t == typeof(DateOnly) || t == typeof(TimeSpan) || t == typeof(Guid);
    }

    /// <summary>The range of one parameter: its type, a declared <see cref="RangeAttribute"/> and a length.</summary>
    private sealed record ParameterRule(string Name, bool FromRoute, Type Type, RangeAttribute? Range, int MaxLength)
    {
        /// <summary>Why <paramref name="raw"/> is out of range, or null when it is in range (or does not parse: binding answers that).</summary>
        public string? Check(string raw)
        {
            if (raw.Length > MaxLength)
            {
                return $"at most {MaxLength} characters ({raw.Length:N0} given)";
            }

            if (Type == typeof(double) || Type == typeof(float) || Type == typeof(decimal))
            {
                if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
                {
                    return null;
                }

                if (!double.IsFinite(number) || (Type == typeof(float) && !float.IsFinite((float)number)))
                {
                    return "a finite number";
                }

                return InRange(number) ? null : Between;
            }

            if (Type == typeof(DateTime) || Type == typeof(DateTimeOffset) || Type == typeof(DateOnly))
            {
                // A time whose UTC falls outside DateTimeOffset's range does not parse as one, but binds as a DateTime.
                const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
                if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, styles, out DateTimeOffset when))
                {
                    return DateTime.TryParse(raw, CultureInfo.InvariantCulture, styles, out _) ? $"a date from {MinDay:yyyy-MM-dd} to before {MaxDay:yyyy-MM-dd}" : null;
                }

                DateTime utc = when.UtcDateTime;
                return Range is not null ? (Range.IsValid(utc) ? null : Between)
                    : utc < MinDay || utc >= MaxDay ? $"a date from {MinDay:yyyy-MM-dd} to before {MaxDay:yyyy-MM-dd}" : null;
            }

            if (Type.IsPrimitive && long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out long integer) && !InRange(integer))
            {
                return Between;
            }

            return null;
        }

        private string Between => $"between {Range!.Minimum} and {Range.Maximum}";

        private bool InRange(double value) => Range is null
            || (value >= Convert.ToDouble(Range.Minimum, CultureInfo.InvariantCulture) && value <= Convert.ToDouble(Range.Maximum, CultureInfo.InvariantCulture));
    }
}
