using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// One optional parameter as it travels: tag, then the value octets (SMPP 3.4 §3.2.4.1). Known, unknown and vendor
/// tags are all carried this way, so a PDU is written back exactly as it was read.
/// </summary>
/// <param name="Tag">The 16-bit tag.</param>
/// <param name="Value">The value octets (the wire length field is <c>Value.Length</c>).</param>
public readonly record struct Tlv(ushort Tag, ReadOnlyMemory<byte> Value)
{
    /// <summary>The tag as the enum (may hold a value that has no name: unknown or vendor tags).</summary>
    public TlvTag KnownTag => (TlvTag)Tag;

    /// <summary>True for the vendor range 0x1400–0x3FFF.</summary>
    public bool IsVendorSpecific => TlvTags.IsVendorSpecific(Tag);

    /// <summary>Octets this TLV takes on the wire: tag, length and value.</summary>
    public int WireLength => 4 + Value.Length;

    /// <inheritdoc />
    public override string ToString() =>
        $"{TlvTags.ToSpecName(Tag)}[{Value.Length}]={Convert.ToHexString(Value.Span)}";
}
