using Dapper;
using Microsoft.Data.Sqlite;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// <see cref="IInboundStore"/> on SQLite (schema step 3). Writes go through the single writer, so a part, a message
/// and its webhook row are committed by the group commit like every other write; each write only issues SQL and
/// returns its result, so the writer may replay it (<see cref="SqliteWriter"/>).
/// </summary>
internal sealed class SqliteInboundStore : IInboundStore
{
    private const string PartColumns = """
        carrier AS Carrier, source AS Source, destination AS Destination, reference AS Reference, total AS Total,
        seq AS Seq, data_coding AS DataCoding, unpacked_gsm AS UnpackedGsm, payload AS Payload, received_at AS ReceivedAt
        """;

    private const string KeyFilter = """
        carrier = @Carrier AND source = @Source AND destination = @Destination AND reference = @Reference AND total = @Total
        """;

    private const string SelectSlot = $"SELECT payload AS Payload, message_sid AS MessageSid, completed_at AS CompletedAt FROM inbound_parts WHERE {KeyFilter} AND seq = @Seq;";
    private const string DeleteCompletedOfKey = $"DELETE FROM inbound_parts WHERE {KeyFilter} AND message_sid IS NOT NULL;";
    private const string InsertPart = """
        INSERT INTO inbound_parts (carrier, source, destination, reference, total, seq, data_coding, unpacked_gsm, payload, received_at)
        VALUES (@Carrier, @Source, @Destination, @Reference, @Total, @Seq, @DataCoding, @UnpackedGsm, @Payload, @ReceivedAt);
        """;
    private const string DiscardPending = $"DELETE FROM inbound_parts WHERE {KeyFilter} AND message_sid IS NULL;";
    private const string CountPending = $"SELECT COUNT(*) FROM inbound_parts WHERE {KeyFilter} AND message_sid IS NULL;";
    private const string SelectPending = $"SELECT {PartColumns} FROM inbound_parts WHERE {KeyFilter} AND message_sid IS NULL ORDER BY seq;";
    private const string CompleteParts = $"UPDATE inbound_parts SET message_sid = @Sid, completed_at = @Now WHERE {KeyFilter} AND message_sid IS NULL;";

    private const string SelectDedup = """
        SELECT received_at FROM inbound_dedup
        WHERE carrier = @Carrier AND source = @Source AND destination = @Destination AND fingerprint = @Fingerprint;
        """;
    private const string UpsertDedup = """
        INSERT INTO inbound_dedup (carrier, source, destination, fingerprint, message_sid, received_at)
        VALUES (@Carrier, @Source, @Destination, @Fingerprint, @Sid, @Now)
        ON CONFLICT (carrier, source, destination, fingerprint) DO UPDATE SET message_sid = excluded.message_sid, received_at = excluded.received_at;
        """;

    private const string InsertWebhook = """
        INSERT INTO inbound_webhooks (message_sid, url, method, fallback_url, fallback_method, state, attempts, next_attempt_at, created_at)
        VALUES (@Sid, @Url, @Method, @FallbackUrl, @FallbackMethod, 'pending', 0, @Now, @Now);
        """;

    // Groups whose oldest pending part is older than the cutoff; their parts are then read one group at a time.
    private const string SelectExpiredKeys = """
        SELECT carrier AS Carrier, source AS Source, destination AS Destination, reference AS Reference, total AS Total
        FROM inbound_parts WHERE message_sid IS NULL
        GROUP BY carrier, source, destination, reference, total
        HAVING MIN(received_at) < @Cutoff
        LIMIT @Max;
        """;

    private const string Purge = """
        DELETE FROM inbound_dedup WHERE received_at < @Cutoff;
        DELETE FROM inbound_parts WHERE message_sid IS NOT NULL AND completed_at < @Cutoff;
        """;

    private const string SelectDue = """
        SELECT w.message_sid AS MessageSid, m.account_sid AS AccountSid, m.sender AS Sender, m.recipient AS Recipient,
               m.body AS Body, m.num_segments AS NumSegments, m.encoding AS Encoding, w.url AS Url, w.method AS Method,
               w.fallback_url AS FallbackUrl, w.fallback_method AS FallbackMethod, w.attempts AS Attempts
        FROM inbound_webhooks w JOIN sms_messages m ON m.sid = w.message_sid
        WHERE w.state = 'pending' AND w.claimed_at IS NULL AND w.next_attempt_at <= @Now
        ORDER BY w.next_attempt_at, w.message_sid
        LIMIT @Max;
        """;

