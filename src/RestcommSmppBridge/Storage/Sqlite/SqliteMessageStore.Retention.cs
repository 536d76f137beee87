using Dapper;

namespace RestcommSmppBridge.Storage.Sqlite;

internal sealed partial class SqliteMessageStore
{
    // The ended messages of one account created before @Before, oldest first, at most @Max. It runs on the account's
    // date index (account_sid, date_created, sid), so a sweep reads only the range it deletes. Every statement of a
    // deletion repeats it inside one writer transaction: deleting the dependent rows does not change which messages
    // it picks (it never picks a message with an owed callback or a pending webhook, whose rows are not deleted), so
    // the messages deleted last are exactly those whose rows went first.
    internal const string EndedBefore = """
        SELECT m.sid FROM sms_messages m
        WHERE m.account_sid = @Account AND m.date_created < @Before
          AND m.status IN ('delivered', 'undelivered', 'failed', 'received', 'sent')
          AND NOT EXISTS (SELECT 1 FROM status_callback_owed o WHERE o.message_sid = m.sid)
          AND NOT EXISTS (SELECT 1 FROM inbound_webhooks w WHERE w.message_sid = m.sid AND w.state = 'pending')
        ORDER BY m.date_created, m.sid
        LIMIT @Max
        """;

    // Every table whose rows name a message (foreign keys are on: the message can go only after them). inbound_parts
    // and inbound_dedup keep a message sid for the duplicate window only and are purged by the inbound sweep.
    private const string DeleteEndedDependents = $"""
        DELETE FROM sms_message_status_changes WHERE message_sid IN ({EndedBefore});
        DELETE FROM sms_message_segments WHERE message_sid IN ({EndedBefore});
        DELETE FROM sms_message_part_receipts WHERE message_sid IN ({EndedBefore});
        DELETE FROM outbox_state WHERE message_sid IN ({EndedBefore});
        DELETE FROM status_callback_progress WHERE message_sid IN ({EndedBefore});
        DELETE FROM status_callback_failures WHERE message_sid IN ({EndedBefore});
        DELETE FROM inbound_webhooks WHERE message_sid IN ({EndedBefore});
        """;

    private const string DeleteEndedMessages = $"DELETE FROM sms_messages WHERE sid IN ({EndedBefore});";

    private static readonly Func<SqliteWriteContext, EndedSelection, int> s_deleteEnded = static (context, selection) =>
    {
        context.Connection.Execute(DeleteEndedDependents, selection, context.Transaction);
        return context.Connection.Execute(DeleteEndedMessages, selection, context.Transaction);
    };

    public Task<int> DeleteEndedAsync(string accountSid, DateTimeOffset createdBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountSid);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return _database.Writer.EnqueueAsync(new EndedSelection(accountSid, SqliteValues.ToTicks(createdBefore), max), s_deleteEnded, cancellationToken);
    }

    // Dapper binds the properties by name: @Account, @Before, @Max.
    private sealed record EndedSelection(string Account, long Before, int Max);
}
