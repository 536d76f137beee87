using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Codec;

/// <summary>
/// Frames, decodes and encodes SMPP 3.4 PDUs. Stateless and thread-safe.
/// <para>
/// Framing never trusts the peer (style.md R3): command_length is checked against 16 and the configured cap before
/// the body is awaited, every C-string is bounded by its spec maximum, and every field read is bounded by the frame.
/// A decode ends in exactly one of: a PDU, "need more data", or an <see cref="SmppProtocolException"/> carrying the
/// status to answer with.
/// </para>
/// </summary>
public static class PduCodec
{
    // Frames up to this size are copied to the stack when they straddle pipe segments.
    private const int StackCopyLimit = 512;

    /// <summary>
    /// Decodes one PDU from the front of <paramref name="buffer"/> without throwing. On <see cref="DecodeStatus.Pdu"/>
    /// and on a non-fatal <see cref="DecodeStatus.ProtocolError"/> the frame is sliced off the buffer; on
    /// <see cref="DecodeStatus.NeedMoreData"/> and on a fatal error the buffer is left as it was.
    /// </summary>
    public static DecodeStatus TryDecode(ref ReadOnlySequence<byte> buffer, PduCodecOptions options,
        out Pdu? pdu, out SmppProtocolException? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        pdu = null;
        error = null;
        if (buffer.Length < 4)
        {
            return DecodeStatus.NeedMoreData;
        }

        uint length = ReadCommandLength(buffer);
        if (length < PduHeader.Size || length > (uint)Math.Max(options.MaxCommandLength, PduHeader.Size))
        {
            // The stream is out of step (or it is not SMPP at all); nothing after this can be trusted.
            error = new SmppProtocolException(CommandStatus.InvalidCommandLength,
                $"command_length {length} is outside 16..{options.MaxCommandLength}",
                commandId: 0, sequenceNumber: 0, isFatal: true);
            return DecodeStatus.ProtocolError;
        }

        if (buffer.Length < length)
        {
            return DecodeStatus.NeedMoreData;
        }

        ReadOnlySequence<byte> frame = buffer.Slice(0, length);
        buffer = buffer.Slice(length);
        if (frame.IsSingleSegment)
        {
            return DecodeFrame(frame.FirstSpan, options, out pdu, out error);
        }

        if (length <= StackCopyLimit)
        {
            Span<byte> copy = stackalloc byte[(int)length];
            frame.CopyTo(copy);
            return DecodeFrame(copy, options, out pdu, out error);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            Span<byte> copy = rented.AsSpan(0, (int)length);
            frame.CopyTo(copy);
            return DecodeFrame(copy, options, out pdu, out error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Reads one PDU from the front of <paramref name="buffer"/>: false while the PDU is incomplete; throws
    /// <see cref="SmppProtocolException"/> for a malformed one (style.md R3).
    /// </summary>
    public static bool TryReadPdu(ref ReadOnlySequence<byte> buffer, PduCodecOptions options, [NotNullWhen(true)] out Pdu? pdu)
    {
        switch (TryDecode(ref buffer, options, out pdu, out SmppProtocolException? error))
        {
            case DecodeStatus.Pdu:
                return pdu is not null;
            case DecodeStatus.NeedMoreData:
                return false;
            default:
                throw error!;
        }
    }

    /// <summary>Decodes exactly one whole PDU (header included); throws <see cref="SmppProtocolException"/> when malformed.</summary>
    public static Pdu Decode(ReadOnlySpan<byte> frame, PduCodecOptions? options = null)
    {
        options ??= PduCodecOptions.Default;
        if (frame.Length < PduHeader.Size)
        {
            throw new SmppProtocolException(CommandStatus.InvalidCommandLength,
                $"a PDU needs 16 header octets, got {frame.Length}", isFatal: true);
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(frame);
        if (length != frame.Length || length > (uint)Math.Max(options.MaxCommandLength, PduHeader.Size))
        {
            throw new SmppProtocolException(CommandStatus.InvalidCommandLength,
                $"command_length {length} does not fit a frame of {frame.Length} octets (cap {options.MaxCommandLength})",
                isFatal: true);
        }

        return DecodeFrame(frame, options, out Pdu? pdu, out SmppProtocolException? error) == DecodeStatus.Pdu
            ? pdu!
            : throw error!;
    }

    /// <summary>Creates an empty PDU object for a command_id, or null when SMPP 3.4 defines no such command.</summary>
    public static Pdu? Create(uint commandId) => (CommandId)commandId switch
    {
        CommandId.SubmitSm => new SubmitSm(),
        CommandId.SubmitSmResp => new SubmitSmResp(),
        CommandId.DeliverSm => new DeliverSm(),
        CommandId.DeliverSmResp => new DeliverSmResp(),
        CommandId.EnquireLink => new EnquireLink(),
        CommandId.EnquireLinkResp => new EnquireLinkResp(),
        CommandId.GenericNack => new GenericNack(),
        CommandId.BindTransmitter => new BindTransmitter(),
        CommandId.BindTransmitterResp => new BindTransmitterResp(),
        CommandId.BindReceiver => new BindReceiver(),
        CommandId.BindReceiverResp => new BindReceiverResp(),
        CommandId.BindTransceiver => new BindTransceiver(),
        CommandId.BindTransceiverResp => new BindTransceiverResp(),
        CommandId.Outbind => new Outbind(),
        CommandId.Unbind => new Unbind(),
        CommandId.UnbindResp => new UnbindResp(),
        CommandId.DataSm => new DataSm(),
        CommandId.DataSmResp => new DataSmResp(),
        CommandId.QuerySm => new QuerySm(),
        CommandId.QuerySmResp => new QuerySmResp(),
        CommandId.CancelSm => new CancelSm(),
        CommandId.CancelSmResp => new CancelSmResp(),
        CommandId.ReplaceSm => new ReplaceSm(),
        CommandId.ReplaceSmResp => new ReplaceSmResp(),
        CommandId.SubmitMulti => new SubmitMulti(),
        CommandId.SubmitMultiResp => new SubmitMultiResp(),
        CommandId.AlertNotification => new AlertNotification(),
        _ => null,
    };

    /// <summary>Octets <paramref name="pdu"/> takes on the wire. Throws <see cref="ArgumentException"/> when a field breaks the spec.</summary>
    public static int GetEncodedLength(Pdu pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        return PduHeader.Size + GetBodyAndTlvLength(pdu);
    }

    /// <summary>Encodes into a new array.</summary>
    public static byte[] Encode(Pdu pdu)
    {
        byte[] bytes = new byte[GetEncodedLength(pdu)];
        Encode(pdu, bytes);
        return bytes;
    }

    /// <summary>Encodes into <paramref name="writer"/>; returns the octets written.</summary>
    public static int Encode(Pdu pdu, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        int length = GetEncodedLength(pdu);
        Span<byte> span = writer.GetSpan(length);
        WriteSized(pdu, span, length);
        writer.Advance(length);
        return length;
    }

    /// <summary>Encodes into <paramref name="destination"/>; returns the octets written.</summary>
    public static int Encode(Pdu pdu, Span<byte> destination)
    {
        int length = GetEncodedLength(pdu);
        if (destination.Length < length)
        {
            throw new ArgumentException($"destination holds {destination.Length} octets; the PDU needs {length}.",
                nameof(destination));
        }

        WriteSized(pdu, destination, length);
        return length;
    }

    private static int GetBodyAndTlvLength(Pdu pdu)
    {
        if (OmitsBody(pdu))
        {
            return 0;
        }

        return pdu.GetBodyLength() + (pdu.TlvsOrNull?.WireLength ?? 0);
    }

    private static bool OmitsBody(Pdu pdu) => pdu.CommandStatus != CommandStatus.Ok && pdu.OmitBodyOnError;

    private static void WriteSized(Pdu pdu, Span<byte> destination, int length)
    {
        new PduHeader((uint)length, (uint)pdu.CommandId, (uint)pdu.CommandStatus, pdu.SequenceNumber).Write(destination);
        if (OmitsBody(pdu))
        {
            return;
        }

        var writer = new PduBodyWriter(destination[PduHeader.Size..length]);
        pdu.WriteBody(ref writer);
        if (pdu.TlvsOrNull is { Count: > 0 } tlvs)
        {
            foreach (Tlv tlv in tlvs)
            {
                writer.WriteUInt16(tlv.Tag);
                writer.WriteUInt16((ushort)tlv.Value.Length);
                writer.WriteOctets(tlv.Value.Span);
            }
        }
    }

    private static uint ReadCommandLength(in ReadOnlySequence<byte> buffer)
    {
        ReadOnlySpan<byte> first = buffer.FirstSpan;
        if (first.Length >= 4)
        {
            return BinaryPrimitives.ReadUInt32BigEndian(first);
        }

        Span<byte> four = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(four);
        return BinaryPrimitives.ReadUInt32BigEndian(four);
    }

    private static DecodeStatus DecodeFrame(ReadOnlySpan<byte> frame, PduCodecOptions options,
        out Pdu? pdu, out SmppProtocolException? error)
    {
        PduHeader header = PduHeader.Read(frame);
        pdu = Create(header.CommandId);
        if (pdu is null)
        {
            error = new SmppProtocolException(CommandStatus.InvalidCommandId,
                $"command_id 0x{header.CommandId:X8} is not an SMPP 3.4 command", header.CommandId, header.SequenceNumber);
            return DecodeStatus.ProtocolError;
        }

        pdu.CommandStatus = (CommandStatus)header.CommandStatus;
        pdu.SequenceNumber = header.SequenceNumber;
        var reader = new PduBodyReader(frame[PduHeader.Size..]);

        // An error response may come header-only (SMPP 3.4 §3.2.5); every other body is read in full.
        bool bodyAbsent = pdu.IsResponse && header.CommandStatus != 0 && reader.Remaining == 0;
        if (!bodyAbsent)
        {
            pdu.ReadBody(ref reader);
            if (!reader.Failed && reader.Remaining > 0)
            {
                ReadTlvs(ref reader, pdu, options);
            }
        }

        if (reader.Failed)
        {
            error = new SmppProtocolException(reader.ErrorStatus,
                $"{pdu.CommandId}: {reader.ErrorMessage}", header.CommandId, header.SequenceNumber);
            pdu = null;
            return DecodeStatus.ProtocolError;
        }

        error = null;
        return DecodeStatus.Pdu;
    }

    /// <summary>
    /// Reads the optional parameters after the mandatory body (SMPP 3.4 §3.2.4). The whole TLV region is copied once
    /// and each value is a slice of it, so a PDU with TLVs costs one extra array, not one per TLV.
    /// <code>
    /// +-----------+-----------+-----------------+
    /// | tag (u16) | len (u16) | value (len)     |  repeated to the end of the PDU
    /// +-----------+-----------+-----------------+
    /// </code>
    /// </summary>
    private static void ReadTlvs(ref PduBodyReader reader, Pdu pdu, PduCodecOptions options)
    {
        ReadOnlySpan<byte> region = reader.Rest;
        int count = 0;
        int offset = 0;
        while (offset < region.Length)
        {
            if (region.Length - offset < 4)
            {
                reader.Fail(CommandStatus.InvalidOptionalParameterStream,
                    $"{region.Length - offset} stray octets after the last TLV");
                return;
            }

            ushort tag = BinaryPrimitives.ReadUInt16BigEndian(region[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(region[(offset + 2)..]);
            if (length > region.Length - offset - 4)
            {
                reader.Fail(CommandStatus.InvalidOptionalParameterStream,
                    $"TLV {TlvTags.ToSpecName(tag)} declares {length} octets but only {region.Length - offset - 4} remain");
                return;
            }

            if (options.StrictTlvLengths)
            {
                (int min, int max) = TlvTags.GetLengthRange(tag);
                if (length < min || length > max)
                {
                    reader.Fail(CommandStatus.InvalidParameterLength,
                        $"TLV {TlvTags.ToSpecName(tag)} has length {length}; SMPP 3.4 allows {min}..{max}");
                    return;
                }
            }

            offset += 4 + length;
            count++;
        }

        byte[] copy = region.ToArray();
        var tlvs = new TlvCollection(count);
        offset = 0;
        while (offset < copy.Length)
        {
            ushort tag = BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(offset));
            int length = BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(offset + 2));
            tlvs.Add(new Tlv(tag, new ReadOnlyMemory<byte>(copy, offset + 4, length)));
            offset += 4 + length;
        }

        pdu.SetTlvs(tlvs);
    }
}
