namespace RestcommSmppBridge.Storage;

/// <summary>A claimed outbound message and how many attempts it already had.</summary>
/// <param name="Message">The message (no history or carrier ids).</param>
/// <param name="Attempts">Earlier attempts that ended in a temporary error (0 on the first).</param>
public sealed record OutboxMessage(SmsMessage Message, int Attempts)
{
    /// <summary>
    /// The concatenation reference stored by <see cref="IOutboxStore.RecordPartlySentAsync"/> when an earlier attempt
    /// left some parts of this long message accepted; the parts already accepted are read with
    /// <see cref="IOutboxStore.GetPartlySentAsync"/>. Null for every other message.
    /// </summary>
    public int? ConcatReference { get; init; }
}

/// <summary>
/// A long message of which some parts were accepted (see <see cref="IOutboxStore.RecordPartlySentAsync"/>): the
/// parts with a carrier id, the reference they carry and where they went.
/// </summary>
/// <param name="Carrier">The carrier that accepted the parts; the others must go to it too.</param>
/// <param name="NumSegments">The number of parts the message was split into.</param>
/// <param name="ConcatReference">The concatenation reference every part carries.</param>
/// <param name="Parts">The accepted parts, by segment index.</param>
public sealed record OutboxPartlySentParts(string Carrier, int NumSegments, int ConcatReference, IReadOnlyList<OutboxPart> Parts);

/// <summary>
/// A long message whose submit outcome is unknown after some parts were accepted (see
/// <see cref="IOutboxStore.RecordPartlySentAsync"/>).
/// </summary>
public sealed record OutboxPartlySent
{
    /// <summary>The message.</summary>
    public required string MessageSid { get; init; }

    /// <summary>When the attempt ended.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The carrier that accepted the parts.</summary>
    public required string Carrier { get; init; }

    /// <summary>Number of parts the message was split into.</summary>
    public required int NumSegments { get; init; }

    /// <summary>The encoding used, <c>GSM7</c>, <c>UCS2</c>, <c>LATIN1</c> or <c>ASCII</c>.</summary>
    public required string Encoding { get; init; }

    /// <summary>The concatenation reference every part carries (UDH IE 0x00/0x08 or <c>sar_msg_ref_num</c>).</summary>
    public required int ConcatReference { get; init; }

    /// <summary>Every part accepted so far under <see cref="ConcatReference"/> (earlier attempts' and this one's).</summary>
    public required IReadOnlyList<OutboxPart> Parts { get; init; }

    /// <summary>
    /// When to try the missing parts again (the message goes back to <c>queued</c> and the attempt is counted); null
    /// to fail the message now with <see cref="ErrorCode"/>, its accepted ids kept so their receipts still match.
    /// </summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The error code: stored with the queued history entry, or the failure's code.</summary>
    public required int ErrorCode { get; init; }

    /// <summary>What went wrong: the retry state's last error, or the failure's text.</summary>
    public string? ErrorMessage { get; init; }
}

/// <summary>One accepted part of a submit.</summary>
/// <param name="SegmentIndex">0-based part number.</param>
/// <param name="CarrierMessageId">The submit_sm_resp message_id normalised with the carrier's options.</param>
public sealed record OutboxPart(int SegmentIndex, string CarrierMessageId);

/// <summary>An accepted submit to record (see <see cref="IOutboxStore.RecordSentAsync"/>).</summary>
public sealed record OutboxSent
{
    /// <summary>The message.</summary>
    public required string MessageSid { get; init; }

    /// <summary>When the carrier answered.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The carrier that accepted the parts.</summary>
    public required string Carrier { get; init; }

    /// <summary>Number of parts the message was split into.</summary>
    public required int NumSegments { get; init; }

    /// <summary>The encoding used, <c>GSM7</c>, <c>UCS2</c>, <c>LATIN1</c> or <c>ASCII</c>.</summary>
    public required string Encoding { get; init; }

    /// <summary>The accepted parts.</summary>
    public required IReadOnlyList<OutboxPart> Parts { get; init; }

    /// <summary>Null for <c>sent</c>; otherwise the final status to store instead (with <see cref="ErrorCode"/>).</summary>
    public MessageStatus? Final { get; init; }

