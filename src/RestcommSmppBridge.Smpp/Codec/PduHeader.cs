using System.Buffers;
using System.Buffers.Binary;

namespace RestcommSmppBridge.Smpp.Codec;

/// <summary>
/// The 16-octet PDU header, all fields big-endian u32 (SMPP 3.4 §3.2).
/// <code>
/// +----------------+------------+----------------+-----------------+
/// | command_length | command_id | command_status | sequence_number |
/// +----------------+------------+----------------+-----------------+
///   4 octets         4            4                4
/// </code>
/// command_length counts the whole PDU, header included.
/// </summary>
/// <param name="CommandLength">Whole PDU length in octets.</param>
/// <param name="CommandId">Raw command_id (may be a value SMPP 3.4 does not define).</param>
/// <param name="CommandStatus">Raw command_status.</param>
/// <param name="SequenceNumber">sequence_number.</param>
public readonly record struct PduHeader(uint CommandLength, uint CommandId, uint CommandStatus, uint SequenceNumber)
{
    /// <summary>Size of the header in octets.</summary>
    public const int Size = 16;

    /// <summary>Reads a header from the first 16 octets of <paramref name="source"/>.</summary>
    public static PduHeader Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt32BigEndian(source),
        BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[12..]));

    /// <summary>Reads a header from a possibly multi-segment sequence; false when fewer than 16 octets are buffered.</summary>
    public static bool TryRead(in ReadOnlySequence<byte> source, out PduHeader header)
    {
        if (source.Length < Size)
        {
            header = default;
            return false;
        }

        ReadOnlySpan<byte> first = source.FirstSpan;
        if (first.Length >= Size)
        {
            header = Read(first);
            return true;
        }

        Span<byte> copy = stackalloc byte[Size];
        source.Slice(0, Size).CopyTo(copy);
        header = Read(copy);
        return true;
    }

    /// <summary>Writes the header into the first 16 octets of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, CommandLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], CommandId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], CommandStatus);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], SequenceNumber);
    }
}
