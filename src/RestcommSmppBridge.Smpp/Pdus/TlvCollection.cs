using System.Buffers.Binary;
using System.Collections;
using System.Text;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Pdus;

/// <summary>
/// The optional parameters of a PDU, in wire order. Values are kept as octets; the typed accessors read and write the
/// spec encodings (u8, u16 and u32 big-endian, C-Octet String). Setting a tag that is present replaces it in place.
/// </summary>
public sealed class TlvCollection : IReadOnlyList<Tlv>
{
    private readonly List<Tlv> _items;

    /// <summary>Creates an empty collection.</summary>
    public TlvCollection()
    {
        _items = [];
    }

    internal TlvCollection(int capacity)
    {
        _items = new List<Tlv>(capacity);
    }

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public Tlv this[int index] => _items[index];

    /// <summary>Octets the collection takes on the wire.</summary>
    public int WireLength
    {
        get
        {
            int length = 0;
            foreach (Tlv tlv in _items)
            {
                length += tlv.WireLength;
            }

            return length;
        }
    }

    /// <summary>Appends a TLV as-is, even when the tag is already present (a peer may repeat vendor tags).</summary>
    public void Add(Tlv tlv)
    {
        if (tlv.Value.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"TLV {TlvTags.ToSpecName(tlv.Tag)} value exceeds 65535 octets.", nameof(tlv));
        }

        _items.Add(tlv);
    }

    /// <summary>Adds or replaces the value of a tag.</summary>
    public void Set(ushort tag, ReadOnlyMemory<byte> value)
    {
        var tlv = new Tlv(tag, value);
        int index = IndexOf(tag);
        if (index >= 0)
        {
            if (value.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"TLV {TlvTags.ToSpecName(tag)} value exceeds 65535 octets.", nameof(value));
            }

            _items[index] = tlv;
        }
        else
        {
            Add(tlv);
        }
    }

    /// <summary>Adds or replaces a known tag's value.</summary>
    public void Set(TlvTag tag, ReadOnlyMemory<byte> value) => Set((ushort)tag, value);

    /// <summary>Sets a one-octet value.</summary>
    public void SetByte(TlvTag tag, byte value) => Set(tag, new[] { value });

    /// <summary>Sets a big-endian u16 value.</summary>
    public void SetUInt16(TlvTag tag, ushort value)
    {
        byte[] bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        Set(tag, bytes);
    }

    /// <summary>Sets a big-endian u32 value.</summary>
    public void SetUInt32(TlvTag tag, uint value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        Set(tag, bytes);
    }

    /// <summary>Sets a C-Octet String value (Latin-1 octets and a terminating NUL).</summary>
    public void SetCString(TlvTag tag, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] bytes = new byte[value.Length + 1];
        Encoding.Latin1.GetBytes(value, bytes);
        Set(tag, bytes);
    }

    /// <summary>Removes every TLV with the tag; returns true when one was present.</summary>
    public bool Remove(ushort tag) => _items.RemoveAll(t => t.Tag == tag) > 0;

    /// <summary>Removes every TLV with the tag; returns true when one was present.</summary>
    public bool Remove(TlvTag tag) => Remove((ushort)tag);

    /// <summary>True when the tag is present.</summary>
    public bool Contains(TlvTag tag) => IndexOf((ushort)tag) >= 0;

    /// <summary>Index of the first TLV with the tag, or -1.</summary>
    public int IndexOf(ushort tag)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            if (_items[i].Tag == tag)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The raw value of the first TLV with the tag.</summary>
    public bool TryGetValue(ushort tag, out ReadOnlyMemory<byte> value)
    {
        int index = IndexOf(tag);
        value = index >= 0 ? _items[index].Value : default;
        return index >= 0;
    }

    /// <summary>The raw value of the first TLV with the tag.</summary>
    public bool TryGetValue(TlvTag tag, out ReadOnlyMemory<byte> value) => TryGetValue((ushort)tag, out value);

    /// <summary>Reads a one-octet value; false when absent or not exactly one octet.</summary>
    public bool TryGetByte(TlvTag tag, out byte value)
    {
        value = 0;
        if (!TryGetValue(tag, out ReadOnlyMemory<byte> raw) || raw.Length != 1)
        {
            return false;
        }

        value = raw.Span[0];
        return true;
    }

    /// <summary>Reads a big-endian u16 value; false when absent or not exactly two octets.</summary>
    public bool TryGetUInt16(TlvTag tag, out ushort value)
    {
        value = 0;
        if (!TryGetValue(tag, out ReadOnlyMemory<byte> raw) || raw.Length != 2)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(raw.Span);
        return true;
    }

    /// <summary>Reads a big-endian u32 value; false when absent or not exactly four octets.</summary>
    public bool TryGetUInt32(TlvTag tag, out uint value)
    {
        value = 0;
        if (!TryGetValue(tag, out ReadOnlyMemory<byte> raw) || raw.Length != 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(raw.Span);
        return true;
    }

    /// <summary>
    /// Reads a C-Octet String value up to its first NUL. A value without a NUL is taken whole: some SMSCs send
    /// receipted_message_id unterminated, and losing their last character would break receipt matching.
    /// </summary>
    public bool TryGetCString(TlvTag tag, out string value)
    {
        value = string.Empty;
        if (!TryGetValue(tag, out ReadOnlyMemory<byte> raw))
        {
            return false;
        }

        ReadOnlySpan<byte> span = raw.Span;
        int nul = span.IndexOf((byte)0);
        value = Encoding.Latin1.GetString(nul >= 0 ? span[..nul] : span);
        return true;
    }

    /// <summary>
    /// A struct enumerator, so <c>foreach</c> over the collection never boxes (the encoder walks TLVs on every PDU).
    /// </summary>
    public List<Tlv>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<Tlv> IEnumerable<Tlv>.GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _items);
}
