using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Tests.Storage;

/// <summary>
/// A plain SQLite file in a fresh temp folder, with one open unpooled connection and the given schema: for tests of
/// the store's building blocks below the database class. Disposing closes it and deletes the folder.
/// </summary>
internal sealed class ScratchSqliteFile : IDisposable
{
    private readonly string _folder;

    public ScratchSqliteFile(string schema)
    {
        _folder = TestStore.NewFolder();
        Connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_folder, "scratch.db"),
            Pooling = false,
        }.ToString());
        Connection.Open();
        using SqliteCommand create = Connection.CreateCommand();
        create.CommandText = schema;
        create.ExecuteNonQuery();
    }

    public SqliteConnection Connection { get; }

    public void Dispose()
    {
        Connection.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