    private const string Claim = "UPDATE inbound_webhooks SET claimed_at = @Now WHERE message_sid = @Sid;";

    // Uses the partial index ix_inbound_webhooks_claimed (migration 5), which holds only the claimed rows.
    private const string ReleaseAll = "UPDATE inbound_webhooks SET claimed_at = NULL WHERE claimed_at IS NOT NULL;";

    private const string ReleaseOne = """
        UPDATE inbound_webhooks SET claimed_at = NULL, next_attempt_at = @Next
        WHERE message_sid = @Sid AND state = 'pending';
        """;

    private const string CountPendingWebhooks = "SELECT COUNT(*) FROM inbound_webhooks WHERE state = 'pending';";

    private const string Finish = """
        UPDATE inbound_webhooks SET state = @State, attempts = @Attempts, completed_at = @At, outcome = @Outcome, claimed_at = NULL
        WHERE message_sid = @Sid AND state = 'pending';
        """;

    private const string Retry = """
        UPDATE inbound_webhooks SET attempts = @Attempts, next_attempt_at = @Next, outcome = @Outcome, claimed_at = NULL
        WHERE message_sid = @Sid AND state = 'pending';
        """;

    private const string SelectWebhook = """
        SELECT message_sid AS MessageSid, state AS State, attempts AS Attempts, next_attempt_at AS NextAttemptAt,
               completed_at AS CompletedAt, outcome AS Outcome
        FROM inbound_webhooks WHERE message_sid = @Sid;
        """;

    private static readonly Func<SqliteWriteContext, (InboundPart Part, long WindowStart), InboundPartResult> s_addPart =
        static (context, state) => AddPart(context, state.Part, state.WindowStart);

    private static readonly Func<SqliteWriteContext, InboundMessageWrite, InboundStoreOutcome> s_storeMessage =
        static (context, write) => StoreMessage(context, write);

    private static readonly Func<SqliteWriteContext, (long Now, int Max), List<DueRow>> s_claimDue =
        static (context, state) => ClaimDue(context, state.Now, state.Max);

    private static readonly Func<SqliteWriteContext, Statement, int> s_executeCount = static (context, statement) =>
        context.Connection.Execute(statement.Sql, statement.Parameters, context.Transaction);

    private static readonly Func<SqliteWriteContext, Statement, bool> s_execute = static (context, statement) =>
        context.Connection.Execute(statement.Sql, statement.Parameters, context.Transaction) > 0;

    private readonly SqliteDatabase _database;

    public SqliteInboundStore(SqliteDatabase database)
    {
        _database = database;
    }

    public Task<InboundPartResult> AddPartAsync(InboundPart part, TimeSpan duplicateWindow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (part.Total < 2 || part.Sequence < 1 || part.Sequence > part.Total)
        {
            throw new ArgumentException("A part needs a total of at least 2 and a sequence within 1..total.", nameof(part));
        }

        long windowStart = SqliteValues.ToTicks(part.ReceivedAt - duplicateWindow);
        return _database.Writer.EnqueueAsync((part, windowStart), s_addPart, cancellationToken);
    }

    public Task<InboundStoreOutcome> StoreMessageAsync(InboundMessageWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if ((write.Parts is null) == (write.Fingerprint is null))
        {
            throw new ArgumentException("An inbound message has either its parts key or its fingerprint.", nameof(write));
        }

        if (!Sids.IsValid(write.Message.Sid, Sids.MessagePrefix))
        {
            throw new ArgumentException($"'{write.Message.Sid}' is not a message sid.", nameof(write));
        }

        return _database.Writer.EnqueueAsync(write, s_storeMessage, cancellationToken);
    }

