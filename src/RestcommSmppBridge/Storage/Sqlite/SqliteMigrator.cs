using Dapper;
using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>Applies forward-only migrations, each in its own transaction, recording them in <c>schema_version</c>.</summary>
internal static class SqliteMigrator
{
    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version     INTEGER NOT NULL PRIMARY KEY,
            name        TEXT    NOT NULL,
            applied_at  TEXT    NOT NULL
        );
        """;

    /// <summary>Applies every migration newer than the file's version; returns the version the file ends at.</summary>
    /// <exception cref="InvalidOperationException">The file was written by a newer build (its version is unknown here).</exception>
    public static int Apply(
        SqliteConnection connection,
        IReadOnlyList<SqliteMigration> migrations,
        string path,
        TimeProvider timeProvider,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE takes the write lock up front, so two processes starting on the same file cannot both
        // decide to apply the same step: the second waits (busy_timeout), then sees the new version and skips it.
        using (SqliteTransaction bootstrap = connection.BeginTransaction(deferred: false))
        {
            connection.Execute(CreateVersionTable, transaction: bootstrap);
            bootstrap.Commit();
        }

        int known = migrations.Count == 0 ? 0 : migrations[^1].Version;
        int current = CurrentVersion(connection, null);
        if (current > known)
        {
            SqliteDatabase.Log.SchemaTooNew(logger, path, current, known);
            throw new InvalidOperationException(
                $"The database '{path}' has schema version {current}, but this build knows only up to {known}. " +
                "It was written by a newer version of the bridge; run that version or restore a matching backup.");
        }

        foreach (SqliteMigration migration in migrations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            if (CurrentVersion(connection, transaction) >= migration.Version)
            {
                continue;
            }

            connection.Execute(migration.Sql, transaction: transaction);
            connection.Execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt);",
                new { migration.Version, migration.Name, AppliedAt = timeProvider.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
                transaction);
            transaction.Commit();
            SqliteDatabase.Log.MigrationApplied(logger, migration.Version, migration.Name, path);
            current = migration.Version;
        }

        return current;
    }

    private static int CurrentVersion(SqliteConnection connection, SqliteTransaction? transaction) =>
        connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM schema_version;", transaction: transaction);
}
