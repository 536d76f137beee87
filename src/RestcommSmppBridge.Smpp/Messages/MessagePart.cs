namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>One PDU's worth of a split message, produced by <see cref="MessageSplitter"/>.</summary>
/// <remarks>
/// How to put it in a submit_sm: when <see cref="Udh"/> is not null, <c>short_message</c> = UDH + payload and
/// <c>esm_class |= 0x40</c>; when <see cref="SarReference"/> is not null, add the three SAR TLVs; when
/// <see cref="Mode"/> is <see cref="LongMessageMode.MessagePayload"/>, put the payload in <c>message_payload</c>
/// with <c>sm_length</c> = 0; otherwise (a message that fits one SMS) the payload is the whole short message.
/// </remarks>
public sealed class MessagePart
{
    internal MessagePart(ReadOnlyMemory<byte> payload, byte[]? udh, ushort? sarReference, byte total, byte sequence,
        LongMessageMode mode)
    {
        Payload = payload;
        Udh = udh;
        SarReference = sarReference;
        Total = total;
        Sequence = sequence;
        Mode = mode;
    }

    /// <summary>
    /// This part's text bytes only, in the caller's encoding (still unpacked septets for GSM). A slice of the memory
    /// given to <see cref="MessageSplitter.Split(ReadOnlyMemory{byte}, PayloadKind, LongMessageMode, ushort)"/>: do
    /// not reuse that buffer while the parts are in use.
    /// </summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The whole UDH (UDHL octet included) to put before the payload, or null when there is none.</summary>
    public byte[]? Udh { get; }

    /// <summary>The <c>sar_msg_ref_num</c> value in <see cref="LongMessageMode.SarTlv"/> mode for a multipart message, else null.</summary>
    public ushort? SarReference { get; }

    /// <summary>Parts in the message (1–255); <c>sar_total_segments</c> in SAR mode.</summary>
    public byte Total { get; }

    /// <summary>This part's 1-based number; <c>sar_segment_seqnum</c> in SAR mode.</summary>
    public byte Sequence { get; }

    /// <summary>The mode the message was split with.</summary>
    public LongMessageMode Mode { get; }
}
