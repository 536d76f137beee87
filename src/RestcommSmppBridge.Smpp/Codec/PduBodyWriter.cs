using System.Buffers.Binary;
using System.Text;

namespace RestcommSmppBridge.Smpp.Codec;

/// <summary>
/// Writes a PDU body into a span that <see cref="PduCodec"/> sized beforehand from <c>GetBodyLength</c>; the two must
/// agree, which the round-trip tests check for every PDU type.
/// </summary>
internal ref struct PduBodyWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public PduBodyWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;

    public void WriteByte(byte value) => _buffer[_position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
        _position += 4;
    }

    /// <summary>Writes a C-Octet String: Latin-1 octets then NUL. Lengths were validated by <see cref="CStringLength"/>.</summary>
    public void WriteCString(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _position += Encoding.Latin1.GetBytes(value, _buffer[_position..]);
        }

        _buffer[_position++] = 0;
    }

    public void WriteOctets(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    /// <summary>
    /// Encoded size of a C-Octet String including its NUL. Throws <see cref="ArgumentException"/> when the value breaks
    /// the field's spec maximum or holds a character outside Latin-1 (it could not be written octet for octet).
    /// </summary>
    public static int CStringLength(string? value, int maxWithNul, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 1;
        }

        if (value.Length > maxWithNul - 1)
        {
            throw new ArgumentException(
                $"{field} is {value.Length} characters; SMPP 3.4 allows at most {maxWithNul - 1}.", field);
        }

        foreach (char c in value)
        {
            if (c > '\u00FF' || c == '\0')
            {
                throw new ArgumentException($"{field} contains a character that is not a C-Octet String octet.", field);
            }
        }

        return value.Length + 1;
    }

    /// <summary>Size of a time field; only empty or 16 characters are legal (SMPP 3.4 §7.1.1).</summary>
    public static int TimeLength(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 1;
        }

        if (value.Length != 16)
        {
            throw new ArgumentException($"{field} must be empty or 16 characters (YYMMDDhhmmsstnnp).", field);
        }

        return CStringLength(value, 17, field);
    }
}
