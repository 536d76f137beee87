namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file on a timer, outside the writer. SQLite's automatic checkpoint
/// runs inside the commit that crosses the threshold (1,000 pages), with its own syncs, so every caller of that
/// batch waits for it: under load that was the p99 of the REST API. A passive checkpoint from another connection
/// takes no write lock: the writer keeps appending while it runs, and what it cannot copy yet (frames a reader still
/// needs) is copied next time. Under continuous writes it never catches up, so when the log passes
/// <see cref="RestartLogFrames"/> the writer copies the tail itself between two batches and the log starts again.
/// A full TRUNCATE checkpoint runs once the writer has stopped.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    // Frames left in the log after a checkpoint before we warn that a reader holds it back (~40 MB at 4 KiB pages).
    private const long BehindWarningFrames = 10_000;

    // Frames in the log beyond which the writer is asked to checkpoint the tail between two batches, so the log
    // starts again from its beginning (~16 MB at 4 KiB pages; see SqliteWriter.CheckpointTail).
    internal const long RestartLogFrames = 4_096;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _checkpoints;
    private int _disposed;

    public SqliteCheckpointer(SqliteDatabase database, TimeProvider time, ILogger logger)
    {
        _database = database;
        _time = time;
        _logger = logger;
    }

    /// <summary>Checkpoints completed so far (for tests and diagnostics).</summary>
    internal long CheckpointCount => Interlocked.Read(ref _checkpoints);

    /// <summary>Frames copied by the last checkpoint and frames in the log at that time.</summary>
    internal (long LogFrames, long CheckpointedFrames) LastResult { get; private set; }

    public void Start()
    {
        using (ExecutionContext.SuppressFlow())
        {
            _loop = Task.Run(RunAsync);
        }
    }

    /// <summary>Runs one checkpoint now; <paramref name="mode"/> is PASSIVE or TRUNCATE.</summary>
    internal void Checkpoint(string mode)
    {
        try
        {
            using Microsoft.Data.Sqlite.SqliteConnection connection = _database.OpenConnection();
            (long log, long done) = Run(connection, mode);
            LastResult = (log, done);
            if (log - done > BehindWarningFrames)
            {
                SqliteDatabase.Log.CheckpointBehind(_logger, _database.FullPath, log, done);
            }

            Interlocked.Increment(ref _checkpoints);
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or IOException)
        {
            SqliteDatabase.Log.CheckpointFailed(_logger, exception, _database.FullPath);
        }
    }

    /// <summary>
    /// Runs <c>PRAGMA wal_checkpoint</c> (<paramref name="mode"/> PASSIVE or TRUNCATE) on <paramref name="connection"/>;
    /// returns the frames in the log and the frames copied into the file.
    /// </summary>
    internal static (long LogFrames, long CheckpointedFrames) Run(Microsoft.Data.Sqlite.SqliteConnection connection, string mode)
    {
        using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.CommandText = mode == "TRUNCATE" ? "PRAGMA wal_checkpoint(TRUNCATE);" : "PRAGMA wal_checkpoint(PASSIVE);";
        using Microsoft.Data.Sqlite.SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(1), reader.GetInt64(2)) : (0, 0);
    }

    /// <summary>Stops the timer; the caller runs the final TRUNCATE checkpoint after the writer has stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_database.Options.CheckpointInterval, _time);
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            Checkpoint("PASSIVE");
            if (LastResult.LogFrames > RestartLogFrames)
            {
                _database.Writer.RequestTailCheckpoint();
            }
        }
    }
}
