using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// data_sm (0x00000103): message transfer in either direction; the user data travels in the message_payload TLV
/// (SMPP 3.4 §4.7.1).
/// <code>
/// service_type         C-string max 6
/// source_addr_ton      u8
/// source_addr_npi      u8
/// source_addr          C-string max 65
/// dest_addr_ton        u8
/// dest_addr_npi        u8
/// destination_addr     C-string max 65
/// esm_class            u8
/// registered_delivery  u8
/// data_coding          u8
/// TLVs
/// </code>
/// </summary>
public sealed class DataSm : SmppRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.DataSm;

    /// <summary>service_type (at most 5 characters).</summary>
    public string ServiceType { get; set; } = string.Empty;

    /// <summary>source_addr_ton.</summary>
    public TypeOfNumber SourceAddrTon { get; set; }

    /// <summary>source_addr_npi.</summary>
    public NumberingPlan SourceAddrNpi { get; set; }

    /// <summary>source_addr (at most 64 characters).</summary>
    public string SourceAddr { get; set; } = string.Empty;

    /// <summary>dest_addr_ton.</summary>
    public TypeOfNumber DestAddrTon { get; set; }

    /// <summary>dest_addr_npi.</summary>
    public NumberingPlan DestAddrNpi { get; set; }

    /// <summary>destination_addr (at most 64 characters).</summary>
    public string DestinationAddr { get; set; } = string.Empty;

    /// <summary>esm_class.</summary>
    public byte EsmClass { get; set; }

    /// <summary>registered_delivery.</summary>
    public byte RegisteredDelivery { get; set; }

    /// <summary>data_coding.</summary>
    public byte DataCoding { get; set; }

    /// <summary>The message_payload TLV value, or empty.</summary>
    public ReadOnlyMemory<byte> GetMessageBytes() =>
        HasTlvs && Tlvs.TryGetValue(TlvTag.MessagePayload, out ReadOnlyMemory<byte> payload) ? payload : default;

    /// <inheritdoc />
    public override SmppResponse CreateResponse(CommandStatus status = CommandStatus.Ok) =>
        new DataSmResp { SequenceNumber = SequenceNumber, CommandStatus = status };

    internal override int GetBodyLength() =>
        PduBodyWriter.CStringLength(ServiceType, 6, "service_type")
        + 2 + PduBodyWriter.CStringLength(SourceAddr, 65, "source_addr")
        + 2 + PduBodyWriter.CStringLength(DestinationAddr, 65, "destination_addr")
        + 3;

    internal override void WriteBody(ref PduBodyWriter writer)
    {
        writer.WriteCString(ServiceType);
        writer.WriteByte((byte)SourceAddrTon);
        writer.WriteByte((byte)SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteByte((byte)DestAddrTon);
        writer.WriteByte((byte)DestAddrNpi);
        writer.WriteCString(DestinationAddr);
        writer.WriteByte(EsmClass);
        writer.WriteByte(RegisteredDelivery);
        writer.WriteByte(DataCoding);
    }

    internal override void ReadBody(ref PduBodyReader reader)
    {
        ServiceType = reader.ReadCString(6, CommandStatus.InvalidServiceType, "service_type");
        SourceAddrTon = (TypeOfNumber)reader.ReadByte("source_addr_ton");
        SourceAddrNpi = (NumberingPlan)reader.ReadByte("source_addr_npi");
        SourceAddr = reader.ReadCString(65, CommandStatus.InvalidSourceAddress, "source_addr");
        DestAddrTon = (TypeOfNumber)reader.ReadByte("dest_addr_ton");
        DestAddrNpi = (NumberingPlan)reader.ReadByte("dest_addr_npi");
        DestinationAddr = reader.ReadCString(65, CommandStatus.InvalidDestinationAddress, "destination_addr");
        EsmClass = reader.ReadByte("esm_class");
        RegisteredDelivery = reader.ReadByte("registered_delivery");
        DataCoding = reader.ReadByte("data_coding");
    }
}
