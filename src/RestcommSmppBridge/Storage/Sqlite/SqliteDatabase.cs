using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// The database file: opens short-lived connections with the per-connection pragmas, applies migrations once at
/// start, and owns the single <see cref="SqliteWriter"/> through which every write goes (architecture.md rule 2).
/// </summary>
internal sealed partial class SqliteDatabase : IAsyncDisposable, IStoreHealth
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly object _startGate = new();
    private Task? _initialization;
    private int _closed;

    // The last read that failed for a reason of the file (IStoreHealth), cleared by the next read that succeeds.
    private StoreFailure? _lastReadFailure;

    public SqliteDatabase(StorageOptions options, string contentRoot, TimeProvider timeProvider, ILogger<SqliteDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(contentRoot);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _timeProvider = timeProvider;
        Options = options;
        FullPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(contentRoot, options.Path));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();

        // PRAGMA takes no bound parameters; the values come from validated options (numbers and a fixed keyword),
        // never from a request. foreign_keys, busy_timeout and synchronous are per connection, so every open sets them.
        _connectionPragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {(options.Synchronous == StorageSynchronousMode.Full ? "FULL" : "NORMAL")}; PRAGMA wal_autocheckpoint = 0;");
        Writer = new SqliteWriter(this, options.MaxBatchSize, options.WriteQueueCapacity, options.CommitInterval, timeProvider, logger);
        Reads = new SqliteReadPool(this, maxIdle: 64);
        Checkpointer = new SqliteCheckpointer(this, timeProvider, logger);
    }

    /// <summary>The validated options this database was opened with.</summary>
    public StorageOptions Options { get; }

    /// <summary>Absolute path of the database file.</summary>
    public string FullPath { get; }

    /// <summary>The single writer; every insert, update and delete is queued on it.</summary>
    public SqliteWriter Writer { get; }

    /// <summary>Read connections with prepared statements, for reads made per message (see <see cref="SqliteReadPool"/>).</summary>
    public SqliteReadPool Reads { get; }

    /// <summary>Copies the write-ahead log into the file in the background (the automatic checkpoint is off).</summary>
    public SqliteCheckpointer Checkpointer { get; }

    /// <summary>
    /// Creates the folder, switches the file to WAL, applies pending migrations and starts the writer. Safe to call
    /// more than once: later calls return the first call's task.
    /// </summary>
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        lock (_startGate)
        {
            _initialization ??= Task.Run(() => Initialize(cancellationToken), cancellationToken);
            return _initialization;
        }
    }

    /// <summary>
    /// Opens a connection for reading only. The pragmas of <see cref="OpenConnection"/> matter only to a connection
    /// that writes (foreign keys, synchronous, checkpoints) and cost four statement compilations per open; a reader
    /// waits on a busy file through the connection string's timeout. The caller disposes it.
    /// </summary>
    public SqliteConnection OpenReadConnection()
    {
        SqliteConnection connection = new(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// True for SQLite's errors of the file rather than of the statement (primary result codes: BUSY, LOCKED, NOMEM,
    /// READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB): the same write or read may succeed later. Both the writer
    /// and <see cref="ReadAsync{TState, T}"/> turn these into <see cref="StoreUnavailableException"/>.
    /// </summary>
    internal static bool IsEnvironmental(Exception exception) =>
        exception is SqliteException sqlite && (sqlite.SqliteErrorCode & 0xFF) is 5 or 6 or 7 or 8 or 10 or 11 or 13 or 14 or 26;

    /// <summary>
    /// Runs <paramref name="read"/> on a read connection (<see cref="OpenReadConnection"/>) and closes it. A failure
    /// of the file rather than of the query (<see cref="IsEnvironmental"/>: an I/O error, the file
    /// locked past the busy timeout, missing or not a database) becomes <see cref="StoreUnavailableException"/>, so
    /// the API answers 503 with Retry-After, as for a write, instead of 500.
    /// </summary>
    public async Task<T> ReadAsync<TState, T>(TState state, Func<SqliteConnection, TState, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            T result;
            using (SqliteConnection connection = OpenReadConnection())
            {
                result = await read(connection, state).ConfigureAwait(false);
            }

            ReadSucceeded();
            return result;
        }
        catch (SqliteException exception) when (IsEnvironmental(exception))
        {
            throw ReadFailed(exception);
        }
    }

    /// <summary>
    /// The synchronous form of <see cref="ReadAsync{TState, T}"/>, for the counts that gauges and probes read.
    /// </summary>
    public T Read<TState, T>(TState state, Func<SqliteConnection, TState, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            T result;
            using (SqliteConnection connection = OpenReadConnection())
            {
                result = read(connection, state);
            }

            ReadSucceeded();
            return result;
        }
        catch (SqliteException exception) when (IsEnvironmental(exception))
        {
            throw ReadFailed(exception);
        }
    }

    /// <inheritdoc />
    public StoreFailure? LastFailure => Writer.LastFailure;

    /// <inheritdoc />
    public StoreFailure? LastReadFailure => Volatile.Read(ref _lastReadFailure);

    /// <summary>
    /// Records a read that failed for a reason of the file (<see cref="IsEnvironmental"/>) for the readiness probe and
    /// returns the exception it is turned into.
    /// </summary>
    internal StoreUnavailableException ReadFailed(SqliteException cause)
    {
        Volatile.Write(ref _lastReadFailure, new StoreFailure(_timeProvider.GetUtcNow(), cause.Message));
        return new StoreUnavailableException("The store could not be read (I/O error, file locked, missing or damaged).", cause);
    }

    /// <summary>Clears a recorded read failure: the file reads again. One volatile read when there is none.</summary>
    internal void ReadSucceeded()
    {
        if (Volatile.Read(ref _lastReadFailure) is not null)
        {
            Volatile.Write(ref _lastReadFailure, null);
        }
    }

    /// <summary>Opens a new connection with the per-connection pragmas applied. The caller disposes it.</summary>
    public SqliteConnection OpenConnection()
    {
        SqliteConnection connection = OpenReadConnection();
        try
        {
            using SqliteCommand pragmas = connection.CreateCommand();
            pragmas.CommandText = _connectionPragmas;
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops the writer after it has committed everything already queued, then folds the whole log into the file
    /// (TRUNCATE) so a stopped bridge leaves one self-contained database file.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await Checkpointer.DisposeAsync().ConfigureAwait(false);
        await Writer.DisposeAsync().ConfigureAwait(false);
        Reads.Dispose();
        if (_initialization is { IsCompletedSuccessfully: true } && Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Checkpointer.Checkpoint("TRUNCATE");
        }
    }

    private void Initialize(CancellationToken cancellationToken)
    {
        string? folder = System.IO.Path.GetDirectoryName(FullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        int settings = SqliteNativeSettings.Apply();
        Log.NativeSettings(_logger, settings == 0 ? "memory statistics off" : $"defaults (sqlite3_config answered {settings})");
        using (SqliteConnection connection = OpenConnection())
        {
            // WAL is a property of the file (it persists), so setting it once per start is enough. Readers then
            // never block the writer and the writer never blocks readers.
            string journalMode = SetJournalMode(connection);
            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                Log.WalUnavailable(_logger, FullPath, journalMode);
            }

            int version = SqliteMigrator.Apply(connection, SqliteMigrations.All, FullPath, _timeProvider, _logger, cancellationToken);
            Log.Ready(_logger, FullPath, version, journalMode, Options.Synchronous);
        }

        Writer.Start();
        Checkpointer.Start();
    }

    private static string SetJournalMode(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        return command.ExecuteScalar() as string ?? "unknown";
    }
}
