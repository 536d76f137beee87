namespace RestcommSmppBridge.Storage.Sqlite;

internal sealed partial class SqliteOutboxStore
{
    private const string OutboundDirections = "('outbound-api', 'outbound-call', 'outbound-reply')";

    private const string FinalStatuses = "('delivered', 'undelivered', 'failed')";

    // Due queued messages, oldest first. A message waits while an older one to the same destination is queued (for
    // instance waiting for its retry) or being sent, so retries never reorder a destination's messages (smpp.md P4).
    // So only a destination's head can leave, and only while none of its messages is sending: exactly the rows of
    // ix_outbox_heads_ready (migration 7, kept by triggers), read in the claim's order. The cost follows the number of
    // destinations with a backlog (heads waiting for a retry are stepped over) and @Max, never the depth of one
    // destination's backlog. The join by sid, not by the stored rowid, because only the sid is a stable key.
    internal const string SelectDue = $"""
        SELECT m.sid AS Sid, m.account_sid AS AccountSid, m.sender AS Sender, m.recipient AS Recipient, m.body AS Body,
            m.status AS Status, m.direction AS Direction, m.date_created AS DateCreated, m.date_updated AS DateUpdated,
            m.date_sent AS DateSent, m.price AS Price, m.price_unit AS PriceUnit, m.api_version AS ApiVersion,
            m.error_code AS ErrorCode, m.error_message AS ErrorMessage, m.status_callback AS StatusCallback,
            m.status_callback_method AS StatusCallbackMethod, m.carrier AS Carrier, m.num_segments AS NumSegments,
            m.encoding AS Encoding, COALESCE(o.attempts, 0) AS Attempts, o.concat_reference AS ConcatReference
        FROM outbox_heads h
        JOIN sms_messages m ON m.sid = h.head_sid
        LEFT JOIN outbox_state o ON o.message_sid = m.sid
        WHERE h.sending = 0
          AND m.status = 'queued'
          AND m.direction IN {OutboundDirections}
          AND COALESCE(o.next_attempt_at, 0) <= @Now
        ORDER BY h.head_date_created, h.head_rowid
        LIMIT @Max;
        """;

    private const string SelectMessage = """
        SELECT m.sid AS Sid, m.account_sid AS AccountSid, m.sender AS Sender, m.recipient AS Recipient, m.body AS Body,
            m.status AS Status, m.direction AS Direction, m.date_created AS DateCreated, m.date_updated AS DateUpdated,
            m.date_sent AS DateSent, m.price AS Price, m.price_unit AS PriceUnit, m.api_version AS ApiVersion,
            m.error_code AS ErrorCode, m.error_message AS ErrorMessage, m.status_callback AS StatusCallback,
            m.status_callback_method AS StatusCallbackMethod, m.carrier AS Carrier, m.num_segments AS NumSegments,
            m.encoding AS Encoding
        FROM sms_messages m WHERE m.sid = @Sid;
        """;

    // restcomm.md 1.7: callbacks are owed for sent and the final statuses, not for queued/sending. The second part
    // adds the entries an operator requeued after they failed for good (migration 6). A failure is recorded in the
    // write that moves the progress past it, so a requeued entry is never also past the progress: no entry twice.
    private const string SelectOwedCallbacks = """
        SELECT c.seq AS Seq, c.status AS Status, c.error_code AS ErrorCode, c.at AS At, 0 AS Requeued
        FROM sms_message_status_changes c
        WHERE c.message_sid = @Sid
          AND c.status IN ('sent', 'delivered', 'undelivered', 'failed')
          AND c.seq > COALESCE((SELECT p.last_seq FROM status_callback_progress p WHERE p.message_sid = @Sid), -1)
        UNION ALL
        SELECT c.seq AS Seq, c.status AS Status, c.error_code AS ErrorCode, c.at AS At, 1 AS Requeued
        FROM status_callback_failures f
        JOIN sms_message_status_changes c ON c.message_sid = f.message_sid AND c.seq = f.seq
        WHERE f.message_sid = @Sid AND f.requeued_at IS NOT NULL
        ORDER BY Seq;
        """;

    internal const string UpsertCallbackProgress = """
        INSERT INTO status_callback_progress (message_sid, last_seq) VALUES (@Sid, @Seq)
        ON CONFLICT (message_sid) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq);
        """;

    private const string MarkSending = """
        UPDATE sms_messages SET status = 'sending', date_updated = @Now WHERE sid = @Sid AND status = 'queued';
        """;

    private const string MarkSent = $"""
        UPDATE sms_messages SET
            status = @Status,
            date_updated = @At,
            date_sent = COALESCE(date_sent, @At),
            carrier = @Carrier,
            num_segments = @NumSegments,
            encoding = @Encoding,
            error_code = @ErrorCode,
            error_message = @ErrorMessage
        WHERE sid = @Sid AND status NOT IN {FinalStatuses}
        RETURNING {CallbackColumns};
        """;

    private const string MarkFailed = $"""
        UPDATE sms_messages SET
            status = 'failed',
            date_updated = @At,
            carrier = COALESCE(@Carrier, carrier),
            error_code = @ErrorCode,
            error_message = @ErrorMessage
        WHERE sid = @Sid AND status NOT IN {FinalStatuses};
        """;

