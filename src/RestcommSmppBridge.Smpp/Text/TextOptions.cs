namespace RestcommSmppBridge.Smpp.Text;

/// <summary>Per-carrier text settings used by <see cref="SmppText"/>.</summary>
public sealed record TextOptions
{
    /// <summary>Settings for a carrier whose <c>data_coding</c> 0 is unpacked GSM 7-bit.</summary>
    public static TextOptions Default { get; } = new();

    /// <summary>
    /// What <c>data_coding</c> 0 means on this carrier. Default <see cref="DefaultAlphabet.Gsm7Unpacked"/>.
    /// The packed/unpacked choice also applies to the GSM data coding groups that select 7-bit explicitly (0x10–0x13,
    /// 0xF0–0xF3, message waiting groups); with <see cref="DefaultAlphabet.Latin1"/> or
    /// <see cref="DefaultAlphabet.Ascii"/> those are unpacked.
    /// </summary>
    public DefaultAlphabet DefaultAlphabet { get; init; } = DefaultAlphabet.Gsm7Unpacked;

    /// <summary>True when GSM 7-bit text travels packed on this carrier.</summary>
    public bool PacksGsm7 => DefaultAlphabet == DefaultAlphabet.Gsm7Packed;
}
