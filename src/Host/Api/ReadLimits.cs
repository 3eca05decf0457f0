using System.Threading.RateLimiting;
using Lumen.Host.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Api;

/// <summary>
/// Bounds on the work an anonymous read can cause: every GET/HEAD is cancelled after
/// <see cref="ServerOptions.ReadTimeout"/> (503), and expensive work runs at most
/// <see cref="ServerOptions.ExpensiveReadConcurrency"/> at a time, with a short queue, then 503 with <c>Retry-After</c>.
/// One limiter, <see cref="ExpensiveReads"/>, bounds every computation: an export streaming a stored table, a network
/// version rebuilt from the store, an answer not remembered yet; a remembered answer never waits for it.
/// </summary>
internal static class ReadLimits
{
    /// <summary>Requests that wait for a permit before the next is refused.</summary>
    internal const int QueueLimit = 32;

    /// <summary>Why an expensive read is refused (503 with <c>Retry-After</c>).</summary>
    internal const string BusyMessage = "too many expensive reads at once; retry in a second";

    /// <summary>Registers <see cref="ExpensiveReads"/>.</summary>
    public static IServiceCollection AddLumenReadLimits(this IServiceCollection services) => services.AddSingleton<ExpensiveReads>();
}

/// <summary>
/// The computing of answers that are not remembered yet, <see cref="ServerOptions.ExpensiveReadConcurrency"/> at a time
/// with <see cref="ReadLimits.QueueLimit"/> waiting. Only a miss takes a permit: a remembered answer is read without one.
/// </summary>
/// <remarks>Thread-safe; one instance per service.</remarks>
internal sealed class ExpensiveReads(IOptions<ServerOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.ExpensiveReadConcurrency,
        QueueLimit = ReadLimits.QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>Runs <paramref name="compute"/> on the thread pool once a permit is free.</summary>
    /// <exception cref="TimeoutException">The queue is full (the API answers 503 with <c>Retry-After</c>).</exception>
    public async Task<T> RunAsync<T>(Func<T> compute, CancellationToken cancellationToken)
    {
        using RateLimitLease lease = await _limiter.AcquireAsync(1, cancellationToken);
        return lease.IsAcquired ? await Task.Run(compute, cancellationToken) : throw new TimeoutException(ReadLimits.BusyMessage);
    }

    /// <summary>Runs <paramref name="stream"/> (work that writes as it goes, such as an export) holding a permit until it ends.</summary>
    /// <exception cref="TimeoutException">The queue is full (the API answers 503 with <c>Retry-After</c>).</exception>
    public async Task StreamAsync(Func<Task> stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using RateLimitLease lease = await _limiter.AcquireAsync(1, cancellationToken);
        await (lease.IsAcquired ? stream() : throw new TimeoutException(ReadLimits.BusyMessage));
    }

    /// <inheritdoc/>
    public void Dispose() => _limiter.Dispose();
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
