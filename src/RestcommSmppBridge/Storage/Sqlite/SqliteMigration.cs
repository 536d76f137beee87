namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>One forward-only schema step. <paramref name="Version"/> is its number in <c>schema_version</c>.</summary>
/// <param name="Version">1, 2, 3… in the order they apply.</param>
/// <param name="Name">A short name for the log line.</param>
/// <param name="Sql">The statements, run in one transaction.</param>
internal sealed record SqliteMigration(int Version, string Name, string Sql);
