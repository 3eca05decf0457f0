using System.Threading.RateLimiting;
using Lumen.Host.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>
/// Bounds on the work an anonymous read can cause: every GET/HEAD is cancelled after
/// <see cref="ServerOptions.ReadTimeout"/> (503), and routes that declare themselves expensive (a full pass over stored
/// rows, an earlier network version, an export) run at most <see cref="ServerOptions.ExpensiveReadConcurrency"/> at a
/// time, with a short queue, then 503 with <c>Retry-After</c>. A route declares itself expensive with
/// <c>.RequireRateLimiting(ReadLimits.Expensive)</c>.
/// </summary>
internal static class ReadLimits
{
    /// <summary>Name of the concurrency policy of expensive reads.</summary>
    public const string Expensive = "expensive-read";

    private const int QueueLimit = 32;

    /// <summary>Registers the policy.</summary>
    public static IServiceCollection AddLumenReadLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ServerOptions>>((limiter, server) =>
        {
            limiter.AddConcurrencyLimiter(Expensive, o =>
            {
                o.PermitLimit = server.Value.ExpensiveReadConcurrency;
                o.QueueLimit = QueueLimit;
                o.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.OnRejected = (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return new ValueTask(Problems.Field("request", "too many expensive reads at once; retry in a second", StatusCodes.Status503ServiceUnavailable)
                    .ExecuteAsync(context.HttpContext));
            };
        });
        services.AddRateLimiter(_ => { });
        return services;
    }
}

/// <summary>Cancels a read (GET or HEAD) after <see cref="ServerOptions.ReadTimeout"/>: 503 when nothing was sent yet.</summary>
internal sealed class ReadTimeoutMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
{
    private readonly TimeSpan _timeout = options.Value.ReadTimeout;

    /// <summary>Runs the read under the timeout.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        CancellationToken aborted = context.RequestAborted;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(_timeout);
        context.RequestAborted = timeout.Token;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !aborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            await Problems.Field("request", $"the read took longer than {_timeout.TotalSeconds:N0} s and was cancelled; narrow it or retry", StatusCodes.Status503ServiceUnavailable)
                .ExecuteAsync(context);
        }
        finally
        {
            context.RequestAborted = aborted;
        }
    }
}
