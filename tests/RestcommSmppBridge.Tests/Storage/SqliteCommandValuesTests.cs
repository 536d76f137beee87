using Microsoft.Data.Sqlite;
using RestcommSmppBridge.Storage.Sqlite;

namespace RestcommSmppBridge.Tests.Storage;

/// <summary>
/// A prepared command keeps the row parser built for its first row. Rows whose columns were NULL when the parser was
/// built (a declared column, and an expression without a declared type) must still read later values, and a row
/// type or SQL change must not reuse the wrong parser.
/// </summary>
[TestFixture]
public sealed class SqliteCommandValuesTests
{
    private ScratchSqliteFile _file = null!;
    private SqliteConnection _connection = null!;

    [SetUp]
    public void Open()
    {
        _file = new ScratchSqliteFile("""
            CREATE TABLE t (id TEXT NOT NULL PRIMARY KEY, name TEXT, n INTEGER, extra INTEGER);
            INSERT INTO t VALUES ('empty', NULL, NULL, NULL), ('full', 'Zoë', 42, 7), ('other', 'x', 1, NULL);
            """);
        _connection = _file.Connection;
    }

    [TearDown]
    public void Close() => _file.Dispose();

    [Test]
    public void FirstOrDefault_ParserBuiltOnNulls_ReadsLaterValues()
    {
        using SqliteCommand select = Command("SELECT id AS Id, name AS Name, n AS N, COALESCE(extra, NULL) AS Extra FROM t WHERE id = @Id;");

        Row? empty = select.Set("@Id", "empty").FirstOrDefault<Row>();
        Row? full = select.Set("@Id", "full").FirstOrDefault<Row>();
        Row? missing = select.Set("@Id", "none").FirstOrDefault<Row>();
        Row? emptyAgain = select.Set("@Id", "empty").FirstOrDefault<Row>();

        Assert.Multiple(() =>
        {
            Assert.That(empty, Is.EqualTo(new Row { Id = "empty" }));
            Assert.That(full, Is.EqualTo(new Row { Id = "full", Name = "Zoë", N = 42, Extra = 7 }));
            Assert.That(missing, Is.Null);
            Assert.That(emptyAgain, Is.EqualTo(empty));
        });
    }

    [Test]
    public void Rows_KeptParser_ReadsEveryRowOfLaterResults()
    {
        using SqliteCommand select = Command("SELECT id AS Id, name AS Name, n AS N, extra AS Extra FROM t WHERE id >= @From ORDER BY id;");

        List<Row> fromOther = select.Set("@From", "other").Rows<Row>();
        List<Row> all = select.Set("@From", "a").Rows<Row>();

        Assert.Multiple(() =>
        {
            Assert.That(fromOther.Select(r => r.Id), Is.EqualTo(new[] { "other" }));
            Assert.That(all.Select(r => $"{r.Id}|{r.Name}|{r.N}|{r.Extra}"), Is.EqualTo(new[] { "empty|||", "full|Zoë|42|7", "other|x|1|" }));
        });
    }

    [Test]
    public void FirstOrDefault_OtherRowTypeOrSql_NewParser()
    {
        using SqliteCommand select = Command("SELECT id AS Id, name AS Name, n AS N, extra AS Extra FROM t WHERE id = 'full';");
        Row? asRow = select.FirstOrDefault<Row>();

        NameOnly? asName = select.FirstOrDefault<NameOnly>();
        select.CommandText = "SELECT name AS Name FROM t WHERE id = 'other';";
        NameOnly? otherSql = select.FirstOrDefault<NameOnly>();

        Assert.Multiple(() =>
        {
            Assert.That(asRow?.N, Is.EqualTo(42));
            Assert.That(asName?.Name, Is.EqualTo("Zoë"));
            Assert.That(otherSql?.Name, Is.EqualTo("x"));
        });
    }

    private SqliteCommand Command(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (string name in SqliteCommandValues.ParameterNames(sql))
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        return command;
    }

    private sealed record Row
    {
        public string Id { get; init; } = string.Empty;

        public string? Name { get; init; }

        public long? N { get; init; }

        public long? Extra { get; init; }
    }

    private sealed class NameOnly
    {
        public string? Name { get; set; }
    }
}
