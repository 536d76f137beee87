namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file on a timer, outside the writer. SQLite's automatic checkpoint
/// runs inside the commit that crosses the threshold (1,000 pages), with its own syncs, so every caller of that
/// batch waits for it: under load that was the p99 of the REST API. A passive checkpoint from another connection
/// takes no write lock: the writer keeps appending while it runs, and what it cannot copy yet (frames a reader still
/// needs) is copied next time. Under continuous writes it never catches up, so when the log passes
/// <see cref="RestartLogFrames"/> the writer copies the tail itself between two batches and the log starts again.
/// Every write waits while the writer does that, so this side first makes the tail small: a few more passive rounds
/// (each copies what the writer appended during the one before), then flushes of the file system (two, a passive
/// round between: see <see cref="Tick"/>), so that the sync of the database file that ends the tail checkpoint has
/// only the last moment's pages left to write. Before these steps
/// a tail checkpoint held the writer for about 10 ms under REST load, most of it syncing the pages copied in the
/// background since the last restart; the limit was also raised from 4,096 to 16,384 frames (restarts 4 times rarer),
/// and later to 65,536 (a REST paced run at 10,000 sends/s restarted the log 16 times, each holding writes 2–4.5 ms).
/// A full TRUNCATE checkpoint runs once the writer has stopped.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    // Frames left in the log after a checkpoint before we warn that a reader holds it back (~40 MB at 4 KiB pages).
    private const long BehindWarningFrames = 10_000;

    // The checkpoint thread's nice value on Linux (0 normal … 19 lowest) when the idle scheduling class is refused.
    internal const int BackgroundNice = 10;

    // Frames the writer may be left to copy itself, and the most extra passive rounds run to get there.
    private const long SmallTailFrames = 64;
    private const int MaxCatchUpRounds = 3;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    // Set by the timer, waited on by the checkpoint thread (spin once at most: it sleeps between ticks).
    private readonly ManualResetEventSlim _tick = new(initialState: false, spinCount: 1);
    private Task _loop = Task.CompletedTask;
    private Task _timerLoop = Task.CompletedTask;
    private long _checkpoints;
    private long _fileSystemFlushes;
    private int _disposed;

    public SqliteCheckpointer(SqliteDatabase database, TimeProvider time, ILogger logger)
    {
        _database = database;
        _time = time;
        _logger = logger;
        RestartLogFrames = database.Options.LogRestartPages;
    }

    /// <summary>
    /// Frames in the log beyond which the writer is asked to checkpoint the tail between two batches, so the log starts
    /// again from its beginning (see SqliteWriter.CheckpointTail): <see cref="StorageOptions.LogRestartPages"/>; tests
    /// set it lower. Each restart holds every write back for a moment; a longer log costs disk space, a little per
    /// read (one more index page of the log to search per 4,096 frames) and a longer recovery read after a crash, not
    /// commit time, since a restarted log reuses the file's blocks.
    /// </summary>
    internal long RestartLogFrames { get; set; }

    /// <summary>File system flushes run before a tail checkpoint (for tests and diagnostics).</summary>
    internal long FileSystemFlushCount => Interlocked.Read(ref _fileSystemFlushes);

    /// <summary>Checkpoints completed so far (for tests and diagnostics).</summary>
    internal long CheckpointCount => Interlocked.Read(ref _checkpoints);

    /// <summary>Frames copied by the last checkpoint and frames in the log at that time.</summary>
    internal (long LogFrames, long CheckpointedFrames) LastResult { get; private set; }

    /// <summary>
    /// Starts the timer and the thread that checkpoints. The copying runs on a thread of its own at the lowest priority
    /// (the idle scheduling class on Linux, see <see cref="LowerOwnPriority"/>), not on a pool thread: each background
    /// checkpoint copies thousands of pages for 15–20 ms under REST load, and at normal priority it took one of the two
    /// cores from the requests for that long, five times a second. It runs as much as before when a core is free.
    /// </summary>
    public void Start()
    {
        _loop = OwnThread.Start("SQLite checkpoint", RunThread);
        using (ExecutionContext.SuppressFlow())
        {
            _timerLoop = Task.Run(RunTimerAsync);
        }
    }

    /// <summary>Runs one checkpoint now; <paramref name="mode"/> is PASSIVE or TRUNCATE.</summary>
    internal void Checkpoint(string mode)
    {
        try
        {
            using Microsoft.Data.Sqlite.SqliteConnection connection = _database.OpenConnection();
            (_, long log, long done) = Run(connection, mode);
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
    /// returns whether it was blocked, the frames in the log and the frames copied into the file. A passive checkpoint
    /// never waits: while another connection is checkpointing (it holds SQLite's checkpoint lock), SQLite answers busy
    /// and copies nothing (log and copied frames are then -1).
    /// </summary>
    internal static (bool Busy, long LogFrames, long CheckpointedFrames) Run(Microsoft.Data.Sqlite.SqliteConnection connection, string mode)
    {
        using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.CommandText = mode == "TRUNCATE" ? "PRAGMA wal_checkpoint(TRUNCATE);" : "PRAGMA wal_checkpoint(PASSIVE);";
        using Microsoft.Data.Sqlite.SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2)) : (false, 0, 0);
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
            await _timerLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _tick.Dispose();
    }

    private bool FlushFileSystem(string folder)
    {
        if (LinuxCalls.TryFlushFileSystem(folder, out int error))
        {
            Interlocked.Increment(ref _fileSystemFlushes);
            return true;
        }

        if (error != 0)
        {
            SqliteDatabase.Log.FileSystemFlushFailed(_logger, folder, error);
        }

        return false;
    }

    private async Task RunTimerAsync()
    {
        using var timer = new PeriodicTimer(_database.Options.CheckpointInterval, _time);
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            // A tick that comes while the thread is still busy with the last one is merged into the next.
            _tick.Set();
        }
    }

    private void RunThread()
    {
        LowerOwnPriority();
        CancellationToken stop = _stop.Token;
        while (true)
        {
            try
            {
                _tick.Wait(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _tick.Reset();
            Tick();
        }
    }

    /// <summary>
    /// Puts this thread in the idle scheduling class, or failing that at nice <see cref="BackgroundNice"/>. At nice 10 a
    /// checkpoint that held a core kept it for the rest of its slice when a request thread or the writer woke up; in
    /// the idle class it gives the core up at once. Nine alternating pairs of REST load runs: paced p99 under 5 ms in 8
    /// of 9 against 6 of 9 at nice 10 (median 3.61 against 4.37 ms) and saturation 28,164–34,821 against
    /// 25,289–33,583/s (median 30,174 against 26,209/s). Under a long saturation it runs less, the log grows further
    /// between restarts (to about twice <see cref="RestartLogFrames"/> in the benchmark's 15 s warm-up), and
    /// <see cref="SqliteWriter.LogBackstopFrames"/> bounds it if the machine never leaves it a core.
    /// </summary>
    private void LowerOwnPriority()
    {
        if (LinuxCalls.TryIdleThreadScheduling(out int idleError))
        {
            return;
        }

        if (LinuxCalls.TryLowerThreadPriority(BackgroundNice, out int error))
        {
            SqliteDatabase.Log.CheckpointIdleSchedulingRefused(_logger, idleError, BackgroundNice);
        }
        else if (error != 0)
        {
            SqliteDatabase.Log.CheckpointPriorityUnchanged(_logger, BackgroundNice, error);
        }
    }

    /// <summary>
    /// One timer tick: a passive checkpoint, and when the log is past its limit, a restart made ready. Skipped while
    /// the writer has not yet served the tail checkpoint asked for: a copy started now would hold SQLite's checkpoint
    /// lock when the writer runs its own, which would then find it busy and copy nothing. Under REST load that
    /// happened in most restarts (a tick that fell due during the catch-up ran right after it), each time costing
    /// another catch-up with its file-system flushes before the log could start again.
    /// </summary>
    internal void Tick()
    {
        if (_database.Writer.TailCheckpointPending)
        {
            return;
        }

        Checkpoint("PASSIVE");
        if (LastResult.LogFrames <= RestartLogFrames)
        {
            return;
        }

        for (int round = 0; round < MaxCatchUpRounds && LastResult.LogFrames - LastResult.CheckpointedFrames > SmallTailFrames; round++)
        {
            Checkpoint("PASSIVE");
        }

        // Flush twice: the first writes the bulk (12-15 ms under REST load) while the writer keeps appending; one more
        // passive round copies what came meanwhile and the second flush writes just that, so the writer's own copy and
        // sync, with every write held back, cover only the last moment's frames.
        string folder = Path.GetDirectoryName(_database.FullPath) ?? ".";
        if (FlushFileSystem(folder))
        {
            Checkpoint("PASSIVE");
            FlushFileSystem(folder);
        }

        _database.Writer.RequestTailCheckpoint();
    }
}
