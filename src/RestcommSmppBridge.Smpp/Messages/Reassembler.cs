using System.Diagnostics;

namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>
/// Reassembles inbound long messages from their parts (smpp.md §10, P9): any arrival order, duplicates ignored,
/// incomplete messages handed back after a timeout or when memory limits are reached, never dropped silently.
/// Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// The caller strips the UDH (or reads the SAR TLVs), turns the concatenation facts into a <see cref="PartInfo"/> and
/// passes the text bytes and <c>data_coding</c>. Decoding the joined bytes is the caller's job.
/// </para>
/// <para>
/// Parts of one message may carry different <c>data_coding</c> values (a sender can encode each segment on its own).
/// Such parts are accepted rather than rejected, since rejecting would lose text the subscriber sent; the result
/// then sets <see cref="ReassemblyResult.HasMixedDataCoding"/> and lists every part with its own coding.
/// </para>
/// <para>
/// A part of a message that completed less than <see cref="ReassemblyOptions.Timeout"/> ago, with the same content as
/// the part already used, is reported as <see cref="ReassemblyStatus.Duplicate"/>: SMSCs resend a deliver_sm whose
/// deliver_sm_resp they missed, and without this memory the resent part would start a phantom message that later
/// expires as a partial copy. A sender that sends the very same text with the same reference twice within the
/// timeout therefore has the second copy treated as duplicates.
/// </para>
/// <para>
/// There is no timer: incomplete messages time out lazily inside <see cref="Add"/> (reported through
/// <see cref="ReassemblyResult.Expired"/>) and in <see cref="CollectExpired"/>, which the caller should run
/// periodically so a quiet link still releases its partial messages. No callback runs under the lock.
/// </para>
/// </remarks>
public sealed class Reassembler
{
    private static readonly IReadOnlyList<ExpiredMessage> s_noneExpired = [];
    private static readonly IReadOnlyList<ReceivedPart> s_noParts = [];

    private readonly TimeProvider _timeProvider;
    private readonly ReassemblyOptions _options;
    private readonly Lock _lock = new();

    // Incomplete messages by key, and in order of first arrival: with one timeout for all, that is also deadline
    // order, so expiry and eviction both take from the head.
    private readonly Dictionary<ReassemblyKey, Pending> _pending = [];
    private readonly LinkedList<Pending> _pendingOrder = new();
    private long _pendingBytes;

    // Recently completed messages (content hash per part) for late duplicates, oldest first, same bounds.
    private readonly Dictionary<ReassemblyKey, LinkedListNode<Completed>> _completed = [];
    private readonly LinkedList<Completed> _completedOrder = new();

