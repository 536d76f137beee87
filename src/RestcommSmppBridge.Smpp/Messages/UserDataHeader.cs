using System.Buffers.Binary;

namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>
/// A User Data Header (GSM 03.40 §9.2.3.24) found at the start of <c>short_message</c> when <c>esm_class</c> has the
/// UDHI bit (0x40, SMPP 3.4 §5.2.12).
/// </summary>
/// <remarks>
/// Layout:
/// <code>
/// +------+-----+------+-----------+-----+------+-----------+----
/// | UDHL | IEI | IEDL | IE data   | IEI | IEDL | IE data   | ... text
/// +------+-----+------+-----------+-----+------+-----------+----
///   1      1     1      IEDL        1     1      IEDL
/// </code>
/// UDHL counts the octets after itself. Concatenation (0x00, 0x08) and application port (0x04, 0x05) elements are
/// decoded; every element, including those, stays in <see cref="Elements"/> as raw bytes.
/// </remarks>
public sealed class UserDataHeader
{
    /// <summary>The UDHI bit of <c>esm_class</c> (SMPP 3.4 §5.2.12): the short message starts with a UDH.</summary>
    public const byte UdhiFlag = 0x40;

    /// <summary>IEI 0x00: concatenated short messages, 8-bit reference (GSM 03.40 §9.2.3.24.1).</summary>
    public const byte ConcatenationIei = 0x00;

    /// <summary>IEI 0x04: application port addressing, 8-bit ports (GSM 03.40 §9.2.3.24.3).</summary>
    public const byte ApplicationPort8Iei = 0x04;

    /// <summary>IEI 0x05: application port addressing, 16-bit ports (GSM 03.40 §9.2.3.24.4).</summary>
    public const byte ApplicationPort16Iei = 0x05;

    /// <summary>IEI 0x08: concatenated short messages, 16-bit reference (GSM 03.40 §9.2.3.24.8).</summary>
    public const byte Concatenation16Iei = 0x08;

    /// <summary>Octets of a whole UDH holding only the 8-bit reference concatenation IE: <c>05 00 03 RR TT SS</c>.</summary>
    public const int Concatenation8Length = 6;

    /// <summary>Octets of a whole UDH holding only the 16-bit reference concatenation IE: <c>06 08 04 RR RR TT SS</c>.</summary>
    public const int Concatenation16Length = 7;

    private UserDataHeader(IReadOnlyList<InformationElement> elements, ConcatenationInfo? concatenation,
        ApplicationPorts? ports, int length)
    {
        Elements = elements;
        Concatenation = concatenation;
        Ports = ports;
        Length = length;
    }

    /// <summary>Every information element in wire order, recognised or not.</summary>
    public IReadOnlyList<InformationElement> Elements { get; }

    /// <summary>
    /// The concatenation element (IEI 0x00 or 0x08), or null when there is none or it is unusable (wrong IEDL,
    /// total 0, sequence 0 or above total: GSM 03.40 §9.2.3.24.1 says to ignore such an element, so the message is
    /// then a single part that happens to carry a UDH).
    /// </summary>
    public ConcatenationInfo? Concatenation { get; }

    /// <summary>The application port element (IEI 0x04 or 0x05), or null.</summary>
    public ApplicationPorts? Ports { get; }

    /// <summary>Octets the header takes at the start of the user data, UDHL octet included (UDHL + 1).</summary>
    public int Length { get; }

    /// <summary>True when <paramref name="esmClass"/> has the UDHI bit (0x40).</summary>
    public static bool HasUdhi(byte esmClass) => (esmClass & UdhiFlag) != 0;

