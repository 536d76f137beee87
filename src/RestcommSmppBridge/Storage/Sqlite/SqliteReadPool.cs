using System.Collections.Concurrent;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// Read connections that keep their prepared statements between uses, for the reads the bridge makes once or twice
/// per message (the status-callback notifier's, the MO's number lookup). A read through Dapper on a fresh command
/// compiles its SQL every time (and a connection opened for writing runs its pragmas first):
/// SQLite's parser was about 3 % of the daemon's CPU under <c>load mt</c>. A context is used by one caller at a time
/// (<see cref="Rent"/>, then <see cref="Return"/>), so its connection is never shared between threads.
/// </summary>
internal sealed class SqliteReadPool : IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly int _maxIdle;
    private readonly ConcurrentBag<SqliteWriteContext> _idle = [];
    private int _disposed;

    public SqliteReadPool(SqliteDatabase database, int maxIdle)
    {
        _database = database;
        _maxIdle = maxIdle;
    }

    /// <summary>
    /// Runs <paramref name="read"/> in one read transaction (one snapshot of the file, WAL) on a pooled context, and
    /// gives the context back; one whose read threw is closed rather than reused. A failure of the file rather than of
    /// the query becomes <see cref="StoreUnavailableException"/>, as in <see cref="SqliteDatabase.ReadAsync{TState, T}"/>.
    /// </summary>
    public TResult Read<TState, TResult>(TState state, Func<SqliteWriteContext, TState, TResult> read)
    {
        SqliteWriteContext? context = null;
        bool broken = true;
        try
        {
            context = Rent();
            TResult result;
            using (Microsoft.Data.Sqlite.SqliteTransaction transaction = context.Connection.BeginTransaction(deferred: true))
            {
                context.Begin(transaction);
                result = read(context, state);
            }

            broken = false;
            _database.ReadSucceeded();
            return result;
        }
        catch (Microsoft.Data.Sqlite.SqliteException exception) when (SqliteDatabase.IsEnvironmental(exception))
        {
            throw _database.ReadFailed(exception);
        }
        finally
        {
            if (context is not null)
            {
                Return(context, broken);
            }
        }
    }

    /// <summary>An idle context, or a new one on a new read connection.</summary>
    public SqliteWriteContext Rent() =>
        _idle.TryTake(out SqliteWriteContext? context) ? context : new SqliteWriteContext(_database.OpenReadConnection());

    /// <summary>
    /// Gives a context back once its transaction has ended; kept for the next caller unless enough are idle already
    /// or the pool is closed, else closed. A context whose use failed is closed by passing <paramref name="broken"/>.
    /// </summary>
    public void Return(SqliteWriteContext context, bool broken = false)
    {
        if (!broken && Volatile.Read(ref _disposed) == 0 && _idle.Count < _maxIdle)
        {
            _idle.Add(context);
            if (Volatile.Read(ref _disposed) == 0)
            {
                return;
            }

            // Closed meanwhile: Dispose may have missed this one.
            if (!_idle.TryTake(out SqliteWriteContext? taken))
            {
                return;
            }

            context = taken;
        }

        Close(context);
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        while (_idle.TryTake(out SqliteWriteContext? context))
        {
            Close(context);
        }
    }

    private static void Close(SqliteWriteContext context)
    {
        context.Dispose();
        context.Connection.Dispose();
    }
}
