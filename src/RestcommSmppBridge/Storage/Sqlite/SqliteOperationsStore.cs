using Dapper;
using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary><see cref="IOperationsStore"/> on SQLite.</summary>
internal sealed class SqliteOperationsStore : IOperationsStore
{
    // The condition is the one of the partial index ix_sms_messages_in_flight (migration 2), so SQLite counts from
    // that index, which only holds queued and sending rows, and never scans the message table.
    private const string CountInFlight = """
        SELECT status AS Status, COUNT(*) AS Count FROM sms_messages
        WHERE status IN ('queued', 'sending')
        GROUP BY status;
        """;

    // Only rows the dispatcher gave up on; a fresh budget (attempts 0), due now. The outcome keeps the last error
    // until the next attempt overwrites it.
    private const string RequeueFailed = """
        UPDATE inbound_webhooks SET state = 'pending', attempts = 0, next_attempt_at = @Now, completed_at = NULL
        WHERE state = 'failed';
        """;

    private static readonly Func<SqliteWriteContext, long, int> s_requeue = static (context, now) =>
        context.Connection.Execute(RequeueFailed, new { Now = now }, context.Transaction);

    private readonly SqliteDatabase _database;

    public SqliteOperationsStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public OutboxDepth CountOutbox()
    {
        using SqliteConnection connection = _database.OpenReadConnection();
        long queued = 0;
        long sending = 0;
        foreach (CountRow row in connection.Query<CountRow>(CountInFlight))
        {
            if (string.Equals(row.Status, "queued", StringComparison.Ordinal))
            {
                queued = row.Count;
            }
            else
            {
                sending = row.Count;
            }
        }

        return new OutboxDepth(queued, sending);
    }

    public Task<int> RequeueFailedWebhooksAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        _database.Writer.EnqueueAsync(SqliteValues.ToTicks(now), s_requeue, cancellationToken);

    private sealed class CountRow
    {
        public string Status { get; set; } = string.Empty;

        public long Count { get; set; }
    }
}
