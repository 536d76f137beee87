using System.Text;

namespace RestcommSmppBridge.Smpp.Text;

/// <summary>
/// Entry point of the text layer: decodes <c>short_message</c> octets according to <c>data_coding</c>, and encodes
/// outbound text choosing GSM 7-bit or UCS-2 (SMPP 3.4 §5.2.19; smpp.md §8–§9).
/// </summary>
public static class SmppText
{
    private const byte DataCodingUcs2 = 0x08;
    private const byte DataCodingLatin1 = 0x03;

    // ISO-8859-5 and ISO-8859-8 come from the code-page provider of the BCL; used directly, without registering it
    // process-wide. Null when the runtime lacks them, and the octets are then kept as Latin-1.
    private static readonly Encoding? s_cyrillic = CodePagesEncodingProvider.Instance.GetEncoding(28595);
    private static readonly Encoding? s_hebrew = CodePagesEncodingProvider.Instance.GetEncoding(28598);

    /// <summary>
    /// The encoding auto-selection would use for <paramref name="text"/>: <see cref="TextKind.Gsm7"/> when every
    /// character is in the GSM 03.38 alphabet or extension table, otherwise <see cref="TextKind.Ucs2"/>.
    /// </summary>
    public static TextKind SelectEncoding(ReadOnlySpan<char> text) =>
        Gsm7.CanEncode(text) ? TextKind.Gsm7 : TextKind.Ucs2;

    /// <summary>Decodes a whole <c>short_message</c> (no UDH) as <paramref name="dataCoding"/> says.</summary>
    public static string Decode(byte dataCoding, ReadOnlySpan<byte> data, TextOptions options) =>
        Decode(dataCoding, data, options, udhLength: 0);

    /// <summary>
    /// Decodes the text of a <c>short_message</c> / <c>message_payload</c> as <paramref name="dataCoding"/> says.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>0x00: as the carrier's <see cref="TextOptions.DefaultAlphabet"/> (GSM unpacked, GSM packed, Latin-1, ASCII).</item>
    /// <item>GSM 7-bit groups (0x10–0x13, 0xF0–0xF3, 0xC0–0xDF): GSM, packed only when the carrier packs.</item>
    /// <item>0x01 IA5, 0x03 Latin-1, 0x08 / UCS-2 groups UTF-16BE, 0x06 ISO-8859-5, 0x07 ISO-8859-8.</item>
    /// <item>Binary (0x02, 0x04, 8-bit groups, compressed) and everything unknown or reserved (JIS, pictogram, KS C
    /// 5601…): ISO-8859-1, so each octet becomes the character with the same code and nothing is lost; callers that
    /// need octets can get them back with <see cref="Latin1.Encode(string)"/>.</item>
    /// </list>
    /// Packed GSM has no septet count in SMPP; it is inferred from the octet length, dropping a trailing padding septet
    /// only in the one ambiguous position (see <see cref="Gsm7.InferSeptetCount"/>). Nothing ever stops at 0x00.
    /// </remarks>
    /// <param name="dataCoding">The data_coding octet.</param>
    /// <param name="data">The user data, starting with the UDH when <paramref name="udhLength"/> is not 0.</param>
    /// <param name="options">The carrier's text settings.</param>
    /// <param name="udhLength">Octets of User Data Header (UDHL octet included) to skip; for packed GSM the text then
    /// starts after the fill bits of GSM 03.40 §9.2.3.24.</param>
    public static string Decode(byte dataCoding, ReadOnlySpan<byte> data, TextOptions options, int udhLength)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(udhLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(udhLength, data.Length);

        ReadOnlySpan<byte> text = data[udhLength..];
        Alphabet alphabet = new DataCoding(dataCoding).Alphabet;
        switch (alphabet)
        {
            case Alphabet.SmscDefault:
                return options.DefaultAlphabet switch
                {
                    DefaultAlphabet.Gsm7Packed => Gsm7.DecodePackedToEnd(text, Gsm7.FillBitsForUdh(udhLength)),
                    DefaultAlphabet.Latin1 => Latin1.Decode(text),
                    DefaultAlphabet.Ascii => Ia5.Decode(text),
                    _ => Gsm7.DecodeUnpacked(text),
                };
            case Alphabet.Gsm7:
                return options.PacksGsm7
                    ? Gsm7.DecodePackedToEnd(text, Gsm7.FillBitsForUdh(udhLength))
                    : Gsm7.DecodeUnpacked(text);
            case Alphabet.Ia5:
                return Ia5.Decode(text);
            case Alphabet.Ucs2:
                return Ucs2.Decode(text);
            case Alphabet.Cyrillic when s_cyrillic is not null:
                return s_cyrillic.GetString(text);
            case Alphabet.Hebrew when s_hebrew is not null:
                return s_hebrew.GetString(text);
            default:
                return Latin1.Decode(text);
        }
    }