    /// <summary>The error code stored with <see cref="Final"/>.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>The error text stored with <see cref="Final"/>.</summary>
    public string? ErrorMessage { get; init; }
}

/// <summary>A delivery receipt reduced to what the store needs (see <see cref="IOutboxStore.ApplyReceiptAsync"/>).</summary>
public sealed record OutboxReceipt
{
    /// <summary>The carrier the receipt came from.</summary>
    public required string Carrier { get; init; }

    /// <summary>The receipt's id normalised with the carrier's options (comparable with the stored part keys).</summary>
    public required string CarrierMessageId { get; init; }

    /// <summary>The SMPP message_state (SMPP 3.4 §5.2.28), kept per part.</summary>
    public required byte State { get; init; }

    /// <summary>
    /// What the receipt means for its part: <see cref="MessageStatus.Sent"/> for an intermediate state, else
    /// <see cref="MessageStatus.Delivered"/>, <see cref="MessageStatus.Undelivered"/> or <see cref="MessageStatus.Failed"/>.
    /// </summary>
    public required MessageStatus Outcome { get; init; }

    /// <summary>The Restcomm error code for a failed outcome, or null.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>When the receipt arrived.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>What <see cref="IOutboxStore.ApplyReceiptAsync"/> did.</summary>
public enum OutboxReceiptDisposition
{
    /// <summary>Matched a part and applied.</summary>
    Matched,

    /// <summary>No part holds the id yet: held until its submit_sm_resp is recorded.</summary>
    Held,
}

/// <summary>The result of applying a receipt.</summary>
/// <param name="Disposition">Matched or held.</param>
/// <param name="MessageSid">The matched message, or null when held.</param>
/// <param name="Changes">The status changes it caused (empty when nothing changed).</param>
public sealed record OutboxReceiptResult(OutboxReceiptDisposition Disposition, string? MessageSid, IReadOnlyList<OutboxStatusChange> Changes);

/// <summary>A stored status change of an outbound message, with what its status callback needs.</summary>
public sealed record OutboxStatusChange
{
    /// <summary>The message.</summary>
    public required string MessageSid { get; init; }

    /// <summary>Its account.</summary>
    public required string AccountSid { get; init; }

    /// <summary>Sender as stored.</summary>
    public required string From { get; init; }

    /// <summary>Destination as stored.</summary>
    public required string To { get; init; }

    /// <summary>The record's API version.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>The new status.</summary>
    public required MessageStatus Status { get; init; }

    /// <summary>The error code stored with it, or null.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>When it changed.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The message's status callback URL, or null.</summary>
    public string? StatusCallback { get; init; }

    /// <summary>The callback method as stored, or null for POST.</summary>
    public string? StatusCallbackMethod { get; init; }

    /// <summary>
    /// When the carrier accepted the submit (the message's <c>date_sent</c> after this change), or null when it was
    /// never accepted. With <see cref="At"/> of a final status from a receipt, the delivery latency.
    /// </summary>
    public DateTimeOffset? SentAt { get; init; }
}

/// <summary>One status callback still owed: a history entry of the message.</summary>
/// <param name="Sequence">The entry's position in the history (0 = the insert).</param>
/// <param name="Status">The status it moved to.</param>
/// <param name="ErrorCode">The error code stored with it, or null.</param>
/// <param name="At">When.</param>
public sealed record OutboxCallbackEntry(int Sequence, MessageStatus Status, int? ErrorCode, DateTimeOffset At)
{
    /// <summary>
    /// Its callback failed for good earlier and an operator requeued it (<see cref="IStatusCallbackStore"/>): its
    /// outcome is recorded with <see cref="IStatusCallbackStore.RecordCallbacksMadeAsync"/>, which clears the record.
    /// </summary>
    public bool Requeued { get; init; }
}

/// <summary>A message's owed status callbacks (see <see cref="IOutboxStore.GetPendingCallbacksAsync"/>).</summary>
/// <param name="Message">The message (no history or carrier ids).</param>
/// <param name="Entries">The owed entries, oldest first; may be empty.</param>
public sealed record OutboxPendingCallbacks(SmsMessage Message, IReadOnlyList<OutboxCallbackEntry> Entries);
