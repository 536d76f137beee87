using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// A statement prepared once on a connection and run by binding values straight into SQLite (SQLitePCLRaw, the layer
/// under Microsoft.Data.Sqlite), for the inserts every API send runs. Microsoft.Data.Sqlite's command allocates, per
/// execution, a binder per parameter, a statement enumerator and a data reader, and boxes every number: a tenth of
/// the daemon's allocations under a REST load for the message insert alone. Values are still bound parameters
/// (positional, <c>?1</c>…, or named, <c>@Name</c>), never SQL text. Failures throw <see cref="SqliteException"/> with SQLite's message and
/// codes, as Microsoft.Data.Sqlite does, so the writer treats them the same.
/// </summary>
/// <remarks>Used on one thread at a time (the writer's, or the reader holding a pooled connection).</remarks>
internal sealed class SqliteRawStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    // Named parameters' indexes, looked up once: the names are constants, so they are keyed by reference.
    private readonly Dictionary<string, int> _indexes = new(ReferenceEqualityComparer.Instance);

    public SqliteRawStatement(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        int result = raw.sqlite3_prepare_v3(_database, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement);
        if (result != raw.SQLITE_OK)
        {
            SqliteException error = Error(result);
            _statement.Dispose();
            throw error;
        }
    }

    /// <summary>Binds text (UTF-16, converted by SQLite) or NULL to parameter <paramref name="index"/> (1-based).</summary>
    public SqliteRawStatement Text(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));

    /// <summary>Binds an integer to parameter <paramref name="index"/> (1-based).</summary>
    public SqliteRawStatement Int64(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds an integer or NULL to parameter <paramref name="index"/> (1-based).</summary>
    public SqliteRawStatement Int64(int index, long? value) =>
        Check(value is long number ? raw.sqlite3_bind_int64(_statement, index, number) : raw.sqlite3_bind_null(_statement, index));

    /// <summary>Binds text or NULL to the parameter named <paramref name="name"/> (<c>@Name</c>, as written in the SQL).</summary>
    public SqliteRawStatement Text(string name, string? value) => Text(Index(name), value);

    /// <summary>Binds an integer or NULL to the parameter named <paramref name="name"/> (<c>@Name</c>).</summary>
    public SqliteRawStatement Int64(string name, long? value) => Int64(Index(name), value);

    /// <summary>The 1-based index of the parameter named <paramref name="name"/>; a name the SQL lacks is a bug.</summary>
    public int Index(string name)
    {
        if (!_indexes.TryGetValue(name, out int index))
        {
            index = raw.sqlite3_bind_parameter_index(_statement, name);
            if (index == 0)
            {
                throw new ArgumentException($"The statement has no parameter {name}.", nameof(name));
            }

            _indexes.Add(name, index);
        }

        return index;
    }

    /// <summary>Runs the statement to its end and returns the rows it changed; the statement is reset for the next values.</summary>
    public int Execute()
    {
        try
        {
            int result;
            while ((result = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
                // A RETURNING clause or a trigger's SELECT: the rows are not read.
            }

            if (result != raw.SQLITE_DONE)
            {
                throw Error(result);
            }

            return raw.sqlite3_changes(_database);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private SqliteRawStatement Check(int result) => result == raw.SQLITE_OK ? this : throw Error(result);

    private SqliteException Error(int result) =>
        new(raw.sqlite3_errmsg(_database).utf8_to_string(), result, raw.sqlite3_extended_errcode(_database));
}
