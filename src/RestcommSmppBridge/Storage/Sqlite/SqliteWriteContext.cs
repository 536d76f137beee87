using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// What a write request sees inside a batch: the writer's connection, the batch's open transaction, and commands
/// prepared once for the life of the connection and reused by every request of every batch (the hot paths bind new
/// values into the same prepared statement instead of compiling SQL again). The read pool
/// (<see cref="SqliteReadPool"/>) keeps one per pooled read connection for the same reason; there the transaction is
/// the read's.
/// </summary>
internal sealed class SqliteWriteContext : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, SqliteRawStatement> _raw = new(ReferenceEqualityComparer.Instance);
    private SqliteTransaction? _transaction;

    public SqliteWriteContext(SqliteConnection connection)
    {
        Connection = connection;
    }

    public SqliteConnection Connection { get; }

    /// <summary>
    /// Pages the connection wrote since the last call (SQLite's <c>SQLITE_DBSTATUS_CACHE_WRITE</c>, read and reset): in
    /// WAL mode, the frames its commits appended to the log.
    /// </summary>
    public long TakePagesWritten()
    {
        int result = SQLitePCL.raw.sqlite3_db_status(Connection.Handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_WRITE, out int current, out _, 1);
        return result == SQLitePCL.raw.SQLITE_OK ? current : 0;
    }

    /// <summary>The transaction of the batch being run.</summary>
    public SqliteTransaction Transaction => _transaction ?? throw new InvalidOperationException("No batch is running.");

    /// <summary>Starts a batch: every command runs in <paramref name="transaction"/> until the next call.</summary>
    public void Begin(SqliteTransaction transaction)
    {
        _transaction = transaction;
        foreach (SqliteCommand command in _commands.Values)
        {
            command.Transaction = transaction;
        }
    }

    /// <summary>
    /// The prepared command for <paramref name="sql"/> in this batch, created on first use with the given parameter
    /// names (their values are set by the caller before each execution). <paramref name="sql"/> must be a constant:
    /// commands are keyed by reference, which is cheaper than hashing the SQL text on every write.
    /// </summary>
    public SqliteCommand Prepared(string sql, ReadOnlySpan<string> parameterNames)
    {
        if (_commands.TryGetValue(sql, out SqliteCommand? command))
        {
            return command;
        }

        command = Connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (string name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        command.Prepare();
        _commands.Add(sql, command);
        return command;
    }

    /// <summary>
    /// The prepared command for <paramref name="sql"/> in this batch, with one parameter per distinct <c>@Name</c> in
    /// the text (values are set with <see cref="SqliteCommandValues.Set"/> before each execution). Compiling SQL costs
    /// more than running these small statements, so the writer's hot paths compile each statement once per batch
    /// instead of once per call. <paramref name="sql"/> must be a constant, as for the other overload.
    /// </summary>
    public SqliteCommand Prepared(string sql)
    {
        if (_commands.TryGetValue(sql, out SqliteCommand? command))
        {
            return command;
        }

        return Prepared(sql, SqliteCommandValues.ParameterNames(sql));
    }

    /// <summary>
    /// The statement for <paramref name="sql"/> (positional parameters <c>?1</c>…) bound and run without
    /// Microsoft.Data.Sqlite's per-execution objects (<see cref="SqliteRawStatement"/>), prepared on first use and kept
    /// for the life of the connection. It runs in the connection's current transaction, the batch's.
    /// <paramref name="sql"/> must be a constant, as for <see cref="Prepared(string)"/>.
    /// </summary>
    public SqliteRawStatement Raw(string sql)
    {
        if (!_raw.TryGetValue(sql, out SqliteRawStatement? statement))
        {
            statement = new SqliteRawStatement(Connection, sql);
            _raw.Add(sql, statement);
        }

        return statement;
    }

    public void Dispose()
    {
        foreach (SqliteCommand command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        foreach (SqliteRawStatement statement in _raw.Values)
        {
            statement.Dispose();
        }

        _raw.Clear();
    }
}
