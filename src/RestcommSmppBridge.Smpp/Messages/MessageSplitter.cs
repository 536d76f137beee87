namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>
/// Splits an already-encoded payload into SMS-sized parts (smpp.md §10, GSM 03.40 §9.2.3.24.1). Text encoding is the
/// caller's job; this type counts septets, octets or UTF-16 units and never cuts a GSM escape pair, a UCS-2 unit or
/// a UTF-16 surrogate pair.
/// </summary>
/// <remarks>
/// Limits, in units of the <see cref="PayloadKind"/>:
/// <code>
///                  one part   UDH 8-bit ref   UDH 16-bit ref   SAR TLVs
/// Gsm7Septets        160          153              152            153
/// EightBit           140          134              133            134
/// Ucs2                70           67               66             67
/// </code>
/// SAR parts carry no UDH in the PDU, yet they get the 8-bit-reference UDH sizes: the SMSC turns the SAR TLVs into
/// a concatenation UDH on the air interface (GSM 03.40 user data is 140 octets including the UDH), so a part of 160
/// septets would not fit once the SMSC adds the 6-octet header.
/// </remarks>
public static class MessageSplitter
{
    /// <summary>The most parts a message can have: the concatenation IE and <c>sar_total_segments</c> are one octet.</summary>
    public const int MaxParts = 255;

    /// <summary>The most octets <c>message_payload</c> can carry: its TLV length field is 16 bits (SMPP 3.4 §5.3.2.32).</summary>
    public const int MaxMessagePayloadOctets = ushort.MaxValue;

    private const byte GsmEscape = 0x1B;

    /// <summary>Units (septets, octets or UTF-16 units) that fit in a message sent as one part.</summary>
    /// <param name="kind">How the payload is counted.</param>
    /// <param name="mode">The long-message mode; <see cref="LongMessageMode.MessagePayload"/> fits the whole TLV.</param>
    public static int SinglePartCapacity(PayloadKind kind, LongMessageMode mode)
    {
        ValidateMode(mode);
        if (mode == LongMessageMode.MessagePayload)
        {
            return MaxMessagePayloadOctets / BytesPerUnit(kind);
        }

        return kind switch
        {
            PayloadKind.Gsm7Septets => 160,
            PayloadKind.EightBit => 140,
            _ => 70,
        };
    }

    /// <summary>Units (septets, octets or UTF-16 units) in each part of a multipart message.</summary>
    /// <param name="kind">How the payload is counted.</param>
    /// <param name="mode">The long-message mode; <see cref="LongMessageMode.MessagePayload"/> never splits.</param>
    public static int PartCapacity(PayloadKind kind, LongMessageMode mode)
    {
        int bytesPerUnit = BytesPerUnit(kind);
        ValidateMode(mode);
        return mode switch
        {
            LongMessageMode.MessagePayload => MaxMessagePayloadOctets / bytesPerUnit,

            // 16-bit reference UDH is 7 octets: 133 octets left, 152 septets (133 * 8 / 7 = 152), 66 units.
            LongMessageMode.UdhConcat16 => kind switch
            {
                PayloadKind.Gsm7Septets => 152,
                PayloadKind.EightBit => 133,
                _ => 66,
            },

            // 8-bit reference UDH is 6 octets: 134 octets left, 153 septets (134 * 8 / 7 = 153), 67 units.
            _ => kind switch
            {
                PayloadKind.Gsm7Septets => 153,
                PayloadKind.EightBit => 134,
                _ => 67,
            },
        };
    }

    /// <summary>
    /// Parts needed for <paramref name="units"/> units, assuming no boundary has to move back. A GSM escape pair or a
    /// surrogate pair that straddles a boundary can add one part; <see cref="CountParts(ReadOnlySpan{byte}, PayloadKind, LongMessageMode)"/>
    /// gives the exact count for a payload. In <see cref="LongMessageMode.MessagePayload"/> mode a result above 1
    /// means the payload does not fit.
    /// </summary>
    /// <param name="units">Septets (unpacked GSM octets, escapes counting 2), octets, or UTF-16 units.</param>
    /// <param name="kind">How the payload is counted.</param>
    /// <param name="mode">The long-message mode.</param>
    /// <returns>The part count; may exceed <see cref="MaxParts"/>, in which case the message cannot be sent.</returns>
    public static int CountParts(int units, PayloadKind kind, LongMessageMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        if (units <= SinglePartCapacity(kind, mode))
        {
            return 1;
        }

        int perPart = PartCapacity(kind, mode);
        return (int)(((long)units + perPart - 1) / perPart);
    }

