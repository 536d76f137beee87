namespace RestcommSmppBridge.Smpp.Text;

/// <summary>How <see cref="SmppText.Encode"/> chooses the encoding.</summary>
public enum TextEncodingPreference
{
    /// <summary>The carrier's <c>data_coding</c> 0 alphabet when it can represent the text, otherwise UCS-2 (smpp.md §8).</summary>
    Auto,

    /// <summary>Always UCS-2 (<c>data_coding</c> 0x08).</summary>
    Ucs2,

    /// <summary>Always ISO-8859-1 (<c>data_coding</c> 0x03); unrepresentable characters become <c>?</c>.</summary>
    Latin1,
}
