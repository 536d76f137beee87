namespace RestcommSmppBridge.Storage;

/// <summary>
/// The durable side of the inbound pipeline (architecture.md rule 1): parts of long messages, the duplicate window,
/// and the queue of webhooks to the apps. Every write returns only once committed, so the deliver_sm_resp can be
/// sent after it. A PostgreSQL store implements the same contract.
/// </summary>
public interface IInboundStore
{
    /// <summary>
    /// Stores one part of a long message and tells where its message stands. A part whose slot is already held by a
    /// pending part is a duplicate (the first copy is kept). A part equal to one of a message completed less than
    /// <paramref name="duplicateWindow"/> ago is <see cref="InboundPartStatus.AlreadyDelivered"/>; a different one
    /// starts a new message under the same reference. <see cref="InboundPartStatus.Complete"/> (with every part, in
    /// sequence order) is answered whenever all parts are held and not yet turned into a message, also for a
    /// duplicate of the last part: a crash after storing the last part but before the message then heals when the
    /// SMSC resends it.
    /// </summary>
    Task<InboundPartResult> AddPartAsync(InboundPart part, TimeSpan duplicateWindow, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the inbound message, its duplicate key and its webhook (when <see cref="InboundMessageWrite.Webhook"/>
    /// is set) in one transaction. <see cref="InboundStoreOutcome.Duplicate"/>, storing nothing, when the same single
    /// message was stored less than the window ago or the parts were already turned into a message.
    /// </summary>
    Task<InboundStoreOutcome> StoreMessageAsync(InboundMessageWrite write, CancellationToken cancellationToken);

    /// <summary>
    /// The pending parts (in sequence order) of up to <paramref name="maxMessages"/> long messages whose first part
    /// arrived before <paramref name="firstPartBefore"/>: those the reassembly timeout gave up on.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<InboundPart>>> ListExpiredPartsAsync(DateTimeOffset firstPartBefore, int maxMessages,
        CancellationToken cancellationToken);

    /// <summary>Drops the pending parts of a message that can no longer be delivered (its number is gone).</summary>
    Task DiscardPartsAsync(InboundPartsKey key, CancellationToken cancellationToken);

    /// <summary>Forgets duplicate keys and completed parts older than <paramref name="before"/>.</summary>
    Task PurgeDuplicateKeysAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> pending, unclaimed webhooks due at <paramref name="now"/>, the longest-waiting
    /// first, and returns them. Reading and claiming are one write transaction, so a webhook is returned by one claim
    /// only: it is listed again only after <see cref="RetryWebhookAsync"/> or <see cref="ReleaseWebhookAsync"/> (when
    /// due), or after <see cref="ReleaseWebhookClaimsAsync"/> at the next start. A claimed webhook still counts as pending.
    /// </summary>
    Task<IReadOnlyList<PendingInboundWebhook>> ClaimDueWebhooksAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Clears every claim, returning how many there were: called at start, before any claim, so the webhooks whose
    /// runs a crash or a stop cut short run again (at least once across crashes).
    /// </summary>
    Task<int> ReleaseWebhookClaimsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Gives up the claim on a pending webhook whose outcome could not be recorded, due again at
    /// <paramref name="nextAttemptAt"/> (its attempts unchanged).
    /// </summary>
    Task ReleaseWebhookAsync(string messageSid, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>How many webhooks are pending (back-pressure: rule 3).</summary>
    Task<int> CountPendingWebhooksAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ends a webhook (and its claim): <paramref name="succeeded"/> completed or failed for good, with a summary of the outcome.
    /// </summary>
    Task FinishWebhookAsync(string messageSid, bool succeeded, int attempts, string outcome, DateTimeOffset at,
        CancellationToken cancellationToken);

    /// <summary>Keeps a webhook pending (its claim cleared) for another try at <paramref name="nextAttemptAt"/>.</summary>
    Task RetryWebhookAsync(string messageSid, int attempts, DateTimeOffset nextAttemptAt, string lastError,
        CancellationToken cancellationToken);

    /// <summary>The webhook of a message (any state), or null.</summary>
    Task<InboundWebhookRecord?> GetWebhookAsync(string messageSid, CancellationToken cancellationToken);
}

/// <summary>One received part of a long message, as stored.</summary>
/// <param name="Carrier">The carrier it came from.</param>
/// <param name="Source">source_addr.</param>
/// <param name="Destination">destination_addr.</param>
/// <param name="Reference">The concatenation reference (UDH or sar_msg_ref_num).</param>
/// <param name="Total">Parts in the message.</param>
/// <param name="Sequence">This part's 1-based number.</param>
/// <param name="DataCoding">data_coding of the part.</param>
/// <param name="UnpackedGsm">True when <paramref name="Payload"/> holds GSM septets unpacked from packed octets.</param>
/// <param name="Payload">The text octets, UDH removed.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record InboundPart(string Carrier, string Source, string Destination, ushort Reference, byte Total, byte Sequence,
    byte DataCoding, bool UnpackedGsm, ReadOnlyMemory<byte> Payload, DateTimeOffset ReceivedAt)
{
    /// <summary>The message this part belongs to.</summary>
    public InboundPartsKey Key => new(Carrier, Source, Destination, Reference, Total);
}

/// <summary>Identifies one long message: the reassembly key (the total is in it, as in the SMPP library's).</summary>
public sealed record InboundPartsKey(string Carrier, string Source, string Destination, ushort Reference, byte Total);

/// <summary>Where a part's message stands after <see cref="IInboundStore.AddPartAsync"/>.</summary>
public enum InboundPartStatus
{
    /// <summary>Stored; parts are still missing.</summary>
    Incomplete,

