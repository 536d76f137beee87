using Microsoft.Data.Sqlite;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Tests.Storage;

/// <summary>
/// <see cref="SqliteRawStatement"/> on a real SQLite file: values and NULLs arrive as bound, the statement is reused
/// after a failure, failures are <see cref="SqliteException"/> with SQLite's codes, and a rolled-back transaction
/// takes its rows with it.
/// </summary>
[TestFixture]
public sealed class SqliteRawStatementTests
{
    private const string Insert = "INSERT INTO t (id, name, n) VALUES (?1, ?2, ?3);";

    private ScratchSqliteFile _file = null!;
    private SqliteConnection _connection = null!;

    [SetUp]
    public void Open()
    {
        _file = new ScratchSqliteFile("CREATE TABLE t (id TEXT NOT NULL PRIMARY KEY, name TEXT, n INTEGER);");
        _connection = _file.Connection;
    }

    [TearDown]
    public void Close() => _file.Dispose();

    [Test]
    public void Execute_ValuesAndNulls_StoredAsBoundAndStatementReusable()
    {
        using SqliteRawStatement insert = new(_connection, Insert);

        int first = insert.Text(1, "a").Text(2, "Zoë 😀 ' ; DROP TABLE t; --").Int64(3, 42L).Execute();
        int second = insert.Text(1, "b").Text(2, null).Int64(3, (long?)null).Execute();

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(1));
            Assert.That(second, Is.EqualTo(1));
            Assert.That(Rows(), Is.EqualTo(new[] { "a|Zoë 😀 ' ; DROP TABLE t; --|42", "b|<null>|<null>" }));
        });
    }

    [Test]
    public void Execute_ConstraintViolation_ThrowsSqliteExceptionAndStaysUsable()
    {
        using SqliteRawStatement insert = new(_connection, Insert);
        insert.Text(1, "a").Text(2, "x").Int64(3, 1L).Execute();

        SqliteException? failure = Assert.Throws<SqliteException>(() => insert.Text(1, "a").Text(2, "y").Int64(3, 2L).Execute());
        insert.Text(1, "c").Text(2, "z").Int64(3, 3L).Execute();

        Assert.Multiple(() =>
        {
            Assert.That(failure!.SqliteErrorCode, Is.EqualTo(19), "SQLITE_CONSTRAINT");
            Assert.That(failure.SqliteExtendedErrorCode, Is.EqualTo(1555), "SQLITE_CONSTRAINT_PRIMARYKEY");
            Assert.That(failure.Message, Does.Contain("UNIQUE constraint failed: t.id"));
            Assert.That(Rows(), Is.EqualTo(new[] { "a|x|1", "c|z|3" }));
        });
    }

    [Test]
    public void Execute_InsideARolledBackTransaction_LeavesNothing()
    {
        using SqliteRawStatement insert = new(_connection, Insert);
        using (SqliteTransaction transaction = _connection.BeginTransaction())
        {
            insert.Text(1, "a").Text(2, "x").Int64(3, 1L).Execute();
            transaction.Rollback();
        }

        Assert.That(Rows(), Is.Empty);
    }

    [Test]
    public void Execute_NamedParameters_BoundByNameEvenWhenUsedTwice()
    {
        using SqliteRawStatement insert = new(_connection,
            "INSERT INTO t (id, name, n) VALUES (@Id, @Name || '/' || @Id, @N);");

        insert.Int64("@N", 7L).Text("@Id", "a").Text("@Name", "x").Execute();
        insert.Text("@Id", "b").Text("@Name", "y").Int64("@N", (long?)null).Execute();

        Assert.That(Rows(), Is.EqualTo(new[] { "a|x/a|7", "b|y/b|<null>" }));
    }

    [Test]
    public void Bind_NameTheSqlLacks_ThrowsNamingIt()
    {
        using SqliteRawStatement insert = new(_connection, "INSERT INTO t (id) VALUES (@Id);");

        ArgumentException? failure = Assert.Throws<ArgumentException>(() => insert.Text("@Missing", "x"));

        Assert.That(failure!.Message, Does.StartWith("The statement has no parameter @Missing."));
    }

    [Test]
    public void Constructor_BadSql_ThrowsSqliteException()
    {
        SqliteException? failure = Assert.Throws<SqliteException>(() => new SqliteRawStatement(_connection, "INSERT INTO missing VALUES (?1);"));

        Assert.That(failure!.Message, Does.Contain("no such table: missing"));
    }

    private List<string> Rows()
    {
        using SqliteCommand select = _connection.CreateCommand();
        select.CommandText = "SELECT id, name, n FROM t ORDER BY id;";
        using SqliteDataReader reader = select.ExecuteReader();
        List<string> rows = [];
        while (reader.Read())
        {
            rows.Add($"{reader.GetString(0)}|{(reader.IsDBNull(1) ? "<null>" : reader.GetString(1))}|{(reader.IsDBNull(2) ? "<null>" : reader.GetInt64(2))}");
        }

        return rows;
    }
}
