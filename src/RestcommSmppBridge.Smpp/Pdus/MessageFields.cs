using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// The run of fields submit_sm, deliver_sm and submit_multi share after their addresses (SMPP 3.4 §4.4.1 fields
/// 8–18, §4.5.1):
/// <code>
/// esm_class  protocol_id  priority_flag  schedule_delivery_time  validity_period  registered_delivery
/// replace_if_present_flag  data_coding  sm_default_msg_id  sm_length  short_message
/// </code>
/// One reader and one writer for all three, so the layout lives in one place.
/// </summary>
internal interface IMessageFields
{
    byte EsmClass { get; set; }

    byte ProtocolId { get; set; }

    byte PriorityFlag { get; set; }

    string ScheduleDeliveryTime { get; set; }

    string ValidityPeriod { get; set; }

    byte RegisteredDelivery { get; set; }

    byte ReplaceIfPresentFlag { get; set; }

    byte DataCoding { get; set; }

    byte SmDefaultMsgId { get; set; }

    ReadOnlyMemory<byte> ShortMessage { get; set; }
}

/// <summary>Length, write and read of <see cref="IMessageFields"/>.</summary>
internal static class MessageFields
{
    public static int GetLength(IMessageFields fields)
    {
        if (fields.ShortMessage.Length > ShortMessagePdu.MaxShortMessageLength)
        {
            throw new ArgumentException(
                $"short_message is {fields.ShortMessage.Length} octets; SMPP 3.4 allows at most 254 (use message_payload or split).");
        }

        return 3
            + PduBodyWriter.TimeLength(fields.ScheduleDeliveryTime, "schedule_delivery_time")
            + PduBodyWriter.TimeLength(fields.ValidityPeriod, "validity_period")
            + 5 + fields.ShortMessage.Length;
    }

    public static void Write(ref PduBodyWriter writer, IMessageFields fields)
    {
        writer.WriteByte(fields.EsmClass);
        writer.WriteByte(fields.ProtocolId);
        writer.WriteByte(fields.PriorityFlag);
        writer.WriteCString(fields.ScheduleDeliveryTime);
        writer.WriteCString(fields.ValidityPeriod);
        writer.WriteByte(fields.RegisteredDelivery);
        writer.WriteByte(fields.ReplaceIfPresentFlag);
        writer.WriteByte(fields.DataCoding);
        writer.WriteByte(fields.SmDefaultMsgId);
        writer.WriteByte((byte)fields.ShortMessage.Length);
        writer.WriteOctets(fields.ShortMessage.Span);
    }

    public static void Read(ref PduBodyReader reader, IMessageFields fields)
    {
        fields.EsmClass = reader.ReadByte("esm_class");
        fields.ProtocolId = reader.ReadByte("protocol_id");
        fields.PriorityFlag = reader.ReadByte("priority_flag");
        fields.ScheduleDeliveryTime = reader.ReadTime(CommandStatus.InvalidScheduledDeliveryTime, "schedule_delivery_time");
        fields.ValidityPeriod = reader.ReadTime(CommandStatus.InvalidExpiry, "validity_period");
        fields.RegisteredDelivery = reader.ReadByte("registered_delivery");
        fields.ReplaceIfPresentFlag = reader.ReadByte("replace_if_present_flag");
        fields.DataCoding = reader.ReadByte("data_coding");
        fields.SmDefaultMsgId = reader.ReadByte("sm_default_msg_id");
        int smLength = reader.ReadByte("sm_length");
        fields.ShortMessage = reader.ReadOctets(smLength, CommandStatus.InvalidMessageLength, "short_message");
    }
}
