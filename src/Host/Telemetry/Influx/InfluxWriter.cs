using System.Globalization;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Telemetry.Influx;

/// <summary>
/// The durable write buffer: every batch is a file <c>{sequence:D20}.lp</c> written to a temporary name, flushed to
/// disk and renamed, so a batch is either wholly on disk or absent. Batches leave only after InfluxDB acknowledged
/// them, oldest first, so the order of writes is kept across outages and restarts.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class DurableWriteBuffer
{
    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly string _deadLetters;
    private long _next;

    /// <summary>Opens (or creates) the buffer in <paramref name="directory"/>; batches left by a previous run are kept for replay.</summary>
    public DurableWriteBuffer(string directory)
    {
        _directory = Path.GetFullPath(directory);
        _deadLetters = Path.Combine(_directory, "rejected");
        Directory.CreateDirectory(_directory);
        foreach (string stale in Directory.GetFiles(_directory, "*.tmp"))
        {
            // A batch whose rename never happened was never acknowledged to the caller either.
            File.Delete(stale);
        }

        string[] segments = Segments();
        _next = segments.Length == 0 ? 1 : Sequence(segments[^1]) + 1;
    }

    /// <summary>Batches waiting to be sent.</summary>
    public int Count => Segments().Length;

    /// <summary>Stores <paramref name="lines"/> durably as batches of at most <paramref name="batchSize"/> lines.</summary>
    public void Append(IReadOnlyList<string> lines, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(lines);
        lock (_gate)
        {
            for (int start = 0; start < lines.Count; start += batchSize)
            {
                var text = new StringBuilder();
                int end = Math.Min(lines.Count, start + batchSize);
                for (int i = start; i < end; i++)
                {
                    text.Append(lines[i]).Append('\n');
                }

                string name = Path.Combine(_directory, _next.ToString("D20", CultureInfo.InvariantCulture) + ".lp");
                string temp = name + ".tmp";
                using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    file.Write(Encoding.UTF8.GetBytes(text.ToString()));
                    file.Flush(flushToDisk: true);
                }

                File.Move(temp, name);
                _next++;
            }
        }
    }

    /// <summary>The oldest batches, together at most <paramref name="maxLines"/> lines (always at least one batch when any is waiting).</summary>
    public (IReadOnlyList<string> Files, string Lines, int LineCount) TakeOldest(int maxLines)
    {
        var files = new List<string>();
        var text = new StringBuilder();
        int count = 0;
        foreach (string segment in Segments())
        {
            string content = File.ReadAllText(segment);
            int lines = content.Count(c => c == '\n');
            if (files.Count > 0 && count + lines > maxLines)
            {
                break;
            }

            files.Add(segment);
            text.Append(content);
            count += lines;
        }

        return (files, text.ToString(), count);
    }

    /// <summary>Removes acknowledged batches.</summary>
    public static void Remove(IReadOnlyList<string> files)
    {
        foreach (string file in files)
        {
            File.Delete(file);
        }
    }

    /// <summary>Moves batches InfluxDB rejected for good to <c>rejected/</c> (kept for inspection, never dropped silently).</summary>
    public void Reject(IReadOnlyList<string> files)
    {
        Directory.CreateDirectory(_deadLetters);
        foreach (string file in files)
        {
            File.Move(file, Path.Combine(_deadLetters, Path.GetFileName(file)), overwrite: true);
        }
    }

    private string[] Segments()
    {
        string[] files = Directory.GetFiles(_directory, "*.lp");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    private static long Sequence(string path) => long.Parse(Path.GetFileNameWithoutExtension(path), CultureInfo.InvariantCulture);
}

/// <summary>
/// Sends buffered telemetry to InfluxDB: batched, retried with exponential backoff while InfluxDB is unreachable,
/// replayed in order when it is back. A point is written with its own timestamp, and InfluxDB stores one point per
/// series and timestamp, so a batch re-sent after a lost acknowledgement does not duplicate anything.
/// </summary>
internal sealed partial class InfluxWriter(IOptions<InfluxOptions> options, InfluxClient client, TimeProvider timeProvider, ILogger<InfluxWriter> logger)
    : BackgroundService
{
    private readonly InfluxOptions _options = options.Value;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private DurableWriteBuffer? _buffer;

    /// <summary>Batches not yet acknowledged by InfluxDB.</summary>
    public int PendingBatches => Buffer.Count;

    /// <summary>Consecutive failed attempts since the last success.</summary>
    public int ConsecutiveFailures { get; private set; }

    private DurableWriteBuffer Buffer => _buffer ??= new DurableWriteBuffer(_options.BufferDirectory);

    /// <summary>Stores <paramref name="points"/> durably and wakes the sender; returns once they are on disk.</summary>
    public void Enqueue(IReadOnlyList<TelemetryPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var lines = new string[points.Count];
        for (int i = 0; i < lines.Length; i++)
        {
            lines[i] = points[i].ToLineProtocol();
        }

        Buffer.Append(lines, _options.BatchSize);
        _wake.Release();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan delay = _options.InitialRetryDelay;
        bool databaseReady = !_options.CreateDatabase;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!databaseReady)
                {
                    await client.CreateDatabaseAsync(stoppingToken);
                    databaseReady = true;
                }

                while (Buffer.Count > 0)
                {
                    (IReadOnlyList<string> files, string lines, int count) = Buffer.TakeOldest(_options.BatchSize);
                    try
                    {
                        await client.WriteAsync(lines, stoppingToken);
                        DurableWriteBuffer.Remove(files);
                        LogWritten(logger, count, files.Count);
                    }
                    catch (InfluxWriteException ex) when (!ex.Transient)
                    {
                        Buffer.Reject(files);
                        LogRejected(logger, count, ex.Message);
                    }

                    ConsecutiveFailures = 0;
                    delay = _options.InitialRetryDelay;
                }

                await _wake.WaitAsync(_options.FlushInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Unreachable, timed out, 5xx: keep the batches and try again later (per-iteration error, STYLE §8).
                ConsecutiveFailures++;
                LogRetrying(logger, ConsecutiveFailures, delay.TotalMilliseconds, ex.Message);
                try
                {
                    await Task.Delay(delay, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }
    }

    [LoggerMessage(30, LogLevel.Debug, "Wrote {Lines} lines ({Batches} batches) to InfluxDB")]
    private static partial void LogWritten(ILogger logger, int lines, int batches);

    [LoggerMessage(31, LogLevel.Error, "InfluxDB rejected {Lines} lines for good; they are kept under rejected/ in the buffer folder: {Reason}")]
    private static partial void LogRejected(ILogger logger, int lines, string reason);

    [LoggerMessage(32, LogLevel.Warning, "InfluxDB write failed {Failures} time(s) in a row; retrying in {DelayMs} ms, batches stay buffered on disk: {Reason}")]
    private static partial void LogRetrying(ILogger logger, int failures, double delayMs, string reason);
}

/// <summary>Readiness: InfluxDB answers <c>/ping</c> (only registered when InfluxDB is enabled).</summary>
internal sealed class InfluxHealthCheck(InfluxClient client, InfluxWriter writer) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        bool up = await client.PingAsync(cancellationToken);
        string buffered = $"{writer.PendingBatches} batch(es) buffered";
        return up ? HealthCheckResult.Healthy(buffered) : HealthCheckResult.Degraded("InfluxDB is unreachable; writes are buffered on disk; " + buffered);
    }
}
