using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// replace_sm (0x00000007): replaces a pending message (SMPP 3.4 §4.10.1).
/// <code>
/// message_id              C-string max 65    registered_delivery  u8
/// source_addr_ton         u8                 sm_default_msg_id    u8
/// source_addr_npi         u8                 sm_length            u8 (0-254)
/// source_addr             C-string max 21    short_message        sm_length octets
/// schedule_delivery_time  C-string 1 or 17
/// validity_period         C-string 1 or 17
/// </code>
/// </summary>
public sealed class ReplaceSm : SmppRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.ReplaceSm;

    /// <summary>message_id of the message to replace.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary>source_addr_ton.</summary>
    public TypeOfNumber SourceAddrTon { get; set; }

    /// <summary>source_addr_npi.</summary>
    public NumberingPlan SourceAddrNpi { get; set; }

    /// <summary>source_addr (at most 20 characters).</summary>
    public string SourceAddr { get; set; } = string.Empty;

    /// <summary>schedule_delivery_time: empty or the 16-character SMPP time form.</summary>
    public string ScheduleDeliveryTime { get; set; } = string.Empty;

    /// <summary>validity_period: empty or the 16-character SMPP time form.</summary>
    public string ValidityPeriod { get; set; } = string.Empty;

    /// <summary>registered_delivery.</summary>
    public byte RegisteredDelivery { get; set; }

    /// <summary>sm_default_msg_id.</summary>
    public byte SmDefaultMsgId { get; set; }

    /// <summary>short_message octets (0–254).</summary>
    public ReadOnlyMemory<byte> ShortMessage { get; set; }

    /// <inheritdoc />
    public override SmppResponse CreateResponse(CommandStatus status = CommandStatus.Ok) =>
        new ReplaceSmResp { SequenceNumber = SequenceNumber, CommandStatus = status };

    internal override int GetBodyLength()
    {
        if (ShortMessage.Length > ShortMessagePdu.MaxShortMessageLength)
        {
            throw new ArgumentException($"short_message is {ShortMessage.Length} octets; SMPP 3.4 allows at most 254.");
        }

        return PduBodyWriter.CStringLength(MessageId, 65, "message_id")
            + 2 + PduBodyWriter.CStringLength(SourceAddr, 21, "source_addr")
            + PduBodyWriter.TimeLength(ScheduleDeliveryTime, "schedule_delivery_time")
            + PduBodyWriter.TimeLength(ValidityPeriod, "validity_period")
            + 3 + ShortMessage.Length;
    }

    internal override void WriteBody(ref PduBodyWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteByte((byte)SourceAddrTon);
        writer.WriteByte((byte)SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteCString(ScheduleDeliveryTime);
        writer.WriteCString(ValidityPeriod);
        writer.WriteByte(RegisteredDelivery);
        writer.WriteByte(SmDefaultMsgId);
        writer.WriteByte((byte)ShortMessage.Length);
        writer.WriteOctets(ShortMessage.Span);
    }

    internal override void ReadBody(ref PduBodyReader reader)
    {
        MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId, "message_id");
        SourceAddrTon = (TypeOfNumber)reader.ReadByte("source_addr_ton");
        SourceAddrNpi = (NumberingPlan)reader.ReadByte("source_addr_npi");
        SourceAddr = reader.ReadCString(21, CommandStatus.InvalidSourceAddress, "source_addr");
        ScheduleDeliveryTime = reader.ReadTime(CommandStatus.InvalidScheduledDeliveryTime, "schedule_delivery_time");
        ValidityPeriod = reader.ReadTime(CommandStatus.InvalidExpiry, "validity_period");
        RegisteredDelivery = reader.ReadByte("registered_delivery");
        SmDefaultMsgId = reader.ReadByte("sm_default_msg_id");
        int smLength = reader.ReadByte("sm_length");
        ShortMessage = reader.ReadOctets(smLength, CommandStatus.InvalidMessageLength, "short_message");
    }
}
