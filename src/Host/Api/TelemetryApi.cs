using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Lumen.Host.Telemetry.Influx;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>Body of <c>POST /api/telemetry</c>.</summary>
public sealed record TelemetryWriteRequest([Required, Length(1, TelemetryWriteRequest.MaxPoints)] IReadOnlyList<TelemetryPointRequest>? Points)
{
    /// <summary>Most points in one write.</summary>
    public const int MaxPoints = 100_000;
}

/// <summary>One sample to write (the value is finite: JSON has no NaN or infinity, and the reader rejects them).</summary>
public sealed record TelemetryPointRequest([Required] string? Measurement, [Required] string? Series, [Required] DateTime? Timestamp, [Required] double? Value);

/// <summary>Answer of a write: how many points were stored durably (they reach InfluxDB in order, whenever it is up).</summary>
internal sealed record TelemetryWriteDocument(int Buffered, int PendingBatches);

/// <summary>Samples of one series.</summary>
internal sealed record TelemetrySeriesDocument(string Measurement, string Series, DateTime From, DateTime To, double? EverySeconds, IReadOnlyList<TelemetrySample> Samples);

/// <summary><c>/api/telemetry</c>: load and voltage series in InfluxDB (404 when InfluxDB is not configured).</summary>
internal static class TelemetryApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapTelemetryApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/telemetry").WithTags("Telemetry");
        api.MapPost("/", Write).WithName("WriteTelemetry")
            .WithSummary("Buffer samples durably and send them to InfluxDB in batches (202: stored, on its way).").AddEndpointFilter<ApiKeyFilter>();
        api.MapGet("/{measurement}/{series}", QueryAsync).WithName("QueryTelemetry")
            .WithSummary("Samples of one series in [from, to) (required, bounded); every_seconds averages per interval with fill(none).");
        return app;
    }

    private static Results<Accepted<TelemetryWriteDocument>, ProblemHttpResult> Write([FromBody] TelemetryWriteRequest body, IServiceProvider services)
    {
        if (services.GetService<InfluxWriter>() is not { } writer)
        {
            return NotConfigured();
        }

        TelemetryPoint[] parsed = [.. body.Points!.Select(p => new TelemetryPoint(p.Measurement!, p.Series!, p.Timestamp!.Value.ToUniversalTime(), p.Value!.Value))];
        writer.Enqueue(parsed);
        return TypedResults.Accepted((string?)null, new TelemetryWriteDocument(parsed.Length, writer.PendingBatches));
    }

    private static async Task<Results<Ok<TelemetrySeriesDocument>, ProblemHttpResult>> QueryAsync(
        string measurement, string series, DateTime? from, DateTime? to, [FromQuery(Name = "every_seconds"), Range(1, 31_622_400)] double? everySeconds,
        IServiceProvider services, IOptions<InfluxOptions> influx, CancellationToken cancellationToken)
    {
        if (services.GetService<InfluxClient>() is not { } client || services.GetService<InfluxWriter>() is null)
        {
            return NotConfigured();
        }

        if (from is null)
        {
            return Problems.Field("from", "required: queries are always bounded in time");
        }

        if (to is null)
        {
            return Problems.Field("to", "required: queries are always bounded in time");
        }

        TimeSpan? every = everySeconds is double s ? TimeSpan.FromSeconds(s) : null;
        DateTime fromUtc = from.Value.ToUniversalTime();
        DateTime toUtc = to.Value.ToUniversalTime();

        // The client refuses an unbounded query as a programming error; a user's range is checked here, before it.
        TimeSpan maxRange = influx.Value.MaxQueryRange;
        if (toUtc <= fromUtc)
        {
            return Problems.Field("to", "the time range is empty or inverted: 'to' must be after 'from'");
        }

        if (toUtc - fromUtc > maxRange)
        {
            return Problems.Field("to", $"the time range exceeds the limit of {maxRange.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)} days");
        }

        try
        {
            IReadOnlyList<TelemetrySample> samples = await client.QueryAsync(measurement, series, fromUtc, toUtc, every, cancellationToken);
            return TypedResults.Ok(new TelemetrySeriesDocument(measurement, series, fromUtc, toUtc, everySeconds, samples));
        }
        catch (HttpRequestException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "InfluxDB is unavailable", detail: ex.Message);
        }
    }

    private static ProblemHttpResult NotConfigured() =>
        Problems.Field("telemetry", "InfluxDB is not configured (set Lumen:Influx:Enabled=true and Lumen:Influx:Url)", StatusCodes.Status404NotFound);
}