    private const string MarkQueuedAgain = """
        UPDATE sms_messages SET status = 'queued', date_updated = @At WHERE sid = @Sid AND status = 'sending';
        """;

    private const string MarkRecoveredSent = """
        UPDATE sms_messages SET status = 'sent', date_updated = @Now, date_sent = COALESCE(date_sent, @Now)
        WHERE sid = @Sid AND status = 'sending';
        """;

    private const string MarkFromReceipt = $"""
        UPDATE sms_messages SET status = @Status, date_updated = @At, error_code = @ErrorCode, error_message = @ErrorMessage
        WHERE sid = @Sid AND status NOT IN {FinalStatuses}
        RETURNING {CallbackColumns};
        """;

    private const string UpsertOutboxState = """
        INSERT INTO outbox_state (message_sid, attempts, next_attempt_at, last_error)
        VALUES (@Sid, @Count, @NextAttemptAt, @Error)
        ON CONFLICT (message_sid) DO UPDATE SET
            attempts = attempts + @Count,
            next_attempt_at = excluded.next_attempt_at,
            last_error = excluded.last_error;
        """;

    private const string DeleteOutboxState = "DELETE FROM outbox_state WHERE message_sid = @Sid;";

    // A partly sent long message: where its parts went and how it was split, while it is still in flight.
    private const string MarkPartlySent = """
        UPDATE sms_messages SET date_updated = @At, carrier = @Carrier, num_segments = @NumSegments, encoding = @Encoding
        WHERE sid = @Sid AND status = 'sending';
        """;

    // The caller passes every part accepted under the reference, so the ids of an earlier split (another reference)
    // must not stay behind and pass for parts of this one.
    private const string DeleteSegments = "DELETE FROM sms_message_segments WHERE message_sid = @Sid;";

    private const string DeletePartReceipts = "DELETE FROM sms_message_part_receipts WHERE message_sid = @Sid;";

    private const string ClearConcatReference = "UPDATE outbox_state SET concat_reference = NULL WHERE message_sid = @Sid;";

    // RescheduleAsync's upsert, which also stores the reference the missing parts must carry.
    private const string UpsertOutboxStateWithReference = """
        INSERT INTO outbox_state (message_sid, attempts, next_attempt_at, last_error, concat_reference)
        VALUES (@Sid, 1, @NextAttemptAt, @Error, @Reference)
        ON CONFLICT (message_sid) DO UPDATE SET
            attempts = attempts + 1,
            next_attempt_at = excluded.next_attempt_at,
            last_error = excluded.last_error,
            concat_reference = excluded.concat_reference;
        """;

    private const string SelectPartlySent = """
        SELECT m.carrier AS Carrier, m.num_segments AS NumSegments, o.concat_reference AS ConcatReference
        FROM sms_messages m JOIN outbox_state o ON o.message_sid = m.sid
        WHERE m.sid = @Sid AND o.concat_reference IS NOT NULL AND m.carrier IS NOT NULL;
        """;

    private const string AppendChange = """
        INSERT INTO sms_message_status_changes (message_sid, seq, status, at, carrier, carrier_message_id, error_code)
        VALUES (
            @Sid,
            (SELECT COALESCE(MAX(seq), -1) + 1 FROM sms_message_status_changes WHERE message_sid = @Sid),
            @Status, @At, @Carrier, @CarrierMessageId, @ErrorCode);
        """;

    // The same row shape as IMessageStore.RecordCarrierMessageIdAsync writes, so FindByCarrierMessageIdAsync and the
    // REST representation see the ids too.
    private const string UpsertSegment = """
        INSERT INTO sms_message_segments (message_sid, segment_index, carrier, carrier_message_id)
        VALUES (@Sid, @SegmentIndex, @Carrier, @CarrierMessageId)
        ON CONFLICT (message_sid, segment_index) DO UPDATE SET
            carrier = excluded.carrier,
            carrier_message_id = excluded.carrier_message_id;
        """;

    // SMSCs reuse ids eventually; the newest message holding the id is the one a receipt is about.
    // The part a receipt names, with what ApplyPart needs to decide without reading again: the part's outcome so far
    // and the message's status and number of parts.
    private const string SelectPart = """
        SELECT s.message_sid AS MessageSid, s.segment_index AS SegmentIndex, m.status AS MessageStatus,
            m.num_segments AS NumSegments, r.outcome AS PreviousOutcome
        FROM sms_message_segments s JOIN sms_messages m ON m.sid = s.message_sid
        LEFT JOIN sms_message_part_receipts r ON r.message_sid = s.message_sid AND r.segment_index = s.segment_index
        WHERE s.carrier = @Carrier AND s.carrier_message_id = @CarrierMessageId
        ORDER BY m.date_created DESC, m.rowid DESC
        LIMIT 1;
        """;

    private const string SelectSegments = """
        SELECT segment_index AS SegmentIndex, carrier AS Carrier, carrier_message_id AS CarrierMessageId
        FROM sms_message_segments WHERE message_sid = @Sid ORDER BY segment_index;
        """;

