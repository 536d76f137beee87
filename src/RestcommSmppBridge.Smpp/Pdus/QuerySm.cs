using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// query_sm (0x00000003): asks the state of a submitted message (SMPP 3.4 §4.8.1).
/// <code>
/// message_id       C-string max 65
/// source_addr_ton  u8
/// source_addr_npi  u8
/// source_addr      C-string max 21
/// </code>
/// </summary>
public sealed class QuerySm : SmppRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.QuerySm;

    /// <summary>message_id from the submit_sm_resp.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary>source_addr_ton of the original submit.</summary>
    public TypeOfNumber SourceAddrTon { get; set; }

    /// <summary>source_addr_npi of the original submit.</summary>
    public NumberingPlan SourceAddrNpi { get; set; }

    /// <summary>source_addr of the original submit (at most 20 characters).</summary>
    public string SourceAddr { get; set; } = string.Empty;

    /// <inheritdoc />
    public override SmppResponse CreateResponse(CommandStatus status = CommandStatus.Ok) =>
        new QuerySmResp { SequenceNumber = SequenceNumber, CommandStatus = status, MessageId = MessageId };

    internal override int GetBodyLength() =>
        PduBodyWriter.CStringLength(MessageId, 65, "message_id")
        + 2 + PduBodyWriter.CStringLength(SourceAddr, 21, "source_addr");

    internal override void WriteBody(ref PduBodyWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteByte((byte)SourceAddrTon);
        writer.WriteByte((byte)SourceAddrNpi);
        writer.WriteCString(SourceAddr);
    }

    internal override void ReadBody(ref PduBodyReader reader)
    {
        MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId, "message_id");
        SourceAddrTon = (TypeOfNumber)reader.ReadByte("source_addr_ton");
        SourceAddrNpi = (NumberingPlan)reader.ReadByte("source_addr_npi");
        SourceAddr = reader.ReadCString(21, CommandStatus.InvalidSourceAddress, "source_addr");
    }
}
