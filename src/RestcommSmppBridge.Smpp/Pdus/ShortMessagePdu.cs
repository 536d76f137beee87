using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// The body shared by submit_sm and deliver_sm, which have the same layout (SMPP 3.4 §4.4.1, §4.6.1).
/// <code>
/// service_type             C-string max 6     esm_class                u8
/// source_addr_ton          u8                 protocol_id              u8
/// source_addr_npi          u8                 priority_flag            u8
/// source_addr              C-string max 21    schedule_delivery_time   C-string 1 or 17
/// dest_addr_ton            u8                 validity_period          C-string 1 or 17
/// dest_addr_npi            u8                 registered_delivery      u8
/// destination_addr         C-string max 21    replace_if_present_flag  u8
///                                             data_coding              u8
///                                             sm_default_msg_id        u8
///                                             sm_length                u8 (0-254)
///                                             short_message            sm_length octets
/// TLVs
/// </code>
/// </summary>
public abstract class ShortMessagePdu : SmppRequest, IMessageFields
{
    /// <summary>Largest short_message the spec allows (sm_length 0–254).</summary>
    public const int MaxShortMessageLength = 254;

    /// <summary>service_type (at most 5 characters); empty means the SMSC default.</summary>
    public string ServiceType { get; set; } = string.Empty;

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

    /// <summary>esm_class (see <see cref="Protocol.EsmClass"/>).</summary>
    public byte EsmClass { get; set; }

    /// <summary>protocol_id (GSM TP-PID).</summary>
    public byte ProtocolId { get; set; }

    /// <summary>priority_flag, 0 (normal) to 3 (highest).</summary>
    public byte PriorityFlag { get; set; }

    /// <summary>schedule_delivery_time: empty (immediate) or the 16-character SMPP time form.</summary>
    public string ScheduleDeliveryTime { get; set; } = string.Empty;

    /// <summary>validity_period: empty (SMSC default) or the 16-character SMPP time form.</summary>
    public string ValidityPeriod { get; set; } = string.Empty;

    /// <summary>registered_delivery (see <see cref="Protocol.RegisteredDelivery"/>).</summary>
    public byte RegisteredDelivery { get; set; }

    /// <summary>replace_if_present_flag, 0 or 1.</summary>
    public byte ReplaceIfPresentFlag { get; set; }

    /// <summary>data_coding (SMPP 3.4 §5.2.19).</summary>
    public byte DataCoding { get; set; }

    /// <summary>sm_default_msg_id: index of a canned message, usually 0.</summary>
    public byte SmDefaultMsgId { get; set; }

    /// <summary>short_message octets (0–254). Octet data: GSM '@' is 0x00, so it is never a C-string.</summary>
    public ReadOnlyMemory<byte> ShortMessage { get; set; }

    /// <summary>
    /// The user data of the message: short_message, or the message_payload TLV when short_message is empty
    /// (SMPP 3.4 §5.3.2.32 forbids using both).
    /// </summary>
    public ReadOnlyMemory<byte> GetMessageBytes() =>
        ShortMessage.Length == 0 && HasTlvs && Tlvs.TryGetValue(TlvTag.MessagePayload, out ReadOnlyMemory<byte> payload)
            ? payload
            : ShortMessage;

    internal override int GetBodyLength() =>
        PduBodyWriter.CStringLength(ServiceType, 6, "service_type")
        + 2 + PduBodyWriter.CStringLength(SourceAddr, 21, "source_addr")
        + 2 + PduBodyWriter.CStringLength(DestinationAddr, 21, "destination_addr")
        + MessageFields.GetLength(this);

    internal override void WriteBody(ref PduBodyWriter writer)
    {
        writer.WriteCString(ServiceType);
        writer.WriteByte((byte)SourceAddrTon);
        writer.WriteByte((byte)SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteByte((byte)DestAddrTon);
        writer.WriteByte((byte)DestAddrNpi);
        writer.WriteCString(DestinationAddr);
        MessageFields.Write(ref writer, this);
    }

    internal override void ReadBody(ref PduBodyReader reader)
    {
        ServiceType = reader.ReadCString(6, CommandStatus.InvalidServiceType, "service_type");
        SourceAddrTon = (TypeOfNumber)reader.ReadByte("source_addr_ton");
        SourceAddrNpi = (NumberingPlan)reader.ReadByte("source_addr_npi");
        SourceAddr = reader.ReadCString(21, CommandStatus.InvalidSourceAddress, "source_addr");
        DestAddrTon = (TypeOfNumber)reader.ReadByte("dest_addr_ton");
        DestAddrNpi = (NumberingPlan)reader.ReadByte("dest_addr_npi");
        DestinationAddr = reader.ReadCString(21, CommandStatus.InvalidDestinationAddress, "destination_addr");
        MessageFields.Read(ref reader, this);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{base.ToString()} from={SourceAddr} to={DestinationAddr} esm_class=0x{EsmClass:X2} data_coding=0x{DataCoding:X2} sm_length={ShortMessage.Length}";
}