    /// <summary>Exact parts <see cref="Split(ReadOnlyMemory{byte}, PayloadKind, LongMessageMode, ushort)"/> would produce for this payload.</summary>
    /// <param name="payload">The encoded payload.</param>
    /// <param name="kind">How the payload is counted.</param>
    /// <param name="mode">The long-message mode.</param>
    /// <returns>
    /// The part count; may exceed <see cref="MaxParts"/>. In <see cref="LongMessageMode.MessagePayload"/> mode a
    /// result above 1 means the payload does not fit.
    /// </returns>
    /// <exception cref="ArgumentException">A UCS-2 payload has an odd length.</exception>
    public static int CountParts(ReadOnlySpan<byte> payload, PayloadKind kind, LongMessageMode mode)
    {
        ValidatePayload(payload, kind);
        if (mode == LongMessageMode.MessagePayload)
        {
            return CountParts(payload.Length / BytesPerUnit(kind), kind, mode);
        }

        if (payload.Length <= SinglePartCapacity(kind, mode) * BytesPerUnit(kind))
        {
            return 1;
        }

        int capacity = PartCapacity(kind, mode) * BytesPerUnit(kind);
        int count = 0;
        for (int start = 0; start < payload.Length; start = PartEnd(payload, start, capacity, kind))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Splits <paramref name="payload"/>, using <paramref name="allocator"/> for the reference only when the message
    /// really needs several parts (so single SMS do not use up references).
    /// </summary>
    /// <param name="payload">The encoded payload; the parts are slices of it.</param>
    /// <param name="kind">How the payload is counted.</param>
    /// <param name="mode">The long-message mode.</param>
    /// <param name="allocator">Hands out the reference for <paramref name="destination"/>.</param>
    /// <param name="destination">The destination address, as the allocator should key it.</param>
    /// <returns>The parts, or a failure when the payload cannot be sent in this mode.</returns>
    /// <exception cref="ArgumentException">A UCS-2 payload has an odd length, or an enum value is undefined.</exception>
    public static SplitResult Split(ReadOnlyMemory<byte> payload, PayloadKind kind, LongMessageMode mode,
        ConcatReferenceAllocator allocator, string destination)
    {
        ArgumentNullException.ThrowIfNull(allocator);
        ArgumentNullException.ThrowIfNull(destination);
        ValidatePayload(payload.Span, kind);
        bool multipart = mode != LongMessageMode.MessagePayload
            && payload.Length > SinglePartCapacity(kind, mode) * BytesPerUnit(kind);
        ushort reference = multipart ? allocator.NextReference(destination, mode) : (ushort)0;
        return Split(payload, kind, mode, reference);
    }

    /// <summary>Splits <paramref name="payload"/> into parts with the given concatenation reference.</summary>
    /// <param name="payload">
    /// The encoded payload: unpacked septets, octets, or UTF-16BE. The parts are slices of it, not copies.
    /// </param>
    /// <param name="kind">How the payload is counted.</param>
    /// <param name="mode">The long-message mode.</param>
    /// <param name="reference">
    /// The concatenation reference (from <see cref="ConcatReferenceAllocator"/>); at most 255 in
    /// <see cref="LongMessageMode.UdhConcat8"/> mode. Unused when the message fits one part.
    /// </param>
    /// <returns>
    /// The parts, or a failure (<see cref="SplitError.TooManyParts"/>, <see cref="SplitError.PayloadTooLarge"/>)
    /// when the payload cannot be sent in this mode.
    /// </returns>
    /// <exception cref="ArgumentException">A UCS-2 payload has an odd length, or an enum value is undefined.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An 8-bit reference above 255 for a multipart message.</exception>
    public static SplitResult Split(ReadOnlyMemory<byte> payload, PayloadKind kind, LongMessageMode mode, ushort reference)
    {
        ReadOnlySpan<byte> span = payload.Span;
        ValidatePayload(span, kind);
        ValidateMode(mode);
        if (mode == LongMessageMode.MessagePayload)
        {
            if (payload.Length > MaxMessagePayloadOctets)
            {
                return SplitResult.Failure(SplitError.PayloadTooLarge,
                    $"The message is {payload.Length} octets; message_payload holds at most {MaxMessagePayloadOctets}.");
            }

            return SplitResult.Success([new MessagePart(payload, null, null, 1, 1, mode)]);
        }

        int bytesPerUnit = BytesPerUnit(kind);
        if (payload.Length <= SinglePartCapacity(kind, mode) * bytesPerUnit)
        {
            return SplitResult.Success([new MessagePart(payload, null, null, 1, 1, mode)]);
        }

        if (mode == LongMessageMode.UdhConcat8 && reference > byte.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(reference), reference,
                "An 8-bit concatenation reference must be at most 255.");
        }

        int capacity = PartCapacity(kind, mode) * bytesPerUnit;
        Span<int> ends = stackalloc int[MaxParts];
        int count = 0;
        for (int start = 0; start < span.Length; start = ends[count - 1])
        {
            if (count == MaxParts)
            {
                int needed = CountParts(span, kind, mode);
                return SplitResult.Failure(SplitError.TooManyParts,
                    $"The message needs {needed} parts of {PartCapacity(kind, mode)} {UnitName(kind)}; at most {MaxParts} are allowed.");
            }

            ends[count++] = PartEnd(span, start, capacity, kind);
        }

        var parts = new MessagePart[count];
        int from = 0;
        for (int i = 0; i < count; i++)
        {
            byte total = (byte)count;
            byte sequence = (byte)(i + 1);
            byte[]? udh = null;
            ushort? sarReference = null;
            if (mode == LongMessageMode.SarTlv)
            {
                sarReference = reference;
            }
            else
            {
                bool sixteenBit = mode == LongMessageMode.UdhConcat16;
                udh = new byte[sixteenBit ? UserDataHeader.Concatenation16Length : UserDataHeader.Concatenation8Length];
                UserDataHeader.WriteConcatenation(udh, reference, total, sequence, sixteenBit);
            }

            parts[i] = new MessagePart(payload[from..ends[i]], udh, sarReference, total, sequence, mode);
            from = ends[i];
        }

        return SplitResult.Success(parts);
    }

