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

    // A second pause of a paused carrier keeps the first row, so "paused since" stays the time the pause began;
    // the select then reads whichever row is stored (the conflict matches names case-insensitively, migration 8).
    private const string InsertPause = """
        INSERT INTO carrier_pauses (carrier, paused_at) VALUES (@Carrier, @PausedAt)
        ON CONFLICT (carrier) DO NOTHING;
        """;

    private const string SelectPausedAt = "SELECT paused_at FROM carrier_pauses WHERE carrier = @Carrier;";

    private const string DeletePause = "DELETE FROM carrier_pauses WHERE carrier = @Carrier;";

    private const string SelectPauses = "SELECT carrier AS Carrier, paused_at AS PausedAt FROM carrier_pauses ORDER BY carrier;";

    private static readonly Func<SqliteWriteContext, long, int> s_requeue = static (context, now) =>
        context.Connection.Execute(RequeueFailed, new { Now = now }, context.Transaction);

    private static readonly Func<SqliteWriteContext, PauseRow, long> s_setPause = static (context, pause) =>
    {
        context.Connection.Execute(InsertPause, pause, context.Transaction);
        return context.Connection.ExecuteScalar<long>(SelectPausedAt, pause, context.Transaction);
    };

    private static readonly Func<SqliteWriteContext, string, bool> s_clearPause = static (context, carrier) =>
        context.Connection.Execute(DeletePause, new { Carrier = carrier }, context.Transaction) > 0;

    private readonly SqliteDatabase _database;

    public SqliteOperationsStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public OutboxDepth CountOutbox() => _database.Read(0, static (connection, _) =>
    {
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
    });

    public Task<int> RequeueFailedWebhooksAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        _database.Writer.EnqueueAsync(SqliteValues.ToTicks(now), s_requeue, cancellationToken);

    public async Task<DateTimeOffset> SetCarrierPauseAsync(string carrier, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(carrier);
        PauseRow pause = new() { Carrier = carrier, PausedAt = SqliteValues.ToTicks(now) };
        long pausedAt = await _database.Writer.EnqueueAsync(pause, s_setPause, cancellationToken).ConfigureAwait(false);
        return SqliteValues.FromTicks(pausedAt);
    }

    public Task<bool> ClearCarrierPauseAsync(string carrier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(carrier);
        return _database.Writer.EnqueueAsync(carrier, s_clearPause, cancellationToken);
    }

    public async Task<IReadOnlyList<CarrierPause>> GetCarrierPausesAsync(CancellationToken cancellationToken)
    {
        IEnumerable<PauseRow> rows = await _database.ReadAsync(new CommandDefinition(SelectPauses, cancellationToken: cancellationToken),
            static (connection, command) => connection.QueryAsync<PauseRow>(command)).ConfigureAwait(false);
        List<CarrierPause> pauses = [];
        foreach (PauseRow row in rows)
        {
            pauses.Add(new CarrierPause(row.Carrier, SqliteValues.FromTicks(row.PausedAt)));
        }

        return pauses;
    }

    private sealed class PauseRow
    {
        public string Carrier { get; set; } = string.Empty;

        public long PausedAt { get; set; }
    }

    private sealed class CountRow
    {
        public string Status { get; set; } = string.Empty;

        public long Count { get; set; }
    }
}
