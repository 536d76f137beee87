namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>
/// Where an inbound part belongs: from a UDH concatenation IE (<see cref="ConcatenationInfo.ToPartInfo"/>, 8- or
/// 16-bit reference) or from the SAR TLVs (<c>sar_msg_ref_num</c>, <c>sar_total_segments</c>,
/// <c>sar_segment_seqnum</c>, SMPP 3.4 §5.3.2.22–24).
/// </summary>
/// <param name="Reference">The concatenation reference.</param>
/// <param name="Total">Parts in the message.</param>
/// <param name="Sequence">This part's 1-based number.</param>
public readonly record struct PartInfo(ushort Reference, byte Total, byte Sequence);
