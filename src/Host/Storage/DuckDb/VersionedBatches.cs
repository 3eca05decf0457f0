using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;

namespace Lumen.Host.Storage.DuckDb;

/// <summary>
/// How every import is stored: numbered batches (network versions, outage and repair batches, register revisions,
/// rule sets, series batches), 1, 2, … in import order, never reused or overwritten. One import at a time per table;
/// a batch's header row and its rows are written in one transaction, so a batch is either complete or absent.
/// </summary>
/// <param name="store">The store.</param>
/// <param name="table">The batch table (one of the store's own table names, never input).</param>
/// <param name="column">Its batch-number column.</param>
internal sealed class VersionedBatches(DuckDbStore store, string table, string column)
{
    /// <summary>Serialises the writers of the table (imports, and other changes that must not interleave with them).</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>
    /// Under <see cref="Gate"/>: the answer of <paramref name="withoutWriting"/> when it gives one (the same content is
    /// stored already, or the input conflicts with what is stored); otherwise <paramref name="write"/>'s, which writes
    /// the next batch number's rows inside a transaction that is committed when it returns.
    /// </summary>
    public T Store<T>(Func<DuckDBConnection, T?> withoutWriting, Func<DuckDBConnection, int, T> write)
        where T : class
    {
        Gate.Wait();
        try
        {
            using DuckDBConnection connection = store.OpenForWriting();
            if (withoutWriting(connection) is T answer)
            {
                return answer;
            }

            using DbTransaction transaction = connection.BeginTransaction();
            T written = write(connection, Next(connection));
            store.Commit(transaction);
            return written;
        }
        finally
        {
            Gate.Release();
        }
    }

    private int Next(DuckDBConnection connection)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT coalesce(max({column}), 0) + 1 FROM {table}";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
