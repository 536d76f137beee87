namespace RestcommSmppBridge.Smpp.Text;

/// <summary>
/// What a carrier's SMSC means by <c>data_coding</c> 0x00, "SMSC default alphabet" (SMPP 3.4 §5.2.19). SMSCs differ,
/// so this is a per-carrier setting (smpp.md §8; kneodev/ksmppd#50: dc 0 that is really Latin-1).
/// </summary>
public enum DefaultAlphabet
{
    /// <summary>GSM 03.38 7-bit, one septet per octet (the common case and the default).</summary>
    Gsm7Unpacked,

    /// <summary>GSM 03.38 7-bit, packed 8 septets into 7 octets.</summary>
    Gsm7Packed,

    /// <summary>ISO-8859-1.</summary>
    Latin1,

    /// <summary>IA5 / US-ASCII.</summary>
    Ascii,
}