    public async Task<IReadOnlyList<IReadOnlyList<InboundPart>>> ListExpiredPartsAsync(DateTimeOffset firstPartBefore, int maxMessages,
        CancellationToken cancellationToken)
    {
        return await _database.ReadAsync((cutoff: SqliteValues.ToTicks(firstPartBefore), maxMessages, cancellationToken),
            static async (connection, s) =>
            {
                using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
                IEnumerable<KeyRow> keys = await connection.QueryAsync<KeyRow>(new CommandDefinition(SelectExpiredKeys,
                    new { Cutoff = s.cutoff, Max = s.maxMessages }, transaction, cancellationToken: s.cancellationToken)).ConfigureAwait(false);
                List<IReadOnlyList<InboundPart>> groups = [];
                foreach (KeyRow key in keys)
                {
                    IEnumerable<PartRow> rows = await connection.QueryAsync<PartRow>(new CommandDefinition(SelectPending, key, transaction,
                        cancellationToken: s.cancellationToken)).ConfigureAwait(false);
                    groups.Add(ToParts(rows));
                }

                return (IReadOnlyList<IReadOnlyList<InboundPart>>)groups;
            }).ConfigureAwait(false);
    }

    public Task DiscardPartsAsync(InboundPartsKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _database.Writer.EnqueueAsync(new Statement(DiscardPending, KeyParameters(key)), s_execute, cancellationToken);
    }

    public Task PurgeDuplicateKeysAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        _database.Writer.EnqueueAsync(new Statement(Purge, new { Cutoff = SqliteValues.ToTicks(before) }), s_execute, cancellationToken);

    public async Task<IReadOnlyList<PendingInboundWebhook>> ClaimDueWebhooksAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        List<DueRow> rows = await _database.Writer.EnqueueAsync((SqliteValues.ToTicks(now), max), s_claimDue, cancellationToken)
            .ConfigureAwait(false);
        List<PendingInboundWebhook> due = new(rows.Count);
        foreach (DueRow row in rows)
        {
            due.Add(new PendingInboundWebhook
            {
                MessageSid = row.MessageSid,
                AccountSid = row.AccountSid,
                From = row.Sender,
                To = row.Recipient,
                Body = row.Body,
                NumSegments = checked((int)row.NumSegments),
                Encoding = row.Encoding,
                Target = new InboundWebhookTarget(row.Url, row.Method, row.FallbackUrl, row.FallbackMethod),
                Attempts = checked((int)row.Attempts),
            });
        }

