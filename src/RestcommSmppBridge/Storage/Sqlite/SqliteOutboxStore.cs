using Dapper;

namespace RestcommSmppBridge.Storage.Sqlite;

/// <summary>
/// <see cref="IOutboxStore"/> on SQLite. Every change runs on the single writer inside its batch transaction, so a
/// claim, a submit's outcome and a receipt never interleave half-way: in particular a receipt held because its
/// submit_sm_resp was not stored yet is matched in the very transaction that stores the id (smpp.md P2), and the
/// part outcome plus the message's aggregate status commit together (smpp.md P14).
/// </summary>
/// <remarks>
/// The write functions may run twice when the writer replays a batch after another request failed; each only issues
/// SQL and returns what it found, so a replay gives the same result.
/// </remarks>
internal sealed partial class SqliteOutboxStore : IOutboxStore
{
    private readonly SqliteDatabase _database;

    public SqliteOutboxStore(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public Task<IReadOnlyList<OutboxMessage>> ClaimAsync(int max, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return _database.Writer.EnqueueAsync((Max: max, Now: SqliteValues.ToTicks(now)), s_claim, cancellationToken);
    }

    public Task<IReadOnlyList<OutboxStatusChange>> RecordSentAsync(OutboxSent sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentException.ThrowIfNullOrEmpty(sent.MessageSid, nameof(sent));
        ArgumentException.ThrowIfNullOrEmpty(sent.Carrier, nameof(sent));
        ArgumentNullException.ThrowIfNull(sent.Parts, nameof(sent));
        if (sent.Final is { } final && !final.IsFinal())
        {
            throw new ArgumentException("OutboxSent.Final must be a final status.", nameof(sent));
        }

        return _database.Writer.EnqueueAsync(sent, s_recordSent, cancellationToken);
    }

    public Task<IReadOnlyList<OutboxStatusChange>> RecordPartlySentAsync(OutboxPartlySent partlySent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partlySent);
        ArgumentException.ThrowIfNullOrEmpty(partlySent.MessageSid, nameof(partlySent));
        ArgumentException.ThrowIfNullOrEmpty(partlySent.Carrier, nameof(partlySent));
        ArgumentNullException.ThrowIfNull(partlySent.Parts, nameof(partlySent));
        ArgumentOutOfRangeException.ThrowIfNegative(partlySent.ConcatReference, nameof(partlySent));
        return _database.Writer.EnqueueAsync(partlySent, s_recordPartlySent, cancellationToken);
    }

