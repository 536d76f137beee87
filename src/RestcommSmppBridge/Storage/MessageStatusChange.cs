namespace RestcommSmppBridge.Storage;

/// <summary>
/// One step of a message's story (architecture.md rule 4): the status it moved to, when, through which carrier,
/// under which carrier message id and with which error code (restcomm.md 1.6), if any.
/// </summary>
/// <param name="Status">The status the message moved to.</param>
/// <param name="At">When the change happened.</param>
/// <param name="Carrier">The carrier id involved, if any.</param>
/// <param name="CarrierMessageId">The SMSC's message id involved (submit_sm_resp or receipt), if any.</param>
/// <param name="ErrorCode">The Restcomm error code (30001–30010), if any.</param>
public sealed record MessageStatusChange(
    MessageStatus Status,
    DateTimeOffset At,
    string? Carrier = null,
    string? CarrierMessageId = null,
    int? ErrorCode = null);
