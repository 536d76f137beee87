namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>How an already-encoded payload given to <see cref="MessageSplitter"/> counts toward the SMS limits.</summary>
public enum PayloadKind
{
    /// <summary>
    /// Unpacked GSM 03.38 default alphabet: one septet per octet. An extension character is the pair
    /// <c>0x1B xx</c> and costs two septets; the pair is never split across parts.
    /// </summary>
    Gsm7Septets,

    /// <summary>Octets (8-bit data, Latin-1 and the like): 140 per SMS.</summary>
    EightBit,

    /// <summary>UCS-2 / UTF-16BE: two octets per unit, 70 units per SMS; surrogate pairs are never split.</summary>
    Ucs2,
}