    /// <summary>
    /// End (exclusive) of the part starting at <paramref name="start"/>, at most <paramref name="capacity"/> octets
    /// long, moved back so no pair is cut: a GSM 03.38 §6.2.1.1 escape (0x1B and its follower) or a UTF-16 surrogate
    /// pair (high D800–DBFF then low DC00–DFFF) moves whole into the next part.
    /// </summary>
    private static int PartEnd(ReadOnlySpan<byte> payload, int start, int capacity, PayloadKind kind)
    {
        int limit = start + capacity;
        if (limit >= payload.Length)
        {
            return payload.Length;
        }

        switch (kind)
        {
            case PayloadKind.Gsm7Septets:
                // Walk whole characters from the part start: a 0x1B that is itself an escape's follower must not
                // count as a new escape, so looking only at the octet before the limit would be wrong.
                int i = start;
                while (true)
                {
                    int step = payload[i] == GsmEscape ? 2 : 1;
                    if (i + step > limit)
                    {
                        return i;
                    }

                    i += step;
                }

            case PayloadKind.Ucs2:
                int high = (payload[limit - 2] << 8) | payload[limit - 1];
                int low = (payload[limit] << 8) | payload[limit + 1];
                bool pairCut = high is >= 0xD800 and <= 0xDBFF && low is >= 0xDC00 and <= 0xDFFF;
                return pairCut ? limit - 2 : limit;

            default:
                return limit;
        }
    }

    private static int BytesPerUnit(PayloadKind kind) => kind switch
    {
        PayloadKind.Gsm7Septets or PayloadKind.EightBit => 1,
        PayloadKind.Ucs2 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown payload kind."),
    };

    private static string UnitName(PayloadKind kind) => kind switch
    {
        PayloadKind.Gsm7Septets => "septets",
        PayloadKind.EightBit => "octets",
        _ => "UTF-16 units",
    };

    private static void ValidateMode(LongMessageMode mode)
    {
        if (mode is < LongMessageMode.UdhConcat8 or > LongMessageMode.MessagePayload)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown long-message mode.");
        }
    }

    private static void ValidatePayload(ReadOnlySpan<byte> payload, PayloadKind kind)
    {
        if (BytesPerUnit(kind) == 2 && (payload.Length & 1) != 0)
        {
            throw new ArgumentException("A UCS-2 payload must have an even number of octets.", nameof(payload));
        }
    }
}
