namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>
/// A long message that left the <see cref="Reassembler"/> without all its parts. Nothing is dropped silently: the
/// caller gets what arrived and chooses a policy.
/// </summary>
/// <remarks>
/// Recommended policy: deliver the partial text with each gap marked, e.g. <c>JoinAvailable(encoded "[…]")</c>, and
/// flag the message as partial to the application; the subscriber's words are then not lost, and the reader can see
/// where text is missing. Dropping is the alternative when a partial text would be misleading.
/// </remarks>
public sealed class ExpiredMessage
{
    internal ExpiredMessage(ReassemblyKey key, ExpiryReason reason, DateTimeOffset firstPartReceivedAt,
        byte dataCoding, bool hasMixedDataCoding, IReadOnlyList<ReceivedPart> parts, IReadOnlyList<byte> missing)
    {
        Key = key;
        Reason = reason;
        FirstPartReceivedAt = firstPartReceivedAt;
        DataCoding = dataCoding;
        HasMixedDataCoding = hasMixedDataCoding;
        Parts = parts;
        MissingSequences = missing;
    }

    /// <summary>The message's identity.</summary>
    public ReassemblyKey Key { get; }

    /// <summary>Why it left: timeout or eviction under memory limits.</summary>
    public ExpiryReason Reason { get; }

    /// <summary>When its first part arrived.</summary>
    public DateTimeOffset FirstPartReceivedAt { get; }

    /// <summary>The <c>data_coding</c> of the first part that arrived.</summary>
    public byte DataCoding { get; }

    /// <summary>True when the parts do not all share one <c>data_coding</c>: decode each part with its own.</summary>
    public bool HasMixedDataCoding { get; }

    /// <summary>The parts that arrived, in sequence order.</summary>
    public IReadOnlyList<ReceivedPart> Parts { get; }

    /// <summary>The sequence numbers that never arrived, ascending.</summary>
    public IReadOnlyList<byte> MissingSequences { get; }

    /// <summary>The total number of parts the message announced.</summary>
    public byte Total => Key.Total;

    /// <summary>
    /// The received payloads joined in sequence order, with <paramref name="gapMarker"/> in place of each missing
    /// part. The marker must be in the parts' encoding (e.g. GSM septets for data_coding 0).
    /// </summary>
    /// <param name="gapMarker">Bytes to insert for each missing part; may be empty.</param>
    public byte[] JoinAvailable(ReadOnlySpan<byte> gapMarker)
    {
        int length = gapMarker.Length * MissingSequences.Count;
        for (int i = 0; i < Parts.Count; i++)
        {
            length += Parts[i].Payload.Length;
        }

        byte[] joined = new byte[length];
        Span<byte> dest = joined;
        int next = 0;
        for (int sequence = 1; sequence <= Total; sequence++)
        {
            if (next < Parts.Count && Parts[next].Sequence == sequence)
            {
                Parts[next].Payload.Span.CopyTo(dest);
                dest = dest[Parts[next].Payload.Length..];
                next++;
            }
            else
            {
                gapMarker.CopyTo(dest);
                dest = dest[gapMarker.Length..];
            }
        }

        return joined;
    }
}
