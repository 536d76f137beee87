using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// cancel_sm (0x00000008): cancels one pending message, or all that match the addresses when message_id is empty
/// (SMPP 3.4 §4.9.1).
/// <code>
/// service_type      C-string max 6     dest_addr_ton     u8
/// message_id        C-string max 65    dest_addr_npi     u8
/// source_addr_ton   u8                 destination_addr  C-string max 21
/// source_addr_npi   u8
/// source_addr       C-string max 21
/// </code>
/// </summary>
public sealed class CancelSm : SmppRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.CancelSm;

    /// <summary>service_type (at most 5 characters).</summary>
    public string ServiceType { get; set; } = string.Empty;

    /// <summary>message_id to cancel; empty cancels every message matching the addresses.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary>source_addr_ton.</summary>
    public TypeOfNumber SourceAddrTon { get; set; }

    /// <summary>source_addr_npi.</summary>
    public NumberingPlan SourceAddrNpi { get; set; }

    /// <summary>source_addr (at most 20 characters).</summary>
    public string SourceAddr { get; set; } = string.Empty;

    /// <summary>dest_addr_ton.</summary>
    public TypeOfNumber DestAddrTon { get; set; }

    /// <summary>dest_addr_npi.</summary>
    public NumberingPlan DestAddrNpi { get; set; }

    /// <summary>destination_addr (at most 20 characters).</summary>
    public string DestinationAddr { get; set; } = string.Empty;

    /// <inheritdoc />
    public override SmppResponse CreateResponse(CommandStatus status = CommandStatus.Ok) =>
        new CancelSmResp { SequenceNumber = SequenceNumber, CommandStatus = status };

    internal override int GetBodyLength() =>
        PduBodyWriter.CStringLength(ServiceType, 6, "service_type")
        + PduBodyWriter.CStringLength(MessageId, 65, "message_id")
        + 2 + PduBodyWriter.CStringLength(SourceAddr, 21, "source_addr")
        + 2 + PduBodyWriter.CStringLength(DestinationAddr, 21, "destination_addr");

    internal override void WriteBody(ref PduBodyWriter writer)
    {
        writer.WriteCString(ServiceType);
        writer.WriteCString(MessageId);
        writer.WriteByte((byte)SourceAddrTon);
        writer.WriteByte((byte)SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteByte((byte)DestAddrTon);
        writer.WriteByte((byte)DestAddrNpi);
        writer.WriteCString(DestinationAddr);
    }

    internal override void ReadBody(ref PduBodyReader reader)
    {
        ServiceType = reader.ReadCString(6, CommandStatus.InvalidServiceType, "service_type");
        MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId, "message_id");
        SourceAddrTon = (TypeOfNumber)reader.ReadByte("source_addr_ton");
        SourceAddrNpi = (NumberingPlan)reader.ReadByte("source_addr_npi");
        SourceAddr = reader.ReadCString(21, CommandStatus.InvalidSourceAddress, "source_addr");
        DestAddrTon = (TypeOfNumber)reader.ReadByte("dest_addr_ton");
        DestAddrNpi = (NumberingPlan)reader.ReadByte("dest_addr_npi");
        DestinationAddr = reader.ReadCString(21, CommandStatus.InvalidDestinationAddress, "destination_addr");
    }
}
