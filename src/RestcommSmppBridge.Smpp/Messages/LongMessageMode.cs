namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>How a message longer than one SMS is carried (smpp.md §10).</summary>
public enum LongMessageMode
{
    /// <summary>UDH concatenation IE 0x00 with an 8-bit reference in each part (<c>esm_class |= 0x40</c>).</summary>
    UdhConcat8,

    /// <summary>UDH concatenation IE 0x08 with a 16-bit reference in each part (<c>esm_class |= 0x40</c>).</summary>
    UdhConcat16,

    /// <summary>
    /// SMPP 3.4 §5.3.2.22–24 TLVs <c>sar_msg_ref_num</c>, <c>sar_total_segments</c>, <c>sar_segment_seqnum</c>;
    /// the short message holds text only and UDHI stays clear.
    /// </summary>
    SarTlv,

    /// <summary>
    /// The whole text in one PDU's <c>message_payload</c> TLV (SMPP 3.4 §5.3.2.32), <c>sm_length</c> = 0; the SMSC
    /// splits it. Only for SMSCs known to support it.
    /// </summary>
    MessagePayload,
}
