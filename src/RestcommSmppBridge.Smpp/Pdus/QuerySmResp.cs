using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// query_sm_resp (0x80000003) (SMPP 3.4 §4.8.2).
/// <code>
/// message_id     C-string max 65
/// final_date     C-string 1 or 17
/// message_state  u8 (§5.2.28)
/// error_code     u8 (network error)
/// </code>
/// </summary>
public sealed class QuerySmResp : SmppResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.QuerySmResp;

    /// <summary>message_id queried.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary>final_date: empty while the message is not final, else the 16-character SMPP time form.</summary>
    public string FinalDate { get; set; } = string.Empty;

    /// <summary>message_state (SMPP 3.4 §5.2.28).</summary>
    public byte MessageState { get; set; }

    /// <summary>error_code: network-specific error, 0 when none.</summary>
    public byte ErrorCode { get; set; }

    internal override int GetBodyLength() =>
        PduBodyWriter.CStringLength(MessageId, 65, "message_id") + PduBodyWriter.TimeLength(FinalDate, "final_date") + 2;

    internal override void WriteBody(ref PduBodyWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteCString(FinalDate);
        writer.WriteByte(MessageState);
        writer.WriteByte(ErrorCode);
    }

    internal override void ReadBody(ref PduBodyReader reader)
    {
        MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId, "message_id");
        FinalDate = reader.ReadTime(CommandStatus.QueryFailed, "final_date");
        MessageState = reader.ReadByte("message_state");
        ErrorCode = reader.ReadByte("error_code");
    }
}
