namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>The outcome of <see cref="Reassembler.Add"/>.</summary>
public sealed class ReassemblyResult
{
    internal ReassemblyResult(ReassemblyStatus status, int partsReceived, int total, byte[]? payload,
        IReadOnlyList<ReceivedPart> parts, byte dataCoding, bool hasMixedDataCoding, string? error,
        IReadOnlyList<ExpiredMessage> expired)
    {
        Status = status;
        PartsReceived = partsReceived;
        Total = total;
        Payload = payload;
        Parts = parts;
        DataCoding = dataCoding;
        HasMixedDataCoding = hasMixedDataCoding;
        Error = error;
        Expired = expired;
    }

    /// <summary>What happened to the part.</summary>
    public ReassemblyStatus Status { get; }

    /// <summary>Distinct parts held for the message after this call (equal to <see cref="Total"/> when complete).</summary>
    public int PartsReceived { get; }

    /// <summary>The total number of parts the message announced.</summary>
    public int Total { get; }

    /// <summary>
    /// When <see cref="Status"/> is <see cref="ReassemblyStatus.Complete"/>: the parts' payloads concatenated in
    /// sequence order; otherwise null. When <see cref="HasMixedDataCoding"/> is true, decode
    /// <see cref="Parts"/> one by one instead.
    /// </summary>
    public byte[]? Payload { get; }

    /// <summary>When complete: each part in sequence order (slices of <see cref="Payload"/>); otherwise empty.</summary>
    public IReadOnlyList<ReceivedPart> Parts { get; }

    /// <summary>When complete: the <c>data_coding</c> of the first part that arrived; otherwise 0.</summary>
    public byte DataCoding { get; }

    /// <summary>When complete: true if the parts do not all share one <c>data_coding</c>.</summary>
    public bool HasMixedDataCoding { get; }

    /// <summary>Why the part was rejected when <see cref="Status"/> is <see cref="ReassemblyStatus.Invalid"/>; otherwise null.</summary>
    public string? Error { get; }

    /// <summary>
    /// Incomplete messages that left during this call, timed out or evicted to stay within the limits. Always
    /// handle these (see <see cref="ExpiredMessage"/>); usually empty.
    /// </summary>
    public IReadOnlyList<ExpiredMessage> Expired { get; }
}
