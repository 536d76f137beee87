namespace RestcommSmppBridge.Storage;

/// <summary>
/// The outbound side of the store (architecture.md rules 1 and 4): the durable outbox is the set of outbound
/// messages in <see cref="MessageStatus.Queued"/>; a claim moves them to <see cref="MessageStatus.Sending"/>, the
/// submit's outcome moves them on, and delivery receipts are matched to their parts by the carrier's normalised
/// message id. Every method that changes a message returns the changes a status callback is owed for, so the
/// caller can notify after the commit. Designed so a PostgreSQL implementation can claim with
/// <c>FOR UPDATE SKIP LOCKED</c> across nodes.
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// Claims up to <paramref name="max"/> queued outbound messages that are due at <paramref name="now"/>, oldest
    /// first, and moves them to <c>sending</c>. Order per destination is kept: a message is not claimed while an
    /// older message to the same destination is still queued (e.g. waiting for a retry) or being sent.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimAsync(int max, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Records an accepted submit: every part's normalised carrier id, the message as <c>sent</c> (date_sent) with its
    /// carrier, segment count and encoding, and applies any receipt that arrived for those ids before this call
    /// (smpp.md P2), all in one transaction. <see cref="OutboxSent.Final"/> names a final status and error to store
    /// instead of <c>sent</c> (a partly accepted message whose accepted parts stay matchable).
    /// </summary>
    Task<IReadOnlyList<OutboxStatusChange>> RecordSentAsync(OutboxSent sent, CancellationToken cancellationToken);

    /// <summary>
    /// Records a long message whose submit outcome is unknown although some parts were accepted, in one transaction:
    /// the accepted parts' normalised ids (replacing any stored before for the message), its carrier, segment count
    /// and encoding, the concatenation reference, any receipt already held for those ids; then either puts it back in
    /// the queue for its missing parts (<see cref="OutboxPartlySent.NextAttemptAt"/>, an attempt counted, as
    /// <see cref="RescheduleAsync"/>) or fails it with <see cref="OutboxPartlySent.ErrorCode"/> keeping the ids.
    /// Nothing changes when the message is no longer in <c>sending</c>.
    /// </summary>
    Task<IReadOnlyList<OutboxStatusChange>> RecordPartlySentAsync(OutboxPartlySent partlySent, CancellationToken cancellationToken);

    /// <summary>
    /// The accepted parts of a message claimed with a <see cref="OutboxMessage.ConcatReference"/>, so only the others
    /// are sent; null when the message has no stored reference or no stored carrier.
    /// </summary>
    Task<OutboxPartlySentParts?> GetPartlySentAsync(string messageSid, CancellationToken cancellationToken);

    /// <summary>
    /// Drops what <see cref="RecordPartlySentAsync"/> kept of a message whose stored parts can no longer be completed
    /// (it is about to be sent whole with a new reference): its parts' ids, their receipt outcomes and the reference,
    /// so neither the new parts' aggregate nor a late receipt for an old part counts the abandoned ones.
    /// </summary>
    Task ForgetPartlySentAsync(string messageSid, CancellationToken cancellationToken);

    /// <summary>Moves a message that is not yet final to <c>failed</c> with an error code and text.</summary>
    Task<IReadOnlyList<OutboxStatusChange>> RecordFailedAsync(string messageSid, DateTimeOffset at, string? carrier, int errorCode,
        string? errorMessage, CancellationToken cancellationToken);

    /// <summary>
    /// Puts a message in <c>sending</c> back in the queue for another attempt at <paramref name="nextAttemptAt"/>;
    /// the same record is retried, no new one is created (smpp.md P4). <paramref name="countAttempt"/>: false when
    /// nothing reached any SMSC (no bound bind, paused), so waiting for a carrier does not use up the attempts.
    /// </summary>
    Task<bool> RescheduleAsync(string messageSid, DateTimeOffset at, DateTimeOffset nextAttemptAt, int? errorCode, string? error,
        bool countAttempt, CancellationToken cancellationToken);

    /// <summary>
    /// Applies one receipt: finds the part whose stored key equals <see cref="OutboxReceipt.CarrierMessageId"/> for
    /// the carrier, stores the part's outcome (a final part outcome is never overwritten) and aggregates the
    /// message's status. When no part holds the key yet, the receipt is held (durably) until
    /// <see cref="RecordSentAsync"/> stores it, or it expires.
    /// </summary>
    Task<OutboxReceiptResult> ApplyReceiptAsync(OutboxReceipt receipt, CancellationToken cancellationToken);

    /// <summary>
    /// Resolves outbound messages left in <c>sending</c> by a stop: a message whose every part has a carrier id is
    /// <c>sent</c> (its receipts will match); any other is queued again (<paramref name="resubmit"/>, at-least-once:
    /// a long message with some accepted parts and a stored reference is queued for its missing parts only, see
    /// <see cref="RecordPartlySentAsync"/>) or failed with 30008, the accepted parts' ids kept.
    /// </summary>
    Task<IReadOnlyList<OutboxStatusChange>> RecoverSendingAsync(DateTimeOffset now, bool resubmit, CancellationToken cancellationToken);

    /// <summary>Deletes held receipts received before <paramref name="receivedBefore"/>; returns how many.</summary>
    Task<int> ExpirePendingReceiptsAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken);

    /// <summary>
    /// The status changes of a message whose callback is still owed (sent, delivered, undelivered, failed entries of
    /// its history after the last one marked with <see cref="MarkCallbackDoneAsync"/>), oldest first, with what the
    /// callback needs; null when the message does not exist or has no StatusCallback. Reading from the stored history
    /// keeps callbacks in the order the statuses were stored, whichever component stored them. Entries an operator
    /// requeued after they failed for good (<see cref="IStatusCallbackStore"/>) come first, flagged
    /// <see cref="OutboxCallbackEntry.Requeued"/>: they are older than any entry past the progress.
    /// </summary>
    Task<OutboxPendingCallbacks?> GetPendingCallbacksAsync(string messageSid, CancellationToken cancellationToken);

    /// <summary>Records that the callback of history entry <paramref name="sequence"/> (and every earlier one) was made.</summary>
    Task MarkCallbackDoneAsync(string messageSid, int sequence, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the messages whose status callback is still owed (a sent or final history entry with a
    /// StatusCallback, not yet marked with <see cref="MarkCallbackDoneAsync"/>), in the order they first became owed,
    /// after <paramref name="afterPosition"/> (0 for the first page; then the last <see cref="OutboxOwedCallback.Position"/>
    /// read). Lets the status callback notifier replay what a stop left owed without loading it all at once.
    /// </summary>
    Task<IReadOnlyList<OutboxOwedCallback>> ListOwedCallbacksAsync(long afterPosition, int max, CancellationToken cancellationToken);
}