        return due;
    }

    public Task<int> ReleaseWebhookClaimsAsync(CancellationToken cancellationToken) =>
        _database.Writer.EnqueueAsync(new Statement(ReleaseAll, new { }), s_executeCount, cancellationToken);

    public Task ReleaseWebhookAsync(string messageSid, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageSid);
        object parameters = new { Sid = messageSid, Next = SqliteValues.ToTicks(nextAttemptAt) };
        return _database.Writer.EnqueueAsync(new Statement(ReleaseOne, parameters), s_execute, cancellationToken);
    }

    public async Task<int> CountPendingWebhooksAsync(CancellationToken cancellationToken)
    {
        return await _database.ReadAsync(new CommandDefinition(CountPendingWebhooks, cancellationToken: cancellationToken),
            static (connection, command) => connection.ExecuteScalarAsync<int>(command)).ConfigureAwait(false);
    }

    public Task FinishWebhookAsync(string messageSid, bool succeeded, int attempts, string outcome, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageSid);
        object parameters = new
        {
            Sid = messageSid,
            State = succeeded ? "completed" : "failed",
            Attempts = attempts,
            At = SqliteValues.ToTicks(at),
            Outcome = outcome,
        };
        return _database.Writer.EnqueueAsync(new Statement(Finish, parameters), s_execute, cancellationToken);
    }

    public Task RetryWebhookAsync(string messageSid, int attempts, DateTimeOffset nextAttemptAt, string lastError,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageSid);
        object parameters = new { Sid = messageSid, Attempts = attempts, Next = SqliteValues.ToTicks(nextAttemptAt), Outcome = lastError };
        return _database.Writer.EnqueueAsync(new Statement(Retry, parameters), s_execute, cancellationToken);
    }

    public async Task<InboundWebhookRecord?> GetWebhookAsync(string messageSid, CancellationToken cancellationToken)
    {
        WebhookRow? row = await _database.ReadAsync(
            new CommandDefinition(SelectWebhook, new { Sid = messageSid }, cancellationToken: cancellationToken),
            static (connection, command) => connection.QuerySingleOrDefaultAsync<WebhookRow>(command)).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        InboundWebhookState state = row.State switch
        {
            "pending" => InboundWebhookState.Pending,
            "completed" => InboundWebhookState.Completed,
            "failed" => InboundWebhookState.Failed,
            _ => throw new InvalidDataException($"Webhook {row.MessageSid} holds an unknown state; the database was changed outside the bridge."),
        };
        return new InboundWebhookRecord(row.MessageSid, state, checked((int)row.Attempts), SqliteValues.FromTicks(row.NextAttemptAt),
            SqliteValues.FromTicks(row.CompletedAt), row.Outcome);
    }

    private static InboundPartResult AddPart(SqliteWriteContext context, InboundPart part, long windowStart)
    {
        SqliteConnection connection = context.Connection;
        SqliteTransaction transaction = context.Transaction;
        object key = KeyParameters(part.Key);
        var slotParameters = new
        {
            part.Carrier,
            part.Source,
            part.Destination,
            Reference = (int)part.Reference,
            Total = (int)part.Total,
            Seq = (int)part.Sequence,
        };
        SlotRow? slot = connection.QuerySingleOrDefault<SlotRow>(SelectSlot, slotParameters, transaction);
        if (slot is not null)
        {
            if (slot.MessageSid is null)
            {
                // Keep the first copy; the message may still be complete (the last part resent after a crash).
                return PendingResult(connection, transaction, key, part.Total, InboundPartStatus.DuplicatePart);
            }

            if (slot.CompletedAt >= windowStart && slot.Payload.AsSpan().SequenceEqual(part.Payload.Span))
            {
                return new InboundPartResult(InboundPartStatus.AlreadyDelivered, []);
            }

            // Different content, or older than the window: a new message reusing the reference. Its predecessor's
            // parts only served to recognise redeliveries.
            connection.Execute(DeleteCompletedOfKey, key, transaction);
        }

        connection.Execute(InsertPart, new
        {
            part.Carrier,
            part.Source,
            part.Destination,
            Reference = (int)part.Reference,
            Total = (int)part.Total,
            Seq = (int)part.Sequence,
            DataCoding = (int)part.DataCoding,
            UnpackedGsm = part.UnpackedGsm ? 1 : 0,
            Payload = part.Payload.ToArray(),
            ReceivedAt = SqliteValues.ToTicks(part.ReceivedAt),
        }, transaction);
        return PendingResult(connection, transaction, key, part.Total, InboundPartStatus.Incomplete);
    }

    private static InboundPartResult PendingResult(SqliteConnection connection, SqliteTransaction transaction, object key, byte total,
        InboundPartStatus notComplete)
    {
        long held = connection.ExecuteScalar<long>(CountPending, key, transaction);
        if (held < total)
        {
            return new InboundPartResult(notComplete, []);
        }

        return new InboundPartResult(InboundPartStatus.Complete, ToParts(connection.Query<PartRow>(SelectPending, key, transaction)));
    }

    // Once per MO: every statement here is prepared once on the writer's connection (Dapper compiled each per call).
    private static InboundStoreOutcome StoreMessage(SqliteWriteContext context, InboundMessageWrite write)
    {
        SmsMessage message = write.Message;
        long now = SqliteValues.ToTicks(message.DateCreated);
        if (write.Parts is { } parts)
        {
            // Two binds can complete the same message at once (the last part resent on another bind): the first
            // transaction to claim the parts stores the message, the other finds none left.
            int completed = context.Prepared(CompleteParts)
                .Set("@Carrier", parts.Carrier)
                .Set("@Source", parts.Source)
                .Set("@Destination", parts.Destination)
                .Set("@Reference", (int)parts.Reference)
                .Set("@Total", (int)parts.Total)
                .Set("@Sid", message.Sid)
                .Set("@Now", now)
                .ExecuteNonQuery();
            if (completed == 0)
            {
                return InboundStoreOutcome.Duplicate;
            }
        }
        else
        {
            object? seen = context.Prepared(SelectDedup)
                .Set("@Carrier", message.Carrier)
                .Set("@Source", message.From)
                .Set("@Destination", message.To)
                .Set("@Fingerprint", write.Fingerprint)
                .Scalar();
            if (seen is long at && at >= SqliteValues.ToTicks(message.DateCreated - write.DuplicateWindow))
            {
                return InboundStoreOutcome.Duplicate;
            }

            context.Prepared(UpsertDedup)
                .Set("@Carrier", message.Carrier)
                .Set("@Source", message.From)
                .Set("@Destination", message.To)
                .Set("@Fingerprint", write.Fingerprint)
                .Set("@Sid", message.Sid)
                .Set("@Now", now)
                .ExecuteNonQuery();
        }

        SqliteMessageStore.InsertWithin(context, message);
        if (write.Webhook is { } webhook)
        {
            context.Prepared(InsertWebhook)
                .Set("@Sid", message.Sid)
                .Set("@Url", webhook.Url)
                .Set("@Method", webhook.Method)
                .Set("@FallbackUrl", webhook.FallbackUrl)
                .Set("@FallbackMethod", webhook.FallbackMethod)
                .Set("@Now", now)
                .ExecuteNonQuery();
        }

        return InboundStoreOutcome.Stored;
    }

    // Reads the due rows and claims them in the same writer transaction, so no other claim can list them: the
    // single writer serialises claims, and a claimed row leaves the due set until it is finished, retried or released.
    private static List<DueRow> ClaimDue(SqliteWriteContext context, long now, int max)
    {
        List<DueRow> rows = context.Prepared(SelectDue).Set("@Now", now).Set("@Max", max).Rows<DueRow>();
        foreach (DueRow row in rows)
        {
            context.Prepared(Claim).Set("@Now", now).Set("@Sid", row.MessageSid).ExecuteNonQuery();
        }

        return rows;
    }

    private static object KeyParameters(InboundPartsKey key) => new
    {
        key.Carrier,
        key.Source,
        key.Destination,
        Reference = (int)key.Reference,
        Total = (int)key.Total,
    };

    private static InboundPart[] ToParts(IEnumerable<PartRow> rows)
    {
        List<InboundPart> parts = [];
        foreach (PartRow row in rows)
        {
            parts.Add(new InboundPart(row.Carrier, row.Source, row.Destination, checked((ushort)row.Reference), checked((byte)row.Total),
                checked((byte)row.Seq), checked((byte)row.DataCoding), row.UnpackedGsm != 0, row.Payload,
                SqliteValues.FromTicks(row.ReceivedAt)));
        }

        return [.. parts];
    }

    // One SQL text with its bound parameters, run as a write request.
    private sealed record Statement(string Sql, object Parameters);

    // Row shapes Dapper fills from the SELECT aliases (SQLite integers come back as Int64).
    private sealed class KeyRow
    {
        public string Carrier { get; set; } = string.Empty;

        public string Source { get; set; } = string.Empty;

        public string Destination { get; set; } = string.Empty;

        public long Reference { get; set; }

        public long Total { get; set; }
    }

    private sealed class SlotRow
    {
        public byte[] Payload { get; set; } = [];

        public string? MessageSid { get; set; }

        public long? CompletedAt { get; set; }
    }

    private sealed class PartRow
    {
        public string Carrier { get; set; } = string.Empty;

        public string Source { get; set; } = string.Empty;

        public string Destination { get; set; } = string.Empty;

        public long Reference { get; set; }

        public long Total { get; set; }

        public long Seq { get; set; }

        public long DataCoding { get; set; }

        public long UnpackedGsm { get; set; }

        public byte[] Payload { get; set; } = [];

        public long ReceivedAt { get; set; }
    }

    private sealed class DueRow
    {
        public string MessageSid { get; set; } = string.Empty;

        public string AccountSid { get; set; } = string.Empty;

        public string Sender { get; set; } = string.Empty;

        public string Recipient { get; set; } = string.Empty;

        public string Body { get; set; } = string.Empty;

        public long NumSegments { get; set; }

        public string? Encoding { get; set; }

        public string Url { get; set; } = string.Empty;

        public string Method { get; set; } = string.Empty;

        public string? FallbackUrl { get; set; }

        public string FallbackMethod { get; set; } = string.Empty;

        public long Attempts { get; set; }
    }

    private sealed class WebhookRow
    {
        public string MessageSid { get; set; } = string.Empty;

        public string State { get; set; } = string.Empty;

        public long Attempts { get; set; }

        public long NextAttemptAt { get; set; }

        public long? CompletedAt { get; set; }

        public string? Outcome { get; set; }
    }
}
