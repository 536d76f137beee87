namespace RestcommSmppBridge.Smpp.Text;

/// <summary>The encoding chosen for an outbound text, which decides how its length is counted.</summary>
public enum TextKind
{
    /// <summary>GSM 03.38 7-bit; length in septets (extension characters count 2).</summary>
    Gsm7,

    /// <summary>ISO-8859-1; length in octets.</summary>
    Latin1,

    /// <summary>IA5 / ASCII; length in octets.</summary>
    Ascii,

    /// <summary>UCS-2 / UTF-16BE; length in UTF-16 code units (2 octets each).</summary>
    Ucs2,
}
