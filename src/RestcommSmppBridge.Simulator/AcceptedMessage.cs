using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Simulator;

/// <summary>How an accepted part said it belongs to a long message.</summary>
public enum ConcatenationKind
{
    /// <summary>A message on its own.</summary>
    None,

    /// <summary>UDH concatenation IE, 8-bit reference.</summary>
    Udh8,

    /// <summary>UDH concatenation IE, 16-bit reference.</summary>
    Udh16,

    /// <summary>SAR TLVs.</summary>
    Sar,

    /// <summary>The whole text in message_payload.</summary>
    Payload,
}

/// <summary>One submit_sm or data_sm the simulator accepted (answered with a message id).</summary>
public sealed record AcceptedMessage
{
    /// <summary>Position in acceptance order, from 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>The id sent in the response.</summary>
    public required string MessageId { get; init; }

    /// <summary>The same id as written in receipts (may differ in format).</summary>
    public required string ReceiptMessageId { get; init; }

    /// <summary>submit_sm or data_sm.</summary>
    public required CommandId CommandId { get; init; }

    /// <summary>system_id of the submitting bind.</summary>
    public required string SystemId { get; init; }

    /// <summary>Session name (for telling binds apart).</summary>
    public required string SessionName { get; init; }

    /// <summary>source_addr.</summary>
    public required string Source { get; init; }

    /// <summary>destination_addr.</summary>
    public required string Destination { get; init; }

    /// <summary>The part's text, decoded by data_coding (UDH removed).</summary>
    public required string Text { get; init; }

    /// <summary>data_coding.</summary>
    public required byte DataCoding { get; init; }

    /// <summary>esm_class.</summary>
    public required byte EsmClass { get; init; }

    /// <summary>registered_delivery.</summary>
    public required byte RegisteredDelivery { get; init; }

    /// <summary>UDH, SAR, payload or none.</summary>
    public required ConcatenationKind Concatenation { get; init; }

    /// <summary>Reference, total and sequence for a part of a long message; null for a message on its own.</summary>
    public PartInfo? Part { get; init; }

    /// <summary>When it was accepted (simulator time).</summary>
    public required DateTimeOffset AcceptedAt { get; init; }
}

/// <summary>
/// The accepted messages, newest last, bounded: past <see cref="Capacity"/> the oldest are dropped (and counted), so
/// a soak run cannot exhaust memory (smpp.md P11).
/// </summary>
public sealed class AcceptedMessageLog
{
    private readonly object _lock = new();
    private readonly AcceptedMessage?[] _ring;
    private int _next;
    private long _total;

    internal AcceptedMessageLog(int capacity)
    {
        _ring = new AcceptedMessage?[capacity];
    }

    /// <summary>How many are kept at most.</summary>
    public int Capacity => _ring.Length;

    /// <summary>How many were ever accepted.</summary>
    public long TotalAccepted => Interlocked.Read(ref _total);

    /// <summary>How many were dropped from the log to respect the capacity.</summary>
    public long Evicted => Math.Max(0, TotalAccepted - Capacity);

    /// <summary>The kept messages, oldest first.</summary>
    public IReadOnlyList<AcceptedMessage> Snapshot()
    {
        lock (_lock)
        {
            int count = (int)Math.Min(_total, _ring.Length);
            var items = new List<AcceptedMessage>(count);
            int start = count < _ring.Length ? 0 : _next;
            for (int i = 0; i < count; i++)
            {
                items.Add(_ring[(start + i) % _ring.Length]!);
            }

            return items;
        }
    }

    /// <summary>Finds a kept message by its response id.</summary>
    public AcceptedMessage? Find(string messageId)
    {
        foreach (AcceptedMessage message in Snapshot())
        {
            if (string.Equals(message.MessageId, messageId, StringComparison.Ordinal))
            {
                return message;
            }
        }

        return null;
    }

    internal void Add(Func<long, AcceptedMessage> create)
    {
        lock (_lock)
        {
            long sequence = _total + 1;
            _ring[_next] = create(sequence);
            _next = (_next + 1) % _ring.Length;
            Interlocked.Increment(ref _total);
        }
    }
}