    /// <summary>
    /// Parses the UDH at the start of <paramref name="userData"/> (the whole <c>short_message</c>). Never throws.
    /// </summary>
    /// <param name="userData">The short message, starting with the UDHL octet.</param>
    /// <param name="header">The header, or null when the result is false.</param>
    /// <param name="headerLength">Octets to skip to reach the text (UDHL + 1), or 0 when the result is false.</param>
    /// <returns>False when the data is empty, UDHL points past the end, or an IE runs past UDHL.</returns>
    public static bool TryParse(ReadOnlySpan<byte> userData, out UserDataHeader? header, out int headerLength)
    {
        header = null;
        headerLength = 0;
        if (userData.IsEmpty)
        {
            return false;
        }

        int length = userData[0] + 1;
        if (length > userData.Length)
        {
            return false;
        }

        // First pass validates the IE chain, so a bad header allocates nothing.
        ReadOnlySpan<byte> body = userData[1..length];
        int count = 0;
        int offset = 0;
        while (offset < body.Length)
        {
            if (body.Length - offset < 2)
            {
                return false;
            }

            int dataLength = body[offset + 1];
            if (body.Length - offset - 2 < dataLength)
            {
                return false;
            }

            offset += 2 + dataLength;
            count++;
        }

        byte[] copy = body.ToArray();
        var elements = new InformationElement[count];
        ConcatenationInfo? concatenation = null;
        ApplicationPorts? ports = null;
        offset = 0;
        for (int i = 0; i < count; i++)
        {
            byte iei = copy[offset];
            int dataLength = copy[offset + 1];
            var data = new ReadOnlyMemory<byte>(copy, offset + 2, dataLength);
            elements[i] = new InformationElement(iei, data);

            // GSM 03.40 §9.2.3.24: when an element is repeated, the last occurrence wins.
            ReadOnlySpan<byte> span = data.Span;
            switch (iei)
            {
                case ConcatenationIei when dataLength == 3:
                    concatenation = Validated(new ConcatenationInfo(span[0], span[1], span[2], false));
                    break;
                case Concatenation16Iei when dataLength == 4:
                    concatenation = Validated(new ConcatenationInfo(
                        BinaryPrimitives.ReadUInt16BigEndian(span), span[2], span[3], true));
                    break;
                case ApplicationPort8Iei when dataLength == 2:
                    ports = new ApplicationPorts(span[0], span[1], false);
                    break;
                case ApplicationPort16Iei when dataLength == 4:
                    ports = new ApplicationPorts(BinaryPrimitives.ReadUInt16BigEndian(span),
                        BinaryPrimitives.ReadUInt16BigEndian(span[2..]), true);
                    break;
                default:
                    break;
            }

            offset += 2 + dataLength;
        }

        header = new UserDataHeader(elements, concatenation, ports, length);
        headerLength = length;
        return true;
    }

    /// <summary>
    /// Writes a whole UDH holding one concatenation IE: <c>05 00 03 RR TT SS</c> (8-bit reference) or
    /// <c>06 08 04 RR RR TT SS</c> (16-bit reference, big-endian).
    /// </summary>
    /// <param name="dest">Where to write; needs 6 or 7 octets.</param>
    /// <param name="reference">The reference; at most 255 when <paramref name="sixteenBit"/> is false.</param>
    /// <param name="total">Parts in the message, 1–255.</param>
    /// <param name="seq">This part's 1-based number, 1–<paramref name="total"/>.</param>
    /// <param name="sixteenBit">True for IEI 0x08, false for IEI 0x00.</param>
    /// <returns>Octets written (6 or 7).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="dest"/> is too small.</exception>
    public static int WriteConcatenation(Span<byte> dest, ushort reference, byte total, byte seq, bool sixteenBit)
    {
        ArgumentOutOfRangeException.ThrowIfZero(total);
        if (seq == 0 || seq > total)
        {
            throw new ArgumentOutOfRangeException(nameof(seq), seq, "The part number must be between 1 and the total.");
        }

        if (!sixteenBit && reference > byte.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(reference), reference,
                "An 8-bit concatenation reference must be at most 255.");
        }

        int length = sixteenBit ? Concatenation16Length : Concatenation8Length;
        if (dest.Length < length)
        {
            throw new ArgumentException($"The destination needs {length} octets.", nameof(dest));
        }

        if (sixteenBit)
        {
            dest[0] = Concatenation16Length - 1;
            dest[1] = Concatenation16Iei;
            dest[2] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(dest[3..], reference);
            dest[5] = total;
            dest[6] = seq;
        }
        else
        {
            dest[0] = Concatenation8Length - 1;
            dest[1] = ConcatenationIei;
            dest[2] = 3;
            dest[3] = (byte)reference;
            dest[4] = total;
            dest[5] = seq;
        }

        return length;
    }

    private static ConcatenationInfo? Validated(ConcatenationInfo info) =>
        info.Total == 0 || info.Sequence == 0 || info.Sequence > info.Total ? null : info;
}
