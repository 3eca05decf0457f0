namespace Lumen.Host.Storage.DuckDb;

/// <summary>
/// Keeps every commit apart from every read of the store: a commit waits until the open reading connections are
/// closed, and new ones wait while a commit waits or runs. Commits are short; reads go on in parallel with each other.
/// The reads of the committing flow itself (async-local) do not count, nor wait for a commit: they run no query while
/// it commits (results are materialised when a command executes), and waiting for them would never end.
/// </summary>
/// <remarks>
/// Why: DuckDB (1.5.x) moves a committing transaction's rows into a table directly when the table was empty or the
/// commit holds a full row group (<c>LocalStorage::Flush</c> → <c>MergeStorage</c>), and a query that sorts the table
/// (<c>ORDER BY</c>) while that happens can return rows of garbage (a register revision 633816312 on a fresh store,
/// seen once in CI; <c>StoreConcurrencyTests</c> reproduce it). Not tied to a thread, so a read may end on another
/// thread than it began (async exports).
/// </remarks>
internal sealed class CommitGate
{
    private readonly object _lock = new();
    private readonly AsyncLocal<int> _flowReads = new(); // reads open in this flow (a copy flows into tasks it starts)
    private int _readers;
    private int _waitingCommits;
    private bool _committing;

    /// <summary>Begins a read; the returned ticket ends it (once, however often it is disposed).</summary>
    public IDisposable Read()
    {
        int mine = _flowReads.Value;
        lock (_lock)
        {
            while (_committing || (_waitingCommits > 0 && mine == 0))
            {
                Monitor.Wait(_lock);
            }

            _readers++;
        }

        _flowReads.Value = mine + 1;
        return new Ticket(this);
    }

    /// <summary>Runs <paramref name="commit"/> with no read of another flow open.</summary>
    public void Commit(Action commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        int mine = _flowReads.Value;
        lock (_lock)
        {
            _waitingCommits++;
            while (_committing || _readers > mine)
            {
                Monitor.Wait(_lock);
            }

            _waitingCommits--;
            _committing = true;
        }

        try
        {
            commit();
        }
        finally
        {
            lock (_lock)
            {
                _committing = false;
                Monitor.PulseAll(_lock);
            }
        }
    }

    private void EndRead()
    {
        _flowReads.Value = Math.Max(0, _flowReads.Value - 1);
        lock (_lock)
        {
            if (--_readers == 0 || _waitingCommits > 0)
            {
                Monitor.PulseAll(_lock);
            }
        }
    }

    private sealed class Ticket(CommitGate gate) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                gate.EndRead();
            }
        }
    }
}
