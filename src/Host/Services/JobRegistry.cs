using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lumen.Host.Services;

/// <summary>State of a long computation.</summary>
internal enum JobState
{
    /// <summary>Waiting for the worker.</summary>
    Queued,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Finished; the result is available.</summary>
    Succeeded,

    /// <summary>Failed; see the error.</summary>
    Failed,

    /// <summary>Stopped because the service shut down.</summary>
    Cancelled,
}

/// <summary>A long computation run outside the request (e.g. Monte Carlo).</summary>
internal sealed class Job(Guid id, string kind, DateTime createdAt, Func<Job, CancellationToken, object> work)
{
    /// <summary>Job id (the status URL is <c>/api/jobs/{id}</c>).</summary>
    public Guid Id { get; } = id;

    /// <summary>What it computes.</summary>
    public string Kind { get; } = kind;

    /// <summary>When it was submitted (UTC).</summary>
    public DateTime CreatedAt { get; } = createdAt;

    /// <summary>Current state.</summary>
    public JobState State { get; set; }

    /// <summary>Fraction of the work completed, 0..1 (read by status requests while the work updates it).</summary>
    public double Progress
    {
        get => Volatile.Read(ref _progress);
        set => Volatile.Write(ref _progress, value);
    }

    /// <summary>The step in progress.</summary>
    public string? Step { get; set; }

    /// <summary>The result once succeeded.</summary>
    public object? Result { get; set; }

    /// <summary>The error message once failed.</summary>
    public string? Error { get; set; }

    /// <summary>When it finished (UTC).</summary>
    public DateTime? FinishedAt { get; set; }

    internal Func<Job, CancellationToken, object> Work { get; } = work;

    private double _progress;

    /// <summary>
    /// Raises <see cref="Progress"/> to <paramref name="fraction"/> (0..1); callable from many worker threads at once,
    /// a late smaller value never moves it back.
    /// </summary>
    public void ReportProgress(double fraction)
    {
        double current = Progress;
        while (fraction > current)
        {
            double seen = Interlocked.CompareExchange(ref _progress, fraction, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

/// <summary>Holds jobs and queues them for <see cref="JobRunner"/>; keeps the last 200.</summary>
internal sealed class JobRegistry(TimeProvider timeProvider)
{
    private const int Kept = 200;
    private readonly ConcurrentDictionary<Guid, Job> _jobs = new();
    private readonly ConcurrentQueue<Guid> _order = new();
    private readonly Channel<Job> _queue = Channel.CreateBounded<Job>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Queued jobs.</summary>
    internal ChannelReader<Job> Queue => _queue.Reader;

    /// <summary>Queues <paramref name="work"/>; returns null when the queue is full (the caller answers 503).</summary>
    public Job? TrySubmit(string kind, Func<Job, CancellationToken, object> work)
    {
        var job = new Job(Guid.NewGuid(), kind, timeProvider.GetUtcNow().UtcDateTime, work);
        if (!_queue.Writer.TryWrite(job))
        {
            return null;
        }

        _jobs[job.Id] = job;
        _order.Enqueue(job.Id);
        while (_order.Count > Kept && _order.TryDequeue(out Guid old))
        {
            _jobs.TryRemove(old, out _);
        }

        return job;
    }

    /// <summary>The job, or null.</summary>
    public Job? Find(Guid id) => _jobs.TryGetValue(id, out Job? job) ? job : null;

    /// <summary>True when no kept job is queued or running.</summary>
    public bool Idle
    {
        get
        {
            foreach (Job job in _jobs.Values)
            {
                if (job.State is JobState.Queued or JobState.Running)
                {
                    return false;
                }
            }

            return true;
        }
    }

    internal DateTime Now => timeProvider.GetUtcNow().UtcDateTime;
}

/// <summary>Runs queued jobs one at a time; a failing job is logged and marked failed, the runner goes on.</summary>
internal sealed class JobRunner(JobRegistry registry, ILogger<JobRunner> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (Job job in registry.Queue.ReadAllAsync(stoppingToken))
            {
                job.State = JobState.Running;
                Log.JobStateChanged(logger, job.Id, job.Kind, "running");
                try
                {
                    object result = await Task.Run(() => job.Work(job, stoppingToken), stoppingToken);
                    job.Result = result;
                    job.Progress = 1;
                    job.State = JobState.Succeeded;
                    Log.JobStateChanged(logger, job.Id, job.Kind, "succeeded");
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    job.State = JobState.Cancelled;
                    throw;
                }
                catch (Exception ex)
                {
                    job.Error = ex.Message;
                    job.State = JobState.Failed;
                    Log.JobFailed(logger, job.Id, job.Kind, ex);
                }
                finally
                {
                    job.FinishedAt = registry.Now;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Graceful shutdown: queued jobs are dropped with the process.
        }
    }
}
