namespace RestcommSmppBridge.Smpp.Text;

/// <summary>
/// A text encoded for <c>short_message</c> / <c>message_payload</c>, before any segmentation.
/// </summary>
/// <remarks>
/// For GSM 7-bit, <see cref="Bytes"/> always holds UNPACKED septets (one per octet), even when the carrier wants them
/// packed (<see cref="NeedsPacking"/>): a segmenter splits on septets (never between ESC and its follower) and then
/// turns each part into wire octets with <see cref="SmppText.ToWireBytes(ReadOnlySpan{byte}, bool, int)"/>, giving the
/// fill bits that follow that part's UDH. For every other kind <see cref="Bytes"/> are already the wire octets.
/// </remarks>
/// <param name="DataCoding">The <c>data_coding</c> octet to send.</param>
/// <param name="Bytes">Unpacked septets for <see cref="TextKind.Gsm7"/>; the wire octets otherwise.</param>
/// <param name="Kind">The encoding used.</param>
/// <param name="Units">Length in the kind's unit: septets (GSM), octets (Latin-1, ASCII), UTF-16 code units (UCS-2).</param>
/// <param name="NeedsPacking">True when <see cref="Bytes"/> are septets the carrier expects packed 8-into-7.</param>
public readonly record struct EncodedText(byte DataCoding, byte[] Bytes, TextKind Kind, int Units, bool NeedsPacking)
{
    /// <summary>
    /// The whole text as wire octets (packed when <see cref="NeedsPacking"/>), for a single part without segmentation.
    /// </summary>
    /// <param name="fillBits">Fill bits after a UDH placed in front of the text (see <see cref="Gsm7.FillBitsForUdh"/>);
    /// only used when packing.</param>
    public byte[] ToWireBytes(int fillBits = 0) => SmppText.ToWireBytes(Bytes, NeedsPacking, fillBits);
}