    /// <summary>The slot was already held by a pending part; nothing changed.</summary>
    DuplicatePart,

    /// <summary>The part belongs to a message already delivered within the duplicate window; nothing changed.</summary>
    AlreadyDelivered,

    /// <summary>Every part is held: <see cref="InboundPartResult.Parts"/> lists them.</summary>
    Complete,
}

/// <summary>The result of <see cref="IInboundStore.AddPartAsync"/>.</summary>
/// <param name="Status">Where the message stands.</param>
/// <param name="Parts">When complete, every part in sequence order; otherwise empty.</param>
public sealed record InboundPartResult(InboundPartStatus Status, IReadOnlyList<InboundPart> Parts);

/// <summary>Where an inbound message's webhook goes: the number's SMS URL and fallback, as they were on arrival.</summary>
/// <param name="Url">Absolute SMS URL.</param>
/// <param name="Method">GET or POST.</param>
/// <param name="FallbackUrl">Absolute fallback URL, or null.</param>
/// <param name="FallbackMethod">GET or POST.</param>
public sealed record InboundWebhookTarget(string Url, string Method, string? FallbackUrl, string FallbackMethod);

/// <summary>What <see cref="IInboundStore.StoreMessageAsync"/> writes.</summary>
public sealed record InboundMessageWrite
{
    /// <summary>The message (status received, direction inbound).</summary>
    public required SmsMessage Message { get; init; }

    /// <summary>For a long message: its parts, marked as delivered in the same transaction. Null for a single part.</summary>
    public InboundPartsKey? Parts { get; init; }

    /// <summary>For a single-part message: its fingerprint (of data_coding and user data) for the duplicate window.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>How long an equal single message counts as a redelivery.</summary>
    public TimeSpan DuplicateWindow { get; init; }

    /// <summary>The webhook to queue, or null when the number has no SMS URL.</summary>
    public InboundWebhookTarget? Webhook { get; init; }
}

/// <summary>The result of <see cref="IInboundStore.StoreMessageAsync"/>.</summary>
public enum InboundStoreOutcome
{
    /// <summary>Committed.</summary>
    Stored,

    /// <summary>A redelivery of a message already stored; nothing was written.</summary>
    Duplicate,
}

/// <summary>A queued webhook with the message it is about.</summary>
public sealed record PendingInboundWebhook
{
    /// <summary>The inbound message's sid.</summary>
    public required string MessageSid { get; init; }

    /// <summary>The owning account.</summary>
    public required string AccountSid { get; init; }

    /// <summary>The sender.</summary>
    public required string From { get; init; }

    /// <summary>The number it was sent to.</summary>
    public required string To { get; init; }

    /// <summary>The text. Never logged above Debug.</summary>
    public required string Body { get; init; }

    /// <summary>Segments it came in.</summary>
    public required int NumSegments { get; init; }

    /// <summary><c>GSM7</c> or <c>UCS2</c>, or null.</summary>
    public string? Encoding { get; init; }

    /// <summary>Where to send it.</summary>
    public required InboundWebhookTarget Target { get; init; }

    /// <summary>Attempts made so far.</summary>
    public required int Attempts { get; init; }
}

/// <summary>State of a queued webhook.</summary>
public enum InboundWebhookState
{
    /// <summary>Waiting for its (next) attempt.</summary>
    Pending,

    /// <summary>The RCML interaction completed.</summary>
    Completed,

    /// <summary>The RCML interaction failed for good (see the outcome).</summary>
    Failed,
}

/// <summary>A webhook as stored.</summary>
/// <param name="MessageSid">The inbound message.</param>
/// <param name="State">Its state.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="NextAttemptAt">When it is due (pending).</param>
/// <param name="CompletedAt">When it ended, or null.</param>
/// <param name="Outcome">A summary of the last outcome (notices, replies), or null.</param>
public sealed record InboundWebhookRecord(string MessageSid, InboundWebhookState State, int Attempts, DateTimeOffset NextAttemptAt,
    DateTimeOffset? CompletedAt, string? Outcome);