    /// <summary>Creates a reassembler.</summary>
    /// <param name="timeProvider">The clock for timeouts.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative.</exception>
    public Reassembler(TimeProvider timeProvider, ReassemblyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new ReassemblyOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPendingMessages, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBytes, 1, nameof(options));
        _timeProvider = timeProvider;
        _options = options;
    }

    /// <summary>Incomplete messages currently held.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Payload octets currently held for incomplete messages.</summary>
    public long PendingBytes
    {
        get
        {
            lock (_lock)
            {
                return _pendingBytes;
            }
        }
    }

    /// <summary>Adds one inbound part.</summary>
    /// <param name="carrierId">The carrier or bind the part came from.</param>
    /// <param name="sourceAddress">The part's <c>source_addr</c>.</param>
    /// <param name="destinationAddress">The part's <c>destination_addr</c>.</param>
    /// <param name="part">Reference, total and sequence from the UDH or the SAR TLVs.</param>
    /// <param name="dataCoding">The part's <c>data_coding</c>.</param>
    /// <param name="payload">The part's text bytes, UDH stripped; copied, so the caller may reuse its buffer.</param>
    /// <returns>The outcome, plus any messages that timed out or were evicted meanwhile.</returns>
    public ReassemblyResult Add(string carrierId, string sourceAddress, string destinationAddress, PartInfo part,
        byte dataCoding, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(carrierId);
        ArgumentNullException.ThrowIfNull(sourceAddress);
        ArgumentNullException.ThrowIfNull(destinationAddress);

        string? error = Validate(part, payload.Length);
        if (error is not null)
        {
            return new ReassemblyResult(ReassemblyStatus.Invalid, 0, part.Total, null, s_noParts, 0, false, error,
                CollectExpired());
        }

        var key = new ReassemblyKey(carrierId, sourceAddress, destinationAddress, part.Reference, part.Total);
        if (part.Total == 1)
        {
            byte[] single = payload.ToArray();
            return new ReassemblyResult(ReassemblyStatus.Complete, 1, 1, single,
                [new ReceivedPart(1, dataCoding, single)], dataCoding, false, null, CollectExpired());
        }

        int contentHash = ContentHash(dataCoding, payload);
        List<(Pending Message, ExpiryReason Reason)>? gone = null;
        ReassemblyStatus status;
        Pending? finished;
        int received;
        lock (_lock)
        {
            status = AddLocked(key, part, dataCoding, payload, contentHash, ref gone, out finished, out received);
        }

        // Joining and building results happen outside the lock: the messages involved are no longer shared.
        IReadOnlyList<ExpiredMessage> expired = Build(gone);
        return finished is null
            ? new ReassemblyResult(status, received, part.Total, null, s_noParts, 0, false, null, expired)
            : Complete(finished, expired);
    }

    /// <summary>
    /// Removes and returns every incomplete message whose first part is older than
    /// <see cref="ReassemblyOptions.Timeout"/>. Call it periodically (e.g. every few seconds).
    /// </summary>
    public IReadOnlyList<ExpiredMessage> CollectExpired()
    {
        List<(Pending Message, ExpiryReason Reason)>? gone = null;
        lock (_lock)
        {
            ExpireLocked(_timeProvider.GetTimestamp(), ref gone);
        }

        return Build(gone);
    }

    private ReassemblyStatus AddLocked(ReassemblyKey key, PartInfo part, byte dataCoding, ReadOnlySpan<byte> payload,
        int contentHash, ref List<(Pending Message, ExpiryReason Reason)>? gone, out Pending? finished, out int received)
    {
        finished = null;
        long now = _timeProvider.GetTimestamp();
        ExpireLocked(now, ref gone);

        int index = part.Sequence - 1;
        if (!_pending.TryGetValue(key, out Pending? message))
        {
            if (_completed.TryGetValue(key, out LinkedListNode<Completed>? done))
            {
                if (done.Value.Hashes[index] == contentHash)
                {
                    received = part.Total;
                    return ReassemblyStatus.Duplicate;
                }

                // Different content: a new message reusing the key has begun.
                _completed.Remove(key);
                _completedOrder.Remove(done);
            }

            MakeRoomLocked(null, payload.Length, ref gone);
            message = StartLocked(key, now, dataCoding);
        }
        else if (message.Parts[index] is not null)
        {
            received = message.Received;
            return ReassemblyStatus.Duplicate;
        }
        else if (_pendingBytes + payload.Length > _options.MaxBytes && !MakeRoomLocked(message, payload.Length, ref gone))
        {
            // Only this message is left and the part still does not fit: hand back what it holds and start again
            // with this part (Validate guarantees one part fits the budget).
            RemoveLocked(message);
            (gone ??= []).Add((message, ExpiryReason.Evicted));
            message = StartLocked(key, now, dataCoding);
        }

        message.Parts[index] = payload.ToArray();
        message.DataCodings[index] = dataCoding;
        message.Hashes[index] = contentHash;
        message.Received++;
        message.Bytes += payload.Length;
        _pendingBytes += payload.Length;
        received = message.Received;
        if (received < part.Total)
        {
            return ReassemblyStatus.Incomplete;
        }

        RemoveLocked(message);
        RememberCompletedLocked(message, now);
        finished = message;
        return ReassemblyStatus.Complete;
    }

    private Pending StartLocked(ReassemblyKey key, long now, byte dataCoding)
    {
        var message = new Pending(key, now, _timeProvider.GetUtcNow(), dataCoding);
        message.Node = _pendingOrder.AddLast(message);
        _pending.Add(key, message);
        return message;
    }

    private string? Validate(PartInfo part, int payloadLength)
    {
        if (part.Total == 0)
        {
            return "The total number of parts is 0.";
        }

        if (part.Sequence == 0 || part.Sequence > part.Total)
        {
            return $"Part number {part.Sequence} is outside 1..{part.Total}.";
        }

        if (payloadLength > _options.MaxBytes)
        {
            return $"The part is {payloadLength} octets, more than the {_options.MaxBytes}-octet reassembly budget.";
        }

        return null;
    }

    private static int ContentHash(byte dataCoding, ReadOnlySpan<byte> payload)
    {
        var hash = new HashCode();
        hash.Add(dataCoding);
        hash.AddBytes(payload);
        return hash.ToHashCode();
    }

    private void ExpireLocked(long now, ref List<(Pending Message, ExpiryReason Reason)>? gone)
    {
        while (_pendingOrder.First is { } head && _timeProvider.GetElapsedTime(head.Value.FirstTimestamp, now) >= _options.Timeout)
        {
            RemoveLocked(head.Value);
            (gone ??= []).Add((head.Value, ExpiryReason.Timeout));
        }

        while (_completedOrder.First is { } done && _timeProvider.GetElapsedTime(done.Value.Timestamp, now) >= _options.Timeout)
        {
            _completed.Remove(done.Value.Key);
            _completedOrder.RemoveFirst();
        }
    }

    /// <summary>
    /// Evicts the oldest messages other than <paramref name="keep"/> until one more message (when
    /// <paramref name="keep"/> is null) and <paramref name="bytes"/> more octets fit. False when only
    /// <paramref name="keep"/> is left and the octets still do not fit.
    /// </summary>
    private bool MakeRoomLocked(Pending? keep, int bytes, ref List<(Pending Message, ExpiryReason Reason)>? gone)
    {
        int extraMessages = keep is null ? 1 : 0;
        LinkedListNode<Pending>? node = _pendingOrder.First;
        while (_pending.Count + extraMessages > _options.MaxPendingMessages || _pendingBytes + bytes > _options.MaxBytes)
        {
            if (node is null)
            {
                return false;
            }

            LinkedListNode<Pending>? next = node.Next;
            if (!ReferenceEquals(node.Value, keep))
            {
                RemoveLocked(node.Value);
                (gone ??= []).Add((node.Value, ExpiryReason.Evicted));
            }

            node = next;
        }

        return true;
    }

    private void RemoveLocked(Pending message)
    {
        _pending.Remove(message.Key);
        _pendingOrder.Remove(message.Node!);
        _pendingBytes -= message.Bytes;
    }

    private void RememberCompletedLocked(Pending message, long now)
    {
        if (_completed.Remove(message.Key, out LinkedListNode<Completed>? old))
        {
            _completedOrder.Remove(old);
        }

        if (_completed.Count >= _options.MaxPendingMessages && _completedOrder.First is { } oldest)
        {
            _completed.Remove(oldest.Value.Key);
            _completedOrder.RemoveFirst();
        }

        _completed.Add(message.Key, _completedOrder.AddLast(new Completed(message.Key, now, message.Hashes)));
    }

    private static ReassemblyResult Complete(Pending message, IReadOnlyList<ExpiredMessage> expired)
    {
        byte[] payload = new byte[message.Bytes];
        var parts = new ReceivedPart[message.Parts.Length];
        bool mixed = false;
        int offset = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            byte[] bytes = message.Parts[i]!;
            bytes.CopyTo(payload, offset);
            parts[i] = new ReceivedPart((byte)(i + 1), message.DataCodings[i],
                new ReadOnlyMemory<byte>(payload, offset, bytes.Length));
            mixed |= message.DataCodings[i] != message.FirstDataCoding;
            offset += bytes.Length;
        }

        return new ReassemblyResult(ReassemblyStatus.Complete, parts.Length, parts.Length, payload, parts,
            message.FirstDataCoding, mixed, null, expired);
    }

    private static IReadOnlyList<ExpiredMessage> Build(List<(Pending Message, ExpiryReason Reason)>? gone)
    {
        if (gone is null)
        {
            return s_noneExpired;
        }

        var expired = new ExpiredMessage[gone.Count];
        for (int i = 0; i < expired.Length; i++)
        {
            (Pending message, ExpiryReason reason) = gone[i];
            var parts = new ReceivedPart[message.Received];
            var missing = new byte[message.Parts.Length - message.Received];
            bool mixed = false;
            int p = 0;
            int m = 0;
            for (int s = 0; s < message.Parts.Length; s++)
            {
                if (message.Parts[s] is byte[] bytes)
                {
                    parts[p++] = new ReceivedPart((byte)(s + 1), message.DataCodings[s], bytes);
                    mixed |= message.DataCodings[s] != message.FirstDataCoding;
                }
                else
                {
                    missing[m++] = (byte)(s + 1);
                }
            }

            Debug.Assert(p == parts.Length && m == missing.Length, "Received count matches the stored parts.");
            expired[i] = new ExpiredMessage(message.Key, reason, message.FirstReceivedAt, message.FirstDataCoding,
                mixed, parts, missing);
        }

        return expired;
    }

    private sealed class Pending(ReassemblyKey key, long firstTimestamp, DateTimeOffset firstReceivedAt, byte firstDataCoding)
    {
        public ReassemblyKey Key { get; } = key;

        public long FirstTimestamp { get; } = firstTimestamp;

        public DateTimeOffset FirstReceivedAt { get; } = firstReceivedAt;

        public byte FirstDataCoding { get; } = firstDataCoding;

        public byte[]?[] Parts { get; } = new byte[key.Total][];

        public byte[] DataCodings { get; } = new byte[key.Total];

        public int[] Hashes { get; } = new int[key.Total];

        public int Received { get; set; }

        public int Bytes { get; set; }

        public LinkedListNode<Pending>? Node { get; set; }
    }

    private sealed record Completed(ReassemblyKey Key, long Timestamp, int[] Hashes);
}
