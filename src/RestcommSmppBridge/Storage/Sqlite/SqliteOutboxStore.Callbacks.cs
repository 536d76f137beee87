using Dapper;

namespace RestcommSmppBridge.Storage.Sqlite;

internal sealed partial class SqliteOutboxStore
{
    // The set is kept by the triggers of migration 4; its rowid key is the order in which messages became owed, so a
    // page is one range read of the primary key.
    private const string SelectOwedCallbackPage = """
        SELECT id AS Position, message_sid AS MessageSid
        FROM status_callback_owed
        WHERE id > @After
        ORDER BY id
        LIMIT @Max;
        """;

    public async Task<IReadOnlyList<OutboxOwedCallback>> ListOwedCallbacksAsync(long afterPosition, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        IEnumerable<OwedCallbackRow> rows = await _database.ReadAsync(
            new CommandDefinition(SelectOwedCallbackPage, new { After = afterPosition, Max = max }, cancellationToken: cancellationToken),
            static (connection, command) => connection.QueryAsync<OwedCallbackRow>(command)).ConfigureAwait(false);
        List<OutboxOwedCallback> page = [];
        foreach (OwedCallbackRow row in rows)
        {
            page.Add(new OutboxOwedCallback(row.Position, row.MessageSid));
        }

        return page;
    }

    private sealed class OwedCallbackRow
    {
        public long Position { get; set; }

        public string MessageSid { get; set; } = string.Empty;
    }
}
