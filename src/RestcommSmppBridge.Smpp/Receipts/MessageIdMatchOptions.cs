namespace RestcommSmppBridge.Smpp.Receipts;

/// <summary>
/// Per-carrier description of how message ids are written in each place, so that a receipt can be matched to the
/// id stored from submit_sm_resp. For example a carrier whose responses carry hex ids and whose receipts carry
/// decimal ids uses <c>new MessageIdMatchOptions { SubmitResponseFormat = MessageIdFormat.Hexadecimal,
/// ReceiptTextFormat = MessageIdFormat.Decimal }</c>.
/// </summary>
public sealed record MessageIdMatchOptions
{
    /// <summary>Gets the options that compare every id trimmed and case-insensitively.</summary>
    public static MessageIdMatchOptions Default { get; } = new();

    /// <summary>Gets the format of the message_id in submit_sm_resp. Default <see cref="MessageIdFormat.CaseInsensitive"/>.</summary>
    public MessageIdFormat SubmitResponseFormat { get; init; } = MessageIdFormat.CaseInsensitive;

    /// <summary>Gets the format of the <c>id:</c> in the receipt text. Default <see cref="MessageIdFormat.CaseInsensitive"/>.</summary>
    public MessageIdFormat ReceiptTextFormat { get; init; } = MessageIdFormat.CaseInsensitive;

    /// <summary>
    /// Gets the format of the <c>receipted_message_id</c> TLV (0x001E). SMPP 3.4 says it repeats the
    /// submit_sm_resp id, but carriers differ. Default <see cref="MessageIdFormat.CaseInsensitive"/>.
    /// </summary>
    public MessageIdFormat ReceiptedMessageIdFormat { get; init; } = MessageIdFormat.CaseInsensitive;
}
