namespace RestcommSmppBridge.Rcml;

/// <summary>The SMS text encoding of an inbound message or a reply (restcomm.md §3.7).</summary>
public enum RcmlEncoding
{
    /// <summary>GSM 03.38 default alphabet.</summary>
    Gsm,

    /// <summary>UCS-2 (UTF-16 without surrogate checks on the SMPP side).</summary>
    Ucs2,
}
