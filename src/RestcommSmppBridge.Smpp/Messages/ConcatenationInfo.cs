namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>
/// The concatenated short message information element (GSM 03.40 §9.2.3.24.1 IEI 0x00 with an 8-bit reference,
/// §9.2.3.24.8 IEI 0x08 with a 16-bit reference).
/// </summary>
/// <param name="Reference">The concatenation reference number, identical in every part of one message.</param>
/// <param name="Total">The number of parts of the message (1–255).</param>
/// <param name="Sequence">The 1-based number of this part (1–<paramref name="Total"/>).</param>
/// <param name="SixteenBitReference">True for IEI 0x08 (16-bit reference), false for IEI 0x00.</param>
public readonly record struct ConcatenationInfo(ushort Reference, byte Total, byte Sequence, bool SixteenBitReference)
{
    /// <summary>The same facts in the shape <see cref="Reassembler.Add"/> takes.</summary>
    public PartInfo ToPartInfo() => new(Reference, Total, Sequence);
}
