namespace RestcommSmppBridge.Smpp.Text;

/// <summary>
/// The SMPP <c>data_coding</c> octet and what it means.
/// </summary>
/// <remarks>
/// <para>
/// 0x00–0x0F follow the SMPP 3.4 table (§5.2.19; smpp.md §8), which takes precedence over GSM for that range. Above
/// that the octet is read as a GSM 03.38 §4 Data Coding Scheme, as SMSCs do in practice:
/// </para>
/// <code>
/// 00xx xxxx  general data coding   bit 5 compressed, bit 4 class meaningful, bits 3-2 alphabet
///                                  (00 GSM 7-bit, 01 8-bit, 10 UCS-2, 11 reserved), bits 1-0 class
/// 01xx xxxx  automatic deletion    same layout as the general group (GSM 23.038)
/// 10xx xxxx  reserved
/// 1100 xxxx  message waiting, discard message, GSM 7-bit
/// 1101 xxxx  message waiting, store message, GSM 7-bit
/// 1110 xxxx  message waiting, store message, UCS-2
/// 1111 xxxx  data coding/message class: bit 3 reserved, bit 2 alphabet (0 GSM 7-bit, 1 8-bit), bits 1-0 class
/// </code>
/// <para>So 0x10 is flash GSM 7-bit, 0x11–0x13 GSM 7-bit class 1–3, 0x18 flash UCS-2, 0xF0 flash GSM 7-bit, 0xF4 8-bit
/// class 0. Compressed data (bit 5 of the general group) is reported as <see cref="Alphabet.Binary"/>.</para>
/// </remarks>
/// <param name="Value">The raw data_coding octet.</param>
public readonly record struct DataCoding(byte Value)
{
    /// <summary>0x00: SMSC default alphabet.</summary>
    public static DataCoding SmscDefault => new(0x00);

    /// <summary>0x01: IA5 / ASCII.</summary>
    public static DataCoding Ia5 => new(0x01);

    /// <summary>0x03: ISO-8859-1.</summary>
    public static DataCoding Latin1 => new(0x03);

    /// <summary>0x04: 8-bit binary.</summary>
    public static DataCoding Binary => new(0x04);

    /// <summary>0x08: UCS-2.</summary>
    public static DataCoding Ucs2 => new(0x08);

    /// <summary>The character set the octet selects.</summary>
    public Alphabet Alphabet => Value switch
    {
        0x00 => Alphabet.SmscDefault,
        0x01 => Alphabet.Ia5,
        0x02 or 0x04 => Alphabet.Binary,
        0x03 => Alphabet.Latin1,
        0x05 => Alphabet.Jis,
        0x06 => Alphabet.Cyrillic,
        0x07 => Alphabet.Hebrew,
        0x08 => Alphabet.Ucs2,
        0x09 => Alphabet.Pictogram,
        0x0A => Alphabet.MusicCodes,
        0x0D => Alphabet.ExtendedKanji,
        0x0E => Alphabet.KsC5601,
        < 0x10 => Alphabet.Reserved,
        < 0x80 => (Value & 0x20) != 0 ? Alphabet.Binary : GeneralAlphabet((Value >> 2) & 0x03),
        < 0xC0 => Alphabet.Reserved,
        < 0xE0 => Alphabet.Gsm7,
        < 0xF0 => Alphabet.Ucs2,
        _ => (Value & 0x04) != 0 ? Alphabet.Binary : Alphabet.Gsm7,
    };

    /// <summary>The GSM message class, or <see cref="MessageClass.None"/> when the octet carries none.</summary>
    public MessageClass MessageClass => Value switch
    {
        < 0x10 => MessageClass.None,
        < 0x80 => (Value & 0x10) != 0 ? ClassFromBits(Value) : MessageClass.None,
        >= 0xF0 => ClassFromBits(Value),
        _ => MessageClass.None,
    };

    /// <summary>True for message class 0, the "flash SMS" that is displayed and not stored (0x10, 0x18, 0xF0, 0xF4).</summary>
    public bool IsFlash => MessageClass == MessageClass.Class0;

    /// <summary>True when the GSM general data coding group marks the text as compressed (bit 5, 0x20–0x3F, 0x60–0x7F).</summary>
    public bool IsCompressed => Value is >= 0x20 and < 0x40 or >= 0x60 and < 0x80;

    /// <summary>True for the GSM message waiting indication groups (0xC0–0xEF).</summary>
    public bool IsMessageWaiting => Value is >= 0xC0 and < 0xF0;

    /// <summary>True for the GSM 23.038 automatic deletion group (0x40–0x7F).</summary>
    public bool IsAutomaticDeletion => Value is >= 0x40 and < 0x80;

    /// <summary>Wraps a raw octet.</summary>
    public static implicit operator DataCoding(byte value) => new(value);

    /// <summary>Wraps a raw octet (named alternative to the implicit conversion).</summary>
    public static DataCoding FromByte(byte value) => new(value);

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"0x{Value:X2} ({Alphabet}, {MessageClass})");

    private static Alphabet GeneralAlphabet(int bits) => bits switch
    {
        0 => Alphabet.Gsm7,
        1 => Alphabet.Binary,
        2 => Alphabet.Ucs2,
        _ => Alphabet.Reserved,
    };

    private static MessageClass ClassFromBits(byte value) => (MessageClass)((value & 0x03) + 1);
}
