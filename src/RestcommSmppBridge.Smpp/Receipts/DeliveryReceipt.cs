namespace RestcommSmppBridge.Smpp.Receipts;

/// <summary>
/// A delivery receipt (SMPP 3.4 §2.11 and Appendix B) read from a <c>deliver_sm</c> or <c>data_sm</c> whose
/// esm_class marks it as a receipt. Produced by <see cref="DeliveryReceiptParser"/>.
/// </summary>
/// <remarks>
/// The receipt text is vendor specific; fields the SMSC left out or sent in an unreadable form are
/// <see langword="null"/>. TLVs, when present, take precedence over the text.
/// </remarks>
public sealed record DeliveryReceipt
{
    /// <summary>
    /// Gets the id of the original message, as given: <see cref="ReceiptedMessageId"/> when present, else
    /// <see cref="TextMessageId"/>. Match it to a stored submit id with <see cref="MessageIdNormalizer"/>.
    /// </summary>
    public string? MessageId { get; init; }

    /// <summary>Gets the <c>receipted_message_id</c> TLV (0x001E), or <see langword="null"/> when absent or empty.</summary>
    public string? ReceiptedMessageId { get; init; }

    /// <summary>Gets the <c>id:</c> field of the receipt text, or <see langword="null"/> when absent.</summary>
    public string? TextMessageId { get; init; }

    /// <summary>
    /// Gets the message state: the <c>message_state</c> TLV (0x0427) when present and defined, else the
    /// <c>stat:</c> word; <see cref="MessageState.Unknown"/> when neither is given.
    /// </summary>
    public MessageState State { get; init; }

    /// <summary>
    /// Gets a value indicating whether <see cref="State"/> is final per SMPP 3.4 (ACCEPTD counts as final). Use
    /// <see cref="MessageStateExtensions.IsFinal"/> with <c>acceptedIsFinal: false</c> for carriers that send
    /// ACCEPTD as an intermediate.
    /// </summary>
    public bool IsFinal { get; init; }

    /// <summary>Gets the <c>stat:</c> word exactly as sent (e.g. <c>DELIVRD</c>, <c>delivrd</c>), or <see langword="null"/>.</summary>
    public string? RawStatus { get; init; }

    /// <summary>Gets the <c>sub:</c> count (messages submitted; meaningful for submit_multi), or <see langword="null"/>.</summary>
    public int? Submitted { get; init; }

    /// <summary>Gets the <c>dlvrd:</c> count (messages delivered), or <see langword="null"/>.</summary>
    public int? Delivered { get; init; }

    /// <summary>
    /// Gets the <c>submit date:</c> in the SMSC's local time (<see cref="DateTimeKind.Unspecified"/>), or
    /// <see langword="null"/> when absent or unreadable.
    /// </summary>
    public DateTime? SubmitDate { get; init; }

    /// <summary>
    /// Gets the <c>done date:</c> in the SMSC's local time (<see cref="DateTimeKind.Unspecified"/>), or
    /// <see langword="null"/> when absent or unreadable.
    /// </summary>
    public DateTime? DoneDate { get; init; }

    /// <summary>
    /// Gets the <c>err:</c> field as sent (carrier specific, e.g. <c>000</c>), or <see langword="null"/> when
    /// absent, empty or <c>nul</c>.
    /// </summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the <c>network_error_code</c> TLV (0x0423), or <see langword="null"/> when absent or malformed.</summary>
    public NetworkErrorCode? NetworkError { get; init; }

    /// <summary>
    /// Gets the <c>text:</c> field: everything after the key to the end of the receipt, trimmed. It may contain
    /// spaces and colons. <see langword="null"/> when absent or empty.
    /// </summary>
    public string? Text { get; init; }
}