    /// <summary>
    /// Encodes <paramref name="text"/> for sending.
    /// </summary>
    /// <remarks>
    /// <see cref="TextEncodingPreference.Auto"/> (smpp.md §8 pick order): when the carrier's dc-0 alphabet is GSM and
    /// every character is GSM 03.38 (extension characters cost 2 septets), data_coding 0x00 with unpacked septets;
    /// when it is Latin-1 or ASCII and the text fits that charset, data_coding 0x00 with those octets; otherwise
    /// UCS-2, data_coding 0x08. <see cref="TextEncodingPreference.Ucs2"/> forces 0x08;
    /// <see cref="TextEncodingPreference.Latin1"/> forces 0x03 (lossy: <c>?</c> for what Latin-1 lacks).
    /// GSM results are unpacked septets even on a packing carrier: see <see cref="EncodedText"/>.
    /// </remarks>
    public static EncodedText Encode(string text, TextOptions options,
        TextEncodingPreference preference = TextEncodingPreference.Auto)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);

        switch (preference)
        {
            case TextEncodingPreference.Ucs2:
                return EncodeUcs2(text);
            case TextEncodingPreference.Latin1:
                byte[] latin1 = Latin1.Encode(text);
                return new EncodedText(DataCodingLatin1, latin1, TextKind.Latin1, latin1.Length, NeedsPacking: false);
        }

        switch (options.DefaultAlphabet)
        {
            case DefaultAlphabet.Latin1 when Latin1.CanEncode(text):
                return new EncodedText(0x00, Latin1.Encode(text), TextKind.Latin1, text.Length, NeedsPacking: false);
            case DefaultAlphabet.Ascii when Ia5.CanEncode(text):
                return new EncodedText(0x00, Ia5.Encode(text), TextKind.Ascii, text.Length, NeedsPacking: false);
            case DefaultAlphabet.Gsm7Unpacked or DefaultAlphabet.Gsm7Packed when Gsm7.TryGetSeptetCount(text, out int septets):
                byte[] septetBytes = new byte[septets];
                Gsm7.EncodeUnpacked(text, septetBytes);
                return new EncodedText(0x00, septetBytes, TextKind.Gsm7, septets, options.PacksGsm7);
            default:
                return EncodeUcs2(text);
        }
    }

    /// <summary>Number of wire octets a part of <paramref name="partLength"/> octets (septets when packing) becomes.</summary>
    public static int GetWireByteCount(int partLength, bool needsPacking, int fillBits = 0) =>
        needsPacking ? Gsm7.GetPackedByteCount(partLength, fillBits) : partLength;

    /// <summary>
    /// Turns one part of <see cref="EncodedText.Bytes"/> into wire octets: packs it (GSM 03.38 §6.1.2.1.1) after
    /// <paramref name="fillBits"/> fill bits when <paramref name="needsPacking"/>, copies it otherwise.
    /// </summary>
    /// <remarks>
    /// Packed parts use CR padding when exactly 7 bits are spare (GSM 03.38 §6.1.2.3.1): SMPP gives the receiver only
    /// an octet length, and zero padding there would read as a trailing <c>@</c>.
    /// </remarks>
    /// <returns>The number of octets written (<see cref="GetWireByteCount"/>).</returns>
    public static int ToWireBytes(ReadOnlySpan<byte> part, bool needsPacking, int fillBits, Span<byte> destination)
    {
        if (needsPacking)
        {
            return Gsm7.Pack(part, fillBits, destination, carriageReturnPadding: true);
        }

        part.CopyTo(destination);
        return part.Length;
    }

    /// <summary>Wire octets of one part, in a new array (see <see cref="ToWireBytes(ReadOnlySpan{byte}, bool, int, Span{byte})"/>).</summary>
    public static byte[] ToWireBytes(ReadOnlySpan<byte> part, bool needsPacking, int fillBits = 0)
    {
        byte[] result = new byte[GetWireByteCount(part.Length, needsPacking, fillBits)];
        ToWireBytes(part, needsPacking, fillBits, result);
        return result;
    }

    private static EncodedText EncodeUcs2(string text) =>
        new(DataCodingUcs2, Ucs2.Encode(text), TextKind.Ucs2, text.Length, NeedsPacking: false);
}