    public Task ForgetPartlySentAsync(string messageSid, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageSid);
        return _database.Writer.EnqueueAsync(messageSid, s_forgetPartlySent, cancellationToken);
    }

    private static readonly Func<SqliteWriteContext, string, bool> s_forgetPartlySent = static (context, sid) =>
    {
        context.Prepared(DeleteSegments).Set("@Sid", sid).ExecuteNonQuery();
        context.Prepared(DeletePartReceipts).Set("@Sid", sid).ExecuteNonQuery();
        return context.Prepared(ClearConcatReference).Set("@Sid", sid).ExecuteNonQuery() > 0;
    };

    public Task<OutboxPartlySentParts?> GetPartlySentAsync(string messageSid, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageSid);
        cancellationToken.ThrowIfCancellationRequested();

        // Only for a claim that came with a stored reference (rare): on a pooled read connection, like the callbacks.
        return Task.FromResult(_database.Reads.Read(messageSid, s_readPartlySent));
    }

    private static readonly Func<SqliteWriteContext, string, OutboxPartlySentParts?> s_readPartlySent = static (reader, messageSid) =>
    {
        PartlySentRow? row = reader.Prepared(SelectPartlySent).Set("@Sid", messageSid).FirstOrDefault<PartlySentRow>();
        if (row is null)
        {
            return null;
        }

        List<OutboxPart> parts = [];
        foreach (SegmentKeyRow segment in reader.Prepared(SelectSegments).Set("@Sid", messageSid).Rows<SegmentKeyRow>())
        {
            if (segment.SegmentIndex < row.NumSegments && string.Equals(segment.Carrier, row.Carrier, StringComparison.Ordinal))
            {
                parts.Add(new OutboxPart(checked((int)segment.SegmentIndex), segment.CarrierMessageId));
            }
        }

        return new OutboxPartlySentParts(row.Carrier, checked((int)row.NumSegments), checked((int)row.ConcatReference), parts);
    };

    private static readonly Func<SqliteWriteContext, OutboxPartlySent, IReadOnlyList<OutboxStatusChange>> s_recordPartlySent = static (context, p) =>
    {
        List<OutboxStatusChange> changes = [];
        long at = SqliteValues.ToTicks(p.At);
        int updated = context.Prepared(MarkPartlySent)
            .Set("@Sid", p.MessageSid)
            .Set("@At", at)
            .Set("@Carrier", p.Carrier)
            .Set("@NumSegments", p.NumSegments)
            .Set("@Encoding", p.Encoding)
            .ExecuteNonQuery();
        if (updated == 0)
        {
            return changes;
        }

        context.Prepared(DeleteSegments).Set("@Sid", p.MessageSid).ExecuteNonQuery();
        UpsertSegments(context, p.MessageSid, p.Carrier, p.Parts);

        if (p.NextAttemptAt is { } next)
        {
            // As s_reschedule: the same record waits for its next attempt, which sends only the missing parts.
            context.Prepared(MarkQueuedAgain).Set("@Sid", p.MessageSid).Set("@At", at).ExecuteNonQuery();
            context.Prepared(UpsertOutboxStateWithReference)
                .Set("@Sid", p.MessageSid)
                .Set("@NextAttemptAt", SqliteValues.ToTicks(next))
                .Set("@Error", p.ErrorMessage)
                .Set("@Reference", p.ConcatReference)
                .ExecuteNonQuery();
            AppendHistory(context, p.MessageSid, MessageStatus.Queued, at, carrier: null, carrierMessageId: null, p.ErrorCode);
        }
        else
        {
            // As s_recordFailed, but the accepted ids stay: their receipts still match the parts (smpp.md P14).
            FailWithin(context, p.MessageSid, at, p.Carrier, p.ErrorCode, p.ErrorMessage, p.Parts.Count == 0 ? null : JoinKeys(p.Parts), changes);
        }

        // Receipts that beat this write (smpp.md P2) are matched now that their ids are stored.
        foreach (OutboxPart part in p.Parts)
        {
            MatchHeldReceipts(context, p.MessageSid, part.SegmentIndex, p.Carrier, part.CarrierMessageId, changes);
        }

        return changes;
    };

    public Task<IReadOnlyList<OutboxStatusChange>> RecordFailedAsync(string messageSid, DateTimeOffset at, string? carrier, int errorCode,
        string? errorMessage, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageSid);
        return _database.Writer.EnqueueAsync(
            new Failure(messageSid, SqliteValues.ToTicks(at), carrier, errorCode, errorMessage), s_recordFailed, cancellationToken);
    }

    public Task<bool> RescheduleAsync(string messageSid, DateTimeOffset at, DateTimeOffset nextAttemptAt, int? errorCode, string? error,
        bool countAttempt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageSid);
        return _database.Writer.EnqueueAsync(
            new Retry(messageSid, SqliteValues.ToTicks(at), SqliteValues.ToTicks(nextAttemptAt), errorCode, error, countAttempt ? 1 : 0),
            s_reschedule, cancellationToken);
    }

    public Task<OutboxReceiptResult> ApplyReceiptAsync(OutboxReceipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentException.ThrowIfNullOrEmpty(receipt.Carrier, nameof(receipt));
        ArgumentException.ThrowIfNullOrEmpty(receipt.CarrierMessageId, nameof(receipt));
        if (receipt.Outcome is not (MessageStatus.Sent or MessageStatus.Delivered or MessageStatus.Undelivered or MessageStatus.Failed))
        {
            throw new ArgumentException("A receipt outcome is sent, delivered, undelivered or failed.", nameof(receipt));
        }

        return _database.Writer.EnqueueAsync(receipt, s_applyReceipt, cancellationToken);
    }

    public Task<IReadOnlyList<OutboxStatusChange>> RecoverSendingAsync(DateTimeOffset now, bool resubmit, CancellationToken cancellationToken) =>
        _database.Writer.EnqueueAsync((Now: SqliteValues.ToTicks(now), Resubmit: resubmit), s_recover, cancellationToken);

    public Task<int> ExpirePendingReceiptsAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken) =>
        _database.Writer.EnqueueAsync(SqliteValues.ToTicks(receivedBefore), s_expire, cancellationToken);

    public Task<OutboxPendingCallbacks?> GetPendingCallbacksAsync(string messageSid, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageSid);
        cancellationToken.ThrowIfCancellationRequested();

        // Once or twice per message: on a pooled read connection whose two statements stay prepared.
        return Task.FromResult(_database.Reads.Read(messageSid, s_readPendingCallbacks));
    }

    private static readonly Func<SqliteWriteContext, string, OutboxPendingCallbacks?> s_readPendingCallbacks = ReadPendingCallbacks;

    private static OutboxPendingCallbacks? ReadPendingCallbacks(SqliteWriteContext reader, string messageSid)
    {
        MessageRow? row = reader.Prepared(SelectMessage).Set("@Sid", messageSid).FirstOrDefault<MessageRow>();
        if (row is null || string.IsNullOrEmpty(row.StatusCallback))
        {
            return null;
        }

        List<OutboxCallbackEntry> entries = [];
        foreach (StatusChangeSeqRow change in reader.Prepared(SelectOwedCallbacks).Set("@Sid", messageSid).Rows<StatusChangeSeqRow>())
        {
            entries.Add(new OutboxCallbackEntry(checked((int)change.Seq), SqliteValues.ParseMessageStatus(change.Status, messageSid),
                SqliteValues.ToInt32(change.ErrorCode), SqliteValues.FromTicks(change.At))
            {
                Requeued = change.Requeued != 0,
            });
        }

        return new OutboxPendingCallbacks(row.ToModel([], []), entries);
    }

    public Task MarkCallbackDoneAsync(string messageSid, int sequence, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageSid);
        return _database.Writer.EnqueueAsync((Sid: messageSid, Seq: (long)sequence), s_markCallback, cancellationToken);
    }

    private static readonly Func<SqliteWriteContext, (string Sid, long Seq), bool> s_markCallback = static (context, state) =>
        context.Prepared(UpsertCallbackProgress).Set("@Sid", state.Sid).Set("@Seq", state.Seq).ExecuteNonQuery() > 0;

    private static readonly Func<SqliteWriteContext, (int Max, long Now), IReadOnlyList<OutboxMessage>> s_claim = static (context, state) =>
    {
        List<DueRow> rows = context.Prepared(SelectDue).Set("@Max", state.Max).Set("@Now", state.Now).Rows<DueRow>();
        List<OutboxMessage> claimed = new(rows.Count);
        foreach (DueRow row in rows)
        {
            int changed = context.Raw(MarkSending).Text("@Sid", row.Sid).Int64("@Now", state.Now).Execute();
            if (changed == 0)
            {
                continue;
            }

            AppendHistory(context, row.Sid, MessageStatus.Sending, state.Now, carrier: null, carrierMessageId: null, errorCode: null);
            SmsMessage message = row.ToModel([], []) with { Status = MessageStatus.Sending, DateUpdated = SqliteValues.FromTicks(state.Now) };
            claimed.Add(new OutboxMessage(message, checked((int)row.Attempts))
            {
                ConcatReference = row.ConcatReference is long reference ? checked((int)reference) : null,
            });
        }

        return claimed;
    };

    private static readonly Func<SqliteWriteContext, OutboxSent, IReadOnlyList<OutboxStatusChange>> s_recordSent = static (context, sent) =>
    {
        List<OutboxStatusChange> changes = [];
        long at = SqliteValues.ToTicks(sent.At);
        MessageStatus status = sent.Final ?? MessageStatus.Sent;
        CallbackRow? changed = context.Prepared(MarkSent)
            .Set("@Sid", sent.MessageSid)
            .Set("@Status", status.ToWireValue())
            .Set("@At", at)
            .Set("@Carrier", sent.Carrier)
            .Set("@NumSegments", sent.NumSegments)
            .Set("@Encoding", sent.Encoding)
            .Set("@ErrorCode", sent.ErrorCode)
            .Set("@ErrorMessage", sent.ErrorMessage)
            .FirstOrDefault<CallbackRow>();

        string? keys = sent.Parts.Count == 0 ? null : JoinKeys(sent.Parts);
        UpsertSegments(context, sent.MessageSid, sent.Carrier, sent.Parts);

        context.Raw(DeleteOutboxState).Text("@Sid", sent.MessageSid).Execute();
        if (changed is not null)
        {
            AppendHistory(context, sent.MessageSid, status, at, sent.Carrier, keys, sent.ErrorCode);
            AddChange(changes, sent.MessageSid, changed, status, sent.ErrorCode, at);
        }

        foreach (OutboxPart part in sent.Parts)
        {
            MatchHeldReceipts(context, sent.MessageSid, part.SegmentIndex, sent.Carrier, part.CarrierMessageId, changes);
        }

        return changes;
    };

    private static readonly Func<SqliteWriteContext, Failure, IReadOnlyList<OutboxStatusChange>> s_recordFailed = static (context, f) =>
    {
        List<OutboxStatusChange> changes = [];
        FailWithin(context, f.Sid, f.At, f.Carrier, f.ErrorCode, f.ErrorMessage, carrierMessageId: null, changes);
        return changes;
    };

    /// <summary>
    /// Moves a message that is not yet final to <c>failed</c>, drops its outbox state, and (when it changed) appends
    /// the history entry, with <paramref name="carrierMessageId"/> when parts were accepted, and the change owed.
    /// </summary>
    private static void FailWithin(SqliteWriteContext context, string sid, long at, string? carrier, int errorCode, string? errorMessage,
        string? carrierMessageId, List<OutboxStatusChange> changes)
    {
        int changed = context.Prepared(MarkFailed)
            .Set("@Sid", sid)
            .Set("@At", at)
            .Set("@Carrier", carrier)
            .Set("@ErrorCode", errorCode)
            .Set("@ErrorMessage", errorMessage)
            .ExecuteNonQuery();
        context.Raw(DeleteOutboxState).Text("@Sid", sid).Execute();
        if (changed > 0)
        {
            AppendHistory(context, sid, MessageStatus.Failed, at, carrier, carrierMessageId, errorCode);
            AddChange(context, changes, sid, MessageStatus.Failed, errorCode, at);
        }
    }

    private static readonly Func<SqliteWriteContext, Retry, bool> s_reschedule = static (context, r) =>
    {
        if (context.Prepared(MarkQueuedAgain).Set("@Sid", r.Sid).Set("@At", r.At).ExecuteNonQuery() == 0)
        {
            return false;
        }

        context.Prepared(UpsertOutboxState)
            .Set("@Sid", r.Sid)
            .Set("@Count", r.Count)
            .Set("@NextAttemptAt", r.NextAttemptAt)
            .Set("@Error", r.Error)
            .ExecuteNonQuery();
        AppendHistory(context, r.Sid, MessageStatus.Queued, r.At, carrier: null, carrierMessageId: null, r.ErrorCode);
        return true;
    };

    private static readonly Func<SqliteWriteContext, OutboxReceipt, OutboxReceiptResult> s_applyReceipt = static (context, receipt) =>
    {
        ReceiptTargetRow? match = context.Prepared(SelectPart)
            .Set("@Carrier", receipt.Carrier)
            .Set("@CarrierMessageId", receipt.CarrierMessageId)
            .FirstOrDefault<ReceiptTargetRow>();
        if (match is null)
        {
            context.Prepared(InsertHeldReceipt)
                .Set("@Carrier", receipt.Carrier)
                .Set("@CarrierMessageId", receipt.CarrierMessageId)
                .Set("@State", (long)receipt.State)
                .Set("@Outcome", receipt.Outcome.ToWireValue())
                .Set("@ErrorCode", receipt.ErrorCode)
                .Set("@ReceivedAt", SqliteValues.ToTicks(receipt.At))
                .ExecuteNonQuery();
            return new OutboxReceiptResult(OutboxReceiptDisposition.Held, null, []);
        }

        List<OutboxStatusChange> changes = [];
        ApplyPart(context, match.MessageSid, checked((int)match.SegmentIndex), receipt.Carrier, receipt.CarrierMessageId, receipt.State,
            receipt.Outcome, receipt.ErrorCode, SqliteValues.ToTicks(receipt.At), changes, match);
        return new OutboxReceiptResult(OutboxReceiptDisposition.Matched, match.MessageSid, changes);
    };

    private static readonly Func<SqliteWriteContext, (long Now, bool Resubmit), IReadOnlyList<OutboxStatusChange>> s_recover = static (context, state) =>
    {
        List<OutboxStatusChange> changes = [];
        List<StuckRow> stuck = context.Connection.Query<StuckRow>(SelectSending, transaction: context.Transaction).AsList();
        foreach (StuckRow row in stuck)
        {
            if (row.NumSegments > 0 && row.KnownIds >= row.NumSegments)
            {
                // Every part was accepted before the stop: the receipts will say the rest.
                context.Connection.Execute(MarkRecoveredSent, new { row.Sid, state.Now }, context.Transaction);
                AppendHistory(context, row.Sid, MessageStatus.Sent, state.Now, row.Carrier, carrierMessageId: null, errorCode: null);
                AddChange(context, changes, row.Sid, MessageStatus.Sent, errorCode: null, state.Now);
                foreach (SegmentKeyRow segment in context.Connection.Query<SegmentKeyRow>(SelectSegments, new { row.Sid }, context.Transaction).AsList())
                {
                    MatchHeldReceipts(context, row.Sid, checked((int)segment.SegmentIndex), segment.Carrier, segment.CarrierMessageId, changes);
                }
            }
            else if (state.Resubmit)
            {
                // Outcome unknown (smpp.md P7): send again, at least once, rather than lose it. A long message with
                // accepted parts and a stored reference keeps both (the upsert leaves concat_reference as it is), so
                // the claim sends only its missing parts; with nothing known, the whole message goes again.
                bool missingPartsOnly = row.KnownIds > 0 && row.ConcatReference is not null;
                context.Connection.Execute(MarkQueuedAgain, new { row.Sid, At = state.Now }, context.Transaction);
                context.Connection.Execute(UpsertOutboxState, new
                {
                    row.Sid,
                    Count = 1,
                    NextAttemptAt = state.Now,
                    Error = missingPartsOnly ? "missing parts resubmitted after a restart" : "resubmitted after a restart",
                }, context.Transaction);
                AppendHistory(context, row.Sid, MessageStatus.Queued, state.Now, carrier: null, carrierMessageId: null, errorCode: null);
            }
            else
            {
                // The accepted parts' ids stay stored, so their receipts still match.
                FailWithin(context, row.Sid, state.Now, carrier: null, UnknownErrorCode,
                    "outcome unknown: the bridge stopped while the message was being submitted", carrierMessageId: null, changes);
            }
        }

        return changes;
    };

    private static readonly Func<SqliteWriteContext, long, int> s_expire = static (context, before) =>
        context.Connection.Execute(DeleteExpiredReceipts, new { Before = before }, context.Transaction);

    private const int UnknownErrorCode = 30008;

    /// <summary>Stores each part's normalised carrier id (the rows receipts are matched by).</summary>
    private static void UpsertSegments(SqliteWriteContext context, string sid, string carrier, IReadOnlyList<OutboxPart> parts)
    {
        foreach (OutboxPart part in parts)
        {
            context.Raw(UpsertSegment)
                .Text("@Sid", sid)
                .Int64("@SegmentIndex", part.SegmentIndex)
                .Text("@Carrier", carrier)
                .Text("@CarrierMessageId", part.CarrierMessageId)
                .Execute();
        }
    }

    /// <summary>Applies the receipts held for a key that has just been stored, oldest first, and drops them.</summary>
    private static void MatchHeldReceipts(SqliteWriteContext context, string sid, int segmentIndex, string carrier, string key,
        List<OutboxStatusChange> changes)
    {
        List<HeldReceiptRow> held = context.Prepared(SelectHeld).Set("@Carrier", carrier).Set("@CarrierMessageId", key).Rows<HeldReceiptRow>();
        foreach (HeldReceiptRow receipt in held)
        {
            MessageStatus outcome = SqliteValues.ParseMessageStatus(receipt.Outcome, sid);
            ApplyPart(context, sid, segmentIndex, carrier, key, (byte)receipt.State, outcome, SqliteValues.ToInt32(receipt.ErrorCode),
                receipt.ReceivedAt, changes);
            context.Prepared(DeleteHeld).Set("@Id", receipt.Id).ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Stores one part's receipt outcome (never replacing a final one) and moves the message to the aggregate status:
    /// any part failed → failed, else any undelivered → undelivered, else every part delivered → delivered; otherwise
    /// the message stays as it is. A message already final is never changed (the first final status wins).
    /// <paramref name="known"/>, when the caller read it in this transaction, gives the part's outcome so far and the
    /// message's status and parts, so they are not read again; a one-part message's aggregate is then its part's outcome.
    /// </summary>
    private static void ApplyPart(SqliteWriteContext context, string sid, int segmentIndex, string carrier, string key, byte state,
        MessageStatus outcome, int? errorCode, long at, List<OutboxStatusChange> changes, ReceiptTargetRow? known = null)
    {
        string? previous = known is not null
            ? known.PreviousOutcome
            : context.Prepared(SelectPartOutcome).Set("@Sid", sid).Set("@SegmentIndex", segmentIndex).Scalar() as string;
        if (previous is not null && SqliteValues.ParseMessageStatus(previous, sid).IsFinal())
        {
            return;
        }

        context.Prepared(UpsertPartOutcome)
            .Set("@Sid", sid)
            .Set("@SegmentIndex", segmentIndex)
            .Set("@State", (long)state)
            .Set("@Outcome", outcome.ToWireValue())
            .Set("@ErrorCode", errorCode)
            .Set("@At", at)
            .ExecuteNonQuery();

        string? messageStatus;
        long numSegments;
        if (known is not null)
        {
            messageStatus = known.MessageStatus;
            numSegments = known.NumSegments;
        }
        else
        {
            AggregateRow? message = context.Prepared(SelectAggregate).Set("@Sid", sid).FirstOrDefault<AggregateRow>();
            messageStatus = message?.Status;
            numSegments = message?.NumSegments ?? 0;
        }

        if (messageStatus is null || SqliteValues.ParseMessageStatus(messageStatus, sid).IsFinal())
        {
            return;
        }

        (MessageStatus? target, int? targetError) = known is not null && numSegments == 1
            ? OnePartAggregate(outcome, errorCode)
            : Aggregate(context, sid, numSegments);
        if (target is not MessageStatus status)
        {
            return;
        }

        CallbackRow? changed = context.Prepared(MarkFromReceipt)
            .Set("@Sid", sid)
            .Set("@Status", status.ToWireValue())
            .Set("@At", at)
            .Set("@ErrorCode", targetError)
            .Set("@ErrorMessage", status == MessageStatus.Delivered
                ? null
                : "delivery receipt: " + Smpp.Receipts.MessageStateExtensions.ToStatWord((Smpp.Receipts.MessageState)state))
            .FirstOrDefault<CallbackRow>();
        AppendHistory(context, sid, status, at, carrier, key, targetError);
        AddChange(changes, sid, changed ?? ReadCallback(context, sid), status, targetError, at);
    }

    /// <summary>A one-part message's status from its only part's outcome, just stored: what <see cref="Aggregate"/> gives.</summary>
    private static (MessageStatus? Status, int? ErrorCode) OnePartAggregate(MessageStatus outcome, int? errorCode) => outcome switch
    {
        MessageStatus.Failed or MessageStatus.Undelivered => (outcome, errorCode),
        MessageStatus.Delivered => (MessageStatus.Delivered, null),
        _ => (null, null),
    };

    /// <summary>The message's status from every part's stored outcome (see <see cref="ApplyPart"/>); null to stay as it is.</summary>
    private static (MessageStatus? Status, int? ErrorCode) Aggregate(SqliteWriteContext context, string sid, long numSegments)
    {
        MessageStatus? target = null;
        int? targetError = null;
        int delivered = 0;
        foreach (PartOutcomeRow part in context.Prepared(SelectPartOutcomes).Set("@Sid", sid).Rows<PartOutcomeRow>())
        {
            MessageStatus partStatus = SqliteValues.ParseMessageStatus(part.Outcome, sid);
            if (partStatus == MessageStatus.Failed && target != MessageStatus.Failed)
            {
                target = MessageStatus.Failed;
                targetError = SqliteValues.ToInt32(part.ErrorCode);
            }
            else if (partStatus == MessageStatus.Undelivered && target is null)
            {
                target = MessageStatus.Undelivered;
                targetError = SqliteValues.ToInt32(part.ErrorCode);
            }
            else if (partStatus == MessageStatus.Delivered)
            {
                delivered++;
            }
        }

        if (target is null && delivered >= Math.Max(1L, numSegments))
        {
            target = MessageStatus.Delivered;
        }

        return (target, targetError);
    }

    private static void AppendHistory(SqliteWriteContext context, string sid, MessageStatus status, long at, string? carrier,
        string? carrierMessageId, int? errorCode) =>
        context.Raw(AppendChange)
            .Text("@Sid", sid)
            .Text("@Status", status.ToWireValue())
            .Int64("@At", at)
            .Text("@Carrier", carrier)
            .Text("@CarrierMessageId", carrierMessageId)
            .Int64("@ErrorCode", errorCode)
            .Execute();

    private static void AddChange(SqliteWriteContext context, List<OutboxStatusChange> changes, string sid, MessageStatus status, int? errorCode, long at) =>
        AddChange(changes, sid, ReadCallback(context, sid), status, errorCode, at);

    private static CallbackRow ReadCallback(SqliteWriteContext context, string sid) =>
        context.Prepared(SelectCallback).Set("@Sid", sid).FirstOrDefault<CallbackRow>()
            ?? throw new InvalidOperationException($"Message {sid} changed status but has no row.");

    private static void AddChange(List<OutboxStatusChange> changes, string sid, CallbackRow row, MessageStatus status, int? errorCode, long at) =>
        changes.Add(new OutboxStatusChange
        {
            MessageSid = sid,
            AccountSid = row.AccountSid,
            From = row.Sender,
            To = row.Recipient,
            ApiVersion = row.ApiVersion,
            Status = status,
            ErrorCode = errorCode,
            At = SqliteValues.FromTicks(at),
            StatusCallback = row.StatusCallback,
            StatusCallbackMethod = row.StatusCallbackMethod,
            SentAt = SqliteValues.FromTicks(row.DateSent),
        });

    private static string JoinKeys(IReadOnlyList<OutboxPart> parts)
    {
        string[] keys = new string[parts.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = parts[i].CarrierMessageId;
        }

        return string.Join(',', keys);
    }

    private sealed record Failure(string Sid, long At, string? Carrier, int ErrorCode, string? ErrorMessage);

    private sealed record Retry(string Sid, long At, long NextAttemptAt, int? ErrorCode, string? Error, int Count);
}
