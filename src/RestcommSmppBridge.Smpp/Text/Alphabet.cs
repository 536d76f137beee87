namespace RestcommSmppBridge.Smpp.Text;

/// <summary>The character set a <c>data_coding</c> octet selects (SMPP 3.4 §5.2.19, GSM 03.38 §4).</summary>
public enum Alphabet
{
    /// <summary>0x00: the SMSC default alphabet; its meaning is a per-carrier setting (<see cref="DefaultAlphabet"/>).</summary>
    SmscDefault,

    /// <summary>0x01: IA5 (CCITT T.50) / ASCII.</summary>
    Ia5,

    /// <summary>0x02, 0x04, GSM 8-bit data groups and compressed data: octets, not text.</summary>
    Binary,

    /// <summary>0x03: ISO-8859-1.</summary>
    Latin1,

    /// <summary>0x05: JIS (X 0208-1990).</summary>
    Jis,

    /// <summary>0x06: Cyrillic (ISO-8859-5).</summary>
    Cyrillic,

    /// <summary>0x07: Latin/Hebrew (ISO-8859-8).</summary>
    Hebrew,

    /// <summary>0x08 and the GSM UCS-2 groups: UCS-2, big-endian (read as UTF-16BE).</summary>
    Ucs2,

    /// <summary>0x09: pictogram encoding.</summary>
    Pictogram,

    /// <summary>0x0A: ISO-2022-JP (music codes).</summary>
    MusicCodes,

    /// <summary>0x0D: extended Kanji JIS (X 0212-1990).</summary>
    ExtendedKanji,

    /// <summary>0x0E: KS C 5601.</summary>
    KsC5601,

    /// <summary>GSM 03.38 default 7-bit alphabet selected explicitly by a GSM data coding group (0x10–0x3F, 0xC0–0xDF, 0xF0–0xFB).</summary>
    Gsm7,

    /// <summary>A reserved value (0x0B, 0x0C, 0x0F, reserved GSM groups or alphabet bits 11).</summary>
    Reserved,
}
