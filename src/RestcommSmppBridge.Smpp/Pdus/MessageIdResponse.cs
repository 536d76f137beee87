using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// A response whose body is one message_id (SMPP 3.4 §4.4.2, §4.6.2, §4.7.2).
/// <code>
/// message_id  C-string max 65   (absent when command_status != 0, except in data_sm_resp)
/// TLVs (data_sm_resp only)
/// </code>
/// </summary>
public abstract class MessageIdResponse : SmppResponse
{
    /// <summary>message_id: the SMSC's id for the message (unused, always empty, in deliver_sm_resp).</summary>
    public string MessageId { get; set; } = string.Empty;

    internal override int GetBodyLength() => PduBodyWriter.CStringLength(MessageId, 65, "message_id");

    internal override void WriteBody(ref PduBodyWriter writer) => writer.WriteCString(MessageId);

    internal override void ReadBody(ref PduBodyReader reader) =>
        MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId, "message_id");

    /// <inheritdoc />
    public override string ToString() => $"{base.ToString()} message_id={MessageId}";
}