    private const string InsertHeldReceipt = """
        INSERT INTO pending_receipts (carrier, carrier_message_id, state, outcome, error_code, received_at)
        VALUES (@Carrier, @CarrierMessageId, @State, @Outcome, @ErrorCode, @ReceivedAt);
        """;

    private const string SelectHeld = """
        SELECT id AS Id, state AS State, outcome AS Outcome, error_code AS ErrorCode, received_at AS ReceivedAt
        FROM pending_receipts WHERE carrier = @Carrier AND carrier_message_id = @CarrierMessageId ORDER BY id;
        """;

    private const string DeleteHeld = "DELETE FROM pending_receipts WHERE id = @Id;";

    private const string DeleteExpiredReceipts = "DELETE FROM pending_receipts WHERE received_at < @Before;";

    private const string SelectPartOutcome = """
        SELECT outcome FROM sms_message_part_receipts WHERE message_sid = @Sid AND segment_index = @SegmentIndex;
        """;

    private const string UpsertPartOutcome = """
        INSERT INTO sms_message_part_receipts (message_sid, segment_index, state, outcome, error_code, at)
        VALUES (@Sid, @SegmentIndex, @State, @Outcome, @ErrorCode, @At)
        ON CONFLICT (message_sid, segment_index) DO UPDATE SET
            state = excluded.state,
            outcome = excluded.outcome,
            error_code = excluded.error_code,
            at = excluded.at;
        """;

    private const string SelectPartOutcomes = """
        SELECT outcome AS Outcome, error_code AS ErrorCode FROM sms_message_part_receipts
        WHERE message_sid = @Sid ORDER BY segment_index;
        """;

    private const string SelectAggregate = "SELECT status AS Status, num_segments AS NumSegments FROM sms_messages WHERE sid = @Sid;";

    // What a status change tells its callback (CallbackRow); the updates that make a change return it, so the change
    // costs no second read of the row.
    private const string CallbackColumns = """
        account_sid AS AccountSid, sender AS Sender, recipient AS Recipient, api_version AS ApiVersion,
            status_callback AS StatusCallback, status_callback_method AS StatusCallbackMethod, date_sent AS DateSent
        """;

    private const string SelectCallback = $"SELECT {CallbackColumns} FROM sms_messages WHERE sid = @Sid;";

    private const string SelectSending = $"""
        SELECT m.sid AS Sid, m.num_segments AS NumSegments, m.carrier AS Carrier,
            (SELECT COUNT(*) FROM sms_message_segments s WHERE s.message_sid = m.sid) AS KnownIds,
            (SELECT o.concat_reference FROM outbox_state o WHERE o.message_sid = m.sid) AS ConcatReference
        FROM sms_messages m
        WHERE m.status = 'sending' AND m.direction IN {OutboundDirections}
        ORDER BY m.date_created, m.rowid;
        """;

    private sealed class StatusChangeSeqRow
    {
        public long Seq { get; set; }

        public string Status { get; set; } = string.Empty;

        public long? ErrorCode { get; set; }

        public long At { get; set; }

        public long Requeued { get; set; }
    }

    private sealed class StuckRow
    {
        public string Sid { get; set; } = string.Empty;

        public long NumSegments { get; set; }

        public string? Carrier { get; set; }

        public long KnownIds { get; set; }

        public long? ConcatReference { get; set; }
    }

    private sealed class PartlySentRow
    {
        public string Carrier { get; set; } = string.Empty;

        public long NumSegments { get; set; }

        public long ConcatReference { get; set; }
    }

    private sealed class SegmentKeyRow
    {
        public long SegmentIndex { get; set; }

        public string Carrier { get; set; } = string.Empty;

        public string CarrierMessageId { get; set; } = string.Empty;
    }

    private sealed class HeldReceiptRow
    {
        public long Id { get; set; }

        public long State { get; set; }

        public string Outcome { get; set; } = string.Empty;

        public long? ErrorCode { get; set; }

        public long ReceivedAt { get; set; }
    }

    private sealed class ReceiptTargetRow
    {
        public string MessageSid { get; set; } = string.Empty;

        public long SegmentIndex { get; set; }

        public string MessageStatus { get; set; } = string.Empty;

        public long NumSegments { get; set; }

        public string? PreviousOutcome { get; set; }
    }

    private sealed class DueRow : MessageRow
    {
        public long Attempts { get; set; }

        public long? ConcatReference { get; set; }
    }

    private sealed class AggregateRow
    {
        public string Status { get; set; } = string.Empty;

        public long NumSegments { get; set; }
    }

    private sealed class PartOutcomeRow
    {
        public string Outcome { get; set; } = string.Empty;

        public long? ErrorCode { get; set; }
    }

    private sealed class CallbackRow
    {
        public string AccountSid { get; set; } = string.Empty;

        public string Sender { get; set; } = string.Empty;

        public string Recipient { get; set; } = string.Empty;

        public string ApiVersion { get; set; } = string.Empty;

        public string? StatusCallback { get; set; }

        public string? StatusCallbackMethod { get; set; }

        public long? DateSent { get; set; }
    }
}
