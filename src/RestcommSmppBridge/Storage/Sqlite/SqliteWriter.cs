using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// The one writer (architecture.md rule 2): a loop that drains a bounded queue of write requests, runs everything
/// queued (up to the batch cap) in ONE transaction, commits once, then completes the callers. Under load, callers
/// that arrive while a commit is syncing form the next batch, so the cost of a sync is shared by the whole batch
/// (group commit).
/// </summary>
/// <remarks>
/// <para>Failure policy. When one request throws (a constraint, a missing parent row…), the transaction is rolled
/// back, that request alone is failed, and the rest of the batch is replayed in a new transaction: one bad write
/// never fails the good ones beside it. Each request only writes SQL and keeps its result in a field, so a replay
/// is safe. When the commit itself fails (disk full, I/O error), nothing of the batch is in the file and every
/// caller of the batch gets the error.</para>
/// <para>Back-pressure. The queue is bounded; when it is full, <see cref="EnqueueAsync"/> waits (style.md P8).</para>
/// </remarks>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly Channel<SqliteWriteRequest> _queue;

    // Set when a request is queued or the queue is completed; the writer's own thread sleeps on it when the queue is
    // empty. Spin once at most: on a 2-core machine a spinning writer takes the core its callers need. Never disposed:
    // a caller may still set it after the store stopped, and without a wait handle asked for it holds nothing to free.
    private readonly ManualResetEventSlim _work = new(initialState: false, spinCount: 1);
    private readonly object _startGate = new();
    private Task? _loop;

    // The writer's own connection, kept for the life of the loop (only the loop touches it), with the statements its
    // requests prepared: compiling SQL costs more than running these small statements, and at moderate load a batch
    // holds only a few requests, so statements are kept across batches, not rebuilt per batch.
    private SqliteWriteContext? _context;
    private int _tailCheckpointRequested;
    private long _tailCheckpoints;

    // Pages this writer put in the log since its last tail checkpoint (the log starts again after one), and how many
    // tail checkpoints it ran without being asked (see LogBackstopFrames).
    private long _framesSinceTailCheckpoint;
    private long _backstopCheckpoints;

    // A tail checkpoint found busy is tried again after a later batch, at the earliest this long after (Stopwatch
    // ticks): a background copy takes 15-40 ms under load, and each try costs the writer a statement.
    private static readonly long BusyTailRetryTicks = System.Diagnostics.Stopwatch.Frequency / 1000;
    private long _busyTailRetryAt;
    private long _busyTailCheckpoints;
    private long _commitCount;
    private long _committedWriteCount;

    // StorageOptions.CommitInterval, and when the last commit started (Stopwatch ticks; 0 before the first).
    private readonly TimeSpan _commitInterval;
    private long _lastCommitStarted;

    // The last failure of the store's own, cleared by the next commit; SqliteDatabase reports it (IStoreHealth).
    private readonly TimeProvider _time;
    private StoreFailure? _lastFailure;

    public SqliteWriter(SqliteDatabase database, int maxBatchSize, int queueCapacity, TimeSpan commitInterval, TimeProvider time, ILogger logger)
    {
        _database = database;
        _time = time;
        _maxBatchSize = maxBatchSize;
        _commitInterval = commitInterval;
        LogBackstopFrames = 4L * database.Options.LogRestartPages;
        _logger = logger;
        _queue = Channel.CreateBounded<SqliteWriteRequest>(new BoundedChannelOptions(queueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>
    /// The last write the store could not commit for a reason of its own, when none has been committed since; null
    /// otherwise. <see cref="SqliteDatabase"/> reports it as <see cref="IStoreHealth.LastFailure"/>.
    /// </summary>
    public StoreFailure? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>Transactions committed so far (diagnostics; tests use it to see group commit at work).</summary>
    internal long CommitCount => Interlocked.Read(ref _commitCount);

    /// <summary>Write requests committed so far.</summary>
    internal long CommittedWriteCount => Interlocked.Read(ref _committedWriteCount);

    /// <summary>
    /// Queues a write and returns a task that completes once it is committed. <paramref name="cancellationToken"/>
    /// only cancels the wait for room in the queue; once queued, the write is committed (or fails) regardless, so a
    /// caller never sees "cancelled" for a write that is in fact stored.
    /// </summary>
    public Task<TResult> EnqueueAsync<TState, TResult>(
        TState state,
        Func<SqliteWriteContext, TState, TResult> execute,
        CancellationToken cancellationToken)
    {
        // With room in the queue (the usual case) the caller gets the request's own task: no async state machine per
        // write (an API send allocated one here, a twentieth of its bytes).
        SqliteWriteRequest<TState, TResult> request = new(state, execute);
        if (_queue.Writer.TryWrite(request))
        {
            _work.Set();
            return request.Task;
        }

        return EnqueueWhenRoomAsync(request, cancellationToken);
    }

    /// <summary>The queue is full (it waits for room) or completed (the store is stopped).</summary>
    private async Task<TResult> EnqueueWhenRoomAsync<TState, TResult>(SqliteWriteRequest<TState, TResult> request,
        CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            throw new ObjectDisposedException("The store is stopped; the write was not stored.", exception);
        }

        _work.Set();
        return await request.Task.ConfigureAwait(false);
    }

    /// <summary>Starts the loop (once). Writes queued before the start wait for it.</summary>
    public void Start()
    {
        lock (_startGate)
        {
            if (_loop is not null)
            {
                return;
            }

            // The writer has a thread of its own, not a pool thread: the one serial stage of every store write must
            // not wait in the pool's queue behind request work each time it wakes up (under load it woke hundreds of
            // times a second, each time queued behind HTTP and SMPP work), and its synchronous SQLite calls must not
            // hold a pool thread.
            _loop = OwnThread.Start("SQLite writer", Run);
        }
    }

    /// <summary>Stops taking writes, commits what is queued, and waits for the loop to end.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _work.Set();
        Task? loop;
        lock (_startGate)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }
        else
        {
            // Never started (initialisation failed): nothing can commit what was queued, so fail it.
            while (_queue.Reader.TryRead(out SqliteWriteRequest? request))
            {
                request.Fail(new ObjectDisposedException("The store stopped before it started; the write was not stored."));
            }
        }
    }

    private void Run()
    {
        ChannelReader<SqliteWriteRequest> reader = _queue.Reader;
        List<SqliteWriteRequest> batch = new(Math.Min(_maxBatchSize, 1024));
        while (true)
        {
            TakeQueued(reader, batch);
            if (batch.Count == 0)
            {
                // Reset, then look again: a request queued after the look above either is seen by this look or sets
                // the event after the reset, so the wait below cannot miss it.
                _work.Reset();
                if (reader.TryRead(out SqliteWriteRequest? late))
                {
                    batch.Add(late);
                    continue;
                }

                if (reader.Completion.IsCompleted)
                {
                    break;
                }

                _work.Wait();
                continue;
            }

            // Everything queued while the previous batch committed goes into this one (group commit).
            WaitForCommitInterval(reader, batch);
            _lastCommitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            CommitBatch(batch);
            batch.Clear();
            if (Volatile.Read(ref _tailCheckpointRequested) == 1
                && System.Diagnostics.Stopwatch.GetTimestamp() >= _busyTailRetryAt
                && Interlocked.Exchange(ref _tailCheckpointRequested, 0) == 1)
            {
                CheckpointTail();
            }
            else if (_framesSinceTailCheckpoint > LogBackstopFrames && !TailCheckpointPending)
            {
                // Counted again from zero even if the checkpoint fails (it logs why), so a failing one is retried
                // after as many pages again, not after every batch; one found busy is retried as an asked one.
                SqliteDatabase.Log.LogBackstop(_logger, _database.FullPath, _framesSinceTailCheckpoint);
                _framesSinceTailCheckpoint = 0;
                Interlocked.Increment(ref _backstopCheckpoints);
                CheckpointTail();
            }
        }

        CloseConnection();
        SqliteDatabase.Log.WriterStopped(_logger, _database.FullPath, CommitCount);
    }

    /// <summary>
    /// With a <see cref="StorageOptions.CommitInterval"/>: when the last commit started less than the interval ago
    /// (writes keep coming), sleeps until it has passed and adds what was queued meanwhile to the batch, so the
    /// writes share one commit. A full batch, or a first write after a quiet spell, is committed at once.
    /// </summary>
    private void WaitForCommitInterval(ChannelReader<SqliteWriteRequest> reader, List<SqliteWriteRequest> batch)
    {
        if (_commitInterval <= TimeSpan.Zero || _lastCommitStarted == 0 || batch.Count >= _maxBatchSize)
        {
            return;
        }

        TimeSpan left = IntervalLeft();
        if (left <= TimeSpan.Zero)
        {
            return;
        }

        // A signal (the runtime suspends threads with one for a GC) ends a sleep early: sleep again for the rest.
        for (; left > TimeSpan.Zero; left = IntervalLeft())
        {
            LinuxCalls.Sleep(left);
        }

        TakeQueued(reader, batch);

        TimeSpan IntervalLeft() => _commitInterval - System.Diagnostics.Stopwatch.GetElapsedTime(_lastCommitStarted);
    }

    /// <summary>Moves what is queued now into <paramref name="batch"/>, up to the batch cap.</summary>
    private void TakeQueued(ChannelReader<SqliteWriteRequest> reader, List<SqliteWriteRequest> batch)
    {
        while (batch.Count < _maxBatchSize && reader.TryRead(out SqliteWriteRequest? request))
        {
            batch.Add(request);
        }
    }

    /// <summary>
    /// Asks the writer to checkpoint the tail of the log between two batches (see <see cref="CheckpointTail"/>);
    /// the checkpointer asks when the log has grown past its limit. Never blocks the caller.
    /// </summary>
    public void RequestTailCheckpoint() => Volatile.Write(ref _tailCheckpointRequested, 1);

    /// <summary>Whether a tail checkpoint is asked for (or was found busy) and not yet run.</summary>
    public bool TailCheckpointPending => Volatile.Read(ref _tailCheckpointRequested) == 1;

    /// <summary>Tail checkpoints the writer ran (diagnostics; tests).</summary>
    internal long TailCheckpointCount => Interlocked.Read(ref _tailCheckpoints);

    /// <summary>Tail checkpoints that found the background side copying, and were tried again later.</summary>
    internal long BusyTailCheckpointCount => Interlocked.Read(ref _busyTailCheckpoints);

    /// <summary>Tail checkpoints the writer ran on its own because the log passed <see cref="LogBackstopFrames"/>.</summary>
    internal long BackstopCheckpointCount => Interlocked.Read(ref _backstopCheckpoints);

    /// <summary>
    /// The backstop: pages appended since the last tail checkpoint beyond which the writer checkpoints the tail itself,
    /// unasked: four times the limit at which the background side asks (<see cref="StorageOptions.LogRestartPages"/>);
    /// tests set it lower. The background checkpoint runs in the idle scheduling class, so a machine whose cores are
    /// busy with other work for a long time can starve it; without this the log would then grow for as long as writes
    /// come. Copying a log that large holds every write for a while, so it is only the bound, never the way the log is
    /// kept short. A passive checkpoint never waits: when the starved background one is in the middle of a copy (it
    /// holds the checkpoint lock), SQLite answers busy and the writer tries again after a later batch.
    /// </summary>
    internal long LogBackstopFrames { get; set; }

    /// <summary>
    /// A passive checkpoint on the writer's own connection, between batches. The background checkpoint never catches
    /// up under continuous writes (the writer appends while it copies), so SQLite never restarts the log and it grows
    /// without bound: 1.6 GB in one REST load run, every new part of it allocated and zeroed by the file system.
    /// Here nothing is appended while it runs, so it copies the little the background checkpoint left and the next
    /// transaction starts the log again from its beginning.
    /// </summary>
    private void CheckpointTail()
    {
        if (_context is not { } context)
        {
            return;
        }

        try
        {
            if (SqliteCheckpointer.Run(context.Connection, "PASSIVE").Busy)
            {
                // The background side is in the middle of a copy (its checkpoint lock): nothing was copied, so the
                // log cannot start again yet. Try again after a later batch.
                Interlocked.Increment(ref _busyTailCheckpoints);
                _busyTailRetryAt = System.Diagnostics.Stopwatch.GetTimestamp() + BusyTailRetryTicks;
                RequestTailCheckpoint();
                return;
            }

            Interlocked.Increment(ref _tailCheckpoints);
            _framesSinceTailCheckpoint = 0;
        }
        catch (SqliteException exception)
        {
            SqliteDatabase.Log.CheckpointFailed(_logger, exception, _database.FullPath);
        }
    }

    private void CloseConnection()
    {
        SqliteWriteContext? context = _context;
        _context = null;
        if (context is not null)
        {
            context.Dispose();
            context.Connection.Dispose();
        }
    }

    private void CommitBatch(List<SqliteWriteRequest> batch)
    {
        // A request that throws is failed and removed, then the rest replays; each round removes one, so this ends.
        while (batch.Count > 0)
        {
            int failedIndex = -1;
            Exception? failure = null;
            try
            {
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                SqliteWriteContext context = _context ??= new SqliteWriteContext(_database.OpenConnection());

                // BEGIN IMMEDIATE: take the write lock now rather than on the first write, so a busy file is
                // waited for (busy_timeout) here, not half-way through the batch.
                using SqliteTransaction transaction = context.Connection.BeginTransaction(deferred: false);
                context.Begin(transaction);
                for (int i = 0; i < batch.Count; i++)
                {
                    try
                    {
                        batch[i].Execute(context);
                    }
                    catch (Exception exception)
                    {
                        // Any exception, not only SqliteException: a bug in one request must fail that request,
                        // never the loop (which would leave every later caller waiting forever).
                        failedIndex = i;
                        failure = exception;
                        break;
                    }
                }

                if (failure is null)
                {
                    transaction.Commit();
                    _framesSinceTailCheckpoint += context.TakePagesWritten();
                    if (_lastFailure is not null)
                    {
                        Volatile.Write(ref _lastFailure, null);
                    }

                    StoreMetrics.BatchSize.Record(batch.Count);
                    StoreMetrics.CommitLatency.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Increment(ref _commitCount);
                    Interlocked.Add(ref _committedWriteCount, batch.Count);
                    foreach (SqliteWriteRequest request in batch)
                    {
                        request.Complete();
                    }

                    return;
                }

                transaction.Rollback();
            }
            catch (Exception exception)
            {
                // Opening, beginning or committing failed: nothing of this batch is stored. The connection may be
                // broken (I/O error, file replaced): the next batch opens a new one.
                CloseConnection();
                StoreMetrics.FailedBatches.Add(1);
                SqliteDatabase.Log.BatchFailed(_logger, exception, batch.Count, _database.FullPath);
                StoreUnavailableException unavailable = Unavailable(exception);
                foreach (SqliteWriteRequest request in batch)
                {
                    request.Fail(unavailable);
                }

                return;
            }

            SqliteDatabase.Log.WriteFailed(_logger, failure!, batch.Count - 1);
            batch[failedIndex].Fail(SqliteDatabase.IsEnvironmental(failure!) ? Unavailable(failure!) : failure!);

            batch.RemoveAt(failedIndex);
        }
    }

    /// <summary>
    /// A write failed for a reason of the store's own (a failed batch, or one write's error of the file): readiness
    /// reports it until the next commit, and the caller gets the store's "try again".
    /// </summary>
    private StoreUnavailableException Unavailable(Exception cause)
    {
        Volatile.Write(ref _lastFailure, new StoreFailure(_time.GetUtcNow(), cause.Message));
        return new StoreUnavailableException("The store could not take the write (disk full, I/O error or file locked); nothing was stored.", cause);
    }
}
